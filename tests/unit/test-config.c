/*
 * Unit tests for the config parser and the key map: words and quoting,
 * comments, every command, per-feed options, colours, includes, every
 * error message with its FILE:LINE, and the built-in defaults.
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "tidende/buf.h"
#include "tidende/config.h"
#include "tidende/keys.h"
#include "tidende/opml.h"
#include "tidende/options.h"
#include "tidende/request.h"
#include "tidende/words.h"
#include "tidende/xmalloc.h"

static char tmpdir[256];

static int
setup(void **state)
{
	struct config *cfg = xcalloc(1, sizeof *cfg);

	options_init();
	keys_clear();
	*state = cfg;
	return 0;
}

static int
teardown(void **state)
{
	config_free(*state);
	free(*state);
	options_free();
	return 0;
}

static void
load_ok(struct config *cfg, const char *text)
{
	char *cause = NULL;

	if (config_load_text(cfg, "t.conf", text, &cause) != STATUS_OK)
		fail_msg("%s: %s", text, cause);
	assert_null(cause);
}

static void
load_fails(const char *text, const char *want)
{
	struct config cfg;
	char *cause = NULL;

	memset(&cfg, 0, sizeof cfg);
	assert_int_equal(config_load_text(&cfg, "t.conf", text, &cause),
	    STATUS_BAD_CONFIG);
	if (cause == NULL || strcmp(cause, want) != 0)
		fail_msg("%s\n got: %s\nwant: %s", text, cause, want);
	free(cause);
	config_free(&cfg);
}

/* ---------------------------------------------------------------- words */

static void
split_is(const char *line, size_t want_n, ...)
{
	va_list ap;
	char **argv;
	size_t n, i;

	argv = words_split(line, &n);
	assert_non_null(argv);
	assert_int_equal(n, want_n);
	va_start(ap, want_n);
	for (i = 0; i < n; i++)
		assert_string_equal(argv[i], va_arg(ap, const char *));
	va_end(ap);
	assert_null(argv[n]);
	words_free(argv);
}

static void
test_split_words(void **state)
{
	split_is("", 0);
	split_is("   \t ", 0);
	split_is("a b\tc", 3, "a", "b", "c");
	split_is("\"a b\" c", 2, "a b", "c");
	split_is("x=\"a b\"", 1, "x=a b");
	split_is("a\\ b", 1, "a b");
	split_is("\"say \\\"hi\\\"\"", 1, "say \"hi\"");
	split_is("back\\\\slash", 1, "back\\slash");
	split_is("\"\"", 1, "");
	split_is("a # b", 3, "a", "#", "b");	/* no comments here */
	split_is("æøå \"ü ß\"", 2, "æøå", "ü ß");
	assert_null(words_split("\"open", NULL));
	assert_null(words_split("end\\", NULL));
}

static void
test_words_distance(void **state)
{
	char longer[64];

	assert_int_equal(words_distance("", ""), 0);
	assert_int_equal(words_distance("", "abc"), 3);
	assert_int_equal(words_distance("kitten", "sitting"), 3);
	assert_int_equal(words_distance("max-size", "max-sise"), 1);
	assert_int_equal(words_distance("mouse", "muose"), 2);
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	assert_int_equal(words_distance(longer, "a"), 99);
}

/* ---------------------------------------------------------------- feeds */

static void
test_feed_lines(void **state)
{
	struct config *cfg = *state;
	struct feed_conf *fc;

	load_ok(cfg,
	    "# a comment\n"
	    "\n"
	    "   # indented comment\n"
	    "feed https://a.example/rss \"A Title\" tech news\n"
	    "feed http://b.example/feed#frag tagonly   # trailing comment\n"
	    "feed https://c.example/atom \"\" lang=nb-NO refresh=2h "
	    "max-items=50 translate=\"trans -b :en\"\n"
	    "feed https://d.example/x \"Title with \\\"quotes\\\"\" "
	    "\"two words\"\r\n"
	    "feed exec:/usr/local/bin/make-feed\n"
	    "feed file:///tmp/feed.xml\n"
	    "feed https://e.example/ \"E\" \\\n"
	    "    one \\\r\n"
	    "    two\n"
	    "feed https://f.example/ \"F\" f\n");
	assert_int_equal(cfg->nfeeds, 8);
	fc = &cfg->feeds[6];
	assert_string_equal(fc->title, "E");
	assert_int_equal(fc->ntags, 2);
	assert_string_equal(fc->tags[1], "two");
	assert_int_equal(fc->line, 10);
	assert_int_equal(cfg->feeds[7].line, 13);
	assert_int_equal(cfg->builtin_feeds, 0);

	fc = &cfg->feeds[0];
	assert_string_equal(fc->url, "https://a.example/rss");
	assert_string_equal(fc->title, "A Title");
	assert_int_equal(fc->ntags, 2);
	assert_string_equal(fc->tags[0], "tech");
	assert_string_equal(fc->tags[1], "news");
	assert_int_equal(fc->line, 4);
	assert_string_equal(fc->file, "t.conf");
	assert_int_equal(fc->max_items, -1);
	assert_int_equal(fc->refresh_minutes, 0);
	assert_null(fc->language);
	assert_null(fc->translate_argv);

	fc = &cfg->feeds[1];
	assert_string_equal(fc->url, "http://b.example/feed#frag");
	assert_null(fc->title);
	assert_int_equal(fc->ntags, 1);
	assert_string_equal(fc->tags[0], "tagonly");

	fc = &cfg->feeds[2];
	assert_null(fc->title);		/* "" means the feed's own */
	assert_int_equal(fc->ntags, 0);
	assert_string_equal(fc->language, "nb-NO");
	assert_int_equal(fc->refresh_minutes, 120);
	assert_int_equal(fc->max_items, 50);
	assert_non_null(fc->translate_argv);
	assert_string_equal(fc->translate_argv[0], "trans");
	assert_string_equal(fc->translate_argv[1], "-b");
	assert_string_equal(fc->translate_argv[2], ":en");
	assert_null(fc->translate_argv[3]);
	assert_string_equal(fc->translate_text, "trans -b :en");

	/* Per-feed settings, else the global ones. */
	assert_int_equal(config_feed_max_items(&cfg->feeds[2]), 50);
	assert_int_equal(config_feed_refresh_minutes(&cfg->feeds[2]), 120);
	assert_string_equal(config_feed_translate_argv(&cfg->feeds[2])[0],
	    "trans");
	assert_string_equal(config_feed_translate_text(&cfg->feeds[2]),
	    "trans -b :en");
	assert_int_equal(config_feed_max_items(&cfg->feeds[0]), 0);
	assert_int_equal(config_feed_refresh_minutes(&cfg->feeds[0]), 30);
	assert_null(config_feed_translate_argv(&cfg->feeds[0]));
	assert_string_equal(config_feed_translate_text(&cfg->feeds[0]), "");
	load_ok(cfg, "set translate-command trans :nb\nset max-items 9\n");
	assert_string_equal(config_feed_translate_argv(&cfg->feeds[0])[1],
	    ":nb");
	assert_string_equal(config_feed_translate_text(&cfg->feeds[0]),
	    "trans :nb");
	assert_int_equal(config_feed_max_items(&cfg->feeds[0]), 9);

	fc = &cfg->feeds[3];
	assert_string_equal(fc->title, "Title with \"quotes\"");
	assert_int_equal(fc->ntags, 1);
	assert_string_equal(fc->tags[0], "two words");

	assert_string_equal(cfg->feeds[4].url, "exec:/usr/local/bin/make-feed");
	{
		char **argv = config_exec_argv(&cfg->feeds[4]);

		assert_string_equal(argv[0], "/usr/local/bin/make-feed");
		assert_null(argv[1]);
		words_free(argv);
		assert_null(config_exec_argv(&cfg->feeds[0]));
	}
	assert_non_null(config_find_feed(cfg, "file:///tmp/feed.xml"));
	assert_null(config_find_feed(cfg, "https://nope.example/"));
}

