/*
 * Drawing helpers for the views and the display, into a struct draw_area:
 * width-correct text (CJK and emoji at their real width, cut with an
 * ellipsis), colour elements from `color` lines, an ASCII fallback, and
 * search-match highlighting (the matches come from match.c).  Text is
 * cleaned again here, whatever its source, so nothing reaches the
 * terminal raw.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "tidende/draw.h"
#include "tidende/match.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

struct draw_style {
	short	 fg;
	short	 bg;
	int	 attr;
};

static struct draw_style draw_styles[DRAW__COUNT];
static int draw_use_colors;
static int draw_is_ascii;

/* Defaults: fg, bg (-1: terminal default), attributes. */
static const struct draw_style draw_defaults[DRAW__COUNT] = {
	[DRAW_DEFAULT] =	{ -1, -1, A_NORMAL },
	[DRAW_TITLE] =		{ COLOR_WHITE, COLOR_BLUE, A_BOLD },
	[DRAW_STATUS] =		{ -1, -1, A_NORMAL },
	[DRAW_SELECTED] =	{ -1, -1, A_REVERSE },
	[DRAW_UNREAD] =		{ -1, -1, A_BOLD },
	[DRAW_DATE] =		{ COLOR_CYAN, -1, A_NORMAL },
	[DRAW_FEED] =		{ COLOR_GREEN, -1, A_NORMAL },
	[DRAW_MARK] =		{ COLOR_YELLOW, -1, A_BOLD },
	[DRAW_SEPARATOR] =	{ COLOR_BLUE, -1, A_NORMAL },
	[DRAW_HEADER] =		{ -1, -1, A_BOLD },
	[DRAW_HEADING] =	{ COLOR_YELLOW, -1, A_BOLD },
	[DRAW_LINK] =		{ COLOR_BLUE, -1, A_UNDERLINE },
	[DRAW_QUOTE] =		{ COLOR_CYAN, -1, A_NORMAL },
	[DRAW_CODE] =		{ COLOR_GREEN, -1, A_NORMAL },
	[DRAW_MATCH] =		{ COLOR_BLACK, COLOR_YELLOW, A_BOLD },
	[DRAW_ERROR] =		{ COLOR_RED, -1, A_BOLD },
	[DRAW_COUNT] =		{ COLOR_YELLOW, -1, A_NORMAL },
	[DRAW_SIDEBAR] =	{ -1, -1, A_NORMAL },
	[DRAW_GROUP] =		{ COLOR_MAGENTA, -1, A_BOLD },
	[DRAW_TAG] =		{ COLOR_CYAN, -1, A_NORMAL },
	[DRAW_PROMPT] =		{ -1, -1, A_NORMAL },
};

/* Attributes alone, for NO_COLOR and monochrome terminals. */
static const int draw_mono[DRAW__COUNT] = {
	[DRAW_TITLE] = A_REVERSE | A_BOLD,
	[DRAW_SELECTED] = A_REVERSE,
	[DRAW_UNREAD] = A_BOLD,
	[DRAW_MARK] = A_BOLD,
	[DRAW_HEADER] = A_BOLD,
	[DRAW_HEADING] = A_BOLD,
	[DRAW_LINK] = A_UNDERLINE,
	[DRAW_MATCH] = A_BOLD | A_UNDERLINE,
	[DRAW_ERROR] = A_BOLD,
	[DRAW_GROUP] = A_BOLD,
};

static int draw_user_set[DRAW__COUNT];

void
draw_reset_styles(void)
{
	memcpy(draw_styles, draw_defaults, sizeof draw_styles);
	memset(draw_user_set, 0, sizeof draw_user_set);
}

void
draw_set_style(enum draw_element el, short fg, short bg, int attr)
{
	if (el >= DRAW__COUNT)
		return;
	draw_styles[el].fg = fg;
	draw_styles[el].bg = bg;
	draw_styles[el].attr = attr;
	draw_user_set[el] = 1;
	if (draw_use_colors)
		init_pair(el + 1, fg, bg);
}

void
draw_init(int colors, int ascii)
{
	static int styles_ready;
	int i;

	if (!styles_ready) {
		draw_reset_styles();
		styles_ready = 1;
	}
	draw_use_colors = colors;
	draw_is_ascii = ascii;
	if (!colors)
		return;
	for (i = 0; i < DRAW__COUNT; i++)
		init_pair(i + 1, draw_styles[i].fg, draw_styles[i].bg);
}

/* Before curses is up (config lines) the table must exist too. */
void
draw_prepare_styles(void)
{
	static int done;

	if (!done) {
		draw_reset_styles();
		done = 1;
	}
}

int
draw_ascii(void)
{
	return draw_is_ascii;
}

int
draw_attr(enum draw_element el)
{
	if (el >= DRAW__COUNT)
		el = DRAW_DEFAULT;
	if (!draw_use_colors)
		return draw_user_set[el] ? draw_styles[el].attr : draw_mono[el];
	return COLOR_PAIR(el + 1) | draw_styles[el].attr;
}

/*
 * Put at most cols columns of s at the window's cursor; returns the
 * columns used.  Controls are dropped; in ASCII mode other characters
 * become '?' (one per column).
 */
