/* The conditions panel on the right: one row for each top-level `and` term
 * of the selected segment's rule, with what it removes of the parent's
 * members given the others (✦), and the count with every term on top.
 * Edits (change, add, delete, toggle `not`) rebuild the rule from its
 * terms and store it with one core call: one undo step each. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "private.h"
#include "query_facet.h"
#include "query.h"
#include "rule/rule.h"
#include "rule/terms.h"
#include "segment/segment.h"
#include "text/text.h"

struct conds {
	struct tui *t;
	char *path;              /* the segment shown; NULL for the root */
	char *rule;              /* its rule when the terms were read */
	bool is_static;
	char **terms;            /* rule_terms of rule */
	size_t n;
	bool parse_failed;
	bool shown;              /* path and rule are those of the selection */
	bool wanted;             /* shown, not counted yet */
	bool counted;
	struct term_removes tr;  /* when counted */
	long long want_id;       /* select this row at the next rebuild */
	size_t edit;             /* the term a prompt edits; SIZE_MAX: a new one */
	struct list list;
};

/* --- the list's callbacks ---------------------------------------------------- */

static void
build(void *ctx)
{
	(void)ctx; /* the rows are the terms, read in conds_sync */
}

static size_t
count(void *ctx)
{
	return ((struct conds *)ctx)->n;
}

static void
draw_row(void *ctx, size_t i, int y, int x, int w, bool cursor)
{
	struct conds *c = ctx;
	char num[64], right[160];
	int rw, used;

	if (c->counted && i < c->tr.n)
		/* TRANSLATORS: what a condition removes of the parent's members. */
		snprintf(right, sizeof right, _("✦ removes %s"),
		         tui_group(c->t, c->tr.removes[i], num, sizeof num));
	else
		snprintf(right, sizeof right, _("✦ removes %s"), "…");
	rw = text_width(right) + 1;
	if (w < rw + 10)
		rw = 0;
	/* The term, then what it removes right-aligned. */
	used = tui_put(y, x, w - rw, c->terms[i], true);
	if (rw == 0)
		return;
	if (!cursor)
		attrset(theme_attr(c->counted ? ROLE_NORMAL : ROLE_DIM));
	mvhline(y, x + used, ' ', rw);
	tui_put(y, x + w - (rw - 1), rw - 1, right, false);
}

static const struct list_ops conds_ops = {build, count, NULL, draw_row};

/* --- the model ------------------------------------------------------------------- */

static void
reset(struct conds *c)
{
	rule_terms_free(c->terms, c->n);
	c->terms = NULL, c->n = 0;
	if (c->counted)
		term_removes_free(&c->tr);
	c->counted = c->wanted = c->parse_failed = false;
	free(c->path);
	free(c->rule);
	c->path = c->rule = NULL;
}

static struct conds *
get(struct tui *t)
{
	if (t->conds == NULL && (t->conds = calloc(1, sizeof *t->conds)) != NULL) {
		t->conds->t = t;
		list_init(&t->conds->list, &conds_ops, t->conds);
	}
	return t->conds;
}

void
conds_close(struct tui *t)
{
	if (t->conds == NULL)
		return;
	reset(t->conds);
	free(t->conds);
	t->conds = NULL;
}

static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Follows the tree's selection: a new segment or a changed rule reads the
 * terms again (no database) and asks for the counts. */
static void
conds_sync(struct conds *c)
{
	const struct segment *s = tree_selected(c->t);
	const char *path = s != NULL ? s->path : NULL;
	const char *rule = s != NULL ? (s->rule != NULL ? s->rule : "") : NULL;
	struct err e = {0};
	bool moved;

	if (c->shown && same(path, c->path) && same(rule, c->rule))
		return;
	moved = !same(path, c->path);
	reset(c);
	c->shown = true;
	c->is_static = false;
	if (s == NULL) {
		list_rebuild(&c->list, 0);
		return;
	}
	c->path = strdup(s->path);
	c->rule = strdup(rule != NULL ? rule : "");
	c->is_static = s->is_static;
	if (c->path == NULL || c->rule == NULL) {
		reset(c);
		list_rebuild(&c->list, 0);
		return;
	}
	if (!s->is_static && rule_terms(c->rule, &c->terms, &c->n, &e) != 0) {
		c->parse_failed = true;
		c->terms = NULL, c->n = 0;
	}
	c->wanted = c->n > 0;
	if (moved)
		list_set_cursor(&c->list, 0);
	list_rebuild(&c->list, c->want_id);
	c->want_id = 0;
}

