/* Why one customer is, or is not, in a segment: the chain of segments from
 * the root down, each with its conditions marked met or not, every
 * condition compiled alone and run for that customer. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/date.h"
#include "db.h"
#include "i18n.h"
#include "metrics.h"
#include "rule/tree.h"
#include "private.h"
#include "text/text.h"

void
segment_why_free(struct segment_why *w)
{
	size_t i, k;

	if (w == NULL)
		return;
	for (i = 0; i < w->nsteps; i++) {
		struct segment_why_step *s = &w->steps[i];

		for (k = 0; k < s->nconds; k++) {
			free(s->conds[k].text);
			free(s->conds[k].value);
		}
		free(s->conds);
		free(s->name);
		free(s->path);
		free(s->rule);
	}
	free(w->steps);
	free(w->customer);
	memset(w, 0, sizeof *w);
}

/* The customer by external id, else by email (any case); who NULL: the
 * customer whose customers.id is id. */
static int
find_customer(struct db *db, const char *who, long long id, struct segment_why *out,
              struct err *e)
{
	sqlite3_stmt *st;
	char *folded = who != NULL ? text_fold(who) : NULL;
	int rc;

	if (who != NULL && folded == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	st = db_cached(db,
	               "SELECT id, ext_id, email, coalesce(nullif(full_name, ''),"
	               " nullif(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''))"
	               " FROM customers WHERE ext_id = ?1 OR email = ?2 OR id = ?3"
	               " ORDER BY ext_id = ?1 DESC, id LIMIT 1",
	               e);
	if (st == NULL) {
		free(folded);
		return -1;
	}
	if (who != NULL) {
		db_bind_text_at(st, 1, who);
		db_bind_text_at(st, 2, folded);
		db_bind_null_at(st, 3);
	} else {
		db_bind_null_at(st, 1);
		db_bind_null_at(st, 2);
		db_bind_int64_at(st, 3, id);
	}
	free(folded);
	rc = db_step(db, st, e);
	if (rc == 1) {
		const char *ext = db_col_text(st, 1);
		const char *email = db_col_text(st, 2);
		const char *name = db_col_text(st, 3);

		out->customer_id = db_col_int64(st, 0);
		if (asprintf(&out->customer, "%s%s%s%s%s(id %s)", name ? name : "", name ? " " : "",
		             email ? "<" : "", email ? email : "", email ? "> " : "",
		             ext ? ext : "none") < 0) {
			out->customer = NULL;
			rc = err_set(e, EXIT_FAIL, _("out of memory"));
		}
	} else if (rc == 0 && who != NULL) {
		rc = err_set(e, EXIT_DATAERR, _("no customer with the id or email \"%s\""), who);
	} else if (rc == 0) {
		rc = err_set(e, EXIT_DATAERR, _("customer %lld is no longer in %s"), id,
		             db_path(db));
	}
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Runs the condition w for the customer: true or false. */
static int
eval(struct db *db, const struct rule_sql *w, long long customer, bool *met, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char *sql;
	int rc;

	*met = false;
	if (asprintf(&sql, "SELECT (%s) FROM customers AS c%s WHERE c.id = ?", w->where,
	             fields_join(w->needs_metrics)) < 0)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	rc = db_prepare(db, &st, sql, e);
	if (rc == 0 && db_bind_params(st, w->params, w->nparams, 1) != 0)
		rc = err_set(e, EXIT_FAIL, _("binding the parameters of a condition failed"));
	if (rc == 0)
		db_bind_int64_at(st, (int)w->nparams + 1, customer);
	if (rc == 0 && (rc = db_step(db, st, e)) == 1) {
		*met = db_col_int(st, 0) != 0;
		rc = 0;
	}
	sqlite3_finalize(st);
	free(sql);
	return rc < 0 ? -1 : 0;
}

/* "N days before the reference date" for an ISO date. */
static void
days_phrase(const char *date, const char *ref, char *buf, size_t size)
{
	long d = date_day_number(date), r = date_day_number(ref);
	long n = labs(r - d);

	if (d < 0 || r < 0)
		buf[0] = '\0';
	else if (d == r)
		snprintf(buf, size, "%s", _(", the reference date"));
	else if (d < r)
		snprintf(buf, size,
		         P_(", %ld day before the reference date", ", %ld days before the reference date",
		            n),
		         n);
	else
		snprintf(buf, size,
		         P_(", %ld day after the reference date", ", %ld days after the reference date", n),
		         n);
}

/* What the customer has in the field of a comparison, or the tags she
 * carries for a tag condition: a malloc'd phrase, NULL for a condition
 * that names no field (or when out of memory, with e set). */
static int
cond_value(struct seg_compiler *sc, const struct rnode *n, long long customer, char **out,
           struct err *e)
{
	const struct field *f = NULL;
	sqlite3_stmt *st = NULL;
	char *sql = NULL, days[80] = "";
	const char *v;
	int rc;

	*out = NULL;
	while (n->kind == RN_NOT)
		n = n->kids[0];
	if (n->kind == RN_TAG || n->kind == RN_TAGS) {
		sql = strdup("SELECT (SELECT group_concat(name, ', ') FROM (SELECT t.name FROM "
		             "customer_tags AS ct JOIN tags AS t ON t.id = ct.tag_id WHERE "
		             "ct.customer_id = c.id ORDER BY t.name_fold)) FROM customers AS c "
		             "WHERE c.id = ?");
	} else if (n->kind == RN_CMP && (f = fields_find(&sc->cat, n->field)) != NULL) {
		if (asprintf(&sql, "SELECT %s FROM customers AS c%s WHERE c.id = ?", f->sql,
		             fields_join(f->needs_metrics)) < 0)
			sql = NULL;
	} else {
		return 0;
	}
	if (sql == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	rc = db_prepare(sc->db, &st, sql, e);
	free(sql);
	if (rc != 0)
		return -1;
	db_bind_int64_at(st, 1, customer);
	if ((rc = db_step(sc->db, st, e)) == 1) {
		v = db_col_text(st, 0);
		if (f == NULL)
			rc = v != NULL ? asprintf(out, _("tags: %s"), v) : asprintf(out, "%s", _("no tags"));
		else if (v == NULL || v[0] == '\0')
			rc = asprintf(out, _("%s is empty"), f->name);
		else if (f->type == FT_BOOL)
			rc = asprintf(out, "%s %s", f->name, db_col_int(st, 0) ? _("yes") : _("no"));
		else if (f->type == FT_NUMBER && db_col_type(st, 0) == SQLITE_FLOAT)
			rc = asprintf(out, "%s %.15g", f->name, db_col_double(st, 0));
		else if (f->type == FT_DATE) {
			days_phrase(v, sc->ref, days, sizeof days);
			rc = asprintf(out, "%s %.10s%s", f->name, v, days);
		} else
			rc = asprintf(out, "%s %s", f->name, v);
		if (rc < 0) {
			*out = NULL;
			rc = err_set(e, EXIT_FAIL, _("out of memory"));
		}
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

struct leaves {
	struct seg_compiler *sc;
	struct segment_why_step *step;
	long long customer;
	struct err *e;
};

static int
add_cond(struct leaves *lv, const struct rnode *n)
{
	struct segment_why_step *s = lv->step;
	struct segment_why_cond *c;
	struct rule r = {(struct rnode *)n};
	struct rule_sql w;
	int rc;

	c = realloc(s->conds, (s->nconds + 1) * sizeof *c);
	if (c == NULL)
		return err_set(lv->e, EXIT_FAIL, _("out of memory"));
	s->conds = c;
	c = &s->conds[s->nconds];
	memset(c, 0, sizeof *c);
	if ((c->text = rule_print(&r)) == NULL)
		return err_set(lv->e, EXIT_FAIL, _("out of memory"));
	s->nconds++;
	if (rule_to_sql_segs(&r, &lv->sc->cat, lv->sc->ref, &lv->sc->rs, &w, lv->e) != 0)
		return -1;
	rc = eval(lv->sc->db, &w, lv->customer, &c->met, lv->e);
	rule_sql_free(&w);
	if (rc == 0)
		rc = cond_value(lv->sc, n, lv->customer, &c->value, lv->e);
	return rc;
}

/* Each leaf condition of n; "not X" over one leaf stays one condition. */
static int
walk_leaves(struct leaves *lv, const struct rnode *n)
{
	size_t i;

	if (n == NULL)
		return 0;
	switch (n->kind) {
	case RN_AND:
	case RN_OR:
		for (i = 0; i < n->nkids; i++)
			if (walk_leaves(lv, n->kids[i]) != 0)
				return -1;
		return 0;
	case RN_NOT:
		if (n->kids[0]->kind == RN_AND || n->kids[0]->kind == RN_OR)
			return walk_leaves(lv, n->kids[0]);
		return add_cond(lv, n);
	default:
		return add_cond(lv, n);
	}
}

static int
explain_step(struct seg_compiler *sc, long i, long long customer, struct segment_why_step *s,
             struct err *e)
{
	const struct segment *seg = &sc->t->v[i];
	struct leaves lv = {sc, s, customer, e};
	struct rule *r = NULL;
	struct rule_sql w = {0};
	int rc;

	if ((s->name = strdup(seg->name)) == NULL || (s->path = strdup(seg->path)) == NULL ||
	    (s->rule = seg_rule_display(sc->t, seg->rule)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	s->is_static = seg->is_static;
	if (seg->is_static) {
		struct segment_why_cond *c = calloc(1, sizeof *c);

		if (c == NULL)
			return err_set(e, EXIT_FAIL, _("out of memory"));
		s->conds = c;
		s->nconds = 1;
		if (asprintf(&c->text, _("on the list frozen %s"),
		             seg->frozen_at ? seg->frozen_at : "") < 0) {
			c->text = NULL;
			return err_set(e, EXIT_FAIL, _("out of memory"));
		}
		if ((w.where = strdup("c.id IN (SELECT customer_id FROM segment_members WHERE "
		                      "segment_id = ?)")) == NULL ||
		    (w.params = calloc(1, sizeof *w.params)) == NULL) {
			rule_sql_free(&w);
			return err_set(e, EXIT_FAIL, _("out of memory"));
		}
		w.nparams = 1;
		w.params[0].kind = SQLP_INT;
		w.params[0].i = seg->id;
		rc = eval(sc->db, &w, customer, &s->met, e);
		c->met = s->met;
		rule_sql_free(&w);
		return rc;
	}
	/* the whole rule, then each condition as the user reads it (paths) */
	if (seg_rule_sql(sc, i, seg->rule, &w, e) != 0)
		return -1;
	rc = eval(sc->db, &w, customer, &s->met, e);
	rule_sql_free(&w);
	if (rc != 0)
		return -1;
	if (rule_parse(s->rule, &r, e) != 0)
		return -1;
	rc = walk_leaves(&lv, r->root);
	rule_free(&r);
	return rc;
}

static int
why(struct db *db, const char *path, const char *customer, long long id,
    struct segment_why *out, struct err *e)
{
	struct seg_tree t;
	struct seg_compiler sc;
	long chain[256], i, j;
	size_t n = 0, k;
	bool member = true;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (seg_open(db, &t, &sc, e) != 0)
		return -1;
	if ((i = seg_tree_find(&t, path, e)) == -2 || find_customer(db, customer, id, out, e) != 0)
		goto out;
	for (j = i; j >= 0 && n < 256; n++) {
		chain[n] = j;
		j = t.v[j].parent_id ? seg_tree_index(&t, t.v[j].parent_id) : -1;
	}
	if (n > 0 && (out->steps = calloc(n, sizeof *out->steps)) == NULL) {
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	for (k = 0; k < n; k++) {
		struct segment_why_step *s = &out->steps[k];

		out->nsteps++;
		if (explain_step(&sc, chain[n - 1 - k], out->customer_id, s, e) != 0)
			goto out;
		/* a frozen list stands alone: the rules above it do not apply */
		member = s->is_static ? s->met : member && s->met;
		s->member = member;
	}
	out->member = member;
	rc = 0;
out:
	if (rc != 0)
		segment_why_free(out);
	seg_close(&t, &sc);
	return rc;
}

int
segment_why(struct db *db, const char *path, const char *customer, struct segment_why *out,
            struct err *e)
{
	return why(db, path, customer, 0, out, e);
}

int
segment_why_id(struct db *db, const char *path, long long customer_id, struct segment_why *out,
               struct err *e)
{
	return why(db, path, NULL, customer_id, out, e);
}
