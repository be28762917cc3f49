/* The classes of SPEC §5 that metrics_recompute sets: ABC by revenue
 * share and XYZ by the variation of monthly purchases with thresholds
 * kept in the base, value × speed, lead temperature, and the top category
 * of a base without a category column (from the product descriptions);
 * their thresholds, and how many customers each class has. */
#ifndef CLIENTELE_METRICS_CLASS_H
#define CLIENTELE_METRICS_CLASS_H

#include <stddef.h>

#include "err.h"

struct db;

/* The thresholds, kept in the base's meta table (abc_thresholds,
 * xyz_thresholds, lead_thresholds, each as "A,B" text; r_days as
 * "30,60,90,180"). */
struct metrics_thresholds {
	double abc[2];  /* percent of revenue: A the top abc[0], B the next abc[1] */
	double xyz[2];  /* percent of variation: X up to xyz[0], Y up to xyz[1] */
	double lead[2]; /* lead_score: hot from lead[0], warm from lead[1] */
	long r_days[4]; /* R 5 up to r_days[0] days since the last order, 4
	                 * up to r_days[1], ... 1 above r_days[3]; all 0:
	                 * quintiles (SPEC §5) */
};

enum metrics_threshold_kind { MT_ABC, MT_XYZ, MT_LEAD, MT_R_DAYS };

/* The defaults: 80,15; 10,25; 70,40; R by quintiles. */
void metrics_thresholds_default(struct metrics_thresholds *t);

/* The base's thresholds (the defaults where none is kept). */
int metrics_thresholds_get(struct db *db, struct metrics_thresholds *t, struct err *e);

/* Reads "80,15" (two numbers, ',' between them) as thresholds of kind into
 * t, checking that they make sense (ABC: both above 0 and their sum at most
 * 100; XYZ: 0 < X <= Y; lead: warm <= hot); for MT_R_DAYS four whole
 * numbers of days, each above the one before, or "quintiles". A usage
 * error otherwise. */
int metrics_thresholds_parse(enum metrics_threshold_kind kind, const char *s,
                             struct metrics_thresholds *t, struct err *e);

/* Keeps the thresholds of kind from t in the base (in the caller's
 * transaction, if any). */
int metrics_thresholds_set(struct db *db, enum metrics_threshold_kind kind,
                           const struct metrics_thresholds *t, struct err *e);

/* Twice the median of v[0..n) (n > 0; v is sorted here), so that it
 * stays whole: the medians value × speed cuts at, for this file and for
 * the grid that shows them (analysis.c). */
long long metrics_twice_median(long long *v, size_t n);

/* How many customers each class has, as customer_metrics holds them
 * (what `clientele metrics` prints after a recompute). */
struct metrics_counts {
	long long customers, buyers;
	long long abc[4];   /* A, B, C, no class */
	long long xyz[4];   /* X, Y, Z, no class */
	long long speed[5]; /* fast_high, fast_low, slow_high, slow_low, none */
	long long lead[4];  /* hot, warm, cold, none */
};

/* The class names in the order of metrics_counts' arrays (NULL last:
 * no class). */
extern const char *const metrics_abc_names[4], *const metrics_xyz_names[4],
	*const metrics_speed_names[5], *const metrics_lead_names[4];

int metrics_class_counts(struct db *db, struct metrics_counts *out, struct err *e);

#endif
