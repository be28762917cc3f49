/* The facet panel's queries, part of the query module (query_facet.h): a
 * field's values with their counts within a scope, folded as rules compare
 * text; the values that complete a prefix; and the histogram of a number
 * or date field with round bucket edges. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "engine/engine.h"
#include "engine/group.h"
#include "fields.h"
#include "i18n.h"
#include "query.h"
#include "query_facet.h"
#include "query_hist.h"
#include "text/date.h"
#include "text/text.h"
#include "util/strbuf.h"

static int
oom(struct err *e)
{
	return err_set(e, EXIT_FAIL, _("out of memory"));
}

/* The field called name in the base's catalog, copied into *name_sql
 * (malloc'd: its SQL) and *type. */
static int
find_field(struct db *db, const char *name, char **sql, enum field_type *type, bool *metrics,
           struct err *e)
{
	struct field_catalog cat = {0};
	const struct field *f;
	int rc = -1;

	*sql = NULL;
	if (fields_load(db, &cat, e) != 0)
		return -1;
	if ((f = fields_find(&cat, name != NULL ? name : "")) == NULL) {
		const char *near = fields_nearest(&cat, name != NULL ? name : "");

		if (near != NULL)
			err_set(e, EXIT_DATAERR, _("unknown field \"%s\"; did you mean \"%s\"?"), name,
			        near);
		else
			err_set(e, EXIT_DATAERR, _("unknown field \"%s\""), name);
	} else if ((*sql = strdup(f->sql)) == NULL) {
		oom(e);
	} else {
		*type = f->type;
		*metrics = f->needs_metrics;
		rc = 0;
	}
	fields_free(&cat);
	return rc;
}

/* Runs sql with the scope's parameters after extra[0..nx) (?1..?nx) and hands
 * each row to row(); 0 or -1. */
static int
run(struct db *db, const char *sql, const struct sql_param *extra, int nx,
    const struct rule_sql *scope, int (*row)(sqlite3_stmt *, void *), void *ctx, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, s;

	if (db_prepare(db, &st, sql, e) != 0)
		return -1;
	if (nx > 0 && db_bind_params(st, extra, (size_t)nx, 1) != 0)
		goto bind;
	if (db_bind_params(st, scope->params, scope->nparams, nx + 1) != 0)
		goto bind;
	while ((s = db_step(db, st, e)) == 1)
		if (row(st, ctx) != 0) {
			oom(e);
			goto out;
		}
	rc = s == 0 ? 0 : -1;
	goto out;
bind:
	err_set(e, EXIT_FAIL, _("binding the parameters of a facet failed"));
out:
	sqlite3_finalize(st);
	return rc;
}

/* --- values ----------------------------------------------------------------- */

void
facet_free(struct facet *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].value);
	free(f->v);
	memset(f, 0, sizeof *f);
}

struct values {
	struct facet *f;
	size_t top;          /* 0: no limit */
	size_t cap;
};

/* A row: folded value (NULL: empty), count, spelling. */
static int
value_row(sqlite3_stmt *st, void *ctx)
{
	struct values *w = ctx;
	struct facet *f = w->f;
	long long c = db_col_int64(st, 1);
	struct facet_value *nv;

	f->total += c;
	if (db_col_null(st, 0) || db_col_null(st, 2)) {
		f->empty += c;
		return 0;
	}
	f->distinct++;
	if (w->top > 0 && f->n >= w->top) {
		f->others += c;
		return 0;
	}
	if (f->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 16;
		if ((nv = realloc(f->v, w->cap * sizeof *nv)) == NULL)
			return -1;
		f->v = nv;
	}
	if ((f->v[f->n].value = db_col_strdup(st, 2)) == NULL)
		return -1;
	f->v[f->n++].count = c;
	return 0;
}

/* The value of a field as the facet shows it: NULL when empty. */
static char *
value_expr(const char *x, enum field_type type)
{
	char *s = NULL;
	int rc;

	switch (type) {
	case FT_BOOL:
		rc = asprintf(&s, "(CASE WHEN %s IS NULL OR %s = '' THEN NULL WHEN %s THEN 'yes' "
		                  "ELSE 'no' END)", x, x, x);
		break;
	case FT_DATE:
		rc = asprintf(&s, "nullif(substr(%s, 1, 10), '')", x);
		break;
	case FT_NUMBER:
		/* as a rule writes it: 47, not the 47.0 of a REAL column */
		rc = asprintf(&s, "(CASE WHEN typeof(%s) NOT IN ('integer', 'real') THEN NULL "
		                  "WHEN %s = CAST(%s AS INTEGER) THEN CAST(CAST(%s AS INTEGER) AS TEXT) "
		                  "ELSE CAST(%s AS TEXT) END)", x, x, x, x, x);
		break;
	case FT_TEXT:
	default:
		rc = asprintf(&s, "nullif(%s, '')", x);
		break;
	}
	return rc < 0 ? NULL : s;
}