static int
draw_put(WINDOW *w, const char *s, size_t len, int cols)
{
	wchar_t wbuf[256];
	size_t i = 0, n;
	uint32_t cp;
	int used = 0, cw, nw = 0;

	while (i < len && s[i] != '\0') {
		n = utf8_decode(s + i, len - i, &cp);
		i += n;
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			continue;
		cw = utf8_cp_width(cp);
		if (used + cw > cols)
			break;
		if (draw_is_ascii && cp >= 0x80) {
			if (cw == 0)
				continue;
			while (cw-- > 0) {
				wbuf[nw++] = L'?';
				used++;
				if (nw == 255) {
					waddnwstr(w, wbuf, nw);
					nw = 0;
				}
			}
			continue;
		}
		/* A combining mark cannot start a line: skip it there. */
		if (cw == 0 && used == 0 && nw == 0)
			continue;
		wbuf[nw++] = (wchar_t)cp;
		used += cw;
		if (nw >= 250) {
			waddnwstr(w, wbuf, nw);
			nw = 0;
		}
	}
	if (nw > 0)
		waddnwstr(w, wbuf, nw);
	return used;
}

/* Whether s holds a control character (C0, DEL or C1) at all. */
static int
draw_has_controls(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 &&
		    p[1] >= 0x80 && p[1] < 0xa0))
			return 1;
		/* invisible, separators, bidi (a cache made before) */
		else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x8b ||
		    p[2] == 0x8d || p[2] == 0x8e || p[2] == 0x8f ||
		    (p[2] >= 0xa8 && p[2] <= 0xae)))
			return 1;
		else if ((p[0] == 0xe2 && p[1] == 0x81 && (p[2] == 0xa0 ||
		    (p[2] >= 0xa6 && p[2] <= 0xa9))) || (p[0] == 0xef &&
		    p[1] == 0xbb && p[2] == 0xbf))
			return 1;
	return 0;
}

int
draw_text(const struct draw_area *v, int row, int x, const char *s, int cols,
    enum draw_element el, int extra)
{
	WINDOW *w = v->win;
	char *clean = NULL;
	int used;

	if (s == NULL || cols <= 0 || x >= v->width)
		return 0;
	if (x + cols > v->width)
		cols = v->width - x;
	/* Text from the store is clean; anything else is cleaned here,
	 * whole escape sequences and all. */
	if (draw_has_controls(s))
		s = clean = utf8_clean(s, strlen(s), UTF8_COLLAPSE_SPACE);
	wmove(w, row, x);
	wattrset(w, draw_attr(el) | extra);
	used = draw_put(w, s, strlen(s), cols);
	wattrset(w, A_NORMAL);
	free(clean);
	return used;
}

int
draw_field(const struct draw_area *v, int row, int x, const char *s, int cols,
    enum draw_element el, int extra)
{
	char *cut, *clean = NULL;
	int used;

	if (cols <= 0)
		return 0;
	if (s != NULL && draw_has_controls(s))
		s = clean = utf8_clean(s, strlen(s), UTF8_COLLAPSE_SPACE);
	cut = utf8_truncate(s != NULL ? s : "", (size_t)cols, draw_is_ascii);
	free(clean);
	used = draw_text(v, row, x, cut, cols, el, extra);
	free(cut);
	if (used < cols && x + used < v->width) {
		wattrset((WINDOW *)v->win, draw_attr(el) | extra);
		mvwhline((WINDOW *)v->win, row, x + used, ' ',
		    cols - used > v->width - x - used ? v->width - x - used :
		    cols - used);
		wattrset((WINDOW *)v->win, A_NORMAL);
	}
	return cols;
}

void
draw_clear(const struct draw_area *v, int row, int x, enum draw_element el, int extra)
{
	if (x >= v->width)
		return;
	wattrset((WINDOW *)v->win, draw_attr(el) | extra);
	mvwhline((WINDOW *)v->win, row, x, ' ', v->width - x);
	wattrset((WINDOW *)v->win, A_NORMAL);
}

int
draw_matches(const struct draw_area *v, int row, int x, const char *s, int cols,
    enum draw_element el, int extra, char *const *terms, size_t nterms)
{
	size_t starts[64], lens[64], n, i, pos = 0;
	WINDOW *w = v->win;
	char *cut, *clean = NULL;
	int used = 0;

	if (s == NULL || cols <= 0)
		return 0;
	if (draw_has_controls(s))
		s = clean = utf8_clean(s, strlen(s), UTF8_COLLAPSE_SPACE);
	cut = utf8_truncate(s, (size_t)cols, draw_is_ascii);
	free(clean);
	n = match_find(cut, terms, nterms, starts, lens, 64);
	if (x + cols > v->width)
		cols = v->width - x;
	wmove(w, row, x);
	for (i = 0; i <= n && used < cols; i++) {
		size_t end = i < n ? starts[i] : strlen(cut);

		if (end > pos) {
			wattrset(w, draw_attr(el) | extra);
			used += draw_put(w, cut + pos, end - pos, cols - used);
		}
		if (i < n) {
			wattrset(w, draw_attr(DRAW_MATCH));
			used += draw_put(w, cut + starts[i], lens[i],
			    cols - used);
			pos = starts[i] + lens[i];
		}
	}
	wattrset(w, A_NORMAL);
	free(cut);
	return used;
}

int
draw_find_element(const char *name)
{
	static const char *names[] = {
#define DRAW_NAME(id, name) name,
		DRAW_ELEMENTS(DRAW_NAME)
#undef DRAW_NAME
	};
	int i;

	for (i = 0; i < DRAW__COUNT; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}
