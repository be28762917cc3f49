/* The customer card, a screen (Enter in the customer list): every field
 * with its label and value (custom ones with their own label, computed
 * ones and hand-edited ones marked), the orders newest first, the tags,
 * and why the customer is or is not in the segment the list came from,
 * condition by condition as `clientele segment why` says it. e (or Enter)
 * edits a field by hand, t puts a tag on or takes it off, u undoes. One
 * list of rows (list.c) scrolls over all of it. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "customer.h"
#include "i18n.h"
#include "private.h"
#include "segment/segment.h"
#include "tag.h"
#include "text/text.h"

/* What a row of the card shows. */
enum row_kind {
	ROW_HEAD,   /* a section's title: a is the section */
	ROW_FIELD,  /* field a of the card */
	ROW_ORDER,  /* order a */
	ROW_TAG,    /* tag a */
	ROW_NOTE,   /* a dimmed line: a is the note */
	ROW_STEP,   /* segment a of the why's chain */
	ROW_COND,   /* condition b of segment a */
	ROW_BLANK
};
enum { SEC_FIELDS, SEC_ORDERS, SEC_TAGS, SEC_WHY };
enum { NOTE_NO_ORDERS, NOTE_NO_TAGS, NOTE_NO_SEGMENT, NOTE_WHY_ERROR, NOTE_NO_RULE };

struct crow {
	enum row_kind kind;
	size_t a, b;
};

struct card {
	struct tui *t;
	long long id;
	char *path;                 /* the segment the list came from, or NULL */
	struct customer_card c;
	bool loaded;
	struct segment_why why;
	bool has_why;
	char why_error[ERR_LINE_MAX];
	struct crow *rows;
	size_t nrows, cap;
	struct list list;
	int label_w;                /* the widest label, in columns */
	char *pending;              /* the name of the field being edited */
	char *pending_label;        /* and its label */
};

/* --- the rows ------------------------------------------------------------------ */

static void
add_row(struct card *k, enum row_kind kind, size_t a, size_t b)
{
	if (k->nrows == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 64;
		struct crow *r = realloc(k->rows, cap * sizeof *r);

		if (r == NULL)
			return; /* out of memory: the card is shorter */
		k->rows = r;
		k->cap = cap;
	}
	k->rows[k->nrows++] = (struct crow){kind, a, b};
}

static void
card_build(void *ctx)
{
	struct card *k = ctx;
	size_t i, j;

	k->nrows = 0;
	k->label_w = 0;
	if (!k->loaded)
		return;
	add_row(k, ROW_HEAD, SEC_FIELDS, 0);
	for (i = 0; i < k->c.nfields; i++) {
		int w = text_width(field_label(k->c.fields[i].field));

		if (w > k->label_w)
			k->label_w = w;
		add_row(k, ROW_FIELD, i, 0);
	}
	add_row(k, ROW_BLANK, 0, 0);
	add_row(k, ROW_HEAD, SEC_ORDERS, 0);
	for (i = 0; i < k->c.norders; i++)
		add_row(k, ROW_ORDER, i, 0);
	if (k->c.norders == 0)
		add_row(k, ROW_NOTE, NOTE_NO_ORDERS, 0);
	add_row(k, ROW_BLANK, 0, 0);
	add_row(k, ROW_HEAD, SEC_TAGS, 0);
	for (i = 0; i < k->c.ntags; i++)
		add_row(k, ROW_TAG, i, 0);
	if (k->c.ntags == 0)
		add_row(k, ROW_NOTE, NOTE_NO_TAGS, 0);
	add_row(k, ROW_BLANK, 0, 0);
	add_row(k, ROW_HEAD, SEC_WHY, 0);
	if (k->path == NULL) {
		add_row(k, ROW_NOTE, NOTE_NO_SEGMENT, 0);
	} else if (!k->has_why) {
		add_row(k, ROW_NOTE, NOTE_WHY_ERROR, 0);
	} else {
		for (i = 0; i < k->why.nsteps; i++) {
			add_row(k, ROW_STEP, i, 0);
			if (k->why.steps[i].nconds == 0)
				add_row(k, ROW_NOTE, NOTE_NO_RULE, 0);
			for (j = 0; j < k->why.steps[i].nconds; j++)
				add_row(k, ROW_COND, i, j);
		}
	}
}

