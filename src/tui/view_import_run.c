/* The import screen's run (view_import.c has the rest): import_run in a
 * job with a connection of its own, under the gauge (Esc cancels, and the
 * importer's transaction keeps nothing); then its summary as `clientele
 * import` prints it, with every bad row's line, column and reason, and the
 * interface told of the new data. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "job.h"
#include "metrics.h"
#include "view_import.h"

/* The options the preview and the import share. */
void
imp_fill_opts(struct imp *m, struct import_opts *o)
{
	memset(o, 0, sizeof *o);
	o->customers = m->orders ? NULL : m->fullpath;
	o->orders = m->orders ? m->fullpath : NULL;
	o->maps = (const char *const *)m->maps;
	o->nmaps = m->nmaps;
	o->date_order = m->date_order;
	o->skip_bad = m->skip_bad;
}

void
imp_free_lines(struct imp *m)
{
	for (size_t i = 0; i < m->nlines; i++)
		free(m->lines[i]);
	free(m->lines);
	m->lines = NULL;
	m->nlines = 0;
}

static const char *
phase_name(const char *phase)
{
	if (strcmp(phase, "scanning") == 0)
		return _("reading the file: types and dates");
	if (strcmp(phase, "importing") == 0)
		return _("importing the rows");
	if (strcmp(phase, "indexing") == 0)
		return _("indexing");
	if (strcmp(phase, "metrics") == 0)
		return _("computing each customer's figures");
	return phase;
}

static void
on_progress(void *ctx, const struct import_progress *ip)
{
	struct imp *m = ctx;
	bool changed = m->phase != ip->phase;

	m->phase = ip->phase;
	job_report(m->job, ip->done, ip->total, changed ? phase_name(ip->phase) : NULL);
}

/* In the job's thread: a connection of its own, the import, closed. */
static int
import_job(struct job *j, void *arg, struct err *e)
{
	struct imp *m = arg;
	struct db *db = NULL;
	int rc;

	if (db_open(&db, m->t->path, 0, e) != 0)
		return -1;
	m->job = j;
	m->o.progress = on_progress;
	m->o.progress_ctx = m;
	m->o.cancel = job_cancel_flag(j);
	rc = import_run(db, &m->o, &m->res, e);
	db_close(&db);
	return rc;
}

