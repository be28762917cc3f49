/* A hash map from byte strings to 64-bit integers, for the importer's
 * in-memory lookups (external id, email, phone, order key -> row id). Keys
 * are copied into an arena owned by the map. */
#ifndef CLIENTELE_STRMAP_H
#define CLIENTELE_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap;

/* A new empty map sized for about hint keys; NULL when out of memory. */
struct strmap *strmap_new(size_t hint);

/* Makes room for n keys in all, so that filling it does not rehash; -1
 * when out of memory (the map is unchanged). */
int strmap_reserve(struct strmap *m, size_t n);

/* Frees the map and its keys; NULLs *mp. */
void strmap_free(struct strmap **mp);

/* Sets key (len bytes) to val, inserting or overwriting; -1 when out of
 * memory. */
int strmap_put(struct strmap *m, const char *key, size_t len, long long val);

/* True and *val set when key is present. */
bool strmap_get(const struct strmap *m, const char *key, size_t len, long long *val);

/* The number of keys. */
size_t strmap_count(const struct strmap *m);

/* Calls fn for every key in an unspecified order. */
void strmap_each(const struct strmap *m, void (*fn)(void *ctx, const char *key, size_t len,
                                                    long long val), void *ctx);

/* Look-ups asked for ahead, for a caller that knows its next keys: a key's
 * hash (strmap_hash), then its slot asked for from memory
 * (strmap_prefetch), a little later its stored key (strmap_prefetch_key,
 * once the slot is there), and at last the look-up itself with the hash
 * (strmap_get_hashed, as strmap_get). Each prefetch is a hint only. */
uint64_t strmap_hash(const char *key, size_t len);
void strmap_prefetch(const struct strmap *m, uint64_t h);
void strmap_prefetch_key(const struct strmap *m, uint64_t h);
bool strmap_get_hashed(const struct strmap *m, uint64_t h, const char *key, size_t len,
                       long long *val);

#endif
