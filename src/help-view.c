/*
 * The help screen, generated from the action table (request.h) and the
 * live key bindings (keys.h), so it always says what the keys really do;
 * then every `:` command from the command table (request.h) and the
 * search syntax.
 */
#include <stdlib.h>
#include <string.h>

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "tidende/i18n.h"
#include "tidende/keys.h"
#include "tidende/request.h"
#include "tidende/utf8.h"
#include "tidende/help-view.h"
#include "tidende/view.h"
#include "tidende/xmalloc.h"

struct help_line {
	int	 group;	/* 1: a heading; 2: keys alone on a line */
	int	 indent;	/* of continuation lines: under the help text */
	char	*keys;
	char	*text;
};

/* The entries as built, and the screen lines laid out for one width. */
struct help_lines {
	struct help_line *l;
	size_t		 n;
};

struct help {
	struct help_lines src;
	struct help_lines l;
	int		 width;		/* that l was laid out for */
	int		 kw;		/* width of the keys column */
};

/*
 * After the actions and the `:` commands (both from request.h): keys (a
 * syntax, typed as it is) and their help (translated); a NULL key makes
 * the text a heading.
 */
static const struct {
	const char	*keys;
	const char	*text;
} help_extra[] = {
	{ ":ACTION", N_("run an action named above (e.g. :toggle-read)") },
	{ NULL, N_("Search syntax (after /)") },
	{ "word other", N_("articles with both words") },
	{ "\"a phrase\"", N_("the words in this order") },
	{ "pref*", N_("words starting with pref") },
	{ "-word", N_("without word") },
	/* TRANSLATORS: the search syntax "a OR b" finds articles with
	   either word */
	{ "a OR b", N_("either") },
	{ "feed:NAME tag:NAME", N_("in one feed or tag") },
	{ "author:NAME", N_("by an author") },
	{ "is:unread is:starred", N_("only unread or starred articles") },
	{ "since:7d since:2015-03-01", N_("newer than a time") },
	{ NULL, N_("In the search prompt") },
	{ "Up Down", N_("earlier searches") },
	{ "Tab", N_("the current feed or tag, or everything") },
	{ "Enter", N_("keep the results") },
	{ "Esc", N_("back to the view you came from") },
};

static void
help_add(struct help_lines *h, int group, int indent, const char *keys,
    const char *text)
{
	h->l = xreallocarray(h->l, h->n + 1, sizeof *h->l);
	h->l[h->n].group = group;
	h->l[h->n].indent = indent;
	h->l[h->n].keys = xstrdup(keys != NULL ? keys : "");
	h->l[h->n].text = xstrdup(text);
	h->n++;
}

static void
help_clear(struct help_lines *h)
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

/*
 * Lay the entries out for the view's width: the keys column as wide as
 * the widest binding (within limits), help text wrapped at word
 * boundaries onto continuation lines instead of being cut.
 */
static void
help_layout(struct view *v)
{
	struct help *h = v->priv;
	struct help_line *e, below;
	const char *t;
	size_t i, n, cut, w;
	int tw, first;
	char *piece;

	help_clear(&h->l);
	h->width = v->area.width;
	h->kw = 8;
	for (i = 0; i < h->src.n; i++) {
		w = utf8_width(h->src.l[i].keys);
		if (!h->src.l[i].group && h->src.l[i].indent != 2 &&
		    (int)w > h->kw)
			h->kw = (int)w;
	}
	if (h->kw > (v->area.width < 60 ? 14 : 26))
		h->kw = v->area.width < 60 ? 14 : 26;
	tw = v->area.width - h->kw - 3;
	for (i = 0; i < h->src.n; i++) {
		e = &h->src.l[i];
		if (!e->group && utf8_width(e->keys) > (size_t)h->kw) {
			/* a long command: on its own line, text below */
			help_add(&h->l, 2, 0, e->keys, "");
			below = *e;
			below.keys = NULL;
			e = &below;
		}
		if (e->group == 1 || tw < 24 ||
		    utf8_width(e->text) <= (size_t)tw) {
			help_add(&h->l, e->group, 0, e->keys, e->text);
			continue;
		}
		for (t = e->text, first = 1; *t != '\0'; first = 0) {
			w = first ? (size_t)tw : (size_t)(tw - e->indent);
			n = utf8_fit(t, w, NULL);
			if (t[n] != '\0') {
				/* back up to the last space that fits */
				for (cut = n; cut > 0 && t[cut] != ' '; cut--)
					;
				if (cut > 0)
					n = cut;
			}
			piece = xasprintf("%*s%.*s", first ? 0 : e->indent, "",
			    (int)n, t);
			help_add(&h->l, 0, 0, first ? e->keys : NULL, piece);
			free(piece);
			for (t += n; *t == ' '; t++)
				;
		}
	}
	v->lines = h->l.n;
}

