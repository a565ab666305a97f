/*
 * Growable byte strings for text of any length (titles, content, JSON).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tidende/buf.h"
#include "tidende/i18n.h"
#include "tidende/xmalloc.h"

void
buf_init(struct buf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
}

void
buf_free(struct buf *b)
{
	free(b->s);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

void
buf_grow(struct buf *b, size_t n)
{
	size_t need = b->len + n + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->s = xrealloc(b->s, b->cap);
	b->s[b->len] = '\0';	/* terminated even when nothing is added */
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n != 0)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		fatalx("buf_vprintf: bad format");
	buf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
buf_detach(struct buf *b)
{
	char *s = b->s != NULL ? b->s : xstrdup("");

	buf_init(b);
	return s;
}

const char *
buf_str(struct buf *b)
{
	return b->s != NULL ? b->s : "";
}

/* Whether sb is a pipe made by pipe(2) (its file system is the pipes'). */
static int
buf_is_anon_pipe(const struct stat *sb)
{
	static int known;
	static dev_t pipe_dev;
	struct stat ps;
	int p[2];

	if (!S_ISFIFO(sb->st_mode))
		return 0;
	if (!known) {
		if (pipe(p) == -1)
			return 0;
		if (fstat(p[0], &ps) == 0) {
			pipe_dev = ps.st_dev;
			known = 1;
		}
		close(p[0]);
		close(p[1]);
		if (!known)
			return 0;
	}
	return sb->st_dev == pipe_dev;
}

int
buf_open_user_file(const char *path, const char **why)
{
	struct stat sb, null;
	int fd;

	/* O_NONBLOCK: a FIFO with no writer would hold open(2) for ever */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC)) == -1) {
		*why = strerror(errno);
		return -1;
	}
	if (fstat(fd, &sb) == -1) {
		*why = strerror(errno);
		close(fd);
		return -1;
	}
	if (S_ISDIR(sb.st_mode)) {
		*why = _("is a directory");
		close(fd);
		return -1;
	}
	if (!S_ISREG(sb.st_mode) && !buf_is_anon_pipe(&sb) &&
	    !(S_ISCHR(sb.st_mode) && stat("/dev/null", &null) == 0 &&
	    S_ISCHR(null.st_mode) && sb.st_rdev == null.st_rdev)) {
		*why = _("not a regular file");
		close(fd);
		return -2;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == -1) {
		*why = strerror(errno);
		close(fd);
		return -1;
	}
	return fd;
}
