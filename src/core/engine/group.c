/* The analysis grids and a column of the compare table from the column
 * engine (engine/group.h). The scope is engine_within's bitmap of the
 * segment's members; one pass over its rows puts each in its cell, as the
 * rules of the cells select them (a score a number from 1 to 5, a class
 * its folded name, "is empty" the row's flag), and sums orders and spent
 * in cents the way analysis.c's grouped SQL does: sum(orders),
 * sum(cast(round(spent * 100) AS INTEGER)). What the engine cannot sum
 * exactly as SQL (an orders or spent that is not a number, an orders with
 * a fraction) is ENGINE_FALLBACK. */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "engine/group.h"
#include "engine/private.h"
#include "fields.h"
#include "i18n.h"
#include "text/date.h"
#include "text/text.h"

#define GROUP_FIELDS 8

/* The scope of a grid and the columns it reads. */
struct scope {
	struct engine *en;
	struct field_catalog cat;
	struct segment_compiler *sc;
	roaring_bitmap_t *rows;
	const uint32_t *row;          /* [k]: the members' rows, ascending */
	size_t k;
	const struct ecol *col[GROUP_FIELDS];
};

static int
oom(struct err *e)
{
	return err_set(e, EXIT_FAIL, _("out of memory"));
}

static void
scope_close(struct scope *s)
{
	eng_bm_free(s->rows);
	segment_compiler_close(&s->sc);
	fields_free(&s->cat);
}

/* The members of path, the counts of those that rules[0..nr) select
 * (into counts), and the columns of fields[0..nf), all of the same state
 * of the base. */
static int
scope_open_counting(struct db *db, const char *path, const char *const *rules, size_t nr,
                    long long *counts, const char *const *fields, size_t nf, struct scope *s,
                    struct err *e)
{
	const struct field *fs[GROUP_FIELDS];
	bool missing;
	size_t i;
	int rc;

	memset(s, 0, sizeof *s);
	if (nf > GROUP_FIELDS || (s->en = engine_of(db)) == NULL)
		return ENGINE_FALLBACK;
	if (fields_load(db, &s->cat, e) != 0 || segment_compiler_open(db, &s->sc, e) != 0)
		return eng_settle(-1, e);
	for (i = 0; i < nf; i++)
		if ((fs[i] = fields_find(&s->cat, fields[i])) == NULL)
			return ENGINE_FALLBACK;
	/* A deferred engine missing columns says ENGINE_FALLBACK (SQL answers)
	 * and notes them for engine_refresh: every question is asked all the
	 * same, so that one refresh reads every column the next time needs. */
	if ((rc = engine_within(db, s->sc, analysis_path(path), NULL, &s->rows, e)) < 0)
		return rc;
	missing = rc == ENGINE_FALLBACK;
	for (i = 0; i < nr; i++) {
		roaring_bitmap_t *b = NULL;

		if ((rc = engine_within(db, s->sc, analysis_path(path), rules[i], &b, e)) < 0)
			return rc;
		missing |= rc == ENGINE_FALLBACK;
		counts[i] = b != NULL ? (long long)roaring_bitmap_get_cardinality(b) : 0;
		eng_bm_free(b);
	}
	/* one pass over the table for the columns not yet held */
	if ((rc = eng_prefetch(s->en, fs, nf, false, e)) != 0)
		return eng_settle(rc, e);
	if (missing)
		return ENGINE_FALLBACK;
	for (i = 0; i < nf; i++)
		if ((rc = eng_column(s->en, fs[i], &s->col[i], e)) != 0)
			return eng_settle(rc, e);
	for (i = 0; i < nf; i++)
		if ((s->col[i]->kind == EC_NUM) != (fs[i]->type == FT_NUMBER))
			return ENGINE_FALLBACK;
	/* the base changed while the columns were read: they are gone */
	if ((rc = engine_sync(s->en, e)) != 0)
		return rc == 1 ? ENGINE_FALLBACK : eng_settle(rc, e);
	s->k = (size_t)roaring_bitmap_get_cardinality(s->rows);
	roaring_bitmap_to_uint32_array(s->rows, s->en->buf);
	s->row = s->en->buf;
	return 0;
}

