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
#include "undo.h"
#include "util/strbuf.h"

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

static const struct picker_ops pick_ops = {pick_count, pick_text, pick_draw, pick_done};

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
	picker_set_typed(t, pick_typed);
	return R_REDRAW;
}

/* --- the tag manager ----------------------------------------------------------- */

struct tagview {
	struct tui *t;
	struct tagset set;
	struct list list;
	char *pending;   /* the tag a prompt or the picker acts on */
};

/* The open screen (there is one at most): the prompts' callbacks find it. */
static struct tagview *tv;

static size_t
tv_count(void *ctx)
{
	return ((struct tagview *)ctx)->set.n;
}

static long long
tv_id(void *ctx, size_t i)
{
	return ((struct tagview *)ctx)->set.v[i].id;
}

static void
tv_build(void *ctx)
{
	struct tagview *v = ctx;
	struct err e = {0};

	if (tagset_load(v->t, &v->set, &e) != 0)
		tui_error(v->t, &e);
}

static void
tv_draw_row(void *ctx, size_t i, int y, int x, int w, bool cursor)
{
	struct tagview *v = ctx;

	draw_tag(v->t, &v->set, i, y, x, w, cursor);
}

static const struct list_ops tv_list_ops = {tv_build, tv_count, tv_id, tv_draw_row};

/* The tag under the cursor, NULL when there is none. */
static const struct tag_info *
current(const struct tagview *v)
{
	return v->set.n > 0 && v->list.cur < v->set.n ? &v->set.v[v->list.cur] : NULL;
}

static void
set_pending(struct tagview *v, const char *name)
{
	free(v->pending);
	v->pending = name != NULL ? strdup(name) : NULL;
}

/* After an edit: the tags read again, the cursor on the tag named want
 * (NULL: where it was); the tree too, since rules may name tags. */
static unsigned
edited(struct tui *t, const char *want)
{
	char *fold, *f;

	(void)t;
	if (tv == NULL)
		return R_RELOAD | R_REDRAW;
	list_rebuild(&tv->list, 0);
	if (want == NULL || (fold = text_fold(want)) == NULL)
		return R_RELOAD | R_REDRAW;
	/* names are one tag in any case: the stored one may differ */
	for (size_t i = 0; i < tv->set.n; i++) {
		bool same = (f = text_fold(tv->set.v[i].name)) != NULL && strcmp(f, fold) == 0;

		free(f);
		if (same) {
			list_set_cursor(&tv->list, i);
			break;
		}
	}
	free(fold);
	return R_RELOAD | R_REDRAW;
}

static unsigned
create_done(struct tui *t, const char *name)
{
	struct err e = {0};

	if (*name == '\0')
		return R_REDRAW;
	if (tag_create(t->db, name, NULL, &e) != 0)
		return tui_error(t, &e);
	tui_message(t, false, _("Created tag \"%s\" (u undoes it)."), name);
	return edited(t, name);
}

static unsigned
rename_done(struct tui *t, const char *name)
{
	struct err e = {0};

	if (*name == '\0' || tv == NULL || tv->pending == NULL)
		return R_REDRAW;
	if (tag_rename(t->db, tv->pending, name, &e) != 0)
		return tui_error(t, &e);
	tui_message(t, false, _("Renamed tag \"%s\" to \"%s\" (u undoes it)."), tv->pending, name);
	return edited(t, name);
}

static unsigned
merge_picked(struct tui *t, const char *into)
{
	struct err e = {0};

	if (into == NULL || tv == NULL || tv->pending == NULL)
		return R_REDRAW;
	if (tag_merge(t->db, tv->pending, into, &e) != 0)
		return tui_error(t, &e);
	tui_message(t, false, _("Merged tag \"%s\" into \"%s\" (u undoes it)."), tv->pending, into);
	return edited(t, into);
}

static unsigned
delete_done(struct tui *t, const char *yes)
{
	struct err e = {0};

	(void)yes;
	if (tv == NULL || tv->pending == NULL)
		return R_REDRAW;
	if (tag_delete(t->db, tv->pending, &e) != 0)
		return tui_error(t, &e);
	tui_message(t, false, _("Deleted tag \"%s\" (u undoes it)."), tv->pending);
	return edited(t, NULL);
}

/* The tree's undo (the newest step, whatever it was: as `clientele
 * undo`), then the tags read again. */
static unsigned
undo(struct tui *t)
{
	return tree_op(t, OP_UNDO) | edited(t, NULL);
}

