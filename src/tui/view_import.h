/* The import screen's state, shared by its two files: view_import.c (the
 * path line, the preview, the mapping, drawing, keys) and
 * view_import_run.c (the import in a job under the gauge, its summary). */
#ifndef CLIENTELE_TUI_VIEW_IMPORT_H
#define CLIENTELE_TUI_VIEW_IMPORT_H

#include <stdbool.h>

#include "import/import.h"
#include "private.h"
#include "util/pathcomp.h"

enum mode { M_PREVIEW, M_RESULT };

struct imp {
	struct tui *t;
	enum mode mode;
	char *file;               /* as typed (~ kept); NULL: none chosen yet */
	char *fullpath;           /* file with ~ expanded */
	bool orders;              /* read as an orders file */
	bool kind_known;          /* guessed for the file, or chosen with o */
	char **maps;              /* "COLUMN=field", one per changed column */
	size_t nmaps;
	enum date_order date_order;
	bool skip_bad;
	struct import_preview p;  /* the file's preview (p.ncols 0: none) */
	bool has_preview;
	struct pathcomp comp;     /* the last Tab's candidates */
	struct list list;         /* columns (preview) or lines (result) */
	/* the import running, then its outcome */
	struct import_opts o;
	struct import_result res;
	const char *phase;        /* the last phase told to the gauge */
	struct job *job;
	char **lines;             /* the summary and the bad rows */
	size_t nlines;
	bool failed;
	size_t pick_col;          /* the column whose mapping the picker changes */
};

/* The options the preview and the import share, from the screen's. */
void imp_fill_opts(struct imp *m, struct import_opts *o);
/* Runs the import of the file previewed under the gauge. */
unsigned imp_run(struct tui *t, struct imp *m);
void imp_free_lines(struct imp *m);

#endif
