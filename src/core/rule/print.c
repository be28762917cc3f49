/* Rules printed in their canonical form, the operator table (with the help
 * text the help screen shows), and the small helpers the rule files share. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "rule/tree.h"
#include "text/text.h"

#define T(x) (1u << (x))
#define ALL_TYPES (T(FT_TEXT) | T(FT_NUMBER) | T(FT_DATE) | T(FT_BOOL))

/* Field operators first, in enum rule_op order; then the forms that name
 * no field. The parser's "expected an operator" list is built from the
 * listed entries, the help screen from all of them. */
static const struct rule_op_info ops[] = {
	{"=", "FIELD = VALUE",
	 N_("equal to the value; text compares in any case (москва matches Москва), "
	    "a date compares the day"),
	 ALL_TYPES, 1},
	{"!=", "FIELD != VALUE",
	 N_("a known value other than this one; customers with no value do not match "
	    "(add 'or FIELD is empty' for them)"),
	 ALL_TYPES, 1},
	{"<", "FIELD < VALUE", N_("less than the number, or earlier than the date"),
	 T(FT_NUMBER) | T(FT_DATE), 1},
	{"<=", "FIELD <= VALUE", N_("at most the number, or on or before the date"),
	 T(FT_NUMBER) | T(FT_DATE), 1},
	{">", "FIELD > VALUE", N_("more than the number, or later than the date"),
	 T(FT_NUMBER) | T(FT_DATE), 1},
	{">=", "FIELD >= VALUE", N_("at least the number, or on or after the date"),
	 T(FT_NUMBER) | T(FT_DATE), 1},
	{"in", "FIELD in (A, B, ...)", N_("equal to one of the values"), ALL_TYPES, 1},
	{"not in", "FIELD not in (A, B, ...)",
	 N_("a known value that is none of these; customers with no value do not match"),
	 ALL_TYPES, 1},
	{"between", "FIELD between A and B", N_("from A to B, both included"),
	 T(FT_NUMBER) | T(FT_DATE), 1},
	{"contains", "FIELD contains TEXT",
	 N_("the text occurs anywhere in the value, in any case"), T(FT_TEXT), 1},
	{"starts with", "FIELD starts with TEXT", N_("the value begins with the text, in any case"),
	 T(FT_TEXT), 1},
	{"is empty", "FIELD is empty", N_("the customer has no value for the field"), ALL_TYPES, 1},
	{"is not empty", "FIELD is not empty", N_("the customer has a value for the field"),
	 ALL_TYPES, 0},
	{"within", "FIELD within 90d",
	 N_("in the last N days (d), weeks (w), months (m) or years (y), up to the base's "
	    "reference date"),
	 T(FT_DATE), 1},
	{"before", "FIELD before 2024-03-31 | FIELD before 6m ago",
	 N_("earlier than the date, or than N days/weeks/months/years before the reference date"),
	 T(FT_DATE), 1},
	{"after", "FIELD after 2024-03-31 | FIELD after 30d ago",
	 N_("later than the date, or than N days/weeks/months/years before the reference date"),
	 T(FT_DATE), 1},
	{"tag:", "tag:NAME | tag:\"do not mail\"", N_("the customer has the tag"), 0, 0},
	{"tags any", "tags any (A, B, ...)", N_("the customer has at least one of the tags"), 0, 0},
	{"tags all", "tags all (A, B, ...)", N_("the customer has every one of the tags"), 0, 0},
	{"tags none", "tags none (A, B, ...)", N_("the customer has none of the tags"), 0, 0},
	{"in segment", "in segment \"Clients/Primary school\"",
	 N_("a member of that segment, following its changes"), 0, 0},
	{"not", "not CONDITION",
	 N_("everyone the condition does not match, customers with no value included"), 0, 0},
	{"and", "A and B", N_("both conditions; 'and' binds tighter than 'or'"), 0, 0},
	{"or", "A or B", N_("either condition (or both)"), 0, 0},
};

const struct rule_op_info *
rule_ops(size_t *n)
{
	*n = sizeof ops / sizeof ops[0];
	return ops;
}

const struct rule_op_info *
rule_op_info(enum rule_op op)
{
	return &ops[op];
}

/* Words that cannot stand bare where a value or a field name goes. */
static const char *const reserved[] = {
	"and", "or", "not", "in", "is", "between", "contains", "starts",
	"within", "before", "after", "ago", "empty",
};

bool
rule_reserved(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
		if (strcasecmp(w, reserved[i]) == 0)
			return true;
	return false;
}

size_t
rule_utf8(const char *s, size_t n, unsigned long *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, i;
	unsigned long c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2;
		c = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		c = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		c = p[0] & 0x07;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len > n)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (p[i] & 0x3F);
	}
	/* overlong forms, surrogates and values past U+10FFFF */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xFFFD;
	return 1;
}

bool
rule_word_cp(unsigned long c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       c == '_';
	/* The same letters as field_name_from_header without a locale: Latin-1
	 * punctuation and the General Punctuation block (quotes, dashes, the
	 * no-break space) separate; every other script is letters. */
	return !(c <= 0xBF || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
	         c == 0xFEFF || c == 0xFFFD || (c >= 0x3000 && c <= 0x303F));
}

