/*
 * A web page's charset (see tidende/extract.h): what the HTTP header, a
 * byte order mark or a <meta> in the first EXTRACT_PRESCAN bytes declares,
 * names normalised to what libxml2 knows (Latin-1 and ASCII read as
 * windows-1252, as browsers do; UTF-16 in an 8-bit page ignored), else
 * UTF-8 when the bytes are valid UTF-8 and windows-1252 when not.
 */
#include <libxml/encoding.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract-private.h"
#include "tidende/extract.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

static char *
x_charset_norm(const char *s, size_t len)
{
	static const char *latin1[] = { "iso-8859-1", "iso8859-1",
	    "iso_8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
	    "cp1252", "x-cp1252", "windows-1252", "cp819", "ibm819" };
	xmlCharEncodingHandlerPtr h;
	char name[48];
	size_t i;

	while (len > 0 && (*s == ' ' || *s == '"' || *s == '\''))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '"' ||
	    s[len - 1] == '\''))
		len--;
	if (len == 0 || len >= sizeof name)
		return NULL;
	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_' && s[i] != '.' && s[i] != ':')
			return NULL;
		name[i] = (char)tolower((unsigned char)s[i]);
	}
	name[len] = '\0';
	for (i = 0; i < sizeof latin1 / sizeof latin1[0]; i++)
		if (strcmp(name, latin1[i]) == 0)
			return xstrdup("windows-1252");
	if (strcmp(name, "utf8") == 0 || strcmp(name, "utf-8") == 0)
		return xstrdup("UTF-8");
	/* UTF-16 declared in an 8-bit page is a lie browsers ignore too */
	if (strncmp(name, "utf-16", 6) == 0 || strncmp(name, "utf-32", 6) == 0)
		return NULL;
	if ((h = xmlFindCharEncodingHandler(name)) == NULL)
		return NULL;
	xmlCharEncCloseFunc(h);
	return xstrdup(name);
}

/* The value of charset= in s[0..len), or NULL. */
static char *
x_charset_param(const char *s, size_t len)
{
	size_t i, j;

	for (i = 0; i + 8 <= len; i++) {
		if (strncasecmp(s + i, "charset", 7) != 0)
			continue;
		j = i + 7;
		while (j < len && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j >= len || s[j] != '=')
			continue;
		j++;
		while (j < len && (s[j] == ' ' || s[j] == '"' || s[j] == '\''))
			j++;
		i = j;
		while (j < len && s[j] != '"' && s[j] != '\'' && s[j] != ';' &&
		    s[j] != ' ' && s[j] != '>' && s[j] != '/')
			j++;
		return x_charset_norm(s + i, j - i);
	}
	return NULL;
}

/* The charset the HTTP header, a BOM or a <meta> declares, or NULL. */
char *
extract_charset_declared(const char *page, size_t len, const char *http_charset)
{
	const char *p, *end, *close;
	size_t scan = len < EXTRACT_PRESCAN ? len : EXTRACT_PRESCAN;
	char *cs;

	if (http_charset != NULL &&
	    (cs = x_charset_norm(http_charset, strlen(http_charset))) != NULL)
		return cs;
	if (len >= 3 && memcmp(page, "\xef\xbb\xbf", 3) == 0)
		return xstrdup("UTF-8");
	end = page + scan;
	for (p = page; p < end && (p = memchr(p, '<', (size_t)(end - p))) !=
	    NULL; p++) {
		if ((size_t)(end - p) < 6 || strncasecmp(p, "<meta", 5) != 0)
			continue;
		if ((close = memchr(p, '>', (size_t)(end - p))) == NULL)
			break;
		if ((cs = x_charset_param(p, (size_t)(close - p))) != NULL)
			return cs;
		p = close;
	}
	return NULL;
}

char *
extract_charset(const char *page, size_t len, const char *http_charset)
{
	char *cs;

	if ((cs = extract_charset_declared(page, len, http_charset)) != NULL)
		return cs;
	return xstrdup(utf8_valid(page, len) ? "UTF-8" : "windows-1252");
}
