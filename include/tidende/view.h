/*
 * The view engine: a view is a table of operations plus private state.
 * The engine moves the selection, scrolls, keeps dirty marks and draws
 * the visible lines through draw_line(); a view only knows its own rows.
 * Views hold a window of rows from the store, never the whole cache.
 */
#ifndef TIDENDE_VIEW_H
#define TIDENDE_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/buf.h"
#include "tidende/request.h"

struct db_item;
struct db_row;

struct view;
struct ui;

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
	struct ui	*ui;
	void		*win;		/* WINDOW *, owned by display */
	int		 x, y, width, height;
	size_t		 lines;		/* number of lines (may be estimated) */
	size_t		 offset;	/* first visible line */
	size_t		 lineno;	/* selected line */
	int		 dirty;
	struct view	*parent;	/* `back` returns here */
};

struct view	*view_new(struct ui *, const struct view_ops *);
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

/* ------------------------------------------------------------ the views */

extern const struct view_ops items_view_ops;
extern const struct view_ops article_view_ops;
extern const struct view_ops feeds_view_ops;
extern const struct view_ops help_view_ops;
extern const struct view_ops errors_view_ops;

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
/* Jump to the next/previous search match; 0 when none. */
int		 article_view_next_match(struct view *, int dir);

/* Re-read feeds, tags and saved searches. */
void		 feeds_view_reload(struct view *);
/* The selected feed's URL (or NULL, and *tag the selected tag's name);
 * both NULL when neither is selected.  Caller frees. */
char		*feeds_view_selected(struct view *, char **tag);

/* -------------------------------------------------------------- drawing */

/* Colour and attribute elements, set with `color ELEMENT FG BG [ATTR]`. */
#define DRAW_ELEMENTS(_) \
	_(DEFAULT, "default") \
	_(TITLE, "title") \
	_(STATUS, "status") \
	_(SELECTED, "selected") \
	_(UNREAD, "unread") \
	_(DATE, "date") \
	_(FEED, "feed") \
	_(MARK, "mark") \
	_(SEPARATOR, "separator") \
	_(HEADER, "header") \
	_(HEADING, "heading") \
	_(LINK, "link") \
	_(QUOTE, "quote") \
	_(CODE, "code") \
	_(MATCH, "match") \
	_(ERROR, "error") \
	_(COUNT, "count") \
	_(SIDEBAR, "sidebar") \
	_(GROUP, "group") \
	_(TAG, "tag") \
	_(PROMPT, "prompt")

enum draw_element {
#define DRAW_ENUM(id, name) DRAW_##id,
	DRAW_ELEMENTS(DRAW_ENUM)
#undef DRAW_ENUM
	DRAW__COUNT
};

/* Draw text at (row, x) in at most `cols` columns; returns columns used. */
int		 draw_text(struct view *, int row, int x, const char *s,
		    int cols, enum draw_element, int extra_attr);
/* Same, cut with an ellipsis and padded to exactly `cols` columns. */
int		 draw_field(struct view *, int row, int x, const char *s,
		    int cols, enum draw_element, int extra_attr);
/* Text with search matches (terms) highlighted. */
int		 draw_matches(struct view *, int row, int x, const char *s,
		    int cols, enum draw_element, int extra_attr,
		    char *const *terms, size_t nterms);
/* Clear from x to the end of the row, in the element's colours. */
void		 draw_clear(struct view *, int row, int x, enum draw_element,
		    int extra_attr);
int		 draw_attr(enum draw_element);
/* 1 when drawing in ASCII (the locale is not UTF-8). */
int		 draw_ascii(void);
/* Colour set-up once curses is up (colors: use colour pairs). */
void		 draw_init(int colors, int ascii);
void		 draw_prepare_styles(void);
void		 draw_reset_styles(void);
void		 draw_set_style(enum draw_element, short fg, short bg, int attr);
/* By name ("title"); -1 when unknown. */
int		 draw_find_element(const char *);

/*
 * Find matches of any term in s (case-insensitive, letters compared
 * folded); fills starts/lens up to max, returns the count.
 */
size_t		 match_find(const char *s, char *const *terms, size_t nterms,
		    size_t *starts, size_t *lens, size_t max);
/* The words of a search query worth highlighting (caller frees). */
char		**match_terms(const char *query, size_t *n);
void		 match_terms_free(char **, size_t);

#endif
