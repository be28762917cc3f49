/* Tests of the per-customer metrics: sums, dates, recency against the
 * reference date, age, RFM scores with ties, buyer types, LTV, spent net
 * of refunds, ABC classes, and the migration that brings a schema-2 base
 * to them. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "metrics_helpers.h"
#include "text/date.h"
#include "db.h"
#include "metrics.h"

static void
test_sums_dates_recency(void **state)
{
	char *dir;
	struct db *db = th_newdb("metrics-sums", &dir);
	const char *a[] = {"2024-01-10:100", "2024-03-05:250.5", "2024-02-01:-80", NULL};

	(void)state;
	tm_customer(db, "a", "1990-06-15", a);
	tm_customer(db, "b", NULL, NULL);
	tm_recompute(db);
	/* The reference date is the day after the latest order, cancelled
	 * ones included. */
	tm_assert_metric(db, "a", "orders", "2");
	/* 100 + 250.5 bought, 80 refunded by the cancellation */
	tm_assert_metric(db, "a", "spent", "270.5");
	tm_assert_metric(db, "a", "refunds", "80.0");
	tm_assert_metric(db, "a", "avg_check", "135.25");
	tm_assert_metric(db, "a", "first_order", "2024-01-10");
	tm_assert_metric(db, "a", "last_order", "2024-03-05");
	tm_assert_metric(db, "a", "days_since_order", "1");
	tm_assert_metric(db, "a", "age", "33");
	tm_assert_metric(db, "b", "orders", "0");
	tm_assert_metric(db, "b", "refunds", "0.0");
	tm_assert_metric(db, "b", "last_order", NULL);
	tm_assert_metric(db, "b", "buyer_type", "none");
	tm_assert_metric(db, "b", "rfm", NULL);
	/* An as_of date moves recency and age. */
	th_exec(db, "INSERT INTO meta VALUES ('as_of', '2024-06-15')");
	tm_recompute(db);
	tm_assert_metric(db, "a", "days_since_order", "102");
	tm_assert_metric(db, "a", "age", "34");
	/* 270.5 over the 5 months from 2024-01-10 to 2024-06-15 */
	tm_assert_metric(db, "a", "ltv_month", "54.1");
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
	tm_customer(db, "a", NULL, a);
	tm_customer(db, "b", NULL, b);
	tm_customer(db, "c", NULL, c);
	tm_customer(db, "d", NULL, d);
	tm_customer(db, "e", NULL, e);
	tm_customer(db, "nobody", NULL, NULL);
	tm_recompute(db);
	/* score = 1 + floor(5 w / N), w = buyers strictly worse, N = 5 */
	tm_assert_metric(db, "a", "r || f || m", "555");
	tm_assert_metric(db, "b", "r || f || m", "444");
	tm_assert_metric(db, "c", "r || f || m", "333");
	/* d and e: nobody has fewer orders or less money. */
	tm_assert_metric(db, "d", "r || f || m", "211");
	tm_assert_metric(db, "e", "r || f || m", "111");
	tm_assert_metric(db, "a", "rfm", "champions");
	tm_assert_metric(db, "b", "rfm", "loyal");
	tm_assert_metric(db, "c", "rfm", "need_attention");
	tm_assert_metric(db, "d", "rfm", "hibernating");
	tm_assert_metric(db, "nobody", "r", NULL);
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
	tm_customer(db, "regular", NULL, regular);
	tm_customer(db, "seasonal", NULL, seasonal);
	tm_customer(db, "repeat", NULL, repeat);
	tm_customer(db, "once", NULL, once);
	tm_customer(db, "last", NULL, last);
	tm_recompute(db);
	tm_assert_metric(db, "regular", "buyer_type", "regular");
	/* 4 of 5 purchases in November-January, over three years. */
	tm_assert_metric(db, "seasonal", "buyer_type", "seasonal");
	tm_assert_metric(db, "repeat", "buyer_type", "repeat");
	tm_assert_metric(db, "once", "buyer_type", "one_time");
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
	assert_int_equal(date_day_number("2024-03-01") - date_day_number("2024-02-28"), 2);
	assert_int_equal(date_day_number("2023-03-01") - date_day_number("2023-02-28"), 1);
	assert_int_equal(date_day_number("2025-01-01") - date_day_number("2024-01-01"), 366);
	assert_int_equal(date_day_number("2024-13-01"), -1);
	assert_int_equal(date_day_number("garbage"), -1);
}


/* Buyers of the refund tests, SPEC §5: spent is bought less refunded,
 * never below 0. */
static void
refund_customers(struct db *db)
{
	const char *a[] = {"2024-01-10:100", "2024-03-05:250.5", "2024-02-01:-80", NULL};
	const char *b[] = {"2024-03-01:1000", NULL};
	const char *c[] = {"2024-02-01:300", NULL};
	const char *d[] = {"2024-01-01:50", NULL};
	const char *e[] = {"2024-01-02:50", NULL};
	/* all of it cancelled; more cancelled than bought; only a refund */
	const char *z[] = {"2024-01-05:500", "2024-01-06:-500", NULL};
	const char *z2[] = {"2024-01-05:100", "2024-02-06:-150", NULL};
	const char *r[] = {"2024-01-07:-40", NULL};

	tm_customer(db, "a", NULL, a);
	tm_customer(db, "b", NULL, b);
	tm_customer(db, "c", NULL, c);
	tm_customer(db, "d", NULL, d);
	tm_customer(db, "e", NULL, e);
	tm_customer(db, "z", NULL, z);
	tm_customer(db, "z2", NULL, z2);
	tm_customer(db, "r", NULL, r);
	tm_customer(db, "nobody", NULL, NULL);
	th_exec(db, "INSERT INTO meta VALUES ('as_of', '2024-06-15')");
}

