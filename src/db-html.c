/*
 * The store's HTML-to-text: what the search index holds (the SQL
 * function tidende_text() and the store's index writes call it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/buf.h"
#include "tidende/db-html.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

/* ----------------------------------------------------------- HTML text */

static const struct {
	const char	*name;
	uint32_t	 cp;
} db_entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", ' ' }, { "aelig", 0xe6 },
	{ "AElig", 0xc6 }, { "oslash", 0xf8 }, { "Oslash", 0xd8 },
	{ "aring", 0xe5 }, { "Aring", 0xc5 }, { "auml", 0xe4 },
	{ "Auml", 0xc4 }, { "ouml", 0xf6 }, { "Ouml", 0xd6 },
	{ "uuml", 0xfc }, { "Uuml", 0xdc }, { "eacute", 0xe9 },
	{ "Eacute", 0xc9 }, { "egrave", 0xe8 }, { "szlig", 0xdf },
	{ "hellip", 0x2026 }, { "mdash", 0x2014 }, { "ndash", 0x2013 },
	{ "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "ldquo", 0x201c },
	{ "rdquo", 0x201d }, { "laquo", 0xab }, { "raquo", 0xbb },
	{ "copy", 0xa9 }, { "shy", 0 }, { "zwnj", 0 },
};

/* Decode the entity at s ('&'); returns bytes used, 0 if not one. */
static size_t
db_entity(const char *s, struct buf *out)
{
	char name[16], enc[4];
	unsigned long cp;
	char *end;
	size_t i, n;

	if (s[1] == '#') {
		if (s[2] == 'x' || s[2] == 'X')
			cp = strtoul(s + 3, &end, 16);
		else
			cp = strtoul(s + 2, &end, 10);
		if (end == s + 2 || end == s + 3 || *end != ';')
			return 0;
		if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)
		    || cp < 0x20)
			cp = ' ';
		buf_add(out, enc, utf8_encode((uint32_t)cp, enc));
		return end - s + 1;
	}
	for (n = 1; n < sizeof name && s[n] != ';' && s[n] != '\0'; n++)
		name[n - 1] = s[n];
	if (s[n] != ';')
		return 0;
	name[n - 1] = '\0';
	for (i = 0; i < sizeof db_entities / sizeof db_entities[0]; i++) {
		if (strcmp(db_entities[i].name, name) != 0)
			continue;
		if (db_entities[i].cp != 0)
			buf_add(out, enc, utf8_encode(db_entities[i].cp, enc));
		return n + 1;
	}
	return 0;
}

/*
 * HTML to plain text for the search index, cheaply: tags become spaces,
 * script and style are dropped, entities decoded, white space collapsed.
 */
/* The bytes that end a plain run in db_html_text(). */
static const unsigned char db_html_stop[256] = {
	['\0'] = 1, ['<'] = 1, ['&'] = 1, [' '] = 1, ['\t'] = 1,
	['\n'] = 1, ['\r'] = 1,
};

char *
db_html_text(const char *html)
{
	struct buf out = BUF_INIT;
	const char *p = html, *end;
	size_t n;
	int space = 1;

	if (html == NULL)
		return xstrdup("");
	buf_grow(&out, strlen(html) + 1);
	while (*p != '\0') {
		/*
		 * Plain text runs are copied whole (a table, not strcspn():
		 * runs are short, and strcspn's setup cost more than them).
		 * A run goes on over one space between two words: only runs
		 * of white space change.
		 */
		for (n = 0;; n++) {
			if (!db_html_stop[(unsigned char)p[n]])
				continue;
			if (p[n] == ' ' && n > 0 &&
			    !db_html_stop[(unsigned char)p[n + 1]])
				continue;
			break;
		}
		if (n > 0) {
			buf_add(&out, p, n);
			p += n;
			space = 0;
			continue;
		}
		if (*p == '<') {
			if (strncasecmp(p, "<script", 7) == 0 ||
			    strncasecmp(p, "<style", 6) == 0) {
				end = strcasestr(p, p[1] == 's' &&
				    (p[2] == 'c' || p[2] == 'C') ?
				    "</script" : "</style");
				if (end == NULL)
					break;
				p = end + 2;
			} else if (strncmp(p, "<!--", 4) == 0) {
				if ((end = strstr(p, "-->")) == NULL)
					break;
				p = end + 2;
			}
			if ((end = strchr(p, '>')) == NULL)
				break;
			p = end + 1;
			if (!space) {
				buf_addc(&out, ' ');
				space = 1;
			}
			continue;
		}
		if (*p == '&' && (n = db_entity(p, &out)) != 0) {
			p += n;
			if (out.len > 0 && out.s[out.len - 1] == ' ') {
				if (space)
					out.s[--out.len] = '\0';
				space = 1;
			} else
				space = 0;
			continue;
		}
		if (*p == '&') {
			buf_addc(&out, '&');
			space = 0;
		} else {
			if (!space)
				buf_addc(&out, ' ');
			space = 1;
		}
		p++;
	}
	if (out.len > 0 && out.s[out.len - 1] == ' ')
		out.s[--out.len] = '\0';
	return buf_detach(&out);
}

