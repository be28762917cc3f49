/* Tests of which customers an export takes: the hygiene rules (consent,
 * valid only, dedupe, activity), samples, splits into groups, limits,
 * segments and the options refused. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "db.h"
#include "export/export.h"
#include "export_helpers.h"

/* An error as the user sees it (err_format). */
static char line[ERR_LINE_MAX];

/* --- hygiene --------------------------------------------------------------------- */

static void
test_consent(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id", .consent = EXPORT_CHANNEL_EMAIL};

	/* 2 refused, 6 unknown: both dropped */
	ex_assert_export(f, &o, NULL, "id\nc1\nc3\nc4\nc5\nc7\nc8\nc9\nc10\n");
	assert_int_equal(f->st.selected, 10);
	assert_int_equal(f->st.no_consent, 2);
	assert_int_equal(f->st.written, 8);
	o.consent = EXPORT_CHANNEL_SMS;
	ex_assert_export(f, &o, NULL, "id\nc1\nc2\nc4\nc6\nc9\nc10\n");
	assert_int_equal(f->st.no_consent, 4);
}

static void
test_valid_only(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id", .valid = EXPORT_CHANNEL_EMAIL};

	/* c3: not an email; c6: none. ANNA@ in capitals is valid */
	ex_assert_export(f, &o, NULL, "id\nc1\nc2\nc4\nc5\nc7\nc8\nc9\nc10\n");
	assert_int_equal(f->st.invalid, 2);
	o.valid = EXPORT_CHANNEL_SMS;
	/* c3: 8916... is not E.164; c7, c8: none */
	ex_assert_export(f, &o, NULL, "id\nc1\nc2\nc4\nc5\nc6\nc9\nc10\n");
	assert_int_equal(f->st.invalid, 3);
	/* a row failing consent and validity counts once, as no consent */
	o.consent = EXPORT_CHANNEL_SMS;
	ex_assert_export(f, &o, NULL, "id\nc1\nc2\nc4\nc6\nc9\nc10\n");
	assert_int_equal(f->st.no_consent, 4);
	assert_int_equal(f->st.invalid, 0);
}

static void
test_dedupe(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id,email", .dedupe = EXPORT_CHANNEL_EMAIL};

	/* c4's ANNA@ is c1's anna@: the first by id wins; c6 (no email) stays */
	ex_assert_export(f, &o, NULL,
	              "id,email\nc1,anna@example.ru\nc2,boris@example.ru\nc3,not-an-email\n"
	              "c5,old@example.com\nc6,\nc7,quote@example.com\nc8,formula@example.com\n"
	              "c9,tab@example.com\nc10,ten@example.com\n");
	assert_int_equal(f->st.duplicate, 1);
	o.dedupe = EXPORT_CHANNEL_SMS;
	o.columns = "id";
	ex_assert_export(f, &o, NULL, "id\nc1\nc2\nc3\nc5\nc6\nc7\nc8\nc9\nc10\n");
	assert_int_equal(f->st.duplicate, 1);
	/* a row dropped before the dedupe does not hide a later one */
	o.where = "";
	o.dedupe = EXPORT_CHANNEL_EMAIL;
	o.consent = EXPORT_CHANNEL_SMS;
	o.columns = "id";
	db_exec(f->db, "UPDATE customers SET sms_consent = 0 WHERE id = 1", &f->e);
	ex_assert_export(f, &o, NULL, "id\nc2\nc4\nc6\nc9\nc10\n");
	assert_int_equal(f->st.duplicate, 0);
}

static void
test_active_within(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id", .active_within = "30d"};

	/* reference date 2026-10-31: c2 (09-15), c5 (2025), c6 (never) are
	 * inactive; c1 (10-01) is exactly 30 days back and counts */
	ex_assert_export(f, &o, NULL, "id\nc1\nc3\nc4\nc7\nc8\nc9\nc10\n");
	assert_int_equal(f->st.inactive, 3);
	o.active_within = "6m";
	ex_assert_export(f, &o, NULL, "id\nc1\nc2\nc3\nc4\nc7\nc8\nc9\nc10\n");
	o.active_within = "six months";
	assert_null(ex_export_file(f, &o, NULL, "out.csv"));
	assert_int_equal(f->e.code, EXIT_USAGE);
}

/* --- samples, splits, limits -------------------------------------------------------- */