static void
test_feed_errors(void **state)
{
	load_fails("feed\n", "t.conf:1: feed: missing URL (feed URL "
	    "[\"Title\"] [tag ...] [option=value ...])");
	load_fails("\nfeed ftp://x/\n", "t.conf:2: 'ftp://x/' is not a feed "
	    "URL (http://, https://, file:// or exec:, with no spaces)");
	load_fails("feed example.com/rss\n", "t.conf:1: 'example.com/rss' is "
	    "not a feed URL (http://, https://, file:// or exec:, with no "
	    "spaces)");
	load_fails("feed \"https://a.example/a b\"\n", "t.conf:1: "
	    "'https://a.example/a b' is not a feed URL (http://, https://, "
	    "file:// or exec:, with no spaces)");
	load_fails("feed \"exec:sh -c \\\"x\"\n", "t.conf:1: 'exec:sh -c "
	    "\"x': the command has an unbalanced quote or no words");
	load_fails("feed \"exec: \"\n", "t.conf:1: 'exec: ': the command "
	    "has an unbalanced quote or no words");
	load_fails("feed https://a/ x\n\nfeed https://a/\n", "t.conf:3: feed "
	    "https://a/ is already defined at t.conf:1");
	load_fails("feed https://a/ lang=english\n", "t.conf:1: "
	    "lang=english: not a language code (like en, nb or pt-BR)");
	load_fails("feed https://a/ refresh=0\n", "t.conf:1: refresh=0: 0 is "
	    "out of range (1 to 10080) (minutes, or with m, h or d, up to a "
	    "week)");
	load_fails("feed https://a/ refresh=soon\n", "t.conf:1: "
	    "refresh=soon: 'soon' is not a whole number (minutes, or with m, "
	    "h or d, up to a week)");
	load_fails("feed https://a/ max-items=-1\n", "t.conf:1: max-items=: "
	    "-1 is out of range (0 to 1000000)");
	load_fails("feed https://a/ translate=\n", "t.conf:1: translate= "
	    "needs a command");
	load_fails("feed https://a/ translate=\"a \\\"b\"\n", "t.conf:1: "
	    "translate=: unbalanced quote in 'a \"b'");
	load_fails("feed https://a/ refesh=5\n", "t.conf:1: unknown feed "
	    "option 'refesh' (did you mean 'refresh='?)");
	load_fails("feed https://a/ colour=red\n", "t.conf:1: unknown feed "
	    "option 'colour' (feed options are translate=, refresh=, "
	    "max-items=, lang= and full-text=)");
	load_fails("feed https://a/ =x\n", "t.conf:1: '=x': option name "
	    "missing before =");
	load_fails("feed https://a/ \"T\" \"\"\n", "t.conf:1: empty tag");
	load_fails("feed \"https://a/ \n", "t.conf:1: a double quote is not "
	    "closed");
	load_fails("feed https://a/ x\\", "t.conf:1: backslash at the end of "
	    "the line");
	load_fails("feed https://a/ x\\\n", "t.conf:1: backslash at the end "
	    "of the line");
	load_fails("\nfeed https://a/ x \\\n  frob=1\n", "t.conf:2: unknown "
	    "feed option 'frob' (feed options are translate=, refresh=, "
	    "max-items=, lang= and full-text=)");
}

/* ---------------------------------------------------------------- set */

static void
test_set_lines(void **state)
{
	struct config *cfg = *state;
	char * const *argv;

	load_ok(cfg,
	    "set max-connections 4\n"
	    "set refresh-on-start no # comment\n"
	    "set browser \"firefox --new-tab %u\"\n"
	    "set translate-command trans -b -t \"en\"  # a comment\n"
	    "set date-format %H:%M %d.%m.\n"
	    "set layout vertical\n");
	assert_int_equal(options_int(OPT_MAX_CONNECTIONS), 4);
	assert_int_equal(options_bool(OPT_REFRESH_ON_START), 0);
	argv = options_argv(OPT_BROWSER);
	assert_string_equal(argv[0], "firefox");
	assert_string_equal(argv[2], "%u");
	argv = options_argv(OPT_TRANSLATE_COMMAND);
	assert_string_equal(argv[0], "trans");
	assert_string_equal(argv[3], "en");
	assert_null(argv[4]);
	assert_string_equal(options_str(OPT_DATE_FORMAT), "%H:%M %d.%m.");
	assert_string_equal(options_str(OPT_LAYOUT), "vertical");

	/* tig style */
	load_ok(cfg,
	    "set max-connections = 5\n"
	    "set browser = lynx %u\n"
	    "set user-agent = \"=\"\n");
	assert_int_equal(options_int(OPT_MAX_CONNECTIONS), 5);
	assert_string_equal(options_argv(OPT_BROWSER)[0], "lynx");
	assert_string_equal(options_str(OPT_USER_AGENT), "=");
	load_ok(cfg, "set user-agent \"=\"\n");
	assert_string_equal(options_str(OPT_USER_AGENT), "=");
}

