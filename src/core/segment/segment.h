/* The segment tree (SPEC §2.2): segments under the root "All customers",
 * a child's members being its parent's members that also satisfy its rule;
 * counts, overlap, the rest, static snapshots and their diff, the count
 * history, the plan of each segment, and the "why" of one customer. Paths
 * are names joined with '/' ("Clients/Primary school"); names are matched
 * case-insensitively, and "" or "/" is the root. Every edit is one
 * transaction and one undo step. */
#ifndef CLIENTELE_SEGMENT_H
#define CLIENTELE_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "rule/rule.h"

struct db;

struct segment {
	long long id;
	long long parent_id;   /* 0 for a child of the root */
	int depth;             /* 1 for a child of the root */
	int position;
	char *name, *path, *rule; /* rule as the user reads it: `in segment`
	                             shows the current path of its segment */
	bool is_static;        /* a frozen snapshot */
	char *plan_who, *plan_what, *plan_why, *plan_when, *plan_where, *strategy;
	char *frozen_at;       /* static: "YYYY-MM-DD HH:MM:SS" (UTC); else NULL */
};

void segment_clear(struct segment *s);

/* The whole tree in display order (depth first, by position); *out is a
 * malloc'd array freed with segment_list_free. */
int segment_list(struct db *db, struct segment **out, size_t *n, struct err *e);
void segment_list_free(struct segment *v, size_t n);

/* The segment at path; EXIT_DATAERR "no segment \"A/B\"" when missing.
 * out is cleared with segment_clear. */
int segment_find(struct db *db, const char *path, struct segment *out, struct err *e);

/* --- compiling (for the query module) -------------------------------------- */

/* The tree loaded with a compiler of its rules (the base's catalog and
 * reference date, `in segment` followed, cycles reported), for compiling
 * many segments or rules against one state of the tree. Owned by the
 * caller (segment_compiler_close). */
struct segment_compiler;
int segment_compiler_open(struct db *db, struct segment_compiler **out, struct err *e);
void segment_compiler_close(struct segment_compiler **cp);

/* The tree in display order, rules in their stored form; owned by c. */
const struct segment *segment_compiler_tree(const struct segment_compiler *c, size_t *n);

/* The index of the segment at path, -1 for the root ("" or "/"); -2 with
 * e set (EXIT_DATAERR, "no segment ...") when there is none. */
long segment_compiler_find(const struct segment_compiler *c, const char *path, struct err *e);

/* The index of the segment with id, or -1. */
long segment_compiler_index(const struct segment_compiler *c, long long id);

/* The members of segment i (its whole chain of rules ANDed, or its frozen
 * members) as SQL over customers AS c and customer_metrics AS m; out freed
 * with rule_sql_free. */
int segment_compiler_where(struct segment_compiler *c, long i, struct rule_sql *out,
                           struct err *e);

/* Compiles a rule against the base, `in segment` resolved in the tree. */
int segment_compiler_rule(struct segment_compiler *c, const struct rule *r, struct rule_sql *out,
                          struct err *e);

/* The catalog and reference date c compiles with (the column engine
 * evaluates what it compiles); owned by c. */
const struct field_catalog *segment_compiler_catalog(const struct segment_compiler *c,
                                                     const char **ref_date);

/* acc = (acc) AND (part); part is emptied. */
int segment_sql_and(struct rule_sql *acc, struct rule_sql *part, struct err *e);

/* --- edits (each one transaction and one undo step) ------------------------ */

/* Adds a dynamic segment at path, after its siblings: the parent must
 * exist, the last name must be new among its siblings (case-insensitively)
 * and the rule must compile (errors at their line and column). *id_out (may be
 * NULL) receives its id. */
int segment_add(struct db *db, const char *path, const char *rule, long long *id_out,
                struct err *e);

/* Renames the segment at path (the last part only). Rules that refer to it
 * with `in segment` keep working: they hold its id. */
int segment_rename(struct db *db, const char *path, const char *name, struct err *e);

/* Moves the segment with its subtree under new_parent ("" or "/" for the
 * root) at position (1-based among its new siblings; 0 or past the end:
 * last). Within the same parent this reorders it. Moving a segment under
 * itself or its own subtree is an error. */
int segment_move(struct db *db, const char *path, const char *new_parent, int position,
                 struct err *e);

/* Copies the segment with its subtree (rules, plans, frozen members) right
 * after it, named name (NULL: "NAME (copy)", "NAME (copy 2)", ...).
 * *path_out (may be NULL) receives the copy's path, malloc'd. */
