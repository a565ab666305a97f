#!/bin/sh
# The interface speaks the reader's language: messages come from po/nb.po
# and po/nn.po under nb_NO.UTF-8 and nn_NO.UTF-8, LANGUAGE picks among
# translations as gettext does, and the shape scripts read stays
# (`tidende: COMMAND: WHAT: WHY`, the usage line).
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/locale/i18n-lib.sh"
plan 12

err=$(nb "$TIDENDE" -c /dev/null list --nosuch 2>&1 >/dev/null)
is "nb: a usage error exits 64" "$?" 64
like "nb: the reason is in Bokmål, the prefix unchanged" "$err" \
    '^tidende: list: --nosuch: ukjent valg$'
err=$(nn "$TIDENDE" -c /dev/null list --nosuch 2>&1 >/dev/null)
like "nn: the reason is in Nynorsk" "$err" '^tidende: list: --nosuch: ukjent val$'
err=$(en "$TIDENDE" -c /dev/null list --nosuch 2>&1 >/dev/null)
like "C.UTF-8: English" "$err" '^tidende: list: --nosuch: unknown option$'
err=$(nb env LANGUAGE=nn:nb "$TIDENDE" -c /dev/null list --nosuch 2>&1 >/dev/null)
like "LANGUAGE=nn:nb under nb_NO: Nynorsk first" "$err" ': ukjent val$'
err=$(en env LC_ALL=C LANG=C LANGUAGE=nb "$TIDENDE" -c /dev/null list --nosuch 2>&1 >/dev/null)
like "LANGUAGE under the C locale stays English, as gettext does" "$err" \
    ': unknown option$'
err=$(nb "$TIDENDE" -c /dev/null list -Q 2>&1 >/dev/null)
like "nb: a short option's reason translated too" "$err" '^tidende: list: -Q: ukjent valg$'
err=$(env TZ=UTC LOCPATH="$T/loc" LC_ALL=nb_NO.UTF-8 TIDENDE_LOCALEDIR="$T/none" \
    LSAN_OPTIONS="suppressions=$T/lsan.supp:print_suppressions=0" \
    "$TIDENDE" -c /dev/null list --nosuch 2>&1 >/dev/null)
like "no catalog installed: English, nothing breaks" "$err" ': unknown option$'

# `check` tells a damaged cache (65) from one it cannot read (1) by the
# reason, not by the English words of the message
head -c 4096 /dev/urandom > "$T/junk.db"
err=$(nb "$TIDENDE" -d "$T/junk.db" check 2>&1 >/dev/null)
is "nb: check on a file that is no database exits 65" "$?" 65
like "... saying so in Bokmål" "$err" 'junk\.db: mellomlageret er skadet'
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE t(x)"); c.commit()' "$T/other.db"
err=$(nn "$TIDENDE" -d "$T/other.db" check 2>&1 >/dev/null)
is "nn: check on another program's SQLite file exits 65" "$?" 65
err=$(nb "$TIDENDE" -d "$T/missing.db" check 2>&1 >/dev/null)
is "nb: check on a missing cache exits 1" "$?" 1
finish
