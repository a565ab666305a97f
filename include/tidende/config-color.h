/*
 * Colours of the config's `color ELEMENT FOREGROUND BACKGROUND
 * [ATTRIBUTE ...]` lines: the elements, colour and attribute names.
 * What is configured is in struct config (config_color(), config.h).
 */
#ifndef TIDENDE_CONFIG_COLOR_H
#define TIDENDE_CONFIG_COLOR_H

/*
 * Colours are -1 (the terminal's default) or 0-255 (black..white are 0-7,
 * bright-black..bright-white 8-15, colorN any); the interface maps the
 * attributes to curses' A_* values.
 */
#define COLOR_ELEMENTS(_) \
	_(NORMAL, "normal", "text with no colour of its own") \
	_(TITLE, "title", "the title bar at the top") \
	_(STATUS, "status", "the status line at the bottom") \
	_(SELECTED, "selected", "the selected line") \
	_(UNREAD, "unread", "unread articles and feeds with unread articles") \
	_(STARRED, "starred", "the star of starred articles") \
	_(FEED, "feed", "feed names in lists") \
	_(TAG, "tag", "tags in the sidebar") \
	_(DATE, "date", "dates in lists") \
	_(HEADER, "header", "the header lines of an article") \
	_(LINK, "link", "links in an article") \
	_(QUOTE, "quote", "quoted text in an article") \
	_(CODE, "code", "preformatted text in an article") \
	_(ERROR, "error", "errors: failed feeds, bad commands") \
	_(MATCH, "match", "search matches") \
	_(SIDEBAR, "sidebar", "the feeds and tags sidebar") \
	_(PROMPT, "prompt", "the : and / prompt")

enum color_element {
#define COLOR_ENUM(id, name, help) COLOR_EL_##id,
	COLOR_ELEMENTS(COLOR_ENUM)
#undef COLOR_ENUM
	COLOR_EL__COUNT
};

#define COLOR_DEFAULT		-1
#define COLOR_ATTR_BOLD		0x01
#define COLOR_ATTR_DIM		0x02
#define COLOR_ATTR_UNDERLINE	0x04
#define COLOR_ATTR_REVERSE	0x08
#define COLOR_ATTR_BLINK	0x10
#define COLOR_ATTR_ITALIC	0x20
#define COLOR_ATTR_STANDOUT	0x40

struct color_rule {
	int	 set;		/* 0: no `color` line for this element */
	int	 fg;		/* COLOR_DEFAULT or 0-255 */
	int	 bg;
	int	 attrs;		/* COLOR_ATTR_* */
};

/* By name ("title"); -1 when unknown. */
int		 config_color_find(const char *name);
const char	*config_color_name(enum color_element);
/* A colour name ("red", "color123", "default") as -1..255; -2 unknown. */
int		 config_color_parse(const char *);
/* A colour as it would be written in the config (static buffer). */
const char	*config_color_text(int);
/* An attribute name ("bold") as its COLOR_ATTR_* flag; -1 unknown. */
int		 config_color_attr(const char *);

#endif
