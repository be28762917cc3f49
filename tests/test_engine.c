/* The column engine after edits: tag, untag, a hand edit, a re-import, a
 * frozen snapshot and undo. After each one, the engine's answers equal
 * SQL's for a set of rules and for every segment of a tree, both for an
 * engine on the writing connection (which sees its own changes) and for
 * one on a second, read-only connection (which sees another's commits, as
 * the counter's worker does). Also: columns load lazily, only those the
 * rules use. The random rules are test_rule_diff's. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "customer.h"
#include "db.h"
#include "engine/engine.h"
#include "import/import.h"
#include "query.h"
#include "query_facet.h"
#include "segment/segment.h"
#include "tag.h"
#include "undo.h"

struct fixture {
	char *dir;
	struct db *db, *rd;
	struct engine *ew, *er;
	struct err e;
};

static const char customers_csv[] =
	"id,email,city,lead_score,birth_date,gender\n"
	"c1,a@x.ru,Москва,10,1990-05-06,F\n"
	"c2,b@x.ru,МОСКВА,20,,M\n"
	"c3,,Тверь,,1985-01-02,\n"
	"c4,d@x.ru,,5.5,2001-12-31,F\n"
	"c5,e@x.ru,Омск,30,,M\n"
	"c6,f@x.ru,москва,,1970-07-07,\n";

static const char orders_csv[] =
	"order_id,customer_id,date,amount\n"
	"o1,c1,2024-01-10,100\n"
	"o2,c1,2024-02-10,250\n"
	"o3,c2,2024-03-01,40\n"
	"o4,c5,2023-12-31,900\n";

static const char *const rules[] = {
	"",
	"city = москва",
	"city != Москва",
	"city contains ск",
	"city is empty",
	"email is not empty",
	"lead_score > 8",
	"lead_score is empty",
	"orders > 1",
	"spent >= 100 or tag:vip",
	"tag:vip",
	"not tag:vip",
	"tags any (vip, lost)",
	"tags all (vip, lost)",
	"tags none (vip)",
	"birth_date before 1990-01-01",
	"in segment \"Moscow\" and orders >= 1",
	"not in segment \"Moscow/Buyers\"",
};

static void
ok(struct fixture *f, int rc)
{
	if (rc != 0)
		fail_msg("%s", f->e.msg);
}

static int
import_file(struct fixture *f, const char *name, const char *csv, bool orders)
{
	return th_import(f->db, f->dir, name, csv, orders, &f->e);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb("engine", &f->dir);
	ok(f, import_file(f, "customers.csv", customers_csv, false));
	ok(f, import_file(f, "orders.csv", orders_csv, true));
	ok(f, segment_add(f->db, "Moscow", "city = Москва", NULL, &f->e));
	ok(f, segment_add(f->db, "Moscow/Buyers", "orders > 0", NULL, &f->e));
	ok(f, segment_add(f->db, "Moscow/Buyers/VIP", "tag:vip", NULL, &f->e));
	ok(f, segment_add(f->db, "Others", "not in segment Moscow", NULL, &f->e));
	ok(f, db_open(&f->rd, db_path(f->db), DB_READONLY, &f->e));
	/* the connections' own counts (rule_count, segment_count) are SQL's,
	 * the reference; the engines are ours */
	engine_disable(f->db);
	engine_disable(f->rd);
	ok(f, engine_open(f->db, &f->ew, &f->e));
	ok(f, engine_open(f->rd, &f->er, &f->e));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	engine_close(&f->ew);
	engine_close(&f->er);
	db_close(&f->rd);
	th_closedb(&f->db, &f->dir);
	free(f);
	return 0;
}

static long long
engine_rule_count(struct fixture *f, struct engine *en, struct db *db, const char *text)
{
	struct segment_compiler *sc = NULL;
	struct rule *r = NULL;
	long long n = -1;
	int rc = -1;

	memset(&f->e, 0, sizeof f->e);
	if (rule_parse(text, &r, &f->e) != 0 || segment_compiler_open(db, &sc, &f->e) != 0 ||
	    (rc = engine_count(en, sc, -1, r, &n, &f->e)) != 0)
		fail_msg("engine count of \"%s\" (%d): %s", text, rc, f->e.msg);
	segment_compiler_close(&sc);
	rule_free(&r);
	return n;
}

