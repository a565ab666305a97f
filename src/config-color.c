/*
 * Colour, element and attribute names of the config's `color` lines
 * (COLOR_ELEMENTS in tidende/config-color.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidende/config-color.h"

static const char *color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

static const struct {
	const char	*name;
	int		 flag;
} color_attrs[] = {
	{ "bold", COLOR_ATTR_BOLD },
	{ "dim", COLOR_ATTR_DIM },
	{ "underline", COLOR_ATTR_UNDERLINE },
	{ "reverse", COLOR_ATTR_REVERSE },
	{ "blink", COLOR_ATTR_BLINK },
	{ "italic", COLOR_ATTR_ITALIC },
	{ "standout", COLOR_ATTR_STANDOUT },
	{ "normal", 0 },
};

static const char *color_element_names[] = {
#define COLOR_NAME(id, name, help) name,
	COLOR_ELEMENTS(COLOR_NAME)
#undef COLOR_NAME
};

int
config_color_find(const char *name)
{
	int i;

	for (i = 0; i < COLOR_EL__COUNT; i++)
		if (strcmp(color_element_names[i], name) == 0)
			return i;
	return -1;
}

const char *
config_color_name(enum color_element el)
{
	if ((unsigned)el >= COLOR_EL__COUNT)
		return "?";
	return color_element_names[el];
}

int
config_color_parse(const char *s)
{
	const char *p = s;
	long n;
	char *end;
	size_t i;

	if (strcasecmp(s, "default") == 0)
		return COLOR_DEFAULT;
	if (strncasecmp(s, "bright-", 7) == 0)
		p = s + 7;
	else if (strncasecmp(s, "bright", 6) == 0)
		p = s + 6;
	for (i = 0; i < 8; i++)
		if (strcasecmp(p, color_names[i]) == 0)
			return (int)i + (p != s ? 8 : 0);
	if (strncasecmp(s, "color", 5) == 0 && s[5] >= '0' && s[5] <= '9') {
		n = strtol(s + 5, &end, 10);
		if (*end == '\0' && n >= 0 && n <= 255)
			return (int)n;
	}
	return -2;
}

const char *
config_color_text(int c)
{
	static char buf[32];

	if (c < 0)
		return "default";
	if (c < 8)
		return color_names[c];
	if (c < 16) {
		snprintf(buf, sizeof buf, "bright-%s", color_names[c - 8]);
		return buf;
	}
	snprintf(buf, sizeof buf, "color%d", c);
	return buf;
}

int
config_color_attr(const char *name)
{
	size_t k;

	for (k = 0; k < sizeof color_attrs / sizeof color_attrs[0]; k++)
		if (strcasecmp(name, color_attrs[k].name) == 0)
			return color_attrs[k].flag;
	return -1;
}
