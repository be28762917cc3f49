/* A rule as the conditions panel and the facet panel see it: its top-level
 * `and` terms, and the edits the facet panel makes to one field's term.
 * No database: text in, canonical text (rule_print) out. */
#ifndef CLIENTELE_RULE_TERMS_H
#define CLIENTELE_RULE_TERMS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* Splits text into its top-level `and` terms, each printed canonically (an
 * `or` group or a `not` is one term: "a or b", "not (a or b)"). The empty
 * rule has no terms. *terms (an array of *n malloc'd strings) is owned by
 * the caller: rule_terms_free. A parse error is rule_parse's. */
int rule_terms(const char *text, char ***terms, size_t *n, struct err *e);

/* Frees what rule_terms and rule_field_values return. */
void rule_terms_free(char **terms, size_t n);

/* The rule that ANDs terms[0..n) (each a rule text; an empty one is
 * skipped), printed canonically: rule_join_terms(rule_terms(r)) is r's
 * canonical form. *out is malloc'd, owned by the caller. A term that does
 * not parse is an error naming it (e->msg; e->col is within that term). */
int rule_join_terms(const char *const *terms, size_t n, char **out, struct err *e);

/* The values of the top-level term of text that is `field = v` or `field
 * in (...)` (field compared case-insensitively, as written in the rule):
 * *vals (n malloc'd strings, as the rule holds them, unquoted) is the
 * caller's, freed with rule_terms_free; *n = 0 and *vals NULL when there is
 * no such term. */
int rule_field_values(const char *text, const char *field, char ***vals, size_t *n,
                      struct err *e);

/* The rule with value toggled in field's `= / in (...)` term: added
 * (creating `field = value`, or widening to `in (...)`), or removed when
 * present (narrowing to `=`, or dropping the term when none is left).
 * Values compare case-insensitively. *out malloc'd, the caller's. */
int rule_toggle_value(const char *text, const char *field, const char *value, char **out,
                      struct err *e);

/* The rule with `field between lo and hi` in place of every top-level
 * between, <, <=, >, >= term on field; lo NULL makes it `field <= hi`, hi
 * NULL `field >= lo`, both NULL only removes them. lo and hi are numbers
 * ("1000", "2.5") or dates ("2024-03-31"). *out malloc'd, the caller's. */
int rule_set_range(const char *text, const char *field, const char *lo, const char *hi,
                   char **out, struct err *e);

/* --- one condition as the interface's form edits it (rule/cond.c) -------- */

struct rule_cond {
	char *field;        /* as written in the term */
	const char *op;     /* the operator's name in rule_ops: "=", "starts with" */
	char *value;        /* the operands as the rule writes them: "Москва",
	                       "5, 6" (in), "18 and 30" (between), "" (is empty) */
};

/* 1 with *out filled when term is one FIELD OP VALUE comparison; 0 when
 * it is anything else (an `or` group, a `not`, a tag, `in segment`, more
 * than one term); -1 when it does not parse. rule_cond_free frees *out. */
int rule_cond_split(const char *term, struct rule_cond *out, struct err *e);
void rule_cond_free(struct rule_cond *c);

/* The term FIELD OP VALUE printed canonically. op is a field operator's
 * name (rule_ops); value is typed as in a rule, with what is not one
 * operand (a word, a quoted string, a number, a date, a period) put in
 * quotes for the user: "New York" for New York; `in` and `not in` take
 * values separated by commas, `between` "A and B", `is empty` none. When
 * the term does not parse, *out is the draft (the error's column is
 * within it) and -1 is returned; *out is malloc'd, the caller's, in both
 * cases (NULL only when out of memory or op is unknown). */
int rule_cond_join(const char *field, const char *op, const char *value, char **out,
                   struct err *e);

/* The range the top-level between, >=, >, <=, < terms on field hold (the
 * facet panel marks the buckets it covers): lo and hi as the rule writes
 * them (numbers, dates), NULL on a side no term bounds; strict for > and
 * <. A side bounded by a value that is not a number or a date (a period)
 * counts as unbounded. Freed with rule_range_free. */
struct rule_range {
	char *lo, *hi;
	bool lo_strict, hi_strict;
};
int rule_field_range(const char *text, const char *field, struct rule_range *out,
                     struct err *e);
void rule_range_free(struct rule_range *r);

#endif