/* The engine's count of every segment on connection db. */
static void
check_segments(struct fixture *f, struct engine *en, struct db *db, const char *when)
{
	struct segment_compiler *sc = NULL;
	const struct segment *t;
	struct segment_count sq;
	roaring_bitmap_t *b = NULL;
	size_t n, i;

	ok(f, segment_compiler_open(db, &sc, &f->e));
	t = segment_compiler_tree(sc, &n);
	assert_true(n >= 4);
	for (i = 0; i < n; i++) {
		ok(f, segment_count(f->db, t[i].path, &sq, &f->e));
		ok(f, engine_segment(en, sc, (long)i, &b, &f->e));
		if ((long long)roaring_bitmap_get_cardinality(b) != sq.count)
			fail_msg("%s: segment \"%s\": engine %lld, SQL %lld", when, t[i].path,
			         (long long)roaring_bitmap_get_cardinality(b), sq.count);
		roaring_bitmap_free(b);
	}
	segment_compiler_close(&sc);
}

/* Every rule and segment: the engines' answers equal SQL's now. */
static void
check(struct fixture *f, const char *when)
{
	size_t i;
	long long sql;

	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		long long w, r;

		memset(&f->e, 0, sizeof f->e);
		ok(f, rule_count(f->db, rules[i], &sql, &f->e));
		w = engine_rule_count(f, f->ew, f->db, rules[i]);
		r = engine_rule_count(f, f->er, f->rd, rules[i]);
		if (w != sql || r != sql)
			fail_msg("%s: \"%s\": SQL %lld, engine on the writer %lld, on a reader %lld",
			         when, rules[i], sql, w, r);
	}
	check_segments(f, f->ew, f->db, when);
	check_segments(f, f->er, f->rd, when);
}

static void
undo(struct fixture *f)
{
	char *label = NULL;

	ok(f, undo_last(f->db, &label, &f->e));
	free(label);
}

static void
test_after_edits(void **state)
{
	struct fixture *f = *state;
	long long ids[] = {1}, changed;
	struct tag_target by_rule = {.rule = "city = москва"}, by_ids = {.ids = ids, .nids = 1};
	struct tag_target lost = {.rule = "orders = 0"};

	check(f, "after the import");
	ok(f, tag_add(f->db, "vip", &by_rule, &changed, &f->e));
	assert_int_equal(changed, 3);
	check(f, "after tag vip");
	ok(f, tag_add(f->db, "lost", &lost, &changed, &f->e));
	check(f, "after tag lost");
	ok(f, tag_remove(f->db, "vip", &by_ids, &changed, &f->e));
	assert_int_equal(changed, 1);
	check(f, "after untag");
	ok(f, customer_edit(f->db, 3, "city", "москва", &f->e));
	ok(f, customer_edit(f->db, 4, "lead_score", "99", &f->e));
	ok(f, customer_edit(f->db, 5, "email", "", &f->e));
	check(f, "after hand edits");
	ok(f, import_file(f, "again.csv",
	                  "id,email,city,lead_score\n"
	                  "c2,b@x.ru,Омск,1\n"
	                  "c7,g@x.ru,Москва,40\n",
	                  false));
	check(f, "after a re-import");
	ok(f, import_file(f, "orders2.csv", "order_id,customer_id,date,amount\no9,c7,2024-03-02,70\n",
	                  true));
	check(f, "after more orders");
	ok(f, segment_freeze(f->db, "Moscow", "Moscow then", NULL, &f->e));
	check(f, "after a snapshot");
	ok(f, tag_add(f->db, "vip", &(struct tag_target){.rule = "city is empty"}, &changed,
	              &f->e));
	check(f, "after tagging the snapshot's customers");
	for (int k = 0; k < 6; k++) {
		undo(f);
		check(f, "after an undo");
	}
}

