/*
 * libFuzzer target for the article renderer: whatever the HTML, every
 * line html_render() returns is valid UTF-8 without control or escape
 * bytes, spans stay inside their line, wrapped text (not pre) fits the
 * width, and html_to_text() is one clean line.  The same bytes as a web
 * page: extract_article() finds an article or says why not, and what it
 * finds is valid UTF-8 that renders to clean lines.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/extract.h"
#include "tidende/html.h"
#include "tidende/utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_clean(const char *s, int newlines)
{
	const unsigned char *p;

	assert(utf8_valid(s, strlen(s)));
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		assert(*p != 0x1b && *p != 0x7f);
		assert(*p >= 0x20 || (newlines && *p == '\n'));
		/* no C1 control (U+0080..U+009F) */
		assert(!(p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rendered r;
	char *html, *s;
	size_t width, i, j, len;

	if (size < 1 || size > 65536)
		return 0;
	width = data[0] % 100 + 1;
	html = malloc(size);
	memcpy(html, data + 1, size - 1);
	html[size - 1] = '\0';

	html_render(html, "https://example.com/a/", width, &r);
	for (i = 0; i < r.nlines; i++) {
		check_clean(r.lines[i].text, 0);
		len = strlen(r.lines[i].text);
		for (j = 0; j < r.lines[i].nspans; j++)
			assert(r.lines[i].spans[j].start +
			    r.lines[i].spans[j].len <= len);
	}
	for (i = 0; i < r.nlinks; i++)
		check_clean(r.links[i].url, 0);
	html_rendered_free(&r);

	s = html_to_text(html);
	check_clean(s, 0);
	free(s);

	{
		struct extract_result ex;
		char *cause = NULL;

		if (extract_article(html, size - 1, "https://example.com/a/",
		    data[0] & 1 ? "windows-1252" : NULL, &ex, &cause) ==
		    STATUS_OK) {
			assert(cause == NULL);
			assert(utf8_valid(ex.html, strlen(ex.html)));
			html_render(ex.html, "https://example.com/a/", 80, &r);
			for (i = 0; i < r.nlines; i++)
				check_clean(r.lines[i].text, 0);
			html_rendered_free(&r);
			extract_result_free(&ex);
		} else {
			assert(cause != NULL);
			free(cause);
		}
	}
	free(html);
	return 0;
}
