/*
 * Curses set-up and tear-down, the pane layout (beside, above, one at a
 * time), the title and status lines, key and mouse input, resizing,
 * suspending, colours from `color` lines and OSC 52.  Drawing happens
 * only in display_update(): every window staged, one doupdate().
 */
#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "tidende/i18n.h"
#include "tidende/config.h"
#include "tidende/draw.h"
#include "tidende/options.h"
#include "tidende/display.h"
#include "tidende/prompt.h"
#include "tidende/utf8.h"
#include "tidende/view.h"
#include "tidende/xmalloc.h"

static int display_up;
static int display_has_colors;
static WINDOW *title_win;
static WINDOW *status_win;
/* Keys are read from a pad: wget_wch never refreshes a pad, so reading
 * can never paint a half-made screen. */
static WINDOW *input_win;
static struct draw_area title_view, status_view;
static int display_mouse_on = -1;

/* Pane rectangles of the last layout, for separators and mouse. */
static struct {
	int	 shown;
	int	 x, y, w, h;
} display_rect[DISPLAY__PANES];

static void
display_die(void)
{
	display_done();
}

void
display_size(int *cols, int *rows)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
	    ws.ws_row > 0) {
		*cols = ws.ws_col;
		*rows = ws.ws_row;
		return;
	}
	*cols = COLS;
	*rows = LINES;
}

static int
display_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);
}

static void
display_set_mouse(void)
{
	int on = options_bool(OPT_MOUSE);

	if (on == display_mouse_on)
		return;
	display_mouse_on = on;
	if (on)
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED |
		    BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	else
		mousemask(0, NULL);
	mouseinterval(0);
}

static int	display_term_check(char **);

int
display_init(struct display *d, const struct config *cfg, char **cause)
{
	const char *nc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*cause = xstrdup(_("the terminal interface needs a terminal "
		    "(try 'tidende list' or 'tidende --help')"));
		return -1;
	}
	if (display_term_check(cause) != 0)
		return -1;
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	if (newterm(NULL, stdout, stdin) == NULL) {
		*cause = xasprintf(_("cannot use terminal type '%s'"),
		    getenv("TERM") != NULL ? getenv("TERM") : _("(unset)"));
		return -1;
	}
	display_up = 1;
	xmalloc_set_die_callback(display_die);
	cbreak();
	noecho();
	nonl();
	input_win = newpad(1, 1);
	keypad(input_win, TRUE);
	nodelay(input_win, TRUE);
	intrflush(input_win, FALSE);
	curs_set(0);
	leaveok(stdscr, TRUE);
	nc = getenv("NO_COLOR");
	display_has_colors = has_colors() && (nc == NULL || *nc == '\0');
	if (display_has_colors) {
		start_color();
		use_default_colors();
	}
	draw_prepare_styles();
	display_config_colors(cfg);
	draw_init(display_has_colors, !display_locale_utf8());
	display_set_mouse();
	display_size(&d->cols, &d->rows);
	if (d->cols != COLS || d->rows != LINES)
		resizeterm(d->rows, d->cols);
	title_view.height = status_view.height = 1;
	display_layout(d);
	return 0;
}

void
display_done(void)
{
	if (!display_up)
		return;
	display_up = 0;
	if (display_mouse_on > 0)
		mousemask(0, NULL);
	curs_set(1);
	endwin();
	fflush(stdout);
}

/* ------------------------------------------------------------- layout */

static enum display_layout
display_choose_layout(struct display *d)
{
	const char *l = options_str(OPT_LAYOUT);

	if (strcmp(l, "horizontal") == 0)
		return DISPLAY_LAYOUT_HORIZONTAL;
	if (strcmp(l, "vertical") == 0)
		return DISPLAY_LAYOUT_VERTICAL;
	if (strcmp(l, "single") == 0)
		return DISPLAY_LAYOUT_SINGLE;
	if (d->cols < 60 || d->rows < 20)
		return DISPLAY_LAYOUT_SINGLE;
	if (d->cols >= 120)
		return DISPLAY_LAYOUT_HORIZONTAL;
	return DISPLAY_LAYOUT_VERTICAL;
}

