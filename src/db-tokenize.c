/*
 * The search index's tokenizer (see tidende/db-tokenize.h): FTS5's
 * unicode61 with runs of CJK (and other space-less scripts) cut into
 * one token per character.  unicode61 makes a whole run of such letters
 * one token ("東京都の天気" is one word to it), so no word inside the
 * run can be found.  One token per character, and the same cut applied
 * to the query, turn a search for 東京 into the phrase "東 京": any
 * substring of the text is found, whatever its length, and a Latin word
 * passes through untouched, its index the same as unicode61's.  Text
 * with full-width forms is folded first (db_tok_wide(), db_tok_fold()).
 *
 * Overlapping bigrams would index fewer postings for frequent characters
 * but cannot find a one-character word (京, 日) without a prefix scan of
 * every pair; a second trigram index needs three characters (東京 has
 * two) and doubles the writes of every article.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "db-private.h"
#include "tidende/db-tokenize.h"
#include "tidende/i18n.h"
#include "tidende/utf8.h"

/* One table of the index: the wrapped tokenizer and its instance. */
struct db_tok {
	fts5_tokenizer	 parent;
	Fts5Tokenizer	*inst;
};

/* One call of xTokenize: where the tokens go, and the text they cut. */
struct db_tok_call {
	void		*ctx;
	int		(*token)(void *, int, const char *, int, int, int);
	const char	*text;
	int		 ntext;
	int		 next;		/* the next letter to cut at or after */
	/* folded text: map[i] is the original offset of its byte i */
	const int	*map;
	int		 nmap;		/* the folded text's bytes */
};

static int
db_tok_is_cut(uint32_t cp)
{
	if (cp < 0x0e00)
		return 0;
	return (cp <= 0x0eff) ||			/* Thai, Lao */
	    (cp >= 0x1000 && cp <= 0x109f) ||		/* Myanmar */
	    (cp >= 0x1100 && cp <= 0x11ff) ||		/* Hangul Jamo */
	    (cp >= 0x1780 && cp <= 0x17ff) ||		/* Khmer */
	    (cp >= 0x2e80 && cp <= 0x2fdf) ||		/* CJK radicals */
	    (cp >= 0x3000 && cp <= 0x9fff) ||		/* 々, kana, Han */
	    (cp >= 0xa960 && cp <= 0xa97f) ||		/* Hangul Jamo A */
	    (cp >= 0xac00 && cp <= 0xd7ff) ||		/* Hangul */
	    (cp >= 0xf900 && cp <= 0xfaff) ||		/* compatibility */
	    (cp >= 0xff66 && cp <= 0xffdc) ||		/* half-width kana */
	    (cp >= 0x1b000 && cp <= 0x1b16f) ||		/* kana supplement */
	    (cp >= 0x20000 && cp <= 0x3ffff);		/* Han B to H */
}

/*
 * Full-width forms (U+FF01-U+FF5E: ＮＨＫ, ２０２５, ！) are their ASCII
 * letters, digits and signs (U+0021-U+007E) for the index and the query,
 * and the ideographic space (U+3000) a space: Japanese text writes Latin
 * words and numbers full-width, and a reader types them half-width.
 * Returns the ASCII byte, or 0 when cp folds to nothing.
 */
static int
db_tok_wide(uint32_t cp)
{
	if (cp >= 0xff01 && cp <= 0xff5e)
		return (int)(cp - 0xff01 + 0x21);
	return cp == 0x3000 ? ' ' : 0;
}

static size_t
db_tok_count(const char *s, size_t n)
{
	size_t i = 0, count = 0;
	uint32_t cp;

	while (i < n) {
		i += utf8_decode(s + i, n - i, &cp);
		count++;
	}
	return count;
}

/*
 * A token with a letter to cut: runs of other letters stay one token,
 * each letter to cut is one.  The token is the folded text (unicode61
 * lowercases), [start, end) the original's bytes: both are walked a
 * character at a time, as folding maps one character to one.
 */
