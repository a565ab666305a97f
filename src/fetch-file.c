/*
 * file:// feeds: the check before a feed starts (fetch_file_check()),
 * and the reader of their bodies.  A file:// body is not read by curl:
 * curl 7.88 reads a file whole, every byte, in the one
 * curl_multi_perform() that starts it (a 54 MB feed held the loop for
 * 55-80 ms, most of it copying what came past the pass's budget into the
 * held buffer, which grew to 64 MB).  curl only looks at the file
 * (NOBODY: open, stat, If-Modified-Since, its errors); fetch then reads
 * the body itself, FETCH_FILE_SLICE bytes a data() call, while the pass
 * has time, as held body is given over (fetch_deliver() in fetch.c), and
 * never more while reads are held, nor while a receiver that parses on
 * another thread (fetch_set_backlog()) has FETCH_FILE_AHEAD bytes to
 * parse.  The job is in fetch-private.h.
 */
#include <sys/stat.h>

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "tidende/fetch.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/xmalloc.h"

#include "fetch-private.h"

#define FETCH_FILE_SLICE	FETCH_HELD_SLICE
/*
 * Bytes of a file:// body read ahead of a receiver that parses on
 * another thread (fetch_set_backlog()): 50 ms of parsing, refilled every
 * FETCH_PACE_MS while it waits.  Without it the whole 54 MB file was
 * queued for the parser within 110 ms and peak RSS was its bytes plus
 * its articles (104-117 MB).
 */
#define FETCH_FILE_AHEAD	((size_t)4 << 20)

/* One slice of a file:// body on its way to data(). */
static char fetch_file_buf[FETCH_FILE_SLICE];

static const char *
fetch_file_kind(mode_t m)
{
	if (S_ISDIR(m))
		return _("a directory");
	if (S_ISFIFO(m))
		return _("a FIFO");
	if (S_ISSOCK(m))
		return _("a socket");
	if (S_ISCHR(m))
		return _("a character device");
	if (S_ISBLK(m))
		return _("a block device");
	return _("not a regular file");
}

/* The decoded path of a file:// URL, or NULL. */
static char *
fetch_file_path(const char *url)
{
	CURLU *u;
	char *path = NULL, *s = NULL;

	if ((u = curl_url()) == NULL)
		fatalx("curl_url failed");
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) ==
	    CURLUE_OK) {
		s = xstrdup(path);
		curl_free(path);
	}
	curl_url_cleanup(u);
	return s;
}

/* Whether a URL is a file:// one (any case, as curl takes it). */
int
fetch_is_file(const char *url)
{
	return strncasecmp(url, "file:", 5) == 0;
}

/*
 * Open a feed file without blocking (a FIFO with no writer would hold
 * open(2) for ever), only if it is a regular file: stat first, to name
 * what it is (open(2) of a socket says "No such device or address"),
 * then look again at what was opened, in case it changed in between.
 * The descriptor, or -1 with *cause set and *s the status.
 */
static int
fetch_file_open_regular(const char *path, enum status *s, char **cause)
{
	struct stat sb;
	int fd;

	if (stat(path, &sb) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		*s = errno == ENOENT ? STATUS_NOT_FOUND : STATUS_IO;
		return -1;
	}
	*s = STATUS_IO;
	if (!S_ISREG(sb.st_mode)) {
		*cause = xasprintf(_("%s: %s, not a feed file"), path,
		    fetch_file_kind(sb.st_mode));
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		*cause = xasprintf(_("%s: %s, not a feed file"), path,
		    fetch_file_kind(sb.st_mode));
		close(fd);
		return -1;
	}
	*s = STATUS_OK;
	return fd;
}

enum status
fetch_file_check(const char *url, char **cause)
{
	char *path;
	enum status s;
	int fd;

	if ((path = fetch_file_path(url)) == NULL) {
		*cause = xstrdup(_("not a valid file:// URL"));
		return STATUS_BAD_CONFIG;
	}
	if ((fd = fetch_file_open_regular(path, &s, cause)) != -1)
		close(fd);
	free(path);
	return s;
}

