/*
 * The `:` and `/` prompts on the status line: line editing, the search
 * history ($XDG_STATE_HOME/tidende/search-history).
 */
#ifndef TIDENDE_PROMPT_H
#define TIDENDE_PROMPT_H

#include <stddef.h>

#include "tidende/buf.h"

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
	/* The search's scope, "in feed X" (owned), which Tab toggles. */
	char		*scope_label;
	int		 scope_on;
};

/* What a key did to the prompt. */
enum prompt_event {
	PROMPT_UNUSED,		/* no prompt is open */
	PROMPT_USED,		/* nothing to show */
	PROMPT_MOVED,		/* the cursor moved */
	PROMPT_CHANGED,		/* the text changed */
	PROMPT_SCOPE,		/* Tab in a search: toggle the scope */
	PROMPT_ACCEPTED,	/* Enter: the line is in text, kind is NONE */
	PROMPT_CANCELLED,	/* Esc: kind is NONE */
};

void		 prompt_init(struct prompt *);
void		 prompt_free(struct prompt *);
void		 prompt_open(struct prompt *, enum prompt_kind,
		    const char *initial);
/* A key while the prompt is open: what it did. */
enum prompt_event prompt_key(struct prompt *, int key, int is_function);
/* Draw the prompt on the status line text (display.c calls it). */
const char	*prompt_text(struct prompt *, int cols, size_t *cursor_cols);
/* Search history in $XDG_STATE_HOME/tidende/search-history. */
void		 prompt_history_load(void);
/*
 * Why the history could not be read or saved since the last call (one
 * line naming the file; caller frees), or NULL: for the status line.
 */
char		*prompt_history_error(void);
void		 prompt_history_free(void);

#endif
