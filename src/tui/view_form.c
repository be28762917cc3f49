/* The condition form, in a box over the screen: a field (chosen in the
 * field picker), an operator among those of the field's type (the rule
 * module's table), a value typed as text with completions (the field's
 * most frequent values within the segment's parent, which the counter
 * finds while "…" stands in for them). The rule it will
 * write is shown as it changes, with the parser's or the compiler's error
 * and a caret under its column; Enter stores it through the conditions
 * panel (one core call, one undo step). What the form cannot show (an `or`
 * group, a `not`) stays with the panel's text prompt. */
#include "config.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "counter.h"
#include "fields.h"
#include "i18n.h"
#include "private.h"
#include "query.h"
#include "query_facet.h"
#include "rule/rule.h"
#include "rule/terms.h"
#include "segment/segment.h"
#include "text/text.h"

/* At most this many completions. */
#define FORM_COMPLETIONS 20
/* The counter's slot and tags for them (the field picker's fill rates
 * are slot 20, tags from 1 << 60). */
#define SLOT_COMPLETE 21
#define TAG_COMPLETE ((uint64_t)1 << 59)

enum row { ROW_FIELD, ROW_OP, ROW_VALUE };

struct form {
	size_t edit;               /* the condition changed; SIZE_MAX: a new one */
	char *path;                /* the segment's */
	char *parent;              /* its parent's ("" for the base) */
	struct field_catalog cat;
	char *field;               /* NULL until one is picked */
	enum field_type type;
	const char *ops[24];       /* the operators of the field's type */
	size_t nops, op;
	struct line value;
	enum row row;
	char *draft;               /* the rule it will write, or the draft */
	struct err err;            /* its error, when err.code != 0 */
	bool comp_open;            /* the completions are shown */
	bool tried;                /* Enter was pressed: an empty value is an error now */
	struct facet comp;
	bool comp_known;           /* comp holds the values asked for last */
	uint64_t comp_tag, next_tag; /* the counter's request for them */
	bool comp_asked;
	size_t comp_cur;
	int cy, cx;                /* where the terminal's cursor goes */
};

bool
form_active(const struct tui *t)
{
	return t->form != NULL;
}

static void
comp_clear(struct form *f)
{
	if (f->comp_known)
		facet_free(&f->comp);
	f->comp_known = false;
	f->comp_cur = 0;
}

void
form_close(struct tui *t)
{
	struct form *f = t->form;

	if (f == NULL)
		return;
	if (f->comp_asked && t->counter != NULL)
		counter_cancel(t->counter, f->comp_tag);
	comp_clear(f);
	fields_free(&f->cat);
	free(f->path);
	free(f->parent);
	free(f->field);
	free(f->draft);
	free(f);
	t->form = NULL;
}

/* --- the model ------------------------------------------------------------------- */

static bool
no_value(const struct form *f)
{
	return f->nops > 0 && (strcmp(f->ops[f->op], "is empty") == 0 ||
	                       strcmp(f->ops[f->op], "is not empty") == 0);
}

/* The rule the form will write, checked as the panel checks a condition:
 * parsed, then compiled against the base (its fields and their types). */
static void
redraft(struct tui *t, struct form *f)
{
	char value[LINE_TEXT_SIZE];
	struct rule_sql w = {0};

	free(f->draft);
	f->draft = NULL;
	memset(&f->err, 0, sizeof f->err);
	if (f->field == NULL || f->nops == 0)
		return;
	line_text(&f->value, value, sizeof value);
	if (rule_cond_join(f->field, f->ops[f->op], value, &f->draft, &f->err) != 0)
		return;
	if (rule_where(t->db, f->draft, &w, &f->err) != 0)
		return;
	rule_sql_free(&w);
}

/* The field (a name or label) and its type's operators; the operator kept
 * when the new type has it, else the first ("="). */
static void
set_field(struct form *f, const char *name)
{
	const struct field *fl = fields_find(&f->cat, name);
	const char *was = f->nops > 0 ? f->ops[f->op] : NULL;
	const struct rule_op_info *ops;
	size_t n, i;
	char *copy = strdup(name);

	if (copy == NULL)
		return;
	free(f->field);
	f->field = copy;
	f->type = fl != NULL ? fl->type : FT_TEXT;
	f->nops = f->op = 0;
	ops = rule_ops(&n);
	for (i = 0; i < n && f->nops < sizeof f->ops / sizeof f->ops[0]; i++) {
		if (!(ops[i].types & (1u << f->type)))
			continue;
		if (was != NULL && strcmp(ops[i].name, was) == 0)
			f->op = f->nops;
		f->ops[f->nops++] = ops[i].name;
	}
}

