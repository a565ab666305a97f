/*
 * The action table: names for `bind`, help text for the help screen.
 */
#include <string.h>

#include "tidende/request.h"

const struct request_info request_table[] = {
#define REQ_ROW(group, id, name, help) { group, REQ_##id, name, help },
	REQ_INFO(REQ_ROW)
#undef REQ_ROW
};
const unsigned request_table_size = sizeof request_table /
    sizeof request_table[0];

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

/* Levenshtein distance, bounded to short names. */
static unsigned
edit_distance(const char *a, const char *b)
{
	unsigned d[64][64], i, j, la = strlen(a), lb = strlen(b);

	if (la >= 64 || lb >= 64)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			unsigned c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			d[i][j] = c;
		}
	return d[la][lb];
}

const char *
request_suggest(const char *name)
{
	const char *best = NULL;
	unsigned i, d, bestd = 4;

	for (i = 0; i < request_table_size; i++) {
		d = edit_distance(name, request_table[i].name);
		if (d < bestd) {
			bestd = d;
			best = request_table[i].name;
		}
	}
	return best;
}