static void
test_set_errors(void **state)
{
	load_fails("set\n", "t.conf:1: set: missing option name (set OPTION "
	    "VALUE)");
	load_fails("set max-conections 4\n", "t.conf:1: unknown option "
	    "'max-conections' (did you mean 'max-connections'?)");
	load_fails("set frobnicate 4\n", "t.conf:1: unknown option "
	    "'frobnicate'");
	load_fails("set sidebar\n", "t.conf:1: set sidebar: missing value");
	load_fails("set sidebar =\n", "t.conf:1: sidebar: '=' is not yes or "
	    "no");
	load_fails("set sidebar yes no\n", "t.conf:1: set sidebar: takes one "
	    "value, not 2");
	load_fails("set sidebar maybe\n", "t.conf:1: sidebar: 'maybe' is not "
	    "yes or no");
	load_fails("\n\nset max-connections 5000\n", "t.conf:3: "
	    "max-connections: 5000 is out of range (1 to 4096)");
	load_fails("set layout sideways\n", "t.conf:1: layout: 'sideways' is "
	    "not auto, horizontal, vertical or single");
	load_fails("set browser \"firefox\n", "t.conf:1: a double quote is "
	    "not closed");
}

/* ---------------------------------------------------------------- keys */

static void
test_keys_parse(void **state)
{
	assert_int_equal(keys_parse("j"), 'j');
	assert_int_equal(keys_parse("G"), 'G');
	assert_int_equal(keys_parse("?"), '?');
	assert_int_equal(keys_parse("/"), '/');
	assert_int_equal(keys_parse(":"), ':');
	assert_int_equal(keys_parse("å"), 0xe5);
	assert_int_equal(keys_parse("Down"), KEY_DOWN);
	assert_int_equal(keys_parse("down"), KEY_DOWN);
	assert_int_equal(keys_parse("Up"), KEY_UP);
	assert_int_equal(keys_parse("PgDn"), KEY_NPAGE);
	assert_int_equal(keys_parse("NPage"), KEY_NPAGE);
	assert_int_equal(keys_parse("PgUp"), KEY_PPAGE);
	assert_int_equal(keys_parse("PPage"), KEY_PPAGE);
	assert_int_equal(keys_parse("Space"), ' ');
	assert_int_equal(keys_parse("Enter"), '\n');
	assert_int_equal(keys_parse("Return"), '\n');
	assert_int_equal(keys_parse("Tab"), '\t');
	assert_int_equal(keys_parse("Home"), KEY_HOME);
	assert_int_equal(keys_parse("End"), KEY_END);
	assert_int_equal(keys_parse("Esc"), 27);
	assert_int_equal(keys_parse("Backspace"), KEY_BACKSPACE);
	assert_int_equal(keys_parse("F1"), KEY_F(1));
	assert_int_equal(keys_parse("F12"), KEY_F(12));
	assert_int_equal(keys_parse("C-a"), 1);
	assert_int_equal(keys_parse("C-l"), 12);
	assert_int_equal(keys_parse("C-L"), 12);
	assert_int_equal(keys_parse("^L"), 12);
	assert_int_equal(keys_parse("Ctrl-z"), 26);
	assert_int_equal(keys_parse("M-x"), 'x' | KEYS_META);
	assert_int_equal(keys_parse("Alt-Enter"), '\n' | KEYS_META);
	assert_int_equal(keys_parse("M-C-l"), 12 | KEYS_META);
	assert_int_equal(keys_parse("M-M-x"), -1);
	assert_int_equal(keys_parse("M-"), -1);
	assert_int_equal(keys_parse("M"), 'M');
	assert_int_equal(keys_parse(""), -1);
	assert_int_equal(keys_parse("Dwon"), -1);
	assert_int_equal(keys_parse("F0"), -1);
	assert_int_equal(keys_parse("F99"), -1);
	assert_int_equal(keys_parse("C-1"), -1);
	assert_int_equal(keys_parse("\x01"), -1);
	assert_int_equal(keys_parse("\xff"), -1);
}

