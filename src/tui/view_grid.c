/* The analysis grids of SPEC §5 over the selected segment: R on the main
 * screen opens the RFM grid (R rows from 5 down, F columns) and v turns it
 * into its ten named segments with count, share, revenue and average
 * check; X opens the ABC×XYZ grid, its "no class" row and column as they
 * are; V the value × speed grid (value high, low by speed fast, slow),
 * those without a class under it. Each cell shows its customers and their share of the segment on a
 * scale of four shades (colours, or ░ ▒ ▓ █ under NO_COLOR). Every cell
 * carries the rule that selects it (analysis.h): Enter opens it as a
 * customer list of the segment, a adds it to the tree as a segment under
 * the selected one.
 *
 * The figures are computed when the screen opens and on c by a job under
 * the gauge (analysis_run.c): the screen opens when they are there. */
#include "config.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "i18n.h"
#include "private.h"
#include "segment/segment.h"
#include "text/text.h"

struct gridv {
	struct tui *t;
	enum grid_kind kind;
	char *path;            /* the segment's, "" for the base */
	struct rfm_grid rfm;
	struct abc_grid abc;
	struct rfm_grid rfm_next; /* the job's, taken when it ends */
	struct abc_grid abc_next;
	struct vs_grid vs, vs_next;
	bool computed;
	bool pushed;           /* on the screen stack: the stack frees it */
	bool named;            /* RFM: the named segments instead of the grid */
	int row, col;          /* the cursor's cell */
	int seg, segtop;       /* the named segments' cursor and first row shown */
	/* where the grid was last drawn, for the mouse */
	int gy, gx, cw, ch, nrows_shown;
};

/* The pending "add to the tree" (one prompt at a time). */
static char *add_parent, *add_rule;

/* --- the grid's shape, by kind ------------------------------------------------- */

static int
grid_rows(const struct gridv *g)
{
	return g->kind == GRID_RFM ? 5 : g->kind == GRID_VALUE_SPEED ? VS_ROWS : ABC_ROWS;
}

static int
grid_cols(const struct gridv *g)
{
	return g->kind == GRID_RFM ? 5 : g->kind == GRID_VALUE_SPEED ? VS_COLS : XYZ_COLS;
}

/* The cell at row r, column c as shown: RFM rows are R = 5 down to 1. */
static const struct analysis_cell *
cell_at(const struct gridv *g, int r, int c)
{
	if (g->kind == GRID_RFM)
		return &g->rfm.cell[4 - r][c];
	if (g->kind == GRID_VALUE_SPEED)
		return &g->vs.cell[r][c];
	return &g->abc.cell[r][c];
}

static long long
grid_total(const struct gridv *g)
{
	return g->kind == GRID_RFM ? g->rfm.total
	       : g->kind == GRID_VALUE_SPEED ? g->vs.total
	                                     : g->abc.total;
}

static void
row_label(const struct gridv *g, int r, char *buf, size_t size)
{
	if (g->kind == GRID_RFM)
		snprintf(buf, size, "R=%d", 5 - r);
	else if (g->kind == GRID_VALUE_SPEED)
		/* TRANSLATORS: the value × speed grid's rows and columns. */
		snprintf(buf, size, "%s", r == 0 ? _("high value") : _("low value"));
	else
		snprintf(buf, size, "%s", g->abc.abc[r] != NULL ? g->abc.abc[r] : _("no class"));
}

static void
col_label(const struct gridv *g, int c, char *buf, size_t size)
{
	if (g->kind == GRID_RFM)
		snprintf(buf, size, "F=%d", c + 1);
	else if (g->kind == GRID_VALUE_SPEED)
		snprintf(buf, size, "%s", c == 0 ? _("fast") : _("slow"));
	else
		snprintf(buf, size, "%s", g->abc.xyz[c] != NULL ? g->abc.xyz[c] : _("no class"));
}

/* A name for the cell as a segment: "R5 F4", "A Z", "champions",
 * "high value, fast". */
static void
cell_name(const struct gridv *g, char *buf, size_t size)
{
	char a[32], b[32];

	if (g->kind == GRID_RFM && g->named) {
		snprintf(buf, size, "%s", g->rfm.name[g->seg]);
		return;
	}
	if (g->kind == GRID_RFM) {
		snprintf(buf, size, "R%d F%d", 5 - g->row, g->col + 1);
		return;
	}
	row_label(g, g->row, a, sizeof a);
	col_label(g, g->col, b, sizeof b);
	if (g->kind == GRID_VALUE_SPEED) {
		snprintf(buf, size, "%s, %s", a, b);
		return;
	}
	snprintf(buf, size, "ABC %s, XYZ %s", a, b);
}