/* query_facet and query_complete: prefix NULL for the facet. */
static int
values(struct db *db, const char *parent, const char *rule, const char *field,
       const char *prefix, size_t top, struct facet *out, struct err *e)
{
	struct rule_sql scope = {0};
	struct values w = {out, top, 0};
	enum field_type type;
	bool metrics;
	char *x = NULL, *ex = NULL, *sql = NULL, *pf = NULL;
	struct sql_param extra[1] = {{SQLP_TEXT, NULL, 0, 0}};
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (find_field(db, field, &x, &type, &metrics, e) != 0)
		return -1;
	if (query_scope(db, parent, rule, &scope, e) != 0)
		goto out;
	if ((ex = value_expr(x, type)) == NULL) {
		oom(e);
		goto out;
	}
	if (prefix != NULL && (pf = text_fold(prefix)) == NULL) {
		oom(e);
		goto out;
	}
	/* each spelling counted, then the spellings of one folded value
	 * summed: the bare column v.x comes from the row of max(v.n), the
	 * most frequent spelling */
	if (asprintf(&sql,
	             "WITH v(x, n) AS (SELECT %s, count(*) FROM customers AS c%s WHERE %s%s%s%s "
	             "GROUP BY 1) "
	             "SELECT fold(x) AS k, sum(n) AS t, x, max(n) FROM v GROUP BY k "
	             "ORDER BY k IS NULL, t DESC, k",
	             ex, fields_join(metrics || scope.needs_metrics),
	             prefix != NULL ? "instr(fold(" : "", prefix != NULL ? ex : "",
	             prefix != NULL ? "), ?1) = 1 AND " : "", scope.where) < 0) {
		sql = NULL;
		oom(e);
		goto out;
	}
	extra[0].text = pf;
	rc = run(db, sql, extra, prefix != NULL ? 1 : 0, &scope, value_row, &w, e);
	if (prefix != NULL)
		out->total = out->empty = 0;
out:
	if (rc != 0)
		facet_free(out);
	free(x);
	free(ex);
	free(sql);
	free(pf);
	rule_sql_free(&scope);
	return rc;
}

int
query_facet(struct db *db, const char *parent, const char *rule, const char *field,
            size_t top, struct facet *out, struct err *e)
{
	int rc;

	/* the column engine for a text field; SQL for the others */
	if ((rc = engine_facet(db, parent, rule, field, top, out, e)) != ENGINE_FALLBACK)
		return rc;
	return values(db, parent, rule, field, NULL, top, out, e);
}

int
query_complete(struct db *db, const char *parent, const char *rule, const char *field,
               const char *prefix, size_t limit, struct facet *out, struct err *e)
{
	return values(db, parent, rule, field, prefix != NULL ? prefix : "", limit, out, e);
}

/* --- histograms ------------------------------------------------------------- */

struct range {
	struct histogram *h;
	bool fractional;     /* a number field with a value that is not whole */
};

/* count(*), empty, min, max, any fractional value */
static int
range_row(sqlite3_stmt *st, void *ctx)
{
	struct range *r = ctx;
	struct histogram *h = r->h;

	h->total = db_col_int64(st, 0);
	h->empty = h->total - db_col_int64(st, 1);
	if (!db_col_null(st, 2) && !db_col_null(st, 3)) {
		snprintf(h->min, sizeof h->min, "%s", db_col_text(st, 2));
		snprintf(h->max, sizeof h->max, "%s", db_col_text(st, 3));
	}
	r->fractional = db_col_int64(st, 4) > 0;
	return 0;
}

static int
bucket_row(sqlite3_stmt *st, void *ctx)
{
	struct histogram *h = ctx;
	long long b = db_col_int64(st, 0);

	if (b < 0)
		b = 0;
	if ((size_t)b >= h->n)
		b = (long long)h->n - 1;
	h->v[b].count += db_col_int64(st, 1);
	return 0;
}

/* A number as a rule writes it: no exponent for the usual magnitudes,
 * no trailing zeros. */
void
number_text(char *out, size_t n, double d)
{
	if (d == 0)
		d = 0; /* no "-0" */
	snprintf(out, n, "%.12g", d);
}

/* The smallest 1, 2 or 5 x 10^k at least raw. */
static double
nice_step(double raw)
{
	double mag = pow(10, floor(log10(raw)));
	static const double m[] = {1, 2, 5, 10};
	size_t i;

	for (i = 0; i < 4; i++)
		if (m[i] * mag >= raw * (1 - 1e-9))
			return m[i] * mag;
	return 10 * mag;
}

