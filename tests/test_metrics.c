/* Tests of the per-customer metrics: sums, dates, recency against the
 * reference date, age, RFM scores with ties, buyer types, LTV. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "db.h"
#include "metrics.h"

/* Adds customer ext with orders given as "date:amount" pairs. */
static void
customer(struct db *db, const char *ext, const char *birth, const char *const *orders)
{
	char sql[512];
	size_t i;

	snprintf(sql, sizeof sql, "INSERT INTO customers(ext_id, birth_date) VALUES ('%s', %s%s%s)",
	         ext, birth ? "'" : "", birth ? birth : "NULL", birth ? "'" : "");
	th_exec(db, sql);
	for (i = 0; orders != NULL && orders[i] != NULL; i++) {
		char date[11];
		double amount;

		if (sscanf(orders[i], "%10[^:]:%lf", date, &amount) != 2)
			fail_msg("bad order spec %s", orders[i]);
		snprintf(sql, sizeof sql,
		         "INSERT INTO orders(key, customer_id, date, amount, cancelled) SELECT "
		         "'%s/%zu', id, '%s', %f, %d FROM customers WHERE ext_id = '%s'",
		         ext, i, date, amount < 0 ? -amount : amount, amount < 0, ext);
		th_exec(db, sql);
	}
}

static char *
metric(struct db *db, const char *ext, const char *col)
{
	char sql[256];

	snprintf(sql, sizeof sql,
	         "SELECT %s FROM customer_metrics m JOIN customers c ON c.id = m.customer_id "
	         "WHERE c.ext_id = '%s'",
	         col, ext);
	return th_text(db, sql);
}

static void
assert_metric(struct db *db, const char *ext, const char *col, const char *want)
{
	char *got = metric(db, ext, col);

	if (want == NULL) {
		assert_null(got);
	} else {
		if (got == NULL)
			fail_msg("%s of %s is NULL, want %s", col, ext, want);
		assert_string_equal(got, want);
	}
	free(got);
}

static void
recompute(struct db *db)
{
	struct err e = {0};

	if (metrics_recompute(db, &e) != 0)
		fail_msg("%s", e.msg);
}

