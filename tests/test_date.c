/* Tests of text/date.c: the calendar arithmetic (leap years, month lengths,
 * day numbers, whole years and months, adding months; the corner cases
 * are leap days, month ends and year boundaries; expected day numbers come
 * from Python's datetime ((d - date(1970, 1, 1)).days + 719468)), and the
 * date normaliser with the day/month order it guesses from a column. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "text/date.h"
#include "helpers.h"

static void
test_leap_years(void **state)
{
	(void)state;
	assert_true(date_is_leap(2024));
	assert_true(date_is_leap(2000));
	assert_true(date_is_leap(2400));
	assert_false(date_is_leap(2023));
	assert_false(date_is_leap(1900));
	assert_false(date_is_leap(2100));
}

static void
test_days_in_month(void **state)
{
	(void)state;
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2023, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2024, 1), 31);
	assert_int_equal(date_days_in_month(2024, 4), 30);
	assert_int_equal(date_days_in_month(2024, 11), 30);
	assert_int_equal(date_days_in_month(2024, 12), 31);
}

static void
test_day_numbers(void **state)
{
	long y, m, d;

	(void)state;
	assert_int_equal(date_to_days(0, 3, 1), 0);
	assert_int_equal(date_to_days(1970, 1, 1), 719468);
	assert_int_equal(date_to_days(2024, 1, 1), 739191);
	assert_int_equal(date_to_days(2023, 12, 31), 739190);
	assert_int_equal(date_to_days(2000, 2, 29), 730484);
	assert_int_equal(date_to_days(1, 1, 1), 306);
	assert_int_equal(date_to_days(9999, 12, 31), 3652364);
	/* across a leap day, a common February's end, a year's end */
	assert_int_equal(date_to_days(2024, 3, 1) - date_to_days(2024, 2, 28), 2);
	assert_int_equal(date_to_days(2023, 3, 1) - date_to_days(2023, 2, 28), 1);
	assert_int_equal(date_to_days(2025, 1, 1) - date_to_days(2024, 1, 1), 366);
	/* before 0000-03-01: negative, and back (year 0 is a leap year) */
	date_from_days(-1, &y, &m, &d);
	assert_int_equal(y, 0);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	assert_int_equal(date_to_days(0, 2, 29), -1);
	assert_int_equal(date_to_days(0, 1, 1), -60);
	date_from_days(-60 - 365, &y, &m, &d);
	assert_int_equal(y, -1);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
}

/* Every day from 0001-01-01 to 9999-12-31, walked with a calendar of the
 * test's own: date_from_days and date_to_days agree with it, one day after
 * another. */
static void
test_every_day(void **state)
{
	static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	long y = 1, m = 1, d = 1, day = date_to_days(1, 1, 1), gy, gm, gd;
	long bad = 0;

	(void)state;
	for (; y <= 9999; day++) {
		int n = len[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));

		date_from_days(day, &gy, &gm, &gd);
		if (gy != y || gm != m || gd != d || date_to_days(y, m, d) != day)
			bad++;
		if (++d > n) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(bad, 0);
	assert_int_equal(day, 3652365);
}

static void
test_read_ymd(void **state)
{
	int y = 0, m = 0, d = 0;

	(void)state;
	assert_true(date_read_ymd("2024-02-29", &y, &m, &d));
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	assert_true(date_read_ymd("2024-12-31 23:59:59", &y, &m, &d));
	assert_int_equal(d, 31);
	/* the day is not checked against the month */
	assert_true(date_read_ymd("2023-02-30", &y, &m, &d));
	assert_false(date_read_ymd("2024-13-01", &y, &m, &d));
	assert_false(date_read_ymd("2024-00-10", &y, &m, &d));
	assert_false(date_read_ymd("2024-01-00", &y, &m, &d));
	assert_false(date_read_ymd("2024-01-32", &y, &m, &d));
	assert_false(date_read_ymd("2024-1-01", &y, &m, &d));
	assert_false(date_read_ymd("2024-01-0", &y, &m, &d));
	assert_false(date_read_ymd("31.01.2024", &y, &m, &d));
	assert_false(date_read_ymd(NULL, &y, &m, &d));
	assert_int_equal(date_day_number("1970-01-01"), 719468);
	assert_int_equal(date_day_number("2024-01-01 10:00"), 739191);
	assert_int_equal(date_day_number("garbage"), -1);
	assert_int_equal(date_day_number(""), -1);
}

