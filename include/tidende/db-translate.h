/*
 * Cached translations of articles, per translate command.
 */
#ifndef TIDENDE_DB_TRANSLATE_H
#define TIDENDE_DB_TRANSLATE_H

#include <stdint.h>

#include "tidende/db.h"
#include "tidende/status.h"

/* STATUS_NOT_FOUND when no cached translation for (item, command). */
enum status	 db_translate_get(struct db *, int64_t item_id,
		    const char *command, char **text);
/* Not stored: STATUS_DB with *cause naming the cache and why (cause
 * NULL: only logged). */
enum status	 db_translate_put(struct db *, int64_t item_id,
		    const char *command, const char *text, char **cause);

#endif
