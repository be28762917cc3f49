/* The top-level `and` terms of a rule (the rows of the conditions panel)
 * and the edits of one field's term that the facet panel makes: a value
 * toggled into `field in (...)`, a `between` range set. Each parses the
 * text, edits the tree and prints it, so that values are quoted exactly as
 * rule_print quotes them. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "rule/terms.h"
#include "rule/tree.h"
#include "text/text.h"

static int
oom(struct err *e)
{
	return err_set(e, EXIT_FAIL, _("out of memory"));
}

/* Takes the top-level terms out of r (r->root is NULL after): *v malloc'd,
 * the nodes the caller's. */
static int
take_terms(struct rule *r, struct rnode ***v, size_t *n, struct err *e)
{
	struct rnode *root = r->root;

	*v = NULL;
	*n = 0;
	if (root == NULL)
		return 0;
	if (root->kind == RN_AND) {
		*v = root->kids;
		*n = root->nkids;
		root->kids = NULL;
		root->nkids = 0;
		rnode_free(root);
	} else {
		if ((*v = malloc(sizeof **v)) == NULL)
			return oom(e);
		(*v)[0] = root;
		*n = 1;
	}
	r->root = NULL;
	return 0;
}

/* Gives r the terms v[0..n) back as its root (v is taken over). */
static int
put_terms(struct rule *r, struct rnode **v, size_t n, struct err *e)
{
	struct rnode *a;

	if (n <= 1) {
		r->root = n == 1 ? v[0] : NULL;
		free(v);
		return 0;
	}
	if ((a = calloc(1, sizeof *a)) == NULL) {
		while (n > 0)
			rnode_free(v[--n]);
		free(v);
		return oom(e);
	}
	a->kind = RN_AND;
	a->kids = v;
	a->nkids = n;
	r->root = a;
	return 0;
}

static void
free_terms(struct rnode **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		rnode_free(v[i]);
	free(v);
}

/* One node printed as a rule of its own. */
static char *
print_term(struct rnode *t)
{
	struct rule one = {t};

	return rule_print(&one);
}

void
rule_terms_free(char **terms, size_t n)
{
	size_t i;

	if (terms == NULL)
		return;
	for (i = 0; i < n; i++)
		free(terms[i]);
	free(terms);
}

int
rule_terms(const char *text, char ***terms, size_t *n, struct err *e)
{
	struct rule *r = NULL;
	struct rnode **v = NULL;
	size_t nv = 0, i;
	int rc = -1;

	*terms = NULL;
	*n = 0;
	if (rule_parse(text != NULL ? text : "", &r, e) != 0)
		return -1;
	if (take_terms(r, &v, &nv, e) != 0)
		goto out;
	if (nv > 0 && (*terms = calloc(nv, sizeof **terms)) == NULL) {
		oom(e);
		goto out;
	}
	for (i = 0; i < nv; i++) {
		if (((*terms)[i] = print_term(v[i])) == NULL) {
			rule_terms_free(*terms, i);
			*terms = NULL;
			oom(e);
			goto out;
		}
	}
	*n = nv;
	rc = 0;
out:
	free_terms(v, nv);
	rule_free(&r);
	return rc;
}

int
rule_join_terms(const char *const *terms, size_t n, char **out, struct err *e)
{
	struct strbuf b = {0};
	struct rule *r = NULL;
	size_t i, k = 0;

	*out = NULL;
	strbuf_add(&b, "");
	for (i = 0; i < n; i++) {
		if (terms[i] == NULL)
			continue;
		if (rule_parse(terms[i], &r, e) != 0) {
			/* the position stays the one within the term */
			err_prefix(e, _("condition %zu: "), i + 1);
			free(b.p);
			return -1;
		}
		if (r->root != NULL) {
			/* each term in parentheses: an `or` term stays one term */
			strbuf_addf(&b, "%s(%s)", k++ > 0 ? " and " : "", terms[i]);
		}
		rule_free(&r);
	}
	if (b.oom) {
		free(b.p);
		return oom(e);
	}
	if (rule_parse(b.p, &r, e) != 0) {
		free(b.p);
		return -1;
	}
	free(b.p);
	*out = rule_print(r);
	rule_free(&r);
	return *out != NULL ? 0 : oom(e);
}

/* The index of the term of v that is `field = v` or `field in (...)`, or -1. */
static long
find_in_term(struct rnode **v, size_t n, const char *field)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i]->kind == RN_CMP && (v[i]->op == ROP_EQ || v[i]->op == ROP_IN) &&
		    text_same_folded(v[i]->field, field))
			return (long)i;
	return -1;
}