static int
scope_open(struct db *db, const char *path, const char *const *fields, size_t nf,
           struct scope *s, struct err *e)
{
	return scope_open_counting(db, path, NULL, 0, NULL, fields, nf, s, e);
}

/* Sums of orders and spent that the engine can make exactly as SQL: every
 * row a number, every orders a whole one. */
static bool
summable(const struct engine *en, const struct ecol *orders, const struct ecol *spent)
{
	size_t i;

	if (orders->i32 == NULL)
		return false;
	for (i = 0; i < en->n; i++)
		if (!(orders->flags[i] & spent->flags[i] & EF_NUM))
			return false;
	return true;
}

/* cast(round(x * 100) AS INTEGER) as SQLite computes it for a double:
 * round(r) is (double)(sqlite_int64)(r + 0.5) for r >= 0, the mirror
 * below. */
static inline long long
cents_of(double x)
{
	double r = x * 100;

	/* beyond that, SQLite's cast saturates */
	if (r >= 0)
		return r + 0.5 < 9.2e18 ? (long long)(r + 0.5) : LLONG_MAX;
	return -r + 0.5 < 9.2e18 ? -(long long)(-r + 0.5) : LLONG_MIN;
}

static inline long long
row_cents(const struct ecol *spent, uint32_t r)
{
	return spent->i32 != NULL ? 100LL * spent->i32[r] : cents_of(spent->num[r]);
}

/* A score of 1 to 5, as "r = N" selects it: a number equal to N; else 0. */
static inline int
score(const struct ecol *c, uint32_t r)
{
	double v;

	if (!(c->flags[r] & EF_NUM))
		return 0;
	v = eng_num(c, r);
	return v >= 1 && v <= 5 && v == (double)(int)v ? (int)v : 0;
}

/* map[code]: the index among names[0..n) whose folded text the code's is
 * ("abc = A" holds), or -1; code 0 (NULL) is -1. NULL out of memory. */
static signed char *
code_map(const struct ecol *c, const char *const *names, size_t n)
{
	signed char *map = malloc(c->ndict + 1);
	size_t i, j;

	if (map == NULL)
		return NULL;
	memset(map, -1, c->ndict + 1);
	for (j = 0; j < n; j++) {
		char *f;

		if (names[j] == NULL || names[j][0] == '\0')
			continue;
		if ((f = text_fold(names[j])) == NULL) {
			free(map);
			return NULL;
		}
		for (i = 1; i < c->ndict; i++)
			if (map[i] < 0 && strcmp(c->dict[i], f) == 0)
				map[i] = (signed char)j;
		free(f);
	}
	return map;
}

static void
add(struct analysis_cell *c, long long n, long long orders, long long cents)
{
	c->count += n;
	c->orders += orders;
	c->revenue_cents += cents;
}

/* --- RFM ------------------------------------------------------------------------- */

enum { RF_R, RF_F, RF_RFM, RF_ORDERS, RF_SPENT, RF_N };

