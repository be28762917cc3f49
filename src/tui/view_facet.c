/* The facet panel, under the conditions: a field's values with their
 * counts within the selected segment's parent, a bar each (a text or bool
 * field), or its histogram (a number or date field). Space toggles the
 * value into the field's `= / in (...)` term, or makes the bucket the
 * field's `between` term: one core call, one undo step. The figures come
 * from the counter, asked for in one place, facet_update, after the panel
 * was drawn with "…": the histogram first (COUNT_HIST), the values
 * (COUNT_FACET) when the field has none. They are those of the parent: a
 * sibling needs no new ones, and an edit of the segment's rule only marks
 * them again at once; but any edit of the tree (the parent's rule may
 * have changed) and `c` count them again, the last ones drawn dimmed
 * until the new ones come. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counter.h"
#include "i18n.h"
#include "private.h"
#include "query.h"
#include "query_facet.h"
#include "rule/rule.h"
#include "rule/terms.h"
#include "segment/segment.h"
#include "text/date.h"
#include "text/text.h"

/* At most this many values are shown. */
#define FACET_TOP 200
/* The counter's slot for the panel's figures, and its tags (apart from the
 * other views': see view_conds.c). */
#define SLOT_FACET 4
#define TAG_BASE ((uint64_t)1 << 61)

