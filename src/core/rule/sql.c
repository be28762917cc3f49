/* Syntax tree -> SQL: a boolean expression over customers AS c and
 * customer_metrics AS m in which every value is a bound parameter and every
 * column comes from the field catalog. Each leaf yields 0 or 1, never NULL,
 * so that "not X" is exactly the complement of X. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/date.h"
#include "text/norm.h"
#include "i18n.h"
#include "rule/tree.h"
#include "text/text.h"

#define T(x) (1u << (x))

struct compiler {
	const struct field_catalog *cat;
	char ref[11];              /* the reference date, YYYY-MM-DD */
	struct strbuf b;
	struct sql_param *params;
	size_t np, cap;
	int needs_metrics;
	const struct rule_segments *segs; /* for `in segment`; may be NULL */
	struct err *e;
	size_t conds;              /* conditions so far, references included */
	int depth, levels;         /* the and/or/not nesting here, and deepest */
};

static int cerr(struct compiler *c, struct rpos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
cerr(struct compiler *c, struct rpos at, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set_at(c->e, EXIT_DATAERR, NULL, at.line, at.col, "%s", msg);
}

/* --- parameters ------------------------------------------------------------ */

static struct sql_param *
param_new(struct compiler *c)
{
	struct sql_param *p;

	if (c->np == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 8;

		if ((p = realloc(c->params, cap * sizeof *p)) == NULL)
			return NULL;
		c->params = p;
		c->cap = cap;
	}
	p = &c->params[c->np++];
	memset(p, 0, sizeof *p);
	/* Plain '?' takes the next number, so that the expression can be
	 * put together with others (a parent segment's) and bound in order. */
	strbuf_add(&c->b, "?");
	return p;
}

/* Binds text (copied). */
static int
param_text(struct compiler *c, const char *s)
{
	struct sql_param *p = param_new(c);

	if (p == NULL || (p->text = strdup(s)) == NULL)
		return err_set(c->e, EXIT_FAIL, _("out of memory"));
	p->kind = SQLP_TEXT;
	return 0;
}

/* Binds text folded for a case-insensitive comparison. */
static int
param_folded(struct compiler *c, const char *s)
{
	struct sql_param *p = param_new(c);

	if (p == NULL || (p->text = text_fold(s)) == NULL)
		return err_set(c->e, EXIT_FAIL, _("out of memory"));
	p->kind = SQLP_TEXT;
	return 0;
}

static int
param_number(struct compiler *c, double d)
{
	struct sql_param *p = param_new(c);

	if (p == NULL)
		return err_set(c->e, EXIT_FAIL, _("out of memory"));
	if (d == floor(d) && fabs(d) < 9007199254740992.0) {
		p->kind = SQLP_INT;
		p->i = (long long)d;
	} else {
		p->kind = SQLP_REAL;
		p->d = d;
	}
	return 0;
}

static int
param_int(struct compiler *c, long long i)
{
	struct sql_param *p = param_new(c);

	if (p == NULL)
		return err_set(c->e, EXIT_FAIL, _("out of memory"));
	p->kind = SQLP_INT;
	p->i = i;
	return 0;
}

void
rule_sql_free(struct rule_sql *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nparams; i++)
		free(s->params[i].text);
	free(s->params);
	free(s->where);
	memset(s, 0, sizeof *s);
}

/* --- dates ----------------------------------------------------------------- */

/* ref minus a period, as YYYY-MM-DD. A month back from 31 March is the
 * last day of February, not 2 or 3 March. */
static int
date_minus(const char *ref, long amount, char unit, char out[11])
{
	long y, m, d;

	if (sscanf(ref, "%4ld-%2ld-%2ld", &y, &m, &d) != 3)
		return -1;
	if (unit == 'd' || unit == 'w')
		date_from_days(date_to_days(y, m, d) - amount * (unit == 'w' ? 7 : 1), &y, &m, &d);
	else if (date_add_months(&y, &m, &d, -amount * (unit == 'y' ? 12 : 1)) != 0)
		return -1; /* before year 1 */
	if (y < 1 || y > 9999)
		return -1;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
	         (unsigned)d % 100u);
	return 0;
}

