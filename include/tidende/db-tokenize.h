/*
 * The search index's tokenizer, "tidende": FTS5's unicode61 (or the
 * tokenizer named as its first argument, given the rest) with every
 * Han, kana, Hangul, Thai, Lao, Khmer and Myanmar character made a token
 * of its own, so text in scripts written without spaces is found by any
 * word or substring (a query's words are cut the same way, into
 * phrases), and full-width forms (U+FF01-U+FF5E) read as ASCII and
 * U+3000 as a space, offsets still the original text's.  Other tokens
 * are unicode61's, unchanged.  items_fts uses it (schema steps 7 and 9,
 * each a rebuild); every connection that may touch items_fts registers
 * it first, or SQLite says "no such tokenizer".
 */
#ifndef TIDENDE_DB_TOKENIZE_H
#define TIDENDE_DB_TOKENIZE_H

struct sqlite3;

#define DB_TOKENIZER	"tidende"

/* Register the tokenizer on a connection; returns an SQLite code. */
int		 db_tokenize_register(struct sqlite3 *);

#endif
