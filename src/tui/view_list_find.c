/* The customer list's search on name, email and phone: the ids it
 * matches come from the counter (COUNT_LIST_MATCH); n and N walk the
 * list's order from the cursor, asking the matches of each row, so that
 * neither the search nor a step scans the base on the key path. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counter.h"
#include "i18n.h"
#include "view_list.h"

static int
cmp_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* The next (dir > 0) or previous match from the cursor (inclusive: the
 * cursor's row too), wrapping around the ends; the cursor goes there. It
 * walks the order, asking the matches (both from the counter) of each
 * row: until both are here, it waits for them. */
unsigned
custlist_find(struct tui *t, struct custlist *c, int dir, bool inclusive)
{
	long long n = (long long)c->norder, i, step;
	bool wrapped = false;

	if (c->q.search == NULL) {
		tui_message(t, false, "%s", _("No search yet: / searches name, email and phone."));
		return R_REDRAW;
	}
	if (!c->ordered || !c->matched) {
		c->find_dir = dir;
		c->find_inclusive = inclusive;
		tui_message(t, false, _("Searching for \"%s\"…"), c->q.search);
		return R_REDRAW;
	}
	c->find_dir = 0;
	if (c->nmatches == 0 || n == 0) {
		tui_message(t, true, _("Nothing matches \"%s\" in name, email or phone."), c->q.search);
		return R_REDRAW;
	}
	i = c->cur < n ? c->cur : n - 1;
	if (!inclusive)
		i += dir;
	for (step = 0; step < n; step++, i += dir) {
		if (i >= n || i < 0) {
			i = i >= n ? 0 : n - 1;
			wrapped = true;
		}
		if (bsearch(&c->order[i], c->matches, c->nmatches, sizeof *c->matches, cmp_id) != NULL)
			break;
	}
	if (step == n) { /* the matches left the list since */
		tui_message(t, true, _("Nothing matches \"%s\" in name, email or phone."), c->q.search);
		return R_REDRAW;
	}
	if (wrapped)
		tui_message(t, false, "%s",
		            dir > 0 ? _("Search wrapped to the top.") : _("Search wrapped to the bottom."));
	else
		t->msg[0] = '\0'; /* "Searching…" is over */
	/* the match mid-screen */
	c->top = i - custlist_visible(t) / 2 > 0 ? i - custlist_visible(t) / 2 : 0;
	return custlist_move_to(t, c, i);
}

unsigned
custlist_matches_ask(struct tui *t, struct custlist *c)
{
	struct count_req req = {.kind = COUNT_LIST_MATCH, .list = &c->q};
	struct err e = {0};

	free(c->matches);
	c->matches = NULL;
	c->nmatches = 0;
	c->matched = false;
	c->match_tag = 0;
	if (c->q.search == NULL)
		return R_REDRAW;
	req.slot = screen_slot(t, c, 2);
	req.tag = screen_tag(t);
	if (counter_submit(t->counter, &req, &e) != 0)
		return tui_error(t, &e);
	c->match_tag = req.tag;
	return R_REDRAW;
}

static unsigned
search_done(struct tui *t, const char *text)
{
	struct custlist *c = screen_top(t);
	struct err e = {0};

	if (c == NULL)
		return R_NONE;
	if (list_query_search(&c->q, text, &e) != 0)
		return tui_error(t, &e);
	if (c->q.search == NULL)
		return custlist_matches_ask(t, c);
	return custlist_matches_ask(t, c) | custlist_find(t, c, 1, true);
}

unsigned
custlist_search(struct tui *t)
{
	prompt_open(&t->prompt, _("Search name, email, phone:"), NULL, search_done);
	return R_REDRAW;
}

/* The search's matches came: a search or n/N waiting for them goes on. */
unsigned
custlist_matches_counted(struct tui *t, struct custlist *c, const struct count_result *r)
{
	c->match_tag = 0;
	if (r->status != COUNTER_OK) {
		c->find_dir = 0;
		return r->status == COUNTER_ERROR ? tui_error(t, &r->err) : R_REDRAW;
	}
	free(c->matches);
	c->nmatches = 0;
	if (r->count > 0 && (c->matches = malloc((size_t)r->count * sizeof *c->matches)) == NULL) {
		tui_message(t, true, "%s", _("out of memory"));
		return R_REDRAW;
	}
	if (r->count > 0)
		memcpy(c->matches, r->ids, (size_t)r->count * sizeof *c->matches);
	c->nmatches = (size_t)r->count;
	c->matched = true;
	if (c->find_dir != 0)
		return custlist_find(t, c, c->find_dir, c->find_inclusive);
	return R_REDRAW;
}
