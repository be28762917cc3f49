/* The engine's columns kept in the base (engine/cache.c): a column read
 * back from engine_cache while meta's data_gen holds, and never once it
 * moved: after a hand edit, a re-import, a metrics recompute, an undo and
 * a write by another program (a bare SQLite connection, as the sqlite3
 * shell writes). A tag moves no generation (tags are not kept). A blob
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
ok(struct fixture *f, int rc)
{
	if (rc != 0)
		fail_msg("%s", f->e.msg);
}

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

/* How many columns of the cache are of the generation now. */
static long long
fresh(struct fixture *f)
{
	return th_int(f->db, "SELECT count(*) FROM engine_cache WHERE name != 'ids' AND gen = "
	                     "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'data_gen')");
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

	g = gen(f);
	th_exec(f->db, "UPDATE customer_metrics SET spent = 0");
	assert_true(gen(f) > g);
	check(f, "after a write to the metrics");
	g = gen(f);
	ok(f, metrics_recompute(f->db, &f->e));
	assert_true(gen(f) > g);
	check(f, "after a metrics recompute");

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

/* A bulk writer: the triggers gone inside its transaction, the stamp
 * moved once at its end; a rollback puts back both. */
static void
test_bulk(void **state)
{
	struct fixture *f = *state;
	long long g = gen(f);
	const char *triggers = "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'";

	ok(f, db_begin(f->db, &f->e));
	ok(f, engine_bulk_begin(f->db, &f->e));
	assert_int_equal(th_int(f->db, triggers), 0);
	th_exec(f->db, "UPDATE customers SET city = 'Омск'");
	assert_int_equal(gen(f), g);
	ok(f, engine_bulk_end(f->db, &f->e));
	assert_int_equal(th_int(f->db, triggers), 6);
	assert_int_equal(gen(f), g + 1);
	db_rollback(f->db);
	assert_int_equal(gen(f), g);
	assert_int_equal(th_int(f->db, triggers), 6);
	ok(f, db_begin(f->db, &f->e));
	ok(f, engine_bulk_begin(f->db, &f->e));
	db_rollback(f->db);
	assert_int_equal(th_int(f->db, triggers), 6);
	th_exec(f->db, "UPDATE customers SET city = 'Омск' WHERE id = 1");
	assert_int_equal(gen(f), g + 1);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
