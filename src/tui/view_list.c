/* The customer list: the members of a segment (or of a rule within it, a
 * tag's customers), on a screen of its own (screen.c). Only the rows on
 * the screen are read, into a window of rows around the cursor. Whatever
 * scans the whole list runs in the counter, never on the key path: the
 * total, the list's order as ids (after which a page anywhere is read by
 * ids, and a row's index is its place), the search's matches, marking by
 * rule. Until the order comes, pages are read by keyset in import order
 * (query_list.h), which costs a page's rows alone. Sorting by the column
 * under the cursor, a search on name, email and phone with n/N, and marks
 * (a set of customer ids). */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counter.h"
#include "i18n.h"
#include "private.h"
#include "view_list.h"
#include "text/text.h"
#include "util/strbuf.h"

/* Rows read at a time, by keyset or by ids: either costs its rows alone
 * (a keyset page in another order than import order costs a pass, but is
 * read only when the list is narrowed to its marks, a few rows). */
#define PAGE 100
#define WINDOW 2000  /* rows kept around the cursor */


enum {
	ACT_NONE, ACT_LEFT, ACT_RIGHT,
	ACT_SORT, ACT_SORT_DESC, ACT_SEARCH, ACT_NEXT, ACT_PREV, ACT_MARK, ACT_UNMARK_ALL,
	ACT_MARK_RULE, ACT_TAG, ACT_UNTAG, ACT_UNDO, ACT_NARROW, ACT_COLS, ACT_PREFIX, ACT_CARD, ACT_EXPORT
};

static const struct screen_key list_keys[] = {
	{KEY_FN(KEY_LEFT), "←", ACT_LEFT, N_("the column on the left")},
	{KEY_CH('h'), "h", ACT_LEFT, NULL},
	{KEY_FN(KEY_RIGHT), "→", ACT_RIGHT, N_("the column on the right")},
	{KEY_CH('l'), "l", ACT_RIGHT, NULL},
	{KEY_CH('s'), "s", ACT_SORT, N_("sort by the column, ascending")},
	{KEY_CH('S'), "S", ACT_SORT_DESC, N_("sort by the column, descending")},
	{KEY_CH('/'), "/", ACT_SEARCH, N_("search in name, email and phone")},
	{KEY_CH('n'), "n", ACT_NEXT, N_("the next match")},
	{KEY_CH('N'), "N", ACT_PREV, N_("the previous match")},
	{KEY_CH(' '), "Space", ACT_MARK, N_("mark or unmark the customer, and go down")},
	{KEY_CH('M'), "M", ACT_UNMARK_ALL, N_("clear the marks")},
	{KEY_CH('m'), "m", ACT_MARK_RULE, N_("mark the customers matching a rule")},
	{KEY_CH('t'), "t", ACT_TAG, N_("put a tag on the marked customers (or this one)")},
	{KEY_CH('T'), "T", ACT_UNTAG, N_("take a tag off the marked customers (or this one)")},
	{KEY_CH('|'), "|", ACT_NARROW, N_("only the marked customers, or all of them again")},
	{KEY_CH(';'), ";", ACT_PREFIX, N_("the next key (t, T or |) acts on the marked customers")},
	{KEY_CH('c'), "c", ACT_COLS, N_("add a field as a column, or take its column out")},
	{KEY_CH('u'), "u", ACT_UNDO, N_("undo the last edit")},
	{KEY_CH('\n'), "Enter", ACT_CARD, N_("the customer's card")},
	{KEY_CH('\r'), NULL, ACT_CARD, NULL},
	{KEY_FN(KEY_ENTER), NULL, ACT_CARD, NULL},
	{KEY_CH('E'), "E", ACT_EXPORT, N_("export the list's customers to a file (the export dialog)")},
};

/* --- the window of rows ------------------------------------------------------ */

static size_t
page(const struct custlist *c)
{
	(void)c;
	return PAGE;
}

void
custlist_window_clear(struct custlist *c)
{
	for (size_t i = 0; i < c->n; i++) {
		for (size_t j = 0; j < c->q.ncols; j++)
			free(c->rows[i].v[j]);
		free(c->rows[i].v);
		list_key_free(&c->rows[i].key);
	}
	free(c->rows);
	c->rows = NULL;
	c->n = 0;
	c->end_seen = false;
}

