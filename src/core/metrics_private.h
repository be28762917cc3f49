/* What the metrics files share (metrics.c, metrics_class.c,
 * metrics_window.c, metrics_write.c): every customer's figures gathered
 * in memory in one pass over the customers and one over the orders, from
 * which the classes are computed before any row is written (SPEC §1.1,
 * §5). Not for other modules. */
#ifndef CLIENTELE_METRICS_PRIVATE_H
#define CLIENTELE_METRICS_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "metrics_class.h"

struct db;

/* The reference date, split; set once per recompute. */
struct metrics_ref {
	int y, m, d;
	long day;
	int xyz_y, xyz_m; /* the first of the 12 months XYZ looks at */
};

/* Sets ref to the date y-m-d and what follows from it. */
void metrics_set_ref(struct metrics_ref *ref, int y, int m, int d);

/* The reference date the orders are read for, before they are
 * (metrics_ref.c): the as_of date, else the day after the latest order
 * as the import's list knows it (listed: latest, NULL without orders), or
 * as the last computation found it (data_ref_date), else as SQLite finds
 * it, else today. metrics.c checks it against the latest order it meets,
 * and reads them again when it was wrong (the orders changed since, by
 * hand). */
int metrics_expected_ref(struct db *db, bool listed, const char *latest, struct metrics_ref *ref,
                         struct err *e);

/* Sets the base's data_ref_date to the day after latest (the largest date
 * text of the orders, NULL: none; odd: a date that is not text, SQLite
 * finds it), and metrics_ref_date and ref to the reference date. */
int metrics_refresh_ref(struct db *db, const char *latest, bool odd, struct metrics_ref *ref,
                        struct err *e);

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
	int32_t cat0;             /* its first category, counted here: the */
	uint32_t n0;              /* others in a hash (metrics.c's pairs) */
	int32_t birth;            /* y << 9 | m << 5 | d of birth_date, -1 */
	int32_t win;              /* her XYZ window (metrics_windows): -1
	                           * none, -2 - i the wide window i */
	uint16_t month_hist[12];  /* purchases per calendar month (capped) */
	int16_t min_year, max_year;
	uint16_t recent;          /* bit i: a purchase in the year before the
	                           * reference date, i months before its month */
	int16_t age;              /* -1 when unknown; the age given until the
	                           * reference date is known */
	uint8_t r, f, m;
	uint8_t abc, xyz, speed, lead; /* indexes into metrics_*_names, MC_NONE */
};

/* The customers in id order. */
struct metrics_accs {
	struct metrics_acc *v;
	size_t n;
	int32_t *by_id;           /* id -> index into v, -1 for none */
	long long max_id;
};

/* The purchases of the XYZ window: 12 months in cents for each customer
 * who bought in them, in chunks of 32-bit windows, and the few that need
 * 64 bits (metrics_window.c). */
struct metrics_windows {
	int32_t (**chunks)[12];
	size_t nchunks, n;
	long long (*wide)[12];
	size_t nwide, capwide;
};

/* Adds cents to month k of c's window, taken on her first purchase in it:
 * 0, or -1 out of memory. */
int metrics_window_add(struct metrics_windows *w, struct metrics_acc *c, int k, long long cents);

/* Sets the XYZ class of every customer with a window. */
void metrics_window_classes(struct metrics_accs *a, const struct metrics_windows *w,
                            const struct metrics_thresholds *t);

void metrics_windows_free(struct metrics_windows *w);

/* spent in cents as customer_metrics holds it (rounded to cents). */
long long metrics_spent_cents(const struct metrics_acc *c);

/* Sets r, f and m of every buyer (SPEC §5's quintiles). */
int metrics_rfm_scores(struct metrics_accs *a, const struct metrics_ref *ref, struct err *e);

/* Sets abc and speed of every customer, and R from fixed thresholds
 * when t has them (SPEC §5). */
int metrics_class_compute(struct metrics_accs *a, const struct metrics_ref *ref,
                          const struct metrics_thresholds *t, struct err *e);

/* Sorts v[0..n) in ascending order: 0, or -1 out of memory. */
int metrics_sort(long long *v, size_t n);

/* The XYZ class of a customer's purchases in the 12 months of the window,
 * in cents (MC_NONE: nothing bought in them). */
uint8_t metrics_xyz_class(const long long month[12], const struct metrics_thresholds *t);

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
char *const *metrics_words_names(const struct metrics_words *w);

/* Writes customer_metrics: a row for each customer of a, her top category
 * or word tops[top] (metrics_write.c). */
int metrics_write(struct db *db, const struct metrics_accs *a, char *const *tops,
                  const struct metrics_ref *ref, struct err *e);

/* The customers of c into a, as metrics.c's load_customers reads them
 * from the table (metrics_customers.c). */
struct metrics_customers;
int metrics_customers_load(const struct metrics_customers *c, const struct metrics_thresholds *t,
                           struct metrics_accs *a, struct err *e);

/* The rows metrics_write would insert into an empty customer_metrics,
 * written instead into a database of their own in memory whose table is
 * made by schema (customer_metrics' CREATE TABLE), and returned as its
 * image (sqlite3_serialize: *image for sqlite3_free, *size bytes). Never
 * touches the base: for a thread of its own. */
int metrics_write_image(const char *schema, const struct metrics_accs *a, char *const *tops,
                        const struct metrics_ref *ref, unsigned char **image, long long *size,
                        struct err *e);

#endif
