/* The plan view, a screen of its own (P from the tree): the whole tree
 * with each segment's size and its plan (who, what, why, when, where,
 * strategy) in columns, as `clientele plan` prints it; s saves it as
 * Markdown or, for a name ending in .csv, CSV: the very text of
 * `clientele plan` (plan_text), written as the export writes a file (a
 * temporary file renamed into place), asking before it replaces one.
 *
 * Enter edits the plan of the segment under the cursor (view_plan.c),
 * which tells this screen when it saved (plan_view_saved).
 *
 * The tree is read at once (segment_list: the segments table alone); the
 * sizes come from the counter (COUNT_TREE, the same segment_count_all as
 * the CLI's), "…" until they do. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "counter.h"
#include "export/export.h"
#include "export/plan.h"
#include "i18n.h"
#include "private.h"
#include "query.h"
#include "segment/segment.h"
#include "text/text.h"

struct planview {
	struct tui *t;
	struct segment *v;
	size_t n;
	struct segment_count *c; /* the sizes of v, NULL until counted */
	uint64_t tag;            /* the count in flight, 0: none */
	struct list list;
	char *pending;           /* the file a question is about */
};

/* The open screen (one at most): the prompts' callbacks find it. */
static struct planview *pv;

static const char *const heads[] = {N_("Segment"), N_("Size"), N_("Who"), N_("What"),
                                    N_("Why"), N_("When"), N_("Where"), N_("Strategy")};

static size_t
pv_count(void *ctx)
{
	return ((struct planview *)ctx)->n;
}

static long long
pv_id(void *ctx, size_t i)
{
	return ((struct planview *)ctx)->v[i].id;
}

static void
pv_build(void *ctx)
{
	(void)ctx; /* the rows are v, replaced when the counts come */
}

/* The widths of the columns at w: the segment, the size, six plans. */
static void
widths(int w, int cw[8])
{
	int rest;

	cw[0] = w / 4 > 12 ? w / 4 : 12;
	cw[1] = 9;
	rest = w - cw[0] - cw[1] - 2;
	for (int k = 2; k < 8; k++)
		cw[k] = rest / 6 > 3 ? rest / 6 : 3;
}

/* A plan cell on one line: its lines joined by " ⏎ ". */
static void
put_cell(int y, int x, int w, const char *s)
{
	char buf[1024];
	size_t o = 0;

	for (; s != NULL && *s != '\0' && o + 8 < sizeof buf; s++) {
		if (*s == '\n') {
			memcpy(buf + o, " ⏎ ", strlen(" ⏎ "));
			o += strlen(" ⏎ ");
		} else if (*s != '\r') {
			buf[o++] = *s;
		}
	}
	buf[o] = '\0';
	tui_put(y, x, w - 1, buf, false);
}

static void
pv_draw_row(void *ctx, size_t i, int y, int x, int w, bool cursor)
{
	struct planview *p = ctx;
	const struct segment *s = &p->v[i];
	const char *cells[6] = {s->plan_who, s->plan_what, s->plan_why,
	                        s->plan_when, s->plan_where, s->strategy};
	char name[512], num[64];
	int cw[8], cx, indent = 2 * (s->depth - 1);

	(void)cursor;
	widths(w, cw);
	mvhline(y, x, ' ', w);
	snprintf(name, sizeof name, "%*s%s%s", indent, "", s->name,
	         s->is_static ? " ❄" : "");
	tui_put(y, x + 1, cw[0] - 1, name, false);
	cx = x + cw[0];
	if (p->c == NULL)
		snprintf(num, sizeof num, "…");
	else if (p->c[i].error[0] != '\0')
		snprintf(num, sizeof num, "%s", _("error"));
	else
		tui_group(p->t, p->c[i].count, num, sizeof num);
	if (p->tag != 0 && p->c != NULL && !cursor)
		attrset(theme_attr(ROLE_DIM)); /* stale: a newer count is coming */
	tui_put(y, cx + cw[1] - 1 - text_width(num), text_width(num), num, false);
	if (p->tag != 0 && p->c != NULL && !cursor)
		attrset(theme_attr(ROLE_NORMAL));
	cx += cw[1] + 1;
	for (int k = 0; k < 6; k++) {
		put_cell(y, cx, cw[k + 2], cells[k]);
		cx += cw[k + 2];
	}
}

static const struct list_ops pv_list_ops = {pv_build, pv_count, pv_id, pv_draw_row};

