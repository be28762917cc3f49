/* Metrics: one pass over the orders in customer order (the covering index
 * orders_customer makes it sequential), merged with the customers in id
 * order, then the RFM scores, which need every buyer's figures at once. */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "metrics.h"

/* Reads "YYYY-MM-DD" at the start of s; runs millions of times, hence no
 * sscanf. */
static bool
parse_ymd(const char *s, int *y, int *m, int *d)
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
metrics_day_number(const char *s)
{
	int y, m, d;
	long era, yoe, doy, doe;

	if (!parse_ymd(s, &y, &m, &d))
		return -1;
	/* Howard Hinnant's days_from_civil, shifted to be non-negative. */
	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe;
}

const char *
metrics_rfm_segment(int r, int f)
{
	/* SPEC §5: named segments from R and F. */
	static const char *const grid[5][5] = {
		/* f=1            f=2                   f=3                   f=4        f=5 */
		{"hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"},                 /* r=1 */
		{"hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"},                 /* r=2 */
		{"about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"},         /* r=3 */
		{"promising", "potential_loyalist", "potential_loyalist", "loyal", "loyal"},      /* r=4 */
		{"new", "potential_loyalist", "potential_loyalist", "champions", "champions"},    /* r=5 */
	};

	if (r < 1 || r > 5 || f < 1 || f > 5)
		return NULL;
	return grid[r - 1][f - 1];
}

/* What one customer's orders add up to. */
struct acc {
	long long id;
	long orders;
	double spent;
	long first, last;       /* day numbers, -1 when none */
	char first_s[11];
	int month_hist[12];     /* purchases per calendar month */
	int min_year, max_year;
	unsigned recent_months; /* bit i: a purchase in the year before the reference
	                         * date, i calendar months before its month */
	char top[128];          /* most frequent category */
	int top_n;
	char cur[128];          /* category run being counted (orders come by date) */
};

struct cat_count {
	char name[128];
	int n;
};

/* One customer's figures, kept for every customer until the RFM scores,
 * which need all buyers at once, are known: then all rows are written. */
struct row {
	long long id;
	long orders;
	double spent;
	long first, last;  /* day numbers, -1 when no order */
	int age;           /* -1 when unknown */
	int first_ymd[3];
	int top;           /* index into the category names, -1 when none */
	const char *type;  /* buyer type (static) */
	unsigned char r, f, m;
};

static int ref_y, ref_m, ref_d;

static void
acc_reset(struct acc *a, long long id)
{
	memset(a, 0, sizeof *a);
	a->id = id;
	a->first = a->last = -1;
	a->min_year = 99999;
}

static void
acc_order(struct acc *a, const char *date, double amount, const char *category,
          struct cat_count *cats, int *ncats)
{
	long day = metrics_day_number(date);
	int y, m, d, k;

	if (day < 0 || !parse_ymd(date, &y, &m, &d))
		return;
	a->orders++;
	a->spent += amount;
	if (a->first < 0 || day < a->first) {
		a->first = day;
		snprintf(a->first_s, sizeof a->first_s, "%.10s", date);
	}
	if (day > a->last) {
		a->last = day;
	}
	a->month_hist[m - 1]++;
	if (y < a->min_year)
		a->min_year = y;
	if (y > a->max_year)
		a->max_year = y;
	{
		/* The year before the reference date: [ref - 1 year, ref). */
		int ago = (ref_y - y) * 12 + (ref_m - m);
		bool after_start = y > ref_y - 1 ||
		                   (y == ref_y - 1 && (m > ref_m || (m == ref_m && d >= ref_d)));
		bool before_ref = ago > 0 || (ago == 0 && d < ref_d);

		if (after_start && before_ref && ago >= 0 && ago <= 12)
			a->recent_months |= 1u << ago;
	}
	if (category == NULL || *category == '\0')
		return;
	for (k = 0; k < *ncats; k++)
		if (strcmp(cats[k].name, category) == 0)
			break;
	if (k == *ncats) {
		if (*ncats == 64)
			return; /* more categories than anyone reads: ignore the tail */
		snprintf(cats[k].name, sizeof cats[k].name, "%s", category);
		cats[k].n = 0;
		(*ncats)++;
	}
	if (++cats[k].n > a->top_n || (cats[k].n == a->top_n && strcmp(category, a->top) < 0)) {
		a->top_n = cats[k].n;
		snprintf(a->top, sizeof a->top, "%s", cats[k].name);
	}
}

static const char *
buyer_type(const struct acc *a)
{
	int months = 0, best = 0, i, total = 0;

	if (a->orders == 0)
		return "none";
	if (a->orders == 1)
		return "one_time";
	for (i = 0; i < 13; i++)
		months += (a->recent_months >> i) & 1;
	for (i = 0; i < 12; i++)
		total += a->month_hist[i];
	if (months >= 6)
		return "regular";
	for (i = 0; i < 12; i++) {
		int w = a->month_hist[i] + a->month_hist[(i + 1) % 12] + a->month_hist[(i + 2) % 12];

		if (w > best)
			best = w;
	}
	if (a->max_year > a->min_year && best * 4 >= total * 3)
		return "seasonal";
	return "repeat";
}

