/* The analysis of SPEC §5 over a segment: the RFM grid and its named
 * segments, the ABC×XYZ grid, and segments compared side by side. Plain
 * results, no printing: `clientele rfm|abc|compare` print them, the
 * interface's screens and the report draw them. Every cell carries the
 * rule that selects it within the segment, so that a screen can open it
 * as a segment. Counts go through the count functions of query.h (the
 * count engine's); sums of money and orders through one grouped query. */
#ifndef CLIENTELE_ANALYSIS_H
#define CLIENTELE_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct db;

#define ANALYSIS_RULE 96     /* room for the longest rule of a cell */
#define RFM_NAMED 10         /* the named segments of SPEC §5 */

/* One cell of a grid, one named segment, one group of customers. */
struct analysis_cell {
	char rule[ANALYSIS_RULE]; /* "r = 5 and f = 4", "rfm = champions" */
	long long count;          /* customers the rule selects in the scope */
	long long orders;         /* the sum of their orders */
	long long revenue_cents;  /* the sum of their spent, in cents */
};

/* The path of a segment as the analysis takes it: "" (the whole base)
 * for NULL, "" and the root's name "All customers" (in English or the
 * user's language), else path itself. */
const char *analysis_path(const char *path);

/* revenue ÷ orders in cents (rounded half away from zero); -1 without
 * orders. */
long long analysis_avg_check(const struct analysis_cell *c);

/* count ÷ of as a percentage; 0 when of is 0. */
double analysis_share(long long count, long long of);

struct rfm_grid {
	long long total;                   /* customers in the scope */
	long long buyers;                  /* of them, those with R and F scores */
	struct analysis_cell none;         /* those without a purchase: orders = 0 */
	struct analysis_cell cell[5][5];   /* [R - 1][F - 1]: r = R and f = F */
	const char *name[RFM_NAMED];       /* champions, loyal, ... (static) */
	struct analysis_cell named[RFM_NAMED]; /* rfm = NAME */
};

/* The RFM grid of the members of the segment at path (NULL or "": the
 * whole base), from customer_metrics' r, f and rfm as computed. */
int analysis_rfm(struct db *db, const char *path, struct rfm_grid *out, struct err *e);

/* Rows A, B, C and no class; columns X, Y, Z and no class. */
#define ABC_ROWS 4
#define XYZ_COLS 4

struct abc_grid {
	long long total;                   /* customers in the scope */
	const char *abc[ABC_ROWS];         /* "A", "B", "C", NULL (no class) */
	const char *xyz[XYZ_COLS];         /* "X", "Y", "Z", NULL */
	struct analysis_cell cell[ABC_ROWS][XYZ_COLS]; /* abc = A and xyz is empty ... */
};

/* The ABC×XYZ grid of the members of the segment at path, from
 * customer_metrics' abc and xyz as stored (empty ones in the no-class row
 * and column). */
int analysis_abc(struct db *db, const char *path, struct abc_grid *out, struct err *e);

/* Value × speed (SPEC §5): rows value high, low (spent at or above the
 * median of the buyers with a created_at, or below), columns speed fast,
 * slow (days from created_at to the first order at most their median, or
 * above), as customer_metrics' value_speed holds them. The medians are
 * those of the whole base (metrics_class.c does not keep them): taken
 * again here the same way over the customers that have a class. */
#define VS_ROWS 2
#define VS_COLS 2

struct vs_grid {
	long long total;                   /* customers in the scope */
	const char *value[VS_ROWS];        /* "high", "low" (static) */
	const char *speed[VS_COLS];        /* "fast", "slow" (static) */
	struct analysis_cell cell[VS_ROWS][VS_COLS]; /* value_speed = fast_high ... */
	struct analysis_cell none;         /* no class: no purchase or no created_at
	                                      (value_speed is empty) */
	long long classed;                 /* customers of the base with a class */
	double median_spent;               /* their median spent (money); */
	double median_days;                /* and days to the first order; both
	                                      -1 when classed is 0 */
};

/* The value × speed grid of the members of the segment at path. */
int analysis_value_speed(struct db *db, const char *path, struct vs_grid *out,
                         struct err *e);

/* --- compare (analysis_compare.c) -------------------------------------- */

#define COMPARE_MAX 6
#define COMPARE_CITIES 3
#define COMPARE_ACTIVE_DAYS 90

struct compare_city {
	char *city;                        /* its most frequent spelling */
	long long count;
};

struct compare_col {
	char *path;                        /* "" for the whole base */
	long long size;                    /* members */
	long long female, male, gender_unknown;
	long long aged;                    /* members with an age */
	double median_age;                 /* of those (the mean of the two middle
	                                      ones for an even number); aged 0: none */
	struct compare_city city[COMPARE_CITIES];
	size_t ncities;
	long long orders;                  /* the sum of their orders */
	long long revenue_cents;           /* the sum of their spent */
	long long consent;                 /* email_consent = yes */
	long long active;                  /* the active rule's */
	long long rfm[RFM_NAMED];          /* rfm = NAME, in rfm_grid's order */
	long long rfm_none;                /* without an RFM segment */
};

struct compare {
	long long base;                    /* customers in the base */
	char ref_date[11];                 /* the base's reference date */
	char active_rule[ANALYSIS_RULE];   /* what "active" means */
	const char *rfm_name[RFM_NAMED];
	struct compare_col col[COMPARE_MAX];
	size_t n;
};

/* The rows of the compare table, the same in every front end (the CLI,
 * the report, the screen): compare_rows' fixed ones, then one per named
 * RFM segment (CMP_RFM, i its index) and one for none (CMP_RFM_NONE). */
enum compare_kind {
	CMP_SIZE,    /* members */
	CMP_SHARE,   /* their share of the base */
	CMP_PART,    /* a share of the members: compare_part(c, i) of size */
	CMP_AGE,     /* the median age */
	CMP_CITY,    /* city i of the top three, with its count */
	CMP_ORDERS, CMP_AVG, CMP_REVENUE,
	CMP_RFM, CMP_RFM_NONE
};
struct compare_row {
	enum compare_kind kind;
	int i;
	const char *key;   /* its name in CSV */
	const char *label; /* N_() */
};
#define COMPARE_FIXED 14
extern const struct compare_row compare_rows[COMPARE_FIXED];
/* The count a CMP_PART row is a share of: i 0 women, 1 men, 2 gender
 * unknown, 3 email consent, 4 active. */
long long compare_part(const struct compare_col *c, int i);

/* The characteristics of n (1 .. COMPARE_MAX) segments, by their paths
 * ("" or NULL: the whole base). Active: an order or an activity within
 * active_days days of the reference date (0: COMPARE_ACTIVE_DAYS). out is
 * the caller's: compare_free. */
int analysis_compare(struct db *db, const char *const *paths, size_t n, int active_days,
                     struct compare *out, struct err *e);
void compare_free(struct compare *c);

/* Grouped sums over the scope (analysis.c, for analysis_compare too):
 * the orders and cents of the members of path. */
int analysis_sums(struct db *db, const char *path, long long *orders, long long *cents,
                  struct err *e);

/* Counts the members of path that rule (NULL: all) selects. */
int analysis_count(struct db *db, const char *path, const char *rule, long long *out,
                   struct err *e);

#endif
