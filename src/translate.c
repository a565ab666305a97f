/*
 * Translate jobs: pick the command (feed override, else the option), run
 * it with spawn on the article's title and plain text, clean and cap its
 * output, keep it in the cache per (article, command).  A failure keeps
 * the original and says why in one line.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/buf.h"
#include "tidende/db-feed.h"
#include "tidende/db-items.h"
#include "tidende/db-queue.h"
#include "tidende/db-translate.h"
#include "tidende/html.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/spawn.h"
#include "tidende/translate.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#define TRANSLATE_TITLES_BATCH	50

/* Titles of one source language for one command. */
struct translate_batch {
	char		*command;	/* as written */
	char		**argv;
	char		*lang;
	int64_t		*ids;
	char		**titles;
	size_t		 n;
};

struct translate_job {
	int		 titles;	/* a translate-titles job */
	struct translate_batch *batches;
	size_t		 nbatches;
	size_t		 cur;
	void		(*tdone)(const struct translate_titles_result *,
			    void *);

	struct db	*db;
	int64_t		 item_id;
	char		*command;	/* as written */
	char		*name;		/* argv[0], for messages */
	long		 timeout;	/* seconds */
	struct spawn	*spawn;
	void		(*done)(const struct translate_result *, void *);
	void		*arg;
};

static const struct feed_conf *
translate_feed_conf(const struct config *cfg, const char *feed_url)
{
	size_t i;

	if (cfg == NULL || feed_url == NULL)
		return NULL;
	for (i = 0; i < cfg->nfeeds; i++)
		if (cfg->feeds[i].url != NULL &&
		    strcmp(cfg->feeds[i].url, feed_url) == 0)
			return &cfg->feeds[i];
	return NULL;
}

char *const *
translate_command(const struct config *cfg, const char *feed_url,
    char **text)
{
	const struct feed_conf *fc = translate_feed_conf(cfg, feed_url);
	char *const *argv;
	char *t;

	if (text != NULL)
		*text = NULL;
	if (fc != NULL && fc->translate_argv != NULL &&
	    fc->translate_argv[0] != NULL) {
		if (text != NULL)
			*text = xstrdup(fc->translate_text != NULL ?
			    fc->translate_text : fc->translate_argv[0]);
		return fc->translate_argv;
	}
	argv = options_argv(OPT_TRANSLATE_COMMAND);
	if (argv == NULL || argv[0] == NULL)
		return NULL;
	if (text != NULL) {
		t = options_get_text(OPT_TRANSLATE_COMMAND);
		/* the value as written, without the quotes around it all */
		if (t != NULL && t[0] == '"' && strlen(t) >= 2 &&
		    t[strlen(t) - 1] == '"' && strchr(t + 1, '"') ==
		    t + strlen(t) - 1) {
			memmove(t, t + 1, strlen(t) - 2);
			t[strlen(t) - 2] = '\0';
		}
		*text = t != NULL ? t : xstrdup(argv[0]);
	}
	return argv;
}

const char *
translate_help(void)
{
	return _("no translate command: set translate-command "
	    "\"trans -brief :en\" (translate-shell) or \"apertium nob-nno\" "
	    "(apertium)");
}

char *
translate_input(const struct db_item *di)
{
	const struct item *it = &di->item;
	const char *html;
	struct rendered r;
	struct buf b = BUF_INIT;
	char *title;
	size_t i;

	if (it->title != NULL && *it->title != '\0') {
		title = utf8_clean(it->title, strlen(it->title),
		    UTF8_COLLAPSE_SPACE);
		buf_adds(&b, title);
		buf_adds(&b, "\n\n");
		free(title);
	}
	html = it->content != NULL && *it->content != '\0' ? it->content :
	    it->summary;
	/* the whole article from its web page when it was fetched */
	if (di->fulltext != NULL)
		html = di->fulltext;
	/* width 0: one line per paragraph, which translators prefer */
	html_render(html, it->link, 0, &r);
	for (i = 0; i < r.nlines; i++) {
		buf_adds(&b, r.lines[i].text);
		buf_addc(&b, '\n');
	}
	html_rendered_free(&r);
	return buf_detach(&b);
}

