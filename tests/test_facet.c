/* The queries of the conditions and facet panels (issue 8): what each
 * top-level condition removes, a field's values with their counts within a
 * parent, value completion, and histograms. Expected figures are worked out
 * by hand on a small base, or with separate counts and plain SQL. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "db.h"
#include "import/import.h"
#include "query.h"
#include "query_facet.h"
#include "rule/terms.h"
#include "segment/segment.h"

/* 11 customers: cities in two spellings, empty ones, scores, dates. */
static const char base_sql[] =
	"INSERT INTO customers (id, city, lead_score, birth_date, email_consent, created_at) VALUES"
	" (1, 'Москва', 0, '1980-05-03', 1, '2024-03-01 10:00:00'),"
	" (2, 'Москва', 3, '1985-01-01', 1, '2024-03-05'),"
	" (3, 'Москва', 7, '1990-06-15', 0, '2024-03-20 23:59:59'),"
	" (4, 'москва', 12, '1999-12-31', NULL, NULL),"
	" (5, 'Київ', 18, '1995-03-03', 1, NULL),"
	" (6, 'Київ', 25, NULL, 0, NULL),"
	" (7, 'Omsk', 33, '1988-08-08', NULL, NULL),"
	" (8, 'Ростов', 47, '', 1, NULL),"
	" (9, '', 50, '1992-02-29', NULL, NULL),"
	" (10, NULL, NULL, '1981-01-01', NULL, NULL),"
	" (11, NULL, 'abc', '1983-07-07', NULL, NULL);";

struct fixture {
	char *dir;
	struct db *db;
	struct err e;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb_sql("facet", base_sql, &f->dir);
	assert_int_equal(segment_add(f->db, "P", "lead_score >= 10", NULL, &f->e), 0);
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

static long long
count(struct db *db, const char *rule)
{
	struct err e = {0};
	long long n = -1;

	if (rule_count(db, rule, &n, &e) != 0)
		fail_msg("%s: %s", rule, e.msg);
	return n;
}

/* --- removes ---------------------------------------------------------------- */

/* query_terms_removes against one rule_count per term left out. */
static void
check_removes(struct db *db, const char *parent_rule, const char *parent, const char *rule)
{
	struct term_removes t;
	struct err e = {0};
	char buf[2048];
	size_t i, j;

	if (query_terms_removes(db, parent, rule, &t, &e) != 0)
		fail_msg("%s: %s", rule, e.msg);
	snprintf(buf, sizeof buf, "(%s)", parent_rule);
	assert_int_equal(t.parent, count(db, buf));
	for (i = 0; i < t.n; i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " and (%s)", t.terms[i]);
	assert_int_equal(t.all, count(db, buf));
	for (i = 0; i < t.n; i++) {
		snprintf(buf, sizeof buf, "(%s)", parent_rule);
		for (j = 0; j < t.n; j++)
			if (j != i)
				snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " and (%s)",
				         t.terms[j]);
		assert_int_equal(t.without[i], count(db, buf));
		assert_int_equal(t.removes[i], t.without[i] - t.all);
	}
	term_removes_free(&t);
}