/* Only the columns the rules name are read; an edit drops them. */
static void
test_lazy(void **state)
{
	struct fixture *f = *state;
	long long ids[] = {2}, changed;

	assert_int_equal(engine_rule_count(f, f->er, f->rd, "city = Омск"), 1);
	assert_int_equal(engine_loaded(f->er), 1);
	assert_int_equal(engine_rule_count(f, f->er, f->rd, "city = Омск or orders > 1"), 2);
	assert_int_equal(engine_loaded(f->er), 2);
	assert_int_equal(engine_rule_count(f, f->er, f->rd, "tag:vip"), 0);
	assert_int_equal(engine_loaded(f->er), 2);
	ok(f, tag_add(f->db, "vip", &(struct tag_target){.ids = ids, .nids = 1}, &changed, &f->e));
	/* a tag moves no generation: the columns stay */
	assert_int_equal(engine_rule_count(f, f->er, f->rd, "tag:vip"), 1);
	assert_int_equal(engine_loaded(f->er), 2);
	/* but the count of tags (no generation stamps it) goes */
	assert_int_equal(engine_rule_count(f, f->er, f->rd, "tags > 0"), 1);
	assert_int_equal(engine_loaded(f->er), 3);
	ok(f, tag_add(f->db, "lost", &(struct tag_target){.ids = ids, .nids = 1}, &changed, &f->e));
	assert_int_equal(engine_rule_count(f, f->er, f->rd, "tags > 1"), 1);
	assert_int_equal(engine_loaded(f->er), 3);
	assert_int_equal(engine_rule_count(f, f->er, f->rd, "tag:lost"), 1);
	assert_int_equal(engine_loaded(f->er), 3);
	ok(f, tag_add(f->db, "new", &(struct tag_target){.ids = ids, .nids = 1}, &changed, &f->e));
	assert_int_equal(engine_rule_count(f, f->er, f->rd, "tag:new"), 1);
	assert_int_equal(engine_loaded(f->er), 2);
	/* an edit of a customer drops them all */
	ok(f, customer_edit(f->db, 3, "city", "Омск", &f->e));
	assert_int_equal(engine_rule_count(f, f->er, f->rd, "tag:vip"), 1);
	assert_int_equal(engine_loaded(f->er), 0);
}

/* What the CLI and the counter call (rule_count, segment_count_all,
 * query_terms_counts) answer through a connection's own engine as SQL
 * does, before and after an edit. */
static void
test_wired(void **state)
{
	struct fixture *f = *state;
	static const char *const terms[] = {"city = москва", "orders >= 1", "not tag:vip"};
	struct db *ed = NULL;
	struct segment *list = NULL;
	struct segment_count *cs = NULL, *ce = NULL;
	long long a, b, pa, pb, alla, allb, wa[3], wb[3], changed;
	size_t n, i, k;

	ok(f, db_open(&ed, db_path(f->db), DB_READONLY, &f->e));
	for (int round = 0; round < 2; round++) {
		for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
			ok(f, rule_count(f->db, rules[i], &a, &f->e));
			ok(f, rule_count(ed, rules[i], &b, &f->e));
			if (a != b)
				fail_msg("\"%s\": SQL %lld, engine %lld", rules[i], a, b);
		}
		assert_non_null(engine_of(ed));
		assert_true(engine_loaded(engine_of(ed)) > 0);
		ok(f, segment_list(f->db, &list, &n, &f->e));
		cs = calloc(n + 1, sizeof *cs);
		ce = calloc(n + 1, sizeof *ce);
		ok(f, segment_count_all(f->db, list, n, false, cs, &f->e));
		ok(f, segment_count_all(ed, list, n, false, ce, &f->e));
		for (k = 0; k < n; k++) {
			assert_int_equal(cs[k].count, ce[k].count);
			assert_int_equal(cs[k].parent, ce[k].parent);
			assert_int_equal(cs[k].base, ce[k].base);
		}
		free(cs);
		free(ce);
		segment_list_free(list, n);
		ok(f, query_terms_counts(f->db, "Moscow", terms, 3, &pa, &alla, wa, &f->e));
		ok(f, query_terms_counts(ed, "Moscow", terms, 3, &pb, &allb, wb, &f->e));
		assert_int_equal(pa, pb);
		assert_int_equal(alla, allb);
		for (k = 0; k < 3; k++)
			assert_int_equal(wa[k], wb[k]);
		/* an error is the compiler's, either way */
		assert_int_equal(rule_count(ed, "cty = Омск", &b, &f->e), -1);
		assert_non_null(strstr(f->e.msg, "did you mean \"city\""));
		ok(f, tag_add(f->db, "vip", &(struct tag_target){.rule = "orders >= 1"}, &changed,
		              &f->e));
	}
	db_close(&ed);
}

