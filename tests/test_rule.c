/* Rules: canonical printed forms, error messages with their positions, and
 * what the compiled SQL counts on a small real base. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "db.h"
#include "fields.h"
#include "query.h"
#include "rule/rule.h"

/* An error as the user sees it (err_format). */
static char line[ERR_LINE_MAX];

/* --- canonical forms ------------------------------------------------------- */

static const struct {
	const char *in, *want;
} printed[] = {
	/* the examples of SPEC §2.1, verbatim */
	{"status in (regular, seasonal) and city = \"Москва\"",
	 "status in (regular, seasonal) and city = Москва"},
	{"age between 25 and 34 and gender = F", "age between 25 and 34 and gender = F"},
	{"orders >= 3 and spent > 10000 and last_order within 90d",
	 "orders >= 3 and spent > 10000 and last_order within 90d"},
	{"tag:vip and not tag:\"do not mail\"", "tag:vip and not tag:\"do not mail\""},
	{"rfm = at_risk or (r <= 2 and m >= 4)", "rfm = at_risk or (r <= 2 and m >= 4)"},
	{"last_email_open before 6m ago or last_email_open is empty",
	 "last_email_open before 6m ago or last_email_open is empty"},
	{"email contains \"@gmail.\" and device in (ios, android)",
	 "email contains \"@gmail.\" and device in (ios, android)"},
	/* and binds tighter than or; mixed chains always show parentheses */
	{"a = 1 or b = 2 and c = 3", "a = 1 or (b = 2 and c = 3)"},
	{"a = 1 and b = 2 or c = 3 and d = 4", "(a = 1 and b = 2) or (c = 3 and d = 4)"},
	{"(a = 1 or b = 2) and c = 3", "(a = 1 or b = 2) and c = 3"},
	{"a = 1 and (b = 2 and c = 3)", "a = 1 and b = 2 and c = 3"},
	{"a = 1 or b = 2 or (c = 3 or d = 4)", "a = 1 or b = 2 or c = 3 or d = 4"},
	{"((a = 1))", "a = 1"},
	{"not (a = 1)", "not a = 1"},
	{"NOT (a = 1 OR b = 2)", "not (a = 1 or b = 2)"},
	{"not not a = 1", "not not a = 1"},
	{"orders > 0 and (city = a or city = b) and not (tag:x and tag:y)",
	 "orders > 0 and (city = a or city = b) and not (tag:x and tag:y)"},
	/* keywords in any case, field names folded, quotes only where needed */
	{"City = \"москва\"", "city = москва"},
	{"Город = Київ", "город = Київ"},
	{"\"city\" = x", "city = x"},
	{"\"Annual Income (k$)\" >= 70", "\"Annual Income (k$)\" >= 70"},
	{"\"in\" = 1", "\"in\" = 1"},
	{"CITY IS NOT EMPTY", "city is not empty"},
	{"city Is Empty", "city is empty"},
	{"status not in (lead, \"in work\")", "status not in (lead, \"in work\")"},
	{"name STARTS WITH \"Ив\"", "name starts with Ив"},
	{"status = \"and\"", "status = \"and\""},
	{"status = \"empty\"", "status = \"empty\""},
	/* hyphens inside a word are part of it (issue 6 C.1) */
	{"city = \"Нью-Йорк\"", "city = Нью-Йорк"},
	{"city = Санкт-Петербург", "city = Санкт-Петербург"},
	{"contract = month-to-month", "contract = month-to-month"},
	{"job in (blue-collar,white-collar)", "job in (blue-collar, white-collar)"},
	{"device = 2-in-1", "device = \"2-in-1\""},
	{"tag:beta-tester", "tag:beta-tester"},
	{"x=-5", "x = -5"},
	{"x = \"a-\"", "x = \"a-\""},
	{"x = \"a--b\"", "x = \"a--b\""},
	{"x = \"-a\"", "x = \"-a\""},
	{"last_order > 2024-03-01", "last_order > 2024-03-01"},
	{"size = 5m-x", "size = \"5m-x\""},
	{"x = -3d", "x = \"-3d\""},
	{"x = 2024-03-01-b", "x = \"2024-03-01-b\""},
	/* what looks like an exponent but is not one is a word */
	{"x = 1e", "x = \"1e\""},
	{"x = e5", "x = e5"},
	{"x = 1e3d", "x = \"1e3d\""},
	{"x = 1e-3x", "x = \"1e-3x\""},
	/* numbers with an exponent, as spreadsheets write them (E.8) */
	{"lead_score > 1e3", "lead_score > 1e3"},
	{"lead_score between 1E-2 and 2.5e+6", "lead_score between 1E-2 and 2.5e+6"},
	{"lead_score = 1.50e3", "lead_score = 1.50e3"},
	{"city = «Київ»", "city = Київ"},
	{"note = \"say \\\"hi\\\" \\\\ bye\"", "note = \"say \\\"hi\\\" \\\\ bye\""},
	{"email_consent = yes and sms_consent != TRUE",
	 "email_consent = yes and sms_consent != TRUE"},
	/* numbers and dates in canonical form */
	{"spent > 10000.00", "spent > 10000"},
	{"avg_check >= 2.50", "avg_check >= 2.5"},
	{"lead_score between -5 and 10.0", "lead_score between -5 and 10"},
	{"zip = 01001", "zip = 01001"},
	{"created_at >= 31.03.2024", "created_at >= 2024-03-31"},
	{"birth_date between 01.01.1990 and 31.12.1999",
	 "birth_date between 1990-01-01 and 1999-12-31"},
	{"last_order after 2024-1-5 and last_order before 2024-02-01",
	 "last_order after 2024-01-05 and last_order before 2024-02-01"},
	{"last_order after 30D ago", "last_order after 30d ago"},
	{"last_order within 2W", "last_order within 2w"},
	{"days_since_order <> 5", "days_since_order != 5"},
	{"x == 1", "x = 1"},
	/* words that are not words stay quoted */
	{"size = 5m", "size = \"5m\""},
	{"code = 5g", "code = \"5g\""},
	{"phone contains 916", "phone contains \"916\""},
	/* tags and segments */
	{"tag: vip", "tag:vip"},
	{"tag:2024", "tag:\"2024\""},
	{"tag:\"Бета тестер\"", "tag:\"Бета тестер\""},
	{"tags any (vip, \"beta tester\")", "tags any (vip, \"beta tester\")"},
	{"TAGS ALL (a,b)", "tags all (a, b)"},
	{"tags none (spam)", "tags none (spam)"},
	{"tags >= 2", "tags >= 2"},
	{"in segment \"Clients/Primary school\"", "in segment \"Clients/Primary school\""},
	{"in segment Clients", "in segment Clients"},
	/* lines and blanks */
	{"city = Москва\n  and orders > 1", "city = Москва and orders > 1"},
	{"", ""},
	{"   \n ", ""},
};

