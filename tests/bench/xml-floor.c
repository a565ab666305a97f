/*
 * xml-floor < FILE: the cost of libxml2 alone, as tidende drives it.  The
 * same push parser, options and 64 KB chunks as src/parse.c, with SAX
 * callbacks that do nothing: no parser built on libxml2 can run faster
 * than this.  parse-bench.sh runs it beside `tidende parse` and sfeed.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

static unsigned long events;

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
    int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	(void)ctx; (void)localname; (void)prefix; (void)uri;
	(void)nb_namespaces; (void)namespaces; (void)nb_attributes;
	(void)nb_defaulted; (void)attributes;
	events++;
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	(void)ctx; (void)localname; (void)prefix; (void)uri;
}

static void
on_text(void *ctx, const xmlChar *s, int len)
{
	(void)ctx; (void)s;
	events += (unsigned long)len;
}

int
main(void)
{
	static char chunk[65536];
	xmlSAXHandler sax;
	xmlParserCtxtPtr ctxt;
	ssize_t n;

	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL);
	if (ctxt == NULL)
		return 1;
	xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	while ((n = read(0, chunk, sizeof chunk)) > 0)
		xmlParseChunk(ctxt, chunk, (int)n, 0);
	xmlParseChunk(ctxt, NULL, 0, 1);
	xmlFreeParserCtxt(ctxt);
	printf("%lu\n", events);
	return 0;
}
