/* Tests of the undo log: before-images saved and put back across tables,
 * steps undone newest first, parents restored before children, large
 * steps, the bounded log, a log tampered with in the file, and labels
 * made from a step's kind and arguments (or kept as schema 4 stored them). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "db.h"
#include "undo.h"

struct fixture {
	char *dir;
	struct db *db;
	struct err e;
};

/* Customers 1-5, tags 1 (vip) and 2 (ecom), a segment tree A > B with
 * members, a count history and a hand edit. */
static const char base_sql[] =
	"INSERT INTO customers(id, ext_id, city) VALUES (1, 'c1', 'Москва'), (2, 'c2', 'Киев'),"
	"  (3, 'c3', 'Минск'), (4, 'c4', NULL), (5, 'c5', 'Казань');"
	"INSERT INTO tags(id, name, name_fold) VALUES (1, 'VIP', 'vip'), (2, 'ecom', 'ecom');"
	"INSERT INTO customer_tags VALUES (1, 1), (2, 1), (3, 2);"
	"INSERT INTO segments(id, parent_id, name, position, rule, plan_who)"
	"  VALUES (1, NULL, 'A', 0, 'orders >= 1', 'buyers'), (2, 1, 'B', 0, 'city = Москва', NULL);"
	"INSERT INTO segment_members VALUES (1, 1), (1, 2), (2, 1);"
	"INSERT INTO segment_counts(segment_id, at, count) VALUES (1, '2024-01-01', 2), (2, '2024-01-01', 1);"
	"INSERT INTO hand_edits(customer_id, field, edited_at) VALUES (4, 'city', '2024-02-02');";

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb_sql("undo", base_sql, &f->dir);
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

/* Everything the undo log may touch, as one string (malloc'd). */
static char *
state_of(struct db *db)
{
	return th_text(db,
	               "SELECT (SELECT coalesce(group_concat(x, ';'), '') FROM (SELECT id || ',' || name || ',' || "
	               "  name_fold || ',' || created_at AS x FROM tags ORDER BY id)) || ' | ' ||"
	               " (SELECT coalesce(group_concat(x, ';'), '') FROM (SELECT customer_id || ',' || tag_id AS x "
	               "  FROM customer_tags ORDER BY 1)) || ' | ' ||"
	               " (SELECT coalesce(group_concat(x, ';'), '') FROM (SELECT id || ',' || coalesce(parent_id, '-') "
	               "  || ',' || name || ',' || position || ',' || rule || ',' || kind || ',' || "
	               "  coalesce(plan_who, '-') AS x FROM segments ORDER BY id)) || ' | ' ||"
	               " (SELECT coalesce(group_concat(x, ';'), '') FROM (SELECT segment_id || ',' || customer_id AS x "
	               "  FROM segment_members ORDER BY 1)) || ' | ' ||"
	               " (SELECT coalesce(group_concat(x, ';'), '') FROM (SELECT rowid || ',' || segment_id || ',' || "
	               "  at || ',' || count AS x FROM segment_counts ORDER BY rowid)) || ' | ' ||"
	               " (SELECT coalesce(group_concat(x, ';'), '') FROM (SELECT customer_id || ',' || field || ',' || "
	               "  edited_at AS x FROM hand_edits ORDER BY 1))");
}

static void
exec(struct fixture *f, const char *sql)
{
	memset(&f->e, 0, sizeof f->e);
	if (db_exec(f->db, sql, &f->e) != 0)
		fail_msg("%s: %s", sql, f->e.msg);
}

static void
save(struct fixture *f, const char *table, const char *where, long long a)
{
	struct sql_param p = {.kind = SQLP_INT, .i = a};

	memset(&f->e, 0, sizeof f->e);
	if (undo_save(f->db, table, where, &p, 1, &f->e) != 0)
		fail_msg("undo_save %s: %s", table, f->e.msg);
}

/* A step's label in these tests: name is the argument of a tag_create
 * step, whose label is L(name). */
#define L(name) "created tag \"" name "\""

static void
begin(struct fixture *f, const char *name)
{
	memset(&f->e, 0, sizeof f->e);
	assert_int_equal(db_begin(f->db, &f->e), 0);
	if (undo_step_begin(f->db, UNDO_TAG_CREATE, name, NULL, 0, &f->e) != 0)
		fail_msg("undo_step_begin: %s", f->e.msg);
}

static void
commit(struct fixture *f)
{
	assert_int_equal(db_commit(f->db, &f->e), 0);
}

