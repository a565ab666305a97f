/*
 * Messages for enum status.
 */
#include "tidende/i18n.h"
#include "tidende/status.h"

static const char *status_messages[] = {
#define STATUS_MSG(id, msg) msg,
	STATUS_INFO(STATUS_MSG)
#undef STATUS_MSG
};

const char *
status_message(enum status s)
{
	if ((unsigned)s >= sizeof status_messages / sizeof status_messages[0])
		return _("unknown status");
	return _(status_messages[s]);
}