static void
test_removes(void **state)
{
	struct fixture *f = *state;
	struct term_removes t;

	check_removes(f->db, "lead_score >= 10", "P",
	              "city = москва and lead_score > 5 and (email_consent = yes or lead_score > 40)");
	check_removes(f->db, "lead_score >= 10", "P", "city in (Київ, Omsk) and not city = Omsk");
	check_removes(f->db, "lead_score is not empty or lead_score is empty", NULL,
	              "city is not empty and birth_date < 1990-01-01 and email_consent = yes");
	/* by hand, within P (ids 4-9): city = Київ keeps 5, 6; email_consent =
	 * yes keeps 5, 8; both: 5 */
	assert_int_equal(query_terms_removes(f->db, "P", "city = Київ and email_consent = yes", &t,
	                                     &f->e), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.terms[0], "city = Київ");
	assert_int_equal(t.parent, 6);
	assert_int_equal(t.all, 1);
	assert_int_equal(t.removes[0], 1);
	assert_int_equal(t.removes[1], 1);
	term_removes_free(&t);
	/* the empty rule: no terms, all is the parent */
	assert_int_equal(query_terms_removes(f->db, "P", "", &t, &f->e), 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(t.all, 6);
	term_removes_free(&t);
	/* a segment's own rule within its parent */
	assert_int_equal(segment_add(f->db, "P/Q", "city = Київ and email_consent = yes", NULL,
	                             &f->e), 0);
	assert_int_equal(segment_terms_removes(f->db, "P/Q", &t, &f->e), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.parent, 6);
	assert_int_equal(t.all, 1);
	assert_int_equal(t.without[0], 2);
	term_removes_free(&t);
	assert_int_equal(segment_terms_removes(f->db, "P", &t, &f->e), 0);
	assert_int_equal(t.parent, 11);
	assert_int_equal(t.all, 6);
	term_removes_free(&t);
	assert_int_equal(query_terms_removes(f->db, "P", "cty = a", &t, &f->e), -1);
	assert_non_null(strstr(f->e.msg, "did you mean \"city\""));
}

/* --- values ----------------------------------------------------------------- */

static void
assert_value(const struct facet *fc, size_t i, const char *v, long long n)
{
	assert_true(i < fc->n);
	assert_string_equal(fc->v[i].value, v);
	assert_int_equal(fc->v[i].count, n);
}

static void
test_facet_text(void **state)
{
	struct fixture *f = *state;
	struct facet fc;

	/* the whole base: Москва 3 + москва 1 are one value, shown as Москва */
	assert_int_equal(query_facet(f->db, NULL, NULL, "city", 0, &fc, &f->e), 0);
	assert_int_equal(fc.n, 4);
	assert_value(&fc, 0, "Москва", 4);
	assert_value(&fc, 1, "Київ", 2);
	assert_value(&fc, 2, "Omsk", 1);
	assert_value(&fc, 3, "Ростов", 1);
	assert_int_equal(fc.total, 11);
	assert_int_equal(fc.empty, 3);
	assert_int_equal(fc.others, 0);
	assert_int_equal(fc.distinct, 4);
	facet_free(&fc);
	/* top 2: the others are counted */
	assert_int_equal(query_facet(f->db, "", "", "City", 2, &fc, &f->e), 0);
	assert_int_equal(fc.n, 2);
	assert_int_equal(fc.others, 2);
	assert_int_equal(fc.distinct, 4);
	facet_free(&fc);
	/* within P (lead_score >= 10: ids 4-9), where москва is the only spelling */
	assert_int_equal(query_facet(f->db, "P", NULL, "city", 10, &fc, &f->e), 0);
	assert_int_equal(fc.n, 4);
	assert_value(&fc, 0, "Київ", 2);
	assert_value(&fc, 1, "Omsk", 1);
	assert_value(&fc, 2, "москва", 1);
	assert_value(&fc, 3, "Ростов", 1);
	assert_int_equal(fc.total, 6);
	assert_int_equal(fc.empty, 1);
	facet_free(&fc);
	/* within P and a rule */
	assert_int_equal(query_facet(f->db, "P", "email_consent = yes", "city", 10, &fc, &f->e), 0);
	assert_int_equal(fc.n, 2);
	assert_value(&fc, 0, "Київ", 1);
	assert_value(&fc, 1, "Ростов", 1);
	assert_int_equal(fc.total, 2);
	facet_free(&fc);
	/* a bool field: yes and no */
	assert_int_equal(query_facet(f->db, NULL, NULL, "email_consent", 0, &fc, &f->e), 0);
	assert_int_equal(fc.n, 2);
	assert_value(&fc, 0, "yes", 4);
	assert_value(&fc, 1, "no", 2);
	assert_int_equal(fc.empty, 5);
	facet_free(&fc);
	assert_int_equal(query_facet(f->db, NULL, NULL, "cty", 0, &fc, &f->e), -1);
	assert_non_null(strstr(f->e.msg, "did you mean \"city\""));
	assert_int_equal(query_facet(f->db, "Nope", NULL, "city", 0, &fc, &f->e), -1);
}

static void
test_complete(void **state)
{
	struct fixture *f = *state;
	struct facet fc;

	assert_int_equal(query_complete(f->db, NULL, NULL, "city", "мО", 5, &fc, &f->e), 0);
	assert_int_equal(fc.n, 1);
	assert_value(&fc, 0, "Москва", 4);
	facet_free(&fc);
	assert_int_equal(query_complete(f->db, NULL, NULL, "city", "", 1, &fc, &f->e), 0);
	assert_int_equal(fc.n, 1);
	assert_value(&fc, 0, "Москва", 4);
	assert_int_equal(fc.others, 4);
	facet_free(&fc);
	assert_int_equal(query_complete(f->db, "P", NULL, "city", "o", 5, &fc, &f->e), 0);
	assert_int_equal(fc.n, 1);
	assert_value(&fc, 0, "Omsk", 1);
	facet_free(&fc);
	/* a number field completes too */
	assert_int_equal(query_complete(f->db, NULL, NULL, "lead_score", "4", 5, &fc, &f->e), 0);
	assert_int_equal(fc.n, 1);
	assert_value(&fc, 0, "47", 1);
	facet_free(&fc);
}

/* Each value of the facet, toggled into a rule within the parent, counts
 * what the facet says: the panel's two halves agree. */
static void
check_toggles(struct db *db, const char *parent_rule, const char *parent, const char *field)
{
	struct facet fc;
	struct err e = {0};
	char *r = NULL;
	size_t i;

	assert_int_equal(query_facet(db, parent, NULL, field, 0, &fc, &e), 0);
	for (i = 0; i < fc.n; i++) {
		if (rule_toggle_value(parent_rule, field, fc.v[i].value, &r, &e) != 0)
			fail_msg("%s: %s", fc.v[i].value, e.msg);
		assert_int_equal(count(db, r), fc.v[i].count);
		free(r);
	}
	facet_free(&fc);
}

static void
test_facet_toggle(void **state)
{
	struct fixture *f = *state;

	check_toggles(f->db, "lead_score >= 10", "P", "city");
	check_toggles(f->db, "lead_score >= 10", "P", "lead_score");
	check_toggles(f->db, "lead_score >= 10", "P", "email_consent");
	check_toggles(f->db, "lead_score >= 10", "P", "birth_date");
	check_toggles(f->db, "", NULL, "city");
}

/* --- histograms ------------------------------------------------------------- */

/* Each bucket's count against plain SQL, and the between of its bounds
 * against a count. */
static void
check_buckets(struct db *db, const struct histogram *h, const char *field, const char *sqlx,
              const char *parent_sql, const char *parent_rule)
{
	char sql[1024], rule[512];
	size_t i;
	long long sum = 0;

	for (i = 0; i < h->n; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM customers WHERE %s AND %s >= '%s' AND %s <= '%s'",
		         parent_sql, sqlx, h->v[i].lo_text, sqlx, h->v[i].hi_text);
		if (h->type == FT_NUMBER)
			snprintf(sql, sizeof sql,
			         "SELECT count(*) FROM customers WHERE %s AND typeof(%s) = 'real' AND "
			         "%s >= %s AND %s < %.17g",
			         parent_sql, sqlx, sqlx, h->v[i].lo_text, sqlx, h->v[i].hi);
		assert_int_equal(h->v[i].count, th_int(db, sql));
		snprintf(rule, sizeof rule, "%s%s between %s and %s", parent_rule, field,
		         h->v[i].lo_text, h->v[i].hi_text);
		assert_int_equal(h->v[i].count, count(db, rule));
		sum += h->v[i].count;
	}
	assert_int_equal(sum + h->empty, h->total);
}