/* The counter's engine (deferred): the first time a column is wanted, and
 * after a change, SQL answers, right, until engine_refresh reads the
 * columns; then the engine does. */
static void
test_deferred(void **state)
{
	struct fixture *f = *state;
	struct db *cd = NULL;
	long long n, sql;

	ok(f, db_open(&cd, db_path(f->db), DB_READONLY, &f->e));
	engine_defer(cd);
	/* the first time too: SQL answers, the column comes between requests */
	assert_int_equal(engine_count_text(cd, NULL, "city = москва", &n, &f->e), ENGINE_FALLBACK);
	ok(f, rule_count(cd, "city = москва", &n, &f->e));
	assert_int_equal(n, 3);
	assert_int_equal(engine_loaded(engine_of(cd)), 0);
	assert_int_equal(engine_refresh(cd, &f->e), 1);
	assert_int_equal(engine_loaded(engine_of(cd)), 1);
	ok(f, engine_count_text(cd, NULL, "city = москва", &n, &f->e));
	assert_int_equal(n, 3);
	assert_int_equal(engine_refresh(cd, &f->e), 0);
	ok(f, customer_edit(f->db, 3, "city", "Москва", &f->e));
	/* SQL answers: the engine says so, and the count is right */
	assert_int_equal(engine_count_text(cd, NULL, "city = москва", &n, &f->e), ENGINE_FALLBACK);
	ok(f, rule_count(f->db, "city = москва", &sql, &f->e));
	assert_int_equal(sql, 4);
	ok(f, rule_count(cd, "city = москва", &n, &f->e));
	assert_int_equal(n, sql);
	assert_int_equal(engine_loaded(engine_of(cd)), 0);
	/* read again, between requests */
	assert_int_equal(engine_refresh(cd, &f->e), 1);
	assert_int_equal(engine_loaded(engine_of(cd)), 1);
	ok(f, engine_count_text(cd, NULL, "city = москва", &n, &f->e));
	assert_int_equal(n, sql);
	assert_int_equal(engine_refresh(cd, &f->e), 0);
	db_close(&cd);
}

/* Inside a transaction SQL answers (what the engine would read may be
 * rolled back, and a rollback moves no stamp); after the rollback the
 * engine's answer is the base's again. */
static void
test_transaction(void **state)
{
	struct fixture *f = *state;
	long long n, sql;

	assert_int_equal(engine_rule_count(f, f->ew, f->db, "city = Омск"), 1);
	ok(f, db_begin(f->db, &f->e));
	th_exec(f->db, "UPDATE customers SET city = 'Омск'");
	ok(f, rule_count(f->db, "city = Омск", &sql, &f->e));
	assert_int_equal(sql, 6);
	{
		struct segment_compiler *sc = NULL;
		struct rule *r = NULL;

		ok(f, rule_parse("city = Омск", &r, &f->e));
		ok(f, segment_compiler_open(f->db, &sc, &f->e));
		assert_int_equal(engine_count(f->ew, sc, -1, r, &n, &f->e), ENGINE_FALLBACK);
		segment_compiler_close(&sc);
		rule_free(&r);
	}
	db_rollback(f->db);
	assert_int_equal(engine_rule_count(f, f->ew, f->db, "city = Омск"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_after_edits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lazy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deferred, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transaction, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
