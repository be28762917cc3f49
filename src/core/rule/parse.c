/* Rule text -> syntax tree: a recursive-descent parser over the tokens of
 * rule/lex.c, whose errors say what was expected where (line:column). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "rule/tree.h"

/* Deeper nesting than this is more than SQLite's parser can take. */
#define MAX_DEPTH RULE_MAX_LEVELS

struct parser {
	struct token *t;
	size_t n, i;
	int depth;
	struct err *e;
};

/* --- the tree -------------------------------------------------------------- */

void
rnode_free(struct rnode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		rnode_free(n->kids[i]);
	free(n->kids);
	for (i = 0; i < n->nvals; i++)
		free(n->vals[i].text);
	free(n->vals);
	free(n->field);
	free(n);
}

void
rule_free(struct rule **rp)
{
	if (*rp == NULL)
		return;
	rnode_free((*rp)->root);
	free(*rp);
	*rp = NULL;
}

static struct rnode *
node_new(enum rnode_kind kind, struct rpos pos)
{
	struct rnode *n = calloc(1, sizeof *n);

	if (n != NULL) {
		n->kind = kind;
		n->pos = pos;
	}
	return n;
}

static int
add_kid(struct rnode *n, struct rnode *k)
{
	struct rnode **v = realloc(n->kids, (n->nkids + 1) * sizeof *v);

	if (v == NULL)
		return -1;
	n->kids = v;
	n->kids[n->nkids++] = k;
	return 0;
}

static struct rval *
add_val(struct rnode *n)
{
	struct rval *v = realloc(n->vals, (n->nvals + 1) * sizeof *v);

	if (v == NULL)
		return NULL;
	n->vals = v;
	memset(&v[n->nvals], 0, sizeof *v);
	return &v[n->nvals++];
}

/* --- parsing --------------------------------------------------------------- */

static struct token *
peek(struct parser *p)
{
	return &p->t[p->i];
}

static struct token *
peek2(struct parser *p)
{
	return p->i + 1 < p->n ? &p->t[p->i + 1] : &p->t[p->n - 1];
}

static struct token *
advance(struct parser *p)
{
	struct token *t = &p->t[p->i];

	if (t->kind != TK_EOF && t->kind != TK_BAD)
		p->i++;
	return t;
}

static bool
is_kw(const struct token *t, const char *kw)
{
	return t->kind == TK_WORD && strcasecmp(t->text, kw) == 0;
}

/* An error at the current token, at its line and column. A lexical error
 * there wins, as it is what the user has to fix first. */
