/*
 * The interface's language: GNU gettext over the tidende text domain.
 *
 * Mark every user-facing string: _("...") where it is used, N_("...") in
 * a static table (translate it with _() where it is shown), C_("ctx",
 * "...") when one English word means two things ("Read" the verb, "read"
 * the state), ngettext("1 ...", "%d ...", n) for anything counted.
 * Never mark what scripts or files read: option and key names, JSON,
 * TSV, OPML, HTTP, the `tidende: FILE:LINE:` prefix of an error (its
 * reason after the prefix is translated), log lines (-v).
 * A comment starting "TRANSLATORS:" just above a marked string reaches
 * the translators in po/tidende.pot.
 */
#ifndef TIDENDE_I18N_H
#define TIDENDE_I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s)		gettext(s)
#define C_(ctx, s)	i18n_pgettext(ctx "\004" s, s)
#else
#define _(s)		((const char *)(s))
#define C_(ctx, s)	((const char *)(s))
#undef ngettext
#define ngettext(s, p, n)	((n) == 1 ? (const char *)(s) : (const char *)(p))
#endif
#define N_(s)		s
/* A context marker for a static table: translate with C_() later. */
#define NC_(ctx, s)	s

/*
 * Binds the text domain: translations come from $TIDENDE_LOCALEDIR when
 * set (tests, a translation being written), else the configured
 * LOCALEDIR.  Call after setlocale(LC_ALL, "").
 */
void		 i18n_init(void);
/* gettext() with a context: KEY is "CTX\004MSGID"; MSGID when untranslated. */
const char	*i18n_pgettext(const char *key, const char *msgid);

#endif
