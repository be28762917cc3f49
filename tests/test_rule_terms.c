/* The terms of a rule (issue 8): its top-level `and` terms printed
 * canonically and joined back, and the facet panel's edits of one field's
 * term (a value toggled into `in (...)`, a range set). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "rule/rule.h"
#include "rule/terms.h"

/* The canonical form of text, by the printer alone. */
static char *
canon(const char *text)
{
	struct rule *r = NULL;
	struct err e = {0};
	char *s;

	assert_int_equal(rule_parse(text, &r, &e), 0);
	s = rule_print(r);
	rule_free(&r);
	return s;
}

/* Terms of in, joined with " | ", and the join of them back. */
static void
check_terms(const char *in, const char *want_terms)
{
	struct err e = {0};
	char **t = NULL, *joined = NULL, *c;
	char buf[1024] = "";
	size_t n = 0, i;

	assert_int_equal(rule_terms(in, &t, &n, &e), 0);
	for (i = 0; i < n; i++) {
		strcat(buf, i ? " | " : "");
		strcat(buf, t[i]);
	}
	assert_string_equal(buf, want_terms);
	assert_int_equal(rule_join_terms((const char *const *)t, n, &joined, &e), 0);
	c = canon(in);
	assert_string_equal(joined, c);
	free(c);
	free(joined);
	rule_terms_free(t, n);
}

static void
test_terms_split(void **state)
{
	(void)state;
	check_terms("", "");
	check_terms("city = Москва", "city = Москва");
	check_terms("City = \"New York\" AND total_spent > 1e3",
	            "city = \"New York\" | total_spent > 1e3");
	check_terms("a = 1 or b = 2", "a = 1 or b = 2");
	check_terms("x = 1 and (a = 1 or b = 2) and not (c = 3 and d = 4)",
	            "x = 1 | a = 1 or b = 2 | not (c = 3 and d = 4)");
	check_terms("(a = 1 and b = 2) and tag:vip and in segment \"A/B\"",
	            "a = 1 | b = 2 | tag:vip | in segment \"A/B\"");
	check_terms("city in (\"and\", Київ) and x between 1 and 5",
	            "city in (\"and\", Київ) | x between 1 and 5");
	check_terms("(a = 1 and b = 2) or c = 3", "(a = 1 and b = 2) or c = 3");
}

static void
test_terms_join(void **state)
{
	const char *t[] = {"a = 1 or b = 2", "", "c = 3", "not d = 4"};
	const char *bad[] = {"a = 1", "b = = 2"};
	struct err e = {0};
	char *out = NULL;

	(void)state;
	assert_int_equal(rule_join_terms(t, 4, &out, &e), 0);
	assert_string_equal(out, "(a = 1 or b = 2) and c = 3 and not d = 4");
	free(out);
	assert_int_equal(rule_join_terms(t, 0, &out, &e), 0);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(rule_join_terms(bad, 2, &out, &e), -1);
	assert_null(out);
	/* the condition named before the position, which stays within it */
	{
		char line[ERR_LINE_MAX];

		assert_non_null(strstr(err_format(&e, line, sizeof line), "condition 2: 1:"));
		assert_int_equal(e.line, 1);
		assert_true(e.col > 0);
	}
}