bool
rule_word_like(const char *s)
{
	size_t n = strlen(s), i = 0, len;
	unsigned long c;

	if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
		return false;
	while (i < n) {
		len = rule_utf8(s + i, n - i, &c);
		/* a hyphen between word characters: "month-to-month" */
		if (c == '-' && i > 0 && i + 1 < n && s[i + 1] != '-' &&
		    (rule_utf8(s + i + 1, n - i - 1, &c), rule_word_cp(c)))
			c = '_';
		if (!rule_word_cp(c))
			return false;
		i += len;
	}
	return true;
}


/* --- printing -------------------------------------------------------------- */

/* A word bare when it reads back as the same word; otherwise in double
 * quotes with '"' and '\' escaped. */
static void
print_word(struct strbuf *b, const char *s, bool quote)
{
	const char *p;

	if (!quote && rule_word_like(s) && !rule_reserved(s)) {
		strbuf_add(b, s);
		return;
	}
	strbuf_add(b, "\"");
	for (p = s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_add(b, "\\");
		strbuf_addn(b, p, 1);
	}
	strbuf_add(b, "\"");
}

void
rule_print_value(struct strbuf *b, const struct rval *v, bool quote)
{
	switch (v->kind) {
	case RV_TEXT:
		print_word(b, v->text, quote);
		break;
	case RV_NUMBER:
	case RV_DATE:
		strbuf_add(b, v->text);
		break;
	case RV_PERIOD:
		strbuf_addf(b, "%ld%c%s", v->amount, v->unit, v->ago ? " ago" : "");
		break;
	}
}

static void
print_list(struct strbuf *b, const struct rnode *n)
{
	size_t i;

	strbuf_add(b, "(");
	for (i = 0; i < n->nvals; i++) {
		if (i > 0)
			strbuf_add(b, ", ");
		rule_print_value(b, &n->vals[i], false);
	}
	strbuf_add(b, ")");
}

/* A field written bare is printed folded (names are lower case, and labels
 * are found in any case); one that needs quotes is kept as written. */
static void
print_field(struct strbuf *b, const struct rnode *n)
{
	if (rule_word_like(n->field) && !rule_reserved(n->field)) {
		char *f = text_fold(n->field);

		if (f == NULL) {
			b->oom = true;
			return;
		}
		strbuf_add(b, f);
		free(f);
		return;
	}
	print_word(b, n->field, false);
}

static void print_node(struct strbuf *b, const struct rnode *n);

static void
print_cmp(struct strbuf *b, const struct rnode *n)
{
	/* where the parser takes no bare word (after <, between, before...),
	 * text was written in quotes and stays so */
	bool quote = n->op != ROP_EQ && n->op != ROP_NE && n->op != ROP_CONTAINS &&
	             n->op != ROP_STARTS;

	print_field(b, n);
	strbuf_add(b, " ");
	strbuf_add(b, ops[n->op].name);
	switch (n->op) {
	case ROP_IN:
	case ROP_NOT_IN:
		strbuf_add(b, " ");
		print_list(b, n);
		break;
	case ROP_BETWEEN:
		strbuf_add(b, " ");
		rule_print_value(b, &n->vals[0], quote);
		strbuf_add(b, " and ");
		rule_print_value(b, &n->vals[1], quote);
		break;
	case ROP_EMPTY:
	case ROP_NOT_EMPTY:
		break;
	default:
		strbuf_add(b, " ");
		rule_print_value(b, &n->vals[0], quote);
		break;
	}
}

/* A kid of and/or/not in parentheses when it is an and/or of its own: the
 * parser flattens "a and (b and c)", so an and under an or (or an or under
 * an and) is all that is left, and both always get them. */
static void
print_kid(struct strbuf *b, const struct rnode *k)
{
	bool group = k->kind == RN_AND || k->kind == RN_OR;

	if (group)
		strbuf_add(b, "(");
	print_node(b, k);
	if (group)
		strbuf_add(b, ")");
}

static void
print_node(struct strbuf *b, const struct rnode *n)
{
	static const char *const modes[] = {"any", "all", "none"};
	size_t i;

	switch (n->kind) {
	case RN_AND:
	case RN_OR:
		for (i = 0; i < n->nkids; i++) {
			if (i > 0)
				strbuf_add(b, n->kind == RN_AND ? " and " : " or ");
			print_kid(b, n->kids[i]);
		}
		break;
	case RN_NOT:
		strbuf_add(b, "not ");
		print_kid(b, n->kids[0]);
		break;
	case RN_CMP:
		print_cmp(b, n);
		break;
	case RN_TAG:
		strbuf_add(b, "tag:");
		rule_print_value(b, &n->vals[0], false);
		break;
	case RN_TAGS:
		strbuf_addf(b, "tags %s ", modes[n->mode]);
		print_list(b, n);
		break;
	case RN_SEGMENT:
		strbuf_add(b, "in segment ");
		rule_print_value(b, &n->vals[0], false);
		break;
	}
}

char *
rule_print(const struct rule *r)
{
	struct strbuf b = {0};

	strbuf_add(&b, "");
	if (r != NULL && r->root != NULL)
		print_node(&b, r->root);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}
