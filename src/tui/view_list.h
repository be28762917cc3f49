/* The customer list's state, shared by its two files: view_list.c (the
 * window of rows, drawing, keys, the screen) and view_list_mark.c (marks,
 * marking by rule, the tag picker). */
#ifndef CLIENTELE_TUI_VIEW_LIST_H
#define CLIENTELE_TUI_VIEW_LIST_H

#include <stdbool.h>
#include <stdint.h>

#include "private.h"
#include "query_list.h"
#include "tag.h"

struct custlist {
	char *parent;   /* the segment's path; NULL: the whole base */
	char *rule;     /* within it; NULL: all its members */
	char *subtitle; /* what the title line names */
	char title[1024]; /* the subtitle when narrowed */
	long long total;
	bool counted;
	uint64_t tag;   /* the counter's request for the total */

	struct list_query q;
	struct list_row *rows; /* the window: rows first .. first + n - 1 */
	size_t n;
	long long first;
	bool end_seen;  /* the window reaches the last row */
	long long cur, top;
	size_t col;     /* the column under the cursor */

	long long *marks; /* marked customer ids, ascending */
	size_t nmarks, capmarks;
	uint64_t mark_tag; /* m's request to the counter, 0: none */
	bool prefix;       /* ; was pressed: the next key acts on the marks */

	/* The list's order as ids, from the counter (COUNT_LIST_ORDER): once
	 * it is here, a page anywhere is read by ids and a row's index is its
	 * place; until then, pages come by keyset. */
	long long *order;
	size_t norder;
	bool ordered;
	uint64_t order_tag;   /* the request in flight, 0: none */
	bool sorting;         /* s/S: the order asked for is sorted by */
	size_t want_sort;     /* want_sort, want_desc, applied when it comes */
	bool want_desc;
	bool keep_id;         /* when it comes: the cursor stays on its customer */

	/* The ids the search matches, ascending (COUNT_LIST_MATCH). */
	long long *matches;
	size_t nmatches;
	bool matched;
	uint64_t match_tag;
	int find_dir;         /* n/N (or a new search) waiting for them: its way */
	bool find_inclusive;
};

/* view_list.c */
/* Puts the cursor at index i (clamped), scrolls to it and reads the rows
 * the screen will show. */
unsigned custlist_move_to(struct tui *t, struct custlist *c, long long i);
/* The row at the cursor, NULL when it is not read (an empty list). */
const struct list_row *custlist_current(const struct custlist *c);
/* Reads the window again where it is (after an edit). */
unsigned custlist_reread(struct tui *t, struct custlist *c);
/* Asks the counter for the total again. */
unsigned custlist_count(struct tui *t, struct custlist *c);

/* The rows the screen shows. */
int custlist_visible(const struct tui *t);
/* Forgets the window's rows. */
void custlist_window_clear(struct custlist *c);

/* view_list_order.c */
/* Asks the counter for the list's order again (after an edit, or with the
 * sort s/S asked for when c->sorting); the rows stay as they are until
 * it comes. */
unsigned custlist_order(struct tui *t, struct custlist *c);
/* s/S: sorted by the cursor's column, descending when desc. */
unsigned custlist_sort(struct tui *t, struct custlist *c, bool desc);
/* The order is no longer the list's: pages come by keyset until the next. */
void custlist_order_drop(struct custlist *c);
/* The counter's answer to custlist_order. */
unsigned custlist_order_counted(struct tui *t, struct custlist *c, const struct count_result *r);

/* view_list_find.c */
/* /: asks what to search, then goes to the first match from the cursor. */
unsigned custlist_search(struct tui *t);
/* The next (dir > 0) or previous match from the cursor (inclusive: the
 * cursor's row too), wrapping around; waits for the order and the
 * matches when they are not here yet. */
unsigned custlist_find(struct tui *t, struct custlist *c, int dir, bool inclusive);
/* Asks the counter for the ids the search matches (none: forgets them). */
unsigned custlist_matches_ask(struct tui *t, struct custlist *c);
/* The counter's answer to custlist_matches_ask. */
unsigned custlist_matches_counted(struct tui *t, struct custlist *c,
                                  const struct count_result *r);

/* view_list_mark.c */
bool custlist_marked(const struct custlist *c, long long id);
/* Space: marks the row at the cursor, or unmarks it, and goes down. */
unsigned custlist_mark_toggle(struct tui *t, struct custlist *c);
/* m: asks for a rule and marks the rows that match it (their ids come
 * from the counter: custlist_marks_counted). */
unsigned custlist_mark_rule(struct tui *t);
/* A result from the counter for m's request: the marks grow. */
unsigned custlist_marks_counted(struct tui *t, struct custlist *c, const struct count_result *r);
/* t / T: the tag picker, to put a tag on or take one off the marked rows
 * (or the current one). */
unsigned custlist_tag_pick(struct tui *t, struct custlist *c, bool off);

#endif