static void
test_print(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof printed / sizeof printed[0]; i++) {
		struct err e = {0};
		struct rule *r = NULL, *r2 = NULL;
		char *once, *twice;

		if (rule_parse(printed[i].in, &r, &e) != 0)
			fail_msg("parsing [%s]: %s", printed[i].in, e.msg);
		once = rule_print(r);
		assert_non_null(once);
		if (strcmp(once, printed[i].want) != 0)
			fail_msg("[%s] printed [%s], expected [%s]", printed[i].in, once,
			         printed[i].want);
		/* print(parse(print(x))) == print(x) */
		if (rule_parse(once, &r2, &e) != 0)
			fail_msg("reparsing [%s]: %s", once, e.msg);
		twice = rule_print(r2);
		assert_string_equal(twice, once);
		free(once);
		free(twice);
		rule_free(&r);
		rule_free(&r2);
		assert_null(r);
	}
	assert_true(sizeof printed / sizeof printed[0] >= 40);
}

/* --- parse errors ---------------------------------------------------------- */

static const struct {
	const char *in, *want;
} bad[] = {
	{"orders >= three", "1:11: expected a number after '>='"},
	{"city =", "1:7: expected a value after '='"},
	{"(a = 1", "1:7: expected ')' to close the '(' at 1:1"},
	{"city foo",
	 "1:6: expected an operator (=, !=, <, <=, >, >=, in, not in, between, contains, "
	 "starts with, is empty, within, before, after) after \"city\""},
	{"last_order >= yesterday", "1:15: expected a date (2024-03-31 or 31.03.2024) after '>='"},
	{"city = \"Москва", "1:8: this string has no closing quote"},
	{"city = \"a\\qb\"",
	 "1:10: unknown escape in a string; write \\\" for a quote and \\\\ for a backslash"},
	{"a = 1 and", "1:10: expected a condition after 'and'"},
	{"a = 1 or", "1:9: expected a condition after 'or'"},
	{"город = \"Москва\" and", "1:21: expected a condition after 'and'"},
	{"city = x\nand", "2:4: expected a condition after 'and'"},
	{"city = x\n  and orders >= lots", "2:17: expected a number after '>='"},
	{"a = 1 b = 2", "1:7: expected 'and', 'or' or the end of the rule after \"1\""},
	{"a = 1)", "1:6: this ')' closes no '('"},
	{"()", "1:2: expected a condition after '('"},
	{"not", "1:4: expected a condition after 'not'"},
	{"and a = 1", "1:1: expected a condition, such as city = Москва, orders >= 3 or tag:vip"},
	{"age between 25 34", "1:16: expected 'and' after \"25\" (between A and B)"},
	{"age between x and 3", "1:13: expected a number or a date after 'between'"},
	{"age between 1 and x", "1:19: expected a number or a date after 'and' (between A and B)"},
	{"last_order within 90",
	 "1:19: expected a period like 90d, 12w, 6m or 1y (days, weeks, months, years) after "
	 "'within'"},
	{"last_order before 6m", "1:21: expected 'ago' after \"6m\" (as in: before 6m ago)"},
	{"last_order before soon",
	 "1:19: expected a date (2024-03-31) or a period ago (6m ago) after 'before'"},
	{"city in Москва", "1:9: expected a list in parentheses after 'in', like (a, b)"},
	{"city in (a b)", "1:12: expected ',' or ')' in the list opened at 1:9; text with spaces "
	                  "goes in double quotes: \"a b\""},
	{"city in (a = b)", "1:12: expected ',' or ')' in the list opened at 1:9"},
	{"grade in (5 6)", "1:13: expected ',' or ')' in the list opened at 1:10"},
	{"spent > 100 x", "1:13: expected 'and', 'or' or the end of the rule after \"100\""},
	{"city in ()", "1:10: expected a value after '('"},
	{"city in (a,)", "1:12: expected a value after ','"},
	{"city not like x",
	 "1:10: expected 'in' after 'not' (to negate a condition, put 'not' before it: not city "
	 "...)"},
	{"city is full", "1:9: expected 'empty' after 'is'"},
	{"name starts \"a\"", "1:13: expected 'with' after 'starts'"},
	{"city contains", "1:14: expected a text after 'contains'"},
	{"created_at > 31.02.2024", "1:14: invalid date \"31.02.2024\""},
	{"tag:", "1:5: expected a tag name after 'tag:' (tag:vip, tag:\"do not mail\")"},
	{"tag:\"\"", "1:5: a tag name cannot be empty"},
	{"tags any vip", "1:10: expected a list in parentheses after 'any', like (a, b)"},
	{"in segment", "1:11: expected a segment name after 'segment' (in segment "
	               "\"Clients/Primary school\")"},
	{"city ! x", "1:6: unexpected '!'; did you mean '!='?"},
	{"city = a;", "1:9: unexpected character ';' (text with such characters goes in double "
	              "quotes)"},
	{"email = anna@gmail.com", "1:13: unexpected character '@' (text with such characters "
	                           "goes in double quotes)"},
	{"city = \xff", "1:8: invalid UTF-8 in the rule"},
	{"last_order within 9999999d", "1:19: this period is too long"},
	{"status = and", "1:10: expected a value after '='"},
	/* a hyphen is a sign only in front of a number */
	{"a - b", "1:3: unexpected character '-' (text with such characters goes in double "
	          "quotes)"},
	{"x = a-", "1:6: unexpected character '-' (text with such characters goes in double "
	           "quotes)"},
	{"last_order within -3d",
	 "1:19: expected a period like 90d, 12w, 6m or 1y (days, weeks, months, years) after "
	 "'within'"},
	/* mistakes get a hint */
	{"spent => 1000", "1:7: '=>' is not an operator; did you mean '>='?"},
	{"spent =< 1000", "1:7: '=<' is not an operator; did you mean '<='?"},
	{"country = United Kingdom",
	 "1:18: expected 'and', 'or' or the end of the rule after \"United\"; text with spaces "
	 "goes in double quotes: country = \"United Kingdom\""},
	{"country = United Kingdom and spent > 1",
	 "1:18: expected 'and', 'or' or the end of the rule after \"United\"; text with spaces "
	 "goes in double quotes: country = \"United Kingdom\""},
	{"(country != Great Britain Isles)",
	 "1:19: expected ')' to close the '(' at 1:1; text with spaces goes in double quotes: "
	 "country != \"Great Britain Isles\""},
	{"country in (France, United Kingdom)",
	 "1:28: expected ',' or ')' in the list opened at 1:12; text with spaces goes in double "
	 "quotes: \"United Kingdom\""},
};

