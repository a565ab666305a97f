/*
 * HTML as plain text, one set of rules (see include/tidende/html-text.h):
 * the named references are libxml2's own table, indexed once by name.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "tidende/buf.h"
#include "tidende/html-text.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

/*
 * libxml2 2.9 gives no way to walk its table but by value: its highest is
 * U+2666 (&diams;), the last of HTML 4.  Reading values 0..U+2666 once
 * takes under a millisecond.
 */
#define HTML_TEXT_ENTITY_MAX	0x2666
#define HTML_TEXT_ENTITIES	512	/* room; libxml2 2.9 has 253 */

static struct html_entity html_text_table[HTML_TEXT_ENTITIES];
static size_t html_text_n;
static pthread_once_t html_text_once = PTHREAD_ONCE_INIT;

static int
html_text_entity_cmp(const void *a, const void *b)
{
	const struct html_entity *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static void
html_text_index(void)
{
	const htmlEntityDesc *d;
	struct html_entity *e;
	unsigned int v;

	for (v = 0; v <= HTML_TEXT_ENTITY_MAX &&
	    html_text_n < HTML_TEXT_ENTITIES; v++) {
		if ((d = htmlEntityValueLookup(v)) == NULL || d->name == NULL)
			continue;
		e = &html_text_table[html_text_n++];
		e->name = d->name;
		e->len = (unsigned char)utf8_encode(d->value, e->utf8);
		e->utf8[e->len] = '\0';
	}
	qsort(html_text_table, html_text_n, sizeof html_text_table[0],
	    html_text_entity_cmp);
}

const struct html_entity *
html_text_entities(size_t *n)
{
	pthread_once(&html_text_once, html_text_index);
	*n = html_text_n;
	return html_text_table;
}

const struct html_entity *
html_text_entity_find(const char *name, size_t len)
{
	size_t lo = 0, hi;
	int c;

	if (len == 0 || len > 16)
		return NULL;
	pthread_once(&html_text_once, html_text_index);
	hi = html_text_n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *k = html_text_table[mid].name;

		if ((c = strncmp(name, k, len)) == 0)
			c = k[len] == '\0' ? 0 : -1;
		if (c == 0)
			return &html_text_table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* windows-1252 for the C1 range of numeric references, as browsers do. */
static const uint16_t cp1252[32] = {
	0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
	0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
};

static int
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * Byte classes for the fast scans: 1 plain ASCII, 2-4 the lead byte of a
 * sequence of that length, 0 anything that needs a closer look.
 */
static const unsigned char byte_class[256] = {
	['\t'] = 5, ['\n'] = 5,
	[0x20] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x30] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x40] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x50] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x60] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x70] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	[0xc2] = 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	[0xd0] = 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	[0xe0] = 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	[0xf0] = 4, 4, 4, 4, 4,
};

/*
 * Text needs utf8_clean() only when it holds a control (but \t and \n), a
 * C1, a bidi mark, an invisible character, U+2028/9 or invalid UTF-8; one
 * pass over the bytes tells.
 */
