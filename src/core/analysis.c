/* The RFM, ABC×XYZ and value × speed grids (analysis.h). The column
 * engine answers each grid in one pass over the scope (engine/group.c);
 * where it cannot, SQL: each cell counted through the count functions with
 * its own rule, and the money and orders of every cell summed in one
 * grouped pass over the scope, grouped as the cells' rules select (a score
 * that is a number, a class folded), so that both give the same figures. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "db.h"
#include "engine/engine.h"
#include "engine/group.h"
#include "fields.h"
#include "i18n.h"
#include "metrics_class.h"
#include "query.h"
#include "query_facet.h"
#include "text/date.h"
#include "text/text.h"

const char *
analysis_path(const char *path)
{
	if (path == NULL || strcmp(path, "All customers") == 0 ||
	    strcmp(path, _("All customers")) == 0)
		return "";
	return path;
}

long long
analysis_avg_check(const struct analysis_cell *c)
{
	if (c->orders <= 0)
		return -1;
	return (2 * c->revenue_cents + c->orders) / (2 * c->orders);
}

double
analysis_share(long long count, long long of)
{
	return of > 0 ? 100.0 * (double)count / (double)of : 0.0;
}

int
analysis_count(struct db *db, const char *path, const char *rule, long long *out, struct err *e)
{
	struct rule_sql w = {0};
	int rc;

	*out = 0;
	/* the column engine answers; SQL where it cannot */
	if ((rc = engine_count_text(db, analysis_path(path), rule, out, e)) != ENGINE_FALLBACK)
		return rc;
	if (query_scope(db, analysis_path(path), rule, &w, e) != 0)
		return -1;
	rc = segment_sql_count(db, &w, out, e);
	rule_sql_free(&w);
	return rc;
}

/* One row of a grouped pass: its two keys (NULL when empty) and sums. */
typedef void (*group_row)(void *ctx, const char *k1, const char *k2, long long count,
                          long long orders, long long cents);

/* Groups the members of path by the SQL expressions k1 and k2 (constants
 * of this file, over m) and hands each group to row. */
static int
grouped(struct db *db, const char *path, const char *k1, const char *k2, group_row row, void *ctx,
        struct err *e)
{
	struct rule_sql w = {0};
	sqlite3_stmt *st = NULL;
	char *sql = NULL;
	int rc = -1, s;

