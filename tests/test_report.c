/* The report (report.h): the escaping of every text from the base, the
 * histogram drawn as SVG with bar heights worked out by hand, the grids'
 * colour scale, and the whole document on a small base: its segment names
 * and plans escaped, the grids' figures, and the file written whole or
 * not at all, never over a file without force nor over the base. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"
#include "analysis.h"
#include "db.h"
#include "report.h"
#include "segment/segment.h"

static char *
escaped(const char *s)
{
	struct strbuf b = {0};

	report_escape(&b, s);
	strbuf_add(&b, "");
	assert_false(b.oom);
	return b.p;
}

static void
test_escape(void **state)
{
	static const struct str_case cases[] = {
		{"plain", "plain"},
		{"", ""},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"Tom & Jerry", "Tom &amp; Jerry"},
		{"a=\"b\" c='d'", "a=&quot;b&quot; c=&#39;d&#39;"},
		{"&amp;", "&amp;amp;"},
		{"Мамы <b>Київ</b>", "Мамы &lt;b&gt;Київ&lt;/b&gt;"},
		{"&<>\"'", "&amp;&lt;&gt;&quot;&#39;"},
		{"line\nbreak", "line\nbreak"},
	};
	struct strbuf b = {0};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		char *got = escaped(cases[i].in);

		assert_string_equal(got, cases[i].want);
		free(got);
	}
	report_escape(&b, NULL);
	assert_null(b.p);
}

/* The count of needle in hay. */
static int
occurs(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void
test_svg_histogram(void **state)
{
	struct histogram h = {.type = FT_NUMBER, .n = 3, .total = 19, .empty = 2};
	struct strbuf b = {0};

	(void)state;
	h.v[0] = (struct hist_bucket){.lo = 0, .hi = 10, .lo_text = "0", .hi_text = "9", .count = 10};
	h.v[1] = (struct hist_bucket){.lo = 10, .hi = 20, .lo_text = "10", .hi_text = "19", .count = 5};
	h.v[2] = (struct hist_bucket){.lo = 20, .hi = 30, .lo_text = "20", .hi_text = "29", .count = 0};
	report_svg_histogram(&b, "Spent <&>", &h);
	assert_false(b.oom);
	assert_non_null(b.p);
	assert_true(strncmp(b.p, "<svg ", 5) == 0);
	assert_non_null(strstr(b.p, "aria-label=\"Spent &lt;&amp;&gt;\""));
	assert_null(strstr(b.p, "<&>"));
	assert_int_equal(occurs(b.p, "</svg>"), 1);
	/* three buckets and the empty ones: four slots of 632 / 4 = 158 */
	assert_int_equal(occurs(b.p, "<rect "), 4);
	/* bars scale to the largest count (10) over 232 - 22 - 40 = 170 units
	 * standing on y = 192: 10 -> 170, 5 -> 85, 0 -> 0, the 2 empty -> 34 */
	assert_non_null(strstr(b.p, "<rect class=\"bar\" x=\"5.0\" y=\"22.0\" width=\"156.0\" "
	                            "height=\"170.0\"><title>0 – 9: 10</title></rect>"));
	assert_non_null(strstr(b.p, "x=\"163.0\" y=\"107.0\" width=\"156.0\" height=\"85.0\">"
	                            "<title>10 – 19: 5</title>"));
	assert_non_null(strstr(b.p, "y=\"192.0\" width=\"156.0\" height=\"0.0\"><title>20 – 29: 0"));
	assert_non_null(strstr(b.p, "<rect class=\"bar empty\" x=\"479.0\" y=\"158.0\" "
	                            "width=\"156.0\" height=\"34.0\"><title>(empty): 2</title>"));
	/* the largest count, the outer edges, the empty ones' label */
	assert_non_null(strstr(b.p, "<text class=\"most\" x=\"4\" y=\"14\">10</text>"));
	assert_non_null(strstr(b.p, ">0</text>"));
	assert_non_null(strstr(b.p, ">29</text>"));
	/* the empty ones' label on a line of its own, clear of the last edge */
	assert_non_null(strstr(b.p, "<text class=\"edge end\" x=\"636\" y=\"226.0\">(empty)</text>"));
	free(b.p);

	/* a bucket of 1 among thousands still shows; none empty: no grey bar */
	memset(&b, 0, sizeof b);
	h.empty = 0;
	h.v[0].count = 5000;
	h.v[1].count = 1;
	report_svg_histogram(&b, "x", &h);
	assert_int_equal(occurs(b.p, "<rect "), 3);
	assert_null(strstr(b.p, "empty"));
	assert_non_null(strstr(b.p, "y=\"191.0\" width=\"208.7\" height=\"1.0\"><title>10 – 19: 1"));
	free(b.p);

	/* no member with a value: a note instead of bars */
	memset(&b, 0, sizeof b);
	h.n = 0;
	report_svg_histogram(&b, "x", &h);
	assert_int_equal(occurs(b.p, "<rect "), 0);
	assert_non_null(strstr(b.p, ">no values</text>"));
	free(b.p);
}

static void
test_shade(void **state)
{
	char c[8];
	bool dark;

	(void)state;
	report_shade(0, 100, c, &dark);
	assert_string_equal(c, "#ffffff");
	assert_false(dark);
	report_shade(100, 100, c, &dark);
	assert_string_equal(c, "#1d4ed8");
	assert_true(dark);
	/* halfway: 255 + (29 - 255) / 2 = 142 = 0x8e, (255 + 78) / 2 = 166.5
	 * -> 167 = 0xa7, (255 + 216) / 2 = 235.5 -> 236 = 0xec */
	report_shade(50, 100, c, &dark);
	assert_string_equal(c, "#8ea7ec");
	assert_false(dark);
	report_shade(7, 0, c, &dark);
	assert_string_equal(c, "#ffffff");
}

/* --- the document on a small base ----------------------------------------- */

/* Four customers, the reference date 2024-06-01:
 *  id gender city   | orders spent  r f rfm        abc xyz age
 *  1  F      Москва | 3      300.00 5 4 champions  A   X   30
 *  2  F      Київ   | 1      100.50 5 4 champions  B   -   40
 *  3  M      Москва | 2     1050.25 1 1 hibernating C  Z   25
 *  4  M      Омск   | (no metrics row) */
static const char base_sql[] =
	"INSERT INTO meta (key, value) VALUES ('as_of', '2024-06-01');"
	"INSERT INTO customers (id, gender, city) VALUES"
	" (1, 'F', 'Москва'), (2, 'F', 'Київ'), (3, 'M', 'Москва'), (4, 'M', 'Омск');"
	"INSERT INTO customer_metrics (customer_id, orders, spent, r, f, rfm, age, abc, xyz,"
	" last_order) VALUES"
	" (1, 3, 300.00, 5, 4, 'champions', 30, 'A', 'X', '2024-05-30'),"
	" (2, 1, 100.50, 5, 4, 'champions', 40, 'B', NULL, '2023-01-01'),"
	" (3, 2, 1050.25, 1, 1, 'hibernating', 25, 'C', 'Z', '2022-01-01');";

struct fixture {
	char *dir;
	struct db *db;
	struct err e;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct segment_plan p = {.who = "Мамы <b>школьников</b> & папы",
	                         .strategy = "<script>alert(\"x\")</script>\nвторая строка"};

	f->db = th_newdb_sql("report", base_sql, &f->dir);
	assert_int_equal(segment_add(f->db, "Мамы <script>", "gender = F", NULL, &f->e), 0);
	assert_int_equal(segment_add(f->db, "Мамы <script>/Москва & Co", "city = Москва", NULL,
	                             &f->e), 0);
	assert_int_equal(segment_set_plan(f->db, "Мамы <script>", &p, &f->e), 0);
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
test_document(void **state)
{
	struct fixture *f = *state;
	struct report_opts o = {0};
	struct strbuf b = {0};
	size_t bad = 9;

	if (report_html(f->db, &o, &b, &bad, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	assert_int_equal(bad, 0);
	assert_true(strncmp(b.p, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
	assert_non_null(strstr(b.p, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(b.p, "@media print"));
	assert_non_null(strstr(b.p, "</body>\n</html>\n"));
	/* nothing of the user's text reaches the page as markup */
	assert_null(strstr(b.p, "<script"));
	assert_null(strstr(b.p, "<b>школьников"));
	assert_null(strstr(b.p, " & "));
	assert_null(strstr(b.p, "src="));
	/* the tree: the segment, its child under its own name, their sizes */
	assert_non_null(strstr(b.p, "<tr data-path=\"\"><td>All customers</td><td class=\"n\">4</td>"));
	assert_non_null(strstr(b.p, "<tr data-path=\"Мамы &lt;script&gt;\"><td style=\"padding-left:"
	                            "2.1em\">Мамы &lt;script&gt;</td><td class=\"n\">2</td>"
	                            "<td class=\"n\">50.0 %</td><td class=\"n\">50.0 %</td>"));
	assert_non_null(strstr(b.p, "\">Москва &amp; Co</td><td class=\"n\">1</td>"
	                            "<td class=\"n\">50.0 %</td><td class=\"n\">25.0 %</td>"));
	/* the plan, escaped, its lines kept */
	assert_non_null(strstr(b.p, "<dt>Who</dt><dd>Мамы &lt;b&gt;школьников&lt;/b&gt; &amp; папы"
	                            "</dd>"));
	assert_non_null(strstr(b.p, "<dt>Strategy</dt><dd>&lt;script&gt;alert(&quot;x&quot;)"
	                            "&lt;/script&gt;\nвторая строка</dd>"));
	assert_non_null(strstr(b.p, "Segments without a plan: Мамы &lt;script&gt;/Москва &amp; Co"));
	/* the compare table: all customers and the top-level segment */
	assert_non_null(strstr(b.p, "<th class=\"n\" data-path=\"\">All customers</th>"
	                            "<th class=\"n\" data-path=\"Мамы &lt;script&gt;\">"));
	/* money grouped by a narrow no-break space */
	assert_non_null(strstr(b.p, "<tr><th>Revenue</th><td class=\"n\">1\u202f450.75</td>"
	                            "<td class=\"n\">400.50</td></tr>"));
	assert_non_null(strstr(b.p, "<td>hibernating</td><td class=\"n\">1</td><td class=\"n\">"
	                            "25.0 %</td><td class=\"n\">1\u202f050.25</td><td class=\"n\">"
	                            "525.13</td>"));
	/* the grids: 2 champions in R=5 F=4, the most, in the darkest blue */
	assert_non_null(strstr(b.p, "<td data-rule=\"r = 5 and f = 4\" style=\"background:#1d4ed8\" "
	                            "class=\"dark\"><b>2</b><small>50.0 %</small></td>"));
	assert_non_null(strstr(b.p, "<td data-rule=\"r = 1 and f = 1\" style=\"background:#8ea7ec\">"
	                            "<b>1</b>"));
	assert_non_null(strstr(b.p, "Without a purchase: 1"));
	assert_non_null(strstr(b.p, "<td data-rule=\"abc = A and xyz = X\" style=\"background:"
	                            "#1d4ed8\" class=\"dark\"><b>1</b>"));
	/* the default histograms, each an SVG */
	assert_int_equal(occurs(b.p, "<svg "), 4);
	assert_non_null(strstr(b.p, "<div class=\"chart\" data-field=\"spent\">"));
	assert_non_null(strstr(b.p, "<div class=\"chart\" data-field=\"age\">"));
	free(b.p);
}

static void
test_chosen(void **state)
{
	struct fixture *f = *state;
	const char *cmp[] = {"Мамы <script>/Москва & Co"}, *hist[] = {"age"}, *nosuch[] = {"nosuch"};
	struct report_opts o = {.compare = cmp, .ncompare = 1, .hist = hist, .nhist = 1};
	struct strbuf b = {0};

	if (report_html(f->db, &o, &b, NULL, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	assert_non_null(strstr(b.p, "<tr><th></th><th class=\"n\" data-path=\"Мамы &lt;script&gt;/"
	                            "Москва &amp; Co\">Мамы &lt;script&gt;/Москва &amp; Co</th></tr>"));
	assert_int_equal(occurs(b.p, "<svg "), 1);
	assert_non_null(strstr(b.p, "data-field=\"age\""));
	free(b.p);

	memset(&b, 0, sizeof b);
	o.hist = nosuch;
	assert_int_equal(report_html(f->db, &o, &b, NULL, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_USAGE);
	assert_non_null(strstr(f->e.msg, "nosuch"));
	free(b.p);
}

/* The file: written whole through a temporary file, an existing one kept
 * without force, nothing left behind by a failure, never the base. */
static void
test_file(void **state)
{
	struct fixture *f = *state;
	const char *nosuch[] = {"nosuch"};
	struct report_opts o = {0}, bad = {.hist = nosuch, .nhist = 1};
	char *path = th_path(f->dir, "report.html"), *list;
	struct stat st;

	/* a failure half-way writes nothing */
	assert_int_equal(report_write_file(f->db, &bad, path, false, NULL, &f->e), -1);
	list = th_list_dir(f->dir);
	assert_string_equal(list, "");
	free(list);

	if (report_write_file(f->db, &o, path, false, NULL, &f->e) != 0)
		fail_msg("%s", f->e.msg);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 1000);
	list = th_list_dir(f->dir);
	assert_string_equal(list, "report.html\n");
	free(list);

	/* an existing file is kept without force, replaced with it */
	th_write(path, "mine", (size_t)-1);
	assert_int_equal(report_write_file(f->db, &o, path, false, NULL, &f->e), -1);
	assert_non_null(strstr(f->e.msg, "--force"));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 4);
	assert_int_equal(report_write_file(f->db, &o, path, true, NULL, &f->e), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 1000);
	list = th_list_dir(f->dir);
	assert_string_equal(list, "report.html\n");
	free(list);

	/* never over the base, even with force */
	assert_int_equal(report_write_file(f->db, &o, db_path(f->db), true, NULL, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_USAGE);
	assert_non_null(strstr(f->e.msg, "the base itself"));
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_svg_histogram),
		cmocka_unit_test(test_shade),
		cmocka_unit_test_setup_teardown(test_document, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chosen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
