/* The lexer of the rule language: words (any script), quoted strings,
 * numbers, dates, periods and symbols, each with its line and column
 * counted in characters. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/date.h"
#include "i18n.h"
#include "rule/tree.h"

struct lexer {
	const char *s;
	size_t n, i;
	struct rpos pos;
};

/* --- lexing ---------------------------------------------------------------- */

static unsigned long
lx_peek(const struct lexer *lx, size_t off, size_t *len)
{
	unsigned long c;
	size_t l;

	if (lx->i + off >= lx->n) {
		if (len != NULL)
			*len = 0;
		return 0;
	}
	l = rule_utf8(lx->s + lx->i + off, lx->n - lx->i - off, &c);
	if (len != NULL)
		*len = l;
	return c;
}

static void
lx_next(struct lexer *lx)
{
	size_t len;
	unsigned long c = lx_peek(lx, 0, &len);

	lx->i += len;
	if (c == '\n') {
		lx->pos.line++;
		lx->pos.col = 1;
	} else {
		lx->pos.col++;
	}
}

static bool
is_space(unsigned long c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
	       c == 0xA0;
}

static bool
is_digit_at(const struct lexer *lx, size_t off)
{
	return lx->i + off < lx->n && lx->s[lx->i + off] >= '0' && lx->s[lx->i + off] <= '9';
}

static size_t
digits_at(const struct lexer *lx, size_t off)
{
	size_t k = 0;

	while (is_digit_at(lx, off + k))
		k++;
	return k;
}

static bool
word_at(const struct lexer *lx, size_t off)
{
	return lx->i + off < lx->n && rule_word_cp(lx_peek(lx, off, NULL));
}

/* The word goes on at off: a word character, or a hyphen between word
 * characters ("month-to-month", "Санкт-Петербург"). */
static bool
word_more(const struct lexer *lx, size_t off)
{
	return word_at(lx, off) ||
	       (lx->i + off < lx->n && lx->s[lx->i + off] == '-' && word_at(lx, off + 1));
}

/* The bytes of the word that starts at off. */
static size_t
word_len(const struct lexer *lx, size_t off)
{
	size_t k = off;
	unsigned long c;

	while (word_more(lx, k))
		k += lx->s[lx->i + k] == '-' ? 1 : rule_utf8(lx->s + lx->i + k, lx->n - lx->i - k, &c);
	return k - off;
}

/* Where an error has no place (out of memory). */
static const struct rpos nowhere;