/* Buckets of a number field from min and max; the SQL of a bucket's index. */
int
number_buckets(struct histogram *h, size_t most, bool fractional, const char *x, char **bsql,
               struct sql_param *bp)
{
	double mn = atof(h->min), mx = atof(h->max), step, lo;
	long first;
	size_t i;

	step = mx > mn ? nice_step((mx - mn) / (double)most) : 1;
	if (!fractional && step < 1)
		step = 1;
	first = (long)floor(mn / step);
	lo = (double)first * step;
	h->step = step;
	h->n = (size_t)floor((mx - lo) / step + 1e-9) + 1;
	if (h->n > HIST_MAX_BUCKETS)
		h->n = HIST_MAX_BUCKETS;
	for (i = 0; i < h->n; i++) {
		h->v[i].lo = (double)(first + (long)i) * step;
		h->v[i].hi = (double)(first + (long)i + 1) * step;
		number_text(h->v[i].lo_text, sizeof h->v[i].lo_text, h->v[i].lo);
		/* whole values: the bucket ends one below the next edge, and
		 * between selects it exactly */
		number_text(h->v[i].hi_text, sizeof h->v[i].hi_text,
		            fractional ? h->v[i].hi : h->v[i].hi - 1);
	}
	/* the index of the bucket: floor((x - lo) / step), a hair up so that
	 * a value on an edge is not put below it by rounding */
	bp[0].kind = bp[1].kind = SQLP_REAL;
	bp[0].d = lo;
	bp[1].d = step;
	return asprintf(bsql, "CAST((%s - ?1) / ?2 + 1e-9 AS INTEGER)", x) < 0
	               ? -1
	               : 0;
}

static void
day_text(char *out, size_t n, long days)
{
	long y, m, d;

	date_from_days(days, &y, &m, &d);
	snprintf(out, n, "%04ld-%02ld-%02ld", y, m, d);
}

/* Buckets of a date field: the first of whole days (1, 2, 7, 14), months
 * (1, 2, 3, 6) or years (1, 2, 5, 10, ...) that makes at most most. */
int
date_buckets(struct histogram *h, size_t most, const char *x, char **bsql, struct sql_param *bp)
{
	static const struct {
		char unit;
		long step;
	} steps[] = {{'d', 1}, {'d', 2}, {'d', 7}, {'d', 14}, {'m', 1}, {'m', 2}, {'m', 3},
	             {'m', 6}, {'y', 1}, {'y', 2}, {'y', 5}, {'y', 10}, {'y', 20}, {'y', 50},
	             {'y', 100}, {'y', 200}, {'y', 500}, {'y', 1000}};
	int y1, m1, d1, y2, m2, d2;
	long a, b, lo = 0, s = 1, i;
	char unit = 'y';
	size_t k;

	if (!date_read_ymd(h->min, &y1, &m1, &d1) || !date_read_ymd(h->max, &y2, &m2, &d2))
		return -1;
	for (k = 0; k < sizeof steps / sizeof steps[0]; k++) {
		unit = steps[k].unit;
		s = steps[k].step;
		if (unit == 'd') {
			a = date_to_days(y1, m1, d1);
			b = date_to_days(y2, m2, d2);
		} else if (unit == 'm') {
			a = y1 * 12L + m1 - 1;
			b = y2 * 12L + m2 - 1;
		} else {
			a = y1;
			b = y2;
		}
		lo = unit == 'd' ? a : a / s * s;
		if ((b - lo) / s + 1 <= (long)most)
			break;
	}
	h->unit = unit;
	h->step = (double)s;
	h->n = (size_t)((b - lo) / s + 1);
	if (h->n > HIST_MAX_BUCKETS)
		h->n = HIST_MAX_BUCKETS;
	for (i = 0; i < (long)h->n; i++) {
		long from = lo + i * s, to = from + s, dfrom, dto;

		if (unit == 'd') {
			dfrom = from;
			dto = to;
		} else if (unit == 'm') {
			dfrom = date_to_days(from / 12, from % 12 + 1, 1);
			dto = date_to_days(to / 12, to % 12 + 1, 1);
		} else {
			dfrom = date_to_days(from, 1, 1);
			dto = date_to_days(to, 1, 1);
		}
		h->v[i].lo = (double)dfrom;
		h->v[i].hi = (double)(dto - 1);
		day_text(h->v[i].lo_text, sizeof h->v[i].lo_text, dfrom);
		day_text(h->v[i].hi_text, sizeof h->v[i].hi_text, dto - 1);
	}
	if (unit == 'd') {
		/* borrowed: the histogram outlives the statement */
		bp[0].kind = SQLP_TEXT;
		bp[0].text = h->v[0].lo_text;
		bp[1].kind = SQLP_INT;
		bp[1].i = s;
		return asprintf(bsql, "CAST((julianday(%s) - julianday(?1)) / ?2 AS INTEGER)", x) < 0
		               ? -1
		               : 0;
	}
	bp[0].kind = bp[1].kind = SQLP_INT;
	bp[0].i = lo;
	bp[1].i = s;
	if (unit == 'm')
		return asprintf(bsql,
		                "((CAST(substr(%s, 1, 4) AS INTEGER) * 12 + CAST(substr(%s, 6, 2) AS "
		                "INTEGER) - 1 - ?1) / ?2)", x, x) < 0 ? -1 : 0;
	return asprintf(bsql, "((CAST(substr(%s, 1, 4) AS INTEGER) - ?1) / ?2)", x) < 0 ? -1 : 0;
}

