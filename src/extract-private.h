/*
 * Between the parts of the article extractor: extract.c (the parser,
 * the walks that mark furniture and score the text, the result),
 * extract-write.c (the chosen block written out again as a small, safe
 * subset of HTML) and extract-charset.c (the page's charset).  Nothing
 * else includes it.
 */
#ifndef TIDENDE_EXTRACT_PRIVATE_H
#define TIDENDE_EXTRACT_PRIVATE_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <stddef.h>

#include "tidende/buf.h"

#define EXTRACT_ATTR_MAX	4096	/* longest class/id/href looked at */

#define EXTRACT_PRESCAN	4096	/* bytes searched for <meta charset> */

/*
 * The charset the HTTP header (http_charset, NULL: none), a BOM or a
 * <meta> in the first EXTRACT_PRESCAN bytes of page[0..len) declares,
 * as libxml2 names it; NULL: none.
 */
char	*extract_charset_declared(const char *page, size_t len,
	    const char *http_charset);

/* What the walks learn about one element. */
struct extract_node {
	size_t	 text;		/* characters of text below */
	size_t	 link;		/* of which inside <a> */
	unsigned commas;
	unsigned paras;		/* paragraphs of X_PARA_MIN+ below */
	double	 score;
	int	 scored;
	int	 unlikely;	/* furniture: left out with all below */
	int	 depth;
};

struct extract_ctx {
	htmlDocPtr doc;
	struct extract_node *nodes;
	size_t	 nnodes;
	size_t	 cap;
	size_t	 seen;		/* nodes walked, capped */
	xmlNode	*body;
	xmlNode	*itemprop;	/* first itemprop="articleBody" */
	xmlNode	**articles;
	size_t	 narticles;
	xmlNode	*main;
	const char *url;	/* base for links */
	char	*base;		/* <base href>, resolved */
	char	*og_title;
	char	*title;
	char	*json_body;	/* longest JSON-LD articleBody */
	char	*json_headline;
	struct buf out;
	size_t	 out_paras;
	int	 out_full;
};

/* extract.c: what the walks share. */
int	 extract_node_is(const xmlNode *, const char *name);
/* Whether n is an element named one of names (NULL-terminated). */
int	 extract_node_in(const xmlNode *, const char *const *names);
/* An attribute's value (libxml2's own string, do not free), or NULL. */
const char *extract_node_attr(const xmlNode *, const char *name);
/* What the walks learned of an element; NULL for other nodes. */
struct extract_node *extract_node_info(const xmlNode *);
/* Characters of s as a reader counts them; its commas in *commas. */
size_t	 extract_text_len(const char *s, unsigned *commas);
/*
 * Pre-order and post-order over the tree below top without recursion:
 * enter() says whether to go into a node's children (never deeper than
 * EXTRACT_MAX_DEPTH); leave() (NULL: none) runs after them.
 */
void	 extract_walk(xmlNode *top, int (*enter)(xmlNode *, int, void *),
	    void (*leave)(xmlNode *, void *), void *arg);
/* An element's score less its link text's share; 0: none or furniture. */
double	 extract_node_final(const xmlNode *);

/* extract-write.c: into x->out, until EXTRACT_MAX_OUTPUT. */
/* The article at root, its furniture left out. */
void	 extract_write(struct extract_ctx *, xmlNode *root);
/* The best block and those of its siblings worth keeping. */
void	 extract_write_siblings(struct extract_ctx *, xmlNode *best);
/* Plain text (JSON-LD's articleBody) as paragraphs. */
void	 extract_write_text(struct extract_ctx *, const char *s);

#endif
