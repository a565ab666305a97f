/*
 * Blocks of inline text to lines: wrapped at display widths (or not at
 * all), under the prefixes of quotes and list items, with a style span
 * per run of attributes; preformatted text keeps its lines.  Every line
 * is cleaned with utf8_clean().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/buf.h"
#include "tidende/html.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#include "html-private.h"

/* Display width of s[0..len). */
static size_t
html_range_width(const char *s, size_t len)
{
	size_t i = 0, w = 0;
	uint32_t cp;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		w += utf8_cp_width(cp);
	}
	return w;
}

/* Bytes of s[0..len) that fit in cols columns (at least one character). */
static size_t
html_range_fit(const char *s, size_t len, size_t cols)
{
	size_t i = 0, w = 0, n;
	uint32_t cp;
	int cw;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		cw = utf8_cp_width(cp);
		if (w + cw > cols && i > 0)
			break;
		w += cw;
		i += n;
	}
	return i;
}

/* ------------------------------------------------------------ output */

struct html_line *
html_wrap_new_line(struct html_r *r)
{
	struct rendered *out = r->out;
	struct html_line *l;

	if (out->nlines == r->lines_cap) {
		r->lines_cap = r->lines_cap ? r->lines_cap * 2 : 64;
		out->lines = xreallocarray(out->lines, r->lines_cap,
		    sizeof *out->lines);
	}
	l = &out->lines[out->nlines++];
	memset(l, 0, sizeof *l);
	return l;
}

static void
html_add_span(struct html_line *l, size_t start, size_t len, int attr)
{
	struct html_span *sp;

	if (len == 0 || attr == 0)
		return;
	if (l->nspans > 0) {
		sp = &l->spans[l->nspans - 1];
		if (sp->attr == attr && sp->start + sp->len == start) {
			sp->len += len;
			return;
		}
	}
	l->spans = xreallocarray(l->spans, l->nspans + 1, sizeof *l->spans);
	l->spans[l->nspans++] = (struct html_span){ start, len, attr };
}

/*
 * 1 when utf8_clean() has nothing to do on s: valid UTF-8 without C0
 * (but \n and \t when allowed), DEL, C1 or bidi controls.  Most text
 * is, and skipping the copy halves the cost of rendering; anything else
 * goes through utf8_clean().
 */
static int
html_is_clean(const char *s, size_t len, int newlines)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == 0xfffd && n == 1)
			return 0;
		if (cp < 0x20 && !(newlines && (cp == '\n' || cp == '\t')))
			return 0;
		if ((cp >= 0x7f && cp < 0xa0) || cp == 0x061c ||
		    cp == 0x200e || cp == 0x200f ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return 0;
		i += n;
	}
	return 1;
}

/*
 * Finish a line built in b: clean it once more (nothing should change;
 * if anything did, the spans would lie, so they go).
 */
static void
html_finish_line(struct html_line *l, struct buf *b)
{
	char *clean;

	if (html_is_clean(buf_str(b), b->len, 0)) {
		l->text = buf_detach(b);
		return;
	}
	clean = utf8_clean(buf_str(b), b->len, 0);
	if (strcmp(clean, buf_str(b)) != 0) {
		free(l->spans);
		l->spans = NULL;
		l->nspans = 0;
	}
	l->text = clean;
	buf_reset(b);
}

/* The prefix of the next line: quote marks and list markers. */
static void
html_prefix(struct html_r *r, struct buf *b, struct html_line *l, int blank)
{
	struct html_frame *f;
	const char *p;
	size_t i, k, start, limit, n;

	for (i = 0; i < r->nframes; i++) {
		f = &r->frames[i];
		p = !f->used && !blank ? f->first : f->cont;
		start = b->len;
		buf_adds(b, p);
		html_add_span(l, start, b->len - start, f->attr);
		if (!blank)
			f->used = 1;
	}
	if (blank) {
		while (b->len > 0 && b->s[b->len - 1] == ' ')
			b->s[--b->len] = '\0';
		if (l->nspans > 0 && l->spans[l->nspans - 1].start +
		    l->spans[l->nspans - 1].len > b->len)
			l->spans[l->nspans - 1].len = b->len -
			    l->spans[l->nspans - 1].start;
	}
	/* Deep nesting: never let the prefix take more than half. */
	if (r->width != HTML_NOWRAP && b->len > 0) {
		limit = r->width / 2;
		n = html_range_fit(b->s, b->len, limit);
		if (html_range_width(b->s, b->len) > limit) {
			b->len = n;
			b->s[n] = '\0';
			for (i = 0, k = 0; i < l->nspans; i++) {
				if (l->spans[i].start >= n)
					continue;
				if (l->spans[i].start + l->spans[i].len > n)
					l->spans[i].len = n - l->spans[i].start;
				l->spans[k++] = l->spans[i];
			}
			l->nspans = k;
		}
	}
}