int segment_dup(struct db *db, const char *path, const char *name, char **path_out,
                struct err *e);

/* Deletes the segment with its subtree; *removed (may be NULL) receives how
 * many segments went. Refused when a segment outside the subtree refers to
 * one inside with `in segment` (the message names them). */
int segment_rm(struct db *db, const char *path, int *removed, struct err *e);

/* Replaces the rule of a dynamic segment; validated as segment_add does. */
int segment_set_rule(struct db *db, const char *path, const char *rule, struct err *e);

/* The plan of a segment (SPEC §2.2): a NULL field is left as it is, ""
 * clears it. */
struct segment_plan {
	const char *who, *what, *why, *when, *where, *strategy;
};
int segment_set_plan(struct db *db, const char *path, const struct segment_plan *p,
                     struct err *e);

/* --- snapshots ------------------------------------------------------------- */

/* Freezes the current members of the segment at path into a new static
 * segment named name, placed right after it among its siblings; its rule
 * reads `in segment "PATH"` to say where it came from. *members (may be
 * NULL) receives how many were frozen. */
int segment_freeze(struct db *db, const char *path, const char *name, long long *members,
                   struct err *e);

/* One customer of a diff: joined the live segment since the snapshot
 * (joined true) or left it. Strings may be NULL. */
typedef int (*segment_diff_fn)(void *ctx, bool joined, const char *ext_id, const char *email,
                               const char *name);

struct segment_diff {
	long long joined, left, kept; /* in live only; in the snapshot only; in both */
};

/* Compares the static segment snapshot with the live segment at live (NULL:
 * the segment it was frozen from). With list, each customer who joined or
 * left is passed to it (joined first, by external id). */
int segment_diff(struct db *db, const char *snapshot, const char *live, segment_diff_fn list,
                 void *ctx, struct segment_diff *out, struct err *e);

/* A snapshot as a list shows it. */
struct segment_snapshot {
	long long id;
	char *path;
	long long from_id;  /* the segment it was frozen from; 0 when it is gone */
	char *from;         /* that segment's path; NULL when it is gone */
	char *frozen_at;    /* "YYYY-MM-DD HH:MM:SS" (UTC) */
};

/* Every snapshot of the tree, in the tree's order; *out is malloc'd,
 * freed with segment_snapshots_free. */
int segment_snapshots(struct db *db, struct segment_snapshot **out, size_t *n, struct err *e);
void segment_snapshots_free(struct segment_snapshot *v, size_t n);

/* One side of a diff as a parent segment and a rule over it, to count it
 * or list it as any segment's customers are: joined are the live
 * segment's members `not in segment "#SNAP"`, left the snapshot's `not in
 * segment "#LIVE"`, kept the live segment's `in segment "#SNAP"` (a
 * segment named by its id, "#ID", as stored rules name it, so that a
 * quote in a name needs no escaping). *parent and *rule are malloc'd. */
enum segment_diff_side { SEGMENT_DIFF_JOINED, SEGMENT_DIFF_LEFT, SEGMENT_DIFF_KEPT };
int segment_diff_side(long long snap_id, long long live_id, enum segment_diff_side side,
                      char **parent, char **rule, struct err *e);

/* --- why ------------------------------------------------------------------- */

struct segment_why_cond {
	char *text;   /* one condition of the rule, in its canonical form */
	bool met;
	char *value;  /* what the customer has, as the condition reads it:
	                 "last_order 2011-06-02, 191 days before the reference
	                 date", "city is empty", "tags: vip"; NULL for `in
	                 segment` and frozen lists */
};

struct segment_why_step {
	char *name, *path;
	bool is_static;
	bool met;       /* the rule as a whole (or the frozen list) lets her in */
	bool member;    /* met here and at every step above */
	char *rule;     /* the rule as the user reads it */
	struct segment_why_cond *conds;
	size_t nconds;
};

struct segment_why {
	long long customer_id;
	char *customer;  /* "Name <email> (id EXT)" for the messages */
	bool member;     /* in the segment at path */
	struct segment_why_step *steps; /* from the root's child down to the segment */
	size_t nsteps;
};

/* Why the customer (an external id or an email) is, or is not, in the
 * segment at path: each segment of the chain with each condition met or
 * not. out is freed with segment_why_free. */
int segment_why(struct db *db, const char *path, const char *customer, struct segment_why *out,
                struct err *e);
/* The same for the customer whose customers.id is customer_id. */
int segment_why_id(struct db *db, const char *path, long long customer_id, struct segment_why *out,
                   struct err *e);
void segment_why_free(struct segment_why *w);

#endif
