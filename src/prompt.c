/*
 * The one-line editor on the status line for `:` commands and `/`
 * searches: moving, deleting by character and word, history with Up and
 * Down (searches kept across runs in $XDG_STATE_HOME/tidende/
 * search-history).  It never draws; display.c shows prompt_text().  It
 * knows nothing of the interface: prompt_key() says what happened and the
 * caller acts on it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "tidende/buf.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/prompt.h"
#include "tidende/utf8.h"
#include "tidende/xdg.h"
#include "tidende/xmalloc.h"

#define PROMPT_HISTORY_MAX 200

struct history {
	char	**v;
	size_t	 n;
};

static struct history search_history;
static struct history command_history;
static char *history_err;	/* the last load or save that failed */

static void history_error(const char *, ...)
    __attribute__((format(printf, 1, 2)));

static void
history_error(const char *fmt, ...)
{
	va_list ap;

	free(history_err);
	va_start(ap, fmt);
	history_err = xvasprintf(fmt, ap);
	va_end(ap);
	log_warn("%s", history_err);
}

static struct history *
prompt_history(struct prompt *p)
{
	return p->kind == PROMPT_SEARCH ? &search_history : &command_history;
}

static void
history_add(struct history *h, const char *line)
{
	size_t i;

	if (*line == '\0')
		return;
	/* Most recent last, without duplicates. */
	for (i = 0; i < h->n; i++)
		if (strcmp(h->v[i], line) == 0) {
			free(h->v[i]);
			memmove(h->v + i, h->v + i + 1, (h->n - i - 1) *
			    sizeof *h->v);
			h->n--;
			break;
		}
	if (h->n == PROMPT_HISTORY_MAX) {
		free(h->v[0]);
		memmove(h->v, h->v + 1, (h->n - 1) * sizeof *h->v);
		h->n--;
	}
	h->v = xreallocarray(h->v, h->n + 1, sizeof *h->v);
	h->v[h->n++] = xstrdup(line);
}

void
prompt_history_load(void)
{
	char *path, *line = NULL, *clean;
	const char *why;
	size_t cap = 0;
	ssize_t n;
	FILE *f = NULL;
	int fd;

	path = xdg_path("STATE", "search-history");
	/* (a FIFO there would hold the start for ever: not read) */
	if ((fd = buf_open_user_file(path, &why)) < 0) {
		if (fd == -2 || errno != ENOENT)
			history_error(_("%s: cannot read the search history: "
			    "%s"), path, why);
	} else if ((f = fdopen(fd, "r")) == NULL)
		close(fd);
	if (f != NULL) {
		while ((n = getline(&line, &cap, f)) > 0) {
			if (line[n - 1] == '\n')
				line[--n] = '\0';
			clean = utf8_clean(line, (size_t)n,
			    UTF8_COLLAPSE_SPACE);
			history_add(&search_history, clean);
			free(clean);
		}
		free(line);
		fclose(f);
	}
	free(path);
}

/* The search history could not be saved: kept for the status line. */
static void
prompt_history_save(void)
{
	char *path, *tmp;
	size_t i;
	FILE *f;
	int failed;

	path = xdg_path("STATE", "search-history");
	tmp = xasprintf("%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL) {
		history_error(_("%s: cannot save the search history: %s"),
		    path, strerror(errno));
		goto out;
	}
	for (i = 0; i < search_history.n; i++)
		fprintf(f, "%s\n", search_history.v[i]);
	failed = fflush(f) != 0 || ferror(f);
	if (fclose(f) != 0 || failed || rename(tmp, path) != 0) {
		history_error(_("%s: cannot save the search history: %s"),
		    path, strerror(errno));
		unlink(tmp);
	}
out:
	free(tmp);
	free(path);
}

char *
prompt_history_error(void)
{
	char *e = history_err;

	history_err = NULL;
	return e;
}

