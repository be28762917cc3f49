/* Tests of the classes of SPEC §5 on small bases computed by hand: ABC
 * with ties and the customer who crosses a threshold, XYZ with months
 * without purchases and at its thresholds, value × speed at the medians,
 * lead temperature at its thresholds, the top category from the products,
 * thresholds kept in the base, and the fields in rules. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "metrics_helpers.h"
#include "db.h"
#include "metrics.h"
#include "metrics_class.h"
#include "query.h"

/* Twelve monthly orders from 2023-07 to 2024-06, the first six of a, the
 * other six of b. */
static void
monthly(struct db *db, const char *ext, double a, double b)
{
	char buf[12][24];
	const char *v[13];

	for (int i = 0; i < 12; i++) {
		int y = 2023 + (6 + i) / 12, m = (6 + i) % 12 + 1;

		snprintf(buf[i], sizeof buf[i], "%04d-%02d-10:%.2f", y, m, i < 6 ? a : b);
		v[i] = buf[i];
	}
	v[12] = NULL;
	tm_customer(db, ext, NULL, v);
}

static void
thresholds(struct db *db, enum metrics_threshold_kind kind, const char *s)
{
	struct metrics_thresholds t;
	struct err e = {0};

	metrics_thresholds_default(&t);
	if (metrics_thresholds_parse(kind, s, &t, &e) != 0 ||
	    metrics_thresholds_set(db, kind, &t, &e) != 0)
		fail_msg("%s: %s", s, e.msg);
}

static long long
count(struct db *db, const char *rule)
{
	struct err e = {0};
	long long n = -1;

	if (rule_count(db, rule, &n, &e) != 0)
		fail_msg("%s: %s", rule, e.msg);
	return n;
}

