/* Dates (text/date.c): the dates of real exports read into ISO form (day/month
 * order, two-digit years, times), and the calendar arithmetic of the whole
 * core (leap years, month lengths, day numbers, whole years and months,
 * adding months). */
#ifndef CLIENTELE_DATE_H
#define CLIENTELE_DATE_H

#include <stdbool.h>

/* Order of day and month in a date written with separators. */
enum date_order {
	DATE_ORDER_UNKNOWN = 0,
	DATE_DMY, /* 31.03.2024, 31/03/2024 */
	DATE_MDY, /* 03/31/2024 */
	DATE_YMD  /* 2024-03-31, 2024/03/31 */
};

/* What the values of one column say about its date order. */
struct date_evidence {
	long dmy_only;   /* values that are valid only day-first (first part > 12) */
	long mdy_only;   /* values that are valid only month-first (second part > 12) */
	long slash;      /* values written with '/' */
	long dot;        /* values written with '.' */
	long ambiguous;  /* values valid either way */
};

/* Adds one (trimmed) value to the evidence. */
void date_evidence_add(struct date_evidence *ev, const char *in);

/* The order the evidence settles, or DATE_ORDER_UNKNOWN when it does not
 * (no decisive value). A column written with '.' is day-first. */
enum date_order date_evidence_order(const struct date_evidence *ev);

/* Parses --date-format: "dmy", "mdy", "ymd" or a pattern such as
 * "DD.MM.YYYY", "MM/DD/YYYY", "YYYY-MM-DD". Returns 0 or -1. */
int date_order_parse(const char *s, enum date_order *out);

/* Parses a date or datetime: ISO 2024-03-31 (with T or space and a time),
 * D.M.YYYY, D/M/YYYY, M/D/YYYY, M/D/YY (two-digit years: 00-69 -> 20xx,
 * 70-99 -> 19xx), optionally followed by H:MM[:SS]. order says how to read a
 * slash date whose day/month order is open (DATE_ORDER_UNKNOWN: month-first
 * unless the first part is over 12). The date is validated (no 31.02).
 * out (20 bytes) receives "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS". */
int norm_date(const char *in, enum date_order order, char out[20], const char **why);

/* --- calendar arithmetic (proleptic Gregorian) ----------------------------
 * Years, months and days as numbers: y 1-9999, m 1-12, d 1-31. */

/* True for a leap year: divisible by 4, except centuries not divisible by
 * 400 (2000 and 2024 are, 1900 and 2023 are not). */
bool date_is_leap(long y);

/* The days of month m of year y: 28 to 31. */
int date_days_in_month(long y, long m);

/* The day number of a date: days since 0000-03-01 (the same for every
 * caller, so that two day numbers subtract into the days between them);
 * 1970-01-01 is 719468. Negative before 0000-03-01. */
long date_to_days(long y, long m, long d);

/* The inverse of date_to_days. */
void date_from_days(long days, long *y, long *m, long *d);

/* Reads "YYYY-MM-DD" at the start of s (what follows, a time for instance,
 * is not read): true with y, m, d set when s starts with four digits, '-',
 * two digits, '-', two digits, with a month 1-12 and a day 1-31 (the day is
 * not checked against the month's length). No sscanf: it runs millions of
 * times. */
bool date_read_ymd(const char *s, int *y, int *m, int *d);

/* The day number (date_to_days) of the ISO date at the start of s, or -1
 * when s does not start with one (date_read_ymd). */
long date_day_number(const char *s);

/* Whole years from the first date to the second (an age: a year is
 * complete on the same month and day, so a 29 February birthday completes
 * a year on 1 March in common years). Negative when the second date comes
 * first. */
long date_whole_years(long y1, long m1, long d1, long y2, long m2, long d2);

/* Whole months from the first date to the second: the months between the
 * two months, less one when the second date's day is before the first's
 * (31 January to 28 February: 0). */
long date_whole_months(long y1, long m1, long d1, long y2, long m2, long d2);

/* Moves *y-*m-*d by months (negative: back); the day becomes the month's
 * last when the month is shorter (a month before 31 March is the last day
 * of February). 0, or -1 (the date unchanged) when the result would be
 * before year 1. */
int date_add_months(long *y, long *m, long *d, long months);

#endif
