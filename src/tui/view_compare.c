/* The compare screen: the segments marked on the tree with Space (2 to
 * COMPARE_MAX), side by side as `clientele compare` shows them (the table
 * of segment characteristics): size, share, gender, median age, top
 * cities, orders, average check, revenue, consent, activity and the RFM
 * mix. ↑ ↓ move among the rows, ← → among the segments (the columns
 * scroll when they do not fit); Enter opens the figure under the cursor as
 * a customer list: its segment's members that the row's rule selects (a
 * row that is a sum or a median, its whole segment). Computed when the
 * screen opens and on c, synchronously, as the grids (view_grid.c). */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "i18n.h"
#include "private.h"
#include "rule/terms.h"
#include "text/text.h"

enum row {
	ROW_SIZE, ROW_SHARE, ROW_FEMALE, ROW_MALE, ROW_GENDER_OTHER, ROW_AGE, ROW_CITY1, ROW_CITY2,
	ROW_CITY3, ROW_ORDERS, ROW_AVG, ROW_REVENUE, ROW_CONSENT, ROW_ACTIVE, ROW_RFM,
	ROW_RFM_NONE = ROW_RFM + RFM_NAMED, NROWS
};

/* the rows before ROW_RFM are compare_rows, in its order */
_Static_assert(ROW_RFM == COMPARE_FIXED, "the compare rows of the core and the screen");

struct cmpv {
	struct tui *t;
	char *paths[COMPARE_MAX];
	size_t n;
	struct compare c;
	struct compare next;   /* the job's, taken when it ends */
	bool computed;
	bool pushed;           /* on the screen stack: the stack frees it */
	int row, col;          /* the cursor */
	int top, left;         /* the first row and column shown */
	int page;              /* rows last shown */
	int y0;                /* the screen line of the first row shown */
};

static void
row_label(const struct cmpv *v, int r, char *buf, size_t size)
{
	if (r < ROW_RFM)
		snprintf(buf, size, "%s", _(compare_rows[r].label));
	else if (r < ROW_RFM_NONE)
		snprintf(buf, size, "RFM %s", v->c.rfm_name[r - ROW_RFM]);
	else
		snprintf(buf, size, "%s", _("RFM: none"));
}

static void
part(const struct tui *t, long long n, long long of, char *buf, size_t size)
{
	char a[64];

	tui_group(t, n, a, sizeof a);
	snprintf(buf, size, "%s (%.1f%%)", a, analysis_share(n, of));
}

/* Column i's figure on row r, in buf. */
static void
cell_text(const struct cmpv *v, int r, size_t i, char *buf, size_t size)
{
	const struct compare_col *c = &v->c.col[i];
	const struct tui *t = v->t;
	long long avg;

	buf[0] = '\0';
	switch (r) {
	case ROW_SIZE:
		tui_group(t, c->size, buf, size);
		break;
	case ROW_SHARE:
		snprintf(buf, size, "%.1f%%", analysis_share(c->size, v->c.base));
		break;
	case ROW_FEMALE:
		part(t, c->female, c->size, buf, size);
		break;
	case ROW_MALE:
		part(t, c->male, c->size, buf, size);
		break;
	case ROW_GENDER_OTHER:
		part(t, c->gender_unknown, c->size, buf, size);
		break;
	case ROW_AGE:
		if (c->aged > 0)
			snprintf(buf, size, "%.1f", c->median_age);
		else
			snprintf(buf, size, "—");
		break;
	case ROW_CITY1:
	case ROW_CITY2:
	case ROW_CITY3:
		if ((size_t)(r - ROW_CITY1) < c->ncities) {
			char a[64];

			tui_group(t, c->city[r - ROW_CITY1].count, a, sizeof a);
			snprintf(buf, size, "%s %s", c->city[r - ROW_CITY1].city, a);
		} else {
			snprintf(buf, size, "—");
		}
		break;
	case ROW_ORDERS:
		tui_group(t, c->orders, buf, size);
		break;
	case ROW_AVG:
		avg = c->orders > 0 ? analysis_avg_check(&(struct analysis_cell){
		                          .orders = c->orders, .revenue_cents = c->revenue_cents})
		                    : -1;
		if (avg < 0)
			snprintf(buf, size, "—");
		else
			analysis_money(t, avg, buf, size);
		break;
	case ROW_REVENUE:
		analysis_money(t, c->revenue_cents, buf, size);
		break;
	case ROW_CONSENT:
		part(t, c->consent, c->size, buf, size);
		break;
	case ROW_ACTIVE:
		part(t, c->active, c->size, buf, size);
		break;
	case ROW_RFM_NONE:
		part(t, c->rfm_none, c->size, buf, size);
		break;
	default:
		part(t, c->rfm[r - ROW_RFM], c->size, buf, size);
		break;
	}
}

