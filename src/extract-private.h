/*
 * Between the article extractor (extract.c) and its charset sniffing
 * (extract-charset.c).  Nothing else includes it.
 */
#ifndef TIDENDE_EXTRACT_PRIVATE_H
#define TIDENDE_EXTRACT_PRIVATE_H

#include <stddef.h>

#define EXTRACT_PRESCAN	4096	/* bytes searched for <meta charset> */

/*
 * The charset the HTTP header (http_charset, NULL: none), a BOM or a
 * <meta> in the first EXTRACT_PRESCAN bytes of page[0..len) declares,
 * as libxml2 names it; NULL: none.
 */
char	*extract_charset_declared(const char *page, size_t len,
	    const char *http_charset);

#endif
