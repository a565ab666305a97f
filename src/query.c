/*
 * The search syntax to SQL: a small hand-written tokenizer that quotes
 * every word itself (so nothing the user types is FTS5 or SQL syntax),
 * groups words joined by OR, and turns filters into SQL conditions with
 * bound parameters.  Mistakes give a short message, never an SQL error.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tidende/buf.h"
#include "tidende/i18n.h"
#include "tidende/query.h"
#include "tidende/xmalloc.h"

/*
 * While typing, the last word matches as a prefix once it has this many
 * characters: "f*" would match most of the cache and cost accordingly.
 */
#define QUERY_PREFIX_MIN	3
/*
 * What one search may cost: 8,000 quoted phrases took 1 GB in the index's
 * query, 8,000 plain words 3.4 s.  No one types more than this.
 */
#define QUERY_MAX_LEN		4096	/* bytes */
#define QUERY_MAX_TERMS		64	/* words, phrases and filters */

/* One token of the query as the user wrote it. */
struct qtok {
	char	*key;		/* filter name (feed, tag, ...) or NULL */
	char	*text;		/* word, phrase or filter value */
	int	 quoted;
	int	 prefix;
	int	 negated;
	int	 is_or;		/* the bare word OR */
};

struct qparse {
	struct qtok	*toks;
	size_t		 ntoks;
	struct buf	 where;
	struct buf	 pos;		/* AND of OR-groups */
	struct buf	 neg;		/* OR of negated terms */
	struct query	*q;
	int64_t		 now;
};

/*
 * The bytes of the space at p: an ASCII one, or the ideographic space
 * U+3000 that Japanese input methods type between words (the index reads
 * it as a space too); 0 when p is no space.
 */
static size_t
query_space(const char *p)
{
	if (isspace((unsigned char)*p))
		return 1;
	return (unsigned char)p[0] == 0xe3 && (unsigned char)p[1] == 0x80 &&
	    (unsigned char)p[2] == 0x80 ? 3 : 0;
}

/* Whether text[0..p) ends with a space. */
static int
query_space_before(const char *text, const char *p)
{
	return p > text && (isspace((unsigned char)p[-1]) ||
	    (p - text >= 3 && query_space(p - 3) == 3));
}

int
query_is_empty(const char *text)
{
	size_t k;

	if (text == NULL)
		return 1;
	while (*text != '\0') {
		if ((k = query_space(text)) == 0)
			return 0;
		text += k;
	}
	return 1;
}

