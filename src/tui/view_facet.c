/* The facet panel, under the conditions: a field's values with their
 * counts within the selected segment's parent, a bar each (a text or bool
 * field), or its histogram (a number or date field). Space toggles the
 * value into the field's `= / in (...)` term, or makes the bucket the
 * field's `between` term: one core call, one undo step. The counts are
 * computed in one place, facet_update, after the panel was drawn. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "private.h"
#include "query_facet.h"
#include "rule/terms.h"
#include "segment/segment.h"
#include "text/text.h"

/* At most this many values are shown. */
#define FACET_TOP 200

struct facetp {
	struct tui *t;
	char *field;
	char *path, *rule;    /* the segment the figures are for */
	bool wanted;          /* drawn, not computed yet */
	bool computed;
	bool hist;            /* a number or date field: h, else f */
	struct facet f;
	bool *marked;         /* [i]: f.v[i] is in the segment's term */
	struct histogram h;
	int lw;               /* the widest label, in columns */
	struct list list;
};

/* --- the list's callbacks ---------------------------------------------------- */

static void
build(void *ctx)
{
	(void)ctx; /* the rows are computed in facet_update */
}

static size_t
count(void *ctx)
{
	struct facetp *p = ctx;

	if (!p->computed)
		return 0;
	return p->hist ? p->h.n : p->f.n;
}

/* A bucket's edges as a label: a date's cut to the year or the month
 * when its buckets are whole years or months ("1955 – 1959", "2024-03"). */
static void
hist_label(const struct facetp *p, size_t i, char *buf, size_t size)
{
	const struct hist_bucket *b = &p->h.v[i];
	int keep = 0;

	if (p->h.type == FT_DATE && p->h.unit == 'y')
		keep = 4;
	else if (p->h.type == FT_DATE && p->h.unit == 'm')
		keep = 7;
	if (keep == 0)
		snprintf(buf, size, "%s – %s", b->lo_text, b->hi_text);
	else if (strncmp(b->lo_text, b->hi_text, (size_t)keep) == 0)
		snprintf(buf, size, "%.*s", keep, b->lo_text);
	else
		snprintf(buf, size, "%.*s – %.*s", keep, b->lo_text, keep, b->hi_text);
}

/* The widest label, in columns. */
static int
label_width(const struct facetp *p)
{
	char s[96];
	int max = 0, cw;

	for (size_t i = 0; i < count((void *)p); i++) {
		if (p->hist)
			hist_label(p, i, s, sizeof s);
		else
			snprintf(s, sizeof s, "✓ %s", p->f.v[i].value);
		if ((cw = text_width(s)) > max)
			max = cw;
	}
	return max;
}

static void
draw_row(void *ctx, size_t i, int y, int x, int w, bool cursor)
{
	struct facetp *p = ctx;
	char label[96], num[64];
	long long n, max = 0;
	int lw, nw, bw, fill;

	if (p->hist) {
		hist_label(p, i, label, sizeof label);
		n = p->h.v[i].count;
		for (size_t j = 0; j < p->h.n; j++)
			if (p->h.v[j].count > max)
				max = p->h.v[j].count;
	} else {
		snprintf(label, sizeof label, "%s %s", p->marked != NULL && p->marked[i] ? "✓" : " ",
		         p->f.v[i].value);
		n = p->f.v[i].count;
		max = p->f.v[0].count;
	}
	tui_group(p->t, n, num, sizeof num);
	nw = text_width(num) + 1;
	/* The labels as wide as the longest, leaving the bar some room. */
	lw = p->lw + 1;
	if (lw > w - nw - 6)
		lw = w - nw - 6;
	if (lw < w / 3)
		lw = w / 3;
	bw = w - lw - nw - 1;
	tui_put(y, x, lw, label, true);
	mvhline(y, x + lw, ' ', w - lw);
	if (bw > 0 && max > 0) {
		fill = (int)((n * bw + max - 1) / max);
		if (!cursor)
			attrset(theme_attr(ROLE_UP));
		for (int k = 0; k < fill && k < bw; k++)
			mvaddwstr(y, x + lw + 1 + k, L"█");
		if (!cursor)
			attrset(theme_attr(ROLE_NORMAL));
	}
	tui_put(y, x + w - nw + 1, nw - 1, num, false);
}

static const struct list_ops facet_ops = {build, count, NULL, draw_row};

/* --- the model ------------------------------------------------------------------- */

static void
clear_figures(struct facetp *p)
{
	if (p->computed && !p->hist)
		facet_free(&p->f);
	free(p->marked);
	p->marked = NULL;
	p->computed = false;
	free(p->path);
	free(p->rule);
	p->path = p->rule = NULL;
}

