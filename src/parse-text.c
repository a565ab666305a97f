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

static int
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}


char *
parse_text_plain(const char *s, size_t len)
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
parse_text_markup(const char *s, size_t len)
{
	if (!needs_clean((const unsigned char *)s, len))
		return xstrndup(s, len);
	return utf8_clean(s, len, UTF8_KEEP_NEWLINES);
}

int
parse_text_looks_html(const char *s, size_t len)
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
parse_text_escape(struct buf *b, const char *s, size_t len, int attr)
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
