/* Tests of the segment tree: edits and their errors, counts at three levels
 * checked against plain SQL, overlap, the rest, snapshots and their diff,
 * the count history, why, `in segment` by reference, cycles, undo. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "db.h"
#include "import/import.h"
#include "query.h"
#include "query_facet.h"
#include "segment/segment.h"
#include "undo.h"

/* An error as the user sees it (err_format). */
static char line[ERR_LINE_MAX];

struct fixture {
	char *dir;
	struct db *db;
	struct err e;
};

static const char *const statuses[] = {"one_time", "regular", "seasonal", "lead_new",
                                       "lead_refused"};
static const char *const stages[] = {"primary", "middle", ""};
static const char *const interests[] = {"programming", "math", "art", "Programming, robotics"};
static const char *const cities[] = {"Москва", "Казань", ""};

/* 120 customers 1001..1120 whose fields cycle with different periods, and
 * an order for every second one. */
static void
load_base(struct fixture *f)
{
	char *cpath = th_path(f->dir, "customers.csv"), *opath = th_path(f->dir, "orders.csv");
	char *c = malloc(20000), *o = malloc(20000);
	struct import_opts io = {0};
	struct import_result res = {0};
	size_t cn = 0, on = 0;
	int i;

	cn += (size_t)sprintf(c + cn, "id,email,status,city,school_stage,grade,interests\n");
	on += (size_t)sprintf(o + on, "order_id,customer_id,date,amount\n");
	for (i = 1; i <= 120; i++) {
		cn += (size_t)sprintf(c + cn, "%d,c%d@example.com,%s,%s,%s,%d,\"%s\"\n", 1000 + i, i,
		                      statuses[i % 5], cities[(i / 3) % 3], stages[i % 3], i % 11 + 1,
		                      interests[(i / 2) % 4]);
		if (i % 2 == 0)
			on += (size_t)sprintf(o + on, "A%d,%d,2024-03-%02d,%d\n", i, 1000 + i, i % 28 + 1,
			                      i * 100);
	}
	th_write(cpath, c, cn);
	th_write(opath, o, on);
	io.customers = cpath;
	io.orders = opath;
	if (import_run(f->db, &io, &res, &f->e) != 0)
		fail_msg("import: %s", f->e.msg);
	import_result_free(&res);
	free(c);
	free(o);
	free(cpath);
	free(opath);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb("segment", &f->dir);
	load_base(f);
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

static void
add(struct fixture *f, const char *path, const char *rule)
{
	memset(&f->e, 0, sizeof f->e);
	if (segment_add(f->db, path, rule, NULL, &f->e) != 0)
		fail_msg("segment_add %s: %s", path, f->e.msg);
}

static long long
count(struct fixture *f, const char *path)
{
	struct segment_count c;

	memset(&f->e, 0, sizeof f->e);
	if (segment_count(f->db, path, &c, &f->e) != 0)
		fail_msg("segment_count %s: %s", path, f->e.msg);
	return c.count;
}

/* Expects rc to be -1 with the error code and message. */
static void
expect_err(struct fixture *f, int rc, int code, const char *msg)
{
	assert_int_equal(rc, -1);
	assert_int_equal(f->e.code, code);
	if (strcmp(err_format(&f->e, line, sizeof line), msg) != 0)
		fail_msg("got\n  %s\nexpected\n  %s", line, msg);
	memset(&f->e, 0, sizeof f->e);
}

/* The paths of the tree in display order, joined with ';'. */
static char *
tree(struct fixture *f)
{
	struct segment *v;
	size_t n, i, len = 0;
	char *s = calloc(1, 4096);

	if (segment_list(f->db, &v, &n, &f->e) != 0)
		fail_msg("segment_list: %s", f->e.msg);
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, 4096 - len, "%s%s", i ? ";" : "", v[i].path);
	segment_list_free(v, n);
	return s;
}

static void
assert_tree(struct fixture *f, const char *want)
{
	char *got = tree(f);

	if (strcmp(got, want) != 0)
		fail_msg("tree\n  %s\nexpected\n  %s", got, want);
	free(got);
}

static void
build_three_levels(struct fixture *f)
{
	add(f, "Клиенты", "status in (one_time, regular, seasonal) and city = \"москва\"");
	add(f, "Клиенты/Primary school", "school_stage = primary and grade >= 3");
	add(f, "Клиенты/Primary school/Coders", "interests contains programming and orders >= 1");
}