/* True when s has a letter or digit (anything the tokenizer keeps). */
static int
query_has_word(const char *s)
{
	for (; *s != '\0'; s++)
		if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

static void
query_add_param_text(struct query *q, const char *text)
{
	q->params = xreallocarray(q->params, q->nparams + 1,
	    sizeof *q->params);
	q->params[q->nparams].is_text = 1;
	q->params[q->nparams].num = 0;
	q->params[q->nparams].text = xstrdup(text);
	q->nparams++;
}

static void
query_add_param_num(struct query *q, int64_t num)
{
	q->params = xreallocarray(q->params, q->nparams + 1,
	    sizeof *q->params);
	q->params[q->nparams].is_text = 0;
	q->params[q->nparams].num = num;
	q->params[q->nparams].text = NULL;
	q->nparams++;
}

/* Append text as an FTS5 string: in double quotes, quotes doubled. */
static void
query_fts_string(struct buf *b, const char *text, int prefix)
{
	const char *p;

	buf_addc(b, '"');
	for (p = text; *p != '\0'; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
	if (prefix)
		buf_addc(b, '*');
}

static void
query_free_toks(struct qparse *qp)
{
	size_t i;

	for (i = 0; i < qp->ntoks; i++) {
		free(qp->toks[i].key);
		free(qp->toks[i].text);
	}
	free(qp->toks);
	qp->toks = NULL;
	qp->ntoks = 0;
}

static int
query_is_filter(const char *key)
{
	static const char *keys[] = {
		"feed", "tag", "author", "is", "since", "until"
	};
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(key, keys[i]) == 0)
			return 1;
	return 0;
}

/* Read a "quoted" value at *pp (just after the quote). */
static enum status
query_read_quoted(const char **pp, int lenient, char **out, char **cause)
{
	const char *p = *pp, *start = p;

	while (*p != '\0' && *p != '"')
		p++;
	if (*p == '\0' && !lenient) {
		*cause = xstrdup(_("missing closing quote"));
		return STATUS_USAGE;
	}
	*out = xstrndup(start, p - start);
	if (*p == '"')
		p++;
	*pp = p;
	return STATUS_OK;
}

/* Characters (not bytes) in a UTF-8 string. */
static size_t
query_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static enum status
query_tokenize(struct qparse *qp, const char *text, int flags, char **cause)
{
	const char *p = text, *start, *colon;
	struct qtok t;
	size_t len;
	char *key;
	int lenient = (flags & QUERY_PREFIX_LAST) != 0;

	if (strlen(text) > QUERY_MAX_LEN) {
		*cause = xasprintf(_("the search is too long (at most %d bytes)"),
		    QUERY_MAX_LEN);
		return STATUS_USAGE;
	}
	for (;;) {
		while ((len = query_space(p)) > 0)
			p += len;
		if (*p == '\0')
			break;
		if (qp->ntoks >= QUERY_MAX_TERMS) {
			*cause = xasprintf(_("too many words in the search (at "
			    "most %d)"), QUERY_MAX_TERMS);
			return STATUS_USAGE;
		}
		memset(&t, 0, sizeof t);
		if (*p == '-' && p[1] != '\0' && query_space(p + 1) == 0) {
			t.negated = 1;
			p++;
		}
		if (*p == '"') {
			p++;
			if (query_read_quoted(&p, lenient, &t.text,
			    cause) != STATUS_OK)
				return STATUS_USAGE;
			t.quoted = 1;
			if (*p == '*') {
				t.prefix = 1;
				p++;
			}
		} else {
			start = p;
			while (*p != '\0' && query_space(p) == 0 && *p != '"')
				p++;
			len = p - start;
			colon = memchr(start, ':', len);
			key = NULL;
			if (colon != NULL && colon != start) {
				key = xstrndup(start, colon - start);
				if (!query_is_filter(key)) {
					free(key);
					key = NULL;
				}
			}
			if (key != NULL) {
				t.key = key;
				if (colon + 1 == p && *p == '"') {
					p++;
					if (query_read_quoted(&p, lenient,
					    &t.text, cause) != STATUS_OK) {
						free(key);
						return STATUS_USAGE;
					}
					t.quoted = 1;
				} else
					t.text = xstrndup(colon + 1,
					    p - colon - 1);
				if (*t.text == '\0') {
					*cause = xasprintf(_("%s: needs a value"),
					    key);
					free(t.text);
					free(key);
					return STATUS_USAGE;
				}
			} else {
				if (len == 2 && strncmp(start, "OR", 2) == 0 &&
				    !t.negated)
					t.is_or = 1;
				while (len > 0 && start[len - 1] == '*') {
					t.prefix = 1;
					len--;
				}
				t.text = xstrndup(start, len);
			}
		}
		qp->toks = xreallocarray(qp->toks, qp->ntoks + 1,
		    sizeof *qp->toks);
		qp->toks[qp->ntoks++] = t;
	}
	/* While typing, the last plain word (not yet ended) is a prefix. */
	if ((flags & QUERY_PREFIX_LAST) && qp->ntoks > 0 &&
	    p > text && !query_space_before(text, p)) {
		struct qtok *last = &qp->toks[qp->ntoks - 1];

		if (last->key == NULL && !last->quoted && !last->is_or &&
		    query_chars(last->text) >= QUERY_PREFIX_MIN)
			last->prefix = 1;
	}
	return STATUS_OK;
}

static void
query_add_term(struct query *q, const char *text, int prefix)
{
	q->terms = xreallocarray(q->terms, q->nterms + 1, sizeof *q->terms);
	q->terms[q->nterms].text = xstrdup(text);
	q->terms[q->nterms].prefix = prefix;
	q->nterms++;
}

/* Seconds from an age like 7d, 12h, 2w, 3m, 1y; -1 when not one. */
static int64_t
query_age(const char *s)
{
	char *end;
	long long n;

	if (!isdigit((unsigned char)*s))
		return -1;
	n = strtoll(s, &end, 10);
	if (n < 0 || n > 100000 || end[0] == '\0' || end[1] != '\0')
		return -1;
	switch (*end) {
	case 'h':
		return n * 3600;
	case 'd':
		return n * 86400;
	case 'w':
		return n * 7 * 86400;
	case 'm':
		return n * 30 * 86400;
	case 'y':
		return n * 365 * 86400;
	}
	return -1;
}

/* YYYY-MM-DD (or YYYY-MM, YYYY) as UTC seconds; -1 when not a date. */
static int64_t
query_date(const char *s)
{
	struct tm tm;
	int y, m = 1, d = 1, n;
	char extra;

	n = sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra);
	if (n < 1 || n > 3 || strlen(s) > 10 || y < 1970 || y > 9999 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	if ((n == 1 && strlen(s) != 4) || (n == 2 && strlen(s) != 7))
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	return (int64_t)timegm(&tm);
}

static enum status
query_filter(struct qparse *qp, struct qtok *t, char **cause)
{
	struct query *q = qp->q;
	const char *not = t->negated ? "NOT " : "";
	struct buf like = BUF_INIT;
	const char *p;
	int64_t when;

	if (strcmp(t->key, "feed") == 0) {
		buf_addc(&like, '%');
		for (p = t->text; *p != '\0'; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				buf_addc(&like, '\\');
			buf_addc(&like, *p);
		}
		buf_addc(&like, '%');
		buf_printf(&qp->where, " AND i.feed_id %sIN (SELECT id FROM "
		    "feeds WHERE coalesce(config_title, title, '') LIKE ? "
		    "ESCAPE '\\' OR url LIKE ? ESCAPE '\\')", not);
		query_add_param_text(q, buf_str(&like));
		query_add_param_text(q, buf_str(&like));
		buf_free(&like);
	} else if (strcmp(t->key, "tag") == 0) {
		buf_printf(&qp->where, " AND i.feed_id %sIN (SELECT feed_id "
		    "FROM feed_tags WHERE tag = ? COLLATE NOCASE)", not);
		query_add_param_text(q, t->text);
	} else if (strcmp(t->key, "is") == 0) {
		if (strcmp(t->text, "unread") == 0)
			buf_printf(&qp->where, " AND i.read = %d",
			    t->negated ? 1 : 0);
		else if (strcmp(t->text, "read") == 0)
			buf_printf(&qp->where, " AND i.read = %d",
			    t->negated ? 0 : 1);
		else if (strcmp(t->text, "starred") == 0)
			buf_printf(&qp->where, " AND i.starred = %d",
			    t->negated ? 0 : 1);
		else {
			*cause = xasprintf(_("is:%s: use is:unread, is:read "
			    "or is:starred"), t->text);
			return STATUS_USAGE;
		}
	} else if (strcmp(t->key, "since") == 0 ||
	    strcmp(t->key, "until") == 0) {
		if ((when = query_age(t->text)) != -1)
			when = qp->now - when;
		else if ((when = query_date(t->text)) == -1) {
			*cause = xasprintf(_("%s:%s: use a date (2015-03-01) "
			    "or an age (7d, 2w, 3m, 1y)"), t->key, t->text);
			return STATUS_USAGE;
		}
		if (t->negated) {
			*cause = xasprintf(_("-%s: is not supported; use %s:"),
			    t->key, strcmp(t->key, "since") == 0 ? "until" :
			    "since");
			return STATUS_USAGE;
		}
		if (strcmp(t->key, "since") == 0)
			buf_adds(&qp->where, " AND i.date >= ?");
		else {
			/* until:2015-03-01 includes that whole day. */
			if (query_age(t->text) == -1)
				when += 86400;
			buf_adds(&qp->where, " AND i.date < ?");
		}
		query_add_param_num(q, when);
	}
	return STATUS_OK;
}

/* The FTS5 text of one word/phrase token (with author: column filter). */
static void
query_term_fts(struct buf *b, struct qtok *t)
{
	if (t->key != NULL) {	/* author: */
		buf_adds(b, "author : ");
		query_fts_string(b, t->text, t->prefix);
	} else
		query_fts_string(b, t->text, t->prefix);
}

static enum status
query_build(struct qparse *qp, char **cause)
{
	struct query *q = qp->q;
	struct buf group = BUF_INIT;
	struct qtok *t;
	size_t i, ngroup = 0, npos = 0, nneg = 0, nfilter = 0;
	int want_or = 0;

	for (i = 0; i < qp->ntoks; i++) {
		t = &qp->toks[i];
		if (t->is_or) {
			if (ngroup == 0 || i + 1 == qp->ntoks ||
			    qp->toks[i + 1].is_or || qp->toks[i + 1].negated ||
			    (qp->toks[i + 1].key != NULL &&
			    strcmp(qp->toks[i + 1].key, "author") != 0)) {
				*cause = xstrdup(_("OR needs a word on each side"));
				buf_free(&group);
				return STATUS_USAGE;
			}
			want_or = 1;
			continue;
		}
		if (t->key != NULL && strcmp(t->key, "author") != 0) {
			if (query_filter(qp, t, cause) != STATUS_OK) {
				buf_free(&group);
				return STATUS_USAGE;
			}
			nfilter++;
			continue;
		}
		if (!query_has_word(t->text)) {
			if (t->key != NULL) {
				*cause = xstrdup(_("author: needs a name"));
				buf_free(&group);
				return STATUS_USAGE;
			}
			continue;	/* punctuation only: nothing to match */
		}
		if (t->negated) {
			if (nneg++ > 0)
				buf_adds(&qp->neg, " OR ");
			query_term_fts(&qp->neg, t);
			continue;
		}
		query_add_term(q, t->text, t->prefix);
		if (want_or) {
			buf_adds(&group, " OR ");
			query_term_fts(&group, t);
			ngroup++;
			want_or = 0;
			continue;
		}
		if (ngroup > 0) {
			if (npos++ > 0)
				buf_adds(&qp->pos, " AND ");
			buf_printf(&qp->pos, "(%s)", buf_str(&group));
			buf_reset(&group);
		}
		query_term_fts(&group, t);
		ngroup = 1;
	}
	if (ngroup > 0) {
		if (npos++ > 0)
			buf_adds(&qp->pos, " AND ");
		buf_printf(&qp->pos, "(%s)", buf_str(&group));
	}
	buf_free(&group);

	if (npos == 0 && nneg == 0 && nfilter == 0) {
		*cause = xstrdup(_("nothing to search for"));
		return STATUS_USAGE;
	}
	if (npos > 0 && nneg > 0)
		q->match = xasprintf("(%s) NOT (%s)", buf_str(&qp->pos),
		    buf_str(&qp->neg));
	else if (npos > 0)
		q->match = xstrdup(buf_str(&qp->pos));
	else if (nneg > 0) {
		buf_adds(&qp->where, " AND i.id NOT IN (SELECT rowid FROM "
		    "items_fts WHERE items_fts MATCH ?)");
		query_add_param_text(q, buf_str(&qp->neg));
	}
	return STATUS_OK;
}

enum status
query_parse(const char *text, int flags, int64_t now, struct query **out,
    char **cause)
{
	struct qparse qp;
	enum status s;

	*out = NULL;
	memset(&qp, 0, sizeof qp);
	qp.now = now;
	qp.q = xcalloc(1, sizeof *qp.q);
	if (text == NULL)
		text = "";
	s = query_tokenize(&qp, text, flags, cause);
	if (s == STATUS_OK)
		s = query_build(&qp, cause);
	query_free_toks(&qp);
	buf_free(&qp.pos);
	buf_free(&qp.neg);
	qp.q->where = buf_detach(&qp.where);
	if (s != STATUS_OK) {
		query_free(qp.q);
		return s;
	}
	*out = qp.q;
	return STATUS_OK;
}

void
query_free(struct query *q)
{
	size_t i;

	if (q == NULL)
		return;
	free(q->match);
	free(q->where);
	for (i = 0; i < q->nparams; i++)
		free(q->params[i].text);
	free(q->params);
	for (i = 0; i < q->nterms; i++)
		free(q->terms[i].text);
	free(q->terms);
	free(q);
}