static const char *
translate_language(const struct config *cfg, const struct db_item *di)
{
	const struct feed_conf *fc = translate_feed_conf(cfg, di->feed_url);

	if (di->item.language != NULL && *di->item.language != '\0')
		return di->item.language;
	if (fc != NULL && fc->language != NULL && *fc->language != '\0')
		return fc->language;
	if (di->feed_language != NULL)
		return di->feed_language;
	return "";
}

enum status
translate_cached(struct db *db, const struct config *cfg,
    const struct db_item *di, char **text, char **command)
{
	char *cmd;

	*text = NULL;
	*command = NULL;
	if (translate_command(cfg, di->feed_url, &cmd) == NULL)
		return STATUS_NOT_FOUND;
	if (db_translate_get(db, di->id, cmd, text) != STATUS_OK ||
	    *text == NULL) {
		free(cmd);
		free(*text);
		*text = NULL;
		return STATUS_NOT_FOUND;
	}
	*command = cmd;
	return STATUS_OK;
}

/* The first non-empty line of stderr, cleaned, or NULL. */
static char *
translate_first_line(const char *err)
{
	const char *p = err, *nl;
	char *line;

	while (p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		line = utf8_clean(p, nl != NULL ? (size_t)(nl - p) : strlen(p),
		    UTF8_COLLAPSE_SPACE);
		if (*line != '\0')
			return line;
		free(line);
		p = nl != NULL ? nl + 1 : NULL;
	}
	return NULL;
}

static void
translate_spawn_done(const struct spawn_result *sr, void *arg)
{
	struct translate_job *job = arg;
	struct translate_result r;
	char *text = NULL, *error = NULL, *line, *store_error = NULL;
	size_t n;

	memset(&r, 0, sizeof r);
	r.item_id = job->item_id;
	r.command = job->command;
	r.status = sr->status;
	line = translate_first_line(sr->err);
	switch (sr->status) {
	case STATUS_OK:
		text = utf8_clean(sr->out, sr->out_len, UTF8_KEEP_NEWLINES);
		/* no white space around it */
		n = strlen(text);
		while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' ' ||
		    text[n - 1] == '\t'))
			text[--n] = '\0';
		n = strspn(text, " \t\n");
		memmove(text, text + n, strlen(text + n) + 1);
		if (*text == '\0') {
			r.status = STATUS_ERROR;
			error = line != NULL ? xasprintf(_("%s: no output: "
			    "%s"), job->name, line) :
			    xasprintf(_("%s: no output"), job->name);
			free(text);
			text = NULL;
		}
		break;
	case STATUS_TIMEOUT:
		error = xasprintf(_("%s: timed out after %ld s"), job->name,
		    job->timeout);
		break;
	case STATUS_TOO_BIG:
		error = xasprintf(_("%s: output over %d MB"), job->name,
		    TRANSLATE_MAX_OUTPUT / (1024 * 1024));
		break;
	case STATUS_CANCELLED:
		error = xasprintf(_("%s: cancelled"), job->name);
		break;
	default:
		if (line != NULL)
			error = xasprintf("%s: %s", job->name, line);
		else if (sr->exit_code > 128)
			error = xasprintf(_("%s: killed by signal %d"), job->name,
			    sr->exit_code - 128);
		else
			error = xasprintf(_("%s: exited with status %d"),
			    job->name, sr->exit_code);
		break;
	}
	free(line);
	if (text != NULL) {
		/* never waits in the interface (db-queue.h) */
		if (job->db != NULL && db_queue_translations(job->db,
		    job->command, &job->item_id, &text, 1, NULL,
		    &store_error) != STATUS_OK) {
			log_warn("translate: could not cache item %lld: %s",
			    (long long)job->item_id, store_error);
			r.store_error = store_error;
		}
		r.text = text;
	} else
		r.error = error;
	log_debug("translate: item %lld by %s: %s", (long long)job->item_id,
	    job->command, error != NULL ? error : "ok");

	job->spawn = NULL;
	if (job->done != NULL)
		job->done(&r, job->arg);
	free(text);
	free(error);
	free(store_error);
	free(job->command);
	free(job->name);
	free(job);
}

