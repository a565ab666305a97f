/*
 * Internals shared by the parser's files: the SAX state (parse.c), the
 * per-format element handlers (parse-rss.c, parse-atom.c), JSON Feed
 * (parse-json.c) and the text helpers.  Not an interface to other areas.
 */
#ifndef TIDENDE_PARSE_PRIVATE_H
#define TIDENDE_PARSE_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/parser.h>

#include "tidende/buf.h"
#include "tidende/feed.h"
#include "tidende/parse.h"

/* Limits against hostile documents. */
#define PARSE_MAX_DEPTH		256		/* element nesting kept */
#define PARSE_MAX_FIELD		(1024 * 1024)	/* bytes per text field */
#define PARSE_MAX_ITEMS		50000		/* items per document */
#define PARSE_MAX_CATEGORIES	64
#define PARSE_MAX_ENCLOSURES	32
#define PARSE_MAX_JSON		(32 * 1024 * 1024)
#define PARSE_MAX_ENTITIES	64		/* declared in a DTD, kept */
#define PARSE_MAX_ENTITY_SIZE	1024
#define PARSE_MAX_EXPANSION	(1024 * 1024)	/* bytes from them, in all */
#define PARSE_HEAD_SIZE		(64 * 1024)	/* kept to explain non-feeds */

/* Namespaces the parser knows. */
enum ns {
	NS_NONE = 0,	/* no namespace */
	NS_RSS,		/* RSS 1.0, 0.90 and the RSS 2.0 namespaces */
	NS_RDF,
	NS_ATOM10,
	NS_ATOM03,
	NS_CONTENT,
	NS_DC,
	NS_DCTERMS,
	NS_MEDIA,
	NS_ITUNES,
	NS_XHTML,
	NS_XML,		/* xml: attributes */
	NS_OTHER,
};

/* parse-fix.c: bare '&' made "&amp;" before libxml2 sees it. */
struct fixstate {
	int		 repaired;	/* bare '&' seen */
	int		 state;
	int		 quote;
	int		 depth;
};

/* What an element on the stack is. */
enum role {
	ROLE_NONE = 0,
	ROLE_ROOT,	/* rss, rdf:RDF, feed */
	ROLE_CHANNEL,	/* RSS channel, Atom feed */
	ROLE_ITEM,	/* RSS item, Atom entry */
	ROLE_AUTHOR,	/* Atom author */
	ROLE_GROUP,	/* media:group */
};

/* Fields a capture fills. */
enum field {
	F_NONE = 0,
	F_TITLE,
	F_LINK,
	F_LINK_ENC,	/* Atom link without href, rel=enclosure */
	F_SUMMARY,
	F_CONTENT,
	F_ID,
	F_AUTHOR,	/* plain name (dc:creator, itunes:author) */
	F_AUTHOR_RSS,	/* RSS <author>: "email (Name)" */
	F_AUTHOR_NAME,	/* Atom author/name */
	F_AUTHOR_EMAIL,	/* Atom author/email */
	F_PUBLISHED,
	F_UPDATED,
	F_DCDATE,	/* dc:date: updated, and published when none */
	F_FEED_PUBDATE,	/* RSS channel pubDate: updated when no other */
	F_CATEGORY,
	F_LANGUAGE,
	F_TTL,
};

/* How the captured text is to be read. */
enum mode {
	MODE_TEXT = 0,	/* plain text: child tags dropped */
	MODE_HTML,	/* the text is HTML source; child elements serialized */
	MODE_XHTML,	/* inline XHTML: text escaped, elements serialized */
	MODE_GUESS,	/* RSS titles: HTML when it looks like it */
	MODE_SKIP,	/* captured for nothing (base64, out-of-line) */
};

struct elem {
	enum ns		 ns;
	enum role	 role;
	char		*base;		/* xml:base in effect */
	char		*lang;		/* xml:lang in effect */
	unsigned char	 own_base;
	unsigned char	 own_lang;
};

struct pstate {
	/* input */
	char		*base_url;
	char		*http_charset;
	parser_item_cb	 cb;
	void		*cb_arg;

	int		 kind;		/* KIND_* in parse.c */
	struct buf	 head;		/* first bytes, for sniffing */
	int		 started;	/* bytes went to libxml2 */
	xmlParserCtxtPtr ctxt;
	struct buf	 json;		/* JSON Feed: the whole document */
	int		 fix_on;	/* ASCII-compatible: filter '&' */
	struct fixstate	 fix;
	struct buf	 fix_hold;	/* bytes waiting for more input */
	struct buf	 fix_out;