int
engine_rfm_grid(struct db *db, const char *path, struct rfm_grid *g, struct err *e)
{
	static const char *const fields[RF_N] = {"r", "f", "rfm", "orders", "spent"};
	struct scope s;
	signed char *named = NULL;
	/* [r][f]: counts and sums, r or f 0 for none */
	long long n[6][6] = {{0}}, ord[6][6] = {{0}}, cents[6][6] = {{0}};
	long long nn[RFM_NAMED] = {0}, no[RFM_NAMED] = {0}, nc[RFM_NAMED] = {0}, zero = 0;
	size_t i;
	int rc;

	if ((rc = scope_open(db, path, fields, RF_N, &s, e)) != 0)
		goto out;
	rc = ENGINE_FALLBACK;
	if (!summable(s.en, s.col[RF_ORDERS], s.col[RF_SPENT]))
		goto out;
	if ((named = code_map(s.col[RF_RFM], g->name, RFM_NAMED)) == NULL) {
		rc = oom(e);
		goto out;
	}
	for (i = 0; i < s.k; i++) {
		uint32_t r = s.row[i];
		int ri = score(s.col[RF_R], r), fi = score(s.col[RF_F], r), k;
		long long o = s.col[RF_ORDERS]->i32[r], m = row_cents(s.col[RF_SPENT], r);

		if (ri == 0 || fi == 0)
			ri = fi = 0;
		n[ri][fi]++;
		ord[ri][fi] += o;
		cents[ri][fi] += m;
		zero += o == 0;
		if ((k = named[s.col[RF_RFM]->codes[r]]) >= 0) {
			nn[k]++;
			no[k] += o;
			nc[k] += m;
		}
	}
	g->total = (long long)s.k;
	g->buyers = 0;
	for (int r = 1; r <= 5; r++)
		for (int f = 1; f <= 5; f++) {
			add(&g->cell[r - 1][f - 1], n[r][f], ord[r][f], cents[r][f]);
			g->buyers += n[r][f];
		}
	/* "orders = 0" counts; the sums are of the rows without a cell */
	add(&g->none, zero, ord[0][0], cents[0][0]);
	for (i = 0; i < RFM_NAMED; i++)
		add(&g->named[i], nn[i], no[i], nc[i]);
	rc = 0;
out:
	free(named);
	scope_close(&s);
	return rc;
}

/* --- ABC × XYZ --------------------------------------------------------------------- */

enum { AX_ABC, AX_XYZ, AX_ORDERS, AX_SPENT, AX_N };

int
engine_abc_grid(struct db *db, const char *path, struct abc_grid *g, struct err *e)
{
	static const char *const fields[AX_N] = {"abc", "xyz", "orders", "spent"};
	struct scope s;
	signed char *am = NULL, *xm = NULL;
	/* counts as the cells' rules select ([ABC_ROWS - 1]: "is empty"; a
	 * class of none of the names is in no cell), sums as SQL groups (the
	 * no-class row or column: any but the names) */
	long long n[ABC_ROWS][XYZ_COLS] = {{0}}, ord[ABC_ROWS][XYZ_COLS] = {{0}},
	          cents[ABC_ROWS][XYZ_COLS] = {{0}};
	size_t i;
	int rc;

	if ((rc = scope_open(db, path, fields, AX_N, &s, e)) != 0)
		goto out;
	rc = ENGINE_FALLBACK;
	if (!summable(s.en, s.col[AX_ORDERS], s.col[AX_SPENT]))
		goto out;
	am = code_map(s.col[AX_ABC], g->abc, ABC_ROWS - 1);
	xm = code_map(s.col[AX_XYZ], g->xyz, XYZ_COLS - 1);
	if (am == NULL || xm == NULL) {
		rc = oom(e);
		goto out;
	}
	for (i = 0; i < s.k; i++) {
		uint32_t r = s.row[i];
		int a = am[s.col[AX_ABC]->codes[r]], x = xm[s.col[AX_XYZ]->codes[r]];
		int ca = a >= 0 ? a : (s.col[AX_ABC]->flags[r] & EF_EMPTY) ? ABC_ROWS - 1 : -1;
		int cx = x >= 0 ? x : (s.col[AX_XYZ]->flags[r] & EF_EMPTY) ? XYZ_COLS - 1 : -1;

		if (ca >= 0 && cx >= 0)
			n[ca][cx]++;
		a = a >= 0 ? a : ABC_ROWS - 1;
		x = x >= 0 ? x : XYZ_COLS - 1;
		ord[a][x] += s.col[AX_ORDERS]->i32[r];
		cents[a][x] += row_cents(s.col[AX_SPENT], r);
	}
	g->total = (long long)s.k;
	for (int a = 0; a < ABC_ROWS; a++)
		for (int x = 0; x < XYZ_COLS; x++)
			add(&g->cell[a][x], n[a][x], ord[a][x], cents[a][x]);
	rc = 0;
out:
	free(am);
	free(xm);
	scope_close(&s);
	return rc;
}

