/* Queries over the base: rule text and segments compiled in the context of
 * the base (its catalog, reference date and segment tree) into WHERE
 * conditions, and the counts of customers they select. It sits above the
 * rule and segment modules, which know nothing of it: the rules compile
 * without a base, the segments resolve `in segment` for them. */
#ifndef CLIENTELE_QUERY_H
#define CLIENTELE_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "rule/rule.h"
#include "segment/segment.h"

struct db;

/* --- conditions ------------------------------------------------------------ */

/* The condition selecting the members of the segment at path (its whole
 * chain of rules ANDed, or its frozen members) as SQL over customers AS c
 * and customer_metrics AS m; out freed with rule_sql_free. */
int segment_where(struct db *db, const char *path, struct rule_sql *out, struct err *e);

/* Compiles rule text in the context of the base: its catalog, reference
 * date and segments (for "in segment"). The form the export, tag and
 * count commands use. */
int rule_where(struct db *db, const char *rule, struct rule_sql *out, struct err *e);

/* How many customers satisfy the compiled condition w. */
int segment_sql_count(struct db *db, const struct rule_sql *w, long long *out, struct err *e);

/* The whole query counting the customers who match rule text, ready to
 * print (`clientele sql`): malloc'd. */
int rule_count_sql(struct db *db, const char *text, char **sql_out, struct rule_sql *out,
                   struct err *e);

/* Counts the customers matching the rule text. */
int rule_count(struct db *db, const char *text, long long *count, struct err *e);

/* The customers of the base. */
int query_base_count(struct db *db, long long *n, struct err *e);

/* --- counts of segments (query_tree.c) --------------------------------- */

struct segment_count {
	long long count;    /* members */
	long long parent;   /* members of its parent (the base for the root's children) */
	long long base;     /* customers in the base */
	long long previous; /* the latest recorded count that differs from count
	                       (the trend is count - previous); -1 when none */
	char error[1024];   /* segment_count_all: why this segment could not be
	                       counted (count is then -1); "" when it was */
};

/* Counts the segment at path; does not record it. */
int segment_count(struct db *db, const char *path, struct segment_count *out, struct err *e);

/* Counts every segment of list (as segment_list gives it) in one pass over
 * the base (or a few, for a large tree); out[i] is list[i]'s. With record,
 * each count that differs from the last recorded one is added to the
 * history (a writable base). A segment that cannot be counted (a rule an
 * older version stored that no longer compiles, or is past the limits of
 * rule/rule.h) gets its error in out[i].error, and so do the segments under it,
 * while the others are counted: the call still returns 0. */
int segment_count_all(struct db *db, const struct segment *list, size_t n, bool record,
                      struct segment_count *out, struct err *e);

/* Members of both segments (and of each, when a/b are not NULL). */
int segment_overlap(struct db *db, const char *path1, const char *path2, long long *both,
                    long long *a, long long *b, struct err *e);

/* The members of the segment at path that are in none of its dynamic
 * children ("the rest"), as SQL (freed with rule_sql_free). */
int segment_rest_where(struct db *db, const char *path, struct rule_sql *out, struct err *e);

#endif
