/* Placeholder: the cache area replaces this with the SQLite store. */
#include <stdlib.h>

#include "tidende/db.h"
#include "tidende/xmalloc.h"

enum status
db_open(const char *path, int flags, struct db **out, char **cause)
{
	*cause = xstrdup("cache not built yet");
	return STATUS_DB;
}

void
db_close(struct db *db)
{
}

enum status
db_feed_sync(struct db *db, const char *url, const char *title,
    char *const *tags, size_t ntags, int64_t *id, char **cause)
{
	*cause = xstrdup("cache not built yet");
	return STATUS_DB;
}
