/*
 * Key names ("j", "Down", "C-l", "Enter", "PgDn", "F1", "Space") and the
 * key map from keys to requests.  Default bindings are `bind` lines in the
 * built-in config, not C code.
 */
#ifndef TIDENDE_KEYS_H
#define TIDENDE_KEYS_H

#include <stddef.h>

#include "tidende/request.h"

/*
 * Key codes are curses' (wide characters and KEY_* values); -1 unknown.
 * Enter is '\n' ('\r' and KEY_ENTER are the same key), Backspace is
 * KEY_BACKSPACE (127 too), C-a..C-z are 1..26.  Alt (Meta) with a key,
 * which terminals send as Esc then the key, is the key | KEYS_META.
 */
#define KEYS_META	0x200000
int		 keys_parse(const char *name);
/* The closest key name to a misspelt one ("Dwon" -> "Down"), or NULL. */
const char	*keys_suggest(const char *name);
/* Display name of a key (static buffer). */
const char	*keys_name(int key);

void		 keys_bind(int key, enum request);
/*
 * Bind a key to a `:` command line (`bind KEY exec CMD...`, `bind KEY
 * pipe CMD...`): keys_lookup() gives REQ_NONE for it, keys_command() the
 * line (NULL for a key bound to an action or not at all).
 */
void		 keys_bind_command(int key, const char *line);
const char	*keys_command(int key);
void		 keys_unbind(int key);
void		 keys_clear(void);
enum request	 keys_lookup(int key);
/*
 * The keys bound to req, as "j, Down" (caller frees); "" when none.
 */
char		*keys_for_request(enum request);
/* Walk the map in binding order: the key, and its request in *req. */
size_t		 keys_count(void);
int		 keys_get(size_t, enum request *req);

#endif
