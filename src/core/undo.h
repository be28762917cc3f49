/* The undo log of hand edits (tags, segments): each user action is one
 * step holding the before-images of the rows it changes; undo_last puts
 * them back. Modules call undo_step_begin, then undo_save for every set of
 * rows they are about to change, inside their own transaction. */
#ifndef CLIENTELE_UNDO_H
#define CLIENTELE_UNDO_H

#include <stddef.h>

#include "err.h"
#include "rule/rule.h"

struct db;

/* What a step did. A step stores its kind (as the key undo.c gives it,
 * which never changes meaning) and its arguments, and its label is
 * formatted from them only when shown, in the user's language. Each kind
 * uses the name a, a second name b and a count n as its comment shows
 * (an argument it does not use is ignored). */
enum undo_kind {
	UNDO_TAG_CREATE,  /* created tag "a" */
	UNDO_TAG_RENAME,  /* renamed tag "a" to "b" */
	UNDO_TAG_MERGE,   /* merged tag "a" into "b" */
	UNDO_TAG_DELETE,  /* deleted tag "a" (it was on n customers) */
	UNDO_TAG_PUT,     /* put tag "a" on n customers */
	UNDO_TAG_TAKE,    /* took tag "a" off n customers */
	UNDO_SEG_ADD,     /* add segment "a" (a: its path) */
	UNDO_SEG_RENAME,  /* rename segment "a" to "b" */
	UNDO_SEG_RULE,    /* change the rule of "a" */
	UNDO_SEG_PLAN,    /* edit the plan of "a" */
	UNDO_SEG_REORDER, /* reorder segment "a" */
	UNDO_SEG_MOVE,    /* move segment "a" */
	UNDO_SEG_COPY,    /* duplicate segment "a" */
	UNDO_SEG_DELETE,  /* delete segment "a" [with n below it] */
	UNDO_SEG_FREEZE,  /* freeze "a" as "b" */
	UNDO_HAND_EDIT,   /* edited field "a" of customer "b" by hand */
};

/* Starts a step of that kind. Must be inside a transaction (db_begin).
 * The log keeps the UNDO_KEEP newest steps; beginning one drops the
 * oldest beyond that. */
#define UNDO_KEEP 100
int undo_step_begin(struct db *db, enum undo_kind kind, const char *a, const char *b,
                    long long n, struct err *e);

/* Replaces the kind and arguments of the step begun in this transaction
 * (for a label that can say how many rows changed only after the change). */
int undo_step_relabel(struct db *db, enum undo_kind kind, const char *a, const char *b,
                      long long n, struct err *e);

/* The label of a step of that kind, in the user's language (malloc'd;
 * NULL when out of memory). */
char *undo_label(enum undo_kind kind, const char *a, const char *b, long long n);

/* Saves the rows of table that match where (an SQL condition written by
 * the calling module with plain ? placeholders, no ?NNN or :name; params
 * are bound to them) as they are now. table is one of tags, customer_tags,
 * segments, segment_members, segment_counts, hand_edits (others are
 * refused). On undo, rows matching where that were not saved are deleted
 * (the step added them) and the saved ones are put back as they were
 * (upserted by key, so rows referring to them are not cascaded away).
 * Undo deletes in the reverse order of the saves and inserts in their
 * order: save parents (tags, segments) before their children. Must follow
 * undo_step_begin in the same transaction. */
int undo_save(struct db *db, const char *table, const char *where,
              const struct sql_param *params, size_t nparams, struct err *e);

/* Saves the value of one column of one customer as it is now, which undo
 * puts back: table is customers (a built-in or custom field's column,
 * never id) or customer_metrics (a metric of hers, never customer_id).
 * The column is checked against the table again when undone. Must follow
 * undo_step_begin in the same transaction. */
int undo_save_cell(struct db *db, const char *table, long long customer_id, const char *column,
                   struct err *e);

/* Reverts the newest step in one transaction; *label (malloc'd, may be
 * NULL) says what was undone. Labels here and below are formatted in the
 * user's language; a step logged before kinds were stored (schema 4)
 * keeps the English label it was stored with. Fails with a message when
 * there is nothing to undo. */
int undo_last(struct db *db, char **label, struct err *e);

/* The label of the newest step (malloc'd), or NULL when there is none. */
int undo_peek(struct db *db, char **label, struct err *e);

struct undo_step {
	long long id;
	char *at;    /* "YYYY-MM-DD HH:MM:SS", UTC */
	char *label; /* what it did, in the user's language */
};

/* Every step, newest first; *out (malloc'd array, NULL when empty) freed
 * with undo_list_free. */
int undo_list(struct db *db, struct undo_step **out, size_t *n, struct err *e);
void undo_list_free(struct undo_step *v, size_t n);

/* Forgets every step, in one transaction: what was built for the user (the
 * demo's example segments) is not an edit of theirs to undo. */
int undo_forget(struct db *db, struct err *e);

#endif