/* --- leaves ---------------------------------------------------------------- */

static const char *
type_phrase(enum field_type t)
{
	static const char *const p[] = {N_("text"), N_("a number"), N_("a date"), N_("yes/no")};

	return (unsigned)t <= FT_BOOL ? _(p[t]) : _("text");
}

/* "a number or date field", from the operator table's type bits. */
static void
types_phrase(unsigned types, char *buf, size_t size)
{
	static const char *const names[] = {"text", "number", "date", "yes/no"};
	size_t used = 0, k = 0, total = 0;
	int t;

	for (t = FT_TEXT; t <= FT_BOOL; t++)
		total += (types & T(t)) != 0;
	buf[0] = '\0';
	for (t = FT_TEXT; t <= FT_BOOL && used < size; t++) {
		if (!(types & T(t)))
			continue;
		k++;
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
		                         k == 1 ? "a " : k == total ? " or " : ", ", names[t]);
	}
}

/* The value of v as a number field reads it. */
static int
value_number(struct compiler *c, const struct rnode *n, const struct rval *v, double *out)
{
	const char *why;

	if ((v->kind == RV_NUMBER || v->kind == RV_TEXT) && norm_number(v->text, out, &why) == 0)
		return 0;
	/* the lexer read it as a number, but no double holds it: "1e400", or
	 * more digits than norm_number takes. Not 0, which it would count as. */
	if (v->kind == RV_NUMBER)
		return cerr(c, v->pos, _("the number %s is too large (or has too many digits)"),
		            v->text);
	return cerr(c, v->pos, _("\"%s\" is a number; expected a number, not \"%s\""), n->field,
	            v->text != NULL ? v->text : "");
}

/* The value of v as a date field reads it: YYYY-MM-DD. */
static int
value_date(struct compiler *c, const struct rnode *n, const struct rval *v, char out[11])
{
	char buf[20];
	const char *why;

	if (v->kind == RV_DATE || (v->kind == RV_TEXT && v->text[0] != '\0' &&
	                           norm_date(v->text, DATE_DMY, buf, &why) == 0)) {
		memcpy(out, v->kind == RV_DATE ? v->text : buf, 10);
		out[10] = '\0';
		return 0;
	}
	return cerr(c, v->pos, _("\"%s\" is a date; expected a date like 2024-03-31, not \"%s\""),
	            n->field, v->text != NULL ? v->text : "");
}

static int
value_bool(struct compiler *c, const struct rnode *n, const struct rval *v, int *out)
{
	const char *why;

	if ((v->kind == RV_TEXT || v->kind == RV_NUMBER) && norm_bool(v->text, out, &why) == 0)
		return 0;
	return cerr(c, v->pos, _("\"%s\" is yes/no; expected yes or no, not \"%s\""), n->field,
	            v->text != NULL ? v->text : "");
}

/* A value a field of fixed values never takes ("rfm = champion") would
 * quietly count 0: an error with the nearest value and the list. */
static int
check_domain(struct compiler *c, const struct field *f, const struct rval *v)
{
	const char *const *dom;
	const char *near;
	char list[400], *fv, *fd;
	size_t nd, i, used = 0;
	bool found = false;

	if ((dom = fields_domain(f, &nd)) == NULL)
		return 0;
	if ((fv = text_fold(v->text)) == NULL)
		return err_set(c->e, EXIT_FAIL, _("out of memory"));
	for (i = 0; i < nd && !found; i++) {
		if ((fd = text_fold(dom[i])) == NULL) {
			free(fv);
			return err_set(c->e, EXIT_FAIL, _("out of memory"));
		}
		found = strcmp(fv, fd) == 0;
		free(fd);
	}
	free(fv);
	if (found)
		return 0;
	list[0] = '\0';
	for (i = 0; i < nd && used < sizeof list; i++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
		                         dom[i]);
	near = fields_nearest_of(v->text, dom, nd);
	if (near != NULL)
		return cerr(c, v->pos,
		            _("\"%s\" is not a value of %s; did you mean \"%s\"? (%s is one "
		              "of: %s)"),
		            v->text, f->name, near, f->name, list);
	return cerr(c, v->pos, _("\"%s\" is not a value of %s (%s is one of: %s)"), v->text,
	            f->name, f->name, list);
}