/* --- the tree -------------------------------------------------------------- */

static void
test_add_and_errors(void **state)
{
	struct fixture *f = *state;
	struct segment s;
	int rc;

	build_three_levels(f);
	add(f, "Other", "");
	assert_tree(f, "Клиенты;Клиенты/Primary school;Клиенты/Primary school/Coders;Other");

	/* found in any case, with the rule shown canonically */
	assert_int_equal(segment_find(f->db, "КЛИЕНТЫ/primary SCHOOL", &s, &f->e), 0);
	assert_string_equal(s.path, "Клиенты/Primary school");
	assert_string_equal(s.rule, "school_stage = primary and grade >= 3");
	assert_int_equal(s.depth, 2);
	segment_clear(&s);

	rc = segment_add(f->db, "Nowhere/X", "", NULL, &f->e);
	expect_err(f, rc, EXIT_DATAERR, "no segment \"Nowhere\" to add \"X\" under; add it first");
	rc = segment_add(f->db, "клиенты", "", NULL, &f->e);
	expect_err(f, rc, EXIT_DATAERR, "there is already a segment \"Клиенты\" in the root");
	rc = segment_add(f->db, "Клиенты/PRIMARY school", "", NULL, &f->e);
	expect_err(f, rc, EXIT_DATAERR,
	           "there is already a segment \"Primary school\" in \"Клиенты\"");
	rc = segment_add(f->db, "Z", "orders >= three", NULL, &f->e);
	expect_err(f, rc, EXIT_DATAERR, "1:11: expected a number after '>='");
	rc = segment_add(f->db, "Z", "cyty = x", NULL, &f->e);
	expect_err(f, rc, EXIT_DATAERR, "1:1: unknown field \"cyty\"; did you mean \"city\"?");
	rc = segment_add(f->db, "#12", "", NULL, &f->e);
	expect_err(f, rc, EXIT_DATAERR,
	           "\"#12\" is how rules refer to segments by number; choose another name");
	rc = segment_add(f->db, "Клиенты/ ", "", NULL, &f->e);
	expect_err(f, rc, EXIT_DATAERR, "a segment needs a name");
	rc = segment_find(f->db, "Клиенты/Nope", &s, &f->e);
	expect_err(f, rc, EXIT_DATAERR,
	           "no segment \"Клиенты/Nope\" (see the tree with: clientele segments DB)");
	/* a path near one that exists gets it suggested (issue 6 C.2) */
	rc = segment_find(f->db, "клиенты/primary scool", &s, &f->e);
	/* the suggestion is a field too, for a caller that words its own message */
	assert_string_equal(f->e.near, "Клиенты/Primary school");
	expect_err(f, rc, EXIT_DATAERR,
	           "no segment \"клиенты/primary scool\"; did you mean \"Клиенты/Primary school\"?");
	rc = segment_find(f->db, "/Клиента", &s, &f->e);
	expect_err(f, rc, EXIT_DATAERR, "no segment \"/Клиента\"; did you mean \"Клиенты\"?");
	rc = segment_add(f->db, "Клиентв/X", "", NULL, &f->e);
	expect_err(f, rc, EXIT_DATAERR,
	           "no segment \"Клиентв\" to add \"X\" under; did you mean \"Клиенты\"? (or add "
	           "it first)");
	/* nothing half-made by the failures */
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM segments"), 4);
}

