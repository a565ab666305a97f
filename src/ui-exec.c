/*
 * The user's own commands on the article: `:exec CMD...` runs CMD with
 * %u (link), %e (first enclosure), %t (title), %f (feed URL) each
 * substituted inside its one argv word, never through a shell; `:pipe
 * [--html] CMD...` also writes the article, as the pane renders it (or
 * its HTML), to CMD's stdin.  Bound to keys with `bind KEY exec ...`.
 *
 * Without `!` the command runs in the background through the loop (the
 * screen stays and keeps working), and its exit status and first line of
 * output come back on the status line.  With `!` (`exec!`, `pipe!`: less,
 * an editor, mpv in the terminal) the screen is handed to it: endwin, the
 * terminal's foreground to its process group, no key read meanwhile; when
 * it ends the screen is drawn again and its exit status shown.  The loop
 * runs throughout (fetches go on), it only does not draw.
 */
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tidende/i18n.h"
#include "tidende/article-view.h"
#include "tidende/db-items.h"
#include "tidende/display.h"
#include "tidende/html.h"
#include "tidende/items-view.h"
#include "tidende/loop.h"
#include "tidende/spawn.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"
#include "ui-private.h"

#define UI_EXEC_MAX_OUTPUT	(64 * 1024)

struct ui_exec_job {
	struct ui	*ui;
	char		*name;		/* argv[0], for the status line */
	int		 terminal;
};

/* The article the focused pane means (as for `o`), or 0. */
static int64_t
ui_exec_article(struct ui *ui)
{
	const struct db_row *r = NULL;
	int64_t open = ui->article != NULL ? article_view_id(ui->article) : 0;

	if (ui->dpy.focus == DISPLAY_ARTICLE && open > 0)
		return open;
	if (ui->dpy.pane[DISPLAY_LIST] == ui->items)
		r = items_view_row(ui->items);
	if (ui->dpy.focus == DISPLAY_LIST && r != NULL)
		return r->id;
	if (open > 0)
		return open;
	return r != NULL ? r->id : 0;
}

/*
 * One word with %u %e %t %f %% substituted; NULL with *missing set to the
 * placeholder when the article has no such value.
 */
static char *
ui_exec_subst(const char *word, const struct db_item *di, char *missing)
{
	struct buf b = BUF_INIT;
	const char *p, *v;

	for (p = word; *p != '\0'; p++) {
		if (p[0] != '%' || p[1] == '\0' ||
		    strchr("uetf%", p[1]) == NULL) {
			buf_addc(&b, *p);
			continue;
		}
		p++;
		switch (*p) {
		case 'u':
			v = di->item.link;
			break;
		case 'e':
			v = di->item.nenclosures > 0 ?
			    di->item.enclosures[0].url : NULL;
			break;
		case 't':
			v = di->item.title;
			break;
		case 'f':
			v = di->feed_url;
			break;
		default:
			v = "%";
		}
		if (v == NULL || *v == '\0') {
			*missing = *p;
			buf_free(&b);
			return NULL;
		}
		buf_adds(&b, v);
	}
	if (b.s == NULL)
		return xstrdup("");
	return buf_detach(&b);
}

/* The first line of a child's output, cleaned for the status line. */
static char *
ui_exec_first_line(const char *s, size_t len)
{
	const char *nl;

	if (s == NULL)
		return xstrdup("");
	while (len > 0 && (*s == '\n' || *s == ' '))
		s++, len--;
	if ((nl = memchr(s, '\n', len)) != NULL)
		len = (size_t)(nl - s);
	return utf8_clean(s, len, UTF8_COLLAPSE_SPACE);
}

static void
ui_exec_done(const struct spawn_result *r, void *arg)
{
	struct ui_exec_job *job = arg;
	struct ui *ui = job->ui;
	char *line;

	if (job->terminal) {
		ui->exec_terminal = 0;
		loop_set_events(STDIN_FILENO, POLLIN);
		display_resume(&ui->dpy);
		ui->dpy.redraw_all = 1;
	}
	line = ui_exec_first_line(r->err_len > 0 ? r->err : r->out,
	    r->err_len > 0 ? r->err_len : r->out_len);
	if (r->status == STATUS_OK)
		ui_message(ui, "%s: exit 0%s%s", job->name,
		    *line != '\0' ? ": " : "", line);
	else if (r->status == STATUS_ERROR)
		ui_error(ui, "%s: exit %d%s%s", job->name, r->exit_code,
		    *line != '\0' ? ": " : "", line);
	else
		ui_error(ui, "%s: %s", job->name, status_message(r->status));
	free(line);
	free(job->name);
	free(job);
}