static int perr(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
perr(struct parser *p, const char *fmt, ...)
{
	struct token *t = peek(p);
	char msg[sizeof p->e->msg];
	va_list ap;

	if (t->kind == TK_BAD)
		return err_set_at(p->e, EXIT_DATAERR, NULL, t->pos.line, t->pos.col, "%s",
		                  t->text ? t->text : _("out of memory"));
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set_at(p->e, EXIT_DATAERR, NULL, t->pos.line, t->pos.col, "%s", msg);
}

static int
oom(struct parser *p)
{
	return err_set(p->e, EXIT_FAIL, _("out of memory"));
}

/* How a token is named in messages: keywords and symbols in single
 * quotes, words and values as written in double quotes. */
static void
tok_desc(const struct token *t, char *buf, size_t size)
{
	static const char *const kw[] = {"with", "any", "all", "none", "segment", "tag", "tags"};
	char word[16];
	bool keyword;
	size_t i;

	switch (t->kind) {
	case TK_OP:
		snprintf(buf, size, "'%s'", rule_op_info(t->op)->name);
		return;
	case TK_LPAREN:
		snprintf(buf, size, "'('");
		return;
	case TK_RPAREN:
		snprintf(buf, size, "')'");
		return;
	case TK_COMMA:
		snprintf(buf, size, "','");
		return;
	case TK_COLON:
		snprintf(buf, size, "':'");
		return;
	case TK_WORD:
		/* t->text may have moved into the tree: read the source */
		if (t->len < sizeof word) {
			memcpy(word, t->src, t->len);
			word[t->len] = '\0';
			keyword = rule_reserved(word);
			for (i = 0; i < sizeof kw / sizeof kw[0]; i++)
				keyword = keyword || strcasecmp(word, kw[i]) == 0;
			if (keyword) {
				snprintf(buf, size, "'%s'", word);
				return;
			}
		}
		break;
	default:
		break;
	}
	snprintf(buf, size, "\"%.*s\"", (int)(t->len > 200 ? 200 : t->len), t->src);
}

/* The previous token, described. */
static const char *
prev_desc(struct parser *p, char *buf, size_t size)
{
	tok_desc(&p->t[p->i > 0 ? p->i - 1 : 0], buf, size);
	return buf;
}

static bool is_value(const struct token *t);

/* "country = United Kingdom": after a value written bare comes another
 * word. buf receives "; text with spaces goes in double quotes: country =
 * \"United Kingdom\"", or "" when the text at the parser is something
 * else. */
static const char *
spaces_hint(struct parser *p, char *buf, size_t size)
{
	const struct token *prev, *last, *from;
	struct strbuf q = {0};
	const char *c;
	size_t k;

	buf[0] = '\0';
	if (p->i < 2 || !is_value(peek(p)) || peek(p)->kind == TK_STRING)
		return buf;
	prev = &p->t[p->i - 1];
	if (prev->kind != TK_WORD && prev->kind != TK_NUMBER)
		return buf;
	/* "spent > 100 200", "grade in (5 6)": not text that lost its quotes */
	if ((prev->kind == TK_NUMBER && peek(p)->kind == TK_NUMBER) ||
	    (p->t[p->i - 2].kind == TK_OP && p->t[p->i - 2].op != ROP_EQ &&
	     p->t[p->i - 2].op != ROP_NE))
		return buf;
	for (k = p->i; k + 1 < p->n && is_value(&p->t[k + 1]) && p->t[k + 1].kind != TK_STRING;)
		k++;
	last = &p->t[k];
	/* "a = 1 b = 2": the last word is the field of a new condition */
	if (k + 1 < p->n && p->t[k + 1].kind == TK_OP)
		return buf;
	/* the field and operator too when the value follows = or != */
	from = prev;
	if (p->i >= 3 && p->t[p->i - 2].kind == TK_OP)
		from = &p->t[p->i - 3];
	strbuf_addn(&q, from->src, (size_t)(prev->src - from->src));
	strbuf_add(&q, "\"");
	for (c = prev->src; c < last->src + last->len; c++) {
		if (*c == '"' || *c == '\\')
			strbuf_add(&q, "\\");
		strbuf_addn(&q, c, 1);
	}
	strbuf_add(&q, "\"");
	if (!q.oom)
		snprintf(buf, size, _("; text with spaces goes in double quotes: %.300s"), q.p);
	free(q.p);
	return buf;
}

/* Moves a token's value into v. As text (for a text field, a tag or a
 * segment) a number, date or period stays exactly as written. */
static int
take_value(struct parser *p, struct rval *v, bool as_text)
{
	struct token *t = advance(p);

	v->pos = t->pos;
	if (as_text && t->kind != TK_WORD && t->kind != TK_STRING) {
		v->kind = RV_TEXT;
		v->text = strndup(t->src, t->len);
		return v->text != NULL ? 0 : oom(p);
	}
	switch (t->kind) {
	case TK_NUMBER:
		v->kind = RV_NUMBER;
		break;
	case TK_DATE:
		v->kind = RV_DATE;
		break;
	case TK_PERIOD:
		/* outside before/after/within a period is a word ("size = 5m") */
		v->kind = RV_TEXT;
		v->text = strndup(t->src, t->len);
		return v->text != NULL ? 0 : oom(p);
	default:
		v->kind = RV_TEXT;
		break;
	}
	v->text = t->text;
	t->text = NULL;
	return 0;
}

static bool
is_value(const struct token *t)
{
	return t->kind == TK_STRING || t->kind == TK_NUMBER || t->kind == TK_DATE ||
	       t->kind == TK_PERIOD || (t->kind == TK_WORD && !rule_reserved(t->text));
}

/* "(" value {"," value} ")" into n->vals. */
static int
parse_list(struct parser *p, struct rnode *n, bool as_text)
{
	struct rpos open;
	char d[256], hint[400];
	struct rval *v;

	if (peek(p)->kind != TK_LPAREN)
		return perr(p, _("expected a list in parentheses after %s, like (a, b)"),
		            prev_desc(p, d, sizeof d));
	open = advance(p)->pos;
	for (;;) {
		if (!is_value(peek(p)))
			return perr(p, _("expected a value after %s"), prev_desc(p, d, sizeof d));
		if ((v = add_val(n)) == NULL)
			return oom(p);
		if (take_value(p, v, as_text) != 0)
			return -1;
		if (as_text && v->text[0] == '\0') {
			p->i--;
			return perr(p, _("a tag name cannot be empty"));
		}
		if (peek(p)->kind == TK_RPAREN)
			break;
		if (peek(p)->kind != TK_COMMA)
			return perr(p, _("expected ',' or ')' in the list opened at %d:%d%s"),
			            open.line, open.col, spaces_hint(p, hint, sizeof hint));
		advance(p);
	}
	advance(p);
	return 0;
}

/* The value after before/after: a date (or a string holding one), or a
 * period followed by "ago". */
static int
parse_when(struct parser *p, struct rnode *n)
{
	struct token *t = peek(p);
	char d[256];
	struct rval *v;

	if (t->kind != TK_DATE && t->kind != TK_PERIOD && t->kind != TK_STRING)
		return perr(p, _("expected a date (2024-03-31) or a period ago (6m ago) after %s"),
		            prev_desc(p, d, sizeof d));
	if ((v = add_val(n)) == NULL)
		return oom(p);
	if (t->kind != TK_PERIOD)
		return take_value(p, v, false);
	v->kind = RV_PERIOD;
	v->amount = t->amount;
	v->unit = t->unit;
	v->pos = t->pos;
	v->ago = true;
	advance(p);
	if (!is_kw(peek(p), "ago"))
		return perr(p, _("expected 'ago' after %s (as in: before 6m ago)"),
		            prev_desc(p, d, sizeof d));
	advance(p);
	return 0;
}

/* The operator list of the "expected an operator" message, from the
 * operator table. */
static void
op_list(char *buf, size_t size)
{
	size_t n, i, used = 0;
	const struct rule_op_info *ops = rule_ops(&n);

	buf[0] = '\0';
	for (i = 0; i < n && used < size; i++) {
		if (ops[i].types == 0 || !ops[i].listed)
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
		                         ops[i].name);
	}
}