/* The part of the value a completion replaces: after the last comma of an
 * `in` list, after " and " of a between, else all of it. */
static size_t
comp_start(const struct form *f)
{
	const char *op = f->nops > 0 ? f->ops[f->op] : "";
	size_t i;

	if (strcmp(op, "in") == 0 || strcmp(op, "not in") == 0) {
		for (i = f->value.len; i > 0; i--)
			if (f->value.buf[i - 1] == L',')
				break;
	} else if (strcmp(op, "between") == 0) {
		for (i = f->value.len; i >= 5; i--)
			if (wcsncmp(&f->value.buf[i - 5], L" and ", 5) == 0)
				break;
		if (i < 5)
			i = 0;
	} else {
		return 0;
	}
	while (i < f->value.len && f->value.buf[i] == L' ')
		i++;
	return i;
}

/* Asks the counter for the completions of the value being typed: the
 * field's most frequent values within the segment's parent that start
 * with it ("…" until they come; a newer request cancels this one). */
static void
complete(struct tui *t, struct form *f)
{
	char prefix[LINE_TEXT_SIZE];
	struct err e = {0};
	size_t from = comp_start(f);
	struct line tmp;
	struct count_req req = {.kind = COUNT_COMPLETE, .slot = SLOT_COMPLETE,
	                        .limit = FORM_COMPLETIONS};

	comp_clear(f);
	if (f->field == NULL)
		return;
	/* the prefix: the value's text from the part completed on */
	tmp.len = f->value.len - from;
	memcpy(tmp.buf, f->value.buf + from, tmp.len * sizeof tmp.buf[0]);
	line_text(&tmp, prefix, sizeof prefix);
	req.tag = f->comp_tag = TAG_COMPLETE + f->next_tag++;
	req.parent = f->parent;
	req.field = f->field;
	req.prefix = prefix;
	f->comp_asked = counter_submit(t->counter, &req, &e) == 0;
	if (!f->comp_asked)
		tui_error(t, &e);
}

unsigned
form_counted(struct tui *t, const struct count_result *r)
{
	struct form *f = t->form;
	size_t i;

	if (f == NULL || !f->comp_asked || r->tag != f->comp_tag)
		return R_NONE;
	f->comp_asked = false;
	if (r->status == COUNTER_ERROR)
		return tui_error(t, &r->err);
	if (r->status != COUNTER_OK)
		return R_NONE;
	/* a copy: the result is the loop's to clear */
	comp_clear(f);
	f->comp = r->facet;
	f->comp.v = calloc(r->facet.n + 1, sizeof *f->comp.v);
	f->comp.n = 0;
	if (f->comp.v == NULL)
		return R_NONE;
	f->comp_known = true;
	for (i = 0; i < r->facet.n; i++) {
		if ((f->comp.v[i].value = strdup(r->facet.v[i].value)) == NULL)
			break;
		f->comp.v[i].count = r->facet.v[i].count;
		f->comp.n = i + 1;
	}
	return f->comp_open ? R_REDRAW : R_NONE;
}

/* Puts the completion under the cursor in place of the part typed. */
static void
accept(struct tui *t, struct form *f)
{
	const char *v;
	char value[2 * LINE_TEXT_SIZE], head[LINE_TEXT_SIZE], typed[LINE_TEXT_SIZE];
	size_t from = comp_start(f);
	bool list = strcmp(f->ops[f->op], "in") == 0 || strcmp(f->ops[f->op], "not in") == 0;

	if (!f->comp_known || f->comp_cur >= f->comp.n)
		return;
	v = f->comp.v[f->comp_cur].value;
	line_text(&f->value, typed, sizeof typed);
	f->value.len = from;
	line_text(&f->value, head, sizeof head);
	/* a value with a comma in a list goes in quotes, or it would be two */
	if (list && strchr(v, ',') != NULL && strchr(v, '"') == NULL)
		snprintf(value, sizeof value, "%s\"%s\"", head, v);
	else
		snprintf(value, sizeof value, "%s%s", head, v);
	if (!line_set(&f->value, value)) /* no room: the line stays as typed */
		line_set(&f->value, typed);
	f->comp_open = false;
	comp_clear(f);
	redraft(t, f);
}

/* --- opening it ------------------------------------------------------------------- */