/* The cell under the cursor (a named segment in that view). */
static const struct analysis_cell *
current(const struct gridv *g)
{
	if (g->kind == GRID_RFM && g->named)
		return &g->rfm.named[g->seg];
	return cell_at(g, g->row, g->col);
}

static unsigned compute(struct gridv *g);
static void gv_free(void *ctx);
static const struct screen_ops rfm_ops, abc_ops, vs_ops;

/* --- drawing ---------------------------------------------------------------------- */

const char *
analysis_money(const struct tui *t, long long cents, char *buf, size_t size)
{
	char whole[64];
	long long a = cents < 0 ? -cents : cents;

	int n;

	tui_group(t, a / 100, whole, sizeof whole);
	n = snprintf(buf, size, "%s%s", cents < 0 ? "-" : "", whole);
	if (n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, ".%02lld", a % 100);
	return buf;
}

/* The shade level of count among cells whose largest is max: 0 for none,
 * 1 .. 4 by quarters of max. */
static int
level(long long count, long long max)
{
	if (count <= 0 || max <= 0)
		return 0;
	return 1 + (int)((count * 4 - 1) / max);
}

static void
draw_cell(struct gridv *g, int r, int c, int y, int x, int w, int h, long long max)
{
	const struct analysis_cell *a = cell_at(g, r, c);
	int lv = level(a->count, max);
	bool cur = r == g->row && c == g->col;
	char num[64], pct[32], line[128];
	const char *fill = theme_colour() ? " " : theme_shade(lv);

	attrset(lv > 0 ? theme_attr(ROLE_HEAT1 + lv - 1) : theme_attr(ROLE_NORMAL));
	for (int i = 0; i < h; i++)
		for (int j = 0; j < w; j++)
			mvaddstr(y + i, x + j, fill);
	tui_group(g->t, a->count, num, sizeof num);
	snprintf(pct, sizeof pct, "%.1f%%", analysis_share(a->count, grid_total(g)));
	if (cur)
		attrset(A_REVERSE | A_BOLD);
	if (h == 1) {
		snprintf(line, sizeof line, " %s %s ", num, pct);
		tui_put(y, x + (w > text_width(line) ? w - text_width(line) : 0), w, line, false);
	} else {
		snprintf(line, sizeof line, " %s ", num);
		tui_put(y, x + (w > text_width(line) ? w - text_width(line) : 0), w, line, false);
		snprintf(line, sizeof line, " %s ", pct);
		tui_put(y + 1, x + (w > text_width(line) ? w - text_width(line) : 0), w, line, false);
	}
	attrset(theme_attr(ROLE_NORMAL));
}

