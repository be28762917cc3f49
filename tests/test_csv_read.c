/* Tests of the CSV reader: quoting, line numbers, delimiters, encodings and
 * the errors a marketer sees for files we cannot read. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "csv/csv_read.h"

enum { MAX_ROWS = 64 };

/* What a read delivered: each row as "LINE:[f1][f2]..." for short asserts. */
struct got {
	size_t n;
	char *rows[MAX_ROWS];
	long stop_after; /* return 1 after this many records (0: never) */
	long fail_after; /* return -1 after this many records (0: never) */
	bool saw_null;
};

static int
collect(void *ctx, const struct csv_row *row, struct err *e)
{
	struct got *g = ctx;
	char *s = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&s, &len);

	assert_non_null(f);
	fprintf(f, "%ld:", row->line);
	for (i = 0; i < row->n; i++) {
		if (row->fields[i] == NULL) {
			g->saw_null = true;
			continue;
		}
		assert_int_equal(strlen(row->fields[i]), row->lens[i]);
		fprintf(f, "[%s]", row->fields[i]);
	}
	fclose(f);
	assert_int_equal(row->index, (long)g->n);
	if (g->n < MAX_ROWS)
		g->rows[g->n] = s;
	else
		free(s);
	g->n++;
	if (g->fail_after && (long)g->n == g->fail_after)
		return err_set(e, EXIT_DATAERR, "callback says no");
	return g->stop_after && (long)g->n == g->stop_after ? 1 : 0;
}

static void
got_free(struct got *g)
{
	size_t i;

	for (i = 0; i < g->n && i < MAX_ROWS; i++)
		free(g->rows[i]);
	memset(g, 0, sizeof *g);
}

/* Reads a string with default options; asserts success. */
static void
read_ok(const char *text, size_t len, const struct csv_opts *opts, struct got *g,
        struct csv_info *info)
{
	struct err e = {0};

	if (len == (size_t)-1)
		len = strlen(text);
	if (csv_read_mem("mem", text, len, opts, collect, g, info, &e) != 0)
		fail_msg("csv_read_mem: %s", e.msg);
}

/* Reads a string expecting failure; returns the message (static storage). */
static const char *
read_fail(const char *text, size_t len, const struct csv_opts *opts, int code, struct got *g)
{
	static struct err e;
	static char line[ERR_LINE_MAX];

	err_clear(&e);
	if (len == (size_t)-1)
		len = strlen(text);
	assert_int_equal(csv_read_mem("mem", text, len, opts, collect, g, NULL, &e), -1);
	assert_int_equal(e.code, code);
	return err_format(&e, line, sizeof line);
}

static void
test_quoted_delimiter(void **state)
{
	struct got g = {0};

	(void)state;
	read_ok("name,city\n\"Smith, John\",\"Paris\"\n", (size_t)-1, NULL, &g, NULL);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.rows[1], "2:[Smith, John][Paris]");
	got_free(&g);
}

static void
test_doubled_quotes(void **state)
{
	struct got g = {0};

	(void)state;
	read_ok("note\n\"say \"\"hi\"\"\"\n\"\"\"\"\n", (size_t)-1, NULL, &g, NULL);
	assert_string_equal(g.rows[1], "2:[say \"hi\"]");
	assert_string_equal(g.rows[2], "3:[\"]");
	got_free(&g);
}

static void
test_embedded_newlines_keep_line_numbers(void **state)
{
	struct got g = {0};

	(void)state;
	read_ok("id,note\n1,\"two\nlines\"\n2,x\n\"3\n\n\",\"a\nb\"\n4,y\n", (size_t)-1, NULL, &g,
	        NULL);
	assert_int_equal(g.n, 5);
	assert_string_equal(g.rows[1], "2:[1][two\nlines]");
	assert_string_equal(g.rows[2], "4:[2][x]");
	/* The first field spans lines: the record still starts on line 5. */
	assert_string_equal(g.rows[3], "5:[3\n\n][a\nb]");
	assert_string_equal(g.rows[4], "9:[4][y]");
	got_free(&g);
}