/* Drops rows [from, to) of the window. */
static void
window_drop(struct custlist *c, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		for (size_t j = 0; j < c->q.ncols; j++)
			free(c->rows[i].v[j]);
		free(c->rows[i].v);
		list_key_free(&c->rows[i].key);
	}
	memmove(c->rows + from, c->rows + to, (c->n - to) * sizeof *c->rows);
	c->n -= to - from;
}

/* Adds page p at the end (dir > 0) or the start of the window; p's rows
 * are the window's then. */
static int
window_add(struct custlist *c, struct list_page *p, int dir)
{
	struct list_row *nv = realloc(c->rows, (c->n + p->n + 1) * sizeof *nv);

	if (nv == NULL)
		return -1;
	c->rows = nv;
	if (dir > 0) {
		memcpy(c->rows + c->n, p->rows, p->n * sizeof *p->rows);
	} else {
		memmove(c->rows + p->n, c->rows, c->n * sizeof *c->rows);
		memcpy(c->rows, p->rows, p->n * sizeof *p->rows);
		c->first -= (long long)p->n;
	}
	c->n += p->n;
	free(p->rows);
	memset(p, 0, sizeof *p);
	return 0;
}

/* Reads rows until the window holds [lo, hi) (or the list ends), then
 * drops what lies far from it. */
static int
window_cover(struct tui *t, struct custlist *c, long long lo, long long hi, struct err *e)
{
	struct list_page p;

	if (c->ordered) {
		long long from, to;

		if (c->n > 0 && lo >= c->first && hi <= c->first + (long long)c->n)
			return 0;
		/* a slice of the order around [lo, hi), read anew */
		from = lo - PAGE > 0 ? lo - PAGE : 0;
		to = hi + PAGE < (long long)c->norder ? hi + PAGE : (long long)c->norder;
		custlist_window_clear(c);
		c->first = from;
		if (to <= from) {
			c->end_seen = true;
			return 0;
		}
		if (list_fetch_ids(t->db, &c->q, c->order + from, (size_t)(to - from), &p, e) != 0)
			return -1;
		c->end_seen = to == (long long)c->norder;
		if (window_add(c, &p, 1) != 0) {
			list_page_free(&p);
			return err_set(e, EXIT_FAIL, _("out of memory"));
		}
		return 0;
	}
	while (hi > c->first + (long long)c->n && !c->end_seen) {
		const struct list_key *from = c->n > 0 ? &c->rows[c->n - 1].key : NULL;
		long long want = hi - (c->first + (long long)c->n);
		size_t n = (size_t)want > page(c) ? (size_t)want : page(c);

		if (list_fetch(t->db, &c->q, from, 1, false, false, n, &p, e) != 0)
			return -1;
		if (p.n < n)
			c->end_seen = true;
		if (window_add(c, &p, 1) != 0) {
			list_page_free(&p);
			return err_set(e, EXIT_FAIL, _("out of memory"));
		}
	}
	while (lo < c->first && c->n > 0) {
		long long want = c->first - lo;

		if (list_fetch(t->db, &c->q, &c->rows[0].key, -1, false, false,
		               (size_t)want > page(c) ? (size_t)want : page(c), &p, e) != 0)
			return -1;
		if (p.n == 0) { /* the base changed under it: this is the start */
			c->first = 0;
			list_page_free(&p);
			break;
		}
		if (window_add(c, &p, -1) != 0) {
			list_page_free(&p);
			return err_set(e, EXIT_FAIL, _("out of memory"));
		}
	}
	if (c->first < 0)
		c->first = 0;
	/* keep WINDOW rows at most, around [lo, hi) */
	if (c->n > WINDOW) {
		long long keep_lo = lo - (long long)page(c), keep_hi = hi + (long long)page(c);

		if (keep_hi < c->first + (long long)c->n) {
			window_drop(c, (size_t)(keep_hi - c->first), c->n);
			c->end_seen = false;
		}
		if (keep_lo > c->first) {
			window_drop(c, 0, (size_t)(keep_lo - c->first));
			c->first = keep_lo;
		}
	}
	return 0;
}

