/* The plan as text (export/plan.c), the one that `clientele plan` prints
 * and the interface's plan view saves: the Markdown table with its cells
 * escaped, the CSV with its quoting and neutralised formulas, an
 * uncountable segment's error in its size; and the file written through a
 * temporary file, never over an existing one without force. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/plan.h"
#include "helpers.h"
#include "query.h"
#include "segment/segment.h"

static struct segment tree[2] = {
	{.id = 1, .depth = 1, .name = "Мамы", .path = "Мамы", .rule = "",
	 .plan_who = "Мамы школьников, Київ", .plan_what = "a|b\nc\\d", .strategy = "=1+1"},
	{.id = 2, .parent_id = 1, .depth = 2, .name = "x", .path = "Мамы/x", .rule = ""},
};

static void
counts(struct segment_count c[2])
{
	memset(c, 0, 2 * sizeof *c);
	c[0].count = 1234;
	snprintf(c[1].error, sizeof c[1].error, "%s", "bad rule");
	c[1].count = -1;
}

static void
test_markdown(void **state)
{
	struct segment_count c[2];
	struct err e = {0};
	char *out;
	size_t len;

	(void)state;
	counts(c);
	assert_int_equal(plan_text(tree, c, 2, PLAN_MARKDOWN, &out, &len, &e), 0);
	assert_int_equal(len, strlen(out));
	assert_string_equal(out,
	                    "| Segment | Size | Who | What | Why | When | Where | Strategy |\n"
	                    "| --- | ---: | --- | --- | --- | --- | --- | --- |\n"
	                    "| Мамы | 1234 | Мамы школьников, Київ | a\\|b<br>c\\\\d |  |  |  | =1+1 |\n"
	                    "| Мамы/x | error: bad rule |  |  |  |  |  |  |\n");
	free(out);
}

static void
test_csv(void **state)
{
	struct segment_count c[2];
	struct err e = {0};
	char *out;
	size_t len;

	(void)state;
	counts(c);
	assert_int_equal(plan_text(tree, c, 2, PLAN_CSV, &out, &len, &e), 0);
	assert_string_equal(out, "segment,size,who,what,why,when,where,strategy\r\n"
	                         "Мамы,1234,\"Мамы школьников, Київ\",\"a|b\nc\\d\",,,,'=1+1\r\n"
	                         "Мамы/x,error: bad rule,,,,,,\r\n");
	free(out);
}

static void
test_file(void **state)
{
	struct segment_count c[2];
	struct err e = {0};
	char *dir = th_tmpdir("plan"), *path = th_path(dir, "plan.md"), *want, *listing;
	size_t len;
	FILE *f;
	char got[4096];

	(void)state;
	counts(c);
	assert_int_equal(plan_text(tree, c, 2, PLAN_MARKDOWN, &want, &len, &e), 0);
	assert_int_equal(plan_write_file(path, tree, c, 2, PLAN_MARKDOWN, false, &e), 0);
	f = fopen(path, "rb");
	assert_non_null(f);
	got[fread(got, 1, sizeof got - 1, f)] = '\0';
	fclose(f);
	assert_string_equal(got, want);
	/* an existing file: refused without force, kept as it was */
	assert_int_equal(plan_write_file(path, tree, c, 2, PLAN_CSV, false, &e), -1);
	assert_non_null(strstr(e.msg, "plan.md"));
	f = fopen(path, "rb");
	got[fread(got, 1, sizeof got - 1, f)] = '\0';
	fclose(f);
	assert_string_equal(got, want);
	/* with force it is replaced, and no temporary file is left */
	assert_int_equal(plan_write_file(path, tree, c, 2, PLAN_CSV, true, &e), 0);
	f = fopen(path, "rb");
	got[fread(got, 1, sizeof got - 1, f)] = '\0';
	fclose(f);
	assert_string_equal(strtok(got, "\r"), "segment,size,who,what,why,when,where,strategy");
	listing = th_list_dir(dir);
	assert_string_equal(listing, "plan.md\n");
	free(listing);
	free(want);
	free(path);
	th_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_file),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
