/* The conditions panel on the right: one row for each top-level `and` term
 * of the selected segment's rule, with what it removes of the parent's
 * members given the others (✦), and the count with every term on top.
 * The figures come from the counter (COUNT_WITHOUT, in the panel's slot):
 * "…" until they come; after an edit, a term that stayed keeps its last
 * figure, dimmed, until the new ones come. Edits (change, add, delete, toggle `not`) rebuild the rule from its
 * terms and store it with one core call: one undo step each. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counter.h"
#include "i18n.h"
#include "private.h"
#include "query.h"
#include "rule/rule.h"
#include "rule/terms.h"
#include "segment/segment.h"
#include "text/text.h"

/* The counter's slot for the panel's figures, and its tags, apart from
 * the other views' (the tree's count up from 1; the form's from 1 << 59,
 * the field picker's from 1 << 60, the facet's from 1 << 61, the command
 * line's from 1 << 62). */
#define SLOT_CONDS 3
#define TAG_BASE ((uint64_t)1 << 58)

struct conds {
	struct tui *t;
	char *path;              /* the segment shown; NULL for the root */
	char *rule;              /* its rule when the terms were read */
	bool is_static;
	char **terms;            /* rule_terms of rule */
	size_t n;
	bool parse_failed;
	bool shown;              /* path and rule are those of the selection */
	bool wanted;             /* shown, not asked for yet */
	bool counting;           /* asked for: the result of tag is awaited */
	uint64_t tag, next_tag;
	bool fresh;              /* the figures are those of these terms */
	bool failed;             /* the count failed (its error was shown) */
	bool have_all;           /* all and parent hold figures (maybe stale) */
	long long all, parent;   /* the count with every term; the parent's */
	long long *removes;      /* [n]: what term i removes, -1 unknown */
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

	bool known = c->removes != NULL && c->removes[i] >= 0;

	/* the figures right-aligned in a column as wide as the parent's count,
	 * the most a condition can remove, so that they read down as a column */
	if (known)
		tui_group(c->t, c->removes[i], num, sizeof num);
	else
		snprintf(num, sizeof num, "%s", c->failed ? "?" : "…");
	if (c->have_all) {
		char widest[64];
		int pad = text_width(tui_group(c->t, c->parent, widest, sizeof widest)) -
		          text_width(num);

		if (pad > 0 && (size_t)pad + strlen(num) < sizeof num) {
			memmove(num + pad, num, strlen(num) + 1);
			memset(num, ' ', (size_t)pad);
		}
	}
	/* TRANSLATORS: what a condition removes of the parent's members. */
	snprintf(right, sizeof right, _("✦ removes %s"), num);
	rw = text_width(right) + 1;
	if (w < rw + 10)
		rw = 0;
	/* The term, then what it removes right-aligned. */
	used = tui_put(y, x, w - rw, c->terms[i], true);
	if (rw == 0)
		return;
	if (!cursor)
		attrset(theme_attr(known && c->fresh ? ROLE_NORMAL : ROLE_DIM));
	mvhline(y, x + used, ' ', rw);
	tui_put(y, x + w - (rw - 1), rw - 1, right, false);
}

static const struct list_ops conds_ops = {build, count, NULL, draw_row};

/* --- the model ------------------------------------------------------------------- */

/* Forgets the segment shown and its figures; keep: the figures stay
 * (drawn dimmed) for the terms that are still there after conds_sync. */
static void
reset(struct conds *c, bool keep)
{
	if (!keep) {
		free(c->removes);
		c->removes = NULL;
		c->have_all = false;
		rule_terms_free(c->terms, c->n);
		c->terms = NULL, c->n = 0;
	}
	c->wanted = c->parse_failed = c->fresh = c->failed = false;
	free(c->path);
	free(c->rule);
	c->path = c->rule = NULL;
}

/* The last figures, for the terms now read: a term read before keeps its
 * figure (its text unchanged), a new one has none. old and its figures
 * are freed. */
static void
carry(struct conds *c, char **old, size_t nold, long long *was)
{
	long long *now = c->n > 0 ? malloc(c->n * sizeof *now) : NULL;

	for (size_t i = 0; now != NULL && i < c->n; i++) {
		now[i] = -1;
		for (size_t j = 0; was != NULL && j < nold; j++)
			if (strcmp(c->terms[i], old[j]) == 0)
				now[i] = was[j];
	}
	free(c->removes);
	c->removes = now;
	free(was);
	rule_terms_free(old, nold);
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
	if (t->conds->counting && t->counter != NULL)
		counter_cancel(t->counter, t->conds->tag);
	reset(t->conds, false);
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
	char **old;
	size_t nold;
	long long *was;

	if (c->shown && same(path, c->path) && same(rule, c->rule))
		return;
	moved = !same(path, c->path);
	if (c->counting) /* for what was shown: no longer wanted */
		counter_cancel(c->t->counter, c->tag);
	c->counting = false;
	reset(c, !moved);
	/* the same segment with another rule: what stays keeps its figure */
	old = c->terms, nold = c->n, was = c->removes;
	c->terms = NULL, c->n = 0, c->removes = NULL;
	c->shown = true;
	c->is_static = false;
	if (s == NULL) {
		carry(c, old, nold, was);
		list_rebuild(&c->list, 0);
		return;
	}
	c->path = strdup(s->path);
	c->rule = strdup(rule != NULL ? rule : "");
	c->is_static = s->is_static;
	if (c->path == NULL || c->rule == NULL) {
		carry(c, old, nold, was);
		reset(c, false);
		list_rebuild(&c->list, 0);
		return;
	}
	if (!s->is_static && rule_terms(c->rule, &c->terms, &c->n, &e) != 0) {
		c->parse_failed = true;
		c->terms = NULL, c->n = 0;
	}
	carry(c, old, nold, was);
	if (c->n == 0)
		c->have_all = false;
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
	struct count_req req = {.kind = COUNT_WITHOUT, .slot = SLOT_CONDS};
	struct err e = {0};
	const char *slash;
	char *parent;

	if (c == NULL || !c->wanted)
		return false;
	c->wanted = false;
	slash = strrchr(c->path, '/');
	if ((parent = strndup(c->path, slash != NULL ? (size_t)(slash - c->path) : 0)) == NULL)
		return false;
	req.tag = c->tag = TAG_BASE + c->next_tag++;
	req.parent = parent;
	req.terms = (const char *const *)c->terms;
	req.nterms = c->n;
	c->counting = counter_submit(t->counter, &req, &e) == 0;
	free(parent);
	if (!c->counting) {
		c->failed = true;
		tui_error(t, &e);
	}
	return true;
}

