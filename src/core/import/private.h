/* Internals shared by import/import.c (the whole run), import/lookups.c (what the
 * base holds), import/rows.c (reading one row of customers or orders at a
 * time), import/match.c (matching and writing a customers row),
 * import/orders.c, import/places.c and import/again.c. Not for other
 * modules. */
#ifndef CLIENTELE_IMPORT_INT_H
#define CLIENTELE_IMPORT_INT_H

#include <sqlite3.h>

#include "db.h"
#include "fields.h"
#include "import/import.h"
#include "import/map.h"
#include "util/pipe.h"
#include "util/strmap.h"

/* The scan pass reads this many records when it only has to settle the
 * order of dates (which the first rows nearly always do); a customers file
 * with new custom fields is read whole, since any row may change a type.
 * The preview (import/preview.c) follows the same rule. */
#define SCAN_SAMPLE 200000

/* A value bound to a customers column. */
struct val {
	enum { V_NULL = 0, V_TEXT, V_REAL, V_INT } t;
	const char *s;
	double d;
	long long i;
};

/* A customers row as the reader hands it to the writer: values of every
 * slot, strings copied into the record itself. */
struct crec {
	long line;
	struct val *vals;
	char *tags;
	char *key;   /* a row without id, email or phone: its content key */
	/* On a base without customers (x->fresh) the reader matches the row
	 * (rows_customer_match): the customer it updates (matched), or the
	 * id the insert is to give the new one. */
	long long cid;
	bool matched;
};

/* An order (its line items summed) as the reader hands it to the writer.
 * On a base without orders, the reader numbers them: the order's place
 * among this import's orders (seq, from 1), and whether an order with
 * that key came before (repeat). The writer hashes the customer's key
 * ahead of the order's turn (h, rows_order_ahead). */
struct orec {
	const char *key, *order_no, *customer, *category, *product, *sku, *country, *city, *email;
	char date[20];
	double amount, quantity;
	bool has_quantity;
	long lines;
	uint64_t h;
	long long seq;
	bool repeat;
};

/* Where the built-in columns are among a customers row's slots. */
struct slots {
	int id, email, phone, country, first, last, full, city, region;
	int birth, created, lead, age; /* what the metrics read (mcust) */
};

/* A string buffer reused from order to order: no malloc once warm. */
struct sbuf {
	char *s;     /* NULL until first set */
	size_t cap;
	size_t n;    /* the value's size, its NUL included (when set) */
	bool set;    /* holds a value (else the field is empty) */
};

/* The order being assembled from consecutive line items. */
struct order_run {
	bool active;
	struct sbuf key;      /* order key (order_no or a digest) */
	struct sbuf order_no;
	struct sbuf customer; /* external id (or email) of the customer */
	char date[20];
	double amount, quantity;
	bool has_quantity;
	long lines;
	struct sbuf category, product, sku, country, city, email;
};

struct order_seen;
struct order_new;
struct metrics_orders;
struct metrics_customers;

struct import_ctx {
	struct db *db;
	const struct import_opts *o;
	const char *options;        /* import_read_options */
	struct import_result *res;
	struct err *e;
	struct field_catalog cat;

	/* Lookups of what is in the base (and what this import added). */
	struct strmap *by_ext, *by_email, *by_phone; /* -> customers.id */
	struct strmap *by_key;      /* customer_keys.key -> customers.id */
	struct strmap *key_seen;    /* content digests of this file -> rows (reader) */
	struct strmap *order_keys;  /* orders.key -> orders.id (writer), when the base had
	                               orders before (!orders_fresh) */
	bool orders_fresh;          /* the base had no orders: the reader numbers them */
	struct order_seen *order_seq; /* orders.key -> its seq in this import (reader) */
	long long norders;          /* the orders order_seq numbered (reader) */
	long long *order_ids;       /* seq -> orders.id (writer) */
	struct metrics_orders *morders; /* the orders written, for the metrics, while
	                               each was written once into a base without orders */
	struct metrics_customers *mcust; /* the customers written into a base without
	                               customers, for the metrics (writer) */
	size_t order_ids_cap;
	struct strmap *created;     /* customers the orders file created, by the
	                               external id or email it names (writer): the
	                               reader's by_ext or by_email stays as it was
	                               during the pass */
	struct strmap *tag_ids;     /* folded tag name -> tags.id */
	struct strmap *hand_edits;  /* "id:field" of hand-edited fields */
	unsigned char *touched;     /* bit per customers.id met in this import */
	size_t touched_cap;
	unsigned char *has_ext;     /* bit per customers.id that has an external id */
	size_t has_ext_cap;
	struct strmap *row_seen;    /* orders rows without an id -> times seen */
	long long max_order_before; /* orders with a larger id are this import's */
	unsigned char *orders_replaced; /* bit per old order id already replaced */
	struct strmap *city_count, *region_count; /* spelling -> rows */
	bool fresh;                 /* the base had no customers before */
	long long new_customers;    /* the customers the reader numbered (fresh) */

