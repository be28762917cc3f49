/* The export dialog's writing and figures: w asks before replacing a
 * file (every file of a split is named), then runs export_to_file — the
 * command line's own — in a job with its own connection under the gauge,
 * Esc cancelling it (the exporter then leaves nothing); the right pane
 * shows what the export will do, from the counter, and after a write what
 * it did. */
#include "config.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "export/export.h"
#include "i18n.h"
#include "job.h"
#include "private.h"
#include "text/text.h"
#include "util/strbuf.h"
#include "view_export.h"

/* --- the write --------------------------------------------------------------------- */

/* The exporter's progress, to the gauge: rows read of those selected,
 * over both passes when there are two. */
static void
job_progress(void *ctx, const struct export_progress *p)
{
	long long done = (long long)(p->pass - 1) * p->selected + p->read;
	const char *phase = NULL;

	if (p->read == 0)
		phase = p->pass < p->passes ? _("drawing the sample") : _("writing");
	job_report(ctx, done, (long long)p->passes * p->selected, phase);
}

/* The exporter's notes, in the job's thread: a column no written row
 * filled (most likely a field the base lacks), a temporary file an
 * interrupted export left and this one removed. */
static void
note_empty(void *ctx, const char *header)
{
	struct xdlg *x = ctx;

	strbuf_addn(&x->empty, header, strlen(header) + 1);
	if (!x->empty.oom)
		x->nempty++;
}

static void
note_stale(void *ctx, const char *path)
{
	(void)path;
	((struct xdlg *)ctx)->nstale++;
}

/* The job's thread: its own connection, the command line's export_to_file. */
static int
write_job(struct job *j, void *arg, struct err *e)
{
	struct xdlg *x = arg;
	struct export_opts o = x->wo;
	struct export_notes notes = {.empty_column = note_empty, .stale_removed = note_stale,
	                             .ctx = x};
	struct db *db = NULL;
	int rc;

	o.cancel = job_cancel_flag(j);
	o.notes = &notes;
	o.progress = job_progress;
	o.progress_ctx = j;
	if (db_open(&db, x->t->path, DB_READONLY, e) != 0)
		return -1;
	rc = export_to_file(db, &o, x->file, &x->wf, x->force, &x->wst, e);
	db_close(&db);
	return rc;
}

static unsigned
write_done(struct tui *t, void *ctx, int rc, const struct err *e, bool cancelled)
{
	struct xdlg *x = ctx;
	char n[64];

	if (export_dialog() != x) /* the interface is closing */
		return R_NONE;
	/* a cancel that came as the last file was renamed into place did not
	 * stop it: rc says what happened */
	if (cancelled && rc != 0) {
		tui_message(t, false, "%s", _("Export cancelled: no file was written."));
		return R_REDRAW;
	}
	if (rc != 0)
		return e != NULL ? tui_error(t, e) : R_REDRAW;
	x->written = true;
	free(x->written_file);
	x->written_file = strdup(x->file);
	tui_group(t, x->wst.written, n, sizeof n);
	if (x->wst.ngroups > 1)
		tui_message(t, false, P_("Exported %s row to %d files.", "Exported %s rows to %d files.",
		                         x->wst.written),
		            n, x->wst.ngroups);
	else
		tui_message(t, false, P_("Exported %s row to %s.", "Exported %s rows to %s.",
		                         x->wst.written),
		            n, x->file);
	return R_REDRAW;
}

static unsigned
start_write(struct tui *t, struct xdlg *x)
{
	struct err e = {0};

	export_make_opts(x, &x->wo, &x->wf);
	memset(&x->wst, 0, sizeof x->wst);
	x->empty.n = 0;
	x->empty.oom = false;
	x->nempty = x->nstale = 0;
	t->msg[0] = '\0';
	if (gauge_run(t, _("Exporting"), write_job, x, write_done, x, &e) != 0)
		return tui_error(t, &e);
	return R_REDRAW;
}

static unsigned
overwrite_done(struct tui *t, const char *text)
{
	struct xdlg *x = export_dialog();

	if (x == NULL || strcmp(text, "y") != 0)
		return R_REDRAW;
	x->force = true;
	return start_write(t, x);
}

unsigned
export_write(struct tui *t, struct xdlg *x)
{
	int groups = x->split > 1 ? x->split : 1;
	struct strbuf names = {0};
	struct err e = {0};
	char q[1024];
	int nexist = 0;

	for (int g = 0; g < groups; g++) {
		char *one = groups > 1 ? export_split_path(x->file, g) : strdup(x->file);
		char *existing = NULL;
		int rc = one != NULL ? export_target_check(one, 1, &existing, &e)
		                     : err_set(&e, EXIT_FAIL, _("out of memory"));

		free(one);
		if (rc < 0) {
			free(names.p);
			return tui_error(t, &e);
		}
		if (rc == 1) {
			strbuf_add(&names, nexist++ > 0 ? ", " : "");
			strbuf_add(&names, existing);
		}
		free(existing);
	}
	x->force = false;
	if (nexist == 0) {
		free(names.p);
		return start_write(t, x);
	}
	snprintf(q, sizeof q,
	         P_("%s exists: replace it? (y/n)", "%s exist: replace them? (y/n)", nexist),
	         names.p != NULL ? names.p : "?");
	free(names.p);
	prompt_ask(&t->prompt, q, overwrite_done);
	return R_REDRAW;
}

