/*
 * Text of feed fields: HTML to plain text (tags removed, character
 * references decoded, white space collapsed), and cleaning of what is kept
 * as markup so that no control character or escape sequence survives.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/buf.h"
#include "tidende/html-text.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#include "parse-private.h"

static int
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}


char *
parse_text_plain(const char *s, size_t len)
{
	size_t i;

	/* already plain: one space between words, nothing to remove */
	if (len > 0 && s[0] != ' ' && s[len - 1] != ' ' &&
	    html_text_is_clean(s, len)) {
		for (i = 0; i < len; i++)
			if (s[i] == '\n' || s[i] == '\t' || (i + 1 < len &&
			    ((s[i] == ' ' && s[i + 1] == ' ') ||
			    ((unsigned char)s[i] == 0xc2 &&
			    (unsigned char)s[i + 1] == 0xa0))))
				break;
		if (i == len)
			return xstrndup(s, len);
	}
	return utf8_clean(s, len, UTF8_COLLAPSE_SPACE);
}

char *
parse_text_markup(const char *s, size_t len)
{
	if (html_text_is_clean(s, len))
		return xstrndup(s, len);
	return utf8_clean(s, len, UTF8_KEEP_NEWLINES);
}

int
parse_text_looks_html(const char *s, size_t len)
{
	size_t i, j;

	for (i = 0; i + 1 < len; i++) {
		if (s[i] == '<' && s[i + 1] == '/') {
			for (j = i + 2; j < len && is_alnum((unsigned char)s[j]);
			    j++)
				;
			if (j > i + 2 && j < len && s[j] == '>')
				return 1;
		} else if (s[i] == '&') {
			j = i + 1;
			if (j < len && s[j] == '#')
				j++;
			while (j < len && (is_alnum((unsigned char)s[j]) ||
			    s[j] == '_'))
				j++;
			if (j > i + 1 && j < len && s[j] == ';')
				return 1;
		}
	}
	return 0;
}

void
parse_text_escape(struct buf *b, const char *s, size_t len, int attr)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		const char *r = NULL;

		switch (s[i]) {
		case '&':	r = "&amp;"; break;
		case '<':	r = "&lt;"; break;
		case '>':	r = "&gt;"; break;
		case '"':	r = attr ? "&quot;" : NULL; break;
		}
		if (r == NULL)
			continue;
		buf_add(b, s + start, i - start);
		buf_adds(b, r);
		start = i + 1;
	}
	buf_add(b, s + start, len - start);
}