/* --- value × speed ------------------------------------------------------------------ */

/* Reorders v[0..n) (want < n) so that v[want] is the element of rank
 * want and v[0..want) are those at or below it: a three-way quickselect
 * (ties are many), v[0..lo) <= v[lo..hi) <= v[hi..n) throughout. Then the
 * element of rank want - 1 is the largest of v[0..want). */
#define SELECT_RANK(name, type)                                                              \
	static void name(type *v, size_t n, size_t want)                                     \
	{                                                                                    \
		size_t lo = 0, hi = n, i;                                                    \
                                                                                             \
		while (hi - lo > 1) {                                                        \
			type a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi - 1], p, t;      \
			size_t lt = lo, gt = hi;                                             \
                                                                                             \
			p = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b); \
			for (i = lo; i < gt;) {                                              \
				if (v[i] < p) {                                              \
					t = v[i], v[i] = v[lt], v[lt] = t;                   \
					lt++, i++;                                           \
				} else if (v[i] > p) {                                       \
					gt--;                                                \
					t = v[i], v[i] = v[gt], v[gt] = t;                   \
				} else {                                                     \
					i++;                                                 \
				}                                                            \
			}                                                                    \
			if (want < lt)                                                       \
				hi = lt;                                                     \
			else if (want >= gt)                                                 \
				lo = gt;                                                     \
			else                                                                 \
				return; /* v[want] is p */                                   \
		}                                                                            \
	}

SELECT_RANK(select_ll, long long)
SELECT_RANK(select_d, double)

/* The largest of v[0..n) (n > 0). */
#define MAX_OF(v, n, out)                                                                    \
	do {                                                                                 \
		(out) = (v)[0];                                                              \
		for (size_t i_ = 1; i_ < (n); i_++)                                          \
			if ((v)[i_] > (out))                                                 \
				(out) = (v)[i_];                                             \
	} while (0)

/* The values of rank k - 1 (when k > 0) and k of v[0..n), whole numbers
 * within a span of at most 65536 (ages, days): counted rather than
 * selected. False when they are not within such a span. */
#define RANKS_COUNTED(name, type)                                                            \
	static bool name(const type *v, size_t n, size_t k, type *below, type *at)           \
	{                                                                                    \
		type lo = v[0], hi = v[0];                                                   \
		size_t i, *count, seen = 0;                                                  \
                                                                                             \
		for (i = 1; i < n; i++) {                                                    \
			lo = v[i] < lo ? v[i] : lo;                                          \
			hi = v[i] > hi ? v[i] : hi;                                          \
		}                                                                            \
		if (hi - lo >= 65536 ||                                                      \
		    (count = calloc((size_t)(hi - lo) + 1, sizeof *count)) == NULL)         \
			return false;                                                        \
		for (i = 0; i < n; i++)                                                      \
			count[(size_t)(v[i] - lo)]++;                                        \
		for (i = 0; seen + count[i] <= k; i++) {                                     \
			seen += count[i];                                                    \
			if (count[i] > 0)                                                    \
				*below = lo + (type)i;                                       \
		}                                                                            \
		/* rank k is value i; rank k - 1 too unless k is its first */                \
		*at = lo + (type)i;                                                          \
		if (seen < k)                                                                \
			*below = *at;                                                        \
		free(count);                                                                 \
		return true;                                                                 \
	}

RANKS_COUNTED(ranks_counted_ll, long long)
RANKS_COUNTED(ranks_counted, double)

/* Twice the median of v[0..n) (n > 0), as metrics_twice_median gives it
 * (the middle one twice, or the two middle ones added), counted or
 * selected rather than sorted: v is reordered. */
static long long
twice_median(long long *v, size_t n)
{
	long long below = 0, at;

	if (!ranks_counted_ll(v, n, n / 2, &below, &at)) {
		select_ll(v, n, n / 2);
		at = v[n / 2];
		if (n % 2 == 0)
			MAX_OF(v, n / 2, below);
	}
	return n % 2 ? 2 * at : below + at;
}

