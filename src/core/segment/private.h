/* What the files of the segment module share (segment/segment.c, segment/sql.c,
 * segment/edit.c, query_tree.c, segment/snap.c, segment/why.c): the tree
 * loaded from the base, the compiler of chains of rules, and the stored form
 * of `in segment`. */
#ifndef CLIENTELE_SEGMENT_INT_H
#define CLIENTELE_SEGMENT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "fields.h"
#include "segment/segment.h"
#include "undo.h"

/* The tree in display order; rules in their stored form, where
 * `in segment` holds "#ID" rather than a path, so that a rename or a move
 * of the referenced segment does not break the rule. */
struct seg_tree {
	struct segment *v;
	size_t n;
};

int seg_tree_load(struct db *db, struct seg_tree *t, struct err *e);
void seg_tree_free(struct seg_tree *t);

/* The index of the segment with id, or -1. */
long seg_tree_index(const struct seg_tree *t, long long id);

/* The index of the segment at path, -1 for the root ("" or "/"); -2 with
 * e set (EXIT_DATAERR, "no segment ...") when there is none. */
long seg_tree_find(const struct seg_tree *t, const char *path, struct err *e);

/* The path of t nearest to path (a misspelt one), or NULL: none is close,
 * or path is a "#12" reference. */
const char *seg_tree_nearest(const struct seg_tree *t, const char *path);

/* True when the segment at index i is a or lies under it. */
bool seg_tree_under(const struct seg_tree *t, long i, long long a);

/* Compiles chains of rules with one catalog, reference date and tree;
 * follows `in segment` and reports cycles. */
struct seg_compiler {
	struct db *db;
	struct seg_tree *t;
	struct field_catalog cat;
	char ref[11];
	struct {
		long long id;
		bool rule; /* compiling its rule (not just referring to it) */
	} stack[64];
	int depth;
	struct rule_segments rs;
};

/* t stays owned by the caller and must outlive sc. */
int seg_compiler_init(struct seg_compiler *sc, struct db *db, struct seg_tree *t, struct err *e);
void seg_compiler_free(struct seg_compiler *sc);

/* The members of segment i (index into sc->t) as SQL. */
int seg_where_index(struct seg_compiler *sc, long i, struct rule_sql *out, struct err *e);

/* The rule of segment i alone (not its chain); stored or user text. */
int seg_rule_sql(struct seg_compiler *sc, long i, const char *text, struct rule_sql *out,
                 struct err *e);

/* User text -> stored text (canonical, paths replaced by "#ID"); *out
 * malloc'd. Parse errors and unknown segments at their line and column. */
int seg_rule_store(const struct seg_tree *t, const char *text, char **out, struct err *e);

/* Stored text -> the text the user reads (paths in place of "#ID");
 * malloc'd, NULL when out of memory. */
char *seg_rule_display(const struct seg_tree *t, const char *stored);

/* acc = (acc) AND (part); part is emptied. */
int seg_sql_and(struct rule_sql *acc, struct rule_sql *part, struct err *e);

/* Copies s into a fresh segment_list entry with the display rule. */
int seg_copy_display(const struct seg_tree *t, const struct segment *s, struct segment *out);

/* The ids of the dynamic segments whose rules do not compile now (so that
 * an edit is refused only for what it breaks); *ids malloc'd. */
int seg_failing(struct db *db, long long **ids, size_t *n, struct err *e);

/* Compiles every dynamic segment; fails on the first that does not
 * compile and is not among was[0..nwas). The error of a segment other than
 * edited (the one the edit changed; 0: none) names it. */
int seg_validate(struct db *db, const long long *was, size_t nwas, long long edited,
                 struct err *e);

/* For the edits of segment/edit.c and segment/snap.c: a checked name
 * (*out malloc'd, trimmed); a name not yet taken among the children of
 * parent (0: the root) but for except; a transaction with an undo step
 * of that kind (undo_step_begin), and its end (commit when rc is 0,
 * else rollback). */
int seg_name_check(const char *name, char **out, struct err *e);
int seg_name_free(const struct seg_tree *t, long long parent, const char *name,
                  long long except, struct err *e);
int seg_edit_begin(struct db *db, enum undo_kind kind, const char *a, const char *b, long long n,
                   struct err *e);
int seg_edit_end(struct db *db, int rc, struct err *e);

/* Numbers the children of parent 1, 2, ... with the segment id put at
 * position pos (1-based; 0 or past the end: last). */
int seg_renumber(struct db *db, const struct seg_tree *t, long long parent, long long id,
                 int pos, struct err *e);

/* The position just after segment i among its siblings (1-based). */
int seg_position_after(const struct seg_tree *t, long i);

/* The id a stored "#12" reference names, or 0. */
long long seg_ref_id(const char *s);

/* The tree and a compiler over it, loaded together (seg_open) and freed
 * together (seg_close). */
int seg_open(struct db *db, struct seg_tree *t, struct seg_compiler *sc, struct err *e);
void seg_close(struct seg_tree *t, struct seg_compiler *sc);

#endif
