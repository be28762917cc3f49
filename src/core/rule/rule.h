/* Rules: the segment language of SPEC §2.1. Text is parsed into a tree that
 * prints in a canonical form and compiles to SQL with bound parameters. */
#ifndef CLIENTELE_RULE_H
#define CLIENTELE_RULE_H

#include <stddef.h>

#include "err.h"
#include "field_catalog.h"
#include "sql_param.h"

struct rule;

/* What SQLite can run: a rule compiles to one SQL expression, whose depth
 * grows with its conditions (SQLITE_MAX_EXPR_DEPTH, 1000) and whose
 * nesting of parentheses, not and and/or groups is bounded by SQLite's
 * parser stack. A rule, with the segments it refers to through `in
 * segment` counted in, may have at most this many conditions and levels;
 * rule_parse and rule_to_sql say so rather than build SQL that fails. */
#define RULE_MAX_CONDITIONS 500
#define RULE_MAX_LEVELS 20

/* Parses text. On success *out is owned by the caller (rule_free). On
 * error, e->msg says what was expected, e->line and e->col where (1-based;
 * col counts characters, not bytes) and e->code is EXIT_DATAERR. An empty or blank text
 * is the rule that matches everyone. */
int rule_parse(const char *text, struct rule **out, struct err *e);
void rule_free(struct rule **rp);

/* The canonical form of the rule: keywords lower-case, strings quoted only
 * when they need it, parentheses only where needed and always where `and`
 * and `or` mix. malloc'd, owned by the caller. */
char *rule_print(const struct rule *r);

/* A parameter of compiled SQL: struct sql_param (sql_param.h). */

struct rule_sql {
	char *where;            /* boolean SQL expression over c and m */
	struct sql_param *params; /* bound to ?1..?n in order */
	size_t nparams;
	int needs_metrics;      /* the expression reads alias m */
	size_t conds;           /* its conditions, those of `in segment` included */
	int levels;             /* its deepest nesting of and/or groups and not */
};

/* Compiles r against the catalog. ref_date (YYYY-MM-DD) anchors relative
 * dates. Unknown fields or operators a field's type does not allow are
 * errors with the position ("1:1: unknown field \"cyty\"; did you mean
 * \"city\"?"). out is freed with rule_sql_free. */
int rule_to_sql(const struct rule *r, const struct field_catalog *cat, const char *ref_date,
                struct rule_sql *out, struct err *e);
void rule_sql_free(struct rule_sql *s);

/* Where `in segment "REF"` finds its segment: where() fills out with the
 * SQL of the members of the segment REF names (a path, or "#ID" as stored
 * rules hold it), like rule_to_sql; on failure it sets e ("no segment
 * \"A/B\"", a cycle) and returns -1. The segment module provides it. */
struct rule_segments {
	int (*where)(void *ctx, const char *ref, struct rule_sql *out, struct err *e);
	void *ctx;
};

/* rule_to_sql that resolves `in segment` through segs (NULL: such a rule
 * is an error, as with rule_to_sql). */
int rule_to_sql_segs(const struct rule *r, const struct field_catalog *cat, const char *ref_date,
                     const struct rule_segments *segs, struct rule_sql *out, struct err *e);

/* One operator of the language: the help screen and the parser's "expected
 * an operator" message are generated from this table. */
struct rule_op_info {
	const char *name;   /* "=", "not in", "starts with", "tag:", "and" */
	const char *syntax; /* "FIELD between A and B" */
	const char *help;   /* one sentence for the help screen, in English:
	                       translated where shown, with _() */
	unsigned types;     /* bits 1u << FT_*: field types it applies to;
	                       0 for the forms that name no field */
	int listed;         /* named in "expected an operator (...)" */
};

/* The operator table: the field operators, then tag:, tags, in segment,
 * not, and, or. Static; *n receives the count. */
const struct rule_op_info *rule_ops(size_t *n);

#endif