static void
test_errors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct err e = {0};
		struct rule *r = NULL;

		if (rule_parse(bad[i].in, &r, &e) == 0) {
			char *p = rule_print(r);

			fail_msg("[%s] parsed as [%s]", bad[i].in, p);
		}
		assert_null(r);
		assert_int_equal(e.code, EXIT_DATAERR);
		err_format(&e, line, sizeof line);
		if (strcmp(line, bad[i].want) != 0)
			fail_msg("[%s]: got\n  %s\nexpected\n  %s", bad[i].in, line, bad[i].want);
	}
	assert_true(sizeof bad / sizeof bad[0] >= 25);
}

static void
test_deep(void **state)
{
	struct err e = {0};
	struct rule *r = NULL;
	char text[1000];
	size_t i;

	(void)state;
	for (i = 0; i < 300; i++)
		text[i] = '(';
	text[300] = '\0';
	assert_int_equal(rule_parse(text, &r, &e), -1);
	assert_string_equal(err_format(&e, line, sizeof line),
	                    "1:21: the rule nests too deeply (at most 20 levels of "
	                    "parentheses and 'not')");
}


static void
test_ops_table(void **state)
{
	const struct rule_op_info *ops;
	size_t n, i, listed = 0;

	(void)state;
	ops = rule_ops(&n);
	assert_true(n >= 24);
	for (i = 0; i < n; i++) {
		assert_non_null(ops[i].name);
		assert_non_null(ops[i].syntax);
		assert_true(strlen(ops[i].help) > 10);
		listed += ops[i].listed != 0;
	}
	assert_int_equal(listed, 15);
	assert_string_equal(ops[0].name, "=");
	assert_true(ops[9].types == (1u << FT_TEXT)); /* contains */
}

