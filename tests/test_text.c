/* Tests of the text module (text/text.c): UTF-8, folding, widths, trimming,
 * empty markers and field names. The normalisers are in test_norm.c, the
 * date normaliser in test_date.c. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "text/text.h"

/* --- UTF-8, folding, widths -------------------------------------------------- */

static void
test_valid_utf8(void **state)
{
	static const struct {
		const char *s;
		bool ok;
		size_t bad;
	} cases[] = {
		{ "", true, 0 },
		{ "plain ascii", true, 0 },
		{ "Москва, Київ, ґанок", true, 0 },
		{ "日本語 ✓ 😀", true, 0 },
		{ "ab\xff", false, 2 },
		{ "\xd0", false, 0 },                  /* cut sequence */
		{ "ok\xd0\x41", false, 2 },            /* bad continuation */
		{ "\xc0\xaf", false, 0 },              /* overlong '/' */
		{ "\xe0\x80\xaf", false, 0 },          /* overlong, 3 bytes */
		{ "x\xed\xa0\x80", false, 1 },         /* surrogate */
		{ "\xf4\x90\x80\x80", false, 0 },      /* past U+10FFFF */
		{ "Windows-1251 \xcc\xee\xf1\xea\xe2\xe0", false, 13 },
	};
	size_t i, bad;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		bad = 999;
		assert_int_equal(text_valid_utf8(cases[i].s, strlen(cases[i].s), &bad),
		    cases[i].ok);
		if (!cases[i].ok)
			assert_int_equal(bad, cases[i].bad);
	}
	/* n bounds the check: the bad byte past n does not count */
	assert_true(text_valid_utf8("ab\xff", 2, NULL));
}

static void
test_fold(void **state)
{
	static const struct str_case cases[] = {
		{ "", "" },
		{ "Hello, World 42", "hello, world 42" },
		{ "МОСКВА", "москва" },
		{ "Ёлка", "ёлка" },
		{ "ÄBC", "äbc" },
		{ "ІЇЄҐ Україна", "іїєґ україна" },
		{ "Санкт-Петербург", "санкт-петербург" },
		{ "ŁÓDŹ ÇA ÑANDÚ ØRE", "łódź ça ñandú øre" },
		{ "ΑΘΗΝΑ", "αθηνα" },
		{ "日本", "日本" },
		{ "Ab\xff" "C\xd0", "ab\xff" "c\xd0" }, /* invalid bytes kept */
		{ "\xc8\xba", "\xe2\xb1\xa5" },          /* U+023A grows: 2 -> 3 bytes */
	};
	size_t i;
	char *s;

	(void)state;
	/* the test program never calls setlocale: this is the "C" locale, and
	 * folding must not depend on it */
	assert_int_equal(MB_CUR_MAX, 1);
	for (i = 0; i < N(cases); i++) {
		s = text_fold(cases[i].in);
		assert_non_null(s);
		assert_string_equal(s, cases[i].want);
		free(s);
	}
	assert_null(text_fold(NULL));
}

static void
test_same_folded(void **state)
{
	(void)state;
	assert_true(text_same_folded("Москва", "МОСКВА"));
	assert_true(text_same_folded("Київ", "київ"));
	assert_false(text_same_folded("Москва", "Москва "));
	assert_false(text_same_folded("a", NULL));
	assert_false(text_same_folded(NULL, NULL));
}

static void
test_fold_buf(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(text_fold_buf("ABC", 3, buf, sizeof buf), 3);
	assert_string_equal(buf, "abc");
	/* "ДОМ" folds to 6 bytes; only whole characters fit in 6 bytes */
	assert_int_equal(text_fold_buf("ДОМ", 6, buf, 6), 6);
	assert_string_equal(buf, "до");
	assert_int_equal(text_fold_buf("ДОМ", 6, buf, 7), 6);
	assert_string_equal(buf, "дом");
	/* n is a length, not a string end */
	assert_int_equal(text_fold_buf("XYZ", 2, buf, sizeof buf), 2);
	assert_string_equal(buf, "xy");
	assert_int_equal(text_fold_buf("XYZ", 3, NULL, 0), 3);
}

