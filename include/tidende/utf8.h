/*
 * UTF-8: repairing, cleaning untrusted text, display width.
 * Returned char * are owned by the caller.
 */
#ifndef TIDENDE_UTF8_H
#define TIDENDE_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* utf8_clean() flags */
#define UTF8_KEEP_NEWLINES	0x1	/* keep \n and \t (else become spaces) */
#define UTF8_COLLAPSE_SPACE	0x2	/* runs of white space -> one space, trimmed */

/*
 * Decode one code point at s (len bytes available).  Returns the number of
 * bytes used (1..4); invalid or truncated sequences return 1 and set *cp to
 * U+FFFD.
 */
size_t	 utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns the length. */
size_t	 utf8_encode(uint32_t cp, char *out);
int	 utf8_valid(const char *s, size_t len);

/*
 * Make untrusted text safe to store and draw: invalid UTF-8 becomes U+FFFD;
 * C0 controls (but \t and \n with UTF8_KEEP_NEWLINES), DEL, C1 controls,
 * bidi embedding/override/isolate marks, invisible characters (U+200B,
 * U+200D, U+2060, U+FEFF) and whole escape sequences (CSI, OSC, DCS, APC,
 * PM, SOS, 7- and 8-bit; of a string sequence with no end, only its
 * introducer) are removed; \r, U+2028 and U+2029 are newlines.
 */
char	*utf8_clean(const char *s, size_t len, int flags);

/* Display width of a code point (0, 1 or 2; control -> 0). */
int	 utf8_cp_width(uint32_t cp);
/* Display width of a string. */
size_t	 utf8_width(const char *s);
/*
 * The byte length of the longest prefix of s that fits in `cols` columns.
 * *used (if not NULL) gets the width of that prefix.
 */
size_t	 utf8_fit(const char *s, size_t cols, size_t *used);
/*
 * A copy of s cut to at most `cols` columns; when cut, ends with an
 * ellipsis ("…", or "..." when ascii is set).
 */
char	*utf8_truncate(const char *s, size_t cols, int ascii);

/*
 * Word-at-a-time scans for the hot loops (parser, JSON output): the length
 * of the run of printable ASCII (0x20-0x7e) at the start of s, stopping
 * also at the bytes stop1 and stop2 (0x7f, a stop anyway, for none).
 * Sixteen bytes a step with SSE2, else eight in a 64-bit word; the byte
 * that ends the run is the lowest set bit of the step's mask (in the word
 * mask too: a borrow only runs upwards).
 */
#define UTF8_ONES	0x0101010101010101ULL
#define UTF8_HIGHS	0x8080808080808080ULL
#define UTF8_HASZERO(w)	(((w) - UTF8_ONES) & ~(w) & UTF8_HIGHS)

static inline size_t
utf8_ascii_span(const unsigned char *s, size_t len, unsigned char stop1,
    unsigned char stop2)
{
	size_t i = 0;
	uint64_t w, m;

#if defined(__SSE2__) && defined(__GNUC__)
	const __m128i lo = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f),
	    s1 = _mm_set1_epi8((char)stop1), s2 = _mm_set1_epi8((char)stop2);
	__m128i v, bad;
	unsigned mask;

	for (; i + 16 <= len; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* signed: bytes >= 0x80 are negative, so below 0x20 too */
		bad = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, lo),
		    _mm_cmpeq_epi8(v, del)), _mm_or_si128(_mm_cmpeq_epi8(v,
		    s1), _mm_cmpeq_epi8(v, s2)));
		if ((mask = (unsigned)_mm_movemask_epi8(bad)) != 0)
			return i + (size_t)__builtin_ctz(mask);
	}
#endif
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		m = (w & UTF8_HIGHS) |
		    ((w - 0x20 * UTF8_ONES) & ~w & UTF8_HIGHS) |
		    UTF8_HASZERO(w ^ (0x7f * UTF8_ONES)) |
		    UTF8_HASZERO(w ^ (stop1 * UTF8_ONES)) |
		    UTF8_HASZERO(w ^ (stop2 * UTF8_ONES));
		if (m != 0) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return i + (size_t)__builtin_ctzll(m) / 8;
#else
			break;
#endif
		}
	}
	for (; i < len; i++)
		if (s[i] < 0x20 || s[i] >= 0x7f || s[i] == stop1 ||
		    s[i] == stop2)
			break;
	return i;
}

#endif
