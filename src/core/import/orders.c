/* Orders rows: line items of the same order (consecutive rows with the same
 * order number) are summed into one order, written when the next begins;
 * customers known only from the orders file are created from it. This is
 * the importer's hottest path: statements are prepared once per file and
 * bound by position, and buffers are reused from row to row. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/date.h"
#include "i18n.h"
#include "metrics.h"
#include "private.h"
#include "text/norm.h"
#include "text/text.h"
#include "util/strbuf.h"

/* New orders are inserted this many at a time, in one statement with as
 * many rows of values: one statement's start, cursor and end for many
 * rows took a third less of SQLite's time than one per order (5M orders,
 * 32 a statement). */
#define ORDERS_AT_ONCE 32

/* A new order waiting for the insert: its record stays in the pipe's
 * batch until rows_order_written. */
struct order_new {
	const struct orec *r;
	long long id, customer;
	bool cancelled;
};

/* The columns of a new order in the insert, by position in its row. */
enum { N_ID, N_AMOUNT, N_QTY, N_LINES, N_NO, N_CID, N_DATE, N_CAT, N_PRODUCT, N_SKU,
       N_CANCELLED, N_IMP, N_KEY, N_COLUMNS };

/* Parameters of the order statements, by position. */
enum { P_AMOUNT = 1, P_QTY, P_LINES, P_ID, P_CPREFIX };
enum { S_AMOUNT = 1, S_QTY, S_LINES, S_NO, S_CID, S_DATE, S_CAT, S_PRODUCT, S_SKU,
       S_CANCELLED, S_IMP, S_ID };

/* The insert of n new orders. */
static int
prepare_insert(struct import_ctx *x, sqlite3_stmt **st, int n)
{
	struct strbuf sb = {0};
	int i, rc;

	strbuf_add(&sb, "INSERT INTO orders(id, amount, quantity, lines, order_no, customer_id,"
	                 " date, category, product, sku, cancelled, import_id, key) VALUES ");
	for (i = 0; i < n; i++)
		strbuf_add(&sb, i == 0 ? "(?,?,?,?,?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?,?,?,?)");
	if (sb.oom) {
		free(sb.p);
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	}
	rc = db_prepare(x->db, st, sb.p, x->e);
	free(sb.p);
	return rc;
}

int
rows_prepare_orders(struct import_ctx *x)
{
	x->nqueued = 0;
	if ((x->queued == NULL &&
	     (x->queued = calloc(ORDERS_AT_ONCE, sizeof *x->queued)) == NULL))
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	if (prepare_insert(x, &x->ord_ins, 1) != 0 ||
	    prepare_insert(x, &x->ord_many, ORDERS_AT_ONCE) != 0 ||
	    db_prepare(x->db, &x->ord_set,
	               "UPDATE orders SET amount = ?1, quantity = ?2, lines = ?3, order_no = ?4,"
	               " customer_id = ?5, date = ?6, category = ?7, product = ?8, sku = ?9,"
	               " cancelled = ?10, import_id = ?11 WHERE id = ?12",
	               x->e) != 0 ||
	    db_prepare(x->db, &x->ord_add,
	               "UPDATE orders SET amount = amount + ?1,"
	               " quantity = CASE WHEN ?2 IS NULL THEN quantity ELSE coalesce(quantity, 0) + ?2 END,"
	               " lines = lines + ?3,"
	               " cancelled = (?5 OR amount + ?1 < 0 OR coalesce(quantity, 0) + coalesce(?2, 0) < 0)"
	               " WHERE id = ?4",
	               x->e) != 0 ||
	    db_prepare(x->db, &x->ord_cust,
	               "INSERT INTO customers(ext_id, email, country, city, first_import, last_import)"
	               " VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
	               x->e) != 0)
		return -1;
	/* Into a base without orders, the metrics take the orders from a
	 * list kept as they are written, not from the table. */
	if (x->orders_fresh && x->morders == NULL && (x->morders = metrics_orders_new()) == NULL)
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	return 0;
}

