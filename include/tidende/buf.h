/*
 * Growable byte strings.  A struct buf is always NUL-terminated once
 * anything was added; buf_detach() hands the string to the caller.
 */
#ifndef TIDENDE_BUF_H
#define TIDENDE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { NULL, 0, 0 }

void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);		/* len = 0, keeps memory */
void	 buf_grow(struct buf *, size_t);	/* room for n more bytes */
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* The string (never NULL: "" when empty); the buf is reset to empty. */
char	*buf_detach(struct buf *);
/* The current contents as a C string (never NULL). */
const char *buf_str(struct buf *);

/*
 * Open a file the user named (a config, an include, an OPML or feed file
 * to read) for reading, never blocking: a regular file, /dev/null (the
 * empty file), or a pipe a program already writes to (`-c <(...)`,
 * /dev/stdin from a pipe).  A named FIFO (its open(2) waits for a writer
 * that may never come), a terminal or other device, a socket or a
 * directory is refused: -2 and *why "not a regular file"; -1 and *why
 * ("is a directory", strerror) when it cannot be read.  The descriptor
 * is blocking, close-on-exec.
 */
int	 buf_open_user_file(const char *path, const char **why);

#endif