bool
facet_is_open(const struct tui *t)
{
	return t->facet != NULL;
}

void
facet_close(struct tui *t)
{
	struct facetp *p = t->facet;

	if (p == NULL)
		return;
	clear_figures(p);
	free(p->field);
	free(p);
	t->facet = NULL;
}

/* Opens the panel on field; it is computed after its first paint. */
static unsigned
facet_open(struct tui *t, const char *field)
{
	struct facetp *p;

	facet_close(t);
	if ((p = calloc(1, sizeof *p)) == NULL || (p->field = strdup(field)) == NULL) {
		free(p);
		return R_NONE;
	}
	p->t = t;
	p->wanted = true;
	list_init(&p->list, &facet_ops, p);
	t->facet = p;
	return R_REDRAW;
}

static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The selection's path and rule ("" for the root). */
static void
selection(struct tui *t, const char **path, const char **rule)
{
	const struct segment *s = tree_selected(t);

	*path = s != NULL ? s->path : "";
	*rule = s != NULL && s->rule != NULL ? s->rule : "";
}

/* The values of the segment's term on the field, marked. */
static void
mark(struct facetp *p)
{
	char **vals = NULL;
	size_t n = 0;
	struct err e = {0};

	if (p->f.n == 0 || (p->marked = calloc(p->f.n, sizeof *p->marked)) == NULL)
		return;
	if (rule_field_values(p->rule, p->field, &vals, &n, &e) != 0)
		return;
	for (size_t i = 0; i < p->f.n; i++)
		for (size_t j = 0; j < n; j++)
			if (text_same_folded(p->f.v[i].value, vals[j]))
				p->marked[i] = true;
	rule_terms_free(vals, n);
}

/* The one place the panel counts: the figures of the field within the
 * selection's parent (a number or date field: its histogram). */
static void
compute(struct facetp *p)
{
	struct tui *t = p->t;
	const char *path, *rule, *slash;
	char *parent;
	struct err e = {0};

	selection(t, &path, &rule);
	p->path = strdup(path);
	p->rule = strdup(rule);
	slash = strrchr(path, '/');
	parent = strndup(path, slash != NULL ? (size_t)(slash - path) : 0);
	if (p->path == NULL || p->rule == NULL || parent == NULL)
		goto out;
	memset(&p->h, 0, sizeof p->h);
	if (query_histogram(t->db, parent, NULL, p->field, &p->h, &e) == 0) {
		p->hist = true;
		p->computed = true;
	} else {
		memset(&e, 0, sizeof e);
		p->hist = false;
		if (query_facet(t->db, parent, NULL, p->field, FACET_TOP, &p->f, &e) != 0) {
			tui_error(t, &e);
			goto out;
		}
		p->computed = true;
		mark(p);
	}
	p->lw = label_width(p);
	list_rebuild(&p->list, 0);
out:
	free(parent);
}

bool
facet_update(struct tui *t)
{
	struct facetp *p = t->facet;

	if (p == NULL || !p->wanted)
		return false;
	p->wanted = false;
	clear_figures(p);
	compute(p);
	return true;
}

/* Under the rows: the members without a value, and those with a value
 * beyond the rows shown. */
static void
footer(struct facetp *p, int y, int x, int w)
{
	char line[256], a[64], b[64];
	long long empty = p->hist ? p->h.empty : p->f.empty;

	tui_group(p->t, empty, a, sizeof a);
	if (!p->hist && p->f.others > 0)
		snprintf(line, sizeof line, _("no value: %s · other values: %s"), a,
		         tui_group(p->t, p->f.others, b, sizeof b));
	else
		snprintf(line, sizeof line, _("no value: %s"), a);
	attrset(theme_attr(ROLE_DIM));
	tui_put(y, x, w, line, false);
	attrset(theme_attr(ROLE_NORMAL));
}

