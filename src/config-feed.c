/*
 * The config file's `feed` lines (see config-private.h): a feed's URL
 * and options (tags, title, max-items, refresh, translate, exec:), the
 * feed list with its index by URL, and what the rest of the program asks
 * of a feed's settings (config_feed_*(), config_exec_argv()).
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config-private.h"
#include "tidende/buf.h"
#include "tidende/config.h"
#include "tidende/hash.h"
#include "tidende/i18n.h"
#include "tidende/options.h"
#include "tidende/utf8.h"
#include "tidende/words.h"
#include "tidende/xmalloc.h"

/* A feed's tags: 2 million tags took 230 MB. */
#define CONFIG_MAX_TAGS		64

static void
config_feed_free(struct feed_conf *fc)
{
	size_t i;

	free(fc->url);
	free(fc->title);
	for (i = 0; i < fc->ntags; i++)
		free(fc->tags[i]);
	free(fc->tags);
	words_free(fc->translate_argv);
	free(fc->translate_text);
	free(fc->language);
	free(fc->file);
	memset(fc, 0, sizeof *fc);
}

/*
 * Feeds by URL (cfg->index), so a config of thousands of feeds (an OPML
 * import) loads in linear time.
 */
static const char *
config_feed_url(const void *ctx, size_t i)
{
	const struct config *cfg = ctx;

	return cfg->feeds[i].url;
}

void
config_feeds_clear(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nfeeds; i++)
		config_feed_free(&cfg->feeds[i]);
	free(cfg->feeds);
	cfg->feeds = NULL;
	cfg->nfeeds = cfg->feeds_cap = 0;
	hash_index_free(&cfg->index);
}

struct feed_conf *
config_find_feed(const struct config *cfg, const char *url)
{
	size_t i;

	/* A config put together by hand has no index. */
	if (cfg->index.n != cfg->nfeeds) {
		for (i = 0; i < cfg->nfeeds; i++)
			if (strcmp(cfg->feeds[i].url, url) == 0)
				return &cfg->feeds[i];
		return NULL;
	}
	i = hash_index_find(&cfg->index, config_feed_url, cfg, url);
	return i != SIZE_MAX ? &cfg->feeds[i] : NULL;
}

int
config_url_ok(const char *url)
{
	const unsigned char *p;

	if (strncasecmp(url, "exec:", 5) == 0)
		return url[5] != '\0';
	if ((strncasecmp(url, "http://", 7) != 0 || url[7] == '\0') &&
	    (strncasecmp(url, "https://", 8) != 0 || url[8] == '\0') &&
	    (strncasecmp(url, "file://", 7) != 0 || url[7] == '\0'))
		return 0;
	for (p = (const unsigned char *)url; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

long
config_feed_max_items(const struct feed_conf *fc)
{
	return fc->max_items >= 0 ? fc->max_items : options_int(OPT_MAX_ITEMS);
}

long
config_feed_refresh_minutes(const struct feed_conf *fc)
{
	if (fc->refresh_minutes > 0)
		return fc->refresh_minutes;
	return options_int(OPT_REFRESH_INTERVAL);
}

char * const *
config_feed_translate_argv(const struct feed_conf *fc)
{
	if (fc->translate_argv != NULL)
		return fc->translate_argv;
	return options_argv(OPT_TRANSLATE_COMMAND);
}

const char *
config_feed_translate_text(const struct feed_conf *fc)
{
	if (fc->translate_text != NULL)
		return fc->translate_text;
	return options_argv(OPT_TRANSLATE_COMMAND) != NULL ?
	    options_str(OPT_TRANSLATE_COMMAND) : "";
}

char **
config_exec_argv(const struct feed_conf *fc)
{
	char **argv;
	size_t n;

	if (strncasecmp(fc->url, "exec:", 5) != 0)
		return NULL;
	if ((argv = words_split(fc->url + 5, &n)) != NULL && n == 0) {
		words_free(argv);
		return NULL;
	}
	return argv;
}

/* A language tag: 2-3 letters, then -subtags of letters and digits. */
int
config_lang_ok(const char *s)
{
	size_t n = 0;

	while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) {
		s++;
		n++;
	}
	if (n < 2 || n > 3)
		return 0;
	while (*s == '-' || *s == '_') {
		s++;
		n = 0;
		while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9')) {
			s++;
			n++;
		}
		if (n == 0 || n > 8)
			return 0;
	}
	return *s == '\0';
}

/* refresh=30, 30m, 2h, 1d: minutes. */
static enum status
config_parse_minutes(const char *s, long *out, char **cause)
{
	char *num, *why = NULL;
	size_t len = strlen(s);
	long mult = 1, n;
	enum status st;

	if (len > 1 && strchr("mhd", s[len - 1]) != NULL) {
		mult = s[len - 1] == 'h' ? 60 : s[len - 1] == 'd' ? 1440 : 1;
		num = xstrndup(s, len - 1);
	} else
		num = xstrdup(s);
	st = options_parse_int(num, 1, 10080 / mult, &n, &why);
	free(num);
	if (st != STATUS_OK) {
		*cause = xasprintf(_("refresh=%s: %s (minutes, or with m, h "
		    "or d, up to a week)"), s, why);
		free(why);
		return st;
	}
	*out = n * mult;
	return STATUS_OK;
}

static const char *feed_keys[] = { "translate", "refresh", "max-items",
    "lang", "full-text" };

