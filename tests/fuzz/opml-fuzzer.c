/*
 * libFuzzer target for OPML import: whatever the document, every feed it
 * yields is a plain http(s) URL (by libcurl's URL parser, fuzz-check.h, not
 * by opml_url_ok(), the filter under test), its title and tags carry no
 * control, C1 or bidi character, and the `feed` line written for it reads
 * back as the same URL, title and tags.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/config.h"
#include "tidende/opml.h"
#include "tidende/options.h"

#include "fuzz-check.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct opml o;
	struct config cfg;
	struct feed_conf *fc;
	char *cause = NULL, *line;
	size_t i, j;

	if (opml_parse((const char *)data, size, &o, &cause) != STATUS_OK) {
		assert(cause != NULL);
		free(cause);
		return 0;
	}
	memset(&cfg, 0, sizeof cfg);
	for (i = 0; i < o.nfeeds; i++) {
		fuzz_url_http(o.feeds[i].url);
		if (o.feeds[i].title != NULL)
			fuzz_text_safe(o.feeds[i].title,
			    strlen(o.feeds[i].title), 0);
		for (j = 0; j < o.feeds[i].ntags; j++)
			fuzz_text_safe(o.feeds[i].tags[j],
			    strlen(o.feeds[i].tags[j]), 0);
		line = opml_feed_line(&o.feeds[i]);
		assert(config_apply_line(&cfg, line, &cause) == STATUS_OK);
		free(line);
		fc = &cfg.feeds[cfg.nfeeds - 1];
		assert(strcmp(fc->url, o.feeds[i].url) == 0);
		assert((fc->title == NULL && (o.feeds[i].title == NULL ||
		    *o.feeds[i].title == '\0')) || (fc->title != NULL &&
		    o.feeds[i].title != NULL &&
		    strcmp(fc->title, o.feeds[i].title) == 0));
		assert(fc->ntags == o.feeds[i].ntags);
		for (j = 0; j < fc->ntags; j++)
			assert(strcmp(fc->tags[j], o.feeds[i].tags[j]) == 0);
	}
	config_free(&cfg);
	opml_free(&o);
	return 0;
}