void
facet_draw(struct tui *t, int y, int x, int h, int w)
{
	struct facetp *p = t->facet;
	const char *path, *rule;
	char title[256];

	if (p == NULL || h < 2)
		return;
	selection(t, &path, &rule);
	if (p->computed && (!same(path, p->path) || !same(rule, p->rule)))
		p->wanted = true; /* a new selection or rule: figures again */
	attrset(theme_attr(t->focus_conds ? ROLE_TITLE : ROLE_NORMAL));
	/* TRANSLATORS: the facet panel's title; %s is a field. */
	snprintf(title, sizeof title, _("Facet: %s (Space picks, Esc closes)"), p->field);
	tui_put(y, x, w, title, t->focus_conds);
	attrset(theme_attr(ROLE_NORMAL));
	if (p->wanted || !p->computed) {
		attrset(theme_attr(ROLE_DIM));
		tui_put(y + 1, x, w, p->wanted ? "…" : _("(no figures)"), false);
		attrset(theme_attr(ROLE_NORMAL));
		return;
	}
	if (count(p) == 0) {
		attrset(theme_attr(ROLE_DIM));
		tui_put(y + 1, x, w, _("(no member of the parent has a value)"), false);
		attrset(theme_attr(ROLE_NORMAL));
		return;
	}
	p->list.unfocused = !t->focus_conds;
	if (h < 4) {
		list_draw(&p->list, y + 1, x, h - 1, w);
		return;
	}
	list_draw(&p->list, y + 1, x, h - 2, w);
	footer(p, y + h - 1, x, w);
}

int
facet_draw_cursor(struct tui *t)
{
	return t->facet != NULL ? list_update(&t->facet->list) : 0;
}

/* --- keys ---------------------------------------------------------------------- */

/* The field of a condition: its first word, past `not` and brackets. */
static char *
term_field(const char *term)
{
	size_t n;

	for (;;) {
		while (*term == ' ' || *term == '(')
			term++;
		if (strncmp(term, "not ", 4) != 0)
			break;
		term += 4;
	}
	n = strcspn(term, " =<>!(),");
	return n > 0 ? strndup(term, n) : NULL;
}

static unsigned
pick_done(struct tui *t, const char *text)
{
	char *f = term_field(text);
	unsigned r;

	if (f == NULL)
		return R_REDRAW;
	r = facet_open(t, f);
	free(f);
	return r | R_REDRAW;
}

/* Stores rule as the selected segment's: one core call, one undo step. */
static unsigned
store(struct tui *t, char *rule, const char *done, struct err *e)
{
	const char *path, *old;

	selection(t, &path, &old);
	if (segment_set_rule(t->db, path, rule, e) != 0) {
		free(rule);
		return tui_error(t, e);
	}
	free(rule);
	tui_message(t, false, "%s", done);
	return R_RELOAD | R_REDRAW;
}

static unsigned
toggle(struct tui *t)
{
	struct facetp *p = t->facet;
	const struct segment *s = tree_selected(t);
	const char *path, *rule;
	struct err e = {0};
	char *out = NULL;
	size_t i;

	if (p != NULL && p->wanted) /* typed ahead of the first paint */
		facet_update(t);
	if (p == NULL || !p->computed || count(p) == 0)
		return R_NONE;
	if (s == NULL || s->is_static) {
		tui_message(t, true, "%s",
		            s == NULL ? _("All customers has no conditions: select a segment.")
		                      : _("This segment's conditions cannot be edited here."));
		return R_REDRAW;
	}
	selection(t, &path, &rule);
	i = p->list.cur;
	if (p->hist) {
		if (rule_set_range(rule, p->field, p->h.v[i].lo_text, p->h.v[i].hi_text, &out, &e) != 0)
			return tui_error(t, &e);
		return store(t, out, _("Range set (u undoes it)."), &e);
	}
	if (rule_toggle_value(rule, p->field, p->f.v[i].value, &out, &e) != 0)
		return tui_error(t, &e);
	return store(t, out, _("Value toggled (u undoes it)."), &e);
}

unsigned
facet_op(struct tui *t, enum op op)
{
	char *f;
	unsigned r;

	switch (op) {
	case OP_FACET_OPEN:
		if ((f = term_field(conds_current(t) != NULL ? conds_current(t) : "")) == NULL) {
			tui_message(t, true, "%s", _("No condition here: f asks for a field."));
			return R_REDRAW;
		}
		r = facet_open(t, f);
		free(f);
		return r;
	case OP_FACET_PICK:
		prompt_open(&t->prompt, _("Facet of the field:"), NULL, pick_done);
		return R_REDRAW;
	case OP_FACET_TOGGLE:
		return toggle(t);
	case OP_FACET_CLOSE:
		if (t->facet == NULL)
			return R_NONE;
		facet_close(t);
		return R_REDRAW;
	default:
		return t->facet != NULL ? list_op(&t->facet->list, op) : R_NONE;
	}
}

unsigned
facet_mouse(struct tui *t, int y, int x, bool click, int wheel)
{
	struct facetp *p = t->facet;

	if (p == NULL || !p->computed)
		return R_NONE;
	return list_mouse(&p->list, y, x, click, wheel);
}