int
custlist_visible(const struct tui *t)
{
	int h = t->rows - 5; /* title, header, message, status, bar */

	return h > 1 ? h : 1;
}

/* The last index the cursor can reach, as far as is known. */
static long long
last_row(const struct custlist *c)
{
	if (c->ordered)
		return (long long)c->norder - 1;
	if (c->end_seen)
		return c->first + (long long)c->n - 1;
	if (c->counted)
		return c->total - 1;
	return c->first + (long long)c->n + (long long)page(c); /* more may come */
}

unsigned
custlist_move_to(struct tui *t, struct custlist *c, long long i)
{
	struct err e = {0};
	int h = custlist_visible(t);

	if (i > last_row(c))
		i = last_row(c);
	if (i < 0)
		i = 0;
	c->cur = i;
	if (c->cur < c->top)
		c->top = c->cur;
	if (c->cur >= c->top + h)
		c->top = c->cur - h + 1;
	if (window_cover(t, c, c->top, c->top + h, &e) != 0)
		return tui_error(t, &e);
	/* the list ended before where the cursor went */
	if (c->end_seen && c->cur > last_row(c)) {
		c->cur = last_row(c) < 0 ? 0 : last_row(c);
		if (c->top > c->cur)
			c->top = c->cur - h + 1 > 0 ? c->cur - h + 1 : 0;
	}
	return R_REDRAW;
}

static unsigned
go_home(struct tui *t, struct custlist *c)
{
	custlist_window_clear(c);
	c->first = c->top = 0;
	return custlist_move_to(t, c, 0);
}

static unsigned
go_end(struct tui *t, struct custlist *c)
{
	struct list_page p;
	struct err e = {0};
	long long pos;

	if (c->ordered)
		return custlist_move_to(t, c, (long long)c->norder - 1);
	if (list_fetch(t->db, &c->q, NULL, -1, false, false, page(c), &p, &e) != 0)
		return tui_error(t, &e);
	if (p.n == 0) {
		list_page_free(&p);
		return go_home(t, c);
	}
	/* where the last page starts: from the total when the counter gave it
	 * (a count of the rows before it otherwise) */
	if (c->counted && c->total >= (long long)p.n)
		pos = c->total - (long long)p.n;
	else if (list_position(t->db, &c->q, &p.rows[0].key, &pos, &e) != 0) {
		list_page_free(&p);
		return tui_error(t, &e);
	}
	custlist_window_clear(c);
	c->first = pos;
	if (window_add(c, &p, 1) != 0) {
		list_page_free(&p);
		return go_home(t, c);
	}
	c->end_seen = true;
	c->top = c->first + (long long)c->n - custlist_visible(t);
	if (c->top < 0)
		c->top = 0;
	return custlist_move_to(t, c, c->first + (long long)c->n - 1);
}

const struct list_row *
custlist_current(const struct custlist *c)
{
	if (c->cur < c->first || c->cur >= c->first + (long long)c->n)
		return NULL;
	return &c->rows[c->cur - c->first];
}

/* From the key of the window's first row (whether or not that row is
 * still in the list): the window is read again in place, not from the
 * start. */
unsigned
custlist_reread(struct tui *t, struct custlist *c)
{
	long long cur = c->cur, top = c->top, first = c->first;
	struct list_key k;
	struct list_page p;
	struct err e = {0};

	if (c->ordered) {
		custlist_window_clear(c);
		return custlist_move_to(t, c, cur);
	}
	if (c->n == 0 || list_key_copy(&k, &c->rows[0].key) != 0)
		return go_home(t, c);
	custlist_window_clear(c);
	if (list_fetch(t->db, &c->q, &k, 1, true, false, page(c), &p, &e) != 0) {
		list_key_free(&k);
		tui_error(t, &e);
		return go_home(t, c);
	}
	list_key_free(&k);
	c->first = first;
	c->end_seen = p.n < page(c);
	if (window_add(c, &p, 1) != 0) {
		list_page_free(&p);
		return go_home(t, c);
	}
	c->top = top;
	return custlist_move_to(t, c, cur);
}

