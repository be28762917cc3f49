/* Tests of the calendar arithmetic of text/date.c: leap years, month lengths,
 * day numbers, whole years and months, adding months; the corner cases
 * are leap days, month ends and year boundaries. Expected day numbers come
 * from Python's datetime ((d - date(1970, 1, 1)).days + 719468). */
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
