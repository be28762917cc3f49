/* The compiler that turns a segment's chain of rules (and `in segment`
 * references, with their cycles) into SQL, counting with it, and the checks
 * that the tree still compiles after an edit. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "segment_int.h"

/* --- compiling chains ----------------------------------------------------- */

int
seg_sql_and(struct rule_sql *acc, struct rule_sql *part, struct err *e)
{
	struct sql_param *p;
	char *w;
	size_t i;

	/* "(A) AND (B) AND (C)" rather than "((A) AND (B)) AND (C)": a deep
	 * chain of segments must not nest deeper than SQLite's parser takes */
	if (acc->where == NULL) {
		if (asprintf(&w, "(%s)", part->where) < 0)
			return err_set(e, EXIT_FAIL, "out of memory");
		free(part->where);
		*acc = *part;
		acc->where = w;
		acc->levels++;
		memset(part, 0, sizeof *part);
		return 0;
	}
	if (asprintf(&w, "%s AND (%s)", acc->where, part->where) < 0)
		return err_set(e, EXIT_FAIL, "out of memory");
	acc->conds += part->conds;
	if (part->levels + 1 > acc->levels)
		acc->levels = part->levels + 1;
	p = realloc(acc->params, (acc->nparams + part->nparams + 1) * sizeof *p);
	if (p == NULL) {
		free(w);
		return err_set(e, EXIT_FAIL, "out of memory");
	}
	acc->params = p;
	for (i = 0; i < part->nparams; i++) {
		acc->params[acc->nparams++] = part->params[i];
		part->params[i].text = NULL;
	}
	free(acc->where);
	acc->where = w;
	acc->needs_metrics |= part->needs_metrics;
	rule_sql_free(part);
	return 0;
}

static int
stack_push(struct seg_compiler *sc, long long id, bool rule, struct err *e)
{
	if (sc->depth == (int)(sizeof sc->stack / sizeof sc->stack[0]))
		return err_set(e, EXIT_DATAERR, "segments refer to each other too deeply (over %d "
		                                "levels of \"in segment\")",
		               sc->depth / 2);
	sc->stack[sc->depth].id = id;
	sc->stack[sc->depth].rule = rule;
	sc->depth++;
	return 0;
}

/* "A" -> "B" -> "A": the segments of a cycle that closes on id. */
static int
cycle_error(struct seg_compiler *sc, long long id, struct err *e)
{
	char msg[800];
	size_t used = 0;
	long long last = 0;
	int k = 0, j;

	while (k < sc->depth && !(sc->stack[k].id == id && sc->stack[k].rule))
		k++;
	msg[0] = '\0';
	for (j = k; j <= sc->depth && used < sizeof msg; j++) {
		long long cur = j < sc->depth ? sc->stack[j].id : id;
		long i = seg_tree_index(sc->t, cur);

		if (cur == last)
			continue;
		last = cur;
		used += (size_t)snprintf(msg + used, sizeof msg - used, "%s\"%s\"",
		                         j > k ? " -> " : "", i >= 0 ? sc->t->v[i].path : "?");
	}
	if (strstr(msg, " -> ") == NULL)
		return err_set(e, EXIT_DATAERR, "the rule of %s refers to itself (in segment)", msg);
	return err_set(e, EXIT_DATAERR,
	               "segments refer to each other in a circle: %s; change one of these rules",
	               msg);
}

int
seg_rule_sql(struct seg_compiler *sc, long i, const char *text, struct rule_sql *out,
             struct err *e)
{
	struct rule *r = NULL;
	long long id = sc->t->v[i].id;
	int k, rc;

	memset(out, 0, sizeof *out);
	for (k = 0; k < sc->depth; k++)
		if (sc->stack[k].id == id && sc->stack[k].rule) {
			cycle_error(sc, id, e);
			if (e != NULL)
				e->kind = ERR_CYCLE;
			return -1;
		}
	if (rule_parse(text, &r, e) != 0)
		return err_prefix(e, "the rule of \"%s\": ", sc->t->v[i].path);
	if (stack_push(sc, id, true, e) != 0) {
		rule_free(&r);
		return -1;
	}
	rc = rule_to_sql_segs(r, &sc->cat, sc->ref, &sc->rs, out, e);
	sc->depth--;
	rule_free(&r);
	return rc;
}