struct translate_job *
translate_start(struct db *db, const struct config *cfg,
    const struct db_item *di, void (*done)(const struct translate_result *,
    void *), void *arg, char **cause)
{
	struct translate_job *job;
	struct spawn_opts o;
	char *const *argv;
	char *command, *input, *env[4], *title;

	if ((argv = translate_command(cfg, di->feed_url, &command)) == NULL) {
		*cause = xstrdup(translate_help());
		return NULL;
	}
	input = translate_input(di);
	title = utf8_clean(di->item.title != NULL ? di->item.title : "",
	    di->item.title != NULL ? strlen(di->item.title) : 0,
	    UTF8_COLLAPSE_SPACE);
	env[0] = xasprintf("TIDENDE_SOURCE_LANG=%s",
	    translate_language(cfg, di));
	env[1] = xasprintf("TIDENDE_TITLE=%s", title);
	env[2] = xasprintf("TIDENDE_URL=%s",
	    di->item.link != NULL ? di->item.link : "");
	env[3] = NULL;
	free(title);

	job = xcalloc(1, sizeof *job);
	job->db = db;
	job->item_id = di->id;
	job->command = command;
	job->name = xstrdup(argv[0]);
	job->timeout = options_int(OPT_TRANSLATE_TIMEOUT);
	if (job->timeout <= 0)
		job->timeout = 60;
	job->done = done;
	job->arg = arg;

	memset(&o, 0, sizeof o);
	o.argv = argv;
	o.env = env;
	o.input = input;
	o.input_len = strlen(input);
	o.max_output = TRANSLATE_MAX_OUTPUT;
	o.timeout_ms = (int)(job->timeout * 1000);
	o.done = translate_spawn_done;
	o.arg = job;
	job->spawn = spawn_start(&o, cause);
	free(input);
	free(env[0]);
	free(env[1]);
	free(env[2]);
	if (job->spawn == NULL) {
		free(job->command);
		free(job->name);
		free(job);
		return NULL;
	}
	log_debug("translate: item %lld by %s started", (long long)di->id,
	    command);
	return job;
}

/* ------------------------------------------------- translate-titles */

/* 1 when a locale name such as "C", "C.UTF-8" or "POSIX" names no language. */
static int
translate_locale_is_c(const char *v, size_t n)
{
	return (n == 1 && (*v == 'C' || *v == 'c')) ||
	    (n == 5 && strncasecmp(v, "posix", 5) == 0);
}

/*
 * The language option, else the first entry of LANGUAGE, else the locale
 * from LC_ALL, LC_MESSAGES or LANG.  As in gettext, LANGUAGE is a
 * preference list that does not apply while the locale is C or POSIX.
 */