/* Opens the customer list of the tag named name: the rule tag:"NAME",
 * its quotes and backslashes escaped as rules write them. */
static unsigned
open_customers(struct tui *t, const char *name)
{
	struct strbuf b = {0};
	unsigned r;

	strbuf_add(&b, "tag:\"");
	for (const char *p = name; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_add(&b, "\\");
		strbuf_addn(&b, p, 1);
	}
	strbuf_add(&b, "\"");
	if (b.oom || b.p == NULL) {
		free(b.p);
		tui_message(t, true, "%s", _("out of memory opening the customer list"));
		return R_REDRAW;
	}
	r = custlist_open(t, NULL, b.p, b.p);
	free(b.p);
	return r;
}

/* The screen's actions, and its keys (the help is made from them). */
enum {
	ACT_OPEN = 1, ACT_NEW, ACT_RENAME, ACT_MERGE, ACT_DELETE, ACT_UNDO
};

static const struct screen_key tv_keys[] = {
	{KEY_CH('\n'), "Enter", ACT_OPEN, N_("the tag's customers, as a list")},
	{KEY_CH('\r'), NULL, ACT_OPEN, NULL},
	{KEY_FN(KEY_ENTER), NULL, ACT_OPEN, NULL},
	{KEY_CH('n'), "n", ACT_NEW, N_("create a tag")},
	{KEY_FN(KEY_F(7)), "F7", ACT_NEW, NULL},
	{KEY_CH('r'), "r", ACT_RENAME, N_("rename the tag")},
	{KEY_FN(KEY_F(2)), "F2", ACT_RENAME, NULL},
	{KEY_CH('m'), "m", ACT_MERGE, N_("merge the tag into another (chosen in a list)")},
	{KEY_CH('x'), "x", ACT_DELETE, N_("delete the tag, taking it off its customers (asks first)")},
	{KEY_FN(KEY_DC), "Delete", ACT_DELETE, NULL},
	{KEY_FN(KEY_F(8)), "F8", ACT_DELETE, NULL},
	{KEY_CH('u'), "u", ACT_UNDO, N_("undo the last edit")},
};

/* Runs a key's action on the screen. */
static unsigned
tv_act(struct tui *t, int act)
{
	const struct tag_info *cur = current(tv);
	char label[600], num[64];

	switch (act) {
	case ACT_OPEN:
		return cur != NULL ? open_customers(t, cur->name) : R_NONE;
	case ACT_NEW:
		prompt_open(&t->prompt, _("Name of the new tag:"), NULL, create_done);
		return R_REDRAW;
	case ACT_RENAME:
		if (cur == NULL)
			return R_NONE;
		set_pending(tv, cur->name);
		prompt_open(&t->prompt, _("New name of the tag:"), cur->name, rename_done);
		return R_REDRAW;
	case ACT_MERGE:
		if (cur == NULL)
			return R_NONE;
		set_pending(tv, cur->name);
		/* TRANSLATORS: the tag picker's title when merging a tag. */
		snprintf(label, sizeof label, _("Merge \"%s\" into (type to search)"), cur->name);
		return tags_pick(t, label, cur->name, false, merge_picked);
	case ACT_DELETE:
		if (cur == NULL)
			return R_NONE;
		set_pending(tv, cur->name);
		tui_group(t, cur->count, num, sizeof num);
		snprintf(label, sizeof label,
		         P_("Delete tag \"%s\" and take it off %s customer? (y/n)",
		            "Delete tag \"%s\" and take it off %s customers? (y/n)", cur->count),
		         cur->name, num);
		prompt_ask(&t->prompt, label, delete_done);
		return R_REDRAW;
	case ACT_UNDO:
		return undo(t);
	default:
		return R_NONE;
	}
}

/* The screen's body at y, h lines: the column heads, then the tags. */
static void
tv_draw(struct tui *t, int y, int h)
{
	char head[256];
	int w = t->cols, cw;

	if (tv == NULL || h < 2)
		return;
	attrset(A_BOLD);
	mvhline(y, 0, ' ', w);
	/* TRANSLATORS: the tag manager's column heads. */
	tui_put(y, 1, w / 2, _("Tag"), false);
	snprintf(head, sizeof head, "%s", _("Customers"));
	cw = text_width(head);
	tui_put(y, w - cw - 1 > 0 ? w - cw - 1 : 0, cw, head, false);
	attrset(theme_attr(ROLE_NORMAL));
	if (tv->set.n == 0) {
		attrset(theme_attr(ROLE_DIM));
		tui_put(y + 1, 1, w - 1, _("No tags yet: n creates one."), false);
		attrset(theme_attr(ROLE_NORMAL));
		return;
	}
	list_draw(&tv->list, y + 1, 0, h - 1, w);
}