unsigned
conds_counted(struct tui *t, const struct count_result *r)
{
	struct conds *c = t->conds;

	if (c == NULL || !c->counting || r->tag != c->tag || r->kind != COUNT_WITHOUT)
		return R_NONE; /* another view's, or a stale one */
	c->counting = false;
	if (r->status == COUNTER_CANCELLED)
		return R_NONE;
	if (r->status == COUNTER_ERROR || r->nterms != c->n) {
		c->failed = true;
		return r->status == COUNTER_ERROR ? tui_error(t, &r->err) : R_REDRAW;
	}
	free(c->removes);
	if ((c->removes = calloc(c->n + 1, sizeof *c->removes)) == NULL)
		return R_REDRAW;
	for (size_t i = 0; i < c->n; i++)
		c->removes[i] = r->without[i] - r->count;
	c->all = r->count;
	c->parent = r->parent;
	c->have_all = c->fresh = true;
	return R_REDRAW;
}

void
conds_stale(struct tui *t)
{
	struct conds *c = get(t);

	if (c != NULL && c->n > 0) {
		c->fresh = false;
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
	tui_put_tail(y, x, w, c->path != NULL ? c->path : _("All customers"), false);
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
	if (c->have_all)
		snprintf(line, sizeof line, _("with all of them: %s of %s"),
		         tui_group(t, c->all, a, sizeof a), tui_group(t, c->parent, b, sizeof b));
	else
		snprintf(line, sizeof line, _("with all of them: %s of %s"), "…", "…");
	if (!c->have_all || !c->fresh)
		attrset(theme_attr(ROLE_DIM));
	tui_put(y + 3, x, w, line, false);
	attrset(theme_attr(ROLE_NORMAL));
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
	if (i == SIZE_MAX && *text == '\0')
		return R_REDRAW;
	return conds_store_term(t, i, text);
}

unsigned
conds_store_term(struct tui *t, size_t i, const char *term)
{
	struct conds *c = get(t);

	if (c == NULL || c->path == NULL)
		return R_REDRAW;
	if (i == SIZE_MAX) {
		c->want_id = (long long)c->n + 1;
		return store_with(t, c->n, term, _("Condition added (u undoes it)."));
	}
	if (i >= c->n)
		return R_REDRAW;
	return store_with(t, i, term, _("Condition changed (u undoes it)."));
}

/* Enter: a condition the form can show (FIELD OP VALUE) in the form, any
 * other (an `or` group, a `not`, a tag) as text in the prompt. */
static unsigned
edit_term(struct tui *t, struct conds *c, size_t i, bool as_text)
{
	struct rule_cond rc;
	struct err e = {0};
	unsigned r;

	if (!as_text && rule_cond_split(c->terms[i], &rc, &e) == 1) {
		r = form_open(t, c->path, i, &rc);
		rule_cond_free(&rc);
		return r;
	}
	c->edit = i;
	if (!prompt_open(&t->prompt, _("Condition:"), c->terms[i], edit_done))
		return prompt_too_long(t);
	return R_REDRAW;
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

bool
conds_refuse(struct tui *t, bool root, bool fixed)
{
	if (!root && !fixed)
		return false;
	tui_message(t, true, "%s",
	            root ? _("All customers has no conditions: select a segment.")
	                 : _("This segment's conditions cannot be edited here."));
	return true;
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
	     op == OP_COND_NOT || op == OP_COND_TEXT || op == OP_COND_ADD_TEXT) &&
	    conds_refuse(t, c->path == NULL, c->is_static || c->parse_failed))
		return R_REDRAW;
	switch (op) {
	case OP_COND_EDIT:
	case OP_COND_TEXT:
		if (c->n == 0)
			return conds_op(t, op == OP_COND_EDIT ? OP_COND_ADD : OP_COND_ADD_TEXT);
		return edit_term(t, c, i, op == OP_COND_TEXT);
	case OP_COND_ADD:
		return form_open(t, c->path, SIZE_MAX, NULL);
	case OP_COND_ADD_TEXT:
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
