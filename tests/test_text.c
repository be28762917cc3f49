/* Tests of the text module: UTF-8, folding, widths, trimming, empty markers,
 * field names, and every normaliser, table-driven with the values of real
 * exports. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/country.h"
#include "text/date.h"
#include "helpers.h"
#include "text/norm.h"
#include "text/text.h"

#define N(a) (sizeof (a) / sizeof (a)[0])

/* in -> want; want NULL: rejected with a reason */
struct str_case {
	const char *in;
	const char *want;
};

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

/* --- string normalisers -------------------------------------------------------- */

typedef int str_norm(const char *in, char *out, size_t outsz, const char **why);

static void
check_str_cases(str_norm *fn, const struct str_case *cases, size_t n)
{
	char out[128];
	const char *why;
	size_t i;

	for (i = 0; i < n; i++) {
		why = NULL;
		if (cases[i].want != NULL) {
			if (fn(cases[i].in, out, sizeof out, &why) != 0)
				fail_msg("\"%s\" rejected: %s", cases[i].in, why);
			assert_string_equal(out, cases[i].want);
		} else {
			if (fn(cases[i].in, out, sizeof out, &why) == 0)
				fail_msg("\"%s\" accepted as \"%s\"", cases[i].in, out);
			assert_non_null(why);
		}
	}
}

static void
test_email(void **state)
{
	static const struct str_case cases[] = {
		{ "ivan@mail.ru", "ivan@mail.ru" },
		{ "Ivan.Petrov+shop@Mail.RU", "ivan.petrov+shop@mail.ru" },
		{ "<ivan@mail.ru>", "ivan@mail.ru" },
		{ "mailto:ivan@mail.ru", "ivan@mail.ru" },
		{ "MAILTO:Ivan@Mail.ru", "ivan@mail.ru" },
		{ "Иван Петров <Ivan@Yandex.ru>", "ivan@yandex.ru" },
		{ "o'brien@example.co.uk", "o'brien@example.co.uk" },
		{ "first_last-1@sub.domain-x.com", "first_last-1@sub.domain-x.com" },
		{ "Info@Магазин.РФ", "info@магазин.рф" },
		{ "ivan@", NULL },
		{ "@mail.ru", NULL },
		{ "ivan mail.ru", NULL },
		{ "ivan @mail.ru", NULL },
		{ "a@b", NULL },
		{ "ivan@@mail.ru", NULL },
		{ "ivan@mail@ru.ru", NULL },
		{ "ivan@mail.ru.", NULL },
		{ "ivan@.mail.ru", NULL },
		{ "ivan@mail..ru", NULL },
		{ ".ivan@mail.ru", NULL },
		{ "ivan.@mail.ru", NULL },
		{ "iv..an@mail.ru", NULL },
		{ "ivan@mail,ru", NULL },
		{ "ivan@mail.r", NULL },
		{ "ivan@10.0.0.1", NULL },
		{ "ivan@-mail.ru", NULL },
		{ "ivan@mail.ru, petr@mail.ru", NULL },
		{ "<ivan@mail.ru", NULL },
		{ "ivan@mail.ru>", NULL },
		{ "mailto:", NULL },
		{ "ivan\xff@mail.ru", NULL },
		{ "ivan", NULL },
	};
	char small[8];
	const char *why = NULL;

	(void)state;
	check_str_cases(norm_email, cases, N(cases));
	assert_int_equal(norm_email("ivan@mail.ru", small, sizeof small, &why), -1);
	assert_non_null(why);
}

