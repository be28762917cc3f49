/* The field picker, on the picker widget: every built-in, custom and
 * computed field of the base, each with its name, label, type and fill
 * rate (the share of customers with a value). The fill rates take one scan
 * of the base, 2.9 s on a million customers: the counter runs it
 * (COUNT_FILL) when the picker opens, "…" stands in for them until they
 * come, and they are kept while the base is open. A scan still running
 * when the picker closes is cancelled, so that the counts the user waits
 * for next (completions, the tree after an edit) do not queue behind it;
 * the next opening asks again. */
#include "config.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counter.h"
#include "fields.h"
#include "i18n.h"
#include "private.h"
#include "text/text.h"

/* The counter's slot and tags for the fill rates (the tree's slots are
 * 1, 2, the command line's 8 with tags from 1 << 62). */
#define SLOT_FILL 20
#define TAG_FILL ((uint64_t)1 << 60)

struct fieldpick {
	struct field_catalog cat;  /* read when the picker opens */
	bool cat_loaded;
	char **names;              /* the fill rates, by field name, once known */
	long long *filled;
	size_t nfill;
	long long customers;
	bool asked;                /* COUNT_FILL in flight */
	bool known;                /* its figures came: not asked again */
	uint64_t tag, next_tag;
	field_picked_fn picked;    /* what the picker was opened for */
	int name_w;                /* the widest name, in columns */
};

static struct fieldpick *
get(struct tui *t)
{
	if (t->fieldpick == NULL)
		t->fieldpick = calloc(1, sizeof *t->fieldpick);
	return t->fieldpick;
}

static void
forget_fill(struct fieldpick *f)
{
	for (size_t i = 0; i < f->nfill; i++)
		free(f->names[i]);
	free(f->names);
	free(f->filled);
	f->names = NULL;
	f->filled = NULL;
	f->nfill = 0;
}

void
fields_close(struct tui *t)
{
	struct fieldpick *f = t->fieldpick;

	if (f == NULL)
		return;
	if (t->picker != NULL && f->picked != NULL)
		picker_close(t);
	if (f->cat_loaded)
		fields_free(&f->cat);
	forget_fill(f);
	free(f);
	t->fieldpick = NULL;
}

/* --- the picker's callbacks ---------------------------------------------------- */

static size_t
count(void *ctx)
{
	return ((struct fieldpick *)ctx)->cat.n;
}

static const char *
text(void *ctx, size_t i, int k)
{
	const struct field *fl = &((struct fieldpick *)ctx)->cat.v[i];

	return k == 0 ? fl->name : k == 1 ? field_label(fl) : NULL;
}

/* The fill rate of field name as "87%", or "…" while it is not known. */
static void
fill_text(const struct fieldpick *f, const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "…");
	if (f->customers <= 0 && f->nfill > 0) {
		snprintf(buf, size, "—");
		return;
	}
	for (size_t i = 0; i < f->nfill; i++)
		if (strcmp(f->names[i], name) == 0) {
			long long pct = (f->filled[i] * 100 + f->customers / 2) / f->customers;

			/* never 0% or 100% for a field that is not empty or full */
			if (pct == 0 && f->filled[i] > 0)
				pct = 1;
			if (pct == 100 && f->filled[i] < f->customers)
				pct = 99;
			snprintf(buf, size, "%lld%%", pct);
			return;
		}
}

static const char *
type_label(enum field_type type)
{
	switch (type) {
	case FT_NUMBER: return _("number");
	case FT_DATE: return _("date");
	case FT_BOOL: return _("yes/no");
	case FT_TEXT: break;
	}
	return _("text");
}

static const char *
origin_label(enum field_origin o)
{
	switch (o) {
	case FO_CUSTOM: return _("custom");
	case FO_COMPUTED: return _("computed");
	case FO_BUILTIN: break;
	}
	return "";
}

