/*
 * The view engine: a view is a table of operations plus private state.
 * The engine moves the selection, scrolls, keeps dirty marks and draws
 * the visible lines through draw_line(); a view only knows its own rows.
 * Views hold a window of rows from the store, never the whole cache.
 *
 * A view sees the rest of the program only through its struct view_env:
 * the cache, the configuration, the search terms to highlight and the few
 * things it may ask of the interface (a status message, showing a list,
 * opening an article).  No view includes ui.h.
 */
#ifndef TIDENDE_VIEW_H
#define TIDENDE_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/buf.h"
#include "tidende/draw.h"
#include "tidende/request.h"

struct config;
struct db;
struct items_spec;
struct view;

/*
 * What a view may use and ask for: filled in by the interface, which
 * keeps the data fields current.  Views call the functions through the
 * view_*() helpers below.
 */
struct view_env {
	struct db	*db;		/* the open cache, or NULL */
	struct config	*config;
	char		**terms;	/* highlight terms of the active search */
	size_t		 nterms;

	void		*arg;		/* the interface, for the functions */
	/* A status line message (error: shown as an error). */
	void		(*message)(void *, int error, const char *text);
	/* Point the article list at a spec and focus it. */
	void		(*show_items)(void *, const struct items_spec *);
	/* Show an article in the article pane (marks it read). */
	void		(*open_article)(void *, int64_t id);
	/* 1 when the view has the focus. */
	int		(*focused)(void *, const struct view *);
	/* 1 while a refresh runs. */
	int		(*refreshing)(void *);
	/* The title line needs drawing again (counts changed). */
	void		(*title_changed)(void *);
};

/* view_ops flags */
#define VIEW_PAGER	0x1	/* no selection: moving scrolls the text */
#define VIEW_FULL	0x2	/* takes every pane while focused (help) */

struct view_ops {
	const char	*name;
	int		 flags;
	size_t		 private_size;
	/* Set up private state (zeroed) and fetch the first rows. */
	void		(*open)(struct view *);
	/* The store moved (db_generation changed): fetch again. */
	void		(*refresh)(struct view *);
	/* About to draw offset..offset+height and the selection. */
	void		(*prepare)(struct view *);
	/* Draw line `line` at window row `row`. */
	void		(*draw_line)(struct view *, size_t line, int row,
			    int selected);
	/* A request the engine did not handle; returns REQ_NONE when done. */
	enum request	(*request)(struct view *, enum request);
	/* The selection moved to `line`. */
	void		(*select)(struct view *, size_t line);
	/* The title line text for this view. */
	void		(*title)(struct view *, struct buf *);
	/* What to say when there are no lines (may be NULL). */
	const char	*(*empty)(struct view *);
	void		(*done)(struct view *);
};

struct view {
	const struct view_ops *ops;
	void		*priv;
	struct view_env	*env;
	struct draw_area area;		/* window and place, from display */
	size_t		 lines;		/* number of lines (may be estimated) */
	size_t		 offset;	/* first visible line */
	size_t		 lineno;	/* selected line */
	int		 dirty;
	struct view	*parent;	/* `back` returns here */
};

struct view	*view_new(struct view_env *, const struct view_ops *);
void		 view_free(struct view *);
/* Mark for redrawing at the end of the loop pass. */
void		 view_dirty(struct view *);
/* Moving and scrolling; returns REQ_NONE when handled. */
enum request	 view_move(struct view *, enum request);
/* Select line (clamped) and scroll it into view. */
void		 view_select(struct view *, size_t line);
/* Make sure offset shows lineno after a size or line-count change. */
void		 view_clamp(struct view *);
/* Draw every visible line (curses, from display/draw only). */
void		 view_draw(struct view *, int focused);

/* What a view asks of the interface (through its view_env). */
void		 view_message(struct view *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 view_error(struct view *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 view_show_items(struct view *, const struct items_spec *);
void		 view_open_article(struct view *, int64_t id);
int		 view_focused(const struct view *);
int		 view_refreshing(const struct view *);
void		 view_title_changed(struct view *);

#endif
