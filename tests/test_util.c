/* Tests of the small core pieces: the hash map, SHA-256 and the batch
 * queue between the importer's threads. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv/csv_read.h"
#include "err.h"
#include "helpers.h"
#include "util/pathcomp.h"
#include "util/pipe.h"
#include "rule/rule.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/strmap.h"

static void
test_strmap_put_get_overwrite_grow(void **state)
{
	struct strmap *m = strmap_new(0);
	char key[32];
	long long v;
	int i, n;

	(void)state;
	assert_non_null(m);
	for (i = 0; i < 100000; i++) {
		n = snprintf(key, sizeof key, "key%d", i);
		assert_int_equal(strmap_put(m, key, (size_t)n, i), 0);
	}
	assert_int_equal(strmap_count(m), 100000);
	for (i = 0; i < 100000; i += 997) {
		n = snprintf(key, sizeof key, "key%d", i);
		assert_true(strmap_get(m, key, (size_t)n, &v));
		assert_int_equal(v, i);
	}
	assert_false(strmap_get(m, "key100000", 9, &v));
	/* Keys are bytes with a length: a prefix is another key. */
	assert_false(strmap_get(m, "key1", 3, &v));
	assert_int_equal(strmap_put(m, "key7", 4, -1), 0);
	assert_true(strmap_get(m, "key7", 4, &v));
	assert_int_equal(v, -1);
	assert_int_equal(strmap_count(m), 100000);
	/* Reserving keeps what is there. */
	assert_int_equal(strmap_reserve(m, 1000000), 0);
	assert_int_equal(strmap_count(m), 100000);
	assert_true(strmap_get(m, "key99999", 8, &v));
	assert_int_equal(v, 99999);
	assert_int_equal(strmap_put(m, "Москва", strlen("Москва"), 5), 0);
	assert_true(strmap_get(m, "Москва", strlen("Москва"), &v));
	strmap_free(&m);
	assert_null(m);
}

static void
sum_values(void *ctx, const char *key, size_t len, long long val)
{
	(void)key;
	(void)len;
	*(long long *)ctx += val;
}

static void
test_strmap_each(void **state)
{
	struct strmap *m = strmap_new(4);
	long long sum = 0;

	(void)state;
	strmap_put(m, "a", 1, 1);
	strmap_put(m, "b", 1, 2);
	strmap_put(m, "c", 1, 4);
	strmap_each(m, sum_values, &sum);
	assert_int_equal(sum, 7);
	strmap_free(&m);
}

static void
hex_of(const char *data, size_t n, char out[65])
{
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, data, n);
	sha256_hex(&s, out);
}