enum { VS_CLASS, VS_FIRST, VS_CREATED, VS_ORDERS, VS_SPENT, VS_N };

/* The days of each code of a date column (-1: none), as date_day_number
 * reads the first ten characters of the text. */
static long *
day_numbers(const struct ecol *c)
{
	long *d = malloc((c->ndict + 1) * sizeof *d);
	size_t i;

	if (d == NULL)
		return NULL;
	d[0] = -1;
	for (i = 1; i < c->ndict; i++)
		d[i] = date_day_number(c->dict[i]);
	return d;
}

/* The medians of vs_medians (analysis.c): over the rows of the whole base
 * with a class and both dates. */
static int
vs_medians(const struct scope *s, struct vs_grid *g, struct err *e)
{
	const struct ecol *cls = s->col[VS_CLASS], *spent = s->col[VS_SPENT];
	long *first = day_numbers(s->col[VS_FIRST]), *created = day_numbers(s->col[VS_CREATED]);
	long long *money = malloc((s->en->n + 1) * sizeof *money);
	long long *days = malloc((s->en->n + 1) * sizeof *days);
	size_t i, n = 0;
	int rc = -1;

	g->median_spent = g->median_days = -1;
	if (first == NULL || created == NULL || money == NULL || days == NULL) {
		rc = oom(e);
		goto out;
	}
	for (i = 0; i < s->en->n; i++) {
		long fd, cd;

		if (cls->flags[i] & EF_EMPTY)
			continue;
		fd = first[s->col[VS_FIRST]->codes[i]];
		cd = created[s->col[VS_CREATED]->codes[i]];
		if (fd < 0 || cd < 0)
			continue;
		/* llround, as vs_medians */
		money[n] = spent->i32 != NULL ? 100LL * spent->i32[i]
		                              : (long long)llround(spent->num[i] * 100);
		days[n++] = fd > cd ? fd - cd : 0;
	}
	g->classed = (long long)n;
	if (n > 0) {
		g->median_spent = (double)twice_median(money, n) / 200.0;
		g->median_days = (double)twice_median(days, n) / 2.0;
	}
	rc = 0;
out:
	free(first);
	free(created);
	free(money);
	free(days);
	return rc;
}

int
engine_vs_grid(struct db *db, const char *path, struct vs_grid *g, struct err *e)
{
	static const char *const fields[VS_N] = {"value_speed", "first_order", "created_at",
	                                         "orders", "spent"};
	struct scope s;
	signed char *map = NULL;
	const char *names[VS_ROWS * VS_COLS];
	char buf[VS_ROWS * VS_COLS][24];
	/* [i * VS_COLS + k] as the cells, [VS_ROWS * VS_COLS] for none */
	long long n[VS_ROWS * VS_COLS + 1] = {0}, ord[VS_ROWS * VS_COLS + 1] = {0},
	          cents[VS_ROWS * VS_COLS + 1] = {0}, empty = 0;
	size_t i;
	int rc;

	for (int v = 0; v < VS_ROWS; v++)
		for (int k = 0; k < VS_COLS; k++) {
			snprintf(buf[v * VS_COLS + k], sizeof buf[0], "%s_%s", g->speed[k], g->value[v]);
			names[v * VS_COLS + k] = buf[v * VS_COLS + k];
		}
	if ((rc = scope_open(db, path, fields, VS_N, &s, e)) != 0)
		goto out;
	rc = ENGINE_FALLBACK;
	if (!summable(s.en, s.col[VS_ORDERS], s.col[VS_SPENT]))
		goto out;
	if ((map = code_map(s.col[VS_CLASS], names, VS_ROWS * VS_COLS)) == NULL) {
		rc = oom(e);
		goto out;
	}
	for (i = 0; i < s.k; i++) {
		uint32_t r = s.row[i];
		int c = map[s.col[VS_CLASS]->codes[r]];

		c = c >= 0 ? c : VS_ROWS * VS_COLS;
		n[c]++;
		ord[c] += s.col[VS_ORDERS]->i32[r];
		cents[c] += row_cents(s.col[VS_SPENT], r);
		empty += (s.col[VS_CLASS]->flags[r] & EF_EMPTY) != 0;
	}
	if ((rc = vs_medians(&s, g, e)) != 0)
		goto out;
	g->total = (long long)s.k;
	for (int v = 0; v < VS_ROWS; v++)
		for (int k = 0; k < VS_COLS; k++)
			add(&g->cell[v][k], n[v * VS_COLS + k], ord[v * VS_COLS + k],
			    cents[v * VS_COLS + k]);
	/* "value_speed is empty" counts; the sums are of the rows in no cell */
	add(&g->none, empty, ord[VS_ROWS * VS_COLS], cents[VS_ROWS * VS_COLS]);
	rc = 0;
out:
	free(map);
	scope_close(&s);
	return rc;
}