void
ui_exec_run(struct ui *ui, const char *how, char *const *words, size_t n)
{
	struct ui_exec_job *job;
	struct spawn_opts so;
	struct db_item di;
	struct rendered rd;
	struct buf input = BUF_INIT;
	char **argv, *cause = NULL, missing = 0;
	const char *html;
	size_t i, j;
	int pipe = how[0] == 'p', terminal = strchr(how, '!') != NULL;
	int as_html = 0;
	int64_t id;

	if (pipe && n > 0 && strcmp(words[0], "--html") == 0) {
		as_html = 1;
		words++;
		n--;
	}
	if (n == 0) {
		ui_error(ui, _("%s: needs a COMMAND (e.g. :%s %s)"), how, how,
		    pipe ? "less" : "mpv %e");
		return;
	}
	if (terminal && ui->exec_terminal) {
		ui_error(ui, _("%s: a command has the terminal"), how);
		return;
	}
	if ((id = ui_exec_article(ui)) == 0) {
		ui_message(ui, _("%s: no article here"), how);
		return;
	}
	if (db_items_get(ui->db, id, &di, &cause) != STATUS_OK) {
		ui_error(ui, "%s: %s", how, cause != NULL ? cause :
		    _("no such article"));
		free(cause);
		return;
	}
	argv = xcalloc(n + 1, sizeof *argv);
	for (i = 0; i < n; i++) {
		if ((argv[i] = ui_exec_subst(words[i], &di, &missing)) ==
		    NULL) {
			ui_error(ui, missing == 'e' ?
			    _("%s: the article has no enclosure (%%e)") :
			    missing == 'u' ? _("%s: the article has no link "
			    "(%%u)") : missing == 't' ? _("%s: the article has "
			    "no title (%%t)") : _("%s: the article has no feed "
			    "URL (%%f)"), how);
			for (j = 0; j < i; j++)
				free(argv[j]);
			free(argv);
			db_items_item_free(&di);
			return;
		}
	}
	if (pipe && as_html) {
		html = di.item.content != NULL ? di.item.content :
		    di.item.summary;
		buf_adds(&input, html != NULL ? html : "");
	} else if (pipe) {
		html_article_render(&di, ui->dpy.cols > 20 ?
		    (size_t)ui->dpy.cols : 80, NULL, NULL, &rd);
		for (i = 0; i < rd.nlines; i++) {
			buf_adds(&input, rd.lines[i].text);
			buf_addc(&input, '\n');
		}
		html_rendered_free(&rd);
	}
	db_items_item_free(&di);

	job = xcalloc(1, sizeof *job);
	job->ui = ui;
	job->name = xstrdup(argv[0]);
	job->terminal = terminal;
	memset(&so, 0, sizeof so);
	so.argv = argv;
	so.input = pipe ? (input.s != NULL ? input.s : "") : NULL;
	so.input_len = input.len;
	so.max_output = UI_EXEC_MAX_OUTPUT;
	/* only the first line is shown: a talkative command (mpv) lives on */
	so.flags = terminal ? SPAWN_TERMINAL : SPAWN_OUT_TRUNCATE;
	so.done = ui_exec_done;
	so.arg = job;
	if (terminal) {
		/* hand the screen over; keys are the command's until done */
		display_pause();
		loop_set_events(STDIN_FILENO, 0);
		ui->exec_terminal = 1;
	}
	if (spawn_start(&so, &cause) == NULL) {
		if (terminal) {
			ui->exec_terminal = 0;
			loop_set_events(STDIN_FILENO, POLLIN);
			display_resume(&ui->dpy);
			ui->dpy.redraw_all = 1;
		}
		ui_error(ui, "%s: %s", how, cause != NULL ? cause :
		    _("cannot start"));
		free(cause);
		free(job->name);
		free(job);
	} else if (!terminal)
		ui_message(ui, _("%s: running"), job->name);
	for (i = 0; i < n; i++)
		free(argv[i]);
	free(argv);
	buf_free(&input);
}
