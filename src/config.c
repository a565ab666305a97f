/*
 * The config file: words and quoting, the `feed`, `set`, `bind`, `unbind`,
 * `color`, `include`, `search` and `ignore` lines, and loading the
 * built-in defaults and then the user's file.  Every error names the file
 * and line; nothing is silently ignored.  The `feed` lines and a feed's
 * settings are in config-feed.c.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "config-private.h"
#include "tidende/buf.h"
#include "tidende/config.h"
#include "tidende/hash.h"
#include "tidende/i18n.h"
#include "tidende/keys.h"
#include "tidende/options.h"
#include "tidende/query.h"
#include "tidende/request.h"
#include "tidende/utf8.h"
#include "tidende/words.h"
#include "tidende/xdg.h"
#include "tidende/xmalloc.h"

#define CONFIG_MAX_SIZE		(64 * 1024 * 1024)
#define CONFIG_MAX_DEPTH	8
/* One line (joined); a feed's tags have their cap in config-feed.c. */
#define CONFIG_MAX_LINE		65536
#define CONFIG_BUILTIN_NAME	"(built-in config)"

static enum status config_parse_text(struct config *, struct config_source *,
		    const char *, char **);
static enum status config_parse_file(struct config *, struct config_source *,
		    const char *, char **);

/* ---------------------------------------------------------------- errors */

enum status
config_error(struct config_line *cl, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	free(cl->cause);
	if (cl->src->name != NULL)
		cl->cause = xasprintf("%s:%d: %s", cl->src->name, cl->lineno,
		    msg);
	else
		cl->cause = xstrdup(msg);
	free(msg);
	return STATUS_BAD_CONFIG;
}

/* Argument count check: between min and max words after the command. */
static enum status
config_check_args(struct config_line *cl, size_t min, size_t max,
    const char *usage)
{
	size_t args = cl->n - 1;

	if (args < min)
		return config_error(cl, args == 0 ?
		    _("%s: missing arguments (%s)") :
		    _("%s: missing argument (%s)"), cl->w[0].s, usage);
	if (args > max)
		return config_error(cl, max > 0 ?
		    _("%s: too many words (%s); use double quotes around "
		    "words that go together") : _("%s: too many words (%s)"),
		    cl->w[0].s, usage);
	return STATUS_OK;
}

/* The raw text of words from index i to the end (before any comment). */
static char *
config_rest(struct config_line *cl, size_t i)
{
	const char *s = cl->w[i].raw, *e = cl->end;

	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	return xstrndup(s, e - s);
}

/* ---------------------------------------------------------------- set */

static enum status
config_cmd_set(struct config_line *cl)
{
	const struct option_entry *oe;
	const char *near;
	struct buf b = BUF_INIT;
	char *value, *why = NULL;
	enum status st;
	size_t i, first;

	if (cl->n < 2)
		return config_error(cl, _("set: missing option name (set OPTION "
		    "VALUE)"));
	if ((oe = options_find(cl->w[1].s)) == NULL) {
		if ((near = options_suggest(cl->w[1].s)) != NULL)
			return config_error(cl, _("unknown option '%s' (did you "
			    "mean '%s'?)"), cl->w[1].s, near);
		return config_error(cl, _("unknown option '%s'"), cl->w[1].s);
	}
	/* tig's `set OPTION = VALUE` reads the same. */
	first = 2;
	if (cl->n > 3 && strcmp(cl->w[2].s, "=") == 0 && !cl->w[2].quoted)
		first = 3;
	if (cl->n <= first)
		return config_error(cl, _("set %s: missing value"), oe->name);
	switch (oe->type) {
	case OPT_TYPE_COMMAND:
		value = config_rest(cl, first);
		break;
	case OPT_TYPE_STRING:
		for (i = first; i < cl->n; i++) {
			if (i > first)
				buf_addc(&b, ' ');
			buf_adds(&b, cl->w[i].s);
		}
		value = buf_detach(&b);
		break;
	default:
		if (cl->n > first + 1)
			return config_error(cl, _("set %s: takes one value, not "
			    "%zu"), oe->name, cl->n - first);
		value = xstrdup(cl->w[first].s);
		break;
	}
	st = options_set(oe->name, value, &why);
	free(value);
	if (st != STATUS_OK) {
		config_error(cl, "%s", why);
		free(why);
	}
	return st;
}

