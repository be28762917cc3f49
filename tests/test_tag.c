/* Tests of tags: names unique in any case (Cyrillic too) and checked;
 * create, rename, merge, delete; putting on and taking off by ids and by
 * rule, with counts; every edit undone back to exactly the previous
 * customer_tags; a re-import keeping tags. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "db.h"
#include "import/import.h"
#include "query.h"
#include "rule/rule.h"
#include "segment/segment.h"
#include "tag.h"
#include "undo.h"

/* An error as the user sees it (err_format). */
static char line[ERR_LINE_MAX];

struct fixture {
	char *dir;
	struct db *db;
	struct err e;
};

/* Eight customers; 1-3 in Москва, 3 and 7 buyers. */
static const char base_sql[] =
	"INSERT INTO customers(id, ext_id, city) VALUES (1, 'c1', 'Москва'), (2, 'c2', 'МОСКВА'),"
	"  (3, 'c3', 'москва'), (4, 'c4', 'Киев'), (5, 'c5', NULL), (6, 'c6', 'Минск'),"
	"  (7, 'c7', 'Казань'), (8, 'c8', 'Киев');"
	"INSERT INTO customer_metrics(customer_id, orders, spent) VALUES (1, 0, 0), (2, 0, 0),"
	"  (3, 2, 100), (4, 0, 0), (5, 0, 0), (6, 0, 0), (7, 5, 900), (8, 0, 0);";

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb_sql("tag", base_sql, &f->dir);
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

/* tags and customer_tags as one string, by name (malloc'd). */
static char *
tags_state(struct db *db)
{
	return th_text(db,
	               "SELECT coalesce((SELECT group_concat(x, ';') FROM (SELECT t.id || ':' || t.name "
	               "|| ':' || t.name_fold || ':' || coalesce((SELECT group_concat(customer_id, ',') "
	               "FROM (SELECT customer_id FROM customer_tags WHERE tag_id = t.id ORDER BY 1)), '') "
	               "AS x FROM tags AS t ORDER BY t.id)), '')");
}

/* The customers carrying a tag, as "1,2,3" ('' for none). */
static char *
members(struct db *db, const char *fold)
{
	char sql[256];

	snprintf(sql, sizeof sql,
	         "SELECT coalesce(group_concat(customer_id, ','), '') FROM (SELECT customer_id FROM "
	         "customer_tags JOIN tags ON tags.id = tag_id WHERE name_fold = '%s' ORDER BY 1)",
	         fold);
	return th_text(db, sql);
}

static void
assert_members(struct db *db, const char *fold, const char *want)
{
	char *got = members(db, fold);

	assert_string_equal(got, want);
	free(got);
}

static void
ok(struct fixture *f, int rc)
{
	if (rc != 0)
		fail_msg("%s", f->e.msg);
}

static void
undo(struct fixture *f, const char *want)
{
	char *label = NULL;

	memset(&f->e, 0, sizeof f->e);
	ok(f, undo_last(f->db, &label, &f->e));
	assert_string_equal(label, want);
	free(label);
}

static long long
add_ids(struct fixture *f, const char *name, const long long *ids, size_t n)
{
	struct tag_target t = {.ids = ids, .nids = n};
	long long changed = -1;

	memset(&f->e, 0, sizeof f->e);
	ok(f, tag_add(f->db, name, &t, &changed, &f->e));
	return changed;
}

static long long
remove_ids(struct fixture *f, const char *name, const long long *ids, size_t n)
{
	struct tag_target t = {.ids = ids, .nids = n};
	long long changed = -1;

	memset(&f->e, 0, sizeof f->e);
	ok(f, tag_remove(f->db, name, &t, &changed, &f->e));
	return changed;
}

static long long
add_rule(struct fixture *f, const char *name, const char *rule)
{
	struct tag_target t = {.rule = rule};
	long long changed = -1;

	memset(&f->e, 0, sizeof f->e);
	ok(f, tag_add(f->db, name, &t, &changed, &f->e));
	return changed;
}

static long long
steps(struct fixture *f)
{
	return th_int(f->db, "SELECT count(*) FROM undo_log");
}

/* --- names ------------------------------------------------------------------ */