/* Whether a built-in or computed field of this name is a date, to word
 * the message about a missing comparison value. */
static bool
known_date_field(const char *name)
{
	struct field_catalog cat;
	const struct field *f;
	bool date = false;

	if (fields_load_known(&cat, NULL) != 0)
		return false;
	f = fields_find(&cat, name);
	date = f != NULL && f->type == FT_DATE;
	fields_free(&cat);
	return date;
}

static int
parse_cmp(struct parser *p, struct rnode *n)
{
	struct token *t = peek(p);
	char d[256], list[256];
	struct rval *v;

	n->op_pos = t->pos;
	if (t->kind == TK_OP) {
		n->op = advance(p)->op;
		t = peek(p);
		if (n->op == ROP_EQ || n->op == ROP_NE) {
			if (!is_value(t))
				return perr(p, _("expected a value after %s"),
				            prev_desc(p, d, sizeof d));
		} else if (t->kind != TK_NUMBER && t->kind != TK_DATE && t->kind != TK_STRING) {
			if (known_date_field(n->field))
				return perr(p, _("expected a date (2024-03-31 or 31.03.2024) after %s"),
				            prev_desc(p, d, sizeof d));
			return perr(p, _("expected a number after %s"), prev_desc(p, d, sizeof d));
		}
		if ((v = add_val(n)) == NULL)
			return oom(p);
		return take_value(p, v, false);
	}
	if (is_kw(t, "in") || is_kw(t, "not")) {
		n->op = is_kw(t, "in") ? ROP_IN : ROP_NOT_IN;
		advance(p);
		if (n->op == ROP_NOT_IN) {
			if (!is_kw(peek(p), "in"))
				return perr(p, _("expected 'in' after 'not' (to negate a condition, put 'not' "
				              "before it: not %s ...)"),
				            n->field);
			advance(p);
		}
		return parse_list(p, n, false);
	}
	if (is_kw(t, "between")) {
		n->op = ROP_BETWEEN;
		advance(p);
		if (peek(p)->kind != TK_NUMBER && peek(p)->kind != TK_DATE &&
		    peek(p)->kind != TK_STRING)
			return perr(p, _("expected a number or a date after 'between'"));
		if ((v = add_val(n)) == NULL || take_value(p, v, false) != 0)
			return v == NULL ? oom(p) : -1;
		if (!is_kw(peek(p), "and"))
			return perr(p, _("expected 'and' after %s (between A and B)"),
			            prev_desc(p, d, sizeof d));
		advance(p);
		if (peek(p)->kind != TK_NUMBER && peek(p)->kind != TK_DATE &&
		    peek(p)->kind != TK_STRING)
			return perr(p,
			            _("expected a number or a date after 'and' (between A and B)"));
		if ((v = add_val(n)) == NULL)
			return oom(p);
		return take_value(p, v, false);
	}
	if (is_kw(t, "contains") || is_kw(t, "starts")) {
		n->op = is_kw(t, "contains") ? ROP_CONTAINS : ROP_STARTS;
		advance(p);
		if (n->op == ROP_STARTS) {
			if (!is_kw(peek(p), "with"))
				return perr(p, _("expected 'with' after 'starts'"));
			advance(p);
		}
		if (!is_value(peek(p)))
			return perr(p, _("expected a text after %s"), prev_desc(p, d, sizeof d));
		if ((v = add_val(n)) == NULL)
			return oom(p);
		return take_value(p, v, true);
	}
	if (is_kw(t, "is")) {
		advance(p);
		n->op = ROP_EMPTY;
		if (is_kw(peek(p), "not")) {
			n->op = ROP_NOT_EMPTY;
			advance(p);
		}
		if (!is_kw(peek(p), "empty"))
			return perr(p, _("expected 'empty' after %s"), prev_desc(p, d, sizeof d));
		advance(p);
		return 0;
	}
	if (is_kw(t, "within")) {
		n->op = ROP_WITHIN;
		advance(p);
		t = peek(p);
		if (t->kind != TK_PERIOD)
			return perr(p, _("expected a period like 90d, 12w, 6m or 1y (days, weeks, months, "
			              "years) after 'within'"));
		if ((v = add_val(n)) == NULL)
			return oom(p);
		v->kind = RV_PERIOD;
		v->amount = t->amount;
		v->unit = t->unit;
		v->pos = t->pos;
		advance(p);
		return 0;
	}
	if (is_kw(t, "before") || is_kw(t, "after")) {
		n->op = is_kw(t, "before") ? ROP_BEFORE : ROP_AFTER;
		advance(p);
		return parse_when(p, n);
	}
	op_list(list, sizeof list);
	return perr(p, _("expected an operator (%s) after %s"), list, prev_desc(p, d, sizeof d));
}