static void
test_phone(void **state)
{
	static const struct {
		const char *in, *country, *want;
	} cases[] = {
		{ "+7 (916) 123-45-67", NULL, "+79161234567" },
		{ "+7 (916) 123-45-67", "Ukraine", "+79161234567" }, /* the + wins */
		{ "8 916 123 45 67", "Russia", "+79161234567" },
		{ "8 916 123 45 67", "RU", "+79161234567" },
		{ "8 916 123 45 67", "Россия", "+79161234567" },
		{ "8 916 123 45 67", "Российская Федерация", "+79161234567" },
		{ "8 916 123 45 67", "РОССИЯ", "+79161234567" },
		{ "8(916)123-45-67", "ru", "+79161234567" },
		{ "9161234567", "Russia", "+79161234567" },
		{ "79161234567", "Russia", "+79161234567" },
		{ "8 800 555-35-35", "Russia", "+78005553535" },
		{ "+7 800 555 35 35", NULL, "+78005553535" },
		{ "+7 8 916 123 45 67", NULL, "+79161234567" },
		{ "8 10 380 67 123 45 67", "Russia", "+380671234567" },
		{ "8 701 123 45 67", "Kazakhstan", "+77011234567" },
		{ "0671234567", "Ukraine", "+380671234567" },
		{ "0671234567", "Україна", "+380671234567" },
		{ "0671234567", "UA", "+380671234567" },
		{ "067 123 45 67", "Украина", "+380671234567" },
		{ "380671234567", "Ukraine", "+380671234567" },
		{ "+38 (067) 123-45-67", NULL, "+380671234567" },
		{ "00380671234567", NULL, "+380671234567" },
		{ "00 380 67 123 45 67", "Russia", "+380671234567" },
		{ "8 029 123-45-67", "Belarus", "+375291234567" },
		{ "029 123 45 67", "Беларусь", "+375291234567" },
		{ "07911 123456", "United Kingdom", "+447911123456" },
		{ "07911 123456", "UK", "+447911123456" },
		{ "07911 123456", "Great Britain", "+447911123456" },
		{ "07797 123456", "Channel Islands", "+447797123456" },
		{ "+44 (0) 7911 123456", NULL, "+447911123456" },
		{ "+44 (0)20 7946 0018", NULL, "+442079460018" },
		{ "087 123 4567", "EIRE", "+353871234567" },
		{ "(212) 555-0123", "USA", "+12125550123" },
		{ "1-212-555-0123", "United States", "+12125550123" },
		{ "011 44 20 7946 0018", "USA", "+442079460018" },
		{ "030 1234567", "Germany", "+49301234567" },
		{ "06 12 34 56 78", "France", "+33612345678" },
		{ "06 1234 5678", "Italy", "+390612345678" },
		{ "082 123 4567", "RSA", "+27821234567" },
		{ "612 345 678", "Spain", "+34612345678" },
		{ "89161234567", NULL, "89161234567" },        /* no country: as written */
		{ "89161234567", "Unspecified", "89161234567" },
		{ "89161234567", "European Community", "89161234567" },
		{ "89161234567", "Ukraine", "89161234567" },   /* fits no Ukrainian number */
		{ "916.123.45.67", NULL, "9161234567" },
		{ "79161234567.0", NULL, "79161234567" },      /* a pandas float */
		{ "12345", NULL, "12345" },
		{ "+1 212 555 0123", "Russia", "+12125550123" },
		{ "8\xc2\xa0" "916\xc2\xa0" "123\xc2\xa0" "45\xc2\xa0" "67", "Russia", "+79161234567" },
		{ "1234", NULL, NULL },                        /* too few digits */
		{ "+7 916", NULL, NULL },
		{ "1234567890123456", NULL, NULL },            /* too many */
		{ "+7 916 123 45 67 123 45", NULL, NULL },
		{ "8 916 CALL ME", "Russia", NULL },
		{ "8 916 123-45-67 доб. 12", "Russia", NULL },
		{ "nope", NULL, NULL },
		{ "7+9161234567", NULL, NULL },
		{ "++79161234567", NULL, NULL },
		{ "+79161234567, +79161234568", NULL, NULL },
		{ "ivan@mail.ru", NULL, NULL },
		{ "-", NULL, NULL },
	};
	char out[32], small[8];
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		why = NULL;
		if (cases[i].want != NULL) {
			if (norm_phone(cases[i].in, cases[i].country, out, sizeof out, &why) != 0)
				fail_msg("\"%s\" (%s) rejected: %s", cases[i].in,
				    cases[i].country ? cases[i].country : "-", why);
			if (strcmp(out, cases[i].want) != 0)
				fail_msg("\"%s\" (%s): \"%s\", want \"%s\"", cases[i].in,
				    cases[i].country ? cases[i].country : "-", out,
				    cases[i].want);
		} else {
			if (norm_phone(cases[i].in, cases[i].country, out, sizeof out, &why) == 0)
				fail_msg("\"%s\" accepted as \"%s\"", cases[i].in, out);
			assert_non_null(why);
		}
	}
	why = NULL;
	assert_int_equal(norm_phone("+79161234567", NULL, small, sizeof small, &why), -1);
	assert_non_null(why);
}