char *
translate_user_language(void)
{
	const char *env[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v = options_str(OPT_LANGUAGE), *loc = NULL, *l;
	char *lang;
	size_t i, n;

	if (v == NULL || *v == '\0') {
		v = NULL;
		for (i = 0; (loc == NULL || *loc == '\0') && i < 3; i++)
			loc = getenv(env[i]);
		l = getenv("LANGUAGE");
		if (l != NULL && loc != NULL && *loc != '\0' &&
		    !translate_locale_is_c(loc, strcspn(loc, "_.@-"))) {
			while (*l == ':')
				l++;
			if (*l != '\0')
				v = l;
		}
		if (v == NULL)
			v = loc;
	}
	if (v == NULL)
		v = "";
	n = strcspn(v, "_.@-:");
	lang = xstrndup(v, n);
	for (i = 0; lang[i] != '\0'; i++)
		lang[i] = tolower((unsigned char)lang[i]);
	if (*lang == '\0' || translate_locale_is_c(lang, n)) {
		free(lang);
		lang = xstrdup("en");
	}
	return lang;
}

/*
 * The language of a tag's first n bytes as a family: Norwegian "no",
 * Bokmål "nb" and Nynorsk "nn" are one, since a reader of one reads
 * the others.
 */
static const char *
translate_family(const char *tag, size_t n, char *buf, size_t size)
{
	size_t i;

	if (n >= size)
		n = size - 1;
	for (i = 0; i < n; i++)
		buf[i] = tolower((unsigned char)tag[i]);
	buf[n] = '\0';
	if (strcmp(buf, "nb") == 0 || strcmp(buf, "nn") == 0)
		return "no";
	return buf;
}

int
translate_language_differs(const char *lang)
{
	char *user, a[16], b[16];
	int differs;

	if (lang == NULL || *lang == '\0')
		return 0;	/* unknown: leave it */
	user = translate_user_language();
	differs = strcmp(translate_family(lang, strcspn(lang, "-_"), a,
	    sizeof a), translate_family(user, strlen(user), b, sizeof b)) != 0;
	free(user);
	return differs;
}

char *
translate_title_cached(struct db *db, const struct config *cfg,
    const struct db_row *row)
{
	char *cmd, *key, *text = NULL;

	if (!options_bool(OPT_TRANSLATE_TITLES))
		return NULL;
	if (translate_command(cfg, row->feed_url, &cmd) == NULL)
		return NULL;
	key = xasprintf("title:%s", cmd);
	free(cmd);
	if (db_translate_get(db, row->id, key, &text) != STATUS_OK) {
		free(text);
		text = NULL;
	}
	free(key);
	return text;
}

static char **
translate_argv_copy(char *const *argv)
{
	char **copy;
	size_t n = 0, i;

	while (argv[n] != NULL)
		n++;
	copy = xreallocarray(NULL, n + 1, sizeof *copy);
	for (i = 0; i < n; i++)
		copy[i] = xstrdup(argv[i]);
	copy[n] = NULL;
	return copy;
}

static void
translate_job_free(struct translate_job *job)
{
	struct translate_batch *b;
	size_t i, j;

	for (i = 0; i < job->nbatches; i++) {
		b = &job->batches[i];
		free(b->command);
		for (j = 0; b->argv[j] != NULL; j++)
			free(b->argv[j]);
		free(b->argv);
		free(b->lang);
		for (j = 0; j < b->n; j++)
			free(b->titles[j]);
		free(b->titles);
		free(b->ids);
	}
	free(job->batches);
	free(job->command);
	free(job->name);
	free(job);
}

static int	translate_titles_next(struct translate_job *, int);

static void
translate_titles_report(struct translate_job *job, enum status status,
    size_t count, const char *error, int last)
{
	struct translate_titles_result r;

	memset(&r, 0, sizeof r);
	r.status = status;
	r.count = count;
	r.error = error;
	r.last = last;
	if (job->tdone != NULL)
		job->tdone(&r, job->arg);
}

static void
translate_titles_done(const struct spawn_result *sr, void *arg)
{
	struct translate_job *job = arg;
	struct translate_batch *b = &job->batches[job->cur];
	char *out, *p, *nl, *key, *error = NULL, *line;
	char **lines = NULL, **texts;
	int64_t *ids;
	size_t nlines = 0, i, count = 0;
	enum status status = sr->status;

	job->spawn = NULL;
	if (status == STATUS_OK) {
		out = utf8_clean(sr->out, sr->out_len, UTF8_KEEP_NEWLINES);
		for (p = out; *p != '\0'; p = nl + 1) {
			nl = strchr(p, '\n');
			if (nl == NULL)
				nl = p + strlen(p) - 1;
			lines = xreallocarray(lines, nlines + 1, sizeof *lines);
			lines[nlines++] = utf8_clean(p, (size_t)(nl - p) +
			    (*nl == '\n' ? 0 : 1), UTF8_COLLAPSE_SPACE);
		}
		free(out);
		while (nlines > 0 && *lines[nlines - 1] == '\0')
			free(lines[--nlines]);
		if (nlines != b->n) {
			status = STATUS_ERROR;
			error = xasprintf(_("%s: %zu titles in, %zu lines out"),
			    b->argv[0], b->n, nlines);
		} else {
			key = xasprintf("title:%s", b->command);
			/* the batch's titles in one write, never waiting in
			   the interface (db-queue.h) */
			ids = xreallocarray(NULL, nlines, sizeof *ids);
			texts = xreallocarray(NULL, nlines, sizeof *texts);
			for (i = 0; i < nlines; i++) {
				if (*lines[i] == '\0')
					continue;
				ids[count] = b->ids[i];
				texts[count++] = lines[i];
			}
			/* shown from the cache only: a failure is said */
			if (job->db == NULL)
				count = 0;
			else if (db_queue_translations(job->db, key, ids,
			    texts, count, NULL, &error) != STATUS_OK) {
				status = STATUS_DB;
				count = 0;
			}
			free(ids);
			free(texts);
			free(key);
		}
		for (i = 0; i < nlines; i++)
			free(lines[i]);
		free(lines);
	} else {
		line = translate_first_line(sr->err);
		error = xasprintf("%s: %s", b->argv[0], line != NULL ? line :
		    status_message(status));
		free(line);
	}
	log_debug("translate: %zu titles from %s by %s: %s", b->n, b->lang,
	    b->command, error != NULL ? error : "ok");

	job->cur++;
	if (status != STATUS_OK || job->cur == job->nbatches) {
		translate_titles_report(job, status, count, error, 1);
		free(error);
		translate_job_free(job);
		return;
	}
	translate_titles_report(job, status, count, NULL, 0);
	if (!translate_titles_next(job, 1))
		translate_job_free(job);
}

/* Start the current batch; 0 when it cannot start (reported if asked). */
static int
translate_titles_next(struct translate_job *job, int report)
{
	struct translate_batch *b = &job->batches[job->cur];
	struct spawn_opts o;
	struct buf in = BUF_INIT;
	char *env[4], *cause = NULL;
	size_t i;

	for (i = 0; i < b->n; i++) {
		buf_adds(&in, b->titles[i]);
		buf_addc(&in, '\n');
	}
	env[0] = xasprintf("TIDENDE_SOURCE_LANG=%s", b->lang);
	env[1] = xstrdup("TIDENDE_TITLE=");
	env[2] = xstrdup("TIDENDE_URL=");
	env[3] = NULL;
	memset(&o, 0, sizeof o);
	o.argv = b->argv;
	o.env = env;
	o.input = buf_str(&in);
	o.input_len = in.len;
	o.max_output = TRANSLATE_MAX_OUTPUT;
	o.timeout_ms = (int)(job->timeout * 1000);
	o.done = translate_titles_done;
	o.arg = job;
	job->spawn = spawn_start(&o, &cause);
	buf_free(&in);
	for (i = 0; i < 3; i++)
		free(env[i]);
	if (job->spawn == NULL) {
		log_warn("translate: titles: %s", cause);
		if (report)
			translate_titles_report(job, STATUS_ERROR, 0, cause, 1);
		free(cause);
		return 0;
	}
	return 1;
}

struct translate_job *
translate_titles_start(struct db *db, const struct config *cfg,
    const struct db_row *rows, size_t n,
    void (*done)(const struct translate_titles_result *, void *), void *arg)
{
	struct translate_job *job;
	struct translate_batch *b;
	const struct feed_conf *fc;
	struct db_feed feed;
	char *const *argv;
	char *cmd, *key, *cached, *lang, **langs = NULL;
	int64_t *feeds = NULL;
	size_t i, j, nfeeds = 0;

	if (!options_bool(OPT_TRANSLATE_TITLES) || n == 0)
		return NULL;
	job = xcalloc(1, sizeof *job);
	job->titles = 1;
	job->db = db;
	job->tdone = done;
	job->arg = arg;
	job->timeout = options_int(OPT_TRANSLATE_TIMEOUT);
	if (job->timeout <= 0)
		job->timeout = 60;

	for (i = 0; i < n; i++) {
		if (rows[i].title == NULL || *rows[i].title == '\0')
			continue;
		fc = translate_feed_conf(cfg, rows[i].feed_url);
		if (fc != NULL && fc->language != NULL)
			lang = xstrdup(fc->language);
		else {
			/* one look-up per feed */
			for (j = 0; j < nfeeds; j++)
				if (feeds[j] == rows[i].feed_id)
					break;
			if (j == nfeeds) {
				feeds = xreallocarray(feeds, nfeeds + 1,
				    sizeof *feeds);
				langs = xreallocarray(langs, nfeeds + 1,
				    sizeof *langs);
				feeds[nfeeds] = rows[i].feed_id;
				langs[nfeeds] = NULL;
				memset(&feed, 0, sizeof feed);
				if (db_feed_get(db, rows[i].feed_id, &feed) ==
				    STATUS_OK && feed.language != NULL)
					langs[nfeeds] = xstrdup(feed.language);
				db_feed_free(&feed);
				nfeeds++;
			}
			lang = xstrdup0(langs[j]);
		}
		if (lang == NULL || !translate_language_differs(lang) ||
		    (argv = translate_command(cfg, rows[i].feed_url,
		    &cmd)) == NULL) {
			free(lang);
			continue;
		}
		key = xasprintf("title:%s", cmd);
		cached = NULL;
		if (db_translate_get(db, rows[i].id, key, &cached) ==
		    STATUS_OK) {
			free(cached);
			free(key);
			free(cmd);
			free(lang);
			continue;
		}
		free(cached);
		free(key);
		for (j = 0; j < job->nbatches; j++) {
			b = &job->batches[j];
			if (strcmp(b->command, cmd) == 0 &&
			    strcmp(b->lang, lang) == 0 &&
			    b->n < TRANSLATE_TITLES_BATCH)
				break;
		}
		if (j == job->nbatches) {
			job->batches = xreallocarray(job->batches,
			    job->nbatches + 1, sizeof *job->batches);
			b = &job->batches[job->nbatches++];
			memset(b, 0, sizeof *b);
			b->command = xstrdup(cmd);
			b->argv = translate_argv_copy(argv);
			b->lang = xstrdup(lang);
		} else
			b = &job->batches[j];
		b->ids = xreallocarray(b->ids, b->n + 1, sizeof *b->ids);
		b->titles = xreallocarray(b->titles, b->n + 1,
		    sizeof *b->titles);
		b->ids[b->n] = rows[i].id;
		b->titles[b->n++] = utf8_clean(rows[i].title,
		    strlen(rows[i].title), UTF8_COLLAPSE_SPACE);
		free(cmd);
		free(lang);
	}
	for (j = 0; j < nfeeds; j++)
		free(langs[j]);
	free(langs);
	free(feeds);
	if (job->nbatches == 0 || !translate_titles_next(job, 0)) {
		translate_job_free(job);
		return NULL;
	}
	return job;
}

void
translate_cancel(struct translate_job *job)
{
	if (job != NULL && job->spawn != NULL)
		spawn_cancel(job->spawn);	/* frees the job */
}

struct translate_wait {
	int		 done;
	enum status	 status;
	char		*text;
	char		*command;
	char		*error;
};

static void
translate_wait_done(const struct translate_result *r, void *arg)
{
	struct translate_wait *w = arg;

	w->done = 1;
	w->status = r->status;
	w->text = xstrdup0(r->text);
	w->command = xstrdup0(r->command);
	w->error = xstrdup0(r->status == STATUS_OK ? r->store_error :
	    r->error);
}

enum status
translate_run(struct db *db, const struct config *cfg,
    const struct db_item *di, char **text, char **command, char **cause)
{
	struct translate_wait w;

	*text = *command = *cause = NULL;
	if (translate_cached(db, cfg, di, text, command) == STATUS_OK)
		return STATUS_OK;
	memset(&w, 0, sizeof w);
	if (translate_start(db, cfg, di, translate_wait_done, &w,
	    cause) == NULL)
		return STATUS_ERROR;
	while (!w.done)
		loop_once(100);
	if (w.status == STATUS_OK) {
		*text = w.text;
		*command = w.command;
		*cause = w.error;	/* not kept in the cache: why */
	} else {
		*cause = w.error;
		free(w.text);
		free(w.command);
	}
	return w.status;
}
