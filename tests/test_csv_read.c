/* Tests of the CSV reader: quoting, line numbers, fields, callbacks, large
 * files and the errors a marketer sees for files we cannot read. Delimiter
 * and encoding detection are in test_csv_detect.c. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "csv_helpers.h"

static void
test_quoted_delimiter(void **state)
{
	struct got g = {0};

	(void)state;
	th_read_ok("name,city\n\"Smith, John\",\"Paris\"\n", (size_t)-1, NULL, &g, NULL);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.rows[1], "2:[Smith, John][Paris]");
	th_got_free(&g);
}

static void
test_doubled_quotes(void **state)
{
	struct got g = {0};

	(void)state;
	th_read_ok("note\n\"say \"\"hi\"\"\"\n\"\"\"\"\n", (size_t)-1, NULL, &g, NULL);
	assert_string_equal(g.rows[1], "2:[say \"hi\"]");
	assert_string_equal(g.rows[2], "3:[\"]");
	th_got_free(&g);
}

static void
test_embedded_newlines_keep_line_numbers(void **state)
{
	struct got g = {0};

	(void)state;
	th_read_ok("id,note\n1,\"two\nlines\"\n2,x\n\"3\n\n\",\"a\nb\"\n4,y\n", (size_t)-1, NULL, &g,
	        NULL);
	assert_int_equal(g.n, 5);
	assert_string_equal(g.rows[1], "2:[1][two\nlines]");
	assert_string_equal(g.rows[2], "4:[2][x]");
	/* The first field spans lines: the record still starts on line 5. */
	assert_string_equal(g.rows[3], "5:[3\n\n][a\nb]");
	assert_string_equal(g.rows[4], "9:[4][y]");
	th_got_free(&g);
}

static void
test_crlf(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	th_read_ok("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.rows[0], "1:[a][b]");
	assert_string_equal(g.rows[1], "2:[1][x\r\ny]");
	assert_string_equal(g.rows[2], "4:[2][z]");
	assert_int_equal(info.lines, 4);
	th_got_free(&g);
}

static void
test_cr_only(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	th_read_ok("a,b\r1,2\r\r3,4\r", (size_t)-1, NULL, &g, &info);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.rows[1], "2:[1][2]");
	assert_string_equal(g.rows[2], "4:[3][4]");
	assert_int_equal(info.lines, 4);
	th_got_free(&g);
}

/* A file whose line breaks fall exactly on the reader's 1 MiB chunk edges:
 * a CRLF cut in two must stay one line break, a lone CR must not wait. */
static void
test_line_breaks_across_chunks(void **state)
{
	const size_t chunk = 1 << 20;
	struct got g = {0};
	struct csv_info info;
	char *dir = th_tmpdir("csv"), *path = th_path(dir, "edge.csv");
	char *buf = malloc(2 * chunk + 16);
	struct err e = {0};
	size_t len;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, "h\r\n", 3);
	memset(buf + 3, 'x', chunk - 4);
	buf[chunk - 1] = '\r'; /* CR ends chunk 1, LF starts chunk 2 */
	buf[chunk] = '\n';
	memset(buf + chunk + 1, 'y', chunk - 2);
	buf[2 * chunk - 1] = '\r'; /* a lone CR ends chunk 2 */
	memcpy(buf + 2 * chunk, "z\r\n", 3);
	len = 2 * chunk + 3;
	th_write(path, buf, len);
	assert_int_equal(csv_read_file(path, NULL, th_csv_collect, &g, &info, &e), 0);
	assert_int_equal(g.n, 4);
	assert_string_equal(g.rows[3], "4:[z]");
	assert_int_equal(info.lines, 4);
	assert_int_equal(info.size, (off_t)len);
	th_got_free(&g);
	th_rmtree(dir);
	free(buf);
	free(path);
	free(dir);
}

static void
test_spaces_kept_verbatim(void **state)
{
	struct got g = {0};

	(void)state;
	th_read_ok("a, b ,c\n 1 ,\t2\t,  \n", (size_t)-1, NULL, &g, NULL);
	assert_string_equal(g.rows[0], "1:[a][ b ][c]");
	assert_string_equal(g.rows[1], "2:[ 1 ][\t2\t][  ]");
	th_got_free(&g);
}

/* Blanks outside the quotes of a quoted field are not part of it; without
 * care they make `, "a, b"` two fields or `"a" ,` swallow the line. */
static void
test_blanks_around_quoted_fields(void **state)
{
	struct got g = {0};

	(void)state;
	th_read_ok("id, name , city\n1, \"Smith, John\" , \"NY\"\n2,\"a\" ,b\n", (size_t)-1, NULL, &g,
	        NULL);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.rows[1], "2:[1][Smith, John][NY]");
	assert_string_equal(g.rows[2], "3:[2][a][b]");
	th_got_free(&g);
}

