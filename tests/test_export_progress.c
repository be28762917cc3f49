/* Tests of the export's progress callback: the selection counted first,
 * a call at each pass's start and end and every EXPORT_PROGRESS_ROWS rows
 * read, the rows written as they go, two passes with a sample or a split,
 * and a cancel asked from the callback leaving no file. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "db.h"
#include "export/export.h"

/* 10 000 customers; the even ids consented to email. */
static const char base_sql[] =
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)"
	" INSERT INTO customers(id, ext_id, email, email_consent)"
	" SELECT i, 'c' || i, 'u' || i || '@example.ru', 1 - i % 2 FROM n;"
	"INSERT INTO meta(key, value) VALUES ('as_of', '2026-10-31');";

#define MAX_CALLS 64

struct fixture {
	char *dir;
	struct db *db;
	struct export_format fmt;
	struct export_progress calls[MAX_CALLS];
	int ncalls;
	long long cancel_at; /* > 0: the callback cancels once read reaches it */
	volatile sig_atomic_t cancel;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb_sql("export_progress", base_sql, &f->dir);
	export_format_preset(EXPORT_PRESET_NONE, &f->fmt);
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
on_progress(void *ctx, const struct export_progress *p)
{
	struct fixture *f = ctx;

	assert_true(f->ncalls < MAX_CALLS);
	f->calls[f->ncalls++] = *p;
	if (f->cancel_at > 0 && p->read >= f->cancel_at)
		f->cancel = 1;
}

static int
run(struct fixture *f, struct export_opts *o, const char *path, struct export_stats *st,
    struct err *e)
{
	f->ncalls = 0;
	f->cancel = 0;
	o->progress = on_progress;
	o->progress_ctx = f;
	o->cancel = &f->cancel;
	memset(e, 0, sizeof *e);
	return export_to_file(f->db, o, path, &f->fmt, true, st, e);
}

static void
assert_call(const struct export_progress *p, int pass, int passes, long long read,
            long long written)
{
	assert_int_equal(p->selected, 10000);
	assert_int_equal(p->pass, pass);
	assert_int_equal(p->passes, passes);
	assert_int_equal(p->read, read);
	assert_int_equal(p->written, written);
}

static void
test_one_pass(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id", .consent = EXPORT_CHANNEL_EMAIL};
	struct export_stats st;
	struct err e;
	char *path = th_path(f->dir, "out.csv");

	assert_int_equal(run(f, &o, path, &st, &e), 0);
	assert_int_equal(st.written, 5000);
	/* start, 4096, 8192, end: the written rows are the even ids so far */
	assert_int_equal(f->ncalls, 4);
	assert_call(&f->calls[0], 1, 1, 0, 0);
	assert_call(&f->calls[1], 1, 1, 4096, 2047); /* row 4096 is counted when read */
	assert_call(&f->calls[2], 1, 1, 8192, 4095);
	assert_call(&f->calls[3], 1, 1, 10000, 5000);
	/* a rule selecting fewer: selected is the rule's count */
	o.where = "id = c1 or id = c2 or id = c3 or id = c4";
	assert_int_equal(run(f, &o, path, &st, &e), 0);
	assert_int_equal(f->ncalls, 2);
	assert_int_equal(f->calls[0].selected, 4);
	assert_int_equal(f->calls[1].read, 4);
	assert_int_equal(f->calls[1].written, 2);
	free(path);
}

static void
test_two_passes(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id", .split = 2, .seed = 7,
	                        .sample_pct = 10};
	struct export_stats st;
	struct err e;
	char *path = th_path(f->dir, "out.csv");

	assert_int_equal(run(f, &o, path, &st, &e), 0);
	assert_int_equal(st.written, 1000);
	assert_int_equal(f->ncalls, 8);
	/* the draw reads every row and writes none */
	assert_call(&f->calls[0], 1, 2, 0, 0);
	assert_call(&f->calls[1], 1, 2, 4096, 0);
	assert_call(&f->calls[2], 1, 2, 8192, 0);
	assert_call(&f->calls[3], 1, 2, 10000, 0);
	/* then the writing pass, from 0 again */
	assert_call(&f->calls[4], 2, 2, 0, 0);
	assert_int_equal(f->calls[5].read, 4096);
	assert_true(f->calls[5].written > 0 && f->calls[5].written < 1000);
	assert_call(&f->calls[7], 2, 2, 10000, 1000);
	free(path);
}

/* Cancelled from the callback (as the interface's gauge does through the
 * job's flag): an error, and neither the file nor a temporary one. */
static void
test_cancel(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id,email"};
	struct export_stats st;
	struct err e;
	char *path = th_path(f->dir, "cancelled.csv");
	char *files;

	f->cancel_at = 4096;
	assert_int_equal(run(f, &o, path, &st, &e), -1);
	f->cancel_at = 0;
	assert_non_null(strstr(e.msg, "interrupted"));
	assert_true(st.written < 10000);
	assert_int_equal(access(path, F_OK), -1);
	files = th_list_dir(f->dir);
	assert_null(strstr(files, "cancelled"));
	free(files);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_pass, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_passes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
