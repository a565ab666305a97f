/*
 * JSON output helpers.
 */
#include <stdio.h>
#include <string.h>

#include "tidende/date.h"
#include "tidende/feed.h"
#include "tidende/json.h"
#include "tidende/utf8.h"

void
json_add_string(struct buf *b, const char *s)
{
	size_t len, i = 0, n;
	uint32_t cp;
	char enc[4];

	if (s == NULL) {
		buf_adds(b, "null");
		return;
	}
	len = strlen(s);
	buf_addc(b, '"');
	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		i += n;
		switch (cp) {
		case '"':	buf_adds(b, "\\\""); break;
		case '\\':	buf_adds(b, "\\\\"); break;
		case '\n':	buf_adds(b, "\\n"); break;
		case '\t':	buf_adds(b, "\\t"); break;
		case '\r':	buf_adds(b, "\\r"); break;
		default:
			if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 &&
			    cp < 0xa0) || cp == 0x2028 || cp == 0x2029)
				buf_printf(b, "\\u%04x", (unsigned)cp);
			else
				buf_add(b, enc, utf8_encode(cp, enc));
		}
	}
	buf_addc(b, '"');
}

void
json_add_date(struct buf *b, int64_t t)
{
	char d[32];

	if (t == FEED_NO_DATE) {
		buf_adds(b, "null");
		return;
	}
	date_format_rfc3339(t, d, sizeof d);
	json_add_string(b, d);
}
