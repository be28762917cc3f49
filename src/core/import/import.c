/* The import as a whole: one transaction around both files, the lookups of
 * what the base already holds (import/lookups.c), a scan pass that maps and
 * types the columns, the write pass, indexes, place names, metrics, the record of the
 * import — and a rollback that leaves the base as it was on any failure. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "engine/engine.h"
#include "i18n.h"
#include "private.h"
#include "util/pipe.h"
#include "metrics.h"
#include "util/sha256.h"
#include "text/date.h"
#include "text/text.h"

/* Indexes dropped during a bulk import and built afterwards: building an
 * index once is much cheaper than keeping it up to date row by row. Must
 * match the schema. */
static const char *const bulk_indexes[][2] = {
	{"customers_ext_id",
	 "CREATE UNIQUE INDEX customers_ext_id ON customers(ext_id) WHERE ext_id IS NOT NULL"},
	{"customers_email", "CREATE INDEX customers_email ON customers(email) WHERE email IS NOT NULL"},
	{"customers_phone", "CREATE INDEX customers_phone ON customers(phone) WHERE phone IS NOT NULL"},
	{"orders_customer",
	 "CREATE INDEX orders_customer ON orders(customer_id)"},
};
#define NBULK (sizeof bulk_indexes / sizeof bulk_indexes[0])

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- phase times (CLIENTELE_IMPORT_TIMES=1) ----------------------------- */

/* With CLIENTELE_IMPORT_TIMES set to anything but "" or "0", each phase's
 * wall time goes to stderr as it ends: where an import spends its time,
 * measured on the real files rather than guessed. */
static double phase_t0, phase_cpu0, phase_main0;
static int phase_on = -1;

/* The CPU time, user and system, of the process (every thread's) or of
 * the calling thread. */