void
html_wrap_blank_line(struct html_r *r)
{
	struct html_line *l;
	struct buf b = BUF_INIT;

	if (r->out->nlines == 0 || r->last_blank)
		return;
	l = html_wrap_new_line(r);
	html_prefix(r, &b, l, 1);
	html_finish_line(l, &b);
	buf_free(&b);
	r->last_blank = 1;
}

/* Emit text[start..end) as one line under the current prefix. */
void
html_wrap_emit(struct html_r *r, size_t start, size_t end)
{
	struct html_line *l;
	struct buf b = BUF_INIT;
	size_t i, j, off;

	if (r->blank) {
		html_wrap_blank_line(r);
		r->blank = 0;
	}
	l = html_wrap_new_line(r);
	html_prefix(r, &b, l, 0);
	off = b.len;
	buf_add(&b, r->text.s + start, end - start);
	for (i = start; i < end; i = j) {
		for (j = i; j < end && r->attrs[j] == r->attrs[i]; j++)
			;
		html_add_span(l, off + i - start, j - i, r->attrs[i]);
	}
	html_finish_line(l, &b);
	buf_free(&b);
	r->last_blank = 0;
}

/* Columns left for text after the prefix. */
size_t
html_wrap_avail(struct html_r *r)
{
	size_t i, w = 0;

	if (r->width == HTML_NOWRAP)
		return HTML_NOWRAP;
	for (i = 0; i < r->nframes; i++)
		w += utf8_width(r->frames[i].used ? r->frames[i].cont :
		    r->frames[i].first);
	if (w > r->width / 2)
		w = r->width / 2;
	return r->width - w > 0 ? r->width - w : 1;
}

/* Closing punctuation that must not begin a line (CJK). */
static int
html_no_break_before(uint32_t cp)
{
	switch (cp) {
	case 0x3001: case 0x3002: case 0xff0c: case 0xff0e: case 0xff01:
	case 0xff1f: case 0xff1a: case 0xff1b: case 0x300d: case 0x300f:
	case 0xff09: case 0x3011: case 0x30fc: case 0x3009: case 0x300b:
		return 1;
	}
	return 0;
}

/* Wrap the block text (single spaces, '\n' hard breaks) into lines. */
void
html_wrap_block(struct html_r *r)
{
	const char *s = r->text.s;
	size_t len = r->text.len, pos = 0, ls = 0, le = 0, lw = 0;
	size_t ts, tw, need, n, avail, piece;
	int have = 0, sp, newlines = 0;
	uint32_t cp;

	while (pos < len) {
		sp = 0;
		while (pos < len && s[pos] == ' ') {
			sp = 1;
			pos++;
		}
		if (pos >= len)
			break;
		if (s[pos] == '\n') {
			if (have)
				html_wrap_emit(r, ls, le);
			else if (newlines > 0 && r->out->nlines > 0)
				html_wrap_blank_line(r);
			have = 0;
			lw = 0;
			newlines++;
			pos++;
			continue;
		}
		newlines = 0;

		/* one token: a word, or one wide character */
		ts = pos;
		n = utf8_decode(s + pos, len - pos, &cp);
		if (utf8_cp_width(cp) == 2) {
			pos += n;
			while (pos < len) {
				n = utf8_decode(s + pos, len - pos, &cp);
				if (!html_no_break_before(cp))
					break;
				pos += n;
			}
		} else {
			while (pos < len && s[pos] != ' ' && s[pos] != '\n') {
				n = utf8_decode(s + pos, len - pos, &cp);
				if (utf8_cp_width(cp) == 2 && pos > ts)
					break;
				pos += n;
			}
		}
		tw = html_range_width(s + ts, pos - ts);
		avail = html_wrap_avail(r);
		need = tw + (have && sp ? 1 : 0);
		if (have && lw + need > avail) {
			html_wrap_emit(r, ls, le);
			have = 0;
			lw = 0;
			need = tw;
		}
		if (!have) {
			/* a word longer than the line is cut */
			while (tw > avail) {
				piece = html_range_fit(s + ts, pos - ts, avail);
				html_wrap_emit(r, ts, ts + piece);
				ts += piece;
				tw = html_range_width(s + ts, pos - ts);
				avail = html_wrap_avail(r);
			}
			if (ts == pos)
				continue;
			need = tw;
			ls = ts;
			have = 1;
		}
		le = pos;
		lw += need;
	}
	if (have)
		html_wrap_emit(r, ls, le);
}

