/* Snapshots in the interface: s on the tree freezes the selected segment
 * under a name typed in a prompt (segment_freeze: one undo step); S opens
 * the snapshots screen, each with the segment it was frozen from, its
 * date and its members; Enter shows its diff with the live segment
 * (joined, left, kept, as `clientele segment diff` counts them), and Enter
 * on a side opens it as a customer list: a side is a parent segment and a
 * rule (segment_diff_side), so the list holds exactly what was counted.
 * Every figure comes from the counter. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "counter.h"
#include "i18n.h"
#include "private.h"
#include "segment/segment.h"
#include "text/text.h"

/* --- freezing ------------------------------------------------------------------ */

static char *freeze_path; /* the segment the name prompt is for */

static unsigned
freeze_done(struct tui *t, const char *name)
{
	struct err e = {0};
	long long n = 0;
	char num[64];
	char *path = freeze_path;

	freeze_path = NULL;
	if (path == NULL || *name == '\0') {
		free(path);
		return R_REDRAW;
	}
	if (segment_freeze(t->db, path, name, &n, &e) != 0) {
		free(path);
		return tui_error(t, &e);
	}
	tui_group(t, n, num, sizeof num);
	tui_message(t, false,
	            P_("Froze %s customer of \"%s\" as \"%s\" (u undoes it; S lists snapshots).",
	               "Froze %s customers of \"%s\" as \"%s\" (u undoes it; S lists snapshots).", n),
	            num, path, name);
	free(path);
	return R_RELOAD | R_RECOUNT | R_REDRAW;
}