	if (query_scope(db, analysis_path(path), NULL, &w, e) != 0)
		return -1;
	if (asprintf(&sql,
	             "SELECT %s, %s, count(*), sum(coalesce(m.orders, 0)), "
	             "sum(cast(round(coalesce(m.spent, 0) * 100) AS INTEGER)) "
	             "FROM customers AS c%s WHERE %s GROUP BY 1, 2",
	             k1, k2, fields_join(true), w.where) < 0) {
		sql = NULL;
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	if (db_prepare(db, &st, sql, e) != 0)
		goto out;
	if (db_bind_params(st, w.params, w.nparams, 1) != 0) {
		err_set(e, EXIT_FAIL, _("binding the parameters of a grid failed"));
		goto out;
	}
	while ((s = db_step(db, st, e)) == 1)
		row(ctx, db_col_text(st, 0), db_col_text(st, 1), db_col_int64(st, 2),
		    db_col_int64(st, 3), db_col_int64(st, 4));
	rc = s == 0 ? 0 : -1;
out:
	sqlite3_finalize(st);
	free(sql);
	rule_sql_free(&w);
	return rc;
}

int
analysis_sums(struct db *db, const char *path, long long *orders, long long *cents, struct err *e)
{
	struct rule_sql w = {0};
	sqlite3_stmt *st = NULL;
	char *sql = NULL;
	int rc = -1;

	*orders = *cents = 0;
	if (query_scope(db, analysis_path(path), NULL, &w, e) != 0)
		return -1;
	if (asprintf(&sql,
	             "SELECT coalesce(sum(coalesce(m.orders, 0)), 0), "
	             "coalesce(sum(cast(round(coalesce(m.spent, 0) * 100) AS INTEGER)), 0) "
	             "FROM customers AS c%s WHERE %s",
	             fields_join(true), w.where) < 0) {
		sql = NULL;
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	if (db_prepare(db, &st, sql, e) != 0)
		goto out;
	if (db_bind_params(st, w.params, w.nparams, 1) != 0) {
		err_set(e, EXIT_FAIL, _("binding the parameters of a sum failed"));
		goto out;
	}
	if (db_step(db, st, e) == 1) {
		*orders = db_col_int64(st, 0);
		*cents = db_col_int64(st, 1);
		rc = 0;
	}
out:
	sqlite3_finalize(st);
	free(sql);
	rule_sql_free(&w);
	return rc;
}

/* --- RFM --------------------------------------------------------------- */

/* The score "r = N" selects in a group's key (a number, or NULL when the
 * value is none): N from 1 to 5, else 0. */
static int
score_of(const char *k)
{
	char *end;
	double v;

	if (k == NULL)
		return 0;
	v = strtod(k, &end);
	return end != k && *end == '\0' && v >= 1 && v <= 5 && v == (double)(int)v ? (int)v : 0;
}

/* The key's class is name, as "field = name" compares them: folded. */
static bool
is_class(const char *key, const char *name)
{
	char *f;
	bool same;

	if (key == NULL || name == NULL || name[0] == '\0' || (f = text_fold(name)) == NULL)
		return false;
	same = strcmp(key, f) == 0;
	free(f);
	return same;
}

/* A score as the rules read it: the value when it is a number. */
#define SCORE_KEY(x) "CASE WHEN typeof(" x ") IN ('integer', 'real') THEN " x " END"

static void
rfm_cells_row(void *ctx, const char *r, const char *f, long long n, long long orders,
              long long cents)
{
	struct rfm_grid *g = ctx;
	struct analysis_cell *c = &g->none;
	int ri = score_of(r), fi = score_of(f);

	(void)n;
	if (ri > 0 && fi > 0)
		c = &g->cell[ri - 1][fi - 1];
	c->orders += orders;
	c->revenue_cents += cents;
}

static void
rfm_named_row(void *ctx, const char *name, const char *unused, long long n, long long orders,
              long long cents)
{
	struct rfm_grid *g = ctx;

	(void)unused;
	(void)n;
	for (size_t i = 0; name != NULL && i < RFM_NAMED; i++)
		if (is_class(name, g->name[i])) {
			g->named[i].orders += orders;
			g->named[i].revenue_cents += cents;
		}
}

int
analysis_rfm(struct db *db, const char *path, struct rfm_grid *out, struct err *e)
{
	struct field_catalog cat = {0};
	const char *const *dom;
	size_t nd = 0;

	int rc;

	memset(out, 0, sizeof *out);
	if (fields_load(db, &cat, e) != 0)
		return -1;
	dom = fields_domain(fields_find(&cat, "rfm"), &nd);
	for (size_t i = 0; i < RFM_NAMED; i++)
		out->name[i] = dom != NULL && i < nd ? dom[i] : "";
	fields_free(&cat);
	snprintf(out->none.rule, sizeof out->none.rule, "orders = 0");
	for (int r = 5; r >= 1; r--)
		for (int f = 1; f <= 5; f++)
			snprintf(out->cell[r - 1][f - 1].rule, sizeof out->cell[0][0].rule,
			         "r = %d and f = %d", r, f);
	for (size_t i = 0; i < RFM_NAMED; i++)
		snprintf(out->named[i].rule, sizeof out->named[i].rule, "rfm = %s", out->name[i]);
	if ((rc = engine_rfm_grid(db, path, out, e)) != ENGINE_FALLBACK)
		return rc;
	if (analysis_count(db, path, NULL, &out->total, e) != 0 ||
	    analysis_count(db, path, out->none.rule, &out->none.count, e) != 0)
		return -1;
	for (int r = 5; r >= 1; r--)
		for (int f = 1; f <= 5; f++) {
			struct analysis_cell *c = &out->cell[r - 1][f - 1];

			if (analysis_count(db, path, c->rule, &c->count, e) != 0)
				return -1;
			out->buyers += c->count;
		}
	for (size_t i = 0; i < RFM_NAMED; i++) {
		struct analysis_cell *c = &out->named[i];

		if (analysis_count(db, path, c->rule, &c->count, e) != 0)
			return -1;
	}
	if (grouped(db, path, SCORE_KEY("m.r"), SCORE_KEY("m.f"), rfm_cells_row, out, e) != 0)
		return -1;
	return grouped(db, path, "fold(m.rfm)", "NULL", rfm_named_row, out, e);
}

/* --- ABC × XYZ --------------------------------------------------------- */

static void
abc_row(void *ctx, const char *a, const char *x, long long n, long long orders, long long cents)
{
	struct abc_grid *g = ctx;
	int i = ABC_ROWS - 1, j = XYZ_COLS - 1;

	(void)n;
	for (int k = 0; k < ABC_ROWS - 1; k++)
		if (is_class(a, g->abc[k]))
			i = k;
	for (int k = 0; k < XYZ_COLS - 1; k++)
		if (is_class(x, g->xyz[k]))
			j = k;
	g->cell[i][j].orders += orders;
	g->cell[i][j].revenue_cents += cents;
}

/* The part of a cell's rule for one class: "abc = A" or "abc is empty". */
static void
class_rule(char *buf, size_t size, const char *field, const char *v)
{
	if (v != NULL)
		snprintf(buf, size, "%s = %s", field, v);
	else
		snprintf(buf, size, "%s is empty", field);
}

int
analysis_abc(struct db *db, const char *path, struct abc_grid *out, struct err *e)
{
	static const char *const abc[ABC_ROWS] = {"A", "B", "C", NULL};
	static const char *const xyz[XYZ_COLS] = {"X", "Y", "Z", NULL};
	int rc;

	memset(out, 0, sizeof *out);
	memcpy(out->abc, abc, sizeof abc);
	memcpy(out->xyz, xyz, sizeof xyz);
	for (int i = 0; i < ABC_ROWS; i++)
		for (int j = 0; j < XYZ_COLS; j++) {
			char a[24], x[24];

			class_rule(a, sizeof a, "abc", abc[i]);
			class_rule(x, sizeof x, "xyz", xyz[j]);
			snprintf(out->cell[i][j].rule, sizeof out->cell[i][j].rule, "%s and %s", a, x);
		}
	if ((rc = engine_abc_grid(db, path, out, e)) != ENGINE_FALLBACK)
		return rc;
	if (analysis_count(db, path, NULL, &out->total, e) != 0)
		return -1;
	for (int i = 0; i < ABC_ROWS; i++)
		for (int j = 0; j < XYZ_COLS; j++) {
			struct analysis_cell *c = &out->cell[i][j];

			if (analysis_count(db, path, c->rule, &c->count, e) != 0)
				return -1;
		}
	/* as the rules compare them: folded, empty as none */
	return grouped(db, path, "fold(nullif(m.abc, ''))", "fold(nullif(m.xyz, ''))", abc_row, out,
	               e);
}

/* --- value × speed ------------------------------------------------------- */

static void
vs_row(void *ctx, const char *v, const char *unused, long long n, long long orders,
       long long cents)
{
	struct vs_grid *g = ctx;
	struct analysis_cell *c = &g->none;
	char name[24];

	(void)unused;
	(void)n;
	for (int i = 0; v != NULL && i < VS_ROWS; i++)
		for (int k = 0; k < VS_COLS; k++) {
			snprintf(name, sizeof name, "%s_%s", g->speed[k], g->value[i]);
			if (is_class(v, name))
				c = &g->cell[i][k];
		}
	c->orders += orders;
	c->revenue_cents += cents;
}

/* The medians the classes were cut at, as metrics_class.c takes them:
 * spent in cents and the days from created_at to the first order (0 when
 * created after it), over the customers of the whole base with a class. */
static int
vs_medians(struct db *db, struct vs_grid *g, struct err *e)
{
	sqlite3_stmt *st = NULL;
	long long *money = NULL, *days = NULL;
	size_t n = 0, cap = 0;
	int rc = -1, s;

	g->median_spent = g->median_days = -1;
	if (db_prepare(db, &st,
	               "SELECT m.spent, m.first_order, c.created_at FROM customer_metrics AS m"
	               " JOIN customers AS c ON c.id = m.customer_id"
	               " WHERE coalesce(m.value_speed, '') <> ''",
	               e) != 0)
		return -1;
	while ((s = db_step(db, st, e)) == 1) {
		long first = date_day_number(db_col_text(st, 1));
		long created = date_day_number(db_col_text(st, 2));

		if (first < 0 || created < 0)
			continue;
		if (n == cap) {
			size_t nc = cap ? 2 * cap : 1024;
			long long *m2 = realloc(money, nc * sizeof *m2), *d2;

			if (m2 != NULL)
				money = m2;
			d2 = m2 != NULL ? realloc(days, nc * sizeof *d2) : NULL;
			if (d2 == NULL) {
				err_set(e, EXIT_FAIL, _("out of memory"));
				goto out;
			}
			days = d2;
			cap = nc;
		}
		money[n] = llround(db_col_double(st, 0) * 100);
		days[n++] = first > created ? first - created : 0;
	}
	if (s != 0)
		goto out;
	g->classed = (long long)n;
	if (n > 0) {
		g->median_spent = (double)metrics_twice_median(money, n) / 200.0;
		g->median_days = (double)metrics_twice_median(days, n) / 2.0;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	free(money);
	free(days);
	return rc;
}

int
analysis_value_speed(struct db *db, const char *path, struct vs_grid *out, struct err *e)
{
	static const char *const value[VS_ROWS] = {"high", "low"};
	static const char *const speed[VS_COLS] = {"fast", "slow"};
	int rc;

	memset(out, 0, sizeof *out);
	memcpy(out->value, value, sizeof value);
	memcpy(out->speed, speed, sizeof speed);
	for (int i = 0; i < VS_ROWS; i++)
		for (int k = 0; k < VS_COLS; k++)
			snprintf(out->cell[i][k].rule, sizeof out->cell[i][k].rule,
			         "value_speed = %s_%s", speed[k], value[i]);
	snprintf(out->none.rule, sizeof out->none.rule, "value_speed is empty");
	if ((rc = engine_vs_grid(db, path, out, e)) != ENGINE_FALLBACK)
		return rc;
	if (analysis_count(db, path, NULL, &out->total, e) != 0)
		return -1;
	for (int i = 0; i < VS_ROWS; i++)
		for (int k = 0; k < VS_COLS; k++) {
			struct analysis_cell *c = &out->cell[i][k];

			if (analysis_count(db, path, c->rule, &c->count, e) != 0)
				return -1;
		}
	if (analysis_count(db, path, out->none.rule, &out->none.count, e) != 0 ||
	    vs_medians(db, out, e) != 0)
		return -1;
	/* as the rules compare them: folded, empty as none */
	return grouped(db, path, "fold(nullif(m.value_speed, ''))", "NULL", vs_row, out, e);
}