static double
cpu_seconds(clockid_t which)
{
	struct timespec ts;

	clock_gettime(which, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
import_phase(const char *what, const char *file)
{
	double t, c, m;

	if (phase_on < 0) {
		const char *v = getenv("CLIENTELE_IMPORT_TIMES");

		phase_on = v != NULL && *v != '\0' && strcmp(v, "0") != 0;
	}
	if (!phase_on)
		return;
	t = now_seconds();
	c = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
	m = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
	if (what != NULL)
		fprintf(stderr, "import: %-8s %7.3f s wall, cpu %7.3f s (this thread %7.3f s)%s%s\n",
		        what, t - phase_t0, c - phase_cpu0, m - phase_main0, file != NULL ? "  " : "",
		        file != NULL ? file : "");
	phase_t0 = t;
	phase_cpu0 = c;
	phase_main0 = m;
}

/* --- the file's digest, of the bytes the reader reads -------------------- */

/* The reader hands each block it reads to a thread of its own that
 * digests it: SHA-256 took a fifth of the reading thread's time, which is
 * the import's bottleneck once the writer has little more than SQLite to
 * do, while the writer's core had time to spare. */
struct digest {
	pthread_t thread;
	struct pipe *pipe;
	struct sha256 sha;
	bool failed;  /* a block could not be handed over (out of memory) */
};

struct block {
	size_t n;
	unsigned char data[];
};

/* On the reader's thread: a copy of the block to the digest's. */
static void
digest_block(void *ctx, const void *buf, size_t n)
{
	struct digest *d = ctx;
	struct block *b;

	if (d->failed)
		return;
	if ((b = pipe_alloc(d->pipe, sizeof *b + n)) == NULL) {
		d->failed = true;
		return;
	}
	b->n = n;
	memcpy(b->data, buf, n);
}

static void *
digest_main(void *arg)
{
	struct digest *d = arg;
	struct pipe_batch *pb;

	while ((pb = pipe_next(d->pipe)) != NULL) {
		void *it = NULL;
		struct block *b;

		while ((b = pipe_record(pb, &it)) != NULL)
			sha256_update(&d->sha, b->data, b->n);
		pipe_done(d->pipe, pb);
	}
	return NULL;
}

static int
digest_start(struct digest *d)
{
	sha256_init(&d->sha);
	d->failed = false;
	if ((d->pipe = pipe_new(4 << 20, 4)) == NULL)
		return -1;
	if (pthread_create(&d->thread, NULL, digest_main, d) != 0) {
		pipe_free(&d->pipe);
		return -1;
	}
	return 0;
}

/* Once the reader is done: waits for the digest; -1 if a block was lost. */
static int
digest_end(struct digest *d, char hex[65])
{
	pipe_close(d->pipe);
	pthread_join(d->thread, NULL);
	pipe_free(&d->pipe);
	if (d->failed)
		return -1;
	sha256_hex(&d->sha, hex);
	return 0;
}

/* --- progress and cancellation ----------------------------------------- */

/* A pass over a file: the scan reads SCAN_SAMPLE records (private.h). */
struct pass {
	struct import_ctx *x;
	const char *phase;
	long rows;
	long limit;       /* records to scan, 0 for all */
	off_t done;       /* bytes read so far */
	char *trimbuf;
	size_t trimcap;
};

static void
pass_progress(void *ctx, off_t done, off_t total)
{
	struct pass *p = ctx;
	const struct import_opts *o = p->x->o;
	struct import_progress ip = {p->x->file, p->phase, done, total, p->rows};

	p->done = done;
	if (o->progress != NULL)
		o->progress(o->progress_ctx, &ip);
}

static int
cancelled(struct import_ctx *x)
{
	if (x->o->cancel != NULL && *x->o->cancel)
		return err_set(x->e, EXIT_FAIL, _("interrupted: nothing was imported"));
	return 0;
}

/* --- the scan pass: map the header, type the columns --------------------- */

/* SQLite caps the columns of a table: a file with more new columns than
 * the customers table has room for is refused at its header, before the
 * scan reads it all and before any column is added. */
static int
check_column_room(struct import_ctx *x)
{
	long long have = 0;
	size_t i, add = 0;
	int limit = sqlite3_limit(db_handle(x->db), SQLITE_LIMIT_COLUMN, -1);

	for (i = 0; i < x->map.n; i++)
		add += x->map.cols[i].is_new;
	if (add == 0)
		return 0;
	if (db_query_int64(x->db, "SELECT count(*) FROM pragma_table_info('customers')", &have,
	                   x->e) != 0)
		return -1;
	if (have + (long long)add <= limit)
		return 0;
	return err_set_at(x->e, EXIT_DATAERR, x->file, 1, 0,
	                  _("the file has %zu new columns, and the base already has %lld; "
	                    "SQLite allows at most %d columns in a table. Leave out the columns "
	                    "you do not need (--map \"COLUMN=-\", or cut them from the file)"),
	                  add, have, limit);
}

/* Moves the notes of the file's map to the result. */
static int
take_notes(struct import_ctx *x)
{
	struct import_result *r = x->res;
	char **v;
	size_t i;

	if (x->map.nnotes == 0)
		return 0;
	if ((v = realloc(r->notes, (r->nnotes + x->map.nnotes) * sizeof *v)) == NULL)
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	r->notes = v;
	for (i = 0; i < x->map.nnotes; i++)
		v[r->nnotes++] = x->map.notes[i];
	x->map.nnotes = 0;
	return 0;
}

static void
count_country(void *ctx, const char *v)
{
	values_count_country(ctx, v);
}

static int
scan_row(void *ctx, const struct csv_row *row, struct err *e)
{
	struct pass *p = ctx;
	struct import_ctx *x = p->x;

	p->rows++;
	if (row->index == 0) {
		if (file_map_build(&x->map, x->st == &x->res->orders, x->file, row, &x->cat,
		                   x->o->maps, x->o->nmaps, e) != 0)
			return -1;
		if (!x->map.orders && check_column_room(x) != 0)
			return -1; /* e is x->e */
		if (file_map_has_new(&x->map))
			p->limit = 0;
		return 0;
	}
	if (p->limit > 0 && row->index > p->limit)
		return 1;
	if ((p->rows & 0x3fff) == 0 && cancelled(x) != 0)
		return -1;
	return file_map_observe_row(&x->map, row, x->o->na, &p->trimbuf, &p->trimcap, count_country,
	                            x, e);
}

static int
write_row(void *ctx, const struct csv_row *row, struct err *e)
{
	struct pass *p = ctx;
	struct import_ctx *x = p->x;

	(void)e; /* the reader's errors go to x->pe */
	if (row->index == 0)
		return 0;
	p->rows++;
	x->st->rows_read++;
	if ((p->rows & 0x3fff) == 0 && x->o->cancel != NULL && *x->o->cancel)
		return err_set(x->pe, EXIT_FAIL, _("interrupted: nothing was imported"));
	return x->map.orders ? rows_order(x, row) : rows_customer(x, row);
}

/* The reading side of the write pass, on its own thread: parses and
 * normalises the rows and hands them over through the pipe. */
struct reader {
	pthread_t thread;
	struct import_ctx *x;
	const char *path;
	struct csv_opts co;
	struct pass p;
	int rc;
};

static void *
reader_main(void *arg)
{
	struct reader *r = arg;
	struct import_ctx *x = r->x;

	r->rc = import_read_file(r->path, &r->co, write_row, &r->p, NULL, x->pe);
	if (r->rc == 0 && x->map.orders)
		r->rc = rows_flush_order(x);
	pipe_close(x->pipe);
	return NULL;
}

/* A batch of orders, each with what it looks up asked for ahead: its
 * customer's slot AHEAD orders before its turn, the key there AHEAD / 2
 * before. */
#define AHEAD 16

static int
apply_orders(struct import_ctx *x, struct pipe_batch *b)
{
	void *it = NULL, *far = NULL, *near = NULL;
	struct orec *r;
	int i, rc = 0;

	for (i = 0; i < AHEAD && (r = pipe_record(b, &far)) != NULL; i++) {
		rows_order_ahead(x, r, 0);
		if (i >= AHEAD / 2 && (r = pipe_record(b, &near)) != NULL)
			rows_order_ahead(x, r, 1);
	}
	while (rc == 0 && (r = pipe_record(b, &it)) != NULL) {
		struct orec *a;

		if ((a = pipe_record(b, &far)) != NULL)
			rows_order_ahead(x, a, 0);
		if ((a = pipe_record(b, &near)) != NULL)
			rows_order_ahead(x, a, 1);
		rc = rows_order_apply(x, r);
	}
	return rc == 0 ? rows_order_written(x) : rc;
}

/* The writing side, on this thread: every handed-over record to SQLite. */
static int
write_pass(struct import_ctx *x, const char *path, const struct csv_opts *co)
{
	struct reader r = {.x = x, .path = path, .co = *co, .p = {x, "importing", 0, 0, 0, NULL, 0}};
	struct pipe_batch *b;
	struct digest digest;
	char hex[65];
	int rc = 0;

	r.co.progress_ctx = &r.p;
	r.co.raw = digest_block;
	r.co.raw_ctx = &digest;
	if (digest_start(&digest) != 0)
		return err_set(x->e, EXIT_FAIL, _("cannot start the reading thread"));
	if ((x->pipe = pipe_new(4 << 20, 4)) == NULL) {
		digest_end(&digest, hex);
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	}
	if (pthread_create(&r.thread, NULL, reader_main, &r) != 0) {
		pipe_free(&x->pipe);
		digest_end(&digest, hex);
		return err_set(x->e, EXIT_FAIL, _("cannot start the reading thread"));
	}
	while ((b = pipe_next(x->pipe)) != NULL) {
		void *it = NULL, *rec;

		if (x->map.orders)
			rc = apply_orders(x, b);
		else
			while (rc == 0 && (rec = pipe_record(b, &it)) != NULL)
				rc = rows_customer_apply(x, rec);
		pipe_done(x->pipe, b);
		if (rc != 0)
			pipe_stop(x->pipe); /* the reader stops; drain what it sent */
	}
	pthread_join(r.thread, NULL);
	free(r.p.trimbuf);
	pipe_free(&x->pipe);
	if (digest_end(&digest, hex) != 0 && rc == 0 && r.rc == 0)
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	if (rc != 0)
		return -1;
	if (r.rc != 0) {
		*x->e = *x->pe;
		return -1;
	}
	memcpy(x->st->sha256, hex, sizeof hex);
	return 0;
}

/* Sizes the lookups for the rows the file holds (estimated from the
 * sample when the scan stopped early), so that they never rehash while
 * millions of keys go in. */
static int
reserve_lookups(struct import_ctx *x, const struct pass *p, off_t size)
{
	size_t rows = (size_t)p->rows;

	if (p->limit > 0 && p->rows > p->limit && p->done > 0)
		rows = (size_t)((double)p->rows * (double)size / (double)p->done);
	if (x->map.orders) {
		if (!x->orders_fresh &&
		    strmap_reserve(x->order_keys, strmap_count(x->order_keys) + rows) != 0)
			return err_set(x->e, EXIT_FAIL, _("out of memory"));
		return 0;
	}
	if (strmap_reserve(x->by_ext, strmap_count(x->by_ext) + rows) != 0 ||
	    strmap_reserve(x->by_email, strmap_count(x->by_email) + rows) != 0 ||
	    strmap_reserve(x->by_phone, strmap_count(x->by_phone) + rows) != 0)
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	return 0;
}

/* Creates the custom fields the scan found, and reloads the catalog. */
static int
create_custom_fields(struct import_ctx *x)
{
	size_t i;
	bool any = false;

	for (i = 0; i < x->map.n; i++) {
		const struct map_column *c = &x->map.cols[i];
		char *line;

		if (!c->is_new)
			continue;
		if (fields_add_custom(x->db, c->field, c->header, c->type, x->e) != 0)
			return -1;
		/* TRANSLATORS: a custom field made by an import: its name, its
		 * type, the file's column it comes from. */
		if (asprintf(&line, _("%s (%s) from \"%s\""), c->field, field_type_name(c->type),
		             c->header) >= 0) {
			char **v = realloc(x->res->custom_fields,
			                   (x->res->ncustom_fields + 1) * sizeof *v);

			if (v == NULL) {
				free(line);
				return err_set(x->e, EXIT_FAIL, _("out of memory"));
			}
			x->res->custom_fields = v;
			v[x->res->ncustom_fields++] = line;
		}
		any = true;
	}
	if (!any)
		return 0;
	fields_free(&x->cat);
	return fields_load(x->db, &x->cat, x->e);
}

static int
record_import(struct import_ctx *x, const char *kind, off_t size)
{
	sqlite3_stmt *st = db_cached(x->db,
	                             "INSERT INTO imports(kind, file_name, file_size, options) "
	                             "VALUES (:kind, :file, :size, :opts)",
	                             x->e);

	if (st == NULL)
		return -1;
	db_bind_text(st, ":kind", kind);
	db_bind_text(st, ":opts", x->options[0] != '\0' ? x->options : NULL);
	db_bind_text(st, ":file", x->file);
	db_bind_int64(st, ":size", (long long)size);
	if (db_step(x->db, st, x->e) < 0)
		return -1;
	x->import_id = sqlite3_last_insert_rowid(db_handle(x->db));
	x->st->import_id = x->import_id;
	return 0;
}

static int
finish_import_record(struct import_ctx *x, double seconds)
{
	const struct import_file_stats *s = x->st;
	sqlite3_stmt *st = db_cached(x->db,
	                             "UPDATE imports SET sha256 = :sha, rows_read = :read,"
	                             " inserted = :ins, updated = :upd, rejected = :rej,"
	                             " skipped = :skip, merged = :merged, seconds = :sec"
	                             " WHERE id = :id",
	                             x->e);

	if (st == NULL)
		return -1;
	db_bind_text(st, ":sha", s->sha256[0] ? s->sha256 : NULL);
	db_bind_int64(st, ":read", s->rows_read);
	db_bind_int64(st, ":ins", s->inserted);
	db_bind_int64(st, ":upd", s->updated);
	db_bind_int64(st, ":rej", s->rejected);
	db_bind_int64(st, ":skip", s->skipped);
	db_bind_int64(st, ":merged", s->merged);
	db_bind_double(st, ":sec", seconds);
	db_bind_int64(st, ":id", x->import_id);
	return db_step(x->db, st, x->e) < 0 ? -1 : 0;
}

static int
import_file(struct import_ctx *x, const char *path, struct import_file_stats *st)
{
	struct csv_opts co = x->o->csv;
	struct csv_info info = {0};
	struct pass p = {x, "scanning", 0, SCAN_SAMPLE, 0, NULL, 0};
	double t0 = now_seconds();
	int rc = -1;

	x->file = path;
	x->st = st;
	st->done = true;
	if ((st->file = strdup(path)) == NULL)
		return err_set(x->e, EXIT_FAIL, _("out of memory"));

	co.progress = pass_progress;
	co.progress_ctx = &p;
	import_phase(NULL, NULL);
	if (import_read_file(path, &co, scan_row, &p, &info, x->e) != 0)
		goto out;
	if (p.limit > 0 && p.rows > p.limit && file_map_dates_open(&x->map)) {
		/* The sample left a date column open: read it all, counting
		 * the countries of the sample's rows once, not twice. */
		file_map_free(&x->map);
		strmap_free(&x->file_countries);
		if ((x->file_countries = strmap_new(64)) == NULL) {
			err_set(x->e, EXIT_FAIL, _("out of memory"));
			goto out;
		}
		p.limit = 0;
		p.rows = 0;
		if (import_read_file(path, &co, scan_row, &p, &info, x->e) != 0)
			goto out;
	}
	import_phase("scan", path);
	if (x->map.cols == NULL) {
		err_set(x->e, EXIT_DATAERR, _("%s: the file is empty (expected a header line)"),
		        path);
		goto out;
	}
	st->delim = (char)info.delim;
	st->encoding = csv_encoding_name(info.enc);
	if (reserve_lookups(x, &p, info.size) != 0)
		goto out;
	if (file_map_decide(&x->map, path, x->o->date_order, x->e) != 0 ||
	    file_map_check(&x->map, path, x->e) != 0 || take_notes(x) != 0 ||
	    create_custom_fields(x) != 0 ||
	    (!x->map.orders && (values_phone_country(x) != 0 || values_phone_keys(x) != 0)) ||
	    record_import(x, x->map.orders ? "orders" : "customers", info.size) != 0)
		goto out;
	if ((x->map.orders ? rows_prepare_orders(x) : rows_prepare_customers(x)) != 0)
		goto out;

	/* The detected delimiter and encoding hold for the second pass. */
	co.delim = info.delim;
	co.enc = info.enc;
	import_phase("prepare", path);
	if (write_pass(x, path, &co) != 0)
		goto out;
	import_phase("write", path);
	rc = finish_import_record(x, now_seconds() - t0);
out:
	if (x->map.orders)
		rows_finish_orders(x);
	else
		rows_finish_customers(x);
	file_map_free(&x->map);
	free(p.trimbuf);
	return rc;
}

/* --- after the rows ----------------------------------------------------- */

static int
save_problems(struct import_ctx *x)
{
	struct import_result *r = x->res;
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; i < r->nproblems; i++) {
		const struct import_problem *p = &r->problems[i];
		long long id = strcmp(p->file, r->customers.file ? r->customers.file : "") == 0
		                       ? r->customers.import_id
		                       : r->orders.import_id;

		st = db_cached(x->db,
		               "INSERT INTO import_errors(import_id, line, col, reason) "
		               "VALUES (:id, :line, :col, :reason)",
		               x->e);
		if (st == NULL)
			return -1;
		db_bind_int64(st, ":id", id);
		db_bind_int64(st, ":line", p->line);
		if (p->col > 0)
			db_bind_int64(st, ":col", p->col);
		db_bind_text(st, ":reason", p->reason);
		if (db_step(x->db, st, x->e) < 0)
			return -1;
	}
	return 0;
}

static int
check_readable(const char *path, struct err *e)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return err_set(e, EXIT_NOINPUT, "%s: %s", path, strerror(errno));
	if (S_ISDIR(sb.st_mode))
		return err_set(e, EXIT_NOINPUT, _("%s: is a directory, not a CSV file"), path);
	return 0;
}

