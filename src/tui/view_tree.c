/* The segment tree on the left (name, count, % of parent, trend; folded
 * subtrees), the selected segment's rule on the right, and the tree's
 * edits, each one core call and so one undo step. */
#include "config.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "counter.h"
#include "db.h"
#include "i18n.h"
#include "private.h"
#include "query.h"
#include "segment/segment.h"
#include "text/text.h"
#include "undo.h"

#define ROOT_ID (-1LL)   /* the row "All customers" (0 means "none" to list.c) */
#define ROOT SIZE_MAX

static char *pending;   /* the path a prompt acts on (one prompt at a time) */

struct tree {
	struct tui *t;
	struct segment *v;
	size_t n;
	struct segment_count *c; /* counts of v, when counted */
	bool counted;
	struct stale {           /* the last counts, by id: drawn dimmed until */
		long long id, count, parent; /* the new ones come */
	} *old;
	size_t nold;
	bool base_known;         /* base holds a count (maybe a stale one) */
	bool base_fresh;         /* ... counted since the last edit */
	long long base;
	uint64_t base_tag, tree_tag; /* the counter's requests in flight */
	long long *folded;       /* ids of collapsed segments (ROOT_ID too) */
	size_t nfolded;
	long long *marked;       /* ids marked with Space for compare (ROOT_ID too) */
	size_t nmarked;
	size_t *rows, nrows;     /* visible rows: indexes into v, ROOT for the root */
	struct list list;
	char *want_path;         /* select this segment after the next reload */
};

static bool
is_folded(const struct tree *tr, long long id)
{
	for (size_t i = 0; i < tr->nfolded; i++)
		if (tr->folded[i] == id)
			return true;
	return false;
}

static void
set_folded(struct tree *tr, long long id, bool on)
{
	size_t i;

	for (i = 0; i < tr->nfolded; i++)
		if (tr->folded[i] == id) {
			if (!on)
				tr->folded[i] = tr->folded[--tr->nfolded];
			return;
		}
	if (on) {
		long long *p = realloc(tr->folded, (tr->nfolded + 1) * sizeof *p);

		if (p == NULL)
			return;
		tr->folded = p;
		tr->folded[tr->nfolded++] = id;
	}
}

static bool
is_marked(const struct tree *tr, long long id)
{
	for (size_t i = 0; i < tr->nmarked; i++)
		if (tr->marked[i] == id)
			return true;
	return false;
}

static bool
has_children(const struct tree *tr, size_t i)
{
	if (i == ROOT)
		return tr->n > 0;
	return i + 1 < tr->n && tr->v[i + 1].parent_id == tr->v[i].id;
}

static const struct stale *
find_stale(const struct tree *tr, long long id)
{
	for (size_t i = 0; i < tr->nold; i++)
		if (tr->old[i].id == id)
			return &tr->old[i];
	return NULL;
}

/* --- the list's callbacks ---------------------------------------------------- */

static void
build(void *ctx)
{
	struct tree *tr = ctx;
	int skip = 0;

	free(tr->rows);
	tr->nrows = 0;
	if ((tr->rows = malloc((tr->n + 1) * sizeof *tr->rows)) == NULL)
		return;
	tr->rows[tr->nrows++] = ROOT;
	if (is_folded(tr, ROOT_ID))
		return;
	for (size_t i = 0; i < tr->n; i++) {
		if (skip > 0 && tr->v[i].depth > skip)
			continue;
		skip = 0;
		tr->rows[tr->nrows++] = i;
		if (is_folded(tr, tr->v[i].id) && has_children(tr, i))
			skip = tr->v[i].depth;
	}
}

static size_t
count(void *ctx)
{
	return ((struct tree *)ctx)->nrows;
}

static long long
row_id(void *ctx, size_t r)
{
	struct tree *tr = ctx;

	return tr->rows[r] == ROOT ? ROOT_ID : tr->v[tr->rows[r]].id;
}