static unsigned
field_picked(struct tui *t, const char *name)
{
	struct form *f = t->form;

	if (f == NULL)
		return R_REDRAW;
	if (name == NULL) {
		if (f->field == NULL) /* cancelled before any field: no form */
			form_close(t);
		return R_REDRAW;
	}
	set_field(f, name);
	f->row = ROW_OP;
	redraft(t, f);
	return R_REDRAW;
}

unsigned
form_open(struct tui *t, const char *path, size_t edit, const struct rule_cond *c)
{
	struct form *f;
	struct err e = {0};
	const char *slash = strrchr(path, '/');

	form_close(t);
	if ((f = calloc(1, sizeof *f)) == NULL)
		return R_NONE;
	f->edit = edit;
	f->path = strdup(path);
	f->parent = strndup(path, slash != NULL ? (size_t)(slash - path) : 0);
	if (f->path == NULL || f->parent == NULL || fields_load(t->db, &f->cat, &e) != 0) {
		free(f->path);
		free(f->parent);
		free(f);
		return e.code != 0 ? tui_error(t, &e) : R_NONE;
	}
	t->form = f;
	if (c != NULL) {
		set_field(f, c->field);
		f->op = f->nops;
		for (size_t i = 0; i < f->nops; i++)
			if (strcmp(f->ops[i], c->op) == 0)
				f->op = i;
		/* an operator the field's type has not (the field unknown, or
		 * of another type now) stays, for its error to show */
		if (f->op == f->nops && f->nops < sizeof f->ops / sizeof f->ops[0])
			f->ops[f->nops++] = c->op;
		if (f->op >= f->nops)
			f->op = 0;
		if (!line_set(&f->value, c->value)) {
			form_close(t);
			return prompt_too_long(t);
		}
		f->row = ROW_VALUE;
		redraft(t, f);
		return R_REDRAW;
	}
	/* a new condition starts with its field */
	return fields_pick(t, NULL, field_picked);
}

/* --- keys ------------------------------------------------------------------------- */

static unsigned
submit(struct tui *t, struct form *f)
{
	size_t edit = f->edit;
	char *rule;
	unsigned r;

	redraft(t, f);
	f->tried = true;
	if (f->field == NULL)
		return fields_pick(t, NULL, field_picked);
	if (f->err.code != 0 || f->draft == NULL)
		return R_REDRAW; /* the error is on the form */
	rule = f->draft;
	f->draft = NULL;
	form_close(t);
	r = conds_store_term(t, edit, rule);
	free(rule);
	return r | R_REDRAW;
}

/* The value's line editor: a move redraws, an edit drafts the rule again. */
static unsigned
edit_value(struct tui *t, struct form *f, struct key k)
{
	bool move = k.fn && (k.code == KEY_LEFT || k.code == KEY_RIGHT || k.code == KEY_HOME ||
	                     k.code == KEY_END);

	if (!line_key(&f->value, k))
		return R_NONE;
	if (move)
		return R_REDRAW;
	redraft(t, f);
	if (f->comp_open)
		complete(t, f);
	return R_REDRAW;
}

/* Keys while the completions are shown: ↑↓ move, Enter takes one, Esc
 * closes them; the rest edit the value (and complete it again). */
static unsigned
comp_key(struct tui *t, struct form *f, struct key k)
{
	size_t n = f->comp_known ? f->comp.n : 0;

	if (!k.fn && k.code == 27) {
		f->comp_open = false;
		return R_REDRAW;
	}
	if ((k.fn && k.code == KEY_ENTER) || (!k.fn && (k.code == '\n' || k.code == '\r' ||
	                                                k.code == '\t'))) {
		if (n == 0) {
			f->comp_open = false;
			return R_REDRAW;
		}
		accept(t, f);
		return R_REDRAW;
	}
	if (k.fn && k.code == KEY_DOWN) {
		if (f->comp_cur + 1 < n)
			f->comp_cur++;
		return R_REDRAW;
	}
	if (k.fn && k.code == KEY_UP) {
		if (f->comp_cur == 0)
			f->comp_open = false;
		else
			f->comp_cur--;
		return R_REDRAW;
	}
	return edit_value(t, f, k);
}

