/* Per-customer metrics derived from orders (SPEC §1.1, §5): orders, money,
 * first and last order, recency, age, RFM scores and segment, buyer type,
 * LTV per month, top category — stored in customer_metrics. */
#ifndef CLIENTELE_METRICS_H
#define CLIENTELE_METRICS_H

#include <stdbool.h>

#include "err.h"

struct db;

/* Recomputes customer_metrics for every customer, for the base's reference
 * date (which it first refreshes: the day after the latest order unless
 * as_of is set). Runs inside the caller's transaction if there is one. */
int metrics_recompute(struct db *db, struct err *e);

/* The orders of a base as the import that wrote them all knew them, in
 * the table's order: metrics_recompute_with reads them from there instead
 * of scanning the table again. For an import into a base without orders
 * whose orders were each written once (none added to afterwards). */
struct metrics_orders;
struct metrics_orders *metrics_orders_new(void);
void metrics_orders_free(struct metrics_orders **op);
/* Lists one order as the table holds it: 0, or -1 when out of memory. */
int metrics_orders_add(struct metrics_orders *o, long long customer, const char *date,
                       double amount, const char *category, bool cancelled);
/* metrics_recompute with the base's orders taken from o (NULL: read from
 * the table). */
int metrics_recompute_with(struct db *db, const struct metrics_orders *o, struct err *e);

/* metrics_recompute_with that also counts the customers of each class,
 * as metrics_class_counts would read them back (counts may be NULL). */
struct metrics_counts;
int metrics_recompute_counted(struct db *db, const struct metrics_orders *o,
                              struct metrics_counts *counts, struct err *e);

/* The customers of a base as the import that wrote them all knew them
 * (into a base without customers), for metrics_job_start: each one put
 * as she was inserted (update false) or updated (NULL values: left as
 * they were, as the import's coalesce does). 0, or -1 out of memory. */
struct metrics_customers;
struct metrics_customers *metrics_customers_new(void);
void metrics_customers_free(struct metrics_customers **cp);
int metrics_customers_put(struct metrics_customers *c, long long id, bool update,
                          const char *birth_date, const double *age_given, const char *created_at,
                          const double *lead_score);

/* metrics_recompute_with(db, o) in two halves around other work on db:
 * metrics_job_start reads what the metrics need from the base (the
 * settings, the customers unless c has them, and the products when no
 * order has a category) and computes the figures and classes from o on a thread of
 * its own, which never touches db, and into an empty customer_metrics
 * writes their rows too, into a database of its own in memory;
 * metrics_job_finish waits for it and writes customer_metrics (or,
 * should the reference date not be the one expected, computes it all
 * again as metrics_recompute_with does). Both inside the caller's
 * transaction, with the customers' birth dates, creation dates, ages
 * and lead scores, and o, unchanged in between. metrics_job_free waits
 * for the thread (if it runs) and frees the job, finished or not, once
 * the caller's transaction has ended (the rows' database stays attached
 * to db until then); *jp NULL is fine. */
struct metrics_job;
struct metrics_customers;
int metrics_job_start(struct db *db, const struct metrics_orders *o,
                      const struct metrics_customers *c, struct metrics_job **jp, struct err *e);
int metrics_job_finish(struct db *db, struct metrics_job *j, struct err *e);
void metrics_job_free(struct db *db, struct metrics_job **jp);

/* Recomputes the age of customer id alone (after a hand edit of her birth
 * date), at the reference date the metrics were computed for; a customer
 * without metrics yet is left alone. */
int metrics_customer_age(struct db *db, long long id, struct err *e);

/* The reference date of SPEC §1.1 as YYYY-MM-DD: the as_of setting, else the
 * day after the latest order, else today (local time). */
int metrics_reference_date(struct db *db, char out[11], struct err *e);

/* The RFM segment name of scores r and f (1-5), e.g. "champions". */
const char *metrics_rfm_segment(int r, int f);

#endif