static void
test_country_calling_code(void **state)
{
	static const struct str_case cases[] = {
		{ "Russia", "7" }, { "RU", "7" }, { "ru", "7" }, { "RUS", "7" },
		{ "Россия", "7" }, { "РОССИЯ", "7" }, { "Російська Федерація", "7" },
		{ "Ukraine", "380" }, { "Україна", "380" }, { "Украина", "380" },
		{ "UA", "380" }, { "Belarus", "375" }, { "Беларусь", "375" },
		{ "Kazakhstan", "7" }, { "Uzbekistan", "998" }, { "Kyrgyzstan", "996" },
		{ "Armenia", "374" }, { "Georgia", "995" }, { "Azerbaijan", "994" },
		{ "Moldova", "373" }, { "Latvia", "371" }, { "Lithuania", "370" },
		{ "Estonia", "372" }, { "Poland", "48" }, { "Польща", "48" },
		{ "Germany", "49" }, { "Германия", "49" }, { "Німеччина", "49" },
		{ "France", "33" }, { "United Kingdom", "44" }, { "UK", "44" },
		{ "Great Britain", "44" }, { "GB", "44" }, { "Великобритания", "44" },
		{ "Ireland", "353" }, { "EIRE", "353" }, { "Spain", "34" },
		{ "Portugal", "351" }, { "Italy", "39" }, { "Netherlands", "31" },
		{ "Belgium", "32" }, { "Switzerland", "41" }, { "Austria", "43" },
		{ "Czech Republic", "420" }, { "Czechia", "420" }, { "Slovakia", "421" },
		{ "Hungary", "36" }, { "Romania", "40" }, { "Bulgaria", "359" },
		{ "Greece", "30" }, { "Turkey", "90" }, { "Türkiye", "90" },
		{ "Israel", "972" }, { "USA", "1" }, { "United States", "1" },
		{ "США", "1" }, { "Canada", "1" }, { "Australia", "61" },
		{ "Japan", "81" }, { "China", "86" }, { "India", "91" },
		{ "Brazil", "55" }, { "Norway", "47" }, { "Sweden", "46" },
		{ "Finland", "358" }, { "Denmark", "45" }, { "Iceland", "354" },
		{ "Cyprus", "357" }, { "Malta", "356" }, { "Lebanon", "961" },
		{ "Saudi Arabia", "966" }, { "United Arab Emirates", "971" },
		{ "ОАЭ", "971" }, { "Singapore", "65" }, { "Hong Kong", "852" },
		{ "South Africa", "27" }, { "RSA", "27" }, { "Channel Islands", "44" },
		{ "Bahrain", "973" },
		/* Names in the countries' own languages, as their CRMs write them. */
		{ "Қазақстан", "7" }, { "ҚАЗАҚСТАН", "7" }, { "Oʻzbekiston", "998" },
		{ "Ўзбекистон", "998" }, { "Тоҷикистон", "992" }, { "Հայաստան", "374" },
		{ "Sakartvelo", "995" }, { "Azərbaycan", "994" }, { "Latvija", "371" },
		{ "Lietuva", "370" }, { "Eesti", "372" }, { "Polska", "48" },
		{ "European Community", NULL }, { "Unspecified", NULL },
		{ "Atlantis", NULL }, { "", NULL }, { "Russia ", NULL },
	};
	const char *code;
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		code = country_calling_code(cases[i].in);
		if (cases[i].want == NULL) {
			if (code != NULL)
				fail_msg("\"%s\" -> %s", cases[i].in, code);
		} else {
			if (code == NULL)
				fail_msg("\"%s\" unknown", cases[i].in);
			assert_string_equal(code, cases[i].want);
		}
	}
	assert_null(country_calling_code(NULL));
}

static void
test_id(void **state)
{
	static const struct str_case cases[] = {
		{ "17850", "17850" },
		{ "17850.0", "17850" },
		{ "17850.000", "17850" },
		{ "00123", "00123" },
		{ "00123.0", "00123" },
		{ "A-17", "A-17" },
		{ "1.5", "1.5" },
		{ "17850.01", "17850.01" },
		{ "C536379", "C536379" },
		{ "12.0.0", "12.0.0" },
		{ ".0", ".0" },
		{ "17850.", "17850." },
		{ "-5.0", "-5" },
		{ "id 42.0", "id 42.0" },
	};
	char small[4];
	const char *why = NULL;

	(void)state;
	check_str_cases(norm_id, cases, N(cases));
	assert_int_equal(norm_id("17850", small, sizeof small, &why), -1);
	assert_non_null(why);
	why = NULL;
	assert_int_equal(norm_id("123.0", small, sizeof small, &why), 0);
	assert_string_equal(small, "123");
}

static void
test_place(void **state)
{
	static const struct str_case cases[] = {
		{ "Москва", "Москва" },
		{ "г. Москва", "Москва" },
		{ "г.Москва", "Москва" },
		{ "г Москва", "Москва" },
		{ "Г. Москва", "Москва" },
		{ "город Москва", "Москва" },
		{ "м.Київ", "Київ" },
		{ "м. Київ", "Київ" },
		{ "м Київ", "Київ" },
		{ "місто Київ", "Київ" },
		{ "Гомель", "Гомель" },
		{ "Миргород", "Миргород" },
		{ "Мінськ", "Мінськ" },
		{ "Город", "Город" },
		{ "  Нижний   Новгород ", "Нижний Новгород" },
		{ "Ростов-на-Дону", "Ростов-на-Дону" },
		{ "Санкт-\xc2\xa0 Петербург", "Санкт- Петербург" },
		{ "New  York", "New York" },
		{ "г.  Санкт-Петербург", "Санкт-Петербург" },
		{ "г.", NULL },
		{ "  ", NULL },
	};

	(void)state;
	check_str_cases(norm_place, cases, N(cases));
}