static void
test_rename_move_dup_rm(void **state)
{
	struct fixture *f = *state;
	char *path = NULL;
	int removed = 0, rc;

	build_three_levels(f);
	add(f, "Other", "");
	add(f, "Third", "");

	assert_int_equal(segment_rename(f->db, "Клиенты/primary school", "Начальная", &f->e), 0);
	assert_tree(f, "Клиенты;Клиенты/Начальная;Клиенты/Начальная/Coders;Other;Third");
	rc = segment_rename(f->db, "Other", "THIRD", &f->e);
	expect_err(f, rc, EXIT_DATAERR, "there is already a segment \"Third\" in the root");
	rc = segment_rename(f->db, "Other", "a/b", &f->e);
	expect_err(f, rc, EXIT_DATAERR,
	           "a segment name cannot hold '/' (it separates the levels of a path): \"a/b\"");

	/* reorder: Third first */
	assert_int_equal(segment_move(f->db, "Third", "/", 1, &f->e), 0);
	assert_tree(f, "Third;Клиенты;Клиенты/Начальная;Клиенты/Начальная/Coders;Other");
	/* re-parent with the subtree */
	assert_int_equal(segment_move(f->db, "Клиенты/Начальная", "Other", 0, &f->e), 0);
	assert_tree(f, "Third;Клиенты;Other;Other/Начальная;Other/Начальная/Coders");
	rc = segment_move(f->db, "Other", "Other/Начальная/Coders", 0, &f->e);
	expect_err(f, rc, EXIT_DATAERR,
	           "cannot move \"Other\" under itself or its own subtree (\"Other/Начальная/Coders\")");
	rc = segment_move(f->db, "Other", "Other", 0, &f->e);
	expect_err(f, rc, EXIT_DATAERR, "cannot move \"Other\" under itself or its own subtree "
	                                "(\"Other\")");

	/* dup: right after the original, with its subtree */
	assert_int_equal(segment_dup(f->db, "Other/Начальная", NULL, &path, &f->e), 0);
	assert_string_equal(path, "Other/Начальная (copy)");
	free(path);
	assert_int_equal(segment_dup(f->db, "Third", "Fourth", NULL, &f->e), 0);
	assert_tree(f, "Third;Fourth;Клиенты;Other;Other/Начальная;Other/Начальная/Coders;"
	               "Other/Начальная (copy);Other/Начальная (copy)/Coders");
	assert_int_equal(count(f, "Other/Начальная (copy)/Coders"), count(f, "Other/Начальная/Coders"));

	assert_int_equal(segment_rm(f->db, "Other/Начальная", &removed, &f->e), 0);
	assert_int_equal(removed, 2);
	assert_tree(f, "Third;Fourth;Клиенты;Other;Other/Начальная (copy);"
	               "Other/Начальная (copy)/Coders");
	rc = segment_rm(f->db, "/", &removed, &f->e);
	expect_err(f, rc, EXIT_DATAERR, "the root (all customers) cannot be changed; name a segment");
}

/* --- counts ---------------------------------------------------------------- */

static void
test_counts_three_levels(void **state)
{
	struct fixture *f = *state;
	struct segment_count c;
	struct segment *v;
	struct segment_count all[3];
	size_t n, i;
	long long l1, l2, l3;

	build_three_levels(f);
	l1 = th_int(f->db, "SELECT count(*) FROM customers WHERE status IN ('one_time', 'regular', "
	                   "'seasonal') AND city = 'Москва'");
	l2 = th_int(f->db, "SELECT count(*) FROM customers WHERE status IN ('one_time', 'regular', "
	                   "'seasonal') AND city = 'Москва' AND cf_school_stage = 'primary' AND "
	                   "cf_grade >= 3");
	l3 = th_int(f->db, "SELECT count(*) FROM customers c JOIN customer_metrics m ON "
	                   "m.customer_id = c.id WHERE status IN ('one_time', 'regular', 'seasonal') "
	                   "AND city = 'Москва' AND cf_school_stage = 'primary' AND cf_grade >= 3 "
	                   "AND instr(lower(cf_interests), 'programming') > 0 AND m.orders >= 1");
	assert_true(l1 > l2 && l2 > l3 && l3 > 0);

	assert_int_equal(segment_count(f->db, "Клиенты/Primary school", &c, &f->e), 0);
	assert_int_equal(c.count, l2);
	assert_int_equal(c.parent, l1);
	assert_int_equal(c.base, 120);
	assert_int_equal(c.previous, -1);
	assert_int_equal(count(f, "Клиенты"), l1);
	assert_int_equal(count(f, "Клиенты/Primary school/Coders"), l3);
	assert_int_equal(count(f, "/"), 120);

	/* the whole tree in one pass gives the same */
	assert_int_equal(segment_list(f->db, &v, &n, &f->e), 0);
	assert_int_equal(n, 3);
	assert_int_equal(segment_count_all(f->db, v, n, false, all, &f->e), 0);
	assert_int_equal(all[0].count, l1);
	assert_int_equal(all[0].parent, 120);
	assert_int_equal(all[1].count, l2);
	assert_int_equal(all[1].parent, l1);
	assert_int_equal(all[2].count, l3);
	assert_int_equal(all[2].parent, l2);
	for (i = 0; i < n; i++)
		assert_int_equal(all[i].base, 120);
	segment_list_free(v, n);
}