static void
draw(void *ctx, size_t i, int y, int x, int w, bool cursor)
{
	struct fieldpick *f = ctx;
	const struct field *fl = &f->cat.v[i];
	char fill[16], kind[96];
	int nw = f->name_w + 2, lw, rw;

	(void)cursor;
	fill_text(f, fl->name, fill, sizeof fill);
	snprintf(kind, sizeof kind, "%s%s%s", type_label(fl->type),
	         fl->origin != FO_BUILTIN ? ", " : "", origin_label(fl->origin));
	/* name | label | type, origin | fill: the fill always, on the right;
	 * the type where the box is wide enough */
	rw = w >= 60 ? 22 + 6 : 6;
	if (nw > w / 3)
		nw = w / 3;
	lw = w - 1 - nw - rw;
	mvhline(y, x, ' ', w);
	tui_put(y, x + 1, nw - 2, fl->name, false);
	if (lw > 0)
		tui_put(y, x + nw, lw, field_label(fl), false);
	if (rw > 6)
		tui_put(y, x + w - rw, 21, kind, false);
	if (w > 12)
		tui_put(y, x + w - 6 + (5 - text_width(fill)), text_width(fill), fill, false);
}

static unsigned
done(struct tui *t, void *ctx, size_t i)
{
	struct fieldpick *f = ctx;
	field_picked_fn picked = f->picked;

	f->picked = NULL;
	if (f->asked && t->counter != NULL) {
		counter_cancel(t->counter, f->tag);
		f->asked = false;
	}
	if (picked == NULL)
		return R_REDRAW;
	return picked(t, i == SIZE_MAX || i >= f->cat.n ? NULL : f->cat.v[i].name);
}

static const struct picker_ops field_ops = {count, text, draw, done};

/* --- opening it -------------------------------------------------------------------- */

/* Asks the counter for the fill rates, once for the base. */
static void
ask_fill(struct tui *t, struct fieldpick *f)
{
	struct count_req req = {.kind = COUNT_FILL, .slot = SLOT_FILL};
	struct err e = {0};

	if (f->asked || f->known || t->counter == NULL)
		return;
	req.tag = f->tag = TAG_FILL + f->next_tag++;
	if (counter_submit(t->counter, &req, &e) == 0)
		f->asked = true;
	else
		tui_error(t, &e);
}

unsigned
fields_pick(struct tui *t, const char *current, field_picked_fn picked)
{
	struct fieldpick *f = get(t);
	struct err e = {0};
	size_t sel = SIZE_MAX;
	const struct field *cur;

	if (f == NULL)
		return R_NONE;
	if (f->cat_loaded)
		fields_free(&f->cat);
	f->cat_loaded = false;
	if (fields_load(t->db, &f->cat, &e) != 0)
		return tui_error(t, &e);
	f->cat_loaded = true;
	f->name_w = 0;
	for (size_t i = 0; i < f->cat.n; i++) {
		int w = text_width(f->cat.v[i].name);

		if (w > f->name_w)
			f->name_w = w;
	}
	if (current != NULL && (cur = fields_find(&f->cat, current)) != NULL)
		sel = (size_t)(cur - f->cat.v);
	f->picked = picked;
	/* TRANSLATORS: the field picker's title. */
	if (picker_open(t, _("Field (type to search its name or label)"), &field_ops, f, sel) != 0) {
		f->picked = NULL;
		return R_NONE;
	}
	ask_fill(t, f);
	return R_REDRAW;
}

unsigned
fields_counted(struct tui *t, const struct count_result *r)
{
	struct fieldpick *f = t->fieldpick;

	if (f == NULL || r->kind != COUNT_FILL || r->tag != f->tag)
		return R_NONE;
	f->asked = false;
	if (r->status != COUNTER_OK) {
		/* asked again at the next opening */
		if (r->status == COUNTER_ERROR)
			return tui_error(t, &r->err);
		return R_NONE;
	}
	forget_fill(f);
	f->names = calloc(r->nfill + 1, sizeof *f->names);
	f->filled = calloc(r->nfill + 1, sizeof *f->filled);
	if (f->names == NULL || f->filled == NULL) {
		forget_fill(f);
		return R_NONE;
	}
	for (size_t i = 0; i < r->nfill; i++) {
		if ((f->names[i] = strdup(r->fill_names[i])) == NULL)
			break;
		f->filled[i] = r->filled[i];
		f->nfill = i + 1;
	}
	f->customers = r->count;
	f->known = true;
	return picker_active(t) ? R_REDRAW : R_NONE;
}