/* --- numbers, genders, booleans ------------------------------------------------- */

static void
test_number(void **state)
{
	static const struct {
		const char *in;
		bool ok;
		double want;
	} cases[] = {
		{ "1 234,50", true, 1234.5 },
		{ "1\xc2\xa0" "234,50", true, 1234.5 },
		{ "1\xe2\x80\xaf" "234,50", true, 1234.5 },
		{ "1,234.50", true, 1234.5 },
		{ "1.234,50", true, 1234.5 },
		{ "1234.5", true, 1234.5 },
		{ "-3", true, -3 },
		{ "+3", true, 3 },
		{ "−3", true, -3 },
		{ "12,5", true, 12.5 },
		{ "1'234.50", true, 1234.5 },
		{ "1’234.50", true, 1234.5 },
		{ "1,234", true, 1.234 },   /* a lone comma is a decimal one */
		{ "1.234", true, 1.234 },
		{ "1,234,567", true, 1234567 },
		{ "1.234.567", true, 1234567 },
		{ "1 234 567,89", true, 1234567.89 },
		{ "1.234.567,89", true, 1234567.89 },
		{ "0", true, 0 },
		{ "-0", true, 0 },
		{ "0,5", true, 0.5 },
		{ ",5", true, 0.5 },
		{ ".5", true, 0.5 },
		{ "007", true, 7 },
		{ "1.5E+3", true, 1500 },
		{ "2e-3", true, 0.002 },
		{ "€12.50", true, 12.5 },
		{ "€ 12.50", true, 12.5 },
		{ "-€12.50", true, -12.5 },
		{ "€-12.50", true, -12.5 },
		{ "$1,234.50", true, 1234.5 },
		{ "£7", true, 7 },
		{ "12,50 ₽", true, 12.5 },
		{ "12,50₽", true, 12.5 },
		{ "1 234,50 руб.", true, 1234.5 },
		{ "1 234 руб", true, 1234 },
		{ "99 р.", true, 99 },
		{ "150 грн", true, 150 },
		{ "150,00 ₴", true, 150 },
		{ "150 UAH", true, 150 },
		{ "USD 150", true, 150 },
		{ "(1 234,50)", true, -1234.5 },
		{ "abc", false, 0 },
		{ "1.2.3", false, 0 },
		{ "", false, 0 },
		{ "12 34", false, 0 },        /* not grouped by three */
		{ "1234 567", false, 0 },
		{ "1,234,56", false, 0 },
		{ "1,234.5.6", false, 0 },
		{ "1.234,5,6", false, 0 },
		{ "1,,234", false, 0 },
		{ "1.", false, 0 },
		{ ",", false, 0 },
		{ "-", false, 0 },
		{ "--3", false, 0 },
		{ "+-3", false, 0 },
		{ "3-", false, 0 },
		{ "1e", false, 0 },
		{ "1e999", false, 0 },        /* overflows */
		{ "inf", false, 0 },
		{ "nan", false, 0 },
		{ "0x1A", false, 0 },
		{ "12%", false, 0 },
		{ "€", false, 0 },
		{ "руб.", false, 0 },
		{ "€12 €", false, 0 },
		{ "-(3)", false, 0 },
		{ "1 234e5", false, 0 },
		{ "12\t345", false, 0 },
		{ "3 apples", false, 0 },
	};
	const char *why;
	double v;
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		why = NULL;
		v = -999;
		if (cases[i].ok) {
			if (norm_number(cases[i].in, &v, &why) != 0)
				fail_msg("\"%s\" rejected: %s", cases[i].in, why);
			if (fabs(v - cases[i].want) > 1e-9)
				fail_msg("\"%s\" -> %.17g, want %.17g", cases[i].in, v,
				    cases[i].want);
		} else {
			if (norm_number(cases[i].in, &v, &why) == 0)
				fail_msg("\"%s\" accepted as %.17g", cases[i].in, v);
			assert_non_null(why);
		}
	}
	/* no -0.0 in the base */
	assert_int_equal(norm_number("-0", &v, &why), 0);
	assert_false(signbit(v));
}

static void
test_number_locale(void **state)
{
	const char *why = NULL;
	locale_t ru = newlocale(LC_NUMERIC_MASK, "ru_RU.UTF-8", (locale_t)0);
	double v = 0;

	/* under a locale whose decimal point is ',' the result must not
	 * change; skipped when the machine has no such locale */
	(void)state;
	if (ru == (locale_t)0)
		skip();
	uselocale(ru);
	assert_int_equal(norm_number("1 234,50", &v, &why), 0);
	assert_true(fabs(v - 1234.5) < 1e-9);
	assert_int_equal(norm_number("1234.5", &v, &why), 0);
	assert_true(fabs(v - 1234.5) < 1e-9);
	uselocale(LC_GLOBAL_LOCALE);
	freelocale(ru);
}

