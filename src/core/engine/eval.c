/* The column engine's evaluation: a rule's tree over the columns, within
 * the rows of a parent, to a bitmap of rows. Each condition takes the
 * values the SQL compiler binds for it (compiled alone, so that numbers,
 * dates, genders and folded text are read exactly as SQL reads them) and
 * applies the compiler's guards: a number condition needs a number, a date
 * condition and a negative one a non-empty value, a positive text one a
 * value that is not NULL. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "engine/private.h"
#include "i18n.h"
#include "rule/tree.h"

struct ctx {
	struct engine *en;
	struct segment_compiler *sc;
	const struct field_catalog *cat;
	const char *ref;
	struct err *e;
	int depth;
};

static int
oom(struct err *e)
{
	return err_set(e, EXIT_FAIL, _("out of memory"));
}

/* --- one condition ----------------------------------------------------------- */

enum guard { G_NONE = 0, G_NOTNULL, G_NOTEMPTY, G_NUM };

struct matcher {
	const struct ecol *c;
	enum rule_op op;
	enum guard guard;
	bool bool_neg;         /* yes/no != and not in: a non-number passes */
	uint8_t *pass;         /* EC_DICT: [ndict] */
	bool fused;            /* EC_DICT: pass[] holds the guard too */
	double v[2];
	double *set;           /* EC_NUM in / not in */
	size_t nset;
};

static bool
in_set(const struct matcher *m, double x)
{
	size_t i;

	for (i = 0; i < m->nset; i++)
		if (x == m->set[i])
			return true;
	return false;
}

static inline bool
num_match(const struct matcher *m, double x)
{
	switch (m->op) {
	case ROP_EQ: return x == m->v[0];
	case ROP_NE: return x != m->v[0];
	case ROP_LT: return x < m->v[0];
	case ROP_LE: return x <= m->v[0];
	case ROP_GT: return x > m->v[0];
	case ROP_GE: return x >= m->v[0];
	case ROP_BETWEEN: return x >= m->v[0] && x <= m->v[1];
	case ROP_IN: return in_set(m, x);
	case ROP_NOT_IN: return !in_set(m, x);
	default: return false;
	}
}

static inline bool
row_match(const struct matcher *m, uint32_t r)
{
	const struct ecol *c = m->c;
	uint8_t fl = c->flags[r];

	if (m->op == ROP_EMPTY)
		return (fl & EF_EMPTY) != 0;
	if (m->op == ROP_NOT_EMPTY)
		return (fl & EF_EMPTY) == 0;
	switch (m->guard) {
	case G_NOTNULL:
		if (c->codes[r] == 0) /* text only: NULL */
			return false;
		break;
	case G_NOTEMPTY:
		if (fl & EF_EMPTY)
			return false;
		break;
	case G_NUM:
		if (!(fl & EF_NUM))
			return false;
		break;
	case G_NONE:
		break;
	}
	if (c->kind == EC_DICT)
		return m->pass[c->codes[r]] != 0;
	if (c->type == FT_BOOL) {
		/* = and in: a number equal to one; != and not in: anything
		 * not empty but such a number (text never equals a number) */
		bool eq = (fl & EF_NUM) && in_set(m, eng_num(c, r));

		return m->bool_neg ? !eq : eq;
	}
	return num_match(m, eng_num(c, r));
}

static bool
text_match(enum rule_op op, const char *s, const struct sql_param *p, size_t np)
{
	size_t i;

	switch (op) {
	case ROP_EQ: return strcmp(s, p[0].text) == 0;
	case ROP_NE: return strcmp(s, p[0].text) != 0;
	case ROP_LT: return strcmp(s, p[0].text) < 0;
	case ROP_LE: return strcmp(s, p[0].text) <= 0;
	case ROP_GT: return strcmp(s, p[0].text) > 0;
	case ROP_GE: return strcmp(s, p[0].text) >= 0;
	case ROP_BETWEEN:
	case ROP_WITHIN:
		return strcmp(s, p[0].text) >= 0 && strcmp(s, p[1].text) <= 0;
	case ROP_BEFORE: return strcmp(s, p[0].text) < 0;
	case ROP_AFTER: return strcmp(s, p[0].text) > 0;
	case ROP_IN:
	case ROP_NOT_IN:
		for (i = 0; i < np; i++)
			if (strcmp(s, p[i].text) == 0)
				return op == ROP_IN;
		return op == ROP_NOT_IN;
	case ROP_CONTAINS: return strstr(s, p[0].text) != NULL;
	case ROP_STARTS: return strncmp(s, p[0].text, strlen(p[0].text)) == 0;
	default: return false;
	}
}