static void
draw_row(void *ctx, size_t r, int y, int x, int w, bool cursor)
{
	struct tree *tr = ctx;
	size_t i = tr->rows[r];
	int depth = i == ROOT ? 0 : tr->v[i].depth, num = 22, used, cw;
	const char *mark = !has_children(tr, i) ? " " : is_folded(tr, row_id(ctx, r)) ? "▸" : "▾";
	char head[600], cnt[64], pct[32], trend[40] = "", right[128];
	bool stale = false;
	long long c = -1, parent = 0, prev = -1;

	(void)cursor;
	snprintf(head, sizeof head, "%*s%s %s%s", 2 * depth, "", mark,
	         is_marked(tr, row_id(ctx, r)) ? "✓ " : "",
	         i == ROOT ? _("All customers") : tr->v[i].name);
	if (i == ROOT && tr->base_fresh) {
		c = parent = tr->base;
	} else if (tr->counted && i != ROOT) {
		if (tr->c[i].count >= 0)
			c = tr->c[i].count, parent = tr->c[i].parent, prev = tr->c[i].previous;
	} else {
		const struct stale *o = i == ROOT ? NULL : find_stale(tr, tr->v[i].id);

		if (i == ROOT && tr->base_known)
			stale = true, c = parent = tr->base;
		else if (o != NULL && o->count >= 0)
			stale = true, c = o->count, parent = o->parent;
	}
	if (!stale && (i == ROOT ? !tr->base_fresh : !tr->counted))
		snprintf(cnt, sizeof cnt, "…");
	else if (c < 0)
		snprintf(cnt, sizeof cnt, "%s", _("error"));
	else
		tui_group(tr->t, c, cnt, sizeof cnt);
	if (c >= 0 && parent > 0)
		snprintf(pct, sizeof pct, "%5.1f%%", 100.0 * (double)c / (double)parent);
	else
		pct[0] = '\0';
	if (prev >= 0 && c >= 0 && prev != c)
		snprintf(trend, sizeof trend, "%s", c > prev ? "↑" : "↓");
	if (w < num + 8)
		num = 0;
	used = tui_put(y, x, w - num, head, true);
	if (num == 0)
		return;
	/* Count and % right-aligned by columns (the separator may be several
	 * bytes wide and one column), then the trend arrow. */
	snprintf(right, sizeof right, "%s %7s", cnt, pct);
	cw = text_width(right);
	mvhline(y, x + used, ' ', num);
	if (stale && !cursor)
		attrset(theme_attr(ROLE_DIM));
	tui_put(y, x + used + (num - 4 - cw > 0 ? num - 4 - cw : 0), num - 4, right, false);
	if (!cursor)
		attrset(theme_attr(ROLE_NORMAL));
	if (trend[0] != '\0')
		attrset(cursor ? theme_attr(ROLE_CURSOR) : theme_attr(c > prev ? ROLE_UP : ROLE_DOWN));
	tui_put(y, x + used + num - 4, 4, trend[0] != '\0' ? (c > prev ? " ↑" : " ↓") : "", true);
}

static const struct list_ops tree_ops = {build, count, row_id, draw_row};

/* --- the model ------------------------------------------------------------------- */

static size_t
selected(const struct tree *tr)
{
	return tr->nrows == 0 ? ROOT : tr->rows[tr->list.cur];
}

/* Keeps the counts of the tree as it was, to draw them dimmed. */
static void
keep_stale(struct tree *tr)
{
	struct stale *o;

	if (!tr->counted || tr->n == 0)
		return;
	if ((o = malloc(tr->n * sizeof *o)) == NULL)
		return;
	for (size_t i = 0; i < tr->n; i++)
		o[i] = (struct stale){tr->v[i].id, tr->c[i].count, tr->c[i].parent};
	free(tr->old);
	tr->old = o;
	tr->nold = tr->n;
}

static int
load(struct tree *tr, struct err *e)
{
	keep_stale(tr);
	segment_list_free(tr->v, tr->n);
	tr->v = NULL, tr->n = 0;
	free(tr->c);
	tr->c = NULL;
	tr->counted = false;
	return segment_list(tr->t->db, &tr->v, &tr->n, e);
}