int
html_text_is_clean(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, k;
	unsigned char c;

	while (i < len) {
		i += utf8_ascii_span(p + i, len - i, 0x7f, 0x7f);
		if (i >= len)
			break;
		c = p[i];
		/* the commonest: a two-byte letter (æøå), no C1, no U+061C */
		if (c >= 0xc3 && c <= 0xd7 && i + 1 < len &&
		    (p[i + 1] & 0xc0) == 0x80) {
			i += 2;
			continue;
		}
		switch (byte_class[c]) {
		case 1:
		case 5:
			i++;
			continue;
		case 0:
			return 0;
		}
		n = byte_class[c];
		if (i + n > len)
			return 0;
		for (k = 1; k < n; k++)
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
		if (c == 0xc2 && p[i + 1] < 0xa0)
			return 0;		/* C1 */
		if (c == 0xd8 && p[i + 1] == 0x9c)
			return 0;		/* U+061C */
		if (c == 0xe2 && ((p[i + 1] == 0x80 && (p[i + 2] == 0x8e ||
		    p[i + 2] == 0x8f || (p[i + 2] >= 0xaa &&
		    p[i + 2] <= 0xae))) || (p[i + 1] == 0x81 &&
		    p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9)))
			return 0;		/* bidi controls */
		if ((c == 0xe2 && ((p[i + 1] == 0x80 && (p[i + 2] == 0x8b ||
		    p[i + 2] == 0x8d || p[i + 2] == 0xa8 ||
		    p[i + 2] == 0xa9)) || (p[i + 1] == 0x81 &&
		    p[i + 2] == 0xa0))) || (c == 0xef && p[i + 1] == 0xbb &&
		    p[i + 2] == 0xbf))
			return 0;	/* invisible, line separators */
		if (c == 0xe0 && p[i + 1] < 0xa0)
			return 0;		/* overlong */
		if (c == 0xed && p[i + 1] >= 0xa0)
			return 0;		/* surrogates */
		if (c == 0xf0 && p[i + 1] < 0x90)
			return 0;
		if (c == 0xf4 && p[i + 1] >= 0x90)
			return 0;
		i += n;
	}
	return 1;
}

/*
 * The numeric reference at s ("&#", len bytes): its code point by the
 * rules in html-text.h into *cp, and the bytes it used (0: none).  *raw
 * gets the number as written (at most 0x110000).
 */
static size_t
charref(const char *s, size_t len, uint32_t *cp, uint32_t *raw)
{
	size_t i = 2;
	uint32_t v = 0;
	int hex = 0, digits = 0;

	if (i < len && (s[i] == 'x' || s[i] == 'X')) {
		hex = 1;
		i++;
	}
	for (; i < len; i++) {
		int c = (unsigned char)s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (hex && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (hex && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		if (v < 0x110000)
			v = v * (hex ? 16 : 10) + d;
		digits++;
	}
	if (digits == 0)
		return 0;
	if (i < len && s[i] == ';')
		i++;
	*raw = v;
	if (v >= 0x80 && v < 0xa0)
		v = cp1252[v - 0x80];
	if (v == 0 || v >= 0x110000 || (v >= 0xd800 && v < 0xe000))
		v = 0xfffd;
	*cp = v;
	return i;
}

size_t
html_text_entity(const char *s, size_t len, struct buf *out)
{
	const struct html_entity *e;
	size_t i, n;
	uint32_t cp, raw;
	char enc[4];

	if (len < 3 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		if ((n = charref(s, len, &cp, &raw)) != 0)
			buf_add(out, enc, utf8_encode(cp, enc));
		return n;
	}
	for (i = 1; i < len && i < 40 && is_alnum((unsigned char)s[i]); i++)
		;
	/* a name needs its ';', as in libxml2's HTML parser */
	if (i < len && s[i] == ';' &&
	    (e = html_text_entity_find(s + 1, i - 1)) != NULL) {
		buf_add(out, e->utf8, e->len);
		return i + 1;
	}
	return 0;
}

char *
html_text_charrefs(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	const char *amp, *from = s, *end = s + len;
	size_t n;
	uint32_t cp, raw;
	char enc[4];

	for (amp = s; (amp = memchr(amp, '&', end - amp)) != NULL; amp++) {
		if (end - amp < 3 || amp[1] != '#')
			continue;
		/* libxml2 takes the number as it stands, or drops it */
		if ((n = charref(amp, end - amp, &cp, &raw)) == 0 || cp == raw)
			continue;
		buf_add(&b, from, amp - from);
		buf_add(&b, enc, utf8_encode(cp, enc));
		from = amp + n;
		amp += n - 1;
	}
	if (from == s)
		return NULL;
	buf_add(&b, from, end - from);
	return buf_detach(&b);
}

/* Elements that end a word, sorted (strcmp) for the binary search. */
static const char *const block_tags[] = {
	"address", "article", "aside", "blockquote", "br", "dd", "div", "dl",
	"dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
	"h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
	"ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", NULL
};

static int
block_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* Is name[0..len) one of block_tags, in any case? */
static int
is_block(const char *name, size_t len)
{
	char low[12];
	size_t i;

	if (len == 0 || len >= sizeof low)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = name[i];

		low[i] = c >= 'A' && c <= 'Z' ? c + 32 : c;
	}
	low[len] = '\0';
	return bsearch(low, block_tags, sizeof block_tags /
	    sizeof block_tags[0] - 1, sizeof block_tags[0], block_cmp) != NULL;
}

/* Find the end of the raw-text element `name` starting at s[i]. */
static size_t
skip_raw(const char *s, size_t len, size_t i, const char *name)
{
	size_t n = strlen(name);

	for (; i + 2 + n <= len; i++)
		if (s[i] == '<' && s[i + 1] == '/' &&
		    strncasecmp(s + i + 2, name, n) == 0) {
			const char *gt = memchr(s + i, '>', len - i);

			return gt != NULL ? (size_t)(gt - s) + 1 : len;
		}
	return len;
}

/* Just past the '>' ending a tag whose attributes start at s[i]. */
static size_t
tag_end(const char *s, size_t len, size_t i)
{
	char q = 0;

	for (; i < len; i++) {
		if (q != 0) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			if (i > 0 && s[i - 1] == '=')
				q = s[i];
			else if (i > 1 && s[i - 1] == ' ' && s[i - 2] == '=')
				q = s[i];
		} else if (s[i] == '>')
			return i + 1;
	}
	return len;
}