static void	display_hide(struct display *, enum display_pane);

static void
display_place(struct display *d, enum display_pane p, int x, int y, int w, int h)
{
	struct view *v = d->pane[p];

	/* newwin() takes 0 as "to the edge": never ask for an empty pane. */
	if (w < 1 || h < 1) {
		display_hide(d, p);
		return;
	}
	display_rect[p].shown = 1;
	display_rect[p].x = x;
	display_rect[p].y = y;
	display_rect[p].w = w;
	display_rect[p].h = h;
	if (v == NULL)
		return;
	if (v->area.win != NULL)
		delwin(v->area.win);
	v->area.win = newwin(h, w, y, x);
	v->area.x = x;
	v->area.y = y;
	v->area.width = w;
	v->area.height = h;
	v->dirty = 1;
	view_clamp(v);
}

static void
display_hide(struct display *d, enum display_pane p)
{
	struct view *v = d->pane[p];

	display_rect[p].shown = 0;
	if (v != NULL && v->area.win != NULL) {
		delwin(v->area.win);
		v->area.win = NULL;
	}
}

/* Separators are drawn on stdscr, which no pane covers. */
static void
display_vsep(int x, int y, int h)
{
	attrset(draw_attr(DRAW_SEPARATOR));
	if (draw_ascii())
		mvvline(y, x, '|', h);
	else
		mvvline_set(y, x, WACS_VLINE, h);
	attrset(A_NORMAL);
}

static void
display_hsep(int x, int y, int w)
{
	attrset(draw_attr(DRAW_SEPARATOR));
	if (draw_ascii())
		mvhline(y, x, '-', w);
	else
		mvhline_set(y, x, WACS_HLINE, w);
	attrset(A_NORMAL);
}

void
display_layout(struct display *d)
{
	struct view *list = d->pane[DISPLAY_LIST];
	int top = 1, h = d->rows - 2, x = 0, w = d->cols, sw, lw, lh;
	int article, sidebar;
	enum display_pane p;

	if (!display_up)
		return;
	d->layout = display_choose_layout(d);
	d->relayout = 0;
	d->redraw_all = 1;
	erase();
	if (h < 1)
		h = 1;
	if (title_win != NULL)
		delwin(title_win);
	if (status_win != NULL)
		delwin(status_win);
	title_win = newwin(1, d->cols, 0, 0);
	status_win = newwin(1, d->cols, d->rows - 1, 0);
	title_view.win = title_win;
	status_view.win = status_win;
	title_view.width = status_view.width = d->cols;

	article = d->pane[DISPLAY_ARTICLE] != NULL;
	sidebar = d->sidebar && d->pane[DISPLAY_SIDEBAR] != NULL;
	if (d->focus == DISPLAY_ARTICLE && !article)
		d->focus = DISPLAY_LIST;
	if (d->focus == DISPLAY_SIDEBAR && !sidebar)
		d->focus = DISPLAY_LIST;

	/* One pane: single layout, or a full-screen view (help). */
	if (d->layout == DISPLAY_LAYOUT_SINGLE || (list != NULL &&
	    (list->ops->flags & VIEW_FULL) && d->focus == DISPLAY_LIST)) {
		for (p = 0; p < DISPLAY__PANES; p++)
			if (p != d->focus)
				display_hide(d, p);
		display_place(d, d->focus, 0, top, d->cols, h);
		return;
	}

	if (sidebar) {
		sw = (int)options_int(OPT_SIDEBAR_WIDTH);
		if (sw > d->cols / 3)
			sw = d->cols / 3;
		if (sw < 10)
			sw = 10;
		display_place(d, DISPLAY_SIDEBAR, 0, top, sw, h);
		display_vsep(sw, top, h);
		x = sw + 1;
		w = d->cols - x;
	} else
		display_hide(d, DISPLAY_SIDEBAR);
	if (!article) {
		display_place(d, DISPLAY_LIST, x, top, w, h);
		display_hide(d, DISPLAY_ARTICLE);
		return;
	}
	if (d->layout == DISPLAY_LAYOUT_HORIZONTAL) {
		lw = w * 2 / 5;
		if (lw < 30)
			lw = w / 2;
		display_place(d, DISPLAY_LIST, x, top, lw, h);
		display_vsep(x + lw, top, h);
		display_place(d, DISPLAY_ARTICLE, x + lw + 1, top, w - lw - 1, h);
	} else {
		lh = h / 3;
		if (lh < 3)
			lh = 3;
		if (lh > h - 4)
			lh = h / 2;
		display_place(d, DISPLAY_LIST, x, top, w, lh);
		display_hsep(x, top + lh, w);
		display_place(d, DISPLAY_ARTICLE, x, top + lh + 1, w,
		    h - lh - 1);
	}
}