/* The status line: how many tags, and the one under the cursor. */
static void
tv_status(struct tui *t, int y)
{
	const struct tag_info *cur = tv != NULL ? current(tv) : NULL;
	char line[1024], tags[128], cust[128], a[64];

	if (tv == NULL)
		return;
	tui_group(t, (long long)tv->set.n, a, sizeof a);
	/* TRANSLATORS: the tag manager's status line begins with how many
	 * tags there are. */
	snprintf(tags, sizeof tags, P_(" %s tag", " %s tags", tv->set.n), a);
	if (cur != NULL) {
		tui_group(t, cur->count, a, sizeof a);
		snprintf(cust, sizeof cust, P_("%s customer", "%s customers", cur->count), a);
		/* then the tag under the cursor: how many customers carry it */
		snprintf(line, sizeof line, "%s │ %s: %s", tags, cur->name, cust);
	} else {
		snprintf(line, sizeof line, "%s", tags);
	}
	attrset(theme_attr(ROLE_STATUS));
	tui_put(y, 0, t->cols, line, true);
	attrset(theme_attr(ROLE_NORMAL));
}

static unsigned
tv_mouse(struct tui *t, int y, int x, bool click, int wheel)
{
	(void)t;
	return tv != NULL ? list_mouse(&tv->list, y, x, click, wheel) : R_NONE;
}

static void
tv_free(struct tui *t)
{
	(void)t;
	if (tv == NULL)
		return;
	tagset_free(&tv->set);
	free(tv->pending);
	free(tv);
	tv = NULL;
}

/* Makes the screen's state and reads the tags; NULL when out of memory. */
static struct tagview *
tv_new(struct tui *t)
{
	struct tagview *v = calloc(1, sizeof *v);

	if (v == NULL)
		return NULL;
	v->t = t;
	list_init(&v->list, &tv_list_ops, v);
	list_rebuild(&v->list, 0);
	return v;
}

/* --- on the screen stack ------------------------------------------------------ */

static void
scr_draw(struct tui *t, void *ctx, int y, int h)
{
	(void)ctx;
	tv_draw(t, y, h);
}

static void
scr_status(struct tui *t, void *ctx, int y)
{
	(void)ctx;
	tv_status(t, y);
}

static unsigned
scr_key(struct tui *t, void *ctx, struct key k)
{
	int act = keys_find(tv_keys, sizeof tv_keys / sizeof tv_keys[0], k);

	(void)ctx;
	return act != 0 ? tv_act(t, act) : R_NONE;
}

static unsigned
scr_move(struct tui *t, void *ctx, enum op op)
{
	(void)t, (void)ctx;
	return list_op(&tv->list, op);
}

static unsigned
scr_mouse(struct tui *t, void *ctx, int y, int x, bool click, int wheel)
{
	(void)ctx;
	return tv_mouse(t, y, x, click, wheel);
}

static void
scr_free(void *ctx)
{
	(void)ctx;
	tv_free(NULL);
}

static const struct bar_entry tv_bar[] = {
	{"1", N_("Help")}, {"2", N_("Rename")}, {"3", ""}, {"4", ""}, {"5", ""},
	{"6", ""}, {"7", N_("New")}, {"8", N_("Delete")}, {"9", ""}, {"10", N_("Quit")},
};

static const struct screen_ops tv_ops = {
	/* TRANSLATORS: the tag manager's title. */
	.title = N_("Tags"),
	.draw = scr_draw,
	.status = scr_status,
	.key = scr_key,
	.cursor = scr_move,
	.mouse = scr_mouse,
	.free = scr_free,
	.keys = tv_keys,
	.nkeys = sizeof tv_keys / sizeof tv_keys[0],
	.bar = tv_bar,
	.nbar = sizeof tv_bar / sizeof tv_bar[0],
};

unsigned
tags_open(struct tui *t)
{
	struct err e = {0};

	if (tv != NULL)
		return R_NONE; /* it is open already, under what is on top */
	if ((tv = tv_new(t)) == NULL)
		return R_NONE;
	if (screen_push(t, &tv_ops, tv, &e) != 0)
		return tui_error(t, &e); /* it freed tv (scr_free) */
	return R_REDRAW;
}
