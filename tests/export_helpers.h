/* The fixture shared by the exporter's tests (test_export.c,
 * test_export_rows.c): a base of ten customers, and exports of it read
 * back as bytes. */
#ifndef CLIENTELE_TEST_EXPORT_HELPERS_H
#define CLIENTELE_TEST_EXPORT_HELPERS_H

#include <stddef.h>

#include "export/export.h"

struct fixture {
	char *dir;
	struct db *db;
	struct export_stats st;
	struct err e;
};

/* The base of ten customers (ids 1-10) in a new scratch directory, as
 * the fixture in *state; ex_teardown closes and removes it. */
int ex_setup(void **state);
int ex_teardown(void **state);

/* The bytes of the file at path (malloc'd; NULL when it cannot be opened);
 * *len (when not NULL) is their number. */
char *ex_slurp(const char *path, size_t *len);

/* Exports o to dir/name with the preset's format (adjusted by fmt_edit);
 * returns the file's bytes (malloc'd) or NULL when the export failed. */
char *ex_export_file(struct fixture *f, const struct export_opts *o, const struct export_format *fmt,
                  const char *name);

/* Exports o (as export_file) and asserts the file is exactly want. */
void ex_assert_export(struct fixture *f, const struct export_opts *o, const struct export_format *fmt,
                   const char *want);

#endif
