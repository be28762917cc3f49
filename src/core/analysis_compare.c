/* Segments side by side (analysis.h): the "table of segment
 * characteristics" of SPEC §5. The column engine answers a column's
 * figures in one pass over its members (engine/group.c); where it cannot,
 * each is a count through the count functions, a grouped sum or the median
 * of ages by SQL. The cities are a facet. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "db.h"
#include "engine/engine.h"
#include "engine/group.h"
#include "fields.h"
#include "i18n.h"
#include "metrics.h"
#include "query.h"
#include "query_facet.h"

void
compare_free(struct compare *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->col[i].path);
		for (size_t k = 0; k < c->col[i].ncities; k++)
			free(c->col[i].city[k].city);
	}
	memset(c, 0, sizeof *c);
}

/* The median of the members' ages: the middle one, or the mean of the two
 * middle ones. */
static int
median_age(struct db *db, const char *path, struct compare_col *col, struct err *e)
{
	struct rule_sql w = {0};
	sqlite3_stmt *st = NULL;
	char *sql = NULL;
	double sum = 0;
	int rc = -1, s, k = 0;

	if (analysis_count(db, path, "age is not empty", &col->aged, e) != 0)
		return -1;
	if (col->aged == 0)
		return 0;
	if (query_scope(db, analysis_path(path), "age is not empty", &w, e) != 0)
		return -1;
	/* the scope's parameters are ?1..?n, LIMIT and OFFSET the next two */
	if (asprintf(&sql,
	             "SELECT m.age FROM customers AS c%s WHERE %s ORDER BY m.age LIMIT ? OFFSET ?",
	             fields_join(true), w.where) < 0) {
		sql = NULL;
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	if (db_prepare(db, &st, sql, e) != 0)
		goto out;
	if (db_bind_params(st, w.params, w.nparams, 1) != 0 ||
	    db_bind_int64_at(st, (int)w.nparams + 1, 2 - col->aged % 2) != 0 ||
	    db_bind_int64_at(st, (int)w.nparams + 2, (col->aged - 1) / 2) != 0) {
		err_set(e, EXIT_FAIL, _("binding the parameters of a median failed"));
		goto out;
	}
	while ((s = db_step(db, st, e)) == 1) {
		sum += db_col_double(st, 0);
		k++;
	}
	if (s == 0 && k > 0) {
		col->median_age = sum / k;
		rc = 0;
	}
out:
	sqlite3_finalize(st);
	free(sql);
	rule_sql_free(&w);
	return rc;
}

static int
top_cities(struct db *db, const char *path, struct compare_col *col, struct err *e)
{
	struct facet f = {0};

	if (query_facet(db, analysis_path(path), NULL, "city", COMPARE_CITIES, &f, e) != 0)
		return -1;
	for (size_t i = 0; i < f.n && i < COMPARE_CITIES; i++) {
		col->city[i].city = f.v[i].value;
		col->city[i].count = f.v[i].count;
		f.v[i].value = NULL;
		col->ncities++;
	}
	facet_free(&f);
	return 0;
}

static int
one(struct db *db, struct compare *c, struct compare_col *col, struct err *e)
{
	const char *p = col->path;
	struct {
		const char *rule;
		long long *out;
	} counts[] = {
		{NULL, &col->size},
		{"gender = F", &col->female},
		{"gender = M", &col->male},
		{"email_consent = yes", &col->consent},
		{c->active_rule, &col->active},
	};
	long long named = 0;
	int rc;

	if ((rc = engine_compare_col(db, c->active_rule, c->rfm_name, col, e)) == 0)
		return top_cities(db, p, col, e);
	if (rc != ENGINE_FALLBACK)
		return -1;
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		if (analysis_count(db, p, counts[i].rule, counts[i].out, e) != 0)
			return -1;
	col->gender_unknown = col->size - col->female - col->male;
	for (size_t i = 0; i < RFM_NAMED; i++) {
		char rule[ANALYSIS_RULE];

		snprintf(rule, sizeof rule, "rfm = %s", c->rfm_name[i]);
		if (analysis_count(db, p, rule, &col->rfm[i], e) != 0)
			return -1;
		named += col->rfm[i];
	}
	col->rfm_none = col->size - named;
	if (median_age(db, p, col, e) != 0 || top_cities(db, p, col, e) != 0)
		return -1;
	return analysis_sums(db, p, &col->orders, &col->revenue_cents, e);
}

int
analysis_compare(struct db *db, const char *const *paths, size_t n, int active_days,
                 struct compare *out, struct err *e)
{
	struct field_catalog cat = {0};
	const char *const *dom;
	size_t nd = 0;

	memset(out, 0, sizeof *out);
	if (n < 1 || n > COMPARE_MAX)
		return err_set(e, EXIT_USAGE, _("compare takes 1 to %d segments, not %zu"), COMPARE_MAX,
		               n);
	if (active_days <= 0)
		active_days = COMPARE_ACTIVE_DAYS;
	snprintf(out->active_rule, sizeof out->active_rule,
	         "last_order within %dd or last_activity within %dd", active_days, active_days);
	if (fields_load(db, &cat, e) != 0)
		return -1;
	dom = fields_domain(fields_find(&cat, "rfm"), &nd);
	for (size_t i = 0; i < RFM_NAMED; i++)
		out->rfm_name[i] = dom != NULL && i < nd ? dom[i] : "";
	fields_free(&cat);
	if (analysis_count(db, NULL, NULL, &out->base, e) != 0 ||
	    metrics_reference_date(db, out->ref_date, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct compare_col *col = &out->col[out->n];

		if ((col->path = strdup(analysis_path(paths[i]))) == NULL) {
			compare_free(out);
			return err_set(e, EXIT_FAIL, _("out of memory"));
		}
		out->n++;
		if (one(db, out, col, e) != 0) {
			compare_free(out);
			return -1;
		}
	}
	return 0;
}

const struct compare_row compare_rows[COMPARE_FIXED] = {
	{CMP_SIZE, 0, "size", N_("Customers")},
	{CMP_SHARE, 0, "share", N_("Share of the base")},
	{CMP_PART, 0, "female", N_("Women")},
	{CMP_PART, 1, "male", N_("Men")},
	{CMP_PART, 2, "gender_unknown", N_("Gender unknown")},
	{CMP_AGE, 0, "median_age", N_("Median age")},
	{CMP_CITY, 0, "city_1", N_("City 1")},
	{CMP_CITY, 1, "city_2", N_("City 2")},
	{CMP_CITY, 2, "city_3", N_("City 3")},
	{CMP_ORDERS, 0, "orders", N_("Orders")},
	{CMP_AVG, 0, "avg_check", N_("Average check")},
	{CMP_REVENUE, 0, "revenue", N_("Revenue")},
	{CMP_PART, 3, "email_consent", N_("Email consent")},
	{CMP_PART, 4, "active", N_("Active")},
};

long long
compare_part(const struct compare_col *c, int i)
{
	const long long parts[] = {c->female, c->male, c->gender_unknown, c->consent, c->active};

	return i >= 0 && i < 5 ? parts[i] : 0;
}