/* Whole years between a birth date and the reference date. */
static int
age_at_ref(const char *birth)
{
	int y, m, d, age;

	if (!parse_ymd(birth, &y, &m, &d))
		return -1;
	age = ref_y - y - (ref_m < m || (ref_m == m && ref_d < d));
	return age >= 0 && age < 150 ? age : -1;
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Number of values in sorted v[0..n) strictly below x. */
static size_t
below_long(const long *v, size_t n, long x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t
below_double(const double *v, size_t n, double x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
score(size_t worse, size_t n)
{
	int s = 1 + (int)(5 * worse / n);

	return s > 5 ? 5 : s;
}

/* SPEC §5: score = 1 + floor(5 w / N), w = buyers with a strictly worse
 * value (larger recency, fewer orders, less money). */
static int
rfm_scores(struct row *rows, size_t n, size_t nbuyers, long refday, struct err *e)
{
	size_t cap = nbuyers ? nbuyers : 1, i, k = 0;
	long *rec = malloc(cap * sizeof *rec), *ord = malloc(cap * sizeof *ord);
	double *mon = malloc(cap * sizeof *mon);
	int rc = -1;

	if (rec == NULL || ord == NULL || mon == NULL) {
		err_set(e, EXIT_FAIL, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (rows[i].orders == 0)
			continue;
		rec[k] = refday - rows[i].last;
		ord[k] = rows[i].orders;
		mon[k] = rows[i].spent;
		k++;
	}
	qsort(rec, nbuyers, sizeof *rec, cmp_long);
	qsort(ord, nbuyers, sizeof *ord, cmp_long);
	qsort(mon, nbuyers, sizeof *mon, cmp_double);
	for (i = 0; i < n; i++) {
		struct row *r = &rows[i];

		if (r->orders == 0)
			continue;
		/* Worse recency is larger: the buyers above ours. */
		r->r = (unsigned char)score(nbuyers - below_long(rec, nbuyers, refday - r->last + 1),
		                            nbuyers);
		r->f = (unsigned char)score(below_long(ord, nbuyers, r->orders), nbuyers);
		r->m = (unsigned char)score(below_double(mon, nbuyers, r->spent), nbuyers);
	}
	rc = 0;
out:
	free(rec);
	free(ord);
	free(mon);
	return rc;
}

static int
refresh_reference_date(struct db *db, char ref[11], struct err *e)
{
	sqlite3_stmt *st;
	char next[11] = "";
	int rc;

	if (db_prepare(db, &st, "SELECT date(max(date), '+1 day') FROM orders", e) != 0)
		return -1;
	rc = db_step(db, st, e);
	if (rc == 1 && sqlite3_column_type(st, 0) != SQLITE_NULL)
		snprintf(next, sizeof next, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc < 0 || db_meta_set(db, "data_ref_date", next[0] ? next : NULL, e) != 0)
		return -1;
	if (db_reference_date(db, ref, e) != 0)
		return -1;
	return db_meta_set(db, "metrics_ref_date", ref, e);
}

/* Interns category names so that a row keeps a small index. */
struct names {
	char **v;
	size_t n, cap;
};

static int
names_index(struct names *nm, const char *s)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		if (strcmp(nm->v[i], s) == 0)
			return (int)i;
	if (nm->n == nm->cap) {
		size_t cap = nm->cap ? nm->cap * 2 : 64;
		char **v = realloc(nm->v, cap * sizeof *v);

		if (v == NULL)
			return -1;
		nm->v = v;
		nm->cap = cap;
	}
	if ((nm->v[nm->n] = strdup(s)) == NULL)
		return -1;
	return (int)nm->n++;
}

static void
names_free(struct names *nm)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		free(nm->v[i]);
	free(nm->v);
}

/* Pass one: every customer's figures into rows. */
static int
gather(struct db *db, struct row **rows_out, size_t *n_out, size_t *nbuyers, struct names *cats,
       struct err *e)
{
	sqlite3_stmt *cust = NULL, *ord = NULL;
	struct cat_count cc[64];
	struct row *rows = NULL;
	size_t n = 0, cap = 0;
	int ncc, orc, crc, rc = -1;
	struct acc a;

	*nbuyers = 0;
	if (db_prepare(db, &cust, "SELECT id, birth_date, age_given FROM customers ORDER BY id",
	               e) != 0 ||
	    db_prepare(db, &ord,
	               "SELECT customer_id, date, amount, category FROM orders "
	               "INDEXED BY orders_customer WHERE cancelled = 0 "
	               "ORDER BY customer_id, date",
	               e) != 0)
		goto out;
	orc = db_step(db, ord, e);
	while ((crc = db_step(db, cust, e)) == 1) {
		long long id = sqlite3_column_int64(cust, 0);
		struct row *r;

		acc_reset(&a, id);
		ncc = 0;
		while (orc == 1 && sqlite3_column_int64(ord, 0) < id)
			orc = db_step(db, ord, e);
		while (orc == 1 && sqlite3_column_int64(ord, 0) == id) {
			acc_order(&a, (const char *)sqlite3_column_text(ord, 1),
			          sqlite3_column_double(ord, 2), (const char *)sqlite3_column_text(ord, 3),
			          cc, &ncc);
			orc = db_step(db, ord, e);
		}
		if (orc < 0)
			goto out;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			struct row *nr = realloc(rows, ncap * sizeof *nr);

			if (nr == NULL) {
				err_set(e, EXIT_FAIL, "out of memory");
				goto out;
			}
			rows = nr;
			cap = ncap;
		}
		r = &rows[n++];
		memset(r, 0, sizeof *r);
		r->id = id;
		r->orders = a.orders;
		r->spent = round(a.spent * 100) / 100;
		r->first = a.first;
		r->last = a.last;
		r->type = buyer_type(&a);
		r->top = -1;
		if (a.top[0] && (r->top = names_index(cats, a.top)) < 0) {
			err_set(e, EXIT_FAIL, "out of memory");
			goto out;
		}
		if (a.orders > 0) {
			parse_ymd(a.first_s, &r->first_ymd[0], &r->first_ymd[1], &r->first_ymd[2]);
			(*nbuyers)++;
		}
		r->age = age_at_ref((const char *)sqlite3_column_text(cust, 1));
		if (r->age < 0 && sqlite3_column_type(cust, 2) != SQLITE_NULL)
			r->age = (int)floor(sqlite3_column_double(cust, 2));
	}
	if (crc < 0)
		goto out;
	rc = 0;
out:
	sqlite3_finalize(cust);
	sqlite3_finalize(ord);
	if (rc != 0) {
		free(rows);
		rows = NULL;
		n = 0;
	}
	*rows_out = rows;
	*n_out = n;
	return rc;
}

static void
day_to_iso(long day, char out[11])
{
	/* civil_from_days, the inverse of metrics_day_number. */
	long era = day / 146097, doe = day - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp + (mp < 10 ? 3 : -9);

	char buf[64];

	snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

/* Pass two: write every row. */
static int
write_rows(struct db *db, const struct row *rows, size_t n, const struct names *cats, long refday,
           struct err *e)
{
	sqlite3_stmt *ins = NULL;
	size_t i;
	int rc = -1;

	if (db_prepare(db, &ins,
	               "INSERT INTO customer_metrics(customer_id, orders, spent, avg_check,"
	               " first_order, last_order, days_since_order, age, r, f, m, rfm, buyer_type,"
	               " ltv_month, top_category)"
	               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
	               e) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		sqlite3_reset(ins);
		sqlite3_clear_bindings(ins);
		sqlite3_bind_int64(ins, 1, r->id);
		sqlite3_bind_int64(ins, 2, r->orders);
		sqlite3_bind_double(ins, 3, r->spent);
		if (r->orders > 0) {
			char first[11], last[11];
			long months = (ref_y - r->first_ymd[0]) * 12L + (ref_m - r->first_ymd[1]) -
			              (ref_d < r->first_ymd[2]);

			day_to_iso(r->first, first);
			day_to_iso(r->last, last);
			sqlite3_bind_double(ins, 4, round(r->spent / (double)r->orders * 100) / 100);
			sqlite3_bind_text(ins, 5, first, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 6, last, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(ins, 7, refday - r->last);
			sqlite3_bind_int(ins, 9, r->r);
			sqlite3_bind_int(ins, 10, r->f);
			sqlite3_bind_int(ins, 11, r->m);
			sqlite3_bind_text(ins, 12, metrics_rfm_segment(r->r, r->f), -1, SQLITE_STATIC);
			sqlite3_bind_double(ins, 14,
			                    round(r->spent / (double)(months < 1 ? 1 : months) * 100) / 100);
		}
		if (r->age >= 0)
			sqlite3_bind_int(ins, 8, r->age);
		sqlite3_bind_text(ins, 13, r->type, -1, SQLITE_STATIC);
		if (r->top >= 0)
			sqlite3_bind_text(ins, 15, cats->v[r->top], -1, SQLITE_STATIC);
		if (db_step(db, ins, e) < 0)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(ins);
	return rc;
}

int
metrics_recompute(struct db *db, struct err *e)
{
	struct names cats = {0};
	struct row *rows = NULL;
	size_t n = 0, nbuyers = 0;
	char ref[11];
	long refday;
	int rc = -1;

	if (db_begin(db, e) != 0)
		return -1;
	if (refresh_reference_date(db, ref, e) != 0)
		goto out;
	if (!parse_ymd(ref, &ref_y, &ref_m, &ref_d)) {
		err_set(e, EXIT_FAIL, "invalid reference date \"%s\"", ref);
		goto out;
	}
	refday = metrics_day_number(ref);
	if (db_exec(db, "DELETE FROM customer_metrics", e) != 0 ||
	    gather(db, &rows, &n, &nbuyers, &cats, e) != 0 ||
	    rfm_scores(rows, n, nbuyers, refday, e) != 0 ||
	    write_rows(db, rows, n, &cats, refday, e) != 0)
		goto out;
	rc = 0;
out:
	free(rows);
	names_free(&cats);
	if (rc == 0)
		return db_commit(db, e);
	db_rollback(db);
	return -1;
}