static void
undo(struct fixture *f, const char *want_name)
{
	char *label = NULL, *want = NULL;

	memset(&f->e, 0, sizeof f->e);
	if (undo_last(f->db, &label, &f->e) != 0)
		fail_msg("undo_last: %s", f->e.msg);
	assert_true(asprintf(&want, L("%s"), want_name) > 0);
	assert_string_equal(label, want);
	free(want);
	free(label);
}

static void
assert_state(struct fixture *f, const char *want)
{
	char *got = state_of(f->db);

	assert_string_equal(got, want);
	free(got);
}

/* One step over every kept table: rows updated, inserted and deleted come
 * back exactly, and rows the step added go away. */
static void
test_restore_across_tables(void **state)
{
	struct fixture *f = *state;
	char *before = state_of(f->db);

	begin(f, "many things");
	save(f, "tags", "id >= ?", 1);
	save(f, "customer_tags", "tag_id >= ?", 1);
	save(f, "segments", "id >= ?", 1);
	save(f, "segment_members", "segment_id >= ?", 1);
	save(f, "segment_counts", "segment_id >= ?", 1);
	save(f, "hand_edits", "customer_id >= ?", 1);
	exec(f, "UPDATE tags SET name = 'Gold', name_fold = 'gold' WHERE id = 1;"
	        "INSERT INTO tags(id, name, name_fold) VALUES (3, 'new', 'new');"
	        "INSERT INTO customer_tags VALUES (4, 3), (5, 1);"
	        "DELETE FROM customer_tags WHERE customer_id = 2;"
	        "UPDATE segments SET name = 'AA', rule = '', plan_who = NULL WHERE id = 1;"
	        "DELETE FROM segments WHERE id = 2;"
	        "INSERT INTO segment_members VALUES (1, 5);"
	        "DELETE FROM segment_counts WHERE segment_id = 1;"
	        "INSERT INTO segment_counts(segment_id, at, count) VALUES (1, '2024-03-03', 9);"
	        "UPDATE hand_edits SET edited_at = '2025-01-01';"
	        "INSERT INTO hand_edits(customer_id, field) VALUES (5, 'email');");
	commit(f);
	undo(f, "many things");
	assert_state(f, before);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM undo_log"), 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM undo_rows"), 0);
	free(before);
}

/* Steps come off newest first, each back to the state before it. */
static void
test_steps_in_order(void **state)
{
	struct fixture *f = *state;
	char *s0 = state_of(f->db), *s1, *s2;

	begin(f, "first");
	save(f, "customer_tags", "tag_id = ?", 1);
	exec(f, "INSERT INTO customer_tags VALUES (4, 1), (5, 1)");
	commit(f);
	s1 = state_of(f->db);
	begin(f, "second");
	save(f, "customer_tags", "tag_id = ?", 1);
	exec(f, "DELETE FROM customer_tags WHERE tag_id = 1 AND customer_id IN (1, 4)");
	commit(f);
	s2 = state_of(f->db);
	assert_string_not_equal(s1, s2);

	char *peek = NULL;
	assert_int_equal(undo_peek(f->db, &peek, &f->e), 0);
	assert_string_equal(peek, L("second"));
	free(peek);

	struct undo_step *v;
	size_t n;
	assert_int_equal(undo_list(f->db, &v, &n, &f->e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].label, L("second"));
	assert_string_equal(v[1].label, L("first"));
	assert_true(v[0].id > v[1].id);
	assert_int_equal(strlen(v[0].at), 19);
	undo_list_free(v, n);

	undo(f, "second");
	assert_state(f, s1);
	undo(f, "first");
	assert_state(f, s0);
	free(s0);
	free(s1);
	free(s2);
}

static void
test_nothing_to_undo(void **state)
{
	struct fixture *f = *state;
	char *label = (char *)"x", *before = state_of(f->db);
	struct undo_step *v = (struct undo_step *)1;
	size_t n = 9;

	assert_int_equal(undo_last(f->db, &label, &f->e), -1);
	assert_null(label);
	assert_int_equal(f->e.code, EXIT_FAIL);
	assert_non_null(strstr(f->e.msg, "nothing to undo"));
	assert_int_equal(db_tx_depth(f->db), 0);
	assert_int_equal(undo_peek(f->db, &label, &f->e), 0);
	assert_null(label);
	assert_int_equal(undo_list(f->db, &v, &n, &f->e), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	assert_state(f, before);
	free(before);
}

/* Deleting parents cascades to children; undo puts the parents back
 * first, then the children. */
static void
test_parents_before_children(void **state)
{
	struct fixture *f = *state;
	char *before = state_of(f->db);

	begin(f, "delete tag VIP and segment A");
	save(f, "tags", "id = ?", 1);
	save(f, "customer_tags", "tag_id = ?", 1);
	save(f, "segments", "id IN (SELECT id FROM segments WHERE id = ? OR parent_id = 1)", 1);
	save(f, "segment_members", "segment_id IN (1, 2) AND ? = 1", 1);
	save(f, "segment_counts", "segment_id IN (1, 2) AND ? = 1", 1);
	exec(f, "DELETE FROM tags WHERE id = 1; DELETE FROM segments WHERE id = 1;");
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM segments"), 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM segment_members"), 0);
	commit(f);
	undo(f, "delete tag VIP and segment A");
	assert_state(f, before);
	free(before);
}