int
rule_field_values(const char *text, const char *field, char ***vals, size_t *n, struct err *e)
{
	struct rule *r = NULL;
	struct rnode **v = NULL, *t;
	size_t nv = 0, i;
	long k;
	int rc = -1;

	*vals = NULL;
	*n = 0;
	if (rule_parse(text != NULL ? text : "", &r, e) != 0)
		return -1;
	if (take_terms(r, &v, &nv, e) != 0)
		goto out;
	if ((k = find_in_term(v, nv, field)) < 0) {
		rc = 0;
		goto out;
	}
	t = v[k];
	if ((*vals = calloc(t->nvals, sizeof **vals)) == NULL) {
		oom(e);
		goto out;
	}
	for (i = 0; i < t->nvals; i++) {
		const char *s = t->vals[i].text != NULL ? t->vals[i].text : "";

		if (((*vals)[i] = strdup(s)) == NULL) {
			rule_terms_free(*vals, i);
			*vals = NULL;
			oom(e);
			goto out;
		}
	}
	*n = t->nvals;
	rc = 0;
out:
	free_terms(v, nv);
	rule_free(&r);
	return rc;
}

/* Appends node t to the terms (taken over even on failure). */
static int
add_term(struct rnode ***v, size_t *n, struct rnode *t, struct err *e)
{
	struct rnode **nv = realloc(*v, (*n + 1) * sizeof **v);

	if (nv == NULL) {
		rnode_free(t);
		return oom(e);
	}
	nv[(*n)++] = t;
	*v = nv;
	return 0;
}

static void
remove_term(struct rnode **v, size_t *n, size_t k)
{
	rnode_free(v[k]);
	memmove(v + k, v + k + 1, (*n - k - 1) * sizeof *v);
	(*n)--;
}

/* A new comparison `field op` with room for nvals values. */
static struct rnode *
new_cmp(const char *field, enum rule_op op, size_t nvals)
{
	struct rnode *t = calloc(1, sizeof *t);

	if (t == NULL)
		return NULL;
	t->kind = RN_CMP;
	t->op = op;
	t->field = strdup(field);
	t->vals = calloc(nvals > 0 ? nvals : 1, sizeof *t->vals);
	if (t->field == NULL || t->vals == NULL) {
		rnode_free(t);
		return NULL;
	}
	return t;
}

/* Prints r (with terms v[0..n) put back) into *out and frees both. */
static int
finish(struct rule *r, struct rnode **v, size_t n, char **out, struct err *e)
{
	int rc = put_terms(r, v, n, e);

	if (rc == 0 && (*out = rule_print(r)) == NULL)
		rc = oom(e);
	rule_free(&r);
	return rc;
}

/* A value as the rule writes it: a number or a date in its canonical form,
 * other text as text. exact: a number or a date only when s is already
 * written canonically ("47", not "007" or "31.03.2024", which a text field
 * holds as they are). */
static int
lex_value(const char *s, bool exact, struct rval *out, struct err *e)
{
	struct token *tk = NULL;
	size_t nt = 0;

	memset(out, 0, sizeof *out);
	out->kind = RV_TEXT;
	if (rule_lex(s, &tk, &nt) != 0)
		return oom(e);
	if (nt == 2 && (tk[0].kind == TK_NUMBER || tk[0].kind == TK_DATE) && tk[0].text != NULL &&
	    (!exact || strcmp(tk[0].text, s) == 0)) {
		out->kind = tk[0].kind == TK_NUMBER ? RV_NUMBER : RV_DATE;
		out->text = strdup(tk[0].text);
	} else {
		out->text = strdup(s);
	}
	rule_tokens_free(tk, nt);
	return out->text != NULL ? 0 : oom(e);
}

int
rule_toggle_value(const char *text, const char *field, const char *value, char **out,
                  struct err *e)
{
	struct rule *r = NULL;
	struct rnode **v = NULL, *t;
	size_t nv = 0, i;
	long k;