/* The rule of row r within column i's segment, malloc'd; NULL for a row
 * that has none of its own (a sum, a median, the rest). */
static char *
row_rule(const struct cmpv *v, int r, size_t i)
{
	const struct compare_col *c = &v->c.col[i];
	struct err e = {0};
	char *out = NULL;

	switch (r) {
	case ROW_FEMALE:
		return strdup("gender = F");
	case ROW_MALE:
		return strdup("gender = M");
	case ROW_CONSENT:
		return strdup("email_consent = yes");
	case ROW_ACTIVE:
		return strdup(v->c.active_rule);
	case ROW_CITY1:
	case ROW_CITY2:
	case ROW_CITY3:
		if ((size_t)(r - ROW_CITY1) >= c->ncities)
			return NULL;
		if (rule_cond_join("city", "=", c->city[r - ROW_CITY1].city, &out, &e) != 0) {
			free(out);
			return NULL;
		}
		return out;
	default:
		if (r >= ROW_RFM && r < ROW_RFM_NONE && asprintf(&out, "rfm = %s",
		                                                 v->c.rfm_name[r - ROW_RFM]) >= 0)
			return out;
		return NULL;
	}
}

static unsigned compute(struct cmpv *v);

/* --- drawing ----------------------------------------------------------------------- */

#define LABEL_W 26

static int
col_width(const struct cmpv *v, int *shown)
{
	int cw = (v->t->cols - LABEL_W) / (int)v->n;

	if (cw < 16)
		cw = 16;
	if (cw > 28)
		cw = 28;
	*shown = (v->t->cols - LABEL_W) / cw;
	if (*shown < 1)
		*shown = 1;
	return cw;
}

static void
cv_draw(struct tui *t, void *ctx, int y, int h)
{
	struct cmpv *v = ctx;
	int shown, cw = col_width(v, &shown);
	char buf[256];

	if (!v->computed) {
		attrset(theme_attr(ROLE_DIM));
		tui_put(y + 1, 1, t->cols - 2, _("No figures: c computes them again."), false);
		attrset(theme_attr(ROLE_NORMAL));
		return;
	}
	if (v->col < v->left)
		v->left = v->col;
	if (v->col >= v->left + shown)
		v->left = v->col - shown + 1;
	v->page = h - 2;
	if (v->page < 1)
		v->page = 1;
	if (v->row < v->top)
		v->top = v->row;
	if (v->row >= v->top + v->page)
		v->top = v->row - v->page + 1;
	v->y0 = y + 2;
	attrset(A_BOLD);
	tui_put(y + 1, 1, LABEL_W - 2, v->left > 0 ? "◂" : "", false);
	for (int j = 0; j < shown && v->left + j < (int)v->n; j++) {
		const char *p = v->c.col[v->left + j].path;
		int tw;

		p = *p != '\0' ? p : _("All customers");
		tw = text_width(p);
		tui_put_tail(y + 1, LABEL_W + j * cw + (tw < cw - 1 ? cw - 1 - tw : 0), cw - 1, p,
		             false);
	}
	if (v->left + shown < (int)v->n)
		tui_put(y + 1, t->cols - 1, 1, "▸", false);
	attrset(theme_attr(ROLE_NORMAL));
	for (int i = 0; i < v->page && v->top + i < NROWS; i++) {
		int r = v->top + i, ry = y + 2 + i;

		row_label(v, r, buf, sizeof buf);
		tui_put(ry, 1, LABEL_W - 2, buf, false);
		for (int j = 0; j < shown && v->left + j < (int)v->n; j++) {
			size_t c = (size_t)(v->left + j);
			int x = LABEL_W + j * cw, tw;

			cell_text(v, r, c, buf, sizeof buf);
			tw = text_width(buf);
			if (r == v->row && (int)c == v->col)
				attrset(theme_attr(ROLE_CURSOR));
			mvhline(ry, x, ' ', cw - 1);
			tui_put(ry, x + (tw < cw - 1 ? cw - 1 - tw : 0), cw - 1, buf, false);
			attrset(theme_attr(ROLE_NORMAL));
		}
	}
}

