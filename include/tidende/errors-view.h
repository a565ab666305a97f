/*
 * The feeds whose last refresh failed, with why; Enter shows the feed.
 */
#ifndef TIDENDE_ERRORS_VIEW_H
#define TIDENDE_ERRORS_VIEW_H

#include "tidende/view.h"

extern const struct view_ops errors_view_ops;

#endif