/* Makes t a lexical error at `at`, which the parser reports there. */
static int
lx_bad(struct token *t, struct rpos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
lx_bad(struct token *t, struct rpos at, const char *fmt, ...)
{
	va_list ap;

	t->kind = TK_BAD;
	t->pos = at;
	va_start(ap, fmt);
	if (vasprintf(&t->text, fmt, ap) < 0)
		t->text = NULL;
	va_end(ap);
	return -1;
}

/* A quoted string; "..." with \" and \\, or the typographic «...» and
 * “...” that word processors put in. */
static int
lex_string(struct lexer *lx, struct token *t, unsigned long close)
{
	struct strbuf b = {0};
	struct rpos open = lx->pos;
	size_t len;
	unsigned long c;

	lx_next(lx);
	strbuf_add(&b, "");
	for (;;) {
		if (lx->i >= lx->n) {
			free(b.p);
			return lx_bad(t, open, _("this string has no closing quote"));
		}
		c = lx_peek(lx, 0, &len);
		if (c == close)
			break;
		if (c == '\\' && close == '"') {
			unsigned long d = lx_peek(lx, 1, NULL);

			if (d != '"' && d != '\\') {
				free(b.p);
				return lx_bad(t, lx->pos,
				              _("unknown escape in a string; write \\\" for a quote "
				                "and \\\\ for a backslash"));
			}
			lx_next(lx);
			len = 1;
		}
		strbuf_addn(&b, lx->s + lx->i, len);
		lx_next(lx);
	}
	lx_next(lx);
	if (b.oom) {
		free(b.p);
		return lx_bad(t, nowhere, _("out of memory"));
	}
	t->kind = TK_STRING;
	t->text = b.p;
	return 0;
}

/* "2.50" -> "2.5", "10000.0" -> "10000"; leading zeros stay ("007" may be
 * a code compared with a text field). */
static char *
canonical_number(const char *s, size_t n)
{
	char *p = strndup(s, n), *dot;
	size_t l;

	/* 1e3 stays as written: trailing zeros belong to its exponent */
	if (p == NULL || (dot = strchr(p, '.')) == NULL || strpbrk(p, "eE") != NULL)
		return p;
	l = strlen(p);
	while (l > 0 && p[l - 1] == '0')
		p[--l] = '\0';
	if (p[l - 1] == '.')
		p[--l] = '\0';
	return p;
}

static int
lex_date(struct lexer *lx, struct token *t, size_t len, enum date_order order)
{
	char raw[32], out[20];
	const char *why;
	struct rpos at = lx->pos;
	size_t k;

	if (len >= sizeof raw)
		return lx_bad(t, at, _("this date is too long"));
	memcpy(raw, lx->s + lx->i, len);
	raw[len] = '\0';
	for (k = 0; k < len; k++)
		lx_next(lx);
	if (norm_date(raw, order, out, &why) != 0)
		return lx_bad(t, at, _("invalid date \"%s\""), raw);
	t->kind = TK_DATE;
	out[10] = '\0';
	t->text = strdup(out);
	return t->text != NULL ? 0 : lx_bad(t, nowhere, _("out of memory"));
}

/* Numbers, dates and periods, or a word that starts with a digit. */
static int
lex_number(struct lexer *lx, struct token *t)
{
	size_t sign = lx->s[lx->i] == '-', a = digits_at(lx, sign), k, m;
	char u;

	if (!sign && a == 4 && lx->s[lx->i + 4] == '-' && (m = digits_at(lx, 5)) >= 1 && m <= 2 &&
	    lx->i + 5 + m < lx->n && lx->s[lx->i + 5 + m] == '-' &&
	    (k = digits_at(lx, 6 + m)) >= 1 && k <= 2 && !word_more(lx, 6 + m + k))
		return lex_date(lx, t, 6 + m + k, DATE_YMD);
	if (!sign && a >= 1 && a <= 2 && lx->s[lx->i + a] == '.' &&
	    (m = digits_at(lx, a + 1)) >= 1 && m <= 2 && lx->i + a + 1 + m < lx->n &&
	    lx->s[lx->i + a + 1 + m] == '.' && digits_at(lx, a + 2 + m) == 4 &&
	    !word_more(lx, a + 6 + m))
		return lex_date(lx, t, a + 6 + m, DATE_DMY);
	k = sign + a;
	if (lx->i + k + 1 < lx->n && lx->s[lx->i + k] == '.' && is_digit_at(lx, k + 1))
		k += 1 + digits_at(lx, k + 1);
	/* an exponent, as spreadsheets write large numbers: 1e3, 2.5E+6 */
	if (lx->i + k < lx->n && (lx->s[lx->i + k] | 0x20) == 'e') {
		m = lx->i + k + 1 < lx->n && (lx->s[lx->i + k + 1] == '+' || lx->s[lx->i + k + 1] == '-');
		if (digits_at(lx, k + 1 + m) > 0 && !word_more(lx, k + 1 + m + digits_at(lx, k + 1 + m)))
			k += 1 + m + digits_at(lx, k + 1 + m);
	}
	u = lx->i + k < lx->n ? lx->s[lx->i + k] : '\0';
	if (!sign && k == a && strchr("dwmyDWMY", u) != NULL && u != '\0' && !word_more(lx, k + 1)) {
		t->kind = TK_PERIOD;
		t->amount = strtol(lx->s + lx->i, NULL, 10);
		if (a > 6)
			return lx_bad(t, lx->pos, _("this period is too long"));
		t->unit = (char)(u | 0x20);
		k++;
	} else if (word_more(lx, k)) {
		/* "5g", "2x_promo", "4-door": a word that happens to start with
		 * a digit */
		k += word_len(lx, k);
		t->kind = TK_WORD;
		t->text = strndup(lx->s + lx->i, k);
	} else {
		/* its value is read where a number field compares it */
		t->kind = TK_NUMBER;
		t->text = canonical_number(lx->s + lx->i, k);
	}
	if (t->kind != TK_PERIOD && t->text == NULL)
		return lx_bad(t, nowhere, _("out of memory"));
	/* the caller walks over the k bytes, counting characters */
	t->len = k;
	return 0;
}

static const struct {
	const char *s;
	enum rule_op op;
} op_tokens[] = {
	{"!=", ROP_NE}, {"<>", ROP_NE}, {"<=", ROP_LE}, {">=", ROP_GE}, {"==", ROP_EQ},
	{"=", ROP_EQ},  {"<", ROP_LT},  {">", ROP_GT},
};

/* One token at lx; returns -1 (with t->kind TK_BAD) on a lexical error. */
static int
lex_one(struct lexer *lx, struct token *t)
{
	unsigned long c;
	size_t len, i, start;

	while (lx->i < lx->n && is_space(lx_peek(lx, 0, NULL)))
		lx_next(lx);
	memset(t, 0, sizeof *t);
	t->pos = lx->pos;
	t->src = lx->s + lx->i;
	start = lx->i;
	if (lx->i >= lx->n) {
		t->kind = TK_EOF;
		return 0;
	}
	c = lx_peek(lx, 0, &len);
	if (c == '(' || c == ')' || c == ',' || c == ':') {
		t->kind = c == '(' ? TK_LPAREN : c == ')' ? TK_RPAREN : c == ',' ? TK_COMMA : TK_COLON;
		lx_next(lx);
	} else if (c == '"' || c == 0xAB || c == 0x201C) {
		if (lex_string(lx, t, c == '"' ? '"' : c == 0xAB ? 0xBB : 0x201D) != 0)
			return -1;
	} else if ((c >= '0' && c <= '9') || (c == '-' && is_digit_at(lx, 1))) {
		if (lex_number(lx, t) != 0)
			return -1;
		if (t->kind != TK_DATE)
			while (lx->i < start + t->len)
				lx_next(lx);
	} else if (rule_word_cp(c)) {
		size_t k = word_len(lx, 0);

		while (lx->i < start + k)
			lx_next(lx);
		t->kind = TK_WORD;
		if ((t->text = strndup(t->src, lx->i - start)) == NULL)
			return lx_bad(t, nowhere, _("out of memory"));
	} else if (c == '=' && (lx_peek(lx, 1, NULL) == '>' || lx_peek(lx, 1, NULL) == '<')) {
		/* "spent => 1000": the order of a spreadsheet's >= turned round */
		return lx_bad(t, t->pos, _("'=%c' is not an operator; did you mean '%c='?"),
		              (char)lx_peek(lx, 1, NULL), (char)lx_peek(lx, 1, NULL));
	} else {
		for (i = 0; i < sizeof op_tokens / sizeof op_tokens[0]; i++) {
			size_t l = strlen(op_tokens[i].s);

			if (lx->n - lx->i >= l && memcmp(lx->s + lx->i, op_tokens[i].s, l) == 0) {
				t->kind = TK_OP;
				t->op = op_tokens[i].op;
				while (l-- > 0)
					lx_next(lx);
				break;
			}
		}
		if (t->kind != TK_OP) {
			if (c == '!')
				return lx_bad(t, t->pos, _("unexpected '!'; did you mean '!='?"));
			if (c == 0xFFFD && len == 1)
				return lx_bad(t, t->pos, _("invalid UTF-8 in the rule"));
			return lx_bad(t, t->pos,
			              _("unexpected character '%.*s' (text with such characters "
			                "goes in double quotes)"),
			              (int)len, lx->s + lx->i);
		}
	}
	t->len = lx->i - start;
	return 0;
}

void
rule_tokens_free(struct token *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(t[i].text);
	free(t);
}

int
rule_lex(const char *text, struct token **out, size_t *nout)
{
	struct lexer lx = {text, strlen(text), 0, {1, 1}};
	struct token *v = NULL, *bigger;
	size_t n = 0, cap = 0;

	for (;;) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			if ((bigger = realloc(v, cap * sizeof *v)) == NULL) {
				rule_tokens_free(v, n);
				return -1;
			}
			v = bigger;
		}
		lex_one(&lx, &v[n]);
		n++;
		if (v[n - 1].kind == TK_EOF || v[n - 1].kind == TK_BAD)
			break;
	}
	*out = v;
	*nout = n;
	return 0;
}