void
display_resize(struct display *d)
{
	if (!display_up)
		return;
	display_size(&d->cols, &d->rows);
	resizeterm(d->rows, d->cols);
	display_layout(d);
}

/* --------------------------------------------------------------- drawing */

static void
display_draw_title(struct display *d)
{
	struct view *v = d->pane[d->focus];
	struct buf b = BUF_INIT;
	char right[64];
	int used, rw;

	if (v == NULL)
		v = d->pane[DISPLAY_LIST];
	buf_adds(&b, " tidende");
	if (v != NULL && v->ops->title != NULL) {
		buf_adds(&b, draw_ascii() ? " - " : " \xe2\x80\x94 ");
		v->ops->title(v, &b);
	}
	right[0] = '\0';
	if (v != NULL && v->lines > 0 && !(v->ops->flags & VIEW_PAGER))
		snprintf(right, sizeof right, "%zu/%zu ", v->lineno + 1,
		    v->lines);
	else if (v != NULL && v->lines > 0) {
		size_t end = v->offset + (size_t)v->area.height;

		snprintf(right, sizeof right, "%zu%% ", end >= v->lines ?
		    (size_t)100 : end * 100 / v->lines);
	}
	rw = (int)strlen(right);
	werase(title_win);
	draw_clear(&title_view, 0, 0, DRAW_TITLE, 0);
	used = draw_field(&title_view, 0, 0, buf_str(&b), d->cols - rw - 1,
	    DRAW_TITLE, 0);
	(void)used;
	draw_text(&title_view, 0, d->cols - rw, right, rw, DRAW_TITLE, 0);
	buf_free(&b);
	wnoutrefresh(title_win);
}

static void
display_draw_status(struct display *d)
{
	/* TRANSLATORS: the hint at the right of the status line; keep it
	   short and the trailing space. */
	const char *help = _("? help ");
	const char *text;
	size_t ccols = 0;
	int hw = (int)utf8_width(help), w = d->cols, mw = w - hw - 1, sw;

	werase(status_win);
	draw_clear(&status_view, 0, 0, DRAW_STATUS, 0);
	if (d->prompt->kind != PROMPT_NONE) {
		text = prompt_text(d->prompt, d->cols, &ccols);
		draw_clear(&status_view, 0, 0, DRAW_PROMPT, 0);
		draw_text(&status_view, 0, 0, text, w - 1, DRAW_PROMPT, 0);
		wmove(status_win, 0, ccols < (size_t)w ? (int)ccols : w - 1);
		wnoutrefresh(status_win);
		return;
	}
	/* The sync state stays on the right, before the help hint; the
	 * message has the rest (all of it on a narrow screen). */
	if (d->sync_line != NULL && w > hw + 40) {
		sw = (int)utf8_width(d->sync_line);
		if (sw > (w - hw) / 2)
			sw = (w - hw) / 2;
		draw_field(&status_view, 0, w - hw - sw - 1, d->sync_line, sw,
		    DRAW_STATUS, A_DIM);
		mw = w - hw - sw - 2;
	}
	if (d->message != NULL)
		draw_field(&status_view, 0, 0, d->message, mw,
		    d->message_error ? DRAW_ERROR : DRAW_STATUS, 0);
	if (w > hw + 10)
		draw_text(&status_view, 0, w - hw, help, hw, DRAW_STATUS,
		    A_DIM);
	wnoutrefresh(status_win);
}

