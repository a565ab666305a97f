/*
 * The help screen, built from the action table, the live key bindings
 * and the `:` command table (request.h).
 */
#ifndef TIDENDE_HELP_VIEW_H
#define TIDENDE_HELP_VIEW_H

#include "tidende/view.h"

extern const struct view_ops help_view_ops;

#endif
