/* One condition as the interface's form edits it: a field, an operator and
 * the operands as text, taken apart from a term and put back together.
 * No database: the form checks the result with rule_where. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "rule/terms.h"
#include "rule/tree.h"

static int
oom(struct err *e)
{
	return err_set(e, EXIT_FAIL, _("out of memory"));
}

void
rule_cond_free(struct rule_cond *c)
{
	free(c->field);
	free(c->value);
	memset(c, 0, sizeof *c);
}

int
rule_cond_split(const char *term, struct rule_cond *out, struct err *e)
{
	struct rule *r = NULL;
	const struct rnode *n;
	struct strbuf b = {0};
	size_t i;

	memset(out, 0, sizeof *out);
	if (rule_parse(term, &r, e) != 0)
		return -1;
	n = r->root;
	if (n == NULL || n->kind != RN_CMP) {
		rule_free(&r);
		return 0;
	}
	strbuf_add(&b, "");
	for (i = 0; i < n->nvals; i++) {
		if (i > 0)
			strbuf_add(&b, n->op == ROP_BETWEEN ? " and " : ", ");
		rule_print_value(&b, &n->vals[i], false);
	}
	if (b.oom) {
		free(b.p);
		b.p = NULL;
	}
	out->field = strdup(n->field);
	out->op = rule_op_info(n->op)->name;
	out->value = b.p;
	rule_free(&r);
	if (out->field == NULL || out->value == NULL) {
		rule_cond_free(out);
		return oom(e);
	}
	return 1;
}

/* True when item, as typed, is one operand of the language: a word that
 * is no keyword, a quoted string, a number, a date, a period ("90d"; with
 * ago when ago). Anything else goes in quotes. */
static bool
one_operand(const char *item, bool ago)
{
	struct token *t = NULL;
	size_t n = 0;
	bool ok;

	if (rule_lex(item, &t, &n) != 0)
		return false;
	ok = n >= 2 && t[n - 1].kind == TK_EOF;
	if (ok && t[0].kind == TK_PERIOD && ago && n == 3 && t[1].kind == TK_WORD &&
	    strcasecmp(t[1].text, "ago") == 0)
		;
	else if (ok)
		ok = n == 2 && (t[0].kind == TK_STRING || t[0].kind == TK_NUMBER ||
		                t[0].kind == TK_DATE || t[0].kind == TK_PERIOD ||
		                (t[0].kind == TK_WORD && !rule_reserved(t[0].text)));
	rule_tokens_free(t, n);
	return ok;
}

/* Appends item (start..end, spaces trimmed) as an operand. */
static void
add_operand(struct strbuf *b, const char *s, size_t len, bool ago)
{
	char *item;

	while (len > 0 && *s == ' ')
		s++, len--;
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if ((item = strndup(s, len)) == NULL) {
		b->oom = true;
		return;
	}
	if (len == 0 || one_operand(item, ago)) {
		strbuf_add(b, item);
	} else {
		strbuf_add(b, "\"");
		for (const char *c = item; *c != '\0'; c++) {
			if (*c == '"' || *c == '\\')
				strbuf_add(b, "\\");
			strbuf_addn(b, c, 1);
		}
		strbuf_add(b, "\"");
	}
	free(item);
}

/* Where the next separator is in s: a comma (sep NULL) or the word sep
 * (" and "), outside double quotes; NULL when there is none. */
static const char *
next_sep(const char *s, const char *sep)
{
	bool quoted = false;

	for (; *s != '\0'; s++) {
		if (quoted && *s == '\\' && s[1] != '\0')
			s++;
		else if (*s == '"')
			quoted = !quoted;
		else if (!quoted && sep == NULL && *s == ',')
			return s;
		else if (!quoted && sep != NULL && strncasecmp(s, sep, strlen(sep)) == 0)
			return s;
	}
	return NULL;
}

static const struct rule_op_info *
find_op(const char *name)
{
	size_t n, i;
	const struct rule_op_info *ops = rule_ops(&n);

	for (i = 0; i < n; i++)
		if (ops[i].types != 0 && strcmp(ops[i].name, name) == 0)
			return &ops[i];
	return NULL;
}

int
rule_cond_join(const char *field, const char *op, const char *value, char **out, struct err *e)
{
	struct strbuf b = {0};
	const struct rule_op_info *info = find_op(op);
	struct rule *r = NULL;
	const char *v = value != NULL ? value : "", *sep;
	size_t len;
	bool list, ago;

	*out = NULL;
	if (info == NULL)
		return err_set(e, EXIT_DATAERR, _("\"%s\" is not an operator of a field"), op);
	list = strcmp(op, "in") == 0 || strcmp(op, "not in") == 0;
	ago = strcmp(op, "before") == 0 || strcmp(op, "after") == 0;
	/* the field as a rule writes it: bare when it can be */
	strbuf_add(&b, "");
	add_operand(&b, field, strlen(field), false);
	strbuf_addf(&b, " %s", op);
	if (strcmp(op, "is empty") != 0 && strcmp(op, "is not empty") != 0) {
		strbuf_add(&b, list ? " (" : " ");
		while (*v == ' ')
			v++;
		len = strlen(v);
		while (len > 0 && v[len - 1] == ' ')
			len--;
		if (list && len >= 2 && v[0] == '(' && v[len - 1] == ')')
			v++, len -= 2;
		if (list || strcmp(op, "between") == 0) {
			const char *end = v + len;

			while ((sep = next_sep(v, list ? NULL : " and ")) != NULL && sep < end) {
				add_operand(&b, v, (size_t)(sep - v), ago);
				strbuf_add(&b, list ? ", " : " and ");
				v = sep + (list ? 1 : 5);
			}
			add_operand(&b, v, (size_t)(end - v), ago);
		} else {
			add_operand(&b, v, len, ago);
		}
		if (list)
			strbuf_add(&b, ")");
	}
	if (b.oom) {
		free(b.p);
		return oom(e);
	}
	/* the draft as it is when it does not parse (the error's column is in
	 * it), else its canonical form */
	*out = b.p;
	if (rule_parse(b.p, &r, e) != 0)
		return -1;
	*out = rule_print(r);
	rule_free(&r);
	if (*out == NULL) {
		*out = b.p;
		return oom(e);
	}
	free(b.p);
	return 0;
}