/* --- drawing ----------------------------------------------------------------- */

/* The columns' widths for w columns: phone, orders, spent and last order
 * as wide as their values; the rest shared by name, email, city and tags. */
static void
widths(const struct custlist *c, int w, int *out)
{
	static const struct {
		const char *name;
		int fixed, weight;
	} spec[] = {{"name", 0, 3}, {"email", 0, 3}, {"phone", 15, 0}, {"city", 0, 2},
	            {"orders", 6, 0}, {"spent", 11, 0}, {"last_order", 10, 0}, {"tags", 0, 2}};
	int left = w - 2 - (int)c->q.ncols, weights = 0;

	for (size_t i = 0; i < c->q.ncols; i++) {
		out[i] = 8;
		for (size_t j = 0; j < sizeof spec / sizeof spec[0]; j++)
			if (strcmp(spec[j].name, c->q.cols[i].name) == 0) {
				out[i] = spec[j].fixed;
				weights += spec[j].weight;
				if (spec[j].fixed == 0)
					out[i] = -spec[j].weight;
			}
		if (out[i] > 0)
			left -= out[i];
	}
	for (size_t i = 0; i < c->q.ncols; i++)
		if (out[i] <= 0) {
			out[i] = weights > 0 && left > 0 ? left * -out[i] / weights : 3;
			if (out[i] < 3)
				out[i] = 3;
		}
}

/* A number as the list shows it: its integer part grouped by the locale,
 * two decimals when it has a fraction. */
static void
number(struct tui *t, const char *s, char *buf, size_t size)
{
	char *end;
	double d = strtod(s, &end);
	char g[64];

	if (end == s || *end != '\0') {
		snprintf(buf, size, "%s", s);
		return;
	}
	tui_group(t, (long long)d, g, sizeof g);
	if (d != (double)(long long)d) {
		long long cents = (long long)((d < 0 ? -d : d) * 100 + 0.5) % 100;

		snprintf(buf, size, "%s.%02lld", g, cents);
	} else {
		snprintf(buf, size, "%s", g);
	}
}

static void
cell(struct tui *t, const struct list_col *col, const char *v, int y, int x, int w)
{
	char buf[128];

	if (v == NULL) {
		tui_put(y, x, w, "", true);
		return;
	}
	if (col->type == FT_NUMBER) {
		int tw;

		number(t, v, buf, sizeof buf);
		tw = text_width(buf);
		if (tw < w) {
			tui_put(y, x, w - tw, "", true);
			tui_put(y, x + w - tw, tw, buf, false);
		} else {
			tui_put(y, x, w, buf, true);
		}
		return;
	}
	if (col->type == FT_DATE && strlen(v) > 10) {
		snprintf(buf, sizeof buf, "%.10s", v);
		v = buf;
	}
	tui_put(y, x, w, v, true);
}

static void
cl_draw(struct tui *t, void *ctx, int y, int h)
{
	struct custlist *c = ctx;
	int w[64], x = 2;

	if (c->q.ncols == 0 || c->q.ncols > 64)
		return;
	widths(c, t->cols, w);
	/* the header: the sorted column with its arrow, the cursor's reversed */
	attrset(A_BOLD);
	tui_put(y, 0, t->cols, "", true);
	for (size_t i = 0; i < c->q.ncols && x < t->cols; i++) {
		char label[256];

		snprintf(label, sizeof label, "%s%s", c->q.cols[i].label,
		         c->q.sort == i ? (c->q.desc ? " ↓" : " ↑") : "");
		attrset(i == c->col ? theme_attr(ROLE_CURSOR) : (int)A_BOLD);
		tui_put(y, x, w[i] < t->cols - x ? w[i] : t->cols - x, label, true);
		x += w[i] + 1;
	}
	attrset(theme_attr(ROLE_NORMAL));
	if (c->n == 0) {
		tui_put(y + 2, 2, t->cols - 4,
		        c->end_seen ? _("No customers here.") : _("counting…"), false);
		return;
	}
	for (int r = 0; r < h - 1; r++) {
		long long i = c->top + r;
		const struct list_row *row;
		bool cur = i == c->cur;

		if (i < c->first || i >= c->first + (long long)c->n)
			break;
		row = &c->rows[i - c->first];
		attrset(cur ? theme_attr(ROLE_CURSOR) : theme_attr(ROLE_NORMAL));
		tui_put(y + 1 + r, 0, t->cols, custlist_marked(c, row->id) ? "✓" : "", true);
		x = 2;
		for (size_t j = 0; j < c->q.ncols && x < t->cols; j++) {
			int cw = w[j] < t->cols - x ? w[j] : t->cols - x;

			cell(t, &c->q.cols[j], row->v[j], y + 1 + r, x, cw);
			x += w[j] + 1;
		}
	}
	attrset(theme_attr(ROLE_NORMAL));
}