static int
db_tok_cut(struct db_tok_call *c, int tflags, const char *tok, int ntok,
    int start, int end)
{
	const char *src = c->text + start;
	size_t nt = (size_t)ntok, ns = (size_t)(end - start);
	size_t ti = 0, si = 0, rt = 0, rs = 0, kt, ks;
	uint32_t cp, scp;
	int rc;

	if (start < 0 || end > c->ntext || end < start ||
	    db_tok_count(tok, nt) != db_tok_count(src, ns))
		return c->token(c->ctx, tflags, tok, ntok, start, end);
	while (ti < nt) {
		kt = utf8_decode(tok + ti, nt - ti, &cp);
		ks = utf8_decode(src + si, ns - si, &scp);
		if (db_tok_is_cut(cp)) {
			if (ti > rt) {
				rc = c->token(c->ctx, tflags, tok + rt,
				    (int)(ti - rt), start + (int)rs,
				    start + (int)si);
				if (rc != SQLITE_OK)
					return rc;
				tflags = 0;	/* colocated: the first only */
			}
			rc = c->token(c->ctx, tflags, tok + ti, (int)kt,
			    start + (int)si, start + (int)(si + ks));
			if (rc != SQLITE_OK)
				return rc;
			tflags = 0;
			rt = ti + kt;
			rs = si + ks;
		}
		ti += kt;
		si += ks;
	}
	if (ti > rt)
		return c->token(c->ctx, tflags, tok + rt, (int)(ti - rt),
		    start + (int)rs, end);
	return SQLITE_OK;
}

/*
 * Where the first letter to cut (what: DB_TOK_CUT) or full-width form to
 * fold (DB_TOK_WIDE) is in s[from, n) (n when none).  Each of them is 3 or 4 bytes
 * led by 0xe0 or above; Latin text has none of
 * those bytes but in punctuation (’ “ — …), so it is read 32, then 8
 * bytes at a time (a byte with its top three bits set sets bit 7 of
 * w & w << 1 & w << 2 in its own byte).
 */
#define DB_TOK_HI(w)	((w) & (w) << 1 & (w) << 2)
#define DB_TOK_BIT7	UINT64_C(0x8080808080808080)

#define DB_TOK_CUT	1
#define DB_TOK_WIDE	2

static int
db_tok_next(const char *s, int from, int n, int what)
{
	size_t i = (size_t)from, len = (size_t)n, k;
	uint64_t w[4];
	uint32_t cp;

	while (i < len) {
		if (i + 32 <= len) {
			memcpy(w, s + i, 32);
			if (((DB_TOK_HI(w[0]) | DB_TOK_HI(w[1]) |
			    DB_TOK_HI(w[2]) | DB_TOK_HI(w[3])) &
			    DB_TOK_BIT7) == 0) {
				i += 32;
				continue;
			}
		}
		if (i + 8 <= len) {
			memcpy(w, s + i, 8);
			if ((DB_TOK_HI(w[0]) & DB_TOK_BIT7) == 0) {
				i += 8;
				continue;
			}
		}
		if ((unsigned char)s[i] < 0xe0) {
			i++;
			continue;
		}
		k = utf8_decode(s + i, len - i, &cp);
		if (((what & DB_TOK_CUT) && db_tok_is_cut(cp)) ||
		    ((what & DB_TOK_WIDE) && db_tok_wide(cp) != 0))
			return (int)i;
		i += k;
	}
	return n;
}

/* The first letter to cut in s[from, n), n when none. */
static int
db_tok_next_cut(const char *s, int from, int n)
{
	return db_tok_next(s, from, n, DB_TOK_CUT);
}

/*
 * Tokens come in the text's order: one whose end is at or before the
 * next letter to cut goes on as it is (one comparison); one that holds
 * it is cut, and the next is looked for after it.
 */
static int
db_tok_token(void *arg, int tflags, const char *tok, int ntok, int start,
    int end)
{
	struct db_tok_call *c = arg;
	int rc;

	if (end <= c->next)
		return c->token(c->ctx, tflags, tok, ntok, start, end);
	if (start < 0 || end > c->ntext || start > end)
		return c->token(c->ctx, tflags, tok, ntok, start, end);
	if (c->next < start)	/* it was in a separator (、): look again */
		c->next = db_tok_next_cut(c->text, start, c->ntext);
	if (end <= c->next)
		return c->token(c->ctx, tflags, tok, ntok, start, end);
	rc = db_tok_cut(c, tflags, tok, ntok, start, end);
	c->next = db_tok_next_cut(c->text, end, c->ntext);
	return rc;
}

