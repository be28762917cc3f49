/* Queries behind the conditions panel and the facet panel (issue 8), part
 * of the query module: what each top-level condition of a rule removes,
 * a field's values with their counts, its histogram, and the values that
 * complete a prefix. Every query is within a scope: the members of a
 * parent segment (path; NULL or "" for the whole base), ANDed with a rule
 * (text; NULL or "" for none). */
#ifndef CLIENTELE_QUERY_FACET_H
#define CLIENTELE_QUERY_FACET_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "field_catalog.h"
#include "rule/rule.h"

struct db;

/* The scope as one condition: segment_where(parent) AND rule_where(rule).
 * out is freed with rule_sql_free. */
int query_scope(struct db *db, const char *parent, const char *rule, struct rule_sql *out,
                struct err *e);

/* --- what each condition removes (query_terms.c) ------------------------- */

/* At most this many terms: each is one bit of a 64-bit mask. */
#define QUERY_TERMS_MAX 62

struct term_removes {
	char **terms;         /* the rule's top-level terms, as rule_terms prints them */
	size_t n;
	long long parent;     /* members of the parent */
	long long all;        /* of them, those every term holds for */
	long long *without;   /* [i]: those every term but i holds for */
	long long *removes;   /* [i]: without[i] - all, what term i removes */
};

/* Counts rule within the parent (path, NULL/"" the base) with every term
 * and with each term left out, in one pass over the parent's members. out
 * is the caller's: term_removes_free. More than QUERY_TERMS_MAX terms is
 * an error. */
int query_terms_removes(struct db *db, const char *parent, const char *rule,
                        struct term_removes *out, struct err *e);

/* The counts of query_terms_removes for terms given one by one (each is
 * compiled alone, in parentheses): *parent_n the parent's members, *all
 * those every term holds for, without[i] (n of them) those every term but
 * i holds for. At most QUERY_TERMS_MAX terms. */
int query_terms_counts(struct db *db, const char *parent, const char *const *terms, size_t n,
                       long long *parent_n, long long *all, long long *without, struct err *e);

/* The same for the segment at path: its own rule within its parent. A
 * frozen segment has no conditions: an error. */
int segment_terms_removes(struct db *db, const char *path, struct term_removes *out,
                          struct err *e);

void term_removes_free(struct term_removes *t);

/* --- values of a field (query_facet.c) ------------------------------------ */

struct facet_value {
	char *value;          /* the most frequent spelling of the value (bool:
	                         "yes" / "no"; date: YYYY-MM-DD) */
	long long count;      /* members with the value, in any case */
};

struct facet {
	struct facet_value *v; /* by count, largest first (ties by value) */
	size_t n;
	long long total;      /* members of the scope (query_facet only) */
	long long empty;      /* of them, those without a value (query_facet only) */
	long long others;     /* those with a value beyond the first n */
	long long distinct;   /* values, folded, the first n included */
};

/* The values of field (a name or label) within the scope, folded as rules
 * compare text (москва and Москва are one value), with their counts: the
 * top ones (top 0: all of them). out is the caller's: facet_free. */
int query_facet(struct db *db, const char *parent, const char *rule, const char *field,
                size_t top, struct facet *out, struct err *e);

/* The most frequent values of field within the scope that start with
 * prefix (in any case; NULL or "": all), at most limit of them, for
 * completing a value. out is the caller's: facet_free; total and empty
 * are 0. */
int query_complete(struct db *db, const char *parent, const char *rule, const char *field,
                   const char *prefix, size_t limit, struct facet *out, struct err *e);

void facet_free(struct facet *f);

/* --- histograms (query_facet.c) ------------------------------------------- */

#define HIST_BUCKETS 20     /* the panel's: about this many */
#define HIST_MAX_BUCKETS 21 /* room for one more when the edges fall so */

struct hist_bucket {
	double lo, hi;        /* a number's edges [lo, hi); a date's as day
	                         numbers (date_to_days), hi the bucket's last day */
	char lo_text[32];     /* the bounds of `field between lo_text and
	                         hi_text` that selects this bucket's members:
	                         "1000", "2024-03-01"; for a number field with
	                         fractional values hi_text is the next edge, which
	                         between includes */
	char hi_text[32];
	long long count;
};

struct histogram {
	enum field_type type; /* FT_NUMBER or FT_DATE */
	struct hist_bucket v[HIST_MAX_BUCKETS];
	size_t n;             /* 0 when no member has a value */
	long long total;      /* members of the scope */
	long long empty;      /* of them, those without a value (or one not of the type) */
	char min[32], max[32]; /* the smallest and largest values, as rules write them */
	double step;          /* a number's bucket width (1, 2 or 5 x 10^k) */
	char unit;            /* a date's: 'd' (step days), 'm' (months), 'y' (years) */
};

/* The histogram of a number or date field within the scope: about 20
 * buckets with round edges (a number's 1, 2, 5 x 10^k; a date's whole
 * days, weeks, months or years), their counts, the empty count, min and
 * max. Filled into *out (no allocation). A text field is an error. */
int query_histogram(struct db *db, const char *parent, const char *rule, const char *field,
                    struct histogram *out, struct err *e);
/* The same with about buckets buckets (2 .. HIST_BUCKETS; out of that
 * range, the nearest end); query_histogram asks for HIST_BUCKETS. */
int query_histogram_n(struct db *db, const char *parent, const char *rule, const char *field,
                      size_t buckets, struct histogram *out, struct err *e);

#endif