	/* The file being imported. */
	const char *file;
	struct file_map map;
	struct import_file_stats *st;
	long long import_id;
	struct pipe *pipe;          /* reader -> writer */
	struct err *pe;             /* the reader's errors (the writer's go to e) */
	struct slots slots;
	size_t nslots;              /* customer value slots */
	struct val *vals;
	size_t *val_sizes;          /* emit_customer: each text value's size */
	char *scratch;              /* per-row text space */
	size_t scratch_cap;
	char **slot_column;         /* SQL column of each slot */
	int *col_slot;              /* slot of each CSV column, or -1 */
	sqlite3_stmt *ins, *upd;    /* prepared per customers file */
	sqlite3_stmt *ord_ins, *ord_add, *ord_set, *ord_cust; /* per orders file */
	sqlite3_stmt *ord_many;     /* ORDERS_AT_ONCE new orders in one INSERT */
	struct order_new *queued;   /* new orders waiting for it (writer) */
	int nqueued;
	long long last_order_id;    /* the id of the last new order (writer) */
	struct order_run run;
	bool row_bad;

	/* Values in context (import/values.c): the bounds of birth dates,
	 * and the country of phones in rows without one. */
	char today[11];
	int ref_y, ref_m, ref_d;    /* the reference date as the import starts */
	char birth_why[2][192];     /* "expected ..." of a birth date too late, too early */
	char default_country[3];    /* ISO code kept in the base (--country), or "" */
	char phone_country[3];      /* ISO code assumed for this file's phones, or "" */
	struct strmap *file_countries; /* ISO code -> rows of the file's scan */
};

/* The keys of this import's orders and their numbers (import/orders.c),
 * for the reader of a base without orders. */
struct order_seen *order_seen_new(void);
void order_seen_free(struct order_seen **sp);

/* Slots of the built-in customer columns, in fields_builtin() order, then
 * age_given, then the custom fields of the file. */
int rows_prepare_customers(struct import_ctx *x);
void rows_finish_customers(struct import_ctx *x);
/* Reader side: normalises a row and hands it to the writer. */
int rows_customer(struct import_ctx *x, const struct csv_row *row);
/* Writer side: matches and writes one handed-over row. */
int rows_customer_apply(struct import_ctx *x, const struct crec *r);
/* Writer side: keeps customer cid, just written from v (matched: an
 * update), in x->mcust when there is one. */
int rows_customer_keep(struct import_ctx *x, const struct val *v, long long cid, bool matched);
/* Reader side, on a base without customers: matches a row as
 * rows_customer_apply would, to this import's earlier rows, the new
 * customers numbered from 1 as the insert numbers them (the writer checks
 * it). Errors go to x->pe. */
int rows_customer_match(struct import_ctx *x, const struct val *v, const char *key,
                        long long *cid, bool *matched);

int rows_prepare_orders(struct import_ctx *x);
void rows_finish_orders(struct import_ctx *x);
/* Reader side: adds a row to the order it belongs to; rows_flush_order
 * hands the order being assembled to the writer. */
int rows_order(struct import_ctx *x, const struct csv_row *row);
int rows_flush_order(struct import_ctx *x);
/* Writer side: writes one handed-over order. New orders are written
 * ORDERS_AT_ONCE at a time: rows_order_written writes those still waiting,
 * before the batch that holds their records is given back. */
int rows_order_apply(struct import_ctx *x, const struct orec *r);
int rows_order_written(struct import_ctx *x);
/* Writer side, for an order some turns ahead: its customer's key hashed
 * and the slot asked for from memory (stage 0), then the stored key
 * (stage 1), so that rows_order_apply finds them in the cache. */
void rows_order_ahead(struct import_ctx *x, struct orec *r, int stage);

/* Starts a row on the reading side: checks its number of fields (a wrong
 * one is a problem: returns 1) and makes room for its text in the scratch
 * space. 0 to go on, -1 on error. */