bool
conds_update(struct tui *t)
{
	struct conds *c = get(t);
	struct err e = {0};

	if (c == NULL || !c->wanted)
		return false;
	c->wanted = false;
	if (segment_terms_removes(t->db, c->path, &c->tr, &e) != 0) {
		tui_error(t, &e);
		return true;
	}
	c->counted = true;
	return true;
}

void
conds_stale(struct tui *t)
{
	struct conds *c = get(t);

	if (c != NULL && c->n > 0) {
		if (c->counted)
			term_removes_free(&c->tr);
		c->counted = false;
		c->wanted = true;
	}
}

void
conds_draw(struct tui *t, int y, int x, int h, int w)
{
	struct conds *c = get(t);
	char line[400], a[64], b[64];

	if (c == NULL || h < 4)
		return;
	conds_sync(c);
	if (facet_is_open(t) && h >= 10) { /* the facet takes the lower half */
		int fh = h / 2;

		facet_draw(t, y + h - fh, x, fh, w);
		h -= fh + 1;
	}
	attrset(A_BOLD);
	tui_put(y, x, w, c->path != NULL ? c->path : _("All customers"), false);
	attrset(theme_attr(t->focus_conds ? ROLE_TITLE : ROLE_NORMAL));
	tui_put(y + 2, x, w, _("Conditions (Tab):"), t->focus_conds);
	attrset(theme_attr(ROLE_NORMAL));
	if (c->path == NULL || c->is_static || c->n == 0) {
		attrset(theme_attr(ROLE_DIM));
		tui_put(y + 3, x, w,
		        c->path == NULL ? _("(every customer)")
		        : c->is_static ? _("(a frozen list: no conditions)")
		        : c->parse_failed ? c->rule
		        : _("(every customer of the parent; a adds a condition)"), false);
		attrset(theme_attr(ROLE_NORMAL));
		return;
	}
	if (c->counted)
		snprintf(line, sizeof line, _("with all of them: %s of %s"),
		         tui_group(t, c->tr.all, a, sizeof a), tui_group(t, c->tr.parent, b, sizeof b));
	else
		snprintf(line, sizeof line, _("with all of them: %s of %s"), "…", "…");
	tui_put(y + 3, x, w, line, false);
	c->list.unfocused = !t->focus_conds || facet_is_open(t);
	list_draw(&c->list, y + 4, x, h - 4, w);
}

bool
conds_draw_cursor(struct tui *t)
{
	struct conds *c = t->conds;

	if (c == NULL)
		return true;
	return list_update(&c->list) >= 0 && facet_draw_cursor(t) >= 0;
}

const char *
conds_current(struct tui *t)
{
	struct conds *c = get(t);

	if (c == NULL)
		return NULL;
	conds_sync(c);
	return c->list.cur < c->n ? c->terms[c->list.cur] : NULL;
}

unsigned
conds_mouse(struct tui *t, int y, int x, bool click, int wheel)
{
	struct conds *c = get(t);
	unsigned r;

	if (c == NULL)
		return R_NONE;
	r = facet_mouse(t, y, x, click, wheel);
	if (r == R_NONE)
		r = list_mouse(&c->list, y, x, click, wheel);
	if (r != R_NONE && click && !t->focus_conds) {
		t->focus_conds = true;
		r |= R_REDRAW;
	}
	return r;
}

/* --- edits ----------------------------------------------------------------------- */

/* Stores terms (one of them may be NULL: left out) as the rule of the
 * segment shown: one core call, one undo step. */