static void
test_gender(void **state)
{
	static const struct str_case cases[] = {
		{ "M", "M" }, { "F", "F" }, { "m", "M" }, { "f", "F" },
		{ "male", "M" }, { "Female", "F" }, { "MALE", "M" },
		{ "man", "M" }, { "Woman", "F" },
		{ "м", "M" }, { "ж", "F" }, { "М", "M" }, { "Ж", "F" },
		{ "муж", "M" }, { "жен", "F" }, { "Муж.", "M" }, { "жен.", "F" },
		{ "мужской", "M" }, { "Женский", "F" },
		{ "мужчина", "M" }, { "ЖЕНЩИНА", "F" },
		{ "ч", "M" }, { "Ч", "M" }, { "чол", "M" }, { "чол.", "M" },
		{ "чоловік", "M" }, { "Чоловіча", "M" },
		{ "жін", "F" }, { "жін.", "F" }, { "жінка", "F" }, { "Жіноча", "F" },
		{ "x", NULL }, { "1", NULL }, { "other", NULL }, { "мж", NULL },
		{ "п", NULL }, { ".", NULL }, { "malex", NULL },
		{ "не указан", NULL },
		{ "a very long value that cannot be any gender at all", NULL },
	};
	char out[2];
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		why = NULL;
		if (cases[i].want != NULL) {
			if (norm_gender(cases[i].in, out, &why) != 0)
				fail_msg("\"%s\" rejected: %s", cases[i].in, why);
			assert_string_equal(out, cases[i].want);
		} else {
			if (norm_gender(cases[i].in, out, &why) == 0)
				fail_msg("\"%s\" accepted as %s", cases[i].in, out);
			assert_string_equal(why, "a gender such as F, M, female, male, ж, м");
		}
	}
}

static void
test_bool(void **state)
{
	static const struct {
		const char *in;
		int want; /* -1: rejected */
	} cases[] = {
		{ "1", 1 }, { "0", 0 }, { "1.0", 1 }, { "0.0", 0 },
		{ "yes", 1 }, { "No", 0 }, { "YES", 1 }, { "y", 1 }, { "N", 0 },
		{ "true", 1 }, { "FALSE", 0 }, { "True", 1 }, { "t", 1 }, { "f", 0 },
		{ "on", 1 }, { "OFF", 0 }, { "+", 1 }, { "-", 0 },
		{ "x", 1 }, { "X", 1 }, { "х", 1 }, { "✓", 1 },
		{ "да", 1 }, { "Да", 1 }, { "ДА", 1 }, { "нет", 0 }, { "Нет", 0 },
		{ "так", 1 }, { "Так", 1 }, { "ні", 0 }, { "НІ", 0 },
		{ "ИСТИНА", 1 }, { "ЛОЖЬ", 0 }, { "ІСТИНА", 1 }, { "ХИБНІСТЬ", 0 },
		{ "subscribed", 1 }, { "Unsubscribed", 0 },
		{ "opt-in", 1 }, { "Opt-Out", 0 }, { "opted in", 1 },
		{ "подписан", 1 }, { "отписан", 0 }, { "не подписан", 0 },
		{ "maybe", -1 }, { "2", -1 }, { "yess", -1 }, { "да нет", -1 },
		{ "-1", -1 }, { "o", -1 }, { "10", -1 },
	};
	const char *why;
	int v;
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		why = NULL;
		v = 42;
		if (cases[i].want >= 0) {
			if (norm_bool(cases[i].in, &v, &why) != 0)
				fail_msg("\"%s\" rejected: %s", cases[i].in, why);
			if (v != cases[i].want)
				fail_msg("\"%s\" -> %d", cases[i].in, v);
		} else {
			if (norm_bool(cases[i].in, &v, &why) == 0)
				fail_msg("\"%s\" accepted as %d", cases[i].in, v);
			assert_non_null(why);
		}
	}
}

/* --- dates ------------------------------------------------------------------ */