/* The shades' legend and what the grid leaves out, under it. */
static void
draw_legend(struct gridv *g, int y, long long max)
{
	char line[256], n[64];
	int x = 1;

	if (g->kind == GRID_RFM) {
		tui_group(g->t, g->rfm.none.count, n, sizeof n);
		snprintf(line, sizeof line, _("Without a purchase: %s (%.1f%%, orders = 0)"), n,
		         analysis_share(g->rfm.none.count, g->rfm.total));
		tui_put(y++, 1, g->t->cols - 2, line, false);
	} else if (g->kind == GRID_VALUE_SPEED) {
		tui_group(g->t, g->vs.none.count, n, sizeof n);
		snprintf(line, sizeof line, _("No class (no purchase or no created_at): %s (%.1f%%, %s)"),
		         n, analysis_share(g->vs.none.count, g->vs.total), g->vs.none.rule);
		tui_put(y++, 1, g->t->cols - 2, line, false);
		if (g->vs.classed > 0) {
			analysis_money(g->t, llround(g->vs.median_spent * 100), n, sizeof n);
			snprintf(line, sizeof line,
			         _("Medians of the base: spent %s, days to the first order %g"), n,
			         g->vs.median_days);
			attrset(theme_attr(ROLE_DIM));
			tui_put(y++, 1, g->t->cols - 2, line, false);
			attrset(theme_attr(ROLE_NORMAL));
		}
	} else {
		long long no_abc = 0, no_xyz = 0;
		const char *what = NULL;

		for (int i = 0; i < XYZ_COLS; i++)
			no_abc += g->abc.cell[ABC_ROWS - 1][i].count;
		for (int i = 0; i < ABC_ROWS; i++)
			no_xyz += g->abc.cell[i][XYZ_COLS - 1].count;
		if (g->abc.total > 0 && no_abc == g->abc.total && no_xyz == g->abc.total)
			what = _("No customer here has an ABC or an XYZ class: the metrics compute them "
			         "from the orders.");
		else if (g->abc.total > 0 && no_xyz == g->abc.total)
			what = _("No customer here has an XYZ class: the metrics compute it from the "
			         "orders of several months.");
		else if (g->abc.total > 0 && no_abc == g->abc.total)
			what = _("No customer here has an ABC class: the metrics compute it from the "
			         "orders.");
		if (what != NULL) {
			attrset(theme_attr(ROLE_DIM));
			tui_put(y, 1, g->t->cols - 2, what, false);
			attrset(theme_attr(ROLE_NORMAL));
		}
		y++;
	}
	/* TRANSLATORS: the grids' legend: the four shades, then their meaning. */
	x += tui_put(y, x, g->t->cols - x, _("Scale:"), false) + 1;
	for (int lv = 1; lv <= 4; lv++) {
		long long hi = max * lv / 4;

		attrset(theme_attr(ROLE_HEAT1 + lv - 1));
		x += tui_put(y, x, 3, theme_colour() ? "   " : lv == 1   ? "░░░"
		                                              : lv == 2 ? "▒▒▒"
		                                              : lv == 3 ? "▓▓▓"
		                                                        : "███",
		             false);
		attrset(theme_attr(ROLE_NORMAL));
		tui_group(g->t, hi, n, sizeof n);
		snprintf(line, sizeof line, " ≤%s ", n);
		x += tui_put(y, x, g->t->cols - x, line, false);
	}
}

static void
draw_grid(struct gridv *g, int y, int h)
{
	int nr = grid_rows(g), nc = grid_cols(g), lw = 10, cw, ch;
	long long max = 0;
	char label[64];

	/* the row labels' column: "R=5", or "no class" in the user's words */
	for (int r = 0; r < nr; r++) {
		row_label(g, r, label, sizeof label);
		if (text_width(label) + 3 > lw)
			lw = text_width(label) + 3;
	}
	if (lw > 16)
		lw = 16;
	cw = (g->t->cols - lw - 1) / nc;
	if (cw > 18)
		cw = 18;
	/* the header, the rows, and three lines under them */
	ch = (h - 4) / nr;
	if (ch > 3)
		ch = 3;
	if (ch < 1)
		ch = 1;
	for (int r = 0; r < nr; r++)
		for (int c = 0; c < nc; c++)
			if (cell_at(g, r, c)->count > max)
				max = cell_at(g, r, c)->count;
	attrset(A_BOLD);
	for (int c = 0; c < nc; c++) {
		col_label(g, c, label, sizeof label);
		tui_put(y, lw + c * cw + (cw - 1 - text_width(label)) / 2, cw - 1, label, false);
	}
	attrset(theme_attr(ROLE_NORMAL));
	g->gy = y + 1, g->gx = lw, g->cw = cw, g->ch = ch;
	g->nrows_shown = 0;
	for (int r = 0; r < nr && 1 + (r + 1) * ch <= h; r++) {
		int ry = y + 1 + r * ch;

		row_label(g, r, label, sizeof label);
		attrset(A_BOLD);
		tui_put(ry, 1, lw - 2, label, false);
		attrset(theme_attr(ROLE_NORMAL));
		for (int c = 0; c < nc; c++)
			draw_cell(g, r, c, ry, lw + c * cw, cw - 1, ch > 1 && ch == 3 ? 2 : ch, max);
		g->nrows_shown++;
	}
	if (1 + nr * ch + 2 + (g->kind == GRID_VALUE_SPEED) <= h)
		draw_legend(g, y + 1 + nr * ch + 1, max);
}