static enum status
config_feed_option(struct config_line *cl, struct feed_conf *fc,
    struct words_token *w)
{
	char *key = xstrndup(w->s, w->key - 1), *why = NULL;
	const char *value = w->s + w->key, *near = NULL;
	enum status st = STATUS_OK;
	size_t i;

	if (strcmp(key, "translate") == 0) {
		words_free(fc->translate_argv);
		free(fc->translate_text);
		fc->translate_text = NULL;
		fc->translate_argv = options_split_command(value, &why);
		if (why != NULL)
			st = config_error(cl, _("translate=: %s"), why);
		else if (fc->translate_argv == NULL)
			st = config_error(cl, _("translate= needs a command"));
		else
			fc->translate_text = xstrdup(value);
	} else if (strcmp(key, "refresh") == 0) {
		if (config_parse_minutes(value, &fc->refresh_minutes, &why) !=
		    STATUS_OK)
			st = config_error(cl, "%s", why);
	} else if (strcmp(key, "max-items") == 0) {
		if (options_parse_int(value, 0, 1000000, &fc->max_items,
		    &why) != STATUS_OK)
			st = config_error(cl, _("max-items=: %s"), why);
	} else if (strcmp(key, "full-text") == 0) {
		if ((fc->full_text = options_parse_bool(value)) == -1) {
			fc->full_text = 0;
			st = config_error(cl, _("full-text=%s: not yes or no"),
			    value);
		}
	} else if (strcmp(key, "lang") == 0 || strcmp(key, "language") == 0) {
		if (!config_lang_ok(value))
			st = config_error(cl, _("lang=%s: not a language code "
			    "(like en, nb or pt-BR)"), value);
		else {
			free(fc->language);
			fc->language = xstrdup(value);
		}
	} else {
		for (i = 0; i < sizeof feed_keys / sizeof feed_keys[0]; i++)
			if (strncmp(key, feed_keys[i], 3) == 0 ||
			    strstr(feed_keys[i], key) != NULL)
				near = feed_keys[i];
		if (near != NULL)
			st = config_error(cl, _("unknown feed option '%s' (did "
			    "you mean '%s='?)"), key, near);
		else
			st = config_error(cl, _("unknown feed option '%s' (feed "
			    "options are translate=, refresh=, max-items=, "
			    "lang= and full-text=)"), key);
	}
	free(why);
	free(key);
	return st;
}

enum status
config_cmd_feed(struct config_line *cl)
{
	struct config *cfg = cl->cfg;
	struct feed_conf fc, *old;
	struct words_token *w;
	char **args = NULL;
	size_t i;

	if (cl->n < 2)
		return config_error(cl, _("feed: missing URL (feed URL "
		    "[\"Title\"] [tag ...] [option=value ...])"));
	if (!config_url_ok(cl->w[1].s))
		return config_error(cl, _("'%s' is not a feed URL (http://, "
		    "https://, file:// or exec:, with no spaces)"), cl->w[1].s);
	/* The user's first feed replaces the default list. */
	if (!cl->src->builtin && cfg->builtin_feeds) {
		config_feeds_clear(cfg);
		cfg->builtin_feeds = 0;
	}
	if (strncasecmp(cl->w[1].s, "exec:", 5) == 0 &&
	    (args = config_exec_argv(&(struct feed_conf){ .url = cl->w[1].s }))
	    == NULL)
		return config_error(cl, _("'%s': the command has an unbalanced "
		    "quote or no words"), cl->w[1].s);
	words_free(args);
	if ((old = config_find_feed(cfg, cl->w[1].s)) != NULL)
		return config_error(cl, _("feed %s is already defined at %s:%d"),
		    cl->w[1].s, old->file != NULL ? old->file : "?",
		    old->line);

	memset(&fc, 0, sizeof fc);
	fc.url = xstrdup(cl->w[1].s);
	fc.max_items = -1;
	fc.line = cl->lineno;
	fc.file = xstrdup(cl->src->name != NULL ? cl->src->name : ":");
	for (i = 2; i < cl->n; i++) {
		w = &cl->w[i];
		if (i == 2 && w->quoted) {
			if (*w->s != '\0')
				fc.title = xstrdup(w->s);
			continue;
		}
		if (w->key != 0) {
			if (w->key == 1) {
				config_feed_free(&fc);
				return config_error(cl, _("'%s': option name "
				    "missing before ="), w->s);
			}
			if (config_feed_option(cl, &fc, w) != STATUS_OK) {
				config_feed_free(&fc);
				return STATUS_BAD_CONFIG;
			}
			continue;
		}
		if (*w->s == '\0') {
			config_feed_free(&fc);
			return config_error(cl, _("empty tag"));
		}
		if (fc.ntags >= CONFIG_MAX_TAGS) {
			config_feed_free(&fc);
			return config_error(cl, _("more than %d tags"),
			    CONFIG_MAX_TAGS);
		}
		fc.tags = xreallocarray(fc.tags, fc.ntags + 1,
		    sizeof *fc.tags);
		fc.tags[fc.ntags++] = xstrdup(w->s);
	}
	if (cfg->nfeeds == cfg->feeds_cap) {
		cfg->feeds_cap = cfg->feeds_cap == 0 ? 16 : cfg->feeds_cap * 2;
		cfg->feeds = xreallocarray(cfg->feeds, cfg->feeds_cap,
		    sizeof *cfg->feeds);
	}
	cfg->feeds[cfg->nfeeds++] = fc;
	hash_index_add(&cfg->index, cfg->nfeeds, config_feed_url, cfg);
	if (cl->src->builtin)
		cfg->builtin_feeds = 1;
	return STATUS_OK;
}
