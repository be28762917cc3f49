/* What metrics.c and metrics_class.c share: every customer's figures
 * gathered in memory in one pass over the customers and one over the
 * orders, from which the classes are computed before any row is written
 * (SPEC §1.1, §5). Not for other modules. */
#ifndef CLIENTELE_METRICS_PRIVATE_H
#define CLIENTELE_METRICS_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "metrics_class.h"

/* The reference date, split; set once per recompute. */
struct metrics_ref {
	int y, m, d;
	long day;
	int xyz_y, xyz_m; /* the first of the 12 months XYZ looks at */
};

/* The classes, as numbers (the names: metrics_*_names, 0 first). */
enum { MC_NONE = 0xff };

/* One customer's figures. Kept small: there is one per customer. */
struct metrics_acc {
	double spent;             /* purchases, then net of refunds (SPEC §5) */
	double refunds;           /* what cancellations refunded */
	uint32_t orders;
	int32_t first, last;      /* day numbers; -1 when no order */
	int32_t created;          /* day number of created_at, -1 */
	int32_t top;              /* most frequent category or word, -1 */
	uint32_t top_n;
	int32_t win;              /* its months of the XYZ window, -1: none */
	uint16_t month_hist[12];  /* purchases per calendar month (capped) */
	int16_t min_year, max_year;
	uint16_t recent;          /* bit i: a purchase in the year before the
	                           * reference date, i months before its month */
	int16_t age;              /* -1 when unknown */
	uint8_t r, f, m;
	uint8_t abc, xyz, speed, lead; /* indexes into metrics_*_names, MC_NONE */
};

/* The customers in id order, and the purchases of the XYZ window: 12
 * months in cents for each customer who bought in them. */
struct metrics_accs {
	struct metrics_acc *v;
	size_t n;
	int32_t *by_id;           /* id -> index into v, -1 for none */
	long long max_id;
	long long (*win)[12];
	size_t nwin, capwin;
};

/* Sets abc, xyz and speed of every customer, and R from fixed thresholds
 * when t has them (SPEC §5). */
int metrics_class_compute(struct metrics_accs *a, const struct metrics_ref *ref,
                          const struct metrics_thresholds *t, struct err *e);

/* Sorts v[0..n) in ascending order: 0, or -1 out of memory. */
int metrics_sort(long long *v, size_t n);

/* How many customers each class has. */
void metrics_class_count(const struct metrics_accs *a, struct metrics_counts *out);

/* The lead temperature of a lead_score (MC_NONE: none). */
uint8_t metrics_lead_class(double score, const struct metrics_thresholds *t);

/* The top words of the products, for a base without categories: each
 * order not cancelled counts one for the first significant word of its
 * product; a customer's top is the word most of her orders name, the
 * first in byte order on a tie. */
struct metrics_words;
struct metrics_words *metrics_words_new(void);
void metrics_words_free(struct metrics_words **wp);
/* Counts product for customer c (index ci): 0, or -1 out of memory. */
int metrics_words_add(struct metrics_words *w, struct metrics_acc *c, size_t ci,
                      const char *product, struct err *e);
const char *metrics_word(const struct metrics_words *w, int32_t i);

#endif
