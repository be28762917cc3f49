/* The histogram's layout as query_facet.c makes it, shared with the column
 * engine's histogram (engine/hist.c) so that both cut the same buckets.
 * Internal to the core. */
#ifndef CLIENTELE_QUERY_HIST_H
#define CLIENTELE_QUERY_HIST_H

#include <stdbool.h>
#include <stddef.h>

#include "query_facet.h"
#include "sql_param.h"

/* A number as a rule writes it ("%.12g", no "-0"). */
void number_text(char *out, size_t n, double d);

/* The buckets of h (its min and max set) for a number field, at most
 * most of them, and the SQL of a row's bucket over expression x with its
 * two parameters bp (lo, step). *bsql is malloc'd. 0, or -1 out of
 * memory. */
int number_buckets(struct histogram *h, size_t most, bool fractional, const char *x, char **bsql,
                   struct sql_param *bp);

/* The same for a date field (bp: the first day's text, borrowed from h,
 * or the first month or year; the step). */
int date_buckets(struct histogram *h, size_t most, const char *x, char **bsql,
                 struct sql_param *bp);

#endif