static void
cl_status(struct tui *t, void *ctx, int y)
{
	struct custlist *c = ctx;
	char n[64], pos[64], m[64], line[1024], sort[300];

	if (c->sorting && c->want_sort < c->q.ncols)
		/* TRANSLATORS: the list's order while the counter sorts it. */
		snprintf(sort, sizeof sort, _("%s %s (sorting…)"), c->q.cols[c->want_sort].label,
		         c->want_desc ? "↓" : "↑");
	else if (c->q.sort < c->q.ncols)
		snprintf(sort, sizeof sort, "%s %s", c->q.cols[c->q.sort].label, c->q.desc ? "↓" : "↑");
	else
		snprintf(sort, sizeof sort, "%s", _("import order"));
	tui_group(t, c->n > 0 ? c->cur + 1 : 0, pos, sizeof pos);
	/* TRANSLATORS: the customer list's status line: the cursor's row, of
	 * how many, the marked ones, the order, the rule. */
	snprintf(line, sizeof line, _(" row %s of %s │ marked: %s │ sorted by %s │ %s"), pos,
	         c->counted ? tui_group(t, c->total, n, sizeof n) : "…",
	         tui_group(t, (long long)c->nmarks, m, sizeof m), sort,
	         c->rule != NULL && *c->rule != '\0' ? c->rule : _("(every customer)"));
	tui_put(y, 0, t->cols, line, true);
}

/* --- keys ---------------------------------------------------------------------- */

/* c: the field picked becomes a column, or its column goes; the rows are
 * read again (their values are per column). */
static unsigned
cols_picked(struct tui *t, const char *field)
{
	struct custlist *c = screen_top(t);
	struct err e = {0};
	bool added = false;

	if (c == NULL || field == NULL)
		return R_REDRAW;
	size_t sort = c->q.sort;

	custlist_window_clear(c);
	if (list_query_toggle(t->db, &c->q, field, &added, &e) != 0) {
		tui_error(t, &e);
		return custlist_move_to(t, c, c->cur);
	}
	if (c->col >= c->q.ncols)
		c->col = c->q.ncols - 1;
	tui_message(t, false, added ? _("Column %s added (c again takes it out).")
	                            : _("Column %s taken out."), field);
	/* every list opened after shows the same columns */
	if (list_query_save_columns(t->db, &c->q, &e) != 0)
		tui_error(t, &e);
	c->sorting = false; /* the columns moved under a sort asked for */
	if (c->q.sort == LIST_BY_ID && sort != LIST_BY_ID) {
		/* its sorted column went: import order, read anew */
		custlist_order_drop(c);
		return custlist_order(t, c) | go_home(t, c);
	}
	return custlist_move_to(t, c, c->cur);
}

/* |: the list narrowed to the marked customers, or widened again. */
static unsigned
narrow(struct tui *t, struct custlist *c)
{
	struct err e = {0};

	if (c->q.only == NULL && c->nmarks == 0) {
		tui_message(t, false, "%s", _("Nothing is marked: Space or m marks customers."));
		return R_REDRAW;
	}
	if (list_query_narrow(&c->q, c->q.only == NULL ? c->marks : NULL,
	                      c->q.only == NULL ? c->nmarks : 0, &e) != 0)
		return tui_error(t, &e);
	custlist_order_drop(c);
	return custlist_count(t, c) | custlist_order(t, c) | custlist_matches_ask(t, c) |
	       go_home(t, c);
}