static void
test_date(void **state)
{
	static const struct {
		const char *in;
		enum date_order order;
		const char *want; /* NULL: rejected with why */
		const char *why;
	} cases[] = {
		{ "2024-03-31", DATE_ORDER_UNKNOWN, "2024-03-31", NULL },
		{ "2024-03-31", DATE_MDY, "2024-03-31", NULL },
		{ "2024-3-5", DATE_ORDER_UNKNOWN, "2024-03-05", NULL },
		{ "2024/03/31", DATE_DMY, "2024-03-31", NULL },
		{ "2024.03.31", DATE_ORDER_UNKNOWN, "2024-03-31", NULL },
		{ "2024-03-31 08:26:00", DATE_ORDER_UNKNOWN, "2024-03-31 08:26:00", NULL },
		{ "2024-03-31T08:26:00Z", DATE_ORDER_UNKNOWN, "2024-03-31 08:26:00", NULL },
		{ "2024-03-31T08:26:00.123+03:00", DATE_ORDER_UNKNOWN, "2024-03-31 08:26:00", NULL },
		{ "2024-03-31 08:26:00 +0300", DATE_ORDER_UNKNOWN, "2024-03-31 08:26:00", NULL },
		{ "2024-03-31 08:26:00 UTC", DATE_ORDER_UNKNOWN, "2024-03-31 08:26:00", NULL },
		{ "2024-03-31 08:26", DATE_ORDER_UNKNOWN, "2024-03-31 08:26:00", NULL },
		{ "31.03.2024", DATE_ORDER_UNKNOWN, "2024-03-31", NULL },
		{ "31.03.2024", DATE_MDY, "2024-03-31", NULL },   /* dots are day-first */
		{ "01.02.2024", DATE_ORDER_UNKNOWN, "2024-02-01", NULL },
		{ "1.2.2024", DATE_ORDER_UNKNOWN, "2024-02-01", NULL },
		{ "31.03.24", DATE_ORDER_UNKNOWN, "2024-03-31", NULL },
		{ "31.03.69", DATE_ORDER_UNKNOWN, "2069-03-31", NULL },
		{ "31.03.70", DATE_ORDER_UNKNOWN, "1970-03-31", NULL },
		{ "01.01.00", DATE_ORDER_UNKNOWN, "2000-01-01", NULL },
		{ "31.03.2024 8:26", DATE_ORDER_UNKNOWN, "2024-03-31 08:26:00", NULL },
		{ "3/31/2024", DATE_ORDER_UNKNOWN, "2024-03-31", NULL },
		{ "3/31/2024", DATE_MDY, "2024-03-31", NULL },
		{ "03/31/2024", DATE_ORDER_UNKNOWN, "2024-03-31", NULL },
		{ "12/1/2010 8:26", DATE_ORDER_UNKNOWN, "2010-12-01 08:26:00", NULL },
		{ "12/1/2010 8:26", DATE_MDY, "2010-12-01 08:26:00", NULL },
		{ "12/1/2010 8:26", DATE_DMY, "2010-01-12 08:26:00", NULL },
		{ "12/9/2011 12:50", DATE_ORDER_UNKNOWN, "2011-12-09 12:50:00", NULL },
		{ "31/03/2024", DATE_DMY, "2024-03-31", NULL },
		{ "31/03/2024", DATE_ORDER_UNKNOWN, "2024-03-31", NULL }, /* 31 is no month */
		{ "01/02/2024", DATE_DMY, "2024-02-01", NULL },
		{ "01/02/2024", DATE_MDY, "2024-01-02", NULL },
		{ "01/02/2024", DATE_ORDER_UNKNOWN, "2024-01-02", NULL },
		{ "01/02/2024", DATE_YMD, "2024-01-02", NULL },
		{ "31-03-2024", DATE_DMY, "2024-03-31", NULL },
		{ "3/31/24", DATE_MDY, "2024-03-31", NULL },
		{ "12/1/2010 8:26 AM", DATE_MDY, "2010-12-01 08:26:00", NULL },
		{ "12/1/2010 8:26 PM", DATE_MDY, "2010-12-01 20:26:00", NULL },
		{ "12/1/2010 12:05 am", DATE_MDY, "2010-12-01 00:05:00", NULL },
		{ "12/1/2010 12:05 PM", DATE_MDY, "2010-12-01 12:05:00", NULL },
		{ "2024-02-29", DATE_ORDER_UNKNOWN, "2024-02-29", NULL },
		{ "29.02.2000", DATE_ORDER_UNKNOWN, "2000-02-29", NULL },
		{ "2024-03-31 00:00:00", DATE_ORDER_UNKNOWN, "2024-03-31 00:00:00", NULL },
		{ "2024-03-31 23:59:59", DATE_ORDER_UNKNOWN, "2024-03-31 23:59:59", NULL },
		{ "31.02.2024", DATE_ORDER_UNKNOWN, NULL, "a real calendar date" },
		{ "2023-02-29", DATE_ORDER_UNKNOWN, NULL, "a real calendar date" },
		{ "29.02.1900", DATE_ORDER_UNKNOWN, NULL, "a real calendar date" },
		{ "2024-13-01", DATE_ORDER_UNKNOWN, NULL, "a real calendar date" },
		{ "2024-04-31", DATE_ORDER_UNKNOWN, NULL, "a real calendar date" },
		{ "0000-00-00", DATE_ORDER_UNKNOWN, NULL, "a real calendar date" },
		{ "00.00.0000", DATE_ORDER_UNKNOWN, NULL, "a real calendar date" },
		{ "3/31/2024", DATE_DMY, NULL, "a real calendar date" },
		{ "31/03/2024", DATE_MDY, NULL, "a real calendar date" },
		{ "03.31.2024", DATE_ORDER_UNKNOWN, NULL, "a real calendar date" },
		{ "2024-03-31 24:00", DATE_ORDER_UNKNOWN, NULL, "a real time of day (00:00 to 23:59)" },
		{ "2024-03-31 08:60", DATE_ORDER_UNKNOWN, NULL, "a real time of day (00:00 to 23:59)" },
		{ "12/1/2010 13:05 PM", DATE_MDY, NULL, "a real time of day (00:00 to 23:59)" },
		{ "2024-03-31x", DATE_ORDER_UNKNOWN, NULL, "" },
		{ "2024-03-31 8", DATE_ORDER_UNKNOWN, NULL, "" },
		{ "2024-03-31 08:2", DATE_ORDER_UNKNOWN, NULL, "" },
		{ "2024-03-31T", DATE_ORDER_UNKNOWN, NULL, "" },
		{ "2024-03", DATE_ORDER_UNKNOWN, NULL, "" },
		{ "2024-03/31", DATE_ORDER_UNKNOWN, NULL, "" },
		{ "31.03.202", DATE_ORDER_UNKNOWN, NULL, "" },
		{ "31.03.20245", DATE_ORDER_UNKNOWN, NULL, "" },
		{ "123.03.2024", DATE_ORDER_UNKNOWN, NULL, "" },
		{ "20240331", DATE_ORDER_UNKNOWN, NULL, "" },
		{ "31 марта 2024", DATE_ORDER_UNKNOWN, NULL, "" },
		{ "yesterday", DATE_ORDER_UNKNOWN, NULL, "" },
		{ "", DATE_ORDER_UNKNOWN, NULL, "" },
	};
	char out[20];
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		why = NULL;
		if (cases[i].want != NULL) {
			if (norm_date(cases[i].in, cases[i].order, out, &why) != 0)
				fail_msg("\"%s\" (order %d) rejected: %s", cases[i].in,
				    (int)cases[i].order, why);
			if (strcmp(out, cases[i].want) != 0)
				fail_msg("\"%s\" (order %d): %s, want %s", cases[i].in,
				    (int)cases[i].order, out, cases[i].want);
		} else {
			if (norm_date(cases[i].in, cases[i].order, out, &why) == 0)
				fail_msg("\"%s\" accepted as %s", cases[i].in, out);
			assert_non_null(why);
			if (cases[i].why[0] != '\0')
				assert_string_equal(why, cases[i].why);
		}
	}
}