int
tree_open(struct tui *t, struct err *e)
{
	struct tree *tr = calloc(1, sizeof *tr);

	if (tr == NULL)
		return err_set(e, EXIT_FAIL, "out of memory");
	tr->t = t;
	t->tree = tr;
	list_init(&tr->list, &tree_ops, tr);
	if (load(tr, e) != 0)
		return -1;
	list_rebuild(&tr->list, 0);
	return 0;
}

void
tree_close(struct tui *t)
{
	struct tree *tr = t->tree;

	if (tr == NULL)
		return;
	segment_list_free(tr->v, tr->n);
	free(tr->c);
	free(tr->old);
	free(tr->folded);
	free(tr->marked);
	free(tr->rows);
	free(tr->want_path);
	free(tr);
	free(pending);
	pending = NULL;
	t->tree = NULL;
	conds_close(t);
	facet_close(t);
	cmdline_close(t);
	picker_close(t);
	form_close(t);
	fields_close(t);
}

unsigned
tree_reload(struct tui *t)
{
	struct tree *tr = t->tree;
	struct err e = {0};
	long long want = 0;

	if (load(tr, &e) != 0)
		tui_error(t, &e);
	/* the parent's members may have changed: the panels count again */
	conds_stale(t);
	facet_stale(t);
	if (tr->want_path != NULL) {
		for (size_t i = 0; i < tr->n; i++)
			if (strcmp(tr->v[i].path, tr->want_path) == 0)
				want = tr->v[i].id;
		free(tr->want_path);
		tr->want_path = NULL;
	}
	list_rebuild(&tr->list, want);
	return R_REDRAW | R_RECOUNT;
}

/* The counter's slots for the tree: a newer request in a slot cancels the
 * stale one. */
enum { SLOT_BASE = 1, SLOT_TREE = 2 };

static uint64_t next_tag = 1;

unsigned
tree_count(struct tui *t)
{
	struct tree *tr = t->tree;
	struct err e = {0};
	struct count_req base = {.kind = COUNT_RULE, .slot = SLOT_BASE, .rule = ""};
	struct count_req all = {.kind = COUNT_TREE, .slot = SLOT_TREE};

	keep_stale(tr);
	free(tr->c);
	tr->c = NULL;
	tr->counted = false;
	tr->base_fresh = false;
	base.tag = tr->base_tag = next_tag++;
	all.tag = tr->tree_tag = next_tag++;
	if (counter_submit(t->counter, &base, &e) != 0 || counter_submit(t->counter, &all, &e) != 0)
		return tui_error(t, &e);
	return R_REDRAW;
}

/* The tree's counts from the worker, matched by id to the tree as it is
 * now (the worker read the tree itself). */
static int
take_tree(struct tree *tr, const struct count_result *r)
{
	struct segment_count *c = calloc(tr->n > 0 ? tr->n : 1, sizeof *c);

	if (c == NULL)
		return -1;
	for (size_t i = 0; i < tr->n; i++) {
		c[i].count = -1; /* not in the worker's tree: "error" until recounted */
		for (size_t j = 0; j < r->ntree; j++)
			if (r->tree[j].id == tr->v[i].id) {
				c[i] = r->counts[j];
				break;
			}
	}
	free(tr->c);
	tr->c = c;
	tr->counted = true;
	free(tr->old);
	tr->old = NULL;
	tr->nold = 0;
	return 0;
}

unsigned
tree_counted(struct tui *t, const struct count_result *r)
{
	struct tree *tr = t->tree;

	if (r->status == COUNTER_CANCELLED)
		return R_NONE;
	if (r->tag != tr->base_tag && r->tag != tr->tree_tag)
		return R_NONE; /* a stale one that finished before it was cancelled */
	if (r->status == COUNTER_ERROR)
		return tui_error(t, &r->err);
	if (r->tag == tr->base_tag) {
		tr->base = r->count;
		tr->base_known = tr->base_fresh = true;
	} else if (take_tree(tr, r) != 0) {
		struct err e = {0};

		err_set(&e, EXIT_FAIL, "out of memory");
		return tui_error(t, &e);
	}
	return R_REDRAW;
}