void
prompt_history_free(void)
{
	size_t i;

	for (i = 0; i < search_history.n; i++)
		free(search_history.v[i]);
	free(search_history.v);
	for (i = 0; i < command_history.n; i++)
		free(command_history.v[i]);
	free(command_history.v);
	memset(&search_history, 0, sizeof search_history);
	memset(&command_history, 0, sizeof command_history);
	free(history_err);
	history_err = NULL;
}

void
prompt_init(struct prompt *p)
{
	memset(p, 0, sizeof *p);
	buf_init(&p->text);
	buf_init(&p->shown);
}

void
prompt_free(struct prompt *p)
{
	buf_free(&p->text);
	buf_free(&p->shown);
	free(p->saved);
	p->saved = NULL;
	free(p->scope_label);
	p->scope_label = NULL;
}

static void
prompt_set(struct prompt *p, const char *s)
{
	buf_reset(&p->text);
	buf_adds(&p->text, s);
	p->cursor = p->text.len;
}

void
prompt_open(struct prompt *p, enum prompt_kind kind, const char *initial)
{
	p->kind = kind;
	prompt_set(p, initial != NULL ? initial : "");
	p->hpos = prompt_history(p)->n;
	free(p->saved);
	p->saved = NULL;
}

/* Byte offset of the code point before / after pos. */
static size_t
prompt_prev(const char *s, size_t pos)
{
	if (pos == 0)
		return 0;
	pos--;
	while (pos > 0 && ((unsigned char)s[pos] & 0xc0) == 0x80)
		pos--;
	return pos;
}

static size_t
prompt_next(const char *s, size_t len, size_t pos)
{
	if (pos >= len)
		return len;
	pos++;
	while (pos < len && ((unsigned char)s[pos] & 0xc0) == 0x80)
		pos++;
	return pos;
}

static void
prompt_delete(struct prompt *p, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(p->text.s + from, p->text.s + to, p->text.len - to + 1);
	p->text.len -= to - from;
	p->cursor = from;
}

static void
prompt_insert(struct prompt *p, const char *s, size_t n)
{
	buf_grow(&p->text, n + 1);
	if (p->text.s == NULL)
		buf_adds(&p->text, "");
	memmove(p->text.s + p->cursor + n, p->text.s + p->cursor,
	    p->text.len - p->cursor + 1);
	memcpy(p->text.s + p->cursor, s, n);
	p->text.len += n;
	p->cursor += n;
}

static void
prompt_browse(struct prompt *p, int dir)
{
	struct history *h = prompt_history(p);

	if (dir < 0) {
		if (p->hpos == 0)
			return;
		if (p->hpos == h->n) {
			free(p->saved);
			p->saved = xstrdup(buf_str(&p->text));
		}
		p->hpos--;
		prompt_set(p, h->v[p->hpos]);
	} else {
		if (p->hpos >= h->n)
			return;
		p->hpos++;
		prompt_set(p, p->hpos == h->n ? (p->saved != NULL ?
		    p->saved : "") : h->v[p->hpos]);
	}
}

