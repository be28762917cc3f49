/* The progress bar of long commands, on stderr when it is a terminal:
 * what is being done, a bar, rows per second and the time left. */
#ifndef CLIENTELE_PROGRESS_H
#define CLIENTELE_PROGRESS_H

#include "export/export.h"
#include "import/import.h"

struct progress;

/* A bar for stderr, or NULL when stderr is not a terminal (then the
 * functions below do nothing). Owned by the caller (progress_end). */
struct progress *progress_new(void);

/* The importer's callback (ctx is the struct progress). */
void progress_import(void *ctx, const struct import_progress *p);

/* The exporter's callback: rows read of those selected, per pass. */
void progress_export(void *ctx, const struct export_progress *p);

/* Clears the bar and frees it; NULLs *pp. */
void progress_end(struct progress **pp);

#endif