void
tree_status(struct tui *t, struct tree_status *out)
{
	struct tree *tr = t->tree;
	size_t i = selected(tr);

	*out = (struct tree_status){.counted = tr->counted, .base = tr->base};
	if (i == ROOT) {
		out->counted = tr->base_fresh;
		out->count = out->parent = tr->base;
		out->rule = NULL;
		out->path = _("All customers");
		return;
	}
	out->rule = tr->v[i].rule;
	out->path = tr->v[i].path;
	if (tr->counted) {
		out->count = tr->c[i].count;
		out->parent = tr->c[i].parent;
		out->counted = tr->c[i].count >= 0;
	}
}

const struct segment *
tree_selected(struct tui *t)
{
	size_t i = selected(t->tree);

	return i == ROOT ? NULL : &t->tree->v[i];
}

/* --- drawing ------------------------------------------------------------------- */

void
tree_draw(struct tui *t, int y, int h)
{
	struct tree *tr = t->tree;
	int lw = t->cols / 2, rx, rw; /* half each: conditions are long text */

	if (lw < 38)
		lw = t->cols < 38 + 10 ? t->cols : 38;
	list_draw(&tr->list, y, 0, h, lw);
	if (lw >= t->cols - 10) {
		t->focus_conds = false; /* no panel to give the keys to */
		return;
	}
	mvvline(y, lw, ACS_VLINE, h);
	rx = lw + 2, rw = t->cols - rx - 1;
	conds_draw(t, y, rx, h, rw);
}

bool
tree_draw_cursor(struct tui *t)
{
	struct list *l = &t->tree->list;
	int moved = list_update(l), rx = l->w + 2, rw = t->cols - rx - 1;

	if (moved < 0)
		return false;
	if (moved == 0)
		return conds_draw_cursor(t);
	if (l->w >= t->cols - 10)
		return true; /* no panel */
	/* A new selection: the panel beside the line shows it, from scratch. */
	attrset(theme_attr(ROLE_NORMAL));
	for (int r = 0; r < l->h; r++)
		mvhline(l->y + r, l->w + 1, ' ', t->cols - l->w - 1);
	conds_draw(t, l->y, rx, l->h, rw);
	return true;
}

unsigned
tree_mouse(struct tui *t, int y, int x, bool click, int wheel)
{
	struct list *l = &t->tree->list;
	unsigned r = R_NONE;

	if (x >= l->x + l->w)
		return conds_mouse(t, y, x, click, wheel);
	if (click && t->focus_conds) { /* a click in the tree gives it the keys */
		t->focus_conds = false;
		r = R_REDRAW;
	}
	return r | list_mouse(l, y, x, click, wheel);
}

/* --- edits ----------------------------------------------------------------------- */

/* The path of the selected segment ("" for the root); owned by the tree. */
static const char *
sel_path(const struct tree *tr)
{
	size_t i = selected(tr);

	return i == ROOT ? "" : tr->v[i].path;
}

/* The path of segment i's parent, malloc'd ("" for the root's children). */
static char *
parent_path(const struct tree *tr, size_t i)
{
	const char *slash = strrchr(tr->v[i].path, '/');

	return strndup(tr->v[i].path, slash != NULL ? (size_t)(slash - tr->v[i].path) : 0);
}

/* Segment i's place among its siblings (1-based), and how many they are. */
static int
sibling_pos(const struct tree *tr, size_t i, int *total, size_t *prev)
{
	int pos = 0, n = 0;

	*prev = ROOT;
	for (size_t j = 0; j < tr->n; j++) {
		if (tr->v[j].parent_id != tr->v[i].parent_id)
			continue;
		n++;
		if (j == i)
			pos = n;
		else if (pos == 0)
			*prev = j;
	}
	*total = n;
	return pos;
}


static void
set_pending(const char *path)
{
	free(pending);
	pending = strdup(path);
}

static char *
join(const char *parent, const char *name)
{
	char *p;

	if (asprintf(&p, "%s%s%s", parent, *parent != '\0' ? "/" : "", name) < 0)
		return NULL;
	return p;
}

