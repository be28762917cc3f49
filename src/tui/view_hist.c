/* The histogram screen: H on the tree asks for a number or date field
 * (the field picker) and shows its histogram within the selected segment,
 * as `clientele hist` does: about twenty buckets with round edges, each a
 * bar with its customers, and those without a value apart. Enter opens
 * the bucket under the cursor as a customer list of the segment (`FIELD
 * between LO and HI`, `FIELD is empty`); f picks another field. Computed
 * when the field is picked and on c by a job under the gauge, as the
 * grids. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "private.h"
#include "query_facet.h"
#include "segment/segment.h"
#include "text/text.h"

struct histv {
	struct tui *t;
	char *path;            /* the segment's, "" for the base */
	char *field;
	struct histogram h;
	struct histogram next; /* the job's, taken when it ends */
	bool computed;
	bool pushed;           /* on the screen stack: the stack frees it */
	bool replace;          /* f: replaces the histogram on top when it opens */
	int cur, top, page;
	int y0;                /* the screen line of the first bar shown */
};

static char *pick_path; /* the segment the field picker was opened for */

/* Rows: the buckets, then those without a value when there are any. */
static int
nrows(const struct histv *v)
{
	return (int)v->h.n + (v->h.empty > 0);
}

static void
row_rule(const struct histv *v, int i, char *buf, size_t size)
{
	if (i < (int)v->h.n)
		snprintf(buf, size, "%s between %s and %s", v->field, v->h.v[i].lo_text,
		         v->h.v[i].hi_text);
	else
		snprintf(buf, size, "%s is empty", v->field);
}

static void
row_label(const struct histv *v, int i, char *buf, size_t size)
{
	if (i < (int)v->h.n)
		snprintf(buf, size, "%s – %s", v->h.v[i].lo_text, v->h.v[i].hi_text);
	else
		snprintf(buf, size, "%s", _("no value"));
}

static long long
row_count(const struct histv *v, int i)
{
	return i < (int)v->h.n ? v->h.v[i].count : v->h.empty;
}

static unsigned compute(struct histv *v);

static void
hv_draw(struct tui *t, void *ctx, int y, int h)
{
	struct histv *v = ctx;
	int lw = 0, nw = 0, n = nrows(v), bw;
	long long max = 0;
	char label[128], num[64], line[256];

	if (!v->computed)
		return;
	tui_group(t, v->h.total, num, sizeof num);
	tui_group(t, v->h.empty, label, sizeof label);
	snprintf(line, sizeof line, _("%s customers, %s without a value; from %s to %s"), num,
	         label, v->h.n > 0 ? v->h.min : "—", v->h.n > 0 ? v->h.max : "—");
	tui_put(y, 1, t->cols - 2, line, false);
	if (n == 0) {
		attrset(theme_attr(ROLE_DIM));
		tui_put(y + 2, 1, t->cols - 2, _("No customer here has a value in this field."), false);
		attrset(theme_attr(ROLE_NORMAL));
		return;
	}
	for (int i = 0; i < n; i++) {
		int w;

		row_label(v, i, label, sizeof label);
		if ((w = text_width(label)) > lw)
			lw = w;
		tui_group(t, row_count(v, i), num, sizeof num);
		if ((w = text_width(num)) > nw)
			nw = w;
		if (row_count(v, i) > max)
			max = row_count(v, i);
	}
	if (lw > t->cols / 2)
		lw = t->cols / 2;
	bw = t->cols - lw - nw - 5;
	v->page = h - 2;
	if (v->page < 1)
		v->page = 1;
	if (v->cur < v->top)
		v->top = v->cur;
	if (v->cur >= v->top + v->page)
		v->top = v->cur - v->page + 1;
	v->y0 = y + 2;
	for (int r = 0; r < v->page && v->top + r < n; r++) {
		int i = v->top + r, ry = y + 2 + r, len;
		long long c = row_count(v, i);

		row_label(v, i, label, sizeof label);
		tui_group(t, c, num, sizeof num);
		attrset(i == v->cur ? theme_attr(ROLE_CURSOR) : theme_attr(ROLE_NORMAL));
		mvhline(ry, 0, ' ', t->cols);
		tui_put(ry, 1, lw, label, false);
		len = max > 0 && bw > 0 ? (int)((c * bw + max - 1) / max) : 0;
		if (i == v->cur)
			attrset(theme_attr(ROLE_CURSOR));
		else if (i >= (int)v->h.n)
			attrset(theme_attr(ROLE_DIM));
		for (int k = 0; k < len; k++)
			mvaddstr(ry, lw + 2 + k, "█");
		tui_put(ry, lw + 3 + len, nw, num, false);
		attrset(theme_attr(ROLE_NORMAL));
	}
}