/* Drops the indexes that a bulk import rebuilds afterwards. */
static int
indexes_drop(struct import_ctx *x)
{
	size_t i;

	for (i = 0; i < NBULK; i++) {
		char sql[128];

		snprintf(sql, sizeof sql, "DROP INDEX IF EXISTS %s", bulk_indexes[i][0]);
		if (db_exec(x->db, sql, x->e) != 0)
			return -1;
	}
	return 0;
}

static int
indexes_create(struct import_ctx *x)
{
	size_t i;

	for (i = 0; i < NBULK; i++) {
		struct import_progress ip = {"", "indexing", 0, 0, 0};

		if (x->o->progress != NULL)
			x->o->progress(x->o->progress_ctx, &ip);
		if (db_exec(x->db, bulk_indexes[i][1], x->e) != 0)
			return -1;
	}
	return 0;
}

/* A bulk import writes most of the base anew. In WAL mode every page would
 * be written twice (to the log, then back) and the log's index grows with
 * the transaction; the rollback journal writes new pages once and is just
 * as atomic. But it locks readers out until the commit, and a killed
 * import leaves a hot journal: only a new base that no one else can see
 * yet (db_create_new) takes it; a published base stays in WAL mode, where
 * the interface and other commands read it while the import runs. */
static void
journal_mode(struct db *db, const char *mode)
{
	char sql[64];

	if (!db_is_private(db))
		return;
	snprintf(sql, sizeof sql, "PRAGMA journal_mode = %s", mode);
	sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL);
}

