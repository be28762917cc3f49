/* The engine's columns kept in the base (engine/cache.c): a column read
 * back from engine_cache while the generations of its tables hold (meta's
 * data_gen for customers, metrics_gen for customer_metrics), and never
 * once one moved: after a hand edit, a re-import, a metrics recompute, an
 * undo and a write by another program (a bare SQLite connection, as the
 * sqlite3 shell writes). A change of the metrics alone keeps the
 * customers' columns, in the cache and in an engine's memory. A tag moves no generation (tags are not kept). A blob
 * that does not read back whole (a flipped byte, another format version,
 * a truncated one) is ignored and written again; so is the cache of a base
 * whose triggers are gone. A deferred engine (the counter's) answers at
 * once from what the base keeps. Each answer is checked against SQL's. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "customer.h"
#include "db.h"
#include "engine/engine.h"
#include "import/import.h"
#include "metrics.h"
#include "query.h"
#include "tag.h"
#include "undo.h"

struct fixture {
	char *dir;
	struct db *db;
	struct err e;
};

static const char customers_csv[] =
	"id,email,city,lead_score,birth_date\n"
	"c1,a@x.ru,Москва,10,1990-05-06\n"
	"c2,b@x.ru,МОСКВА,20,\n"
	"c3,,Тверь,,1985-01-02\n"
	"c4,d@x.ru,,5.5,2001-12-31\n"
	"c5,e@x.ru,Омск,30,\n";

static const char orders_csv[] =
	"order_id,customer_id,date,amount\n"
	"o1,c1,2024-01-10,100\n"
	"o2,c1,2024-02-10,250\n"
	"o3,c2,2024-03-01,40\n";

static const char *const rules[] = {
	"city = москва", "city is empty", "lead_score > 8", "email is not empty",
	"orders >= 1",   "spent > 50",    "birth_date before 1990-01-01",
};
#define NRULES (sizeof rules / sizeof rules[0])

static void
ok_at(struct fixture *f, int rc, int line)
{
	if (rc != 0)
		fail_msg("line %d: %d %s", line, rc, f->e.msg);
}
#define ok(f, rc) ok_at((f), (rc), __LINE__)

static int
import_csv(struct fixture *f, const char *name, const char *csv, bool orders)
{
	return th_import(f->db, f->dir, name, csv, orders, &f->e);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb("engine-cache", &f->dir);
	ok(f, import_csv(f, "customers.csv", customers_csv, false));
	ok(f, import_csv(f, "orders.csv", orders_csv, true));
	/* the writer's own counts are SQL's: the reference */
	engine_disable(f->db);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	th_closedb(&f->db, &f->dir);
	free(f);
	return 0;
}

static long long
gen(struct fixture *f)
{
	return th_int(f->db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'data_gen'");
}

static long long
mgen(struct fixture *f)
{
	return th_int(f->db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'metrics_gen'");
}

/* Counts every rule on a new read-only connection (a new process, as
 * `clientele count` is) through its engine; each equals SQL's. Returns
 * how many columns that engine read in all. */
static size_t
check(struct fixture *f, const char *when)
{
	struct db *rd = NULL;
	size_t i, loaded;

	ok(f, db_open(&rd, db_path(f->db), DB_READONLY, &f->e));
	for (i = 0; i < NRULES; i++) {
		struct segment_compiler *sc = NULL;
		struct rule *r = NULL;
		long long sql, n = -1;

		ok(f, rule_count(f->db, rules[i], &sql, &f->e));
		ok(f, rule_parse(rules[i], &r, &f->e));
		ok(f, segment_compiler_open(rd, &sc, &f->e));
		if (engine_count(engine_of(rd), sc, -1, r, &n, &f->e) != 0)
			fail_msg("%s: \"%s\": the engine did not answer: %s", when, rules[i], f->e.msg);
		if (n != sql)
			fail_msg("%s: \"%s\": SQL %lld, engine %lld", when, rules[i], sql, n);
		segment_compiler_close(&sc);
		rule_free(&r);
	}
	loaded = engine_loaded(engine_of(rd));
	db_close(&rd);
	return loaded;
}

#define FRESH                                                                                   \
	"gen = (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'data_gen') AND (mgen IS NULL " \
	"OR mgen = (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'metrics_gen'))"

/* How many columns of the cache are of the generations now. */
static long long
fresh(struct fixture *f)
{
	return th_int(f->db, "SELECT count(*) FROM engine_cache WHERE name != 'ids' AND " FRESH);
}

/* Column name is in the cache, of the generations now. */
static bool
fresh_col(struct fixture *f, const char *name)
{
	char sql[512];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM engine_cache WHERE name = '%s' AND " FRESH,
	         name);
	return th_int(f->db, sql) == 1;
}

/* A write by another program, on a bare connection. */
static void
shell(struct fixture *f, const char *sql)
{
	sqlite3 *h;

	assert_int_equal(sqlite3_open(db_path(f->db), &h), SQLITE_OK);
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(h));
	sqlite3_close(h);
}

