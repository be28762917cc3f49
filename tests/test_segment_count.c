/* Counting the tree when rules are large or broken (issue 6 E.5): the
 * limits of rule/rule.h at segment add and segment rule, a stored rule past them
 * (an older version wrote it, or the sqlite3 shell) showing its error on its
 * row while the rest of the tree is counted, a statement SQLite refuses,
 * deep chains of deep rules, and trees larger than one statement holds. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "db.h"
#include "fields.h"
#include "query.h"
#include "rule/rule.h"
#include "segment/segment.h"

/* An error as the user sees it (err_format). */
static char line[ERR_LINE_MAX];

/* 20 customers: lead_score 0..19, a city for the even ones, a tag on the
 * multiples of 3. */
static const char base_sql[] =
	"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19) "
	"INSERT INTO customers (id, ext_id, lead_score, city) "
	"SELECT i + 1, 'c' || i, i, CASE WHEN i % 2 = 0 THEN 'Київ' END FROM n;"
	"INSERT INTO tags (id, name, name_fold) VALUES (1, 'vip', 'vip');"
	"INSERT INTO customer_tags SELECT id, 1 FROM customers WHERE lead_score % 3 = 0;";

struct fixture {
	char *dir;
	struct db *db;
	struct err e;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb_sql("segment_count", base_sql, &f->dir);
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

/* "lead_score > 0 and lead_score > 1 ..." with n conditions (or/and). */
static char *
chain(size_t n, const char *op)
{
	char *s = malloc(n * 40 + 1);
	size_t i, len = 0;

	s[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(s + len, "%s%s %zu", i ? op : "", "lead_score >=", i % 7);
	return s;
}

/* A rule nested levels - 1 groups deep, and/or alternating, with a tag
 * and a subquery field at the bottom: the deepest the parser lets through. */
static char *
deep(int levels)
{
	char *s = malloc(64 * (size_t)levels + 64), *t = malloc(64 * (size_t)levels + 64);
	int i;

	strcpy(s, "tags > 0 and tag:vip");
	for (i = 0; i < levels - 1; i++) {
		sprintf(t, "lead_score > %d %s (%s)", i % 5, i % 2 ? "and" : "or", s);
		strcpy(s, t);
	}
	free(t);
	return s;
}

static void
add(struct fixture *f, const char *path, const char *rule)
{
	memset(&f->e, 0, sizeof f->e);
	if (segment_add(f->db, path, rule, NULL, &f->e) != 0)
		fail_msg("segment_add %s: %s", path, f->e.msg);
}

/* A base without segments: the tree is counted with no array at all (the
 * interface's first count of a new base); the sanitizers watch for it. */
static void
test_no_segments(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(segment_count_all(f->db, NULL, 0, false, NULL, &f->e), 0);
}

static void
test_limits_at_add(void **state)
{
	struct fixture *f = *state;
	char *r500 = chain(RULE_MAX_CONDITIONS, " or "), *r501 = chain(RULE_MAX_CONDITIONS + 1, " or ");
	char *r300 = chain(300, " and "), *r250, *d = deep(RULE_MAX_LEVELS);
	char msg[300];

	/* the largest rule is accepted, and SQLite runs it */
	add(f, "Max", r500);
	add(f, "Deep", d);
	/* one more condition is not: the position is that of the 501st */
	assert_int_equal(segment_add(f->db, "Big", r501, NULL, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	/* an or: segments do not help, a list does */
	snprintf(msg, sizeof msg,
	         "1:%zu: a rule may have at most %d conditions; this one has %d (a list is one "
	         "condition: write FIELD in (A, B, ...) rather than FIELD = A or FIELD = B or ...)",
	         strlen(r500) + 5, RULE_MAX_CONDITIONS, RULE_MAX_CONDITIONS + 1);
	assert_string_equal(err_format(&f->e, line, sizeof line), msg);
	/* what `in segment` brings in counts */
	add(f, "A", r300);
	r250 = chain(250, " and ");
	r250 = realloc(r250, strlen(r250) + 40);
	strcat(r250, " and in segment A");
	assert_int_equal(segment_add(f->db, "B", r250, NULL, &f->e), -1);
	assert_string_equal(f->e.msg, "with the segments it refers to (in segment), this rule has "
	                              "550 conditions; a rule may have at most 500");
	memset(&f->e, 0, sizeof f->e);
	assert_int_equal(segment_add(f->db, "B", "in segment Deep", NULL, &f->e), -1);
	assert_string_equal(f->e.msg, "with the segments it refers to (in segment), this rule "
	                              "nests 22 levels deep; a rule may nest at most 20 "
	                              "(parentheses and 'not')");
	/* and an edit that would push a referring rule past them names it */
	add(f, "Small", "lead_score > 1");
	add(f, "Refers", "in segment Small and lead_score < 100");
	memset(&f->e, 0, sizeof f->e);
	assert_int_equal(segment_set_rule(f->db, "Small", r500, &f->e), -1);
	assert_string_equal(f->e.msg, "\"Refers\" would no longer work: with the segments it refers "
	                              "to (in segment), this rule has 501 conditions; a rule may "
	                              "have at most 500");
	free(r500);
	free(r501);
	free(r300);
	free(r250);
	free(d);
}

/* The counts of list, with their errors. */
static struct segment_count *
count_all(struct fixture *f, struct segment **v, size_t *n)
{
	struct segment_count *c;

	memset(&f->e, 0, sizeof f->e);
	if (segment_list(f->db, v, n, &f->e) != 0)
		fail_msg("segment_list: %s", f->e.msg);
	c = calloc(*n + 1, sizeof *c);
	if (segment_count_all(f->db, *v, *n, true, c, &f->e) != 0)
		fail_msg("segment_count_all: %s", f->e.msg);
	return c;
}

static void
test_broken_rule_has_its_row(void **state)
{
	struct fixture *f = *state;
	char *big = chain(1000, " and "), *sql;
	struct segment *v;
	struct segment_count *c;
	size_t n;

	add(f, "Even", "city = Київ");
	add(f, "Big", "lead_score >= 0");
	add(f, "Big/Child", "lead_score > 2");
	add(f, "Refers", "in segment Big");
	add(f, "Vip", "tag:vip");
	/* a rule of 1,000 conditions, as an older version accepted it */
	sql = malloc(strlen(big) + 100);
	sprintf(sql, "UPDATE segments SET rule = '%s' WHERE name = 'Big'", big);
	th_exec(f->db, sql);
	c = count_all(f, &v, &n);
	assert_int_equal(n, 5);
	assert_string_equal(v[0].path, "Even");
	assert_int_equal(c[0].count, 10);
	assert_string_equal(c[0].error, "");
	assert_int_equal(c[1].count, -1);
	assert_non_null(strstr(c[1].error, "a rule may have at most 500 conditions; this one has "
	                                   "1000"));
	assert_string_equal(c[2].error, "the segment it is under, \"Big\", cannot be counted");
	assert_non_null(strstr(c[3].error, "at most 500 conditions"));
	assert_string_equal(v[4].path, "Vip");
	assert_int_equal(c[4].count, 7);
	assert_int_equal(c[4].base, 20);
	assert_string_equal(c[4].error, "");
	/* only the counted ones went into the history */
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM segment_counts"), 2);
	free(c);
	segment_list_free(v, n);
	free(sql);
	free(big);
}

static void
test_statement_failure_is_one_row(void **state)
{
	struct fixture *f = *state;
	struct segment *v;
	struct segment_count *c;
	size_t n;

	if (fields_add_custom(f->db, "zz", "ZZ", FT_NUMBER, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	add(f, "Even", "city = Київ");
	add(f, "Zz", "zz = 1");
	add(f, "Zz/Kid", "lead_score > 1");
	if (segment_freeze(f->db, "Zz/Kid", "Kid frozen", NULL, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	add(f, "Vip", "tag:vip");
	/* the catalog still has the field; its column is gone */
	th_exec(f->db, "ALTER TABLE customers DROP COLUMN cf_zz");
	c = count_all(f, &v, &n);
	assert_int_equal(n, 5);
	assert_int_equal(c[0].count, 10);
	assert_non_null(strstr(c[1].error, "SQLite cannot run its rules (no such column"));
	/* what is under it is not counted either, a snapshot included, which
	 * SQLite could count: its share of Zz would mean nothing */
	assert_string_equal(v[2].path, "Zz/Kid");
	assert_string_equal(c[2].error, "the segment it is under, \"Zz\", cannot be counted");
	assert_string_equal(v[3].path, "Zz/Kid frozen");
	assert_string_equal(c[3].error, "the segment it is under, \"Zz\", cannot be counted");
	assert_int_equal(c[3].count, -1);
	assert_int_equal(c[4].count, 7);
	free(c);
	segment_list_free(v, n);
}

/* Reading customer_tags is refused, as a base the program may not read
 * would be: a failure of the base, not of a rule. */
static int
deny_tags(void *ctx, int action, const char *a, const char *b, const char *db, const char *via)
{
	(void)ctx;
	(void)b;
	(void)db;
	(void)via;
	return action == SQLITE_READ && strcmp(a, "customer_tags") == 0 ? SQLITE_DENY : SQLITE_OK;
}

static void
test_base_failure_is_no_rule_error(void **state)
{
	struct fixture *f = *state;
	struct segment *v;
	struct segment_count *c;
	size_t n;

	add(f, "Even", "city = Київ");
	add(f, "Vip", "tag:vip");
	if (segment_list(f->db, &v, &n, &f->e) != 0)
		fail_msg("segment_list: %s", f->e.msg);
	c = calloc(n, sizeof *c);
	sqlite3_set_authorizer(db_handle(f->db), deny_tags, NULL);
	memset(&f->e, 0, sizeof f->e);
	/* not every row marked "SQLite cannot run its rules; shorten its rule" */
	assert_int_equal(segment_count_all(f->db, v, n, false, c, &f->e), -1);
	assert_int_not_equal(f->e.code, EXIT_DATAERR);
	assert_non_null(strstr(f->e.msg, "access to customer_tags.customer_id is prohibited"));
	sqlite3_set_authorizer(db_handle(f->db), NULL, NULL);
	free(c);
	segment_list_free(v, n);
}

static void
test_deep_chain_of_deep_rules(void **state)
{
	struct fixture *f = *state;
	char path[400] = "", *d = deep(RULE_MAX_LEVELS);
	struct segment *v;
	struct segment_count *c;
	long long want;
	size_t n, i;

	/* 40 levels of segments, each with a rule as deep as allowed */
	for (i = 0; i < 40; i++) {
		sprintf(path + strlen(path), "%sL%zu", i ? "/" : "", i);
		add(f, path, d);
	}
	/* each level has the same rule: the same members as the rule alone */
	if (rule_count(f->db, d, &want, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	assert_true(want > 0 && want < 20);
	c = count_all(f, &v, &n);
	assert_int_equal(n, 40);
	for (i = 0; i < n; i++) {
		if (c[i].error[0] != '\0')
			fail_msg("%s: %s", v[i].path, c[i].error);
		assert_int_equal(c[i].count, want);
	}
	free(c);
	segment_list_free(v, n);
	free(d);
}

static void
test_more_segments_than_one_statement(void **state)
{
	struct fixture *f = *state;
	struct segment *v;
	struct segment_count *c;
	size_t n, i;

	/* 2,100 segments: SQLite takes 2,000 result columns at most */
	th_exec(f->db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	               "WHERE i < 2100) INSERT INTO segments (id, name, position, rule) "
	               "SELECT i, 'S' || i, i, 'lead_score >= ' || (i % 25) FROM n");
	c = count_all(f, &v, &n);
	assert_int_equal(n, 2100);
	for (i = 0; i < n; i++) {
		long long want = 20 - (long long)((i + 1) % 25);

		if (c[i].error[0] != '\0')
			fail_msg("%s: %s", v[i].path, c[i].error);
		assert_int_equal(c[i].count, want < 0 ? 0 : want);
	}
	free(c);
	segment_list_free(v, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_segments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits_at_add, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_rule_has_its_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statement_failure_is_one_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base_failure_is_no_rule_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deep_chain_of_deep_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_more_segments_than_one_statement, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