/* Changing a parent row in place (a rename) must not cascade its children
 * away on undo. */
static void
test_update_keeps_children(void **state)
{
	struct fixture *f = *state;
	char *before = state_of(f->db);

	begin(f, "rename");
	save(f, "tags", "id = ?", 1);
	save(f, "segments", "id = ?", 1);
	exec(f, "UPDATE tags SET name = 'Gold', name_fold = 'gold' WHERE id = 1;"
	        "UPDATE segments SET name = 'Z' WHERE id = 1");
	commit(f);
	undo(f, "rename");
	assert_state(f, before);
	free(before);
}

static void
test_many_rows(void **state)
{
	struct fixture *f = *state;
	char *before;

	exec(f, "WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i < 30099)"
	        " INSERT INTO customers(id, ext_id) SELECT i, 'x' || i FROM n;"
	        "INSERT OR IGNORE INTO customer_tags SELECT id, 2 FROM customers WHERE id % 3 = 0");
	before = state_of(f->db);
	begin(f, "big");
	save(f, "customer_tags", "tag_id = ?", 2);
	exec(f, "DELETE FROM customer_tags WHERE tag_id = 2 AND customer_id % 2 = 0;"
	        "INSERT OR IGNORE INTO customer_tags SELECT id, 2 FROM customers WHERE id % 5 = 0");
	commit(f);
	undo(f, "big");
	assert_state(f, before);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customer_tags WHERE tag_id = 2"),
	                 1 + 10000);
	free(before);
}

/* Text, integer and real parameters survive the trip through the log, and
 * only the rows they select come back. */
static void
test_params_kept(void **state)
{
	struct fixture *f = *state;
	char *before;
	struct sql_param p[3] = {
		{.kind = SQLP_TEXT, .text = (char *)"it's \"vip\" \\ ё"},
		{.kind = SQLP_INT, .i = 1},
		{.kind = SQLP_REAL, .d = 1.5},
	};

	exec(f, "UPDATE tags SET name = 'it''s \"vip\" \\ ё' WHERE id = 1");
	before = th_text(f->db, "SELECT name || '|' || name_fold || '|' || created_at FROM tags WHERE id = 1");
	begin(f, "params");
	assert_int_equal(undo_save(f->db, "tags", "name = ? AND id = ? AND id < ?", p, 3, &f->e), 0);
	exec(f, "UPDATE tags SET name = name || '!', created_at = 'x'");
	commit(f);
	undo(f, "params");
	char *after = th_text(f->db, "SELECT name || '|' || name_fold || '|' || created_at FROM tags WHERE id = 1");
	assert_string_equal(after, before);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM tags WHERE name = 'ecom!'"), 1);
	free(after);
	free(before);
}

static void
test_refusals(void **state)
{
	struct fixture *f = *state;

	/* outside a transaction */
	assert_int_equal(undo_step_begin(f->db, UNDO_TAG_CREATE, "x", NULL, 0, &f->e), -1);
	assert_int_equal(undo_save(f->db, "tags", "1", NULL, 0, &f->e), -1);
	/* a table the log does not keep */
	begin(f, "customers");
	assert_int_equal(undo_save(f->db, "customers", "1", NULL, 0, &f->e), -1);
	assert_non_null(strstr(f->e.msg, "customers"));
	db_rollback(f->db);
	/* a rolled back edit leaves no step */
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM undo_log"), 0);
	/* undo_save without a step */
	assert_int_equal(db_begin(f->db, &f->e), 0);
	assert_int_equal(undo_save(f->db, "tags", "1", NULL, 0, &f->e), -1);
	db_rollback(f->db);
}

