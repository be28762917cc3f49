/* The generator's toolbox: a seekable PRNG, the proleptic Gregorian calendar
 * in whole days, a buffered CSV writer and UTF-8 case mapping for messy data. */
#ifndef CLIENTELE_GEN_UTIL_H
#define CLIENTELE_GEN_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define GEN_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* splitmix64: one independent stream per (seed, stream, index), so that each
 * customer's attributes depend on nothing but the seed and its number. */
struct rng {
	uint64_t s;
};

void rng_init(struct rng *r, uint64_t seed, uint64_t stream, uint64_t index);
uint64_t rng_next(struct rng *r);
/* A number in [0, n), n <= 2^32. */
uint32_t rng_below(struct rng *r, uint32_t n);
/* A number in [lo, hi]; hi >= lo. */
uint32_t rng_range(struct rng *r, uint32_t lo, uint32_t hi);
/* True with probability per10k / 10000. */
int rng_chance(struct rng *r, unsigned per10k);
/* An index in [0, n), small indices more likely (density ~ log(n/k)). */
uint32_t rng_skewed(struct rng *r, uint32_t n);
/* An index in [0, n) with the given weights. */
unsigned rng_weighted(struct rng *r, const unsigned *weights, unsigned n);

/* A well-mixed 64-bit hash of a string (FNV-1a, then splitmix64's finaliser). */
uint64_t hash_str(const char *s);

/* Days since 1970-01-01 and back (Howard Hinnant's algorithms). */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);
/* 0 = Monday. */
unsigned weekday_from_days(int64_t z);

/* A CSV file written through one big buffer; errors are remembered and
 * reported by out_close. */
struct out {
	FILE *f;
	char *buf;
	size_t len;
	int err; /* errno of the first failure, 0 if none */
};

int out_open(struct out *o, const char *path);
/* Flushes and closes; returns 0 or the errno of the first failure. */
int out_close(struct out *o);
void out_mem(struct out *o, const char *s, size_t n);
void out_str(struct out *o, const char *s);
void out_ch(struct out *o, char c);
/* A field, quoted when it holds ',', ';', '"', CR or LF (RFC 4180; ';' too,
 * so that a delimiter sniffer is never misled). */
void out_field(struct out *o, const char *s);
void out_uint(struct out *o, uint64_t v);
/* Kopecks as roubles with two decimals: -123450 -> "-1234.50". */
void out_amount(struct out *o, int64_t kop, char point, int group);

/* Upper- or lower-cases Latin, Latin-1, Latin Extended-A and Cyrillic letters
 * of s into buf (cap bytes, always terminated). */
void utf8_case(const char *s, char *buf, size_t cap, int upper);

#endif
