/* The customer list's order: its customers' ids in the list's order, read
 * by the counter (COUNT_LIST_ORDER) whenever the sort, the rows or the
 * narrowing change; s and S ask for a new one, and the rows stay as they
 * are until it comes. Once it is here, view_list.c reads any page by ids. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "counter.h"
#include "i18n.h"
#include "view_list.h"

/* s/S: the order sorted by the cursor's column comes from the counter;
 * the rows stay as they are until then (the status line says so). */
unsigned
custlist_sort(struct tui *t, struct custlist *c, bool desc)
{
	if (!c->sorting && c->q.sort == c->col && c->q.desc == desc && c->ordered)
		return R_NONE;
	c->sorting = true;
	c->want_sort = c->col;
	c->want_desc = desc;
	return custlist_order(t, c);
}

/* The order is no longer the list's (its rows or its sort changed): pages
 * come by keyset again until the next one. */
void
custlist_order_drop(struct custlist *c)
{
	free(c->order);
	c->order = NULL;
	c->norder = 0;
	c->ordered = false;
	custlist_window_clear(c);
}

unsigned
custlist_order(struct tui *t, struct custlist *c)
{
	struct count_req req = {.kind = COUNT_LIST_ORDER, .list = &c->q};
	struct list_query want;
	struct err e = {0};
	int rc;

	/* the order asked for: the list's, sorted as s/S asked */
	if (list_query_copy(&want, &c->q, &e) != 0)
		return tui_error(t, &e);
	if (c->sorting)
		list_query_sort(&want, c->want_sort, c->want_desc);
	req.list = &want;
	req.slot = screen_slot(t, c, 1);
	req.tag = screen_tag(t);
	rc = counter_submit(t->counter, &req, &e);
	list_query_free(&want);
	if (rc != 0) {
		c->sorting = false;
		return tui_error(t, &e);
	}
	c->order_tag = req.tag;
	return R_REDRAW;
}

/* The order came: installed, the cursor at the top after a sort, else on
 * the customer it was on (or where it was, when that one left). */
unsigned
custlist_order_counted(struct tui *t, struct custlist *c, const struct count_result *r)
{
	const struct list_row *row = custlist_current(c);
	long long id = row != NULL ? row->id : 0, at = c->cur;
	bool sorted = c->sorting;
	long long *ids = NULL;

	c->order_tag = 0;
	if (r->status != COUNTER_OK) {
		c->sorting = false;
		return r->status == COUNTER_ERROR ? tui_error(t, &r->err) : R_REDRAW;
	}
	if (r->count > 0 && (ids = malloc((size_t)r->count * sizeof *ids)) == NULL) {
		c->sorting = false;
		tui_message(t, true, "%s", _("out of memory"));
		return R_REDRAW;
	}
	if (r->count > 0)
		memcpy(ids, r->ids, (size_t)r->count * sizeof *ids);
	if (sorted)
		list_query_sort(&c->q, c->want_sort, c->want_desc);
	c->sorting = false;
	custlist_order_drop(c);
	c->order = ids;
	c->norder = (size_t)r->count;
	c->ordered = true;
	if (c->q.only == NULL) { /* the total, exact as of this order */
		c->total = r->count;
		c->counted = true;
	}
	if (sorted) {
		c->top = 0;
		at = 0;
	} else {
		for (size_t i = 0; id != 0 && i < c->norder; i++)
			if (c->order[i] == id) {
				at = (long long)i;
				break;
			}
	}
	if (c->find_dir != 0)
		return custlist_find(t, c, c->find_dir, c->find_inclusive);
	return custlist_move_to(t, c, at);
}