/* The number operands: what the compiler binds (an integer or a real). */
static int
num_params(struct matcher *m, const struct rule_sql *s)
{
	size_t i;

	if ((m->set = malloc((s->nparams + 1) * sizeof *m->set)) == NULL)
		return -1;
	for (i = 0; i < s->nparams; i++) {
		const struct sql_param *p = &s->params[i];

		if (p->kind == SQLP_INT)
			m->set[i] = (double)p->i;
		else if (p->kind == SQLP_REAL)
			m->set[i] = p->d;
		else
			return ENGINE_FALLBACK;
		if (i < 2)
			m->v[i] = m->set[i];
	}
	m->nset = s->nparams;
	return 0;
}

/* Sets up m for the condition n, compiled alone into s. */
static int
matcher_init(struct ctx *x, const struct rnode *n, const struct ecol *c,
             const struct rule_sql *s, struct matcher *m)
{
	bool negative = n->op == ROP_NE || n->op == ROP_NOT_IN;
	size_t i, need;
	int rc;

	m->c = c;
	m->op = n->op;
	if (n->op == ROP_EMPTY || n->op == ROP_NOT_EMPTY)
		return 0;
	switch (n->op) {
	case ROP_IN: case ROP_NOT_IN: need = n->nvals; break;
	case ROP_BETWEEN: case ROP_WITHIN: need = 2; break;
	default: need = 1;
	}
	if (s->nparams != need)
		return ENGINE_FALLBACK;
	if (c->type == FT_NUMBER)
		m->guard = G_NUM;
	else if (c->type == FT_DATE || negative)
		m->guard = G_NOTEMPTY;
	else
		m->guard = G_NOTNULL;
	if (c->kind == EC_NUM) {
		if (c->type == FT_BOOL && n->op != ROP_EQ && n->op != ROP_NE && n->op != ROP_IN &&
		    n->op != ROP_NOT_IN)
			return ENGINE_FALLBACK;
		m->bool_neg = negative;
		if (c->type == FT_BOOL && m->guard == G_NOTNULL)
			m->guard = G_NONE; /* NULL is no number: it never equals one */
		return (rc = num_params(m, s)) < 0 ? oom(x->e) : rc;
	}
	for (i = 0; i < s->nparams; i++)
		if (s->params[i].kind != SQLP_TEXT || s->params[i].text == NULL)
			return ENGINE_FALLBACK;
	if ((m->pass = calloc(c->ndict + 1, 1)) == NULL)
		return oom(x->e);
	for (i = 1; i < c->ndict; i++)
		m->pass[i] = text_match(n->op, c->dict[i], s->params, s->nparams);
	/* code 0 is NULL, which no guard lets through; where the empty rows
	 * are exactly those of code 0 and "", the guard is a code's too */
	if (m->guard == G_NOTNULL || c->empty_by_code) {
		for (i = 1; i < c->ndict && m->guard == G_NOTEMPTY; i++)
			if (c->dict[i][0] == '\0')
				m->pass[i] = 0;
		m->fused = true;
	}
	return 0;
}

static void
matcher_free(struct matcher *m)
{
	free(m->pass);
	free(m->set);
}

/* Keeps of sel[0..k) the rows m matches, in place; their number. The
 * common cases without a branch per row: a text or date condition whose
 * guard the codes say (pass[] then holds it), a number compared. */
