/*
 * Allocation that cannot fail: on exhaustion the program restores the
 * terminal and exits.  Returned pointers are owned by the caller.
 */
#ifndef TIDENDE_XMALLOC_H
#define TIDENDE_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* xstrdup(NULL) is an error; xstrdup0 passes NULL through. */
char	*xstrdup0(const char *);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

/* Called by fatal()/fatalx() before exiting, e.g. to restore the terminal. */
void	 xmalloc_set_die_callback(void (*)(void));
void	 fatal(const char *, ...) __attribute__((noreturn, format(printf, 1, 2)));
void	 fatalx(const char *, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