/*
 * Bytes that end a run of plain text: white space (U+00A0 is c2 a0),
 * markup, and for the search text the lead of U+200C (e2 80 8c).
 */
static const unsigned char stop_line[256] = {
	[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['<'] = 1, ['&'] = 1, [0xc2] = 1,
};
static const unsigned char stop_drop[256] = {
	[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['<'] = 1, ['&'] = 1, [0xc2] = 1,
	[0xe2] = 1,
};

/* What a character is to the line: white space, dropped, or text. */
#define CH_TEXT		0
#define CH_SPACE	1
#define CH_DROP		2

static int
char_kind(const unsigned char *u, size_t n, int drop)
{
	if (n == 1 && (u[0] == ' ' || u[0] == '\t' || u[0] == '\n'))
		return CH_SPACE;
	if (n == 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return CH_SPACE;
	if (drop && ((n == 2 && u[0] == 0xc2 && u[1] == 0xad) || (n == 3 &&
	    u[0] == 0xe2 && u[1] == 0x80 && u[2] == 0x8c)))
		return CH_DROP;
	return CH_TEXT;
}

/* Remove every copy of the n-byte sequence c from s (len bytes), in place. */
static size_t
drop_seq(char *s, size_t len, const char *c, size_t n)
{
	char *p, *o, *end = s + len;

	if ((p = memmem(s, len, c, n)) == NULL)
		return len;
	for (o = p; p < end; ) {
		if ((size_t)(end - p) >= n && memcmp(p, c, n) == 0)
			p += n;
		else
			*o++ = *p++;
	}
	return o - s;
}

/*
 * The line, in one pass: white space collapses as text is copied (as
 * utf8_clean(UTF8_COLLAPSE_SPACE) would: spaces, tabs, newlines, U+00A0),
 * so clean text needs no second pass; anything else goes through
 * utf8_clean().
 *
 * drop: the search text, without soft hyphens and zero-width non-joiners,
 * which would split a word for the index's tokenizer (unicode61 splits
 * at format characters): "Gr&shy;ünder" is searched as one word.
 */
static char *
text_line(const char *s, size_t len, int drop)
{
	const unsigned char *u = (const unsigned char *)s;
	const unsigned char *stop = drop ? stop_drop : stop_line;
	struct buf b = BUF_INIT;
	size_t i = 0, n, j, pos, w;
	int space = 0, odd = 0, k;
	const char *p;
	char *out;

	buf_grow(&b, len + 1);
	while (i < len) {
		/* plain text, with one space between two words in it */
		for (n = i; n < len; n++) {
			if (!stop[u[n]])
				continue;
			if (u[n] == ' ' && n > i && n + 1 < len &&
			    !stop[u[n + 1]])
				continue;
			break;
		}
		if (n > i) {
			if (space && b.len > 0)
				buf_addc(&b, ' ');
			space = 0;
			buf_add(&b, s + i, n - i);
			i = n;
			continue;
		}
		switch (u[i]) {
		case ' ':
		case '\t':
		case '\n':
			space = 1;
			i++;
			continue;
		case 0xc2:
		case 0xe2:
			/* a whole character: U+00A0 and the dropped ones */
			w = u[i] == 0xc2 ? 2 : 3;
			for (n = 1; n < w && i + n < len &&
			    (u[i + n] & 0xc0) == 0x80; n++)
				;
			if (n < w) {
				odd = 1;	/* cut: the rest may come later */
				w = 1;
			} else if ((k = char_kind(u + i, w, drop)) != CH_TEXT) {
				space |= k == CH_SPACE;
				i += w;
				continue;
			}
			if (space && b.len > 0)
				buf_addc(&b, ' ');
			space = 0;
			buf_add(&b, s + i, w);
			i += w;
			continue;
		case '&':
			pos = b.len;
			if ((n = html_text_entity(s + i, len - i, &b)) == 0)
				break;
			i += n;
			if ((k = char_kind((const unsigned char *)b.s + pos,
			    b.len - pos, drop)) != CH_TEXT) {
				b.len = pos;
				b.s[pos] = '\0';
				space |= k == CH_SPACE;
			} else if (space && pos > 0) {
				buf_addc(&b, ' ');
				memmove(b.s + pos + 1, b.s + pos, b.len - pos - 1);
				b.s[pos] = ' ';
				space = 0;
			} else
				space = 0;
			continue;
		case '<':
			if (i + 1 < len && (is_alnum(u[i + 1]) ||
			    s[i + 1] == '/')) {
				size_t ns = i + 1 + (s[i + 1] == '/'), ne = ns;
				int closing = s[i + 1] == '/';

				while (ne < len && (is_alnum(u[ne]) ||
				    s[ne] == ':' || s[ne] == '-'))
					ne++;
				i = tag_end(s, len, ne);
				if (is_block(s + ns, ne - ns))
					space = 1;
				else if (!closing && (ne - ns == 6 &&
				    strncasecmp(s + ns, "script", 6) == 0))
					i = skip_raw(s, len, i, "script");
				else if (!closing && (ne - ns == 5 &&
				    strncasecmp(s + ns, "style", 5) == 0))
					i = skip_raw(s, len, i, "style");
				continue;
			}
			if (i + 3 < len && strncmp(s + i, "<!--", 4) == 0) {
				for (j = i + 4; j + 3 <= len; j++)
					if (strncmp(s + j, "-->", 3) == 0)
						break;
				i = j + 3 <= len ? j + 3 : len;
				continue;
			}
			if (i + 1 < len && (s[i + 1] == '!' ||
			    s[i + 1] == '?')) {
				p = memchr(s + i, '>', len - i);
				i = p != NULL ? (size_t)(p - s) + 1 : len;
				continue;
			}
			break;
		}
		/* a '&' or '<' that is text */
		if (space && b.len > 0)
			buf_addc(&b, ' ');
		space = 0;
		buf_addc(&b, s[i]);
		i++;
	}
	if (b.len > 0 && !odd && html_text_is_clean(b.s, b.len))
		return buf_detach(&b);
	if (b.len > 0 && drop) {
		b.len = drop_seq(b.s, b.len, "\xc2\xad", 2);
		b.len = drop_seq(b.s, b.len, "\xe2\x80\x8c", 3);
	}
	out = utf8_clean(b.s != NULL ? b.s : "", b.len, UTF8_COLLAPSE_SPACE);
	buf_free(&b);
	return out;
}

char *
html_text_line(const char *s, size_t len)
{
	return text_line(s, len, 0);
}

char *
html_text_search(const char *html)
{
	if (html == NULL)
		return xstrdup("");
	return text_line(html, strlen(html), 1);
}