static size_t
filter_rows(const struct matcher *m, uint32_t *sel, size_t k)
{
	const struct ecol *c = m->c;
	const uint8_t *fl = c->flags;
	size_t i, kept = 0;

	if (m->fused) {
		const uint8_t *pass = m->pass;
		const uint32_t *codes = c->codes;

		for (i = 0; i < k; i++) {
			uint32_t r = sel[i];

			sel[kept] = r;
			kept += pass[codes[r]];
		}
		return kept;
	}
	if (c->kind == EC_NUM && c->type == FT_NUMBER && m->guard == G_NUM) {
		const double *num = c->num, a = m->v[0], b = m->v[1];
		const int32_t *i32 = c->i32;

#define NUM_LOOP(test)                                                           \
	if (i32 != NULL) {                                                         \
		for (i = 0; i < k; i++) {                                          \
			uint32_t r = sel[i];                                       \
			double x = (double)i32[r];                                 \
                                                                                   \
			sel[kept] = r;                                             \
			kept += (size_t)(((fl[r] & EF_NUM) != 0) & (test));        \
		}                                                                  \
		return kept;                                                       \
	}                                                                          \
	for (i = 0; i < k; i++) {                                                \
		uint32_t r = sel[i];                                               \
		double x = num[r];                                                 \
                                                                                   \
		sel[kept] = r;                                                     \
		kept += (size_t)(((fl[r] & EF_NUM) != 0) & (test));                \
	}                                                                          \
	return kept
		switch (m->op) {
		case ROP_EQ: NUM_LOOP(x == a);
		case ROP_NE: NUM_LOOP(x != a);
		case ROP_LT: NUM_LOOP(x < a);
		case ROP_LE: NUM_LOOP(x <= a);
		case ROP_GT: NUM_LOOP(x > a);
		case ROP_GE: NUM_LOOP(x >= a);
		case ROP_BETWEEN: NUM_LOOP((x >= a) & (x <= b));
		default: break;
		}
#undef NUM_LOOP
	}
	for (i = 0; i < k; i++)
		if (row_match(m, sel[i]))
			sel[kept++] = sel[i];
	return kept;
}

/* The rows of within (NULL: all) that m matches. */
static int
scan(struct ctx *x, const struct matcher *m, const roaring_bitmap_t *within,
     roaring_bitmap_t **out)
{
	struct engine *en = x->en;
	uint32_t *buf = en->buf;
	size_t k, i;

	if (within == NULL) {
		for (i = 0; i < en->n; i++)
			buf[i] = (uint32_t)i;
		k = en->n;
	} else {
		k = (size_t)roaring_bitmap_get_cardinality(within);
		roaring_bitmap_to_uint32_array(within, buf);
	}
	k = filter_rows(m, buf, k);
	if ((*out = roaring_bitmap_of_ptr(k, buf)) == NULL)
		return oom(x->e);
	return 0;
}

/* The condition alone, compiled: the values as SQL binds them. */
static int
leaf_sql(struct ctx *x, const struct rnode *n, struct rule_sql *s)
{
	struct rule one = {.root = (struct rnode *)n};

	return rule_to_sql(&one, x->cat, x->ref, s, x->e);
}

/* The matcher of condition n over its field's column, with the condition's
 * SQL (its bound values) in s: 0, ENGINE_FALLBACK or -1. The caller frees
 * m and s whatever it returns. */
static int
cmp_matcher(struct ctx *x, const struct rnode *n, struct matcher *m, struct rule_sql *s)
{
	const struct field *f = fields_find(x->cat, n->field);
	const struct ecol *c;
	int rc;

	if (f == NULL)
		return ENGINE_FALLBACK;
	if ((rc = eng_column(x->en, f, &c, x->e)) != 0)
		return rc;
	if (leaf_sql(x, n, s) != 0)
		return -1;
	return matcher_init(x, n, c, s, m);
}

