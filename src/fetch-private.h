/*
 * Private to the transfers (src/fetch*.c): a job and what the parts of
 * fetch share.  Nothing outside fetch*.c includes this; callers use
 * tidende/fetch.h.
 *   fetch.c       the multi handle, the queue and its limits, the loop's
 *                 waiter, headers, body held for the next pass, results
 *   fetch-file.c  file:// feeds: curl only looks at the file, fetch reads
 *                 its body a slice a data() call, paced to the receiver
 */
#ifndef TIDENDE_FETCH_PRIVATE_H
#define TIDENDE_FETCH_PRIVATE_H

#include <curl/curl.h>
#include <stddef.h>
#include <stdint.h>

#include "tidende/fetch.h"
#include "tidende/status.h"

#define FETCH_HELD_SLICE	(64 * 1024) /* bytes of held body per data() */
/* ms between looks at a file whose receiver is FETCH_FILE_AHEAD behind */
#define FETCH_PACE_MS		2

struct fetch_job {
	struct fetch_job *prev, *next;	/* queue or active list */
	int		 active;

	char		*url;
	char		*etag_in;
	char		*last_modified_in;
	size_t		 max_size;
	char		*post;		/* request body of a POST, or NULL */
	size_t		 post_len;
	char		*post_type;
	char		**extra;	/* extra headers, NULL-terminated */
	int		 http_only;
	int		 cheap_data;	/* never_pause: data() only copies */
	char		*accept;
	long		 timeout;
	int		(*data)(const struct fetch_reply *, const char *,
			    size_t, void *);
	void		(*done)(const struct fetch_reply *, void *);
	void		*arg;

	char		*host;		/* for the per-host limit */
	size_t		 hostn;		/* its fetch.hosts entry, or SIZE_MAX */
	CURL		*easy;
	struct curl_slist *headers;
	char		 errbuf[CURL_ERROR_SIZE];

	/* what the current (last) response said */
	int		 status_line;	/* code of the last status line */
	int		 redirects;
	int		 all_permanent;
	char		*content_type;
	char		*charset;
	char		*etag;
	char		*last_modified;

	size_t		 bytes;
	/*
	 * Body held back for the next pass (held[held_off..held_len)): it
	 * arrived once the pass had used its time.  Never more than
	 * max_size: bytes counts it as it arrives.
	 */
	char		*held;
	size_t		 held_len;
	size_t		 held_off;
	size_t		 held_cap;
	int		 in_multi;	/* easy handle added to the multi */
	int		 file_body;	/* file://: fetch reads the body itself */
	int		 file_fd;	/* that body still to read, or -1 */
	size_t		(*waiting)(void *);	/* fetch_set_backlog() */
	void		*waiting_arg;
	int		 ended;		/* curl is done; held body still to go */
	CURLcode	 ended_rc;
	int		 body_started;
	int		 too_big;
	int		 refused;	/* data() asked to stop */
	int64_t		 started_us;	/* loop_now_us() when it started */
	struct fetch_reply reply;
};

/* fetch.c */
void		 fetch_fill_reply(struct fetch_job *);
void		 fetch_release(struct fetch_job *);
void		 fetch_result(struct fetch_job *, CURLcode);
void		 fetch_finish(struct fetch_job *);

/* fetch-file.c: file:// feeds */
int		 fetch_is_file(const char *);
void		 fetch_file_setup(struct fetch_job *);
int		 fetch_file_open(struct fetch_job *);
int		 fetch_file_paced(const struct fetch_job *);
int		 fetch_file_slice(struct fetch_job *);

#endif