unsigned
snap_freeze(struct tui *t, const char *path)
{
	struct segment s = {0};
	struct err e = {0};
	char init[512], label[600], day[16];
	time_t now = time(NULL);
	struct tm tm;

	if (path == NULL || *path == '\0' || strcmp(path, "/") == 0) {
		tui_message(t, true, "%s",
		            _("All customers cannot be frozen: choose a segment, then s."));
		return R_REDRAW;
	}
	if (segment_find(t->db, path, &s, &e) != 0)
		return tui_error(t, &e);
	/* a name that says what and when: "Moscow 2026-03-01" */
	localtime_r(&now, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	snprintf(init, sizeof init, "%s %s", s.name, day);
	snprintf(label, sizeof label, _("Freeze \"%s\" as:"), s.path);
	segment_clear(&s);
	free(freeze_path);
	if ((freeze_path = strdup(path)) == NULL)
		return R_NONE;
	prompt_open(&t->prompt, label, init, freeze_done);
	return R_REDRAW;
}

/* --- the diff screen ------------------------------------------------------------ */

enum { SIDE_JOINED, SIDE_LEFT, SIDE_KEPT, SIDE_SNAP, SIDE_LIVE, NSIDES };

struct snapdiff {
	struct tui *t;
	char *snap, *live;          /* their paths */
	char *parent[NSIDES], *rule[NSIDES];
	long long count[NSIDES];    /* -1 until counted */
	uint64_t tag[NSIDES];
	struct list list;
};

static size_t
sd_count(void *ctx)
{
	(void)ctx;
	return NSIDES;
}

/* A side's label, in buf. */
static const char *
side_label(const struct snapdiff *d, int i, char *buf, size_t size)
{
	switch (i) {
	case SIDE_JOINED:
		snprintf(buf, size, _("Joined: in \"%s\" now, not in the snapshot"), d->live);
		break;
	case SIDE_LEFT:
		snprintf(buf, size, _("Left: in the snapshot, no longer in \"%s\""), d->live);
		break;
	case SIDE_KEPT:
		snprintf(buf, size, "%s", _("Kept: in both"));
		break;
	case SIDE_SNAP:
		snprintf(buf, size, _("The snapshot \"%s\""), d->snap);
		break;
	default:
		snprintf(buf, size, _("The live segment \"%s\""), d->live);
		break;
	}
	return buf;
}

static void
sd_draw_row(void *ctx, size_t i, int y, int x, int w, bool cursor)
{
	struct snapdiff *d = ctx;
	char label[1200], num[64];
	int nw;

	(void)cursor;
	if (d->count[i] < 0)
		snprintf(num, sizeof num, "…");
	else
		tui_group(d->t, d->count[i], num, sizeof num);
	nw = text_width(num) + 2;
	mvhline(y, x, ' ', w);
	tui_put(y, x + 1, w - nw - 2, side_label(d, (int)i, label, sizeof label), false);
	tui_put(y, x + w - nw, nw - 1, num, false);
}

static const struct list_ops sd_list_ops = {NULL, sd_count, NULL, sd_draw_row};

static void
sd_free(void *ctx)
{
	struct snapdiff *d = ctx;

	if (d == NULL)
		return;
	for (int i = 0; i < NSIDES; i++) {
		free(d->parent[i]);
		free(d->rule[i]);
	}
	free(d->snap);
	free(d->live);
	free(d);
}

static unsigned
sd_recount(struct tui *t, struct snapdiff *d)
{
	struct err e = {0};

	for (int i = 0; i < NSIDES; i++) {
		struct count_req req = {.kind = COUNT_RULE, .parent = d->parent[i], .rule = d->rule[i]};

		req.tag = d->tag[i] = screen_tag(t);
		req.slot = screen_slot(t, d, i);
		if (counter_submit(t->counter, &req, &e) != 0) {
			d->tag[i] = 0;
			return tui_error(t, &e);
		}
	}
	return R_REDRAW;
}

static unsigned
sd_counted(struct tui *t, void *ctx, const struct count_result *r)
{
	struct snapdiff *d = ctx;

	for (int i = 0; i < NSIDES; i++) {
		if (d->tag[i] == 0 || r->tag != d->tag[i])
			continue;
		d->tag[i] = 0;
		if (r->status == COUNTER_ERROR)
			return tui_error(t, &r->err);
		if (r->status == COUNTER_OK)
			d->count[i] = r->count;
		return R_REDRAW;
	}
	return R_NONE;
}

static void
sd_draw(struct tui *t, void *ctx, int y, int h)
{
	struct snapdiff *d = ctx;

	list_draw(&d->list, y + 1, 0, h - 1, t->cols);
}

/* The status line: the figures as `clientele segment diff` prints them. */
static void
sd_status(struct tui *t, void *ctx, int y)
{
	struct snapdiff *d = ctx;
	char line[512], n[3][64];

	for (int i = 0; i < 3; i++) {
		if (d->count[i] < 0)
			snprintf(n[i], sizeof n[i], "…");
		else
			tui_group(t, d->count[i], n[i], sizeof n[i]);
	}
	/* TRANSLATORS: the snapshot diff's status line, as `clientele
	 * segment diff` prints its figures. */
	snprintf(line, sizeof line, _(" joined %s, left %s, kept %s │ Enter lists them"), n[0],
	         n[1], n[2]);
	attrset(theme_attr(ROLE_STATUS));
	tui_put(y, 0, t->cols, line, true);
	attrset(theme_attr(ROLE_NORMAL));
}

static const char *
sd_subtitle(void *ctx)
{
	return ((struct snapdiff *)ctx)->snap;
}

enum { ACT_OPEN = 1, ACT_RECOUNT };

static const struct screen_key sd_keys[] = {
	{KEY_CH('\n'), "Enter", ACT_OPEN, N_("these customers, as a list")},
	{KEY_CH('\r'), NULL, ACT_OPEN, NULL},
	{KEY_FN(KEY_ENTER), NULL, ACT_OPEN, NULL},
	{KEY_CH('c'), "c", ACT_RECOUNT, N_("count again")},
};

static unsigned
sd_key(struct tui *t, void *ctx, struct key k)
{
	struct snapdiff *d = ctx;
	char label[1200];
	size_t i = d->list.cur;

	switch (keys_find(sd_keys, sizeof sd_keys / sizeof sd_keys[0], k)) {
	case ACT_OPEN:
		if (i >= NSIDES)
			return R_NONE;
		return custlist_open(t, d->parent[i], d->rule[i],
		                     side_label(d, (int)i, label, sizeof label));
	case ACT_RECOUNT:
		return sd_recount(t, d);
	}
	return R_NONE;
}

static unsigned
sd_move(struct tui *t, void *ctx, enum op op)
{
	(void)t;
	return list_op(&((struct snapdiff *)ctx)->list, op);
}

static unsigned
sd_mouse(struct tui *t, void *ctx, int y, int x, bool click, int wheel)
{
	(void)t;
	return list_mouse(&((struct snapdiff *)ctx)->list, y, x, click, wheel);
}

static const struct screen_ops sd_ops = {
	/* TRANSLATORS: the title of a snapshot's diff with its live segment. */
	.title = N_("Snapshot diff"),
	.subtitle = sd_subtitle,
	.draw = sd_draw,
	.status = sd_status,
	.key = sd_key,
	.cursor = sd_move,
	.mouse = sd_mouse,
	.counted = sd_counted,
	.free = sd_free,
	.keys = sd_keys,
	.nkeys = sizeof sd_keys / sizeof sd_keys[0],
};

static unsigned
diff_open(struct tui *t, const struct segment_snapshot *s)
{
	struct snapdiff *d;
	struct err e = {0};
	int i;

	if (s->from == NULL) {
		tui_message(t, true,
		            _("The segment \"%s\" was frozen from is gone: there is no live segment to "
		              "compare it with (Enter on the tree lists its members)."),
		            s->path);
		return R_REDRAW;
	}
	if ((d = calloc(1, sizeof *d)) == NULL)
		return R_NONE;
	d->t = t;
	d->snap = strdup(s->path);
	d->live = strdup(s->from);
	for (i = 0; i < NSIDES; i++)
		d->count[i] = -1;
	for (i = SIDE_JOINED; i <= SIDE_KEPT; i++)
		if (segment_diff_side(s->id, s->from_id, (enum segment_diff_side)i, &d->parent[i],
		                      &d->rule[i], &e) != 0)
			break;
	if (i > SIDE_KEPT && asprintf(&d->parent[SIDE_SNAP], "#%lld", s->id) < 0)
		d->parent[SIDE_SNAP] = NULL;
	if (i > SIDE_KEPT && asprintf(&d->parent[SIDE_LIVE], "#%lld", s->from_id) < 0)
		d->parent[SIDE_LIVE] = NULL;
	if (i <= SIDE_KEPT || d->snap == NULL || d->live == NULL || d->parent[SIDE_SNAP] == NULL ||
	    d->parent[SIDE_LIVE] == NULL) {
		sd_free(d);
		if (e.msg[0] == '\0')
			err_set(&e, EXIT_FAIL, "%s", _("out of memory"));
		return tui_error(t, &e);
	}
	list_init(&d->list, &sd_list_ops, d);
	if (screen_push(t, &sd_ops, d, &e) != 0)
		return tui_error(t, &e);
	return sd_recount(t, d);
}

/* --- the snapshots screen -------------------------------------------------------- */

struct snapview {
	struct tui *t;
	struct segment_snapshot *v;
	size_t n;
	long long *members; /* -1 until counted */
	uint64_t tag;
	struct list list;
};

static size_t
sv_count(void *ctx)
{
	return ((struct snapview *)ctx)->n;
}

static long long
sv_id(void *ctx, size_t i)
{
	return ((struct snapview *)ctx)->v[i].id;
}

/* Columns: the snapshot, the segment it was frozen from, the date, its
 * members. */
static void
sv_widths(int w, int cw[4])
{
	cw[3] = 10;
	cw[2] = 20;
	cw[0] = (w - cw[2] - cw[3]) / 2;
	cw[1] = w - cw[0] - cw[2] - cw[3];
}

static void
sv_draw_row(void *ctx, size_t i, int y, int x, int w, bool cursor)
{
	struct snapview *v = ctx;
	const struct segment_snapshot *s = &v->v[i];
	char num[64];
	int cw[4];

	(void)cursor;
	sv_widths(w, cw);
	mvhline(y, x, ' ', w);
	tui_put(y, x + 1, cw[0] - 2, s->path, false);
	tui_put(y, x + cw[0], cw[1] - 1, s->from != NULL ? s->from : _("(gone)"), false);
	tui_put(y, x + cw[0] + cw[1], cw[2] - 1, s->frozen_at != NULL ? s->frozen_at : "", false);
	if (v->members[i] < 0)
		snprintf(num, sizeof num, "…");
	else
		tui_group(v->t, v->members[i], num, sizeof num);
	tui_put(y, x + w - text_width(num) - 1, text_width(num), num, false);
}

/* Reads the snapshots (the segments table alone) and asks for their
 * members' counts. */
static void
sv_build(void *ctx)
{
	struct snapview *v = ctx;
	struct segment_snapshot *s;
	long long *m;
	struct err e = {0};
	size_t n;

	if (segment_snapshots(v->t->db, &s, &n, &e) != 0) {
		tui_error(v->t, &e);
		return;
	}
	if ((m = malloc((n + 1) * sizeof *m)) == NULL) {
		segment_snapshots_free(s, n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		m[i] = -1;
	segment_snapshots_free(v->v, v->n);
	free(v->members);
	v->v = s;
	v->n = n;
	v->members = m;
}

static const struct list_ops sv_list_ops = {sv_build, sv_count, sv_id, sv_draw_row};

static unsigned
sv_recount(struct tui *t, struct snapview *v)
{
	struct count_req req = {.kind = COUNT_TREE};
	struct err e = {0};

	req.tag = v->tag = screen_tag(t);
	req.slot = screen_slot(t, v, 0);
	if (counter_submit(t->counter, &req, &e) != 0) {
		v->tag = 0;
		return tui_error(t, &e);
	}
	return R_REDRAW;
}

static unsigned
sv_counted(struct tui *t, void *ctx, const struct count_result *r)
{
	struct snapview *v = ctx;

	if (v->tag == 0 || r->tag != v->tag)
		return R_NONE;
	v->tag = 0;
	if (r->status == COUNTER_ERROR)
		return tui_error(t, &r->err);
	for (size_t i = 0; i < v->n; i++)
		for (size_t j = 0; r->status == COUNTER_OK && j < r->ntree; j++)
			if (r->tree[j].id == v->v[i].id && r->counts[j].error[0] == '\0')
				v->members[i] = r->counts[j].count;
	return R_REDRAW;
}

static void
sv_draw(struct tui *t, void *ctx, int y, int h)
{
	struct snapview *v = ctx;
	int cw[4];

	if (h < 2)
		return;
	sv_widths(t->cols, cw);
	attrset(A_BOLD);
	mvhline(y, 0, ' ', t->cols);
	/* TRANSLATORS: the snapshots screen's column heads. */
	tui_put(y, 1, cw[0] - 2, _("Snapshot"), false);
	tui_put(y, cw[0], cw[1] - 1, _("Frozen from"), false);
	tui_put(y, cw[0] + cw[1], cw[2] - 1, _("Frozen at (UTC)"), false);
	tui_put(y, t->cols - text_width(_("Members")) - 1, text_width(_("Members")), _("Members"),
	        false);
	attrset(theme_attr(ROLE_NORMAL));
	if (v->n == 0) {
		attrset(theme_attr(ROLE_DIM));
		tui_put(y + 1, 1, t->cols - 1, _("No snapshots yet: s on the tree freezes a segment."),
		        false);
		attrset(theme_attr(ROLE_NORMAL));
		return;
	}
	list_draw(&v->list, y + 1, 0, h - 1, t->cols);
}

static void
sv_status(struct tui *t, void *ctx, int y)
{
	struct snapview *v = ctx;
	char line[256], a[64];

	tui_group(t, (long long)v->n, a, sizeof a);
	snprintf(line, sizeof line, P_(" %s snapshot │ Enter: its diff with the live segment",
	                               " %s snapshots │ Enter: its diff with the live segment", v->n),
	         a);
	attrset(theme_attr(ROLE_STATUS));
	tui_put(y, 0, t->cols, line, true);
	attrset(theme_attr(ROLE_NORMAL));
}

enum { SV_DIFF = 1, SV_RECOUNT };

static const struct screen_key sv_keys[] = {
	{KEY_CH('\n'), "Enter", SV_DIFF, N_("the snapshot's diff with the live segment")},
	{KEY_CH('\r'), NULL, SV_DIFF, NULL},
	{KEY_FN(KEY_ENTER), NULL, SV_DIFF, NULL},
	{KEY_CH('c'), "c", SV_RECOUNT, N_("count again")},
};

static unsigned
sv_key(struct tui *t, void *ctx, struct key k)
{
	struct snapview *v = ctx;

	switch (keys_find(sv_keys, sizeof sv_keys / sizeof sv_keys[0], k)) {
	case SV_DIFF:
		return v->list.cur < v->n ? diff_open(t, &v->v[v->list.cur]) : R_NONE;
	case SV_RECOUNT:
		return sv_recount(t, v);
	}
	return R_NONE;
}

static unsigned
sv_move(struct tui *t, void *ctx, enum op op)
{
	(void)t;
	return list_op(&((struct snapview *)ctx)->list, op);
}

static unsigned
sv_mouse(struct tui *t, void *ctx, int y, int x, bool click, int wheel)
{
	(void)t;
	return list_mouse(&((struct snapview *)ctx)->list, y, x, click, wheel);
}

static void
sv_free(void *ctx)
{
	struct snapview *v = ctx;

	if (v == NULL)
		return;
	segment_snapshots_free(v->v, v->n);
	free(v->members);
	free(v);
}

static const struct screen_ops sv_ops = {
	/* TRANSLATORS: the snapshots screen's title. */
	.title = N_("Snapshots"),
	.draw = sv_draw,
	.status = sv_status,
	.key = sv_key,
	.cursor = sv_move,
	.mouse = sv_mouse,
	.counted = sv_counted,
	.free = sv_free,
	.keys = sv_keys,
	.nkeys = sizeof sv_keys / sizeof sv_keys[0],
};

unsigned
snap_open(struct tui *t)
{
	struct snapview *v = calloc(1, sizeof *v);
	struct err e = {0};

	if (v == NULL)
		return R_NONE;
	v->t = t;
	list_init(&v->list, &sv_list_ops, v);
	list_rebuild(&v->list, 0);
	if (screen_push(t, &sv_ops, v, &e) != 0)
		return tui_error(t, &e);
	return sv_recount(t, v);
}
