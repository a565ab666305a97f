/*
 * libFuzzer target for the config parser: any text either loads or gives
 * gives one error; a loaded config only holds feed URLs a
 * `feed` line accepts, and freeing it leaves nothing behind.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/config.h"
#include "tidende/keys.h"
#include "tidende/options.h"
#include "tidende/xmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	char *text, *cause = NULL;
	size_t i;

	if (size > 65536)
		return 0;
	text = xstrndup((const char *)data, size);
	options_init();
	keys_clear();
	memset(&cfg, 0, sizeof cfg);
	/* No name: no location in messages, and no `include` of real files. */
	if (config_load_text(&cfg, NULL, text, &cause) == STATUS_OK) {
		assert(cause == NULL);
		for (i = 0; i < cfg.nfeeds; i++)
			assert(config_url_ok(cfg.feeds[i].url));
	} else {
		assert(cause != NULL && *cause != '\0');
		free(cause);
	}
	config_free(&cfg);
	options_free();
	free(text);
	return 0;
}