/* --- SQL on a real base ---------------------------------------------------- */

static struct db *base;
static char *base_dir;

static const char seed[] =
	"INSERT INTO customers (id, ext_id, email, city, gender, status, created_at, "
	"  last_email_open, email_consent, lead_score, device) VALUES "
	"(1, 'c1', 'anna@gmail.com', 'Москва', 'F', 'regular', '2024-01-15', "
	"  '2024-05-20 10:00:00', 1, 10, 'ios'),"
	"(2, 'c2', 'boris@mail.ru', 'МОСКВА', 'M', 'seasonal', '2023-06-01', '2023-10-01', 0, 55.5,"
	"  'android'),"
	"(3, 'c3', 'olga@gmail.com', 'москва', 'F', 'regular', '2024-05-30', NULL, 1, NULL, 'web'),"
	"(4, 'c4', 'ivan@yandex.ru', 'Київ', 'M', 'new', '2022-12-31', '2024-03-01', 1, 80, 'ios'),"
	"(5, 'c5', NULL, 'Kyiv', NULL, 'new', NULL, '', NULL, 20, NULL),"
	"(6, 'c6', 'x@x.com', '', 'F', '', '2024-06-01', '2024-06-01', 0, 0, 'Android'),"
	"(7, 'c7', 'y@gmail.com', NULL, 'M', 'regular', '2021-03-15', '2021-03-15', 1, 99, 'iOS'),"
	"(8, 'c8', 'z%_@test.com', 'Санкт-Петербург', 'F', 'lead', '2024-02-29', '2024-04-01', 1,"
	"  42, 'web'),"
	"(9, 'c9', 'q@q.q', 'Lviv', 'M', 'regular', '2020-01-01', NULL, 0, 5, NULL),"
	"(10, 'c10', 'юля@почта.рф', 'Одеса', 'F', 'lead', '2024-05-02', '2024-05-25', 1, 60,"
	"  'ios'),"
	"(11, 'c11', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
	"(12, 'c12', 'w@w.w', 'Москва', 'M', 'churned', '2019-07-07', '2022-01-01', 0, 33,"
	"  'android');"
	"INSERT INTO customer_metrics (customer_id, orders, spent, last_order, rfm, r, m) VALUES "
	"(1, 5, 15000, '2024-05-25', 'champions', 5, 5),"
	"(2, 1, 500, '2023-09-01', 'at_risk', 2, 4),"
	"(4, 3, 12000.5, '2024-03-10', 'loyal', 4, 4),"
	"(7, 2, 800, '2022-01-01', 'hibernating', 1, 1),"
	"(12, 0, 0, NULL, NULL, NULL, NULL);"
	"INSERT INTO tags (id, name, name_fold) VALUES (1, 'VIP', 'vip'), "
	"  (2, 'Do Not Mail', 'do not mail'), (3, 'Бета тестер', 'бета тестер');"
	"INSERT INTO customer_tags VALUES (1, 1), (4, 1), (2, 2), (7, 2), (1, 3), (10, 3);"
	"UPDATE customers SET cf_annual_income_k = 70 WHERE id = 1;"
	"UPDATE customers SET cf_annual_income_k = 40 WHERE id = 2;"
	"UPDATE customers SET cf_annual_income_k = 90 WHERE id = 4;"
	"UPDATE customers SET cf_annual_income_k = 70.5 WHERE id = 8;";