static void
hv_status(struct tui *t, void *ctx, int y)
{
	struct histv *v = ctx;
	char line[512], rule[200], num[64];

	if (!v->computed || nrows(v) == 0)
		return;
	row_rule(v, v->cur, rule, sizeof rule);
	tui_group(t, row_count(v, v->cur), num, sizeof num);
	/* TRANSLATORS: the histogram's status line: the bucket's customers
	 * and its rule. */
	snprintf(line, sizeof line, _(" %s customers │ %s │ Enter lists them, f another field"),
	         num, rule);
	attrset(theme_attr(ROLE_STATUS));
	tui_put(y, 0, t->cols, line, true);
	attrset(theme_attr(ROLE_NORMAL));
}

static const char *
hv_subtitle(void *ctx)
{
	struct histv *v = ctx;
	static char buf[600];

	snprintf(buf, sizeof buf, _("%s in %s"), v->field,
	         *v->path != '\0' ? v->path : _("All customers"));
	return buf;
}

enum { HV_OPEN = 1, HV_FIELD, HV_RECOUNT };

static const struct screen_key hv_keys[] = {
	{KEY_CH('\n'), "Enter", HV_OPEN, N_("the bucket's customers, as a list")},
	{KEY_CH('\r'), NULL, HV_OPEN, NULL},
	{KEY_FN(KEY_ENTER), NULL, HV_OPEN, NULL},
	{KEY_CH('f'), "f", HV_FIELD, N_("the histogram of another field")},
	{KEY_CH('c'), "c", HV_RECOUNT, N_("compute again")},
};

static unsigned picked(struct tui *t, const char *field);
static const struct screen_ops hv_ops;

static unsigned
hv_key(struct tui *t, void *ctx, struct key k)
{
	struct histv *v = ctx;
	char rule[200], sub[800];

	switch (keys_find(hv_keys, sizeof hv_keys / sizeof hv_keys[0], k)) {
	case HV_OPEN:
		if (!v->computed || nrows(v) == 0)
			return R_NONE;
		row_rule(v, v->cur, rule, sizeof rule);
		snprintf(sub, sizeof sub, "%s: %s", *v->path != '\0' ? v->path : _("All customers"),
		         rule);
		return custlist_open(t, *v->path != '\0' ? v->path : NULL, rule, sub);
	case HV_FIELD:
		free(pick_path);
		if ((pick_path = strdup(v->path)) == NULL)
			return R_NONE;
		return fields_pick(t, v->field, picked);
	case HV_RECOUNT:
		return compute(v);
	}
	return R_NONE;
}

static unsigned
hv_move(struct tui *t, void *ctx, enum op op)
{
	struct histv *v = ctx;
	int was = v->cur, n = nrows(v);

	(void)t;
	if (n == 0)
		return R_NONE;
	switch (op) {
	case OP_UP:
		v->cur -= v->cur > 0;
		break;
	case OP_DOWN:
		v->cur += v->cur + 1 < n;
		break;
	case OP_PGUP:
		v->cur = v->cur > v->page ? v->cur - v->page : 0;
		break;
	case OP_PGDN:
		v->cur = v->cur + v->page < n ? v->cur + v->page : n - 1;
		break;
	case OP_HOME:
		v->cur = 0;
		break;
	case OP_END:
		v->cur = n - 1;
		break;
	default:
		break;
	}
	return v->cur != was ? R_REDRAW : R_NONE;
}