static void
help_open(struct view *v)
{
	struct help *h = v->priv;
	const char *group = NULL;
	char *keys, *text;
	unsigned i;
	size_t k;

	help_clear(&h->src);
	for (i = 0; i < request_table_size; i++) {
		const struct request_info *r = &request_table[i];

		if (group == NULL || strcmp(group, r->group) != 0) {
			if (group != NULL)
				help_add(&h->src, 0, 0, "", "");
			group = r->group;
			help_add(&h->src, 1, 0, "", _(group));
		}
		keys = keys_for_request(r->req);
		text = xasprintf("%-20s %s", r->name, _(r->help));
		help_add(&h->src, 0, 21, keys, text);
		free(text);
		free(keys);
	}
	/* keys bound to the user's own commands (bind KEY exec ...) */
	for (k = 0, group = NULL; k < keys_count(); k++) {
		int key = keys_get(k, NULL);

		if (keys_command(key) == NULL)
			continue;
		if (group == NULL) {
			help_add(&h->src, 0, 0, "", "");
			group = "";
			/* TRANSLATORS: help heading: keys bound to exec
			   commands in the config */
			help_add(&h->src, 1, 0, "", _("Your commands"));
		}
		keys = xstrdup(keys_name(key));
		text = utf8_clean(keys_command(key),
		    strlen(keys_command(key)), UTF8_COLLAPSE_SPACE);
		help_add(&h->src, 0, 2, keys, text);
		free(text);
		free(keys);
	}
	help_add(&h->src, 0, 0, "", "");
	help_add(&h->src, 1, 0, "", _("Commands (type : first)"));
	for (i = 0; i < request_commands_size; i++) {
		const struct request_command_info *c = &request_commands[i];

		keys = xasprintf(":%s%s%s", c->name, *c->args != '\0' ? " " :
		    "", c->args);
		help_add(&h->src, 0, 2, keys, _(c->help));
		free(keys);
	}
	for (k = 0; k < sizeof help_extra / sizeof help_extra[0]; k++) {
		if (help_extra[k].keys == NULL) {
			help_add(&h->src, 0, 0, "", "");
			help_add(&h->src, 1, 0, "", _(help_extra[k].text));
			continue;
		}
		help_add(&h->src, 0, 2, help_extra[k].keys,
		    _(help_extra[k].text));
	}
	help_layout(v);
}

static void
help_prepare(struct view *v)
{
	struct help *h = v->priv;

	if (h->width != v->area.width)
		help_layout(v);
}

static void
help_draw_line(struct view *v, size_t line, int row, int selected)
{
	struct help *h = v->priv;
	struct help_line *l;

	if (line >= h->l.n)
		return;
	l = &h->l.l[line];
	if (l->group == 1) {
		draw_text(&v->area, row, 1, l->text, v->area.width - 1, DRAW_GROUP, 0);
		return;
	}
	if (l->group == 2) {	/* keys wider than their column */
		draw_field(&v->area, row, 2, l->keys, v->area.width - 2, DRAW_HEADER, 0);
		return;
	}
	draw_field(&v->area, row, 2, l->keys, h->kw, DRAW_HEADER, 0);
	draw_field(&v->area, row, 2 + h->kw + 1, l->text, v->area.width - h->kw - 3,
	    DRAW_DEFAULT, 0);
}

static void
help_title(struct view *v, struct buf *b)
{
	buf_adds(b, _("Help (q to go back)"));
}

static void
help_done(struct view *v)
{
	struct help *h = v->priv;

	help_clear(&h->src);
	help_clear(&h->l);
}

const struct view_ops help_view_ops = {
	.name = "help",
	.flags = VIEW_PAGER | VIEW_FULL,
	.private_size = sizeof(struct help),
	.open = help_open,
	.prepare = help_prepare,
	.draw_line = help_draw_line,
	.title = help_title,
	.done = help_done,
};