/* Asks the counter for the sizes (the same counts as `clientele plan`). */
static unsigned
pv_recount(struct tui *t, struct planview *p)
{
	struct count_req req = {.kind = COUNT_TREE};
	struct err e = {0};

	req.tag = p->tag = screen_tag(t);
	req.slot = screen_slot(t, p, 0);
	if (counter_submit(t->counter, &req, &e) != 0) {
		p->tag = 0;
		return tui_error(t, &e);
	}
	return R_REDRAW;
}

static unsigned
pv_counted(struct tui *t, void *ctx, const struct count_result *r)
{
	struct planview *p = ctx;
	struct count_result *m = (struct count_result *)r;

	if (r->tag != p->tag || r->kind != COUNT_TREE)
		return R_NONE;
	p->tag = 0;
	if (r->status == COUNTER_ERROR)
		return tui_error(t, &r->err);
	if (r->status != COUNTER_OK)
		return R_REDRAW;
	/* the tree and its counts, from the same pass: taken over */
	segment_list_free(p->v, p->n);
	free(p->c);
	p->v = m->tree;
	p->n = m->ntree;
	p->c = m->counts;
	m->tree = NULL;
	m->counts = NULL;
	m->ntree = 0;
	list_rebuild(&p->list, 0);
	return R_REDRAW;
}

/* Writes the plan to path (CSV when it ends in .csv). */
static unsigned
write_plan(struct tui *t, const char *path, bool force)
{
	size_t len = strlen(path);
	enum plan_format f = len > 4 && strcasecmp(path + len - 4, ".csv") == 0 ? PLAN_CSV
	                                                                      : PLAN_MARKDOWN;
	struct err e = {0};

	if (plan_write_file(path, pv->v, pv->c, pv->n, f, force, &e) != 0)
		return tui_error(t, &e);
	tui_message(t, false, f == PLAN_CSV ? _("Saved the plan to %s (CSV).")
	                                    : _("Saved the plan to %s (Markdown)."),
	            path);
	return R_REDRAW;
}

static unsigned
overwrite_done(struct tui *t, const char *yes)
{
	(void)yes;
	if (pv == NULL || pv->pending == NULL)
		return R_REDRAW;
	return write_plan(t, pv->pending, true);
}

static unsigned
save_done(struct tui *t, const char *path)
{
	char *existing = NULL, q[1200];
	struct err e = {0};
	int rc;

	if (pv == NULL || *path == '\0')
		return R_REDRAW;
	if (pv->c == NULL) {
		tui_message(t, true, "%s", _("The sizes are still being counted: save again in a moment."));
		return R_REDRAW;
	}
	if ((rc = export_target_check(path, 1, &existing, &e)) < 0)
		return tui_error(t, &e);
	if (rc == 0)
		return write_plan(t, path, false);
	free(pv->pending);
	pv->pending = strdup(path);
	snprintf(q, sizeof q, _("%s exists. Replace it? (y/n)"), existing);
	free(existing);
	prompt_ask(&t->prompt, q, overwrite_done);
	return R_REDRAW;
}

enum { ACT_SAVE = 1, ACT_RECOUNT, ACT_EDIT };

static const struct screen_key pv_keys[] = {
	{KEY_CH('\n'), "Enter", ACT_EDIT, N_("edit the segment's plan in the plan editor")},
	{KEY_CH('\r'), NULL, ACT_EDIT, NULL},
	{KEY_FN(KEY_ENTER), NULL, ACT_EDIT, NULL},
	{KEY_CH('s'), "s", ACT_SAVE, N_("save the plan to a file: Markdown, or CSV for a .csv name")},
	{KEY_FN(KEY_F(2)), "F2", ACT_SAVE, NULL},
	{KEY_CH('c'), "c", ACT_RECOUNT, N_("count the sizes again")},
};

static unsigned
pv_key(struct tui *t, void *ctx, struct key k)
{
	struct planview *p = ctx;

	switch (keys_find(pv_keys, sizeof pv_keys / sizeof pv_keys[0], k)) {
	case ACT_SAVE:
		prompt_open(&t->prompt, _("Save the plan to (name.md, or name.csv for CSV):"),
		            "plan.md", save_done);
		return R_REDRAW;
	case ACT_RECOUNT:
		return pv_recount(t, p);
	case ACT_EDIT:
		return p->list.cur < p->n ? plan_edit_open(t, p->v[p->list.cur].path) : R_NONE;
	}
	return R_NONE;
}

