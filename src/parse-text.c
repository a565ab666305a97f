/*
 * Text of feed fields: HTML to plain text (tags removed, character
 * references decoded, white space collapsed), and cleaning of what is kept
 * as markup so that no control character or escape sequence survives.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/buf.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#include "parse-private.h"

static int	needs_clean(const unsigned char *, size_t);

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

size_t
text_entity(const char *s, size_t len, struct buf *out)
{
	size_t i = 1, start;
	uint32_t cp = 0;
	xmlEntity *e;
	char enc[4];
	int hex = 0, digits = 0;

	if (len < 3 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		i = 2;
		if (s[i] == 'x' || s[i] == 'X') {
			hex = 1;
			i++;
		}
		for (; i < len; i++) {
			int c = (unsigned char)s[i], v;

			if (c >= '0' && c <= '9')
				v = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				v = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				v = c - 'A' + 10;
			else
				break;
			if (cp < 0x110000)
				cp = cp * (hex ? 16 : 10) + v;
			digits++;
		}
		if (digits == 0)
			return 0;
		if (i < len && s[i] == ';')
			i++;
		if (cp >= 0x80 && cp < 0xa0)
			cp = cp1252[cp - 0x80];
		if (cp == 0 || cp >= 0x110000 || (cp >= 0xd800 && cp < 0xe000))
			cp = 0xfffd;
		buf_add(out, enc, utf8_encode(cp, enc));
		return i;
	}
	start = 1;
	while (i < len && i < 40 && is_alnum((unsigned char)s[i]))
		i++;
	if (i < len && s[i] == ';' && (e = entity_find(s + start,
	    i - start)) != NULL) {
		buf_add(out, e->content, e->length);
		return i + 1;
	}
	/* HTML also knows a few without the semicolon */
	if ((e = entity_find(s + start, i - start)) != NULL &&
	    (strncmp(s + 1, "amp", 3) == 0 || strncmp(s + 1, "lt", 2) == 0 ||
	    strncmp(s + 1, "gt", 2) == 0 || strncmp(s + 1, "quot", 4) == 0 ||
	    strncmp(s + 1, "nbsp", 4) == 0 || strncmp(s + 1, "copy", 4) == 0)) {
		buf_add(out, e->content, e->length);
		return i;
	}
	return 0;
}

static int
tag_is(const char *name, size_t len, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == len && strncasecmp(*list, name, len) == 0)
			return 1;
	return 0;
}

static const char *const block_tags[] = {
	"address", "article", "aside", "blockquote", "br", "dd", "div", "dl",
	"dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
	"h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
	"ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", NULL
};

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

char *
text_from_html(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i = 0, n, j;
	const char *p;
	char *out;

	buf_grow(&b, len + 1);
	while (i < len) {
		p = memchr(s + i, '<', len - i);
		j = p != NULL ? (size_t)(p - s) : len;
		/* text up to the next tag, with references decoded */
		while (i < j) {
			const char *amp = memchr(s + i, '&', j - i);
			size_t k = amp != NULL ? (size_t)(amp - s) : j;

			buf_add(&b, s + i, k - i);
			i = k;
			if (i < j) {
				n = text_entity(s + i, j - i, &b);
				if (n == 0) {
					buf_addc(&b, '&');
					n = 1;
				}
				i += n;
			}
		}
		if (i >= len)
			break;
		/* s[i] == '<' */
		if (i + 1 < len && (is_alnum((unsigned char)s[i + 1]) ||
		    s[i + 1] == '/')) {
			size_t ns = i + 1 + (s[i + 1] == '/'), ne = ns;
			const char *gt;
			int closing = s[i + 1] == '/';

			while (ne < len && (is_alnum((unsigned char)s[ne]) ||
			    s[ne] == ':' || s[ne] == '-'))
				ne++;
			i = tag_end(s, len, ne);
			(void)gt;
			if (tag_is(s + ns, ne - ns, block_tags))
				buf_addc(&b, ' ');
			else if (!closing && (ne - ns == 6 &&
			    strncasecmp(s + ns, "script", 6) == 0))
				i = skip_raw(s, len, i, "script");
			else if (!closing && (ne - ns == 5 &&
			    strncasecmp(s + ns, "style", 5) == 0))
				i = skip_raw(s, len, i, "style");
		} else if (i + 3 < len && strncmp(s + i, "<!--", 4) == 0) {
			for (j = i + 4; j + 3 <= len; j++)
				if (strncmp(s + j, "-->", 3) == 0)
					break;
			i = j + 3 <= len ? j + 3 : len;
		} else if (i + 1 < len && (s[i + 1] == '!' || s[i + 1] == '?')) {
			p = memchr(s + i, '>', len - i);
			i = p != NULL ? (size_t)(p - s) + 1 : len;
		} else {
			buf_addc(&b, '<');
			i++;
		}
	}
	out = utf8_clean(b.s != NULL ? b.s : "", b.len, UTF8_COLLAPSE_SPACE);
	buf_free(&b);
	return out;
}

