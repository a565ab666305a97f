/*
 * `tidende parse [--base URL] FILE|-`: parse one feed document, streaming
 * it through the parser in chunks, and print it as the JSON of the
 * command-line contract.  65 for documents that are not feeds.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tidende/i18n.h"
#include "tidende/buf.h"
#include "tidende/cmd.h"
#include "tidende/feed.h"
#include "tidende/json.h"
#include "tidende/parse.h"
#include "tidende/status.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

/*
 * Items are kept until STREAM_AFTER bytes of JSON, so that channel fields
 * that come late still make it; past that the head is printed with what
 * is known and items go out as they come, in FLUSH_AT pieces.
 */
#define STREAM_AFTER	(4 * 1024 * 1024)
#define FLUSH_AT	(1024 * 1024)

struct parse_out {
	struct buf	items;
	size_t		n;
	int		streaming;
};

static void	add_head(struct buf *, const struct parsed_feed *);

#define CONT(x)	(((x) & 0xc0) == 0x80)

/*
 * A JSON string, fast: runs of bytes that need no escape are copied at
 * once.  From the first byte that is not plain (a control, C1, U+2028/9,
 * invalid UTF-8) json_add_string() does the rest.
 */
static void
add_string(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0, len;
	struct buf t = BUF_INIT;
	unsigned char c;

	if (s == NULL) {
		buf_adds(b, "null");
		return;
	}
	len = strlen(s);
	buf_addc(b, '"');
	for (;;) {
		i += utf8_ascii_span(p + i, len - i, '"', '\\');
		c = p[i];
		if (c >= 0xc3 && c <= 0xdf && CONT(p[i + 1])) {
			i += 2;		/* the commonest: æøå */
			continue;
		}
		if (c == '\0')
			break;
		if (c == '"' || c == '\\' || c == '\n' || c == '\t') {
			buf_add(b, s + start, i - start);
			buf_addc(b, '\\');
			buf_addc(b, c == '\n' ? 'n' : c == '\t' ? 't' : c);
			start = ++i;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf && CONT(p[i + 1]) &&
		    !(c == 0xc2 && p[i + 1] < 0xa0)) {
			i += 2;
			continue;
		}
		if (c >= 0xe0 && c <= 0xef && CONT(p[i + 1]) &&
		    CONT(p[i + 2]) && !(c == 0xe0 && p[i + 1] < 0xa0) &&
		    !(c == 0xed && p[i + 1] >= 0xa0) && !(c == 0xe2 &&
		    p[i + 1] == 0x80 && (p[i + 2] == 0xa8 || p[i + 2] == 0xa9))) {
			i += 3;
			continue;
		}
		if (c >= 0xf0 && c <= 0xf4 && CONT(p[i + 1]) &&
		    CONT(p[i + 2]) && CONT(p[i + 3]) && !(c == 0xf0 &&
		    p[i + 1] < 0x90) && !(c == 0xf4 && p[i + 1] >= 0x90)) {
			i += 4;
			continue;
		}
		buf_add(b, s + start, i - start);
		json_add_string(&t, s + i);
		buf_add(b, t.s + 1, t.len - 1);	/* without its open quote */
		buf_free(&t);
		return;
	}
	buf_add(b, s + start, i - start);
	buf_addc(b, '"');
}

static void
add_key(struct buf *b, const char *key, const char *value, int comma)
{
	if (comma)
		buf_addc(b, ',');
	buf_addc(b, '"');
	buf_adds(b, key);
	buf_adds(b, "\":");
	add_string(b, value);
}