/* A column written once is read back: the proof is a change made behind
 * the triggers' back (dropped and put back, the generation kept), which
 * the engine then does not see. */
static void
test_fresh(void **state)
{
	struct fixture *f = *state;
	struct db *rd = NULL;
	long long n;

	assert_int_equal(fresh(f), 0);
	check(f, "first");
	assert_true(fresh(f) >= 5);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM engine_cache WHERE name = 'ids'"), 1);
	shell(f, "DROP TRIGGER gen_customers_upd;"
	         "UPDATE customers SET city = 'Москва' WHERE id = 3;"
	         "CREATE TRIGGER gen_customers_upd AFTER UPDATE ON customers BEGIN UPDATE meta SET "
	         "value = CAST(value AS INTEGER) + 1 WHERE key = 'data_gen'; END;");
	ok(f, db_open(&rd, db_path(f->db), DB_READONLY, &f->e));
	ok(f, engine_count_text(rd, NULL, "city = москва", &n, &f->e));
	assert_int_equal(n, 2); /* from the cache: SQL says 3 */
	db_close(&rd);
}

/* After each kind of write, the generation moved and what is read is the
 * base's again; the cache is written at the new generation. */
static void
test_stale(void **state)
{
	struct fixture *f = *state;
	long long g, changed;
	char *label = NULL;

	check(f, "first");
	g = gen(f);
	ok(f, tag_add(f->db, "vip", &(struct tag_target){.rule = "city = москва"}, &changed,
	              &f->e));
	assert_int_equal(gen(f), g);
	check(f, "after a tag");

	ok(f, customer_edit(f->db, 3, "city", "москва", &f->e));
	assert_true(gen(f) > g);
	assert_int_equal(fresh(f), 0);
	check(f, "after a hand edit");
	assert_true(fresh(f) >= 5);

	g = gen(f);
	ok(f, undo_last(f->db, &label, &f->e));
	free(label);
	assert_true(gen(f) > g);
	check(f, "after undo");

	g = gen(f);
	ok(f, import_csv(f, "again.csv", "id,email,city,lead_score\nc2,b@x.ru,Омск,1\nc7,g@x.ru,"
	                                 "Москва,40\n",
	                 false));
	assert_true(gen(f) > g);
	/* the import wrote again the columns the cache held */
	assert_true(fresh(f) >= 5);
	check(f, "after a re-import");

	g = gen(f);
	ok(f, import_csv(f, "orders2.csv", "order_id,customer_id,date,amount\no9,c7,2024-03-02,70\n",
	                 true));
	assert_true(gen(f) > g);
	check(f, "after more orders");

	g = mgen(f);
	th_exec(f->db, "UPDATE customer_metrics SET spent = 0");
	assert_true(mgen(f) > g);
	check(f, "after a write to the metrics");
	g = mgen(f);
	ok(f, metrics_recompute(f->db, &f->e));
	assert_true(mgen(f) > g);
	check(f, "after a metrics recompute");
	g = mgen(f);
	shell(f, "UPDATE customer_metrics SET orders = 0 WHERE customer_id = 2");
	assert_true(mgen(f) > g);
	check(f, "after an UPDATE of the metrics by another program");
	g = mgen(f);
	shell(f, "DELETE FROM customer_metrics WHERE customer_id = 1");
	assert_true(mgen(f) > g);
	check(f, "after a DELETE of the metrics by another program");

	g = gen(f);
	shell(f, "UPDATE customers SET lead_score = 100 WHERE id = 4");
	assert_true(gen(f) > g);
	check(f, "after an UPDATE by another program");
	g = gen(f);
	shell(f, "DELETE FROM customers WHERE id = 1");
	assert_true(gen(f) > g);
	check(f, "after a DELETE by another program");
	g = gen(f);
	shell(f, "INSERT INTO customers(ext_id, city) VALUES ('c9', 'Москва')");
	assert_true(gen(f) > g);
	check(f, "after an INSERT by another program");
}