static enum date_order
evidence_of(const char *const *values, struct date_evidence *ev)
{
	memset(ev, 0, sizeof *ev);
	for (; *values != NULL; values++)
		date_evidence_add(ev, *values);
	return date_evidence_order(ev);
}

static void
test_date_evidence(void **state)
{
	static const char *const none[] = { NULL };
	static const char *const dmy[] = { "01/02/2024", "31/03/2024", "05/06/2024", NULL };
	static const char *const mdy[] = { "12/1/2010 8:26", "12/13/2010 9:00", "1/2/2011", NULL };
	static const char *const mixed[] = { "31/03/2024", "03/31/2024", NULL };
	static const char *const open[] = { "01/02/2024", "03/04/2024", NULL };
	static const char *const dots[] = { "01.02.2024", "03.04.2024", NULL };
	static const char *const dots_typo[] = { "31.03.2024", "03.31.2024", NULL };
	static const char *const iso[] = { "2024-03-31", "2024/03/31", "2024-01-02 08:00", NULL };
	static const char *const dashes[] = { "13-03-2024", "01-02-2024", NULL };
	static const char *const junk[] = { "yesterday", "", "00/00/2024", "01/02/2024", NULL };
	struct date_evidence ev;

	(void)state;
	assert_int_equal(evidence_of(none, &ev), DATE_ORDER_UNKNOWN);

	assert_int_equal(evidence_of(dmy, &ev), DATE_DMY);
	assert_int_equal(ev.dmy_only, 1);
	assert_int_equal(ev.mdy_only, 0);
	assert_int_equal(ev.ambiguous, 2);
	assert_int_equal(ev.slash, 3);
	assert_int_equal(ev.dot, 0);

	assert_int_equal(evidence_of(mdy, &ev), DATE_MDY);
	assert_int_equal(ev.mdy_only, 1);
	assert_int_equal(ev.ambiguous, 2);

	/* decisive values both ways: ask for --date-format */
	assert_int_equal(evidence_of(mixed, &ev), DATE_ORDER_UNKNOWN);
	assert_int_equal(ev.dmy_only, 1);
	assert_int_equal(ev.mdy_only, 1);

	assert_int_equal(evidence_of(open, &ev), DATE_ORDER_UNKNOWN);
	assert_int_equal(ev.ambiguous, 2);

	/* a dotted column is day-first without a decisive value */
	assert_int_equal(evidence_of(dots, &ev), DATE_DMY);
	assert_int_equal(ev.dot, 2);
	assert_int_equal(evidence_of(dots_typo, &ev), DATE_DMY);
	assert_int_equal(ev.mdy_only, 0);

	/* year-first values settle nothing and leave nothing open */
	assert_int_equal(evidence_of(iso, &ev), DATE_ORDER_UNKNOWN);
	assert_int_equal(ev.slash + ev.dot + ev.ambiguous + ev.dmy_only + ev.mdy_only, 0);

	assert_int_equal(evidence_of(dashes, &ev), DATE_DMY);
	assert_int_equal(ev.slash, 2);

	assert_int_equal(evidence_of(junk, &ev), DATE_ORDER_UNKNOWN);
	assert_int_equal(ev.ambiguous, 1);
	assert_int_equal(ev.slash, 1);
}