static void
draw_named(struct gridv *g, int y, int h)
{
	int w = g->t->cols, cw[5] = {0, 11, 8, 16, 12}, x;
	const char *head[5] = {_("Segment"), _("Customers"), _("Share"), _("Revenue"),
	                       _("Avg check")};
	char cell[5][64];

	cw[0] = w - 2 - cw[1] - cw[2] - cw[3] - cw[4];
	if (cw[0] < 12)
		cw[0] = 12;
	attrset(A_BOLD);
	x = 1;
	for (int i = 0; i < 5; i++) {
		if (i == 0)
			tui_put(y, x, cw[0], head[i], false);
		else
			tui_put(y, x + cw[i] - text_width(head[i]), cw[i], head[i], false);
		x += cw[i];
	}
	attrset(theme_attr(ROLE_NORMAL));
	if (h - 1 < 1)
		return;
	if (g->seg < g->segtop)
		g->segtop = g->seg;
	if (g->seg >= g->segtop + h - 1)
		g->segtop = g->seg - (h - 2);
	for (int r = 0; r < h - 1 && g->segtop + r < RFM_NAMED; r++) {
		int i = g->segtop + r;
		const struct analysis_cell *a = &g->rfm.named[i];
		long long avg = analysis_avg_check(a);

		snprintf(cell[0], sizeof cell[0], "%s", g->rfm.name[i]);
		tui_group(g->t, a->count, cell[1], sizeof cell[1]);
		snprintf(cell[2], sizeof cell[2], "%.1f%%", analysis_share(a->count, g->rfm.total));
		analysis_money(g->t, a->revenue_cents, cell[3], sizeof cell[3]);
		if (avg < 0)
			snprintf(cell[4], sizeof cell[4], "—");
		else
			analysis_money(g->t, avg, cell[4], sizeof cell[4]);
		attrset(i == g->seg ? theme_attr(ROLE_CURSOR) : theme_attr(ROLE_NORMAL));
		mvhline(y + 1 + r, 0, ' ', w);
		x = 1;
		for (int c = 0; c < 5; c++) {
			if (c == 0)
				tui_put(y + 1 + r, x, cw[0] - 1, cell[0], false);
			else
				tui_put(y + 1 + r, x + cw[c] - text_width(cell[c]), cw[c], cell[c], false);
			x += cw[c];
		}
		attrset(theme_attr(ROLE_NORMAL));
	}
}

static void
gv_draw(struct tui *t, void *ctx, int y, int h)
{
	struct gridv *g = ctx;

	(void)t;
	if (!g->computed) {
		attrset(theme_attr(ROLE_DIM));
		tui_put(y + 1, 1, t->cols - 2, _("No figures: c computes them again."), false);
		attrset(theme_attr(ROLE_NORMAL));
		return;
	}
	if (g->kind == GRID_RFM && g->named)
		draw_named(g, y + 1, h - 1);
	else
		draw_grid(g, y + 1, h - 1);
}

static void
gv_status(struct tui *t, void *ctx, int y)
{
	struct gridv *g = ctx;
	const struct analysis_cell *a = current(g);
	char line[512], n[64];

	if (!g->computed)
		return;
	tui_group(t, a->count, n, sizeof n);
	/* TRANSLATORS: the grids' status line: the cell's customers, its
	 * rule, and what Enter and a do. */
	snprintf(line, sizeof line, _(" %s customers │ %s │ Enter lists them, a adds a segment"), n,
	         a->rule);
	attrset(theme_attr(ROLE_STATUS));
	tui_put(y, 0, t->cols, line, true);
	attrset(theme_attr(ROLE_NORMAL));
}

static const char *
gv_subtitle(void *ctx)
{
	struct gridv *g = ctx;

	return *g->path != '\0' ? g->path : _("All customers");
}

/* --- keys -------------------------------------------------------------------------- */

static unsigned
add_done(struct tui *t, const char *name)
{
	struct err e = {0};
	char *path = NULL;
	unsigned r;

	if (add_parent == NULL || add_rule == NULL || *name == '\0')
		r = R_REDRAW;
	else if (asprintf(&path, "%s%s%s", add_parent, *add_parent != '\0' ? "/" : "", name) < 0)
		r = R_NONE, path = NULL;
	else if (segment_add(t->db, path, add_rule, NULL, &e) != 0)
		r = tui_error(t, &e);
	else {
		tui_message(t, false, _("Added \"%s\": %s (u on the tree undoes it)."), path, add_rule);
		r = R_RELOAD | R_RECOUNT | R_REDRAW;
	}
	free(path);
	free(add_parent);
	free(add_rule);
	add_parent = add_rule = NULL;
	return r;
}

