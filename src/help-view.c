/*
 * The help screen, generated from the action table (request.h) and the
 * live key bindings (keys.h), so it always says what the keys really do;
 * then the `:` commands and the search syntax.
 */
#include <stdlib.h>
#include <string.h>

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "tidende/keys.h"
#include "tidende/request.h"
#include "tidende/ui.h"
#include "tidende/view.h"
#include "tidende/xmalloc.h"

struct help_line {
	int	 group;
	char	*keys;
	char	*text;
};

struct help {
	struct help_line *l;
	size_t		 n;
};

static const char *help_extra[] = {
	"#Commands (type : first)",
	":set OPTION VALUE\tchange an option (e.g. :set layout vertical)",
	":bind KEY ACTION\tbind a key to an action named above",
	":color ELEMENT FG BG [ATTR]\tchange a colour",
	":tag NAME\tshow the articles of one tag",
	":feed TITLE\tshow the articles of one feed",
	":search QUERY\tsearch, like /",
	":save NAME\tkeep the current search in the sidebar",
	":open N  :copy N\topen or copy link [N] (or an enclosure) of the article",
	":all :starred :unread :errors\tswitch views",
	":refresh\trefresh every feed",
	":help :quit\tthis help; quit",
	"#Search syntax (after /)",
	"word other\tarticles with both words",
	"\"a phrase\"\tthe words in this order",
	"pref*\twords starting with pref",
	"-word\twithout word",
	"a OR b\teither",
	"feed:NAME tag:NAME\tin one feed or tag",
	"author:NAME\tby an author",
	"is:unread is:starred\tonly unread or starred articles",
	"since:7d since:2015-03-01\tnewer than a time",
	"#In the search prompt",
	"Up Down\tearlier searches",
	"Tab\tthe current feed or tag, or everything",
	"Enter\tkeep the results",
	"Esc\tback to the view you came from",
};

static void
help_add(struct help *h, int group, const char *keys, const char *text)
{
	h->l = xreallocarray(h->l, h->n + 1, sizeof *h->l);
	h->l[h->n].group = group;
	h->l[h->n].keys = xstrdup(keys != NULL ? keys : "");
	h->l[h->n].text = xstrdup(text);
	h->n++;
}

static void
help_clear(struct help *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->l[i].keys);
		free(h->l[i].text);
	}
	free(h->l);
	h->l = NULL;
	h->n = 0;
}

static void
help_open(struct view *v)
{
	struct help *h = v->priv;
	const char *group = NULL, *tab;
	char *keys, *text;
	unsigned i;
	size_t k;

	help_clear(h);
	for (i = 0; i < request_table_size; i++) {
		const struct request_info *r = &request_table[i];

		if (group == NULL || strcmp(group, r->group) != 0) {
			if (group != NULL)
				help_add(h, 0, "", "");
			group = r->group;
			help_add(h, 1, "", group);
		}
		keys = keys_for_request(r->req);
		text = xasprintf("%-20s %s", r->name, r->help);
		help_add(h, 0, keys, text);
		free(text);
		free(keys);
	}
	for (k = 0; k < sizeof help_extra / sizeof help_extra[0]; k++) {
		if (help_extra[k][0] == '#') {
			help_add(h, 0, "", "");
			help_add(h, 1, "", help_extra[k] + 1);
			continue;
		}
		tab = strchr(help_extra[k], '\t');
		keys = xstrndup(help_extra[k], (size_t)(tab - help_extra[k]));
		help_add(h, 0, keys, tab + 1);
		free(keys);
	}
	v->lines = h->n;
}

static void
help_draw_line(struct view *v, size_t line, int row, int selected)
{
	struct help *h = v->priv;
	struct help_line *l;
	int kw = 26;

	if (line >= h->n)
		return;
	l = &h->l[line];
	if (l->group) {
		draw_text(v, row, 1, l->text, v->width - 1, DRAW_GROUP, 0);
		return;
	}
	if (v->width < 60)
		kw = 14;
	draw_field(v, row, 2, l->keys, kw, DRAW_HEADER, 0);
	draw_field(v, row, 2 + kw + 1, l->text, v->width - kw - 3,
	    DRAW_DEFAULT, 0);
}

static void
help_title(struct view *v, struct buf *b)
{
	buf_adds(b, "Help (q to go back)");
}

static void
help_done(struct view *v)
{
	help_clear(v->priv);
}

const struct view_ops help_view_ops = {
	.name = "help",
	.flags = VIEW_PAGER | VIEW_FULL,
	.private_size = sizeof(struct help),
	.open = help_open,
	.draw_line = help_draw_line,
	.title = help_title,
	.done = help_done,
};
