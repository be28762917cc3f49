/* What the files of the column engine share (engine/column.c: columns,
 * tags and members loaded from the base; engine/eval.c: rules evaluated
 * over them). */
#ifndef CLIENTELE_ENGINE_PRIVATE_H
#define CLIENTELE_ENGINE_PRIVATE_H

#include <stdint.h>

#include "engine/engine.h"
#include "field_catalog.h"

/* A row's flags: its value is empty as the compiler's "is empty" reads it
 * (NULL or ''), or a number as its number guard reads it (typeof integer
 * or real). */
enum { EF_EMPTY = 1, EF_NUM = 2 };

enum ecol_kind {
	EC_DICT = 0, /* text (fold(x)) and dates (substr(x, 1, 10)): codes */
	EC_NUM       /* numbers and yes/no: doubles */
};

struct ecol {
	char *name;          /* the field's canonical name */
	enum field_type type;
	enum ecol_kind kind;
	uint8_t *flags;      /* [rows] */
	uint32_t *codes;     /* EC_DICT [rows]: 0 for NULL, else an index of dict */
	char **dict;         /* EC_DICT: dict[1..ndict); dict[0] is NULL; the
	                        strings live in the blocks below */
	size_t ndict;
	char **blocks;       /* EC_DICT: the arena of the strings of dict, a
	                        block at a time (a string never moves) */
	size_t nblocks, block_used, block_size; /* the last block's */
	double *num;         /* EC_NUM [rows], unless i32 holds them */
	int32_t *i32;        /* EC_NUM [rows] while every number is a whole one
	                        that fits: half the memory */
	bool empty_by_code;  /* EC_DICT: the empty rows are exactly those of
	                        code 0 (NULL) and of the code of "" */
	bool inexact;        /* a value the engine cannot compare as SQL does
	                        (an integer beyond 2^53, text with a NUL) */
	bool data_only;      /* read from customers alone (eng_data_only): it
	                        stays when only metrics_gen moved */
};

struct etag {
	char *fold;               /* the tag's folded name */
	roaring_bitmap_t *rows;   /* its carriers */
};

struct eseg {
	long long id;
	roaring_bitmap_t *rows;   /* its members */
};

struct engine {
	struct db *db;
	bool synced;
	long long data_version, changes; /* the stamp of what is held */
	long long *ids;           /* [n]: customer id of each row, ascending */
	bool have_ids;            /* ids read (with the first columns) */
	size_t n;
	struct ecol **cols;
	size_t ncols, acols;
	struct etag *tags;
	size_t ntags, atags;
	struct eseg *segs;        /* segments evaluated since the last change */
	size_t nsegs, asegs;
	char ref[11];             /* the reference date segs were evaluated with */
	bool deferred;            /* after a change, SQL answers until engine_refresh
	                             has read the columns again (the counter) */
	bool pending;             /* deferred: columns to read again */
	bool refreshing;          /* engine_refresh is reading them */
	char **again;             /* the fields whose columns the change dropped */
	size_t nagain;
	uint32_t *buf;            /* [n] rows of a scan */
	long long gen;            /* meta's data_gen of what is held (engine/
	                             cache.c); -1: none, the cache is not used */
	long long mgen;           /* and its metrics_gen (-1 with gen) */
	bool no_cache;            /* neither read nor write engine_cache */
	struct epend {
		struct ecol *c;   /* held in cols */
		char *expr;       /* what it was built from */
	} *pend;                  /* built, not yet written to the cache */
	size_t npend;
	bool pend_ids;            /* nor the row numbers */
	size_t from_cache;        /* columns read from the cache (tests) */
	char **vol;               /* the columns held that no generation stamps
	                             (eng_volatile): dropped on every change */
	size_t nvol;
};

/* The number of row r of an EC_NUM column. */
static inline double
eng_num(const struct ecol *c, uint32_t r)
{
	return c->i32 != NULL ? (double)c->i32[r] : c->num[r];
}

/* roaring_bitmap_free that takes NULL (CRoaring 0.2 does not). */
static inline void
eng_bm_free(roaring_bitmap_t *b)
{
	if (b != NULL)
		roaring_bitmap_free(b);
}

/* Frees a column. */
void eng_col_free(struct ecol *c);

/* A failure of the engine's own (SQLite busy or interrupted while loading
 * a column, out of memory) is no answer: ENGINE_FALLBACK, e cleared, and
 * SQL is asked; an error in the rule (EXIT_DATAERR) is the answer. */