static void
add_item(struct item *it, const struct parsed_feed *pf, void *arg)
{
	struct parse_out *o = arg;
	struct buf *b = &o->items;
	size_t i;

	buf_adds(b, o->n++ ? ",\n{" : "\n{");
	/* the contract's id is the feed's own (guid, atom:id, link): not the
	 * hash feed_item_ensure_id() makes for items with neither */
	add_key(b, "id", it->id != NULL && strncmp(it->id, "tidende:", 8) == 0 ?
	    NULL : it->id, 0);
	add_key(b, "title", it->title, 1);
	add_key(b, "link", it->link, 1);
	add_key(b, "author", it->author, 1);
	buf_adds(b, ",\"published\":");
	json_add_date(b, it->published);
	buf_adds(b, ",\"updated\":");
	json_add_date(b, it->updated);
	add_key(b, "summary", it->summary, 1);
	add_key(b, "content", it->content, 1);
	buf_adds(b, ",\"categories\":[");
	for (i = 0; i < it->ncategories; i++) {
		if (i > 0)
			buf_addc(b, ',');
		add_string(b, it->categories[i]);
	}
	buf_adds(b, "],\"enclosures\":[");
	for (i = 0; i < it->nenclosures; i++) {
		struct enclosure *e = &it->enclosures[i];

		buf_adds(b, i > 0 ? ",{" : "{");
		add_key(b, "url", e->url, 0);
		add_key(b, "type", e->type, 1);
		if (e->length >= 0)
			buf_printf(b, ",\"length\":%lld", (long long)e->length);
		else
			buf_adds(b, ",\"length\":null");
		buf_addc(b, '}');
	}
	buf_adds(b, "]}");
	if (!o->streaming && b->len > STREAM_AFTER) {
		struct buf h = BUF_INIT;

		add_head(&h, pf);
		fwrite(h.s, 1, h.len, stdout);
		buf_free(&h);
		o->streaming = 1;
	}
	if (o->streaming && b->len > FLUSH_AT) {
		fwrite(b->s, 1, b->len, stdout);
		buf_reset(b);
	}
}

static void
add_head(struct buf *b, const struct parsed_feed *pf)
{
	buf_adds(b, "{\"format\":");
	add_string(b, feed_format_name(pf->format));
	add_key(b, "title", pf->title, 1);
	add_key(b, "link", pf->link, 1);
	add_key(b, "description", pf->description, 1);
	add_key(b, "language", pf->language, 1);
	buf_adds(b, ",\"updated\":");
	json_add_date(b, pf->updated);
	buf_adds(b, ",\"items\":[");
}

static const char parse_usage[] = "parse [--base URL] FILE|-";

int
cmd_parse(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "base",	required_argument,	NULL, 'b' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	struct parse_out o;
	struct parsed_feed pf;
	struct parser *p;
	struct buf b = BUF_INIT;
	const char *base = NULL, *path, *name, *why;
	char *warning = NULL, *cause = NULL, *chunk;
	enum status st = STATUS_OK;
	ssize_t n;
	int ch, fd;

	while ((ch = getopt_long(argc, argv, ":b:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'b':
			base = optarg;
			break;
		case 'h':
			return app_help(parse_usage);
		default:
			return app_option_error(parse_usage, ch, argv);
		}
	}
	if (argc - optind != 1)
		return app_usage_error(parse_usage,
		    _("expected one FILE or -"));
	path = argv[optind];
	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
		name = "stdin";
	} else if ((fd = buf_open_user_file(path, &why)) < 0) {
		app_error(path, "%s", why);
		return fd == -2 ? EXIT_DATAERR : 1;
	} else
		name = path;

	memset(&o, 0, sizeof o);
	p = parse_new(base, NULL, add_item, &o);
	chunk = xmalloc(65536);
	for (;;) {
		n = read(fd, chunk, 65536);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			app_error(name, "%s", strerror(errno));
			free(chunk);
			parse_free(p);
			buf_free(&o.items);
			return 1;
		}
		if (n == 0)
			break;
		if ((st = parse_push(p, chunk, n, &cause)) != STATUS_OK)
			break;
	}
	free(chunk);
	if (fd != STDIN_FILENO)
		close(fd);
	feed_parsed_init(&pf);
	if (st == STATUS_OK)
		st = parse_finish(p, &pf, &warning, &cause);
	parse_free(p);
	if (st != STATUS_OK) {
		app_error(name, "%s", cause != NULL ? cause :
		    status_message(st));
		free(cause);
		buf_free(&o.items);
		return st == STATUS_NOT_FEED || st == STATUS_TOO_BIG ?
		    EXIT_DATAERR : 1;
	}
	if (warning != NULL) {
		app_error(name, _("warning: %s"), warning);
		free(warning);
	}

	if (!o.streaming) {
		add_head(&b, &pf);
		fwrite(b.s, 1, b.len, stdout);
	}
	if (o.items.len > 0)
		fwrite(o.items.s, 1, o.items.len, stdout);
	fputs(o.n > 0 ? "\n]}\n" : "]}\n", stdout);
	buf_free(&b);
	buf_free(&o.items);
	feed_parsed_free(&pf);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		app_error("stdout", "%s", strerror(errno));
		return 1;
	}
	return 0;
}