static void
test_whole_years(void **state)
{
	(void)state;
	/* a leap-day birthday: a year is complete on 1 March in common years */
	assert_int_equal(date_whole_years(2000, 2, 29, 2001, 2, 28), 0);
	assert_int_equal(date_whole_years(2000, 2, 29, 2001, 3, 1), 1);
	assert_int_equal(date_whole_years(2000, 2, 29, 2004, 2, 28), 3);
	assert_int_equal(date_whole_years(2000, 2, 29, 2004, 2, 29), 4);
	/* a year's end */
	assert_int_equal(date_whole_years(1999, 12, 31, 2000, 12, 30), 0);
	assert_int_equal(date_whole_years(1999, 12, 31, 2000, 12, 31), 1);
	assert_int_equal(date_whole_years(1999, 12, 31, 2000, 1, 1), 0);
	assert_int_equal(date_whole_years(2000, 1, 1, 2000, 1, 1), 0);
	/* the second date first */
	assert_int_equal(date_whole_years(2024, 6, 1, 2020, 6, 1), -4);
}

static void
test_whole_months(void **state)
{
	(void)state;
	/* a month's end: 31 January to the end of February is not a month */
	assert_int_equal(date_whole_months(2024, 1, 31, 2024, 2, 29), 0);
	assert_int_equal(date_whole_months(2023, 1, 31, 2023, 2, 28), 0);
	assert_int_equal(date_whole_months(2024, 1, 31, 2024, 3, 31), 2);
	assert_int_equal(date_whole_months(2024, 1, 31, 2024, 3, 30), 1);
	/* a year's end */
	assert_int_equal(date_whole_months(2023, 12, 15, 2024, 1, 15), 1);
	assert_int_equal(date_whole_months(2023, 12, 16, 2024, 1, 15), 0);
	assert_int_equal(date_whole_months(2022, 11, 1, 2024, 2, 1), 15);
	assert_int_equal(date_whole_months(2024, 5, 10, 2024, 5, 10), 0);
}

struct add_case {
	long y, m, d, months;
	int rc;
	long wy, wm, wd;
};

static void
test_add_months(void **state)
{
	static const struct add_case c[] = {
		/* the day clamped to a shorter month's last */
		{2024, 3, 31, -1, 0, 2024, 2, 29},
		{2023, 3, 31, -1, 0, 2023, 2, 28},
		{2024, 1, 31, 1, 0, 2024, 2, 29},
		{2024, 5, 31, -1, 0, 2024, 4, 30},
		{2024, 2, 29, -12, 0, 2023, 2, 28},
		{2024, 2, 29, 48, 0, 2028, 2, 29},
		{2000, 2, 29, 1200, 0, 2100, 2, 28},
		/* across a year's end, both ways */
		{2024, 12, 15, 1, 0, 2025, 1, 15},
		{2024, 1, 15, -1, 0, 2023, 12, 15},
		{2024, 12, 31, -12, 0, 2023, 12, 31},
		{2024, 6, 10, 0, 0, 2024, 6, 10},
		/* year 1 is the first */
		{1, 2, 10, -1, 0, 1, 1, 10},
		{1, 1, 31, -1, -1, 1, 1, 31},
		{3, 3, 3, -100, -1, 3, 3, 3},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		long y = c[i].y, m = c[i].m, d = c[i].d;
		char got[64], want[64];

		snprintf(want, sizeof want, "%d %ld-%ld-%ld", c[i].rc, c[i].wy, c[i].wm, c[i].wd);
		snprintf(got, sizeof got, "%d", date_add_months(&y, &m, &d, c[i].months));
		snprintf(got + strlen(got), sizeof got - strlen(got), " %ld-%ld-%ld", y, m, d);
		assert_string_equal(got, want);
	}
}

/* --- the date normaliser and the day/month order ----------------------------- */

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_day_numbers),
		cmocka_unit_test(test_every_day),
		cmocka_unit_test(test_read_ymd),
		cmocka_unit_test(test_whole_years),
		cmocka_unit_test(test_whole_months),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_date_evidence),
		cmocka_unit_test(test_date_order_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
