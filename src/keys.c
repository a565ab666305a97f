/*
 * Key names <-> curses key codes, and the key map from keys to requests.
 * The map is filled by `bind` lines (the built-in config first), kept in
 * binding order so the help screen lists keys as they were written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "tidende/buf.h"
#include "tidende/keys.h"
#include "tidende/utf8.h"
#include "tidende/words.h"
#include "tidende/xmalloc.h"

static const struct {
	const char	*name;
	int		 key;
} keys_names[] = {
	/* The first name for a key is the one shown. */
	{ "Enter",	'\n' },
	{ "Return",	'\n' },
	{ "Space",	' ' },
	{ "Tab",	'\t' },
	{ "Esc",	27 },
	{ "Escape",	27 },
	{ "Backspace",	KEY_BACKSPACE },
	{ "BSpace",	KEY_BACKSPACE },
	{ "Down",	KEY_DOWN },
	{ "Up",		KEY_UP },
	{ "Left",	KEY_LEFT },
	{ "Right",	KEY_RIGHT },
	{ "PgDn",	KEY_NPAGE },
	{ "PageDown",	KEY_NPAGE },
	{ "NPage",	KEY_NPAGE },
	{ "PgUp",	KEY_PPAGE },
	{ "PageUp",	KEY_PPAGE },
	{ "PPage",	KEY_PPAGE },
	{ "Home",	KEY_HOME },
	{ "End",	KEY_END },
	{ "Insert",	KEY_IC },
	{ "Delete",	KEY_DC },
	{ "BTab",	KEY_BTAB },
	{ "S-Tab",	KEY_BTAB },
};
#define KEYS_NNAMES (sizeof keys_names / sizeof keys_names[0])

struct keys_binding {
	int		 key;
	enum request	 req;		/* REQ_NONE when line is set */
	char		*line;		/* a `:` command (bind KEY exec ...) */
};

static struct keys_binding	*keys_map;
static size_t			 keys_nmap;
static size_t			 keys_cap;

/* Different codes for one key become one. */
static int
keys_normalize(int key)
{
	if (key != -1 && (key & KEYS_META))
		return keys_normalize(key & ~KEYS_META) | KEYS_META;
	switch (key) {
	case '\r':
	case KEY_ENTER:
		return '\n';
	case 127:
		return KEY_BACKSPACE;
	}
	return key;
}

int
keys_parse(const char *name)
{
	uint32_t cp;
	size_t i, len, n;
	long f;
	char *end;

	if (name == NULL || *name == '\0')
		return -1;
	len = strlen(name);

	/* M-x, Alt-x: Meta with any other key. */
	if (len > 2 && (name[0] == 'M' || name[0] == 'm') && name[1] == '-')
		n = 2;
	else if (len > 4 && strncasecmp(name, "Alt-", 4) == 0)
		n = 4;
	else
		n = 0;
	if (n != 0) {
		f = keys_parse(name + n);
		if (f == -1 || (f & KEYS_META))
			return -1;
		return (int)f | KEYS_META;
	}

	/* One character: itself ("j", "?", "/", "å"). */
	n = utf8_decode(name, len, &cp);
	if (n == len && n > 0) {
		if (cp == 0 || cp == 0xfffd || (cp < 32 && cp != '\t') ||
		    cp == 127)
			return -1;
		return keys_normalize((int)cp);
	}

	for (i = 0; i < KEYS_NNAMES; i++)
		if (strcasecmp(keys_names[i].name, name) == 0)
			return keys_names[i].key;

	/* F1-F63. */
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' &&
	    name[1] <= '9') {
		f = strtol(name + 1, &end, 10);
		if (*end == '\0' && f >= 1 && f <= 63)
			return KEY_F(f);
		return -1;
	}

	/* C-a, Ctrl-a, ^A. */
	if (name[0] == '^' && len == 2)
		name += 1;
	else if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' &&
	    len == 3)
		name += 2;
	else if (strncasecmp(name, "Ctrl-", 5) == 0 && len == 6)
		name += 5;
	else
		return -1;
	if (*name >= 'a' && *name <= 'z')
		return *name - 'a' + 1;
	if (*name >= 'A' && *name <= 'Z')
		return *name - 'A' + 1;
	/* C-[ is Esc, C-] C-\ C-^ C-_ too rare to name. */
	if (*name == '[')
		return 27;
	return -1;
}

