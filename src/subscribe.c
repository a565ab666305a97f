/*
 * One feed into the config file: see tidende/subscribe.h.
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "tidende/buf.h"
#include "tidende/opml.h"
#include "tidende/subscribe.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

/* The `feed` lines of the built-in config, whole lines. */
static void
subscribe_builtin_feeds(struct buf *b)
{
	const char *p = builtin_config, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (strncmp(p, "feed ", 5) == 0)
			buf_printf(b, "%.*s\n", (int)(nl != NULL ? nl - p :
			    (long)strlen(p)), p);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

enum status
subscribe_config(struct config *cfg, const char *path, const char *url,
    const char *title, char *const *tags, size_t ntags, int *known,
    int *seeded, char **cause)
{
	struct opml_feed f;
	struct config check;
	struct buf text = BUF_INIT;
	char *line, *p, *nl, *clean;
	enum status st;
	struct stat sb;

	*known = *seeded = 0;
	*cause = NULL;
	if (config_find_feed(cfg, url) != NULL) {
		*known = 1;
		return STATUS_OK;
	}
	memset(&f, 0, sizeof f);
	f.url = (char *)url;
	/* one line: a newline would end the `feed` line */
	clean = title != NULL ? utf8_clean(title, strlen(title),
	    UTF8_COLLAPSE_SPACE) : NULL;
	f.title = clean != NULL && *clean != '\0' ? clean : NULL;
	f.tags = (char **)tags;
	f.ntags = ntags;
	f.max_items = -1;
	line = opml_feed_line(&f);
	free(clean);
	/* `feed URL ""` says nothing more than `feed URL` */
	if (f.title == NULL && ntags == 0 && strlen(line) > 3 &&
	    strcmp(line + strlen(line) - 3, " \"\"") == 0)
		line[strlen(line) - 3] = '\0';
	if (cfg->builtin_feeds) {
		/* a blank line before it, unless the file is new */
		if (stat(path, &sb) == 0 && sb.st_size > 0)
			buf_addc(&text, '\n');
		buf_adds(&text, "# The built-in feeds, kept when 'tidende "
		    "add' wrote the first feed of your own\n");
		subscribe_builtin_feeds(&text);
		*seeded = 1;
	}
	buf_printf(&text, "%s\n", line);
	free(line);

	/* Every line written must read back, as one more feed. */
	memset(&check, 0, sizeof check);
	for (p = text.s; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		*nl = '\0';
		st = *p == '\0' || *p == '#' ? STATUS_OK :
		    config_apply_line(&check, p, cause);
		*nl = '\n';
		if (st != STATUS_OK) {
			config_free(&check);
			buf_free(&text);
			return STATUS_BAD_CONFIG;
		}
	}
	config_free(&check);
	if ((st = config_append(path, text.s, cause)) != STATUS_OK) {
		buf_free(&text);
		return st;
	}
	/* The running config gets the same lines, in the same order. */
	for (p = text.s; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		*nl = '\0';
		if (*p != '\0' && *p != '#' &&
		    config_apply_line(cfg, p, cause) != STATUS_OK) {
			free(*cause);
			*cause = NULL;
		}
		*nl = '\n';
	}
	buf_free(&text);
	return STATUS_OK;
}