static int
setup(void **state)
{
	struct err e = {0};

	(void)state;
	base = th_newdb("rule", &base_dir);
	if (fields_add_custom(base, "annual_income_k", "Annual Income (k$)", FT_NUMBER, &e) != 0)
		fail_msg("%s", e.msg);
	if (db_exec(base, seed, &e) != 0 || db_meta_set(base, "as_of", "2024-06-01", &e) != 0)
		fail_msg("%s", e.msg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	db_close(&base);
	th_rmtree(base_dir);
	free(base_dir);
	return 0;
}

static long long
count(const char *rule)
{
	struct err e = {0};
	long long n = -1;

	if (rule_count(base, rule, &n, &e) != 0)
		fail_msg("counting [%s]: %s", rule, e.msg);
	return n;
}

static const struct {
	const char *rule;
	long long n;
} counts[] = {
	{"", 12},
	/* text: case-insensitive, Cyrillic included */
	{"city = \"москва\"", 4},
	{"city = МОСКВА", 4},
	{"CITY = Москва", 4},
	{"city != \"Москва\"", 5},  /* a known city other than Moscow */
	{"not city = \"Москва\"", 8}, /* the empty ones included */
	{"city is empty", 3},
	{"city is not empty", 9},
	{"city in (москва, KYIV)", 5},
	{"city not in (москва, kyiv)", 4},
	{"city contains \"ПЕТЕР\"", 1},
	{"city starts with \"мос\"", 4},
	{"city starts with \"осква\"", 0},
	{"email contains \"%\"", 1}, /* no LIKE wildcards */
	{"email contains \"_\"", 1},
	{"email contains \"@GMAIL.\"", 3},
	{"email contains почта", 1},
	{"gender = f", 5},
	{"gender = ж", 5},
	{"gender in (Ж, m)", 10},
	{"gender != F", 5},
	{"status in (regular, seasonal) and city = \"Москва\"", 3},
	{"email contains \"@gmail.\" and device in (ios, android)", 2},
	/* numbers */
	{"lead_score > 50", 4},
	{"lead_score between 10 and 55.5", 5},
	{"lead_score < 10", 2},
	{"lead_score = 0", 1},
	{"lead_score != 0", 9},
	{"lead_score in (5, 10, 20)", 3},
	{"lead_score is empty", 2},
	{"lead_score >= \"42\"", 5},
	/* booleans */
	{"email_consent = yes", 6},
	{"email_consent = true", 6},
	{"email_consent = 1", 6},
	{"email_consent = no", 4},
	{"email_consent != yes", 4},
	{"not email_consent = yes", 6},
	/* dates: the day of a datetime, dd.mm.yyyy literals */
	{"created_at >= 2024-01-01", 5},
	{"created_at = 29.02.2024", 1},
	{"created_at before 2021-01-01", 2},
	{"created_at between 2024-01-15 and \"30.05.2024\"", 4},
	{"last_email_open = 2024-05-20", 1},
	{"last_email_open > 2024-05-20", 2},
	{"last_email_open is empty", 4},
	/* relative to as_of = 2024-06-01 */
	{"last_email_open within 30d", 3},
	{"last_email_open within 1m", 3},
	{"last_email_open before 6m ago", 3},
	{"last_email_open before 6m ago or last_email_open is empty", 7},
	{"last_email_open after 3m ago", 4},
	{"created_at within 1y", 6},
	/* computed fields */
	{"orders >= 3", 2},
	{"orders = 0", 8},
	{"spent > 10000", 2},
	{"last_order within 90d", 2},
	{"orders >= 3 and spent > 10000 and last_order within 90d", 2},
	{"rfm = at_risk or (r <= 2 and m >= 4)", 1},
	{"rfm is empty", 8},
	/* tags */
	{"tag:vip", 2},
	{"tag:VIP", 2},
	{"tag:\"do not mail\"", 2},
	{"tag:vip and not tag:\"do not mail\"", 2},
	{"not tag:\"do not mail\"", 10},
	{"tag:\"БЕТА ТЕСТЕР\"", 2},
	{"tag:nosuch", 0},
	{"tags any (vip, \"do not mail\")", 4},
	{"tags all (vip, \"бета тестер\")", 1},
	{"tags all (vip, VIP)", 2},
	{"tags none (vip, \"do not mail\")", 8},
	{"tags >= 2", 1},
	{"tags = 0", 7},
	/* hyphenated words and numbers with an exponent */
	{"city = Санкт-Петербург", 1},
	{"city in (санкт-петербург, Lviv)", 2},
	{"lead_score > 5e1", 4},
	{"lead_score >= 5.55E1", 4},
	{"lead_score = 5.55e1", 1},
	/* fixed values: in any case; one nobody has counts 0; parts are free */
	{"rfm = CHAMPIONS", 1},
	{"rfm in (hibernating, at_risk)", 2},
	{"buyer_type = seasonal", 0},
	{"abc = a", 0},
	{"rfm contains champ", 1},
	{"rfm starts with \"at-\"", 0},
	{"gender = ж", 5},
	/* custom fields, by name and by label */
	{"\"Annual Income (k$)\" >= 70", 3},
	{"\"annual income (K$)\" is empty", 8},
	{"annual_income_k between 40 and 70", 2},
};

static void
test_counts(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		long long n = count(counts[i].rule);

		if (n != counts[i].n)
			fail_msg("[%s] counted %lld, expected %lld", counts[i].rule, n, counts[i].n);
	}
}