void
display_update(struct display *d)
{
	struct view *sel = NULL;
	enum display_pane p;
	int any = 0;

	if (!display_up)
		return;
	if (d->relayout)
		display_layout(d);
	display_set_mouse();
	if (d->redraw_all) {
		wnoutrefresh(stdscr);
		d->title_dirty = d->status_dirty = 1;
	}
	for (p = 0; p < DISPLAY__PANES; p++) {
		struct view *v = d->pane[p];

		if (v == NULL || v->area.win == NULL)
			continue;
		if (v->dirty || d->redraw_all) {
			view_draw(v, p == d->focus);
			wnoutrefresh(v->area.win);
			any = 1;
		}
		if (p == d->focus)
			sel = v;
	}
	if (any)
		d->title_dirty = 1;
	if (d->title_dirty)
		display_draw_title(d);
	if (d->status_dirty || d->prompt->kind != PROMPT_NONE)
		display_draw_status(d);
	d->redraw_all = d->title_dirty = d->status_dirty = 0;

	if (d->prompt->kind != PROMPT_NONE) {
		curs_set(1);
		leaveok(status_win, FALSE);
		wnoutrefresh(status_win);
	} else if (options_bool(OPT_CURSOR_ON_SELECTION) && sel != NULL &&
	    sel->area.win != NULL) {
		/* Screen readers follow the cursor: put it on the selection. */
		curs_set(1);
		leaveok(sel->area.win, FALSE);
		wmove(sel->area.win, sel->lineno >= sel->offset ?
		    (int)(sel->lineno - sel->offset) : 0, 0);
		wnoutrefresh(sel->area.win);
	} else
		curs_set(0);
	doupdate();
}

/* ----------------------------------------------------------------- input */

void
display_read_keys(struct display *d)
{
	MEVENT me;
	wint_t wc;
	int r, n = 0, cols, rows;

	while (!d->quit && n++ < 256 && (r = wget_wch(input_win, &wc)) != ERR) {
		if (r == KEY_CODE_YES && wc == KEY_RESIZE) {
			/* resizeterm() queues this itself: only a real change
			 * counts, or it would feed itself forever. */
			display_size(&cols, &rows);
			if (cols != d->cols || rows != d->rows)
				display_resize(d);
			continue;
		}
		if (r == KEY_CODE_YES && wc == KEY_MOUSE) {
			if (getmouse(&me) != OK)
				continue;
			if (me.bstate & BUTTON4_PRESSED)
				d->mouse(d->arg, me.x, me.y, -1);
			else if (me.bstate & BUTTON5_PRESSED)
				d->mouse(d->arg, me.x, me.y, 1);
			else if (me.bstate & (BUTTON1_CLICKED |
			    BUTTON1_PRESSED))
				d->mouse(d->arg, me.x, me.y, 0);
			continue;
		}
		d->key(d->arg, (int)wc, r == KEY_CODE_YES);
	}
}

/* Which pane is at screen (x, y); -1 when none. */
int
display_pane_at(int x, int y, int *row)
{
	enum display_pane p;

	for (p = 0; p < DISPLAY__PANES; p++) {
		if (!display_rect[p].shown)
			continue;
		if (x >= display_rect[p].x && x < display_rect[p].x +
		    display_rect[p].w && y >= display_rect[p].y &&
		    y < display_rect[p].y + display_rect[p].h) {
			*row = y - display_rect[p].y;
			return (int)p;
		}
	}
	return -1;
}

