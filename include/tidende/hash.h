/*
 * Hashing for in-memory tables and stored change hashes: 64-bit FNV-1a
 * (byte by byte; stable across runs and platforms, so values may be
 * stored), a faster word-at-a-time mix, and an open-addressing index of
 * strings that live in the caller's array.
 */
#ifndef TIDENDE_HASH_H
#define TIDENDE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_FNV1A_INIT		0xcbf29ce484222325ULL	/* offset basis */

/* FNV-1a of n bytes, starting from h (HASH_FNV1A_INIT for a new hash). */
uint64_t	 hash_fnv1a_add(uint64_t h, const void *, size_t n);
/* The same over a string's bytes; a NULL string adds nothing. */
uint64_t	 hash_fnv1a_str(uint64_t h, const char *);
/* FNV-1a of n bytes from the offset basis. */
uint64_t	 hash_fnv1a(const void *, size_t n);

/*
 * One 64-bit word into h: a bijection of the state for each word, so
 * inputs of the same length never collide by construction.
 */
uint64_t	 hash_mix(uint64_t h, uint64_t w);
/*
 * n bytes into h eight at a time (little-endian words, the same on every
 * machine).  Add the length first when inputs may differ in length.
 */
uint64_t	 hash_mix_bytes(uint64_t h, const void *, size_t n);

/*
 * An index of entries 0..n-1 of the caller's array by a string key (a
 * URL), kept at most half full.  key(ctx, i) gives entry i's key; the
 * index holds only entry numbers.  Zeroed is empty.
 */
struct hash_index {
	size_t	*slots;		/* entry + 1; 0 is empty */
	size_t	 size;		/* a power of two, or 0 */
	size_t	 n;		/* entries indexed */
};
typedef const char *(*hash_key_fn)(const void *ctx, size_t i);

/* The array now holds n entries, the last one new: index it. */
void		 hash_index_add(struct hash_index *, size_t n, hash_key_fn,
		    const void *ctx);
/* The entry whose key is s, or SIZE_MAX (also when nothing is indexed). */
size_t		 hash_index_find(const struct hash_index *, hash_key_fn,
		    const void *ctx, const char *s);
void		 hash_index_free(struct hash_index *);

#endif