const char *
keys_name(int key)
{
	static char buf[40];
	char inner[32];
	size_t i, n;

	if (key != -1 && (key & KEYS_META)) {
		/* keys_name(inner) may use buf too: copy it first. */
		snprintf(inner, sizeof inner, "%s",
		    keys_name(key & ~KEYS_META));
		snprintf(buf, sizeof buf, "M-%s", inner);
		return buf;
	}
	key = keys_normalize(key);
	for (i = 0; i < KEYS_NNAMES; i++)
		if (keys_names[i].key == key)
			return keys_names[i].name;
	if (key >= KEY_F(1) && key <= KEY_F(63)) {
		snprintf(buf, sizeof buf, "F%d", key - KEY_F(0));
		return buf;
	}
	if (key >= 1 && key <= 26) {
		snprintf(buf, sizeof buf, "C-%c", 'a' + key - 1);
		return buf;
	}
	if (key > 32 && key < 0x110000 && key != 127 &&
	    !(key >= 0x80 && key < 0xa0)) {
		n = utf8_encode((uint32_t)key, buf);
		buf[n] = '\0';
		return buf;
	}
	snprintf(buf, sizeof buf, "<%d>", key);
	return buf;
}

static void
keys_bind_either(int key, enum request req, const char *line)
{
	size_t i;

	key = keys_normalize(key);
	for (i = 0; i < keys_nmap; i++) {
		if (keys_map[i].key == key) {
			free(keys_map[i].line);
			keys_map[i].req = req;
			keys_map[i].line = line != NULL ? xstrdup(line) : NULL;
			return;
		}
	}
	if (keys_nmap == keys_cap) {
		keys_cap = keys_cap == 0 ? 64 : keys_cap * 2;
		keys_map = xreallocarray(keys_map, keys_cap, sizeof *keys_map);
	}
	keys_map[keys_nmap].key = key;
	keys_map[keys_nmap].req = req;
	keys_map[keys_nmap].line = line != NULL ? xstrdup(line) : NULL;
	keys_nmap++;
}

void
keys_bind(int key, enum request req)
{
	if (req == REQ_NONE)
		keys_unbind(key);
	else
		keys_bind_either(key, req, NULL);
}

void
keys_bind_command(int key, const char *line)
{
	keys_bind_either(key, REQ_NONE, line);
}

const char *
keys_command(int key)
{
	size_t i;

	key = keys_normalize(key);
	for (i = 0; i < keys_nmap; i++)
		if (keys_map[i].key == key)
			return keys_map[i].line;
	return NULL;
}

void
keys_unbind(int key)
{
	size_t i;

	key = keys_normalize(key);
	for (i = 0; i < keys_nmap; i++) {
		if (keys_map[i].key == key) {
			free(keys_map[i].line);
			memmove(&keys_map[i], &keys_map[i + 1],
			    (keys_nmap - i - 1) * sizeof *keys_map);
			keys_nmap--;
			return;
		}
	}
}

void
keys_clear(void)
{
	size_t i;

	for (i = 0; i < keys_nmap; i++)
		free(keys_map[i].line);
	free(keys_map);
	keys_map = NULL;
	keys_nmap = keys_cap = 0;
}

enum request
keys_lookup(int key)
{
	size_t i;

	key = keys_normalize(key);
	for (i = 0; i < keys_nmap; i++)
		if (keys_map[i].key == key)
			return keys_map[i].req;
	return REQ_NONE;
}

char *
keys_for_request(enum request req)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < keys_nmap; i++) {
		if (keys_map[i].req != req)
			continue;
		if (b.len != 0)
			buf_adds(&b, ", ");
		buf_adds(&b, keys_name(keys_map[i].key));
	}
	if (b.s == NULL)
		return xstrdup("");
	return buf_detach(&b);
}

const char *
keys_suggest(const char *name)
{
	static const char *extra[] = { "F1", "F12", "C-a", "C-l", "M-x" };
	const char *best = NULL;
	unsigned d, bestd = 3;
	size_t i;

	if (strlen(name) < 3)
		return NULL;
	for (i = 0; i < KEYS_NNAMES; i++) {
		d = words_distance(name, keys_names[i].name);
		if (d < bestd) {
			bestd = d;
			best = keys_names[i].name;
		}
	}
	for (i = 0; best == NULL && i < sizeof extra / sizeof extra[0]; i++)
		if (strncasecmp(name, extra[i], 2) == 0)
			best = extra[i];
	return best;
}

size_t
keys_count(void)
{
	return keys_nmap;
}

int
keys_get(size_t i, enum request *req)
{
	if (i >= keys_nmap)
		return -1;
	if (req != NULL)
		*req = keys_map[i].req;
	return keys_map[i].key;
}