static int
eval_cmp(struct ctx *x, const struct rnode *n, const roaring_bitmap_t *within,
         roaring_bitmap_t **out)
{
	struct matcher m = {0};
	struct rule_sql s = {0};
	int rc;

	if ((rc = cmp_matcher(x, n, &m, &s)) == 0)
		rc = scan(x, &m, within, out);
	matcher_free(&m);
	rule_sql_free(&s);
	return rc;
}

/* Keeps of sel[0..*k) the rows that condition n matches, in place. */
static int
filter_cmp(struct ctx *x, const struct rnode *n, uint32_t *sel, size_t *k)
{
	struct matcher m = {0};
	struct rule_sql s = {0};
	int rc;

	if ((rc = cmp_matcher(x, n, &m, &s)) == 0)
		*k = filter_rows(&m, sel, *k);
	matcher_free(&m);
	rule_sql_free(&s);
	return rc;
}

/* The conditions of an `and` on fields, applied one after the other to a
 * list of rows (no bitmap between them): those of within (NULL: all),
 * then *out as a bitmap. */
static int
and_fields(struct ctx *x, const struct rnode *n, const roaring_bitmap_t *within,
           roaring_bitmap_t **out)
{
	size_t k, i, total = within != NULL ? (size_t)roaring_bitmap_get_cardinality(within)
	                                    : x->en->n;
	uint32_t *sel = malloc((total + 1) * sizeof *sel);
	int rc = 0;

	*out = NULL;
	if (sel == NULL)
		return oom(x->e);
	if (within != NULL) {
		roaring_bitmap_to_uint32_array(within, sel);
	} else {
		for (i = 0; i < total; i++)
			sel[i] = (uint32_t)i;
	}
	k = total;
	for (i = 0; i < n->nkids && rc == 0 && k > 0; i++)
		if (n->kids[i]->kind == RN_CMP)
			rc = filter_cmp(x, n->kids[i], sel, &k);
	if (rc == 0 && (*out = roaring_bitmap_of_ptr(k, sel)) == NULL)
		rc = oom(x->e);
	free(sel);
	return rc;
}

/* --- tags, segments, groups ------------------------------------------------- */

static roaring_bitmap_t *
all_rows(const struct engine *en)
{
	return roaring_bitmap_from_range(0, en->n, 1);
}

/* within AND b (within NULL: b itself), as a new bitmap. */
static roaring_bitmap_t *
restrict_to(const roaring_bitmap_t *within, const roaring_bitmap_t *b)
{
	return within != NULL ? roaring_bitmap_and(within, b) : roaring_bitmap_copy(b);
}

static int
eval_tags(struct ctx *x, const struct rnode *n, const roaring_bitmap_t *within,
          roaring_bitmap_t **out)
{
	struct rule_sql s = {0};
	roaring_bitmap_t *acc = NULL, *all;
	const roaring_bitmap_t *t;
	size_t i, nt = n->kind == RN_TAG ? 1 : n->nvals;
	int rc = -1;

	if (leaf_sql(x, n, &s) != 0)
		return -1;
	if (s.nparams < nt) {
		rule_sql_free(&s);
		return ENGINE_FALLBACK;
	}
	for (i = 0; i < nt; i++) {
		if (s.params[i].kind != SQLP_TEXT || eng_tag(x->en, s.params[i].text, &t, x->e) != 0)
			goto out;
		if (acc == NULL)
			acc = roaring_bitmap_copy(t);
		else if (n->kind == RN_TAGS && n->mode == TAGS_ALL)
			roaring_bitmap_and_inplace(acc, t);
		else
			roaring_bitmap_or_inplace(acc, t);
		if (acc == NULL) {
			oom(x->e);
			goto out;
		}
	}
	if (n->kind == RN_TAGS && n->mode == TAGS_NONE) {
		if ((all = within != NULL ? roaring_bitmap_copy(within) : all_rows(x->en)) == NULL) {
			oom(x->e);
			goto out;
		}
		roaring_bitmap_andnot_inplace(all, acc);
		*out = all;
	} else if ((*out = restrict_to(within, acc)) == NULL) {
		oom(x->e);
		goto out;
	}
	rc = 0;
out:
	eng_bm_free(acc);
	rule_sql_free(&s);
	return rc;
}

