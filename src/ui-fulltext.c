/*
 * The open article's full text from its web page (tidende/fulltext.h):
 * from the cache when it was fetched before, else a background fetch with
 * a spinner on the status line that Esc cancels; keys and drawing go on
 * meanwhile.  The same key shows the feed's text again.
 */
#include <stdlib.h>

#include "tidende/i18n.h"
#include "tidende/article-view.h"
#include "tidende/db-items.h"
#include "tidende/fulltext.h"
#include "tidende/loop.h"
#include "tidende/xmalloc.h"
#include "ui-private.h"

static void
ui_fulltext_spinner(void *arg)
{
	static const char *frames[] = { "|", "/", "-", "\\" };
	struct ui *ui = arg;

	ui->fulltext_timer = 0;
	if (ui->fulltext == NULL)
		return;
	ui->fulltext_spin = (ui->fulltext_spin + 1) % 4;
	ui_message(ui, _("fetching the web page %s  (Esc cancels)"),
	    frames[ui->fulltext_spin]);
	ui->fulltext_timer = loop_add_timer(120, ui_fulltext_spinner, ui);
}

static void
ui_fulltext_done(const struct fulltext_result *r, void *arg)
{
	struct ui *ui = arg;
	int open;

	ui->fulltext = NULL;
	if (ui->fulltext_timer != 0) {
		loop_cancel_timer(ui->fulltext_timer);
		ui->fulltext_timer = 0;
	}
	open = ui->article != NULL && article_view_id(ui->article) ==
	    r->item_id;
	switch (r->status) {
	case STATUS_CANCELLED:
		ui_message(ui, "%s", _("fetching the web page cancelled"));
		return;
	case STATUS_OK:
	case STATUS_UNCHANGED:
		if (open && article_view_reload(ui->article))
			ui->dpy.title_dirty = 1;
		if (r->status == STATUS_UNCHANGED)
			ui_message(ui, _("full text from %s, unchanged (f: the "
			    "feed's text)"), r->host);
		else
			ui_message(ui, _("full text from %s (f: the feed's "
			    "text)"), r->host);
		return;
	case STATUS_NOT_FOUND:
		ui_error(ui, _("%s: %s; showing the feed's text"), r->host,
		    r->error != NULL ? r->error : _("no article in the page"));
		return;
	default:
		ui_error(ui, _("full text: %s: %s"), r->host,
		    r->error != NULL ? r->error : status_message(r->status));
		return;
	}
}

void
ui_fulltext(struct ui *ui, int again)
{
	const struct db_item *item;
	char *cause = NULL, *host;

	if (ui->fulltext != NULL) {
		ui_message(ui, "%s", _("a web page is being fetched (Esc cancels)"));
		return;
	}
	if (ui->article == NULL ||
	    (item = article_view_item(ui->article)) == NULL) {
		ui_message(ui, "%s", _("open an article to see its full text"));
		return;
	}
	if (!again && article_view_full_text(ui->article)) {
		article_view_set_feed_text(ui->article, 1);
		ui_message(ui, "%s", _("the feed's text (f: full text)"));
		return;
	}
	if (!again && item->fulltext != NULL) {
		article_view_set_feed_text(ui->article, 0);
		host = fulltext_host(item->fulltext_url);
		ui_message(ui, _("full text from %s (cached; f: the feed's text)"),
		    host);
		free(host);
		return;
	}
	ui->fulltext_id = item->id;
	ui->fulltext = fulltext_start(ui->db, item->id, item->item.link, 0,
	    ui_fulltext_done, ui, &cause);
	if (ui->fulltext == NULL) {
		ui_error(ui, _("full text: %s"), cause != NULL ? cause :
		    _("cannot start"));
		free(cause);
		return;
	}
	ui->fulltext_spin = 0;
	ui_message(ui, "%s", _("fetching the web page |  (Esc cancels)"));
	ui->fulltext_timer = loop_add_timer(120, ui_fulltext_spinner, ui);
}