static int parse_or(struct parser *p, struct rnode **out, const char *after);

/* tag:NAME, tags any|all|none (...), in segment "...", a comparison, or a
 * group in parentheses. */
static int
parse_primary(struct parser *p, struct rnode **out, const char *after)
{
	struct token *t = peek(p);
	struct rnode *n = NULL;
	char hint[400];

	*out = NULL;
	if (t->kind == TK_LPAREN) {
		struct rpos open = advance(p)->pos;

		if (peek(p)->kind == TK_RPAREN)
			return perr(p, _("expected a condition after '('"));
		if (parse_or(p, out, "'('") != 0)
			return -1;
		if (peek(p)->kind != TK_RPAREN)
			return perr(p, _("expected ')' to close the '(' at %d:%d%s"), open.line,
			            open.col, spaces_hint(p, hint, sizeof hint));
		advance(p);
		return 0;
	}
	if (is_kw(t, "tag") && peek2(p)->kind == TK_COLON) {
		if ((n = node_new(RN_TAG, t->pos)) == NULL)
			return oom(p);
		*out = n;
		advance(p);
		advance(p);
		t = peek(p);
		if (t->kind != TK_WORD && t->kind != TK_STRING && t->kind != TK_NUMBER &&
		    t->kind != TK_DATE && t->kind != TK_PERIOD)
			return perr(p, _("expected a tag name after 'tag:' (tag:vip, tag:\"do not mail\")"));
		if (add_val(n) == NULL)
			return oom(p);
		if (take_value(p, &n->vals[0], true) != 0)
			return -1;
		if (n->vals[0].text[0] == '\0') {
			p->i--;
			return perr(p, _("a tag name cannot be empty"));
		}
		return 0;
	}
	if (is_kw(t, "tags") && (is_kw(peek2(p), "any") || is_kw(peek2(p), "all") ||
	                         is_kw(peek2(p), "none"))) {
		if ((n = node_new(RN_TAGS, t->pos)) == NULL)
			return oom(p);
		*out = n;
		advance(p);
		t = advance(p);
		n->mode = is_kw(t, "any") ? TAGS_ANY : is_kw(t, "all") ? TAGS_ALL : TAGS_NONE;
		return parse_list(p, n, true);
	}
	if (is_kw(t, "in") && is_kw(peek2(p), "segment")) {
		if ((n = node_new(RN_SEGMENT, t->pos)) == NULL)
			return oom(p);
		*out = n;
		advance(p);
		advance(p);
		t = peek(p);
		if (t->kind != TK_STRING && t->kind != TK_WORD)
			return perr(p, _("expected a segment name after 'segment' (in segment "
			                 "\"Clients/Primary school\")"));
		if (add_val(n) == NULL)
			return oom(p);
		return take_value(p, &n->vals[0], true);
	}
	if ((t->kind == TK_WORD && rule_word_like(t->text) && !rule_reserved(t->text)) ||
	    (t->kind == TK_STRING && t->text[0] != '\0')) {
		if ((n = node_new(RN_CMP, t->pos)) == NULL)
			return oom(p);
		*out = n;
		n->field_quoted = t->kind == TK_STRING;
		n->field = t->text;
		t->text = NULL;
		advance(p);
		return parse_cmp(p, n);
	}
	if (after == NULL)
		return perr(p, _("expected a condition, such as city = Москва, orders >= 3 or tag:vip"));
	return perr(p, _("expected a condition after %s"), after);
}

