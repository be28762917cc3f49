/* The analysis core (analysis.h): the RFM grid and its named segments, the
 * ABC×XYZ grid, the value × speed grid and segments compared, on a small base whose metrics are
 * set by hand (not computed by metrics.c), with every expected figure
 * worked out by hand below. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "analysis.h"
#include "db.h"
#include "segment/segment.h"

/* Seven customers; the reference date is 2024-06-01 (as_of), so
 * "within 90d" reaches back to 2024-03-03.
 *
 *  id gender city    consent | orders spent    r f rfm            age abc xyz last_order
 *  1  F      Москва  yes     | 3      300.00   5 4 champions      30  A   X   2024-05-30
 *  2  F      Москва  yes     | 1      100.50   5 4 champions      40  B   -   2023-01-01
 *  3  M      Київ    no      | 2       50.25   1 1 hibernating    25  C   Z   2022-01-01
 *  4  M      москва  -       | 5     1000.00   3 3 need_attention 35  A   Y   2024-03-15
 *  5  -      Омск    yes     | 0        0      - - -              60  -   -   -
 *  6  F      -       no      | (no metrics row at all)
 *  7  ''     Київ    yes     | 1       20.00   4 1 promising      50  C   -   2023-05-01,
 *                                 last_activity 2024-05-20 */
static const char base_sql[] =
	"INSERT INTO meta (key, value) VALUES ('as_of', '2024-06-01');"
	"INSERT INTO customers (id, gender, city, email_consent, last_activity) VALUES"
	" (1, 'F', 'Москва', 1, NULL), (2, 'F', 'Москва', 1, NULL), (3, 'M', 'Київ', 0, NULL),"
	" (4, 'M', 'москва', NULL, NULL), (5, NULL, 'Омск', 1, NULL), (6, 'F', NULL, 0, NULL),"
	" (7, '', 'Київ', 1, '2024-05-20');"
	"INSERT INTO customer_metrics (customer_id, orders, spent, r, f, rfm, age, abc, xyz,"
	" last_order) VALUES"
	" (1, 3, 300.00, 5, 4, 'champions', 30, 'A', 'X', '2024-05-30'),"
	" (2, 1, 100.50, 5, 4, 'champions', 40, 'B', NULL, '2023-01-01'),"
	" (3, 2, 50.25, 1, 1, 'hibernating', 25, 'C', 'Z', '2022-01-01'),"
	" (4, 5, 1000.00, 3, 3, 'need_attention', 35, 'A', 'Y', '2024-03-15'),"
	" (5, 0, 0, NULL, NULL, NULL, 60, NULL, NULL, NULL),"
	" (7, 1, 20.00, 4, 1, 'promising', 50, 'C', '', '2023-05-01');";