char *
text_plain(const char *s, size_t len)
{
	size_t i;

	/* already plain: one space between words, nothing to remove */
	if (len > 0 && s[0] != ' ' && s[len - 1] != ' ' &&
	    !needs_clean((const unsigned char *)s, len)) {
		for (i = 0; i < len; i++)
			if (s[i] == '\n' || s[i] == '\t' || (i + 1 < len &&
			    ((s[i] == ' ' && s[i + 1] == ' ') ||
			    ((unsigned char)s[i] == 0xc2 &&
			    (unsigned char)s[i + 1] == 0xa0))))
				break;
		if (i == len)
			return xstrndup(s, len);
	}
	return utf8_clean(s, len, UTF8_COLLAPSE_SPACE);
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
 * Markup needs the slow cleaner only when it holds a control, a C1, a bidi
 * mark or invalid UTF-8; one pass over the bytes tells.
 */
static int
needs_clean(const unsigned char *p, size_t len)
{
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
			return 1;
		}
		n = byte_class[c];
		if (i + n > len)
			return 1;
		for (k = 1; k < n; k++)
			if ((p[i + k] & 0xc0) != 0x80)
				return 1;
		if (c == 0xc2 && p[i + 1] < 0xa0)
			return 1;		/* C1 */
		if (c == 0xd8 && p[i + 1] == 0x9c)
			return 1;		/* U+061C */
		if (c == 0xe2 && ((p[i + 1] == 0x80 && (p[i + 2] == 0x8e ||
		    p[i + 2] == 0x8f || (p[i + 2] >= 0xaa &&
		    p[i + 2] <= 0xae))) || (p[i + 1] == 0x81 &&
		    p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9)))
			return 1;		/* bidi controls */
		if (c == 0xe0 && p[i + 1] < 0xa0)
			return 1;		/* overlong */
		if (c == 0xed && p[i + 1] >= 0xa0)
			return 1;		/* surrogates */
		if (c == 0xf0 && p[i + 1] < 0x90)
			return 1;
		if (c == 0xf4 && p[i + 1] >= 0x90)
			return 1;
		i += n;
	}
	return 0;
}

char *
text_markup(const char *s, size_t len)
{
	if (!needs_clean((const unsigned char *)s, len))
		return xstrndup(s, len);
	return utf8_clean(s, len, UTF8_KEEP_NEWLINES);
}

int
text_looks_html(const char *s, size_t len)
{
	size_t i, j;

	for (i = 0; i + 1 < len; i++) {
		if (s[i] == '<' && s[i + 1] == '/') {
			for (j = i + 2; j < len && is_alnum((unsigned char)s[j]);
			    j++)
				;
			if (j > i + 2 && j < len && s[j] == '>')
				return 1;
		} else if (s[i] == '&') {
			j = i + 1;
			if (j < len && s[j] == '#')
				j++;
			while (j < len && (is_alnum((unsigned char)s[j]) ||
			    s[j] == '_'))
				j++;
			if (j > i + 1 && j < len && s[j] == ';')
				return 1;
		}
	}
	return 0;
}

void
text_escape(struct buf *b, const char *s, size_t len, int attr)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		const char *r = NULL;

		switch (s[i]) {
		case '&':	r = "&amp;"; break;
		case '<':	r = "&lt;"; break;
		case '>':	r = "&gt;"; break;
		case '"':	r = attr ? "&quot;" : NULL; break;
		}
		if (r == NULL)
			continue;
		buf_add(b, s + start, i - start);
		buf_adds(b, r);
		start = i + 1;
	}
	buf_add(b, s + start, len - start);
}
