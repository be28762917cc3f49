/* What each top-level condition of a rule removes within its parent, part
 * of the query module (query_facet.h): one pass over the parent's members
 * that gives each a mask of the terms it meets, grouped; the counts with
 * every term and with each left out are sums over the masks. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "engine/engine.h"
#include "i18n.h"
#include "query.h"
#include "query_facet.h"
#include "rule/terms.h"
#include "segment/segment.h"
#include "util/strbuf.h"

int
query_scope(struct db *db, const char *parent, const char *rule, struct rule_sql *out,
            struct err *e)
{
	struct rule_sql r;

	memset(out, 0, sizeof *out);
	if (parent != NULL && parent[0] != '\0') {
		if (segment_where(db, parent, out, e) != 0)
			return -1;
	} else if ((out->where = strdup("1")) == NULL) {
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	if (rule == NULL || rule[0] == '\0')
		return 0;
	if (rule_where(db, rule, &r, e) != 0 || segment_sql_and(out, &r, e) != 0) {
		rule_sql_free(&r);
		rule_sql_free(out);
		return -1;
	}
	rule_sql_free(&r);
	return 0;
}

void
term_removes_free(struct term_removes *t)
{
	rule_terms_free(t->terms, t->n);
	free(t->without);
	free(t->removes);
	memset(t, 0, sizeof *t);
}

/* The statement: "SELECT (CASE WHEN (t0) THEN 1 ELSE 0 END) | (CASE WHEN
 * (t1) THEN 2 ...) AS k, count(*) ... WHERE parent GROUP BY k", each term
 * compiled once; its parameters in the order they appear. */
static int
count_masks(struct db *db, const struct rule_sql *scope, const struct rule_sql *w, size_t n,
            long long *parent_n, long long *all, long long *without, struct err *e)
{
	struct strbuf b = {0};
	struct sql_param *p = NULL;
	sqlite3_stmt *st = NULL;
	size_t i, j, np = scope->nparams;
	uint64_t full = n == 0 ? 0 : (UINT64_MAX >> (64 - n));
	int metrics = scope->needs_metrics, rc = -1, s;

	for (i = 0; i < n; i++) {
		np += w[i].nparams;
		metrics |= w[i].needs_metrics;
	}
	/* borrowed, not copied */
	if (np > 0 && (p = calloc(np, sizeof *p)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	np = 0;
	strbuf_add(&b, "SELECT ");
	if (n == 0)
		strbuf_add(&b, "0");
	for (i = 0; i < n; i++) {
		strbuf_addf(&b, "%s(CASE WHEN (%s) THEN %llu ELSE 0 END)", i ? " | " : "",
		            w[i].where, (unsigned long long)1 << i);
		for (j = 0; j < w[i].nparams; j++)
			p[np++] = w[i].params[j];
	}
	strbuf_addf(&b, " AS k, count(*) FROM customers AS c%s WHERE %s GROUP BY k",
	            fields_join(metrics), scope->where);
	for (j = 0; j < scope->nparams; j++)
		p[np++] = scope->params[j];
	if (b.oom) {
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	if (db_prepare(db, &st, b.p, e) != 0)
		goto out;
	if (db_bind_params(st, p, np, 1) != 0) {
		err_set(e, EXIT_FAIL, _("binding the parameters of a count failed"));
		goto out;
	}
	while ((s = db_step(db, st, e)) == 1) {
		uint64_t k = (uint64_t)db_col_int64(st, 0);
		long long c = db_col_int64(st, 1);

		*parent_n += c;
		if (k == full)
			*all += c;
		for (i = 0; i < n; i++)
			if ((k | ((uint64_t)1 << i)) == full)
				without[i] += c;
	}
	if (s == 0)
		rc = 0;
out:
	sqlite3_finalize(st);
	free(b.p);
	free(p);
	return rc;
}

int
query_terms_counts(struct db *db, const char *parent, const char *const *terms, size_t n,
                   long long *parent_n, long long *all, long long *without, struct err *e)
{
	struct rule_sql scope = {0}, *w = NULL;
	size_t i, nw = 0;
	int rc = -1;

	*parent_n = *all = 0;
	for (i = 0; i < n; i++)
		without[i] = 0;
	if (n > QUERY_TERMS_MAX)
		return err_set(e, EXIT_DATAERR,
		               _("the rule has %zu conditions at its top level; at most %d can be "
		                 "weighed one by one"),
		               n, QUERY_TERMS_MAX);
	if ((rc = engine_terms_counts(db, parent, terms, n, parent_n, all, without, e)) !=
	    ENGINE_FALLBACK)
		return rc;
	rc = -1;
	*parent_n = *all = 0;
	for (i = 0; i < n; i++)
		without[i] = 0;
	if ((w = calloc(n + 1, sizeof *w)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	if (query_scope(db, parent, NULL, &scope, e) != 0)
		goto out;
	for (nw = 0; nw < n; nw++)
		if (rule_where(db, terms[nw], &w[nw], e) != 0)
			goto out;
	rc = count_masks(db, &scope, w, n, parent_n, all, without, e);
out:
	for (i = 0; i < nw; i++)
		rule_sql_free(&w[i]);
	free(w);
	rule_sql_free(&scope);
	return rc;
}

int
query_terms_removes(struct db *db, const char *parent, const char *rule,
                    struct term_removes *out, struct err *e)
{
	size_t i;

	memset(out, 0, sizeof *out);
	if (rule_terms(rule, &out->terms, &out->n, e) != 0)
		return -1;
	if ((out->without = calloc(out->n + 1, sizeof *out->without)) == NULL ||
	    (out->removes = calloc(out->n + 1, sizeof *out->removes)) == NULL) {
		term_removes_free(out);
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	if (query_terms_counts(db, parent, (const char *const *)out->terms, out->n, &out->parent,
	                       &out->all, out->without, e) != 0) {
		term_removes_free(out);
		return -1;
	}
	for (i = 0; i < out->n; i++)
		out->removes[i] = out->without[i] - out->all;
	return 0;
}

int
segment_terms_removes(struct db *db, const char *path, struct term_removes *out,
                      struct err *e)
{
	struct segment_compiler *sc;
	const struct segment *tv;
	char *parent = NULL, *rule = NULL;
	size_t tn;
	long i, p;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (segment_compiler_open(db, &sc, e) != 0)
		return -1;
	tv = segment_compiler_tree(sc, &tn);
	if ((i = segment_compiler_find(sc, path, e)) < 0) {
		if (i == -1)
			err_set(e, EXIT_DATAERR, _("the base as a whole has no conditions"));
		goto out;
	}
	if (tv[i].is_static) {
		err_set(e, EXIT_DATAERR,
		        _("\"%s\" is a frozen segment: its members are a list, not conditions"),
		        tv[i].path);
		goto out;
	}
	p = tv[i].parent_id ? segment_compiler_index(sc, tv[i].parent_id) : -1;
	if ((p >= 0 && (parent = strdup(tv[p].path)) == NULL) ||
	    (rule = strdup(tv[i].rule != NULL ? tv[i].rule : "")) == NULL) {
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	rc = 0;
out:
	segment_compiler_close(&sc);
	if (rc == 0)
		rc = query_terms_removes(db, parent, rule, out, e);
	free(parent);
	free(rule);
	return rc;
}
