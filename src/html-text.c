/*
 * HTML as plain text, one set of rules (see include/tidende/html-text.h):
 * the named references are libxml2's own table, indexed once by name.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "tidende/buf.h"
#include "tidende/html-text.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

/*
 * libxml2 2.9 gives no way to walk its table but by value: its highest is
 * U+2666 (&diams;), the last of HTML 4.  Reading values 0..U+2666 once
 * takes under a millisecond.
 */
#define HTML_TEXT_ENTITY_MAX	0x2666
#define HTML_TEXT_ENTITIES	512	/* room; libxml2 2.9 has 253 */

static struct html_entity html_text_table[HTML_TEXT_ENTITIES];
static size_t html_text_n;
static pthread_once_t html_text_once = PTHREAD_ONCE_INIT;

static int
html_text_entity_cmp(const void *a, const void *b)
{
	const struct html_entity *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static void
html_text_index(void)
{
	const htmlEntityDesc *d;
	struct html_entity *e;
	unsigned int v;

	for (v = 0; v <= HTML_TEXT_ENTITY_MAX &&
	    html_text_n < HTML_TEXT_ENTITIES; v++) {
		if ((d = htmlEntityValueLookup(v)) == NULL || d->name == NULL)
			continue;
		e = &html_text_table[html_text_n++];
		e->name = d->name;
		e->len = (unsigned char)utf8_encode(d->value, e->utf8);
		e->utf8[e->len] = '\0';
	}
	qsort(html_text_table, html_text_n, sizeof html_text_table[0],
	    html_text_entity_cmp);
}

const struct html_entity *
html_text_entities(size_t *n)
{
	pthread_once(&html_text_once, html_text_index);
	*n = html_text_n;
	return html_text_table;
}

const struct html_entity *
html_text_entity_find(const char *name, size_t len)
{
	size_t lo = 0, hi;
	int c;

	if (len == 0 || len > 16)
		return NULL;
	pthread_once(&html_text_once, html_text_index);
	hi = html_text_n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *k = html_text_table[mid].name;

		if ((c = strncmp(name, k, len)) == 0)
			c = k[len] == '\0' ? 0 : -1;
		if (c == 0)
			return &html_text_table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* windows-1252 for the C1 range of numeric references, as browsers do. */
static const uint16_t cp1252[32] = {
	0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
	0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
};

static int
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

size_t
html_text_entity(const char *s, size_t len, struct buf *out)
{
	size_t i = 1, start;
	uint32_t cp = 0;
	const struct html_entity *e;
	char enc[4];
	int hex = 0, digits = 0;

	if (len < 3 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		i = 2;
		if (s[i] == 'x' || s[i] == 'X') {
			hex = 1;
			i++;
		}
		for (; i < len; i++) {
			int c = (unsigned char)s[i], v;

			if (c >= '0' && c <= '9')
				v = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				v = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				v = c - 'A' + 10;
			else
				break;
			if (cp < 0x110000)
				cp = cp * (hex ? 16 : 10) + v;
			digits++;
		}
		if (digits == 0)
			return 0;
		if (i < len && s[i] == ';')
			i++;
		if (cp >= 0x80 && cp < 0xa0)
			cp = cp1252[cp - 0x80];
		if (cp == 0 || cp >= 0x110000 || (cp >= 0xd800 && cp < 0xe000))
			cp = 0xfffd;
		buf_add(out, enc, utf8_encode(cp, enc));
		return i;
	}
	start = 1;
	while (i < len && i < 40 && is_alnum((unsigned char)s[i]))
		i++;
	if (i < len && s[i] == ';' && (e = html_text_entity_find(s + start,
	    i - start)) != NULL) {
		buf_add(out, e->utf8, e->len);
		return i + 1;
	}
	/* HTML also knows a few without the semicolon */
	if ((e = html_text_entity_find(s + start, i - start)) != NULL &&
	    (strncmp(s + 1, "amp", 3) == 0 || strncmp(s + 1, "lt", 2) == 0 ||
	    strncmp(s + 1, "gt", 2) == 0 || strncmp(s + 1, "quot", 4) == 0 ||
	    strncmp(s + 1, "nbsp", 4) == 0 || strncmp(s + 1, "copy", 4) == 0)) {
		buf_add(out, e->utf8, e->len);
		return i;
	}
	return 0;
}

static int
tag_is(const char *name, size_t len, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == len && strncasecmp(*list, name, len) == 0)
			return 1;
	return 0;
}

static const char *const block_tags[] = {
	"address", "article", "aside", "blockquote", "br", "dd", "div", "dl",
	"dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
	"h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
	"ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", NULL
};

/* Find the end of the raw-text element `name` starting at s[i]. */
static size_t
skip_raw(const char *s, size_t len, size_t i, const char *name)
{
	size_t n = strlen(name);

	for (; i + 2 + n <= len; i++)
		if (s[i] == '<' && s[i + 1] == '/' &&
		    strncasecmp(s + i + 2, name, n) == 0) {
			const char *gt = memchr(s + i, '>', len - i);

			return gt != NULL ? (size_t)(gt - s) + 1 : len;
		}
	return len;
}

/* Just past the '>' ending a tag whose attributes start at s[i]. */
static size_t
tag_end(const char *s, size_t len, size_t i)
{
	char q = 0;

	for (; i < len; i++) {
		if (q != 0) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			if (i > 0 && s[i - 1] == '=')
				q = s[i];
			else if (i > 1 && s[i - 1] == ' ' && s[i - 2] == '=')
				q = s[i];
		} else if (s[i] == '>')
			return i + 1;
	}
	return len;
}

