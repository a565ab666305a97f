/*
 * libFuzzer target for the text cleaner every feed string passes through:
 * utf8_clean() must always return valid UTF-8 with no control or escape
 * bytes left, no C1 control and no bidi control (checked by fuzz-check.h's
 * own decoder, not utf8_valid()), and the width helpers must agree with it.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/utf8.h"

#include "fuzz-check.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_clean(const char *s)
{
	const unsigned char *p;
	size_t len = strlen(s);

	assert(utf8_valid(s, len));
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		assert(*p != 0x1b && *p != 0x7f);
		assert(*p >= 0x20 || *p == '\n' || *p == '\t');
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	char *s, *t;
	size_t cols, used, n;
	int flags;

	if (size < 1)
		return 0;
	flags = data[0] & (UTF8_KEEP_NEWLINES | UTF8_COLLAPSE_SPACE);
	cols = data[0] >> 2;
	s = utf8_clean(in + 1, size - 1, flags);
	check_clean(s);
	fuzz_text_safe(s, strlen(s), flags & UTF8_KEEP_NEWLINES);

	n = utf8_fit(s, cols, &used);
	assert(n <= strlen(s) && used <= cols);
	t = utf8_truncate(s, cols, data[0] & 0x80);
	assert(utf8_valid(t, strlen(t)));
	fuzz_text_safe(t, strlen(t), flags & UTF8_KEEP_NEWLINES);
	assert(utf8_width(t) <= cols);
	free(t);
	free(s);
	return 0;
}