/* Text as the field compares it: folded; gender letters normalised. */
static int
value_text(struct compiler *c, const struct rnode *n, const struct field *f,
           const struct rval *v)
{
	bool equality = n->op == ROP_EQ || n->op == ROP_NE || n->op == ROP_IN ||
	                n->op == ROP_NOT_IN;
	char g[2];
	const char *why;

	if (v->text[0] == '\0')
		return cerr(c, v->pos,
		            _("an empty value never matches; to find customers without "
		              "one, write: %s is empty"),
		            n->field);
	if (strcmp(f->name, "gender") == 0 && f->origin == FO_BUILTIN) {
		if (norm_gender(v->text, g, &why) == 0)
			return param_folded(c, g);
		/* the importer keeps F and M only */
		if (equality)
			return cerr(c, v->pos, _("\"%s\" is F or M; expected %s, not \"%s\""),
			            n->field, why, v->text);
	}
	if (equality && check_domain(c, f, v) != 0)
		return -1;
	return param_folded(c, v->text);
}

/* One value of a comparison, bound as the field's type reads it. */
static int
bind_value(struct compiler *c, const struct rnode *n, const struct field *f,
           const struct rval *v)
{
	char date[11];
	double d;
	int b;

	switch (f->type) {
	case FT_NUMBER:
		return value_number(c, n, v, &d) != 0 ? -1 : param_number(c, d);
	case FT_DATE:
		return value_date(c, n, v, date) != 0 ? -1 : param_text(c, date);
	case FT_BOOL:
		return value_bool(c, n, v, &b) != 0 ? -1 : param_int(c, b);
	case FT_TEXT:
	default:
		return value_text(c, n, f, v);
	}
}

static int
bind_list(struct compiler *c, const struct rnode *n, const struct field *f)
{
	size_t i;

	strbuf_add(&c->b, "(");
	for (i = 0; i < n->nvals; i++) {
		if (i > 0)
			strbuf_add(&c->b, ", ");
		if (bind_value(c, n, f, &n->vals[i]) != 0)
			return -1;
	}
	strbuf_add(&c->b, ")");
	return 0;
}

static const char *const sql_ops[] = {"=", "<>", "<", "<=", ">", ">="};