static int seg_rows(struct ctx *x, long i, const roaring_bitmap_t **out);
static int eval(struct ctx *x, const struct rnode *n, const roaring_bitmap_t *within,
                roaring_bitmap_t **out);

static int
eval_segment(struct ctx *x, const struct rnode *n, const roaring_bitmap_t *within,
             roaring_bitmap_t **out)
{
	const roaring_bitmap_t *b;
	long i = segment_compiler_find(x->sc, n->vals[0].text, x->e);
	int rc;

	if (i < -1)
		return -1;
	if (i == -1)
		b = NULL;
	else if ((rc = seg_rows(x, i, &b)) != 0)
		return rc;
	if (b == NULL)
		*out = within != NULL ? roaring_bitmap_copy(within) : all_rows(x->en);
	else
		*out = restrict_to(within, b);
	return *out == NULL ? oom(x->e) : 0;
}

static int
eval_group(struct ctx *x, const struct rnode *n, const roaring_bitmap_t *within,
           roaring_bitmap_t **out)
{
	roaring_bitmap_t *acc = NULL, *r = NULL;
	size_t i;
	int rc;

	if (n->kind == RN_NOT) {
		if ((rc = eval(x, n->kids[0], within, &r)) != 0)
			return rc;
		if ((acc = within != NULL ? roaring_bitmap_copy(within) : all_rows(x->en)) == NULL) {
			eng_bm_free(r);
			return oom(x->e);
		}
		roaring_bitmap_andnot_inplace(acc, r);
		eng_bm_free(r);
		*out = acc;
		return 0;
	}
	if (n->kind == RN_AND) {
		/* the conditions on fields first, over one list of rows */
		for (i = 0; i < n->nkids && n->kids[i]->kind != RN_CMP; i++)
			continue;
		if (i < n->nkids && (rc = and_fields(x, n, within, &acc)) != 0)
			return rc;
	}
	for (i = 0; i < n->nkids; i++) {
		/* and: each term over what the others kept */
		const roaring_bitmap_t *w = n->kind == RN_AND && acc != NULL ? acc : within;

		if (n->kind == RN_AND && n->kids[i]->kind == RN_CMP)
			continue; /* done by and_fields */
		if (acc != NULL && n->kind == RN_AND && roaring_bitmap_is_empty(acc))
			break;
		if ((rc = eval(x, n->kids[i], w, &r)) != 0) {
			eng_bm_free(acc);
			return rc;
		}
		if (acc == NULL || n->kind == RN_AND) {
			eng_bm_free(acc);
			acc = r;
		} else {
			roaring_bitmap_or_inplace(acc, r);
			eng_bm_free(r);
		}
		if (n->kind == RN_AND && roaring_bitmap_is_empty(acc))
			break;
	}
	*out = acc;
	return 0;
}

static int
eval(struct ctx *x, const struct rnode *n, const roaring_bitmap_t *within,
     roaring_bitmap_t **out)
{
	int rc;

	*out = NULL;
	if (++x->depth > 200) {
		x->depth--;
		return ENGINE_FALLBACK;
	}
	switch (n->kind) {
	case RN_AND:
	case RN_OR:
	case RN_NOT:
		rc = eval_group(x, n, within, out);
		break;
	case RN_CMP:
		rc = eval_cmp(x, n, within, out);
		break;
	case RN_TAG:
	case RN_TAGS:
		rc = eval_tags(x, n, within, out);
		break;
	case RN_SEGMENT:
		rc = eval_segment(x, n, within, out);
		break;
	default:
		rc = ENGINE_FALLBACK;
	}
	x->depth--;
	return rc;
}

/* The members of segment i (NULL *out: everyone), kept until the base
 * changes: a frozen list, or its rule within its parent's members. */