static void
test_unique_in_any_case(void **state)
{
	struct fixture *f = *state;
	long long id = 0;

	ok(f, tag_create(f->db, "VIP", &id, &f->e));
	assert_true(id > 0);
	assert_int_equal(tag_create(f->db, "vip", NULL, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	assert_string_equal(f->e.msg, "tag \"VIP\" already exists");
	ok(f, tag_create(f->db, "Ждёт распродажу", NULL, &f->e));
	assert_int_equal(tag_create(f->db, "ЖДЁТ РАСПРОДАЖУ", NULL, &f->e), -1);
	assert_string_equal(f->e.msg, "tag \"Ждёт распродажу\" already exists");
	/* ё and е are different letters */
	ok(f, tag_create(f->db, "ждет распродажу", NULL, &f->e));
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM tags"), 3);
	assert_int_equal(steps(f), 3);
	/* putting "vip" on adds to "VIP", no new tag */
	long long c1 = 1;
	assert_int_equal(add_ids(f, "  vip ", &c1, 1), 1);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM tags"), 3);
	assert_members(f->db, "vip", "1");
}

static void
test_names_checked(void **state)
{
	struct fixture *f = *state;
	char name[512];
	char *stored;
	int i;

	assert_int_equal(tag_create(f->db, "", NULL, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	assert_int_equal(tag_create(f->db, " \t\u00a0 ", NULL, &f->e), -1);
	assert_int_equal(tag_create(f->db, "two\nlines", NULL, &f->e), -1);
	assert_int_equal(tag_create(f->db, "bad \xff byte", NULL, &f->e), -1);
	/* 100 Cyrillic letters (200 bytes) are fine, 101 are not */
	name[0] = '\0';
	for (i = 0; i < 100; i++)
		strcat(name, "ж");
	ok(f, tag_create(f->db, name, NULL, &f->e));
	strcat(name, "ж");
	assert_int_equal(tag_create(f->db, name, NULL, &f->e), -1);
	assert_non_null(strstr(f->e.msg, "too long (101 characters; at most 100)"));
	/* trimmed */
	ok(f, tag_create(f->db, "  beta tester\u00a0", NULL, &f->e));
	stored = th_text(f->db, "SELECT name FROM tags WHERE name_fold = 'beta tester'");
	assert_string_equal(stored, "beta tester");
	free(stored);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM tags"), 2);
	assert_int_equal(steps(f), 2);
}

/* --- rename, merge, delete ---------------------------------------------------- */

static void
test_rename(void **state)
{
	struct fixture *f = *state;
	long long ids[] = {1, 2};
	char *before, *after;

	assert_int_equal(add_ids(f, "vip", ids, 2), 2);
	ok(f, tag_create(f->db, "ecom", NULL, &f->e));
	before = tags_state(f->db);
	/* onto another tag's name, in any case: refused, nothing changes */
	assert_int_equal(tag_rename(f->db, "vip", "ECOM", &f->e), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	assert_non_null(strstr(f->e.msg, "tag \"ecom\" already exists"));
	assert_int_equal(tag_rename(f->db, "nope", "x", &f->e), -1);
	assert_string_equal(f->e.msg, "no tag \"nope\" (clientele tags lists them)");
	after = tags_state(f->db);
	assert_string_equal(after, before);
	free(after);
	/* a change of case is fine; its customers stay */
	ok(f, tag_rename(f->db, "VIP", "Vip", &f->e));
	ok(f, tag_rename(f->db, "vip", "Золотые клиенты", &f->e));
	assert_members(f->db, "золотые клиенты", "1,2");
	assert_members(f->db, "vip", "");
	/* the same name again: nothing to do, no step */
	long long n = steps(f);
	ok(f, tag_rename(f->db, "золотые КЛИЕНТЫ", "Золотые клиенты", &f->e));
	assert_int_equal(steps(f), n);
	undo(f, "renamed tag \"Vip\" to \"Золотые клиенты\"");
	undo(f, "renamed tag \"vip\" to \"Vip\"");
	after = tags_state(f->db);
	assert_string_equal(after, before);
	free(after);
	free(before);
}

static void
test_merge(void **state)
{
	struct fixture *f = *state;
	long long a[] = {1, 2, 3}, b[] = {3, 4};
	char *before, *after;

	add_ids(f, "old vip", a, 3);
	add_ids(f, "VIP", b, 2);
	add_ids(f, "ecom", b, 1);
	before = tags_state(f->db);
	assert_int_equal(tag_merge(f->db, "vip", "VIP", &f->e), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	ok(f, tag_merge(f->db, "OLD VIP", "vip", &f->e));
	assert_members(f->db, "vip", "1,2,3,4");
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM tags WHERE name_fold = 'old vip'"), 0);
	assert_members(f->db, "ecom", "3");
	undo(f, "merged tag \"old vip\" into \"VIP\"");
	after = tags_state(f->db);
	assert_string_equal(after, before);
	free(after);
	free(before);
}

static void
test_delete(void **state)
{
	struct fixture *f = *state;
	long long a[] = {1, 5, 8};
	char *before, *after;

	add_ids(f, "ecom", a, 3);
	add_ids(f, "beta", a, 1);
	before = tags_state(f->db);
	ok(f, tag_delete(f->db, "ECOM", &f->e));
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customer_tags"), 1);
	assert_int_equal(tag_delete(f->db, "ecom", &f->e), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	undo(f, "deleted tag \"ecom\" (it was on 3 customers)");
	after = tags_state(f->db);
	assert_string_equal(after, before);
	free(after);
	free(before);
}

/* --- putting on, taking off --------------------------------------------------- */

static void
test_add_remove_ids(void **state)
{
	struct fixture *f = *state;
	long long a[] = {1, 2, 3, 2}, b[] = {3, 4, 5}, c[] = {4, 6};
	char *s0, *s1, *s2, *s3;

	s0 = tags_state(f->db);
	assert_int_equal(add_ids(f, "vip", a, 4), 3);
	s1 = tags_state(f->db);
	/* only the customers who change count */
	assert_int_equal(add_ids(f, "vip", b, 3), 2);
	assert_members(f->db, "vip", "1,2,3,4,5");
	s2 = tags_state(f->db);
	assert_int_equal(remove_ids(f, "VIP", c, 2), 1);
	assert_members(f->db, "vip", "1,2,3,5");
	s3 = tags_state(f->db);
	/* no change: no step */
	assert_int_equal(remove_ids(f, "vip", c, 2), 0);
	assert_int_equal(add_ids(f, "vip", a, 1), 0);
	assert_int_equal(steps(f), 3);
	char *now = tags_state(f->db);
	assert_string_equal(now, s3);
	free(now);

	undo(f, "took tag \"vip\" off 1 customer");
	now = tags_state(f->db);
	assert_string_equal(now, s2);
	free(now);
	undo(f, "put tag \"vip\" on 2 customers");
	now = tags_state(f->db);
	assert_string_equal(now, s1);
	free(now);
	undo(f, "put tag \"vip\" on 3 customers");
	now = tags_state(f->db);
	assert_string_equal(now, s0); /* the tag made by the first add is gone */
	free(now);
	free(s0);
	free(s1);
	free(s2);
	free(s3);
}

static void
test_add_by_rule(void **state)
{
	struct fixture *f = *state;
	long long n = -1, count = -1;
	char *before;

	/* Cyrillic in any case, like the rule language */
	assert_int_equal(add_rule(f, "moscow", "city = \"москва\""), 3);
	ok(f, rule_count(f->db, "tag:MOSCOW", &count, &f->e));
	assert_int_equal(count, 3);
	/* a rule over the metrics and over tags themselves */
	assert_int_equal(add_rule(f, "buyer", "orders >= 1 and not tag:moscow"), 1);
	assert_members(f->db, "buyer", "7");
	/* reading and writing customer_tags in one statement */
	assert_int_equal(add_rule(f, "plain", "not tag:plain and city is not empty"), 7);
	before = tags_state(f->db);
	/* removing by rule */
	ok(f, tag_remove(f->db, "plain", &(struct tag_target){.rule = "city = Киев"}, &n, &f->e));
	assert_int_equal(n, 2);
	assert_members(f->db, "plain", "1,2,3,6,7");
	undo(f, "took tag \"plain\" off 2 customers");
	char *now = tags_state(f->db);
	assert_string_equal(now, before);
	free(now);
	free(before);
	/* the empty rule is everyone */
	assert_int_equal(add_rule(f, "all", ""), 8);
	/* a bad rule changes nothing and says where */
	assert_int_equal(tag_add(f->db, "x", &(struct tag_target){.rule = "cyty = 1"}, &n, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	assert_non_null(strstr(err_format(&f->e, line, sizeof line), "1:1: unknown field \"cyty\""));
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM tags WHERE name = 'x'"), 0);
}

/* A segment's members: its whole chain of rules. */
static void
test_add_by_segment(void **state)
{
	struct fixture *f = *state;
	struct tag_target t = {.segment = "Москва/Покупатели"};
	long long n = -1;

	ok(f, segment_add(f->db, "Москва", "city = москва", NULL, &f->e));
	ok(f, segment_add(f->db, "Москва/Покупатели", "orders >= 1", NULL, &f->e));
	ok(f, tag_add(f->db, "moscow buyer", &t, &n, &f->e));
	assert_int_equal(n, 1);
	assert_members(f->db, "moscow buyer", "3");
	t.segment = "Москва";
	ok(f, tag_add(f->db, "moscow buyer", &t, &n, &f->e));
	assert_int_equal(n, 2);
	assert_members(f->db, "moscow buyer", "1,2,3");
	undo(f, "put tag \"moscow buyer\" on 2 customers");
	assert_members(f->db, "moscow buyer", "3");
	t.segment = "Киев";
	assert_int_equal(tag_add(f->db, "x", &t, &n, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	assert_non_null(strstr(f->e.msg, "no segment"));
}

static void
test_refusals(void **state)
{
	struct fixture *f = *state;
	long long one = 1, n = 5;
	long long s;

	/* taking off a tag that does not exist */
	assert_int_equal(tag_remove(f->db, "nope", &(struct tag_target){.ids = &one, .nids = 1}, &n,
	                            &f->e),
	                 -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	assert_int_equal(n, 0);
	/* a target must be exactly one thing */
	assert_int_equal(tag_add(f->db, "x", &(struct tag_target){.ids = &one, .nids = 1, .rule = "1"},
	                         &n, &f->e),
	                 -1);
	assert_int_equal(tag_add(f->db, "x", &(struct tag_target){0}, &n, &f->e), -1);
	/* nothing matched: no tag made, no step */
	s = steps(f);
	assert_int_equal(add_rule(f, "ghost", "city = Атлантида"), 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM tags"), 0);
	assert_int_equal(steps(f), s);
	assert_int_equal(db_tx_depth(f->db), 0);
}

static void
test_list(void **state)
{
	struct fixture *f = *state;
	long long a[] = {1, 2, 3};
	struct tag_info *v;
	size_t n;

	add_ids(f, "Zeta", a, 1);
	add_ids(f, "alpha", a, 3);
	ok(f, tag_create(f->db, "empty", NULL, &f->e));
	ok(f, tag_list(f->db, &v, &n, &f->e));
	assert_int_equal(n, 3);
	assert_string_equal(v[0].name, "alpha");
	assert_int_equal(v[0].count, 3);
	assert_string_equal(v[1].name, "empty");
	assert_int_equal(v[1].count, 0);
	assert_string_equal(v[2].name, "Zeta");
	assert_int_equal(v[2].count, 1);
	tag_list_free(v, n);
}

/* Many customers in one statement, undone in one step. */
static void
test_bulk(void **state)
{
	struct fixture *f = *state;
	struct err e = {0};

	if (db_exec(f->db,
	            "WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i < 50099)"
	            " INSERT INTO customers(id, ext_id, city) SELECT i, 'x' || i, "
	            " CASE i % 4 WHEN 0 THEN 'Москва' ELSE 'Киев' END FROM n",
	            &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(add_rule(f, "big", "city = Киев"), 37500 + 2);
	assert_int_equal(add_rule(f, "big", "city is not empty"), 12500 + 5);
	/* the log keeps what changed, not the whole tag */
	long long one = 7;
	assert_int_equal(remove_ids(f, "big", &one, 1), 1);
	assert_true(th_int(f->db, "SELECT sum(length(params) + length(rows)) FROM undo_rows "
	                          "WHERE step_id = (SELECT max(id) FROM undo_log)") < 200);
	undo(f, "took tag \"big\" off 1 customer");
	undo(f, "put tag \"big\" on 12505 customers");
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customer_tags"), 37502);
	undo(f, "put tag \"big\" on 37502 customers");
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customer_tags"), 0);
}

/* A re-import updates customers and adds its own tags, never removes ours. */
static void
test_reimport_keeps_tags(void **state)
{
	struct fixture *f = *state;
	struct import_result res = {0};
	char *p = th_path(f->dir, "customers.csv");
	struct import_opts o = {.customers = p};

	th_write(p, "id,email,city,tags\nc1,a@x.ru,Тверь,ecom\nc9,new@x.ru,Омск,\n", (size_t)-1);
	assert_int_equal(add_rule(f, "vip", "city = Москва"), 3);
	ok(f, import_run(f->db, &o, &res, &f->e));
	import_result_free(&res);
	assert_members(f->db, "vip", "1,2,3");
	assert_members(f->db, "ecom", "1");
	/* again, with the tags column empty */
	th_write(p, "id,email,city,tags\nc1,a@x.ru,Тверь,\n", (size_t)-1);
	memset(&res, 0, sizeof res);
	ok(f, import_run(f->db, &o, &res, &f->e));
	import_result_free(&res);
	assert_members(f->db, "vip", "1,2,3");
	assert_members(f->db, "ecom", "1");
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unique_in_any_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_remove_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_by_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_by_segment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_keeps_tags, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