static size_t
card_count(void *ctx)
{
	return ((struct card *)ctx)->nrows;
}

/* A number as the locale groups it when it is whole ("12 345"), else as
 * stored. */
static const char *
show_value(struct tui *t, const struct field *f, const char *v, char *buf, size_t size)
{
	char *end;
	long long n;

	if (f->type != FT_NUMBER || v == NULL)
		return v;
	n = strtoll(v, &end, 10);
	if (*end != '\0' || end == v)
		return v;
	return tui_group(t, n, buf, size);
}

/* The widest of a and b, in columns: a column of words in any language. */
static int
widest(const char *a, const char *b)
{
	int wa = text_width(a), wb = text_width(b);

	return wa > wb ? wa : wb;
}

static void
draw_head(struct card *k, size_t sec, int y, int x, int w)
{
	char s[512], n[64];
	struct tui *t = k->t;

	switch (sec) {
	case SEC_FIELDS:
		snprintf(s, sizeof s, "%s", _("Fields"));
		break;
	case SEC_ORDERS:
		/* TRANSLATORS: the card's section title, with how many orders. */
		snprintf(s, sizeof s, _("Orders (%s)"),
		         tui_group(t, (long long)k->c.norders, n, sizeof n));
		break;
	case SEC_TAGS:
		/* TRANSLATORS: the card's section title, with how many tags. */
		snprintf(s, sizeof s, _("Tags (%s)"), tui_group(t, (long long)k->c.ntags, n, sizeof n));
		break;
	default:
		if (k->path == NULL)
			snprintf(s, sizeof s, "%s", _("Why: no segment"));
		else if (k->has_why && k->why.member)
			/* TRANSLATORS: the card's last section: the customer is in
			 * the segment (its path) the list was opened on. */
			snprintf(s, sizeof s, _("Why: in \"%s\""), k->path);
		else
			snprintf(s, sizeof s, _("Why: not in \"%s\""), k->path);
		break;
	}
	attron(A_BOLD);
	tui_put(y, x, w, s, true);
	attroff(A_BOLD);
}

static void
draw_field(struct card *k, size_t i, int y, int x, int w, bool cursor)
{
	const struct card_field *cf = &k->c.fields[i];
	const char *note = cf->field->origin == FO_COMPUTED ? _("computed")
	                   : cf->hand                        ? _("edited by hand")
	                                                     : "";
	int lw = k->label_w < w / 3 ? k->label_w : w / 3, nw = text_width(note), vx, vw;
	char buf[64];
	const char *v = show_value(k->t, cf->field, cf->value, buf, sizeof buf);

	mvhline(y, x, ' ', w);
	if (!cursor && cf->field->origin == FO_COMPUTED)
		attrset(theme_attr(ROLE_DIM));
	tui_put(y, x + 2, lw, field_label(cf->field), false);
	if (!cursor)
		attrset(theme_attr(ROLE_NORMAL));
	vx = x + 2 + lw + 2;
	vw = w - (vx - x) - (nw > 0 ? nw + 2 : 0);
	if (vw > 0) {
		if (v == NULL && !cursor)
			attrset(theme_attr(ROLE_DIM));
		tui_put(y, vx, vw, v != NULL ? v : "—", false);
		if (!cursor)
			attrset(theme_attr(ROLE_NORMAL));
	}
	if (nw > 0 && nw < w - 4) {
		if (!cursor)
			attrset(theme_attr(cf->hand ? ROLE_UP : ROLE_DIM));
		tui_put(y, x + w - nw - 1, nw, note, false);
		if (!cursor)
			attrset(theme_attr(ROLE_NORMAL));
	}
}

static void
draw_order(struct card *k, size_t i, int y, int x, int w)
{
	const struct card_order *o = &k->c.orders[i];
	char amount[64], line[512];

	snprintf(amount, sizeof amount, "%.2f", o->amount);
	/* the date, the number, the amount, and whether it was cancelled */
	snprintf(line, sizeof line, "%-10.10s  %-14s %12s  %s", o->date != NULL ? o->date : "—",
	         o->number != NULL ? o->number : "—", amount, o->cancelled ? _("cancelled") : "");
	mvhline(y, x, ' ', w);
	tui_put(y, x + 2, w - 2, line, false);
}