/* A bulk import reads back the pages it writes; through a memory map that
 * costs a third less time and two thirds less in the kernel (5M orders).
 * A short-lived count, on the contrary, pays more for mapping the pages
 * than it saves, so the map is the import's alone. */
static void
memory_map(struct db *db, bool on)
{
	sqlite3_exec(db_handle(db), on ? "PRAGMA mmap_size = 2147418112" : "PRAGMA mmap_size = 0",
	             NULL, NULL, NULL);
}

/* Every row an import writes refers to a customer or a tag it found or
 * created in the same transaction, which no one else can delete while it
 * holds the base: checking each order's customer again costs a lookup in
 * the customers table per order (the write pass of 5M orders took 19 s
 * with the checks, 14 s without, on 1M customers). The checks are off
 * for the import's transaction alone; the pragma is a no-op inside a
 * transaction, so an import nested in the caller's keeps them. */
static bool
foreign_keys(struct db *db, bool on)
{
	if (db_tx_depth(db) > 0)
		return false;
	sqlite3_exec(db_handle(db), on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF",
	             NULL, NULL, NULL);
	return true;
}

static bool
bulk_import(const struct import_opts *o, long long ncust)
{
	off_t bytes = 0;
	struct stat sb;

	if (o->customers != NULL && stat(o->customers, &sb) == 0)
		bytes += sb.st_size;
	if (o->orders != NULL && stat(o->orders, &sb) == 0)
		bytes += sb.st_size;
	/* About 100 bytes a customer row: a file bigger than the base is bulk. */
	return bytes >= 4 << 20 && bytes >= ncust * 100;
}

