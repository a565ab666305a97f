/*
 * The formats the driver (parse.c) dispatches to.  Each format module
 * defines its descriptor and depends only on the core (parse-private.h);
 * only parse.c reads this header.
 */
#ifndef TIDENDE_PARSE_FORMATS_H
#define TIDENDE_PARSE_FORMATS_H

#include "parse-private.h"

struct parse_format {
	const char	*name;
	/*
	 * The document element: 1 when it is this format's, having set
	 * p->format, p->core, p->core_none and the element's role.
	 */
	int		(*root)(struct pstate *, enum ns, const char *local,
			    const struct attrs *);
	const struct parse_elem *elems;	/* the format's own, sorted */
	size_t		 nelems;
	int		 atom_core;	/* both Atom namespaces are its own */
	/* A whole document (JSON Feed): instead of the XML parser. */
	enum status	(*whole)(struct pstate *, const char *, size_t);
};

extern const struct parse_format parse_rss_format;	/* parse-rss.c */
extern const struct parse_format parse_atom_format;	/* parse-atom.c */
extern const struct parse_format parse_json_format;	/* parse-json.c */

#endif