	*out = NULL;
	if (value == NULL || value[0] == '\0')
		return err_set(e, EXIT_DATAERR,
		               _("an empty value cannot be toggled; write: %s is empty"), field);
	if (rule_parse(text != NULL ? text : "", &r, e) != 0)
		return -1;
	if (take_terms(r, &v, &nv, e) != 0)
		goto fail;
	if ((k = find_in_term(v, nv, field)) < 0) {
		if ((t = new_cmp(field, ROP_EQ, 1)) == NULL) {
			oom(e);
			goto fail;
		}
		if (lex_value(value, true, &t->vals[0], e) != 0) {
			rnode_free(t);
			goto fail;
		}
		t->nvals = 1;
		if (add_term(&v, &nv, t, e) != 0)
			goto fail;
		return finish(r, v, nv, out, e);
	}
	t = v[k];
	for (i = 0; i < t->nvals; i++)
		if (t->vals[i].text != NULL && text_same_folded(t->vals[i].text, value))
			break;
	if (i < t->nvals) {
		free(t->vals[i].text);
		memmove(t->vals + i, t->vals + i + 1, (t->nvals - i - 1) * sizeof *t->vals);
		if (--t->nvals == 0) {
			remove_term(v, &nv, (size_t)k);
			return finish(r, v, nv, out, e);
		}
	} else {
		struct rval *nvals = realloc(t->vals, (t->nvals + 1) * sizeof *t->vals);

		if (nvals == NULL) {
			oom(e);
			goto fail;
		}
		t->vals = nvals;
		if (lex_value(value, true, &t->vals[t->nvals], e) != 0)
			goto fail;
		t->nvals++;
	}
	t->op = t->nvals == 1 ? ROP_EQ : ROP_IN;
	return finish(r, v, nv, out, e);
fail:
	free_terms(v, nv);
	rule_free(&r);
	return -1;
}

int
rule_set_range(const char *text, const char *field, const char *lo, const char *hi,
               char **out, struct err *e)
{
	struct rule *r = NULL;
	struct rnode **v = NULL, *t;
	size_t nv = 0, i;

	*out = NULL;
	if (rule_parse(text != NULL ? text : "", &r, e) != 0)
		return -1;
	if (take_terms(r, &v, &nv, e) != 0)
		goto fail;
	for (i = nv; i-- > 0;)
		if (v[i]->kind == RN_CMP && text_same_folded(v[i]->field, field) &&
		    (v[i]->op == ROP_BETWEEN || v[i]->op == ROP_LT || v[i]->op == ROP_LE ||
		     v[i]->op == ROP_GT || v[i]->op == ROP_GE))
			remove_term(v, &nv, i);
	if (lo == NULL && hi == NULL)
		return finish(r, v, nv, out, e);
	if ((t = new_cmp(field, lo != NULL && hi != NULL ? ROP_BETWEEN : lo != NULL ? ROP_GE : ROP_LE,
	                 2)) == NULL) {
		oom(e);
		goto fail;
	}
	if (lo != NULL && lex_value(lo, false, &t->vals[t->nvals++], e) != 0)
		goto fail_t;
	if (hi != NULL && lex_value(hi, false, &t->vals[t->nvals++], e) != 0)
		goto fail_t;
	if (add_term(&v, &nv, t, e) != 0)
		goto fail;
	return finish(r, v, nv, out, e);
fail_t:
	rnode_free(t);
fail:
	free_terms(v, nv);
	rule_free(&r);
	return -1;
}

/* side = the value v, when it is a number or a date. */
static int
set_side(char **side, bool *strict, const struct rval *v, bool is_strict, struct err *e)
{
	if (v->kind != RV_NUMBER && v->kind != RV_DATE)
		return 0;
	free(*side);
	if ((*side = strdup(v->text)) == NULL)
		return oom(e);
	*strict = is_strict;
	return 0;
}

int
rule_field_range(const char *text, const char *field, struct rule_range *out, struct err *e)
{
	struct rule *r = NULL;
	struct rnode **v = NULL, *t;
	size_t nv = 0, i;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (rule_parse(text != NULL ? text : "", &r, e) != 0)
		return -1;
	if (take_terms(r, &v, &nv, e) != 0)
		goto out;
	for (i = 0; i < nv; i++) {
		t = v[i];
		if (t->kind != RN_CMP || !text_same_folded(t->field, field))
			continue;
		if (t->op == ROP_BETWEEN && t->nvals == 2) {
			if (set_side(&out->lo, &out->lo_strict, &t->vals[0], false, e) != 0 ||
			    set_side(&out->hi, &out->hi_strict, &t->vals[1], false, e) != 0)
				goto out;
		} else if ((t->op == ROP_GE || t->op == ROP_GT) && t->nvals == 1) {
			if (set_side(&out->lo, &out->lo_strict, &t->vals[0], t->op == ROP_GT, e) != 0)
				goto out;
		} else if ((t->op == ROP_LE || t->op == ROP_LT) && t->nvals == 1) {
			if (set_side(&out->hi, &out->hi_strict, &t->vals[0], t->op == ROP_LT, e) != 0)
				goto out;
		}
	}
	rc = 0;
out:
	free_terms(v, nv);
	rule_free(&r);
	if (rc != 0)
		rule_range_free(out);
	return rc;
}

void
rule_range_free(struct rule_range *r)
{
	free(r->lo);
	free(r->hi);
	memset(r, 0, sizeof *r);
}
