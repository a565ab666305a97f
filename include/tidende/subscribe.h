/*
 * Adding one feed to the user's config file (`tidende add`, `:add`): the
 * `feed` line as import-opml writes it (opml_feed_line()), read back
 * before it is written, appended so the file's comments and layout stay
 * as they were.  Stands on config and opml; knows nothing of the network.
 */
#ifndef TIDENDE_SUBSCRIBE_H
#define TIDENDE_SUBSCRIBE_H

#include <stddef.h>

#include "tidende/config.h"
#include "tidende/status.h"

/*
 * Add url (title NULL: the feed's own; tags) to cfg and append its line
 * to the file at path (created user-only when missing).  A feed cfg has
 * already: STATUS_OK, *known set, nothing written.  While cfg's feeds
 * are the built-in list (no file, or a file without `feed` lines), the
 * built-in `feed` lines are written first (*seeded set), so the first
 * feed of one's own does not silently drop them.  Errors: STATUS_BAD_CONFIG
 * (the line would not read back) or STATUS_IO, with *cause in one line.
 */
enum status	 subscribe_config(struct config *cfg, const char *path,
		    const char *url, const char *title, char *const *tags,
		    size_t ntags, int *known, int *seeded, char **cause);

#endif
