/* The field catalog as a rule sees it: each field's name, type and the SQL
 * that reads it, with lookups that need no database (fields.h loads the
 * catalog of a base). */
#ifndef CLIENTELE_FIELD_CATALOG_H
#define CLIENTELE_FIELD_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

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

/* The built-in and computed fields alone, the catalog of any base before
 * its custom fields; freed with fields_free. */
int fields_load_known(struct field_catalog *out, struct err *e);
void fields_free(struct field_catalog *cat);

/* The field called name, or whose label is name (both case-insensitively),
 * or NULL. Owned by cat. */
const struct field *fields_find(const struct field_catalog *cat, const char *name);

/* The label to show: a built-in or computed field's in the user's language
 * ("Город"), a custom field's as its file named it. Rules keep reading the
 * stored label. Static or owned by f. */
const char *field_label(const struct field *f);

/* The field name closest to a misspelt one (edit distance), or NULL when
 * nothing is close. Owned by cat. */
const char *fields_nearest(const struct field_catalog *cat, const char *name);

/* The same among n other names (values, segment paths), compared
 * case-insensitively: one of names, or NULL. */
const char *fields_nearest_of(const char *word, const char *const *names, size_t n);

/* The values a computed field with a fixed set of them takes (rfm:
 * champions, loyal, ...; buyer_type; abc: A, B, C; xyz: X, Y, Z;
 * value_speed: fast_high, ...; lead_temp: hot, warm, cold), *n of them;
 * NULL for a field whose values are open. gender, whose values the
 * importer reduces to F and M, is read by norm_gender. Static. */
const char *const *fields_domain(const struct field *f, size_t *n);

/* "text", "number", "date", "bool" and back. */
const char *field_type_name(enum field_type t);
int field_type_parse(const char *s, enum field_type *out);
const char *field_origin_name(enum field_origin o);

#endif