/* A line of the why: the step's "in"/"not in", or the condition's
 * "met"/"not met", padded to the widest word, as the CLI prints them. */
static void
draw_why(struct card *k, const struct crow *r, int y, int x, int w)
{
	const struct segment_why_step *s = &k->why.steps[r->a];
	char line[2048];
	int pad;

	mvhline(y, x, ' ', w);
	if (r->kind == ROW_STEP) {
		pad = widest(_("in"), _("not in"));
		pad = pad > 8 ? pad : 8;
		snprintf(line, sizeof line, "%s", s->member ? _("in") : _("not in"));
		tui_put(y, x + 2, pad, line, true);
		tui_put(y, x + 3 + pad, w - 3 - pad, s->path, false);
	} else {
		const struct segment_why_cond *c = &s->conds[r->b];

		pad = widest(_("met"), _("not met"));
		pad = pad > 8 ? pad : 8;
		tui_put(y, x + 4, pad, c->met ? _("met") : _("not met"), true);
		snprintf(line, sizeof line, "%s%s%s%s", c->text, c->value ? " (" : "",
		         c->value ? c->value : "", c->value ? ")" : "");
		tui_put(y, x + 5 + pad, w - 5 - pad, line, false);
	}
}

static void
draw_note(struct card *k, size_t note, int y, int x, int w, bool cursor)
{
	const char *s;

	switch (note) {
	case NOTE_NO_ORDERS: s = _("No orders."); break;
	case NOTE_NO_TAGS: s = _("No tags: t puts one on."); break;
	case NOTE_NO_SEGMENT:
		s = _("The list was not opened on a segment: there is none to explain.");
		break;
	case NOTE_NO_RULE: s = _("(no rule: everyone of the parent)"); break;
	default: s = k->why_error; break;
	}
	mvhline(y, x, ' ', w);
	if (!cursor)
		attrset(theme_attr(note == NOTE_WHY_ERROR ? ROLE_ERROR : ROLE_DIM));
	tui_put(y, x + (note == NOTE_NO_RULE ? 4 : 2), w - 4, s, false);
	if (!cursor)
		attrset(theme_attr(ROLE_NORMAL));
}

static void
card_draw_row(void *ctx, size_t i, int y, int x, int w, bool cursor)
{
	struct card *k = ctx;
	const struct crow *r = &k->rows[i];

	switch (r->kind) {
	case ROW_HEAD: draw_head(k, r->a, y, x, w); break;
	case ROW_FIELD: draw_field(k, r->a, y, x, w, cursor); break;
	case ROW_ORDER: draw_order(k, r->a, y, x, w); break;
	case ROW_TAG:
		mvhline(y, x, ' ', w);
		tui_put(y, x + 2, w - 2, k->c.tags[r->a], false);
		break;
	case ROW_NOTE: draw_note(k, r->a, y, x, w, cursor); break;
	case ROW_STEP:
	case ROW_COND: draw_why(k, r, y, x, w); break;
	default: mvhline(y, x, ' ', w); break;
	}
}

static const struct list_ops card_list_ops = {card_build, card_count, NULL, card_draw_row};

/* Reads the customer and the why again; on an error the card keeps what
 * it showed and says why. */
static unsigned
card_load(struct tui *t, struct card *k)
{
	struct customer_card c;
	struct segment_why w;
	struct err e = {0};

	if (customer_card_load(t->db, k->id, &c, &e) != 0)
		return tui_error(t, &e);
	customer_card_free(&k->c);
	k->c = c;
	k->loaded = true;
	if (k->has_why)
		segment_why_free(&k->why);
	k->has_why = false;
	if (k->path != NULL) {
		if (segment_why_id(t->db, k->path, k->id, &w, &e) == 0) {
			k->why = w;
			k->has_why = true;
		} else {
			err_format(&e, k->why_error, sizeof k->why_error);
		}
	}
	list_rebuild(&k->list, 0);
	return R_REDRAW;
}

/* --- keys ---------------------------------------------------------------------- */

enum { ACT_EDIT = 1, ACT_TAG, ACT_UNDO, ACT_WHY };