int
query_histogram(struct db *db, const char *parent, const char *rule, const char *field,
                struct histogram *out, struct err *e)
{
	return query_histogram_n(db, parent, rule, field, HIST_BUCKETS, out, e);
}

int
query_histogram_n(struct db *db, const char *parent, const char *rule, const char *field,
                  size_t buckets, struct histogram *out, struct err *e)
{
	struct rule_sql scope = {0};
	struct range r = {out, false};
	struct sql_param bp[2] = {{SQLP_INT, NULL, 0, 0}, {SQLP_INT, NULL, 0, 0}};
	enum field_type type;
	bool metrics;
	char *f = NULL, *x = NULL, *ok = NULL, *sql = NULL, *bsql = NULL;
	const char *join;
	int rc = -1;

	/* the column engine; SQL where it cannot */
	if ((rc = engine_histogram(db, parent, rule, field, buckets, out, e)) != ENGINE_FALLBACK)
		return rc;
	rc = -1;
	memset(out, 0, sizeof *out);
	if (find_field(db, field, &f, &type, &metrics, e) != 0)
		return -1;
	if (type != FT_NUMBER && type != FT_DATE) {
		err_set(e, EXIT_DATAERR, _("\"%s\" is not a number or a date field: it has no histogram"),
		        field);
		goto out;
	}
	out->type = type;
	if (query_scope(db, parent, rule, &scope, e) != 0)
		goto out;
	join = fields_join(metrics || scope.needs_metrics);
	/* the values a rule compares: a number's numbers, a date's days (days
	 * the calendar has: date() keeps 2024-02-30 as it is, and turns it
	 * into 2024-03-01 when it adds 0 days) */
	if (type == FT_NUMBER)
		rc = asprintf(&x, "%s", f) < 0 ||
		     asprintf(&ok, "typeof(%s) IN ('integer', 'real')", f) < 0;
	else
		rc = asprintf(&x, "substr(%s, 1, 10)", f) < 0 ||
		     asprintf(&ok, "date(substr(%s, 1, 10), '+0 days') = substr(%s, 1, 10)", f, f) < 0;
	if (rc != 0) {
		rc = -1;
		oom(e);
		goto out;
	}
	rc = -1;
	if (asprintf(&sql,
	             /* LIMIT -1 keeps the subquery whole: flattened, v would
	              * be computed once for each use */
	             "SELECT count(*), count(v), min(v), max(v), coalesce(sum(typeof(v) = 'real' "
	             "AND v <> CAST(v AS INTEGER)), 0) FROM (SELECT CASE WHEN %s THEN %s END AS v "
	             "FROM customers AS c%s WHERE %s LIMIT -1)",
	             ok, x, join, scope.where) < 0) {
		sql = NULL;
		oom(e);
		goto out;
	}
	if (run(db, sql, NULL, 0, &scope, range_row, &r, e) != 0)
		goto out;
	if (out->total == out->empty) {
		rc = 0;
		goto out;
	}
	if (type == FT_NUMBER) {
		number_text(out->min, sizeof out->min, atof(out->min));
		number_text(out->max, sizeof out->max, atof(out->max));
	}
	if (buckets < 2)
		buckets = 2;
	if (buckets > HIST_MAX_BUCKETS - 1)
		buckets = HIST_MAX_BUCKETS - 1;
	if ((type == FT_NUMBER ? number_buckets(out, buckets, r.fractional, x, &bsql, bp)
	                       : date_buckets(out, buckets, x, &bsql, bp)) != 0) {
		oom(e);
		goto out;
	}
	free(sql);
	if (asprintf(&sql, "SELECT %s AS b, count(*) FROM customers AS c%s WHERE %s AND %s GROUP BY b",
	             bsql, join, ok, scope.where) < 0) {
		sql = NULL;
		oom(e);
		goto out;
	}
	rc = run(db, sql, bp, 2, &scope, bucket_row, out, e);
out:
	if (rc != 0)
		out->n = 0;
	free(f);
	free(x);
	free(ok);
	free(sql);
	free(bsql);
	rule_sql_free(&scope);
	return rc;
}
