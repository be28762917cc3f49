/* The analysis grids (analysis.h), a column of the compare table and the
 * histogram from the column engine: the segment's members as a bitmap,
 * then one pass over the columns the figure reads (r, f, rfm, abc, xyz,
 * value_speed as codes or numbers; orders and spent as numbers) under it,
 * with the figures analysis.c's SQL gives, to the unit. Each grid function
 * takes a grid whose names and rules analysis.c has set and whose figures
 * are 0, and fills the figures only when it answers. Each returns 0, -1
 * with e set (an error in the path, as the SQL compiler words it), or
 * ENGINE_FALLBACK: SQL must answer. */
#ifndef CLIENTELE_ENGINE_GROUP_H
#define CLIENTELE_ENGINE_GROUP_H

#include "err.h"

struct db;
struct rfm_grid;
struct abc_grid;
struct vs_grid;
struct compare_col;

/* The 5×5 R×F cells, the named segments and those without a purchase. */
int engine_rfm_grid(struct db *db, const char *path, struct rfm_grid *g, struct err *e);

/* The ABC×XYZ cells, the no-class row and column included. */
int engine_abc_grid(struct db *db, const char *path, struct abc_grid *g, struct err *e);

/* The value × speed cells, the no-class one and the base's medians. */
int engine_vs_grid(struct db *db, const char *path, struct vs_grid *g, struct err *e);

/* The figures of one column of the compare table (analysis_compare) but
 * its cities: col->path's size, genders, consent, the active rule's count,
 * the RFM mix, ages and their median, orders and revenue. */
int engine_compare_col(struct db *db, const char *active_rule, const char *const *rfm_names,
                       struct compare_col *col, struct err *e);

/* query_histogram_n (query_facet.h) from the engine (engine/hist.c): the
 * same buckets, counts, empty count, min and max. An unknown field or one
 * of another type is ENGINE_FALLBACK (SQL words the error). */
struct histogram;
int engine_histogram(struct db *db, const char *parent, const char *rule, const char *field,
                     size_t buckets, struct histogram *out, struct err *e);

#endif
