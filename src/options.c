/*
 * The option table (OPTION_INFO in options.h) and the current values:
 * parsing and checking `set` values by type, typed getters, and the text
 * form used by `config --default`, `:set` and the help screen.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidende/buf.h"
#include "tidende/i18n.h"
#include "tidende/options.h"
#include "tidende/words.h"
#include "tidende/xmalloc.h"

const struct option_entry options_table[OPT__COUNT] = {
#define OPTION_ROW(id, name, type, def, min, max, choices, help) \
	{ OPT_##id, name, OPT_TYPE_##type, def, min, max, choices, help },
	OPTION_INFO(OPTION_ROW)
#undef OPTION_ROW
};

struct option_value {
	char	*text;		/* as it would be written in the config */
	long	 num;		/* BOOL and INT */
	char	**argv;		/* COMMAND, NULL when empty */
};

static struct option_value	option_values[OPT__COUNT];
static int			option_ready;
static void			(*option_notify)(enum option_id, void *);
static void			*option_notify_arg;

static void	options_clear(struct option_value *);
static enum status options_parse(const struct option_entry *, const char *,
		    struct option_value *, char **);

static void
options_clear(struct option_value *v)
{
	free(v->text);
	words_free(v->argv);
	memset(v, 0, sizeof *v);
}

void
options_init(void)
{
	char *cause = NULL;
	unsigned i;

	options_free();
	for (i = 0; i < OPT__COUNT; i++) {
		if (options_parse(&options_table[i], options_table[i].def,
		    &option_values[i], &cause) != STATUS_OK)
			fatalx("bad default for %s: %s", options_table[i].name,
			    cause);
	}
	option_ready = 1;
}

void
options_free(void)
{
	unsigned i;

	for (i = 0; i < OPT__COUNT; i++)
		options_clear(&option_values[i]);
	option_ready = 0;
}

static void
options_ensure(void)
{
	if (!option_ready)
		options_init();
}

const struct option_entry *
options_find(const char *name)
{
	unsigned i;

	for (i = 0; i < OPT__COUNT; i++)
		if (strcmp(options_table[i].name, name) == 0)
			return &options_table[i];
	return NULL;
}

const char *
options_suggest(const char *name)
{
	const char *best = NULL;
	unsigned i, d, bestd;
	size_t len = strlen(name);

	/* Allow about one typo per three letters, at least two. */
	bestd = len / 3 + 1;
	if (bestd < 3)
		bestd = 3;
	for (i = 0; i < OPT__COUNT; i++) {
		d = words_distance(name, options_table[i].name);
		if (d < bestd) {
			bestd = d;
			best = options_table[i].name;
		}
	}
	/* A word of the name ("timeout" for "download-timeout"). */
	if (best == NULL && len >= 4) {
		for (i = 0; i < OPT__COUNT; i++)
			if (strstr(options_table[i].name, name) != NULL)
				return options_table[i].name;
	}
	return best;
}

int
options_parse_bool(const char *s)
{
	static const char *yes[] = { "yes", "true", "on", "1" };
	static const char *no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

enum status
options_parse_int(const char *s, long min, long max, long *out, char **cause)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno == ERANGE) {
		*cause = xasprintf(_("'%s' is not a whole number"), s);
		return STATUS_BAD_CONFIG;
	}
	if (n < min || n > max) {
		*cause = xasprintf(
		    _("%ld is out of range (%ld to %ld)"), n, min,
		    max);
		return STATUS_BAD_CONFIG;
	}
	*out = n;
	return STATUS_OK;
}

/* The choices "a|b|c" as "a, b or c" for messages (caller frees). */
static char *
options_choices_text(const char *choices)
{
	struct buf b = BUF_INIT;
	const char *p, *bar;

	for (p = choices; (bar = strchr(p, '|')) != NULL; p = bar + 1) {
		if (p != choices)
			buf_adds(&b, ", ");
		buf_add(&b, p, bar - p);
	}
	if (p != choices)
		/* TRANSLATORS: before the last of the values an option
		   takes: "a, b or c" (the values stay as typed) */
		buf_adds(&b, _(" or "));
	buf_adds(&b, p);
	return buf_detach(&b);
}

static int
options_enum_ok(const char *choices, const char *value)
{
	const char *p = choices, *bar;
	size_t len = strlen(value);

	for (;;) {
		bar = strchr(p, '|');
		if (bar == NULL)
			return strcmp(p, value) == 0;
		if ((size_t)(bar - p) == len && strncmp(p, value, len) == 0)
			return 1;
		p = bar + 1;
	}
}

/* Does a string value need quotes to be read back as one word? */
static int
options_needs_quotes(const char *s)
{
	if (*s == '\0')
		return 1;
	for (; *s != '\0'; s++)
		if (strchr(" \t\"\\#", *s) != NULL)
			return 1;
	return 0;
}

char *
options_quote(const char *s)
{
	struct buf b = BUF_INIT;

	if (!options_needs_quotes(s))
		return xstrdup(s);
	buf_addc(&b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *s);
	}
	buf_addc(&b, '"');
	return buf_detach(&b);
}

