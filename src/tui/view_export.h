/* The export dialog's state, shared by its two files: view_export.c (the
 * options, their rows, keys and figures asked of the counter: the screen)
 * and view_export_run.c (writing the file under the gauge, and the figures
 * of what the export will do or did). */
#ifndef CLIENTELE_TUI_VIEW_EXPORT_H
#define CLIENTELE_TUI_VIEW_EXPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "export/export.h"
#include "private.h"
#include "util/strbuf.h"

enum row {
	ROW_PRESET, ROW_COLUMNS, ROW_DELIM, ROW_BOM, ROW_CRLF, ROW_RAW, ROW_TAGSEP, ROW_CONSENT,
	ROW_VALID, ROW_DEDUPE, ROW_ACTIVE, ROW_SAMPLE, ROW_SEED, ROW_SPLIT, ROW_LIMIT, ROW_FILE,
	NROWS
};

/* The dialog. */
struct xdlg {
	struct tui *t;
	char *segment, *where, *subtitle; /* what is exported */
	/* the options, as the command line's */
	enum export_preset preset;
	char *columns, *tag_sep, *active; /* NULL: the default */
	char delim;                      /* 0: the preset's */
	bool bom, crlf, raw;
	enum export_channel consent, valid, dedupe;
	char sample[32];                 /* as typed; "" none */
	long long sample_n;
	double sample_pct;
	uint64_t seed;
	int split;
	long long limit;
	char *file;
	int cur, top;                    /* the option under the cursor, the first shown */
	enum row editing;                /* the prompt's */
	/* the figures of the options as they are (the counter's) */
	uint64_t count_tag, preview_tag;
	bool counted, count_failed;      /* st or count_err is the latest */
	struct export_stats st;
	struct err count_err;
	bool previewed, preview_failed;
	char *preview;
	/* the write: its options, frozen while the job runs */
	struct export_opts wo;
	struct export_format wf;
	bool force;
	struct export_stats wst;         /* what it did (the job's, read after its end) */
	bool written;                    /* the right pane shows wst */
	char *written_file;
	struct strbuf empty;             /* what the write's notes told (the job's, */
	int nempty, nstale;              /* read after its end): NUL-separated headers */
	                                 /* of columns no row filled; stale temporary files */
};

/* view_export.c */
/* The dialog shown, NULL when none (a prompt's callback finds it here). */
struct xdlg *export_dialog(void);
/* The options as they are, for the core (the strings stay x's). */
void export_make_opts(const struct xdlg *x, struct export_opts *o, struct export_format *f);

/* view_export_run.c */
/* w: asks before replacing a file (naming each one a split would
 * replace), then writes under the gauge. */
unsigned export_write(struct tui *t, struct xdlg *x);
/* The figures at (y, x0), h lines of w columns: what the export will do
 * (the counter's, dimmed while new ones are on their way), or what it did. */
void export_draw_figures(struct tui *t, struct xdlg *x, int y, int x0, int h, int w);

#endif
