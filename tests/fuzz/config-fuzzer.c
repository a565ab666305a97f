/*
 * libFuzzer target for the config parser: any text either loads or gives
 * one error; a loaded config only holds feed URLs of the schemes a `feed`
 * line accepts (checked here by code of its own, not config_url_ok()), and
 * freeing it leaves nothing behind.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidende/config.h"
#include "tidende/keys.h"
#include "tidende/options.h"
#include "tidende/xmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* exec:COMMAND, or http://, https://, file:// and more, with no space or
 * control character. */
static void
check_feed_url(const char *url)
{
	static const char *schemes[] = { "http://", "https://", "file://" };
	size_t i, n;

	if (strncasecmp(url, "exec:", 5) == 0) {
		assert(url[5] != '\0');
		return;
	}
	for (i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
		n = strlen(schemes[i]);
		if (strncasecmp(url, schemes[i], n) == 0 && url[n] != '\0')
			break;
	}
	assert(i < sizeof schemes / sizeof schemes[0]);
	for (; *url != '\0'; url++)
		assert((unsigned char)*url > 0x20 && *url != 0x7f);
}

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
			check_feed_url(cfg.feeds[i].url);
	} else {
		assert(cause != NULL && *cause != '\0');
		free(cause);
	}
	config_free(&cfg);
	options_free();
	free(text);
	return 0;
}