/* ---------------------------------------------------------------- keys */

static enum status
config_parse_key(struct config_line *cl, const char *name, int *key)
{
	const char *near;

	if ((*key = keys_parse(name)) == -1 &&
	    (near = keys_suggest(name)) != NULL)
		return config_error(cl, _("unknown key '%s' (did you mean "
		    "'%s'?)"), name, near);
	if (*key == -1)
		return config_error(cl, _("unknown key '%s' (keys are written "
		    "like j, G, ?, Enter, Space, Tab, Esc, Up, Down, PgUp, "
		    "PgDn, Home, End, F1, C-l)"), name);
	return STATUS_OK;
}

/* `bind KEY exec|exec!|pipe|pipe! ...`: a key that runs a `:` command. */
static int
config_bind_command(const char *w)
{
	return strcmp(w, "exec") == 0 || strcmp(w, "exec!") == 0 ||
	    strcmp(w, "pipe") == 0 || strcmp(w, "pipe!") == 0;
}

static enum status
config_cmd_bind_command(struct config_line *cl)
{
	const char *end = cl->end != NULL ? cl->end : cl->w[2].raw +
	    strlen(cl->w[2].raw);
	char *line;
	size_t i;
	int key;

	if (config_parse_key(cl, cl->w[1].s, &key) != STATUS_OK)
		return STATUS_BAD_CONFIG;
	for (i = 3; i < cl->n && cl->w[i].s[0] == '-' && cl->w[i].s[1] == '-' &&
	    !cl->w[i].quoted; i++)
		if (strcmp(cl->w[i].s, "--html") != 0 ||
		    cl->w[2].s[0] != 'p')
			return config_error(cl, cl->w[2].s[0] == 'p' ?
			    _("bind: %s: unknown option (%s takes --html)") :
			    _("bind: %s: unknown option (%s takes none)"),
			    cl->w[i].s, cl->w[2].s);
	if (i == cl->n)
		return config_error(cl, _("bind %s %s: needs a COMMAND (e.g. "
		    "bind %s %s mpv %%e)"), cl->w[1].s, cl->w[2].s, cl->w[1].s,
		    cl->w[2].s);
	while (end > cl->w[2].raw && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	line = xstrndup(cl->w[2].raw, (size_t)(end - cl->w[2].raw));
	keys_bind_command(key, line);
	free(line);
	return STATUS_OK;
}

static enum status
config_cmd_bind(struct config_line *cl)
{
	enum request req;
	const char *near;
	int key;

	if (cl->n >= 3 && config_bind_command(cl->w[2].s))
		return config_cmd_bind_command(cl);
	if (config_check_args(cl, 2, 2, "bind KEY ACTION") != STATUS_OK)
		return STATUS_BAD_CONFIG;
	if (config_parse_key(cl, cl->w[1].s, &key) != STATUS_OK)
		return STATUS_BAD_CONFIG;
	if (strcmp(cl->w[2].s, "none") == 0) {
		keys_unbind(key);
		return STATUS_OK;
	}
	if ((req = request_find(cl->w[2].s)) == REQ_NONE) {
		if ((near = request_suggest(cl->w[2].s)) != NULL)
			return config_error(cl, _("unknown action '%s' (did you "
			    "mean '%s'?)"), cl->w[2].s, near);
		return config_error(cl, _("unknown action '%s' (the help screen "
		    "and tidende.conf(5) list them)"), cl->w[2].s);
	}
	keys_bind(key, req);
	return STATUS_OK;
}

static enum status
config_cmd_unbind(struct config_line *cl)
{
	int key;

	if (config_check_args(cl, 1, 1, "unbind KEY") != STATUS_OK)
		return STATUS_BAD_CONFIG;
	if (config_parse_key(cl, cl->w[1].s, &key) != STATUS_OK)
		return STATUS_BAD_CONFIG;
	if (keys_lookup(key) == REQ_NONE && keys_command(key) == NULL)
		return config_error(cl, _("unbind: %s is not bound"),
		    keys_name(key));
	keys_unbind(key);
	return STATUS_OK;
}

/* ---------------------------------------------------------------- colors */

const struct color_rule *
config_color(const struct config *cfg, enum color_element el)
{
	static const struct color_rule none = { 0, COLOR_DEFAULT,
	    COLOR_DEFAULT, 0 };

	if ((unsigned)el >= COLOR_EL__COUNT)
		return &none;
	return &cfg->colors[el];
}

static enum status
config_cmd_color(struct config_line *cl)
{
	struct color_rule r;
	const char *what;
	int el, c, i, a;
	size_t j;

	if (config_check_args(cl, 3, 3 + 8, "color ELEMENT FOREGROUND "
	    "BACKGROUND [ATTRIBUTE ...]") != STATUS_OK)
		return STATUS_BAD_CONFIG;
	if ((el = config_color_find(cl->w[1].s)) == -1) {
		struct buf b = BUF_INIT;

		for (i = 0; i < COLOR_EL__COUNT; i++) {
			if (i > 0)
				buf_adds(&b, ", ");
			buf_adds(&b, config_color_name(i));
		}
		config_error(cl, _("unknown element '%s' (elements: %s)"),
		    cl->w[1].s, b.s);
		buf_free(&b);
		return STATUS_BAD_CONFIG;
	}
	memset(&r, 0, sizeof r);
	r.set = 1;
	for (i = 0; i < 2; i++) {
		what = cl->w[2 + i].s;
		if ((c = config_color_parse(what)) == -2)
			return config_error(cl, _("unknown colour '%s' (default, "
			    "black, red, green, yellow, blue, magenta, cyan, "
			    "white, bright-red..., color0 to color255)"), what);
		if (i == 0)
			r.fg = c;
		else
			r.bg = c;
	}
	for (j = 4; j < cl->n; j++) {
		if ((a = config_color_attr(cl->w[j].s)) == -1)
			return config_error(cl, _("unknown attribute '%s' "
			    "(bold, dim, underline, reverse, blink, italic, "
			    "standout, normal)"), cl->w[j].s);
		r.attrs |= a;
	}
	cl->cfg->colors[el] = r;
	return STATUS_OK;
}

/* ---------------------------------------------------------------- others */

/* A query must parse now, not fail quietly when it is first used. */
static enum status
config_check_query(struct config_line *cl, const char *what,
    const char *text)
{
	struct query *q = NULL;
	char *why = NULL;

	if (query_parse(text, 0, (int64_t)time(NULL), &q, &why) !=
	    STATUS_OK) {
		config_error(cl, "%s: %s", what, why != NULL ? why :
		    _("not a valid query"));
		free(why);
		return STATUS_BAD_CONFIG;
	}
	query_free(q);
	return STATUS_OK;
}

/* A query from the words after index i: one word as it is, else raw. */
static char *
config_query(struct config_line *cl, size_t i)
{
	if (cl->n == i + 1)
		return xstrdup(cl->w[i].s);
	return config_rest(cl, i);
}

static enum status
config_cmd_search(struct config_line *cl)
{
	struct config *cfg = cl->cfg;
	struct saved_search *ss;
	size_t i;

	if (config_check_args(cl, 2, SIZE_MAX, "search NAME \"QUERY\"") !=
	    STATUS_OK)
		return STATUS_BAD_CONFIG;
	if (*cl->w[1].s == '\0')
		return config_error(cl, _("search: empty name"));
	for (i = 0; i < cfg->nsearches; i++)
		if (strcmp(cfg->searches[i].name, cl->w[1].s) == 0)
			return config_error(cl, _("search %s is already defined"),
			    cl->w[1].s);
	cfg->searches = xreallocarray(cfg->searches, cfg->nsearches + 1,
	    sizeof *cfg->searches);
	ss = &cfg->searches[cfg->nsearches];
	ss->query = config_query(cl, 2);
	if (*ss->query == '\0') {
		free(ss->query);
		return config_error(cl, _("search %s: empty query"), cl->w[1].s);
	}
	{
		char *what = xasprintf("search %s", cl->w[1].s);
		enum status st = config_check_query(cl, what, ss->query);

		free(what);
		if (st != STATUS_OK) {
			free(ss->query);
			return st;
		}
	}
	ss->name = xstrdup(cl->w[1].s);
	cfg->nsearches++;
	return STATUS_OK;
}

static enum status
config_cmd_ignore(struct config_line *cl)
{
	struct config *cfg = cl->cfg;
	char *q;

	if (config_check_args(cl, 1, SIZE_MAX, "ignore \"QUERY\"") !=
	    STATUS_OK)
		return STATUS_BAD_CONFIG;
	q = config_query(cl, 1);
	if (*q == '\0') {
		free(q);
		return config_error(cl, _("ignore: empty query"));
	}
	if (config_check_query(cl, "ignore", q) != STATUS_OK) {
		free(q);
		return STATUS_BAD_CONFIG;
	}
	cfg->ignores = xreallocarray(cfg->ignores, cfg->nignores + 1,
	    sizeof *cfg->ignores);
	cfg->ignores[cfg->nignores++] = q;
	return STATUS_OK;
}

static char *
config_include_path(struct config_source *src, const char *file)
{
	const char *home, *slash;

	if (file[0] == '~' && file[1] == '/') {
		if ((home = getenv("HOME")) == NULL || *home == '\0')
			home = ".";
		return xasprintf("%s%s", home, file + 1);
	}
	if (file[0] == '/' || src->name == NULL ||
	    (slash = strrchr(src->name, '/')) == NULL)
		return xstrdup(file);
	return xasprintf("%.*s/%s", (int)(slash - src->name), src->name, file);
}

static enum status
config_cmd_include(struct config_line *cl)
{
	struct config_source *s;
	char *path, *real, *why = NULL;
	enum status st;

	if (config_check_args(cl, 1, 1, "include FILE") != STATUS_OK)
		return STATUS_BAD_CONFIG;
	if (cl->src->builtin || cl->src->name == NULL)
		return config_error(cl, _("include is only allowed in a file"));
	if (cl->src->depth >= CONFIG_MAX_DEPTH)
		return config_error(cl, _("include: files nest more than %d "
		    "deep"), CONFIG_MAX_DEPTH);
	path = config_include_path(cl->src, cl->w[1].s);
	if ((real = realpath(path, NULL)) != NULL) {
		for (s = cl->src; s != NULL; s = s->parent) {
			if (s->real != NULL && strcmp(s->real, real) == 0) {
				config_error(cl, _("include %s: loop (%s is "
				    "already being read)"), cl->w[1].s, path);
				free(real);
				free(path);
				return STATUS_BAD_CONFIG;
			}
		}
		free(real);
	}
	st = config_parse_file(cl->cfg, cl->src, path, &why);
	free(path);
	if (st == STATUS_OK)
		return STATUS_OK;
	/* Errors inside the file name their own place. */
	if (st != STATUS_IO) {
		cl->cause = why;
		return st;
	}
	config_error(cl, "include: %s", why);
	free(why);
	return STATUS_BAD_CONFIG;
}

static const struct {
	const char	*name;
	enum status	(*fn)(struct config_line *);
} config_cmds[] = {
	{ "feed", config_cmd_feed },
	{ "set", config_cmd_set },
	{ "bind", config_cmd_bind },
	{ "unbind", config_cmd_unbind },
	{ "color", config_cmd_color },
	{ "colour", config_cmd_color },
	{ "include", config_cmd_include },
	{ "search", config_cmd_search },
	{ "ignore", config_cmd_ignore },
};

/*
 * Whether an unknown first word may be quoted in the error: it looks like
 * a command name.  `include /etc/shadow` quoted the file's first line,
 * password hash and all; a line of a file that is no config is not shown.
 */
static int
config_word_like(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

	return n > 0 && n <= 32 && s[n] == '\0';
}

static enum status
config_line_run(struct config_line *cl)
{
	const char *name = cl->w[0].s;
	size_t i;

	for (i = 0; i < sizeof config_cmds / sizeof config_cmds[0]; i++)
		if (strcmp(config_cmds[i].name, name) == 0)
			return config_cmds[i].fn(cl);
	if (!config_word_like(name) && !config_url_ok(name))
		return config_error(cl, _("not a command (is this a tidende "
		    "config file? the line is not shown)"));
	/* newsboat's `urls` file style: a bare URL. */
	if (config_url_ok(name))
		return config_error(cl, _("unknown command '%s' (did you mean "
		    "'feed %s'?)"), name, name);
	for (i = 0; i < sizeof config_cmds / sizeof config_cmds[0]; i++)
		if (words_distance(config_cmds[i].name, name) <= 2 ||
		    (strlen(name) > 3 && strncmp(config_cmds[i].name, name,
		    4) == 0))
			return config_error(cl, _("unknown command '%s' (did you "
			    "mean '%s'?)"), name, config_cmds[i].name);
	if (options_find(name) != NULL)
		return config_error(cl, _("unknown command '%s' (did you mean "
		    "'set %s'?)"), name, name);
	return config_error(cl, _("unknown command '%s' (commands: feed, "
	    "set, bind, unbind, color, include, search, ignore)"), name);
}

/* ---------------------------------------------------------------- text */

static enum status
config_parse_line(struct config *cfg, struct config_source *src, int lineno,
    const char *line, char **cause)
{
	struct config_line cl;
	char *why = NULL;
	enum status st;

	memset(&cl, 0, sizeof cl);
	cl.cfg = cfg;
	cl.src = src;
	cl.lineno = lineno;
	if (words_tokenize(line, 1, &cl.w, &cl.n, &cl.end, &why) !=
	    STATUS_OK) {
		config_error(&cl, "%s", why);
		free(why);
		*cause = cl.cause;
		return STATUS_BAD_CONFIG;
	}
	if (cl.n == 0) {
		words_tokens_free(cl.w, cl.n);
		return STATUS_OK;
	}
	st = config_line_run(&cl);
	words_tokens_free(cl.w, cl.n);
	if (st != STATUS_OK)
		*cause = cl.cause;
	else
		free(cl.cause);
	return st;
}

/* Does the line end in a backslash that escapes the newline? */
static int
config_continues(const char *p, const char *nl)
{
	size_t n = 0;

	if (nl > p && nl[-1] == '\r')
		nl--;
	while (nl > p && nl[-1] == '\\') {
		nl--;
		n++;
	}
	return n % 2 == 1;
}

/* The first control character (not tab, not a final CR), or -1. */
static int
config_control(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\t' || (*p == '\r' && p[1] == '\0'))
			continue;
		if (*p < 0x20 || *p == 0x7f)
			return *p;
	}
	return -1;
}

