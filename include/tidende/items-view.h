/*
 * The article list: a window of rows from the store around the
 * selection, paged by the view engine (view-page.h), in aligned columns.
 */
#ifndef TIDENDE_ITEMS_VIEW_H
#define TIDENDE_ITEMS_VIEW_H

#include <stdint.h>

#include "tidende/view.h"

struct db_row;

extern const struct view_ops items_view_ops;

/* What the article list shows. */
struct items_spec {
	int		 kind;		/* enum db_view */
	int64_t		 feed_id;
	const char	*tag;
	const char	*search;
	const char	*label;		/* for the title line, e.g. feed title */
	int		 unread_only;
	int		 by_relevance;
	int		 prefix_last;	/* search being typed: last word is a prefix */
};
void		 items_view_set(struct view *, const struct items_spec *);
/* The selected article's id, -1 when none. */
int64_t		 items_view_selected(struct view *);
/* The selected row (NULL when none); valid until the next redraw. */
const struct db_row *items_view_row(struct view *);
/* What the list shows now (strings owned by the view). */
void		 items_view_spec(struct view *, struct items_spec *);
const char	*items_view_search(struct view *);
/* Error from the last search (mistyped query), or NULL. */
const char	*items_view_error(struct view *);
void		 items_view_toggle_unread(struct view *);
void		 items_view_toggle_sort(struct view *);
/* Move to the next/previous unread (dir 1 / -1); 0 when none. */
int		 items_view_next_unread(struct view *, int dir);
void		 items_view_counts(struct view *, int64_t *total,
		    int64_t *unread);

#endif