char *
html_text_line(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i = 0, n, j;
	const char *p;
	char *out;

	buf_grow(&b, len + 1);
	while (i < len) {
		p = memchr(s + i, '<', len - i);
		j = p != NULL ? (size_t)(p - s) : len;
		/* text up to the next tag, with references decoded */
		while (i < j) {
			const char *amp = memchr(s + i, '&', j - i);
			size_t k = amp != NULL ? (size_t)(amp - s) : j;

			buf_add(&b, s + i, k - i);
			i = k;
			if (i < j) {
				n = html_text_entity(s + i, j - i, &b);
				if (n == 0) {
					buf_addc(&b, '&');
					n = 1;
				}
				i += n;
			}
		}
		if (i >= len)
			break;
		/* s[i] == '<' */
		if (i + 1 < len && (is_alnum((unsigned char)s[i + 1]) ||
		    s[i + 1] == '/')) {
			size_t ns = i + 1 + (s[i + 1] == '/'), ne = ns;
			const char *gt;
			int closing = s[i + 1] == '/';

			while (ne < len && (is_alnum((unsigned char)s[ne]) ||
			    s[ne] == ':' || s[ne] == '-'))
				ne++;
			i = tag_end(s, len, ne);
			(void)gt;
			if (tag_is(s + ns, ne - ns, block_tags))
				buf_addc(&b, ' ');
			else if (!closing && (ne - ns == 6 &&
			    strncasecmp(s + ns, "script", 6) == 0))
				i = skip_raw(s, len, i, "script");
			else if (!closing && (ne - ns == 5 &&
			    strncasecmp(s + ns, "style", 5) == 0))
				i = skip_raw(s, len, i, "style");
		} else if (i + 3 < len && strncmp(s + i, "<!--", 4) == 0) {
			for (j = i + 4; j + 3 <= len; j++)
				if (strncmp(s + j, "-->", 3) == 0)
					break;
			i = j + 3 <= len ? j + 3 : len;
		} else if (i + 1 < len && (s[i + 1] == '!' || s[i + 1] == '?')) {
			p = memchr(s + i, '>', len - i);
			i = p != NULL ? (size_t)(p - s) + 1 : len;
		} else {
			buf_addc(&b, '<');
			i++;
		}
	}
	out = utf8_clean(b.s != NULL ? b.s : "", b.len, UTF8_COLLAPSE_SPACE);
	buf_free(&b);
	return out;
}

char *
html_text_search(const char *html)
{
	if (html == NULL)
		return xstrdup("");
	return html_text_line(html, strlen(html));
}