int
seg_where_index(struct seg_compiler *sc, long i, struct rule_sql *out, struct err *e)
{
	long chain[256];
	int nchain = 0, k, top = 0;
	long j;

	memset(out, 0, sizeof *out);
	for (j = i; j >= 0 && nchain < 256; nchain++) {
		chain[nchain] = j;
		j = sc->t->v[j].parent_id ? seg_tree_index(sc->t, sc->t->v[j].parent_id) : -1;
	}
	/* a frozen list is what it is: the rules above it no longer apply */
	for (k = 0; k < nchain; k++)
		if (sc->t->v[chain[k]].is_static) {
			top = k;
			break;
		}
	if (k == nchain)
		top = nchain - 1;
	for (k = top; k >= 0; k--) {
		const struct segment *s = &sc->t->v[chain[k]];
		struct rule_sql part = {0};

		if (s->is_static) {
			if ((part.where = strdup("c.id IN (SELECT customer_id FROM segment_members "
			                         "WHERE segment_id = ?)")) == NULL ||
			    (part.params = calloc(1, sizeof *part.params)) == NULL) {
				rule_sql_free(&part);
				goto oom;
			}
			part.nparams = 1;
			part.params[0].kind = SQLP_INT;
			part.params[0].i = s->id;
		} else if (s->rule[0] == '\0') {
			continue; /* everyone of the parent */
		} else if (seg_rule_sql(sc, chain[k], s->rule, &part, e) != 0) {
			goto fail;
		}
		if (seg_sql_and(out, &part, e) != 0) {
			rule_sql_free(&part);
			goto fail;
		}
	}
	if (out->where == NULL && (out->where = strdup("1")) == NULL)
		goto oom;
	return 0;
oom:
	err_set(e, EXIT_FAIL, "out of memory");
fail:
	rule_sql_free(out);
	return -1;
}

/* The resolver rule_sql.c calls for `in segment "REF"`. */
static int
resolve_ref(void *ctx, const char *ref, struct rule_sql *out, struct err *e)
{
	struct seg_compiler *sc = ctx;
	long i = seg_tree_find(sc->t, ref, e);
	int rc;

	memset(out, 0, sizeof *out);
	if (i == -1)
		return (out->where = strdup("1")) != NULL ? 0 : err_set(e, EXIT_FAIL, "out of memory");
	if (i < 0)
		return -1;
	if (stack_push(sc, sc->t->v[i].id, false, e) != 0)
		return -1;
	rc = seg_where_index(sc, i, out, e);
	sc->depth--;
	return rc;
}

int
seg_compiler_init(struct seg_compiler *sc, struct db *db, struct seg_tree *t, struct err *e)
{
	memset(sc, 0, sizeof *sc);
	sc->db = db;
	sc->t = t;
	sc->rs.where = resolve_ref;
	sc->rs.ctx = sc;
	if (fields_load(db, &sc->cat, e) != 0)
		return -1;
	if (db_reference_date(db, sc->ref, e) != 0) {
		fields_free(&sc->cat);
		return -1;
	}
	return 0;
}

void
seg_compiler_free(struct seg_compiler *sc)
{
	fields_free(&sc->cat);
}

int
segment_where(struct db *db, const char *path, struct rule_sql *out, struct err *e)
{
	struct seg_tree t;
	struct seg_compiler sc;
	long i;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (seg_tree_load(db, &t, e) != 0)
		return -1;
	if ((i = seg_tree_find(&t, path, e)) >= -1 && seg_compiler_init(&sc, db, &t, e) == 0) {
		if (i == -1)
			rc = (out->where = strdup("1")) != NULL ? 0 : err_set(e, EXIT_FAIL, "out of memory");
		else
			rc = seg_where_index(&sc, i, out, e);
		seg_compiler_free(&sc);
	}
	seg_tree_free(&t);
	return rc;
}

