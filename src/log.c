/*
 * Debug log to a file.  In a curses program stderr is the screen, so
 * nothing here ever writes to the terminal.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "tidende/log.h"

static FILE *log_file;

void
log_open(const char *path)
{
	int fd;

	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
	/* The log can hold URLs and titles: readable only by its owner. */
	/* O_NONBLOCK: a FIFO no one reads would hold the start for ever */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
	    O_NONBLOCK | O_NOCTTY, 0600)) == -1)
		return;
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if ((log_file = fdopen(fd, "a")) == NULL)
		close(fd);
	if (log_file != NULL)
		setvbuf(log_file, NULL, _IOLBF, 0);
}

void
log_close(void)
{
	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
}

int
log_enabled(void)
{
	return log_file != NULL;
}

static void
log_vwrite(const char *level, const char *fmt, va_list ap)
{
	struct timespec ts;

	if (log_file == NULL)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(log_file, "%lld.%03ld %s ", (long long)ts.tv_sec,
	    ts.tv_nsec / 1000000, level);
	vfprintf(log_file, fmt, ap);
	fputc('\n', log_file);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite("debug", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite("warn", fmt, ap);
	va_end(ap);
}