static void
test_histogram_number(void **state)
{
	struct fixture *f = *state;
	struct histogram h;
	static const long long want[] = {2, 1, 1, 1, 0, 1, 1, 0, 0, 1, 1};
	size_t i;

	assert_int_equal(query_histogram(f->db, NULL, NULL, "lead_score", &h, &f->e), 0);
	assert_int_equal(h.type, FT_NUMBER);
	/* 0..50 in 20 is 2.5 a bucket: 5, from 0 */
	assert_true(h.step == 5);
	assert_int_equal(h.n, 11);
	assert_int_equal(h.total, 11);
	assert_int_equal(h.empty, 2);
	assert_string_equal(h.min, "0");
	assert_string_equal(h.max, "50");
	assert_string_equal(h.v[0].lo_text, "0");
	assert_string_equal(h.v[0].hi_text, "4");
	assert_string_equal(h.v[10].lo_text, "50");
	for (i = 0; i < N(want); i++)
		assert_int_equal(h.v[i].count, want[i]);
	check_buckets(f->db, &h, "lead_score", "lead_score", "1", "");
	/* within P: 12..50 in 20 is 1.9: 2, from 12 */
	assert_int_equal(query_histogram(f->db, "P", NULL, "lead_score", &h, &f->e), 0);
	assert_true(h.step == 2);
	assert_int_equal(h.n, 20);
	assert_string_equal(h.v[0].lo_text, "12");
	assert_int_equal(h.total, 6);
	check_buckets(f->db, &h, "lead_score", "lead_score", "lead_score >= 10",
	              "lead_score >= 10 and ");
	/* fractional values: the edges are the bucket's, between includes hi */
	th_exec(f->db, "UPDATE customers SET lead_score = lead_score / 100.0 WHERE id <= 9");
	assert_int_equal(query_histogram(f->db, NULL, NULL, "lead_score", &h, &f->e), 0);
	assert_true(h.step > 0.0499 && h.step < 0.0501);
	assert_int_equal(h.n, 11);
	assert_string_equal(h.v[1].lo_text, "0.05");
	assert_string_equal(h.v[1].hi_text, "0.1");
	assert_int_equal(h.v[0].count, 2);
	assert_int_equal(h.v[10].count, 1);
	/* one value: one bucket of it */
	assert_int_equal(query_histogram(f->db, NULL, "city = omsk", "lead_score", &h, &f->e), 0);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.v[0].count, 1);
	assert_int_equal(query_histogram(f->db, NULL, NULL, "city", &h, &f->e), -1);
	assert_non_null(strstr(f->e.msg, "not a number or a date"));
}