static int
parse_unary(struct parser *p, struct rnode **out, const char *after)
{
	struct token *t = peek(p);
	struct rnode *n;
	int rc;

	*out = NULL;
	if (++p->depth > MAX_DEPTH)
		return perr(p, _("the rule nests too deeply (at most %d levels of parentheses and 'not')"),
		            MAX_DEPTH);
	if (is_kw(t, "not")) {
		if ((n = node_new(RN_NOT, t->pos)) == NULL)
			return oom(p);
		*out = n;
		advance(p);
		if (add_kid(n, NULL) != 0)
			return oom(p);
		rc = parse_unary(p, &n->kids[0], "'not'");
	} else {
		rc = parse_primary(p, out, after);
	}
	p->depth--;
	return rc;
}

/* and/or chains: kinds is RN_AND or RN_OR; a kid of the same kind (a group
 * in parentheses) is flattened into the chain. */
static int
parse_chain(struct parser *p, struct rnode **out, const char *after, enum rnode_kind kind)
{
	const char *kw = kind == RN_AND ? "and" : "or";
	const char *kwq = kind == RN_AND ? "'and'" : "'or'";
	struct rnode *n = NULL, *k = NULL;
	struct rpos start = peek(p)->pos;
	size_t i;
	int rc;

	*out = NULL;
	rc = kind == RN_AND ? parse_unary(p, &k, after) : parse_chain(p, &k, after, RN_AND);
	if (rc != 0 || !is_kw(peek(p), kw)) {
		*out = k;
		return rc;
	}
	if ((n = node_new(kind, start)) == NULL) {
		rnode_free(k);
		return oom(p);
	}
	*out = n;
	for (;;) {
		if (k != NULL && k->kind == kind) {
			for (i = 0; i < k->nkids; i++) {
				if (add_kid(n, k->kids[i]) != 0) {
					k->nkids -= i;
					memmove(k->kids, k->kids + i, k->nkids * sizeof *k->kids);
					rnode_free(k);
					return oom(p);
				}
			}
			k->nkids = 0;
			rnode_free(k);
		} else if (add_kid(n, k) != 0) {
			rnode_free(k);
			return oom(p);
		}
		k = NULL;
		if (rc != 0 || !is_kw(peek(p), kw))
			return rc;
		advance(p);
		rc = kind == RN_AND ? parse_unary(p, &k, kwq) : parse_chain(p, &k, kwq, RN_AND);
		if (rc != 0 && k == NULL)
			return rc;
	}
}

