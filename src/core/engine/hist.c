/* query_histogram_n from the column engine (engine/group.h): the scope as
 * a bitmap, the field's column counted under it (a number's values, a
 * date's codes), then query_facet.c's own layout of the buckets
 * (query_hist.h) and each value put in its bucket as its SQL puts it:
 * CAST((x - lo) / step + 1e-9 AS INTEGER) for a number; for a date, the
 * days, months or years from the first bucket's over the step. The
 * values are those SQL counts: a number that is one (typeof), a date that
 * the calendar has (date(x, '+0 days') = x). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "engine/group.h"
#include "engine/private.h"
#include "fields.h"
#include "i18n.h"
#include "query_hist.h"
#include "text/date.h"

static int
oom(struct err *e)
{
	return err_set(e, EXIT_FAIL, _("out of memory"));
}

/* The text SQLite gives a real (min(v) of a number field), read back with
 * atof, as query_histogram_n reads it. */
static int
sql_real_text(struct db *db, double d, char *out, size_t n, struct err *e)
{
	struct sql_param p = {SQLP_REAL, NULL, 0, d};
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (db_prepare(db, &st, "SELECT CAST(?1 AS TEXT)", e) != 0)
		return -1;
	if (db_bind_params(st, &p, 1, 1) == 0 && db_step(db, st, e) == 1 &&
	    db_col_text(st, 0) != NULL) {
		snprintf(out, n, "%s", db_col_text(st, 0));
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Number: count, min, max, fractional; then each value's bucket. */
static int
number_hist(struct db *db, const struct ecol *c, const uint32_t *row, size_t k, size_t most,
            struct histogram *h, struct err *e)
{
	struct sql_param bp[2] = {{SQLP_INT, NULL, 0, 0}, {SQLP_INT, NULL, 0, 0}};
	double mn = 0, mx = 0, lo, step;
	char tmn[sizeof h->min], tmx[sizeof h->max];
	bool fractional = false;
	long long valued = 0;
	char *bsql = NULL;
	size_t i;

	for (i = 0; i < k; i++) {
		double v;

		if (!(c->flags[row[i]] & EF_NUM))
			continue;
		v = eng_num(c, row[i]);
		if (valued++ == 0)
			mn = mx = v;
		mn = v < mn ? v : mn;
		mx = v > mx ? v : mx;
		/* typeof(v) = 'real' AND v <> CAST(v AS INTEGER) */
		if (!fractional && c->i32 == NULL)
			fractional = v >= 9.2e18 || v <= -9.2e18 || v != (double)(long long)v;
	}
	h->empty = h->total - valued;
	if (valued == 0)
		return 0;
	if (sql_real_text(db, mn, tmn, sizeof tmn, e) != 0 ||
	    sql_real_text(db, mx, tmx, sizeof tmx, e) != 0)
		return -1;
	number_text(h->min, sizeof h->min, atof(tmn));
	number_text(h->max, sizeof h->max, atof(tmx));
	if (number_buckets(h, most, fractional, "x", &bsql, bp) != 0)
		return oom(e);
	free(bsql);
	lo = bp[0].d;
	step = bp[1].d;
	for (i = 0; i < k; i++) {
		double b;
		long long bi;

		if (!(c->flags[row[i]] & EF_NUM))
			continue;
		b = (eng_num(c, row[i]) - lo) / step + 1e-9;
		/* CAST AS INTEGER: toward zero, saturated */
		bi = b >= 9.2e18 ? (long long)h->n : b <= -9.2e18 ? 0 : (long long)b;
		if (bi < 0)
			bi = 0;
		if (bi >= (long long)h->n)
			bi = (long long)h->n - 1;
		h->v[bi].count++;
	}
	return 0;
}

/* A date SQL counts: date(s, '+0 days') = s, a day the calendar has. */
static bool
calendar_day(const char *s, int *y, int *m, int *d)
{
	return strlen(s) == 10 && date_read_ymd(s, y, m, d) && *d <= date_days_in_month(*y, *m);
}

/* Date: the codes' counts under the scope, the valid ones' min and max,
 * then each code's bucket. */
static int
date_hist(const struct ecol *c, const uint32_t *row, size_t k, size_t most, struct histogram *h,
          struct err *e)
{
	struct sql_param bp[2] = {{SQLP_INT, NULL, 0, 0}, {SQLP_INT, NULL, 0, 0}};
	long long *count = calloc(c->ndict + 1, sizeof *count), valued = 0;
	const char *mn = NULL, *mx = NULL;
	char *bsql = NULL;
	long d0 = 0;
	size_t i;
	int y, m, d, rc = -1;

	if (count == NULL)
		return oom(e);
	for (i = 0; i < k; i++)
		count[c->codes[row[i]]]++;
	for (i = 1; i < c->ndict; i++) {
		if (count[i] == 0 || !calendar_day(c->dict[i], &y, &m, &d)) {
			count[i] = 0;
			continue;
		}
		valued += count[i];
		if (mn == NULL || strcmp(c->dict[i], mn) < 0)
			mn = c->dict[i];
		if (mx == NULL || strcmp(c->dict[i], mx) > 0)
			mx = c->dict[i];
	}
	h->empty = h->total - valued;
	if (valued == 0) {
		rc = 0;
		goto out;
	}
	snprintf(h->min, sizeof h->min, "%s", mn);
	snprintf(h->max, sizeof h->max, "%s", mx);
	if (date_buckets(h, most, "x", &bsql, bp) != 0) {
		rc = oom(e);
		goto out;
	}
	free(bsql);
	if (h->unit == 'd') {
		if (!calendar_day(bp[0].text, &y, &m, &d)) {
			rc = ENGINE_FALLBACK;
			goto out;
		}
		d0 = date_to_days(y, m, d);
	}
	for (i = 1; i < c->ndict; i++) {
		long long b;

		if (count[i] == 0)
			continue;
		calendar_day(c->dict[i], &y, &m, &d);
		if (h->unit == 'd')
			b = (long long)((double)(date_to_days(y, m, d) - d0) / (double)bp[1].i);
		else if (h->unit == 'm')
			b = ((long long)y * 12 + m - 1 - bp[0].i) / bp[1].i;
		else
			b = ((long long)y - bp[0].i) / bp[1].i;
		if (b < 0)
			b = 0;
		if (b >= (long long)h->n)
			b = (long long)h->n - 1;
		h->v[b].count += count[i];
	}
	rc = 0;
out:
	free(count);
	return rc;
}

int
engine_histogram(struct db *db, const char *parent, const char *rule, const char *field,
                 size_t buckets, struct histogram *out, struct err *e)
{
	struct field_catalog cat = {0};
	struct segment_compiler *sc = NULL;
	struct engine *en = engine_of(db);
	roaring_bitmap_t *scope = NULL;
	const struct field *f;
	const struct ecol *c;
	size_t k;
	int rc = ENGINE_FALLBACK;

	if (en == NULL || fields_load(db, &cat, e) != 0) {
		err_clear(e);
		return ENGINE_FALLBACK;
	}
	/* an unknown field, or one without a histogram, is SQL's to word */
	if ((f = fields_find(&cat, field != NULL ? field : "")) == NULL ||
	    (f->type != FT_NUMBER && f->type != FT_DATE))
		goto out;
	if (segment_compiler_open(db, &sc, e) != 0) {
		err_clear(e);
		goto out;
	}
	if ((rc = engine_within(db, sc, parent, rule, &scope, e)) != 0)
		goto out;
	if ((rc = eng_prefetch(en, &f, 1, false, e)) == 0 && (rc = eng_column(en, f, &c, e)) == 0 &&
	    (rc = engine_sync(en, e)) == 1)
		rc = ENGINE_FALLBACK; /* the base changed meanwhile */
	if (rc == 0 && (c->kind == EC_NUM) != (f->type == FT_NUMBER))
		rc = ENGINE_FALLBACK;
	if (rc != 0) {
		if (rc < 0 && e->code != EXIT_DATAERR) {
			err_clear(e);
			rc = ENGINE_FALLBACK;
		}
		goto out;
	}
	if (buckets < 2)
		buckets = 2;
	if (buckets > HIST_MAX_BUCKETS - 1)
		buckets = HIST_MAX_BUCKETS - 1;
	memset(out, 0, sizeof *out);
	out->type = f->type;
	k = (size_t)roaring_bitmap_get_cardinality(scope);
	roaring_bitmap_to_uint32_array(scope, en->buf);
	out->total = (long long)k;
	rc = f->type == FT_NUMBER ? number_hist(db, c, en->buf, k, buckets, out, e)
	                          : date_hist(c, en->buf, k, buckets, out, e);
	if (rc != 0) {
		memset(out, 0, sizeof *out);
		if (rc < 0 && e->code != EXIT_DATAERR) {
			err_clear(e);
			rc = ENGINE_FALLBACK;
		}
	}
out:
	eng_bm_free(scope);
	segment_compiler_close(&sc);
	fields_free(&cat);
	return rc;
}
