/*
 * XDG base directory paths, one lookup for the config, the cache, the
 * log and the search history.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/log.h"
#include "tidende/xdg.h"
#include "tidende/xmalloc.h"

/* mkdir -p with mode 0700 for every directory created. */
static void
xdg_make_dirs(char *path)
{
	char *p;

	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST)
			log_warn("mkdir %s: %s", path, strerror(errno));
		*p = '/';
	}
}

char *
xdg_find(const char *kind, const char *name)
{
	static const struct {
		const char *kind, *env, *fallback;
	} xdg[] = {
		{ "CONFIG", "XDG_CONFIG_HOME", ".config" },
		{ "DATA", "XDG_DATA_HOME", ".local/share" },
		{ "STATE", "XDG_STATE_HOME", ".local/state" },
		{ "CACHE", "XDG_CACHE_HOME", ".cache" },
	};
	const char *base = NULL, *home;
	size_t i;

	for (i = 0; i < sizeof xdg / sizeof xdg[0]; i++)
		if (strcmp(xdg[i].kind, kind) == 0)
			break;
	if (i == sizeof xdg / sizeof xdg[0])
		fatalx("xdg_path: bad kind %s", kind);
	base = getenv(xdg[i].env);
	/* XDG says relative paths are invalid and must be ignored. */
	if (base != NULL && base[0] == '/')
		return xasprintf("%s/tidende/%s", base, name);
	if ((home = getenv("HOME")) == NULL || *home == '\0')
		home = ".";
	return xasprintf("%s/%s/tidende/%s", home, xdg[i].fallback, name);
}

char *
xdg_path(const char *kind, const char *name)
{
	char *path = xdg_find(kind, name);

	xdg_make_dirs(path);
	return path;
}