/* Adds n customers with ids 101.. (ext ids s101..). */
static void
add_many(struct fixture *f, int n)
{
	char sql[160];
	int i;

	db_begin(f->db, &f->e);
	for (i = 0; i < n; i++) {
		snprintf(sql, sizeof sql,
		         "INSERT INTO customers(id, ext_id, email) VALUES (%d, 's%d', 'u%d@example.com')",
		         101 + i, 101 + i, 101 + i);
		assert_int_equal(db_exec(f->db, sql, &f->e), 0);
	}
	db_commit(f->db, &f->e);
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
test_sample(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id starts with s", .columns = "id", .sample_n = 20,
	                        .seed = 42};
	char *a, *b, *c;

	add_many(f, 200);
	a = ex_export_file(f, &o, NULL, "a.csv");
	assert_non_null(a);
	assert_int_equal(count_lines(a), 21);
	assert_int_equal(f->st.not_sampled, 180);
	assert_int_equal(f->st.written, 20);
	b = ex_export_file(f, &o, NULL, "b.csv");
	assert_string_equal(a, b);
	o.seed = 43;
	c = ex_export_file(f, &o, NULL, "c.csv");
	assert_string_not_equal(a, c);
	free(a);
	free(b);
	free(c);
	/* percentages: 10% of 200, and at least one of a small list */
	o.seed = 42;
	o.sample_n = 0;
	o.sample_pct = 10;
	a = ex_export_file(f, &o, NULL, "a.csv");
	assert_int_equal(count_lines(a), 21);
	free(a);
	o.sample_pct = 2.5;
	a = ex_export_file(f, &o, NULL, "a.csv");
	assert_int_equal(count_lines(a), 6);
	free(a);
	o.where = "id = c1";
	o.sample_pct = 0.5;
	a = ex_export_file(f, &o, NULL, "a.csv");
	assert_string_equal(a, "id\nc1\n");
	free(a);
	/* nobody to draw from: an empty sample, an empty split */
	o.where = "id = nobody";
	o.sample_pct = 0;
	o.sample_n = 3;
	o.split = 2;
	a = ex_export_file(f, &o, NULL, "a.csv");
	assert_null(a); /* a split writes a.A.csv and a.B.csv */
	assert_int_equal(f->e.code, 0);
	assert_int_equal(f->st.written, 0);
	o.split = 0;
	a = ex_export_file(f, &o, NULL, "a.csv");
	assert_string_equal(a, "id\n");
	free(a);
	/* more than there are: everybody */
	o.sample_n = 1000;
	o.where = "id starts with c";
	a = ex_export_file(f, &o, NULL, "a.csv");
	assert_int_equal(count_lines(a), 11);
	free(a);
}