static void
sb_free(struct sbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof *b);
}

void
rows_finish_orders(struct import_ctx *x)
{
	struct order_run *r = &x->run;

	sqlite3_finalize(x->ord_ins);
	sqlite3_finalize(x->ord_many);
	x->ord_many = NULL;
	free(x->queued);
	x->queued = NULL;
	x->nqueued = 0;
	sqlite3_finalize(x->ord_set);
	sqlite3_finalize(x->ord_add);
	sqlite3_finalize(x->ord_cust);
	x->ord_ins = x->ord_set = x->ord_add = x->ord_cust = NULL;
	sb_free(&r->key);
	sb_free(&r->order_no);
	sb_free(&r->customer);
	sb_free(&r->category);
	sb_free(&r->product);
	sb_free(&r->sku);
	sb_free(&r->country);
	sb_free(&r->city);
	sb_free(&r->email);
	r->active = false;
}

/* Sets b to s (NULL: no value). */
static int
sb_set(struct sbuf *b, const char *s, struct err *e)
{
	size_t n;

	b->set = s != NULL;
	if (s == NULL)
		return 0;
	n = strlen(s) + 1;
	if (n > b->cap) {
		char *p = realloc(b->s, n < 64 ? 64 : n);

		if (p == NULL)
			return err_set(e, EXIT_FAIL, _("out of memory"));
		b->s = p;
		b->cap = n < 64 ? 64 : n;
	}
	memcpy(b->s, s, n);
	b->n = n;
	return 0;
}

static const char *
sb_get(const struct sbuf *b)
{
	return b->set ? b->s : NULL;
}

static int
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	return db_bind_static_at(st, i, s);
}

