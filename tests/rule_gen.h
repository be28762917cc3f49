/* The random rules of the differential test: a seeded generator, and
 * rules written as text and built as naive_eval.c's trees at once. */
#ifndef CLIENTELE_TEST_RULE_GEN_H
#define CLIENTELE_TEST_RULE_GEN_H

#include <stddef.h>

#include "naive_eval.h"

/* The state of the seeded generator (splitmix64): set it to the seed. */
extern unsigned long long rng_state;

/* A random number in [0, n). */
size_t pick(size_t n);

/* A growing string for the rule text. */
struct sbuf {
	char *p;
	size_t n, cap;
};

/* Appends s to b (b->p stays a string). */
void sb_add(struct sbuf *b, const char *s);

/* Frees the nodes of the last rule: the arena is empty again. */
void arena_reset(void);

/* A random rule of at most depth levels, written into b and returned as
 * a tree (in the arena, until arena_reset). parent: the kind of the
 * enclosing chain (NK_CMP at the top). */
struct n_node *gen_node(struct sbuf *b, int depth, enum n_kind parent);

#endif