/* A rule of 1,000 conditions used to be accepted and then fail in SQLite
 * ("Expression tree is too large"): the limit is said at once (E.5). */
static void
test_limits(void **state)
{
	static char text[40000];
	struct err e = {0};
	struct rule *r = NULL;
	size_t i, len = 0;
	long long n = -1;

	(void)state;
	for (i = 0; i < 1000; i++)
		len += (size_t)sprintf(text + len, "%slead_score != %zu", i ? " and " : "", i);
	assert_int_equal(rule_parse(text, &r, &e), -1);
	assert_int_equal(e.code, EXIT_DATAERR);
	assert_string_equal(err_format(&e, line, sizeof line),
	                    "1:10891: a rule may have at most 500 conditions; this one has "
	                    "1000 (split it into segments: a child segment adds its "
	                    "conditions to its parent's)");
	/* 500 parse, compile and run: the scores 0..499 but 10 and 55.5 */
	len = 0;
	for (i = 0; i < 500; i++)
		len += (size_t)sprintf(text + len, "%slead_score != %zu", i ? " and " : "",
		                       i == 10 ? 1000 : i);
	assert_int_equal(rule_count(base, text, &n, &e), 0);
	assert_int_equal(n, 2);
}

/* not X is exactly the complement of X, empty values included. */
static void
test_complement(void **state)
{
	static const char *const rules[] = {
		"city != Москва", "city in (москва, kyiv)", "lead_score > 50",
		"lead_score between 10 and 55.5", "email_consent = no", "last_email_open within 30d",
		"created_at before 6m ago", "rfm = at_risk or (r <= 2 and m >= 4)", "tag:vip",
		"tags all (vip, \"бета тестер\")", "email contains gmail", "orders >= 1",
		"gender != f and city is not empty", "\"Annual Income (k$)\" < 80",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		char not_x[300];

		snprintf(not_x, sizeof not_x, "not (%s)", rules[i]);
		if (count(rules[i]) + count(not_x) != 12)
			fail_msg("[%s] %lld + [%s] %lld != 12", rules[i], count(rules[i]), not_x,
			         count(not_x));
	}
}

