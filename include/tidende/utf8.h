/*
 * UTF-8: repairing, cleaning untrusted text, display width.
 * Returned char * are owned by the caller.
 */
#ifndef TIDENDE_UTF8_H
#define TIDENDE_UTF8_H

#include <stddef.h>
#include <stdint.h>

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
 * bidi embedding/override/isolate marks and whole escape sequences
 * (CSI, OSC, DCS, APC, PM, SOS, 7- and 8-bit) are removed.
 */
char	*utf8_clean(const char *s, size_t len, int flags);
/* In place variant for a NUL-terminated heap string; returns it. */
char	*utf8_clean_inplace(char *s, int flags);

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

#endif
