/*
 * The model: a parsed feed and its items, as the parser produces them and
 * the store keeps them.  All strings are heap-allocated, valid UTF-8 and
 * owned by the struct; NULL means absent.  Plain-text fields (titles,
 * author, description) are already cleaned with utf8_clean().
 */
#ifndef TIDENDE_FEED_H
#define TIDENDE_FEED_H

#include <stddef.h>
#include <stdint.h>

/* A time in UTC seconds; FEED_NO_DATE when absent or unparseable. */
#define FEED_NO_DATE INT64_MIN

enum feed_format {
	FEED_FORMAT_UNKNOWN = 0,
	FEED_FORMAT_RSS20,
	FEED_FORMAT_RSS10,
	FEED_FORMAT_RSS09X,
	FEED_FORMAT_ATOM10,
	FEED_FORMAT_ATOM03,
	FEED_FORMAT_JSONFEED,
};

struct enclosure {
	char	*url;
	char	*type;		/* MIME type or NULL */
	int64_t	 length;	/* bytes, -1 when unknown */
};

struct item {
	char	*id;		/* guid/atom:id as given, else link, else hash */
	char	*title;		/* plain text */
	char	*link;		/* absolute */
	char	*author;	/* plain text */
	int64_t	 published;
	int64_t	 updated;
	char	*summary;	/* HTML or text as published */
	char	*content;	/* full content, HTML */
	char	*language;	/* xml:lang of the item, if any */

	char	**categories;
	size_t	 ncategories;
	struct enclosure *enclosures;
	size_t	 nenclosures;
};

struct parsed_feed {
	enum feed_format format;
	char	*title;
	char	*link;		/* site link, absolute */
	char	*description;
	char	*language;
	int64_t	 updated;
	int64_t	 ttl_minutes;	/* RSS <ttl>, 0 if none */

	struct item *items;
	size_t	 nitems;
	size_t	 items_cap;
};

const char	*feed_format_name(enum feed_format);

void	 feed_item_init(struct item *);
void	 feed_item_free(struct item *);	/* frees members, not the struct */
void	 feed_item_add_category(struct item *, const char *);
void	 feed_item_add_enclosure(struct item *, const char *url,
	    const char *type, int64_t length);
/* Fill item->id when absent: link, else a hash of title and date. */
void	 feed_item_ensure_id(struct item *);

void	 feed_parsed_init(struct parsed_feed *);
void	 feed_parsed_free(struct parsed_feed *);
/* Move *item into the feed (item is left empty). */
void	 feed_parsed_add_item(struct parsed_feed *, struct item *);

/*
 * A feed's or a web page's error as the cache keeps it (English, so any
 * reader's language can show it) and as the reader sees it (in the
 * interface's language): the messages tidende makes are mapped both ways,
 * other text (curl's, SQLite's) passes unchanged.  NULL for NULL; the
 * caller frees the result.
 */
char	*feed_error_english(const char *);
char	*feed_error_local(const char *);

#endif
