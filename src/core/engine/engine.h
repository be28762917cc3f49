/* The column engine: counts answered from columns held in memory rather
 * than by SQL (issue 10). The rule fields of customers and their metrics
 * are typed arrays over a dense row number (the customers in id order):
 * numbers as doubles, text and dates dictionary-encoded over the values the
 * SQL compiler compares (text folded, dates cut to YYYY-MM-DD), each row
 * with its own flags for "empty" and "a number", so that the SPEC's rules
 * on empty values hold exactly. A rule evaluates to a CRoaring bitmap of
 * rows: a condition decided once per distinct value then mapped over the
 * codes, and/or/not as bitmap operations, `in segment` and tags as bitmaps.
 *
 * SQLite stays the truth and rule/sql.c the reference: every rule is first
 * compiled to SQL (its errors are the compiler's), and what the engine does
 * not handle (a number beyond 2^53, text with a NUL) it says with
 * ENGINE_FALLBACK, never with a wrong count. Columns load lazily, on first
 * use; before each answer the engine checks the reading connection's
 * PRAGMA data_version and its own changes, and drops what the change made
 * stale (a change of the metrics alone: their columns only). One engine per connection and thread. */
#ifndef CLIENTELE_ENGINE_H
#define CLIENTELE_ENGINE_H

#include <roaring/roaring.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "rule/rule.h"
#include "segment/segment.h"

struct db;
struct engine;

/* The engine cannot answer this question: ask SQL. */
#define ENGINE_FALLBACK 1

/* An engine reading db (which must outlive it); nothing is loaded yet. */
int engine_open(struct db *db, struct engine **out, struct err *e);
void engine_close(struct engine **enp);

/* The rows of the base (customers in id order); valid after an answer. */
size_t engine_rows(const struct engine *en);

/* The members of segment i of sc (an index of segment_compiler_tree; -1:
 * the whole base) as a bitmap of rows, owned by the caller. 0, -1 with e
 * set (the SQL compiler's errors), or ENGINE_FALLBACK. */
int engine_segment(struct engine *en, struct segment_compiler *sc, long i,
                   roaring_bitmap_t **out, struct err *e);

/* The rows of segment `parent` (as engine_segment) that match r (NULL or
 * empty: everyone), `in segment` resolved in sc. Same returns. */
int engine_rule(struct engine *en, struct segment_compiler *sc, long parent,
                const struct rule *r, roaring_bitmap_t **out, struct err *e);

/* The count of engine_rule. */
int engine_count(struct engine *en, struct segment_compiler *sc, long parent,
                 const struct rule *r, long long *count, struct err *e);

/* --- as the query module asks (engine/answer.c) ----------------------------
 * Each returns 0, -1 with e set (an error in the rule or the path, as the
 * SQL compiler words it), or ENGINE_FALLBACK: SQL must answer (the engine
 * does not handle it, or failed on its own: busy, interrupted). */

/* The engine of db's connection, made on first use and closed with it;
 * NULL when out of memory. */
struct engine *engine_of(struct db *db);

/* The counter's way: where the engine would first read columns (the
 * first time they are wanted, or after a change of the base dropped them),
 * SQL answers (the engine says ENGINE_FALLBACK) until engine_refresh has
 * read them, which the counter does when it has nothing else to do (a new
 * request interrupts it). */
void engine_defer(struct db *db);

/* Reads the columns a deferred engine noted (wanted, or dropped by a
 * change): 1 when it did, 0 when there was nothing to read, -1 (e set)
 * when it failed or was interrupted (it is tried again later). */
int engine_refresh(struct db *db, struct err *e);

/* engine_defer also turns the engine back on for a connection
 * engine_disable turned off (the CLI's count: the engine answers where the
 * cache holds the columns, SQL otherwise, and engine_refresh then builds
 * them for the next time). */

/* From now on SQL alone answers db's counts (the reference the tests and
 * the benchmark compare the engine with). */
void engine_disable(struct db *db);

/* The rows of the segment at path parent (NULL or "": the base) that match
 * rule text (NULL or "": everyone), `in segment` resolved in sc. */
int engine_within(struct db *db, struct segment_compiler *sc, const char *parent,
                  const char *rule, roaring_bitmap_t **out, struct err *e);

/* Their count. */
int engine_count_text(struct db *db, const char *parent, const char *rule, long long *n,
                      struct err *e);

/* The members of segment i of sc (-1: the base) counted. */
int engine_count_index(struct db *db, struct segment_compiler *sc, long i, long long *n,
                       struct err *e);

/* query_terms_counts (query_facet.h): the parent's members, those meeting
 * every term, and those meeting all but term i. */
int engine_terms_counts(struct db *db, const char *parent, const char *const *terms, size_t n,
                        long long *parent_n, long long *all, long long *without,
                        struct err *e);

/* query_facet (query_facet.h) of a text field, from the engine
 * (engine/facet.c); other types are ENGINE_FALLBACK. */
struct facet;
int engine_facet(struct db *db, const char *parent, const char *rule, const char *field,
                 size_t top, struct facet *out, struct err *e);

/* Brings the engine up to date with the base now (what every answer does
 * first): 1 when it dropped what it held. Tests use it. */
int engine_sync(struct engine *en, struct err *e);

/* How many columns are loaded (tests: lazy loading, reloads). */
size_t engine_loaded(const struct engine *en);

/* --- the columns kept in the base (engine/cache.c) --------------------------
 * The columns an engine reads are kept in the base's engine_cache, stamped
 * with the generations of the tables they read: meta's data_gen, which
 * triggers on customers move on every write (by any program), for the row
 * numbers and the customers' fields; data_gen and metrics_gen (moved by
 * triggers on customer_metrics) for the metrics' fields. A column is read
 * back from there while its stamps hold, else built from the table and
 * written back. */

/* The stamps a bulk writer moves. */
enum { ENGINE_GEN_DATA = 1, ENGINE_GEN_METRICS = 2, ENGINE_GEN_BOTH = 3 };

/* A writer of many rows (an import: ENGINE_GEN_BOTH; a metrics recompute:
 * ENGINE_GEN_METRICS), inside its own transaction: engine_bulk_begin drops
 * the triggers of the stamps gens, engine_bulk_end moves each of those
 * stamps once and puts the triggers back (call it before the commit; a
 * rollback undoes both). The triggers of the other stamp stay: a write to
 * its table still moves it. */
int engine_bulk_begin(struct db *db, unsigned gens, struct err *e);
int engine_bulk_end(struct db *db, unsigned gens, struct err *e);

/* After such a commit: builds again the columns the cache held that are
 * stale now (those of the stamps that moved) and writes them, so that the next count reads them in
 * milliseconds. Best effort, no error. */
void engine_warm(struct db *db);

#endif
