/* Metrics: every customer's figures and classes gathered in memory from
 * one sequential scan of the customers and one of the orders (in the
 * table's order: no index needed, which a bulk import would otherwise
 * have to build first, and which on a base whose orders are in date order
 * would turn the scan into a random read of every order), then the RFM
 * scores and the classes of metrics_class.c, which need all buyers at
 * once, then the rows that changed written (metrics_write.c). The
 * reference date is expected before the orders are read, and checked
 * against the latest one met. */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/date.h"
#include "db.h"
#include "engine/engine.h"
#include "i18n.h"
#include "metrics.h"
#include "metrics_class.h"
#include "metrics_private.h"
#include "util/strmap.h"

const char *
metrics_rfm_segment(int r, int f)
{
	/* SPEC §5: named segments from R and F. */
	static const char *const grid[5][5] = {
		/* f = 1          2                     3                     4          5 */
		{"hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"},             /* r = 1 */
		{"hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"},             /* r = 2 */
		{"about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"},     /* r = 3 */
		{"promising", "potential_loyalist", "potential_loyalist", "loyal", "loyal"},  /* r = 4 */
		{"new", "potential_loyalist", "potential_loyalist", "champions", "champions"}, /* r = 5 */
	};

	if (r < 1 || r > 5 || f < 1 || f > 5)
		return NULL;
	return grid[r - 1][f - 1];
}

static struct metrics_acc *
acc_of(struct metrics_accs *a, long long id)
{
	if (id < 0 || id > a->max_id || a->by_id[id] < 0)
		return NULL;
	return &a->v[a->by_id[id]];
}

static void
accs_free(struct metrics_accs *a)
{
	free(a->v);
	free(a->by_id);
	memset(a, 0, sizeof *a);
}

/* Whole years between a birth date and the reference date. */
static int
age_at(const struct metrics_ref *ref, const char *birth)
{
	int y, m, d, age;

	if (!date_read_ymd(birth, &y, &m, &d))
		return -1;
	age = (int)date_whole_years(y, m, d, ref->y, ref->m, ref->d);
	return age >= 0 && age < 150 ? age : -1;
}

/* The ages at the reference date: from the birth date, else the age
 * given (SPEC §1.1), each kept while whole and below 150. */
static void
set_ages(struct metrics_accs *a, const struct metrics_ref *ref)
{
	for (size_t i = 0; i < a->n; i++) {
		struct metrics_acc *c = &a->v[i];
		long age;

		if (c->birth < 0)
			continue;
		age = date_whole_years(c->birth >> 9, c->birth >> 5 & 15, c->birth & 31, ref->y, ref->m,
		                       ref->d);
		if (age >= 0 && age < 150)
			c->age = (int16_t)age;
	}
}

static int
load_customers(struct db *db, const struct metrics_thresholds *t, struct metrics_accs *a,
               struct err *e)
{
	sqlite3_stmt *st = NULL;
	long long count = 0, i;
	int rc;