char **
options_split_command(const char *value, char **cause)
{
	char **argv, **inner;
	size_t n;

	if ((argv = words_split(value, &n)) == NULL) {
		*cause = xasprintf(_("unbalanced quote in '%s'"), value);
		return NULL;
	}
	/* `set browser "firefox %u"`: one quoted word holds the command. */
	if (n == 1) {
		inner = words_split(argv[0], &n);
		words_free(argv);
		if (inner == NULL) {
			*cause = xasprintf(
			    _("unbalanced quote in '%s'"), value);
			return NULL;
		}
		argv = inner;
	}
	if (n == 0) {
		words_free(argv);
		return NULL;
	}
	return argv;
}

static enum status
options_parse(const struct option_entry *oe, const char *value,
    struct option_value *out, char **cause)
{
	struct option_value v;
	char *why = NULL, *list;
	int b;

	memset(&v, 0, sizeof v);
	switch (oe->type) {
	case OPT_TYPE_BOOL:
		if ((b = options_parse_bool(value)) == -1) {
			/* TRANSLATORS: yes and no are typed as is */
			*cause = xasprintf(_("%s: '%s' is not yes or no"),
			    oe->name, value);
			return STATUS_BAD_CONFIG;
		}
		v.num = b;
		v.text = xstrdup(b ? "yes" : "no");
		break;
	case OPT_TYPE_INT:
		if (options_parse_int(value, oe->min, oe->max, &v.num, &why) !=
		    STATUS_OK) {
			*cause = xasprintf("%s: %s", oe->name, why);
			free(why);
			return STATUS_BAD_CONFIG;
		}
		v.text = xasprintf("%ld", v.num);
		break;
	case OPT_TYPE_ENUM:
		if (!options_enum_ok(oe->choices, value)) {
			list = options_choices_text(oe->choices);
			/* TRANSLATORS: "OPTION: 'VALUE' is not a, b or c" */
			*cause = xasprintf(_("%s: '%s' is not %s"), oe->name,
			    value, list);
			free(list);
			return STATUS_BAD_CONFIG;
		}
		v.text = xstrdup(value);
		break;
	case OPT_TYPE_COMMAND:
		v.argv = options_split_command(value, &why);
		if (why != NULL) {
			*cause = xasprintf("%s: %s", oe->name, why);
			free(why);
			return STATUS_BAD_CONFIG;
		}
		v.text = xstrdup(value);
		break;
	case OPT_TYPE_STRING:
		v.text = xstrdup(value);
		break;
	}
	options_clear(out);
	*out = v;
	return STATUS_OK;
}

enum status
options_set(const char *name, const char *value, char **cause)
{
	const struct option_entry *oe;
	const char *near;

	options_ensure();
	if ((oe = options_find(name)) == NULL) {
		if ((near = options_suggest(name)) != NULL)
			*cause = xasprintf(_("unknown option '%s' (did you "
			    "mean '%s'?)"), name, near);
		else
			*cause = xasprintf(_("unknown option '%s'"), name);
		return STATUS_BAD_CONFIG;
	}
	if (options_parse(oe, value, &option_values[oe->id], cause) !=
	    STATUS_OK)
		return STATUS_BAD_CONFIG;
	if (option_notify != NULL)
		option_notify(oe->id, option_notify_arg);
	return STATUS_OK;
}

void
options_set_notify(void (*fn)(enum option_id, void *), void *arg)
{
	option_notify = fn;
	option_notify_arg = arg;
}

enum status
options_reset(const char *name, char **cause)
{
	const struct option_entry *oe;

	if ((oe = options_find(name)) == NULL)
		return options_set(name, "", cause);
	return options_set(name, oe->def, cause);
}

static char *
options_text(const struct option_entry *oe, const char *text)
{
	switch (oe->type) {
	case OPT_TYPE_STRING:
		return options_quote(text);
	case OPT_TYPE_COMMAND:
		if (*text == '\0')
			return xstrdup("\"\"");
		return xstrdup(text);
	default:
		return xstrdup(text);
	}
}

char *
options_get_text(enum option_id id)
{
	options_ensure();
	if ((unsigned)id >= OPT__COUNT)
		return xstrdup("");
	return options_text(&options_table[id], option_values[id].text);
}

char *
options_default_text(enum option_id id)
{
	if ((unsigned)id >= OPT__COUNT)
		return xstrdup("");
	return options_text(&options_table[id], options_table[id].def);
}

int
options_bool(enum option_id id)
{
	options_ensure();
	return option_values[id].num != 0;
}

long
options_int(enum option_id id)
{
	options_ensure();
	return option_values[id].num;
}

const char *
options_str(enum option_id id)
{
	options_ensure();
	return option_values[id].text != NULL ? option_values[id].text : "";
}

char * const *
options_argv(enum option_id id)
{
	options_ensure();
	return option_values[id].argv;
}

char *
options_type_text(const struct option_entry *oe)
{
	switch (oe->type) {
	case OPT_TYPE_BOOL:
		return xstrdup("yes|no");
	case OPT_TYPE_INT:
		return xasprintf("%ld-%ld", oe->min, oe->max);
	case OPT_TYPE_ENUM:
		return xstrdup(oe->choices);
	case OPT_TYPE_COMMAND:
		return xstrdup("command");
	case OPT_TYPE_STRING:
		break;
	}
	return xstrdup("text");
}