/* ↑ ↓ PgUp PgDn Home End (and j k g G): the window follows the cursor. */
static unsigned
cl_move(struct tui *t, void *ctx, enum op op)
{
	struct custlist *c = ctx;
	long long h = custlist_visible(t);

	switch (op) {
	case OP_UP: return custlist_move_to(t, c, c->cur - 1);
	case OP_DOWN: return custlist_move_to(t, c, c->cur + 1);
	case OP_PGUP:
		c->top = c->top - h > 0 ? c->top - h : 0;
		return custlist_move_to(t, c, c->cur - h);
	case OP_PGDN:
		c->top += h;
		if (c->top > last_row(c))
			c->top = last_row(c) - h + 1 > 0 ? last_row(c) - h + 1 : 0;
		return custlist_move_to(t, c, c->cur + h);
	case OP_HOME: return go_home(t, c);
	case OP_END: return go_end(t, c);
	default: return R_NONE;
	}
}

static unsigned
cl_key(struct tui *t, void *ctx, struct key k)
{
	struct custlist *c = ctx;
	int act = keys_find(list_keys, sizeof list_keys / sizeof list_keys[0], k);

	/* after ;, the marked customers' actions alone (mutt's tag-prefix) */
	if (c->prefix) {
		c->prefix = false;
		t->msg[0] = '\0';
		if (act != ACT_TAG && act != ACT_UNTAG && act != ACT_NARROW) {
			tui_message(t, false, "%s", _("; takes t, T or |: nothing done."));
			return R_REDRAW;
		}
	}
	switch (act) {
	case ACT_PREFIX: {
		char num[64];

		if (c->nmarks == 0) {
			tui_message(t, false, "%s", _("Nothing is marked: Space or m marks customers."));
			return R_REDRAW;
		}
		c->prefix = true;
		tui_message(t, false, _("; t, T or | for the %s marked customers"),
		            tui_group(t, (long long)c->nmarks, num, sizeof num));
		return R_REDRAW;
	}
	case ACT_LEFT:
		c->col = c->col > 0 ? c->col - 1 : 0;
		return R_REDRAW;
	case ACT_RIGHT:
		c->col = c->col + 1 < c->q.ncols ? c->col + 1 : c->col;
		return R_REDRAW;
	case ACT_SORT: return custlist_sort(t, c, false);
	case ACT_SORT_DESC: return custlist_sort(t, c, true);
	case ACT_SEARCH: return custlist_search(t);
	case ACT_NEXT: return custlist_find(t, c, 1, false);
	case ACT_PREV: return custlist_find(t, c, -1, false);
	case ACT_MARK: return custlist_mark_toggle(t, c);
	case ACT_UNMARK_ALL:
		c->nmarks = 0;
		return R_REDRAW;
	case ACT_MARK_RULE:
		return custlist_mark_rule(t);
	case ACT_TAG: return custlist_tag_pick(t, c, false);
	case ACT_UNTAG: return custlist_tag_pick(t, c, true);
	case ACT_NARROW: return narrow(t, c);
	case ACT_COLS: return fields_pick(t, NULL, cols_picked);
	case ACT_CARD:
		return custlist_current(c) != NULL ? card_open(t, custlist_current(c)->id, c->parent)
		                                   : R_NONE;
	case ACT_EXPORT: return export_open(t, c->parent, c->rule);
	case ACT_UNDO: {
		unsigned r = tree_op(t, OP_UNDO);

		conds_stale(t);
		facet_stale(t);
		return r | custlist_reread(t, c) | custlist_count(t, c) | custlist_order(t, c);
	}
	default: return R_NONE;
	}
}

static unsigned
cl_mouse(struct tui *t, void *ctx, int y, int x, bool click, int wheel)
{
	struct custlist *c = ctx;

	(void)x;
	if (wheel != 0)
		return custlist_move_to(t, c, c->cur + 3 * wheel);
	if (click && y >= 2 && y < 2 + custlist_visible(t))
		return custlist_move_to(t, c, c->top + (y - 2));
	return R_NONE;
}