/* The operator and its operands, over the compared expression ex. */
static int
compile_op(struct compiler *c, const struct rnode *n, const struct field *f, const char *ex)
{
	struct strbuf *b = &c->b;
	char date[11];

	switch (n->op) {
	case ROP_EQ: case ROP_NE: case ROP_LT: case ROP_LE: case ROP_GT: case ROP_GE:
		strbuf_addf(b, "%s %s ", ex, sql_ops[n->op]);
		return bind_value(c, n, f, &n->vals[0]);
	case ROP_IN:
	case ROP_NOT_IN:
		strbuf_addf(b, "%s %s ", ex, n->op == ROP_IN ? "IN" : "NOT IN");
		return bind_list(c, n, f);
	case ROP_BETWEEN:
		strbuf_addf(b, "%s BETWEEN ", ex);
		if (bind_value(c, n, f, &n->vals[0]) != 0)
			return -1;
		strbuf_add(b, " AND ");
		return bind_value(c, n, f, &n->vals[1]);
	case ROP_CONTAINS:
	case ROP_STARTS:
		/* instr() on folded text: LIKE would read % and _ as wildcards
		 * and fold ASCII only */
		strbuf_addf(b, "instr(%s, ", ex);
		if (bind_value(c, n, f, &n->vals[0]) != 0)
			return -1;
		strbuf_add(b, n->op == ROP_CONTAINS ? ") > 0" : ") = 1");
		return 0;
	case ROP_WITHIN:
		/* from ref - N up to the reference date itself: a date later
		 * than the reference date is not "within the last N days" */
		if (date_minus(c->ref, n->vals[0].amount, n->vals[0].unit, date) != 0)
			return cerr(c, n->vals[0].pos, _("this period reaches before year 1"));
		strbuf_addf(b, "%s >= ", ex);
		if (param_text(c, date) != 0)
			return -1;
		strbuf_addf(b, " AND %s <= ", ex);
		return param_text(c, c->ref);
	case ROP_BEFORE:
	case ROP_AFTER:
		strbuf_addf(b, "%s %s ", ex, n->op == ROP_BEFORE ? "<" : ">");
		if (n->vals[0].kind != RV_PERIOD)
			return bind_value(c, n, f, &n->vals[0]);
		if (date_minus(c->ref, n->vals[0].amount, n->vals[0].unit, date) != 0)
			return cerr(c, n->vals[0].pos, _("this period reaches before year 1"));
		return param_text(c, date);
	default:
		return 0;
	}
}

static int
compile_cmp(struct compiler *c, const struct rnode *n)
{
	const struct rule_op_info *info = rule_op_info(n->op);
	const struct field *f = fields_find(c->cat, n->field);
	const char *x;
	char need[80], *ex = NULL;
	bool negative = n->op == ROP_NE || n->op == ROP_NOT_IN;
	int rc;

	if (f == NULL) {
		const char *near = fields_nearest(c->cat, n->field);

		if (near != NULL)
			return cerr(c, n->pos, _("unknown field \"%s\"; did you mean \"%s\"?"),
			            n->field, near);
		return cerr(c, n->pos, _("unknown field \"%s\""), n->field);
	}
	if (!(info->types & T(f->type))) {
		types_phrase(info->types, need, sizeof need);
		return cerr(c, n->op_pos, _("\"%s\" is %s; '%s' needs %s field"), n->field,
		            type_phrase(f->type), info->name, need);
	}
	if (f->needs_metrics)
		c->needs_metrics = 1;
	x = f->sql;
	if (n->op == ROP_EMPTY || n->op == ROP_NOT_EMPTY) {
		strbuf_addf(&c->b, n->op == ROP_EMPTY ? "(%s IS NULL OR %s = '')"
		                                    : "(%s IS NOT NULL AND %s <> '')",
		          x, x);
		return 0;
	}
	/* A guard that makes an empty value fail (with 0, not NULL), then the
	 * expression the values are compared with. */
	strbuf_add(&c->b, "(");
	if (f->type == FT_NUMBER)
		strbuf_addf(&c->b, "typeof(%s) IN ('integer', 'real')", x);
	else if (f->type == FT_DATE || negative)
		strbuf_addf(&c->b, "%s IS NOT NULL AND %s <> ''", x, x);
	else
		strbuf_addf(&c->b, "%s IS NOT NULL", x);
	strbuf_add(&c->b, " AND ");
	if (f->type == FT_DATE)
		rc = asprintf(&ex, "substr(%s, 1, 10)", x);
	else if (f->type == FT_TEXT)
		rc = asprintf(&ex, "fold(%s)", x);
	else
		rc = asprintf(&ex, "%s", x);
	if (rc < 0)
		return err_set(c->e, EXIT_FAIL, _("out of memory"));
	rc = compile_op(c, n, f, ex);
	strbuf_add(&c->b, ")");
	free(ex);
	return rc;
}

/* --- tags and segments ----------------------------------------------------- */

