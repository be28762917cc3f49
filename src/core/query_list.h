/* The customer list's queries, part of the query module: the members of a
 * scope (a segment's path and a rule, as query_scope takes them) in pages
 * fetched by keyset — the sort key and the id after (or before) a row's,
 * never an OFFSET and never the whole scope — sorted by any column both
 * ways, with empty values last either way; a search on name, email and
 * phone folded as rules fold text (Cyrillic too); and a row's position. */
#ifndef CLIENTELE_QUERY_LIST_H
#define CLIENTELE_QUERY_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "field_catalog.h"
#include "rule/rule.h"
#include "sql_param.h"

struct db;

struct list_col {
	char *name;   /* "name", a field's name, "tags" */
	char *label;  /* in the user's language */
	char *sql;    /* over customers AS c and customer_metrics AS m */
	enum field_type type;
};

struct list_query {
	struct rule_sql scope;
	struct list_col *cols;
	size_t ncols;
	size_t sort;  /* the column sorted by; LIST_BY_ID: the id (import order) */
	bool desc;
	char *search; /* folded; NULL: none (list_fetch's match) */
	char *only;   /* the ids the list is narrowed to, a JSON array; NULL: none */
};
#define LIST_BY_ID ((size_t)-1)

/* Where a row is in the order: its sort key (null: empty) and its id. */
struct list_key {
	bool null;
	struct sql_param v;
	long long id;
};

struct list_row {
	long long id;
	struct list_key key;
	char **v;     /* ncols values as text, NULL when empty */
};

struct list_page {
	struct list_row *rows;
	size_t n, ncols;
};

/* The members of parent (a segment's path; NULL or "": the base) matching
 * rule (NULL or "": all), with the columns last saved in the base
 * (list_query_save_columns; those of them it still has), else the default
 * ones: name, email, phone, city, orders, spent, last order, tags. Sorted
 * by id. Freed with list_query_free. */
int list_query_open(struct db *db, const char *parent, const char *rule, struct list_query *out,
                    struct err *e);
void list_query_free(struct list_query *q);
/* Adds the field called name (a name or label) as the last column, or
 * takes its column out when it is there (*added says which); the last
 * column stays. The sort follows its column, or goes back to the id when
 * that column leaves. The caller drops the rows it holds first: their
 * values are per column. */
int list_query_toggle(struct db *db, struct list_query *q, const char *name, bool *added,
                      struct err *e);
/* Remembers q's columns in the base, for every list opened after (the
 * default ones: forgets them). */
int list_query_save_columns(struct db *db, const struct list_query *q, struct err *e);
/* Sorts by column col (LIST_BY_ID: the id), descending when desc. */
void list_query_sort(struct list_query *q, size_t col, bool desc);
/* The search list_fetch's match selects: text found in the name, the email
 * or the phone, in any case; NULL or "" clears it. */
int list_query_search(struct list_query *q, const char *text, struct err *e);

/* Narrows the list to the customers ids[0..n) (those of them in the
 * scope); n 0 widens it again. */
int list_query_narrow(struct list_query *q, const long long *ids, size_t n, struct err *e);

/* Up to limit rows after from (dir > 0) or before it (dir < 0), from
 * included when inclusive, in the list's order either way. from NULL: the
 * first rows (dir > 0) or the last ones (dir < 0). match: only the rows
 * the search matches. out freed with list_page_free. */
int list_fetch(struct db *db, const struct list_query *q, const struct list_key *from, int dir,
               bool inclusive, bool match, size_t limit, struct list_page *out, struct err *e);
void list_page_free(struct list_page *p);
/* How many rows come before the row at k in the order (its index). */
int list_position(struct db *db, const struct list_query *q, const struct list_key *k,
                  long long *out, struct err *e);
/* The ids of the rows (all of them, not a page: marking by rule) that
 * also match rule text (NULL or "": every row), ascending; *ids malloc'd
 * (NULL when none). */
int list_query_ids(struct db *db, const struct list_query *q, const char *rule, long long **ids,
                   size_t *n, struct err *e);
/* A deep copy of q into out (for the counter's thread), freed with
 * list_query_free. */
int list_query_copy(struct list_query *out, const struct list_query *q, struct err *e);
/* The ids of every row of the list in its order (the search does not
 * narrow it): one pass and a sort, for the counter's thread; then a page
 * anywhere is list_fetch_ids of a slice, and a row's index is its place.
 * *ids malloc'd (NULL when none). */
int list_order(struct db *db, const struct list_query *q, long long **ids, size_t *n,
               struct err *e);
/* The ids of the rows the search matches, ascending (none without a
 * search). */
int list_matches(struct db *db, const struct list_query *q, long long **ids, size_t *n,
                 struct err *e);
/* The rows of the customers ids[0..n), in that order (those deleted since
 * left out), whether or not they are still in the list's scope. */
int list_fetch_ids(struct db *db, const struct list_query *q, const long long *ids, size_t n,
                   struct list_page *out, struct err *e);
/* A deep copy of a row's key (its text), into out; list_key_free frees it. */
int list_key_copy(struct list_key *out, const struct list_key *k);
void list_key_free(struct list_key *k);

#endif
