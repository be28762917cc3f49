/* The analysis grids from the column engine (engine/group.c) against SQL,
 * the reference: on seeded random bases whose metrics hold every shape a
 * rule has to read (NULL and '' classes, classes in any case and ones
 * outside the domain, scores that are reals, out of range or text, spent
 * on the half cent, bad dates, customers without metrics), the RFM,
 * ABC×XYZ and value × speed grids of the whole base and within segments
 * are the same to the unit from both: every count, sum of orders and of
 * cents, and the medians; so is the compare table of several segments.
 * The engine must answer each one itself (no fallback); where it cannot
 * sum as SQL does (a spent that is text), it says ENGINE_FALLBACK and the
 * grid is still SQL's. The histograms of the number and date fields
 * within random scopes are the same both ways too (engine/hist.c).
 * Seeded and reproducible: GRID_SEED=S ./tests/test_grids */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "analysis.h"
#include "db.h"
#include "engine/engine.h"
#include "engine/group.h"
#include "query_facet.h"
#include "segment/segment.h"

#define NCUST 600
#define NBASES 3

static unsigned long long rng;
/* every age a whole number (the engine counts them rather than selects) */
static bool whole_ages;
/* customers created in 2022 and first buying in 2023-2024: the days to
 * the first order span a few years (the engine counts them rather than
 * selects them) */
static bool near_dates;

static unsigned
pick(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng >> 33) % n);
}

struct fixture {
	char *dir;
	struct db *sql; /* SQL alone: the reference */
	struct db *eng; /* the engine's */
	struct err e;
};

static const char *const paths[] = {NULL, "", "All customers", "Buyers", "Buyers/Big",
                                    "Moscow", "Moscow/Classed"};

/* A value of one of the shapes, or NULL (bound as NULL). */
static const char *
one_of(const char *const *v, size_t n)
{
	return v[pick((unsigned)n)];
}

#define ONE_OF(a) one_of(a, sizeof a / sizeof a[0])

static void
bind_maybe(sqlite3_stmt *st, int k, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, k);
	else
		sqlite3_bind_text(st, k, v, -1, SQLITE_TRANSIENT);
}