unsigned
plan_view_saved(struct tui *t)
{
	return pv != NULL ? pv_recount(t, pv) : R_NONE;
}

static unsigned
pv_move(struct tui *t, void *ctx, enum op op)
{
	(void)t;
	return list_op(&((struct planview *)ctx)->list, op);
}

static unsigned
pv_mouse(struct tui *t, void *ctx, int y, int x, bool click, int wheel)
{
	(void)t;
	return list_mouse(&((struct planview *)ctx)->list, y, x, click, wheel);
}

static void
pv_draw(struct tui *t, void *ctx, int y, int h)
{
	struct planview *p = ctx;
	int cw[8], cx;

	if (h < 2)
		return;
	widths(t->cols, cw);
	attrset(A_BOLD);
	mvhline(y, 0, ' ', t->cols);
	tui_put(y, 1, cw[0] - 1, _(heads[0]), false);
	cx = cw[0];
	tui_put(y, cx + cw[1] - 1 - text_width(_(heads[1])), text_width(_(heads[1])), _(heads[1]),
	        false);
	cx += cw[1] + 1;
	for (int k = 2; k < 8; k++) {
		tui_put(y, cx, cw[k] - 1, _(heads[k]), false);
		cx += cw[k];
	}
	attrset(theme_attr(ROLE_NORMAL));
	if (p->n == 0) {
		attrset(theme_attr(ROLE_DIM));
		tui_put(y + 1, 1, t->cols - 1, _("No segments yet: a on the tree adds one."), false);
		attrset(theme_attr(ROLE_NORMAL));
		return;
	}
	list_draw(&p->list, y + 1, 0, h - 1, t->cols);
}

/* The status line: the segment under the cursor, its size and path. */
static void
pv_status(struct tui *t, void *ctx, int y)
{
	struct planview *p = ctx;
	char line[1200], num[sizeof p->c[0].error];

	if (p->n == 0 || p->list.cur >= p->n)
		return;
	if (p->c == NULL)
		snprintf(num, sizeof num, "…");
	else if (p->c[p->list.cur].error[0] != '\0')
		snprintf(num, sizeof num, "%s", p->c[p->list.cur].error);
	else
		tui_group(t, p->c[p->list.cur].count, num, sizeof num);
	snprintf(line, sizeof line, " %s: %s │ %s", p->v[p->list.cur].path, num,
	         _("s saves the plan as Markdown or CSV"));
	attrset(theme_attr(ROLE_STATUS));
	tui_put(y, 0, t->cols, line, true);
	attrset(theme_attr(ROLE_NORMAL));
}

static void
pv_free(void *ctx)
{
	struct planview *p = ctx;

	if (p == NULL)
		return;
	segment_list_free(p->v, p->n);
	free(p->c);
	free(p->pending);
	free(p);
	if (pv == p)
		pv = NULL;
}

static const struct bar_entry pv_bar[] = {
	{"1", N_("Help")}, {"2", N_("Save")}, {"3", ""}, {"4", ""}, {"5", ""},
	{"6", ""}, {"7", ""}, {"8", ""}, {"9", ""}, {"10", N_("Quit")},
};

static const struct screen_ops pv_ops = {
	/* TRANSLATORS: the plan view's title. */
	.title = N_("The plan"),
	.draw = pv_draw,
	.status = pv_status,
	.key = pv_key,
	.cursor = pv_move,
	.mouse = pv_mouse,
	.counted = pv_counted,
	.free = pv_free,
	.keys = pv_keys,
	.nkeys = sizeof pv_keys / sizeof pv_keys[0],
	.bar = pv_bar,
	.nbar = sizeof pv_bar / sizeof pv_bar[0],
};

unsigned
plan_view_open(struct tui *t)
{
	struct planview *p;
	struct err e = {0};

	if (pv != NULL)
		return R_NONE; /* it is open already, under what is on top */
	if ((p = calloc(1, sizeof *p)) == NULL)
		return R_NONE;
	p->t = t;
	if (segment_list(t->db, &p->v, &p->n, &e) != 0) {
		free(p);
		return tui_error(t, &e);
	}
	list_init(&p->list, &pv_list_ops, p);
	list_rebuild(&p->list, 0);
	if (screen_push(t, &pv_ops, p, &e) != 0)
		return tui_error(t, &e); /* it freed p */
	pv = p;
	return pv_recount(t, p);
}
