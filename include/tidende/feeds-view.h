/*
 * The sidebar: feeds with unread counts and errors, tags and saved
 * searches.
 */
#ifndef TIDENDE_FEEDS_VIEW_H
#define TIDENDE_FEEDS_VIEW_H

#include "tidende/view.h"

extern const struct view_ops feeds_view_ops;

/* Re-read feeds, tags and saved searches. */
void		 feeds_view_reload(struct view *);
/* The selected feed's URL (or NULL, and *tag the selected tag's name);
 * both NULL when neither is selected.  Caller frees. */
char		*feeds_view_selected(struct view *, char **tag);

#endif
