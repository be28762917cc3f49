/* Tests of import_read_file (import/relay.c): the CSV parsed on a thread
 * of its own, the records handed over to the caller's thread. Every record
 * arrives once, in order, with its fields, line and index, across many of
 * the hand-over's batches; a callback that stops or fails stops the parser;
 * the parser's errors come back with their position; the progress goes to
 * the caller's thread. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "import/private.h"
#include "text/text.h"
#include "util/strbuf.h"

/* Rows of about 100 bytes, handed over as records of about 200: 150,000
 * of them are more than the hand-over's four batches of 4 MB hold, so
 * that the parser waits for the caller, and is stopped while it waits. */
#define ROWS 150000

struct seen {
	long rows;        /* records seen, the header included */
	long stop_at;     /* return 1 at this record index (0: never) */
	long fail_at;     /* return -1 at this record index (0: never) */
	bool bad;         /* a record was not the one expected */
	pthread_t caller;
	bool foreign;     /* a callback ran on another thread */
	long progress;    /* progress calls */
	off_t last_done;
	bool backwards;   /* the progress went back */
};

static char *
big_file(const char *dir)
{
	struct strbuf sb = {0};
	char *p = th_path(dir, "big.csv");
	long i;

	strbuf_add(&sb, "id,name,note\n");
	for (i = 1; i <= ROWS; i++) {
		if (i % 1000 == 0) /* a quoted field over two lines */
			strbuf_addf(&sb, "%ld,\"name %ld\nsecond line\",%080ld\n", i, i, i);
		else
			strbuf_addf(&sb, "%ld,name %ld,%080ld\n", i, i, i);
	}
	assert_false(sb.oom);
	th_write(p, sb.p, sb.n);
	free(sb.p);
	return p;
}

static int
on_row(void *ctx, const struct csv_row *row, struct err *e)
{
	struct seen *s = ctx;
	char want[128];
	long i = row->index;

	if (!pthread_equal(pthread_self(), s->caller))
		s->foreign = true;
	if (i != s->rows || row->n != 3)
		s->bad = true;
	s->rows++;
	if (i == 0) {
		if (strcmp(row->fields[0], "id") != 0 || row->line != 1)
			s->bad = true;
	} else {
		/* Line of record i: one for the header, one a record, and one
		 * more for each two-line record before it. */
		long line = 1 + i + (i - 1) / 1000;

		snprintf(want, sizeof want, "%ld", i);
		if (strcmp(row->fields[0], want) != 0 || row->lens[0] != strlen(want) ||
		    row->line != line)
			s->bad = true;
		snprintf(want, sizeof want, i % 1000 == 0 ? "name %ld\nsecond line" : "name %ld", i);
		if (strcmp(row->fields[1], want) != 0)
			s->bad = true;
		snprintf(want, sizeof want, "%080ld", i);
		if (strcmp(row->fields[2], want) != 0 || row->lens[2] != 80)
			s->bad = true;
	}
	if (s->stop_at != 0 && i == s->stop_at)
		return 1;
	if (s->fail_at != 0 && i == s->fail_at)
		return err_set(e, EXIT_DATAERR, "stopped at %ld", i);
	return 0;
}

static void
on_progress(void *ctx, off_t done, off_t total)
{
	struct seen *s = ctx;

	(void)total;
	if (!pthread_equal(pthread_self(), s->caller))
		s->foreign = true;
	if (done < s->last_done)
		s->backwards = true;
	s->last_done = done;
	s->progress++;
}

static void
test_every_record_in_order(void **state)
{
	char *dir = th_tmpdir("relay"), *p = big_file(dir);
	struct seen s = {.caller = pthread_self()};
	struct csv_opts co = {.progress = on_progress, .progress_ctx = &s};
	struct csv_info info = {0};
	struct err e = {0};

	(void)state;
	assert_int_equal(import_read_file(p, &co, on_row, &s, &info, &e), 0);
	assert_false(s.bad);
	assert_false(s.foreign);
	assert_false(s.backwards);
	assert_int_equal(s.rows, ROWS + 1);
	assert_int_equal(info.records, ROWS + 1);
	assert_int_equal(info.delim, ',');
	assert_true(s.progress > 1);
	assert_int_equal(s.last_done, info.size);
	th_rmtree(dir);
	free(dir);
	free(p);
}

/* A callback that returns 1 stops the reading early, and it is no error;
 * one that fails stops it with its own error. */
static void
test_stopped_or_failed_by_the_callback(void **state)
{
	char *dir = th_tmpdir("relay"), *p = big_file(dir);
	struct seen s = {.caller = pthread_self(), .stop_at = 1234};
	struct csv_opts co = {0};
	struct err e = {0};

	(void)state;
	assert_int_equal(import_read_file(p, &co, on_row, &s, NULL, &e), 0);
	assert_false(s.bad);
	assert_int_equal(s.rows, 1235);

	memset(&s, 0, sizeof s);
	s.caller = pthread_self();
	s.fail_at = 120000;
	assert_int_equal(import_read_file(p, &co, on_row, &s, NULL, &e), -1);
	assert_int_equal(e.code, EXIT_DATAERR);
	assert_string_equal(e.msg, "stopped at 120000");
	assert_int_equal(s.rows, 120001);
	th_rmtree(dir);
	free(dir);
	free(p);
}

/* The parser's error (here an unterminated quote far into the file) comes
 * back once the records before it have been handed over. */
static void
test_parser_error_after_the_good_rows(void **state)
{
	char *dir = th_tmpdir("relay"), *p = th_path(dir, "bad.csv");
	struct strbuf sb = {0};
	struct seen s = {.caller = pthread_self()};
	struct csv_opts co = {0};
	struct err e = {0};
	long i;

	(void)state;
	strbuf_add(&sb, "id,name,note\n");
	for (i = 1; i <= ROWS; i++)
		strbuf_addf(&sb, "%ld,name %ld,%080ld\n", i, i, i);
	strbuf_add(&sb, "x,\"never closed,y\n");
	th_write(p, sb.p, sb.n);
	assert_int_equal(import_read_file(p, &co, on_row, &s, NULL, &e), -1);
	assert_int_equal(e.code, EXIT_DATAERR);
	assert_non_null(strstr(e.msg, "quote"));
	assert_int_equal(s.rows, ROWS + 1);
	/* And a file that is not there. */
	memset(&e, 0, sizeof e);
	assert_int_equal(import_read_file("tests/tmp/no/such.csv", &co, on_row, &s, NULL, &e), -1);
	assert_int_equal(e.code, EXIT_NOINPUT);
	free(sb.p);
	th_rmtree(dir);
	free(dir);
	free(p);
}

/* import_trim is text_trim, with the length known: whatever the value's
 * ends, the same result. */
static void
test_trim_as_text_trim(void **state)
{
	static const char *const values[] = {
		"", " ", "a", "abc", " abc", "abc ", "\tabc\r\n", "\xc2\xa0" "abc", "abc\xc2\xa0",
		"\xc2\xa0", "a b", "\xd0\x90\xc2\xa0", "\xc2\xa9", "\x0b x \x0c", "\xc2\xa0 \xc2\xa0",
	};
	(void)state;
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		char a[32], b[32];

		strcpy(a, values[i]);
		strcpy(b, values[i]);
		import_trim(a, strlen(a));
		text_trim(b);
		assert_string_equal(a, b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trim_as_text_trim),
		cmocka_unit_test(test_every_record_in_order),
		cmocka_unit_test(test_stopped_or_failed_by_the_callback),
		cmocka_unit_test(test_parser_error_after_the_good_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