static void
cv_status(struct tui *t, void *ctx, int y)
{
	struct cmpv *v = ctx;
	char line[512], *rule;

	if (!v->computed)
		return;
	rule = row_rule(v, v->row, (size_t)v->col);
	/* TRANSLATORS: the compare screen's status line: the rule of the
	 * figure under the cursor (or "its members"), and what Enter does. */
	snprintf(line, sizeof line, _(" %s │ %s │ Enter lists them"),
	         *v->c.col[v->col].path != '\0' ? v->c.col[v->col].path : _("All customers"),
	         rule != NULL ? rule : _("its members"));
	free(rule);
	attrset(theme_attr(ROLE_STATUS));
	tui_put(y, 0, t->cols, line, true);
	attrset(theme_attr(ROLE_NORMAL));
}

/* --- keys ---------------------------------------------------------------------------- */

enum { CV_OPEN = 1, CV_LEFT, CV_RIGHT, CV_RECOUNT };

static const struct screen_key cv_keys[] = {
	{KEY_FN(KEY_LEFT), "←", CV_LEFT, N_("the segment on the left")},
	{KEY_CH('h'), "h", CV_LEFT, NULL},
	{KEY_FN(KEY_RIGHT), "→", CV_RIGHT, N_("the segment on the right")},
	{KEY_CH('l'), "l", CV_RIGHT, NULL},
	{KEY_CH('\n'), "Enter", CV_OPEN, N_("the figure's customers, as a list")},
	{KEY_CH('\r'), NULL, CV_OPEN, NULL},
	{KEY_FN(KEY_ENTER), NULL, CV_OPEN, NULL},
	{KEY_CH('c'), "c", CV_RECOUNT, N_("compute again")},
};

static unsigned
open_cell(struct tui *t, struct cmpv *v)
{
	const char *p = v->c.col[v->col].path;
	char *rule = row_rule(v, v->row, (size_t)v->col), sub[600];
	unsigned r;

	snprintf(sub, sizeof sub, "%s%s%s", *p != '\0' ? p : _("All customers"),
	         rule != NULL ? ": " : "", rule != NULL ? rule : "");
	r = custlist_open(t, *p != '\0' ? p : NULL, rule, sub);
	free(rule);
	return r;
}

static unsigned
cv_key(struct tui *t, void *ctx, struct key k)
{
	struct cmpv *v = ctx;
	int act = keys_find(cv_keys, sizeof cv_keys / sizeof cv_keys[0], k);

	if (act == CV_RECOUNT)
		return compute(v);
	if (!v->computed)
		return R_NONE;
	switch (act) {
	case CV_OPEN:
		return open_cell(t, v);
	case CV_LEFT:
		if (v->col == 0)
			return R_NONE;
		v->col--;
		return R_REDRAW;
	case CV_RIGHT:
		if (v->col + 1 >= (int)v->n)
			return R_NONE;
		v->col++;
		return R_REDRAW;
	}
	return R_NONE;
}

static unsigned
cv_move(struct tui *t, void *ctx, enum op op)
{
	struct cmpv *v = ctx;
	int was = v->row;

	(void)t;
	switch (op) {
	case OP_UP:
		v->row -= v->row > 0;
		break;
	case OP_DOWN:
		v->row += v->row + 1 < NROWS;
		break;
	case OP_PGUP:
		v->row = v->row > v->page ? v->row - v->page : 0;
		break;
	case OP_PGDN:
		v->row = v->row + v->page < NROWS ? v->row + v->page : NROWS - 1;
		break;
	case OP_HOME:
		v->row = 0;
		break;
	case OP_END:
		v->row = NROWS - 1;
		break;
	default:
		break;
	}
	return v->row != was ? R_REDRAW : R_NONE;
}