static void
test_crlf(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	read_ok("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.rows[0], "1:[a][b]");
	assert_string_equal(g.rows[1], "2:[1][x\r\ny]");
	assert_string_equal(g.rows[2], "4:[2][z]");
	assert_int_equal(info.lines, 4);
	got_free(&g);
}

static void
test_cr_only(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	read_ok("a,b\r1,2\r\r3,4\r", (size_t)-1, NULL, &g, &info);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.rows[1], "2:[1][2]");
	assert_string_equal(g.rows[2], "4:[3][4]");
	assert_int_equal(info.lines, 4);
	got_free(&g);
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
	assert_int_equal(csv_read_file(path, NULL, collect, &g, &info, &e), 0);
	assert_int_equal(g.n, 4);
	assert_string_equal(g.rows[3], "4:[z]");
	assert_int_equal(info.lines, 4);
	assert_int_equal(info.size, (off_t)len);
	got_free(&g);
	th_rmtree(dir);
	free(buf);
	free(path);
	free(dir);
}

static void
test_bom_stripped(void **state)
{
	struct got g = {0};
	struct csv_info info;
	char *dir = th_tmpdir("csv"), *path = th_path(dir, "bom.csv");
	struct err e = {0};

	(void)state;
	th_write(path, "\xEF\xBB\xBFid,name\n1,x\n", (size_t)-1);
	assert_int_equal(csv_read_file(path, NULL, collect, &g, &info, &e), 0);
	assert_int_equal(info.had_bom, 1);
	assert_string_equal(g.rows[0], "1:[id][name]");
	got_free(&g);

	/* A BOM right before a quoted header must not make it unquoted. */
	read_ok("\xEF\xBB\xBF\"id\",\"name\"\n", (size_t)-1, NULL, &g, &info);
	assert_string_equal(g.rows[0], "1:[id][name]");
	got_free(&g);
	th_rmtree(dir);
	free(path);
	free(dir);
}