static void
test_histogram_date(void **state)
{
	struct fixture *f = *state;
	struct histogram h;
	static const int years[] = {0, 1, 3, 5, 8, 10, 12, 15, 19};
	size_t i;

	/* 1980-05-03 .. 1999-12-31: 40 half-years, 20 years */
	assert_int_equal(query_histogram(f->db, NULL, NULL, "birth_date", &h, &f->e), 0);
	assert_int_equal(h.type, FT_DATE);
	assert_int_equal(h.unit, 'y');
	assert_int_equal(h.n, 20);
	assert_int_equal(h.empty, 2);
	assert_string_equal(h.min, "1980-05-03");
	assert_string_equal(h.max, "1999-12-31");
	assert_string_equal(h.v[0].lo_text, "1980-01-01");
	assert_string_equal(h.v[0].hi_text, "1980-12-31");
	assert_string_equal(h.v[19].hi_text, "1999-12-31");
	for (i = 0; i < N(years); i++)
		assert_int_equal(h.v[years[i]].count, 1);
	check_buckets(f->db, &h, "birth_date", "birth_date", "1", "");
	/* a day the calendar does not have is no value */
	th_exec(f->db, "UPDATE customers SET birth_date = '2024-02-30' WHERE id = 6;"
	               "UPDATE customers SET birth_date = 'now' WHERE id = 8");
	assert_int_equal(query_histogram(f->db, NULL, NULL, "birth_date", &h, &f->e), 0);
	assert_int_equal(h.empty, 2);
	assert_int_equal(h.n, 20);
	/* 2024-03-01 .. 2024-03-20: 20 days */
	assert_int_equal(query_histogram(f->db, NULL, NULL, "created_at", &h, &f->e), 0);
	assert_int_equal(h.unit, 'd');
	assert_int_equal(h.n, 20);
	assert_int_equal(h.empty, 8);
	assert_string_equal(h.v[0].lo_text, "2024-03-01");
	assert_string_equal(h.v[19].hi_text, "2024-03-20");
	assert_int_equal(h.v[0].count, 1);
	assert_int_equal(h.v[4].count, 1);
	assert_int_equal(h.v[19].count, 1);
	check_buckets(f->db, &h, "created_at", "substr(created_at, 1, 10)", "1", "");
	/* 2024-03-01 .. 2024-05-10: 71 days, 11 weeks */
	th_exec(f->db, "UPDATE customers SET created_at = '2024-05-10' WHERE id = 4");
	assert_int_equal(query_histogram(f->db, NULL, NULL, "created_at", &h, &f->e), 0);
	assert_int_equal(h.unit, 'd');
	assert_true(h.step == 7);
	assert_int_equal(h.n, 11);
	assert_string_equal(h.v[1].lo_text, "2024-03-08");
	check_buckets(f->db, &h, "created_at", "substr(created_at, 1, 10)", "1", "");
	/* 2019-11-20 .. 2024-05-10: 54 months, 27 two-months, 18 quarters */
	th_exec(f->db, "UPDATE customers SET created_at = '2019-11-20' WHERE id = 5");
	assert_int_equal(query_histogram(f->db, NULL, NULL, "created_at", &h, &f->e), 0);
	assert_int_equal(h.unit, 'm');
	assert_true(h.step == 3);
	assert_string_equal(h.v[0].lo_text, "2019-10-01");
	assert_string_equal(h.v[0].hi_text, "2019-12-31");
	check_buckets(f->db, &h, "created_at", "substr(created_at, 1, 10)", "1", "");
}