static enum status
config_parse_text(struct config *cfg, struct config_source *src,
    const char *text, char **cause)
{
	const char *p = text, *nl, *e;
	struct buf line = BUF_INIT;
	int lineno = 0, first, bad;
	enum status st;

	while (*p != '\0') {
		lineno++;
		first = lineno;
		buf_reset(&line);
		/* A backslash at the end of a line joins the next one. */
		for (;;) {
			if ((nl = strchr(p, '\n')) == NULL)
				nl = p + strlen(p);
			if (*nl == '\n' && nl[1] != '\0' &&
			    config_continues(p, nl)) {
				e = nl;
				if (e > p && e[-1] == '\r')
					e--;
				buf_add(&line, p, e - 1 - p);
				buf_addc(&line, ' ');
				p = nl + 1;
				lineno++;
				continue;
			}
			buf_add(&line, p, nl - p);
			break;
		}
		if (line.len > CONFIG_MAX_LINE) {
			buf_free(&line);
			if (src->name != NULL)
				*cause = xasprintf(_("%s:%d: line too long (more "
				    "than %d kB)"), src->name, first,
				    CONFIG_MAX_LINE / 1024);
			else
				*cause = xasprintf(_("line too long (more than "
				    "%d kB)"), CONFIG_MAX_LINE / 1024);
			return STATUS_BAD_CONFIG;
		}
		if (!utf8_valid(buf_str(&line), line.len)) {
			buf_free(&line);
			if (src->name != NULL)
				*cause = xasprintf(_("%s:%d: not valid UTF-8"),
				    src->name, first);
			else
				*cause = xstrdup(_("not valid UTF-8"));
			return STATUS_BAD_CONFIG;
		}
		if ((bad = config_control(buf_str(&line))) != -1) {
			buf_free(&line);
			if (src->name != NULL)
				*cause = xasprintf(_("%s:%d: a control character "
				    "(0x%02x) in the line"), src->name, first,
				    bad);
			else
				*cause = xasprintf(_("a control character "
				    "(0x%02x) in the line"), bad);
			return STATUS_BAD_CONFIG;
		}
		st = config_parse_line(cfg, src, first, buf_str(&line), cause);
		if (st != STATUS_OK) {
			buf_free(&line);
			return st;
		}
		p = *nl == '\n' ? nl + 1 : nl;
	}
	buf_free(&line);
	return STATUS_OK;
}