enum prompt_event
prompt_key(struct prompt *p, int key, int fn)
{
	const char *s = buf_str(&p->text);
	char enc[8];
	size_t n, before = p->text.len, old_cursor = p->cursor;
	int changed = 0, scope = 0;

	if (p->kind == PROMPT_NONE)
		return PROMPT_UNUSED;
	if (fn) {
		switch (key) {
		case KEY_BACKSPACE:
			if (p->cursor == 0 && p->text.len == 0)
				goto cancel;
			prompt_delete(p, prompt_prev(s, p->cursor),
			    p->cursor);
			break;
		case KEY_DC:
			prompt_delete(p, p->cursor, prompt_next(s,
			    p->text.len, p->cursor));
			break;
		case KEY_LEFT:
			p->cursor = prompt_prev(s, p->cursor);
			break;
		case KEY_RIGHT:
			p->cursor = prompt_next(s, p->text.len, p->cursor);
			break;
		case KEY_HOME:
			p->cursor = 0;
			break;
		case KEY_END:
			p->cursor = p->text.len;
			break;
		case KEY_UP:
			prompt_browse(p, -1);
			changed = 1;
			break;
		case KEY_DOWN:
			prompt_browse(p, 1);
			changed = 1;
			break;
		case KEY_ENTER:
			goto accept;
		default:
			break;
		}
	} else {
		switch (key) {
		case '\r':
		case '\n':
			goto accept;
		case 27:	/* Esc */
		case 7:		/* C-g */
		case 3:		/* C-c */
			goto cancel;
		case 127:
		case 8:
			if (p->text.len == 0)
				goto cancel;
			prompt_delete(p, prompt_prev(s, p->cursor),
			    p->cursor);
			break;
		case 1:		/* C-a */
			p->cursor = 0;
			break;
		case 5:		/* C-e */
			p->cursor = p->text.len;
			break;
		case 2:		/* C-b */
			p->cursor = prompt_prev(s, p->cursor);
			break;
		case 6:		/* C-f */
			p->cursor = prompt_next(s, p->text.len, p->cursor);
			break;
		case 4:		/* C-d */
			prompt_delete(p, p->cursor, prompt_next(s,
			    p->text.len, p->cursor));
			break;
		case 11:	/* C-k */
			p->text.len = p->cursor;
			p->text.s[p->cursor] = '\0';
			break;
		case 21:	/* C-u */
			prompt_delete(p, 0, p->cursor);
			break;
		case 23:	/* C-w: the word before the cursor */
			n = p->cursor;
			while (n > 0 && s[n - 1] == ' ')
				n--;
			while (n > 0 && s[n - 1] != ' ')
				n--;
			prompt_delete(p, n, p->cursor);
			break;
		case '\t':
			if (p->kind == PROMPT_SEARCH)
				scope = changed = 1;
			break;
		case 16:	/* C-p */
			prompt_browse(p, -1);
			changed = 1;
			break;
		case 14:	/* C-n */
			prompt_browse(p, 1);
			changed = 1;
			break;
		default:
			/* Printable characters only; controls are dropped. */
			if (key < 0x20 || (key >= 0x7f && key < 0xa0) ||
			    key > 0x10ffff)
				break;
			n = utf8_encode((uint32_t)key, enc);
			prompt_insert(p, enc, n);
			break;
		}
	}
	if (scope)
		return PROMPT_SCOPE;
	if (changed || p->text.len != before)
		return PROMPT_CHANGED;
	if (p->cursor != old_cursor)
		return PROMPT_MOVED;
	return PROMPT_USED;

accept:
	history_add(prompt_history(p), buf_str(&p->text));
	if (p->kind == PROMPT_SEARCH)
		prompt_history_save();
	p->kind = PROMPT_NONE;
	return PROMPT_ACCEPTED;
cancel:
	p->kind = PROMPT_NONE;
	return PROMPT_CANCELLED;
}

const char *
prompt_text(struct prompt *p, int cols, size_t *cursor_cols)
{
	const char *s = buf_str(&p->text), *start = s;
	size_t before, room;
	char *head;

	room = cols > 4 ? (size_t)cols - 3 : 1;
	head = xstrndup(s, p->cursor);
	before = utf8_width(head);
	free(head);
	/* Long lines scroll so the cursor stays on screen. */
	while (before >= room && *start != '\0') {
		uint32_t cp;
		size_t k = utf8_decode(start, strlen(start), &cp);

		before -= (size_t)utf8_cp_width(cp);
		start += k;
	}
	buf_reset(&p->shown);
	if (p->kind == PROMPT_SEARCH && p->scope_label != NULL)
		/* TRANSLATORS: the search prompt's scope: where it searches,
		   and where Tab switches to ("in feed X" or "everything") */
		buf_printf(&p->shown, _("[%s, Tab: %s] "), p->scope_on ?
		    p->scope_label : _("everything"), p->scope_on ?
		    _("everything") : p->scope_label);
	before += utf8_width(buf_str(&p->shown));
	buf_addc(&p->shown, p->kind == PROMPT_SEARCH ? '/' : ':');
	buf_adds(&p->shown, start);
	*cursor_cols = before + 1;
	return buf_str(&p->shown);
}
