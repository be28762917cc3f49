/* The field catalog: every field a rule, an export or a mapping can name —
 * built-in customer columns, custom columns that imports added, and the
 * computed per-customer metrics — with its type and the SQL that reads it. */
#ifndef CLIENTELE_FIELDS_H
#define CLIENTELE_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "field_catalog.h"
#include "err.h"

struct db;

/* Loads the catalog (built-in + computed + the base's custom fields) into
 * *out, which the caller frees with fields_free. db may be NULL for the
 * built-in and computed fields only. */
int fields_load(struct db *db, struct field_catalog *out, struct err *e);

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