static void
test_relabel(void **state)
{
	struct fixture *f = *state;
	char *label;

	begin(f, "provisional");
	save(f, "customer_tags", "tag_id = ?", 2);
	assert_int_equal(undo_step_relabel(f->db, UNDO_TAG_PUT, "ecom", NULL, 2, &f->e), 0);
	commit(f);
	assert_int_equal(undo_peek(f->db, &label, &f->e), 0);
	assert_string_equal(label, "put tag \"ecom\" on 2 customers");
	free(label);
}

/* Every kind's label in English, as the steps used to store it. */
static void
test_labels(void **state)
{
	static const struct {
		enum undo_kind kind;
		const char *a, *b;
		long long n;
		const char *want;
	} cases[] = {
		{UNDO_TAG_CREATE, "vip", NULL, 0, "created tag \"vip\""},
		{UNDO_TAG_RENAME, "vip", "VIP", 0, "renamed tag \"vip\" to \"VIP\""},
		{UNDO_TAG_MERGE, "a", "b", 0, "merged tag \"a\" into \"b\""},
		{UNDO_TAG_DELETE, "vip", NULL, 1, "deleted tag \"vip\" (it was on 1 customer)"},
		{UNDO_TAG_DELETE, "vip", NULL, 0, "deleted tag \"vip\" (it was on 0 customers)"},
		{UNDO_TAG_PUT, "vip", NULL, 1, "put tag \"vip\" on 1 customer"},
		{UNDO_TAG_PUT, "vip", NULL, 1204, "put tag \"vip\" on 1204 customers"},
		{UNDO_TAG_TAKE, "vip", NULL, 2, "took tag \"vip\" off 2 customers"},
		{UNDO_SEG_ADD, "A/B", NULL, 0, "add segment \"A/B\""},
		{UNDO_SEG_RENAME, "A/B", "C", 0, "rename segment \"A/B\" to \"C\""},
		{UNDO_SEG_RULE, "A", NULL, 0, "change the rule of \"A\""},
		{UNDO_SEG_PLAN, "A", NULL, 0, "edit the plan of \"A\""},
		{UNDO_SEG_REORDER, "A", NULL, 0, "reorder segment \"A\""},
		{UNDO_SEG_MOVE, "A", NULL, 0, "move segment \"A\""},
		{UNDO_SEG_COPY, "A", NULL, 0, "duplicate segment \"A\""},
		{UNDO_SEG_DELETE, "A", NULL, 0, "delete segment \"A\""},
		{UNDO_SEG_DELETE, "A", NULL, 3, "delete segment \"A\" with 3 below it"},
		{UNDO_SEG_FREEZE, "A", "A 2024", 0, "freeze \"A\" as \"A 2024\""},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = undo_label(cases[i].kind, cases[i].a, cases[i].b, cases[i].n);

		assert_non_null(got);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

/* A step stores its kind and arguments, not a label: the label is made
 * when shown (in the language of whoever looks). */
static void
test_kind_stored(void **state)
{
	struct fixture *f = *state;
	char *row, *label = NULL;

	assert_int_equal(db_begin(f->db, &f->e), 0);
	assert_int_equal(undo_step_begin(f->db, UNDO_TAG_PUT, "VIP \"gold\"", NULL, 3, &f->e), 0);
	save(f, "customer_tags", "tag_id = ?", 1);
	commit(f);
	row = th_text(f->db, "SELECT action || '|' || kind || '|' || args FROM undo_log");
	assert_string_equal(row, "|tag_put|[\"VIP \\\"gold\\\"\",3]");
	free(row);
	assert_int_equal(db_begin(f->db, &f->e), 0);
	assert_int_equal(undo_step_begin(f->db, UNDO_SEG_FREEZE, "A/B", "B 2024", 0, &f->e), 0);
	commit(f);
	row = th_text(f->db, "SELECT kind || '|' || args FROM undo_log ORDER BY id DESC LIMIT 1");
	assert_string_equal(row, "segment_freeze|[\"A/B\",\"B 2024\"]");
	free(row);
	assert_int_equal(undo_last(f->db, &label, &f->e), 0);
	assert_string_equal(label, "freeze \"A/B\" as \"B 2024\"");
	free(label);
	assert_int_equal(undo_last(f->db, &label, &f->e), 0);
	assert_string_equal(label, "put tag \"VIP \"gold\"\" on 3 customers");
	free(label);
}

/* A step logged by schema 4 (a label in action, no kind) keeps its label
 * in the list, on peek and on undo. */
static void
test_schema4_label(void **state)
{
	struct fixture *f = *state;
	struct undo_step *v;
	char *label = NULL;
	size_t n;

	exec(f, "INSERT INTO undo_log(action, payload) VALUES ('put tag \"old\" on 5 customers', '')");
	begin(f, "new");
	commit(f);
	assert_int_equal(undo_list(f->db, &v, &n, &f->e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].label, L("new"));
	assert_string_equal(v[1].label, "put tag \"old\" on 5 customers");
	undo_list_free(v, n);
	undo(f, "new");
	assert_int_equal(undo_peek(f->db, &label, &f->e), 0);
	assert_string_equal(label, "put tag \"old\" on 5 customers");
	free(label);
	assert_int_equal(undo_last(f->db, &label, &f->e), 0);
	assert_string_equal(label, "put tag \"old\" on 5 customers");
	free(label);
}

/* Only the newest UNDO_KEEP steps stay. */
static void
test_log_bounded(void **state)
{
	struct fixture *f = *state;
	char label[32];
	int i;

	for (i = 0; i < UNDO_KEEP + 5; i++) {
		snprintf(label, sizeof label, "step %d", i);
		begin(f, label);
		save(f, "customer_tags", "tag_id = ?", 1);
		commit(f);
	}
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM undo_log"), UNDO_KEEP);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM undo_rows"), UNDO_KEEP);
	char *oldest = th_text(f->db, "SELECT json_extract(args, '$[0]') FROM undo_log ORDER BY id LIMIT 1");
	assert_string_equal(oldest, "step 5");
	free(oldest);
}