/*
 * Read a whole config file; *cause is "PATH: why" (*not_text set when it
 * is binary: an error in the file, with its line).
 */
static char *
config_read_file(const char *path, char **cause, int *not_text)
{
	struct stat sb;
	struct buf b = BUF_INIT;
	char chunk[8192];
	const char *p, *nul, *why;
	size_t n, line;
	FILE *f;
	int fd;

	*not_text = 0;
	/* a FIFO or a terminal named as a config held the start for ever */
	if ((fd = buf_open_user_file(path, &why)) < 0) {
		*cause = fd == -2 ? xasprintf("%s: %s", path, why) :
		    xasprintf(_("%s: cannot read: %s"), path, why);
		return NULL;
	}
	if (fstat(fd, &sb) == -1 || (f = fdopen(fd, "r")) == NULL) {
		*cause = xasprintf(_("%s: cannot read: %s"), path,
		    strerror(errno));
		close(fd);
		return NULL;
	}
	/* Anyone could add exec: feeds or a browser command to it. */
	if (S_ISREG(sb.st_mode) && (sb.st_mode & S_IWOTH)) {
		fclose(f);
		*cause = xasprintf(_("%s: anyone can change this file, and it "
		    "names commands to run; refused (chmod o-w %s)"), path,
		    path);
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if ((nul = memchr(chunk, '\0', n)) != NULL) {
			/* where: the line of the first NUL */
			line = 1;
			for (p = b.s; p != NULL && p < b.s + b.len; p++)
				line += *p == '\n';
			for (p = chunk; p < nul; p++)
				line += *p == '\n';
			*cause = xasprintf(_("%s:%zu: not a text file (a NUL "
			    "byte)"), path, line);
			*not_text = 1;
			goto fail;
		}
		buf_add(&b, chunk, n);
		if (b.len > CONFIG_MAX_SIZE) {
			*cause = xasprintf(_("%s: too large (more than %d MB)"),
			    path, CONFIG_MAX_SIZE / (1024 * 1024));
			goto fail;
		}
	}
	if (ferror(f)) {
		*cause = xasprintf(_("%s: cannot read: %s"), path,
		    strerror(errno));
		goto fail;
	}
	fclose(f);
	if (b.s == NULL)
		return xstrdup("");
	return buf_detach(&b);

fail:
	fclose(f);
	buf_free(&b);
	return NULL;
}

