/*
 * UTF-8 decoding, repair and cleaning of untrusted text, display widths.
 * Everything from a feed or a child process passes utf8_clean() before it
 * is stored or drawn, so no escape sequence ever reaches the terminal.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tidende/buf.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

size_t
utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	size_t n, i;

	if (len == 0) {
		*cp = 0xfffd;
		return 0;
	}
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		n = 2; c &= 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3; c &= 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4; c &= 0x07; min = 0x10000;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	if (len < n) {
		*cp = 0xfffd;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = c;
	return n;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		o[0] = cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = 0xc0 | (cp >> 6);
		o[1] = 0x80 | (cp & 0x3f);
		return 2;
	} else if (cp < 0x10000) {
		o[0] = 0xe0 | (cp >> 12);
		o[1] = 0x80 | ((cp >> 6) & 0x3f);
		o[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	o[0] = 0xf0 | (cp >> 18);
	o[1] = 0x80 | ((cp >> 12) & 0x3f);
	o[2] = 0x80 | ((cp >> 6) & 0x3f);
	o[3] = 0x80 | (cp & 0x3f);
	return 4;
}

int
utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == 0xfffd && n == 1)
			return 0;
		i += n;
	}
	return 1;
}

static int
is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 &&
	    cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

/*
 * Invisible characters that hide text or tell apart two titles that
 * look the same: zero width space and joiner, word joiner, and the
 * byte order mark (zero width no-break space) in the middle of text.
 * (U+200C, the zero width non-joiner, stays: Persian needs it.)
 */
static int
is_invisible(uint32_t cp)
{
	return cp == 0x200b || cp == 0x200d || cp == 0x2060 || cp == 0xfeff;
}

/*
 * Skip an escape sequence whose introducer (ESC x or an 8-bit C1 code
 * point) was just read; `kind` is the final byte of the 7-bit form
 * ('[' CSI, ']' OSC, 'P' DCS, '_' APC, '^' PM, 'X' SOS).  Returns the
 * number of bytes of the body to skip.
 */
static size_t
skip_sequence(const char *s, size_t len, int kind)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	if (kind == '[') {
		/* parameters and intermediates, then one final byte 0x40-0x7e */
		while (i < len && p[i] >= 0x20 && p[i] <= 0x3f)
			i++;
		while (i < len && p[i] >= 0x20 && p[i] <= 0x2f)
			i++;
		if (i < len && p[i] >= 0x40 && p[i] <= 0x7e)
			i++;
		return i;
	}
	/*
	 * String sequences end at BEL, ESC \ or ST (U+009C).  One with no
	 * end is not a sequence a terminal would finish: only its
	 * introducer goes, and the rest of the text stays (it removed the
	 * rest of the field).
	 */
	while (i < len) {
		if (p[i] == 0x07)
			return i + 1;
		if (p[i] == 0x1b)
			return i + 1 < len && p[i + 1] == '\\' ? i + 2 : i + 1;
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == 0x9c)
			return i + n;
		i += n;
	}
	return 0;
}

char *
utf8_clean(const char *s, size_t len, int flags)
{
	struct buf b = BUF_INIT;
	size_t i = 0, n;
	uint32_t cp;
	char enc[4];
	int space = 1;	/* at start: drop leading space when collapsing */

	buf_grow(&b, len);
	b.s[0] = '\0';		/* everything may be removed */
	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		i += n;
		if (cp == 0x1b) {
			int k = i < len ? (unsigned char)s[i] : 0;

			if (k == '[' || k == ']' || k == 'P' || k == '_' ||
			    k == '^' || k == 'X') {
				i++;
				i += skip_sequence(s + i, len - i, k);
			} else if (k >= 0x20 && k <= 0x7e) {
				/* ESC + intermediates + final */
				while (i < len && (unsigned char)s[i] >= 0x20 &&
				    (unsigned char)s[i] <= 0x2f)
					i++;
				if (i < len)
					i++;
			}
			continue;
		}
		if (cp == 0x9b || cp == 0x9d || cp == 0x90 || cp == 0x9f ||
		    cp == 0x9e || cp == 0x98) {
			int k = cp == 0x9b ? '[' : cp == 0x9d ? ']' :
			    cp == 0x90 ? 'P' : cp == 0x9f ? '_' :
			    cp == 0x9e ? '^' : 'X';
			i += skip_sequence(s + i, len - i, k);
			continue;
		}
		if (cp == '\r' || cp == 0x2028 || cp == 0x2029)
			cp = '\n';	/* line and paragraph separators too */
		if (cp == '\n' || cp == '\t') {
			if (!(flags & UTF8_KEEP_NEWLINES))
				cp = ' ';
		} else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 &&
		    cp < 0xa0) || is_bidi_control(cp) || is_invisible(cp))
			continue;
		if (flags & UTF8_COLLAPSE_SPACE) {
			if (cp == ' ' || cp == '\t' || cp == '\n' ||
			    cp == 0xa0) {
				if (!space)
					buf_addc(&b, ' ');
				space = 1;
				continue;
			}
			space = 0;
		}
		if (cp == '\n' && b.len > 0 && b.s[b.len - 1] == '\n' &&
		    n == 1 && i >= 2 && s[i - 2] == '\r')
			continue;	/* \r\n counts once */
		buf_add(&b, enc, utf8_encode(cp, enc));
	}
	if ((flags & UTF8_COLLAPSE_SPACE) && b.len > 0 &&
	    b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	return buf_detach(&b);
}

int
utf8_cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1;
	return w;
}

size_t
utf8_width(const char *s)
{
	size_t len = strlen(s), i = 0, w = 0;
	uint32_t cp;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		w += utf8_cp_width(cp);
	}
	return w;
}

size_t
utf8_fit(const char *s, size_t cols, size_t *used)
{
	size_t len = strlen(s), i = 0, w = 0, n;
	uint32_t cp;
	int cw;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		cw = utf8_cp_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
		i += n;
	}
	if (used != NULL)
		*used = w;
	return i;
}

char *
utf8_truncate(const char *s, size_t cols, int ascii)
{
	const char *ell = ascii ? "..." : "\xe2\x80\xa6";
	size_t ellw = ascii ? 3 : 1, n;

	if (utf8_width(s) <= cols)
		return xstrdup(s);
	if (cols < ellw)
		return xstrndup(s, utf8_fit(s, cols, NULL));
	n = utf8_fit(s, cols - ellw, NULL);
	return xasprintf("%.*s%s", (int)n, s, ell);
}