struct fixture {
	char *dir;
	struct db *db;
	struct err e;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb_sql("analysis", base_sql, &f->dir);
	assert_int_equal(segment_add(f->db, "Moscow", "city = Москва", NULL, &f->e), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	th_closedb(&f->db, &f->dir);
	free(f);
	return 0;
}

static const struct analysis_cell *
named(const struct rfm_grid *g, const char *name)
{
	for (size_t i = 0; i < RFM_NAMED; i++)
		if (strcmp(g->name[i], name) == 0)
			return &g->named[i];
	fail_msg("no named segment %s", name);
	return NULL;
}

static void
test_rfm_base(void **state)
{
	struct fixture *f = *state;
	struct rfm_grid g;
	const struct analysis_cell *c;
	long long cells = 0;

	if (analysis_rfm(f->db, NULL, &g, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	assert_int_equal(g.total, 7);
	assert_int_equal(g.buyers, 5);
	/* 5 (orders 0) and 6 (no metrics) */
	assert_int_equal(g.none.count, 2);
	assert_string_equal(g.none.rule, "orders = 0");
	assert_int_equal(g.none.orders, 0);
	assert_int_equal(analysis_avg_check(&g.none), -1);
	c = &g.cell[5 - 1][4 - 1];
	assert_string_equal(c->rule, "r = 5 and f = 4");
	assert_int_equal(c->count, 2);
	assert_int_equal(c->orders, 4);
	assert_int_equal(c->revenue_cents, 40050);
	/* 40050 / 4 = 10012.5 cents: rounded half up */
	assert_int_equal(analysis_avg_check(c), 10013);
	c = &g.cell[1 - 1][1 - 1];
	assert_int_equal(c->count, 1);
	assert_int_equal(c->revenue_cents, 5025);
	assert_int_equal(analysis_avg_check(c), 2513); /* 5025 / 2 = 2512.5 */
	assert_int_equal(g.cell[3 - 1][3 - 1].count, 1);
	assert_int_equal(g.cell[4 - 1][1 - 1].revenue_cents, 2000);
	for (int r = 0; r < 5; r++)
		for (int k = 0; k < 5; k++)
			cells += g.cell[r][k].count;
	assert_int_equal(cells, 5);
	assert_int_equal(g.cell[2 - 1][5 - 1].count, 0);

	assert_string_equal(g.name[0], "champions");
	c = named(&g, "champions");
	assert_string_equal(c->rule, "rfm = champions");
	assert_int_equal(c->count, 2);
	assert_int_equal(c->orders, 4);
	assert_int_equal(c->revenue_cents, 40050);
	assert_true(analysis_share(c->count, g.total) > 28.57 &&
	            analysis_share(c->count, g.total) < 28.58);
	assert_int_equal(named(&g, "need_attention")->revenue_cents, 100000);
	assert_int_equal(named(&g, "promising")->count, 1);
	assert_int_equal(named(&g, "loyal")->count, 0);
	assert_int_equal(analysis_avg_check(named(&g, "loyal")), -1);
}

static void
test_rfm_segment(void **state)
{
	struct fixture *f = *state;
	struct rfm_grid g;

	/* Moscow folds москва in: 1, 2 and 4 */
	if (analysis_rfm(f->db, "Moscow", &g, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	assert_int_equal(g.total, 3);
	assert_int_equal(g.buyers, 3);
	assert_int_equal(g.none.count, 0);
	assert_int_equal(g.cell[4][3].count, 2);
	assert_int_equal(g.cell[2][2].count, 1);
	assert_int_equal(g.cell[0][0].count, 0);
	assert_int_equal(g.cell[0][0].revenue_cents, 0);
	assert_int_equal(named(&g, "hibernating")->count, 0);

	/* the root by its name is the whole base */
	if (analysis_rfm(f->db, "All customers", &g, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	assert_int_equal(g.total, 7);
	assert_int_equal(analysis_rfm(f->db, "Nowhere", &g, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
}

static void
test_abc(void **state)
{
	struct fixture *f = *state;
	struct abc_grid g;
	long long sum = 0;

	if (analysis_abc(f->db, NULL, &g, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	assert_int_equal(g.total, 7);
	/* rows A B C none, columns X Y Z none */
	assert_string_equal(g.cell[0][0].rule, "abc = A and xyz = X");
	assert_int_equal(g.cell[0][0].count, 1);
	assert_int_equal(g.cell[0][0].revenue_cents, 30000);
	assert_int_equal(g.cell[0][1].count, 1); /* 4: A, Y */
	assert_int_equal(g.cell[0][1].revenue_cents, 100000);
	assert_string_equal(g.cell[1][3].rule, "abc = B and xyz is empty");
	assert_int_equal(g.cell[1][3].count, 1); /* 2 */
	assert_int_equal(g.cell[1][3].revenue_cents, 10050);
	assert_int_equal(g.cell[2][2].count, 1); /* 3: C, Z */
	assert_int_equal(g.cell[2][3].count, 1); /* 7: C, '' */
	assert_int_equal(g.cell[2][3].revenue_cents, 2000);
	assert_string_equal(g.cell[3][3].rule, "abc is empty and xyz is empty");
	assert_int_equal(g.cell[3][3].count, 2); /* 5 and 6 */
	assert_int_equal(g.cell[3][3].orders, 0);
	assert_null(g.abc[3]);
	assert_string_equal(g.xyz[2], "Z");
	for (int i = 0; i < ABC_ROWS; i++)
		for (int k = 0; k < XYZ_COLS; k++)
			sum += g.cell[i][k].count;
	assert_int_equal(sum, 7);
	if (analysis_abc(f->db, "Moscow", &g, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	assert_int_equal(g.total, 3);
	assert_int_equal(g.cell[0][0].count + g.cell[0][1].count + g.cell[1][3].count, 3);
	assert_int_equal(g.cell[3][3].count, 0);
}

/* Value × speed, set by hand over the base above: 1 fast_high; 2 and 4
 * slow_high; 3 and 7 fast_low; none slow_low; 5 (no purchase) and 6 (no
 * metrics row) without a class. The medians over 1, 2, 3, 4, 7: spent
 * 20, 50.25, 100.50, 300, 1000: 100.50; days to the first order 10, 0
 * and 0 (2 and 3 created after it: 31 and 4 days), 30, 3: 3; without 7
 * (no created_at), spent (100.50 + 300) / 2 = 200.25 and days 0, 0, 10,
 * 30: (0 + 10) / 2 = 5 (-4 and 10 would give 3). */
static void
test_value_speed(void **state)
{
	struct fixture *f = *state;
	struct vs_grid g;
	long long sum;

	assert_int_equal(db_exec(f->db,
	                         "UPDATE customer_metrics SET value_speed = CASE customer_id"
	                         " WHEN 1 THEN 'fast_high' WHEN 2 THEN 'slow_high'"
	                         " WHEN 3 THEN 'fast_low' WHEN 4 THEN 'slow_high'"
	                         " WHEN 7 THEN 'fast_low' END;"
	                         "UPDATE customer_metrics SET first_order = CASE customer_id"
	                         " WHEN 1 THEN '2024-01-11' WHEN 2 THEN '2023-01-01'"
	                         " WHEN 3 THEN '2022-01-06' WHEN 4 THEN '2024-01-31'"
	                         " WHEN 7 THEN '2023-01-04' END;"
	                         "UPDATE customers SET created_at = CASE id"
	                         " WHEN 1 THEN '2024-01-01' WHEN 2 THEN '2023-02-01'"
	                         " WHEN 3 THEN '2022-01-10' WHEN 4 THEN '2024-01-01'"
	                         " WHEN 7 THEN '2023-01-01' END",
	                         &f->e),
	                 0);
	if (analysis_value_speed(f->db, NULL, &g, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	assert_int_equal(g.total, 7);
	/* rows high, low; columns fast, slow */
	assert_string_equal(g.value[0], "high");
	assert_string_equal(g.speed[1], "slow");
	assert_string_equal(g.cell[0][0].rule, "value_speed = fast_high");
	assert_int_equal(g.cell[0][0].count, 1);
	assert_int_equal(g.cell[0][0].orders, 3);
	assert_int_equal(g.cell[0][0].revenue_cents, 30000);
	assert_string_equal(g.cell[0][1].rule, "value_speed = slow_high");
	assert_int_equal(g.cell[0][1].count, 2);
	assert_int_equal(g.cell[0][1].orders, 6);
	assert_int_equal(g.cell[0][1].revenue_cents, 110050);
	assert_string_equal(g.cell[1][0].rule, "value_speed = fast_low");
	assert_int_equal(g.cell[1][0].count, 2);
	assert_int_equal(g.cell[1][0].revenue_cents, 7025);
	assert_string_equal(g.cell[1][1].rule, "value_speed = slow_low");
	assert_int_equal(g.cell[1][1].count, 0);
	assert_int_equal(g.cell[1][1].revenue_cents, 0);
	assert_string_equal(g.none.rule, "value_speed is empty");
	assert_int_equal(g.none.count, 2);
	assert_int_equal(g.none.orders, 0);
	sum = g.none.count;
	for (int i = 0; i < VS_ROWS; i++)
		for (int k = 0; k < VS_COLS; k++)
			sum += g.cell[i][k].count;
	assert_int_equal(sum, 7);
	assert_int_equal(g.classed, 5);
	assert_float_equal(g.median_spent, 100.50, 1e-9);
	assert_float_equal(g.median_days, 3, 1e-9);
	/* Moscow: 1, 2 and 4 */
	if (analysis_value_speed(f->db, "Moscow", &g, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	assert_int_equal(g.total, 3);
	assert_int_equal(g.cell[0][0].count, 1);
	assert_int_equal(g.cell[0][1].count, 2);
	assert_int_equal(g.cell[0][1].revenue_cents, 110050);
	assert_int_equal(g.cell[1][0].count, 0);
	assert_int_equal(g.cell[1][0].revenue_cents, 0);
	assert_int_equal(g.none.count, 0);
	assert_int_equal(g.classed, 5); /* the medians are the base's */
	assert_float_equal(g.median_spent, 100.50, 1e-9);
	assert_int_equal(db_exec(f->db, "UPDATE customers SET created_at = NULL WHERE id = 7", &f->e),
	                 0);
	if (analysis_value_speed(f->db, NULL, &g, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	assert_int_equal(g.classed, 4);
	assert_float_equal(g.median_spent, 200.25, 1e-9);
	assert_float_equal(g.median_days, 5, 1e-9);
	assert_int_equal(db_exec(f->db, "UPDATE customer_metrics SET value_speed = NULL", &f->e), 0);
	if (analysis_value_speed(f->db, NULL, &g, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	assert_int_equal(g.classed, 0);
	assert_true(g.median_spent < 0 && g.median_days < 0);
	assert_int_equal(analysis_value_speed(f->db, "Nowhere", &g, &f->e), -1);
}

static void
test_compare(void **state)
{
	struct fixture *f = *state;
	const char *paths[] = {"", "Moscow"};
	struct compare c;
	const struct compare_col *b, *m;

	if (analysis_compare(f->db, paths, 2, 0, &c, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.base, 7);
	assert_string_equal(c.ref_date, "2024-06-01");
	assert_string_equal(c.active_rule, "last_order within 90d or last_activity within 90d");
	b = &c.col[0];
	m = &c.col[1];
	assert_string_equal(b->path, "");
	assert_string_equal(m->path, "Moscow");

	assert_int_equal(b->size, 7);
	assert_int_equal(b->female, 3);          /* 1, 2, 6 */
	assert_int_equal(b->male, 2);            /* 3, 4 */
	assert_int_equal(b->gender_unknown, 2);  /* 5, 7 */
	assert_int_equal(b->aged, 6);            /* 25 30 35 40 50 60 */
	assert_true(b->median_age > 37.49 && b->median_age < 37.51);
	assert_int_equal(b->ncities, 3);
	assert_string_equal(b->city[0].city, "Москва");
	assert_int_equal(b->city[0].count, 3);
	assert_string_equal(b->city[1].city, "Київ");
	assert_int_equal(b->city[1].count, 2);
	assert_int_equal(b->city[2].count, 1);
	assert_int_equal(b->orders, 12);
	assert_int_equal(b->revenue_cents, 147075);
	assert_int_equal(b->consent, 4);         /* 1, 2, 5, 7 */
	assert_int_equal(b->active, 3);          /* 1 and 4 by order, 7 by activity */
	assert_string_equal(c.rfm_name[0], "champions");
	assert_int_equal(b->rfm[0], 2);
	assert_int_equal(b->rfm_none, 2);

	assert_int_equal(m->size, 3);
	assert_int_equal(m->female, 2);
	assert_int_equal(m->male, 1);
	assert_int_equal(m->gender_unknown, 0);
	assert_int_equal(m->aged, 3);            /* 30 35 40 */
	assert_true(m->median_age > 34.99 && m->median_age < 35.01);
	assert_int_equal(m->ncities, 1);
	assert_int_equal(m->orders, 9);
	assert_int_equal(m->revenue_cents, 140050);
	assert_int_equal(m->consent, 2);
	assert_int_equal(m->active, 2);
	assert_int_equal(m->rfm_none, 0);
	compare_free(&c);

	/* a shorter window loses 4 (2024-03-15) */
	if (analysis_compare(f->db, paths, 1, 30, &c, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	assert_int_equal(c.col[0].active, 2);
	compare_free(&c);

	assert_int_equal(analysis_compare(f->db, paths, 0, 0, &c, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_USAGE);
	paths[1] = "Nowhere";
	assert_int_equal(analysis_compare(f->db, paths, 2, 0, &c, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	assert_int_equal(c.n, 0);
}

static void
test_path(void **state)
{
	(void)state;
	assert_string_equal(analysis_path(NULL), "");
	assert_string_equal(analysis_path("All customers"), "");
	assert_string_equal(analysis_path("Clients/All customers"), "Clients/All customers");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rfm_base, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rfm_segment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_speed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compare, setup, teardown),
		cmocka_unit_test(test_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