static const struct screen_key card_keys[] = {
	{KEY_CH('e'), "e", ACT_EDIT, N_("edit the field by hand (re-imports keep it)")},
	{KEY_CH('\n'), "Enter", ACT_EDIT, NULL},
	{KEY_CH('\r'), NULL, ACT_EDIT, NULL},
	{KEY_FN(KEY_ENTER), NULL, ACT_EDIT, NULL},
	{KEY_FN(KEY_F(4)), "F4", ACT_EDIT, NULL},
	{KEY_CH('t'), "t", ACT_TAG, N_("put a tag on the customer, or take one off")},
	{KEY_CH('w'), "w", ACT_WHY, N_("go to why the customer is in the segment, or not")},
	{KEY_CH('u'), "u", ACT_UNDO, N_("undo the last edit")},
};

static const struct crow *
current(const struct card *k)
{
	return k->list.cur < k->nrows ? &k->rows[k->list.cur] : NULL;
}

/* After an edit of the base: the card read again, and what else shows
 * the customer counted again. */
static unsigned
edited(struct tui *t, struct card *k)
{
	conds_stale(t);
	facet_stale(t);
	return card_load(t, k) | screen_changed(t) | R_RELOAD | R_REDRAW;
}

static unsigned
edit_done(struct tui *t, const char *text)
{
	struct card *k = screen_top(t);
	struct err e = {0};

	if (k == NULL || k->pending == NULL)
		return R_REDRAW;
	if (customer_edit(t->db, k->id, k->pending, text, &e) != 0)
		return tui_error(t, &e);
	/* TRANSLATORS: after a hand edit on the card: the field's label. */
	tui_message(t, false, _("%s edited by hand: re-imports keep it (u undoes it)."),
	            k->pending_label);
	return edited(t, k);
}

static unsigned
edit_field(struct tui *t, struct card *k)
{
	const struct crow *r = current(k);
	const struct card_field *cf;
	char label[512];

	if (r == NULL || r->kind != ROW_FIELD) {
		tui_message(t, false, "%s", _("Only a field can be edited: move to one."));
		return R_REDRAW;
	}
	cf = &k->c.fields[r->a];
	if (cf->field->origin == FO_COMPUTED) {
		tui_message(t, true, _("%s is computed from the orders and cannot be edited by hand"),
		            field_label(cf->field));
		return R_REDRAW;
	}
	free(k->pending);
	free(k->pending_label);
	k->pending = strdup(cf->field->name);
	k->pending_label = strdup(field_label(cf->field));
	if (k->pending == NULL || k->pending_label == NULL)
		return R_NONE;
	/* TRANSLATORS: the prompt of a hand edit: the field's label. */
	snprintf(label, sizeof label, _("%s (empty clears it):"), field_label(cf->field));
	if (!prompt_open(&t->prompt, label, cf->value, edit_done))
		return prompt_too_long(t);
	return R_REDRAW;
}

static unsigned
tag_picked(struct tui *t, const char *name)
{
	struct card *k = screen_top(t);
	struct tag_target target = {0};
	struct err e = {0};
	long long changed = 0;
	bool off;
	int rc;

	if (k == NULL || name == NULL || *name == '\0')
		return R_REDRAW;
	target.ids = &k->id;
	target.nids = 1;
	off = customer_card_has_tag(&k->c, name);
	rc = off ? tag_remove(t->db, name, &target, &changed, &e)
	         : tag_add(t->db, name, &target, &changed, &e);
	if (rc != 0)
		return tui_error(t, &e);
	if (off)
		tui_message(t, false, _("Tag \"%s\" taken off this customer (u undoes it)."), name);
	else
		tui_message(t, false, _("Tag \"%s\" put on this customer (u undoes it)."), name);
	return edited(t, k);
}

/* Goes to the first row of the why. */
static unsigned
go_why(struct card *k)
{
	for (size_t i = 0; i < k->nrows; i++)
		if (k->rows[i].kind == ROW_HEAD && k->rows[i].a == SEC_WHY) {
			list_set_cursor(&k->list, i);
			k->list.top = i; /* the section from the top of the screen */
			return R_REDRAW;
		}
	return R_NONE;
}