static void
test_field_values(void **state)
{
	struct err e = {0};
	char **v = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(rule_field_values("x > 1 and City in (Москва, \"New York\")", "city", &v,
	                                   &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "Москва");
	assert_string_equal(v[1], "New York");
	rule_terms_free(v, n);
	assert_int_equal(rule_field_values("city = Київ", "CITY", &v, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "Київ");
	rule_terms_free(v, n);
	/* in an or group, or a not: not the facet's term */
	assert_int_equal(rule_field_values("city = a or x = 1", "city", &v, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	assert_int_equal(rule_field_values("city = (", "city", &v, &n, &e), -1);
}

static void
check_toggle(const char *in, const char *value, const char *want)
{
	struct err e = {0};
	char *out = NULL, *again = NULL;

	assert_int_equal(rule_toggle_value(in, "city", value, &out, &e), 0);
	assert_string_equal(out, want);
	/* the output is canonical: it prints back to itself */
	again = canon(out);
	assert_string_equal(again, out);
	free(again);
	free(out);
}

static void
test_toggle(void **state)
{
	struct err e = {0};
	char *out = NULL;

	(void)state;
	check_toggle("", "Москва", "city = Москва");
	check_toggle("x > 1", "New York", "x > 1 and city = \"New York\"");
	check_toggle("city = Москва and x > 1", "Київ", "city in (Москва, Київ) and x > 1");
	check_toggle("city in (Москва, Київ)", "in", "city in (Москва, Київ, \"in\")");
	check_toggle("city in (Москва, Київ) and x > 1", "москва", "city = Київ and x > 1");
	check_toggle("x > 1 and city = Київ", "КИЇВ", "x > 1");
	check_toggle("city = Київ", "Київ", "");
	check_toggle("x > 1 and city = a and y = 2", "a", "x > 1 and y = 2");
	check_toggle("a = 1 or b = 2", "12", "(a = 1 or b = 2) and city = 12");
	/* a number or a date stands bare only when written canonically:
	 * otherwise the text is kept as it is */
	check_toggle("city = 2.5", "007", "city in (2.5, 007)");
	check_toggle("city = 2.5", "1,5", "city in (2.5, \"1,5\")");
	check_toggle("city = \"31.03.2024\"", "2024-03-31", "city in (\"31.03.2024\", 2024-03-31)");
	check_toggle("city in (1, \"007\")", "007", "city = 1");
	check_toggle("city = \"say \\\"hi\\\"\"", "x\\y", "city in (\"say \\\"hi\\\"\", \"x\\\\y\")");
	/* `city != a` is not the facet's term: a new one is added */
	check_toggle("city != a", "b", "city != a and city = b");
	assert_int_equal(rule_toggle_value("x = 1", "city", "", &out, &e), -1);
	assert_null(out);
}

static void
check_range(const char *in, const char *lo, const char *hi, const char *want)
{
	struct err e = {0};
	char *out = NULL;

	assert_int_equal(rule_set_range(in, "total_spent", lo, hi, &out, &e), 0);
	assert_string_equal(out, want);
	free(out);
}

static void
test_range(void **state)
{
	(void)state;
	check_range("", "100", "200", "total_spent between 100 and 200");
	check_range("city = a and total_spent > 5 and total_spent <= 9 or x = 1", "0", "2.50",
	            "((city = a and total_spent > 5 and total_spent <= 9) or x = 1) and "
	            "total_spent between 0 and 2.5");
	check_range("city = a and Total_Spent > 5 and total_spent <= 9", "1000", "2000",
	            "city = a and total_spent between 1000 and 2000");
	check_range("total_spent between 1 and 2 and city = a", "-5", NULL,
	            "city = a and total_spent >= -5");
	check_range("total_spent between 1 and 2", NULL, "31.03.2024",
	            "total_spent <= 2024-03-31");
	check_range("total_spent between 1 and 2 and total_spent != 3", NULL, NULL,
	            "total_spent != 3");
}

/* A term taken apart for the form: 1 and its field, operator and value,
 * or 0 (want_field NULL) for what the form cannot show. */
static void
check_split(const char *term, const char *want_field, const char *want_op,
            const char *want_value)
{
	struct rule_cond c;
	struct err e = {0};

	if (want_field == NULL) {
		assert_int_equal(rule_cond_split(term, &c, &e), 0);
		assert_null(c.field);
		return;
	}
	assert_int_equal(rule_cond_split(term, &c, &e), 1);
	assert_string_equal(c.field, want_field);
	assert_string_equal(c.op, want_op);
	assert_string_equal(c.value, want_value);
	rule_cond_free(&c);
}

static void
test_cond_split(void **state)
{
	struct rule_cond c;
	struct err e = {0};

	(void)state;
	check_split("city = Москва", "city", "=", "Москва");
	check_split("city = \"New York\"", "city", "=", "\"New York\"");
	check_split("grade in (5, 6)", "grade", "in", "5, 6");
	check_split("age between 18 and 30", "age", "between", "18 and 30");
	check_split("email is empty", "email", "is empty", "");
	check_split("name starts with Ан", "name", "starts with", "Ан");
	check_split("last_order before 6m ago", "last_order", "before", "6m ago");
	check_split("\"Annual Income (k$)\" >= 50", "Annual Income (k$)", ">=", "50");
	check_split("a = 1 or b = 2", NULL, NULL, NULL);
	check_split("not (a = 1)", NULL, NULL, NULL);
	check_split("tag:vip", NULL, NULL, NULL);
	check_split("in segment Clients", NULL, NULL, NULL);
	check_split("a = 1 and b = 2", NULL, NULL, NULL);
	assert_int_equal(rule_cond_split("a = ", &c, &e), -1);
	assert_int_equal(e.col, 5);
}

/* The term the form writes, or (want_col > 0) the draft and the error's
 * column in it. */
static void
check_join(const char *field, const char *op, const char *value, const char *want,
           int want_col)
{
	struct err e = {0};
	char *out = NULL;

	assert_int_equal(rule_cond_join(field, op, value, &out, &e), want_col > 0 ? -1 : 0);
	assert_non_null(out);
	assert_string_equal(out, want);
	if (want_col > 0)
		assert_int_equal(e.col, want_col);
	free(out);
}

static void
test_cond_join(void **state)
{
	struct err e = {0};
	char *out = (char *)"x";

	(void)state;
	check_join("city", "=", "Москва", "city = Москва", 0);
	check_join("City", "=", "  New York ", "city = \"New York\"", 0);
	check_join("city", "=", "\"New York\"", "city = \"New York\"", 0);
	check_join("city", "!=", "O\"Brien", "city != \"O\\\"Brien\"", 0);
	check_join("city", "=", "and", "city = \"and\"", 0);
	check_join("grade", "in", "5, 6,7", "grade in (5, 6, 7)", 0);
	check_join("grade", "not in", "(5, 6)", "grade not in (5, 6)", 0);
	check_join("city", "in", "\"a, b\", Київ", "city in (\"a, b\", Київ)", 0);
	check_join("age", "between", "18 AND 30", "age between 18 and 30", 0);
	check_join("email", "is empty", "ignored", "email is empty", 0);
	check_join("name", "starts with", "Ан", "name starts with Ан", 0);
	check_join("last_order", "before", "6m ago", "last_order before 6m ago", 0);
	check_join("last_order", "within", "90d", "last_order within 90d", 0);
	check_join("last_order", "after", "31.03.2024", "last_order after 2024-03-31", 0);
	check_join("Annual Income (k$)", ">=", "50", "\"Annual Income (k$)\" >= 50", 0);
	/* an empty value or a missing bound: the draft with the column */
	check_join("city", "=", "", "city = ", 8);
	check_join("age", "between", "18", "age between 18", 15);
	/* a word where a number goes: the parser says so at its column */
	check_join("age", ">", "abc", "age > abc", 7);
	check_join("age", ">", "\"abc\"", "age > \"abc\"", 0);
	assert_int_equal(rule_cond_join("city", "frobs", "1", &out, &e), -1);
	assert_null(out);
	assert_int_equal(rule_cond_join("city", "and", "1", &out, &e), -1);
	assert_null(out);
}

static void
check_field_range(const char *in, const char *lo, bool lo_strict, const char *hi,
                  bool hi_strict)
{
	struct rule_range r;
	struct err e = {0};

	if (rule_field_range(in, "birth_date", &r, &e) != 0)
		fail_msg("%s: %d:%d: %s", in, e.line, e.col, e.msg);
	if (lo == NULL)
		assert_null(r.lo);
	else
		assert_string_equal(r.lo, lo);
	if (hi == NULL)
		assert_null(r.hi);
	else
		assert_string_equal(r.hi, hi);
	assert_int_equal(r.lo_strict, lo_strict);
	assert_int_equal(r.hi_strict, hi_strict);
	rule_range_free(&r);
}

/* The range the facet panel marks: what rule_set_range writes reads back,
 * each side from its own term, the field in any case; an `or` group, a
 * `not`, another field or a period bound nothing. */
static void
test_field_range(void **state)
{
	struct rule_range r;
	struct err e = {0};
	char *out = NULL;

	(void)state;
	check_field_range("", NULL, false, NULL, false);
	check_field_range("city = a and Birth_Date between 1990-01-01 and 31.12.1999",
	                  "1990-01-01", false, "1999-12-31", false);
	check_field_range("birth_date > 1980-05-03 and x = 1 and birth_date <= 1990-01-01",
	                  "1980-05-03", true, "1990-01-01", false);
	check_field_range("birth_date >= 1980-05-03", "1980-05-03", false, NULL, false);
	check_field_range("birth_date < 2000-01-01", NULL, false, "2000-01-01", true);
	check_field_range("birth_date < 2000-01-01 or x = 1", NULL, false, NULL, false);
	check_field_range("not birth_date < 2000-01-01", NULL, false, NULL, false);
	check_field_range("birth_datex < 2000-01-01", NULL, false, NULL, false);
	check_field_range("birth_date within 90d", NULL, false, NULL, false);
	check_field_range("birth_date after 6m ago", NULL, false, NULL, false);
	check_field_range("birth_date between 1 and 2.50", "1", false, "2.5", false);
	assert_int_equal(rule_set_range("x = 1", "birth_date", "-5", NULL, &out, &e), 0);
	check_field_range(out, "-5", false, NULL, false);
	free(out);
	assert_int_equal(rule_field_range("birth_date <", "birth_date", &r, &e), -1);
	assert_null(r.lo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terms_split),
		cmocka_unit_test(test_terms_join),
		cmocka_unit_test(test_field_values),
		cmocka_unit_test(test_toggle),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_cond_split),
		cmocka_unit_test(test_cond_join),
		cmocka_unit_test(test_field_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