static int
step(struct import_ctx *x, sqlite3_stmt *st)
{
	int rc = db_step(x->db, st, x->e);

	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

/* The map of the customers the base had before the orders file, by what
 * the orders file names them with. */
static struct strmap *
customers_map(struct import_ctx *x)
{
	return x->map.of_col[OF_CUSTOMER_ID] < 0 ? x->by_email : x->by_ext;
}

/* The customers of an order and the next ones are each a cache miss or
 * two in a map of a million keys (most of the orders' look-up time on 1M
 * customers): asked for ahead, they are waited for together. */
void
rows_order_ahead(struct import_ctx *x, struct orec *r, int stage)
{
	if (stage == 0) {
		r->h = strmap_hash(r->customer, strlen(r->customer));
		strmap_prefetch(customers_map(x), r->h);
	} else {
		strmap_prefetch_key(customers_map(x), r->h);
	}
}

/* The keys of the orders met, to tell an order met again (its lines not
 * consecutive) from a new one. Exports list orders by number nearly
 * always: a key that comes after every key before it is new without a
 * look-up, and is appended to a sorted list. Keys are ordered by the
 * number they end with (shorter first, so that 999 comes before 1000),
 * then by the whole key: C536379, a cancellation, comes between 536378
 * and 536380. A key that does not is looked for in
 * that list by bisection, then in a map of the keys that came out of
 * order. A hash map of every key cost a random memory access or two per
 * order and 500 MB on 5M orders; the list is written in sequence. */
struct seen_key {
	size_t off, len; /* in the arena */
	long long seq;
};

struct order_seen {
	char *arena;
	size_t used, cap;
	struct seen_key *v; /* sorted */
	size_t n, vcap;
	struct strmap *other; /* keys that came out of order -> seq */
};

struct order_seen *
order_seen_new(void)
{
	struct order_seen *s = calloc(1, sizeof *s);

	if (s == NULL || (s->other = strmap_new(64)) == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void
order_seen_free(struct order_seen **sp)
{
	struct order_seen *s = *sp;

	if (s == NULL)
		return;
	free(s->arena);
	free(s->v);
	strmap_free(&s->other);
	free(s);
	*sp = NULL;
}

/* The length of the digits that s (len bytes) ends with. */
static size_t
digits_at_end(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && s[len - 1 - n] >= '0' && s[len - 1 - n] <= '9')
		n++;
	return n;
}

/* Shorter first, then byte by byte. */
static int
bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return alen < blen ? -1 : 1;
	return memcmp(a, b, alen);
}

static int
key_cmp(const struct order_seen *s, const struct seen_key *k, const char *key, size_t len)
{
	const char *a = s->arena + k->off;
	size_t ad = digits_at_end(a, k->len), bd = digits_at_end(key, len);
	int c = bytes_cmp(a + k->len - ad, ad, key + len - bd, bd);

	return c != 0 ? c : bytes_cmp(a, k->len, key, len);
}

/* Appends key (larger than every key of the list) with its number. */
static int
seen_append(struct order_seen *s, const char *key, size_t len, long long seq)
{
	if (s->used + len > s->cap) {
		size_t cap = s->cap ? s->cap : 1 << 20;
		char *a;

		while (cap < s->used + len)
			cap *= 2;
		if ((a = realloc(s->arena, cap)) == NULL)
			return -1;
		s->arena = a;
		s->cap = cap;
	}
	if (s->n == s->vcap) {
		size_t cap = s->vcap ? s->vcap * 2 : 1 << 16;
		struct seen_key *v = realloc(s->v, cap * sizeof *v);

		if (v == NULL)
			return -1;
		s->v = v;
		s->vcap = cap;
	}
	memcpy(s->arena + s->used, key, len);
	s->v[s->n++] = (struct seen_key){s->used, len, seq};
	s->used += len;
	return 0;
}

/* Whether key was met before (*seq: its number); if not, it is kept with
 * the number next. -1 when out of memory. */
static int
seen_get_or_add(struct order_seen *s, const char *key, long long next, long long *seq)
{
	size_t len = strlen(key), lo = 0, hi = s->n;

	if (s->n == 0 || key_cmp(s, &s->v[s->n - 1], key, len) < 0) {
		*seq = next;
		return seen_append(s, key, len, next) != 0 ? -1 : 0;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = key_cmp(s, &s->v[mid], key, len);

		if (c == 0) {
			*seq = s->v[mid].seq;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (strmap_get(s->other, key, len, seq))
		return 1;
	*seq = next;
	return strmap_put(s->other, key, len, next) != 0 ? -1 : 0;
}

/* The reading side, on a base without orders: the order's number among
 * this import's orders, and whether one with its key came before. */
static int
number_order(struct import_ctx *x, struct orec *r)
{
	int rc = seen_get_or_add(x->order_seq, r->key, x->norders + 1, &r->seq);

	if (rc < 0)
		return err_set(x->pe, EXIT_FAIL, _("out of memory"));
	r->repeat = rc == 1;
	if (!r->repeat)
		x->norders++;
	return 0;
}

/* The writing side: the order's row id kept under its number. */
static int
keep_order_id(struct import_ctx *x, long long seq, long long oid)
{
	if ((size_t)seq >= x->order_ids_cap) {
		size_t cap = x->order_ids_cap ? x->order_ids_cap : 1 << 16;
		long long *v;

		while (cap <= (size_t)seq)
			cap *= 2;
		if ((v = realloc(x->order_ids, cap * sizeof *v)) == NULL)
			return err_set(x->e, EXIT_FAIL, _("out of memory"));
		x->order_ids = v;
		x->order_ids_cap = cap;
	}
	x->order_ids[seq] = oid;
	return 0;
}

/* The customer the order belongs to: one the base had before the orders
 * file (its key hashed ahead: run->h), else one created when first met
 * (with the country, city and email the orders row gives), kept in
 * x->created. */
static int
order_customer(struct import_ctx *x, const struct orec *run, long long *cid)
{
	bool by_email = x->map.of_col[OF_CUSTOMER_ID] < 0;
	const char *who = run->customer, *email = run->email, *city = run->city;
	size_t len = strlen(who);
	sqlite3_stmt *st = x->ord_cust;

	if (strmap_get_hashed(customers_map(x), run->h, who, len, cid)) {
		if (*cid < 0)
			*cid = -*cid; /* a shared email: the first customer with it */
		return 0;
	}
	if (strmap_get(x->created, who, len, cid))
		return 0;
	sqlite3_clear_bindings(st);
	bind_text(st, 1, by_email ? NULL : who);
	bind_text(st, 2, by_email ? who : email);
	bind_text(st, 3, run->country);
	bind_text(st, 4, city);
	db_bind_int64_at(st, 5, x->import_id);
	if (step(x, st) != 0)
		return -1;
	*cid = sqlite3_last_insert_rowid(db_handle(x->db));
	x->st->customers_created++;
	if (x->mcust != NULL && metrics_customers_put(x->mcust, *cid, false, NULL, NULL, NULL, NULL) != 0)
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	if (strmap_put(x->created, who, len, *cid) != 0)
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	if (!by_email && (import_bit_set(&x->has_ext, &x->has_ext_cap, *cid, NULL, x->e) != 0 ||
	                  (email != NULL && import_remember_first(x->by_email, email, strlen(email),
	                                                          *cid, x->e) != 0)))
		return -1;
	if (city != NULL) {
		long long n = 0;

		strmap_get(x->city_count, city, strlen(city), &n);
		if (strmap_put(x->city_count, city, strlen(city), n + 1) != 0)
			return err_set(x->e, EXIT_FAIL, _("out of memory"));
	}
	return 0;
}

static bool
c_prefix(const struct orec *run)
{
	const char *no = run->order_no;

	return no != NULL && (no[0] == 'C' || no[0] == 'c');
}

static bool
replaced_before(struct import_ctx *x, long long oid)
{
	return (x->orders_replaced[oid / 8] >> (oid % 8)) & 1;
}

/* Copies s into the record at *p; NULL stays NULL. */
static const char *
put(char **p, const struct sbuf *b)
{
	const char *s = sb_get(b);

	if (s == NULL)
		return NULL;
	memcpy(*p, s, b->n);
	*p += b->n;
	return *p - b->n;
}

static size_t
len_of(const struct sbuf *b)
{
	return b->set ? b->n : 0;
}

/* The reading side: hands the order being assembled to the writer. */
int
rows_flush_order(struct import_ctx *x)
{
	struct order_run *run = &x->run;
	struct orec *r;
	char *p;

	if (!run->active)
		return 0;
	run->active = false;
	r = pipe_alloc(x->pipe, sizeof *r + len_of(&run->key) + len_of(&run->order_no) +
	                            len_of(&run->customer) + len_of(&run->category) +
	                            len_of(&run->product) + len_of(&run->sku) +
	                            len_of(&run->country) + len_of(&run->city) + len_of(&run->email));
	if (r == NULL)
		return -1; /* the writer stopped, or memory ran out */
	p = (char *)(r + 1);
	r->key = put(&p, &run->key);
	r->order_no = put(&p, &run->order_no);
	r->customer = put(&p, &run->customer);
	r->category = put(&p, &run->category);
	r->product = put(&p, &run->product);
	r->sku = put(&p, &run->sku);
	r->country = put(&p, &run->country);
	r->city = put(&p, &run->city);
	r->email = put(&p, &run->email);
	memcpy(r->date, run->date, sizeof r->date);
	r->amount = round(run->amount * 100) / 100; /* sums of prices, in cents */
	r->quantity = run->quantity;
	r->has_quantity = run->has_quantity;
	r->lines = run->lines;
	r->h = 0;
	r->seq = 0;
	r->repeat = false;
	return x->orders_fresh ? number_order(x, r) : 0;
}

/* Binds new order q as row k of st. */
static void
bind_new(struct import_ctx *x, sqlite3_stmt *st, int k, const struct order_new *q)
{
	const struct orec *r = q->r;
	int at = k * N_COLUMNS + 1;

	db_bind_int64_at(st, at + N_ID, q->id);
	db_bind_double_at(st, at + N_AMOUNT, r->amount);
	if (r->has_quantity)
		db_bind_double_at(st, at + N_QTY, r->quantity);
	else
		db_bind_null_at(st, at + N_QTY);
	db_bind_int64_at(st, at + N_LINES, r->lines);
	bind_text(st, at + N_NO, r->order_no);
	db_bind_int64_at(st, at + N_CID, q->customer);
	bind_text(st, at + N_DATE, r->date);
	bind_text(st, at + N_CAT, r->category);
	bind_text(st, at + N_PRODUCT, r->product);
	bind_text(st, at + N_SKU, r->sku);
	db_bind_int64_at(st, at + N_CANCELLED, q->cancelled);
	db_bind_int64_at(st, at + N_IMP, x->import_id);
	bind_text(st, at + N_KEY, r->key);
}

int
rows_order_written(struct import_ctx *x)
{
	int i, n = x->nqueued;

	x->nqueued = 0;
	if (n == ORDERS_AT_ONCE) {
		for (i = 0; i < n; i++)
			bind_new(x, x->ord_many, i, &x->queued[i]);
		return step(x, x->ord_many);
	}
	for (i = 0; i < n; i++) {
		bind_new(x, x->ord_ins, 0, &x->queued[i]);
		if (step(x, x->ord_ins) != 0)
			return -1;
	}
	return 0;
}

/* A new order: its id is the next one (no other insert into orders runs
 * during the import), and it waits for the insert of ORDERS_AT_ONCE. */
static int
queue_new(struct import_ctx *x, const struct orec *run, long long cid, bool cancelled,
          long long *oid)
{
	*oid = ++x->last_order_id;
	x->queued[x->nqueued++] = (struct order_new){run, *oid, cid, cancelled};
	return x->nqueued == ORDERS_AT_ONCE ? rows_order_written(x) : 0;
}

/* The writing side: one order inserted, replaced or added to. */
int
rows_order_apply(struct import_ctx *x, const struct orec *run)
{
	long long cid, oid = 0;
	sqlite3_stmt *st;
	bool known, cancelled;

	if (order_customer(x, run, &cid) != 0)
		return -1;
	cancelled = c_prefix(run) || run->amount < 0 || (run->has_quantity && run->quantity < 0);
	if (x->orders_fresh) {
		known = run->repeat;
		if (known)
			oid = x->order_ids[run->seq];
	} else {
		known = strmap_get(x->order_keys, run->key, strlen(run->key), &oid);
	}
	if (!known) {
		if (queue_new(x, run, cid, cancelled, &oid) != 0)
			return -1;
		x->st->inserted++;
		x->st->cancelled += cancelled;
		if (x->morders != NULL && metrics_orders_add(x->morders, cid, run->date, run->amount,
		                                             run->category, cancelled) != 0)
			return err_set(x->e, EXIT_FAIL, _("out of memory"));
		if (x->orders_fresh)
			return keep_order_id(x, run->seq, oid);
		if (strmap_put(x->order_keys, run->key, strlen(run->key), oid) != 0)
			return err_set(x->e, EXIT_FAIL, _("out of memory"));
		return 0;
	}
	/* The order may be among those waiting for their insert. */
	if (rows_order_written(x) != 0)
		return -1;
	/* An order met again in this import (its lines were not consecutive,
	 * or an earlier file had it) adds up; one from a previous import is
	 * replaced the first time, then adds up. */
	if (oid > x->max_order_before || replaced_before(x, oid)) {
		st = x->ord_add;
		sqlite3_clear_bindings(st);
		db_bind_int64_at(st, P_ID, oid);
		db_bind_int64_at(st, P_CPREFIX, c_prefix(run));
		x->st->merged++;
		/* an order added to: the metrics read the table */
		metrics_orders_free(&x->morders);
	} else {
		st = x->ord_set;
		sqlite3_clear_bindings(st);
		bind_text(st, S_NO, run->order_no);
		db_bind_int64_at(st, S_CID, cid);
		bind_text(st, S_DATE, run->date);
		bind_text(st, S_CAT, run->category);
		bind_text(st, S_PRODUCT, run->product);
		bind_text(st, S_SKU, run->sku);
		db_bind_int64_at(st, S_CANCELLED, cancelled);
		db_bind_int64_at(st, S_IMP, x->import_id);
		db_bind_int64_at(st, S_ID, oid);
		x->orders_replaced[oid / 8] |= (unsigned char)(1u << (oid % 8));
		x->st->updated++;
		x->st->cancelled += cancelled;
	}
	/* The same positions in both statements. */
	db_bind_double_at(st, P_AMOUNT, run->amount);
	if (run->has_quantity)
		db_bind_double_at(st, P_QTY, run->quantity);
	db_bind_int64_at(st, P_LINES, run->lines);
	return step(x, st);
}

/* The trimmed value of order field f in the row, or NULL when absent or
 * empty. Points into the row's scratch space at *pos. */
static char *
field(struct import_ctx *x, const struct csv_row *row, enum order_field f, size_t *pos)
{
	int i = x->map.of_col[f];
	char *v;

	if (i < 0)
		return NULL;
	v = x->scratch + *pos;
	memcpy(v, row->fields[i], row->lens[i] + 1);
	*pos += row->lens[i] + 1;
	import_trim(v, row->lens[i]);
	return text_is_na(v, x->o->na) ? NULL : v;
}

static int
bad(struct import_ctx *x, const struct csv_row *row, enum order_field f, const char *what,
    const char *v, const char *why, const char *fallback)
{
	if (v == NULL)
		import_problem(x, row->line, x->map.of_col[f] + 1, _("missing %s"), what);
	else
		import_problem(x, row->line, x->map.of_col[f] + 1,
		               _("invalid %s \"%s\" (expected %s)"), what, v,
		               why != NULL ? why : fallback);
	x->st->rejected++;
	return 0;
}

int
rows_order(struct import_ctx *x, const struct csv_row *row)
{
	size_t pos = 0, cap;
	char *v, *cust = NULL, *key, *no = NULL;
	char date[20];
	const char *why = NULL;
	double amount = 0, qty = 0, price = 0;
	bool has_qty = false;
	struct order_run *run = &x->run;
	int rc;

	if ((rc = import_row_start(x, row)) != 0)
		return rc < 0 ? -1 : 0;

	/* Whose order: rows without a customer (stock adjustments, guest
	 * checkouts) are counted and skipped. */
	if (x->map.of_col[OF_CUSTOMER_ID] >= 0) {
		if ((v = field(x, row, OF_CUSTOMER_ID, &pos)) != NULL) {
			cap = strlen(v) + 1;
			cust = import_room(x, &pos, cap);
			if (norm_id(v, cust, cap, &why) != 0)
				return bad(x, row, OF_CUSTOMER_ID, _("customer id"), v, why, _("an id"));
		}
	} else if ((v = field(x, row, OF_EMAIL, &pos)) != NULL) {
		cap = 2 * strlen(v) + 8;
		cust = import_room(x, &pos, cap);
		if (norm_email(v, cust, cap, &why) != 0)
			return bad(x, row, OF_EMAIL, _("email"), v, why, _("an email address"));
	}
	if (cust == NULL) {
		x->st->skipped++;
		return 0;
	}

	v = field(x, row, OF_DATE, &pos);
	if (v == NULL || norm_date(v, x->map.cols[x->map.of_col[OF_DATE]].order, date, &why) != 0)
		return bad(x, row, OF_DATE, _("order date"), v, why, _("a date"));
	if ((v = field(x, row, OF_QUANTITY, &pos)) != NULL) {
		if (norm_number(v, &qty, &why) != 0)
			return bad(x, row, OF_QUANTITY, _("quantity"), v, why, _("a number"));
		has_qty = true;
	}
	if (x->map.of_col[OF_AMOUNT] >= 0) {
		v = field(x, row, OF_AMOUNT, &pos);
		if (v == NULL || norm_number(v, &amount, &why) != 0)
			return bad(x, row, OF_AMOUNT, _("amount"), v, why, _("a number"));
	} else {
		v = field(x, row, OF_UNIT_PRICE, &pos);
		if (v == NULL || norm_number(v, &price, &why) != 0)
			return bad(x, row, OF_UNIT_PRICE, _("unit price"), v, why, _("a number"));
		if (!has_qty)
			return bad(x, row, OF_QUANTITY, _("quantity (needed with a unit price)"),
			           NULL, NULL, NULL);
		amount = qty * price;
	}

	/* The order's identity: its number, or for files without one the row
	 * itself (so that importing the file again changes nothing). */
	if ((v = field(x, row, OF_ORDER_ID, &pos)) != NULL) {
		cap = strlen(v) + 1;
		no = import_room(x, &pos, cap);
		if (norm_id(v, no, cap, &why) != 0)
			memcpy(no, v, cap);
		key = no;
	} else {
		/* Without an order id each row is one order. Its key is the row's
		 * content and how many identical rows came before it in the file:
		 * two equal purchases stay two orders, and importing the file again
		 * finds the same keys. */
		const char *product = field(x, row, OF_PRODUCT, &pos);
		const char *category = field(x, row, OF_CATEGORY, &pos);
		const char *sku = field(x, row, OF_SKU, &pos);
		size_t n = strlen(cust) + (product ? strlen(product) : 0) +
		           (category ? strlen(category) : 0) + (sku ? strlen(sku) : 0) + 160;
		long long seen = 0;
		int len;

		key = import_room(x, &pos, n);
		len = snprintf(key, n, "#%s|%s|%.2f|%.4g|%s|%s|%s", cust, date, amount, qty,
		               product ? product : "", category ? category : "", sku ? sku : "");
		strmap_get(x->row_seen, key, (size_t)len, &seen);
		if (strmap_put(x->row_seen, key, (size_t)len, seen + 1) != 0)
			return err_set(x->pe, EXIT_FAIL, _("out of memory"));
		snprintf(key + len, n - (size_t)len, "#%lld", seen + 1);
	}

	if (run->active && strcmp(run->key.s, key) == 0) {
		run->amount += amount;
		run->quantity += qty;
		run->has_quantity |= has_qty;
		run->lines++;
		x->st->lines++;
		return 0;
	}
	if (rows_flush_order(x) != 0)
		return -1;
	if (sb_set(&run->key, key, x->pe) != 0 || sb_set(&run->order_no, no, x->pe) != 0 ||
	    sb_set(&run->customer, cust, x->pe) != 0 ||
	    sb_set(&run->category, field(x, row, OF_CATEGORY, &pos), x->pe) != 0 ||
	    sb_set(&run->product, field(x, row, OF_PRODUCT, &pos), x->pe) != 0 ||
	    sb_set(&run->sku, field(x, row, OF_SKU, &pos), x->pe) != 0 ||
	    sb_set(&run->country, field(x, row, OF_COUNTRY, &pos), x->pe) != 0)
		return -1;
	run->city.set = run->email.set = false;
	if ((v = field(x, row, OF_CITY, &pos)) != NULL) {
		cap = strlen(v) + 1;
		if (norm_place(v, import_room(x, &pos, cap), cap, &why) == 0 &&
		    sb_set(&run->city, x->scratch + pos - cap, x->pe) != 0)
			return -1;
	}
	if (x->map.of_col[OF_CUSTOMER_ID] >= 0 && (v = field(x, row, OF_EMAIL, &pos)) != NULL) {
		cap = 2 * strlen(v) + 8;
		if (norm_email(v, import_room(x, &pos, cap), cap, &why) == 0 &&
		    sb_set(&run->email, x->scratch + pos - cap, x->pe) != 0)
			return -1;
	}
	memcpy(run->date, date, sizeof run->date); /* both char[20] */
	run->amount = amount;
	run->quantity = qty;
	run->has_quantity = has_qty;
	run->lines = 1;
	run->active = true;
	x->st->lines++;
	return 0;
}