static void
check_compile_error(const char *rule, const char *want)
{
	struct err e = {0};
	long long n;

	assert_int_equal(rule_count(base, rule, &n, &e), -1);
	assert_int_equal(e.code, EXIT_DATAERR);
	err_format(&e, line, sizeof line);
	if (strcmp(line, want) != 0)
		fail_msg("[%s]: got\n  %s\nexpected\n  %s", rule, line, want);
}

static void
test_compile_errors(void **state)
{
	(void)state;
	check_compile_error("cyty = x", "1:1: unknown field \"cyty\"; did you mean \"city\"?");
	check_compile_error("city = x and emial contains x",
	                    "1:14: unknown field \"emial\"; did you mean \"email\"?");
	check_compile_error("zzzzzz = 1", "1:1: unknown field \"zzzzzz\"");
	check_compile_error("city >= 5", "1:6: \"city\" is text; '>=' needs a number or date field");
	check_compile_error("orders contains 5",
	                    "1:8: \"orders\" is a number; 'contains' needs a text field");
	check_compile_error("city within 3d", "1:6: \"city\" is text; 'within' needs a date field");
	check_compile_error("orders = three",
	                    "1:10: \"orders\" is a number; expected a number, not \"three\"");
	check_compile_error("created_at = 2024",
	                    "1:14: \"created_at\" is a date; expected a date like 2024-03-31, not "
	                    "\"2024\"");
	check_compile_error("email_consent = maybe",
	                    "1:17: \"email_consent\" is yes/no; expected yes or no, not \"maybe\"");
	check_compile_error("city = \"\"",
	                    "1:8: an empty value never matches; to find customers without one, "
	                    "write: city is empty");
	check_compile_error("in segment \"A/B\"",
	                    "1:12: no segment \"A/B\" (see the tree with: clientele segments DB)");
	check_compile_error("x = 1 or in segment \"A/B\"", "1:1: unknown field \"x\"");
	check_compile_error("last_order within 5000y", "1:19: this period reaches before year 1");
	/* a value a field of fixed values never takes (issue 6 C.2) */
	check_compile_error("rfm = champion",
	                    "1:7: \"champion\" is not a value of rfm; did you mean \"champions\"? (rfm "
	                    "is one of: champions, loyal, potential_loyalist, new, promising, "
	                    "need_attention, about_to_sleep, at_risk, cant_lose, hibernating)");
	check_compile_error("rfm in (loyal, at-risk)",
	                    "1:16: \"at-risk\" is not a value of rfm; did you mean \"at_risk\"? (rfm "
	                    "is one of: champions, loyal, potential_loyalist, new, promising, "
	                    "need_attention, about_to_sleep, at_risk, cant_lose, hibernating)");
	check_compile_error("buyer_type != onetime",
	                    "1:15: \"onetime\" is not a value of buyer_type; did you mean "
	                    "\"one_time\"? (buyer_type is one of: none, one_time, repeat, regular, "
	                    "seasonal)");
	check_compile_error("\"ABC class\" = D",
	                    "1:15: \"D\" is not a value of abc (abc is one of: A, B, C)");
	check_compile_error("xyz not in (x, q)",
	                    "1:16: \"q\" is not a value of xyz (xyz is one of: X, Y, Z)");
	/* a number no double holds is not 0 (spent > 1e400 counted as > 0) */
	check_compile_error("orders > 1e400",
	                    "1:10: the number 1e400 is too large (or has too many digits)");
	check_compile_error("orders in (1, -2E+999)",
	                    "1:15: the number -2E+999 is too large (or has too many digits)");
	check_compile_error("orders < 1"
	                    "0000000000000000000000000000000000000000000000000000000000000000000000"
	                    "0000000000000000000000000000000000000000000000000000000000000000000000",
	                    "1:10: the number 1"
	                    "0000000000000000000000000000000000000000000000000000000000000000000000"
	                    "0000000000000000000000000000000000000000000000000000000000000000000000 "
	                    "is too large (or has too many digits)");
	check_compile_error("gender = x",
	                    "1:10: \"gender\" is F or M; expected a gender such as F, M, female, "
	                    "male, ж, м, not \"x\"");
}

