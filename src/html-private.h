/*
 * The article renderer's internals, shared by html.c (the tree walk,
 * links, tables), html-wrap.c (blocks to wrapped, prefixed lines) and
 * html-article.c (the whole article).  Not an interface to other areas.
 */
#ifndef TIDENDE_HTML_PRIVATE_H
#define TIDENDE_HTML_PRIVATE_H

#include <stddef.h>

#include "tidende/buf.h"
#include "tidende/html.h"

#define HTML_NOWRAP	((size_t)-1)

enum html_kind {
	K_INLINE,	/* attributes only */
	K_DROP,		/* the element and everything in it */
	K_BLOCK,	/* a line break before and after */
	K_PARA,		/* a blank line before and after */
	K_HEADING,
	K_LIST,
	K_ITEM,
	K_QUOTE,
	K_PRE,
	K_BR,
	K_HR,
	K_IMG,
	K_LINK,
	K_TABLE,
	K_ROW,
	K_CELL,
	K_DT,
	K_DD,
	K_Q,
};

/* A prefix for the lines of a quote or list item. */
struct html_frame {
	char		*first;		/* first line (list marker) */
	char		*cont;		/* following lines */
	int		 attr;
	int		 used;		/* first line emitted */
};

/* Links already numbered, by raw href and by resolved URL. */
#define HTML_LTAB_SIZE	1024
struct html_lent {
	char		*key;
	int		 num;
	struct html_lent *next;
};
struct html_ltab {
	struct html_lent *b[HTML_LTAB_SIZE];
};

/* One open element, for its closing. */
struct html_open {
	enum html_kind	 kind;
	int		 saved_attr;
	size_t		 saved_frames;
	int		 link;		/* K_LINK: its number, 0 none */
	size_t		 link_start;	/* offset of its text in the block */
	unsigned	 link_flushes;
	int		 counter;	/* K_LIST: next item number; K_ROW: cells */
	int		 ordered;
};

struct html_r {
	size_t		 width;		/* HTML_NOWRAP: never wrap */
	int		 oneline;	/* html_to_text(): no blocks */
	int		 cell;		/* a table cell: one line, with links */
	const char	*base;

	struct rendered	*out;
	size_t		 lines_cap;
	size_t		 links_cap;
	struct html_ltab *ltab;		/* link lookup, shared with cells */
	int		 own_ltab;

	struct buf	 text;		/* the current block */
	int		*attrs;		/* one per byte of text */
	size_t		 attrs_cap;
	int		 attr;
	int		 space;		/* white space seen, not yet added */
	int		 pre;
	unsigned	 flushes;

	int		 blank;		/* a blank line before the next text */
	int		 last_blank;

	struct html_frame *frames;
	size_t		 nframes;
	size_t		 frames_cap;

	struct html_open *open;
	size_t		 nopen;
	size_t		 open_cap;
};

/* html-wrap.c */
struct html_line *html_wrap_new_line(struct html_r *r);
void	 html_wrap_blank_line(struct html_r *r);
void	 html_wrap_emit(struct html_r *r, size_t start, size_t end);
size_t	 html_wrap_avail(struct html_r *r);
void	 html_wrap_block(struct html_r *r);
void	 html_wrap_flush(struct html_r *r);
void	 html_wrap_para(struct html_r *r);
void	 html_wrap_add_raw(struct html_r *r, const char *s, size_t len, int attr);
void	 html_wrap_add_text(struct html_r *r, const char *s, size_t len);
void	 html_wrap_add_word(struct html_r *r, const char *s);
void	 html_wrap_line_break(struct html_r *r);

#endif