static int
parse_or(struct parser *p, struct rnode **out, const char *after)
{
	return parse_chain(p, out, after, RN_OR);
}

/* Counts the conditions of n; *at receives where the one past the limit
 * starts. */
static size_t
count_conds(const struct rnode *n, size_t seen, struct rpos *at)
{
	size_t i, k = 0;

	if (n == NULL)
		return 0;
	if (n->kind != RN_AND && n->kind != RN_OR && n->kind != RN_NOT) {
		if (seen == RULE_MAX_CONDITIONS)
			*at = n->pos;
		return 1;
	}
	for (i = 0; i < n->nkids; i++)
		k += count_conds(n->kids[i], seen + k, at);
	return k;
}

int
rule_parse(const char *text, struct rule **out, struct err *e)
{
	struct parser p = {0};
	struct rule *r;
	char d[256], hint[400];
	int rc = -1;

	*out = NULL;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	p.e = e;
	if (rule_lex(text != NULL ? text : "", &p.t, &p.n) != 0) {
		free(r);
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	if (peek(&p)->kind == TK_EOF) {
		rc = 0; /* the empty rule: everyone */
	} else if (parse_or(&p, &r->root, NULL) == 0) {
		struct rpos at = {1, 1};
		size_t nc;

		if (peek(&p)->kind == TK_RPAREN)
			perr(&p, _("this ')' closes no '('"));
		else if (peek(&p)->kind != TK_EOF)
			perr(&p, _("expected 'and', 'or' or the end of the rule after %s%s"),
			     prev_desc(&p, d, sizeof d), spaces_hint(&p, hint, sizeof hint));
		else if ((nc = count_conds(r->root, 0, &at)) > RULE_MAX_CONDITIONS)
			/* The way round: the conditions of an and go into a parent
			 * and its children; those of a long or are most often the
			 * values of one field (a pasted list), which `in` holds as
			 * one condition. Segments do not help an or. */
			err_set_at(e, EXIT_DATAERR, NULL, at.line, at.col,
			           _("a rule may have at most %d conditions; this one has %zu (%s)"),
			           RULE_MAX_CONDITIONS, nc,
			           r->root->kind == RN_OR
			                   ? _("a list is one condition: write FIELD in (A, B, ...) "
			                       "rather than FIELD = A or FIELD = B or ...")
			                   : _("split it into segments: a child segment adds its "
			                       "conditions to its parent's"));
		else
			rc = 0;
	}
	rule_tokens_free(p.t, p.n);
	if (rc != 0) {
		rule_free(&r);
		return -1;
	}
	*out = r;
	return 0;
}