static unsigned
add_cell(struct tui *t, struct gridv *g)
{
	char label[600], name[160];

	free(add_parent);
	free(add_rule);
	add_parent = strdup(g->path);
	add_rule = strdup(current(g)->rule);
	if (add_parent == NULL || add_rule == NULL)
		return R_NONE;
	cell_name(g, name, sizeof name);
	snprintf(label, sizeof label, _("Name of the new segment under \"%s\":"), gv_subtitle(g));
	prompt_open(&t->prompt, label, name, add_done);
	return R_REDRAW;
}

static unsigned
open_cell(struct tui *t, struct gridv *g)
{
	char sub[600];

	snprintf(sub, sizeof sub, "%s: %s", gv_subtitle(g), current(g)->rule);
	return custlist_open(t, *g->path != '\0' ? g->path : NULL, current(g)->rule, sub);
}

enum { GV_OPEN = 1, GV_ADD, GV_VIEW, GV_LEFT, GV_RIGHT, GV_RECOUNT };

/* The grids' keys: the ABC×XYZ and value × speed grids take the first
 * GV_NKEYS_PLAIN (up to c), the RFM grid all of them (v and Tab for its
 * named segments too). */
#define GV_NKEYS_PLAIN 10
static const struct screen_key grid_keys[] = {
	{KEY_FN(KEY_LEFT), "←", GV_LEFT, N_("the cell on the left")},
	{KEY_CH('h'), "h", GV_LEFT, NULL},
	{KEY_FN(KEY_RIGHT), "→", GV_RIGHT, N_("the cell on the right")},
	{KEY_CH('l'), "l", GV_RIGHT, NULL},
	{KEY_CH('\n'), "Enter", GV_OPEN, N_("the cell's customers, as a list")},
	{KEY_CH('\r'), NULL, GV_OPEN, NULL},
	{KEY_FN(KEY_ENTER), NULL, GV_OPEN, NULL},
	{KEY_CH('a'), "a", GV_ADD,
	 N_("add the cell to the tree, under the segment (asks for a name)")},
	{KEY_FN(KEY_F(7)), "F7", GV_ADD, NULL},
	{KEY_CH('c'), "c", GV_RECOUNT, N_("compute again")},
	{KEY_CH('v'), "v", GV_VIEW, N_("switch between the grid and the named segments")},
	{KEY_CH('\t'), "Tab", GV_VIEW, NULL},
};
#define GV_NKEYS (sizeof grid_keys / sizeof grid_keys[0])

static unsigned
gv_key(struct tui *t, void *ctx, struct key k)
{
	struct gridv *g = ctx;
	int act = keys_find(grid_keys, g->kind == GRID_RFM ? GV_NKEYS : GV_NKEYS_PLAIN, k);

	if (act == GV_RECOUNT)
		return compute(g);
	if (!g->computed || act == 0)
		return R_NONE;
	switch (act) {
	case GV_OPEN:
		return open_cell(t, g);
	case GV_ADD:
		return add_cell(t, g);
	case GV_VIEW:
		g->named = !g->named;
		return R_REDRAW;
	case GV_LEFT:
		if (g->named || g->col == 0)
			return R_NONE;
		g->col--;
		return R_REDRAW;
	case GV_RIGHT:
		if (g->named || g->col + 1 >= grid_cols(g))
			return R_NONE;
		g->col++;
		return R_REDRAW;
	}
	return R_NONE;
}

static unsigned
gv_move(struct tui *t, void *ctx, enum op op)
{
	struct gridv *g = ctx;
	int *cur = g->named ? &g->seg : &g->row;
	int n = g->named ? RFM_NAMED : grid_rows(g), was = *cur;

	(void)t;
	switch (op) {
	case OP_UP:
		*cur -= *cur > 0;
		break;
	case OP_DOWN:
		*cur += *cur + 1 < n;
		break;
	case OP_PGUP:
	case OP_HOME:
		*cur = 0;
		break;
	case OP_PGDN:
	case OP_END:
		*cur = n - 1;
		break;
	default:
		break;
	}
	return *cur != was ? R_REDRAW : R_NONE;
}

static unsigned
gv_mouse(struct tui *t, void *ctx, int y, int x, bool click, int wheel)
{
	struct gridv *g = ctx;
	int r, c;

	(void)t;
	if (wheel != 0)
		return gv_move(t, ctx, wheel < 0 ? OP_UP : OP_DOWN);
	if (!click || g->named || g->cw <= 0 || g->ch <= 0 || y < g->gy || x < g->gx)
		return R_NONE;
	r = (y - g->gy) / g->ch;
	c = (x - g->gx) / g->cw;
	if (r >= g->nrows_shown || c >= grid_cols(g))
		return R_NONE;
	g->row = r, g->col = c;
	return R_REDRAW;
}