	/* XML state */
	const xmlChar	*ns_uri[8];	/* cache of namespace names */
	enum ns		 ns_id[8];
	int		 ns_next;
	int		 over_depth;	/* elements beyond the stack */
	enum feed_format format;
	enum ns		 core;		/* the format's own namespace */
	int		 core_none;	/* no-namespace elements are core too */
	int		 root_seen;
	int		 channel_seen;
	char		*root_name;	/* document element, for messages */
	int		 depth;
	struct elem	 stack[PARSE_MAX_DEPTH + 1];

	/* capture of one text field */
	enum field	 cap_field;
	enum mode	 cap_mode;
	int		 cap_depth;	/* 0: not capturing */
	int		 cap_item;	/* 1: the field belongs to the item */
	int		 cap_div;	/* xhtml: depth of the skipped div */
	int		 cap_full;
	int		 cap_permalink;	/* guid isPermaLink */
	int		 b64_next;
	int		 cap_b64;	/* Atom 0.3 mode="base64" */
	int		 cap_direct;	/* only the element's own text */
	int		 cap_fallback;	/* set only when still empty */
	struct buf	 cap;

	/* the item being built */
	int		 item_depth;	/* 0: not in an item */
	struct item	 item;
	char		*item_guid_link;	/* permalink guid */
	char		*item_author_name;
	char		*item_author_email;
	int		 item_cats_full;
	int		 nitems;
	int		 items_dropped;

	/* the feed */
	struct parsed_feed feed;
	char		*feed_author;
	char		*feed_author_name;
	char		*feed_author_email;

	/* entities the document declared: plain text only */
	xmlEntity	*entities[PARSE_MAX_ENTITIES];
	int		 nentities;
	size_t		 entity_bytes;

	/* non-feeds */
	char		*html_feed_url;	/* <link rel=alternate> of an HTML page */

	/* damage */
	int		 damaged;
	char		*warning;
	int		 fatal;
	char		*cause;
};

/* SAX attributes as libxml2 gives them (5 pointers each). */
struct attrs {
	const xmlChar	**v;
	int		  n;
};

/* parse.c */
const char	*attr_get(const struct attrs *, enum ns, const char *local,
		    size_t *len);
char		*attr_text(const char *, size_t);
char		*attr_dup(const struct attrs *, enum ns, const char *local);
int		 attr_is(const struct attrs *, enum ns, const char *local,
		    const char *value);
void		 capture_start(struct pstate *, enum field, enum mode, int item);
const char	*current_base(struct pstate *);
char		*resolve(struct pstate *, const char *);
void		 item_begin(struct pstate *);
void		 item_end(struct pstate *);
void		 add_link(struct pstate *, const struct attrs *, int item);
void		 add_enclosure(struct pstate *, const char *url, size_t len,
		    const char *type, const char *length);
enum mode	 atom_mode(struct pstate *, const struct attrs *, int is_content);

/* parse-rss.c: elements of RSS documents; parse-atom.c: of Atom. */
void		 rss_start(struct pstate *, enum ns, const char *local,
		    const struct attrs *);
void		 atom_start(struct pstate *, enum ns, const char *local,
		    const struct attrs *);
/* Namespaces both formats share (dc, content, media, itunes, atom). */
int		 ext_start(struct pstate *, enum ns, const char *local,
		    const struct attrs *, int item);

/* parse-json.c: JSON Feed from a complete document. */
enum status	 json_feed_parse(struct pstate *, const char *, size_t);

/* parse-text.c */
/* Plain text from HTML: tags removed, entities decoded, spaces collapsed. */
char		*text_from_html(const char *, size_t);
/* Plain text: cleaned and collapsed. */
char		*text_plain(const char *, size_t);
/* HTML (or text) kept as markup: valid UTF-8, no escapes, no controls. */
char		*text_markup(const char *, size_t);
/* feedparser's test: a closing tag or an entity reference. */
int		 text_looks_html(const char *, size_t);
/* Append an HTML-escaped copy. */
void		 text_escape(struct buf *, const char *, size_t, int attr);
/* Decode "&name;" / "&#N;" at s (len bytes) into out; bytes used or 0. */
size_t		 text_entity(const char *s, size_t len, struct buf *out);

size_t		 fix_amp(struct fixstate *, const char *, size_t, int final,
		    struct buf *out);

/* parse-entities.c */
struct entity_key {
	const char	*name;
	size_t		 len;
};
xmlEntity	*entity_find(const char *name, size_t len);

#endif