static void
test_sha256_vectors(void **state)
{
	char hex[65];
	struct sha256 s;
	char block[1001];
	int i;

	(void)state;
	/* FIPS 180-4 examples. */
	hex_of("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* A million 'a', fed in pieces that straddle the 64-byte blocks. */
	memset(block, 'a', sizeof block);
	sha256_init(&s);
	for (i = 0; i < 1000; i++)
		sha256_update(&s, block, i % 2 ? 999 : 1001);
	sha256_hex(&s, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* The vectors through the portable code too (the other test takes the SHA
 * extensions where the processor has them), and both ways agree on
 * pseudo-random data of every length up to a few blocks, fed in pieces. */
static void
test_sha256_both_ways(void **state)
{
	static unsigned char data[700];
	char a[65], b[65];
	unsigned x = 12345;
	size_t n, i;

	(void)state;
	for (i = 0; i < sizeof data; i++) {
		x = x * 1103515245u + 12345u;
		data[i] = (unsigned char)(x >> 16);
	}
	sha256_portable(true);
	test_sha256_vectors(state);
	for (n = 0; n <= sizeof data; n += n < 200 ? 1 : 37) {
		struct sha256 s;

		sha256_portable(true);
		hex_of((const char *)data, n, a);
		sha256_portable(false);
		sha256_init(&s);
		sha256_update(&s, data, n / 3);
		sha256_update(&s, data + n / 3, n - n / 3);
		sha256_hex(&s, b);
		assert_string_equal(a, b);
	}
}

struct producer {
	struct pipe *p;
	int n;
};

static void *
produce(void *arg)
{
	struct producer *pr = arg;
	int i;

	for (i = 0; i < pr->n; i++) {
		/* Records of varying size, some larger than a batch. */
		size_t size = i % 1000 == 999 ? 5000 : sizeof(int) + (size_t)(i % 37);
		int *rec = pipe_alloc(pr->p, size);

		if (rec == NULL)
			break;
		*rec = i;
	}
	pipe_close(pr->p);
	return NULL;
}

static void
test_pipe_delivers_every_record_in_order(void **state)
{
	struct producer pr = {pipe_new(1024, 3), 20000};
	struct pipe_batch *b;
	pthread_t t;
	int next = 0;

	(void)state;
	assert_non_null(pr.p);
	assert_int_equal(pthread_create(&t, NULL, produce, &pr), 0);
	while ((b = pipe_next(pr.p)) != NULL) {
		void *it = NULL;
		int *rec;

		while ((rec = pipe_record(b, &it)) != NULL)
			assert_int_equal(*rec, next++);
		pipe_done(pr.p, b);
	}
	pthread_join(t, NULL);
	assert_int_equal(next, pr.n);
	pipe_free(&pr.p);
}

static void
test_pipe_stop_ends_the_producer(void **state)
{
	struct producer pr = {pipe_new(256, 2), 1000000};
	struct pipe_batch *b;
	pthread_t t;
	int batches = 0;

	(void)state;
	assert_int_equal(pthread_create(&t, NULL, produce, &pr), 0);
	while ((b = pipe_next(pr.p)) != NULL) {
		pipe_done(pr.p, b);
		if (++batches == 3)
			pipe_stop(pr.p);
	}
	pthread_join(t, NULL);
	assert_true(pipe_stopped(pr.p));
	/* The producer gave up long before its million records. */
	assert_true(batches < 10);
	pipe_free(&pr.p);
}

/* Errors carry their position in fields; one function makes the line the
 * user sees, and context added on the way goes before the position. */
static void
test_err_position_and_format(void **state)
{
	struct err e = {0}, copy;
	char line[ERR_LINE_MAX];

	(void)state;
	err_set_at(&e, EXIT_DATAERR, "customers.csv", 1043, 5,
	           "invalid birth_date \"%s\" (expected a real calendar date)", "31.02.2024");
	assert_string_equal(e.msg, "invalid birth_date \"31.02.2024\" (expected a real calendar "
	                           "date)");
	assert_string_equal(err_format(&e, line, sizeof line),
	                    "customers.csv:1043:5: invalid birth_date \"31.02.2024\" (expected a "
	                    "real calendar date)");
	/* a plain value: a copy keeps it all */
	copy = e;
	assert_string_equal(err_format(&copy, line, sizeof line),
	                    "customers.csv:1043:5: invalid birth_date \"31.02.2024\" (expected a "
	                    "real calendar date)");
	err_set_at(&e, EXIT_DATAERR, "x.csv", 1, 0, "no column holds the order date");
	assert_string_equal(err_format(&e, line, sizeof line),
	                    "x.csv:1: no column holds the order date");
	/* a rule's error: no file */
	err_set_at(&e, EXIT_DATAERR, NULL, 1, 11, "expected a number");
	err_prefix(&e, "--where: ");
	assert_string_equal(e.msg, "expected a number");
	assert_int_equal(e.col, 11);
	assert_string_equal(err_format(&e, line, sizeof line), "--where: 1:11: expected a number");
	/* err_set forgets the position of the error before */
	err_set(&e, EXIT_FAIL, "nothing to undo");
	err_prefix(&e, "cannot undo: ");
	assert_int_equal(e.line, 0);
	assert_string_equal(err_format(&e, line, sizeof line), "cannot undo: nothing to undo");
	err_clear(&e);
	assert_string_equal(err_format(&e, line, sizeof line), "");
}

static int
no_rows(void *ctx, const struct csv_row *row, struct err *e)
{
	(void)ctx, (void)row, (void)e;
	return 0;
}

/* The CSV reader fills file, line and column; the message has none. */
static void
test_err_fields_csv(void **state)
{
	struct err e = {0};
	const char *text = "a,b\n1,ok\n2,\"never\nclosed\n3,z\n";

	(void)state;
	assert_int_equal(csv_read_mem("mem", text, strlen(text), NULL, no_rows, NULL, NULL, &e), -1);
	assert_string_equal(e.file, "mem");
	assert_int_equal(e.line, 3);
	assert_int_equal(e.col, 2);
	assert_string_equal(e.msg, "unterminated quoted field (a '\"' opened here is never closed)");
}

/* The rule parser: line 1 and the column (in characters) of the token. */
static void
test_err_fields_rule(void **state)
{
	static const struct {
		const char *rule;
		long line;
		int col;
		const char *msg;
	} cases[] = {
		{"orders >= three", 1, 11, "expected a number after '>='"},
		{"spent => 1000", 1, 7, "'=>' is not an operator; did you mean '>='?"},
		{"city = \"Москва", 1, 8, "this string has no closing quote"},
		{"город = Москва and x", 1, 21, NULL}, /* characters, not bytes */
		{"city = a\nand x => 1", 2, 7, "'=>' is not an operator; did you mean '>='?"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct err e = {0};
		struct rule *r = NULL;

		assert_int_equal(rule_parse(cases[i].rule, &r, &e), -1);
		assert_int_equal(e.code, EXIT_DATAERR);
		assert_string_equal(e.file, "");
		if (e.line != cases[i].line || e.col != cases[i].col)
			fail_msg("[%s]: at %ld:%d, expected %ld:%d", cases[i].rule, e.line, e.col,
			         cases[i].line, cases[i].col);
		if (cases[i].msg != NULL)
			assert_string_equal(e.msg, cases[i].msg);
	}
}

/* strbuf grows and keeps what was added; str_dup copies, keeps NULL, and
 * leaves the oom flag as it was when memory is there. */
static void
test_strbuf_and_str_dup(void **state)
{
	struct strbuf b = {0};
	bool oom = false;
	char *d;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		strbuf_addf(&b, "%d,", i % 10);
	assert_false(b.oom);
	assert_int_equal(b.n, 2000);
	assert_memory_equal(b.p, "0,1,2,", 6);
	free(b.p);
	d = str_dup("Москва", &oom);
	assert_string_equal(d, "Москва");
	assert_false(oom);
	free(d);
	assert_null(str_dup(NULL, &oom));
	assert_false(oom);
}

/* Path completion as a shell does it: one candidate whole (a directory
 * with '/'), several up to what they share and listed, files of other
 * extensions and hidden names left out, "~/" read as $HOME. */
static void
test_path_complete(void **state)
{
	static const char *const exts[] = {"csv", "tsv", "txt", NULL};
	char *dir = th_tmpdir("pathcomp"), *p, *typed, *home = getenv("HOME");
	struct pathcomp pc;
	struct err e = {0};

	(void)state;
	home = home != NULL ? strdup(home) : NULL;
	p = th_path(dir, "customers_2024.csv"), th_write(p, "a\n", (size_t)-1), free(p);
	p = th_path(dir, "customers_2025.CSV"), th_write(p, "a\n", (size_t)-1), free(p);
	p = th_path(dir, "cust.xlsx"), th_write(p, "a\n", (size_t)-1), free(p);
	p = th_path(dir, "orders.tsv"), th_write(p, "a\n", (size_t)-1), free(p);
	p = th_path(dir, ".hidden.csv"), th_write(p, "a\n", (size_t)-1), free(p);
	p = th_path(dir, "данные"), assert_int_equal(mkdir(p, 0700), 0), free(p);
	p = th_path(dir, "данные/дом.txt"), th_write(p, "a\n", (size_t)-1), free(p);
	p = th_path(dir, "данные/дача.txt"), th_write(p, "a\n", (size_t)-1), free(p);

	/* several: their common prefix, the list sorted */
	assert_true(asprintf(&typed, "%s/c", dir) > 0);
	assert_int_equal(path_complete(typed, exts, &pc, &e), 0);
	assert_int_equal(pc.n, 2);
	assert_string_equal(pc.cands[0], "customers_2024.csv");
	assert_string_equal(pc.cands[1], "customers_2025.CSV");
	assert_true(strlen(pc.text) == strlen(dir) + strlen("/customers_202"));
	assert_string_equal(pc.text + strlen(dir), "/customers_202");
	pathcomp_free(&pc);
	free(typed);
	/* one: whole */
	assert_true(asprintf(&typed, "%s/o", dir) > 0);
	assert_int_equal(path_complete(typed, exts, &pc, &e), 0);
	assert_int_equal(pc.n, 1);
	assert_string_equal(pc.text + strlen(dir), "/orders.tsv");
	pathcomp_free(&pc);
	free(typed);
	/* a directory: with its '/', then into it; the common prefix is cut to
	 * a whole character (дом, дача share "д" and half of the next) */
	assert_true(asprintf(&typed, "%s/д", dir) > 0);
	assert_int_equal(path_complete(typed, exts, &pc, &e), 0);
	assert_int_equal(pc.n, 1);
	assert_string_equal(pc.text + strlen(dir), "/данные/");
	free(typed);
	typed = strdup(pc.text);
	pathcomp_free(&pc);
	assert_int_equal(path_complete(typed, exts, &pc, &e), 0);
	assert_int_equal(pc.n, 2);
	assert_string_equal(pc.cands[0], "дача.txt");
	assert_string_equal(pc.text + strlen(dir), "/данные/д");
	pathcomp_free(&pc);
	free(typed);
	/* hidden only when asked for; none: the text as typed */
	assert_true(asprintf(&typed, "%s/.h", dir) > 0);
	assert_int_equal(path_complete(typed, exts, &pc, &e), 0);
	assert_int_equal(pc.n, 1);
	pathcomp_free(&pc);
	free(typed);
	assert_true(asprintf(&typed, "%s/cust.x", dir) > 0);
	assert_int_equal(path_complete(typed, exts, &pc, &e), 0);
	assert_int_equal(pc.n, 0);
	assert_string_equal(pc.text, typed);
	pathcomp_free(&pc);
	free(typed);
	/* ~ is $HOME, and stays ~ in the text */
	setenv("HOME", dir, 1);
	assert_int_equal(path_complete("~", exts, &pc, &e), 0);
	assert_string_equal(pc.text, "~/");
	pathcomp_free(&pc);
	assert_int_equal(path_complete("~/ord", exts, &pc, &e), 0);
	assert_string_equal(pc.text, "~/orders.tsv");
	pathcomp_free(&pc);
	p = path_expand("~/orders.tsv");
	assert_string_equal(p + strlen(dir), "/orders.tsv");
	free(p);
	p = path_expand("a/~/b");
	assert_string_equal(p, "a/~/b");
	free(p);
	if (home != NULL)
		setenv("HOME", home, 1);
	free(home);
	th_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strmap_put_get_overwrite_grow),
		cmocka_unit_test(test_strmap_each),
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_sha256_both_ways),
		cmocka_unit_test(test_strbuf_and_str_dup),
		cmocka_unit_test(test_pipe_delivers_every_record_in_order),
		cmocka_unit_test(test_pipe_stop_ends_the_producer),
		cmocka_unit_test(test_err_position_and_format),
		cmocka_unit_test(test_err_fields_csv),
		cmocka_unit_test(test_err_fields_rule),
		cmocka_unit_test(test_path_complete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
