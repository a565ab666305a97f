/*
 * i18n.c: binding the tidende text domain (see include/tidende/i18n.h).
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/i18n.h"

void
i18n_init(void)
{
#ifdef ENABLE_NLS
	const char *dir = getenv("TIDENDE_LOCALEDIR");

	if (dir == NULL || *dir == '\0')
		dir = LOCALEDIR;
	bindtextdomain(PACKAGE, dir);
	/* The program works in UTF-8 whatever the locale's charset says. */
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
#endif
}

const char *
i18n_pgettext(const char *key, const char *msgid)
{
#ifdef ENABLE_NLS
	const char *t = dgettext(PACKAGE, key);

	return t == key ? msgid : t;
#else
	(void)key;
	return msgid;
#endif
}
