/*
 * URLs: relative references resolved against a base with libcurl's URL
 * API (RFC 3986).  Absolute references are returned as written.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "tidende/url.h"
#include "tidende/xmalloc.h"

int
url_is_absolute(const char *url)
{
	const char *s = url;

	if (url == NULL || !isalpha((unsigned char)*s))
		return 0;
	while (isalnum((unsigned char)*s) || *s == '+' || *s == '-' ||
	    *s == '.')
		s++;
	return *s == ':' && s - url >= 2;	/* not a drive letter */
}

char *
url_resolve(const char *base, const char *ref)
{
	CURLU *h;
	char *out = NULL, *r;
	const unsigned int flags = CURLU_NON_SUPPORT_SCHEME |
	    CURLU_URLENCODE;

	if (ref == NULL)
		return base != NULL ? xstrdup(base) : NULL;
	if (base == NULL || *base == '\0' || url_is_absolute(ref))
		return xstrdup(ref);
	if ((h = curl_url()) == NULL)
		return xstrdup(ref);
	if (curl_url_set(h, CURLUPART_URL, base, flags) == CURLUE_OK &&
	    curl_url_set(h, CURLUPART_URL, ref, flags) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_URL, &out, 0) == CURLUE_OK) {
		r = xstrdup(out);
		curl_free(out);
		curl_url_cleanup(h);
		return r;
	}
	curl_url_cleanup(h);
	return xstrdup(ref);
}

int
url_is_valid(const char *url)
{
	CURLU *h;
	int ok;

	if (!url_is_absolute(url) || (h = curl_url()) == NULL)
		return 0;
	ok = curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) ==
	    CURLUE_OK;
	curl_url_cleanup(h);
	return ok;
}