static enum status
config_parse_file(struct config *cfg, struct config_source *parent,
    const char *path, char **cause)
{
	struct config_source src;
	char *text;
	enum status st;
	int not_text;

	/* STATUS_IO: the file itself could not be read (no location). */
	if ((text = config_read_file(path, cause, &not_text)) == NULL)
		return not_text ? STATUS_BAD_CONFIG : STATUS_IO;
	memset(&src, 0, sizeof src);
	src.name = path;
	src.real = realpath(path, NULL);
	src.parent = parent;
	src.depth = parent != NULL ? parent->depth + 1 : 0;
	st = config_parse_text(cfg, &src, text, cause);
	free(src.real);
	free(text);
	return st;
}

enum status
config_load_text(struct config *cfg, const char *name, const char *text,
    char **cause)
{
	struct config_source src;

	memset(&src, 0, sizeof src);
	src.name = name;
	src.builtin = (name != NULL && strcmp(name, CONFIG_BUILTIN_NAME) == 0);
	return config_parse_text(cfg, &src, text, cause);
}

enum status
config_apply_line(struct config *cfg, const char *line, char **cause)
{
	struct config_source src;

	memset(&src, 0, sizeof src);
	if (strchr(line, '\n') != NULL) {
		*cause = xstrdup(_("one line only"));
		return STATUS_BAD_CONFIG;
	}
	return config_parse_line(cfg, &src, 1, line, cause);
}