/* The connection's settings as they were before the import. */
static void
restore(struct db *db, bool bulk, bool fk_off)
{
	if (fk_off)
		foreign_keys(db, true);
	if (bulk) {
		memory_map(db, false);
		journal_mode(db, "WAL");
	}
}

/* Takes out of todo the files imported before (import_already), whose
 * stats in res say when. */
static int
skip_imported(struct db *db, struct import_opts *todo, const char *options,
              struct import_result *res, struct err *e)
{
	if ((todo->customers != NULL && import_already(db, todo->customers, "customers", options,
	                                               &res->customers, e) != 0) ||
	    (todo->orders != NULL &&
	     import_already(db, todo->orders, "orders", options, &res->orders, e) != 0))
		return -1;
	if (res->customers.already[0])
		todo->customers = NULL;
	if (res->orders.already[0])
		todo->orders = NULL;
	return 0;
}

int
import_run(struct db *db, const struct import_opts *o, struct import_result *res,
           struct err *e)
{
	struct err reader_err = {0};
	struct import_ctx x = {.db = db, .o = o, .res = res, .e = e, .pe = &reader_err};
	double t0 = now_seconds();
	long long ncust = 0;
	struct import_opts todo;
	struct metrics_job *mjob = NULL;
	char *options = NULL;
	bool bulk, fk_off;