static void
test_detect_comma(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	read_ok("id,name,note\n1,Ann,a;b\n2,Bob,c|d\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(info.delim, ',');
	assert_string_equal(g.rows[1], "2:[1][Ann][a;b]");
	got_free(&g);
}

static void
test_detect_semicolon_russian_excel(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	read_ok("Имя;Сумма\nАнна;1 234,50\nБорис;99,90\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(info.delim, ';');
	assert_string_equal(g.rows[1], "2:[Анна][1 234,50]");
	assert_int_equal(csv_detect_delim("Имя;Сумма\nАнна;1 234,50", 36), ';');
	got_free(&g);
}

static void
test_detect_tab(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	read_ok("name\tnote\nA\tx, y, z\nB\tp, q\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(info.delim, '\t');
	assert_string_equal(g.rows[1], "2:[A][x, y, z]");
	got_free(&g);
}

static void
test_detect_pipe(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	read_ok("id|name|sum\n1|Ann|1,5\n2|\"B|C\"|2\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(info.delim, '|');
	assert_string_equal(g.rows[2], "3:[2][B|C][2]");
	got_free(&g);
}

static void
test_explicit_delimiter_overrides(void **state)
{
	struct csv_opts opts = {.delim = ','};
	struct got g = {0};
	struct csv_info info;

	(void)state;
	read_ok("a;b;c,d\n1;2;3,4\n", (size_t)-1, &opts, &g, &info);
	assert_int_equal(info.delim, ',');
	assert_string_equal(g.rows[1], "2:[1;2;3][4]");
	got_free(&g);
}

static void
test_spaces_kept_verbatim(void **state)
{
	struct got g = {0};

	(void)state;
	read_ok("a, b ,c\n 1 ,\t2\t,  \n", (size_t)-1, NULL, &g, NULL);
	assert_string_equal(g.rows[0], "1:[a][ b ][c]");
	assert_string_equal(g.rows[1], "2:[ 1 ][\t2\t][  ]");
	got_free(&g);
}

/* Blanks outside the quotes of a quoted field are not part of it; without
 * care they make `, "a, b"` two fields or `"a" ,` swallow the line. */
static void
test_blanks_around_quoted_fields(void **state)
{
	struct got g = {0};

	(void)state;
	read_ok("id, name , city\n1, \"Smith, John\" , \"NY\"\n2,\"a\" ,b\n", (size_t)-1, NULL, &g,
	        NULL);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.rows[1], "2:[1][Smith, John][NY]");
	assert_string_equal(g.rows[2], "3:[2][a][b]");
	got_free(&g);
}

/* libcsv reopens the quotes after `"12"` and would swallow the file. */
static void
test_text_after_closing_quote(void **state)
{
	struct got g = {0};

	(void)state;
	read_ok("id,item,qty\n1,\"12\" monitor,2\n2,\"say \"\"hi\"\"\" x\"y,3\n3,z,4\n", (size_t)-1,
	        NULL, &g, NULL);
	assert_int_equal(g.n, 4);
	assert_string_equal(g.rows[1], "2:[1][12 monitor][2]");
	assert_string_equal(g.rows[2], "3:[2][say \"hi\" x\"y][3]");
	assert_string_equal(g.rows[3], "4:[3][z][4]");
	got_free(&g);
}

static void
test_empty_fields_are_empty_strings(void **state)
{
	struct got g = {0};

	(void)state;
	read_ok("a,,c\n,,\n\"\",x\n", (size_t)-1, NULL, &g, NULL);
	assert_false(g.saw_null);
	assert_string_equal(g.rows[0], "1:[a][][c]");
	assert_string_equal(g.rows[1], "2:[][][]");
	assert_string_equal(g.rows[2], "3:[][x]");
	got_free(&g);
}

static void
test_stray_quote_kept_literally(void **state)
{
	struct got g = {0};

	(void)state;
	read_ok("id,item,qty\n1,5\" ruler,2\n2,Mc\"Donald\"s,3\n", (size_t)-1, NULL, &g, NULL);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.rows[1], "2:[1][5\" ruler][2]");
	assert_string_equal(g.rows[2], "3:[2][Mc\"Donald\"s][3]");
	got_free(&g);
}

static void
test_unterminated_quote_names_its_line(void **state)
{
	struct got g = {0};
	const char *msg;

	(void)state;
	msg = read_fail("a,b\n1,ok\n2,\"never\nclosed\n3,z\n", (size_t)-1, NULL, EXIT_DATAERR,
	                &g);
	assert_string_equal(msg, "mem:3:2: unterminated quoted field (a '\"' opened here is never "
	                         "closed)");
	assert_int_equal(g.n, 2);
	got_free(&g);

	/* The quote opens on the record's second line, after a field that
	 * spans lines: the message names where the quote is. */
	msg = read_fail("a,b,c\n1,\"two\nlines\",\"open\nmore\n", (size_t)-1, NULL, EXIT_DATAERR,
	                &g);
	assert_memory_equal(msg, "mem:3:3: unterminated", 21);
	got_free(&g);
}

static void
test_cp1251_detected_and_converted(void **state)
{
	struct got g = {0};
	struct csv_info info;
	char *dir = th_tmpdir("csv"), *path = th_path(dir, "cp1251.csv");
	struct err e = {0};

	(void)state;
	/* "город;Москва" */
	th_write(path, "id;\xE3\xEE\xF0\xEE\xE4\n1;\xCC\xEE\xF1\xEA\xE2\xE0\n", (size_t)-1);
	assert_int_equal(csv_read_file(path, NULL, collect, &g, &info, &e), 0);
	assert_int_equal(info.enc, CSV_ENC_CP1251);
	assert_int_equal(info.delim, ';');
	assert_string_equal(g.rows[0], "1:[id][город]");
	assert_string_equal(g.rows[1], "2:[1][Москва]");
	got_free(&g);
	th_rmtree(dir);
	free(path);
	free(dir);
}

static void
test_cp1251_undefined_byte_replaced(void **state)
{
	struct csv_opts opts = {.enc = CSV_ENC_CP1251};
	struct got g = {0};

	(void)state;
	read_ok("a\n\x98\xC0\n", (size_t)-1, &opts, &g, NULL);
	assert_string_equal(g.rows[1], "2:[\xEF\xBF\xBD\xD0\x90]");
	got_free(&g);
}

static void
test_latin1_detected_and_converted(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	read_ok("id,name\n1,M\xFCller\n2,Jos\xE9\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(info.enc, CSV_ENC_LATIN1);
	assert_string_equal(g.rows[1], "2:[1][Müller]");
	assert_string_equal(g.rows[2], "3:[2][José]");
	got_free(&g);
}

static void
test_invalid_utf8_names_line_and_column(void **state)
{
	struct csv_opts opts = {.enc = CSV_ENC_UTF8};
	struct got g = {0};
	const char *msg;

	(void)state;
	msg = read_fail("id,name\n1,ok\n2,\"multi\nCaf\xE9\"\n", (size_t)-1, &opts, EXIT_DATAERR,
	                &g);
	assert_string_equal(msg, "mem:4:2: invalid UTF-8 (byte 0xE9); the file may be in another "
	                         "encoding: try --encoding windows-1251 or --encoding latin-1");
	assert_int_equal(g.n, 2);
	got_free(&g);
}

/* Detection sees only the start: a bad byte further on is still caught. */
static void
test_invalid_utf8_after_sample(void **state)
{
	size_t len = 0, cap = 200 << 10;
	char *buf = malloc(cap);
	struct got g = {0};
	const char *msg;
	char want[64];
	long line = 1;

	(void)state;
	assert_non_null(buf);
	len += (size_t)sprintf(buf, "id,name\n");
	while (len < (100 << 10)) {
		len += (size_t)sprintf(buf + len, "%ld,Анна\n", line);
		line++;
	}
	len += (size_t)sprintf(buf + len, "x,y,M\xFCller\n");
	msg = read_fail(buf, len, NULL, EXIT_DATAERR, &g);
	snprintf(want, sizeof want, "mem:%ld:3: invalid UTF-8 (byte 0xFC)", line + 1);
	assert_memory_equal(msg, want, strlen(want));
	got_free(&g);
	free(buf);
}

/* A two-byte letter cut by the end of the detection sample is still UTF-8. */
static void
test_utf8_cut_at_sample_end(void **state)
{
	const size_t sample = 64 << 10;
	char *buf = malloc(sample + 16);
	struct got g = {0};
	struct csv_info info;

	(void)state;
	assert_non_null(buf);
	memset(buf, 'a', sample - 1);
	buf[0] = 'h', buf[1] = '\n';
	memcpy(buf + sample - 1, "Я\n", 3);
	read_ok(buf, sample + 2, NULL, &g, &info);
	assert_int_equal(info.enc, CSV_ENC_UTF8);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.rows[1] + strlen(g.rows[1]) - 3, "Я]");
	got_free(&g);
	free(buf);
}

static void
test_utf16_refused(void **state)
{
	static const char bom[] = "\xFF\xFEi\0d\0\n\0";
	static const char nobom[] = "i\0d\0,\0n\0\n\0001\0,\0x\0\n\0";
	struct got g = {0};

	(void)state;
	assert_string_equal(read_fail(bom, sizeof bom - 1, NULL, EXIT_DATAERR, &g),
	                    "mem: the file is UTF-16; save it as UTF-8 CSV (or Windows-1251)");
	assert_string_equal(read_fail(nobom, sizeof nobom - 1, NULL, EXIT_DATAERR, &g),
	                    "mem: the file is UTF-16; save it as UTF-8 CSV (or Windows-1251)");
	assert_int_equal(g.n, 0);
}

static void
test_binary_refused(void **state)
{
	static const char bin[] = "PK\3\4 some zip header, then data\n\0 and more text here\n";
	struct got g = {0};

	(void)state;
	assert_non_null(strstr(read_fail(bin, sizeof bin - 1, NULL, EXIT_DATAERR, &g),
	                       "NUL bytes"));
	assert_int_equal(g.n, 0);
}

static void
test_missing_file(void **state)
{
	struct got g = {0};
	struct err e = {0};

	(void)state;
	assert_int_equal(csv_read_file("no/such.csv", NULL, collect, &g, NULL, &e), -1);
	assert_int_equal(e.code, EXIT_NOINPUT);
	assert_string_equal(e.msg, "no/such.csv: cannot open: No such file or directory");
	assert_int_equal(csv_read_file(".", NULL, collect, &g, NULL, &e), -1);
	assert_int_equal(e.code, EXIT_NOINPUT);
}

static void
test_callback_stops_early(void **state)
{
	struct got g = {.stop_after = 2};
	struct csv_info info;

	(void)state;
	read_ok("a\n1\n2\n3\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(g.n, 2);
	assert_int_equal(info.records, 2);
	got_free(&g);
}

static void
test_callback_fails(void **state)
{
	struct got g = {.fail_after = 2};

	(void)state;
	assert_string_equal(read_fail("a\n1\n2\n3\n", (size_t)-1, NULL, EXIT_DATAERR, &g),
	                    "callback says no");
	assert_int_equal(g.n, 2);
	got_free(&g);
}

static void
test_short_record(void **state)
{
	struct got g = {0};

	(void)state;
	read_ok("a,b,c\n1,2\n3\n", (size_t)-1, NULL, &g, NULL);
	assert_string_equal(g.rows[1], "2:[1][2]");
	assert_string_equal(g.rows[2], "3:[3]");
	got_free(&g);
}

static void
test_no_trailing_newline(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	read_ok("a,b\n1,\"x\"", (size_t)-1, NULL, &g, &info);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.rows[1], "2:[1][x]");
	assert_int_equal(info.lines, 2);
	assert_int_equal(info.records, 2);
	got_free(&g);
}

static void
test_empty_input(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	read_ok("", 0, NULL, &g, &info);
	assert_int_equal(g.n, 0);
	assert_int_equal(info.records, 0);
	assert_int_equal(info.lines, 0);
	read_ok("\n\r\n\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(g.n, 0);
	assert_int_equal(info.lines, 3);
}

static void
test_blank_lines_skipped_but_counted(void **state)
{
	struct got g = {0};

	(void)state;
	read_ok("a\n\n  \n1\n\r\n2\n", (size_t)-1, NULL, &g, NULL);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.rows[1], "4:[1]");
	assert_string_equal(g.rows[2], "6:[2]");
	got_free(&g);
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
	assert_int_equal(csv_read_mem("mem", buf, len, &opts, collect, &g, &info, &e), 0);
	assert_int_equal(info.records, (long)(len / 32));
	assert_true(calls >= 3);
	got_free(&g);
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
	assert_int_equal(csv_read_file(path, NULL, collect, &g, &info, &e), 0);
	assert_int_equal(g.n, 5);
	assert_int_equal(info.delim, ',');
	assert_int_equal(info.enc, CSV_ENC_UTF8);
	assert_string_equal(g.rows[0], "1:[InvoiceNo][StockCode][Description][Quantity]"
	                               "[InvoiceDate][UnitPrice][CustomerID][Country]");
	assert_string_equal(g.rows[1], "2:[536365][85123A][WHITE HANGING HEART T-LIGHT HOLDER]"
	                               "[6][2010-12-01 08:26:00][2.55][17850.0][United Kingdom]");
	assert_memory_equal(g.rows[4], "5:[536365][84029G]", 18);
	got_free(&g);
	free(path);
}

static void
test_encoding_names(void **state)
{
	enum csv_encoding enc = CSV_ENC_AUTO;

	(void)state;
	assert_int_equal(csv_encoding_parse("Windows-1251", &enc), 0);
	assert_int_equal(enc, CSV_ENC_CP1251);
	assert_int_equal(csv_encoding_parse("UTF8", &enc), 0);
	assert_int_equal(enc, CSV_ENC_UTF8);
	assert_int_equal(csv_encoding_parse("iso-8859-1", &enc), 0);
	assert_int_equal(enc, CSV_ENC_LATIN1);
	assert_int_equal(csv_encoding_parse("auto", &enc), 0);
	assert_int_equal(enc, CSV_ENC_AUTO);
	assert_int_equal(csv_encoding_parse("koi8-r", &enc), -1);
	assert_string_equal(csv_encoding_name(CSV_ENC_CP1251), "windows-1251");
	assert_string_equal(csv_encoding_name(CSV_ENC_LATIN1), "latin-1");
	assert_string_equal(csv_encoding_name(CSV_ENC_UTF8), "utf-8");
}

/* A UTF-8 file with one field pasted from a Windows-1251 document stays
 * UTF-8 (so the bad byte is reported), while a real Windows-1251 file with
 * an accidental valid UTF-8 pair ("Мі") is still Windows-1251. */
static void
test_detect_encoding_mostly_utf8(void **state)
{
	/* "Анна;Москва\n" in UTF-8, then "Борис" in Windows-1251 */
	static const char mixed[] = "\xd0\x90\xd0\xbd\xd0\xbd\xd0\xb0;\xd0\x9c\xd0\xbe\xd1\x81"
	                            "\xd0\xba\xd0\xb2\xd0\xb0\n\xc1\xee\xf0\xe8\xf1\n";
	/* "Мій Київ, місто" in Windows-1251 */
	static const char cp1251[] = "\xcc\xb3\xe9 \xca\xe8\xbf\xe2, \xec\xb3\xf1\xf2\xee\n";

	(void)state;
	assert_int_equal(csv_detect_encoding(mixed, sizeof mixed - 1), CSV_ENC_UTF8);
	assert_int_equal(csv_detect_encoding(cp1251, sizeof cp1251 - 1), CSV_ENC_CP1251);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoted_delimiter),
		cmocka_unit_test(test_detect_encoding_mostly_utf8),
		cmocka_unit_test(test_doubled_quotes),
		cmocka_unit_test(test_embedded_newlines_keep_line_numbers),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_cr_only),
		cmocka_unit_test(test_line_breaks_across_chunks),
		cmocka_unit_test(test_bom_stripped),
		cmocka_unit_test(test_detect_comma),
		cmocka_unit_test(test_detect_semicolon_russian_excel),
		cmocka_unit_test(test_detect_tab),
		cmocka_unit_test(test_detect_pipe),
		cmocka_unit_test(test_explicit_delimiter_overrides),
		cmocka_unit_test(test_spaces_kept_verbatim),
		cmocka_unit_test(test_blanks_around_quoted_fields),
		cmocka_unit_test(test_text_after_closing_quote),
		cmocka_unit_test(test_empty_fields_are_empty_strings),
		cmocka_unit_test(test_stray_quote_kept_literally),
		cmocka_unit_test(test_unterminated_quote_names_its_line),
		cmocka_unit_test(test_cp1251_detected_and_converted),
		cmocka_unit_test(test_cp1251_undefined_byte_replaced),
		cmocka_unit_test(test_latin1_detected_and_converted),
		cmocka_unit_test(test_invalid_utf8_names_line_and_column),
		cmocka_unit_test(test_invalid_utf8_after_sample),
		cmocka_unit_test(test_utf8_cut_at_sample_end),
		cmocka_unit_test(test_utf16_refused),
		cmocka_unit_test(test_binary_refused),
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
		cmocka_unit_test(test_encoding_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