/* Rewrites one byte of the blob of column name at offset at (from the
 * end when negative), or cuts it to its first len bytes (at == 0). */
static void
spoil(struct fixture *f, const char *name, long at, unsigned char byte, int len)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	unsigned char *p;
	int n;

	assert_int_equal(sqlite3_open(db_path(f->db), &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT data FROM engine_cache WHERE name = ?1", -1,
	                                    &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_bytes(st, 0);
	p = malloc((size_t)n);
	memcpy(p, sqlite3_column_blob(st, 0), (size_t)n);
	sqlite3_finalize(st);
	if (at != 0)
		p[at > 0 ? at : n + at] = byte;
	else
		n = len;
	assert_int_equal(sqlite3_prepare_v2(h, "UPDATE engine_cache SET data = ?1 WHERE name = ?2",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_blob(st, 1, p, n, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
	free(p);
}

static void
test_corrupt(void **state)
{
	struct fixture *f = *state;
	unsigned char *good;
	long long len;

	check(f, "first");
	len = th_int(f->db, "SELECT length(data) FROM engine_cache WHERE name = 'city'");
	good = (unsigned char *)th_text(f->db, "SELECT hex(data) FROM engine_cache WHERE name = 'city'");
	/* a code past its dictionary's end, a flag, the format version, the
	 * row numbers, a cut blob: each ignored, the answers right, and the
	 * blob written again whole */
	spoil(f, "city", -3, 0x7f, 0);
	check(f, "a code spoilt");
	spoil(f, "lead_score", -1, 0x03, 0);
	check(f, "a flag spoilt");
	spoil(f, "city", 4, 99, 0);
	check(f, "another format version");
	spoil(f, "ids", -1, 0x55, 0);
	check(f, "the row numbers spoilt");
	spoil(f, "email", 0, 0, 10);
	check(f, "a blob cut short");
	assert_int_equal(th_int(f->db, "SELECT length(data) FROM engine_cache WHERE name = 'city'"),
	                 len);
	{
		char *now = th_text(f->db, "SELECT hex(data) FROM engine_cache WHERE name = 'city'");

		assert_string_equal(now, (char *)good);
		free(now);
	}
	free(good);
}

/* The counter's way (a deferred engine, as the interface opens it): the
 * columns the base keeps answer the first count at once; those it does
 * not, SQL answers until engine_refresh has built them, which also keeps
 * them for the next process. */
static void
test_deferred(void **state)
{
	struct fixture *f = *state;
	struct db *cd = NULL;
	long long n, sql;

	check(f, "first");
	ok(f, db_open(&cd, db_path(f->db), DB_READONLY, &f->e));
	engine_defer(cd);
	ok(f, engine_count_text(cd, NULL, "city = москва", &n, &f->e));
	assert_int_equal(n, 2);
	assert_int_equal(engine_refresh(cd, &f->e), 0);
	/* a field not kept yet */
	assert_int_equal(engine_count_text(cd, NULL, "gender is empty", &n, &f->e), ENGINE_FALLBACK);
	assert_int_equal(engine_refresh(cd, &f->e), 1);
	ok(f, engine_count_text(cd, NULL, "gender is empty", &n, &f->e));
	ok(f, rule_count(f->db, "gender is empty", &sql, &f->e));
	assert_int_equal(n, sql);
	db_close(&cd);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM engine_cache WHERE name = 'gender'"), 1);
	/* a change of the data: SQL again until the columns are built anew */
	ok(f, customer_edit(f->db, 2, "city", "Омск", &f->e));
	ok(f, db_open(&cd, db_path(f->db), DB_READONLY, &f->e));
	engine_defer(cd);
	assert_int_equal(engine_count_text(cd, NULL, "city = москва", &n, &f->e), ENGINE_FALLBACK);
	assert_int_equal(engine_refresh(cd, &f->e), 1);
	ok(f, engine_count_text(cd, NULL, "city = москва", &n, &f->e));
	assert_int_equal(n, 1);
	db_close(&cd);
}

/* Without its triggers a base's cache is not believed: a write they did
 * not see would go unnoticed. */
static void
test_no_triggers(void **state)
{
	struct fixture *f = *state;
	struct db *rd = NULL;
	long long n;

	check(f, "first");
	shell(f, "DROP TRIGGER gen_customers_upd; UPDATE customers SET city = 'Москва' WHERE id = 3");
	ok(f, db_open(&rd, db_path(f->db), DB_READONLY, &f->e));
	ok(f, engine_count_text(rd, NULL, "city = москва", &n, &f->e));
	assert_int_equal(n, 3);
	db_close(&rd);
}

/* A bulk writer: the triggers of the stamps it moves gone inside its
 * transaction, each stamp moved once at its end; a rollback puts back
 * all. The metrics recompute's way moves metrics_gen alone, and a write
 * to customers inside it still moves data_gen. */
static void
test_bulk(void **state)
{
	struct fixture *f = *state;
	long long g = gen(f), mg = mgen(f);
	const char *triggers = "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'";

	ok(f, db_begin(f->db, &f->e));
	ok(f, engine_bulk_begin(f->db, ENGINE_GEN_BOTH, &f->e));
	assert_int_equal(th_int(f->db, triggers), 0);
	th_exec(f->db, "UPDATE customers SET city = 'Омск'");
	th_exec(f->db, "UPDATE customer_metrics SET orders = 7");
	assert_int_equal(gen(f), g);
	assert_int_equal(mgen(f), mg);
	ok(f, engine_bulk_end(f->db, ENGINE_GEN_BOTH, &f->e));
	assert_int_equal(th_int(f->db, triggers), 6);
	assert_int_equal(gen(f), g + 1);
	assert_int_equal(mgen(f), mg + 1);
	db_rollback(f->db);
	assert_int_equal(gen(f), g);
	assert_int_equal(mgen(f), mg);
	assert_int_equal(th_int(f->db, triggers), 6);
	ok(f, db_begin(f->db, &f->e));
	ok(f, engine_bulk_begin(f->db, ENGINE_GEN_BOTH, &f->e));
	db_rollback(f->db);
	assert_int_equal(th_int(f->db, triggers), 6);
	th_exec(f->db, "UPDATE customers SET city = 'Омск' WHERE id = 1");
	assert_int_equal(gen(f), g + 1);
	assert_int_equal(mgen(f), mg);

	g = gen(f);
	ok(f, db_begin(f->db, &f->e));
	ok(f, engine_bulk_begin(f->db, ENGINE_GEN_METRICS, &f->e));
	assert_int_equal(th_int(f->db, triggers), 3);
	th_exec(f->db, "UPDATE customer_metrics SET orders = 7");
	assert_int_equal(mgen(f), mg);
	th_exec(f->db, "UPDATE customers SET city = 'Тверь' WHERE id = 2");
	assert_int_equal(gen(f), g + 1);
	ok(f, engine_bulk_end(f->db, ENGINE_GEN_METRICS, &f->e));
	assert_int_equal(th_int(f->db, triggers), 6);
	assert_int_equal(mgen(f), mg + 1);
	assert_int_equal(gen(f), g + 1);
	ok(f, db_commit(f->db, &f->e));
}

/* A hidden edit of customers (behind the triggers' back: dropped and put
 * back, the generation kept), which only a column built again would see. */
static void
hide(struct fixture *f, const char *sql)
{
	char buf[1024];

	snprintf(buf, sizeof buf,
	         "DROP TRIGGER gen_customers_upd; %s;"
	         "CREATE TRIGGER gen_customers_upd AFTER UPDATE ON customers BEGIN UPDATE meta SET "
	         "value = CAST(value AS INTEGER) + 1 WHERE key = 'data_gen'; END;",
	         sql);
	shell(f, buf);
}

/* A metrics recompute (and a write of the metrics by another program)
 * leaves the customers' columns and the row numbers of the cache fresh:
 * the next process reads them back (a hidden edit it does not see) while
 * the metrics' columns are built again (and right: orders added behind
 * the metrics' back change them); engine_warm rebuilds only those. */
static void
test_metrics_only(void **state)
{
	struct fixture *f = *state;
	struct db *rd = NULL;
	long long g, mg, n, sql, ids;

	check(f, "first");
	ok(f, db_open(&rd, db_path(f->db), DB_READONLY, &f->e));
	ok(f, engine_count_text(rd, NULL, "gender is empty", &n, &f->e));
	assert_int_equal(n, 5);
	db_close(&rd);
	assert_true(fresh_col(f, "gender"));
	hide(f, "UPDATE customers SET gender = 'f' WHERE id = 1");
	ids = th_int(f->db, "SELECT rowid FROM engine_cache WHERE name = 'ids'");

	/* an order the metrics do not count yet */
	th_exec(f->db, "INSERT INTO orders(key, customer_id, date, amount) VALUES ('o7', 3, "
	               "'2024-03-05', 500)");
	g = gen(f);
	mg = mgen(f);
	ok(f, metrics_recompute(f->db, &f->e));
	assert_int_equal(gen(f), g);
	assert_true(mgen(f) > mg);
	assert_true(fresh_col(f, "city"));
	assert_true(fresh_col(f, "email"));
	assert_true(fresh_col(f, "lead_score"));
	assert_true(fresh_col(f, "gender"));
	assert_true(fresh_col(f, "ids"));
	assert_false(fresh_col(f, "orders"));
	assert_false(fresh_col(f, "spent"));
	/* engine_warm (what `clientele metrics` does next) builds the
	 * metrics' columns again, not the customers' */
	engine_warm(f->db);
	assert_true(fresh_col(f, "orders"));
	assert_true(fresh_col(f, "spent"));
	assert_int_equal(th_int(f->db, "SELECT rowid FROM engine_cache WHERE name = 'ids'"), ids);
	ok(f, db_open(&rd, db_path(f->db), DB_READONLY, &f->e));
	ok(f, engine_count_text(rd, NULL, "gender is empty", &n, &f->e));
	assert_int_equal(n, 5); /* from the cache: SQL says 4 */
	db_close(&rd);
	ok(f, rule_count(f->db, "gender is empty", &sql, &f->e));
	assert_int_equal(sql, 4);
	/* the metrics' answers are the new ones */
	ok(f, rule_count(f->db, "orders >= 1", &sql, &f->e));
	assert_int_equal(sql, 3);
	check(f, "after a metrics recompute");

	/* the sqlite3 shell writing the metrics: the same */
	shell(f, "UPDATE customer_metrics SET spent = 1000 WHERE customer_id = 4");
	assert_int_equal(gen(f), g);
	assert_true(fresh_col(f, "city"));
	assert_false(fresh_col(f, "spent"));
	check(f, "after the shell's UPDATE of the metrics");
	ok(f, db_open(&rd, db_path(f->db), DB_READONLY, &f->e));
	ok(f, engine_count_text(rd, NULL, "gender is empty", &n, &f->e));
	assert_int_equal(n, 5);
	db_close(&rd);

	/* a write to customers: every column stale, both kinds */
	ok(f, customer_edit(f->db, 2, "lead_score", "21", &f->e));
	assert_true(gen(f) > g);
	assert_int_equal(fresh(f), 0);
	assert_false(fresh_col(f, "ids"));
	ok(f, db_open(&rd, db_path(f->db), DB_READONLY, &f->e));
	ok(f, engine_count_text(rd, NULL, "gender is empty", &n, &f->e));
	assert_int_equal(n, 4);
	db_close(&rd);
	check(f, "after a hand edit");
}

/* An engine kept open (the interface's): a change of the metrics drops
 * their columns and keeps the customers' and the row numbers in memory;
 * a change of customers drops everything. A deferred engine (the
 * counter's) reads the metrics' again and keeps the customers'. */
static void
test_memory(void **state)
{
	struct fixture *f = *state;
	struct db *rd = NULL, *cd = NULL;
	struct engine *en;
	long long n, sql;

	ok(f, db_open(&rd, db_path(f->db), DB_READONLY, &f->e));
	en = engine_of(rd);
	ok(f, engine_count_text(rd, NULL, "city = москва", &n, &f->e));
	ok(f, engine_count_text(rd, NULL, "orders >= 1", &n, &f->e));
	assert_int_equal(n, 2);
	assert_int_equal(engine_loaded(en), 2);
	ok(f, db_open(&cd, db_path(f->db), DB_READONLY, &f->e));
	engine_defer(cd);
	/* both kept by rd's answers */
	ok(f, engine_count_text(cd, NULL, "city = москва", &n, &f->e));
	ok(f, engine_count_text(cd, NULL, "orders >= 1", &n, &f->e));

	hide(f, "UPDATE customers SET city = 'Москва' WHERE id = 3");
	th_exec(f->db, "INSERT INTO orders(key, customer_id, date, amount) VALUES ('o7', 3, "
	               "'2024-03-05', 500)");
	ok(f, metrics_recompute(f->db, &f->e));
	assert_int_equal(engine_sync(en, &f->e), 1);
	assert_int_equal(engine_loaded(en), 1); /* city stays, orders went */
	ok(f, engine_count_text(rd, NULL, "orders >= 1", &n, &f->e));
	assert_int_equal(n, 3);
	ok(f, engine_count_text(rd, NULL, "city = москва", &n, &f->e));
	assert_int_equal(n, 2); /* the column held: SQL says 3 */
	/* the counter's: SQL until a refresh has read orders again, and
	 * city still the column held */
	assert_int_equal(engine_count_text(cd, NULL, "orders >= 1", &n, &f->e), ENGINE_FALLBACK);
	assert_int_equal(engine_refresh(cd, &f->e), 1);
	ok(f, engine_count_text(cd, NULL, "orders >= 1", &n, &f->e));
	assert_int_equal(n, 3);
	ok(f, engine_count_text(cd, NULL, "city = москва", &n, &f->e));
	assert_int_equal(n, 2);

	ok(f, customer_edit(f->db, 5, "city", "Тверь", &f->e));
	assert_int_equal(engine_sync(en, &f->e), 1);
	assert_int_equal(engine_loaded(en), 0);
	ok(f, engine_count_text(rd, NULL, "city = москва", &n, &f->e));
	ok(f, rule_count(f->db, "city = москва", &sql, &f->e));
	assert_int_equal(n, sql);
	assert_int_equal(n, 3);
	db_close(&cd);
	db_close(&rd);
}

/* A base of the first schema 7 (one stamp, moved by the metrics too)
 * migrates to two: the triggers on customer_metrics move metrics_gen, and
 * its cache (rows without their metrics stamp) is emptied. */
static void
test_migrate_7(void **state)
{
	struct fixture *f = *state;
	long long g, mg;
	char *path;

	check(f, "first");
	th_exec(f->db,
	        "DROP TRIGGER gen_metrics_ins; DROP TRIGGER gen_metrics_upd; DROP TRIGGER "
	        "gen_metrics_del; DROP TABLE engine_cache; DELETE FROM meta WHERE key = 'metrics_gen';"
	        "CREATE TABLE engine_cache (name TEXT PRIMARY KEY, gen INTEGER NOT NULL, data BLOB "
	        "NOT NULL);"
	        "INSERT INTO engine_cache VALUES ('city', 1, x'00');"
	        "CREATE TRIGGER gen_metrics_upd AFTER UPDATE ON customer_metrics BEGIN UPDATE meta SET "
	        "value = CAST(value AS INTEGER) + 1 WHERE key = 'data_gen'; END;"
	        "PRAGMA user_version = 7");
	path = strdup(db_path(f->db));
	db_close(&f->db);
	ok(f, db_open(&f->db, path, 0, &f->e));
	free(path);
	assert_int_equal(th_int(f->db, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM engine_cache"), 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"),
	                 6);
	g = gen(f);
	mg = mgen(f);
	shell(f, "UPDATE customer_metrics SET orders = 0 WHERE customer_id = 1");
	assert_int_equal(gen(f), g);
	assert_int_equal(mgen(f), mg + 1);
	engine_disable(f->db);
	check(f, "after the migration");
	assert_true(fresh_col(f, "city"));
	assert_true(fresh_col(f, "orders"));
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM engine_cache WHERE name = 'city' AND "
	                               "mgen IS NULL"),
	                 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deferred, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_triggers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_metrics_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_7, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