	memset(res, 0, sizeof *res);
	import_phase(NULL, NULL);
	if (o->customers == NULL && o->orders == NULL)
		return err_set(e, EXIT_USAGE,
		               _("nothing to import: give --customers FILE and/or --orders FILE"));
	if ((o->customers != NULL && check_readable(o->customers, e) != 0) ||
	    (o->orders != NULL && check_readable(o->orders, e) != 0))
		return -1;
	if ((options = import_read_options(o)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	x.options = options;
	/* A file imported before, byte for byte and read the same way, is
	 * left alone: the summary says when. Asked before the base is held,
	 * so that such a file never waits for another import. */
	todo = *o;
	if (skip_imported(db, &todo, options, res, e) != 0)
		goto fail_nobegin;
	if (todo.customers == NULL && todo.orders == NULL && o->as_of == NULL) {
		/* Every file was imported before: nothing to write. */
		if (metrics_reference_date(db, res->ref_date, e) != 0)
			goto fail_nobegin;
		goto done;
	}
	/* An estimate, for the choice of a bulk import: counted again once
	 * the base is held. */
	if (db_query_int64(db, "SELECT count(*) FROM customers", &ncust, e) != 0)
		goto fail_nobegin;
	bulk = bulk_import(&todo, ncust);
	if (bulk) {
		journal_mode(db, "DELETE");
		memory_map(db, true);
	}
	fk_off = foreign_keys(db, false);
	if (db_begin(db, e) != 0) {
		restore(db, bulk, fk_off);
		goto fail_nobegin;
	}
	/* And again once it is held: an import of the same file may have
	 * committed while this one waited. */
	if (skip_imported(db, &todo, options, res, e) != 0)
		goto fail;
	if (todo.customers == NULL && todo.orders == NULL && o->as_of == NULL) {
		db_rollback(db);
		restore(db, bulk, fk_off);
		if (metrics_reference_date(db, res->ref_date, e) != 0)
			goto fail_nobegin;
		goto done;
	}
	/* The customers and the catalog are read inside the write transaction:
	 * another import may have added customers or a field while this one
	 * waited for the base. A base taken for empty would load no lookups
	 * and import its customers a second time. */
	if (db_query_int64(db, "SELECT count(*) FROM customers", &ncust, e) != 0 ||
	    fields_load(db, &x.cat, e) != 0 || import_lookups_load(&x, ncust) != 0 ||
	    (bulk && indexes_drop(&x) != 0))
		goto fail;
	/* Into a base without customers, those written are kept for the
	 * metrics as they go (not read back from the table). */
	if (x.fresh && (x.mcust = metrics_customers_new()) == NULL) {
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto fail;
	}
	import_phase("lookups", NULL);
	if ((o->as_of != NULL && db_meta_set(db, "as_of", o->as_of, e) != 0) ||
	    values_begin(&x) != 0)
		goto fail;
	if (engine_bulk_begin(db, ENGINE_GEN_BOTH, e) != 0)
		goto fail;
	if (todo.customers != NULL && import_file(&x, o->customers, &res->customers) != 0)
		goto fail;
	if (todo.orders != NULL && import_file(&x, o->orders, &res->orders) != 0)
		goto fail;
	/* With the orders listed as they were written, the metrics are
	 * computed on a thread of their own while this connection builds
	 * the indexes (the customers they read are not changed after this:
	 * the places are names, the problems another table). */
	if (x.morders != NULL && metrics_job_start(db, x.morders, x.mcust, &mjob, e) != 0)
		goto fail;
	import_phase("m-read", NULL);
	if (bulk && indexes_create(&x) != 0)
		goto fail;
	import_phase("indexes", NULL);
	if (import_merge_places(&x, "city", x.city_count) != 0 ||
	    import_merge_places(&x, "region", x.region_count) != 0)
		goto fail;
	if (res->problems_total > 0 && !o->skip_bad) {
		err_set(e, EXIT_DATAERR,
		        P_("%lld bad row: nothing was imported (fix them, or pass --skip-bad to "
		           "import the good rows and record the bad ones)",
		           "%lld bad rows: nothing was imported (fix them, or pass --skip-bad to "
		           "import the good rows and record the bad ones)",
		           res->problems_total),
		        res->problems_total);
		goto fail;
	}
	if (save_problems(&x) != 0)
		goto fail;
	import_phase("places", NULL);
	{
		struct import_progress ip = {"", "metrics", 0, 0, 0};

		if (o->progress != NULL)
			o->progress(o->progress_ctx, &ip);
	}
	if ((mjob != NULL ? metrics_job_finish(db, mjob, e) : metrics_recompute_with(db, x.morders, e)) !=
	            0 ||
	    metrics_reference_date(db, res->ref_date, e) != 0 ||
	    engine_bulk_end(db, ENGINE_GEN_BOTH, e) != 0)
		goto fail;
	import_phase("metrics", NULL);
	if (o->dry_run) {
		db_rollback(db);
	} else if (db_commit(db, e) != 0) {
		goto fail;
	}
	metrics_job_free(db, &mjob);
	restore(db, bulk, fk_off);
	import_phase("commit", NULL);
	if (!o->dry_run) {
		engine_warm(db);
		import_phase("columns", NULL);
	}
done:
	import_lookups_free(&x);
	values_end(&x);
	fields_free(&x.cat);
	free(x.scratch);
	free(options);
	res->seconds = now_seconds() - t0;
	return 0;
fail:
	db_rollback(db);
	metrics_job_free(db, &mjob);
	restore(db, bulk, fk_off);
fail_nobegin:
	import_lookups_free(&x);
	values_end(&x);
	fields_free(&x.cat);
	free(x.scratch);
	free(options);
	res->seconds = now_seconds() - t0;
	return -1;
}

void
import_result_free(struct import_result *res)
{
	size_t i;

	for (i = 0; i < res->nproblems; i++) {
		free(res->problems[i].file);
		free(res->problems[i].reason);
	}
	free(res->problems);
	for (i = 0; i < res->nmerged_places; i++)
		free(res->merged_places[i]);
	free(res->merged_places);
	for (i = 0; i < res->ncustom_fields; i++)
		free(res->custom_fields[i]);
	free(res->custom_fields);
	for (i = 0; i < res->nnotes; i++)
		free(res->notes[i]);
	free(res->notes);
	free(res->customers.file);
	free(res->orders.file);
	memset(res, 0, sizeof *res);
}