int eng_settle(int rc, struct err *e);

/* Frees the n strings of *v and the array. */
void eng_names_free(char ***v, size_t *n);
/* name is one of v[0..n). */
bool eng_names_has(char *const *v, size_t n, const char *name);
/* Adds a copy of name to *v (*n strings) unless it is there; -1 out of
 * memory. */
int eng_names_add(char ***v, size_t *n, const char *name);

/* Column name is one no generation stamps (engine/stamp.c). */
bool eng_is_volatile(const struct engine *en, const char *name);

/* Adds name to the columns a deferred engine reads between requests; -1
 * out of memory. */
int eng_note_again(struct engine *en, const char *name);

/* Drops the tags' carriers and the segments' members held. */
void eng_drop_sets(struct engine *en);

/* Drops every column, tag and segment (the base changed). */
void eng_drop(struct engine *en);

/* No transaction is open on the connection. */
bool eng_autocommit(const struct engine *en);

/* The stamp of the base as the connection sees it now. */
int eng_stamp(struct engine *en, long long *version, long long *changes, struct err *e);

/* Loads the row numbers (customer ids in order). */
int eng_load_ids(struct engine *en, struct err *e);

/* Loads the columns of fields fs[0..nf) (raw: eng_raw_column's), and the
 * row numbers when not yet read: from the base's cache where it has them,
 * else from the table in one pass (then written to the cache). */
int eng_load(struct engine *en, const struct field *const *fs, size_t nf, bool raw,
             struct err *e);

/* The column of field f, loaded on first use; ENGINE_FALLBACK when the
 * engine cannot hold it exactly. */
int eng_column(struct engine *en, const struct field *f, const struct ecol **out,
               struct err *e);

/* The text of field f as stored ("" as NULL): the facet's spellings. */
int eng_raw_column(struct engine *en, const struct field *f, const struct ecol **out,
                   struct err *e);

/* Loads the columns of fs[0..nf) not yet held, in one pass (and the row
 * numbers, when not yet read); a deferred engine, unless now, notes them
 * for engine_refresh instead and says ENGINE_FALLBACK. */
int eng_prefetch(struct engine *en, const struct field *const *fs, size_t nf, bool now,
                 struct err *e);

/* The carriers of the tag whose folded name is fold (none: empty). */
int eng_tag(struct engine *en, const char *fold, const roaring_bitmap_t **out, struct err *e);

/* The frozen members of static segment id, as a new bitmap. */
int eng_members(struct engine *en, long long id, roaring_bitmap_t **out, struct err *e);

/* --- engine/cache.c and stamp.c: the columns kept in the base ------------ */

/* The stamp and meta's data_gen and metrics_gen of one state of the base
 * (both -1: no valid generation, a trigger is missing). */
int eng_state(struct engine *en, long long *version, long long *changes, long long *gen,
              long long *mgen, struct err *e);

/* Both generations of the base as db sees them (-1: a trigger is
 * missing). */
int eng_gens(struct db *db, long long *gen, long long *mgen, struct err *e);

/* Field f reads customers alone (a column of its own, no join, no
 * subquery): its column depends on data_gen only. Anything else (the
 * metrics, or in doubt) depends on both generations. */
bool eng_data_only(const struct field *f);

/* A column no generation stamps (it reads customer_tags): never kept. */
bool eng_volatile(const struct field *f);

/* The row numbers from the cache (en->ids, en->buf and en->n set): 1 when
 * read, 0 when not there, stale or not whole. */
int eng_cache_ids(struct engine *en);

/* Column name of field f (raw: the text as stored) from the cache, for
 * the rows held: 1 and *out (the caller's) when read, else 0. */
int eng_cache_column(struct engine *en, const struct field *f, bool raw, const char *name,
                     struct ecol **out);

/* Notes cols[0..n) (of fields fs, all raw or not) and, when ids, the row
 * numbers, just built from the table, for eng_cache_flush to write: only
 * when nothing was committed since the generation held was read. -1 out
 * of memory. */
int eng_cache_note(struct engine *en, struct ecol *const *cols, const struct field *const *fs,
                   size_t n, bool raw, bool ids);

/* Writes what was noted to the cache, stamped with the generation held
 * (after an answer: a write by another connection is a change of the base
 * the next answer sees). Best effort: a base busy, read-only or of
 * another generation now is not written. */
void eng_cache_flush(struct engine *en);

/* Forgets what was noted (its columns are dropped). */
void eng_cache_forget(struct engine *en);

#endif
