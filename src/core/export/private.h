/* Shared inside the exporter (export/export.c, export/cols.c, export/csv.c,
 * export/cell.c), not with the rest of the program: the parsed --columns,
 * the validity of contacts and the formatting of one cell. */
#ifndef CLIENTELE_EXPORT_INT_H
#define CLIENTELE_EXPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "export/export.h"
#include "fields.h"

enum contact_kind { CONTACT_NONE = 0, CONTACT_EMAIL, CONTACT_PHONE };

/* One column of an export. */
struct column {
	char *header;              /* malloc'd */
	const char *sql;           /* owned by the catalog; NULL for the tag list */
	enum contact_kind contact; /* the email or phone column */
	bool needs_metrics;
};

/* Parses "field[:Header],..." against cat (fields by name or label; "tags"
 * the tag list); headers default to the preset's names. *out (malloc'd,
 * its sql owned by cat) is freed with export_columns_free. Unknown fields
 * are EXIT_USAGE. */
int export_columns_parse(const char *spec, enum export_preset preset,
                         const struct field_catalog *cat, struct column **out, size_t *n,
                         struct err *e);
void export_columns_free(struct column *v, size_t n);

/* The most bytes a cell of len bytes can take once formatted. */
size_t export_cell_worst(size_t len);
/* Formats c per f into out, which holds export_cell_worst(c->len) bytes;
 * returns the length written (cell.c). */
size_t export_cell_format(const struct export_format *f, const struct export_cell *c, char *out);

/* A valid email as stored (norm_email gives it back) / a phone in E.164. */
bool export_email_ok(const char *s, size_t n);
bool export_e164_ok(const char *s, size_t n);

#endif