/* A token of the folded text: its offsets mapped back to the original's. */
static int
db_tok_unfold(void *arg, int tflags, const char *tok, int ntok, int start,
    int end)
{
	struct db_tok_call *c = arg;

	if (start < 0 || end > c->nmap || start > end)
		return SQLITE_ERROR;
	return db_tok_token(c, tflags, tok, ntok, c->map[start], c->map[end]);
}

/*
 * text[0..ntext) with its full-width forms folded (the first at from) in
 * *out[0..*nout), and in *map the original offset of each folded byte
 * and of the end.  Folding makes 3 bytes 1, never more.
 */
static int
db_tok_fold(const char *text, int ntext, int from, char **out, int *nout,
    int **map)
{
	size_t n = (size_t)ntext, i = (size_t)from, j = (size_t)from, k;
	char *f;
	int *m, a;
	uint32_t cp;

	f = sqlite3_malloc64(n + 1);
	m = sqlite3_malloc64((n + 1) * sizeof *m);
	if (f == NULL || m == NULL) {
		sqlite3_free(f);
		sqlite3_free(m);
		return SQLITE_NOMEM;
	}
	memcpy(f, text, i);
	for (k = 0; k < i; k++)
		m[k] = (int)k;
	while (i < n) {
		k = utf8_decode(text + i, n - i, &cp);
		if ((unsigned char)text[i] >= 0xe0 &&
		    (a = db_tok_wide(cp)) != 0) {
			m[j] = (int)i;
			f[j++] = (char)a;
			i += k;
			continue;
		}
		while (k-- > 0) {
			m[j] = (int)i;
			f[j++] = text[i++];
		}
	}
	m[j] = ntext;
	f[j] = '\0';
	*out = f;
	*nout = (int)j;
	*map = m;
	return SQLITE_OK;
}

static int
db_tok_tokenize(Fts5Tokenizer *inst, void *ctx, int flags, const char *text,
    int ntext, int (*token)(void *, int, const char *, int, int, int))
{
	struct db_tok *t = (struct db_tok *)inst;
	struct db_tok_call c = { ctx, token, text, ntext, 0, NULL, 0 };
	int from, wide, nf, rc, *map;
	char *f;

	/* Most text has nothing to cut or fold: unicode61's tokens go on. */
	if (ntext <= 0 || (from = db_tok_next(text, 0, ntext,
	    DB_TOK_CUT | DB_TOK_WIDE)) >= ntext)
		return t->parent.xTokenize(t->inst, ctx, flags, text, ntext,
		    token);
	c.next = db_tok_next_cut(text, from, ntext);
	if ((wide = db_tok_next(text, from, ntext, DB_TOK_WIDE)) >= ntext)
		return t->parent.xTokenize(t->inst, &c, flags, text, ntext,
		    db_tok_token);
	/* unicode61 reads the folded text; the cut, the original's bytes */
	if ((rc = db_tok_fold(text, ntext, wide, &f, &nf, &map)) != SQLITE_OK)
		return rc;
	c.map = map;
	c.nmap = nf;
	rc = t->parent.xTokenize(t->inst, &c, flags, f, nf, db_tok_unfold);
	sqlite3_free(f);
	sqlite3_free(map);
	return rc;
}

static void
db_tok_delete(Fts5Tokenizer *inst)
{
	struct db_tok *t = (struct db_tok *)inst;

	if (t == NULL)
		return;
	if (t->inst != NULL)
		t->parent.xDelete(t->inst);
	sqlite3_free(t);
}