static void
test_sums_dates_recency(void **state)
{
	char *dir;
	struct db *db = th_newdb("metrics-sums", &dir);
	const char *a[] = {"2024-01-10:100", "2024-03-05:250.5", "2024-02-01:-80", NULL};

	(void)state;
	customer(db, "a", "1990-06-15", a);
	customer(db, "b", NULL, NULL);
	recompute(db);
	/* The reference date is the day after the latest order, cancelled
	 * ones included. */
	assert_metric(db, "a", "orders", "2");
	assert_metric(db, "a", "spent", "350.5");
	assert_metric(db, "a", "avg_check", "175.25");
	assert_metric(db, "a", "first_order", "2024-01-10");
	assert_metric(db, "a", "last_order", "2024-03-05");
	assert_metric(db, "a", "days_since_order", "1");
	assert_metric(db, "a", "age", "33");
	assert_metric(db, "b", "orders", "0");
	assert_metric(db, "b", "last_order", NULL);
	assert_metric(db, "b", "buyer_type", "none");
	assert_metric(db, "b", "rfm", NULL);
	/* An as_of date moves recency and age. */
	th_exec(db, "INSERT INTO meta VALUES ('as_of', '2024-06-15')");
	recompute(db);
	assert_metric(db, "a", "days_since_order", "102");
	assert_metric(db, "a", "age", "34");
	/* 350.5 over the 5 months from 2024-01-10 to 2024-06-15 */
	assert_metric(db, "a", "ltv_month", "70.1");
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

static void
test_rfm_scores_and_ties(void **state)
{
	char *dir;
	struct db *db = th_newdb("metrics-rfm", &dir);
	/* Five buyers; d and e tie on frequency and money. */
	const char *a[] = {"2024-12-30:1000", "2024-12-01:1000", "2024-11-01:1000", "2024-10-01:1000",
	                   NULL};
	const char *b[] = {"2024-12-20:500", "2024-11-20:500", "2024-10-20:500", NULL};
	const char *c[] = {"2024-10-01:300", "2024-09-01:300", NULL};
	const char *d[] = {"2024-06-01:100", NULL};
	const char *e[] = {"2024-01-01:100", NULL};

	(void)state;
	customer(db, "a", NULL, a);
	customer(db, "b", NULL, b);
	customer(db, "c", NULL, c);
	customer(db, "d", NULL, d);
	customer(db, "e", NULL, e);
	customer(db, "nobody", NULL, NULL);
	recompute(db);
	/* score = 1 + floor(5 w / N), w = buyers strictly worse, N = 5 */
	assert_metric(db, "a", "r || f || m", "555");
	assert_metric(db, "b", "r || f || m", "444");
	assert_metric(db, "c", "r || f || m", "333");
	/* d and e: nobody has fewer orders or less money. */
	assert_metric(db, "d", "r || f || m", "211");
	assert_metric(db, "e", "r || f || m", "111");
	assert_metric(db, "a", "rfm", "champions");
	assert_metric(db, "b", "rfm", "loyal");
	assert_metric(db, "c", "rfm", "need_attention");
	assert_metric(db, "d", "rfm", "hibernating");
	assert_metric(db, "nobody", "r", NULL);
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

static void
test_buyer_types(void **state)
{
	char *dir;
	struct db *db = th_newdb("metrics-types", &dir);
	const char *regular[] = {"2024-01-05:1", "2024-02-05:1", "2024-04-05:1", "2024-06-05:1",
	                         "2024-08-05:1", "2024-12-05:1", NULL};
	const char *seasonal[] = {"2022-12-10:1", "2022-12-20:1", "2023-11-25:1", "2023-12-15:1",
	                          "2024-07-01:1", NULL};
	const char *repeat[] = {"2024-03-01:1", "2024-07-01:1", NULL};
	const char *once[] = {"2024-05-01:1", NULL};
	const char *last[] = {"2024-12-31:1", NULL};

	(void)state;
	customer(db, "regular", NULL, regular);
	customer(db, "seasonal", NULL, seasonal);
	customer(db, "repeat", NULL, repeat);
	customer(db, "once", NULL, once);
	customer(db, "last", NULL, last);
	recompute(db);
	assert_metric(db, "regular", "buyer_type", "regular");
	/* 4 of 5 purchases in November-January, over three years. */
	assert_metric(db, "seasonal", "buyer_type", "seasonal");
	assert_metric(db, "repeat", "buyer_type", "repeat");
	assert_metric(db, "once", "buyer_type", "one_time");
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

static void
test_segment_names_and_days(void **state)
{
	(void)state;
	assert_string_equal(metrics_rfm_segment(1, 1), "hibernating");
	assert_string_equal(metrics_rfm_segment(2, 4), "at_risk");
	assert_string_equal(metrics_rfm_segment(1, 5), "cant_lose");
	assert_string_equal(metrics_rfm_segment(3, 2), "about_to_sleep");
	assert_string_equal(metrics_rfm_segment(3, 3), "need_attention");
	assert_string_equal(metrics_rfm_segment(4, 5), "loyal");
	assert_string_equal(metrics_rfm_segment(3, 4), "loyal");
	assert_string_equal(metrics_rfm_segment(4, 1), "promising");
	assert_string_equal(metrics_rfm_segment(5, 1), "new");
	assert_string_equal(metrics_rfm_segment(4, 3), "potential_loyalist");
	assert_string_equal(metrics_rfm_segment(5, 5), "champions");
	assert_null(metrics_rfm_segment(0, 3));
	assert_int_equal(metrics_day_number("2024-03-01") - metrics_day_number("2024-02-28"), 2);
	assert_int_equal(metrics_day_number("2023-03-01") - metrics_day_number("2023-02-28"), 1);
	assert_int_equal(metrics_day_number("2025-01-01") - metrics_day_number("2024-01-01"), 366);
	assert_int_equal(metrics_day_number("2024-13-01"), -1);
	assert_int_equal(metrics_day_number("garbage"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sums_dates_recency),
		cmocka_unit_test(test_rfm_scores_and_ties),
		cmocka_unit_test(test_buyer_types),
		cmocka_unit_test(test_segment_names_and_days),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
