/* The undo log of hand edits (tags, segments): each user action is one
 * step holding the before-images of the rows it changes; undo_last puts
 * them back. Modules call undo_step_begin, then undo_save for every set of
 * rows they are about to change, inside their own transaction. */
#ifndef CLIENTELE_UNDO_H
#define CLIENTELE_UNDO_H

#include <stdarg.h>
#include <stddef.h>

#include "err.h"
#include "rule.h"

struct db;

/* Starts a step described by a label formatted like printf (shown to the
 * user: "put tag \"vip\" on 1 204 customers"). Must be inside a
 * transaction (db_begin). The log keeps the UNDO_KEEP newest steps;
 * beginning one drops the oldest beyond that. */
#define UNDO_KEEP 100
int undo_step_begin(struct db *db, struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int undo_step_vbegin(struct db *db, struct err *e, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* Replaces the label of the step begun in this transaction (for a label
 * that can say how many rows changed only after the change). */
int undo_step_label(struct db *db, const char *label, struct err *e);

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

/* Reverts the newest step in one transaction; *label (malloc'd, may be
 * NULL) says what was undone. Fails with a message when there is nothing
 * to undo. */
int undo_last(struct db *db, char **label, struct err *e);

/* The label of the newest step (malloc'd), or NULL when there is none. */
int undo_peek(struct db *db, char **label, struct err *e);

struct undo_step {
	long long id;
	char *at;    /* "YYYY-MM-DD HH:MM:SS", UTC */
	char *label;
};

/* Every step, newest first; *out (malloc'd array, NULL when empty) freed
 * with undo_list_free. */
int undo_list(struct db *db, struct undo_step **out, size_t *n, struct err *e);
void undo_list_free(struct undo_step *v, size_t n);

#endif