static void
test_keys_names(void **state)
{
	const char *names[] = { "j", "?", "Enter", "Space", "Tab", "Esc",
	    "Backspace", "Down", "Up", "PgDn", "PgUp", "Home", "End", "F1",
	    "F12", "C-a", "C-l", "å", "é", "M-x", "M-Enter", "M-C-l",
	    "M-Down", "M-å" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_string_equal(keys_name(keys_parse(names[i])), names[i]);
	assert_string_equal(keys_name('\r'), "Enter");
	assert_string_equal(keys_name(KEY_ENTER), "Enter");
	assert_string_equal(keys_name(127), "Backspace");
	assert_string_equal(keys_name(keys_parse("NPage")), "PgDn");
}

static void
test_keys_map(void **state)
{
	char *s;

	keys_bind('j', REQ_NEXT);
	keys_bind(KEY_DOWN, REQ_NEXT);
	keys_bind('\n', REQ_OPEN);
	keys_bind('j' | KEYS_META, REQ_LAST);
	assert_int_equal(keys_lookup('j' | KEYS_META), REQ_LAST);
	assert_int_equal(keys_lookup('\r' | KEYS_META), REQ_NONE);
	keys_unbind('j' | KEYS_META);
	assert_int_equal(keys_lookup('j'), REQ_NEXT);
	assert_int_equal(keys_lookup(KEY_DOWN), REQ_NEXT);
	assert_int_equal(keys_lookup('\r'), REQ_OPEN);
	assert_int_equal(keys_lookup(KEY_ENTER), REQ_OPEN);
	assert_int_equal(keys_lookup('x'), REQ_NONE);
	s = keys_for_request(REQ_NEXT);
	assert_string_equal(s, "j, Down");
	free(s);
	s = keys_for_request(REQ_QUIT);
	assert_string_equal(s, "");
	free(s);
	keys_bind('j', REQ_PREV);	/* rebinding replaces */
	assert_int_equal(keys_lookup('j'), REQ_PREV);
	assert_int_equal(keys_count(), 3);
	keys_unbind('j');
	assert_int_equal(keys_lookup('j'), REQ_NONE);
	assert_int_equal(keys_count(), 2);
	keys_clear();
	assert_int_equal(keys_lookup(KEY_DOWN), REQ_NONE);
}

static void
test_bind_lines(void **state)
{
	struct config *cfg = *state;

	load_ok(cfg,
	    "bind x quit\n"
	    "bind C-n next\n"
	    "bind F5 refresh-all\n"
	    "bind \"#\" toggle-star\n"
	    "bind \\# toggle-star\n"
	    "bind j prev\n"
	    "bind q none\n");
	assert_int_equal(keys_lookup('x'), REQ_QUIT);
	assert_int_equal(keys_lookup(14), REQ_NEXT);
	assert_int_equal(keys_lookup(KEY_F(5)), REQ_REFRESH_ALL);
	assert_int_equal(keys_lookup('#'), REQ_TOGGLE_STAR);
	assert_int_equal(keys_lookup('j'), REQ_PREV);
	assert_int_equal(keys_lookup('q'), REQ_NONE);
	load_ok(cfg, "unbind x\n");
	assert_int_equal(keys_lookup('x'), REQ_NONE);

	load_fails("bind x\n", "t.conf:1: bind: missing argument (bind KEY "
	    "ACTION)");
	load_fails("bind\n", "t.conf:1: bind: missing arguments (bind KEY "
	    "ACTION)");
	load_fails("bind x quit now\n", "t.conf:1: bind: too many words (bind "
	    "KEY ACTION); use double quotes around words that go together");
	load_fails("bind Dwon next\n", "t.conf:1: unknown key 'Dwon' (did "
	    "you mean 'Down'?)");
	load_fails("bind PageDwn next\n", "t.conf:1: unknown key 'PageDwn' "
	    "(did you mean 'PageDown'?)");
	load_fails("bind F13x next\n", "t.conf:1: unknown key 'F13x' (did "
	    "you mean 'F1'?)");
	load_fails("bind xyzzy next\n", "t.conf:1: unknown key 'xyzzy' (keys "
	    "are written like j, G, ?, Enter, Space, Tab, Esc, Up, Down, "
	    "PgUp, PgDn, Home, End, F1, C-l)");
	load_fails("bind x nxet-unread\n", "t.conf:1: unknown action "
	    "'nxet-unread' (did you mean 'next-unread'?)");
	load_fails("bind x frobnicate-everything\n", "t.conf:1: unknown "
	    "action 'frobnicate-everything' (the help screen and "
	    "tidende.conf(5) list them)");
	load_fails("unbind\n", "t.conf:1: unbind: missing arguments (unbind "
	    "KEY)");
	load_fails("unbind z\n", "t.conf:1: unbind: z is not bound");
}

/* ---------------------------------------------------------------- colors */

static void
test_color_lines(void **state)
{
	struct config *cfg = *state;
	const struct color_rule *r;

	r = config_color(cfg, COLOR_EL_TITLE);
	assert_int_equal(r->set, 0);
	load_ok(cfg,
	    "color title white blue bold\n"
	    "color selected default default reverse underline\n"
	    "color unread color208 bright-black\n"
	    "color match brightred color0 italic\n");
	r = config_color(cfg, COLOR_EL_TITLE);
	assert_int_equal(r->set, 1);
	assert_int_equal(r->fg, 7);
	assert_int_equal(r->bg, 4);
	assert_int_equal(r->attrs, COLOR_ATTR_BOLD);
	r = config_color(cfg, COLOR_EL_SELECTED);
	assert_int_equal(r->fg, COLOR_DEFAULT);
	assert_int_equal(r->bg, COLOR_DEFAULT);
	assert_int_equal(r->attrs, COLOR_ATTR_REVERSE | COLOR_ATTR_UNDERLINE);
	r = config_color(cfg, COLOR_EL_UNREAD);
	assert_int_equal(r->fg, 208);
	assert_int_equal(r->bg, 8);
	assert_int_equal(r->attrs, 0);
	r = config_color(cfg, COLOR_EL_MATCH);
	assert_int_equal(r->fg, 9);
	assert_int_equal(r->bg, 0);
	assert_int_equal(config_color_find("quote"), COLOR_EL_QUOTE);
	assert_int_equal(config_color_find("nope"), -1);
	assert_string_equal(config_color_name(COLOR_EL_CODE), "code");
	assert_string_equal(config_color_text(-1), "default");
	assert_string_equal(config_color_text(1), "red");
	assert_string_equal(config_color_text(9), "bright-red");
	assert_string_equal(config_color_text(200), "color200");
	assert_int_equal(config_color_parse("color256"), -2);
	assert_int_equal(config_color_parse("purple"), -2);

	load_fails("color title red\n", "t.conf:1: color: missing argument "
	    "(color ELEMENT FOREGROUND BACKGROUND [ATTRIBUTE ...])");
	load_fails("color titel red blue\n", "t.conf:1: unknown element "
	    "'titel' (elements: normal, title, status, selected, unread, "
	    "starred, feed, tag, date, header, link, quote, code, error, "
	    "match, sidebar, prompt)");
	load_fails("color title purple blue\n", "t.conf:1: unknown colour "
	    "'purple' (default, black, red, green, yellow, blue, magenta, "
	    "cyan, white, bright-red..., color0 to color255)");
	load_fails("color title red color300\n", "t.conf:1: unknown colour "
	    "'color300' (default, black, red, green, yellow, blue, magenta, "
	    "cyan, white, bright-red..., color0 to color255)");
	load_fails("color title red blue shiny\n", "t.conf:1: unknown "
	    "attribute 'shiny' (bold, dim, underline, reverse, blink, italic, "
	    "standout, normal)");
}

/* ---------------------------------------------------------------- others */

static void
test_search_ignore(void **state)
{
	struct config *cfg = *state;

	load_ok(cfg,
	    "search research \"tag:research is:unread\"\n"
	    "search eu tag:eu\n"
	    "search phrase \"open data\" OR \"open government\"\n"
	    "ignore \"sponsored OR advertorial\"\n"
	    "ignore author:spam\n");
	assert_int_equal(cfg->nsearches, 3);
	assert_string_equal(cfg->searches[0].name, "research");
	assert_string_equal(cfg->searches[0].query, "tag:research is:unread");
	assert_string_equal(cfg->searches[1].query, "tag:eu");
	assert_string_equal(cfg->searches[2].query,
	    "\"open data\" OR \"open government\"");
	assert_int_equal(cfg->nignores, 2);
	assert_string_equal(cfg->ignores[0], "sponsored OR advertorial");
	assert_string_equal(cfg->ignores[1], "author:spam");

	load_fails("search x\n", "t.conf:1: search: missing argument (search "
	    "NAME \"QUERY\")");
	load_fails("search x a\nsearch x b\n", "t.conf:2: search x is "
	    "already defined");
	load_fails("search x \"\"\n", "t.conf:1: search x: empty query");
	load_fails("search \"\" q\n", "t.conf:1: search: empty name");
	load_fails("ignore\n", "t.conf:1: ignore: missing arguments (ignore "
	    "\"QUERY\")");
	load_fails("ignore \"\"\n", "t.conf:1: ignore: empty query");
	/* Queries are checked when the config is read. */
	load_fails("search a \"is:frob\"\n", "t.conf:1: search a: is:frob: "
	    "use is:unread, is:read or is:starred");
	load_fails("\nignore \"a OR\"\n", "t.conf:2: ignore: OR needs a word "
	    "on each side");
	load_fails("ignore \"since:xyz\"\n", "t.conf:1: ignore: since:xyz: use "
	    "a date (2015-03-01) or an age (7d, 2w, 3m, 1y)");
}

static void
test_unknown_commands(void **state)
{
	load_fails("fed https://a/\n", "t.conf:1: unknown command 'fed' (did "
	    "you mean 'feed'?)");
	load_fails("https://a.example/rss\n", "t.conf:1: unknown command "
	    "'https://a.example/rss' (did you mean 'feed "
	    "https://a.example/rss'?)");
	load_fails("sidebar no\n", "t.conf:1: unknown command 'sidebar' (did "
	    "you mean 'set sidebar'?)");
	load_fails("bindkey x y\n", "t.conf:1: unknown command 'bindkey' (did "
	    "you mean 'bind'?)");
	load_fails("frob\n", "t.conf:1: unknown command 'frob' (commands: "
	    "feed, set, bind, unbind, color, include, search, ignore)");
	load_fails("feed https://a/\n\xff\n", "t.conf:2: not valid UTF-8");
	load_fails("feed https://a/ \"A \x1b[31mred\"\n", "t.conf:1: a "
	    "control character (0x1b) in the line");
	load_fails("\n\nset language a\rb\n", "t.conf:3: a control character "
	    "(0x0d) in the line");
}

static void
test_apply_line(void **state)
{
	struct config *cfg = *state;
	char *cause = NULL;

	assert_int_equal(config_apply_line(cfg, "set layout single", &cause),
	    STATUS_OK);
	assert_string_equal(options_str(OPT_LAYOUT), "single");
	assert_int_equal(config_apply_line(cfg, "set layuot single", &cause),
	    STATUS_BAD_CONFIG);
	assert_string_equal(cause, "unknown option 'layuot' (did you mean "
	    "'layout'?)");
	free(cause);
	cause = NULL;
	assert_int_equal(config_apply_line(cfg, "include /etc/passwd",
	    &cause), STATUS_BAD_CONFIG);
	assert_string_equal(cause, "include is only allowed in a file");
	free(cause);
}

/* ---------------------------------------------------------------- files */

static char *
write_file(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void
load_file_fails(const char *path, const char *want)
{
	struct config cfg;
	char *cause = NULL;

	assert_int_equal(config_load(&cfg, path, &cause), STATUS_BAD_CONFIG);
	if (cause == NULL || strcmp(cause, want) != 0)
		fail_msg("got: %s\nwant: %s", cause, want);
	free(cause);
	config_free(&cfg);
}

static void
test_load_files(void **state)
{
	struct config cfg;
	char *main_path, *inc_path, *cause = NULL, *want;

	snprintf(tmpdir, sizeof tmpdir, "/tmp/tidende-test-config.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	want = xasprintf("%s/sub", tmpdir);
	assert_int_equal(mkdir(want, 0700), 0);
	free(want);

	/* Includes are relative to the including file. */
	inc_path = write_file("sub/feeds", "feed https://inc.example/ inc\n"
	    "set sidebar no\n");
	main_path = write_file("config", "include sub/feeds\n"
	    "feed https://main.example/ \"Main\"\n");
	assert_int_equal(config_load(&cfg, main_path, &cause), STATUS_OK);
	assert_null(cause);
	assert_string_equal(cfg.path, main_path);
	assert_int_equal(cfg.builtin_feeds, 0);
	assert_int_equal(cfg.nfeeds, 2);
	assert_string_equal(cfg.feeds[0].url, "https://inc.example/");
	assert_string_equal(cfg.feeds[0].file, inc_path);
	assert_int_equal(options_bool(OPT_SIDEBAR), 0);
	/* The built-in bindings are there too. */
	assert_int_equal(keys_lookup('j'), REQ_NEXT);
	config_free(&cfg);
	free(inc_path);
	free(main_path);

	/* An error in an included file names that file. */
	inc_path = write_file("sub/bad", "\nset nope 1\n");
	main_path = write_file("config2", "include sub/bad\n");
	want = xasprintf("%s:2: unknown option 'nope'", inc_path);
	load_file_fails(main_path, want);
	free(want);
	free(main_path);
	free(inc_path);

	/* A missing include. */
	main_path = write_file("config3", "\ninclude missing\n");
	want = xasprintf("%s:2: include: %s/missing: cannot read: No such "
	    "file or directory", main_path, tmpdir);
	load_file_fails(main_path, want);
	free(want);
	free(main_path);

	/* Loops are refused. */
	main_path = write_file("loop-a", "include loop-b\n");
	inc_path = write_file("loop-b", "include loop-a\n");
	want = xasprintf("%s:1: include loop-a: loop (%s/loop-a is already "
	    "being read)", inc_path, tmpdir);
	load_file_fails(main_path, want);
	free(want);
	free(main_path);
	free(inc_path);
	main_path = write_file("self", "include self\n");
	want = xasprintf("%s:1: include self: loop (%s/self is already being "
	    "read)", main_path, tmpdir);
	load_file_fails(main_path, want);
	free(want);
	free(main_path);

	/* config_append creates user-only files and keeps lines whole. */
	{
		struct stat sb;
		char *dir = xasprintf("%s/new/dir", tmpdir), *got;
		FILE *f;

		main_path = xasprintf("%s/config", dir);
		assert_int_equal(config_append(main_path, "set sidebar no\n",
		    &cause), STATUS_OK);
		assert_int_equal(stat(main_path, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
		assert_int_equal(stat(dir, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0700);
		free(main_path);
		main_path = write_file("nonl", "set sidebar no");
		assert_int_equal(config_append(main_path, "set mouse no\n",
		    &cause), STATUS_OK);
		f = fopen(main_path, "r");
		got = xcalloc(1, 64);
		assert_int_equal(fread(got, 1, 63, f), 28);
		fclose(f);
		assert_string_equal(got, "set sidebar no\nset mouse no\n");
		free(got);
		free(main_path);
		main_path = xasprintf("%s/config/x", tmpdir);	/* a file */
		assert_int_equal(config_append(main_path, "x\n", &cause),
		    STATUS_IO);
		want = xasprintf("%s: cannot write: Not a directory",
		    main_path);
		assert_string_equal(cause, want);
		free(cause);
		cause = NULL;
		free(want);
		free(main_path);
		free(dir);
	}

	/* Nesting is limited. */
	{
		char name[32], text[64];
		int i;

		for (i = 0; i < 10; i++) {
			snprintf(name, sizeof name, "deep%d", i);
			snprintf(text, sizeof text, "include deep%d\n", i + 1);
			free(write_file(name, text));
		}
		free(write_file("deep10", "set sidebar no\n"));
		main_path = xasprintf("%s/deep0", tmpdir);
		want = xasprintf("%s/deep8:1: include: files nest more than 8 "
		    "deep", tmpdir);
		load_file_fails(main_path, want);
		free(want);
		free(main_path);
	}

	/* A missing -c file is an error naming it. */
	main_path = xasprintf("%s/nonexistent", tmpdir);
	want = xasprintf("%s: cannot read: No such file or directory",
	    main_path);
	load_file_fails(main_path, want);
	free(want);
	free(main_path);

	/* Unreadable (unless we are root). */
	main_path = write_file("unreadable", "set sidebar no\n");
	chmod(main_path, 0);
	if (geteuid() != 0) {
		want = xasprintf("%s: cannot read: Permission denied",
		    main_path);
		load_file_fails(main_path, want);
		free(want);
	}
	free(main_path);

	/* A file with no feeds keeps the default feeds. */
	main_path = write_file("nofeeds", "set layout single\n");
	assert_int_equal(config_load(&cfg, main_path, &cause), STATUS_OK);
	assert_int_equal(cfg.builtin_feeds, 1);
	assert_true(cfg.nfeeds >= 12);
	config_free(&cfg);
	free(main_path);

	/* Binary data. */
	main_path = xasprintf("%s/binary", tmpdir);
	{
		FILE *f = fopen(main_path, "w");

		fwrite("set\0x", 1, 5, f);
		fclose(f);
	}
	want = xasprintf("%s:1: not a text file (a NUL byte)", main_path);
	load_file_fails(main_path, want);
	free(want);
	free(main_path);

	/* A directory. */
	want = xasprintf("%s: cannot read: is a directory", tmpdir);
	load_file_fails(tmpdir, want);
	free(want);
}

static void
test_builtin(void **state)
{
	struct config cfg;
	char *cause = NULL, *s;
	size_t i;
	int norsk = 0;

	setenv("XDG_CONFIG_HOME", "/nonexistent-tidende-test", 1);
	assert_int_equal(config_load(&cfg, NULL, &cause), STATUS_OK);
	assert_null(cfg.path);
	assert_int_equal(cfg.builtin_feeds, 1);
	assert_int_equal(cfg.nfeeds, 12);
	assert_string_equal(cfg.feeds[0].url, "https://www.innomag.no/feed/");
	assert_string_equal(cfg.feeds[0].title,
	    "InnoMag – Innovasjonsmagasinet");
	assert_string_equal(cfg.feeds[0].language, "nb");
	for (i = 0; i < cfg.nfeeds; i++) {
		assert_non_null(cfg.feeds[i].title);
		assert_non_null(cfg.feeds[i].language);
		assert_true(cfg.feeds[i].ntags > 0);
		if (strcmp(cfg.feeds[i].tags[0], "norsk") == 0)
			norsk++;
	}
	assert_int_equal(norsk, 5);
	/* The default feeds of the spec, in order, with tags and language. */
	{
		static const char *want[][4] = {
			{ "https://www.innomag.no/feed/",
			  "InnoMag – Innovasjonsmagasinet", "nb",
			  "norsk innovation social-entrepreneurship "
			  "public-sector" },
			{ "https://kommunal-rapport.no/rss", "Kommunal Rapport",
			  "nb", "norsk kommune public-sector policy" },
			{ "https://www.digi.no/rss", "Digi.no", "nb",
			  "norsk tech digitalisering" },
			{ "https://www.forskning.no/rss", "forskning.no", "nb",
			  "norsk research" },
			{ "https://www.khrono.no/rss", "Khrono", "nb",
			  "norsk research-policy higher-ed" },
			{ "https://oecd-opsi.org/feed/", "OECD Observatory of "
			  "Public Sector Innovation", "en",
			  "public-sector innovation policy" },
			{ "https://ssir.org/site/rss_2.0", "Stanford Social "
			  "Innovation Review", "en",
			  "social-innovation social-entrepreneurship" },
			{ "https://www.nesta.org.uk/feed/", "Nesta", "en",
			  "innovation public-sector policy" },
			{ "https://www.pioneerspost.com/rss.xml",
			  "Pioneers Post", "en",
			  "social-entrepreneurship impact" },
			{ "https://www.mysociety.org/feed/", "mySociety", "en",
			  "civic-tech democracy" },
			{ "https://blog.okfn.org/feed/",
			  "Open Knowledge Foundation", "en",
			  "civic-tech open-data" },
			{ "https://cordis.europa.eu/news/rss", "CORDIS news (EU "
			  "research and innovation)", "en",
			  "eu research innovation" },
		};
		struct buf tags = BUF_INIT;
		size_t j;

		for (i = 0; i < 12; i++) {
			assert_string_equal(cfg.feeds[i].url, want[i][0]);
			assert_string_equal(cfg.feeds[i].title, want[i][1]);
			assert_string_equal(cfg.feeds[i].language, want[i][2]);
			buf_reset(&tags);
			for (j = 0; j < cfg.feeds[i].ntags; j++)
				buf_printf(&tags, "%s%s", j > 0 ? " " : "",
				    cfg.feeds[i].tags[j]);
			assert_string_equal(buf_str(&tags), want[i][3]);
		}
		buf_free(&tags);
		/* The six extra feeds are there, commented out. */
		assert_non_null(strstr(builtin_config,
		    "\n#feed https://www.shifter.no/rss "));
		assert_non_null(strstr(builtin_config, "\n#feed "
		    "https://www.regjeringen.no/no/rss/Rss/2581966/ "));
		assert_non_null(strstr(builtin_config,
		    "\n#feed https://www.tu.no/rss "));
		assert_non_null(strstr(builtin_config,
		    "\n#feed https://blog.thegovlab.org/feed "));
		assert_non_null(strstr(builtin_config,
		    "\n#feed https://gds.blog.gov.uk/feed/ "));
		assert_non_null(strstr(builtin_config,
		    "\n#feed https://nextbillion.net/feed/ "));
	}
	/* Switched on, they parse: the defaults plus six. */
	{
		struct config all;
		struct buf text = BUF_INIT;
		const char *p, *hit;

		for (p = builtin_config; (hit = strstr(p, "\n#feed ")) != NULL;
		    p = hit + 2) {
			buf_add(&text, p, hit + 1 - p);
		}
		buf_adds(&text, p);
		memset(&all, 0, sizeof all);
		assert_int_equal(config_load_text(&all, "all", buf_str(&text),
		    &cause), STATUS_OK);
		assert_int_equal(all.nfeeds, 18);
		assert_string_equal(all.feeds[17].url,
		    "https://nextbillion.net/feed/");
		config_free(&all);
		buf_free(&text);
	}
	assert_string_equal(cfg.feeds[11].url,
	    "https://cordis.europa.eu/news/rss");

	/* The fixed default keys of the command-line contract. */
#define KEY_IS(name, req) \
	assert_int_equal(keys_lookup(keys_parse(name)), req)
	KEY_IS("j", REQ_NEXT);
	KEY_IS("Down", REQ_NEXT);
	KEY_IS("k", REQ_PREV);
	KEY_IS("Up", REQ_PREV);
	KEY_IS("PgDn", REQ_PAGE_DOWN);
	KEY_IS("Space", REQ_PAGE_DOWN);
	KEY_IS("PgUp", REQ_PAGE_UP);
	KEY_IS("g", REQ_FIRST);
	KEY_IS("Home", REQ_FIRST);
	KEY_IS("G", REQ_LAST);
	KEY_IS("End", REQ_LAST);
	KEY_IS("n", REQ_NEXT_UNREAD);
	KEY_IS("N", REQ_PREV_UNREAD);
	KEY_IS("m", REQ_TOGGLE_READ);
	KEY_IS("A", REQ_MARK_ALL_READ);
	KEY_IS("r", REQ_REFRESH);
	KEY_IS("R", REQ_REFRESH_ALL);
	KEY_IS("o", REQ_OPEN_LINK);
	KEY_IS("?", REQ_HELP);
	KEY_IS("Enter", REQ_OPEN);
	KEY_IS("q", REQ_BACK);
	KEY_IS("Q", REQ_QUIT);
	KEY_IS("Tab", REQ_SWITCH_PANE);
	KEY_IS("s", REQ_TOGGLE_STAR);
	KEY_IS("/", REQ_SEARCH);
	KEY_IS("t", REQ_TRANSLATE);
	KEY_IS("y", REQ_COPY_LINK);
	KEY_IS("C-l", REQ_REDRAW);
#undef KEY_IS
	s = keys_for_request(REQ_NEXT);
	assert_string_equal(s, "j, Down");
	free(s);
	/* Every action has a default key. */
	for (i = 0; i < request_table_size; i++) {
		s = keys_for_request(request_table[i].req);
		if (*s == '\0')
			fail_msg("no default key for %s",
			    request_table[i].name);
		free(s);
	}
	/* Every colour element has a default. */
	for (i = 0; i < COLOR_EL__COUNT; i++)
		assert_int_equal(config_color(&cfg, i)->set, 1);
	config_free(&cfg);
	unsetenv("XDG_CONFIG_HOME");
}

static void
test_default_path(void **state)
{
	char *p;

	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	p = config_default_path();
	assert_string_equal(p, "/x/conf/tidende/config");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative/ignored", 1);
	setenv("HOME", "/home/u", 1);
	p = config_default_path();
	assert_string_equal(p, "/home/u/.config/tidende/config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	p = config_default_path();
	assert_string_equal(p, "/home/u/.config/tidende/config");
	free(p);
}

static char *
read_doc(const char *name)
{
	const char *top = getenv("TOP_SRCDIR");
	char *path, *text;
	FILE *f;
	long len;

	path = xasprintf("%s/docs/%s", top != NULL ? top : ".", name);
	if ((f = fopen(path, "r")) == NULL)
		fail_msg("cannot read %s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = xcalloc(1, len + 1);
	assert_int_equal(fread(text, 1, len, f), (size_t)len);
	fclose(f);
	free(path);
	return text;
}

#define doc_has(doc, text, fmt, arg) do {				\
	char *want_ = xasprintf(fmt, arg);				\
									\
	if (strstr(text, want_) == NULL)				\
		fail_msg("%s lacks '%s' (run tools/config-docs)",	\
		    doc, want_);					\
	free(want_);							\
} while (0)

/*
 * The manual lists every option, action, key, colour and `:` command of
 * the tables.
 */
static void
test_manual_in_step(void **state)
{
	char *conf5 = read_doc("tidende.conf.5"), *man1 = read_doc("tidende.1");
	char *def, *keys;
	unsigned i;

	for (i = 0; i < OPT__COUNT; i++) {
		doc_has("tidende.conf.5", conf5, "\n.It Ic %s Ar ",
		    options_table[i].name);
		def = options_default_text(i);
		if (strcmp(def, "\"\"") != 0)
			doc_has("tidende.conf.5", conf5, "Default:\n.Ql %s .\n",
			    def);
		free(def);
	}
	for (i = 0; i < request_table_size; i++) {
		doc_has("tidende.conf.5", conf5, "\n.It Ic %s\n",
		    request_table[i].name);
		doc_has("tidende.1", man1, "\n.It Ic %s\n",
		    request_table[i].name);
	}
	for (i = 0; i < COLOR_EL__COUNT; i++)
		doc_has("tidende.conf.5", conf5, "\n.It Cm %s\n",
		    config_color_name(i));
	/* Every `:` command, with its arguments, in tidende(1). */
	for (i = 0; i < request_commands_size; i++) {
		char *line = xasprintf(":%s%s%s", request_commands[i].name,
		    *request_commands[i].args != '\0' ? " Ar " : "",
		    request_commands[i].args);

		doc_has("tidende.1", man1, "\n.It Ic \\&%s\n", line);
		free(line);
	}
	/* The default keys, as the built-in config binds them. */
	setenv("XDG_CONFIG_HOME", "/nonexistent-tidende-test", 1);
	{
		struct config cfg;
		char *cause = NULL, *p;
		struct buf b = BUF_INIT;

		assert_int_equal(config_load(&cfg, NULL, &cause), STATUS_OK);
		for (i = 0; i < request_table_size; i++) {
			keys = keys_for_request(request_table[i].req);
			buf_reset(&b);
			buf_adds(&b, "\n.It Ic ");
			for (p = keys; *p != '\0'; p++) {
				if (p[0] == ',' && p[1] == ' ') {
					buf_adds(&b, " , ");
					p++;
					continue;
				}
				if ((p == keys || p[-1] == ' ') &&
				    strchr("?/:.", *p) != NULL)
					buf_adds(&b, "\\&");
				buf_addc(&b, *p);
			}
			buf_addc(&b, '\n');
			doc_has("tidende.1", man1, "%s", b.s);
			free(keys);
		}
		buf_free(&b);
		config_free(&cfg);
	}
	unsetenv("XDG_CONFIG_HOME");
	free(conf5);
	free(man1);
}

static void
cleanup_tmpdir(void)
{
	char *cmd;

	if (tmpdir[0] == '\0')
		return;
	cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	free(cmd);
}

/*
 * What opml_url_ok() lets into a config: http:// and https:// URLs with
 * a host part, in valid UTF-8, of at most 4096 bytes, without spaces,
 * controls, quotes or backslashes (the config's quoting characters).
 */
static void
test_opml_url_ok(void **state)
{
	static const char *good[] = {
		"http://a",
		"https://a",
		"HTTP://A.EXAMPLE/",
		"hTtPs://a.example/feed?x=1&y=2#top",
		"https://user:pw@a.example:8443/p/a;t/h%20x",
		"https://\xc3\xb8l.example/\xe6\x97\xa5",
		"http://[::1]:8080/feed",
	};
	static const char *bad[] = {
		"", "http://", "https://", "http:", "http:/a", "http:a",
		"httpx://a", "ftp://a.example/", "file:///etc/passwd",
		"javascript:alert(1)", "exec:/bin/true", "filter:x:http://a",
		" http://a", "http ://a", "http://a b", "http://a\tb",
		"http://a\nb", "http://a\rb", "http://a\x01", "http://a\x1b[31m",
		"http://a\x7f", "http://a\"b", "http://a\\b", "http://a\\",
		"https://a.example\\@b.example/", "http://a\xff",
		"http://a\xc3", "http://a\xed\xa0\x80",
	};
	char *url;
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!opml_url_ok(good[i]))
			fail_msg("refused: \"%s\"", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (opml_url_ok(bad[i]))
			fail_msg("accepted: \"%s\"", bad[i]);
	/* 4096 bytes is the most */
	url = xmalloc(4098);
	memcpy(url, "https://", 8);
	memset(url + 8, 'a', 4096 - 8);
	url[4096] = '\0';
	assert_true(opml_url_ok(url));
	url[4096] = 'a';
	url[4097] = '\0';
	assert_false(opml_url_ok(url));
	free(url);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opml_url_ok),
		cmocka_unit_test(test_split_words),
		cmocka_unit_test(test_words_distance),
		cmocka_unit_test_setup_teardown(test_feed_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_feed_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_set_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_set_errors, setup,
		    teardown),
		cmocka_unit_test(test_keys_parse),
		cmocka_unit_test(test_keys_names),
		cmocka_unit_test_setup_teardown(test_keys_map, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bind_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_color_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_search_ignore, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unknown_commands, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_apply_line, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_files, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_builtin, setup, teardown),
		cmocka_unit_test(test_default_path),
		cmocka_unit_test_setup_teardown(test_manual_in_step, setup,
		    teardown),
	};
	int rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	cleanup_tmpdir();
	return rc;
}