static int
seg_rows(struct ctx *x, long i, const roaring_bitmap_t **out)
{
	struct engine *en = x->en;
	size_t nt, k;
	const struct segment *t = segment_compiler_tree(x->sc, &nt), *s;
	const roaring_bitmap_t *parent = NULL;
	roaring_bitmap_t *rows = NULL;
	struct rule *r = NULL;
	long p;
	int rc;

	*out = NULL;
	if (i < 0 || (size_t)i >= nt)
		return 0;
	s = &t[i];
	for (k = 0; k < en->nsegs; k++)
		if (en->segs[k].id == s->id) {
			*out = en->segs[k].rows;
			return 0;
		}
	if (++x->depth > 200) {
		x->depth--;
		return ENGINE_FALLBACK;
	}
	if (s->is_static) {
		rc = eng_members(en, s->id, &rows, x->e);
	} else {
		p = s->parent_id ? segment_compiler_index(x->sc, s->parent_id) : -1;
		if ((rc = seg_rows(x, p, &parent)) != 0)
			goto out;
		if (s->rule[0] == '\0') {
			rows = parent != NULL ? roaring_bitmap_copy(parent) : all_rows(en);
			rc = rows == NULL ? oom(x->e) : 0;
		} else if ((rc = rule_parse(s->rule, &r, x->e)) == 0) {
			if (r->root == NULL)
				rows = parent != NULL ? roaring_bitmap_copy(parent) : all_rows(en);
			else
				rc = eval(x, r->root, parent, &rows);
			if (rc == 0 && rows == NULL)
				rc = oom(x->e);
			rule_free(&r);
		}
	}
	if (rc != 0)
		goto out;
	if (en->nsegs == en->asegs) {
		size_t a = en->asegs ? 2 * en->asegs : 16;
		struct eseg *v = realloc(en->segs, a * sizeof *v);

		if (v == NULL) {
			rc = oom(x->e);
			goto out;
		}
		en->segs = v;
		en->asegs = a;
	}
	en->segs[en->nsegs].id = s->id;
	en->segs[en->nsegs++].rows = rows;
	*out = rows;
	rows = NULL;
out:
	eng_bm_free(rows);
	x->depth--;
	return rc;
}

/* --- reading the columns at once ------------------------------------------ */

struct wanted {
	const struct field **v;
	size_t n, cap;
	long long seen[64];       /* segments walked */
	size_t nseen;
};

static void want_segment(struct ctx *x, struct wanted *w, long i, int depth);

static void
want_node(struct ctx *x, struct wanted *w, const struct rnode *n, int depth)
{
	const struct field *f;
	size_t i;

	if (n == NULL || depth > 64)
		return;
	switch (n->kind) {
	case RN_AND:
	case RN_OR:
	case RN_NOT:
		for (i = 0; i < n->nkids; i++)
			want_node(x, w, n->kids[i], depth + 1);
		break;
	case RN_CMP:
		if ((f = fields_find(x->cat, n->field)) == NULL)
			break;
		if (w->n == w->cap) {
			size_t cap = w->cap ? 2 * w->cap : 16;
			const struct field **v = realloc(w->v, cap * sizeof *v);

			if (v == NULL)
				break; /* read one by one, then */
			w->v = v;
			w->cap = cap;
		}
		w->v[w->n++] = f;
		break;
	case RN_SEGMENT: {
		struct err ignored = {0};

		want_segment(x, w, segment_compiler_find(x->sc, n->vals[0].text, &ignored),
		             depth + 1);
		break;
	}
	default:
		break;
	}
}

/* The fields of segment i's rules, its parents' and those it refers to. */
static void
want_segment(struct ctx *x, struct wanted *w, long i, int depth)
{
	size_t nt, k;
	const struct segment *t = segment_compiler_tree(x->sc, &nt);
	struct rule *r = NULL;
	struct err ignored = {0};

	for (; i >= 0 && (size_t)i < nt && depth <= 64; depth++) {
		for (k = 0; k < w->nseen && w->seen[k] != t[i].id; k++)
			continue;
		if (k < w->nseen || w->nseen == 64)
			return;
		w->seen[w->nseen++] = t[i].id;
		for (k = 0; k < x->en->nsegs; k++)
			if (x->en->segs[k].id == t[i].id)
				return; /* evaluated already */
		if (t[i].is_static)
			return;
		if (t[i].rule[0] != '\0' && rule_parse(t[i].rule, &r, &ignored) == 0) {
			want_node(x, w, r->root, depth + 1);
			rule_free(&r);
		}
		i = t[i].parent_id ? segment_compiler_index(x->sc, t[i].parent_id) : -1;
	}
}

