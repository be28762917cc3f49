/* Dates: the dates and datetimes of real exports read into ISO form, what
 * the values of one column say about their day/month order, and the
 * calendar arithmetic of the core. */
#include "config.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "text/date.h"
#include "i18n.h"
#include "text/text.h"

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* A date as written: three numbers and the separator between them. */
struct date_head {
	int v[3];
	int len[3];       /* digits of each number */
	char sep;         /* '.', '/' or '-' */
	const char *rest; /* what follows the third number */
};

/* Reads up to four digits; their count, or 0 when there are none or more
 * than four. */
static int
read_num(const char *p, int *v)
{
	int n = 0;

	*v = 0;
	while (is_digit((unsigned char)p[n])) {
		if (n == 4)
			return 0;
		*v = *v * 10 + (p[n] - '0');
		n++;
	}
	return n;
}

static int
date_head_read(const char *s, struct date_head *d)
{
	const char *p = s;
	int i, k;

	for (i = 0; i < 3; i++) {
		if ((k = read_num(p, &d->v[i])) == 0)
			return -1;
		d->len[i] = k;
		p += k;
		if (i == 2)
			break;
		if (i == 0) {
			if (*p != '.' && *p != '/' && *p != '-')
				return -1;
			d->sep = *p;
		} else if (*p != d->sep)
			return -1;
		p++;
	}
	d->rest = p;
	return 0;
}

/* --- calendar arithmetic ------------------------------------------------- */

bool
date_is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(long y, long m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

/* Howard Hinnant's days_from_civil and civil_from_days, counted from
 * 0000-03-01 (the leap day then ends its 400-year era), with the divisions
 * rounded down so that dates before it work too. */
long
date_to_days(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe;
}

void
date_from_days(long days, long *y, long *m, long *d)
{
	long era, doe, yoe, doy, mp;

	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

bool
date_read_ymd(const char *s, int *y, int *m, int *d)
{
	int i;

	if (s == NULL)
		return false;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
		} else if (s[i] < '0' || s[i] > '9') {
			return false;
		}
	}
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

long
date_day_number(const char *s)
{
	int y, m, d;

	return date_read_ymd(s, &y, &m, &d) ? date_to_days(y, m, d) : -1;
}

long
date_whole_years(long y1, long m1, long d1, long y2, long m2, long d2)
{
	return y2 - y1 - (m2 < m1 || (m2 == m1 && d2 < d1));
}

long
date_whole_months(long y1, long m1, long d1, long y2, long m2, long d2)
{
	return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1);
}

int
date_add_months(long *y, long *m, long *d, long months)
{
	long n = *y * 12 + (*m - 1) + months;

	if (n < 12)
		return -1; /* before year 1 */
	*y = n / 12;
	*m = n % 12 + 1;
	if (*d > date_days_in_month(*y, *m))
		*d = date_days_in_month(*y, *m);
	return 0;
}

/* --- reading dates --------------------------------------------------------- */

/* The optional time after a date: "T" or spaces, H:MM[:SS[.fff]], an
 * optional AM/PM and an optional zone (Z, +03:00, +0300, UTC), which is
 * dropped: exports carry local shop time and a day is what segments use.
 * Returns 0, -1 when it is no time, -2 when it is no time of day. */
static int
time_tail(const char *p, int *h, int *mi, int *sec, bool *has)
{
	int k, half = 0;

	*has = false;
	*h = *mi = *sec = 0;
	if (*p == '\0')
		return 0;
	if (*p == 'T' || *p == 't')
		p++;
	else if (*p == ' ' || *p == ',') {
		p++;
		while (*p == ' ')
			p++;
	} else
		return -1;
	if ((k = read_num(p, h)) == 0 || k > 2 || p[k] != ':')
		return -1;
	p += k + 1;
	if (read_num(p, mi) != 2)
		return -1;
	p += 2;
	if (*p == ':') {
		if (read_num(p + 1, sec) != 2)
			return -1;
		p += 3;
		if ((*p == '.' || *p == ',') && is_digit((unsigned char)p[1]))
			for (p++; is_digit((unsigned char)*p); p++)
				;
	}
	while (*p == ' ')
		p++;
	if (strncasecmp(p, "am", 2) == 0 || strncasecmp(p, "pm", 2) == 0) {
		half = (*p == 'p' || *p == 'P') ? 2 : 1;
		p += 2;
		while (*p == ' ')
			p++;
	}
	if (*p == 'Z' || *p == 'z')
		p++;
	else if (strncasecmp(p, "utc", 3) == 0 || strncasecmp(p, "gmt", 3) == 0)
		p += 3;
	if (*p == '+' || *p == '-') {
		if (!is_digit((unsigned char)p[1]) || !is_digit((unsigned char)p[2]))
			return -1;
		p += 3;
		if (*p == ':')
			p++;
		if (is_digit((unsigned char)p[0]) && is_digit((unsigned char)p[1]))
			p += 2;
	}
	if (*p != '\0')
		return -1;
	if (half != 0) {
		if (*h < 1 || *h > 12)
			return -2;
		*h = *h % 12 + (half == 2 ? 12 : 0);
	}
	if (*h > 23 || *mi > 59 || *sec > 59)
		return -2;
	*has = true;
	return 0;
}

static void
put_digits(char *out, int v, int n)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

