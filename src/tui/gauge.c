/* Long work with a gauge over the screen: the job (core/job.h) runs in its
 * own thread while the loop keeps answering keys; Esc, q or Ctrl-C asks it
 * to stop. When it ends, the caller's done is told how, and the box goes. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "job.h"
#include "private.h"

struct gauge {
	char title[128];
	struct job *job;
	struct job_progress p;
	gauge_done_fn done;
	void *ctx;
};

int
gauge_run(struct tui *t, const char *title, job_fn fn, void *arg, gauge_done_fn done, void *ctx,
          struct err *e)
{
	struct gauge *g;

	if (t->gauge != NULL)
		return err_set(e, EXIT_FAIL, _("other work is still running: wait for it or cancel it"));
	if ((g = calloc(1, sizeof *g)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	snprintf(g->title, sizeof g->title, "%s", title);
	g->done = done;
	g->ctx = ctx;
	if (job_start(&g->job, fn, arg, e) != 0) {
		free(g);
		return -1;
	}
	t->gauge = g;
	t->dirty |= R_REDRAW;
	return 0;
}

bool
gauge_active(const struct tui *t)
{
	return t->gauge != NULL;
}

int
gauge_fd(const struct tui *t)
{
	return t->gauge != NULL ? job_fd(t->gauge->job) : -1;
}

/* The job ended: the box goes before done runs, so that done may start
 * another. */
static unsigned
finish(struct tui *t)
{
	struct gauge *g = t->gauge;
	struct err e;
	bool cancelled = job_cancelled(g->job);
	int rc;

	err_clear(&e);
	rc = job_end(&g->job, &e);
	t->gauge = NULL;
	unsigned r = g->done(t, g->ctx, rc, &e, cancelled);
	free(g);
	return r | R_REDRAW;
}

unsigned
gauge_poll(struct tui *t)
{
	struct gauge *g = t->gauge;

	if (g == NULL)
		return R_NONE;
	job_poll(g->job, &g->p);
	if (g->p.finished)
		return finish(t);
	return R_REDRAW;
}

unsigned
gauge_key(struct tui *t, struct key k)
{
	struct gauge *g = t->gauge;

	if (g == NULL)
		return R_NONE;
	if (!k.fn && (k.code == 27 || k.code == 'q' || k.code == 3)) {
		job_cancel(g->job);
		return R_REDRAW;
	}
	return R_NONE; /* the other keys wait for the work */
}

void
gauge_close(struct tui *t)
{
	struct gauge *g = t->gauge;

	if (g == NULL)
		return;
	job_cancel(g->job);
	job_end(&g->job, NULL);
	t->gauge = NULL;
	g->done(t, g->ctx, -1, NULL, true);
	free(g);
}

void
gauge_draw(struct tui *t)
{
	struct gauge *g = t->gauge;
	char a[32], b[32], line[256];
	int w, x, y, bar, fill;
	double frac;

	if (g == NULL)
		return;
	w = t->cols - 4 < 64 ? t->cols - 4 : 64;
	x = (t->cols - w) / 2;
	y = (t->rows - 7) / 2;
	tui_box(y, x, 7, w, g->title);
	tui_put(y + 2, x + 2, w - 4, g->p.phase[0] != '\0' ? g->p.phase : _("starting…"), true);
	frac = g->p.total > 0 ? (double)g->p.done / (double)g->p.total : 0;
	if (frac > 1)
		frac = 1;
	bar = w - 12;
	fill = (int)(frac * bar + 0.5);
	move(y + 3, x + 2);
	for (int i = 0; i < bar; i++)
		addstr(i < fill ? "█" : "░");
	if (g->p.total > 0) {
		snprintf(line, sizeof line, "%3d %%", (int)(frac * 100));
		tui_put(y + 3, x + 3 + bar, 6, line, false);
		snprintf(line, sizeof line, _("%s of %s"),
		         tui_group(t, g->p.done, a, sizeof a), tui_group(t, g->p.total, b, sizeof b));
	} else {
		snprintf(line, sizeof line, "%s", tui_group(t, g->p.done, a, sizeof a));
	}
	tui_put(y + 4, x + 2, w - 4, line, true);
	attrset(theme_attr(ROLE_DIM));
	tui_put(y + 5, x + 2, w - 4,
	        job_cancelled(g->job) ? _("cancelling… nothing is kept")
	                              : _("Esc cancels: nothing is kept"), true);
	attrset(theme_attr(ROLE_NORMAL));
}
