/*
 * Shared by the Google Reader backend's two files: the requests and
 * steps (sync-greader.c) and the reading of ids and replies
 * (sync-greader-read.c, whose readers sync-private.h also names for the
 * unit test).
 */
#ifndef TIDENDE_SYNC_GREADER_PRIVATE_H
#define TIDENDE_SYNC_GREADER_PRIVATE_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>

#include "tidende/buf.h"

#define GR_IDS_PAGE	1000	/* itemRefs a call (Inoreader's most) */
#define GR_BATCH	250	/* i= a contents POST (PHP takes 1000 fields) */
#define GR_JSON_DEPTH	32
#define GR_MAX_AUTH	1024
#define GR_MAX_TOKEN	1024
#define GR_MAX_CONT	1024	/* a continuation's bytes */
#define GR_MAX_STREAM	4096	/* a feed's stream id */
#define GR_MAX_IDS	1000000	/* ids of one list */
#define GR_MAX_PAGES	5000	/* pages of one list */
#define GR_CURSOR_BACK	300	/* seconds the new listing reaches back */

#define GR_LONG		"tag:google.com,2005:reader/item/"
#define GR_ST_READ	"user/-/state/com.google/read"
#define GR_ST_STARRED	"user/-/state/com.google/starred"
#define GR_ST_LIST	"user/-/state/com.google/reading-list"
#define GR_FORM		"application/x-www-form-urlencoded"

struct gr_ids {
	uint64_t	*v;
	size_t		 n, cap;
};

int	 sync_greader_decimal(const char *s, size_t len, uint64_t *out);
void	 sync_greader_enc(struct buf *b, const char *s);
void	 sync_greader_ids_add(struct gr_ids *l, uint64_t v);
void	 sync_greader_ids_free(struct gr_ids *l);
void	 sync_greader_ids_sort(struct gr_ids *l);
int	 sync_greader_ids_has(const struct gr_ids *l, uint64_t v);
int64_t	 sync_greader_int(json_object *o, const char *key);
json_object	*sync_greader_json(const char *reply, size_t len);
const char	*sync_greader_str(json_object *o, const char *key, size_t *len);
char	*sync_greader_token_value(const char *reply, size_t len);

#endif