int
norm_date(const char *in, enum date_order order, char out[20], const char **why)
{
	static const char expect[] = N_("a date like 2024-03-31 or 31.03.2024");
	struct date_head d;
	int y, m, day, h, mi, sec, r;
	bool day_first, has_time;

	if (date_head_read(in, &d) < 0)
		goto bad;
	if (d.len[0] == 4) {
		if (d.len[1] > 2 || d.len[2] > 2)
			goto bad;
		y = d.v[0];
		m = d.v[1];
		day = d.v[2];
	} else {
		if (d.len[0] > 2 || d.len[1] > 2 || (d.len[2] != 2 && d.len[2] != 4))
			goto bad;
		y = d.v[2];
		if (d.len[2] == 2)
			y += y < 70 ? 2000 : 1900;
		/* Dots are day-first everywhere they are used. With slashes and
		 * dashes the column's order decides; an order that says
		 * nothing (or says year-first, which this value is not) falls
		 * back to month-first, the UCI and US convention, unless the
		 * first number cannot be a month. */
		if (d.sep == '.' || order == DATE_DMY)
			day_first = true;
		else if (order == DATE_MDY)
			day_first = false;
		else
			day_first = d.v[0] > 12;
		day = day_first ? d.v[0] : d.v[1];
		m = day_first ? d.v[1] : d.v[0];
	}
	if (y < 1 || m < 1 || m > 12 || day < 1 || day > date_days_in_month(y, m)) {
		*why = _("a real calendar date");
		return -1;
	}
	if ((r = time_tail(d.rest, &h, &mi, &sec, &has_time)) == -2) {
		*why = _("a real time of day (00:00 to 23:59)");
		return -1;
	}
	if (r < 0)
		goto bad;
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, day, 2);
	out[10] = '\0';
	if (has_time) {
		out[10] = ' ';
		put_digits(out + 11, h, 2);
		out[13] = ':';
		put_digits(out + 14, mi, 2);
		out[16] = ':';
		put_digits(out + 17, sec, 2);
		out[19] = '\0';
	}
	return 0;
bad:
	*why = _(expect);
	return -1;
}

void
date_evidence_add(struct date_evidence *ev, const char *in)
{
	struct date_head d;
	int a, b;

	/* Year-first values settle nothing and need nothing settled, so they
	 * count nowhere (not even in slash: an ISO column must not look open).
	 * A dash counts as a slash: 31-03-2024 is read the same way. */
	if (date_head_read(in, &d) < 0 || d.len[0] > 2 || d.len[1] > 2 ||
	    (d.len[2] != 2 && d.len[2] != 4))
		return;
	a = d.v[0];
	b = d.v[1];
	if (a == 0 || b == 0)
		return;
	if (d.sep == '.')
		ev->dot++;
	else
		ev->slash++;
	if (a > 12 && b <= 12)
		ev->dmy_only++;
	else if (a <= 12 && b > 12) {
		/* a dotted date is day-first by rule: 03.31.2024 is a bad
		 * value, not a month-first column */
		if (d.sep != '.')
			ev->mdy_only++;
	} else if (a <= 12 && b <= 12)
		ev->ambiguous++;
}

enum date_order
date_evidence_order(const struct date_evidence *ev)
{
	/* Values decisive both ways: the column mixes conventions and no
	 * guess is safe; the importer asks for --date-format. */
	if (ev->dmy_only > 0 && ev->mdy_only > 0)
		return DATE_ORDER_UNKNOWN;
	if (ev->dmy_only > 0)
		return DATE_DMY;
	if (ev->mdy_only > 0)
		return DATE_MDY;
	if (ev->dot > 0 && ev->slash == 0)
		return DATE_DMY;
	return DATE_ORDER_UNKNOWN;
}

/* 'd', 'm' or 'y' for a letter of a date pattern, also the Russian and
 * Ukrainian ones (ДД.ММ.ГГГГ, ДД.ММ.РРРР); *len is its byte length. */
static char
pattern_letter(const char *s, size_t *len)
{
	static const struct {
		const char *text;
		char letter;
	} cyr[] = {
		{ "Д", 'd' }, { "д", 'd' }, { "М", 'm' }, { "м", 'm' },
		{ "Г", 'y' }, { "г", 'y' }, { "Р", 'y' }, { "р", 'y' },
	};
	size_t i;

	*len = 1;
	switch (*s) {
	case 'd': case 'D':
		return 'd';
	case 'm': case 'M':
		return 'm';
	case 'y': case 'Y':
		return 'y';
	}
	for (i = 0; i < sizeof cyr / sizeof cyr[0]; i++)
		if (strncmp(s, cyr[i].text, 2) == 0) {
			*len = 2;
			return cyr[i].letter;
		}
	return 0;
}

int
date_order_parse(const char *s, enum date_order *out)
{
	static const struct {
		const char *name;
		enum date_order order;
	} orders[] = {
		{ "dmy", DATE_DMY }, { "mdy", DATE_MDY }, { "ymd", DATE_YMD },
	};
	char seen[4] = "";
	const char *p = s;
	size_t i, n = 0, len;
	char c;
	int run;

	for (i = 0; i < 3; i++)
		if (strcasecmp(s, orders[i].name) == 0) {
			*out = orders[i].order;
			return 0;
		}
	/* a pattern: the first three runs of letters (DD, MM, YYYY, or
	 * strftime's %d %m %Y), separated by anything but letters */
	while (*p != '\0' && n < 3) {
		if ((c = pattern_letter(p, &len)) == 0) {
			if (strchr("./-_ %", *p) == NULL)
				return -1;
			p++;
			continue;
		}
		for (run = 0; pattern_letter(p, &len) == c; run++)
			p += len;
		if (run > 4 || memchr(seen, c, n) != NULL)
			return -1;
		seen[n++] = c;
	}
	/* a time may follow: "DD.MM.YYYY HH:MM" */
	if (n < 3 || (*p != '\0' && *p != ' ' && *p != 'T'))
		return -1;
	for (i = 0; i < 3; i++)
		if (strcmp(seen, orders[i].name) == 0) {
			*out = orders[i].order;
			return 0;
		}
	return -1;
}