/* Values travel as parameters only: nothing a user typed is spliced. */
static void
test_parameters(void **state)
{
	static const char *const evil = "x'); DROP TABLE customers; --";
	struct rule_sql s;
	struct err e = {0};
	char rule[200], *sql;

	(void)state;
	snprintf(rule, sizeof rule, "city = \"%s\" or tag:\"%s\" or email contains \"%s\"", evil,
	         evil, evil);
	assert_int_equal(rule_count_sql(base, rule, &sql, &s, &e), 0);
	assert_null(strstr(sql, "DROP"));
	assert_null(strstr(sql, "x'"));
	assert_int_equal(s.nparams, 3);
	assert_int_equal(s.params[0].kind, SQLP_TEXT);
	assert_string_equal(s.params[0].text, "x'); drop table customers; --");
	assert_int_equal(s.needs_metrics, 0);
	assert_null(strstr(sql, "customer_metrics"));
	free(sql);
	rule_sql_free(&s);
	assert_int_equal(count(rule), 0);
	assert_int_equal(th_int(base, "SELECT count(*) FROM customers"), 12);

	/* a field name is never spliced either: an unknown one is an error */
	check_compile_error("\"c.id); DROP TABLE customers; --\" = 1",
	                    "1:1: unknown field \"c.id); DROP TABLE customers; --\"");

	/* the join only when a metric is read; no WHERE for the empty rule */
	assert_int_equal(rule_count_sql(base, "orders > 1", &sql, &s, &e), 0);
	assert_non_null(strstr(sql, "LEFT JOIN customer_metrics AS m ON m.customer_id = c.id"));
	assert_int_equal(s.needs_metrics, 1);
	assert_int_equal(s.params[0].kind, SQLP_INT);
	assert_int_equal(s.params[0].i, 1);
	free(sql);
	rule_sql_free(&s);
	assert_int_equal(rule_count_sql(base, "", &sql, &s, &e), 0);
	assert_string_equal(sql, "SELECT count(*) FROM customers AS c");
	assert_int_equal(s.nparams, 0);
	free(sql);
	rule_sql_free(&s);
}

/* rule_to_sql on its own: dates relative to the given reference date. */
static void
test_to_sql(void **state)
{
	struct field_catalog cat;
	struct rule *r = NULL;
	struct rule_sql s;
	struct err e = {0};

	(void)state;
	assert_int_equal(fields_load(NULL, &cat, &e), 0);
	assert_int_equal(rule_parse("last_order before 1m ago and created_at within 2w", &r, &e),
	                 0);
	assert_int_equal(rule_to_sql(r, &cat, "2024-03-31", &s, &e), 0);
	assert_int_equal(s.nparams, 3);
	assert_string_equal(s.params[0].text, "2024-02-29"); /* the end of a shorter month */
	assert_string_equal(s.params[1].text, "2024-03-17");
	assert_string_equal(s.params[2].text, "2024-03-31");
	rule_sql_free(&s);
	rule_free(&r);
	assert_int_equal(rule_parse("", &r, &e), 0);
	assert_int_equal(rule_to_sql(r, &cat, "2024-03-31", &s, &e), 0);
	assert_string_equal(s.where, "1");
	rule_sql_free(&s);
	rule_free(&r);
	fields_free(&cat);
}

/* The library reads numbers the same whatever the process's locale: under
 * ru_RU, whose decimal mark is ',', strtod would stop at the '.'. */
static void
test_numbers_ignore_the_locale(void **state)
{
	struct rule *r = NULL;
	struct rule_sql rs = {0};
	struct field_catalog cat = {0};
	struct err e = {0};
	char *text;

	(void)state;
	if (setlocale(LC_NUMERIC, "ru_RU.UTF-8") == NULL) {
		skip();
		return;
	}
	assert_int_equal(rule_parse("spent > 2.5", &r, &e), 0);
	assert_int_equal(fields_load(NULL, &cat, &e), 0);
	assert_int_equal(rule_to_sql(r, &cat, "2024-06-01", &rs, &e), 0);
	assert_int_equal(rs.nparams, 1);
	assert_true(rs.params[0].kind == SQLP_REAL);
	assert_true(rs.params[0].d == 2.5);
	text = rule_print(r);
	assert_string_equal(text, "spent > 2.5");
	setlocale(LC_NUMERIC, "C");
	free(text);
	rule_sql_free(&rs);
	fields_free(&cat);
	rule_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_ignore_the_locale),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_ops_table),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_complement),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_parameters),
		cmocka_unit_test(test_to_sql),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
