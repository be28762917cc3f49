/* The customer list's marks (a set of customer ids, ascending), marking
 * the rows that match a rule, and putting a tag on or taking it off the
 * marked rows through the picker, with the core's tag functions. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util/strbuf.h"
#include "view_list.h"

/* --- marks ------------------------------------------------------------------- */

/* Where id is (true) or would go in the marks. */
static bool
mark_find(const struct custlist *c, long long id, size_t *at)
{
	size_t lo = 0, hi = c->nmarks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->marks[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return lo < c->nmarks && c->marks[lo] == id;
}

unsigned
custlist_mark_toggle(struct tui *t, struct custlist *c)
{
	const struct list_row *r = custlist_current(c);
	size_t at;

	if (r == NULL)
		return R_NONE;
	if (mark_find(c, r->id, &at)) {
		memmove(c->marks + at, c->marks + at + 1, (c->nmarks - at - 1) * sizeof *c->marks);
		c->nmarks--;
	} else {
		if (c->nmarks == c->capmarks) {
			size_t cap = c->capmarks ? c->capmarks * 2 : 64;
			long long *nv = realloc(c->marks, cap * sizeof *nv);

			if (nv == NULL) {
				tui_message(t, true, "%s", _("out of memory"));
				return R_REDRAW;
			}
			c->marks = nv;
			c->capmarks = cap;
		}
		memmove(c->marks + at + 1, c->marks + at, (c->nmarks - at) * sizeof *c->marks);
		c->marks[at] = r->id;
		c->nmarks++;
	}
	return custlist_move_to(t, c, c->cur + 1);
}

/* Marks the customers of the list that match rule text (the prompt's). */
static unsigned
mark_rule_done(struct tui *t, const char *rule)
{
	struct custlist *c = screen_top(t);
	struct err e = {0};
	long long *ids, *all;
	size_t n, i = 0, j = 0, k = 0, before;
	char num[64];

	if (c == NULL || rule == NULL || *rule == '\0')
		return R_REDRAW;
	if (list_query_ids(t->db, &c->q, rule, &ids, &n, &e) != 0)
		return tui_error(t, &e);
	/* the union of two ascending sets */
	if ((all = malloc((c->nmarks + n + 1) * sizeof *all)) == NULL) {
		free(ids);
		tui_message(t, true, "%s", _("out of memory"));
		return R_REDRAW;
	}
	while (i < c->nmarks || j < n) {
		if (j == n || (i < c->nmarks && c->marks[i] < ids[j]))
			all[k++] = c->marks[i++];
		else if (i == c->nmarks || ids[j] < c->marks[i])
			all[k++] = ids[j++];
		else
			all[k++] = c->marks[i++], j++;
	}
	free(ids);
	before = c->nmarks;
	free(c->marks);
	c->marks = all;
	c->nmarks = k;
	c->capmarks = c->nmarks + n + 1;
	tui_message(t, false, _("Marked %s more customers."),
	            tui_group(t, (long long)(k - before), num, sizeof num));
	return R_REDRAW;
}


/* Puts tag name on, or takes it off, the marked customers or the one at
 * the cursor: one undo step; the list, its total and the tree counted
 * again. */
static unsigned
tag_apply(struct tui *t, struct custlist *c, const char *name, bool off)
{
	const struct list_row *r = custlist_current(c);
	struct tag_target target = {0};
	struct err e = {0};
	long long changed = 0, one;
	char num[64];
	int rc;

	if (c->nmarks > 0) {
		target.ids = c->marks;
		target.nids = c->nmarks;
	} else if (r != NULL) {
		one = r->id;
		target.ids = &one;
		target.nids = 1;
	} else {
		return R_NONE;
	}
	rc = off ? tag_remove(t->db, name, &target, &changed, &e)
	         : tag_add(t->db, name, &target, &changed, &e);
	if (rc != 0)
		return tui_error(t, &e);
	tui_group(t, changed, num, sizeof num);
	if (off)
		tui_message(t, false, _("Tag \"%s\" taken off %s customers (u undoes it)."), name, num);
	else
		tui_message(t, false, _("Tag \"%s\" put on %s customers (u undoes it)."), name, num);
	conds_stale(t);
	facet_stale(t);
	return custlist_reread(t, c) | custlist_count(t, c) | R_RELOAD | R_REDRAW;
}

static unsigned
tag_new_done(struct tui *t, const char *name)
{
	struct custlist *c = screen_top(t);

	if (c == NULL || name == NULL || *name == '\0')
		return R_REDRAW;
	return tag_apply(t, c, name, false);
}

/* The tag picker: a new tag first when putting one on, then every tag
 * with its count. */
static size_t
tp_count(void *ctx)
{
	struct custlist *c = ctx;

	return c->ntags + (c->untag ? 0 : 1);
}

static const char *
tp_text(void *ctx, size_t i, int k)
{
	struct custlist *c = ctx;

	if (k != 0)
		return NULL;
	if (!c->untag && i-- == 0)
		return _("new tag…");
	return c->tags[i].name;
}

static void
tp_draw(void *ctx, size_t i, int y, int x, int w, bool cursor)
{
	struct custlist *c = ctx;
	char n[64];
	int nw;

	(void)cursor;
	if (!c->untag && i-- == 0) {
		tui_put(y, x, w, _("new tag…"), true);
		return;
	}
	snprintf(n, sizeof n, "%lld", c->tags[i].count);
	nw = (int)strlen(n) + 1;
	tui_put(y, x, w - nw > 0 ? w - nw : 0, c->tags[i].name, true);
	if (w > nw)
		tui_put(y, x + w - nw, nw, n, false);
}

void
custlist_tags_forget(struct custlist *c)
{
	tag_list_free(c->tags, c->ntags);
	c->tags = NULL;
	c->ntags = 0;
}

static unsigned
tp_done(struct tui *t, void *ctx, size_t i)
{
	struct custlist *c = ctx;
	unsigned r = R_REDRAW;
	char *name = NULL;
	bool no = false;

	if (i != SIZE_MAX) {
		if (!c->untag && i-- == 0) {
			prompt_open(&t->prompt, _("New tag:"), NULL, tag_new_done);
		} else if (i < c->ntags) {
			name = str_dup(c->tags[i].name, &no);
		}
	}
	custlist_tags_forget(c);
	if (name != NULL)
		r = tag_apply(t, c, name, c->untag);
	free(name);
	return r;
}

static const struct picker_ops tag_picker = {tp_count, tp_text, tp_draw, tp_done};

unsigned
custlist_tag_pick(struct tui *t, struct custlist *c, bool off)
{
	struct err e = {0};
	char title[256], num[64];

	if (custlist_current(c) == NULL && c->nmarks == 0)
		return R_NONE;
	custlist_tags_forget(c);
	if (tag_list(t->db, &c->tags, &c->ntags, &e) != 0)
		return tui_error(t, &e);
	if (off && c->ntags == 0) {
		tui_message(t, false, "%s", _("There are no tags yet."));
		return R_REDRAW;
	}
	c->untag = off;
	tui_group(t, c->nmarks > 0 ? (long long)c->nmarks : 1, num, sizeof num);
	snprintf(title, sizeof title, off ? _("Take a tag off %s customers") :
	                                    _("Put a tag on %s customers"), num);
	if (picker_open(t, title, &tag_picker, c, SIZE_MAX) != 0) {
		custlist_tags_forget(c);
		tui_message(t, true, "%s", _("out of memory"));
	}
	return R_REDRAW;
}


bool
custlist_marked(const struct custlist *c, long long id)
{
	size_t at;

	return mark_find(c, id, &at);
}

unsigned
custlist_mark_rule(struct tui *t)
{
	prompt_open(&t->prompt, _("Mark the customers matching:"), NULL, mark_rule_done);
	return R_REDRAW;
}
