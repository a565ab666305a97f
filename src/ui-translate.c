/*
 * Translating the open article: from the cache when it was translated
 * before, else a background job with a spinner on the status line; the
 * same key shows the original again.
 */
#include <stdlib.h>

#include "tidende/i18n.h"
#include "tidende/article-view.h"
#include "tidende/loop.h"
#include "tidende/translate.h"
#include "tidende/xmalloc.h"
#include "ui-private.h"

static void
ui_translate_spinner(void *arg)
{
	static const char *frames[] = { "|", "/", "-", "\\" };
	struct ui *ui = arg;

	ui->spinner_timer = 0;
	if (ui->translate == NULL)
		return;
	ui->spinner = (ui->spinner + 1) % 4;
	ui_message(ui, _("translating %s  (Esc cancels)"), frames[ui->spinner]);
	ui->spinner_timer = loop_add_timer(120, ui_translate_spinner, ui);
}

static void
ui_translate_done(const struct translate_result *r, void *arg)
{
	struct ui *ui = arg;

	ui->translate = NULL;
	if (ui->spinner_timer != 0) {
		loop_cancel_timer(ui->spinner_timer);
		ui->spinner_timer = 0;
	}
	if (r->status == STATUS_CANCELLED) {
		ui_message(ui, "%s", _("translation cancelled"));
		return;
	}
	if (r->status != STATUS_OK) {
		ui_error(ui, "translate: %s", r->error != NULL ? r->error :
		    status_message(r->status));
		return;
	}
	if (ui->article != NULL && article_view_id(ui->article) ==
	    r->item_id) {
		article_view_set_translation(ui->article, r->text,
		    r->command);
		ui->dpy.title_dirty = 1;
	}
	if (r->store_error != NULL) {
		/* shown, but gone once the article is closed: say so */
		ui_error(ui, _("translated, but not kept: %s"),
		    r->store_error);
		return;
	}
	ui_message(ui, _("translated by %s (t: original)"), r->command);
}

void
ui_translate_toggle(struct ui *ui)
{
	const struct db_item *item;
	char *text = NULL, *cmd = NULL, *cause = NULL;

	if (ui->translate != NULL) {
		ui_message(ui, "%s", _("a translation is running (Esc cancels)"));
		return;
	}
	if (ui->article == NULL ||
	    (item = article_view_item(ui->article)) == NULL) {
		ui_message(ui, "%s", _("open an article to translate it"));
		return;
	}
	if (article_view_translated(ui->article)) {
		article_view_set_translation(ui->article, NULL, NULL);
		ui->dpy.title_dirty = 1;
		ui_message(ui, "%s", _("original text"));
		return;
	}
	if (translate_cached(ui->db, &ui->app->config, item, &text, &cmd) ==
	    STATUS_OK) {
		article_view_set_translation(ui->article, text, cmd);
		ui->dpy.title_dirty = 1;
		ui_message(ui, _("translated by %s (cached; t: original)"), cmd);
		free(text);
		free(cmd);
		return;
	}
	ui->translate = translate_start(ui->db, &ui->app->config, item,
	    ui_translate_done, ui, &cause);
	if (ui->translate == NULL) {
		ui_error(ui, "translate: %s", cause != NULL ? cause :
		    _("cannot start"));
		free(cause);
		return;
	}
	ui->translate_id = item->id;
	ui->spinner = 0;
	ui_message(ui, "%s", _("translating |  (Esc cancels)"));
	ui->spinner_timer = loop_add_timer(120, ui_translate_spinner, ui);
}
