/*
 * libFuzzer target for discovery's link scan: whatever the page, every
 * feed discover_html_links() returns has an absolute http(s) URL with no
 * space or control byte, a known format, a title that is one clean line
 * of valid UTF-8 (or none), no URL twice, and at most DISCOVER_MAX_LINKS.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidende/discover.h"
#include "tidende/utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct discover_feed *f;
	const unsigned char *p;
	size_t n, i, k;

	if (size > 256 * 1024)
		return 0;
	n = discover_html_links((const char *)data, size,
	    "http://site.example/dir/page?x=1", NULL, &f);
	assert(n <= DISCOVER_MAX_LINKS);
	for (i = 0; i < n; i++) {
		assert(strncasecmp(f[i].url, "http://", 7) == 0 ||
		    strncasecmp(f[i].url, "https://", 8) == 0);
		for (p = (const unsigned char *)f[i].url; *p != '\0'; p++)
			assert(*p > 0x20 && *p != 0x7f);
		assert(strncmp(f[i].format, "application/", 12) == 0);
		for (k = 0; k < i; k++)
			assert(strcmp(f[k].url, f[i].url) != 0);
		if (f[i].title == NULL)
			continue;
		assert(*f[i].title != '\0');
		assert(utf8_valid(f[i].title, strlen(f[i].title)));
		for (p = (const unsigned char *)f[i].title; *p != '\0'; p++) {
			assert(*p >= 0x20 && *p != 0x7f);
			assert(!(p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f));
		}
	}
	discover_feeds_free(f, n);
	return 0;
}
