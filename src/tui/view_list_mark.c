/* The customer list's marks (a set of customer ids, ascending), marking
 * the rows that match a rule, and putting a tag on or taking it off the
 * marked rows through the picker, with the core's tag functions. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counter.h"
#include "db.h"
#include "i18n.h"
#include "job.h"
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

/* Marks the customers of the list that match rule text (the prompt's):
 * the counter finds them (custlist_marks_counted). */
static unsigned
mark_rule_done(struct tui *t, const char *rule)
{
	struct custlist *c = screen_top(t);
	struct count_req req = {.kind = COUNT_LIST_IDS};
	struct err e = {0};

	if (c == NULL || rule == NULL || *rule == '\0')
		return R_REDRAW;
	req.list = &c->q;
	req.rule = rule;
	req.slot = screen_slot(t, c, 3);
	req.tag = screen_tag(t);
	if (counter_submit(t->counter, &req, &e) != 0)
		return tui_error(t, &e);
	c->mark_tag = req.tag;
	tui_message(t, false, _("Marking the customers matching %s…"), rule);
	return R_REDRAW;
}

unsigned
custlist_marks_counted(struct tui *t, struct custlist *c, const struct count_result *r)
{
	const long long *ids = r->ids;
	size_t n = (size_t)r->count, i = 0, j = 0, k = 0, before;
	long long *all;
	char num[64];

	c->mark_tag = 0;
	if (r->status != COUNTER_OK)
		return r->status == COUNTER_ERROR ? tui_error(t, &r->err) : R_REDRAW;
	/* the union of two ascending sets */
	if ((all = malloc((c->nmarks + n + 1) * sizeof *all)) == NULL) {
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
	before = c->nmarks;
	free(c->marks);
	c->marks = all;
	c->nmarks = k;
	c->capmarks = c->nmarks + n + 1;
	tui_message(t, false, _("Marked %s more customers."),
	            tui_group(t, (long long)(k - before), num, sizeof num));
	return R_REDRAW;
}

/* More marked customers than this: the tag goes on in a thread of its
 * own, with a gauge that can cancel it (a million take seconds). */
#define TAG_GAUGE_MIN 10000

/* A tag put on or taken off in the background: the job's own connection,
 * a copy of the marks. */
struct tag_job {
	char *path, *name;
	long long *ids;
	size_t nids;
	bool off;
	long long changed;
};

static void
tag_job_free(struct tag_job *tj)
{
	if (tj == NULL)
		return;
	free(tj->path);
	free(tj->name);
	free(tj->ids);
	free(tj);
}

static int
tag_job_run(struct job *j, void *arg, struct err *e)
{
	struct tag_job *tj = arg;
	struct tag_target target = {.ids = tj->ids, .nids = tj->nids};
	struct db *db = NULL;
	int rc;

	job_report(j, 0, (long long)tj->nids,
	           tj->off ? _("taking the tag off") : _("putting the tag on"));
	if (db_open(&db, tj->path, 0, e) != 0)
		return -1;
	/* Esc: the transaction stops and rolls back, nothing changed */
	db_set_cancel(db, job_cancel_flag(j));
	rc = tj->off ? tag_remove(db, tj->name, &target, &tj->changed, e)
	             : tag_add(db, tj->name, &target, &tj->changed, e);
	db_close(&db);
	if (rc == 0)
		job_report(j, (long long)tj->nids, (long long)tj->nids, NULL);
	return rc;
}

/* What the list shows after a tag edit: the message, and everything
 * counted again. */
static unsigned
tag_done(struct tui *t, struct custlist *c, const char *name, bool off, long long changed)
{
	char num[64];

	tui_group(t, changed, num, sizeof num);
	if (off)
		tui_message(t, false, _("Tag \"%s\" taken off %s customers (u undoes it)."), name, num);
	else
		tui_message(t, false, _("Tag \"%s\" put on %s customers (u undoes it)."), name, num);
	conds_stale(t);
	facet_stale(t);
	return custlist_reread(t, c) | custlist_count(t, c) | custlist_order(t, c) | R_RELOAD |
	       R_REDRAW;
}

static unsigned
tag_job_done(struct tui *t, void *ctx, int rc, const struct err *e, bool cancelled)
{
	struct tag_job *tj = ctx;
	struct custlist *c = screen_top(t);
	unsigned r = R_REDRAW;

	if (e == NULL) { /* the interface is closing */
		tag_job_free(tj);
		return R_NONE;
	}
	if (rc != 0 && cancelled)
		tui_message(t, false, "%s", _("Cancelled: no tag was put on or taken off."));
	else if (rc != 0)
		r = tui_error(t, e);
	else if (c != NULL)
		r = tag_done(t, c, tj->name, tj->off, tj->changed);
	tag_job_free(tj);
	return r;
}

/* The marks' copy goes to a job, under a gauge. */
static unsigned
tag_apply_background(struct tui *t, struct custlist *c, const char *name, bool off)
{
	struct tag_job *tj = calloc(1, sizeof *tj);
	struct err e = {0};
	char title[256];
	bool no = tj == NULL;

	if (tj != NULL) {
		tj->path = str_dup(t->path, &no);
		tj->name = str_dup(name, &no);
		tj->off = off;
		tj->nids = c->nmarks;
		if ((tj->ids = malloc(c->nmarks * sizeof *tj->ids)) == NULL)
			no = true;
		else
			memcpy(tj->ids, c->marks, c->nmarks * sizeof *tj->ids);
	}
	if (no) {
		tag_job_free(tj);
		tui_message(t, true, "%s", _("out of memory"));
		return R_REDRAW;
	}
	snprintf(title, sizeof title, off ? _("Taking tag \"%s\" off") : _("Putting tag \"%s\" on"),
	         name);
	if (gauge_run(t, title, tag_job_run, tj, tag_job_done, tj, &e) != 0) {
		tag_job_free(tj);
		return tui_error(t, &e);
	}
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
	int rc;

	if (c->nmarks > TAG_GAUGE_MIN)
		return tag_apply_background(t, c, name, off);
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
	return tag_done(t, c, name, off, changed);
}

static unsigned
tag_picked(struct tui *t, const char *name, bool off)
{
	struct custlist *c = screen_top(t);

	if (c == NULL || name == NULL || *name == '\0')
		return R_REDRAW;
	return tag_apply(t, c, name, off);
}

static unsigned
tag_on_picked(struct tui *t, const char *name)
{
	return tag_picked(t, name, false);
}

static unsigned
tag_off_picked(struct tui *t, const char *name)
{
	return tag_picked(t, name, true);
}

/* The tag picker of view_tags.c: every tag with its count, and, when
 * putting one on, a row that creates the tag typed. */
unsigned
custlist_tag_pick(struct tui *t, struct custlist *c, bool off)
{
	struct tag_info *tags = NULL;
	size_t ntags = 0;
	struct err e = {0};
	char title[256], num[64];

	if (custlist_current(c) == NULL && c->nmarks == 0)
		return R_NONE;
	if (off) {
		if (tag_list(t->db, &tags, &ntags, &e) != 0)
			return tui_error(t, &e);
		tag_list_free(tags, ntags);
		if (ntags == 0) {
			tui_message(t, false, "%s", _("There are no tags yet."));
			return R_REDRAW;
		}
	}
	tui_group(t, c->nmarks > 0 ? (long long)c->nmarks : 1, num, sizeof num);
	snprintf(title, sizeof title, off ? _("Take a tag off %s customers") :
	                                    _("Put a tag on %s customers"), num);
	return tags_pick(t, title, NULL, !off, off ? tag_off_picked : tag_on_picked);
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
