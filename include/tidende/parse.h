/*
 * Feed parsing: bytes in, feed and items out.  Safe on hostile input (no
 * network, no external entities, bounded memory).  Two ways in:
 *
 *  - parse_feed(): the whole document at once (files, tests, fuzzers);
 *  - parse_new()/parse_push()/parse_finish(): streaming, fed chunk by
 *    chunk as bytes arrive from the network; each finished item is handed
 *    to the callback at once, so memory stays proportional to one item.
 */
#ifndef TIDENDE_PARSE_H
#define TIDENDE_PARSE_H

#include <stddef.h>

#include "tidende/feed.h"
#include "tidende/status.h"

struct parser;

/* Set up the XML library; call before parsing on more than one thread. */
void		 parse_init(void);

/*
 * Called for every finished item, in document order.  The callback takes
 * ownership of the item's contents (it may move them away, e.g. with
 * feed_parsed_add_item(), or leave them to be freed after it returns).
 * `feed` holds the channel-level fields seen so far.
 */
typedef void (*parser_item_cb)(struct item *item,
    const struct parsed_feed *feed, void *arg);

/*
 * base_url: the document's own URL (NULL for none); relative links resolve
 * against xml:base, then this.  http_charset: the charset parameter of an
 * HTTP Content-Type header or NULL (RFC 7303: used only when the document
 * does not declare its own).
 */
struct parser	*parse_new(const char *base_url, const char *http_charset,
		    parser_item_cb cb, void *arg);
/* Feed the next chunk.  STATUS_OK, or an error that ends the parse. */
enum status	 parse_push(struct parser *, const char *buf, size_t len,
		    char **cause);
/*
 * End of input.  Moves the channel-level fields into *out (items already
 * went to the callback; out->items stays empty).  Returns STATUS_OK (with
 * *warning set, caller frees, when the XML was damaged but recovered) or
 * STATUS_NOT_FEED with *cause saying why in one line.
 */
enum status	 parse_finish(struct parser *, struct parsed_feed *out,
		    char **warning, char **cause);
void		 parse_free(struct parser *);

/* Whole document: items are collected into out->items. */
enum status	 parse_feed(const char *buf, size_t len, const char *base_url,
		    struct parsed_feed *out, char **warning, char **cause);

#endif
