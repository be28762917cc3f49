/* What a base holds, for `clientele info` and the interface's status line:
 * counts, the fields with their fill rates, the reference date, the
 * imports and their rejected lines. */
#ifndef CLIENTELE_INFO_H
#define CLIENTELE_INFO_H

#include "err.h"
#include "fields.h"

struct db;

struct info_field {
	const struct field *field; /* owned by the info's catalog */
	long long filled;          /* customers with a value */
};

struct info_import {
	long long id;
	char *started_at, *kind, *file, *sha256;
	long long size, rows_read, inserted, updated, rejected, skipped, merged;
	double seconds;
};

struct info {
	long long customers, orders, cancelled, buyers, tags, segments;
	char ref_date[11];
	int ref_date_set;          /* set with --as-of */
	char country[3];           /* ISO code set with import --country, or "" */
	struct field_catalog cat;
	struct info_field *fields; /* every field but the computed ones */
	size_t nfields;
	struct info_import *imports; /* newest first */
	size_t nimports;
};

/* Fills *out; free with info_free. */
int info_load(struct db *db, struct info *out, struct err *e);
void info_free(struct info *in);

/* How many customers have a value for each field of cat, computed fields
 * included: filled[i] (the caller's, cat->n of them) for cat->v[i]; and
 * how many customers there are. One scan of the base: on a million
 * customers it takes a second or more, so the interface asks the counter
 * (COUNT_FILL) rather than wait. */
int info_fill_rates(struct db *db, const struct field_catalog *cat, long long *filled,
                    long long *customers, struct err *e);

/* Calls fn for every rejected line of import id (all imports when id is
 * 0), in file order. */
int info_import_errors(struct db *db, long long id,
                       void (*fn)(void *ctx, const char *file, long line, int col,
                                  const char *reason),
                       void *ctx, struct err *e);

/* A customer of a group that shares one email or phone: possible
 * duplicates, which an import never merges. */
struct info_dup {
	const char *by;      /* "email" or "phone" */
	const char *value;   /* the shared email or phone */
	long long group_size;
	long long id;        /* customers.id */
	const char *ext_id;  /* or NULL */
	const char *name;    /* full name, or first and last; or NULL */
};

/* *customers receives how many customers share an email or phone with
 * another; fn is called for each of them, group by group (emails, then
 * phones; in id order within a group). */
int info_duplicates(struct db *db, long long *customers,
                    void (*fn)(void *ctx, const struct info_dup *d), void *ctx, struct err *e);

#endif