int import_row_start(struct import_ctx *x, const struct csv_row *row);

/* Normalises v, a trimmed value of the customers column c maps to (a
 * built-in one, the age or a custom one; not the phone, which needs the
 * row's country: norm_phone), into *out, its text in the scratch space at
 * *pos: 0, or -1 with *why saying what was expected (NULL: say
 * import_type_expectation of c's type). */
int import_customer_value(struct import_ctx *x, const struct map_column *c, char *v, size_t *pos,
                          struct val *out, const char **why);
/* What a value of type t is expected to be: "a number", "a date"... */
const char *import_type_expectation(enum field_type t);

/* text_trim of v, a value of n bytes: most values have nothing to trim,
 * which their first and last bytes tell without measuring them again. */
void import_trim(char *v, size_t n);

/* n bytes of the row's scratch space at *pos, which moves past them. */
char *import_room(struct import_ctx *x, size_t *pos, size_t n);

/* Records a problem with line and column (1-based field, 0 for the row). */
void import_problem(struct import_ctx *x, long line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Sets the bit of customer id in *bits (grown as needed); *before says
 * whether it was set already (may be NULL). */
int import_bit_set(unsigned char **bits, size_t *cap, long long id, bool *before,
                   struct err *e);
/* Whether the bit of customer id is set. */
bool import_bit_get(const unsigned char *bits, size_t cap, long long id);

/* Puts key -> id unless the map has the key already: an email or phone
 * shared by several customers stays with the first of them. */
int import_remember_first(struct strmap *m, const char *key, size_t len, long long id,
                          struct err *e);

/* The options that shape how a file is read (--map, --na, --date-format,
 * --encoding, --delimiter), as one string kept with each import: the same
 * bytes read another way are another import. NULL when out of memory. */
char *import_read_options(const struct import_opts *o);

/* Whether path has been imported as kind with the same bytes and options:
 * if so, st is filled (done, file, sha256, already: the date). */
int import_already(struct db *db, const char *path, const char *kind, const char *options,
                   struct import_file_stats *st, struct err *e);

/* Loads the (id, key) pairs that sql selects into m. */
int import_load_map(struct import_ctx *x, struct strmap *m, const char *sql);

/* csv_read_file on two threads (import/relay.c): a thread of its own parses
 * the file (and calls co's raw callback) while fn runs on the caller's
 * thread with each record, and co's progress callback between batches.
 * Returns as csv_read_file does. */
int import_read_file(const char *path, const struct csv_opts *co, csv_row_fn fn, void *ctx,
                     struct csv_info *info, struct err *e);

/* Loads what the base holds into x's lookups (import/lookups.c), inside the
 * import's write transaction: ncust is the customers the base holds,
 * counted there (0: a base without customers, nothing to load). */
int import_lookups_load(struct import_ctx *x, long long ncust);
void import_lookups_free(struct import_ctx *x);

/* Rewrites the spellings of a place column (city, region) to the most
 * frequent spelling of the same name, and lists what was merged; counts
 * holds this import's spellings when the base had no customers before. */
int import_merge_places(struct import_ctx *x, const char *column, struct strmap *counts);

/* Finds or creates the tag called name; *id receives its id. */
int import_tag_id(struct import_ctx *x, const char *name, long long *id);

/* At the start of the import (inside its transaction, after --as-of is
 * kept): the bounds of birth dates, and --country kept in the base. */
int values_begin(struct import_ctx *x);
void values_end(struct import_ctx *x);
/* The scan pass counts the countries of a customers file. */
void values_count_country(struct import_ctx *x, const char *value);
/* After the scan of a customers file: the country assumed for phones of
 * rows without a known one (the base's default, else the most frequent of
 * the base and the file, else the locale's), told in x->res. */
int values_phone_country(struct import_ctx *x);
/* Then: the base's phones stored without a country, looked up under their
 * E.164 form too. */
int values_phone_keys(struct import_ctx *x);
/* The country to read a row's phone with: its own when known, else the
 * assumed one; NULL when there is none. */
const char *values_phone_country_of(struct import_ctx *x, const char *row_country);
/* A birth date (YYYY-MM-DD) or an age possible in context: 0, or -1 with
 * *why saying what was expected. */
int values_check_birth(const struct import_ctx *x, const char *iso, const char **why);
int values_check_age(double age, const char **why);

#endif
