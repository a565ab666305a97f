/*
 * A byte filter in front of libxml2 for the commonest damage in feeds: a
 * bare '&' ("?a=1&b=2") becomes "&amp;" instead of being dropped.  Markup,
 * CDATA, comments and the DOCTYPE pass untouched; chunk boundaries wait.
 */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "tidende/buf.h"

#include "parse-private.h"

enum {
	FX_TEXT = 0,
	FX_TAG,
	FX_CDATA,
	FX_COMMENT,
	FX_PI,
	FX_DECL,
};

#define FX_LOOKAHEAD	40	/* longest reference checked */

/*
 * The index of the first byte in s that is a, b, c or d (len if none):
 * what ends a run of text ('&' '<') or of a tag's inside ('&' '>' quotes).
 * Sixteen bytes a step with SSE2.
 */
static size_t
span_to(const unsigned char *s, size_t len, unsigned char a, unsigned char b,
    unsigned char c, unsigned char d)
{
	size_t i = 0;

#if defined(__SSE2__) && defined(__GNUC__)
	const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b),
	    vc = _mm_set1_epi8((char)c), vd = _mm_set1_epi8((char)d);
	__m128i v;
	unsigned m;

	for (; i + 16 <= len; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
		    _mm_or_si128(_mm_cmpeq_epi8(v, vc), _mm_cmpeq_epi8(v, vd))));
		if (m != 0)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (; i < len; i++)
		if (s[i] == a || s[i] == b || s[i] == c || s[i] == d)
			break;
	return i;
}

static int
name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    c == ':' || c >= 0x80;
}

static int
name_char(unsigned char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' ||
	    c == '.';
}

/*
 * Is the '&' at s[0] a well-formed reference?  1 yes, 2 yes but with an
 * upper-case X, 0 no, -1 cannot tell yet (the chunk ends first).
 */
static int
is_reference(const unsigned char *s, size_t len)
{
	size_t i = 1, lim = len < FX_LOOKAHEAD ? len : FX_LOOKAHEAD;

	if (i >= lim)
		return len < FX_LOOKAHEAD ? -1 : 0;
	/* the usual ones first */
	if (len >= 4 && (s[1] == 'l' || s[1] == 'g') && s[2] == 't' &&
	    s[3] == ';')
		return 1;
	if (len >= 5 && s[1] == 'a' && s[2] == 'm' && s[3] == 'p' &&
	    s[4] == ';')
		return 1;
	if (s[i] == '#') {
		i++;
		if (i < lim && (s[i] == 'x' || s[i] == 'X')) {
			int upper = s[i] == 'X';

			i++;
			while (i < lim && ((s[i] >= '0' && s[i] <= '9') ||
			    (s[i] >= 'a' && s[i] <= 'f') ||
			    (s[i] >= 'A' && s[i] <= 'F')))
				i++;
			if (i < lim)
				return s[i] == ';' && i > 3 ? 1 + upper : 0;
		} else {
			while (i < lim && s[i] >= '0' && s[i] <= '9')
				i++;
			if (i < lim)
				return s[i] == ';' && i > 2;
		}
		return len < FX_LOOKAHEAD ? -1 : 0;
	}
	if (!name_start(s[i]))
		return 0;
	while (i < lim && name_char(s[i]))
		i++;
	if (i < lim)
		return s[i] == ';';
	return len < FX_LOOKAHEAD ? -1 : 0;
}

/*
 * Index of the end of `pat` in s, or -1.  memchr for its first byte, which
 * is rare in text, is several times faster than memmem here.
 */
static long
find(const char *s, size_t len, const char *pat)
{
	size_t plen = strlen(pat), i = 0;
	const char *p;

	while (i + plen <= len &&
	    (p = memchr(s + i, pat[0], len - i - plen + 1)) != NULL) {
		i = p - s;
		if (memcmp(p, pat, plen) == 0)
			return (long)(i + plen);
		i++;
	}
	return -1;
}

/*
 * Filter data (len bytes).  Returns the number of bytes consumed: the rest
 * must be given again with more data after it (or with final set).  When
 * something was repaired the output for the consumed bytes is in out, else
 * out is left empty and the bytes go as they are.
 */
size_t
parse_fix_amp(struct fixstate *fx, const char *data, size_t len, int final,
    struct buf *out)
{
	const unsigned char *u = (const unsigned char *)data;
	size_t i = 0, done = 0;
	long e;
	int r;

	while (i < len) {
		switch (fx->state) {
		case FX_TEXT:
		case FX_TAG:
			if (fx->state == FX_TEXT)
				i += span_to(u + i, len - i, '&', '<', '<', '<');
			else
				i += span_to(u + i, len - i, '&', '>', '"',
				    '\'');
			if (i >= len)
				break;
			if (u[i] == '&') {
				r = is_reference(u + i, len - i);
				if (r < 0 && !final)
					goto wait;
				if (r <= 0) {
					buf_add(out, data + done, i - done);
					buf_adds(out, "&amp;");
					done = i + 1;
					fx->repaired++;
				} else if (r == 2) {
					/* "&#X41;": HTML's, not XML's */
					buf_add(out, data + done, i - done);
					buf_adds(out, "&#x");
					done = i + 3;
					i += 2;
				}
				i++;
			} else if (fx->state == FX_TAG) {
				if (u[i] == '>' && fx->quote == 0)
					fx->state = FX_TEXT;
				else if (u[i] == fx->quote)
					fx->quote = 0;
				else if (fx->quote == 0 && u[i] != '>')
					fx->quote = u[i];
				i++;
			} else {
				/* '<' in text: what follows decides */
				if (len - i < 9 && !final)
					goto wait;
				if (len - i >= 9 && memcmp(data + i,
				    "<![CDATA[", 9) == 0) {
					fx->state = FX_CDATA;
					i += 9;
				} else if (len - i >= 4 && memcmp(data + i,
				    "<!--", 4) == 0) {
					fx->state = FX_COMMENT;
					i += 4;
				} else if (len - i >= 2 && data[i + 1] == '!') {
					fx->state = FX_DECL;
					fx->depth = 0;
					i += 2;
				} else if (len - i >= 2 && data[i + 1] == '?') {
					fx->state = FX_PI;
					i += 2;
				} else {
					fx->state = FX_TAG;
					fx->quote = 0;
					i++;
				}
			}
			break;
		case FX_CDATA:
		case FX_COMMENT:
		case FX_PI:
			e = find(data + i, len - i, fx->state == FX_CDATA ?
			    "]]>" : fx->state == FX_COMMENT ? "-->" : "?>");
			if (e < 0) {
				/* keep the last two bytes: a cut "]]>" */
				if (len - i > 2)
					i = len - 2;
				if (!final)
					goto wait;
				i = len;
				break;
			}
			i += e;
			fx->state = FX_TEXT;
			break;
		case FX_DECL:
			for (; i < len; i++) {
				unsigned char c = u[i];

				if (fx->quote != 0) {
					if (c == fx->quote)
						fx->quote = 0;
				} else if (c == '"' || c == '\'')
					fx->quote = c;
				else if (c == '[')
					fx->depth++;
				else if (c == ']' && fx->depth > 0)
					fx->depth--;
				else if (c == '>' && fx->depth == 0) {
					i++;
					fx->state = FX_TEXT;
					break;
				}
			}
			break;
		}
	}
	if (done > 0)
		buf_add(out, data + done, len - done);
	return len;
wait:
	if (done > 0)
		buf_add(out, data + done, i - done);
	return i;
}