static void
test_overlap_and_rest(void **state)
{
	struct fixture *f = *state;
	struct rule_sql w;
	long long both, a, b, rest;

	add(f, "Moscow", "city = Москва");
	add(f, "Coders", "interests contains programming");
	add(f, "Moscow/Primary", "school_stage = primary");
	add(f, "Moscow/Middle", "school_stage = middle");
	/* a snapshot among the children does not count for the rest */
	assert_int_equal(segment_freeze(f->db, "Moscow/Middle", "Frozen", NULL, &f->e), 0);

	assert_int_equal(segment_overlap(f->db, "Moscow", "coders", &both, &a, &b, &f->e), 0);
	assert_int_equal(both, th_int(f->db, "SELECT count(*) FROM customers WHERE city = 'Москва' "
	                                     "AND instr(lower(cf_interests), 'programming') > 0"));
	assert_int_equal(a, count(f, "Moscow"));
	assert_int_equal(b, count(f, "Coders"));

	assert_int_equal(segment_rest_where(f->db, "Moscow", &w, &f->e), 0);
	assert_int_equal(segment_sql_count(f->db, &w, &rest, &f->e), 0);
	rule_sql_free(&w);
	assert_int_equal(rest, th_int(f->db, "SELECT count(*) FROM customers WHERE city = 'Москва' "
	                                     "AND coalesce(cf_school_stage, '') NOT IN ('primary', "
	                                     "'middle')"));
	assert_true(rest > 0);
	/* the rest of the root: the base outside its top segments */
	assert_int_equal(segment_rest_where(f->db, "/", &w, &f->e), 0);
	assert_int_equal(segment_sql_count(f->db, &w, &rest, &f->e), 0);
	rule_sql_free(&w);
	assert_int_equal(rest, th_int(f->db, "SELECT count(*) FROM customers WHERE coalesce(city, '')"
	                                     " <> 'Москва' AND instr(lower(coalesce(cf_interests, '')),"
	                                     " 'programming') = 0"));
}

/* --- snapshots and history -------------------------------------------------- */

static long long diff_joined, diff_left;

static int
on_diff(void *ctx, bool joined, const char *ext_id, const char *email, const char *name)
{
	(void)ctx;
	(void)email;
	(void)name;
	assert_non_null(ext_id);
	if (joined)
		diff_joined++;
	else
		diff_left++;
	return 0;
}

/* The customers of one side of a diff, by segment_diff_side's parent and
 * rule. */
static long long
side_count(struct fixture *f, long long snap, long long live, enum segment_diff_side side)
{
	struct rule_sql w = {0};
	char *parent, *rule;
	long long n = -1;

	assert_int_equal(segment_diff_side(snap, live, side, &parent, &rule, &f->e), 0);
	assert_int_equal(query_scope(f->db, parent, rule, &w, &f->e), 0);
	assert_int_equal(segment_sql_count(f->db, &w, &n, &f->e), 0);
	rule_sql_free(&w);
	free(parent);
	free(rule);
	return n;
}