struct facetp {
	struct tui *t;
	char *field;
	char *parent;         /* the parent the figures are (to be) for */
	char *rule;           /* the segment's rule when marked */
	bool wanted;          /* drawn, not asked for yet */
	bool counting;        /* asked for: the result of tag is awaited */
	bool pending;         /* Space typed before the figures: for them */
	bool stale;           /* the figures are the last ones: drawn dimmed
	                         while they are counted again */
	uint64_t tag, next_tag;
	bool computed;
	bool hist;            /* a number or date field: h, else f */
	struct facet f;
	bool *marked;         /* [i]: f.v[i] is in the segment's term, or
	                         h.v[i] within its range */
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

/* A bucket's edges as a label, after its mark ("✓" when the segment's
 * range covers it): a date's cut to the year or the month when its
 * buckets are whole years or months ("1955 – 1959", "2024-03"); a bucket
 * of one value is that value. */
static void
hist_label(const struct facetp *p, size_t i, char *buf, size_t size)
{
	const struct hist_bucket *b = &p->h.v[i];
	const char *m = p->marked != NULL && p->marked[i] ? "✓" : " ";
	int keep = 0;

	if (p->h.type == FT_DATE && p->h.unit == 'y')
		keep = 4;
	else if (p->h.type == FT_DATE && p->h.unit == 'm')
		keep = 7;
	if (keep == 0 && strcmp(b->lo_text, b->hi_text) == 0)
		snprintf(buf, size, "%s %s", m, b->lo_text); /* one value: "5", not "5 – 5" */
	else if (keep == 0)
		snprintf(buf, size, "%s %s – %s", m, b->lo_text, b->hi_text);
	else if (strncmp(b->lo_text, b->hi_text, (size_t)keep) == 0)
		snprintf(buf, size, "%s %.*s", m, keep, b->lo_text);
	else
		snprintf(buf, size, "%s %.*s – %.*s", m, keep, b->lo_text, keep, b->hi_text);
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
	if (p->stale && !cursor)
		attrset(theme_attr(ROLE_DIM));
	tui_put(y, x, lw, label, true);
	mvhline(y, x + lw, ' ', w - lw);
	if (bw > 0 && max > 0) {
		fill = (int)((n * bw + max - 1) / max);
		if (!cursor)
			attrset(theme_attr(p->stale ? ROLE_DIM : ROLE_UP));
		for (int k = 0; k < fill && k < bw; k++)
			mvaddwstr(y, x + lw + 1 + k, L"█");
		if (!cursor)
			attrset(theme_attr(p->stale ? ROLE_DIM : ROLE_NORMAL));
	}
	tui_put(y, x + w - nw + 1, nw - 1, num, false);
	if (p->stale && !cursor)
		attrset(theme_attr(ROLE_NORMAL));
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
	free(p->parent);
	free(p->rule);
	p->parent = p->rule = NULL;
}

void
facet_stale(struct tui *t)
{
	struct facetp *p = t->facet;

	if (p != NULL && p->computed)
		p->wanted = p->stale = true;
	else if (p != NULL && p->counting)
		p->wanted = true;
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
	if (p->counting && t->counter != NULL)
		counter_cancel(t->counter, p->tag);
	clear_figures(p);
	free(p->field);
	free(p);
	t->facet = NULL;
}

/* Opens the panel on field; its figures are asked for after its first
 * paint. */
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

/* The parent of the selection, malloc'd ("" for the base). */
static char *
selection_parent(struct tui *t)
{
	const char *path, *rule, *slash;

	selection(t, &path, &rule);
	slash = strrchr(path, '/');
	return strndup(path, slash != NULL ? (size_t)(slash - path) : 0);
}

/* The number or the ISO date s as a number ("2024-03-31" as its day
 * number); false when it is not one of the histogram's type. */
static bool
bound(const struct facetp *p, const char *s, double *out)
{
	int y, m, d;
	char *end;

	if (p->h.type == FT_DATE) {
		if (!date_read_ymd(s, &y, &m, &d) || s[10] != '\0')
			return false;
		*out = (double)date_to_days(y, m, d);
		return true;
	}
	*out = strtod(s, &end);
	return end != s && *end == '\0';
}

/* The buckets the segment's range on the field covers, marked: each with
 * both edges within it (as between reads a bucket's edges). */
static void
mark_buckets(struct facetp *p)
{
	struct rule_range r;
	struct err e = {0};
	double lo = 0, hi = 0, blo, bhi;

	if (rule_field_range(p->rule, p->field, &r, &e) != 0)
		return;
	if ((r.lo == NULL && r.hi == NULL) || (r.lo != NULL && !bound(p, r.lo, &lo)) ||
	    (r.hi != NULL && !bound(p, r.hi, &hi)))
		goto out;
	for (size_t i = 0; i < p->h.n; i++) {
		if (!bound(p, p->h.v[i].lo_text, &blo) || !bound(p, p->h.v[i].hi_text, &bhi))
			continue;
		p->marked[i] = (r.lo == NULL || blo > lo || (blo == lo && !r.lo_strict)) &&
		               (r.hi == NULL || bhi < hi || (bhi == hi && !r.hi_strict));
	}
out:
	rule_range_free(&r);
}

/* The values of the segment's term on the field, or the buckets of its
 * range, marked. */
static void
mark(struct facetp *p)
{
	char **vals = NULL;
	size_t n = 0, rows = p->hist ? p->h.n : p->f.n;
	struct err e = {0};

	free(p->marked);
	p->marked = NULL;
	if (rows == 0 || (p->marked = calloc(rows, sizeof *p->marked)) == NULL)
		return;
	if (p->hist) {
		mark_buckets(p);
		return;
	}
	if (rule_field_values(p->rule, p->field, &vals, &n, &e) != 0)
		return;
	for (size_t i = 0; i < p->f.n; i++)
		for (size_t j = 0; j < n; j++)
			if (text_same_folded(p->f.v[i].value, vals[j]))
				p->marked[i] = true;
	rule_terms_free(vals, n);
}

/* Follows the selection: another parent wants other figures; another
 * rule, other marks. */
static void
facet_sync(struct facetp *p)
{
	const char *path, *rule;
	char *parent = selection_parent(p->t);

	selection(p->t, &path, &rule);
	if (parent != NULL && (p->computed || p->counting) && !same(parent, p->parent))
		p->wanted = true, p->pending = p->stale = false;
	free(parent);
	if (p->computed && (!p->wanted || p->stale) && !same(rule, p->rule)) {
		free(p->rule);
		p->rule = strdup(rule);
		mark(p);
	}
}

static unsigned toggle(struct tui *t);

/* Asks the counter for kind (COUNT_HIST or COUNT_FACET) of the field
 * within the parent. */
static int
ask(struct facetp *p, enum count_kind kind, struct err *e)
{
	struct count_req req = {.kind = kind, .slot = SLOT_FACET, .field = p->field,
	                        .parent = p->parent, .limit = FACET_TOP};

	req.tag = p->tag = TAG_BASE + p->next_tag++;
	p->counting = counter_submit(p->t->counter, &req, e) == 0;
	return p->counting ? 0 : -1;
}

bool
facet_update(struct tui *t)
{
	struct facetp *p = t->facet;
	const char *path, *rule;
	struct err e = {0};
	char *parent;

	if (p == NULL || !p->wanted)
		return false;
	p->wanted = false;
	selection(t, &path, &rule);
	if ((parent = selection_parent(t)) == NULL)
		return false;
	if (!p->stale || !same(parent, p->parent)) {
		clear_figures(p); /* another parent's: "…" */
		p->stale = false;
	} else { /* the figures stay, dimmed, until the new ones come */
		free(p->parent);
		free(p->rule);
	}
	p->parent = parent;
	p->rule = strdup(rule);
	if (p->rule == NULL)
		return false;
	if (ask(p, COUNT_HIST, &e) != 0)
		tui_error(t, &e);
	return true;
}

unsigned
facet_counted(struct tui *t, struct count_result *r)
{
	struct facetp *p = t->facet;
	struct err e = {0};

	if (p == NULL || !p->counting || r->tag != p->tag ||
	    (r->kind != COUNT_HIST && r->kind != COUNT_FACET))
		return R_NONE; /* another view's, or a stale one */
	p->counting = false;
	if (r->status == COUNTER_CANCELLED)
		return R_NONE;
	if (r->kind == COUNT_HIST && r->status == COUNTER_ERROR) {
		/* not a number or a date: its values */
		if (ask(p, COUNT_FACET, &e) != 0)
			return tui_error(t, &e);
		return R_NONE;
	}
	if (r->status == COUNTER_ERROR)
		return tui_error(t, &r->err);
	if (p->computed && !p->hist) /* the last ones, drawn until now */
		facet_free(&p->f);
	p->stale = false;
	p->hist = r->kind == COUNT_HIST;
	if (p->hist) {
		p->h = r->hist;
	} else {
		p->f = r->facet; /* taken */
		memset(&r->facet, 0, sizeof r->facet);
	}
	p->computed = true;
	mark(p);
	p->lw = label_width(p);
	list_rebuild(&p->list, 0);
	if (p->pending) {
		p->pending = false;
		return toggle(t) | R_REDRAW;
	}
	return R_REDRAW;
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
	char title[256];
	const char *hint;
	int used;

	if (p == NULL || h < 2)
		return;
	facet_sync(p);
	attrset(theme_attr(t->focus_conds ? ROLE_TITLE : ROLE_NORMAL));
	/* TRANSLATORS: the facet panel's title; %s is a field. */
	snprintf(title, sizeof title, _("Facet: %s"), p->field);
	tui_put(y, x, w, title, t->focus_conds);
	used = text_width(title);
	/* its keys beside it, when they fit */
	hint = p->hist ? _("Space picks · = range · Esc")
	               : _("Space toggles · Esc");
	if (t->focus_conds && used + 2 + text_width(hint) <= w)
		tui_put(y, x + w - text_width(hint), text_width(hint), hint, false);
	attrset(theme_attr(ROLE_NORMAL));
	if ((p->wanted && !p->stale) || !p->computed) {
		attrset(theme_attr(ROLE_DIM));
		tui_put(y + 1, x, w, p->wanted || p->counting ? "…" : _("(no figures)"), false);
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

/* The field picker's answer to f. */
static unsigned
picked(struct tui *t, const char *field)
{
	return field != NULL ? facet_open(t, field) | R_REDRAW : R_REDRAW;
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

	if (p != NULL)
		facet_sync(p); /* typed ahead of a paint */
	if (p != NULL && ((p->wanted && !p->stale) || (p->counting && !p->computed))) {
		p->pending = true; /* typed ahead: picks when the figures come */
		return R_NONE;
	}
	if (p == NULL || !p->computed || count(p) == 0)
		return R_NONE;
	if (conds_refuse(t, s == NULL, s != NULL && s->is_static))
		return R_REDRAW;
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

/* Splits a typed range "from – to" (also "from .. to", "from - to", and
 * "5-10" for a number) into its sides, trimmed, NULL when empty. -1 when
 * there is no separator in a text that is not empty. */
static int
split_range(const char *text, bool number, char **lo, char **hi)
{
	static const char *const seps[] = {"–", "—", "..", " - "};
	const char *sep = NULL, *a, *b;
	size_t seplen = 0, i;

	*lo = *hi = NULL;
	for (i = 0; i < sizeof seps / sizeof seps[0] && sep == NULL; i++)
		if ((sep = strstr(text, seps[i])) != NULL)
			seplen = strlen(seps[i]);
	for (i = 1; sep == NULL && number && text[i - 1] != '\0' && text[i] != '\0'; i++)
		if (text[i] == '-' && (strchr("0123456789.", text[i - 1]) != NULL))
			sep = text + i, seplen = 1;
	if (sep == NULL) {
		for (a = text; *a == ' '; a++)
			;
		return *a == '\0' ? 0 : -1;
	}
	for (a = text; *a == ' '; a++)
		;
	for (b = sep; b > a && b[-1] == ' '; b--)
		;
	if (b > a)
		*lo = strndup(a, (size_t)(b - a));
	for (a = sep + seplen; *a == ' '; a++)
		;
	for (b = a + strlen(a); b > a && b[-1] == ' '; b--)
		;
	if (b > a)
		*hi = strndup(a, (size_t)(b - a));
	return 0;
}

/* The typed range: checked alone as the field's condition (the rule's
 * parser and the field's type), then in place of the field's range
 * conditions: one core call, one undo step. Empty: the range removed. */
static unsigned
range_done(struct tui *t, const char *text)
{
	struct facetp *p = t->facet;
	const char *path, *rule;
	struct rule_range had = {0};
	struct rule_sql w = {0};
	struct err e = {0};
	char *lo = NULL, *hi = NULL, *term = NULL, *out = NULL;
	unsigned r = R_REDRAW;

	if (p == NULL)
		return R_REDRAW;
	selection(t, &path, &rule);
	/* a side is one number or date: no space within (the parser would
	 * read "10 – 24" as 10 and stop) */
	if (split_range(text, !p->computed || p->h.type == FT_NUMBER, &lo, &hi) != 0 ||
	    (lo != NULL && strchr(lo, ' ') != NULL) || (hi != NULL && strchr(hi, ' ') != NULL)) {
		free(lo);
		free(hi);
		tui_message(t, true, _("\"%s\" is not a range: type from – to (either side may be "
		                       "empty), e.g. 100 – 500"), text);
		return R_REDRAW;
	}
	if (lo == NULL && hi == NULL) {
		if (rule_field_range(rule, p->field, &had, &e) != 0 ||
		    (had.lo == NULL && had.hi == NULL))
			goto out; /* nothing typed, nothing to remove */
		if (rule_set_range(rule, p->field, NULL, NULL, &out, &e) != 0)
			r = tui_error(t, &e);
		else
			r = store(t, out, _("Range removed (u undoes it)."), &e);
		goto out;
	}
	if (rule_set_range("", p->field, lo, hi, &term, &e) != 0 ||
	    rule_where(t->db, term, &w, &e) != 0) {
		/* its column is within the condition, not what was typed */
		e.line = e.col = 0;
		err_prefix(&e, _("the range %s: "), text);
		r = tui_error(t, &e);
		goto out;
	}
	if (rule_set_range(rule, p->field, lo, hi, &out, &e) != 0)
		r = tui_error(t, &e);
	else
		r = store(t, out, _("Range set (u undoes it)."), &e);
out:
	rule_sql_free(&w);
	rule_range_free(&had);
	free(term);
	free(lo);
	free(hi);
	return r;
}

/* =: a prompt for the histogram's field's range, with the segment's. */
static unsigned
range_open(struct tui *t)
{
	struct facetp *p = t->facet;
	const struct segment *s = tree_selected(t);
	const char *path, *rule;
	struct rule_range had = {0};
	struct err e = {0};
	char label[200], init[160];

	if (p == NULL || (p->computed && !p->hist)) {
		tui_message(t, true, "%s",
		            _("= types a range in the histogram of a number or date field "
		              "(F or f opens one)."));
		return R_REDRAW;
	}
	if (conds_refuse(t, s == NULL, s != NULL && s->is_static))
		return R_REDRAW;
	selection(t, &path, &rule);
	init[0] = '\0';
	/* the segment's range, when it reads back as one (not `> x`) */
	if (rule_field_range(rule, p->field, &had, &e) == 0 && (had.lo != NULL || had.hi != NULL) &&
	    !had.lo_strict && !had.hi_strict)
		snprintf(init, sizeof init, "%s – %s", had.lo != NULL ? had.lo : "",
		         had.hi != NULL ? had.hi : "");
	rule_range_free(&had);
	/* TRANSLATORS: the prompt of a typed range; %s is a field. */
	snprintf(label, sizeof label, _("Range of %s (from – to):"), p->field);
	prompt_open(&t->prompt, label, init, range_done);
	return R_REDRAW;
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
		return fields_pick(t, t->facet != NULL ? t->facet->field : NULL, picked);
	case OP_FACET_TOGGLE:
		return toggle(t);
	case OP_FACET_RANGE:
		return range_open(t);
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