static void
test_abc_ties_and_crosser(void **state)
{
	char *dir;
	struct db *db = th_newdb("class-abc", &dir);

	(void)state;
	/* S = 1000 among the buyers (z spent 0 net, n bought nothing). */
	tm_customer(db, "p", NULL, (const char *[]){"2024-01-10:500", NULL});
	tm_customer(db, "q", NULL, (const char *[]){"2024-01-10:300", NULL});
	tm_customer(db, "r", NULL, (const char *[]){"2024-01-10:60", "2024-02-10:40", NULL});
	tm_customer(db, "u", NULL, (const char *[]){"2024-01-10:30", NULL});
	tm_customer(db, "s1", NULL, (const char *[]){"2024-01-10:25", NULL});
	tm_customer(db, "s2", NULL, (const char *[]){"2024-03-10:35", "2024-03-11:-10", NULL});
	tm_customer(db, "v", NULL, (const char *[]){"2024-01-10:20", NULL});
	tm_customer(db, "z", NULL, (const char *[]){"2024-01-10:70", "2024-01-12:-70", NULL});
	tm_customer(db, "n", NULL, NULL);
	tm_recompute(db);
	/* H (what those who spent strictly more spent): p 0, q 500 (q takes
	 * the revenue from 50 % to 80 %: crossing 80 %, she is A), r 800 (80 %
	 * is not below 80 %: B), u 900, s1 and s2 (tied, 25 net each) 930: B
	 * both though together they cross 95 %, v 980: C, z 1000: C. */
	tm_assert_metric(db, "p", "abc", "A");
	tm_assert_metric(db, "q", "abc", "A");
	tm_assert_metric(db, "r", "abc", "B");
	tm_assert_metric(db, "u", "abc", "B");
	tm_assert_metric(db, "s1", "abc", "B");
	tm_assert_metric(db, "s2", "abc", "B");
	tm_assert_metric(db, "v", "abc", "C");
	tm_assert_metric(db, "z", "abc", "C");
	tm_assert_metric(db, "n", "abc", NULL);
	assert_int_equal(count(db, "abc = A"), 2);
	assert_int_equal(count(db, "abc = B"), 4);
	assert_int_equal(count(db, "abc = C"), 2);

	/* 50,30: A below 50 %, B below 80 %. */
	thresholds(db, MT_ABC, "50,30");
	tm_recompute(db);
	tm_assert_metric(db, "p", "abc", "A");
	tm_assert_metric(db, "q", "abc", "B");
	tm_assert_metric(db, "r", "abc", "C");
	assert_int_equal(count(db, "abc = C"), 6);
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

static void
test_xyz(void **state)
{
	char *dir;
	struct db *db = th_newdb("class-xyz", &dir);

	(void)state;
	/* The reference date 2024-07-15: the window is 2023-07 to 2024-06. */
	th_exec(db, "INSERT INTO meta(key, value) VALUES ('as_of', '2024-07-15')");
	monthly(db, "flat", 100, 100);  /* CV 0 */
	monthly(db, "x10", 110, 90);    /* mean 100, sd 10: 10 %, X */
	monthly(db, "y25", 125, 75);    /* 25 %: Y */
	monthly(db, "z26", 126, 74);    /* 26 %: Z */
	/* Eleven months of 100 and one without: mean 1100/12, sd
	 * sqrt(11)·100/12, CV 1/sqrt(11) = 30.2 %; 0 % if the empty month
	 * were left out. */
	tm_customer(db, "gap", NULL, (const char *[]){"2023-07-01:100", "2023-08-01:100", "2023-09-01:100",
	                                     "2023-10-01:100", "2023-11-01:100", "2023-12-01:100",
	                                     "2024-01-01:100", "2024-02-01:100", "2024-03-01:100",
	                                     "2024-04-01:100", "2024-05-31:100", NULL});
	/* The orders of the reference date's month and of the month before
	 * the window do not count: nothing in the window, no class. */
	tm_customer(db, "out", NULL, (const char *[]){"2024-07-01:100", "2023-06-30:100", NULL});
	/* A cancellation is no purchase: flat2 is flat. */
	monthly(db, "flat2", 50, 50);
	th_exec(db, "INSERT INTO orders(key, customer_id, date, amount, cancelled) SELECT 'c', id,"
	            " '2024-02-02', 50, 1 FROM customers WHERE ext_id = 'flat2'");
	tm_customer(db, "none", NULL, NULL);
	/* Months beyond 32 bits of cents (over 21 million): big_y 40M and 56M,
	 * mean 48M, sd 8M, 16.7 %; grows from 100,000 to 30M mid-window. */
	monthly(db, "big_x", 30000000, 30000000);
	monthly(db, "big_y", 40000000, 56000000);
	monthly(db, "grows", 100000, 30000000);
	tm_recompute(db);
	tm_assert_metric(db, "big_x", "xyz", "X");
	tm_assert_metric(db, "big_y", "xyz", "Y");
	tm_assert_metric(db, "grows", "xyz", "Z");
	tm_assert_metric(db, "flat", "xyz", "X");
	tm_assert_metric(db, "flat2", "xyz", "X");
	tm_assert_metric(db, "x10", "xyz", "X");
	tm_assert_metric(db, "y25", "xyz", "Y");
	tm_assert_metric(db, "z26", "xyz", "Z");
	tm_assert_metric(db, "gap", "xyz", "Z");
	tm_assert_metric(db, "out", "xyz", NULL);
	tm_assert_metric(db, "none", "xyz", NULL);
	assert_int_equal(count(db, "xyz = X"), 4);

	/* Looser: X up to 25 %, Y up to 35 %. */
	thresholds(db, MT_XYZ, "25,35");
	tm_recompute(db);
	tm_assert_metric(db, "y25", "xyz", "X");
	tm_assert_metric(db, "z26", "xyz", "Y");
	tm_assert_metric(db, "gap", "xyz", "Y");
	tm_assert_metric(db, "big_y", "xyz", "X");
	assert_int_equal(count(db, "xyz = X"), 6);
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

static void
test_value_speed(void **state)
{
	char *dir;
	struct db *db = th_newdb("class-speed", &dir);

	(void)state;
	/* Five buyers with a created_at: spent 100..500 (median 300), days to
	 * the first order 0, 2, 4, 6, 8 (median 4). */
	tm_customer(db, "mid", NULL, (const char *[]){"2024-01-05:300", NULL});
	tm_customer(db, "cheap", NULL, (const char *[]){"2024-01-01:100", "2024-03-01:0", NULL});
	tm_customer(db, "late", NULL, (const char *[]){"2024-01-09:500", NULL});
	tm_customer(db, "small", NULL, (const char *[]){"2024-01-07:200", NULL});
	tm_customer(db, "quick", NULL, (const char *[]){"2024-01-03:150", "2024-02-03:250", NULL});
	th_exec(db, "UPDATE customers SET created_at = '2024-01-01 10:30:00'"
	            " WHERE ext_id IN ('mid', 'cheap', 'late', 'small', 'quick')");
	/* Bought nothing, or no created_at: no class. */
	tm_customer(db, "lead", NULL, NULL);
	th_exec(db, "UPDATE customers SET created_at = '2024-01-01' WHERE ext_id = 'lead'");
	tm_customer(db, "anon", NULL, (const char *[]){"2024-01-01:1000", NULL});
	tm_recompute(db);
	tm_assert_metric(db, "mid", "value_speed", "fast_high");   /* both at the medians */
	tm_assert_metric(db, "cheap", "value_speed", "fast_low");
	tm_assert_metric(db, "late", "value_speed", "slow_high");
	tm_assert_metric(db, "small", "value_speed", "slow_low");
	tm_assert_metric(db, "quick", "value_speed", "fast_high"); /* 400, 2 days */
	tm_assert_metric(db, "lead", "value_speed", NULL);
	tm_assert_metric(db, "anon", "value_speed", NULL);
	assert_int_equal(count(db, "value_speed = fast_high"), 2);
	assert_int_equal(count(db, "value_speed is empty"), 2);

	/* Created after the first order: bought at once (0 days); the medians
	 * become 250 and 3. */
	tm_customer(db, "after", NULL, (const char *[]){"2024-01-01:50", NULL});
	th_exec(db, "UPDATE customers SET created_at = '2024-01-04' WHERE ext_id = 'after'");
	tm_recompute(db);
	tm_assert_metric(db, "after", "value_speed", "fast_low");
	tm_assert_metric(db, "mid", "value_speed", "slow_high");
	tm_assert_metric(db, "cheap", "value_speed", "fast_low");
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

static void
test_lead_temp(void **state)
{
	static const struct {
		const char *ext, *score, *dflt, *strict;
	} cases[] = {
		{"l100", "100", "hot", "hot"},   {"l80", "80", "hot", "hot"},
		{"l70", "70", "hot", "warm"},    {"l69", "69.9", "warm", "warm"},
		{"l50", "50", "warm", "warm"},   {"l40", "40", "warm", "cold"},
		{"l39", "39.99", "cold", "cold"}, {"l0", "0", "cold", "cold"},
		{"lnull", "NULL", NULL, NULL},
	};
	char *dir, sql[256];
	struct db *db = th_newdb("class-lead", &dir);

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tm_customer(db, cases[i].ext, NULL, NULL);
		snprintf(sql, sizeof sql, "UPDATE customers SET lead_score = %s WHERE ext_id = '%s'",
		         cases[i].score, cases[i].ext);
		th_exec(db, sql);
	}
	tm_recompute(db);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		tm_assert_metric(db, cases[i].ext, "lead_temp", cases[i].dflt);
	assert_int_equal(count(db, "lead_temp = hot"), 3);
	assert_int_equal(count(db, "lead_temp = warm"), 3);
	assert_int_equal(count(db, "lead_temp = cold"), 2);
	thresholds(db, MT_LEAD, "80,50");
	tm_recompute(db);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		tm_assert_metric(db, cases[i].ext, "lead_temp", cases[i].strict);
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

static void
product(struct db *db, const char *ext, const char *key, const char *product, int cancelled)
{
	char sql[512];

	snprintf(sql, sizeof sql,
	         "INSERT INTO orders(key, customer_id, date, amount, product, cancelled) SELECT"
	         " '%s', id, '2024-01-01', 10, '%s', %d FROM customers WHERE ext_id = '%s'",
	         key, product, cancelled, ext);
	th_exec(db, sql);
}

static void
test_top_category_from_products(void **state)
{
	char *dir;
	struct db *db = th_newdb("class-top", &dir);

	(void)state;
	tm_customer(db, "a", NULL, NULL);
	product(db, "a", "a1", "SET OF 3 CAKE TINS PANTRY DESIGN", 0);
	product(db, "a", "a2", "CAKE STAND", 0);
	product(db, "a", "a3", "WHITE HANGING LANTERN", 0);
	product(db, "a", "a4", "RED LANTERN", 1); /* cancelled: not counted */
	product(db, "a", "a5", "Red lantern", 1);
	tm_customer(db, "b", NULL, NULL);
	product(db, "b", "b1", "ZINC HEART", 0);  /* a tie: the first in order */
	product(db, "b", "b2", "HEART OF WICKER", 0);
	tm_customer(db, "c", NULL, NULL);
	product(db, "c", "c1", "Набор кружек «Утро»", 0);
	tm_customer(db, "d", NULL, NULL);
	product(db, "d", "d1", "RED SET", 0);     /* stop words alone: the first */
	product(db, "d", "d2", "3 X 4", 0);       /* no word */
	tm_recompute(db);
	tm_assert_metric(db, "a", "top_category", "cake");
	tm_assert_metric(db, "b", "top_category", "heart");
	tm_assert_metric(db, "c", "top_category", "кружек");
	tm_assert_metric(db, "d", "top_category", "red");
	assert_int_equal(count(db, "top_category = cake"), 1);

	/* With a category column, the categories as before. */
	th_exec(db, "UPDATE orders SET category = 'Kitchen' WHERE key = 'b2'");
	tm_recompute(db);
	tm_assert_metric(db, "b", "top_category", "Kitchen");
	tm_assert_metric(db, "a", "top_category", NULL);
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

/* R from fixed thresholds: 5 up to 30 days since the last order, 4 up to
 * 60, 3 up to 90, 2 up to 180, 1 above; the RFM segment follows. */
static void
test_r_days(void **state)
{
	char *dir;
	struct db *db = th_newdb("class-r-days", &dir);

	(void)state;
	th_exec(db, "INSERT INTO meta(key, value) VALUES ('as_of', '2024-07-01')");
	tm_customer(db, "d30", NULL, (const char *[]){"2024-06-01:10", NULL});  /* 30 days */
	tm_customer(db, "d31", NULL, (const char *[]){"2024-05-31:10", NULL});  /* 31 */
	tm_customer(db, "d90", NULL, (const char *[]){"2024-04-02:10", NULL});  /* 90 */
	tm_customer(db, "d180", NULL, (const char *[]){"2024-01-03:10", NULL}); /* 180 */
	tm_customer(db, "d181", NULL, (const char *[]){"2024-01-02:10", "2023-01-01:10", "2023-02-01:10",
	                                      "2023-03-01:10", "2023-04-01:10", NULL});
	tm_customer(db, "none", NULL, NULL);
	thresholds(db, MT_R_DAYS, "30,60,90,180");
	tm_recompute(db);
	tm_assert_metric(db, "d30", "days_since_order || '|' || r", "30|5");
	tm_assert_metric(db, "d31", "days_since_order || '|' || r", "31|4");
	tm_assert_metric(db, "d90", "r", "3");
	tm_assert_metric(db, "d180", "r", "2");
	tm_assert_metric(db, "d181", "days_since_order || '|' || r || '|' || f || '|' || rfm",
	              "181|1|5|cant_lose");
	tm_assert_metric(db, "d30", "rfm", "new"); /* R 5, F 1: the others bought once */
	tm_assert_metric(db, "none", "r", NULL);
	assert_int_equal(count(db, "r = 5"), 1);
	/* back to quintiles: 1 + floor(5 w / 5), w those with a larger recency */
	thresholds(db, MT_R_DAYS, "quintiles");
	tm_recompute(db);
	tm_assert_metric(db, "d181", "r", "1");
	tm_assert_metric(db, "d180", "r", "2");
	tm_assert_metric(db, "d30", "r", "5");
	assert_null(th_text(db, "SELECT value FROM meta WHERE key = 'r_days'"));
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

static void
test_thresholds_parse_and_keep(void **state)
{
	struct metrics_thresholds t;
	struct err e = {0};
	char *dir, *v;
	struct db *db = th_newdb("class-thresholds", &dir);

	(void)state;
	metrics_thresholds_default(&t);
	assert_int_equal(metrics_thresholds_parse(MT_ABC, "80", &t, &e), -1);
	assert_int_equal(e.code, EXIT_USAGE);
	assert_int_equal(metrics_thresholds_parse(MT_ABC, "90,15", &t, &e), -1);
	assert_int_equal(metrics_thresholds_parse(MT_ABC, "0,15", &t, &e), -1);
	assert_int_equal(metrics_thresholds_parse(MT_XYZ, "30,20", &t, &e), -1);
	assert_int_equal(metrics_thresholds_parse(MT_LEAD, "40,70", &t, &e), -1);
	assert_int_equal(metrics_thresholds_parse(MT_XYZ, "10,x", &t, &e), -1);
	assert_int_equal(metrics_thresholds_parse(MT_R_DAYS, "30,60,90", &t, &e), -1);
	assert_int_equal(metrics_thresholds_parse(MT_R_DAYS, "30,60,60,180", &t, &e), -1);
	assert_int_equal(metrics_thresholds_parse(MT_R_DAYS, "30,60,90,180,", &t, &e), -1);
	assert_true(t.abc[0] == 80 && t.xyz[1] == 25 && t.lead[0] == 70);
	assert_int_equal(metrics_thresholds_parse(MT_XYZ, "12.5,40", &t, &e), 0);
	assert_int_equal(metrics_thresholds_set(db, MT_XYZ, &t, &e), 0);
	v = th_text(db, "SELECT value FROM meta WHERE key = 'xyz_thresholds'");
	assert_string_equal(v, "12.5,40");
	free(v);
	metrics_thresholds_default(&t);
	assert_int_equal(metrics_thresholds_get(db, &t, &e), 0);
	assert_true(t.xyz[0] == 12.5 && t.xyz[1] == 40 && t.abc[0] == 80 && t.lead[1] == 40);
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

/* The counts metrics_recompute_counted gives (what clientele metrics
 * prints) are those of the table it wrote. */
static void
test_counted(void **state)
{
	struct metrics_counts got, want;
	struct err e = {0};
	char *dir;
	struct db *db = th_newdb("class-counted", &dir);

	(void)state;
	tm_customer(db, "a", NULL, (const char *[]){"2024-01-05:300", "2024-02-05:300", NULL});
	tm_customer(db, "b", NULL, (const char *[]){"2024-01-01:100", "2024-03-01:-100", NULL});
	tm_customer(db, "c", NULL, (const char *[]){"2023-06-09:500", NULL});
	tm_customer(db, "d", NULL, (const char *[]){"2024-01-07:20", NULL});
	tm_customer(db, "e", NULL, NULL);
	tm_customer(db, "f", NULL, NULL);
	th_exec(db, "UPDATE customers SET created_at = '2024-01-01' WHERE ext_id IN ('a', 'c', 'd', 'e')");
	th_exec(db, "UPDATE customers SET lead_score = 80 WHERE ext_id IN ('a', 'e')");
	th_exec(db, "UPDATE customers SET lead_score = 50 WHERE ext_id = 'b'");
	th_exec(db, "UPDATE customers SET lead_score = 10 WHERE ext_id = 'c'");
	if (metrics_recompute_counted(db, NULL, &got, &e) != 0 ||
	    metrics_class_counts(db, &want, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(got.customers, 6);
	assert_int_equal(got.buyers, 4);
	assert_int_equal(got.lead[0], 2); /* hot */
	assert_int_equal(got.lead[3], 2); /* no lead_score */
	assert_int_equal(got.speed[4], 3); /* b without created_at, e and f no purchase */
	assert_memory_equal(&got, &want, sizeof got);
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abc_ties_and_crosser),
		cmocka_unit_test(test_xyz),
		cmocka_unit_test(test_value_speed),
		cmocka_unit_test(test_lead_temp),
		cmocka_unit_test(test_top_category_from_products),
		cmocka_unit_test(test_r_days),
		cmocka_unit_test(test_thresholds_parse_and_keep),
		cmocka_unit_test(test_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