static void
test_freeze_and_diff(void **state)
{
	struct fixture *f = *state;
	struct segment_diff d;
	struct segment_snapshot *snaps;
	size_t nsnaps;
	struct segment s;
	long long members = 0, frozen;
	int rc;

	add(f, "Clients", "status in (one_time, regular, seasonal)");
	add(f, "Clients/Moscow", "city = Москва");
	add(f, "Clients/Kazan", "city = Казань");
	frozen = count(f, "Clients/Moscow");
	assert_int_equal(segment_freeze(f->db, "Clients/Moscow", "Spring mailing", &members, &f->e), 0);
	assert_int_equal(members, frozen);
	/* a sibling, right after the source, that names where it came from */
	assert_tree(f, "Clients;Clients/Moscow;Clients/Spring mailing;Clients/Kazan");
	assert_int_equal(segment_find(f->db, "Clients/Spring mailing", &s, &f->e), 0);
	assert_true(s.is_static);
	assert_non_null(s.frozen_at);
	assert_string_equal(s.rule, "in segment \"Clients/Moscow\"");
	segment_clear(&s);
	rc = segment_freeze(f->db, "Clients/Moscow", "spring MAILING", NULL, &f->e);
	expect_err(f, rc, EXIT_DATAERR, "there is already a segment \"Spring mailing\" in "
	                                "\"Clients\"");

	/* the data change: three Moscow clients move to Kazan, two Kazan
	 * clients to Moscow */
	db_exec(f->db,
	        "UPDATE customers SET city = 'Tmp' WHERE id IN (SELECT id FROM customers WHERE "
	        "city = 'Москва' AND status IN ('one_time', 'regular', 'seasonal') ORDER BY id "
	        "LIMIT 3);"
	        "UPDATE customers SET city = 'Москва' WHERE id IN (SELECT id FROM customers WHERE "
	        "city = 'Казань' AND status IN ('one_time', 'regular', 'seasonal') ORDER BY id "
	        "LIMIT 2);"
	        "UPDATE customers SET city = 'Казань' WHERE city = 'Tmp';",
	        &f->e);
	assert_int_equal(count(f, "Clients/Spring mailing"), frozen);
	assert_int_equal(count(f, "Clients/Moscow"), frozen - 1);

	diff_joined = diff_left = 0;
	assert_int_equal(segment_diff(f->db, "Clients/Spring mailing", NULL, on_diff, NULL, &d, &f->e),
	                 0);
	assert_int_equal(d.joined, 2);
	assert_int_equal(d.left, 3);
	assert_int_equal(d.kept, frozen - 3);
	assert_int_equal(diff_joined, 2);
	assert_int_equal(diff_left, 3);
	/* the snapshot as a list shows it, and each side of the diff as a
	 * parent and a rule counts what the diff counts */
	assert_int_equal(segment_snapshots(f->db, &snaps, &nsnaps, &f->e), 0);
	assert_int_equal(nsnaps, 1);
	assert_string_equal(snaps[0].path, "Clients/Spring mailing");
	assert_string_equal(snaps[0].from, "Clients/Moscow");
	assert_non_null(snaps[0].frozen_at);
	assert_int_equal(side_count(f, snaps[0].id, snaps[0].from_id, SEGMENT_DIFF_JOINED), 2);
	assert_int_equal(side_count(f, snaps[0].id, snaps[0].from_id, SEGMENT_DIFF_LEFT), 3);
	assert_int_equal(side_count(f, snaps[0].id, snaps[0].from_id, SEGMENT_DIFF_KEPT), d.kept);
	segment_snapshots_free(snaps, nsnaps);
	/* against another live segment */
	assert_int_equal(segment_diff(f->db, "Clients/Spring mailing", "Clients/Kazan", NULL, NULL, &d,
	                              &f->e),
	                 0);
	assert_int_equal(d.kept, 3);
	rc = segment_diff(f->db, "Clients/Moscow", NULL, NULL, NULL, &d, &f->e);
	expect_err(f, rc, EXIT_DATAERR, "\"Clients/Moscow\" is not a snapshot; make one with: "
	                                "clientele segment freeze DB PATH --as NAME");
	/* a snapshot has no rule to change */
	rc = segment_set_rule(f->db, "Clients/Spring mailing", "city = x", &f->e);
	expect_err(f, rc, EXIT_DATAERR, "\"Clients/Spring mailing\" is a frozen snapshot: its "
	                                "members are fixed, it has no rule to change");
	/* once the source is gone, diff asks for --live */
	assert_int_equal(segment_rm(f->db, "Clients/Moscow", NULL, &f->e), 0);
	rc = segment_diff(f->db, "Clients/Spring mailing", NULL, NULL, NULL, &d, &f->e);
	expect_err(f, rc, EXIT_DATAERR, "the segment \"Clients/Spring mailing\" was frozen from is "
	                                "gone; name the live segment to compare with (--live PATH)");
	assert_int_equal(segment_snapshots(f->db, &snaps, &nsnaps, &f->e), 0);
	assert_int_equal(nsnaps, 1);
	assert_null(snaps[0].from);
	assert_int_equal(snaps[0].from_id, 0);
	segment_snapshots_free(snaps, nsnaps);
}