static void
step(sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		fail_msg("insert: %s", sqlite3_errmsg(sqlite3_db_handle(st)));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* A date: mostly a random day of 2022-2024, else a shape from dates. */
static const char *
a_date(char *buf, size_t size, const char *const *dates, size_t n)
{
	if (pick(4) == 0)
		return one_of(dates, n);
	snprintf(buf, size, "%04u-%02u-%02u%s", pick(50) == 0 ? 1 : 2022 + pick(3), 1 + pick(12),
	         1 + pick(28),
	         pick(5) == 0 ? " 12:30:00" : "");
	return buf;
}

/* n customers with random metrics, as text the columns' affinity reads
 * (r INTEGER: "3" is 3, "2.5" a real, "x" text; spent REAL). */
static void
fill(struct fixture *f, unsigned long long seed)
{
	static const char *const scores[] = {NULL, "1", "2", "3", "4", "5", "5", "4", "3", "1",
	                                     "0", "6", "2.5", "3.0", "x", ""};
	static const char *const rfm[] = {NULL, "", "champions", "Champions", "LOYAL", "at_risk",
	                                  "hibernating", "new", "promising", "cant_lose",
	                                  "need_attention", "about_to_sleep",
	                                  "potential_loyalist", "junk", " loyal"};
	static const char *const abc[] = {NULL, "", "A", "a", "B", "b", "C", "c", "D", "A "};
	static const char *const xyz[] = {NULL, "", "X", "x", "Y", "y", "Z", "z", "W"};
	static const char *const vs[] = {NULL,        "",          "fast_high", "FAST_LOW",
	                                 "slow_high", "Slow_Low",  "slow_low",  "fast_low",
	                                 "fast",      "fast_high "};
	static const char *const dates[] = {NULL,         "",           "2024-03-05",
	                                    "2024-01-31", "2023-12-01", "2024-03-05 10:00:00",
	                                    "2024-02-29T08:00", "bad", "2024-13-01", "2022-06-15",
	                                    "2024-02-30", "1900-02-29", "2000-02-29", "2024-1-05"};
	static const char *const cities[] = {NULL, "Москва", "МОСКВА", "Тверь", ""};
	static const char *const spent_fmt[] = {"%u.%02u", "%u.%02u5", "%u", "0"};
	static const char *const scores_l[] = {NULL, "", "x", "12", "55.5", "-3", "1e3", "70",
	                                       "0.1"};
	static const char *const genders[] = {NULL, "F", "M", "F", "M", ""};
	static const char *const consents[] = {NULL, "1", "0", "1"};
	sqlite3_stmt *cs = NULL, *ms = NULL;
	unsigned i;

	rng = seed;
	if (db_begin(f->sql, &f->e) != 0 ||
	    db_prepare(f->sql, &cs,
	               "INSERT INTO customers (id, ext_id, city, created_at, gender, email_consent, "
	               "last_activity, lead_score) VALUES (?1, 'c' || ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	               &f->e) != 0 ||
	    db_prepare(f->sql, &ms,
	               "INSERT INTO customer_metrics (customer_id, orders, spent, first_order, r, f, "
	               "rfm, abc, xyz, value_speed, age, last_order) "
	               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	               &f->e) != 0)
		fail_msg("%s", f->e.msg);
	for (i = 1; i <= NCUST; i++) {
		char spent[32], d1[32], d2[32], d3[32], d4[32];

		sqlite3_bind_int(cs, 1, (int)i);
		bind_maybe(cs, 2, ONE_OF(cities));
		if (near_dates)
			snprintf(d1, sizeof d1, "2022-%02u-%02u", 1 + pick(12), 1 + pick(28));
		bind_maybe(cs, 3,
		           near_dates ? d1 : a_date(d1, sizeof d1, dates, sizeof dates / sizeof dates[0]));
		bind_maybe(cs, 4, ONE_OF(genders));
		bind_maybe(cs, 5, ONE_OF(consents));
		bind_maybe(cs, 6, a_date(d3, sizeof d3, dates, sizeof dates / sizeof dates[0]));
		bind_maybe(cs, 7, ONE_OF(scores_l));
		step(cs);
		if (pick(10) == 0)
			continue; /* no metrics row: orders and spent 0 as the fields read them */
		snprintf(spent, sizeof spent, ONE_OF(spent_fmt), pick(3000), pick(100));
		sqlite3_bind_int(ms, 1, (int)i);
		sqlite3_bind_int(ms, 2, pick(4) == 0 ? 0 : (int)pick(12));
		sqlite3_bind_text(ms, 3, spent, -1, SQLITE_TRANSIENT);
		if (near_dates) /* created in 2022, a first order in 2023 or 2024 */
			snprintf(d2, sizeof d2, "%u-%02u-%02u", 2023 + pick(2), 1 + pick(12),
			         1 + pick(28));
		bind_maybe(ms, 4,
		           near_dates ? d2 : a_date(d2, sizeof d2, dates, sizeof dates / sizeof dates[0]));
		bind_maybe(ms, 5, ONE_OF(scores));
		bind_maybe(ms, 6, ONE_OF(scores));
		bind_maybe(ms, 7, ONE_OF(rfm));
		bind_maybe(ms, 8, ONE_OF(abc));
		bind_maybe(ms, 9, ONE_OF(xyz));
		bind_maybe(ms, 10, ONE_OF(vs));
		/* ages of every kind, so that the two middle ones differ */
		if (pick(3) == 0)
			snprintf(d1, sizeof d1, "%s", pick(2) ? "33" : "");
		else
			snprintf(d1, sizeof d1, pick(2) || whole_ages ? "%u" : "%u.%u", 18 + pick(60),
			         pick(10));
		bind_maybe(ms, 11, pick(5) == 0 ? NULL : d1);
		bind_maybe(ms, 12, a_date(d4, sizeof d4, dates, sizeof dates / sizeof dates[0]));
		step(ms);
	}
	sqlite3_finalize(cs);
	sqlite3_finalize(ms);
	if (db_commit(f->sql, &f->e) != 0 ||
	    segment_add(f->sql, "Buyers", "orders >= 1", NULL, &f->e) != 0 ||
	    segment_add(f->sql, "Buyers/Big", "spent > 1000", NULL, &f->e) != 0 ||
	    segment_add(f->sql, "Moscow", "city = москва", NULL, &f->e) != 0 ||
	    segment_add(f->sql, "Moscow/Classed", "abc is not empty or rfm = loyal", NULL,
	                &f->e) != 0)
		fail_msg("%s", f->e.msg);
}

static void
open_base(struct fixture *f, unsigned long long seed)
{
	memset(f, 0, sizeof *f);
	f->sql = th_newdb("grids", &f->dir);
	if (db_meta_set(f->sql, "as_of", "2024-06-30", &f->e) != 0)
		fail_msg("%s", f->e.msg);
	fill(f, seed);
	engine_disable(f->sql);
	if (db_open(&f->eng, db_path(f->sql), DB_READONLY, &f->e) != 0)
		fail_msg("%s", f->e.msg);
}

static void
close_base(struct fixture *f)
{
	db_close(&f->eng);
	th_closedb(&f->sql, &f->dir);
}

static int
same_cell(const char *what, const char *path, const struct analysis_cell *a,
          const struct analysis_cell *b)
{
	if (a->count == b->count && a->orders == b->orders && a->revenue_cents == b->revenue_cents &&
	    strcmp(a->rule, b->rule) == 0)
		return 1;
	printf("# MISMATCH %s within \"%s\" (%s): SQL %lld/%lld/%lld, engine %lld/%lld/%lld\n", what,
	       path ? path : "(NULL)", a->rule, a->count, a->orders, a->revenue_cents, b->count,
	       b->orders, b->revenue_cents);
	return 0;
}

static int
same_total(const char *what, const char *path, long long a, long long b)
{
	if (a == b)
		return 1;
	printf("# MISMATCH %s within \"%s\": SQL %lld, engine %lld\n", what, path ? path : "(NULL)",
	       a, b);
	return 0;
}

/* The engine's grid (asked directly: it must answer) and the one
 * analysis_* gives on the engine's connection, each against SQL's. */
static int
check_rfm(struct fixture *f, const char *path)
{
	struct rfm_grid s, g, h;
	int ok = 1, rc;

	if (analysis_rfm(f->sql, path, &s, &f->e) != 0 || analysis_rfm(f->eng, path, &g, &f->e) != 0)
		fail_msg("rfm within %s: %s", path, f->e.msg);
	memset(&h, 0, sizeof h);
	memcpy(h.name, s.name, sizeof h.name);
	memcpy(h.none.rule, s.none.rule, sizeof h.none.rule);
	for (int r = 0; r < 5; r++)
		for (int c = 0; c < 5; c++)
			memcpy(h.cell[r][c].rule, s.cell[r][c].rule, ANALYSIS_RULE);
	for (int i = 0; i < RFM_NAMED; i++)
		memcpy(h.named[i].rule, s.named[i].rule, ANALYSIS_RULE);
	if ((rc = engine_rfm_grid(f->eng, path, &h, &f->e)) != 0)
		fail_msg("the engine did not answer the RFM grid within %s (%d): %s", path, rc,
		         f->e.msg);
	for (int k = 0; k < 2; k++) {
		const struct rfm_grid *x = k ? &g : &h;

		ok &= same_total("rfm total", path, s.total, x->total);
		ok &= same_total("rfm buyers", path, s.buyers, x->buyers);
		ok &= same_cell("rfm none", path, &s.none, &x->none);
		for (int r = 0; r < 5; r++)
			for (int c = 0; c < 5; c++)
				ok &= same_cell("rfm cell", path, &s.cell[r][c], &x->cell[r][c]);
		for (int i = 0; i < RFM_NAMED; i++)
			ok &= same_cell("rfm named", path, &s.named[i], &x->named[i]);
	}
	return ok;
}

static int
check_abc(struct fixture *f, const char *path)
{
	struct abc_grid s, g, h;
	int ok = 1, rc;

	if (analysis_abc(f->sql, path, &s, &f->e) != 0 || analysis_abc(f->eng, path, &g, &f->e) != 0)
		fail_msg("abc within %s: %s", path, f->e.msg);
	memset(&h, 0, sizeof h);
	memcpy(h.abc, s.abc, sizeof h.abc);
	memcpy(h.xyz, s.xyz, sizeof h.xyz);
	for (int a = 0; a < ABC_ROWS; a++)
		for (int x = 0; x < XYZ_COLS; x++)
			memcpy(h.cell[a][x].rule, s.cell[a][x].rule, ANALYSIS_RULE);
	if ((rc = engine_abc_grid(f->eng, path, &h, &f->e)) != 0)
		fail_msg("the engine did not answer the ABC grid within %s (%d): %s", path, rc,
		         f->e.msg);
	for (int k = 0; k < 2; k++) {
		const struct abc_grid *y = k ? &g : &h;

		ok &= same_total("abc total", path, s.total, y->total);
		for (int a = 0; a < ABC_ROWS; a++)
			for (int x = 0; x < XYZ_COLS; x++)
				ok &= same_cell("abc cell", path, &s.cell[a][x], &y->cell[a][x]);
	}
	return ok;
}

static int
check_vs(struct fixture *f, const char *path)
{
	struct vs_grid s, g, h;
	int ok = 1, rc;

	if (analysis_value_speed(f->sql, path, &s, &f->e) != 0 ||
	    analysis_value_speed(f->eng, path, &g, &f->e) != 0)
		fail_msg("value_speed within %s: %s", path, f->e.msg);
	memset(&h, 0, sizeof h);
	memcpy(h.value, s.value, sizeof h.value);
	memcpy(h.speed, s.speed, sizeof h.speed);
	memcpy(h.none.rule, s.none.rule, ANALYSIS_RULE);
	for (int v = 0; v < VS_ROWS; v++)
		for (int c = 0; c < VS_COLS; c++)
			memcpy(h.cell[v][c].rule, s.cell[v][c].rule, ANALYSIS_RULE);
	if ((rc = engine_vs_grid(f->eng, path, &h, &f->e)) != 0)
		fail_msg("the engine did not answer the value x speed grid within %s (%d): %s", path,
		         rc, f->e.msg);
	for (int k = 0; k < 2; k++) {
		const struct vs_grid *y = k ? &g : &h;

		ok &= same_total("vs total", path, s.total, y->total);
		ok &= same_total("vs classed", path, s.classed, y->classed);
		ok &= same_cell("vs none", path, &s.none, &y->none);
		for (int v = 0; v < VS_ROWS; v++)
			for (int c = 0; c < VS_COLS; c++)
				ok &= same_cell("vs cell", path, &s.cell[v][c], &y->cell[v][c]);
		if (s.median_spent != y->median_spent || s.median_days != y->median_days) {
			printf("# MISMATCH vs medians within \"%s\": SQL %.2f %.1f, engine %.2f %.1f\n",
			       path ? path : "(NULL)", s.median_spent, s.median_days, y->median_spent,
			       y->median_days);
			ok = 0;
		}
	}
	return ok;
}

/* The compare table of paths[0..n) from both connections, and the
 * engine's figures of each column asked directly. */
static int
check_compare(struct fixture *f, const char *const *ps, size_t n)
{
	struct compare s, g;
	int ok = 1;

	if (analysis_compare(f->sql, ps, n, 0, &s, &f->e) != 0 ||
	    analysis_compare(f->eng, ps, n, 0, &g, &f->e) != 0)
		fail_msg("compare: %s", f->e.msg);
	for (size_t i = 0; i < n; i++) {
		struct compare_col h = {.path = s.col[i].path};
		const struct compare_col *a = &s.col[i];
		int rc;

		if ((rc = engine_compare_col(f->eng, s.active_rule, s.rfm_name, &h, &f->e)) != 0)
			fail_msg("the engine did not answer compare within %s (%d): %s", a->path, rc,
			         f->e.msg);
		for (int k = 0; k < 2; k++) {
			const struct compare_col *b = k ? &g.col[i] : &h;
			bool same = a->size == b->size && a->female == b->female &&
			            a->male == b->male && a->gender_unknown == b->gender_unknown &&
			            a->aged == b->aged && a->median_age == b->median_age &&
			            a->orders == b->orders && a->revenue_cents == b->revenue_cents &&
			            a->consent == b->consent && a->active == b->active &&
			            a->rfm_none == b->rfm_none &&
			            memcmp(a->rfm, b->rfm, sizeof a->rfm) == 0;

			for (size_t c = 0; k == 1 && same && c < a->ncities; c++)
				same = b->ncities == a->ncities &&
				       strcmp(a->city[c].city, b->city[c].city) == 0 &&
				       a->city[c].count == b->city[c].count;
			if (!same) {
				printf("# MISMATCH compare %s (%s): SQL size %lld F %lld M %lld aged %lld "
				       "median %.2f orders %lld cents %lld consent %lld active %lld none "
				       "%lld; engine %lld %lld %lld %lld %.2f %lld %lld %lld %lld %lld\n",
				       a->path, k ? "compare" : "direct", a->size, a->female, a->male,
				       a->aged, a->median_age, a->orders, a->revenue_cents, a->consent,
				       a->active, a->rfm_none, b->size, b->female, b->male, b->aged,
				       b->median_age, b->orders, b->revenue_cents, b->consent, b->active,
				       b->rfm_none);
				ok = 0;
			}
		}
	}
	compare_free(&s);
	compare_free(&g);
	return ok;
}

static unsigned long long
seed0(void)
{
	const char *s = getenv("GRID_SEED");

	return s != NULL ? strtoull(s, NULL, 10) : 20261128ULL;
}

static void
test_grids(void **state)
{
	unsigned long long seed = seed0();
	int ok = 1;

	(void)state;
	for (int b = 0; b < NBASES; b++) {
		struct fixture f;

		whole_ages = b == 1;
		near_dates = b == 2;
		open_base(&f, seed + (unsigned long long)b);
		for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
			ok &= check_rfm(&f, paths[i]);
			ok &= check_abc(&f, paths[i]);
			ok &= check_vs(&f, paths[i]);
		}
		ok &= check_compare(&f, paths + 2, 5);
		ok &= check_compare(&f, paths + 4, 1);
		/* the grids did not come from SQL on the engine's connection */
		assert_non_null(engine_of(f.eng));
		assert_true(engine_loaded(engine_of(f.eng)) >= 10);
		close_base(&f);
	}
	if (!ok)
		fail_msg("the engine's grids differ from SQL's (GRID_SEED=%llu)", seed);
}

static void
scrub(struct histogram *h)
{
	size_t n = strlen(h->min), m = strlen(h->max);

	memset(h->min + n, 0, sizeof h->min - n);
	memset(h->max + m, 0, sizeof h->max - m);
}

/* The histogram of a number or date field within a scope, about buckets
 * buckets, from SQL and from the engine (asked directly, and through
 * query_histogram_n on its connection): the same bytes. */
static int
check_hist(struct fixture *f, const char *path, const char *rule, const char *field,
           size_t buckets)
{
	struct histogram s, g, h;
	int rc, ok = 1;

	if (query_histogram_n(f->sql, path, rule, field, buckets, &s, &f->e) != 0 ||
	    query_histogram_n(f->eng, path, rule, field, buckets, &g, &f->e) != 0)
		fail_msg("histogram of %s: %s", field, f->e.msg);
	if ((rc = engine_histogram(f->eng, path, rule, field, buckets, &h, &f->e)) != 0)
		fail_msg("the engine did not answer the histogram of %s within %s, %s (%d): %s", field,
		         path, rule, rc, f->e.msg);
	/* what SQL's path leaves past the end of min and max is no figure */
	scrub(&s);
	scrub(&g);
	scrub(&h);
	for (int k = 0; k < 2; k++) {
		const struct histogram *x = k ? &g : &h;

		if (memcmp(&s, x, sizeof s) == 0)
			continue;
		ok = 0;
		printf("# MISMATCH histogram of %s within \"%s\", %s, %zu buckets (%s): SQL n %zu "
		       "total %lld empty %lld min %s max %s step %g; engine n %zu total %lld empty "
		       "%lld min %s max %s step %g\n",
		       field, path ? path : "(NULL)", rule, buckets, k ? "query" : "direct", s.n,
		       s.total, s.empty, s.min, s.max, s.step, x->n, x->total, x->empty, x->min,
		       x->max, x->step);
		for (size_t i = 0; i < s.n && i < x->n; i++)
			if (s.v[i].count != x->v[i].count || strcmp(s.v[i].lo_text, x->v[i].lo_text))
				printf("#   %s..%s %lld | %s..%s %lld\n", s.v[i].lo_text,
				       s.v[i].hi_text, s.v[i].count, x->v[i].lo_text, x->v[i].hi_text,
				       x->v[i].count);
	}
	return ok;
}

static void
test_histograms(void **state)
{
	static const char *const fields[] = {"spent", "orders", "age", "r", "f", "first_order",
	                                     "created_at", "last_activity", "last_order",
	                                     "lead_score"};
	static const char *const rules[] = {"", "orders >= 1", "city = москва", "spent > 100",
	                                    "age is not empty"};
	/* the query module's paths: "" or NULL for the base */
	static const char *const scopes[] = {NULL, "", "Buyers", "Buyers/Big", "Moscow",
	                                     "Moscow/Classed"};
	unsigned long long seed = seed0();
	int ok = 1;

	(void)state;
	for (int b = 0; b < 2; b++) {
		struct fixture f;

		whole_ages = b == 1;
		open_base(&f, seed + 7 + (unsigned long long)b);
		for (int i = 0; i < 120; i++)
			ok &= check_hist(&f, scopes[pick(sizeof scopes / sizeof scopes[0])],
			                 rules[pick(sizeof rules / sizeof rules[0])],
			                 fields[pick(sizeof fields / sizeof fields[0])], 2 + pick(20));
		close_base(&f);
	}
	if (!ok)
		fail_msg("the engine's histograms differ from SQL's (GRID_SEED=%llu)", seed);
}

/* A spent the engine cannot sum as SQL does (text): it says so, and the
 * grids on its connection are SQL's. An unknown segment is the same error
 * both ways. */
static void
test_fallback(void **state)
{
	struct fixture f;
	struct rfm_grid h;
	struct abc_grid a;
	struct vs_grid v;
	struct err e2 = {0};

	(void)state;
	open_base(&f, seed0());
	th_exec(f.sql, "UPDATE customer_metrics SET spent = 'lots' WHERE customer_id = "
	       "(SELECT min(customer_id) FROM customer_metrics)");
	memset(&h, 0, sizeof h);
	memset(&a, 0, sizeof a);
	memset(&v, 0, sizeof v);
	assert_int_equal(engine_rfm_grid(f.eng, NULL, &h, &f.e), ENGINE_FALLBACK);
	assert_int_equal(engine_abc_grid(f.eng, NULL, &a, &f.e), ENGINE_FALLBACK);
	assert_int_equal(engine_vs_grid(f.eng, NULL, &v, &f.e), ENGINE_FALLBACK);
	assert_int_equal(h.total, 0); /* nothing filled */
	{
		struct rfm_grid s, g;

		if (analysis_rfm(f.sql, NULL, &s, &f.e) != 0 ||
		    analysis_rfm(f.eng, NULL, &g, &f.e) != 0)
			fail_msg("%s", f.e.msg);
		assert_int_equal(s.total, g.total);
		assert_int_equal(s.none.revenue_cents, g.none.revenue_cents);
		for (int r = 0; r < 5; r++)
			for (int c = 0; c < 5; c++)
				assert_true(same_cell("rfm cell", NULL, &s.cell[r][c], &g.cell[r][c]));
	}
	assert_int_equal(analysis_rfm(f.eng, "No such", &h, &f.e), -1);
	assert_int_equal(analysis_rfm(f.sql, "No such", &h, &e2), -1);
	assert_string_equal(f.e.msg, e2.msg);
	close_base(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grids),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_histograms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