/* --- the demo base ------------------------------------------------------------ */

static void
test_demo(void **state)
{
	const char *src = getenv("SRCDIR");
	struct fixture *f = *state;
	struct import_result res = {0};
	struct facet fc;
	struct histogram h;
	char *cust, *ord, *top;
	long long sum = 0;
	size_t i;

	(void)state;
	if (src == NULL)
		src = ".";
	assert_true(asprintf(&cust, "%s/data/demo/customers.csv", src) > 0);
	assert_true(asprintf(&ord, "%s/data/demo/orders.csv", src) > 0);
	th_exec(f->db, "DELETE FROM segments; DELETE FROM customers");
	{
		struct import_opts o = {.customers = cust, .orders = ord};

		if (import_run(f->db, &o, &res, &f->e) != 0)
			fail_msg("%s", f->e.msg);
	}
	import_result_free(&res);
	/* the top city, by plain SQL (the demo writes each city one way) */
	top = th_text(f->db, "SELECT city FROM customers WHERE city <> '' GROUP BY city "
	                     "ORDER BY count(*) DESC LIMIT 1");
	assert_int_equal(query_facet(f->db, NULL, NULL, "city", 5, &fc, &f->e), 0);
	assert_int_equal(fc.total, th_int(f->db, "SELECT count(*) FROM customers"));
	assert_string_equal(fc.v[0].value, top);
	assert_int_equal(fc.v[0].count, count(f->db, "city = москва"));
	for (i = 0; i < fc.n; i++)
		sum += fc.v[i].count;
	assert_int_equal(sum + fc.others + fc.empty, fc.total);
	facet_free(&fc);
	free(top);
	assert_int_equal(query_histogram(f->db, NULL, "city = москва", "lead_score", &h, &f->e), 0);
	check_buckets(f->db, &h, "lead_score", "lead_score",
	              "city = 'Москва'", "city = москва and ");
	assert_int_equal(query_histogram(f->db, NULL, NULL, "last_order", &h, &f->e), 0);
	assert_true(h.n > 5 && h.n <= 20);
	check_buckets(f->db, &h, "last_order", "(SELECT m.last_order FROM customer_metrics AS m "
	              "WHERE m.customer_id = customers.id)", "1", "");
	check_removes(f->db, "lead_score is not empty or lead_score is empty", NULL,
	              "city = москва and lead_score > 50 and (orders > 2 or email_consent = yes)");
	free(cust);
	free(ord);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_removes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_facet_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_facet_toggle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_histogram_number, setup, teardown),
		cmocka_unit_test_setup_teardown(test_histogram_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
