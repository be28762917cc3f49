/* The field catalog: every field a rule, an export or a mapping can name —
 * built-in customer columns, custom columns that imports added, and the
 * computed per-customer metrics — with its type and the SQL that reads it. */
#ifndef CLIENTELE_FIELDS_H
#define CLIENTELE_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct db;

enum field_type { FT_TEXT = 0, FT_NUMBER, FT_DATE, FT_BOOL };
enum field_origin { FO_BUILTIN = 0, FO_CUSTOM, FO_COMPUTED };

struct field {
	char *name;           /* canonical name: "city", "annual_income_k" */
	char *label;          /* human label: "City", "Annual Income (k$)" */
	enum field_type type;
	enum field_origin origin;
	/* SQL expression reading the value in a query over "customers AS c
	 * LEFT JOIN customer_metrics AS m ON m.customer_id = c.id". Built from
	 * validated identifiers only. */
	char *sql;
	bool needs_metrics;   /* sql reads alias m */
};

struct field_catalog {
	struct field *v;
	size_t n;
};

/* What gives a query over customers AS c the alias m that fields with
 * needs_metrics read: " LEFT JOIN customer_metrics AS m ON ..." when
 * needs_metrics, else "". The one place the join is written. Static. */
const char *fields_join(bool needs_metrics);

/* Loads the catalog (built-in + computed + the base's custom fields) into
 * *out, which the caller frees with fields_free. db may be NULL for the
 * built-in and computed fields only. */
int fields_load(struct db *db, struct field_catalog *out, struct err *e);
void fields_free(struct field_catalog *cat);

/* The field called name, or whose label is name (both case-insensitively),
 * or NULL. Owned by cat. */
const struct field *fields_find(const struct field_catalog *cat, const char *name);

/* The field name closest to a misspelt one (edit distance), or NULL when
 * nothing is close. Owned by cat. */
const char *fields_nearest(const struct field_catalog *cat, const char *name);

/* The same among n other names (values, segment paths), compared
 * case-insensitively: one of names, or NULL. */
const char *fields_nearest_of(const char *word, const char *const *names, size_t n);

/* The values a computed field with a fixed set of them takes (rfm:
 * champions, loyal, ...; buyer_type; abc: A, B, C; xyz: X, Y, Z), *n of
 * them; NULL for a field whose values are open. gender, whose values the
 * importer reduces to F and M, is read by norm_gender. Static. */
const char *const *fields_domain(const struct field *f, size_t *n);

/* "text", "number", "date", "bool" and back. */
const char *field_type_name(enum field_type t);
int field_type_parse(const char *s, enum field_type *out);
const char *field_origin_name(enum field_origin o);

/* --- built-in customer fields (for import mapping) ----------------------- */

struct builtin_field {
	const char *name;         /* column in customers */
	const char *label;
	enum field_type type;
	const char *const *synonyms; /* NULL-terminated; header spellings */
};

/* The built-in customer fields, in table order; *n receives the count. */
const struct builtin_field *fields_builtin(size_t *n);

/* The canonical field a CSV header stands for, by synonym (case- and
 * space-insensitive, English/Russian/Ukrainian), in the customers file or
 * the orders file; NULL when the header is not a well-known field. */
const char *fields_customer_synonym(const char *header);
const char *fields_order_synonym(const char *header);

/* Adds a custom field: a new column of customers ("cf_" + name) and its
 * catalog row. name must come from field_name_from_header. */
int fields_add_custom(struct db *db, const char *name, const char *label, enum field_type type,
                      struct err *e);

#endif
