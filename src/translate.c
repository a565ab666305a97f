/*
 * Translate jobs: pick the command (feed override, else the option), run
 * it with spawn on the article's title and plain text, clean and cap its
 * output, keep it in the cache per (article, command).  A failure keeps
 * the original and says why in one line.
 */
#include <stdlib.h>
#include <string.h>

#include "tidende/buf.h"
#include "tidende/html.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/spawn.h"
#include "tidende/translate.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

struct translate_job {
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
	argv = opt_argv(OPT_TRANSLATE_COMMAND);
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
	return "no translate command: add e.g. "
	    "set translate-command \"trans -brief :en\" (translate-shell) or "
	    "set translate-command \"apertium nob-nno\" (apertium) "
	    "to the config";
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
	/* width 0: one line per paragraph, which translators prefer */
	html_render(html, it->link, 0, &r);
	for (i = 0; i < r.nlines; i++) {
		buf_adds(&b, r.lines[i].text);
		buf_addc(&b, '\n');
	}
	rendered_free(&r);
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
	if (db_translation_get(db, di->id, cmd, text) != STATUS_OK ||
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
	char *text = NULL, *error = NULL, *line;
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
			error = xasprintf("%s: no output%s%s", job->name,
			    line != NULL ? ": " : "", line != NULL ? line : "");
			free(text);
			text = NULL;
		}
		break;
	case STATUS_TIMEOUT:
		error = xasprintf("%s: timed out after %ld s", job->name,
		    job->timeout);
		break;
	case STATUS_TOO_BIG:
		error = xasprintf("%s: output over %d MB", job->name,
		    TRANSLATE_MAX_OUTPUT / (1024 * 1024));
		break;
	case STATUS_CANCELLED:
		error = xasprintf("%s: cancelled", job->name);
		break;
	default:
		if (line != NULL)
			error = xasprintf("%s: %s", job->name, line);
		else if (sr->exit_code > 128)
			error = xasprintf("%s: killed by signal %d", job->name,
			    sr->exit_code - 128);
		else
			error = xasprintf("%s: exited with status %d",
			    job->name, sr->exit_code);
		break;
	}
	free(line);
	if (text != NULL) {
		if (job->db != NULL && db_translation_put(job->db,
		    job->item_id, job->command, text) != STATUS_OK)
			log_warn("translate: could not cache item %lld",
			    (long long)job->item_id);
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
	job->timeout = opt_int(OPT_TRANSLATE_TIMEOUT);
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
	w->error = xstrdup0(r->error);
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
	} else {
		*cause = w.error;
		free(w.text);
		free(w.command);
	}
	return w.status;
}