/* A click on a bar selects it; the wheel scrolls. */
static unsigned
hv_mouse(struct tui *t, void *ctx, int y, int x, bool click, int wheel)
{
	struct histv *v = ctx;
	int i = v->top + (y - v->y0);

	(void)x;
	if (wheel != 0)
		return hv_move(t, ctx, wheel < 0 ? OP_UP : OP_DOWN);
	if (!click || y < v->y0 || y >= v->y0 + v->page || i >= nrows(v) || i == v->cur)
		return R_NONE;
	v->cur = i;
	return R_REDRAW;
}

static unsigned
hv_changed(struct tui *t, void *ctx)
{
	(void)t;
	return compute(ctx);
}

static void
hv_free(void *ctx)
{
	struct histv *v = ctx;

	if (v == NULL)
		return;
	free(v->path);
	free(v->field);
	free(v);
}

static const struct screen_ops hv_ops = {
	/* TRANSLATORS: the histogram screen's title. */
	.title = N_("Histogram"),
	.subtitle = hv_subtitle,
	.draw = hv_draw,
	.status = hv_status,
	.key = hv_key,
	.cursor = hv_move,
	.mouse = hv_mouse,
	.free = hv_free,
	.keys = hv_keys,
	.nkeys = sizeof hv_keys / sizeof hv_keys[0],
	.changed = hv_changed,
};

/* --- the figures, off the key path -------------------------------------------- */

static int
hist_job(struct db *db, void *ctx, struct err *e)
{
	struct histv *v = ctx;

	return query_histogram_n(db, *v->path != '\0' ? v->path : NULL, NULL, v->field,
	                         HIST_BUCKETS, &v->next, e);
}

static unsigned
hist_done(struct tui *t, void *ctx, int rc, const struct err *e, bool cancelled)
{
	struct histv *v = ctx;
	struct err pe = {0};

	if (e == NULL) { /* the interface is closing */
		if (!v->pushed)
			hv_free(v);
		return R_NONE;
	}
	if (rc == 0 && !cancelled) {
		v->h = v->next;
		v->computed = true;
		if (v->cur >= nrows(v))
			v->cur = nrows(v) > 0 ? nrows(v) - 1 : 0;
	} else if (!cancelled) {
		tui_error(t, e);
	} else {
		tui_message(t, false, "%s", _("Cancelled: nothing was computed."));
	}
	if (v->pushed)
		return R_REDRAW;
	if (!v->computed) {
		hv_free(v);
		return R_REDRAW;
	}
	/* f: the new field replaces the one shown */
	if (v->replace && screen_active(t) && t->screens[t->nscreens - 1].ops == &hv_ops)
		screen_pop(t);
	v->pushed = true;
	if (screen_push(t, &hv_ops, v, &pe) != 0)
		return tui_error(t, &pe);
	return R_REDRAW;
}

static unsigned
compute(struct histv *v)
{
	struct err e = {0};
	struct tui *t = v->t;

	if (analysis_run(t, _("Computing the histogram"), hist_job, v, hist_done, &e) != 0) {
		if (!v->pushed)
			hv_free(v);
		return tui_error(t, &e);
	}
	return R_REDRAW;
}

/* The field picked: its histogram on a new screen, or (f) instead of the
 * one shown. A text field is refused with the core's word. */
static unsigned
picked(struct tui *t, const char *field)
{
	struct histv *v;
	char *path = pick_path;

	pick_path = NULL;
	if (field == NULL || path == NULL) {
		free(path);
		return R_REDRAW;
	}
	if ((v = calloc(1, sizeof *v)) == NULL || (v->field = strdup(field)) == NULL) {
		free(v);
		free(path);
		return R_NONE;
	}
	v->t = t;
	v->path = path;
	v->replace = screen_active(t) && t->screens[t->nscreens - 1].ops == &hv_ops;
	return compute(v);
}

unsigned
hist_open(struct tui *t)
{
	const struct segment *s = tree_selected(t);

	free(pick_path);
	if ((pick_path = strdup(s != NULL ? s->path : "")) == NULL)
		return R_NONE;
	return fields_pick(t, NULL, picked);
}
