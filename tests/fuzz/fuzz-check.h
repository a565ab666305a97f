/*
 * Properties the fuzz targets check, written apart from the code they
 * check: a target that asserted opml_url_ok() on opml_parse()'s output, or
 * utf8_valid() on utf8_clean()'s, could not see a bug the two share.
 *
 *   fuzz_text_safe(s, len, newlines)  valid UTF-8 (no overlong forms, no
 *	surrogates, nothing past U+10FFFF), no C0 control but tab (and
 *	newline when allowed), no DEL, no C1 control (U+0080-U+009F, which
 *	holds the 8-bit CSI), no bidi control (U+061C, U+200E, U+200F,
 *	U+202A-U+202E, U+2066-U+2069); ESC is a C0 control.
 *   fuzz_url_http(url)  it begins http:// or https:// with something
 *	after; no space, control, quote or backslash (the config's quoting
 *	characters); and when libcurl's URL parser takes it, libcurl too
 *	sees the scheme http or https and a host.  (That libcurl takes every
 *	URL the OPML filter accepts does not hold: opml_url_ok() accepts
 *	"https://www.pioneerspost.c]om/rss.xml", which libcurl refuses as a
 *	bad host; harmless, as the fetch then fails, and left to the
 *	config area; see corpus/opml/curl-refuses-host.)
 */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

/* One code point from s (len > 0); 0 on any invalid sequence. */
static inline size_t
fuzz_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t n, i;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2; c = s[0] & 0x1f; min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3; c = s[0] & 0x0f; min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4; c = s[0] & 0x07; min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static inline void
fuzz_text_safe(const char *text, size_t len, int newlines)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, n;
	uint32_t c;

	while (i < len) {
		n = fuzz_decode(s + i, len - i, &c);
		assert(n > 0);				/* valid UTF-8 */
		assert(c >= 0x20 || c == '\t' || (newlines && c == '\n'));
		assert(c != 0x7f);
		assert(c < 0x80 || c > 0x9f);		/* C1 */
		assert(c != 0x061c && c != 0x200e && c != 0x200f);
		assert(c < 0x202a || c > 0x202e);
		assert(c < 0x2066 || c > 0x2069);
		i += n;
	}
}

static inline void
fuzz_url_http(const char *url)
{
	const unsigned char *p;
	CURLU *u;
	char *scheme = NULL, *host = NULL;

	for (p = (const unsigned char *)url; *p != '\0'; p++)
		assert(*p > 0x20 && *p != 0x7f && *p != '"' && *p != '\\');
	assert((strncasecmp(url, "http://", 7) == 0 && url[7] != '\0') ||
	    (strncasecmp(url, "https://", 8) == 0 && url[8] != '\0'));
	u = curl_url();
	assert(u != NULL);
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		return;
	}
	assert(curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK);
	assert(strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0);
	assert(strncasecmp(url, scheme, strlen(scheme)) == 0);
	assert(curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK);
	assert(*host != '\0');
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
}

#endif