static void
test_history_and_trend(void **state)
{
	struct fixture *f = *state;
	struct segment *v;
	struct segment_count c[1];
	size_t n;
	long long before;

	add(f, "Moscow", "city = Москва");
	assert_int_equal(segment_list(f->db, &v, &n, &f->e), 0);
	assert_int_equal(segment_count_all(f->db, v, n, true, c, &f->e), 0);
	before = c[0].count;
	assert_int_equal(c[0].previous, -1);
	/* the same count again is not recorded twice */
	assert_int_equal(segment_count_all(f->db, v, n, true, c, &f->e), 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM segment_counts"), 1);
	assert_int_equal(c[0].previous, -1);

	db_exec(f->db, "UPDATE customers SET city = 'Москва' WHERE city = 'Казань'", &f->e);
	assert_int_equal(segment_count_all(f->db, v, n, true, c, &f->e), 0);
	assert_true(c[0].count > before);
	assert_int_equal(c[0].previous, before); /* ↑ since the last recorded count */
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM segment_counts"), 2);
	/* the trend stays until the count changes again */
	assert_int_equal(segment_count_all(f->db, v, n, true, c, &f->e), 0);
	assert_int_equal(c[0].previous, before);
	segment_list_free(v, n);
}

/* --- why -------------------------------------------------------------------- */

static void
test_why(void **state)
{
	struct fixture *f = *state;
	struct segment_why w;
	char *id;
	int rc;

	build_three_levels(f);
	/* a member of all three levels, and one who fails the last */
	id = th_text(f->db,
	             "SELECT c.ext_id FROM customers c JOIN customer_metrics m ON m.customer_id = c.id"
	             " WHERE status IN ('one_time', 'regular', 'seasonal') AND city = 'Москва' AND"
	             " cf_school_stage = 'primary' AND cf_grade >= 3 AND instr(lower(cf_interests),"
	             " 'programming') > 0 AND m.orders >= 1 ORDER BY c.id LIMIT 1");
	assert_non_null(id);
	assert_int_equal(segment_why(f->db, "Клиенты/Primary school/Coders", id, &w, &f->e), 0);
	assert_true(w.member);
	assert_int_equal(w.nsteps, 3);
	assert_string_equal(w.steps[0].path, "Клиенты");
	assert_int_equal(w.steps[0].nconds, 2);
	assert_string_equal(w.steps[0].conds[0].text, "status in (one_time, regular, seasonal)");
	assert_string_equal(w.steps[0].conds[1].text, "city = москва");
	assert_true(w.steps[0].conds[0].met && w.steps[0].conds[1].met);
	assert_string_equal(w.steps[2].conds[1].text, "orders >= 1");
	assert_true(w.steps[2].member);
	segment_why_free(&w);
	free(id);

	/* by email, in any case: in Клиенты and Primary school, not a coder */
	id = th_text(f->db,
	             "SELECT upper(c.email) FROM customers c WHERE status IN ('one_time', 'regular',"
	             " 'seasonal') AND city = 'Москва' AND cf_school_stage = 'primary' AND"
	             " cf_grade >= 3 AND instr(lower(cf_interests), 'programming') = 0"
	             " ORDER BY c.id LIMIT 1");
	assert_non_null(id);
	assert_int_equal(segment_why(f->db, "Клиенты/Primary school/Coders", id, &w, &f->e), 0);
	assert_false(w.member);
	assert_true(w.steps[1].member);
	assert_false(w.steps[2].met);
	assert_false(w.steps[2].member);
	assert_string_equal(w.steps[2].conds[0].text, "interests contains programming");
	assert_false(w.steps[2].conds[0].met);
	segment_why_free(&w);
	free(id);

	rc = segment_why(f->db, "Клиенты", "nobody@example.com", &w, &f->e);
	expect_err(f, rc, EXIT_DATAERR, "no customer with the id or email \"nobody@example.com\"");

	/* each condition with what she has in its field (issue 6 C.3):
	 * customer 1002 ordered on 2024-03-03, lives in Москва, no grade 12 */
	add(f, "Recent", "last_order within 7d or not city is empty or grade = 12 or tag:vip");
	assert_int_equal(segment_why(f->db, "Recent", "1002", &w, &f->e), 0);
	assert_int_equal(w.steps[0].nconds, 4);
	assert_false(w.steps[0].conds[0].met);
	{
		/* the reference date is the day after the latest order */
		long long days = th_int(f->db, "SELECT CAST(julianday(max(substr(date, 1, 10))) + 1 -"
		                               " julianday('2024-03-03') AS INTEGER) FROM orders");
		char want[100];

		snprintf(want, sizeof want, "last_order 2024-03-03, %lld days before the reference date",
		         days);
		assert_string_equal(w.steps[0].conds[0].value, want);
	}
	assert_true(w.steps[0].conds[1].met);
	assert_string_equal(w.steps[0].conds[1].value, "city Москва");
	assert_string_equal(w.steps[0].conds[2].value, "grade 3");
	assert_string_equal(w.steps[0].conds[3].value, "no tags");
	segment_why_free(&w);
}

/* --- in segment -------------------------------------------------------------- */

static void
test_in_segment_by_reference(void **state)
{
	struct fixture *f = *state;
	struct segment s;
	char *stored;
	long long want, n = 0;

	build_three_levels(f);
	add(f, "Moscow coders", "in segment \"клиенты/primary school\" and interests contains "
	                        "programming");
	want = count(f, "Клиенты/Primary school/Coders");
	/* no orders condition here, so at least as many */
	assert_true(count(f, "Moscow coders") >= want);
	stored = th_text(f->db, "SELECT rule FROM segments WHERE name = 'Moscow coders'");
	assert_string_equal(stored, "in segment \"#2\" and interests contains programming");
	free(stored);

	/* a rename and a move do not break it; the user reads the new path */
	want = count(f, "Moscow coders");
	assert_int_equal(segment_rename(f->db, "Клиенты/Primary school", "Начальная", &f->e), 0);
	assert_int_equal(segment_move(f->db, "Клиенты/Начальная", "/", 0, &f->e), 0);
	assert_int_equal(segment_find(f->db, "Moscow coders", &s, &f->e), 0);
	assert_string_equal(s.rule, "in segment Начальная and interests contains programming");
	segment_clear(&s);
	/* moved out of Клиенты, its members are no longer limited to them */
	assert_true(count(f, "Moscow coders") >= want);
	assert_int_equal(count(f, "Moscow coders"),
	                 th_int(f->db, "SELECT count(*) FROM customers WHERE cf_school_stage = "
	                               "'primary' AND cf_grade >= 3 AND instr(lower(cf_interests), "
	                               "'programming') > 0"));

	/* the same in ad hoc rules (export, tag, count) */
	assert_int_equal(rule_count(f->db, "in segment \"Начальная/Coders\"", &n, &f->e), 0);
	assert_int_equal(n, count(f, "Начальная/Coders"));
	assert_int_equal(rule_count(f->db, "not in segment Начальная", &n, &f->e), 0);
	assert_int_equal(n, 120 - count(f, "Начальная"));
	assert_int_equal(rule_count(f->db, "in segment Nope", &n, &f->e), -1);
	assert_string_equal(err_format(&f->e, line, sizeof line),
	                    "1:12: no segment \"Nope\" (see the tree with: clientele segments DB)");

	/* a segment in use cannot go */
	assert_int_equal(segment_rm(f->db, "Начальная", NULL, &f->e), -1);
	assert_string_equal(f->e.msg, "\"Начальная\" is used by the rule of \"Moscow coders\"; "
	                              "change that rule first");
}

static void
test_cycles(void **state)
{
	struct fixture *f = *state;
	char *stored;
	int rc;

	add(f, "A", "city = Москва");
	add(f, "B", "in segment A");
	rc = segment_set_rule(f->db, "A", "in segment B", &f->e);
	/* a cycle is told by its kind, not by its (translated) text; it has
	 * no position in the rule that closed it */
	assert_int_equal(f->e.kind, ERR_CYCLE);
	assert_int_equal(f->e.line, 0);
	expect_err(f, rc, EXIT_DATAERR, "segments refer to each other in a circle: \"A\" -> \"B\" "
	                                "-> \"A\"; change one of these rules");
	rc = segment_set_rule(f->db, "A", "in segment A or city = Казань", &f->e);
	assert_int_equal(f->e.kind, ERR_CYCLE);
	expect_err(f, rc, EXIT_DATAERR, "the rule of \"A\" refers to itself (in segment)");
	/* a parent that depends on its own child */
	add(f, "A/C", "school_stage = primary");
	rc = segment_set_rule(f->db, "A", "in segment \"A/C\"", &f->e);
	expect_err(f, rc, EXIT_DATAERR, "segments refer to each other in a circle: \"A\" -> \"A/C\" "
	                                "-> \"A\"; change one of these rules");
	/* a move can close the circle too: B under ... B refers to A, so A
	 * under B makes A's chain read B, which reads A */
	rc = segment_move(f->db, "A", "B", 0, &f->e);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(f->e.msg, "in a circle"));
	assert_int_equal(f->e.kind, ERR_CYCLE);
	stored = th_text(f->db, "SELECT rule FROM segments WHERE name = 'A'");
	assert_string_equal(stored, "city = Москва");
	free(stored);
}