static unsigned
card_key(struct tui *t, void *ctx, struct key key)
{
	struct card *k = ctx;
	unsigned r;

	switch (keys_find(card_keys, sizeof card_keys / sizeof card_keys[0], key)) {
	case ACT_EDIT: return edit_field(t, k);
	case ACT_TAG:
		return tags_pick(t, _("A tag to put on this customer, or take off (type to search)"),
		                 NULL, true, tag_picked);
	case ACT_WHY: return go_why(k);
	case ACT_UNDO:
		/* the tree's undo: the newest step, whatever it was, as
		 * `clientele undo` */
		r = tree_op(t, OP_UNDO);
		return r | edited(t, k);
	default: return R_NONE;
	}
}

static unsigned
card_move(struct tui *t, void *ctx, enum op op)
{
	struct card *k = ctx;

	(void)t;
	return list_op(&k->list, op) != R_NONE ? R_REDRAW : R_NONE;
}

static unsigned
card_mouse(struct tui *t, void *ctx, int y, int x, bool click, int wheel)
{
	struct card *k = ctx;

	(void)t;
	return list_mouse(&k->list, y, x, click, wheel) != R_NONE ? R_REDRAW : R_NONE;
}

/* --- the screen ---------------------------------------------------------------- */

static void
card_draw(struct tui *t, void *ctx, int y, int h)
{
	struct card *k = ctx;

	list_draw(&k->list, y, 0, h, t->cols);
	for (int r = (int)k->nrows; r < h; r++)
		mvhline(y + r, 0, ' ', t->cols);
}

static void
card_status(struct tui *t, void *ctx, int y)
{
	struct card *k = ctx;
	const struct crow *r = current(k);
	char line[1024], a[64], b[64];

	tui_group(t, k->nrows > 0 ? (long long)k->list.cur + 1 : 0, a, sizeof a);
	tui_group(t, (long long)k->nrows, b, sizeof b);
	if (r != NULL && r->kind == ROW_FIELD)
		/* TRANSLATORS: the card's status line: the line of the cursor,
		 * of how many, and the field under it. */
		snprintf(line, sizeof line, _(" line %s of %s │ %s │ e edits it"), a, b,
		         k->c.fields[r->a].field->name);
	else
		snprintf(line, sizeof line, _(" line %s of %s"), a, b);
	tui_put(y, 0, t->cols, line, true);
}

static const char *
card_subtitle(void *ctx)
{
	struct card *k = ctx;

	return k->c.title;
}

static void
card_free(void *ctx)
{
	struct card *k = ctx;

	if (k == NULL)
		return;
	customer_card_free(&k->c);
	if (k->has_why)
		segment_why_free(&k->why);
	free(k->rows);
	free(k->path);
	free(k->pending);
	free(k->pending_label);
	free(k);
}

static const struct bar_entry card_bar[] = {
	{"1", N_("Help")}, {"2", ""}, {"3", ""}, {"4", N_("Edit")}, {"5", ""},
	{"6", ""}, {"7", ""}, {"8", ""}, {"9", ""}, {"10", N_("Quit")},
};

static const struct screen_ops card_ops = {
	/* TRANSLATORS: the customer card's title. */
	.title = N_("Customer"),
	.subtitle = card_subtitle,
	.draw = card_draw,
	.status = card_status,
	.key = card_key,
	.cursor = card_move,
	.mouse = card_mouse,
	.free = card_free,
	.keys = card_keys,
	.nkeys = sizeof card_keys / sizeof card_keys[0],
	.bar = card_bar,
	.nbar = sizeof card_bar / sizeof card_bar[0],
};

unsigned
card_open(struct tui *t, long long customer_id, const char *segment_path)
{
	struct card *k = calloc(1, sizeof *k);
	struct err e = {0};
	unsigned r;

	if (k == NULL || (segment_path != NULL && (k->path = strdup(segment_path)) == NULL)) {
		free(k);
		tui_message(t, true, "%s", _("out of memory opening the customer card"));
		return R_REDRAW;
	}
	k->t = t;
	k->id = customer_id;
	list_init(&k->list, &card_list_ops, k);
	r = card_load(t, k);
	if (!k->loaded) {
		card_free(k);
		return r;
	}
	list_set_cursor(&k->list, 1); /* the first field */
	if (screen_push(t, &card_ops, k, &e) != 0)
		return tui_error(t, &e);
	return R_REDRAW;
}