/* --- the figures ------------------------------------------------------------------- */

/* One figure line of the right pane: label, then n at the right. */
static void
figure(struct tui *t, int y, int x, int w, const char *label, long long n, bool dim)
{
	char num[64];
	int nw;

	tui_group(t, n, num, sizeof num);
	nw = text_width(num);
	if (dim)
		attrset(theme_attr(ROLE_DIM));
	tui_put(y, x, w - nw - 1, label, true);
	tui_put(y, x + w - nw, nw, num, false);
	attrset(theme_attr(ROLE_NORMAL));
}

void
export_draw_figures(struct tui *t, struct xdlg *x, int y, int x0, int h, int w)
{
	const struct export_stats *st = x->written ? &x->wst : &x->st;
	const struct export_opts o = x->written ? x->wo : (struct export_opts){
		.consent = x->consent, .valid = x->valid, .dedupe = x->dedupe,
		.active_within = x->active, .sample_n = x->sample_n, .sample_pct = x->sample_pct,
		.limit = x->limit};
	bool dim = !x->written && (x->count_tag != 0 && !x->counted);
	const char *file = x->written ? x->written_file : x->file;
	int end = y + h;

	attrset(A_BOLD);
	tui_put(y++, x0, w, x->written ? _("What the export did") : _("What the export will do"),
	        true);
	attrset(theme_attr(ROLE_NORMAL));
	if (!x->written && x->count_failed) {
		char line[ERR_LINE_MAX];

		attrset(theme_attr(ROLE_ERROR));
		tui_put_msg(y, x0, w, err_format(&x->count_err, line, sizeof line), true);
		attrset(theme_attr(ROLE_NORMAL));
		return;
	}
	if (!x->written && !x->counted && x->st.selected == 0) {
		tui_put(y, x0, w, "…", true);
		return;
	}
	figure(t, y++, x0, w, _("selected"), st->selected, dim);
	if (o.consent != EXPORT_CHANNEL_NONE && y < end)
		figure(t, y++, x0, w, _("  no consent"), st->no_consent, dim);
	if (o.active_within != NULL && y < end)
		figure(t, y++, x0, w, _("  inactive"), st->inactive, dim);
	if (o.valid != EXPORT_CHANNEL_NONE && y < end)
		figure(t, y++, x0, w,
		       o.valid == EXPORT_CHANNEL_EMAIL ? _("  invalid email") : _("  invalid phone"),
		       st->invalid, dim);
	if (o.dedupe != EXPORT_CHANNEL_NONE && y < end)
		figure(t, y++, x0, w, _("  duplicate"), st->duplicate, dim);
	if ((o.sample_n > 0 || o.sample_pct > 0) && y < end)
		figure(t, y++, x0, w, _("  not sampled"), st->not_sampled, dim);
	if (o.limit > 0 && y < end)
		figure(t, y++, x0, w, _("  over the limit"), st->over_limit, dim);
	if (y < end)
		figure(t, y++, x0, w, x->written ? _("written") : _("will write"), st->written, dim);
	for (int g = 0; g < st->ngroups && st->ngroups > 1 && y < end; g++) {
		char *p = export_split_path(file, g);
		char label[512];

		snprintf(label, sizeof label, "  %s", p != NULL ? p : "?");
		free(p);
		figure(t, y++, x0, w, label, st->group_rows[g], dim);
	}
	if (st->ngroups <= 1 && y < end) {
		if (dim)
			attrset(theme_attr(ROLE_DIM));
		tui_put_tail(y++, x0 + 2, w - 2, file, true);
		attrset(theme_attr(ROLE_NORMAL));
	}
	if (!x->written)
		return;
	/* what the command line warns about */
	attrset(theme_attr(ROLE_ERROR));
	for (int i = 0, k = 0; i < x->nempty && y < end; i++) {
		const char *col = x->empty.p + k;
		char line[512];

		k += (int)strlen(col) + 1;
		snprintf(line, sizeof line, _("empty in every row: %s"), col);
		tui_put(y++, x0, w, line, true);
	}
	attrset(theme_attr(ROLE_NORMAL));
	if (x->nstale > 0 && y < end) {
		char line[512];

		snprintf(line, sizeof line,
		         P_("removed %d temporary file an interrupted export left",
		            "removed %d temporary files an interrupted export left", x->nstale),
		         x->nstale);
		tui_put(y++, x0, w, line, true);
	}
}