static unsigned
edited(struct tui *t, const char *select_path)
{
	if (select_path != NULL) {
		free(t->tree->want_path);
		t->tree->want_path = strdup(select_path);
	}
	return R_RELOAD | R_REDRAW;
}

static unsigned
add_done(struct tui *t, const char *name)
{
	struct err e = {0};
	char *path = join(pending != NULL ? pending : "", name);
	unsigned r;

	if (path == NULL || *name == '\0') {
		free(path);
		return R_REDRAW;
	}
	if (segment_add(t->db, path, "", NULL, &e) != 0)
		r = tui_error(t, &e);
	else {
		tui_message(t, false, _("Added \"%s\"."), path);
		r = edited(t, path);
	}
	free(path);
	return r;
}

static unsigned
rename_done(struct tui *t, const char *name)
{
	struct err e = {0};

	if (*name == '\0' || pending == NULL)
		return R_REDRAW;
	if (segment_rename(t->db, pending, name, &e) != 0)
		return tui_error(t, &e);
	tui_message(t, false, _("Renamed \"%s\" to \"%s\"."), pending, name);
	return edited(t, NULL);
}

static unsigned
delete_done(struct tui *t, const char *yes)
{
	struct err e = {0};
	int removed = 0;

	(void)yes;
	if (pending == NULL)
		return R_REDRAW;
	if (segment_rm(t->db, pending, &removed, &e) != 0)
		return tui_error(t, &e);
	tui_message(t, false, _("Deleted \"%s\" (u undoes it)."), pending);
	return edited(t, NULL);
}

static unsigned
move_to(struct tui *t, size_t i, const char *parent, int pos)
{
	struct err e = {0};

	if (segment_move(t->db, t->tree->v[i].path, parent, pos, &e) != 0)
		return tui_error(t, &e);
	return edited(t, NULL);
}

static unsigned
undo(struct tui *t)
{
	struct err e = {0};
	char *label = NULL;

	if (undo_last(t->db, &label, &e) != 0)
		return tui_error(t, &e);
	tui_message(t, false, _("Undone: %s"), label != NULL ? label : "");
	free(label);
	return edited(t, NULL);
}