#define TAG_JOIN                                                                   \
	"FROM customer_tags AS ct JOIN tags AS t ON t.id = ct.tag_id "                  \
	"WHERE ct.customer_id = c.id AND t.name_fold "

static int
compile_tags(struct compiler *c, const struct rnode *n)
{
	struct strbuf *b = &c->b;
	size_t i, j, distinct = 0;

	if (n->kind == RN_TAG) {
		strbuf_add(b, "EXISTS (SELECT 1 " TAG_JOIN "= ");
		if (param_folded(c, n->vals[0].text) != 0)
			return -1;
		strbuf_add(b, ")");
		return 0;
	}
	if (n->mode == TAGS_ALL)
		strbuf_add(b, "((SELECT count(*) " TAG_JOIN "IN (");
	else
		strbuf_add(b, n->mode == TAGS_ANY ? "EXISTS (SELECT 1 " TAG_JOIN "IN ("
		                                : "NOT EXISTS (SELECT 1 " TAG_JOIN "IN (");
	for (i = 0; i < n->nvals; i++) {
		char *fi = text_fold(n->vals[i].text);
		bool dup = false;

		if (fi == NULL)
			return err_set(c->e, EXIT_FAIL, _("out of memory"));
		/* the same tag twice counts once for "all" */
		for (j = 0; j < i && !dup; j++) {
			char *fj = text_fold(n->vals[j].text);

			dup = fj != NULL && strcmp(fi, fj) == 0;
			free(fj);
		}
		free(fi);
		distinct += !dup;
		if (i > 0)
			strbuf_add(b, ", ");
		if (param_folded(c, n->vals[i].text) != 0)
			return -1;
	}
	strbuf_add(b, "))");
	if (n->mode == TAGS_ALL) {
		strbuf_add(b, " = ");
		if (param_int(c, (long long)distinct) != 0)
			return -1;
		strbuf_add(b, ")");
	}
	return 0;
}

/* `in segment "A/B"`: the segment module gives the SQL of that segment's
 * members, compiled now from its current rules (by reference, so that its
 * changes flow through); its parameters are taken over in order, as its
 * plain '?' placeholders keep their places in our text. */
static int
compile_segment(struct compiler *c, const struct rnode *n)
{
	struct rule_sql s = {0};
	struct err inner = {0};
	size_t i;

	if (c->segs == NULL || c->segs->where == NULL)
		return cerr(c, n->pos, _("'in segment' needs the segments of a base here"));
	if (c->segs->where(c->segs->ctx, n->vals[0].text, &s, &inner) != 0) {
		/* A position only where this rule says something wrong; an error
		 * inside the referenced segment's rules (positioned there) or a
		 * cycle goes up as it is. */
		char line[ERR_LINE_MAX];

		if (inner.code == EXIT_DATAERR && (inner.line == 0 || inner.head[0] != '\0') &&
		    inner.kind != ERR_CYCLE)
			return cerr(c, n->vals[0].pos, "%s", err_format(&inner, line, sizeof line));
		*c->e = inner;
		if (c->e->code == 0)
			c->e->code = EXIT_FAIL;
		return -1;
	}
	if (c->np + s.nparams > c->cap) {
		size_t cap = c->np + s.nparams + 8;
		struct sql_param *p = realloc(c->params, cap * sizeof *p);

		if (p == NULL) {
			rule_sql_free(&s);
			return err_set(c->e, EXIT_FAIL, _("out of memory"));
		}
		c->params = p;
		c->cap = cap;
	}
	for (i = 0; i < s.nparams; i++) {
		c->params[c->np++] = s.params[i];
		s.params[i].text = NULL; /* moved */
	}
	strbuf_add(&c->b, "(");
	strbuf_add(&c->b, s.where);
	strbuf_add(&c->b, ")");
	c->needs_metrics |= s.needs_metrics;
	c->conds += s.conds;
	if (c->depth + 1 + s.levels > c->levels)
		c->levels = c->depth + 1 + s.levels;
	rule_sql_free(&s);
	return 0;
}

