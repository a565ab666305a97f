/*
 * Drawing text into a window: width-correct (CJK and emoji at their real
 * width, cut with an ellipsis), in the colour elements `color` lines set,
 * with an ASCII fallback and search matches highlighted.  Knows windows,
 * not views: the view engine and the display draw through it.
 */
#ifndef TIDENDE_DRAW_H
#define TIDENDE_DRAW_H

#include <stddef.h>

/* A window and where it is on the screen (set by the display). */
struct draw_area {
	void		*win;		/* WINDOW *, owned by display */
	int		 x, y, width, height;
};

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
int		 draw_text(const struct draw_area *, int row, int x, const char *s,
		    int cols, enum draw_element, int extra_attr);
/* Same, cut with an ellipsis and padded to exactly `cols` columns. */
int		 draw_field(const struct draw_area *, int row, int x, const char *s,
		    int cols, enum draw_element, int extra_attr);
/* Text with search matches (terms) highlighted. */
int		 draw_matches(const struct draw_area *, int row, int x, const char *s,
		    int cols, enum draw_element, int extra_attr,
		    char *const *terms, size_t nterms);
/* Clear from x to the end of the row, in the element's colours. */
void		 draw_clear(const struct draw_area *, int row, int x, enum draw_element,
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

#endif