unsigned
form_key(struct tui *t, struct key k)
{
	struct form *f = t->form;
	bool enter = (k.fn && k.code == KEY_ENTER) || (!k.fn && (k.code == '\n' || k.code == '\r'));
	bool tab = !k.fn && k.code == '\t';

	if (f == NULL)
		return R_NONE;
	if (k.fn && k.code == KEY_RESIZE)
		return R_REDRAW;
	if (f->comp_open)
		return comp_key(t, f, k);
	if (!k.fn && k.code == 27) {
		form_close(t);
		tui_message(t, false, "%s", _("Nothing changed."));
		return R_REDRAW;
	}
	if (k.fn && k.code == KEY_BTAB) {
		if (f->row > ROW_FIELD)
			f->row--;
		return R_REDRAW;
	}
	if (k.fn && k.code == KEY_UP) {
		if (f->row > ROW_FIELD)
			f->row--;
		return R_REDRAW;
	}
	switch (f->row) {
	case ROW_FIELD:
		if (enter || (!k.fn && k.code == ' ') || (k.fn && k.code == KEY_RIGHT))
			return fields_pick(t, f->field, field_picked);
		if ((tab || (k.fn && k.code == KEY_DOWN)) && f->field != NULL)
			f->row = ROW_OP;
		return R_REDRAW;
	case ROW_OP:
		if (enter)
			return submit(t, f);
		if (tab || (k.fn && k.code == KEY_DOWN)) {
			if (!no_value(f))
				f->row = ROW_VALUE;
			return R_REDRAW;
		}
		if (f->nops == 0)
			return R_NONE;
		if ((k.fn && k.code == KEY_RIGHT) || (!k.fn && k.code == ' '))
			f->op = (f->op + 1) % f->nops;
		else if (k.fn && k.code == KEY_LEFT)
			f->op = (f->op + f->nops - 1) % f->nops;
		else
			return R_NONE;
		redraft(t, f);
		return R_REDRAW;
	case ROW_VALUE:
		if (enter)
			return submit(t, f);
		if (tab || (k.fn && k.code == KEY_DOWN)) {
			f->comp_open = true;
			complete(t, f);
			return R_REDRAW;
		}
		return edit_value(t, f, k);
	}
	return R_NONE;
}

/* --- drawing ------------------------------------------------------------------------ */

/* The operators in a line, the chosen one marked, scrolled so that it
 * shows. */
static void
draw_ops(struct form *f, int y, int x, int w, bool focus)
{
	size_t from = 0, i;
	int used, cw;

	if (f->nops == 0)
		return;
	for (;;) {
		used = 0;
		for (i = from; i <= f->op; i++)
			used += text_width(f->ops[i]) + 3;
		if (used <= w || from == f->op)
			break;
		from++;
	}
	used = 0;
	for (i = from; i < f->nops; i++) {
		cw = text_width(f->ops[i]) + 2;
		if (used + cw > w)
			break;
		if (i == f->op)
			attrset(theme_attr(focus ? ROLE_CURSOR : ROLE_TITLE));
		mvaddch(y, x + used, '[');
		tui_put(y, x + used + 1, cw - 2, f->ops[i], false);
		mvaddch(y, x + used + cw - 1, ']');
		attrset(theme_attr(ROLE_NORMAL));
		if (i != f->op) {
			mvaddch(y, x + used, ' ');
			mvaddch(y, x + used + cw - 1, ' ');
		}
		used += cw + 1;
	}
}

static void
draw_value(struct form *f, int y, int x, int w, bool focus)
{
	char s[LINE_TEXT_SIZE];
	int cx;

	line_text(&f->value, s, sizeof s);
	if (no_value(f)) {
		attrset(theme_attr(ROLE_DIM));
		tui_put(y, x, w, _("(none for this operator)"), false);
		attrset(theme_attr(ROLE_NORMAL));
		return;
	}
	tui_put(y, x, w, s, false);
	if (focus) {
		wchar_t head[LINE_MAX_CHARS];

		memcpy(head, f->value.buf, f->value.cur * sizeof head[0]);
		head[f->value.cur] = L'\0';
		cx = wcswidth(head, f->value.cur);
		if (cx < 0)
			cx = (int)f->value.cur;
		f->cy = y;
		f->cx = x + (cx < w ? cx : w - 1);
	}
}

static void
draw_completions(struct tui *t, struct form *f, int y, int x, int h, int w)
{
	char num[64];
	size_t n = f->comp_known ? f->comp.n : 0, top = 0, i;

	if (h <= 0)
		return;
	if (!f->comp_known || n == 0) {
		attrset(theme_attr(ROLE_DIM));
		tui_put(y, x, w, f->comp_known ? _("(no value starts so within the parent)") : "…",
		        false);
		attrset(theme_attr(ROLE_NORMAL));
		return;
	}
	if (f->comp_cur >= (size_t)h)
		top = f->comp_cur - (size_t)h + 1;
	for (i = top; i < n && i < top + (size_t)h; i++) {
		int ny = y + (int)(i - top), nw;

		tui_group(t, f->comp.v[i].count, num, sizeof num);
		nw = text_width(num);
		if (i == f->comp_cur)
			attrset(theme_attr(ROLE_CURSOR));
		mvhline(ny, x, ' ', w);
		tui_put(ny, x + 1, w - nw - 3, f->comp.v[i].value, false);
		tui_put(ny, x + w - nw - 1, nw, num, false);
		attrset(theme_attr(ROLE_NORMAL));
	}
}