/* --- compare ------------------------------------------------------------------------ */

enum { CM_RFM, CM_ORDERS, CM_SPENT, CM_AGE, CM_N };

/* The median of the ages of median_age (analysis_compare.c): the middle
 * one of them in order, or the mean of the two middle ones, summed as it
 * sums them. whole: every one a whole number. v is reordered. */
static double
median_of(double *v, size_t n, bool whole)
{
	double sum = 0, below = 0, at;

	if (!whole || !ranks_counted(v, n, n / 2, &below, &at)) {
		select_d(v, n, n / 2);
		at = v[n / 2];
		if (n % 2 == 0)
			MAX_OF(v, n / 2, below);
	}
	if (n % 2)
		return sum + at;
	sum += below;
	sum += at;
	return sum / 2;
}

int
engine_compare_col(struct db *db, const char *active_rule, const char *const *rfm_names,
                   struct compare_col *col, struct err *e)
{
	static const char *const fields[CM_N] = {"rfm", "orders", "spent", "age"};
	const char *rules[] = {"gender = F", "gender = M", "email_consent = yes", active_rule};
	long long counts[4] = {0}, nn[RFM_NAMED] = {0}, orders = 0, cents = 0, named = 0;
	struct scope s;
	signed char *map = NULL;
	double *ages = NULL;
	size_t i, aged = 0;
	int rc;

	if ((rc = scope_open_counting(db, col->path, rules, 4, counts, fields, CM_N, &s, e)) != 0)
		goto out;
	rc = ENGINE_FALLBACK;
	if (!summable(s.en, s.col[CM_ORDERS], s.col[CM_SPENT]))
		goto out;
	map = code_map(s.col[CM_RFM], rfm_names, RFM_NAMED);
	ages = malloc((s.k + 1) * sizeof *ages);
	if (map == NULL || ages == NULL) {
		rc = oom(e);
		goto out;
	}
	for (i = 0; i < s.k; i++) {
		uint32_t r = s.row[i];
		int k = map[s.col[CM_RFM]->codes[r]];
		uint8_t fl = s.col[CM_AGE]->flags[r];

		if (k >= 0)
			nn[k]++;
		orders += s.col[CM_ORDERS]->i32[r];
		cents += row_cents(s.col[CM_SPENT], r);
		if (fl & EF_EMPTY)
			continue;
		/* SQL orders text after the numbers and reads it as a number */
		if (!(fl & EF_NUM)) {
			rc = ENGINE_FALLBACK;
			goto out;
		}
		ages[aged++] = eng_num(s.col[CM_AGE], r);
	}
	col->size = (long long)s.k;
	col->female = counts[0];
	col->male = counts[1];
	col->gender_unknown = col->size - col->female - col->male;
	col->consent = counts[2];
	col->active = counts[3];
	for (i = 0; i < RFM_NAMED; i++)
		named += col->rfm[i] = nn[i];
	col->rfm_none = col->size - named;
	col->aged = (long long)aged;
	col->median_age = aged > 0 ? median_of(ages, aged, s.col[CM_AGE]->i32 != NULL) : 0;
	col->orders = orders;
	col->revenue_cents = cents;
	rc = 0;
out:
	free(ages);
	free(map);
	scope_close(&s);
	return rc;
}
