/*
 * Translation of one article by the user's command (translate-command or
 * a feed's translate=): a child process fed the title and the rendered
 * plain text on stdin, with TIDENDE_SOURCE_LANG, TIDENDE_TITLE and
 * TIDENDE_URL in its environment.  The output is cleaned, capped and kept
 * in the cache per (article, command), so a second request is instant.
 *
 * The interface on `t`:
 *	if (translate_cached(db, cfg, item, &text, &cmd) == STATUS_OK)
 *		show text ("translated by cmd"), free both;
 *	else if ((job = translate_start(db, cfg, item, done, arg, &cause))
 *	    == NULL)
 *		status line: cause (e.g. no command configured: how to set one);
 *	else
 *		spinner until done() (Esc: translate_cancel(job)).
 */
#ifndef TIDENDE_TRANSLATE_H
#define TIDENDE_TRANSLATE_H

#include <stdint.h>

#include "tidende/config.h"
#include "tidende/db-items.h"
#include "tidende/status.h"

#define TRANSLATE_MAX_OUTPUT	(4 * 1024 * 1024)

struct translate_job;

struct translate_result {
	enum status	 status;	/* OK, ERROR (failed or empty output),
					   TIMEOUT, TOO_BIG, CANCELLED */
	int64_t		 item_id;
	const char	*text;		/* OK: the translation, cleaned */
	const char	*command;	/* the command as written */
	const char	*error;		/* not OK: one line, for the status line */
	const char	*store_error;	/* OK, but not kept in the cache: why
					   (one line naming the cache) */
};

/*
 * The command for an article of feed_url: the feed's translate=, else
 * translate-command.  *text (if not NULL) gets it as written (the cache
 * key and "translated by"; caller frees).  NULL when none is configured.
 */
char *const	*translate_command(const struct config *, const char *feed_url,
		    char **text);
/* What to say when no command is configured (one line). */
const char	*translate_help(void);

/*
 * The cached translation of the article under its current command:
 * STATUS_OK with *text and *command (caller frees both), STATUS_NOT_FOUND
 * when there is none (or no command is configured).
 */
enum status	 translate_cached(struct db *, const struct config *,
		    const struct db_item *, char **text, char **command);

/*
 * Start translating in the background (the loop runs it); done() runs
 * once, after the result was cached.  NULL with *cause when it cannot
 * start (no command configured: translate_help(); command not found).
 * The db must outlive the job.
 */
struct translate_job *translate_start(struct db *, const struct config *,
		    const struct db_item *,
		    void (*done)(const struct translate_result *, void *),
		    void *arg, char **cause);
/* Kill the command; done() runs with STATUS_CANCELLED before return. */
void		 translate_cancel(struct translate_job *);

/*
 * Translate and wait (CLI): the cache first, else the command.  *text and
 * *command on OK, else *cause (caller frees).  On OK *cause is set too
 * when the translation could not be kept in the cache (why, naming it).
 */
enum status	 translate_run(struct db *, const struct config *,
		    const struct db_item *, char **text, char **command,
		    char **cause);

/* The text the command gets on stdin: title, blank line, body. */
char		*translate_input(const struct db_item *);

/* ------------------------------------------------- translate-titles */

/*
 * `set translate-titles yes`: list titles of feeds whose language is not
 * the user's, translated in the background, in batches (one title a line
 * on stdin, one a line back), cached per (article, "title:" command).
 *
 * The list view, for each visible row:
 *	title = translate_title_cached(db, cfg, row)  (NULL: the original)
 * and once the rows on screen changed:
 *	translate_titles_start(db, cfg, rows, n, done, arg)
 * which returns NULL when nothing needs translating (option off, every
 * title cached or in the user's language, or the command cannot start).  done() runs after each batch
 * was cached (redraw the list); `last` is set on the final call.  One
 * title job at a time: cancel the old one before starting another.
 */
struct translate_titles_result {
	enum status	 status;
	size_t		 count;		/* titles translated in this batch */
	const char	*error;		/* not OK: one line */
	int		 last;
};

/*
 * The user's language: the language option, else the first entry of
 * LANGUAGE (not under the C locale), else LC_ALL, LC_MESSAGES, LANG.
 */
char		*translate_user_language(void);
/* 1 when titles in language lang should be translated for this user
 * (no, nb and nn are one language). */
int		 translate_language_differs(const char *lang);
/* The cached translated title of a row, or NULL (caller frees). */
char		*translate_title_cached(struct db *, const struct config *,
		    const struct db_row *);
struct translate_job *translate_titles_start(struct db *,
		    const struct config *, const struct db_row *, size_t n,
		    void (*done)(const struct translate_titles_result *, void *),
		    void *arg);

#endif
