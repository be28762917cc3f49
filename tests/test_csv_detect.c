/* Tests of what the CSV reader detects: the delimiter, the encoding (with
 * conversion to UTF-8 and the files it refuses), the byte order mark. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "csv_helpers.h"

static void
test_bom_stripped(void **state)
{
	struct got g = {0};
	struct csv_info info;
	char *dir = th_tmpdir("csv"), *path = th_path(dir, "bom.csv");
	struct err e = {0};

	(void)state;
	th_write(path, "\xEF\xBB\xBFid,name\n1,x\n", (size_t)-1);
	assert_int_equal(csv_read_file(path, NULL, th_csv_collect, &g, &info, &e), 0);
	assert_int_equal(info.had_bom, 1);
	assert_string_equal(g.rows[0], "1:[id][name]");
	th_got_free(&g);

	/* A BOM right before a quoted header must not make it unquoted. */
	th_read_ok("\xEF\xBB\xBF\"id\",\"name\"\n", (size_t)-1, NULL, &g, &info);
	assert_string_equal(g.rows[0], "1:[id][name]");
	th_got_free(&g);
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
	th_read_ok("id,name,note\n1,Ann,a;b\n2,Bob,c|d\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(info.delim, ',');
	assert_string_equal(g.rows[1], "2:[1][Ann][a;b]");
	th_got_free(&g);
}

static void
test_detect_semicolon_russian_excel(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	th_read_ok("Имя;Сумма\nАнна;1 234,50\nБорис;99,90\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(info.delim, ';');
	assert_string_equal(g.rows[1], "2:[Анна][1 234,50]");
	assert_int_equal(csv_detect_delim("Имя;Сумма\nАнна;1 234,50", 36), ';');
	th_got_free(&g);
}

static void
test_detect_tab(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	th_read_ok("name\tnote\nA\tx, y, z\nB\tp, q\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(info.delim, '\t');
	assert_string_equal(g.rows[1], "2:[A][x, y, z]");
	th_got_free(&g);
}

static void
test_detect_pipe(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	th_read_ok("id|name|sum\n1|Ann|1,5\n2|\"B|C\"|2\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(info.delim, '|');
	assert_string_equal(g.rows[2], "3:[2][B|C][2]");
	th_got_free(&g);
}

static void
test_explicit_delimiter_overrides(void **state)
{
	struct csv_opts opts = {.delim = ','};
	struct got g = {0};
	struct csv_info info;

	(void)state;
	th_read_ok("a;b;c,d\n1;2;3,4\n", (size_t)-1, &opts, &g, &info);
	assert_int_equal(info.delim, ',');
	assert_string_equal(g.rows[1], "2:[1;2;3][4]");
	th_got_free(&g);
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
	assert_int_equal(csv_read_file(path, NULL, th_csv_collect, &g, &info, &e), 0);
	assert_int_equal(info.enc, CSV_ENC_CP1251);
	assert_int_equal(info.delim, ';');
	assert_string_equal(g.rows[0], "1:[id][город]");
	assert_string_equal(g.rows[1], "2:[1][Москва]");
	th_got_free(&g);
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
	th_read_ok("a\n\x98\xC0\n", (size_t)-1, &opts, &g, NULL);
	assert_string_equal(g.rows[1], "2:[\xEF\xBF\xBD\xD0\x90]");
	th_got_free(&g);
}

static void
test_latin1_detected_and_converted(void **state)
{
	struct got g = {0};
	struct csv_info info;

	(void)state;
	th_read_ok("id,name\n1,M\xFCller\n2,Jos\xE9\n", (size_t)-1, NULL, &g, &info);
	assert_int_equal(info.enc, CSV_ENC_LATIN1);
	assert_string_equal(g.rows[1], "2:[1][Müller]");
	assert_string_equal(g.rows[2], "3:[2][José]");
	th_got_free(&g);
}

static void
test_invalid_utf8_names_line_and_column(void **state)
{
	struct csv_opts opts = {.enc = CSV_ENC_UTF8};
	struct got g = {0};
	const char *msg;

	(void)state;
	msg = th_read_fail("id,name\n1,ok\n2,\"multi\nCaf\xE9\"\n", (size_t)-1, &opts, EXIT_DATAERR,
	                &g);
	assert_string_equal(msg, "mem:4:2: invalid UTF-8 (byte 0xE9); the file may be in another "
	                         "encoding: try --encoding windows-1251 or --encoding latin-1");
	assert_int_equal(g.n, 2);
	th_got_free(&g);
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
	msg = th_read_fail(buf, len, NULL, EXIT_DATAERR, &g);
	snprintf(want, sizeof want, "mem:%ld:3: invalid UTF-8 (byte 0xFC)", line + 1);
	assert_memory_equal(msg, want, strlen(want));
	th_got_free(&g);
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
	th_read_ok(buf, sample + 2, NULL, &g, &info);
	assert_int_equal(info.enc, CSV_ENC_UTF8);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.rows[1] + strlen(g.rows[1]) - 3, "Я]");
	th_got_free(&g);
	free(buf);
}

static void
test_utf16_refused(void **state)
{
	static const char bom[] = "\xFF\xFEi\0d\0\n\0";
	static const char nobom[] = "i\0d\0,\0n\0\n\0001\0,\0x\0\n\0";
	struct got g = {0};

	(void)state;
	assert_string_equal(th_read_fail(bom, sizeof bom - 1, NULL, EXIT_DATAERR, &g),
	                    "mem: the file is UTF-16; save it as UTF-8 CSV (or Windows-1251)");
	assert_string_equal(th_read_fail(nobom, sizeof nobom - 1, NULL, EXIT_DATAERR, &g),
	                    "mem: the file is UTF-16; save it as UTF-8 CSV (or Windows-1251)");
	assert_int_equal(g.n, 0);
}

static void
test_binary_refused(void **state)
{
	static const char bin[] = "PK\3\4 some zip header, then data\n\0 and more text here\n";
	struct got g = {0};

	(void)state;
	assert_non_null(strstr(th_read_fail(bin, sizeof bin - 1, NULL, EXIT_DATAERR, &g),
	                       "NUL bytes"));
	assert_int_equal(g.n, 0);
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
		cmocka_unit_test(test_detect_encoding_mostly_utf8),
		cmocka_unit_test(test_bom_stripped),
		cmocka_unit_test(test_detect_comma),
		cmocka_unit_test(test_detect_semicolon_russian_excel),
		cmocka_unit_test(test_detect_tab),
		cmocka_unit_test(test_detect_pipe),
		cmocka_unit_test(test_explicit_delimiter_overrides),
		cmocka_unit_test(test_cp1251_detected_and_converted),
		cmocka_unit_test(test_cp1251_undefined_byte_replaced),
		cmocka_unit_test(test_latin1_detected_and_converted),
		cmocka_unit_test(test_invalid_utf8_names_line_and_column),
		cmocka_unit_test(test_invalid_utf8_after_sample),
		cmocka_unit_test(test_utf8_cut_at_sample_end),
		cmocka_unit_test(test_utf16_refused),
		cmocka_unit_test(test_binary_refused),
		cmocka_unit_test(test_encoding_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