static unsigned
store(struct tui *t, const char *const *terms, size_t n, const char *done)
{
	struct conds *c = t->conds;
	struct err e = {0};
	char *rule = NULL;

	if (rule_join_terms(terms, n, &rule, &e) != 0)
		return tui_error(t, &e);
	if (segment_set_rule(t->db, c->path, rule, &e) != 0) {
		free(rule);
		return tui_error(t, &e);
	}
	free(rule);
	tui_message(t, false, "%s", done);
	return R_RELOAD | R_REDRAW;
}

/* The terms with term i replaced by s ("" drops it; i == n appends s). */
static unsigned
store_with(struct tui *t, size_t i, const char *s, const char *done)
{
	struct conds *c = t->conds;
	const char **v = calloc(c->n + 1, sizeof *v);
	size_t n = c->n;
	unsigned r;

	if (v == NULL)
		return R_NONE;
	for (size_t j = 0; j < c->n; j++)
		v[j] = c->terms[j];
	if (i >= n)
		i = n++;
	v[i] = s;
	r = store(t, v, n, done);
	free(v);
	return r;
}

static unsigned
edit_done(struct tui *t, const char *text)
{
	struct conds *c = t->conds;
	size_t i = c->edit;
	struct rule_sql w = {0};
	struct err e = {0};

	if (c->path == NULL)
		return R_REDRAW;
	/* The condition alone first (parsed and its fields checked, nothing
	 * counted): its error's column is where it was typed. */
	if (*text != '\0') {
		if (rule_where(t->db, text, &w, &e) != 0)
			return tui_error(t, &e);
		rule_sql_free(&w);
	}
	if (i == SIZE_MAX) {
		if (*text == '\0')
			return R_REDRAW;
		c->want_id = (long long)c->n + 1;
		return store_with(t, c->n, text, _("Condition added (u undoes it)."));
	}
	if (i >= c->n)
		return R_REDRAW;
	return store_with(t, i, text, _("Condition changed (u undoes it)."));
}

/* The term with `not` toggled: "not x" gives x, x gives "not (x)". */
static char *
toggle_not(const char *term)
{
	char *s;

	if (strncmp(term, "not ", 4) == 0)
		return strdup(term + 4);
	if (asprintf(&s, "not (%s)", term) < 0)
		return NULL;
	return s;
}

unsigned
conds_op(struct tui *t, enum op op)
{
	struct conds *c = get(t);
	size_t i;
	char *s;
	unsigned r;

	if (c == NULL)
		return R_NONE;
	conds_sync(c); /* keys typed ahead of a paint act on the selection */
	i = c->list.cur;
	if ((op == OP_COND_EDIT || op == OP_COND_ADD || op == OP_COND_DELETE ||
	     op == OP_COND_NOT) && (c->path == NULL || c->is_static || c->parse_failed)) {
		tui_message(t, true, "%s",
		            c->path == NULL ? _("All customers has no conditions: select a segment.")
		                            : _("This segment's conditions cannot be edited here."));
		return R_REDRAW;
	}
	switch (op) {
	case OP_COND_EDIT:
		if (c->n == 0)
			return conds_op(t, OP_COND_ADD);
		c->edit = i;
		prompt_open(&t->prompt, _("Condition:"), c->terms[i], edit_done);
		return R_REDRAW;
	case OP_COND_ADD:
		c->edit = SIZE_MAX;
		prompt_open(&t->prompt, _("New condition:"), NULL, edit_done);
		return R_REDRAW;
	case OP_COND_DELETE:
		if (c->n == 0)
			return R_NONE;
		return store_with(t, i, "", _("Condition deleted (u undoes it)."));
	case OP_COND_NOT:
		if (c->n == 0 || (s = toggle_not(c->terms[i])) == NULL)
			return R_NONE;
		r = store_with(t, i, s, _("Condition negated (u undoes it)."));
		free(s);
		return r;
	default:
		return list_op(&c->list, op);
	}
}
