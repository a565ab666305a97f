/*
 * The article pane: one article rendered to styled, wrapped lines with
 * its numbered links, or its translation.
 */
#ifndef TIDENDE_ARTICLE_VIEW_H
#define TIDENDE_ARTICLE_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/view.h"

struct db_item;

extern const struct view_ops article_view_ops;

void		 article_view_show(struct view *, int64_t id);
int64_t		 article_view_id(struct view *);
/* The article shown, NULL when none. */
const struct db_item *article_view_item(struct view *);
const char	*article_view_link(struct view *);
/* Link n (from 1) of the article's numbered list, NULL when none. */
const char	*article_view_link_n(struct view *, size_t n);
/* Show a translation (NULL: the original again). */
void		 article_view_set_translation(struct view *, const char *text,
		    const char *by);
int		 article_view_translated(struct view *);
/* The full text from the web page is shown (db_item.fulltext). */
int		 article_view_full_text(struct view *);
/* Show the feed's own text (1) or the full text when there is one (0). */
void		 article_view_set_feed_text(struct view *, int on);
/* Read the article again (a full text was stored); 0 when it is gone. */
int		 article_view_reload(struct view *);
/* Jump to the next/previous search match; 0 when none. */
int		 article_view_next_match(struct view *, int dir);

#endif
