/*
 * The action table: names for `bind`, help text for the help screen; and
 * the table of `:` commands (their handlers are the interface's).
 */
#include <string.h>

#include "tidende/request.h"
#include "tidende/words.h"

const struct request_info request_table[] = {
#define REQ_ROW(group, id, name, help) { group, REQ_##id, name, help },
	REQ_INFO(REQ_ROW)
#undef REQ_ROW
};
const unsigned request_table_size = sizeof request_table /
    sizeof request_table[0];

const struct request_command_info request_commands[] = {
#define REQ_CMD_ROW(id, name, args, handler, help) \
	{ REQ_CMD_##id, name, args, help },
	REQ_COMMANDS(REQ_CMD_ROW)
#undef REQ_CMD_ROW
};
const unsigned request_commands_size = sizeof request_commands /
    sizeof request_commands[0];

const struct request_command_info *
request_command_find(const char *name)
{
	unsigned i;

	for (i = 0; i < request_commands_size; i++)
		if (strcmp(request_commands[i].name, name) == 0)
			return &request_commands[i];
	return NULL;
}

enum request
request_find(const char *name)
{
	unsigned i;

	for (i = 0; i < request_table_size; i++)
		if (strcmp(request_table[i].name, name) == 0)
			return request_table[i].req;
	return REQ_NONE;
}

const char *
request_name(enum request req)
{
	unsigned i;

	for (i = 0; i < request_table_size; i++)
		if (request_table[i].req == req)
			return request_table[i].name;
	return "none";
}

const char *
request_suggest(const char *name)
{
	const char *best = NULL;
	unsigned i, d, bestd = 4;

	for (i = 0; i < request_table_size; i++) {
		d = words_distance(name, request_table[i].name);
		if (d < bestd) {
			bestd = d;
			best = request_table[i].name;
		}
	}
	return best;
}
