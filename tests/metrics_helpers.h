/* What the metrics' tests share: customers with orders written by hand,
 * a customer's metric checked, the metrics recomputed. */
#ifndef CLIENTELE_TEST_METRICS_HELPERS_H
#define CLIENTELE_TEST_METRICS_HELPERS_H

struct db;

/* Adds customer ext (birth: a YYYY-MM-DD date, or NULL) with orders given
 * as "date:amount" pairs, a negative amount a cancellation of that much
 * (orders: NULL-terminated, or NULL). Asserts. */
void tm_customer(struct db *db, const char *ext, const char *birth, const char *const *orders);

/* Metric col of customer ext as text (malloc'd; NULL for NULL). */
char *tm_metric(struct db *db, const char *ext, const char *col);

/* Metric col of customer ext is want (NULL: NULL), or the test fails. */
void tm_assert_metric(struct db *db, const char *ext, const char *col, const char *want);

/* metrics_recompute, or the test fails with its message. */
void tm_recompute(struct db *db);

#endif
