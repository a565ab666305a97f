/*
 * Words of a line by the config's quoting rules: white space separates,
 * double quotes group (also inside a word: key="a b"), a backslash takes
 * the next character as it is.  The config file, `:` commands, COMMAND
 * options and exec: feeds all split lines this way.  Also the edit
 * distance behind every "did you mean" suggestion.
 */
#ifndef TIDENDE_WORDS_H
#define TIDENDE_WORDS_H

#include <stddef.h>

#include "tidende/status.h"

/* One word of a line, as the config parser needs it. */
struct words_token {
	char		*s;		/* unquoted, unescaped */
	int		 quoted;	/* began with a double quote */
	size_t		 key;		/* unquoted "key=": its length + 1 */
	const char	*raw;		/* where it starts in the line */
};

/*
 * Split a line into tokens.  With comments, `#` at the start of a word
 * begins a comment, and *end (when not NULL) is where the text before it
 * ends.  STATUS_BAD_CONFIG with *cause (caller frees) on an unbalanced
 * quote or a backslash at the end.  Free with words_tokens_free().
 */
enum status	 words_tokenize(const char *line, int comments,
		    struct words_token **, size_t *n, const char **end,
		    char **cause);
void		 words_tokens_free(struct words_token *, size_t n);

/*
 * A line as argv words: NULL-terminated, *n (when not NULL) words; free
 * with words_free().  NULL on an unbalanced quote.
 */
char		**words_split(const char *line, size_t *n);
void		 words_free(char **);

/* Edit distance between two short names; 99 when either is long. */
unsigned	 words_distance(const char *, const char *);

#endif
