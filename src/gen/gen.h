/* The generator's model, shared by the planner (gen.c) and the writer of
 * the rows (gen_write.c). */
#ifndef CLIENTELE_GEN_H
#define CLIENTELE_GEN_H

#include <stdint.h>

#include "catalog.h"
#include "gen_util.h"
#include "places.h"

/* The reference day: the base looks as if exported on the morning of this
 * day, its last orders are from the day before. Never "today". */
enum { REF_Y = 2026, REF_M = 10, REF_D = 31 };
/* Days of history before the reference day, and of sign-ups within them. */
enum { SPAN_DAYS = 2200, SIGNUP_DAYS = 1461 };
#define DAY_SECS 86400u
#define T_END ((uint32_t)SPAN_DAYS * DAY_SECS) /* midnight of the reference day */

#define MAX_CUSTOMERS UINT64_C(100000000)
#define MAX_ORDERS UINT64_C(1000000000)
enum { FIRST_CUSTOMER_ID = 100001, FIRST_ORDER_ID = 1000001, MAX_PREFIXES = 64 };

/* One PRNG stream per purpose, so that --messy changes the spelling of the
 * data and never the data. */
enum { S_PLAN, S_ORDERS, S_PEOPLE, S_MESSY, S_MESSY_ORDERS };

enum klass { K_LEAD, K_ONCE, K_SEASONAL, K_REGULAR };

struct opts {
	uint64_t customers;
	uint64_t orders;     /* total order rows, cancellations included */
	int orders_given;
	int per_given;
	uint64_t per_milli;  /* --orders-per-customer, thousandths */
	uint64_t seed;
	const char *out;
	int messy;
};

/* What is decided about a customer before any row is written. */
struct cust {
	uint32_t created;    /* seconds since the first day of the span */
	uint32_t last_order; /* of the last purchase; 0: none */
	uint32_t rows;       /* order rows: purchases and cancellations */
	uint32_t purchases;
	int64_t spent;       /* kopecks, cancellations subtracted */
	uint16_t end_day;    /* the last day the customer may order */
	uint16_t weight;     /* share of the orders, in tenths of an order */
	uint8_t klass, fav, season, churned, interest; /* interest 255: none */
};

struct order {
	uint32_t t;
	uint32_t cust;
	int32_t kop;
	uint16_t product;
	uint16_t cancel;
};

struct day {
	char iso[11];  /* 2026-10-30 */
	char dmy[11];  /* 30.10.2026 */
	unsigned char weight; /* relative order volume, 0..255 */
	int16_t year;
};

struct prefixes {
	unsigned n;
	char code[MAX_PREFIXES][4];
};

/* Everything one run knows; built by gen.c, read by gen_write.c (which also
 * fills `seen`). */
struct gen {
	struct opts opt;
	int64_t day0;             /* days since 1970 of day index 0 */
	struct day days[SPAN_DAYS + 1];
	struct cust *cs;
	struct order *os;
	unsigned cat_first[CAT_COUNT], cat_n[CAT_COUNT], cat_w[CAT_COUNT];
	struct prefixes pfx[C_COUNT];
	unsigned country_w[3][C_COUNT];
	unsigned city_n[C_COUNT], city_idx[C_COUNT][32], city_w[C_COUNT][32];
	uint64_t *seen;           /* hashes of emails and phones given out */
	uint64_t seen_mask;
};

/* A weighted pick from a small table of choices. */
unsigned pick_choice(struct rng *r, const struct gen_choice *c, unsigned n);

/* The header and one row per customer, in id order. */
void write_customers(struct gen *g, struct out *o);
/* The header and the order rows, g->os already sorted by time. */
void write_orders(struct gen *g, struct out *o);

#endif
