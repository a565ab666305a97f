/*
 * The parser's core, shared by its files: the state of one parse, the
 * element table rows, and the helpers the formats stand on (parse-core.c,
 * parse-ext.c, parse-text.c, parse-fix.c).  The formats (parse-rss.c,
 * parse-atom.c, parse-json.c) depend on this header; nothing here depends
 * on them (their descriptors are in parse-formats.h, for parse.c).  Not an
 * interface to other areas.
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

struct parse_format;

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
	const struct parse_format *fmt;	/* the document's, once known */
	struct buf	 head;		/* first bytes, for sniffing */
	int		 started;	/* bytes went to libxml2 */
	xmlParserCtxtPtr ctxt;
	struct buf	 json;		/* JSON Feed: the whole document */
	int		 fix_on;	/* ASCII-compatible: filter '&' */
	struct fixstate	 fix;
	struct buf	 fix_hold;	/* bytes waiting for more input */
	struct buf	 fix_out;
	size_t		 ctl_removed;	/* bytes illegal in XML taken out */
	struct buf	 ctl_out;

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

/* ------------------------------------------------------------------ */
/* element tables */

/* Where an element counts: by the role of the element it is in. */
#define PARSE_IN_ROOT		0x01	/* rss, rdf:RDF */
#define PARSE_IN_CHANNEL	0x02	/* RSS channel, Atom feed */
#define PARSE_IN_ITEM		0x04
#define PARSE_IN_AUTHOR		0x08	/* Atom author */
#define PARSE_IN_GROUP		0x10	/* media:group in an item */
#define PARSE_IN_FEED		(PARSE_IN_CHANNEL | PARSE_IN_ITEM)

struct parse_elem;
/* An element's own handling; item: the field belongs to the item. */
typedef void	 parse_elem_fn(struct pstate *, const struct parse_elem *,
		    const struct attrs *, int item);

/*
 * One row of an element table: a format's own elements (parse-rss.c,
 * parse-atom.c; ns is NS_NONE and stands for the format's namespace) or
 * the extensions every format reads (parse-ext.c).  Sorted by ns, then
 * name (strcmp); one name may have a row per place (`where`).  A row
 * without fn captures field in mode; fallback: only while still empty.
 */
struct parse_elem {
	enum ns		 ns;
	const char	*name;
	unsigned char	 where;		/* PARSE_IN_* */
	unsigned char	 fallback;
	enum field	 field;
	enum mode	 mode;
	parse_elem_fn	*fn;
};

/* parse-core.c: the row for ns:name in place where, or NULL. */
const struct parse_elem *parse_core_elem_find(const struct parse_elem *,
		    size_t, enum ns, const char *name, int where);
/* Handlers rows share. */
parse_elem_fn	 parse_core_elem_item;		/* an item starts */
parse_elem_fn	 parse_core_elem_author;	/* role author */
parse_elem_fn	 parse_core_elem_link;		/* Atom link */

/* parse-ext.c: extension namespaces (content, dc, dcterms, atom in RSS,
 * media, itunes, xhtml), read by every format. */
extern const struct parse_elem parse_ext_elems[];
extern const size_t parse_ext_nelems;

/* ------------------------------------------------------------------ */
/* parse-core.c */

enum ns		 parse_core_ns_lookup(const char *uri);
const char	*parse_core_attr_get(const struct attrs *, enum ns,
		    const char *local, size_t *len);
char		*parse_core_attr_text(const char *, size_t);
char		*parse_core_attr_dup(const struct attrs *, enum ns,
		    const char *local);
int		 parse_core_attr_is(const struct attrs *, enum ns,
		    const char *local, const char *value);
char		*parse_core_resolve(struct pstate *, const char *);
void		 parse_core_item_begin(struct pstate *);
void		 parse_core_item_end(struct pstate *);
void		 parse_core_link(struct pstate *, const struct attrs *, int item);
void		 parse_core_enclosure(struct pstate *, const char *url,
		    size_t len, const char *type, const char *length);
/* Capture of one text field: started by a row, ended by its end tag. */
void		 parse_core_capture(struct pstate *, enum field, enum mode,
		    int item);
void		 parse_core_child_start(struct pstate *, enum ns,
		    const char *local, const struct attrs *);
void		 parse_core_child_end(struct pstate *, const char *local);
void		 parse_core_text(struct pstate *, const char *, size_t);
void		 parse_core_commit(struct pstate *);

/* parse-text.c */
/* Plain text: cleaned and collapsed. */
char		*parse_text_plain(const char *, size_t);
/* HTML (or text) kept as markup: valid UTF-8, no escapes, no controls. */
char		*parse_text_markup(const char *, size_t);
/* feedparser's test: a closing tag or an entity reference. */
int		 parse_text_looks_html(const char *, size_t);
/* Append an HTML-escaped copy. */
void		 parse_text_escape(struct buf *, const char *, size_t, int attr);

/* parse-fix.c */
size_t		 parse_fix_amp(struct fixstate *, const char *, size_t,
		    int final, struct buf *out);

#endif