unsigned
tree_op(struct tui *t, enum op op)
{
	struct tree *tr = t->tree;
	size_t i = selected(tr), prev;
	char label[600], *pp;
	unsigned r;
	int pos, total;

	switch (op) {
	case OP_EXPAND:
		if (!has_children(tr, i) || !is_folded(tr, row_id(tr, tr->list.cur)))
			return R_NONE;
		set_folded(tr, row_id(tr, tr->list.cur), false);
		list_rebuild(&tr->list, 0);
		return R_REDRAW;
	case OP_COLLAPSE:
		if (has_children(tr, i) && !is_folded(tr, row_id(tr, tr->list.cur))) {
			set_folded(tr, row_id(tr, tr->list.cur), true);
			list_rebuild(&tr->list, 0);
			return R_REDRAW;
		}
		/* Already folded or a leaf: to its parent, as file managers do. */
		if (i == ROOT)
			return R_NONE;
		list_rebuild(&tr->list, tr->v[i].parent_id != 0 ? tr->v[i].parent_id : ROOT_ID);
		return R_CURSOR;
	case OP_ADD_CHILD:
		set_pending(sel_path(tr));
		snprintf(label, sizeof label, _("Name of the new segment under \"%s\":"),
		         i == ROOT ? _("All customers") : tr->v[i].path);
		prompt_open(&t->prompt, label, NULL, add_done);
		return R_REDRAW;
	case OP_ADD_SIBLING:
		if (i == ROOT)
			return tree_op(t, OP_ADD_CHILD);
		pp = parent_path(tr, i);
		set_pending(pp != NULL ? pp : "");
		snprintf(label, sizeof label, _("Name of the new segment beside \"%s\":"), tr->v[i].name);
		free(pp);
		prompt_open(&t->prompt, label, NULL, add_done);
		return R_REDRAW;
	case OP_RENAME:
		if (i == ROOT)
			return R_NONE;
		set_pending(tr->v[i].path);
		prompt_open(&t->prompt, _("New name:"), tr->v[i].name, rename_done);
		return R_REDRAW;
	case OP_DUP: {
		struct err e = {0};
		char *copy = NULL;

		if (i == ROOT)
			return R_NONE;
		if (segment_dup(t->db, tr->v[i].path, NULL, &copy, &e) != 0)
			return tui_error(t, &e);
		tui_message(t, false, _("Copied as \"%s\"."), copy);
		r = edited(t, copy);
		free(copy);
		return r;
	}
	case OP_DELETE:
		if (i == ROOT)
			return R_NONE;
		set_pending(tr->v[i].path);
		snprintf(label, sizeof label,
		         has_children(tr, i) ? _("Delete \"%s\" and the segments under it? (y/n)")
		                             : _("Delete \"%s\"? (y/n)"),
		         tr->v[i].path);
		prompt_ask(&t->prompt, label, delete_done);
		return R_REDRAW;
	case OP_MOVE_UP:
	case OP_MOVE_DOWN:
		if (i == ROOT)
			return R_NONE;
		pos = sibling_pos(tr, i, &total, &prev);
		if ((op == OP_MOVE_UP && pos <= 1) || (op == OP_MOVE_DOWN && pos >= total))
			return R_NONE;
		pp = parent_path(tr, i);
		r = move_to(t, i, pp != NULL ? pp : "", op == OP_MOVE_UP ? pos - 1 : pos + 1);
		free(pp);
		return r;
	case OP_INDENT:
		if (i == ROOT)
			return R_NONE;
		sibling_pos(tr, i, &total, &prev);
		if (prev == ROOT)
			return R_NONE;
		return move_to(t, i, tr->v[prev].path, 0);
	case OP_OUTDENT: {
		size_t p;

		if (i == ROOT || tr->v[i].depth <= 1)
			return R_NONE;
		for (p = i; p-- > 0;)
			if (tr->v[p].id == tr->v[i].parent_id)
				break;
		pos = sibling_pos(tr, p, &total, &prev);
		pp = parent_path(tr, p);
		r = move_to(t, i, pp != NULL ? pp : "", pos + 1);
		free(pp);
		return r;
	}
	case OP_UNDO:
		return undo(t);
	default:
		return list_op(&tr->list, op);
	}
}

/* --- marks for compare ------------------------------------------------------- */

unsigned
tree_mark(struct tui *t)
{
	struct tree *tr = t->tree;
	long long id = row_id(tr, tr->list.cur);
	size_t i;

	for (i = 0; i < tr->nmarked; i++)
		if (tr->marked[i] == id) {
			memmove(&tr->marked[i], &tr->marked[i + 1],
			        (tr->nmarked - i - 1) * sizeof *tr->marked);
			tr->nmarked--;
			break;
		}
	if (i == tr->nmarked) {
		long long *p = realloc(tr->marked, (tr->nmarked + 1) * sizeof *p);

		if (p == NULL)
			return R_NONE;
		tr->marked = p;
		tr->marked[tr->nmarked++] = id;
	}
	tui_message(t, false,
	            P_("%zu segment marked (Space marks, C compares them).",
	               "%zu segments marked (Space marks, C compares them).", tr->nmarked),
	            tr->nmarked);
	return R_REDRAW | list_op(&tr->list, OP_DOWN);
}

size_t
tree_marked(struct tui *t, const char **paths, size_t max)
{
	struct tree *tr = t->tree;
	size_t n = 0, k = 0;

	/* the marks of segments gone from the tree are forgotten */
	for (size_t i = 0; i < tr->nmarked; i++) {
		bool found = tr->marked[i] == ROOT_ID;

		for (size_t j = 0; !found && j < tr->n; j++)
			found = tr->v[j].id == tr->marked[i];
		if (found)
			tr->marked[k++] = tr->marked[i];
	}
	tr->nmarked = k;
	if (is_marked(tr, ROOT_ID) && n < max)
		paths[n++] = "";
	for (size_t j = 0; j < tr->n && n < max; j++)
		if (is_marked(tr, tr->v[j].id))
			paths[n++] = tr->v[j].path;
	return tr->nmarked;
}
