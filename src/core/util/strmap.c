/* Open-addressing hash map (linear probing, power-of-two capacity, kept at
 * most half full) with keys in a chunked arena: no per-key malloc. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util/strmap.h"

struct slot {
	uint64_t hash; /* 0: empty */
	const char *key;
	size_t len;
	long long val;
};

struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

struct strmap {
	struct slot *slots;
	size_t cap, count;
	struct chunk *arena;
};

/* FNV-1a, then a final mix so that low bits are usable as the index. */
static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h == 0 ? 1 : h;
}

/* A map of a million keys has 64 MB of slots, each look-up a random one:
 * with 4 kB pages nearly every look-up also missed the TLB (a fifth of
 * the importer's reading thread went to the slots' first touch). Big
 * slot arrays ask for huge pages where the system gives them on request
 * (transparent huge pages in "madvise" mode); a no-op elsewhere. */
static struct slot *
slots_new(size_t cap)
{
	struct slot *v = calloc(cap, sizeof *v);
#ifdef MADV_HUGEPAGE
	size_t bytes = cap * sizeof *v, huge = (size_t)2 << 20;

	if (v != NULL && bytes >= 2 * huge) {
		uintptr_t a = ((uintptr_t)v + huge - 1) & ~(uintptr_t)(huge - 1);
		uintptr_t b = ((uintptr_t)v + bytes) & ~(uintptr_t)(huge - 1);

		if (b > a)
			madvise((void *)a, b - a, MADV_HUGEPAGE);
	}
#endif
	return v;
}

struct strmap *
strmap_new(size_t hint)
{
	struct strmap *m = calloc(1, sizeof *m);
	size_t cap = 64;

	if (m == NULL)
		return NULL;
	while (cap < hint * 2)
		cap *= 2;
	m->slots = slots_new(cap);
	if (m->slots == NULL) {
		free(m);
		return NULL;
	}
	m->cap = cap;
	return m;
}

void
strmap_free(struct strmap **mp)
{
	struct strmap *m = *mp;
	struct chunk *c, *next;

	if (m == NULL)
		return;
	for (c = m->arena; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(m->slots);
	free(m);
	*mp = NULL;
}

static const char *
arena_copy(struct strmap *m, const char *key, size_t len)
{
	struct chunk *c = m->arena;
	char *p;

	if (c == NULL || c->cap - c->used < len + 1) {
		size_t cap = len + 1 > (1u << 20) ? len + 1 : (1u << 20);

		c = malloc(sizeof *c + cap);
		if (c == NULL)
			return NULL;
		c->next = m->arena;
		c->used = 0;
		c->cap = cap;
		m->arena = c;
	}
	p = c->data + c->used;
	memcpy(p, key, len);
	p[len] = '\0';
	c->used += len + 1;
	return p;
}

static struct slot *
find(const struct strmap *m, uint64_t h, const char *key, size_t len)
{
	size_t i = (size_t)h & (m->cap - 1);

	for (;;) {
		struct slot *s = &m->slots[i];

		if (s->hash == 0)
			return s;
		if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
			return s;
		i = (i + 1) & (m->cap - 1);
	}
}

static int
resize(struct strmap *m, size_t cap)
{
	struct slot *old = m->slots;
	size_t oldcap = m->cap, i;

	m->slots = slots_new(cap);
	if (m->slots == NULL) {
		m->slots = old;
		return -1;
	}
	m->cap = cap;
	for (i = 0; i < oldcap; i++) {
		if (old[i].hash != 0)
			*find(m, old[i].hash, old[i].key, old[i].len) = old[i];
	}
	free(old);
	return 0;
}

int
strmap_reserve(struct strmap *m, size_t n)
{
	size_t cap = m->cap;

	while (cap < n * 2)
		cap *= 2;
	return cap == m->cap ? 0 : resize(m, cap);
}

int
strmap_put(struct strmap *m, const char *key, size_t len, long long val)
{
	uint64_t h = hash_bytes(key, len);
	struct slot *s = find(m, h, key, len);

	if (s->hash != 0) {
		s->val = val;
		return 0;
	}
	if ((m->count + 1) * 2 > m->cap) {
		if (resize(m, m->cap * 2) != 0)
			return -1;
		s = find(m, h, key, len);
	}
	if ((s->key = arena_copy(m, key, len)) == NULL)
		return -1;
	s->hash = h;
	s->len = len;
	s->val = val;
	m->count++;
	return 0;
}

bool
strmap_get(const struct strmap *m, const char *key, size_t len, long long *val)
{
	const struct slot *s = find(m, hash_bytes(key, len), key, len);

	if (s->hash == 0)
		return false;
	if (val != NULL)
		*val = s->val;
	return true;
}

size_t
strmap_count(const struct strmap *m)
{
	return m->count;
}

void
strmap_each(const struct strmap *m,
            void (*fn)(void *ctx, const char *key, size_t len, long long val), void *ctx)
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		if (m->slots[i].hash != 0)
			fn(ctx, m->slots[i].key, m->slots[i].len, m->slots[i].val);
	}
}

/* --- look-ups asked for ahead ------------------------------------------- */

uint64_t
strmap_hash(const char *key, size_t len)
{
	return hash_bytes(key, len);
}

void
strmap_prefetch(const struct strmap *m, uint64_t h)
{
	__builtin_prefetch(&m->slots[(size_t)h & (m->cap - 1)]);
}

void
strmap_prefetch_key(const struct strmap *m, uint64_t h)
{
	const struct slot *s = &m->slots[(size_t)h & (m->cap - 1)];

	if (s->hash == h)
		__builtin_prefetch(s->key);
}

bool
strmap_get_hashed(const struct strmap *m, uint64_t h, const char *key, size_t len,
                  long long *val)
{
	const struct slot *s = find(m, h, key, len);

	if (s->hash == 0)
		return false;
	if (val != NULL)
		*val = s->val;
	return true;
}