/* A click on a figure selects it; the wheel scrolls. */
static unsigned
cv_mouse(struct tui *t, void *ctx, int y, int x, bool click, int wheel)
{
	struct cmpv *v = ctx;
	int shown, cw = col_width(v, &shown), r = v->top + (y - v->y0), c;

	if (wheel != 0)
		return cv_move(t, ctx, wheel < 0 ? OP_UP : OP_DOWN);
	if (!click || !v->computed || y < v->y0 || y >= v->y0 + v->page || r >= NROWS ||
	    x < LABEL_W)
		return R_NONE;
	c = v->left + (x - LABEL_W) / cw;
	if (c >= (int)v->n)
		return R_NONE;
	v->row = r, v->col = c;
	return R_REDRAW;
}

static unsigned
cv_changed(struct tui *t, void *ctx)
{
	(void)t;
	return compute(ctx);
}

static void
cv_free(void *ctx)
{
	struct cmpv *v = ctx;

	if (v == NULL)
		return;
	compare_free(&v->c);
	compare_free(&v->next);
	for (size_t i = 0; i < v->n; i++)
		free(v->paths[i]);
	free(v);
}

static const struct screen_ops cv_ops = {
	/* TRANSLATORS: the compare screen's title. */
	.title = N_("Compare"),
	.draw = cv_draw,
	.status = cv_status,
	.key = cv_key,
	.cursor = cv_move,
	.mouse = cv_mouse,
	.free = cv_free,
	.keys = cv_keys,
	.nkeys = sizeof cv_keys / sizeof cv_keys[0],
	.changed = cv_changed,
};

/* --- the figures, off the key path -------------------------------------------- */

static int
cmp_job(struct db *db, void *ctx, struct err *e)
{
	struct cmpv *v = ctx;

	return analysis_compare(db, (const char *const *)v->paths, v->n, 0, &v->next, e);
}

static unsigned
cmp_done(struct tui *t, void *ctx, int rc, const struct err *e, bool cancelled)
{
	struct cmpv *v = ctx;
	struct err pe = {0};

	if (e == NULL) { /* the interface is closing */
		if (!v->pushed)
			cv_free(v);
		return R_NONE;
	}
	if (rc == 0 && !cancelled) {
		compare_free(&v->c);
		v->c = v->next;
		memset(&v->next, 0, sizeof v->next);
		v->computed = true;
	} else {
		compare_free(&v->next);
		if (!cancelled)
			tui_error(t, e);
		else
			tui_message(t, false, "%s", _("Cancelled: nothing was computed."));
	}
	if (v->pushed)
		return R_REDRAW;
	if (!v->computed) {
		cv_free(v);
		return R_REDRAW;
	}
	v->pushed = true;
	if (screen_push(t, &cv_ops, v, &pe) != 0)
		return tui_error(t, &pe);
	return R_REDRAW;
}

static unsigned
compute(struct cmpv *v)
{
	struct err e = {0};
	struct tui *t = v->t;

	if (analysis_run(t, _("Comparing the segments"), cmp_job, v, cmp_done, &e) != 0) {
		if (!v->pushed)
			cv_free(v);
		return tui_error(t, &e);
	}
	return R_REDRAW;
}

unsigned
compare_open(struct tui *t)
{
	const char *paths[COMPARE_MAX];
	size_t n = tree_marked(t, paths, COMPARE_MAX);
	struct cmpv *v;

	if (n < 2 || n > COMPARE_MAX) {
		tui_message(t, true,
		            P_("%zu segment marked: mark 2 to %d with Space on the tree, then C.",
		               "%zu segments marked: mark 2 to %d with Space on the tree, then C.", n),
		            n, COMPARE_MAX);
		return R_REDRAW;
	}
	if ((v = calloc(1, sizeof *v)) == NULL)
		return R_NONE;
	v->t = t;
	for (size_t i = 0; i < n; i++)
		if ((v->paths[v->n++] = strdup(paths[i])) == NULL) {
			cv_free(v);
			tui_message(t, true, "%s", _("out of memory"));
			return R_REDRAW;
		}
	return compute(v);
}