static void
test_date_order_parse(void **state)
{
	static const struct {
		const char *in;
		int want; /* -1: rejected */
	} cases[] = {
		{ "dmy", DATE_DMY }, { "DMY", DATE_DMY }, { "mdy", DATE_MDY },
		{ "ymd", DATE_YMD }, { "Ymd", DATE_YMD },
		{ "DD.MM.YYYY", DATE_DMY }, { "dd.mm.yyyy", DATE_DMY },
		{ "DD/MM/YYYY", DATE_DMY }, { "MM/DD/YYYY", DATE_MDY },
		{ "YYYY-MM-DD", DATE_YMD }, { "D.M.YY", DATE_DMY },
		{ "M/D/YYYY", DATE_MDY }, { "DD-MM-YYYY", DATE_DMY },
		{ "MM/DD/YYYY HH:MM", DATE_MDY }, { "YYYY-MM-DDTHH:MM:SS", DATE_YMD },
		{ "%d.%m.%Y", DATE_DMY }, { "%m/%d/%Y", DATE_MDY },
		{ "ДД.ММ.ГГГГ", DATE_DMY }, { "дд.мм.рррр", DATE_DMY },
		{ "", -1 }, { "dym", -1 }, { "ydm", -1 }, { "DD.MM", -1 },
		{ "DD.DD.YYYY", -1 }, { "european", -1 }, { "d.m", -1 },
		{ "DD:MM:YYYY", -1 }, { "DDDDD.MM.YYYY", -1 }, { "iso", -1 },
	};
	enum date_order o;
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		o = (enum date_order)99;
		if (cases[i].want < 0) {
			if (date_order_parse(cases[i].in, &o) != -1)
				fail_msg("\"%s\" accepted as %d", cases[i].in, (int)o);
		} else {
			if (date_order_parse(cases[i].in, &o) != 0)
				fail_msg("\"%s\" rejected", cases[i].in);
			assert_int_equal(o, cases[i].want);
		}
	}
}

/* The ISO code the base keeps (--country) and the summary shows, and the
 * country a locale names. */
static void
test_country_iso_and_locale(void **state)
{
	static const struct {
		const char *in, *iso;
	} cases[] = {
		{"RU", "RU"}, {"ru", "RU"}, {"rus", "RU"}, {"Россия", "RU"}, {"Russian Federation", "RU"},
		{"Україна", "UA"}, {"UK", "GB"}, {"United Kingdom", "GB"}, {"EIRE", "IE"},
		{"RSA", "ZA"}, {"USA", "US"}, {"Kazakhstan", "KZ"}, {"Jersey", "JE"}, {"GG", "GG"},
		{"Deutschland", "DE"}, {"España", "ES"},
	};
	char out[3];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (country_iso(cases[i].in, out) != 0)
			fail_msg("country_iso(\"%s\") failed", cases[i].in);
		assert_string_equal(out, cases[i].iso);
	}
	assert_int_equal(country_iso("Narnia", out), -1);
	assert_int_equal(country_iso("", out), -1);
	assert_int_equal(country_of_locale("ru_RU.UTF-8", out), 0);
	assert_string_equal(out, "RU");
	assert_int_equal(country_of_locale("uk_UA", out), 0);
	assert_string_equal(out, "UA");
	assert_int_equal(country_of_locale("en_GB.ISO-8859-1@euro", out), 0);
	assert_string_equal(out, "GB");
	assert_int_equal(country_of_locale("C.UTF-8", out), -1);
	assert_int_equal(country_of_locale("POSIX", out), -1);
	assert_int_equal(country_of_locale("C", out), -1);
	assert_int_equal(country_of_locale(NULL, out), -1);
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
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_country_calling_code),
		cmocka_unit_test(test_country_iso_and_locale),
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_place),
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_number_locale),
		cmocka_unit_test(test_gender),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_date_evidence),
		cmocka_unit_test(test_date_order_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
