/* The syntax tree of a rule, shared by rule/parse.c (text -> tree),
 * rule/print.c (tree -> canonical text) and rule/sql.c (tree -> SQL). */
#ifndef CLIENTELE_RULE_TREE_H
#define CLIENTELE_RULE_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "rule/rule.h"
#include "util/strbuf.h"

/* Where something was written: 1-based line and column (code points). */
struct rpos {
	int line, col;
};

enum rval_kind {
	RV_TEXT = 0,  /* a bare word or a quoted string */
	RV_NUMBER,    /* text holds the canonical form ("10000", "2.5", "-3") */
	RV_DATE,      /* text holds the ISO form "2024-03-31" */
	RV_PERIOD     /* amount + unit ("90d"); ago says "N unit ago" */
};

struct rval {
	enum rval_kind kind;
	char *text;        /* RV_TEXT, RV_NUMBER, RV_DATE; NULL for RV_PERIOD */
	long amount;       /* RV_PERIOD */
	char unit;         /* RV_PERIOD: 'd', 'w', 'm' or 'y' */
	bool ago;          /* RV_PERIOD followed by "ago" */
	struct rpos pos;
};

/* Field operators, in the order of the operator table (rule_ops). */
enum rule_op {
	ROP_EQ = 0, ROP_NE, ROP_LT, ROP_LE, ROP_GT, ROP_GE,
	ROP_IN, ROP_NOT_IN, ROP_BETWEEN, ROP_CONTAINS, ROP_STARTS,
	ROP_EMPTY, ROP_NOT_EMPTY, ROP_WITHIN, ROP_BEFORE, ROP_AFTER,
	ROP_COUNT_FIELD_OPS
};

enum rnode_kind {
	RN_AND = 0,   /* kids[0..nkids), nkids >= 2, no kid is RN_AND */
	RN_OR,        /* kids[0..nkids), nkids >= 2, no kid is RN_OR */
	RN_NOT,       /* kids[0] */
	RN_CMP,       /* field op vals */
	RN_TAG,       /* tag:NAME, vals[0] */
	RN_TAGS,      /* tags any|all|none (vals) */
	RN_SEGMENT    /* in segment "PATH", vals[0] */
};

enum tags_mode { TAGS_ANY = 0, TAGS_ALL, TAGS_NONE };

struct rnode {
	enum rnode_kind kind;
	struct rpos pos;          /* where the node starts */
	struct rnode **kids;      /* RN_AND, RN_OR, RN_NOT */
	size_t nkids;
	char *field;              /* RN_CMP: the name or label as written */
	bool field_quoted;        /* written in double quotes */
	enum rule_op op;          /* RN_CMP */
	struct rpos op_pos;
	enum tags_mode mode;      /* RN_TAGS */
	struct rval *vals;        /* operands */
	size_t nvals;
};

struct rule {
	struct rnode *root;       /* NULL: the empty rule, everyone */
};

enum tok_kind {
	TK_EOF = 0,
	TK_WORD,    /* letters, digits, '_', single inner hyphens (keywords are words) */
	TK_STRING,  /* "..." with \" and \\ */
	TK_NUMBER,  /* -12, 2.50, 1e3 */
	TK_DATE,    /* 2024-03-31, 31.03.2024 */
	TK_PERIOD,  /* 90d, 6m */
	TK_OP,      /* = != < <= > >= */
	TK_LPAREN, TK_RPAREN, TK_COMMA, TK_COLON,
	TK_BAD      /* a lexical error; text holds the message */
};

struct token {
	enum tok_kind kind;
	struct rpos pos;
	const char *src;   /* where it starts in the rule text */
	size_t len;        /* bytes of source */
	char *text;        /* word, string contents, canonical number, ISO date */
	long amount;
	char unit;
	enum rule_op op;
};


/* The whole text as tokens, ending with TK_EOF or, at the first lexical
 * error, TK_BAD (whose text is the message and pos its place), which the parser
 * reports when it gets there. -1 when out of memory. *out is freed with
 * rule_tokens_free. */
int rule_lex(const char *text, struct token **out, size_t *n);
void rule_tokens_free(struct token *t, size_t n);

/* Frees a node and everything under it. */
void rnode_free(struct rnode *n);

/* True when w (ASCII case-insensitive) is a reserved word of the language:
 * such a word is printed in quotes where a value or field name stands. */
bool rule_reserved(const char *w);

/* True when s could be written bare: a word of letters (any script),
 * digits, '_' and single hyphens between them, not starting with a digit. */
bool rule_word_like(const char *s);

/* Decodes one UTF-8 code point of s[0..n); returns its length (1 for an
 * invalid byte, whose value is then 0xFFFD). */
size_t rule_utf8(const char *s, size_t n, unsigned long *cp);

/* True for the characters of a word: ASCII letters, digits, '_', and
 * every non-ASCII character except punctuation and spaces. */
bool rule_word_cp(unsigned long c);

/* Appends a value as the canonical text writes it; quote: text in quotes
 * even when it could stand bare. */
void rule_print_value(struct strbuf *b, const struct rval *v, bool quote);

/* The operator table entry of a field operator. */
const struct rule_op_info *rule_op_info(enum rule_op op);

#endif