/* libcsv reopens the quotes after `"12"` and would swallow the file. */
static void
test_text_after_closing_quote(void **state)
{
	struct got g = {0};

	(void)state;
	th_read_ok("id,item,qty\n1,\"12\" monitor,2\n2,\"say \"\"hi\"\"\" x\"y,3\n3,z,4\n", (size_t)-1,
	        NULL, &g, NULL);
	assert_int_equal(g.n, 4);
	assert_string_equal(g.rows[1], "2:[1][12 monitor][2]");
	assert_string_equal(g.rows[2], "3:[2][say \"hi\" x\"y][3]");
	assert_string_equal(g.rows[3], "4:[3][z][4]");
	th_got_free(&g);
}

static void
test_empty_fields_are_empty_strings(void **state)
{
	struct got g = {0};

	(void)state;
	th_read_ok("a,,c\n,,\n\"\",x\n", (size_t)-1, NULL, &g, NULL);
	assert_false(g.saw_null);
	assert_string_equal(g.rows[0], "1:[a][][c]");
	assert_string_equal(g.rows[1], "2:[][][]");
	assert_string_equal(g.rows[2], "3:[][x]");
	th_got_free(&g);
}

static void
test_stray_quote_kept_literally(void **state)
{
	struct got g = {0};

	(void)state;
	th_read_ok("id,item,qty\n1,5\" ruler,2\n2,Mc\"Donald\"s,3\n", (size_t)-1, NULL, &g, NULL);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.rows[1], "2:[1][5\" ruler][2]");
	assert_string_equal(g.rows[2], "3:[2][Mc\"Donald\"s][3]");
	th_got_free(&g);
}

static void
test_unterminated_quote_names_its_line(void **state)
{
	struct got g = {0};
	const char *msg;

	(void)state;
	msg = th_read_fail("a,b\n1,ok\n2,\"never\nclosed\n3,z\n", (size_t)-1, NULL, EXIT_DATAERR,
	                &g);
	assert_string_equal(msg, "mem:3:2: unterminated quoted field (a '\"' opened here is never "
	                         "closed)");
	assert_int_equal(g.n, 2);
	th_got_free(&g);

	/* The quote opens on the record's second line, after a field that
	 * spans lines: the message names where the quote is. */
	msg = th_read_fail("a,b,c\n1,\"two\nlines\",\"open\nmore\n", (size_t)-1, NULL, EXIT_DATAERR,
	                &g);
	assert_memory_equal(msg, "mem:3:3: unterminated", 21);
	th_got_free(&g);
}

static void
test_missing_file(void **state)
{
	struct got g = {0};
	struct err e = {0};

	(void)state;
	assert_int_equal(csv_read_file("no/such.csv", NULL, th_csv_collect, &g, NULL, &e), -1);
	assert_int_equal(e.code, EXIT_NOINPUT);
	assert_string_equal(e.msg, "no/such.csv: cannot open: No such file or directory");
	assert_int_equal(csv_read_file(".", NULL, th_csv_collect, &g, NULL, &e), -1);
	assert_int_equal(e.code, EXIT_NOINPUT);
}

static void
test_callback_stops_early(void **state)
{
	struct got g = {.stop_after = 2};
	struct csv_info info;

	(void)state;
	th_read_ok("a\n1\n2\n3\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(g.n, 2);
	assert_int_equal(info.records, 2);
	th_got_free(&g);
}

static void
test_callback_fails(void **state)
{
	struct got g = {.fail_after = 2};

	(void)state;
	assert_string_equal(th_read_fail("a\n1\n2\n3\n", (size_t)-1, NULL, EXIT_DATAERR, &g),
	                    "callback says no");
	assert_int_equal(g.n, 2);
	th_got_free(&g);
}

static void
test_short_record(void **state)
{
	struct got g = {0};

	(void)state;
	th_read_ok("a,b,c\n1,2\n3\n", (size_t)-1, NULL, &g, NULL);
	assert_string_equal(g.rows[1], "2:[1][2]");
	assert_string_equal(g.rows[2], "3:[3]");
	th_got_free(&g);
}

static void
test_no_trailing_newline(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	th_read_ok("a,b\n1,\"x\"", (size_t)-1, NULL, &g, &info);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.rows[1], "2:[1][x]");
	assert_int_equal(info.lines, 2);
	assert_int_equal(info.records, 2);
	th_got_free(&g);
}

static void
test_empty_input(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	th_read_ok("", 0, NULL, &g, &info);
	assert_int_equal(g.n, 0);
	assert_int_equal(info.records, 0);
	assert_int_equal(info.lines, 0);
	th_read_ok("\n\r\n\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(g.n, 0);
	assert_int_equal(info.lines, 3);
}

static void
test_blank_lines_skipped_but_counted(void **state)
{
	struct got g = {0};

	(void)state;
	th_read_ok("a\n\n  \n1\n\r\n2\n", (size_t)-1, NULL, &g, NULL);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.rows[1], "4:[1]");
	assert_string_equal(g.rows[2], "6:[2]");
	th_got_free(&g);
}

