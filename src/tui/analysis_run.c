/* The analysis screens' figures off the key path: a grid, a compare table
 * or a histogram is a few dozen counts over a segment's members, seconds
 * on a large base, so each is computed by a job (core/job.h) with its own
 * read-only connection, under the gauge (gauge.c): the interface keeps
 * painting and Esc cancels (the screen then keeps what it showed, or does
 * not open). The counter (issue 10's engine) has no kind for these. */
#include "config.h"

#include <stdlib.h>

#include "db.h"
#include "i18n.h"
#include "job.h"
#include "private.h"

struct arun {
	struct tui *t;
	analysis_fn fn;
	void *ctx;
	analysis_done_fn done;
};

static int
run_job(struct job *j, void *arg, struct err *e)
{
	struct arun *r = arg;
	struct db *db = NULL;
	int rc;

	job_report(j, 0, 0, _("counting…"));
	if (db_open(&db, r->t->path, DB_READONLY, e) != 0)
		return -1;
	rc = r->fn(db, r->ctx, e);
	db_close(&db);
	return rc;
}

static unsigned
run_done(struct tui *t, void *ctx, int rc, const struct err *e, bool cancelled)
{
	struct arun *r = ctx;
	unsigned flags = r->done(t, r->ctx, rc, e, cancelled);

	free(r);
	return flags;
}

int
analysis_run(struct tui *t, const char *title, analysis_fn fn, void *ctx, analysis_done_fn done,
             struct err *e)
{
	struct arun *r = malloc(sizeof *r);

	if (r == NULL)
		return err_set(e, EXIT_FAIL, "%s", _("out of memory"));
	*r = (struct arun){t, fn, ctx, done};
	if (gauge_run(t, title, run_job, r, run_done, r, e) != 0) {
		free(r);
		return -1;
	}
	return 0;
}
