/*
 * The XDG base directories: $XDG_CONFIG_HOME, $XDG_DATA_HOME,
 * $XDG_STATE_HOME and $XDG_CACHE_HOME with the usual fallbacks under
 * $HOME (".config", ".local/share", ".local/state", ".cache"; "." when
 * HOME is unset or empty).  A relative $XDG_* is invalid and ignored.
 */
#ifndef TIDENDE_XDG_H
#define TIDENDE_XDG_H

/*
 * kind ("CONFIG", "DATA", "STATE", "CACHE") joined with "tidende" and
 * name, e.g. ~/.local/state/tidende/log; creates the directories (mode
 * 0700).  Caller frees.  A bad kind is a programming error (fatal).
 */
char	*xdg_path(const char *kind, const char *name);
/* The same path without creating anything (for files that may not exist). */
char	*xdg_find(const char *kind, const char *name);

#endif
