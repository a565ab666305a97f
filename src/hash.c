/*
 * FNV-1a, the word-at-a-time mix and the open-addressing string index
 * (one copy for the config's feeds, OPML imports, article identities and
 * the store's change hashes).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/hash.h"
#include "tidende/xmalloc.h"

#define HASH_FNV1A_PRIME	0x100000001b3ULL

uint64_t
hash_fnv1a_add(uint64_t h, const void *p, size_t n)
{
	const unsigned char *u = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ u[i]) * HASH_FNV1A_PRIME;
	return h;
}

uint64_t
hash_fnv1a_str(uint64_t h, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * HASH_FNV1A_PRIME;
	return h;
}

uint64_t
hash_fnv1a(const void *p, size_t n)
{
	return hash_fnv1a_add(HASH_FNV1A_INIT, p, n);
}

uint64_t
hash_mix(uint64_t h, uint64_t w)
{
	h ^= w;
	h *= 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

/* n (1-8) bytes as a little-endian word: the same on every machine. */
static uint64_t
hash_le64(const unsigned char *u, size_t n)
{
	uint64_t w = 0;
	size_t k;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (n == 8) {
		memcpy(&w, u, 8);
		return w;
	}
#endif
	for (k = 0; k < n; k++)
		w |= (uint64_t)u[k] << (8 * k);
	return w;
}

uint64_t
hash_mix_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *u = p;
	size_t i;

	for (i = 0; i < n; i += 8)
		h = hash_mix(h, hash_le64(u + i, n - i < 8 ? n - i : 8));
	return h;
}

static void
hash_index_put(struct hash_index *ix, hash_key_fn key, const void *ctx,
    size_t i)
{
	size_t mask = ix->size - 1, h;

	h = hash_fnv1a_str(HASH_FNV1A_INIT, key(ctx, i)) & mask;
	while (ix->slots[h] != 0)
		h = (h + 1) & mask;
	ix->slots[h] = i + 1;
}

/*
 * Keep the index at most half full; rebuild it when it grows or when it
 * does not hold exactly the first n - 1 entries.
 */
void
hash_index_add(struct hash_index *ix, size_t n, hash_key_fn key,
    const void *ctx)
{
	size_t size, i;

	if (n == 0)
		return;
	if (ix->n == n - 1 && n * 2 <= ix->size) {
		hash_index_put(ix, key, ctx, n - 1);
		ix->n = n;
		return;
	}
	for (size = 64; size < n * 4; size *= 2)
		;
	free(ix->slots);
	ix->slots = xcalloc(size, sizeof *ix->slots);
	ix->size = size;
	for (i = 0; i < n; i++)
		hash_index_put(ix, key, ctx, i);
	ix->n = n;
}

size_t
hash_index_find(const struct hash_index *ix, hash_key_fn key,
    const void *ctx, const char *s)
{
	size_t mask, h, i;

	if (ix->size == 0)
		return SIZE_MAX;
	mask = ix->size - 1;
	for (h = hash_fnv1a_str(HASH_FNV1A_INIT, s) & mask; ix->slots[h] != 0;
	    h = (h + 1) & mask) {
		i = ix->slots[h] - 1;
		if (strcmp(key(ctx, i), s) == 0)
			return i;
	}
	return SIZE_MAX;
}

void
hash_index_free(struct hash_index *ix)
{
	free(ix->slots);
	memset(ix, 0, sizeof *ix);
}