/* pre: lines as they are, tabs expanded, nothing wrapped. */
static void
html_wrap_pre(struct html_r *r)
{
	size_t start = 0, end = r->text.len, i, col;
	struct buf line = BUF_INIT;
	int *attrs = NULL, *save_attrs;
	size_t cap = 0, k;
	struct buf save_text;

	/* drop trailing newlines and one leading newline */
	while (end > 0 && (r->text.s[end - 1] == '\n' ||
	    r->text.s[end - 1] == ' '))
		end--;
	if (end > 0 && r->text.s[0] == '\n')
		start = 1;

	/* build a tab-expanded copy with its attributes, then emit by line */
	buf_grow(&line, end - start);	/* never NULL, even when empty */
	for (i = start, col = 0; i < end; i++) {
		if (line.len + 8 >= cap) {
			cap = (line.len + 8) * 2;
			attrs = xreallocarray(attrs, cap, sizeof *attrs);
		}
		if (r->text.s[i] == '\t') {
			do {
				attrs[line.len] = r->attrs[i];
				buf_addc(&line, ' ');
			} while (++col % 8 != 0);
			continue;
		}
		if (r->text.s[i] == '\n')
			col = 0;
		else if (((unsigned char)r->text.s[i] & 0xc0) != 0x80)
			col++;
		attrs[line.len] = r->attrs[i];
		buf_addc(&line, r->text.s[i]);
	}
	save_text = r->text;
	save_attrs = r->attrs;
	r->text = line;
	r->attrs = attrs;
	for (i = 0, k = 0; i <= line.len; i++) {
		if (i == line.len || line.s[i] == '\n') {
			html_wrap_emit(r, k, i);
			k = i + 1;
		}
	}
	r->text = save_text;
	r->attrs = save_attrs;
	buf_free(&line);
	free(attrs);
}

/* End the current block: wrap what it collected. */
void
html_wrap_flush(struct html_r *r)
{
	if (r->oneline) {
		r->space = 1;
		return;
	}
	while (r->text.len > 0 && !r->pre &&
	    (r->text.s[r->text.len - 1] == ' ' ||
	    r->text.s[r->text.len - 1] == '\n'))
		r->text.s[--r->text.len] = '\0';
	if (r->text.len > 0) {
		if (r->pre)
			html_wrap_pre(r);
		else
			html_wrap_block(r);
	}
	buf_reset(&r->text);
	r->space = 0;
	r->flushes++;
}

/* A blank line between this block and the text around it. */
void
html_wrap_para(struct html_r *r)
{
	html_wrap_flush(r);
	if (r->out->nlines > 0)
		r->blank = 1;
}

/* ------------------------------------------------------------ text */

void
html_wrap_add_raw(struct html_r *r, const char *s, size_t len, int attr)
{
	size_t i;

	if (r->text.len + len >= r->attrs_cap) {
		r->attrs_cap = (r->text.len + len + 1) * 2;
		r->attrs = xreallocarray(r->attrs, r->attrs_cap,
		    sizeof *r->attrs);
	}
	for (i = 0; i < len; i++)
		r->attrs[r->text.len + i] = attr;
	buf_add(&r->text, s, len);
}

/* Text from the document: cleaned, white space collapsed outside pre. */
void
html_wrap_add_text(struct html_r *r, const char *s, size_t len)
{
	char *clean, *copy = NULL;
	size_t i, j;

	if (r->pre) {
		if (html_is_clean(s, len, 1)) {
			html_wrap_add_raw(r, s, len, r->attr);
			return;
		}
		clean = utf8_clean(s, len, UTF8_KEEP_NEWLINES);
		html_wrap_add_raw(r, clean, strlen(clean), r->attr);
		free(clean);
		return;
	}
	if (html_is_clean(s, len, 1) && memchr(s, '\0', len) == NULL) {
		/* \n and \t are white space like ' ' below */
		clean = (char *)s;
		if (s[len] != '\0')
			clean = copy = xstrndup(s, len);
	} else
		clean = copy = utf8_clean(s, len, 0);
	for (i = 0; clean[i] != '\0'; i = j) {
		if (clean[i] == ' ' || clean[i] == '\n' || clean[i] == '\t') {
			r->space = 1;
			j = i + 1;
			continue;
		}
		for (j = i; clean[j] != '\0' && clean[j] != ' ' &&
		    clean[j] != '\n' && clean[j] != '\t'; j++)
			;
		if (r->space && r->text.len > 0 &&
		    r->text.s[r->text.len - 1] != ' ' &&
		    r->text.s[r->text.len - 1] != '\n')
			html_wrap_add_raw(r, " ", 1, 0);
		r->space = 0;
		html_wrap_add_raw(r, clean + i, j - i, r->attr);
	}
	free(copy);
}

/* Generated text (markers, [image: ...]) that follows the same spacing. */
void
html_wrap_add_word(struct html_r *r, const char *s)
{
	html_wrap_add_text(r, s, strlen(s));
}

void
html_wrap_line_break(struct html_r *r)
{
	size_t n = r->text.len;

	if (r->oneline) {
		r->space = 1;
		return;
	}
	while (n > 0 && r->text.s[n - 1] == ' ')
		n--;
	r->text.len = n;
	if (r->text.s != NULL)
		r->text.s[n] = '\0';
	/* at most one empty line from <br><br><br> */
	if (n >= 2 && r->text.s[n - 1] == '\n' && r->text.s[n - 2] == '\n')
		return;
	html_wrap_add_raw(r, "\n", 1, 0);
	r->space = 0;
}

/* ------------------------------------------------------------ links */