void
form_draw(struct tui *t)
{
	struct form *f = t->form;
	const struct field *fl;
	char line[512], caret[16];
	int w, h, y, x, lx, cw, ih;

	if (f == NULL)
		return;
	w = t->cols - 4 < 90 ? t->cols - 4 : 90;
	h = t->rows - 2 < 17 ? t->rows - 2 : 17;
	y = 1;
	x = (t->cols - w) / 2;
	f->cy = f->cx = -1;
	/* TRANSLATORS: the condition form's title. */
	tui_box(y, x, h, w, f->edit == SIZE_MAX ? _("New condition") : _("Change the condition"));
	lx = x + 2 + 11;
	cw = w - (lx - x) - 2;
	attrset(A_BOLD);
	tui_put(y + 1, x + 2, 10, _("Field:"), false);
	tui_put(y + 2, x + 2, 10, _("Operator:"), false);
	tui_put(y + 3, x + 2, 10, _("Value:"), false);
	attrset(theme_attr(ROLE_NORMAL));
	/* the field: its name, label and type */
	if (f->field == NULL) {
		snprintf(line, sizeof line, "%s", _("(Enter picks a field)"));
	} else if ((fl = fields_find(&f->cat, f->field)) != NULL) {
		snprintf(line, sizeof line, "%s — %s", fl->name, field_label(fl));
	} else {
		snprintf(line, sizeof line, "%s", f->field);
	}
	if (f->row == ROW_FIELD)
		attrset(theme_attr(ROLE_CURSOR));
	tui_put(y + 1, lx, cw, line, f->row == ROW_FIELD);
	attrset(theme_attr(ROLE_NORMAL));
	draw_ops(f, y + 2, lx, cw, f->row == ROW_OP);
	draw_value(f, y + 3, lx, cw, f->row == ROW_VALUE);
	/* the completions under the value, then the rule and its error */
	ih = h - 9;
	if (f->comp_open)
		draw_completions(t, f, y + 4, lx, ih, cw);
	attrset(A_BOLD);
	tui_put(y + h - 5, x + 2, 10, _("Rule:"), false);
	attrset(theme_attr(ROLE_NORMAL));
	if (f->draft != NULL)
		tui_put(y + h - 5, lx, cw, f->draft, false);
	if (f->err.code != 0 && f->value.len == 0 && !no_value(f) && !f->tried) {
		/* a value not typed yet is not a mistake yet: say what to do */
		attrset(theme_attr(ROLE_DIM));
		tui_put(y + h - 3, x + 2, w - 4, _("Type a value, or Tab for the most frequent ones."),
		        false);
		attrset(theme_attr(ROLE_NORMAL));
	} else if (f->err.code != 0) {
		char msg[ERR_LINE_MAX];

		if (f->err.col > 0 && f->err.col - 1 < cw) {
			snprintf(caret, sizeof caret, "^");
			attrset(theme_attr(ROLE_ERROR));
			tui_put(y + h - 4, lx + f->err.col - 1, 1, caret, false);
		}
		attrset(theme_attr(ROLE_ERROR));
		tui_put(y + h - 3, x + 2, w - 4, err_format(&f->err, msg, sizeof msg), false);
		attrset(theme_attr(ROLE_NORMAL));
	}
	attrset(theme_attr(ROLE_DIM));
	tui_put(y + h - 2, x + 2, w - 4,
	        f->comp_open ? _("↑↓ choose · Enter takes the value · Esc closes the list")
	        : f->row == ROW_FIELD ? _("Enter picks the field · Tab, ↓ next · Esc cancels")
	        : f->row == ROW_OP ? _("←→ choose · Tab, ↓ value · Enter stores · Esc cancels")
	                           : _("Tab, ↓ complete · Enter stores · Esc cancels"),
	        false);
	attrset(theme_attr(ROLE_NORMAL));
}

void
form_cursor(const struct tui *t)
{
	if (t->form != NULL && t->form->cy >= 0)
		move(t->form->cy, t->form->cx);
}

bool
form_wants_cursor(const struct tui *t)
{
	return t->form != NULL && t->form->row == ROW_VALUE && !t->form->comp_open;
}
