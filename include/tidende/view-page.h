/*
 * Paging for views over long lists in the store: a view holds a window of
 * rows around what is on screen, fetched a page at a time with keyset
 * queries (the view supplies fetch()), asked for again when it scrolls
 * past the window and reloaded around the selection when the store's
 * generation moves.  Line numbers above the window are estimates until
 * the list's start or end is read, then exact.
 */
#ifndef TIDENDE_VIEW_PAGE_H
#define TIDENDE_VIEW_PAGE_H

#include <stddef.h>
#include <stdint.h>

struct view;

#define VIEW_PAGE_ROWS	64	/* rows asked for at a time, at least */
#define VIEW_PAGE_MAX	1024	/* rows held at most */

struct view_page_ops {
	size_t	 row_size;
	/*
	 * Up to limit rows after the row `from` (backwards: before it; from
	 * NULL: from the start, backwards from the end).  Returns the count
	 * and the rows in *rows (an allocated array of row_size elements
	 * that the page takes over).  On an error, returns 0 after telling
	 * the page with view_page_fail().
	 */
	size_t	(*fetch)(struct view *, const void *from, int backwards,
		    size_t limit, void **rows);
	/* Free what one row holds, not the row itself. */
	void	(*clear)(void *row);
	/* A row's identity, to keep the selection on it across reloads. */
	int64_t	(*id)(const void *row);
};

struct view_page {
	const struct view_page_ops *ops;
	char		*rows;
	size_t		 nrows;
	size_t		 base;		/* line number of rows[0] */
	int		 at_end;	/* rows reach the end of the list */
	int64_t		 total;		/* rows in the list, counted by the view */
	int		 failed;	/* a fetch or count failed: ask no more */
};

void		 view_page_init(struct view_page *, const struct view_page_ops *);
/* Drop every row held (the list is read again from the position). */
void		 view_page_clear(struct view_page *);
/* Stop fetching after an error (0: fetch again). */
void		 view_page_fail(struct view_page *, int failed);
/* The row at line, NULL when it is not held. */
void		*view_page_row(struct view_page *, size_t line);
/* Hold the rows on screen and the selection, fetching what is missing;
 * called before drawing and before using the selected row. */
void		 view_page_fill(struct view *, struct view_page *);
/*
 * The store moved (total counted again): fetch again around the
 * position, keeping the selection on its row and its screen line.
 */
void		 view_page_reload(struct view *, struct view_page *);
/* Hold rows up to line hi (forward) or from line lo (backward). */
void		 view_page_extend_forward(struct view *, struct view_page *,
		    size_t hi);
void		 view_page_extend_backward(struct view *, struct view_page *,
		    size_t lo);

#endif
