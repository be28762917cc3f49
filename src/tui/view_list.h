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

/* view_list_mark.c */
bool custlist_marked(const struct custlist *c, long long id);
/* Space: marks the row at the cursor, or unmarks it, and goes down. */
unsigned custlist_mark_toggle(struct tui *t, struct custlist *c);
/* m: asks for a rule and marks the rows that match it. */
unsigned custlist_mark_rule(struct tui *t);
/* t / T: the tag picker, to put a tag on or take one off the marked rows
 * (or the current one). */
unsigned custlist_tag_pick(struct tui *t, struct custlist *c, bool off);

#endif
