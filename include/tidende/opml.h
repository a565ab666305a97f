/*
 * OPML 2.0: reading the feed lists other readers export (newsboat,
 * Feedly, Inoreader, Miniflux) and writing the configured feeds.  Import
 * only ever yields plain http(s) feeds; anything else is refused with a
 * message, never turned into a command.
 */
#ifndef TIDENDE_OPML_H
#define TIDENDE_OPML_H

#include <stddef.h>

#include "tidende/config.h"
#include "tidende/status.h"

struct opml_feed {
	char	*url;
	char	*title;		/* NULL when the outline has none */
	char	**tags;		/* enclosing outlines, then category= */
	size_t	 ntags;
	char	*language;	/* language= when valid, else NULL */
	long	 refresh_minutes;	/* tidende:refresh, 0 when absent */
	long	 max_items;	/* tidende:max-items, -1 when absent */
};

struct opml {
	struct opml_feed *feeds;
	size_t	 nfeeds;
	char	**refused;	/* one message per refused outline */
	size_t	 nrefused;
};

/*
 * Parse an OPML document.  STATUS_NOT_FEED with *cause when it is not
 * OPML or not well-formed; refused outlines are listed in o->refused.
 */
enum status	 opml_parse(const char *buf, size_t len, struct opml *,
		    char **cause);
void		 opml_free(struct opml *);
/*
 * The feeds of cfg as an OPML 2.0 document (caller frees).  Feeds that
 * are not http(s) are left out; *skipped counts them.
 */
char		*opml_write(const struct config *, size_t *skipped);
/* Is this an URL import accepts (http:// or https://, no odd bytes)? */
int		 opml_url_ok(const char *);
/* One `feed` line for the config file, with quoting (caller frees). */
char		*opml_feed_line(const struct opml_feed *);

#endif