static int compile_node(struct compiler *c, const struct rnode *n);

static int
compile_group(struct compiler *c, const struct rnode *n)
{
	size_t i;

	if (++c->depth > c->levels)
		c->levels = c->depth;
	if (n->kind == RN_NOT) {
		/* every leaf is 0 or 1, so NOT is the exact complement */
		strbuf_add(&c->b, "(NOT ");
		if (compile_node(c, n->kids[0]) != 0)
			return -1;
	} else {
		strbuf_add(&c->b, "(");
		for (i = 0; i < n->nkids; i++) {
			if (i > 0)
				strbuf_add(&c->b, n->kind == RN_AND ? " AND " : " OR ");
			if (compile_node(c, n->kids[i]) != 0)
				return -1;
		}
	}
	strbuf_add(&c->b, ")");
	c->depth--;
	return 0;
}

static int
compile_node(struct compiler *c, const struct rnode *n)
{
	switch (n->kind) {
	case RN_AND:
	case RN_OR:
	case RN_NOT:
		return compile_group(c, n);
	case RN_CMP:
		c->conds++;
		return compile_cmp(c, n);
	case RN_TAG:
	case RN_TAGS:
		c->conds++;
		return compile_tags(c, n);
	case RN_SEGMENT:
		return compile_segment(c, n);
	}
	return 0;
}

/* The limits of rule/rule.h, which a rule alone meets once parsed: what `in
 * segment` brings in may go past them. */
static int
check_limits(struct compiler *c)
{
	if (c->conds > RULE_MAX_CONDITIONS)
		return err_set(c->e, EXIT_DATAERR,
		               _("with the segments it refers to (in segment), this rule has %zu "
		                 "conditions; a rule may have at most %d"),
		               c->conds, RULE_MAX_CONDITIONS);
	if (c->levels > RULE_MAX_LEVELS)
		return err_set(
		        c->e, EXIT_DATAERR,
		        _("with the segments it refers to (in segment), this rule nests %d levels "
		          "deep; a rule may nest at most %d (parentheses and 'not')"),
		        c->levels, RULE_MAX_LEVELS);
	return 0;
}

static bool
valid_ref(const char *s)
{
	int i;

	if (s == NULL || strlen(s) != 10)
		return false;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

int
rule_to_sql(const struct rule *r, const struct field_catalog *cat, const char *ref_date,
            struct rule_sql *out, struct err *e)
{
	return rule_to_sql_segs(r, cat, ref_date, NULL, out, e);
}

int
rule_to_sql_segs(const struct rule *r, const struct field_catalog *cat, const char *ref_date,
                 const struct rule_segments *segs, struct rule_sql *out, struct err *e)
{
	struct compiler c = {0};

	memset(out, 0, sizeof *out);
	if (!valid_ref(ref_date))
		return err_set(e, EXIT_FAIL,
		               _("internal error: reference date \"%s\" is not YYYY-MM-DD"),
		               ref_date != NULL ? ref_date : "(null)");
	c.cat = cat;
	c.segs = segs;
	c.e = e;
	memcpy(c.ref, ref_date, 11);
	if (r == NULL || r->root == NULL)
		strbuf_add(&c.b, "1"); /* the empty rule: everyone */
	else if (compile_node(&c, r->root) != 0 || check_limits(&c) != 0)
		goto fail;
	if (c.b.oom) {
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto fail;
	}
	out->where = c.b.p;
	out->params = c.params;
	out->nparams = c.np;
	out->needs_metrics = c.needs_metrics;
	out->conds = c.conds;
	out->levels = c.levels;
	return 0;
fail:
	free(c.b.p);
	out->params = c.params;
	out->nparams = c.np;
	out->where = NULL;
	rule_sql_free(out);
	return -1;
}