static void
test_sample_order_independent(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id", .sample_n = 5, .seed = 9};
	char *a, *b;

	/* the same set, scanned in another order (by an index on city), draws
	 * the same customers */
	add_many(f, 50);
	a = ex_export_file(f, &o, NULL, "a.csv");
	db_exec(f->db, "UPDATE customers SET city = printf('city%03d', 500 - id)", &f->e);
	db_exec(f->db, "CREATE INDEX test_city ON customers(city)", &f->e);
	o.where = "city starts with \"city\"";
	b = ex_export_file(f, &o, NULL, "b.csv");
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void
test_split(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id starts with s", .columns = "id", .split = 3, .seed = 5};
	struct export_format fmt;
	char *path = th_path(f->dir, "ab.csv"), *files, *g[3], *again;
	char name[32];
	int i, total = 0;

	add_many(f, 100);
	export_format_preset(EXPORT_PRESET_NONE, &fmt);
	assert_int_equal(export_to_file(f->db, &o, path, &fmt, false, &f->st, &f->e), 0);
	files = th_list_dir(f->dir);
	assert_string_equal(files, "ab.A.csv\nab.B.csv\nab.C.csv\n");
	free(files);
	assert_int_equal(f->st.ngroups, 3);
	assert_int_equal(f->st.group_rows[0], 34);
	assert_int_equal(f->st.group_rows[1], 33);
	assert_int_equal(f->st.group_rows[2], 33);
	for (i = 0; i < 3; i++) {
		char *p;

		snprintf(name, sizeof name, "ab.%c.csv", 'A' + i);
		p = th_path(f->dir, name);
		g[i] = ex_slurp(p, NULL);
		assert_non_null(g[i]);
		total += count_lines(g[i]) - 1;
		free(p);
	}
	assert_int_equal(total, 100);
	/* disjoint and covering: every s-id is in exactly one group */
	for (i = 101; i <= 200; i++) {
		int k, in = 0;

		snprintf(name, sizeof name, "\ns%d\n", i);
		for (k = 0; k < 3; k++)
			in += strstr(g[k], name) != NULL;
		assert_int_equal(in, 1);
	}
	/* the same seed splits the same way (the files are there: force) */
	assert_int_equal(export_to_file(f->db, &o, path, &fmt, true, &f->st, &f->e), 0);
	snprintf(name, sizeof name, "ab.B.csv");
	free(path);
	path = th_path(f->dir, name);
	again = ex_slurp(path, NULL);
	assert_string_equal(again, g[1]);
	free(again);
	for (i = 0; i < 3; i++)
		free(g[i]);
	free(path);
	/* a sample split: 10 drawn, 5 and 5 */
	o.sample_n = 10;
	o.split = 2;
	path = th_path(f->dir, "s.csv");
	assert_int_equal(export_to_file(f->db, &o, path, &fmt, false, &f->st, &f->e), 0);
	assert_int_equal(f->st.group_rows[0], 5);
	assert_int_equal(f->st.group_rows[1], 5);
	assert_int_equal(f->st.not_sampled, 90);
	free(path);
	/* not to standard output */
	o.sample_n = 0;
	assert_int_not_equal(export_to_file(f->db, &o, "-", &fmt, false, &f->st, &f->e), 0);
	assert_int_equal(f->e.code, EXIT_USAGE);
}

static void
test_limit(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id", .limit = 3,
	                        .consent = EXPORT_CHANNEL_EMAIL};

	/* the first three kept, by id */
	ex_assert_export(f, &o, NULL, "id\nc1\nc3\nc4\n");
	assert_int_equal(f->st.over_limit, 5);
	assert_int_equal(f->st.no_consent, 2);
	/* with a split: the limit first, then balanced groups */
	o.split = 2;
	o.seed = 1;
	{
		struct export_format fmt;
		char *path = th_path(f->dir, "l.csv");

		export_format_preset(EXPORT_PRESET_NONE, &fmt);
		assert_int_equal(export_to_file(f->db, &o, path, &fmt, false, &f->st, &f->e), 0);
		assert_int_equal(f->st.written, 3);
		assert_int_equal(f->st.group_rows[0] + f->st.group_rows[1], 3);
		assert_true(f->st.group_rows[0] == 2 || f->st.group_rows[1] == 2);
		free(path);
	}
}

static void
test_bad_opts(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.columns = "id"};

	assert_null(ex_export_file(f, &o, NULL, "out.csv"));
	assert_int_equal(f->e.code, EXIT_USAGE);
	o.where = "orders >= three";
	assert_null(ex_export_file(f, &o, NULL, "out.csv"));
	assert_int_equal(f->e.code, EXIT_DATAERR);
	assert_non_null(strstr(err_format(&f->e, line, sizeof line), "1:11"));
	o.where = "";
	o.split = 27;
	assert_null(ex_export_file(f, &o, NULL, "out.csv"));
	assert_int_equal(f->e.code, EXIT_USAGE);
	o.split = 0;
	o.segment = "No such";
	assert_null(ex_export_file(f, &o, NULL, "out.csv"));
	assert_int_not_equal(f->e.code, 0);
}

static void
test_segment(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.segment = "Москва", .columns = "id"};

	assert_int_equal(db_exec(f->db,
	                         "INSERT INTO segments(id, name, rule) VALUES"
	                         " (1, 'Москва', 'city = \"москва\"'),"
	                         " (2, 'Согласны', 'email_consent = 1');"
	                         "UPDATE segments SET parent_id = 1 WHERE id = 2;",
	                         &f->e),
	                 0);
	ex_assert_export(f, &o, NULL, "id\nc1\nc3\nc4\nc10\n");
	o.segment = "Москва/Согласны";
	o.where = "lead_score > 5";
	ex_assert_export(f, &o, NULL, "id\nc1\nc4\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_consent, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_valid_only, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_dedupe, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_active_within, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_sample, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_sample_order_independent, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_split, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_limit, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_bad_opts, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_segment, ex_setup, ex_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