/* Arguments: the wrapped tokenizer (unicode61 by default), then its own. */
static int
db_tok_create(void *arg, const char **argv, int argc, Fts5Tokenizer **out)
{
	fts5_api *api = arg;
	const char *name = "unicode61";
	struct db_tok *t;
	void *pctx = NULL;
	int rc;

	*out = NULL;
	if (argc > 0) {
		name = argv[0];
		argv++;
		argc--;
	}
	if (strcmp(name, DB_TOKENIZER) == 0)
		return SQLITE_ERROR;	/* itself: no end */
	if ((t = sqlite3_malloc(sizeof *t)) == NULL)
		return SQLITE_NOMEM;
	memset(t, 0, sizeof *t);
	rc = api->xFindTokenizer(api, name, &pctx, &t->parent);
	if (rc == SQLITE_OK)
		rc = t->parent.xCreate(pctx, argv, argc, &t->inst);
	if (rc != SQLITE_OK) {
		t->inst = NULL;
		db_tok_delete((Fts5Tokenizer *)t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

int
db_tokenize_register(struct sqlite3 *h)
{
	static fts5_tokenizer tok = {
		db_tok_create, db_tok_delete, db_tok_tokenize
	};
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	int rc;

	if ((rc = sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL)) !=
	    SQLITE_OK)
		return rc;
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? SQLITE_ERROR : rc;
	if (api == NULL || api->iVersion < 2)
		return SQLITE_ERROR;
	return api->xCreateTokenizer(api, DB_TOKENIZER, api, &tok, NULL);
}

/*
 * Schema step 7: the index again, the same columns over the same view
 * (items_text, with db-fulltext's full texts), the same ranking and
 * merging (steps 2 and 3), with this tokenizer.  Dropping an external
 * content index drops only its own tables; the triggers that write it
 * name it and find the new one.
 */
const char db_tokenize_schema_v7[] =
	"DROP TABLE items_fts;"
	"CREATE VIRTUAL TABLE items_fts USING fts5 (title, author, body, feed,"
	" content = 'items_text', content_rowid = 'id',"
	" tokenize = '" DB_TOKENIZER " unicode61 remove_diacritics 0');"
	"INSERT INTO items_fts (items_fts, rank)"
	" VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 2.0)');"
	"INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', 0);";

/* Past this many articles, rebuilding takes long enough to say why. */
#define DB_TOK_SAY	20000

/* The articles of the cache, in *n; an SQLite code. */
static int
db_tok_articles(struct db *db, int64_t *n)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if ((rc = sqlite3_prepare_v2(db->h, "SELECT count(*) FROM items", -1,
	    &st, NULL)) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/*
 * Every article's text indexed again; then nothing is left on the
 * index's backlog (step 8), which the rebuild indexed too.
 */
static int
db_tok_rebuild(struct db *db)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "INSERT INTO items_fts (items_fts) "
	    "VALUES ('rebuild')")) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_prepare_v2(db->h, "SELECT 1 FROM sqlite_master "
	    "WHERE name = 'fts_pending'", -1, &st, NULL)) != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return db_exec(db, "DELETE FROM fts_pending");
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * A schema step's rebuild (7 or 9), saying why on stderr when the cache
 * is large enough to take a while.
 */
static int
db_tok_migrate(struct db *db, int step)
{
	int64_t n;
	int rc;

	if ((rc = db_tok_articles(db, &n)) != SQLITE_OK || n == 0)
		return rc;
	if (n >= DB_TOK_SAY) {
		fprintf(stderr, "tidende: %s: ", db->path);
		if (step == 7)
			fprintf(stderr, ngettext("rebuilding the search index "
			    "for CJK text (%lld article, once)...",
			    "rebuilding the search index for CJK text (%lld "
			    "articles, once)...", n), (long long)n);
		else
			fprintf(stderr, ngettext("rebuilding the search index "
			    "for full-width letters (%lld article, once)...",
			    "rebuilding the search index for full-width "
			    "letters (%lld articles, once)...", n),
			    (long long)n);
		fputc('\n', stderr);
	}
	return db_tok_rebuild(db);
}

/* Then its contents: every article's text indexed again. */
int
db_tokenize_migrate_v7(struct db *db)
{
	return db_tok_migrate(db, 7);
}

/*
 * Schema step 9: full-width forms fold to ASCII (db_tok_wide()), so
 * every article is indexed again; those without any get the tokens
 * they had.
 */
int
db_tokenize_migrate_v9(struct db *db)
{
	return db_tok_migrate(db, 9);
}
