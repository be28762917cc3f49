/* The compiler that turns a segment's chain of rules (and `in segment`
 * references, with their cycles) into SQL, counting with it, and the checks
 * that the tree still compiles after an edit. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "metrics.h"
#include "private.h"

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
			return err_set(e, EXIT_FAIL, _("out of memory"));
		free(part->where);
		*acc = *part;
		acc->where = w;
		acc->levels++;
		memset(part, 0, sizeof *part);
		return 0;
	}
	if (asprintf(&w, "%s AND (%s)", acc->where, part->where) < 0)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	acc->conds += part->conds;
	if (part->levels + 1 > acc->levels)
		acc->levels = part->levels + 1;
	p = realloc(acc->params, (acc->nparams + part->nparams + 1) * sizeof *p);
	if (p == NULL) {
		free(w);
		return err_set(e, EXIT_FAIL, _("out of memory"));
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
		return err_set(e, EXIT_DATAERR, _("segments refer to each other too deeply (over %d "
		                                "levels of \"in segment\")"),
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
		return err_set(e, EXIT_DATAERR, _("the rule of %s refers to itself (in segment)"), msg);
	return err_set(e, EXIT_DATAERR,
	               _("segments refer to each other in a circle: %s; change one of these rules"),
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
		return err_prefix(e, _("the rule of \"%s\": "), sc->t->v[i].path);
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
	err_set(e, EXIT_FAIL, _("out of memory"));
fail:
	rule_sql_free(out);
	return -1;
}

/* The resolver rule/sql.c calls for `in segment "REF"`. */
static int
resolve_ref(void *ctx, const char *ref, struct rule_sql *out, struct err *e)
{
	struct seg_compiler *sc = ctx;
	long i = seg_tree_find(sc->t, ref, e);
	int rc;

	memset(out, 0, sizeof *out);
	if (i == -1)
		return (out->where = strdup("1")) != NULL ? 0 : err_set(e, EXIT_FAIL, _("out of memory"));
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
	if (metrics_reference_date(db, sc->ref, e) != 0) {
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
			             ? err_prefix(e, _("\"%s\" would no longer work: "), t.v[i].path)
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

/* --- the public face of the compiler (segment/segment.h) --------------------------- */

struct segment_compiler {
	struct seg_tree t;
	struct seg_compiler sc; /* points to t: the struct stays where it is */
};

int
segment_compiler_open(struct db *db, struct segment_compiler **out, struct err *e)
{
	struct segment_compiler *c = calloc(1, sizeof *c);

	*out = NULL;
	if (c == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	if (seg_open(db, &c->t, &c->sc, e) != 0) {
		free(c);
		return -1;
	}
	*out = c;
	return 0;
}

void
segment_compiler_close(struct segment_compiler **cp)
{
	if (*cp == NULL)
		return;
	seg_close(&(*cp)->t, &(*cp)->sc);
	free(*cp);
	*cp = NULL;
}

const struct segment *
segment_compiler_tree(const struct segment_compiler *c, size_t *n)
{
	*n = c->t.n;
	return c->t.v;
}

long
segment_compiler_find(const struct segment_compiler *c, const char *path, struct err *e)
{
	return seg_tree_find(&c->t, path, e);
}

long
segment_compiler_index(const struct segment_compiler *c, long long id)
{
	return seg_tree_index(&c->t, id);
}

int
segment_compiler_where(struct segment_compiler *c, long i, struct rule_sql *out, struct err *e)
{
	return seg_where_index(&c->sc, i, out, e);
}

int
segment_compiler_rule(struct segment_compiler *c, const struct rule *r, struct rule_sql *out,
                      struct err *e)
{
	return rule_to_sql_segs(r, &c->sc.cat, c->sc.ref, &c->sc.rs, out, e);
}

int
segment_sql_and(struct rule_sql *acc, struct rule_sql *part, struct err *e)
{
	return seg_sql_and(acc, part, e);
}

const struct field_catalog *
segment_compiler_catalog(const struct segment_compiler *c, const char **ref_date)
{
	*ref_date = c->sc.ref;
	return &c->sc.cat;
}