void
display_suspend(struct display *d)
{
	struct sigaction sa, old;

	if (!display_up)
		return;
	endwin();
	fflush(stdout);
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &sa, &old);
	kill(getpid(), SIGTSTP);
	/* Stopped here until SIGCONT. */
	sigaction(SIGTSTP, &old, NULL);
	display_resume(d);
}

void
display_pause(void)
{
	if (display_up) {
		endwin();
		fflush(stdout);
	}
}

void
display_resume(struct display *d)
{
	if (!display_up)
		return;
	reset_prog_mode();
	clearok(curscr, TRUE);
	display_size(&d->cols, &d->rows);
	resizeterm(d->rows, d->cols);
	display_layout(d);
}

/* --------------------------------------------------------------- OSC 52 */

void
display_osc52(const char *text)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *s = (const unsigned char *)text;
	size_t len = strlen(text), i;
	struct buf b = BUF_INIT;
	unsigned v;

	buf_adds(&b, "\033]52;c;");
	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
		buf_addc(&b, b64[v >> 18 & 63]);
		buf_addc(&b, b64[v >> 12 & 63]);
		buf_addc(&b, b64[v >> 6 & 63]);
		buf_addc(&b, b64[v & 63]);
	}
	if (len - i == 1) {
		v = (unsigned)s[i] << 16;
		buf_addc(&b, b64[v >> 18 & 63]);
		buf_addc(&b, b64[v >> 12 & 63]);
		buf_adds(&b, "==");
	} else if (len - i == 2) {
		v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8;
		buf_addc(&b, b64[v >> 18 & 63]);
		buf_addc(&b, b64[v >> 12 & 63]);
		buf_addc(&b, b64[v >> 6 & 63]);
		buf_addc(&b, '=');
	}
	buf_adds(&b, "\a");
	fflush(stdout);
	if (write(STDOUT_FILENO, b.s, b.len) == -1) {
		/* Nothing to do: the terminal went away. */
	}
	buf_free(&b);
}

/* --------------------------------------------------------------- colours */

static int
display_parse_color(const char *s, short *out)
{
	static const char *names[] = { "black", "red", "green", "yellow",
	    "blue", "magenta", "cyan", "white" };
	char *end;
	long n;
	int i;

	if (strcmp(s, "default") == 0) {
		*out = -1;
		return 0;
	}
	for (i = 0; i < 8; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (short)i;
			return 0;
		}
		if (strncmp(s, "bright", 6) == 0 && strcmp(s + 6 +
		    (s[6] == '-'), names[i]) == 0) {
			*out = (short)(i + 8);
			return 0;
		}
	}
	if (strncmp(s, "color", 5) == 0)
		s += 5;
	errno = 0;
	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || n < 0 || n > 255)
		return -1;
	*out = (short)n;
	return 0;
}

enum status
display_color(char *const *argv, size_t argc, char **cause)
{
	static const struct {
		const char	*name;
		int		 attr;
	} attrs[] = {
		{ "normal", A_NORMAL }, { "bold", A_BOLD }, { "dim", A_DIM },
		{ "underline", A_UNDERLINE }, { "reverse", A_REVERSE },
		{ "standout", A_STANDOUT }, { "blink", A_BLINK },
		{ "italic", A_ITALIC },
	};
	short fg, bg;
	int el, attr = 0;
	size_t i, j;

	if (argc < 3) {
		*cause = xstrdup(_("color: usage: color ELEMENT FOREGROUND "
		    "BACKGROUND [ATTRIBUTE ...]"));
		return STATUS_USAGE;
	}
	if (strcmp(argv[0], "normal") == 0)
		el = DRAW_DEFAULT;
	else if (strcmp(argv[0], "starred") == 0)
		el = DRAW_MARK;
	else
		el = draw_find_element(argv[0]);
	if (el < 0) {
		*cause = xasprintf(_("color: unknown element '%s'"), argv[0]);
		return STATUS_USAGE;
	}
	if (display_parse_color(argv[1], &fg) != 0 ||
	    display_parse_color(argv[2], &bg) != 0) {
		*cause = xasprintf(_("color: bad colour '%s'"),
		    display_parse_color(argv[1], &fg) != 0 ? argv[1] :
		    argv[2]);
		return STATUS_USAGE;
	}
	for (i = 3; i < argc; i++) {
		for (j = 0; j < sizeof attrs / sizeof attrs[0]; j++)
			if (strcmp(argv[i], attrs[j].name) == 0)
				break;
		if (j == sizeof attrs / sizeof attrs[0]) {
			*cause = xasprintf(_("color: unknown attribute '%s'"),
			    argv[i]);
			return STATUS_USAGE;
		}
		attr |= attrs[j].attr;
	}
	/* 256-colour numbers on an 8-colour terminal: fold down. */
	if (display_up && display_has_colors && COLORS <= 8) {
		if (fg >= 8)
			fg = (short)(fg % 8);
		if (bg >= 8)
			bg = (short)(bg % 8);
	}
	draw_prepare_styles();
	draw_set_style((enum draw_element)el, fg, bg, attr);
	return STATUS_OK;
}

