/*
 * URLs: resolving relative references with libcurl's URL API.
 */
#ifndef TIDENDE_URL_H
#define TIDENDE_URL_H

/*
 * Resolve ref against base (either may be NULL).  Returns a new string:
 * the absolute URL, or a copy of ref when it cannot be resolved.
 */
char	*url_resolve(const char *base, const char *ref);
/* 1 if url is absolute with a scheme. */
int	 url_is_absolute(const char *url);
/* 1 if url is an absolute URL libcurl can parse. */
int	 url_is_valid(const char *url);

#endif