int
rule_where(struct db *db, const char *rule, struct rule_sql *out, struct err *e)
{
	struct seg_tree t;
	struct seg_compiler sc;
	struct rule *r = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (rule_parse(rule != NULL ? rule : "", &r, e) != 0)
		return -1;
	if (seg_tree_load(db, &t, e) != 0) {
		rule_free(&r);
		return -1;
	}
	if (seg_compiler_init(&sc, db, &t, e) == 0) {
		rc = rule_to_sql_segs(r, &sc.cat, sc.ref, &sc.rs, out, e);
		seg_compiler_free(&sc);
	}
	seg_tree_free(&t);
	rule_free(&r);
	return rc;
}

int
segment_sql_count(struct db *db, const struct rule_sql *w, long long *out, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char *sql;
	int rc;

	*out = 0;
	if (asprintf(&sql, "SELECT count(*) FROM customers AS c%s WHERE %s",
	             w->needs_metrics ? " LEFT JOIN customer_metrics AS m ON m.customer_id = c.id"
	                              : "",
	             w->where) < 0)
		return err_set(e, EXIT_FAIL, "out of memory");
	rc = db_prepare(db, &st, sql, e);
	if (rc == 0 && rule_sql_bind(st, w, 1) != 0)
		rc = err_set(e, EXIT_FAIL, "binding the parameters of a count failed");
	if (rc == 0 && (rc = db_step(db, st, e)) == 1) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	} else if (rc == 0) {
		rc = err_set(e, EXIT_FAIL, "a count returned no row");
	}
	sqlite3_finalize(st);
	free(sql);
	return rc;
}

int
seg_failing(struct db *db, long long **ids, size_t *n, struct err *e)
{
	struct seg_tree t;
	struct seg_compiler sc;
	size_t i;

	*ids = NULL;
	*n = 0;
	if (seg_tree_load(db, &t, e) != 0)
		return -1;
	if (seg_compiler_init(&sc, db, &t, e) != 0) {
		seg_tree_free(&t);
		return -1;
	}
	for (i = 0; i < t.n; i++) {
		struct rule_sql w;
		struct err ignored = {0};

		if (t.v[i].is_static)
			continue;
		if (seg_where_index(&sc, (long)i, &w, &ignored) == 0) {
			rule_sql_free(&w);
			continue;
		}
		if (*ids == NULL && (*ids = calloc(t.n, sizeof **ids)) == NULL)
			break;
		(*ids)[(*n)++] = t.v[i].id;
	}
	seg_compiler_free(&sc);
	seg_tree_free(&t);
	return 0;
}

int
seg_validate(struct db *db, const long long *was, size_t nwas, long long edited,
             struct err *e)
{
	struct seg_tree t;
	struct seg_compiler sc;
	size_t i, k;
	int rc = 0;

	if (seg_tree_load(db, &t, e) != 0)
		return -1;
	if (seg_compiler_init(&sc, db, &t, e) != 0) {
		seg_tree_free(&t);
		return -1;
	}
	for (i = 0; i < t.n && rc == 0; i++) {
		struct rule_sql w;
		bool broken_before = false;

		if (t.v[i].is_static)
			continue;
		for (k = 0; k < nwas; k++)
			broken_before |= was[k] == t.v[i].id;
		if (seg_where_index(&sc, (long)i, &w, e) == 0)
			rule_sql_free(&w);
		else if (!broken_before)
			rc = edited && t.v[i].id != edited
			             ? err_prefix(e, "\"%s\" would no longer work: ", t.v[i].path)
			             : -1;
		else
			err_clear(e);
	}
	seg_compiler_free(&sc);
	seg_tree_free(&t);
	return rc;
}

int
seg_open(struct db *db, struct seg_tree *t, struct seg_compiler *sc, struct err *e)
{
	if (seg_tree_load(db, t, e) != 0)
		return -1;
	if (seg_compiler_init(sc, db, t, e) != 0) {
		seg_tree_free(t);
		return -1;
	}
	return 0;
}

void
seg_close(struct seg_tree *t, struct seg_compiler *sc)
{
	seg_compiler_free(sc);
	seg_tree_free(t);
}
