/*
 * Words of a line by the config's quoting rules (the config file, `:`
 * commands, COMMAND options and exec: feeds all split lines this way),
 * and the edit distance used for "did you mean" suggestions.
 */
#include <stdlib.h>
#include <string.h>

#include "tidende/buf.h"
#include "tidende/i18n.h"
#include "tidende/words.h"
#include "tidende/xmalloc.h"

void
words_tokens_free(struct words_token *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(w[i].s);
	free(w);
}

/*
 * Split a line into words: white space separates, double quotes group
 * (also in the middle of a word: key="a b"), a backslash takes the next
 * character as it is.  With comments, `#` at the start of a word begins
 * a comment.  *end is where the text before any comment ends.
 */
enum status
words_tokenize(const char *line, int comments, struct words_token **out,
    size_t *nout, const char **end, char **cause)
{
	struct words_token *w = NULL;
	struct buf b = BUF_INIT;
	const char *p = line, *last = line;
	size_t n = 0, cap = 0;
	int inq, any;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p == '\0' || (comments && *p == '#'))
			break;
		if (n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			w = xreallocarray(w, cap, sizeof *w);
		}
		memset(&w[n], 0, sizeof w[n]);
		w[n].raw = p;
		w[n].quoted = (*p == '"');
		buf_reset(&b);
		inq = any = 0;
		for (; *p != '\0'; p++) {
			if (!inq && (*p == ' ' || *p == '\t' || *p == '\r' ||
			    *p == '\n'))
				break;
			if (*p == '"') {
				inq = !inq;
				any = 1;
				continue;
			}
			if (*p == '\\') {
				if (p[1] == '\0') {
					*cause = xstrdup(_("backslash at the "
					    "end of the line"));
					goto fail;
				}
				p++;
				buf_addc(&b, *p);
				continue;
			}
			if (*p == '=' && !inq && !any && w[n].key == 0)
				w[n].key = b.len + 1;
			buf_addc(&b, *p);
		}
		if (inq) {
			*cause = xstrdup(_("a double quote is not closed"));
			goto fail;
		}
		w[n].s = xstrndup(b.s != NULL ? b.s : "", b.len);
		n++;
		last = p;
	}
	buf_free(&b);
	*out = w;
	*nout = n;
	if (end != NULL)
		*end = last;
	return STATUS_OK;

fail:
	buf_free(&b);
	words_tokens_free(w, n);
	return STATUS_BAD_CONFIG;
}

char **
words_split(const char *line, size_t *nout)
{
	struct words_token *w;
	char **argv, *cause = NULL;
	size_t n, i;

	if (words_tokenize(line, 0, &w, &n, NULL, &cause) != STATUS_OK) {
		free(cause);
		return NULL;
	}
	argv = xcalloc(n + 1, sizeof *argv);
	for (i = 0; i < n; i++) {
		argv[i] = w[i].s;
		w[i].s = NULL;
	}
	words_tokens_free(w, n);
	if (nout != NULL)
		*nout = n;
	return argv;
}

void
words_free(char **argv)
{
	char **p;

	if (argv == NULL)
		return;
	for (p = argv; *p != NULL; p++)
		free(*p);
	free(argv);
}

/* Levenshtein distance for short names; large when either is long. */
unsigned
words_distance(const char *a, const char *b)
{
	unsigned d[48][48], i, j, la = strlen(a), lb = strlen(b), c;

	if (la >= 48 || lb >= 48)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			d[i][j] = c;
		}
	}
	return d[la][lb];
}