static void
add_line(struct imp *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add_line(struct imp *m, const char *fmt, ...)
{
	char buf[1024], **v;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if ((v = realloc(m->lines, (m->nlines + 1) * sizeof *v)) == NULL)
		return;
	m->lines = v;
	if ((m->lines[m->nlines] = strdup(buf)) != NULL)
		m->nlines++;
}

/* The summary of res, as `clientele import` prints it, and the bad rows. */
static void
summarise(struct imp *m, const struct import_file_stats *s)
{
	struct tui *t = m->t;
	char a[32];

	if (!s->done)
		return;
	if (s->already[0]) {
		add_line(m, _("already imported on %s UTC, nothing changed"), s->already);
		return;
	}
	add_line(m, _("rows read         %s"), tui_group(t, s->rows_read, a, sizeof a));
	if (m->orders) {
		add_line(m, _("orders new        %s"), tui_group(t, s->inserted, a, sizeof a));
		add_line(m, _("orders updated    %s"), tui_group(t, s->updated, a, sizeof a));
		add_line(m, _("line items        %s"), tui_group(t, s->lines, a, sizeof a));
		add_line(m, _("customers new     %s (known only from orders)"),
		         tui_group(t, s->customers_created, a, sizeof a));
	} else {
		add_line(m, _("inserted          %s"), tui_group(t, s->inserted, a, sizeof a));
		add_line(m, _("updated           %s"), tui_group(t, s->updated, a, sizeof a));
		add_line(m, _("duplicates merged %s"), tui_group(t, s->merged, a, sizeof a));
	}
	add_line(m, _("rejected          %s"), tui_group(t, s->rejected, a, sizeof a));
}

static void
list_problems(struct imp *m)
{
	const struct import_result *r = &m->res;
	char a[32];

	if (r->problems_total == 0)
		return;
	add_line(m, "%s", "");
	add_line(m, _("Bad rows: %s"), tui_group(m->t, r->problems_total, a, sizeof a));
	for (size_t i = 0; i < r->nproblems; i++) {
		const struct import_problem *p = &r->problems[i];

		if (p->col > 0)
			add_line(m, _("  line %ld, column %d: %s"), p->line, p->col, p->reason);
		else
			add_line(m, _("  line %ld: %s"), p->line, p->reason);
	}
	if (r->problems_total > (long long)r->nproblems)
		add_line(m, _("  … and %lld more"), r->problems_total - (long long)r->nproblems);
}

static unsigned
import_done(struct tui *t, void *ctx, int rc, const struct err *e, bool cancelled)
{
	struct imp *m = ctx;
	char line[ERR_LINE_MAX];
	struct err re = {0};

	m->job = NULL;
	if (e == NULL) /* the interface is closing */
		return R_NONE;
	imp_free_lines(m);
	m->mode = M_RESULT;
	m->failed = rc != 0;
	if (rc != 0 && cancelled) {
		m->mode = M_PREVIEW;
		tui_message(t, false, "%s", _("import cancelled: the base is as it was"));
		return R_REDRAW;
	}
	if (rc != 0) {
		add_line(m, _("Nothing was imported: %s"), err_format(e, line, sizeof line));
	} else {
		add_line(m, m->orders ? _("Imported %s as orders (%.2f s)")
		                      : _("Imported %s as customers (%.2f s)"),
		         m->file, m->res.seconds);
		if (m->res.ref_date[0])
			add_line(m, _("reference date    %s"), m->res.ref_date);
	}
	if (rc == 0) {
		summarise(m, &m->res.customers);
		summarise(m, &m->res.orders);
		for (size_t i = 0; i < m->res.ncustom_fields; i++)
			add_line(m, _("custom field      %s"), m->res.custom_fields[i]);
	}
	list_problems(m);
	list_rebuild(&m->list, 0);
	list_set_cursor(&m->list, 0);
	if (rc != 0 && !m->skip_bad && m->res.problems_total > 0) {
		/* the core's words name --skip-bad: here it is a key */
		tui_message(t, true,
		            P_("%s bad row: nothing was imported; s skips it and r imports the rest",
		               "%s bad rows: nothing was imported; s skips them and r imports the rest",
		               (unsigned long)m->res.problems_total),
		            tui_group(t, m->res.problems_total, line, sizeof line));
		return R_REDRAW;
	}
	if (rc != 0)
		return tui_error(t, e);
	/* The new data everywhere: the tree and its counts, the reference
	 * date (the counter opens a read transaction per count, so it sees
	 * the commit). */
	if (metrics_reference_date(t->db, t->ref_date, &re) != 0)
		t->ref_date[0] = '\0';
	conds_stale(t);
	facet_stale(t);
	tui_message(t, false, _("%s imported: f imports another file, Esc goes back"), m->file);
	return R_RELOAD | R_RECOUNT | R_REDRAW;
}

unsigned
imp_run(struct tui *t, struct imp *m)
{
	struct err e = {0};
	char title[256];

	if (!m->has_preview)
		return R_NONE;
	/* Refused here only when the preview saw what the import would: a
	 * date order left open by the first rows may be settled by the rest,
	 * and the import then says for itself. */
	if (m->p.problem != NULL && m->p.final) {
		tui_message(t, true, _("the import would stop: %s"), m->p.problem);
		return R_REDRAW;
	}
	import_result_free(&m->res);
	imp_fill_opts(m, &m->o);
	m->phase = NULL;
	snprintf(title, sizeof title, _("Importing %s"), m->file);
	if (gauge_run(t, title, import_job, m, import_done, m, &e) != 0)
		return tui_error(t, &e);
	return R_REDRAW;
}