static unsigned
gv_changed(struct tui *t, void *ctx)
{
	(void)t;
	return compute(ctx);
}

static void
gv_free(void *ctx)
{
	struct gridv *g = ctx;

	if (g == NULL)
		return;
	free(g->path);
	free(g);
}

/* The grids' screens differ in their title and how many keys alone. */
#define GRID_OPS(title_, nkeys_)                                                                 \
	{                                                                                       \
		.title = title_, .subtitle = gv_subtitle, .draw = gv_draw, .status = gv_status,   \
		.key = gv_key, .cursor = gv_move, .mouse = gv_mouse, .free = gv_free,             \
		.keys = grid_keys, .nkeys = nkeys_, .changed = gv_changed,                        \
	}

/* TRANSLATORS: the RFM grid screen's title. */
static const struct screen_ops rfm_ops = GRID_OPS(N_("RFM"), GV_NKEYS);
/* TRANSLATORS: the value × speed grid screen's title. */
static const struct screen_ops vs_ops = GRID_OPS(N_("Value × speed"), GV_NKEYS_PLAIN);
/* TRANSLATORS: the ABC×XYZ grid screen's title. */
static const struct screen_ops abc_ops = GRID_OPS(N_("ABC×XYZ"), GV_NKEYS_PLAIN);

/* --- the figures, off the key path -------------------------------------------- */

static int
grid_job(struct db *db, void *ctx, struct err *e)
{
	struct gridv *g = ctx;

	if (g->kind == GRID_RFM)
		return analysis_rfm(db, g->path, &g->rfm_next, e);
	if (g->kind == GRID_VALUE_SPEED)
		return analysis_value_speed(db, g->path, &g->vs_next, e);
	return analysis_abc(db, g->path, &g->abc_next, e);
}

static unsigned
grid_done(struct tui *t, void *ctx, int rc, const struct err *e, bool cancelled)
{
	struct gridv *g = ctx;
	struct err pe = {0};

	if (e == NULL) { /* the interface is closing */
		if (!g->pushed)
			gv_free(g);
		return R_NONE;
	}
	if (rc == 0 && !cancelled) {
		if (g->kind == GRID_RFM)
			g->rfm = g->rfm_next;
		else if (g->kind == GRID_VALUE_SPEED)
			g->vs = g->vs_next;
		else
			g->abc = g->abc_next;
		g->computed = true;
	} else if (!cancelled) {
		tui_error(t, e);
	} else {
		tui_message(t, false, "%s", _("Cancelled: nothing was computed."));
	}
	if (g->pushed)
		return R_REDRAW;
	if (!g->computed) {
		gv_free(g);
		return R_REDRAW;
	}
	g->pushed = true;
	if (screen_push(t,
	                g->kind == GRID_RFM           ? &rfm_ops
	                : g->kind == GRID_VALUE_SPEED ? &vs_ops
	                                              : &abc_ops,
	                g, &pe) != 0)
		return tui_error(t, &pe);
	return R_REDRAW;
}

/* Starts the job; a grid not yet on the screen is freed when it cannot. */
static unsigned
compute(struct gridv *g)
{
	struct err e = {0};
	struct tui *t = g->t;

	const char *what = g->kind == GRID_RFM ? _("Computing the RFM grid")
	                   : g->kind == GRID_VALUE_SPEED ? _("Computing the value × speed grid")
	                                                 : _("Computing the ABC×XYZ grid");

	if (analysis_run(t, what, grid_job, g, grid_done, &e) != 0) {
		if (!g->pushed)
			gv_free(g);
		return tui_error(t, &e);
	}
	return R_REDRAW;
}

unsigned
grid_open(struct tui *t, enum grid_kind kind)
{
	const struct segment *s = tree_selected(t);
	struct gridv *g = calloc(1, sizeof *g);

	if (g == NULL || (g->path = strdup(s != NULL ? s->path : "")) == NULL) {
		free(g);
		tui_message(t, true, "%s", _("out of memory"));
		return R_REDRAW;
	}
	g->t = t;
	g->kind = kind;
	return compute(g);
}