/* Reads every column the question needs in one pass over the table. */
static int
prefetch(struct ctx *x, long parent, const struct rule *r)
{
	struct wanted w = {0};
	int rc;

	want_segment(x, &w, parent, 0);
	if (r != NULL)
		want_node(x, &w, r->root, 0);
	rc = eng_prefetch(x->en, w.v, w.n, false, x->e);
	free(w.v);
	return rc;
}

/* --- answers ----------------------------------------------------------------- */

int
engine_rule(struct engine *en, struct segment_compiler *sc, long parent, const struct rule *r,
            roaring_bitmap_t **out, struct err *e)
{
	struct ctx x = {.en = en, .sc = sc, .e = e};
	struct rule_sql s = {0};
	const roaring_bitmap_t *within;
	long long v, c;
	int rc, attempt;

	*out = NULL;
	x.cat = segment_compiler_catalog(sc, &x.ref);
	/* the compiler's errors, and its word that the rule is valid */
	if (parent >= 0 && segment_compiler_where(sc, parent, &s, e) != 0)
		return -1;
	rule_sql_free(&s);
	if (r != NULL && r->root != NULL && segment_compiler_rule(sc, r, &s, e) != 0)
		return -1;
	rule_sql_free(&s);
	/* inside a transaction what is read may yet be rolled back, and a
	 * rollback moves no stamp: SQL answers there */
	if (!eng_autocommit(en))
		return ENGINE_FALLBACK;
	for (attempt = 0; attempt < 3; attempt++) {
		if (engine_sync(en, e) < 0)
			return -1;
		if (en->pending) {
			/* SQL, until engine_refresh; which reads this rule's
			 * columns too when they are noted now */
			if (en->deferred && (rc = prefetch(&x, parent, r)) < 0)
				return rc;
			return ENGINE_FALLBACK;
		}
		if (strcmp(en->ref, x.ref) != 0) {
			/* segments evaluated on another day */
			size_t k;

			for (k = 0; k < en->nsegs; k++)
				eng_bm_free(en->segs[k].rows);
			en->nsegs = 0;
			memcpy(en->ref, x.ref, sizeof en->ref);
		}
		if ((rc = prefetch(&x, parent, r)) != 0 || (rc = seg_rows(&x, parent, &within)) != 0)
			return rc;
		if (r == NULL || r->root == NULL)
			rc = (*out = within != NULL ? roaring_bitmap_copy(within) : all_rows(en)) == NULL
			             ? oom(e)
			             : 0;
		else
			rc = eval(&x, r->root, within, out);
		if (rc != 0)
			return rc;
		/* what was loaded on the way must be of the same state */
		if (eng_stamp(en, &v, &c, e) != 0) {
			eng_bm_free(*out);
			*out = NULL;
			return -1;
		}
		if (v == en->data_version && c == en->changes)
			return 0;
		eng_bm_free(*out);
		*out = NULL;
	}
	return ENGINE_FALLBACK;
}

int
engine_segment(struct engine *en, struct segment_compiler *sc, long i, roaring_bitmap_t **out,
               struct err *e)
{
	return engine_rule(en, sc, i, NULL, out, e);
}

int
engine_count(struct engine *en, struct segment_compiler *sc, long parent, const struct rule *r,
             long long *count, struct err *e)
{
	roaring_bitmap_t *b = NULL;
	int rc;

	*count = 0;
	if ((rc = engine_rule(en, sc, parent, r, &b, e)) != 0)
		return rc;
	*count = (long long)roaring_bitmap_get_cardinality(b);
	eng_bm_free(b);
	return 0;
}