/* --- undo -------------------------------------------------------------------- */

static void
undo(struct fixture *f, const char *label)
{
	char *got = NULL;

	if (undo_last(f->db, &got, &f->e) != 0)
		fail_msg("undo_last: %s", f->e.msg);
	assert_string_equal(got, label);
	free(got);
}

static void
test_undo(void **state)
{
	struct fixture *f = *state;
	struct segment_plan p = {.who = "parents", .where = "Telegram | VK"};
	struct segment s;

	build_three_levels(f);
	assert_int_equal(segment_freeze(f->db, "Клиенты/Primary school", "Frozen", NULL, &f->e), 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM segment_members"),
	                 count(f, "Клиенты/Primary school"));
	undo(f, "freeze \"Клиенты/Primary school\" as \"Frozen\"");
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM segment_members"), 0);
	assert_tree(f, "Клиенты;Клиенты/Primary school;Клиенты/Primary school/Coders");

	assert_int_equal(segment_freeze(f->db, "Клиенты/Primary school", "Frozen", NULL, &f->e), 0);
	assert_int_equal(segment_rm(f->db, "Клиенты", NULL, &f->e), 0);
	assert_tree(f, "");
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM segment_members"), 0);
	undo(f, "delete segment \"Клиенты\" with 3 below it");
	assert_tree(f, "Клиенты;Клиенты/Primary school;Клиенты/Primary school/Coders;"
	               "Клиенты/Frozen");
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM segment_members"),
	                 count(f, "Клиенты/Frozen"));

	assert_int_equal(segment_move(f->db, "Клиенты/Frozen", "/", 1, &f->e), 0);
	assert_tree(f, "Frozen;Клиенты;Клиенты/Primary school;Клиенты/Primary school/Coders");
	undo(f, "move segment \"Клиенты/Frozen\"");
	assert_tree(f, "Клиенты;Клиенты/Primary school;Клиенты/Primary school/Coders;"
	               "Клиенты/Frozen");

	assert_int_equal(segment_rename(f->db, "Клиенты", "Clients", &f->e), 0);
	undo(f, "rename segment \"Клиенты\" to \"Clients\"");
	assert_int_equal(segment_set_plan(f->db, "Клиенты", &p, &f->e), 0);
	assert_int_equal(segment_find(f->db, "Клиенты", &s, &f->e), 0);
	assert_string_equal(s.plan_who, "parents");
	assert_string_equal(s.plan_where, "Telegram | VK");
	assert_null(s.plan_what);
	segment_clear(&s);
	undo(f, "edit the plan of \"Клиенты\"");
	assert_int_equal(segment_find(f->db, "Клиенты", &s, &f->e), 0);
	assert_null(s.plan_who);
	segment_clear(&s);

	assert_int_equal(segment_dup(f->db, "Клиенты", NULL, NULL, &f->e), 0);
	undo(f, "duplicate segment \"Клиенты\"");
	add(f, "New", "");
	undo(f, "add segment \"New\"");
	assert_tree(f, "Клиенты;Клиенты/Primary school;Клиенты/Primary school/Coders;"
	               "Клиенты/Frozen");
	/* the children and the frozen list are intact after all that */
	assert_int_equal(count(f, "Клиенты/Frozen"), count(f, "Клиенты/Primary school"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_move_dup_rm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counts_three_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlap_and_rest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_freeze_and_diff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_and_trend, setup, teardown),
		cmocka_unit_test_setup_teardown(test_why, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_segment_by_reference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cycles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