	if (db_query_int64(db, "SELECT coalesce(max(id), 0) FROM customers", &a->max_id, e) != 0 ||
	    db_query_int64(db, "SELECT count(*) FROM customers", &count, e) != 0)
		return -1;
	a->v = calloc((size_t)count + 1, sizeof *a->v);
	a->by_id = malloc(((size_t)a->max_id + 1) * sizeof *a->by_id);
	if (a->v == NULL || a->by_id == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	for (i = 0; i <= a->max_id; i++)
		a->by_id[i] = -1;
	if (db_prepare(db, &st,
	               "SELECT id, birth_date, age_given, created_at, lead_score FROM customers", e) != 0)
		return -1;
	while ((rc = db_step(db, st, e)) == 1 && a->n < (size_t)count) {
		struct metrics_acc *c = &a->v[a->n];
		long long id = db_col_int64(st, 0);
		long created;
		double given;
		int y, m, d;

		if (id < 0 || id > a->max_id || a->by_id[id] >= 0)
			continue;
		c->first = c->last = -1;
		c->min_year = INT16_MAX;
		c->top = -1;
		c->win = -1;
		c->abc = c->xyz = c->speed = MC_NONE;
		c->birth = date_read_ymd(db_col_text(st, 1), &y, &m, &d) ? y << 9 | m << 5 | d : -1;
		given = db_col_type(st, 2) != SQLITE_NULL ? floor(db_col_double(st, 2)) : -1;
		c->age = (int16_t)(given >= 0 && given < 150 ? given : -1);
		created = date_day_number(db_col_text(st, 3));
		c->created = created >= 0 && created <= INT32_MAX ? (int32_t)created : -1;
		c->lead = db_col_type(st, 4) == SQLITE_NULL ? MC_NONE
		                                            : metrics_lead_class(db_col_double(st, 4), t);
		a->by_id[id] = (int32_t)a->n++;
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* Category counts per customer, for the most frequent one: (customer index,
 * category index) -> purchases. */
struct pairs {
	uint64_t *keys; /* 0: empty; else (index + 1) << 24 | category */
	uint32_t *counts;
	size_t cap, n;
};

static uint32_t *
pair_count(struct pairs *p, uint64_t key)
{
	size_t i;

	if ((p->n + 1) * 2 > p->cap) {
		struct pairs q = {0};
		size_t j;

		q.cap = p->cap ? p->cap * 2 : 1 << 16;
		q.keys = calloc(q.cap, sizeof *q.keys);
		q.counts = calloc(q.cap, sizeof *q.counts);
		if (q.keys == NULL || q.counts == NULL) {
			free(q.keys);
			free(q.counts);
			return NULL;
		}
		for (j = 0; j < p->cap; j++) {
			if (p->keys[j] == 0)
				continue;
			for (i = (size_t)(p->keys[j] * 0x9E3779B97F4A7C15ULL >> 20) & (q.cap - 1);
			     q.keys[i] != 0; i = (i + 1) & (q.cap - 1))
				;
			q.keys[i] = p->keys[j];
			q.counts[i] = p->counts[j];
		}
		q.n = p->n;
		free(p->keys);
		free(p->counts);
		*p = q;
	}
	for (i = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & (p->cap - 1);; i = (i + 1) & (p->cap - 1)) {
		if (p->keys[i] == key)
			return &p->counts[i];
		if (p->keys[i] == 0) {
			p->keys[i] = key;
			p->n++;
			return &p->counts[i];
		}
	}
}

/* The category names, interned. */
struct names {
	struct strmap *index;
	char **v;
	size_t n, cap;
};

static int
name_index(struct names *nm, const char *s, size_t len)
{
	long long i;

	if (strmap_get(nm->index, s, len, &i))
		return (int)i;
	if (nm->n == nm->cap) {
		size_t cap = nm->cap ? nm->cap * 2 : 64;
		char **v = realloc(nm->v, cap * sizeof *v);

		if (v == NULL)
			return -1;
		nm->v = v;
		nm->cap = cap;
	}
	if ((nm->v[nm->n] = strndup(s, len)) == NULL ||
	    strmap_put(nm->index, s, len, (long long)nm->n) != 0)
		return -1;
	return (int)nm->n++;
}

/* In cents, so that sums and comparisons are exact. */
static long long
cents(double v)
{
	return llround(v * 100);
}

/* What the pass over the orders gathers besides each customer's figures. */
struct gather {
	struct metrics_accs *a;
	const struct names *cats;
	struct pairs pairs;        /* her count of each category but the first */
	struct metrics_words *w;   /* words of the products; NULL: categories */
	const struct metrics_ref *ref;  /* the reference date expected */
	struct metrics_windows win;
	char max_date[32];         /* the largest date text, as max(date) */
	bool any_date, odd_date;   /* odd_date: a date that is not text */
};

static int
add_order(struct gather *g, struct metrics_acc *c, size_t ci, int y, int m, int d, double amount,
          int cat)
{
	const struct metrics_ref *ref = g->ref;
	long day;
	int ago;

	day = date_to_days(y, m, d);
	c->orders++;
	c->spent += amount;
	if (c->first < 0 || day < c->first)
		c->first = (int32_t)day;
	if (day > c->last)
		c->last = (int32_t)day;
	if (c->month_hist[m - 1] < UINT16_MAX)
		c->month_hist[m - 1]++;
	if (y < c->min_year)
		c->min_year = (int16_t)y;
	if (y > c->max_year)
		c->max_year = (int16_t)y;
	/* The year before the reference date: [ref - 1 year, ref). */
	ago = (ref->y - y) * 12 + (ref->m - m);
	if (ago >= 0 && ago <= 12 && day < ref->day &&
	    (y > ref->y - 1 || (y == ref->y - 1 && (m > ref->m || (m == ref->m && d >= ref->d)))))
		c->recent |= (uint16_t)(1u << ago);
	/* XYZ: the 12 whole calendar months before the reference date's. */
	ago = (y - ref->xyz_y) * 12 + (m - ref->xyz_m);
	if (ago >= 0 && ago < 12 && metrics_window_add(&g->win, c, ago, cents(amount)) != 0)
		return -1;
	if (cat >= 0) {
		uint32_t *n;

		/* The top category: the one most of her purchases name, the
		 * first in byte order on a tie, whatever the order they come
		 * in. */
		if (c->n0 == 0 || c->cat0 == cat) {
			c->cat0 = cat;
			n = &c->n0;
		} else if ((n = pair_count(&g->pairs, ((uint64_t)ci + 1) << 24 | (uint64_t)cat)) == NULL) {
			return -1;
		}
		++*n;
		if (*n > c->top_n ||
		    (*n == c->top_n && c->top >= 0 && strcmp(g->cats->v[cat], g->cats->v[c->top]) < 0)) {
			c->top_n = *n;
			c->top = cat;
		}
	}
	return 0;
}

/* An order read from the table, waiting in a batch (scan_orders). */
struct pending {
	long long id;     /* the customer */
	double amount;
	int y, m, d;
	int cat;
	bool refund;
	bool dated;       /* a valid date: else the purchase is not counted */
};

#define PENDING 64

/* Adds a batch of orders to their customers. The orders come in the
 * table's order and their customers anywhere in a large array: each is a
 * cache miss. Asked for ahead (prefetch) a batch at a time, they are
 * waited for together, not one after the other (on 1M customers and 5M
 * orders, a third of the metrics' time went to these misses); so is the
 * slot of each order's count of its category for its customer. */
static int
add_pending(struct gather *g, const struct pending *p, size_t n, struct err *e)
{
	struct metrics_accs *a = g->a;
	struct metrics_acc *c[PENDING];
	size_t i;

	for (i = 0; i < n; i++) {
		c[i] = acc_of(a, p[i].id);
		if (c[i] == NULL)
			continue;
		__builtin_prefetch(c[i], 1);
		__builtin_prefetch((char *)c[i] + sizeof *c[i] - 1, 1);
		if (!p[i].refund && p[i].dated && p[i].cat >= 0 && g->pairs.cap > 0) {
			/* and the slot of its category count (pair_count) */
			uint64_t key = ((uint64_t)(c[i] - a->v) + 1) << 24 | (uint64_t)p[i].cat;
			size_t k = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & (g->pairs.cap - 1);

			__builtin_prefetch(&g->pairs.keys[k], 1);
			__builtin_prefetch(&g->pairs.counts[k], 1);
		}
	}
	for (i = 0; i < n; i++) {
		if (c[i] == NULL)
			continue;
		if (p[i].refund)
			c[i]->refunds += p[i].amount;
		else if (p[i].dated && add_order(g, c[i], (size_t)(c[i] - a->v), p[i].y, p[i].m, p[i].d,
		                                 p[i].amount, p[i].cat) != 0)
			return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	return 0;
}

/* max(date) of the orders, as SQLite compares text (a date that is not
 * text leaves it to SQLite). */
static void
note_date(struct gather *g, sqlite3_stmt *st, int col)
{
	const char *s;
	size_t n;

	switch (db_col_type(st, col)) {
	case SQLITE_NULL: return;
	case SQLITE_TEXT: break;
	default: g->odd_date = true; return;
	}
	s = db_col_text(st, col);
	n = db_col_bytes(st, col);
	if (g->any_date) {
		size_t k = strlen(g->max_date);
		int cmp = memcmp(s, g->max_date, n < k ? n : k);

		if (cmp < 0 || (cmp == 0 && n <= k))
			return;
	}
	if (n >= sizeof g->max_date) {
		g->odd_date = true;
		return;
	}
	memcpy(g->max_date, s, n);
	g->max_date[n] = '\0';
	g->any_date = true;
}

static int
scan_orders(struct db *db, struct gather *g, struct names *cats, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct pending p[PENDING];
	size_t n = 0;
	int rc;

	if (db_prepare(db, &st,
	               g->w != NULL
	                   ? "SELECT customer_id, date, amount, category, cancelled, product FROM orders"
	                   : "SELECT customer_id, date, amount, category, cancelled FROM orders",
	               e) != 0)
		return -1;
	while ((rc = db_step(db, st, e)) == 1) {
		struct pending *o = &p[n];

		o->id = db_col_int64(st, 0);
		if (o->id >= 0 && o->id <= g->a->max_id)
			__builtin_prefetch(&g->a->by_id[o->id]);
		o->cat = -1;
		o->dated = false;
		o->refund = db_col_int(st, 4) != 0;
		note_date(g, st, 1);
		if (o->refund) {
			/* A cancellation refunds its amount, whichever sign the
			 * file gave it (-120 on a C invoice, or 120). */
			o->amount = fabs(db_col_double(st, 2));
		} else {
			const char *cat = db_col_text(st, 3);

			o->amount = db_col_double(st, 2);
			o->dated = date_read_ymd(db_col_text(st, 1), &o->y, &o->m, &o->d);
			if (cat != NULL && *cat != '\0' &&
			    (o->cat = name_index(cats, cat, db_col_bytes(st, 3))) < 0) {
				rc = err_set(e, EXIT_FAIL, _("out of memory"));
				break;
			}
			if (g->w != NULL) {
				struct metrics_acc *c = acc_of(g->a, o->id);

				if (c != NULL && metrics_words_add(g->w, c, (size_t)(c - g->a->v),
				                                   db_col_text(st, 5), e) != 0) {
					rc = -1;
					break;
				}
			}
		}
		if (++n == PENDING) {
			if ((rc = add_pending(g, p, n, e)) != 0)
				break;
			n = 0;
		}
	}
	if (rc == 0)
		rc = add_pending(g, p, n, e);
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* The top words of a base whose orders came from a list without their
 * products: one scan of the orders not cancelled. */
static int
scan_words(struct db *db, struct metrics_accs *a, struct metrics_words *w, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (db_prepare(db, &st, "SELECT customer_id, product FROM orders WHERE NOT cancelled", e) != 0)
		return -1;
	while ((rc = db_step(db, st, e)) == 1) {
		struct metrics_acc *c = acc_of(a, db_col_int64(st, 0));

		if (c != NULL && metrics_words_add(w, c, (size_t)(c - a->v), db_col_text(st, 1), e) != 0) {
			rc = -1;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* --- the orders as their writer knew them --------------------------------- */

/* One order of a metrics_orders list. */
struct listed {
	long long customer;
	double amount;
	int32_t cat;  /* -1: none */
	int32_t ymd;  /* y << 9 | m << 5 | d; -1: no valid date; -2: a cancellation */
};

struct metrics_orders {
	struct listed *v;
	size_t n, cap;
	struct names cats;
	char max_date[32]; /* the largest date text, as max(date) compares them */
	bool any;
	bool any_category; /* an order has one, cancellations included */
};

struct metrics_orders *
metrics_orders_new(void)
{
	struct metrics_orders *o = calloc(1, sizeof *o);

	if (o == NULL || (o->cats.index = strmap_new(64)) == NULL) {
		free(o);
		return NULL;
	}
	return o;
}

static void
names_free(struct names *nm)
{
	for (size_t i = 0; i < nm->n; i++)
		free(nm->v[i]);
	free(nm->v);
	strmap_free(&nm->index);
}

void
metrics_orders_free(struct metrics_orders **op)
{
	struct metrics_orders *o = *op;

	if (o == NULL)
		return;
	names_free(&o->cats);
	free(o->v);
	free(o);
	*op = NULL;
}

int
metrics_orders_add(struct metrics_orders *o, long long customer, const char *date, double amount,
                   const char *category, bool cancelled)
{
	struct listed *l;
	int y, m, d;

	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 1 << 16;
		struct listed *v = realloc(o->v, cap * sizeof *v);

		if (v == NULL)
			return -1;
		o->v = v;
		o->cap = cap;
	}
	l = &o->v[o->n];
	l->customer = customer;
	l->cat = -1;
	if (category != NULL && *category != '\0')
		o->any_category = true;
	if (cancelled) {
		l->ymd = -2;
		l->amount = fabs(amount);
	} else {
		l->amount = amount;
		l->ymd = date_read_ymd(date, &y, &m, &d) ? y << 9 | m << 5 | d : -1;
		if (category != NULL && *category != '\0' &&
		    (l->cat = name_index(&o->cats, category, strlen(category))) < 0)
			return -1;
	}
	if (date != NULL && (!o->any || strcmp(date, o->max_date) > 0)) {
		if (strlen(date) >= sizeof o->max_date)
			return -1; /* never: dates are YYYY-MM-DD HH:MM:SS */
		strcpy(o->max_date, date);
		o->any = true;
	}
	o->n++;
	return 0;
}

/* scan_orders from the list: the same orders in the same order. */
static int
list_orders(struct gather *g, const struct metrics_orders *o, struct err *e)
{
	struct pending p[PENDING];
	size_t i, n = 0;
	int rc = 0;

	for (i = 0; i < o->n && rc == 0; i++) {
		const struct listed *l = &o->v[i];
		struct pending *q = &p[n];

		q->id = l->customer;
		if (q->id >= 0 && q->id <= g->a->max_id)
			__builtin_prefetch(&g->a->by_id[q->id]);
		q->amount = l->amount;
		q->cat = l->cat;
		q->refund = l->ymd == -2;
		q->dated = l->ymd >= 0;
		q->y = l->ymd >> 9;
		q->m = l->ymd >> 5 & 15;
		q->d = l->ymd & 31;
		if (++n == PENDING) {
			rc = add_pending(g, p, n, e);
			n = 0;
		}
	}
	if (rc == 0)
		rc = add_pending(g, p, n, e);
	if (rc == 0 && o->any) {
		memcpy(g->max_date, o->max_date, sizeof g->max_date);
		g->any_date = true;
	}
	return rc;
}

/* SPEC §5: spent is the purchases less what cancellations refunded, never
 * below 0. A refund may be for a purchase made before the file's first
 * day, or be larger than what was bought: it still never makes spent
 * negative. */
static void
net_of_refunds(struct metrics_accs *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		struct metrics_acc *c = &a->v[i];
		long long net = cents(c->spent) - cents(c->refunds);

		c->refunds = (double)cents(c->refunds) / 100;
		c->spent = net > 0 ? (double)net / 100 : 0;
	}
}

static void
gather_free(struct gather *g)
{
	free(g->pairs.keys);
	free(g->pairs.counts);
	memset(&g->pairs, 0, sizeof g->pairs);
	metrics_windows_free(&g->win);
	metrics_words_free(&g->w);
}

/* One pass over the customers and one over the orders (or their list),
 * and the reference date: 0, or -1. */
/* One pass over the customers and one over the orders (or their list),
 * and the reference date: 0, or -1. */
static int
gather(struct db *db, const struct metrics_orders *o, struct gather *g, struct names *cats,
       const struct metrics_thresholds *t, struct metrics_ref *ref, struct err *e)
{
	struct metrics_accs *a = g->a;
	struct metrics_ref want;
	long long has_category = 1;

	if (metrics_expected_ref(db, o != NULL, o != NULL && o->any ? o->max_date : NULL, &want, e) != 0)
		return -1;
	if (o != NULL)
		has_category = o->any_category;
	else if (db_query_int64(db,
	                        "SELECT EXISTS (SELECT 1 FROM orders"
	                        " WHERE category IS NOT NULL AND category <> '')",
	                        &has_category, e) != 0)
		return -1;
	for (;;) {
		g->ref = &want;
		g->cats = o != NULL ? &o->cats : cats;
		if (!has_category && (g->w = metrics_words_new()) == NULL)
			return err_set(e, EXIT_FAIL, _("out of memory"));
		if (load_customers(db, t, a, e) != 0 ||
		    (o != NULL ? list_orders(g, o, e) : scan_orders(db, g, cats, e)) != 0 ||
		    (o != NULL && g->w != NULL && scan_words(db, a, g->w, e) != 0) ||
		    metrics_refresh_ref(db, g->any_date ? g->max_date : NULL, g->odd_date, ref, e) != 0)
			return -1;
		free(g->pairs.keys);
		free(g->pairs.counts);
		memset(&g->pairs, 0, sizeof g->pairs);
		if (ref->y == want.y && ref->m == want.m && ref->d == want.d)
			return 0;
		/* Not the reference date expected: again, knowing it. */
		gather_free(g);
		accs_free(a);
		memset(g, 0, sizeof *g);
		g->a = a;
		want = *ref;
	}
}

/* From the figures gathered, the ages, classes and scores. */
static int
compute(struct metrics_accs *a, const struct gather *g, const struct metrics_thresholds *t,
        const struct metrics_ref *ref, struct err *e)
{
	set_ages(a, ref);
	metrics_window_classes(a, &g->win, t);
	net_of_refunds(a);
	if (metrics_rfm_scores(a, ref, e) != 0 || metrics_class_compute(a, ref, t, e) != 0)
		return -1;
	return 0;
}

int
metrics_recompute(struct db *db, struct err *e)
{
	return metrics_recompute_counted(db, NULL, NULL, e);
}

int
metrics_recompute_with(struct db *db, const struct metrics_orders *o, struct err *e)
{
	return metrics_recompute_counted(db, o, NULL, e);
}

int
metrics_recompute_counted(struct db *db, const struct metrics_orders *o,
                          struct metrics_counts *counts, struct err *e)
{
	struct metrics_accs a = {0};
	struct gather g = {.a = &a};
	struct names cats = {0};
	struct metrics_thresholds t;
	struct metrics_ref ref;
	int rc = -1;

	if (db_begin(db, e) != 0)
		return -1;
	if ((cats.index = strmap_new(64)) == NULL) {
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	if (engine_bulk_begin(db, ENGINE_GEN_METRICS, e) != 0 || metrics_thresholds_get(db, &t, e) != 0 ||
	    gather(db, o, &g, &cats, &t, &ref, e) != 0)
		goto out;
	if (compute(&a, &g, &t, &ref, e) != 0 ||
	    metrics_write(db, &a, g.w != NULL ? metrics_words_names(g.w) : g.cats->v, &ref, e) != 0 ||
	    engine_bulk_end(db, ENGINE_GEN_METRICS, e) != 0)
		goto out;
	if (counts != NULL)
		metrics_class_count(&a, counts);
	rc = 0;
out:
	gather_free(&g);
	accs_free(&a);
	names_free(&cats);
	if (rc == 0)
		return db_commit(db, e);
	db_rollback(db);
	return -1;
}

/* --- computed beside other work ------------------------------------------- */

/* metrics_recompute_counted's gather and compute for an import's list of
 * orders, split: what needs the base on the caller's thread
 * (metrics_job_start), the rest on a thread of its own, which an import
 * runs while its connection builds the indexes. */
struct metrics_job {
	pthread_t thread;
	bool running;
	const struct metrics_orders *o;
	struct metrics_accs a;
	struct gather g;
	struct metrics_thresholds t;
	struct metrics_ref want;  /* the reference date expected */
	char *schema;             /* customer_metrics' CREATE TABLE: the rows
	                           * written on the thread (an empty table) */
	unsigned char *image;     /* and the database they were written to */
	long long size;
	bool attached;            /* as metrics_job, until metrics_job_free */
	char *sync;               /* the base's file, flushed to disk once done */
	struct err e;             /* the thread's error */
	int rc;
};

/* CLIENTELE_FAULT=metrics-thread: the thread fails as if out of memory
 * (for the tests of what an import does then). */
static bool
fault(const char *what)
{
	const char *v = getenv("CLIENTELE_FAULT");

	return v != NULL && strcmp(v, what) == 0;
}

static char *const *
job_tops(const struct metrics_job *j)
{
	return j->g.w != NULL ? metrics_words_names(j->g.w) : j->g.cats->v;
}

/* Whether the thread writes the rows too: into an empty table, and when
 * the caller's transaction is the outermost, since the database they are
 * written to stays attached until it ends. */
static int
job_schema(struct db *db, struct metrics_job *j, struct err *e)
{
	sqlite3_stmt *st;
	long long any;
	int rc;

	if (db_tx_depth(db) != 1 ||
	    db_query_int64(db, "SELECT EXISTS (SELECT 1 FROM customer_metrics)", &any, e) != 0)
		return db_tx_depth(db) != 1 ? 0 : -1;
	if (any)
		return 0;
	if (db_prepare(db, &st,
	               "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'customer_metrics'",
	               e) != 0)
		return -1;
	if ((rc = db_step(db, st, e)) == 1 && (j->schema = db_col_strdup(st, 0)) == NULL)
		rc = err_set(e, EXIT_FAIL, _("out of memory"));
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* What the base's file holds so far (the tables of a bulk import)
 * written to disk, on the job's thread while the connection goes on:
 * the commit's own sync has less left to wait for (0.5 s on 1M/5M). On a
 * connection of its own, whose file SQLite closes when the import's
 * locks allow (a plain close() would drop them); a failure changes
 * nothing. */
static void
early_sync(const char *path)
{
	sqlite3 *h = NULL;
	sqlite3_file *f = NULL;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
	    sqlite3_file_control(h, "main", SQLITE_FCNTL_FILE_POINTER, &f) == SQLITE_OK && f != NULL &&
	    f->pMethods != NULL)
		f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);
	sqlite3_close(h);
}

static void *
job_main(void *arg)
{
	struct metrics_job *j = arg;

	if (fault("metrics-thread"))
		j->rc = err_set(&j->e, EXIT_FAIL, _("out of memory"));
	else
		j->rc = list_orders(&j->g, j->o, &j->e) != 0 ||
		                compute(&j->a, &j->g, &j->t, &j->want, &j->e) != 0 ||
		                (j->schema != NULL &&
		                 metrics_write_image(j->schema, &j->a, job_tops(j), &j->want, &j->image,
		                                     &j->size, &j->e) != 0)
		            ? -1
		            : 0;
	if (j->rc == 0 && j->sync != NULL)
		early_sync(j->sync);
	return NULL;
}

int
metrics_job_start(struct db *db, const struct metrics_orders *o, const struct metrics_customers *c,
                  struct metrics_job **jp, struct err *e)
{
	struct metrics_job *j = calloc(1, sizeof *j);

	*jp = NULL;
	if (j == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	*jp = j;
	j->o = o;
	j->g.a = &j->a;
	j->g.ref = &j->want;
	j->g.cats = &o->cats;
	if (metrics_thresholds_get(db, &j->t, e) != 0 ||
	    metrics_expected_ref(db, true, o->any ? o->max_date : NULL, &j->want, e) != 0)
		return -1;
	if (!o->any_category && (j->g.w = metrics_words_new()) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	/* As gather reads them; the words before the orders, not after:
	 * without categories the orders leave the tops to the words. */
	if ((c != NULL ? metrics_customers_load(c, &j->t, &j->a, e) : load_customers(db, &j->t, &j->a, e)) !=
	        0 ||
	    (j->g.w != NULL && scan_words(db, &j->a, j->g.w, e) != 0) || job_schema(db, j, e) != 0)
		return -1;
	/* A base no one else sees yet, written with a rollback journal by
	 * a bulk import: its file holds the rows already. */
	if (db_is_private(db) && sqlite3_db_filename(db_handle(db), "main") != NULL &&
	    (j->sync = strdup(sqlite3_db_filename(db_handle(db), "main"))) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	if (pthread_create(&j->thread, NULL, job_main, j) != 0)
		return err_set(e, EXIT_FAIL, _("cannot start the metrics thread"));
	j->running = true;
	return 0;
}

static void
job_wait(struct metrics_job *j)
{
	if (j->running)
		pthread_join(j->thread, NULL);
	j->running = false;
}

void
metrics_job_free(struct db *db, struct metrics_job **jp)
{
	struct metrics_job *j = *jp;

	if (j == NULL)
		return;
	job_wait(j);
	if (j->attached)
		sqlite3_exec(db_handle(db), "DETACH metrics_job", NULL, NULL, NULL);
	sqlite3_free(j->image);
	free(j->schema);
	free(j->sync);
	gather_free(&j->g);
	accs_free(&j->a);
	free(j);
	*jp = NULL;
}

/* The rows the thread wrote, into customer_metrics (empty): the same
 * table as for SQLite a copy of the pages, not an insert per row. */
static int
job_copy(struct db *db, struct metrics_job *j, struct err *e)
{
	unsigned char *image = j->image;

	j->image = NULL;
	if (db_exec(db, "ATTACH ':memory:' AS metrics_job", e) != 0) {
		sqlite3_free(image);
		return -1;
	}
	j->attached = true;
	/* Freed by SQLite from now on, even when this fails. */
	if (sqlite3_deserialize(db_handle(db), "metrics_job", image, j->size, j->size,
	                        SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY) !=
	    SQLITE_OK)
		return err_set(e, EXIT_FAIL, _("cannot compute the metrics in memory: %s"),
		               sqlite3_errmsg(db_handle(db)));
	return db_exec(db,
	               "INSERT INTO main.customer_metrics SELECT * FROM metrics_job.customer_metrics",
	               e);
}

int
metrics_job_finish(struct db *db, struct metrics_job *j, struct err *e)
{
	struct metrics_ref ref;

	job_wait(j);
	if (j->rc != 0) {
		*e = j->e;
		return -1;
	}
	if (db_begin(db, e) != 0)
		return -1;
	if (engine_bulk_begin(db, ENGINE_GEN_METRICS, e) != 0 ||
	    metrics_refresh_ref(db, j->g.any_date ? j->g.max_date : NULL, j->g.odd_date, &ref, e) != 0)
		goto fail;
	if (ref.y != j->want.y || ref.m != j->want.m || ref.d != j->want.d) {
		/* Not the date expected: as gather would, again knowing it. */
		if (metrics_recompute_with(db, j->o, e) != 0)
			goto fail;
		return db_commit(db, e);
	}
	if ((j->image != NULL ? job_copy(db, j, e)
	                      : metrics_write(db, &j->a, job_tops(j), &ref, e)) != 0 ||
	    engine_bulk_end(db, ENGINE_GEN_METRICS, e) != 0)
		goto fail;
	return db_commit(db, e);
fail:
	db_rollback(db);
	return -1;
}

int
metrics_customer_age(struct db *db, long long id, struct err *e)
{
	struct metrics_ref ref = {0};
	sqlite3_stmt *st;
	char *iso = NULL;
	int age = -1, rc;

	if (db_meta_get(db, "metrics_ref_date", &iso, e) != 0)
		return -1;
	if (iso == NULL || !date_read_ymd(iso, &ref.y, &ref.m, &ref.d)) {
		free(iso);
		return 0; /* no metrics yet: the next import computes them */
	}
	free(iso);
	if ((st = db_cached(db, "SELECT birth_date, age_given FROM customers WHERE id = ?1", e)) == NULL)
		return -1;
	db_bind_int64_at(st, 1, id);
	if ((rc = db_step(db, st, e)) == 1) {
		/* as load_customers reads it */
		age = age_at(&ref, db_col_text(st, 0));
		if (age < 0 && db_col_type(st, 1) != SQLITE_NULL)
			age = (int)floor(db_col_double(st, 1));
	}
	sqlite3_reset(st);
	if (rc < 0)
		return -1;
	if ((st = db_cached(db, "UPDATE customer_metrics SET age = ?1 WHERE customer_id = ?2", e)) == NULL)
		return -1;
	if (age >= 0 && age < 150)
		db_bind_int64_at(st, 1, age);
	else
		db_bind_null_at(st, 1);
	db_bind_int64_at(st, 2, id);
	return db_step(db, st, e) < 0 ? -1 : 0;
}