/*
 * A file:// job's easy handle, after the rest of fetch_setup_easy()
 * (fetch.c): curl only looks at the file, fetch_file_open() and
 * fetch_file_slice() read it.
 */
void
fetch_file_setup(struct fetch_job *j)
{
	CURL *e = j->easy;
	time_t t;

	/* curl opens and stats the file; fetch reads its body */
	j->file_body = 1;
	curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	/* curl's file:// honours a time condition, not headers */
	if (j->last_modified_in != NULL &&
	    (t = curl_getdate(j->last_modified_in, NULL)) > 0) {
		curl_easy_setopt(e, CURLOPT_TIMECONDITION,
		    (long)CURL_TIMECOND_IFMODSINCE);
		curl_easy_setopt(e, CURLOPT_TIMEVALUE_LARGE,
		    (curl_off_t)t);
	}
}

/*
 * curl has looked at a file:// URL (NOBODY): unless it failed or the file
 * is not newer than If-Modified-Since, open the file for fetch_deliver()
 * to read a slice at a time.  1 when the body is to be read (j->file_fd:
 * the caller counts it as held body), 0 when there is none (done()
 * follows at once), -1 when it cannot be opened (errbuf says why).
 */
int
fetch_file_open(struct fetch_job *j)
{
	enum status s;
	char *path, *cause = NULL;
	long unmet = 0;
	int fd;

	curl_easy_getinfo(j->easy, CURLINFO_CONDITION_UNMET, &unmet);
	if (unmet)
		return 0;
	if ((path = fetch_file_path(j->url)) == NULL) {
		snprintf(j->errbuf, sizeof j->errbuf, "%s",
		    _("not a valid file:// URL"));
		return -1;
	}
	/* as fetch_file_check(): it may have changed since curl looked */
	fd = fetch_file_open_regular(path, &s, &cause);
	free(path);
	if (fd == -1) {
		snprintf(j->errbuf, sizeof j->errbuf, "%s", cause);
		free(cause);
		return -1;
	}
	j->file_fd = fd;
	return 1;
}

void
fetch_set_backlog(struct fetch_job *j, size_t (*waiting)(void *), void *arg)
{
	j->waiting = waiting;
	j->waiting_arg = arg;
}

/*
 * Whether a file:// body waits for its receiver, which has
 * FETCH_FILE_AHEAD bytes still to parse: fetch_max_wait() (fetch.c)
 * looks again every FETCH_PACE_MS.
 */
int
fetch_file_paced(const struct fetch_job *j)
{
	return j->file_fd >= 0 && j->waiting != NULL &&
	    j->waiting(j->waiting_arg) >= FETCH_FILE_AHEAD;
}

/*
 * Read one slice of a file:// body and give it to data().  0 while more
 * is to come; 1 once the job has ended (all read, too big, a read error
 * or data() refused) and done() was called.
 */
int
fetch_file_slice(struct fetch_job *j)
{
	ssize_t n;
	CURLcode rc;

	n = read(j->file_fd, fetch_file_buf, sizeof fetch_file_buf);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n > 0) {
		j->bytes += (size_t)n;
		if (j->bytes > j->max_size) {
			j->too_big = 1;
			rc = CURLE_WRITE_ERROR;
			goto end;
		}
		if (!j->body_started) {
			j->body_started = 1;
			fetch_fill_reply(j);
		}
		j->reply.bytes = j->bytes;
		if (j->data == NULL || j->data(&j->reply, fetch_file_buf,
		    (size_t)n, j->arg) == 0)
			return 0;
		j->refused = 1;
		rc = CURLE_WRITE_ERROR;
		goto end;
	}
	if (n == -1) {
		snprintf(j->errbuf, sizeof j->errbuf, "%s", strerror(errno));
		rc = CURLE_READ_ERROR;
	} else
		rc = j->ended_rc;
end:
	fetch_release(j);
	fetch_result(j, rc);
	log_debug("fetch: done %s: %s (read by fetch, %zu bytes)", j->url,
	    j->reply.error != NULL ? j->reply.error : "ok", j->bytes);
	fetch_finish(j);
	return 1;
}
