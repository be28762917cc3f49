/* The tag manager, a screen of its own (T from the tree): every tag with
 * how many customers carry it and a bar; n creates one, r renames, m
 * merges it into another (chosen in the tag picker), x deletes it after a
 * question, u undoes the last edit. Each edit is one core call, so one
 * undo step, as the CLI's `clientele tags` makes them.
 *
 * The counts are read with the list (tag_list: one index range count per
 * tag over customer_tags(tag_id)), not in the counter: 20 tags on a
 * million customers (1.9 million tag links) take 80 ms, as long as the
 * edit before them; 6 tags on the demo's 3,000 under a millisecond.
 *
 * The tag picker (tags_pick) lives here too, for the customer list's `t`:
 * the tags with their counts on the picker widget, and a row that creates
 * a new tag from what was typed. */
#include "config.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "private.h"
#include "tag.h"
#include "text/text.h"

/* --- the tag list, shared by the screen and the picker ------------------------- */

struct tagset {
	struct tag_info *v;
	size_t n;
	long long max;   /* the largest count: the bars' scale */
	int name_w;      /* the widest name, in columns */
};

static void
tagset_free(struct tagset *s)
{
	tag_list_free(s->v, s->n);
	*s = (struct tagset){0};
}

/* Reads the tags again; on an error the old ones stay and e says why. */
static int
tagset_load(struct tui *t, struct tagset *s, struct err *e)
{
	struct tag_info *v;
	size_t n;

	if (tag_list(t->db, &v, &n, e) != 0)
		return -1;
	tagset_free(s);
	s->v = v;
	s->n = n;
	for (size_t i = 0; i < n; i++) {
		int w = text_width(v[i].name);

		if (v[i].count > s->max)
			s->max = v[i].count;
		if (w > s->name_w)
			s->name_w = w;
	}
	return 0;
}

/* A tag's row: its name, a bar scaled to the largest tag, its count
 * grouped by the locale, at the right. */
static void
draw_tag(struct tui *t, const struct tagset *s, size_t i, int y, int x, int w, bool cursor)
{
	char num[64];
	int nw, lw, bw, fill;

	tui_group(t, s->v[i].count, num, sizeof num);
	nw = text_width(num) + 1;
	lw = s->name_w + 2;
	if (lw > w / 2)
		lw = w / 2;
	bw = w - lw - nw - 2;
	mvhline(y, x, ' ', w);
	tui_put(y, x + 1, lw - 1, s->v[i].name, false);
	if (bw > 0 && s->max > 0 && s->v[i].count > 0) {
		fill = (int)((s->v[i].count * bw + s->max - 1) / s->max);
		if (!cursor)
			attrset(theme_attr(ROLE_UP));
		for (int k = 0; k < fill && k < bw; k++)
			mvaddwstr(y, x + lw + k, L"█");
		if (!cursor)
			attrset(theme_attr(ROLE_NORMAL));
	}
	tui_put(y, x + w - nw, nw - 1, num, false);
}

/* --- the tag picker ---------------------------------------------------------- */

/* The picker's rows: the tags, then (when offered) one that creates a tag
 * named as what was typed. */
struct tagpick {
	struct tui *t;
	struct tagset set;
	size_t *rows;         /* the tags shown, as indices into set */
	size_t n;
	bool offer_new;
	char query[256];      /* what was typed, for the new row */
	tag_picked_fn picked;
};

static bool
is_new_row(const struct tagpick *p, size_t i)
{
	return p->offer_new && i == p->n;
}

static size_t
pick_count(void *ctx)
{
	struct tagpick *p = ctx;

	return p->n + (p->offer_new ? 1 : 0);
}

static const char *
pick_text(void *ctx, size_t i, int k)
{
	struct tagpick *p = ctx;

	if (k != 0)
		return NULL;
	/* the new row matches whatever is typed: it is what was typed */
	return is_new_row(p, i) ? p->query : p->set.v[p->rows[i]].name;
}

static void
pick_typed(void *ctx, const char *query)
{
	struct tagpick *p = ctx;

	snprintf(p->query, sizeof p->query, "%s", query);
}

static void
pick_draw(void *ctx, size_t i, int y, int x, int w, bool cursor)
{
	struct tagpick *p = ctx;
	char line[512];

	if (!is_new_row(p, i)) {
		draw_tag(p->t, &p->set, p->rows[i], y, x, w, cursor);
		return;
	}
	mvhline(y, x, ' ', w);
	if (p->query[0] != '\0')
		/* TRANSLATORS: the tag picker's last row, with what was typed. */
		snprintf(line, sizeof line, _("+ new tag \"%s\""), p->query);
	else
		/* TRANSLATORS: the tag picker's last row when nothing was typed. */
		snprintf(line, sizeof line, "%s", _("+ new tag… (type its name)"));
	if (!cursor)
		attrset(theme_attr(ROLE_DIM));
	tui_put(y, x + 1, w - 1, line, false);
	if (!cursor)
		attrset(theme_attr(ROLE_NORMAL));
}

/* What the new row's prompt was opened for (one prompt at a time). */
static tag_picked_fn new_picked;

static unsigned
new_done(struct tui *t, const char *name)
{
	tag_picked_fn picked = new_picked;

	new_picked = NULL;
	if (picked == NULL)
		return R_REDRAW;
	return picked(t, *name != '\0' ? name : NULL);
}

static unsigned
pick_done(struct tui *t, void *ctx, size_t i)
{
	struct tagpick *p = ctx;
	tag_picked_fn picked = p->picked;
	char *name = NULL;
	unsigned r;

	if (i != SIZE_MAX && is_new_row(p, i) && p->query[0] == '\0') {
		/* nothing typed: ask for the name */
		new_picked = picked;
		prompt_open(&t->prompt, _("Name of the new tag:"), NULL, new_done);
		r = R_REDRAW;
	} else {
		if (i != SIZE_MAX)
			name = strdup(is_new_row(p, i) ? p->query : p->set.v[p->rows[i]].name);
		r = picked(t, name);
	}
	free(name);
	tagset_free(&p->set);
	free(p->rows);
	free(p);
	return r;
}

static const struct picker_ops pick_ops = {pick_count, pick_text, pick_draw, pick_done,
                                           pick_typed};

unsigned
tags_pick(struct tui *t, const char *title, const char *except, bool offer_new,
          tag_picked_fn picked)
{
	struct tagpick *p = calloc(1, sizeof *p);
	struct err e = {0};

	if (p == NULL)
		return R_NONE;
	p->t = t;
	p->offer_new = offer_new;
	p->picked = picked;
	if (tagset_load(t, &p->set, &e) != 0 ||
	    (p->rows = calloc(p->set.n + 1, sizeof *p->rows)) == NULL) {
		tagset_free(&p->set);
		free(p);
		return tui_error(t, &e);
	}
	for (size_t i = 0; i < p->set.n; i++) {
		if (except != NULL && strcmp(p->set.v[i].name, except) == 0)
			continue;
		p->rows[p->n++] = i;
	}
	if (p->n == 0 && !offer_new) {
		tui_message(t, true, "%s", _("There is no other tag: n creates one."));
		tagset_free(&p->set);
		free(p->rows);
		free(p);
		return R_REDRAW;
	}
	if (picker_open(t, title, &pick_ops, p, SIZE_MAX) != 0) {
		tagset_free(&p->set);
		free(p->rows);
		free(p);
		return R_NONE;
	}
	return R_REDRAW;
}