/* mkdir -p the directories above path, user-only. */
static void
config_make_dirs(const char *path)
{
	char *copy = xstrdup(path), *p;

	for (p = copy + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		(void)mkdir(copy, 0700);
		*p = '/';
	}
	free(copy);
}

enum status
config_append(const char *path, const char *text, char **cause)
{
	struct stat sb;
	char last = '\n';
	ssize_t n;
	size_t off = 0, len = strlen(text);
	int fd;

	config_make_dirs(path);
	if ((fd = open(path, O_RDWR | O_APPEND | O_CREAT, 0600)) == -1)
		goto fail;
	if (fstat(fd, &sb) == 0 && sb.st_size > 0 &&
	    pread(fd, &last, 1, sb.st_size - 1) == 1 && last != '\n' &&
	    write(fd, "\n", 1) != 1)
		goto fail;
	while (off < len) {
		if ((n = write(fd, text + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += n;
	}
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	return STATUS_OK;

fail:
	*cause = xasprintf(_("%s: cannot write: %s"), path, strerror(errno));
	if (fd != -1)
		close(fd);
	return STATUS_IO;
}

char *
config_default_path(void)
{
	return xdg_find("CONFIG", "config");
}

enum status
config_load_builtin(struct config *cfg, char **cause)
{
	enum status st;

	memset(cfg, 0, sizeof *cfg);
	*cause = NULL;
	options_init();
	keys_clear();
	st = config_load_text(cfg, CONFIG_BUILTIN_NAME, builtin_config, cause);
	if (st != STATUS_OK)
		config_free(cfg);
	return st;
}

enum status
config_load(struct config *cfg, const char *path, char **cause)
{
	struct stat sb;
	char *def = NULL;
	enum status st;

	if ((st = config_load_builtin(cfg, cause)) != STATUS_OK)
		return st;
	if (path != NULL && *path == '\0') {
		config_free(cfg);
		*cause = xstrdup(_("config: the file name is empty"));
		return STATUS_BAD_CONFIG;
	}
	if (path == NULL) {
		def = config_default_path();
		/* No file at the default place: the defaults alone. */
		if (stat(def, &sb) == -1 && errno == ENOENT) {
			free(def);
			return STATUS_OK;
		}
		path = def;
	}
	cfg->path = xstrdup(path);
	st = config_parse_file(cfg, NULL, path, cause);
	free(def);
	if (st != STATUS_OK) {
		config_free(cfg);
		return STATUS_BAD_CONFIG;
	}
	/*
	 * With sync on, the feeds are the server's: the default list is
	 * only for someone who has none at all (cli.md: `feed` lines stay
	 * local, beside the server's).
	 */
	if (cfg->builtin_feeds &&
	    strcmp(options_str(OPT_SYNC_BACKEND), "none") != 0) {
		config_feeds_clear(cfg);
		cfg->builtin_feeds = 0;
	}
	return STATUS_OK;
}

void
config_free(struct config *cfg)
{
	size_t i;

	config_feeds_clear(cfg);
	for (i = 0; i < cfg->nsearches; i++) {
		free(cfg->searches[i].name);
		free(cfg->searches[i].query);
	}
	free(cfg->searches);
	for (i = 0; i < cfg->nignores; i++)
		free(cfg->ignores[i]);
	free(cfg->ignores);
	free(cfg->path);
	memset(cfg, 0, sizeof *cfg);
}
