/*
 * libFuzzer target for the feed parser: the input is parsed whole with
 * parse_feed(), then again pushed in chunks whose sizes come from the
 * input, as the fetcher does, and the JSON escaper is run on the results.
 * Checked by fuzz-check.h's own code: titles, authors and categories carry
 * no control, C1 or bidi character, and the JSON written holds no raw
 * control or C1 character (ESC included) and is valid UTF-8.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/buf.h"
#include "tidende/feed.h"
#include "tidende/json.h"
#include "tidende/parse.h"

#include "fuzz-check.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
text_safe(const char *s)
{
	if (s != NULL)
		fuzz_text_safe(s, strlen(s), 0);
}

/* JSON text: valid UTF-8, no raw C0, DEL or C1 (escaped as \\uXXXX). */
static void
json_safe(const struct buf *b)
{
	const unsigned char *s = (const unsigned char *)b->s;
	size_t i = 0, n;
	uint32_t c;

	while (s != NULL && i < b->len) {
		n = fuzz_decode(s + i, b->len - i, &c);
		assert(n > 0);
		assert(c >= 0x20 && c != 0x7f && (c < 0x80 || c > 0x9f));
		i += n;
	}
}

static void
use_item(struct item *it, const struct parsed_feed *pf, void *arg)
{
	struct buf *b = arg;
	size_t i;

	text_safe(it->title);
	text_safe(it->author);
	for (i = 0; i < it->ncategories; i++)
		text_safe(it->categories[i]);

	buf_reset(b);
	json_add_string(b, it->id);
	json_add_string(b, it->title);
	json_add_string(b, it->link);
	json_add_string(b, it->author);
	json_add_string(b, it->summary);
	json_add_string(b, it->content);
	json_add_date(b, it->published);
	for (i = 0; i < it->ncategories; i++)
		json_add_string(b, it->categories[i]);
	for (i = 0; i < it->nenclosures; i++)
		json_add_string(b, it->enclosures[i].url);
	json_safe(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parsed_feed pf;
	struct parser *p;
	struct buf b = BUF_INIT;
	char *w = NULL, *cause = NULL;
	size_t off = 0, n, step;

	if (parse_feed((const char *)data, size, "https://example.com/a/",
	    &pf, &w, &cause) == STATUS_OK) {
		text_safe(pf.title);
		for (n = 0; n < pf.nitems; n++) {
			text_safe(pf.items[n].title);
			text_safe(pf.items[n].author);
		}
		feed_parsed_free(&pf);
	}
	free(w);
	free(cause);
	w = cause = NULL;

	step = size > 0 ? (data[0] % 61) + 1 : 1;
	p = parse_new(NULL, size > 1 && (data[1] & 1) ? "iso-8859-1" : NULL,
	    use_item, &b);
	while (off < size) {
		n = size - off < step ? size - off : step;
		if (parse_push(p, (const char *)data + off, n, &cause) !=
		    STATUS_OK)
			break;
		off += n;
	}
	free(cause);	/* parse_finish() gives its own */
	cause = NULL;
	feed_parsed_init(&pf);
	if (parse_finish(p, &pf, &w, &cause) == STATUS_OK)
		feed_parsed_free(&pf);
	parse_free(p);
	free(w);
	free(cause);
	buf_free(&b);
	return 0;
}