/* --- the screen ---------------------------------------------------------------- */

static const char *
cl_subtitle(void *ctx)
{
	struct custlist *c = ctx;

	if (c->q.only == NULL)
		return c->subtitle;
	/* TRANSLATORS: the list's title when | narrowed it: the segment's path. */
	snprintf(c->title, sizeof c->title, _("%s, the marked ones"), c->subtitle);
	return c->title;
}

static void
cl_free(void *ctx)
{
	struct custlist *c = ctx;

	if (c == NULL)
		return;
	custlist_window_clear(c);
	list_query_free(&c->q);
	free(c->order);
	free(c->matches);
	free(c->marks);
	free(c->parent);
	free(c->rule);
	free(c->subtitle);
	free(c);
}

unsigned
custlist_count(struct tui *t, struct custlist *c)
{
	struct count_req req = {.kind = COUNT_RULE, .parent = c->parent,
	                        .rule = c->rule != NULL ? c->rule : ""};
	struct err e = {0};
	long long *ids;
	size_t n;

	if (c->q.only != NULL) {
		/* narrowed: the counter does not know the marks; those of them
		 * still in the list, counted here (a set the user marked) */
		if (list_query_ids(t->db, &c->q, NULL, &ids, &n, &e) != 0)
			return tui_error(t, &e);
		free(ids);
		c->total = (long long)n;
		c->counted = true;
		c->tag = 0;
		return R_REDRAW;
	}
	req.slot = screen_slot(t, c, 0);
	req.tag = c->tag = screen_tag(t);
	c->counted = false;
	if (counter_submit(t->counter, &req, &e) != 0)
		return tui_error(t, &e);
	return R_REDRAW;
}

static unsigned
cl_counted(struct tui *t, void *ctx, const struct count_result *r)
{
	struct custlist *c = ctx;

	if (r->tag == 0)
		return R_NONE;
	if (r->tag == c->order_tag)
		return custlist_order_counted(t, c, r);
	if (r->tag == c->match_tag)
		return custlist_matches_counted(t, c, r);
	if (r->tag == c->mark_tag)
		return custlist_marks_counted(t, c, r);
	if (r->tag != c->tag)
		return R_NONE;
	if (r->status == COUNTER_OK) {
		c->total = r->count;
		c->counted = true;
	} else if (r->status == COUNTER_ERROR) {
		return tui_error(t, &r->err);
	}
	return R_REDRAW;
}

/* A screen over the list (the card) edited customers: what the window
 * shows, the total and the order are read again. */
static unsigned
cl_changed(struct tui *t, void *ctx)
{
	struct custlist *c = ctx;

	return custlist_reread(t, c) | custlist_count(t, c) | custlist_order(t, c);
}

static const struct screen_ops list_ops = {
	.title = N_("Customers"),
	.subtitle = cl_subtitle,
	.draw = cl_draw,
	.status = cl_status,
	.key = cl_key,
	.cursor = cl_move,
	.mouse = cl_mouse,
	.counted = cl_counted,
	.changed = cl_changed,
	.free = cl_free,
	.keys = list_keys,
	.nkeys = sizeof list_keys / sizeof list_keys[0],
};

unsigned
custlist_open(struct tui *t, const char *parent, const char *rule, const char *subtitle)
{
	struct custlist *c = calloc(1, sizeof *c);
	struct err e = {0};
	bool oom = c == NULL;

	if (c != NULL) {
		c->parent = str_dup(parent, &oom);
		c->rule = str_dup(rule, &oom);
		c->subtitle = str_dup(subtitle != NULL ? subtitle : _("All customers"), &oom);
	}
	if (oom) {
		cl_free(c);
		tui_message(t, true, "%s", _("out of memory opening the customer list"));
		return R_REDRAW;
	}
	if (list_query_open(t->db, parent, rule, &c->q, &e) != 0) {
		cl_free(c);
		return tui_error(t, &e);
	}
	if (screen_push(t, &list_ops, c, &e) != 0)
		return tui_error(t, &e);
	return custlist_count(t, c) | custlist_order(t, c) | go_home(t, c);
}