static void
test_width(void **state)
{
	static const struct {
		const char *s;
		int w;
	} cases[] = {
		{ "", 0 },
		{ "abc", 3 },
		{ "Москва", 6 },
		{ "Київ", 4 },
		{ "日本", 4 },
		{ "é", 1 },                 /* precomposed */
		{ "e\xcc\x81", 1 },         /* e + combining acute */
		{ "a\xff" "b", 3 },         /* an invalid byte counts 1 */
		{ "Иван 日本 x", 11 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++)
		assert_int_equal(text_width(cases[i].s), cases[i].w);
	/* the caller's locale is left as it was */
	assert_string_equal(setlocale(LC_CTYPE, NULL), "C");
	assert_int_equal(MB_CUR_MAX, 1);
}

static void
test_trim(void **state)
{
	static const struct str_case cases[] = {
		{ "", "" },
		{ "abc", "abc" },
		{ "  abc  ", "abc" },
		{ "\t\r\nabc\r\n", "abc" },
		{ "\xc2\xa0 Москва\xc2\xa0", "Москва" },
		{ "a  b", "a  b" },                  /* inner spaces stay */
		{ "a\xc2\xa0" "b", "a\xc2\xa0" "b" },
		{ "   ", "" },
		{ "\xc2\xa0\xc2\xa0", "" },
		{ "Кі\xc2\xa0", "Кі" },
	};
	size_t i;
	char buf[64];

	(void)state;
	for (i = 0; i < N(cases); i++) {
		strcpy(buf, cases[i].in);
		assert_ptr_equal(text_trim(buf), buf);
		assert_string_equal(buf, cases[i].want);
	}
}

static void
test_is_na(void **state)
{
	static const char *const yes[] = {
		"", "NA", "N/A", "NULL", "null", "None", "nan"
	};
	static const char *const no[] = {
		"na", "n/a", "Null", "NONE", "NaN", "0", "-", "Nan ", "Natalia"
	};
	static const char *const custom[] = { "-", "нет данных", NULL };
	size_t i;

	(void)state;
	for (i = 0; i < N(yes); i++)
		assert_true(text_is_na(yes[i], NULL));
	for (i = 0; i < N(no); i++)
		assert_false(text_is_na(no[i], NULL));
	assert_true(text_is_na("-", custom));
	assert_true(text_is_na("нет данных", custom));
	assert_false(text_is_na("NA", custom)); /* a list replaces the defaults */
	assert_false(text_is_na("", custom));
}

static void
test_field_name(void **state)
{
	static const struct str_case cases[] = {
		{ "Annual Income (k$)", "annual_income_k" },
		{ "  Spending Score (1-100) ", "spending_score_1_100" },
		{ "Любимый цвет", "любимый_цвет" },
		{ "E-mail", "e_mail" },
		{ "CustomerID", "customerid" },
		{ "Дата рождения", "дата_рождения" },
		{ "Ґатунок товару", "ґатунок_товару" },
		{ "__Région / Città__", "région_città" },
		{ "x\xc2\xa0\xc2\xa0y", "x_y" },
		{ "1st purchase", "f_1st_purchase" },
		{ "2023 Sales", "f_2023_sales" },
		{ "(1) Score", "f_1_score" },
		{ "Sales 2023", "sales_2023" },
		{ "Вес, µg", "вес_g" },
		{ "\xef\xbb\xbfName", "name" },
		{ "Ім'я", "ім_я" },
		{ "Мой\xd0\xb8\xcc\x86 столбец", "мой\xd0\xb8\xcc\x86_столбец" }, /* й written as и + U+0306 */
		{ "a\xff" "b", "a_b" },
		{ "$$$", NULL },
		{ "", NULL },
		{ " - ", NULL },
	};
	size_t i;
	char *s, got[64];

	(void)state;
	for (i = 0; i < N(cases); i++) {
		/* copied and freed before asserting: a failure leaks nothing */
		s = field_name_from_header(cases[i].in);
		snprintf(got, sizeof got, "%s", s != NULL ? s : "(null)");
		free(s);
		assert_string_equal(got, cases[i].want != NULL ? cases[i].want : "(null)");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_utf8),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_same_folded),
		cmocka_unit_test(test_fold_buf),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_is_na),
		cmocka_unit_test(test_field_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