struct big {
	long n, next_line, last_line;
	bool ok;
};

static int
check_big(void *ctx, const struct csv_row *row, struct err *e)
{
	struct big *b = ctx;

	(void)e;
	if (row->line != b->next_line || row->index != b->n || row->n != 3)
		b->ok = false;
	b->next_line = row->line + 1;
	/* Every thousandth record has a note over two lines. */
	if (row->n == 3 && memchr(row->fields[2], '\n', row->lens[2]) != NULL)
		b->next_line++;
	b->last_line = row->line;
	b->n++;
	return 0;
}

static void
test_large_file(void **state)
{
	char *dir = th_tmpdir("csv"), *path = th_path(dir, "big.csv");
	struct big b = {.next_line = 1, .ok = true};
	struct csv_info info;
	struct err e = {0};
	FILE *f = fopen(path, "w");
	long i;

	(void)state;
	assert_non_null(f);
	fprintf(f, "id,email,note\n");
	for (i = 1; i <= 200000; i++) {
		if (i % 1000 == 0)
			fprintf(f, "%ld,user%ld@example.com,\"line one\nline \"\"two\"\"\"\n", i, i);
		else
			fprintf(f, "%ld,user%ld@example.com,plain note %ld\n", i, i, i);
	}
	assert_int_equal(fclose(f), 0);
	assert_int_equal(csv_read_file(path, NULL, check_big, &b, &info, &e), 0);
	assert_true(b.ok);
	assert_int_equal(b.n, 200001);
	assert_int_equal(info.records, 200001);
	assert_int_equal(b.last_line, 1 + 200000 + 200 - 1);
	assert_int_equal(info.lines, 1 + 200000 + 200);
	th_rmtree(dir);
	free(path);
	free(dir);
}

static void
count_progress(void *ctx, off_t done, off_t total)
{
	int *calls = ctx;

	assert_true(done <= total);
	(*calls)++;
}

static void
test_progress_reported(void **state)
{
	size_t len = 3 << 20, i;
	char *buf = malloc(len);
	int calls = 0;
	struct csv_opts opts = {.progress = count_progress, .progress_ctx = &calls};
	struct got g = {.stop_after = 0};
	struct csv_info info;
	struct err e = {0};

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < len; i++)
		buf[i] = i % 32 == 31 ? '\n' : 'x';
	/* Only the first rows are kept; count them all. */
	assert_int_equal(csv_read_mem("mem", buf, len, &opts, th_csv_collect, &g, &info, &e), 0);
	assert_int_equal(info.records, (long)(len / 32));
	assert_true(calls >= 3);
	th_got_free(&g);
	free(buf);
}

static void
test_online_retail_head(void **state)
{
	const char *src = getenv("SRCDIR");
	struct got g = {.stop_after = 5};
	struct csv_info info;
	struct err e = {0};
	char *path;

	(void)state;
	if (src == NULL)
		skip();
	if (asprintf(&path, "%s/../shared/data/online_retail.csv", src) < 0)
		fail_msg("out of memory");
	if (access(path, R_OK) != 0) {
		free(path);
		skip();
	}
	assert_int_equal(csv_read_file(path, NULL, th_csv_collect, &g, &info, &e), 0);
	assert_int_equal(g.n, 5);
	assert_int_equal(info.delim, ',');
	assert_int_equal(info.enc, CSV_ENC_UTF8);
	assert_string_equal(g.rows[0], "1:[InvoiceNo][StockCode][Description][Quantity]"
	                               "[InvoiceDate][UnitPrice][CustomerID][Country]");
	assert_string_equal(g.rows[1], "2:[536365][85123A][WHITE HANGING HEART T-LIGHT HOLDER]"
	                               "[6][2010-12-01 08:26:00][2.55][17850.0][United Kingdom]");
	assert_memory_equal(g.rows[4], "5:[536365][84029G]", 18);
	th_got_free(&g);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoted_delimiter),
		cmocka_unit_test(test_doubled_quotes),
		cmocka_unit_test(test_embedded_newlines_keep_line_numbers),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_cr_only),
		cmocka_unit_test(test_line_breaks_across_chunks),
		cmocka_unit_test(test_spaces_kept_verbatim),
		cmocka_unit_test(test_blanks_around_quoted_fields),
		cmocka_unit_test(test_text_after_closing_quote),
		cmocka_unit_test(test_empty_fields_are_empty_strings),
		cmocka_unit_test(test_stray_quote_kept_literally),
		cmocka_unit_test(test_unterminated_quote_names_its_line),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_callback_stops_early),
		cmocka_unit_test(test_callback_fails),
		cmocka_unit_test(test_short_record),
		cmocka_unit_test(test_no_trailing_newline),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_blank_lines_skipped_but_counted),
		cmocka_unit_test(test_large_file),
		cmocka_unit_test(test_progress_reported),
		cmocka_unit_test(test_online_retail_head),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
