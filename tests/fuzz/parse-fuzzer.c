/*
 * libFuzzer target for the feed parser: the input is parsed whole with
 * parse_feed(), then again pushed in chunks whose sizes come from the
 * input, as the fetcher does, and the JSON escaper is run on the results.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/buf.h"
#include "tidende/feed.h"
#include "tidende/json.h"
#include "tidende/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
use_item(struct item *it, const struct parsed_feed *pf, void *arg)
{
	struct buf *b = arg;
	size_t i;

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
	    &pf, &w, &cause) == STATUS_OK)
		feed_parsed_free(&pf);
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
