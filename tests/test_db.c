/* Tests of the database layer: creation, permissions, migrations, nested
 * transactions, the statement cache, settings and the reference date;
 * foreign databases, new bases built aside, bases in memory. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "db.h"
#include "metrics.h"

static void
test_new_file_is_private_and_migrated(void **state)
{
	struct err e = {0};
	struct db *db = NULL;
	char *dir = th_tmpdir("db-new"), *path = th_path(dir, "x.db"), *mode;
	struct stat st;

	(void)state;
	assert_int_equal(db_open(&db, path, DB_CREATE, &e), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(th_int(db, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	assert_int_equal(th_int(db, "PRAGMA foreign_keys"), 1);
	mode = th_text(db, "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	free(mode);
	assert_true(th_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('customers',"
	                       "'orders','customer_metrics','tags','customer_tags','segments',"
	                       "'segment_members','segment_counts','imports','import_errors',"
	                       "'undo_log','fields','hand_edits','meta')") == 14);
	db_close(&db);
	assert_null(db);
	/* Reopening does not migrate again and keeps the data. */
	assert_int_equal(db_open(&db, path, 0, &e), 0);
	assert_int_equal(th_int(db, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	db_close(&db);
	th_rmtree(dir);
	free(dir);
	free(path);
}

static void
test_missing_file_without_create(void **state)
{
	struct err e = {0};
	struct db *db = NULL;

	(void)state;
	assert_int_equal(db_open(&db, "tests/tmp/no/such/base.db", 0, &e), -1);
	assert_int_equal(e.code, EXIT_NOINPUT);
	assert_non_null(strstr(e.msg, "no/such/base.db"));
	assert_null(db);
}

static void
test_not_a_database(void **state)
{
	struct err e = {0};
	struct db *db = NULL;
	char *dir = th_tmpdir("db-notdb"), *path = th_path(dir, "x.db");

	(void)state;
	th_write(path, "id,email\n1,a@b.cd\nthis is a CSV, not a base\n", (size_t)-1);
	assert_int_equal(db_open(&db, path, 0, &e), -1);
	assert_int_equal(e.code, EXIT_DATAERR);
	assert_non_null(strstr(e.msg, "not a clientele base"));
	th_rmtree(dir);
	free(dir);
	free(path);
}

static void
test_newer_schema_refused(void **state)
{
	struct err e = {0};
	struct db *db;
	char *dir, *path;
	sqlite3 *h;

	(void)state;
	db = th_newdb("db-newer", &dir);
	path = strdup(db_path(db));
	db_close(&db);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(db_open(&db, path, 0, &e), -1);
	assert_non_null(strstr(e.msg, "newer clientele"));
	th_rmtree(dir);
	free(dir);
	free(path);
}

/* A base written by the first release (schema 1) is brought up to date
 * on open, its data kept. */
static void
test_older_schema_migrated(void **state)
{
	struct err e = {0};
	struct db *db;
	char *dir, *path;
	sqlite3 *h;

	(void)state;
	db = th_newdb("db-older", &dir);
	path = strdup(db_path(db));
	db_close(&db);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "DROP TABLE undo_rows; DROP TABLE customer_keys;"
	                                 "DROP TABLE engine_cache; DROP TRIGGER gen_customers_ins;"
	                                 "DROP TRIGGER gen_customers_upd; DROP TRIGGER gen_customers_del;"
	                                 "DROP TRIGGER gen_metrics_ins; DROP TRIGGER gen_metrics_upd;"
	                                 "DROP TRIGGER gen_metrics_del; DELETE FROM meta;"
	                                 "ALTER TABLE customer_metrics DROP COLUMN refunds;"
	                                 "ALTER TABLE imports DROP COLUMN options;"
	                                 "ALTER TABLE undo_log DROP COLUMN kind;"
	                                 "ALTER TABLE undo_log DROP COLUMN args;"
	                                 "ALTER TABLE customer_metrics DROP COLUMN value_speed;"
	                                 "ALTER TABLE customer_metrics DROP COLUMN lead_temp;"
	                                 "PRAGMA user_version = 1;"
	                                 "INSERT INTO customers(ext_id) VALUES ('kept')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(h);
	/* Even a read-only open migrates it. */
	assert_int_equal(db_open(&db, path, DB_READONLY, &e), 0);
	assert_int_equal(th_int(db, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	assert_int_equal(th_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'undo_rows'"), 1);
	assert_int_equal(th_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"), 6);
	assert_int_equal(th_int(db, "SELECT value FROM meta WHERE key = 'data_gen'"), 1);
	assert_int_equal(th_int(db, "SELECT count(*) FROM customers WHERE ext_id = 'kept'"), 1);
	db_close(&db);
	th_rmtree(dir);
	free(dir);
	free(path);
}

static void
test_nested_transactions(void **state)
{
	struct err e = {0};
	char *dir;
	struct db *db = th_newdb("db-tx", &dir);

	(void)state;
	assert_int_equal(db_begin(db, &e), 0);
	assert_int_equal(db_exec(db, "INSERT INTO customers(ext_id) VALUES ('outer')", &e), 0);
	assert_int_equal(db_begin(db, &e), 0);
	assert_int_equal(db_tx_depth(db), 2);
	assert_int_equal(db_exec(db, "INSERT INTO customers(ext_id) VALUES ('inner')", &e), 0);
	assert_int_equal(db_rollback(db), 0);
	assert_int_equal(db_tx_depth(db), 1);
	assert_int_equal(db_commit(db, &e), 0);
	assert_int_equal(db_tx_depth(db), 0);
	assert_int_equal(th_int(db, "SELECT count(*) FROM customers WHERE ext_id = 'outer'"), 1);
	assert_int_equal(th_int(db, "SELECT count(*) FROM customers WHERE ext_id = 'inner'"), 0);
	/* An outer rollback undoes everything. */
	assert_int_equal(db_begin(db, &e), 0);
	assert_int_equal(db_exec(db, "DELETE FROM customers", &e), 0);
	assert_int_equal(db_rollback(db), 0);
	assert_int_equal(th_int(db, "SELECT count(*) FROM customers"), 1);
	assert_int_equal(db_commit(db, &e), -1);
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

static void
test_cached_statements_and_errors(void **state)
{
	struct err e = {0};
	char *dir;
	struct db *db = th_newdb("db-cache", &dir);
	sqlite3_stmt *a, *b;

	(void)state;
	a = db_cached(db, "SELECT :x + 1", &e);
	assert_non_null(a);
	db_bind_int64(a, ":x", 41);
	assert_int_equal(db_step(db, a, &e), 1);
	assert_int_equal(sqlite3_column_int(a, 0), 42);
	assert_int_equal(db_step(db, a, &e), 0); /* done: no longer held */
	b = db_cached(db, "SELECT :x + 1", &e);
	assert_ptr_equal(a, b);
	/* Reset with bindings cleared: :x is NULL now. */
	assert_int_equal(db_step(db, b, &e), 1);
	assert_int_equal(sqlite3_column_type(b, 0), SQLITE_NULL);
	assert_null(db_cached(db, "SELECT nothing FROM nowhere", &e));
	assert_non_null(strstr(e.msg, "nowhere"));
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

/* A cached statement a caller is still stepping through is neither reset
 * under it by the next db_cached of the same SQL nor finalized to make
 * room: the caller finishes its rows, then gets it back. */
static void
test_cached_statement_held_by_a_caller(void **state)
{
	static const char sql[] =
	        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) "
	        "SELECT i * ?1 FROM n";
	struct err e = {0};
	char *dir, other[64];
	struct db *db = th_newdb("db-held", &dir);
	sqlite3_stmt *a, *b, *c, *held[8];
	int i;

	(void)state;
	assert_non_null(a = db_cached(db, sql, &e));
	assert_int_equal(db_bind_int64_at(a, 1, 10), 0);
	assert_int_equal(db_step(db, a, &e), 1);
	assert_int_equal(db_col_int64(a, 0), 10);
	/* Held: the same SQL gets a statement of its own. */
	assert_non_null(b = db_cached(db, sql, &e));
	assert_ptr_not_equal(a, b);
	assert_int_equal(db_bind_int64_at(b, 1, 100), 0);
	assert_int_equal(db_step(db, b, &e), 1);
	assert_int_equal(db_col_int64(b, 0), 100);
	/* Many other statements later, a is still there, where it was. */
	for (i = 0; i < 100; i++) {
		snprintf(other, sizeof other, "SELECT %d", i);
		assert_non_null(c = db_cached(db, other, &e));
		assert_int_equal(db_step(db, c, &e), 1);
		assert_int_equal(db_col_int(c, 0), i);
		db_release(c);
	}
	assert_int_equal(db_step(db, a, &e), 1);
	assert_int_equal(db_col_int64(a, 0), 20);
	assert_int_equal(db_step(db, a, &e), 1);
	assert_int_equal(db_col_int64(a, 0), 30);
	assert_int_equal(db_step(db, a, &e), 0);
	/* Run to its end, a is free again; b, released, too. */
	db_release(b);
	assert_ptr_equal(db_cached(db, sql, &e), a);
	assert_ptr_equal(db_cached(db, sql, &e), a);
	/* A caller that never gives its statement back is caught, not
	 * copied without end. */
	for (i = 0; i < 8; i++) {
		assert_non_null(held[i] = db_cached(db, sql, &e));
		assert_int_equal(db_step(db, held[i], &e), 1);
	}
	assert_null(db_cached(db, sql, &e));
	assert_non_null(strstr(e.msg, "held 8 times"));
	for (i = 0; i < 8; i++)
		db_release(held[i]);
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

/* Positional binds, the parameters of compiled rules, and column reads. */
static void
test_positional_binds_and_columns(void **state)
{
	struct err e = {0};
	char *dir, *s, buf[8] = "abc";
	struct db *db = th_newdb("db-binds", &dir);
	struct sql_param p[3] = {
		{.kind = SQLP_TEXT, .text = (char *)"ё"},
		{.kind = SQLP_INT, .i = 7},
		{.kind = SQLP_REAL, .d = 1.5},
	};
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(db_prepare(db, &st, "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8", &e), 0);
	assert_int_equal(db_bind_count(st), 8);
	assert_int_equal(db_bind_text_at(st, 1, NULL), 0);
	assert_int_equal(db_bind_static_at(st, 2, buf), 0);
	assert_int_equal(db_bind_textn_at(st, 3, "xyz", 1), 0);
	assert_int_equal(db_bind_double_at(st, 4, 2.25), 0);
	assert_int_equal(db_bind_params(st, p, 3, 5), 0);
	assert_int_equal(db_bind_null_at(st, 8), 0);
	assert_int_equal(db_bind_int64_at(st, 9, 1), -1); /* no ?9 */
	assert_int_equal(db_step(db, st, &e), 1);
	assert_true(db_col_null(st, 0));
	assert_null(db_col_text(st, 0));
	assert_null(db_col_strdup(st, 0));
	assert_string_equal(db_col_text(st, 1), "abc");
	assert_string_equal(db_col_text(st, 2), "x");
	assert_true(db_col_double(st, 3) == 2.25);
	s = db_col_strdup(st, 4);
	assert_string_equal(s, "ё");
	assert_int_equal(db_col_bytes(st, 4), 2);
	free(s);
	assert_int_equal(db_col_type(st, 5), SQLITE_INTEGER);
	assert_int_equal(db_col_int64(st, 5), 7);
	assert_true(db_col_double(st, 6) == 1.5);
	assert_true(db_col_null(st, 7));
	sqlite3_finalize(st);
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

static void
test_meta_and_reference_date(void **state)
{
	struct err e = {0};
	char *dir, *v = NULL, ref[11], today[11];
	struct db *db = th_newdb("db-meta", &dir);
	time_t now = time(NULL);
	struct tm tm;

	(void)state;
	assert_int_equal(db_meta_get(db, "as_of", &v, &e), 0);
	assert_null(v);
	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	assert_int_equal(metrics_reference_date(db, ref, &e), 0);
	assert_string_equal(ref, today);
	assert_int_equal(db_meta_set(db, "data_ref_date", "2011-12-10", &e), 0);
	assert_int_equal(metrics_reference_date(db, ref, &e), 0);
	assert_string_equal(ref, "2011-12-10");
	assert_int_equal(db_meta_set(db, "as_of", "2024-06-01", &e), 0);
	assert_int_equal(metrics_reference_date(db, ref, &e), 0);
	assert_string_equal(ref, "2024-06-01");
	assert_int_equal(db_meta_set(db, "as_of", NULL, &e), 0);
	assert_int_equal(metrics_reference_date(db, ref, &e), 0);
	assert_string_equal(ref, "2011-12-10");
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

static void
test_fold_function(void **state)
{
	char *dir, *s;
	struct db *db = th_newdb("db-fold", &dir);

	(void)state;
	s = th_text(db, "SELECT fold('МОСКВА Київ ÄBC')");
	assert_string_equal(s, "москва київ äbc");
	free(s);
	assert_null(th_text(db, "SELECT fold(NULL)"));
	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

/* Another program's database is refused before anything is written to
 * it: no schema objects added, its journal mode kept. */
static void
test_foreign_database_untouched(void **state)
{
	struct err e = {0};
	struct db *db = NULL;
	char *dir = th_tmpdir("db-foreign"), *path = th_path(dir, "app.db");
	sqlite3 *h;
	sqlite3_stmt *st;
	static const int flags[] = {0, DB_READONLY, DB_CREATE};
	size_t i;

	(void)state;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE notes(body TEXT); PRAGMA user_version = 1",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(h);
	for (i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		err_clear(&e);
		assert_int_equal(db_open(&db, path, flags[i], &e), -1);
		assert_null(db);
		assert_int_equal(e.code, EXIT_DATAERR);
		assert_non_null(strstr(e.msg, "another program's SQLite database"));
	}
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT (SELECT count(*) FROM sqlite_schema) || ' ' "
	                                       "|| (SELECT journal_mode FROM pragma_journal_mode)",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "1 delete");
	sqlite3_finalize(st);
	sqlite3_close(h);
	th_rmtree(dir);
	free(dir);
	free(path);
}

/* A new base is built under a temporary name and takes its name only if
 * no one took it meanwhile; thrown away, it leaves nothing behind. */
static void
test_create_new_and_publish(void **state)
{
	struct err e = {0};
	struct db *a = NULL, *b = NULL, *c = NULL;
	char *dir = th_tmpdir("db-publish"), *path = th_path(dir, "shop.db");
	struct stat st;

	(void)state;
	assert_int_equal(db_create_new(&a, path, &e), 0);
	assert_int_equal(db_create_new(&b, path, &e), 0);
	assert_int_equal(db_create_new(&c, path, &e), 0);
	assert_true(db_is_private(a));
	assert_int_equal(stat(path, &st), -1);
	th_exec(a, "INSERT INTO customers(ext_id) VALUES ('a')");
	th_exec(b, "INSERT INTO customers(ext_id) VALUES ('b')");
	assert_int_equal(db_publish(&a, &e), 0);
	assert_null(a);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* The second one finds the name taken: the first's base stays. */
	assert_int_equal(db_publish(&b, &e), 1);
	/* The third is thrown away. */
	db_close(&c);
	assert_int_equal(db_open(&a, path, 0, &e), 0);
	assert_false(db_is_private(a));
	assert_int_equal(th_int(a, "SELECT count(*) FROM customers WHERE ext_id = 'a'"), 1);
	assert_int_equal(th_int(a, "SELECT count(*) FROM customers"), 1);
	db_close(&a);
	/* Nothing but the base is left in the directory. */
	{
		char cmd[4200];
		FILE *p;
		char line[256];
		int n = 0;

		snprintf(cmd, sizeof cmd, "ls -A '%s'", dir);
		assert_non_null(p = popen(cmd, "r"));
		while (fgets(line, sizeof line, p) != NULL) {
			assert_string_equal(line, "shop.db\n");
			n++;
		}
		pclose(p);
		assert_int_equal(n, 1);
	}
	th_rmtree(dir);
	free(dir);
	free(path);
}

/* What a killed import left beside the base (its temporary base, with a
 * -journal) goes with the next new base of that name; one whose flock a
 * live process holds stays, and so do names that are not ours. */
static void
test_create_new_sweeps_stale(void **state)
{
	struct err e = {0};
	struct db *a = NULL;
	char *dir = th_tmpdir("db-sweep"), *path = th_path(dir, "shop.db");
	char *dead = th_path(dir, "shop.db.new-Ab12Cd"), *dead_j = th_path(dir, "shop.db.new-Ab12Cd-journal");
	char *live = th_path(dir, "shop.db.new-Zz99Yy"), *other = th_path(dir, "other.db.new-Ab12Cd");
	char *short_ = th_path(dir, "shop.db.new-Ab1");
	struct stat st;
	int fd;

	(void)state;
	th_write(dead, "killed", (size_t)-1);
	th_write(dead_j, "journal", (size_t)-1);
	th_write(live, "running", (size_t)-1);
	th_write(other, "another base's", (size_t)-1);
	th_write(short_, "not a temporary name", (size_t)-1);
	/* as mkstemp makes them: mode 0600 */
	assert_int_equal(chmod(dead, 0600), 0);
	assert_int_equal(chmod(live, 0600), 0);
	assert_int_equal(chmod(other, 0600), 0);
	assert_int_equal(chmod(short_, 0600), 0);
	/* a live import: its descriptor holds the flock */
	assert_true((fd = open(live, O_RDONLY)) >= 0);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	assert_int_equal(db_create_new(&a, path, &e), 0);
	assert_int_equal(stat(dead, &st), -1);
	assert_int_equal(stat(dead_j, &st), -1);
	assert_int_equal(stat(live, &st), 0);
	assert_int_equal(stat(other, &st), 0);
	assert_int_equal(stat(short_, &st), 0);
	db_close(&a);
	/* the process ended: the next one sweeps it */
	close(fd);
	assert_int_equal(db_create_new(&a, path, &e), 0);
	assert_int_equal(stat(live, &st), -1);
	db_close(&a);
	th_rmtree(dir);
	free(dir);
	free(path);
	free(dead);
	free(dead_j);
	free(live);
	free(other);
	free(short_);
}

/* A base in memory (a dry run into a new file) creates no file. */
static void
test_memory_base_writes_no_file(void **state)
{
	struct err e = {0};
	struct db *db = NULL;
	char *dir = th_tmpdir("db-memory"), *path = th_path(dir, "new.db");
	struct stat st;

	(void)state;
	assert_int_equal(db_open(&db, path, DB_MEMORY, &e), 0);
	assert_int_equal(th_int(db, "PRAGMA user_version"), DB_SCHEMA_VERSION);
	th_exec(db, "INSERT INTO customers(ext_id) VALUES ('x')");
	assert_string_equal(db_path(db), path);
	db_close(&db);
	assert_int_equal(stat(path, &st), -1);
	th_rmtree(dir);
	free(dir);
	free(path);
}

/* A base another connection writes: db_begin_nowait says so at once,
 * db_begin waits busy_timeout and says the base is busy; reading works. */
static void
test_busy_base(void **state)
{
	struct err e = {0};
	struct db *a, *b = NULL;
	char *dir, *path;

	(void)state;
	setenv("CLIENTELE_BUSY_TIMEOUT", "50", 1);
	a = th_newdb("db-busy", &dir);
	path = strdup(db_path(a));
	th_exec(a, "INSERT INTO customers(ext_id) VALUES ('before')");
	assert_int_equal(db_begin(a, &e), 0);
	th_exec(a, "DELETE FROM customers");
	/* Opening a current base takes no write lock. */
	assert_int_equal(db_open(&b, path, 0, &e), 0);
	assert_int_equal(th_int(b, "SELECT count(*) FROM customers"), 1);
	assert_int_equal(db_begin_nowait(b, &e), 1);
	assert_int_equal(e.code, 0);
	assert_int_equal(db_begin(b, &e), -1);
	assert_int_equal(e.code, EXIT_FAIL);
	assert_non_null(strstr(e.msg, "is busy"));
	assert_null(strstr(e.msg, "BEGIN"));
	db_rollback(a);
	assert_int_equal(db_begin_nowait(b, &e), 0);
	assert_int_equal(db_commit(b, &e), 0);
	db_close(&b);
	db_close(&a);
	unsetenv("CLIENTELE_BUSY_TIMEOUT");
	th_rmtree(dir);
	free(dir);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_file_is_private_and_migrated),
		cmocka_unit_test(test_missing_file_without_create),
		cmocka_unit_test(test_not_a_database),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_older_schema_migrated),
		cmocka_unit_test(test_nested_transactions),
		cmocka_unit_test(test_cached_statements_and_errors),
		cmocka_unit_test(test_cached_statement_held_by_a_caller),
		cmocka_unit_test(test_positional_binds_and_columns),
		cmocka_unit_test(test_meta_and_reference_date),
		cmocka_unit_test(test_fold_function),
		cmocka_unit_test(test_foreign_database_untouched),
		cmocka_unit_test(test_create_new_and_publish),
		cmocka_unit_test(test_create_new_sweeps_stale),
		cmocka_unit_test(test_memory_base_writes_no_file),
		cmocka_unit_test(test_busy_base),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
