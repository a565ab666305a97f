# fish completion for tidende(1).  Commands and their options come from
# `tidende --help` and `tidende CMD --help`; config options, feed URLs and
# tags from `tidende complete` (the cache of the -c/-d on the line).

# tidende with the line's -c/-d, quiet.
function __tidende_run
    set -l tok (commandline -opc)
    set -l g
    set -l n (count $tok)
    for i in (seq 2 (math $n - 1))
        switch $tok[$i]
            case -c --config -d --db
                set -a g $tok[$i] $tok[(math $i + 1)]
        end
    end
    command tidende $g $argv 2>/dev/null
end

# The command on the line, if any.
function __tidende_cmd
    set -l tok (commandline -opc)
    set -l skip 0
    for w in $tok[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case -c --config -d --db
                set skip 1
            case '-*'
            case '*'
                echo $w
                return 0
        end
    end
    return 1
end

function __tidende_prev_is
    set -l tok (commandline -opc)
    contains -- "$tok[-1]" $argv
end

function __tidende_commands
    command tidende --help 2>/dev/null |
        sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\).*/\1/p'
end

function __tidende_cmd_options
    set -l cmd (__tidende_cmd)
    or return
    command tidende $cmd --help 2>/dev/null | string match -ar -- '--[a-z][a-z-]*' | sort -u
end

function __tidende_wants_option
    __tidende_cmd >/dev/null
    and not __tidende_prev_is --feed --tag set --format --sort --base --width --limit
    and string match -q -- '-*' (commandline -ct)
end

function __tidende_wants_file
    set -l cmd (__tidende_cmd)
    and contains -- $cmd parse import-opml
    and not string match -q -- '-*' (commandline -ct)
end

complete -c tidende -f
complete -c tidende -n 'not __tidende_cmd' -a '(__tidende_commands)'
complete -c tidende -n 'not __tidende_cmd' -s c -l config -r -F -d 'config file'
complete -c tidende -n 'not __tidende_cmd' -s d -l db -r -F -d 'cache database'
complete -c tidende -n 'not __tidende_cmd' -s v -l verbose -d 'write a debug log'
complete -c tidende -n 'not __tidende_cmd' -s q -l quiet -d 'no progress output'
complete -c tidende -n 'not __tidende_cmd' -s h -l help -d usage
complete -c tidende -n 'not __tidende_cmd' -s V -l version -d version
complete -c tidende -n '__tidende_cmd | string match -q help' -a '(__tidende_commands)'
complete -c tidende -n __tidende_wants_file -F
complete -c tidende -n __tidende_wants_option -a '(__tidende_cmd_options)'
complete -c tidende -n '__tidende_prev_is --feed' -x -a '(__tidende_run complete feeds)'
complete -c tidende -n '__tidende_prev_is --tag' -x -a '(__tidende_run complete tags)'
complete -c tidende -n '__tidende_prev_is set' -x -a '(__tidende_run complete options)'
complete -c tidende -n '__tidende_prev_is --format' -x -a 'text tsv json'
complete -c tidende -n '__tidende_prev_is --sort' -x -a 'relevance date'