/* A condition edited in the file is not run as more than one condition,
 * and nothing changes. */
static void
test_tampered_log(void **state)
{
	struct fixture *f = *state;
	char *before, *label = NULL;

	begin(f, "t");
	save(f, "customer_tags", "tag_id = ?", 1);
	exec(f, "DELETE FROM customer_tags WHERE tag_id = 1");
	commit(f);
	before = state_of(f->db);
	exec(f, "UPDATE undo_rows SET where_sql = 'tag_id = ?); DELETE FROM customers; SELECT (1'");
	assert_int_equal(undo_last(f->db, &label, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers"), 5);
	exec(f, "UPDATE undo_rows SET where_sql = 'tag_id = ?', tbl = 'customers'");
	assert_int_equal(undo_last(f->db, &label, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	assert_null(label);
	assert_state(f, before);
	assert_int_equal(db_tx_depth(f->db), 0);
	free(before);
}

/* A before-image that no longer fits (a tag of the same name made since,
 * outside the log) fails cleanly and changes nothing. */
static void
test_conflict(void **state)
{
	struct fixture *f = *state;
	char *before, *label = NULL;

	begin(f, "delete tag VIP");
	save(f, "tags", "id = ?", 1);
	save(f, "customer_tags", "tag_id = ?", 1);
	exec(f, "DELETE FROM tags WHERE id = 1");
	commit(f);
	exec(f, "INSERT INTO tags(name, name_fold) VALUES ('vip', 'vip')");
	before = state_of(f->db);
	assert_int_equal(undo_last(f->db, &label, &f->e), -1);
	assert_non_null(strstr(f->e.msg, "cannot undo \"" L("delete tag VIP") "\""));
	assert_state(f, before);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM undo_log"), 1);
	free(before);
}

/* Forgetting keeps the data as it is and leaves nothing to undo. */
static void
test_forget(void **state)
{
	struct fixture *f = *state;
	char *label = NULL, *after;
	long long rows = -1;

	begin(f, "first");
	save(f, "customer_tags", "tag_id = ?", 1);
	exec(f, "INSERT INTO customer_tags VALUES (4, 1)");
	commit(f);
	after = state_of(f->db);
	assert_int_equal(undo_forget(f->db, &f->e), 0);
	assert_state(f, after);
	assert_int_equal(undo_peek(f->db, &label, &f->e), 0);
	assert_null(label);
	assert_int_equal(db_query_int64(f->db, "SELECT count(*) FROM undo_rows", &rows, &f->e), 0);
	assert_int_equal(rows, 0);
	assert_int_equal(undo_last(f->db, &label, &f->e), -1);
	assert_non_null(strstr(f->e.msg, "nothing to undo"));
	assert_state(f, after);
	free(after);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_restore_across_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_steps_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_to_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parents_before_children, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_keeps_children, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_params_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relabel, setup, teardown),
		cmocka_unit_test(test_labels),
		cmocka_unit_test_setup_teardown(test_kind_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema4_label, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tampered_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forget, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