/* The figures of the refund tests, one line per customer. */
static char *
refund_figures(struct db *db)
{
	return th_text(db, "SELECT group_concat(line, ' ') FROM (SELECT c.ext_id || ':' ||"
	                   " m.orders || '/' || m.spent || '/' || m.refunds || '/' ||"
	                   " coalesce(m.avg_check, '-') || '/' || coalesce(m.ltv_month, '-') || '/' ||"
	                   " coalesce(m.m, '-') || '/' || coalesce(m.abc, '-') AS line"
	                   " FROM customers c JOIN customer_metrics m ON m.customer_id = c.id"
	                   " ORDER BY c.ext_id)");
}

static void
test_spent_net_of_refunds_and_abc(void **state)
{
	char *dir;
	struct db *db = th_newdb("metrics-refunds", &dir);

	(void)state;
	refund_customers(db);
	tm_recompute(db);
	tm_assert_metric(db, "a", "spent || '|' || refunds", "270.5|80.0");
	tm_assert_metric(db, "a", "avg_check", "135.25");
	tm_assert_metric(db, "z", "orders || '|' || spent || '|' || refunds", "1|0.0|500.0");
	tm_assert_metric(db, "z2", "orders || '|' || spent || '|' || refunds", "1|0.0|150.0");
	tm_assert_metric(db, "z", "avg_check", "0.0");
	tm_assert_metric(db, "r", "orders || '|' || spent || '|' || refunds", "0|0.0|40.0");
	tm_assert_metric(db, "r", "m", NULL);
	tm_assert_metric(db, "r", "abc", NULL);
	tm_assert_metric(db, "nobody", "refunds", "0.0");
	/* M over the 7 buyers' net spent 0, 0, 50, 50, 270.5, 300, 1000:
	 * 1 + floor(5 w / 7), w the buyers with strictly less. Gross, a
	 * (350.5) would be above c, and z (500) above both. */
	tm_assert_metric(db, "z", "m", "1");
	tm_assert_metric(db, "d", "m", "2");
	tm_assert_metric(db, "a", "m", "3");
	tm_assert_metric(db, "c", "m", "4");
	tm_assert_metric(db, "b", "m", "5");
	/* ABC, S = 1720.5: b (H 0), c (H 1000) and a (H 1300) under 80 %
	 * (1376.4); d and e (H 1570.5) under 95 % (1634.475); z and z2 (H
	 * 1670.5) above. */
	tm_assert_metric(db, "b", "abc", "A");
	tm_assert_metric(db, "c", "abc", "A");
	tm_assert_metric(db, "a", "abc", "A");
	tm_assert_metric(db, "d", "abc", "B");
	tm_assert_metric(db, "e", "abc", "B");
	tm_assert_metric(db, "z", "abc", "C");
	tm_assert_metric(db, "z2", "abc", "C");
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

/* A base of schema 2 (spent gross, no refunds column, no ABC) gets from
 * its migration the figures metrics_recompute gives. */
static void
test_schema2_base_migrates(void **state)
{
	char *dir, *path, *want, *got;
	struct db *db = th_newdb("metrics-migrate", &dir);
	struct err e = {0};
	sqlite3 *h;

	(void)state;
	refund_customers(db);
	tm_recompute(db);
	want = refund_figures(db);
	path = strdup(db_path(db));
	db_close(&db);
	/* What schema 2's metrics left: gross spent, and the average check,
	 * LTV and M from it; no ABC. */
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
	                              "UPDATE customer_metrics SET spent = (SELECT coalesce(sum(amount), 0)"
	                              "  FROM orders o WHERE o.customer_id = customer_metrics.customer_id"
	                              "  AND NOT o.cancelled), abc = NULL,"
	                              "  m = CASE WHEN orders > 0 THEN 9 END;"
	                              "UPDATE customer_metrics SET avg_check = 1e9, ltv_month = 1e9"
	                              "  WHERE refunds > 0 AND orders > 0;"
	                              "ALTER TABLE customer_metrics DROP COLUMN refunds;"
	                              "DROP TABLE customer_keys;"
	                              "ALTER TABLE imports DROP COLUMN options;"
	                              "ALTER TABLE undo_log DROP COLUMN kind;"
	                              "ALTER TABLE undo_log DROP COLUMN args;"
	                              "ALTER TABLE customer_metrics DROP COLUMN value_speed;"
	                              "ALTER TABLE customer_metrics DROP COLUMN lead_temp;"
	                              "PRAGMA user_version = 2;",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(db_open(&db, path, 0, &e), 0);
	assert_int_equal(th_int(db, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	got = refund_figures(db);
	assert_string_equal(got, want);
	free(got);
	/* and metrics recomputed on the migrated base agree */
	tm_recompute(db);
	got = refund_figures(db);
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(path);
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sums_dates_recency),
		cmocka_unit_test(test_rfm_scores_and_ties),
		cmocka_unit_test(test_buyer_types),
		cmocka_unit_test(test_segment_names_and_days),
		cmocka_unit_test(test_spent_net_of_refunds_and_abc),
		cmocka_unit_test(test_schema2_base_migrates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