void
display_config_colors(const struct config *cfg)
{
	static const struct {
		int	 flag;
		int	 attr;
	} attrs[] = {
		{ COLOR_ATTR_BOLD, A_BOLD }, { COLOR_ATTR_DIM, A_DIM },
		{ COLOR_ATTR_UNDERLINE, A_UNDERLINE },
		{ COLOR_ATTR_REVERSE, A_REVERSE }, { COLOR_ATTR_BLINK, A_BLINK },
		{ COLOR_ATTR_ITALIC, A_ITALIC },
		{ COLOR_ATTR_STANDOUT, A_STANDOUT },
	};
	const struct color_rule *r;
	const char *name;
	int i, el, attr;
	size_t j;
	short fg, bg;

	draw_prepare_styles();
	for (i = 0; i < COLOR_EL__COUNT; i++) {
		r = config_color(cfg, (enum color_element)i);
		if (!r->set)
			continue;
		name = config_color_name((enum color_element)i);
		if (strcmp(name, "normal") == 0)
			el = DRAW_DEFAULT;
		else if (strcmp(name, "starred") == 0)
			el = DRAW_MARK;
		else
			el = draw_find_element(name);
		if (el < 0)
			continue;
		for (attr = 0, j = 0; j < sizeof attrs / sizeof attrs[0]; j++)
			if (r->attrs & attrs[j].flag)
				attr |= attrs[j].attr;
		fg = (short)r->fg;
		bg = (short)r->bg;
		if (display_up && display_has_colors && COLORS <= 8) {
			if (fg >= 8)
				fg = (short)(fg % 8);
			if (bg >= 8)
				bg = (short)(bg % 8);
		}
		draw_set_style((enum draw_element)el, fg, bg, attr);
	}
}

#include <term.h>

/*
 * At the end of the file: <term.h> defines macros (lines, columns, ...)
 * that would clash with the code above.
 *
 * A terminal that cannot move the cursor (TERM=dumb, a hard-copy or
 * generic type) would get one garbled line from curses: refuse it first,
 * naming the commands that print plain text.  An unknown type is refused
 * here too, with the same hint.  0 when the interface can run.
 */
static int
display_term_check(char **cause)
{
	const char *term = getenv("TERM");
	char *cup;
	int err = 0, usable;

	if (term == NULL || *term == '\0')
		term = _("(unset)");
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		*cause = xasprintf(_("cannot use terminal type '%s' (for plain "
		    "text use 'tidende list' and 'tidende show ID')"), term);
		return -1;
	}
	cup = tigetstr("cup");
	usable = cup != NULL && cup != (char *)-1 && tigetflag("hc") <= 0 &&
	    tigetflag("gn") <= 0;
	del_curterm(cur_term);
	if (!usable) {
		*cause = xasprintf(_("terminal type '%s' cannot move the cursor: "
		    "the interface needs one (for plain text use 'tidende "
		    "list' and 'tidende show ID')"), term);
		return -1;
	}
	return 0;
}
