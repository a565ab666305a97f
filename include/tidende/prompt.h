/*
 * The `:` and `/` prompts on the status line: line editing, the search
 * history ($XDG_STATE_HOME/tidende/search-history).
 */
#ifndef TIDENDE_PROMPT_H
#define TIDENDE_PROMPT_H

#include <stddef.h>

#include "tidende/buf.h"

struct ui;

enum prompt_kind {
	PROMPT_NONE,
	PROMPT_COMMAND,		/* `:` */
	PROMPT_SEARCH,		/* `/` */
};

struct prompt {
	enum prompt_kind kind;
	struct buf	 text;
	size_t		 cursor;	/* byte offset */
	size_t		 hpos;		/* == history length: the new line */
	char		*saved;		/* the line being typed while browsing */
	struct buf	 shown;		/* what prompt_text() returned */
};

void		 prompt_init(struct prompt *);
void		 prompt_free(struct prompt *);
void		 prompt_open(struct ui *, enum prompt_kind, const char *initial);
/* A key while the prompt is open; returns 1 when it was used. */
int		 prompt_key(struct ui *, int key, int is_function);
/* Draw the prompt on the status line text (display.c calls it). */
const char	*prompt_text(struct ui *, size_t *cursor_cols);
/* Search history in $XDG_STATE_HOME/tidende/search-history. */
void		 prompt_history_load(void);
void		 prompt_history_free(void);

#endif
