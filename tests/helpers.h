/* Helpers shared by the cmocka tests: scratch directories under the build
 * tree, files written from strings, a fresh database. */
#ifndef CLIENTELE_TEST_HELPERS_H
#define CLIENTELE_TEST_HELPERS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

struct db;

/* The number of elements of an array. */
#define N(a) (sizeof (a) / sizeof (a)[0])

/* A table-driven case of a string function: in -> want; want NULL:
 * rejected with a reason. */
struct str_case {
	const char *in;
	const char *want;
};

/* A new empty directory tests/tmp/<name>-XXXXXX under the current
 * directory (the build tree); malloc'd path, owned by the caller. */
char *th_tmpdir(const char *name);

/* dir + "/" + file, malloc'd. */
char *th_path(const char *dir, const char *file);

/* Writes len bytes of data (len (size_t)-1: strlen) to path; asserts. */
void th_write(const char *path, const char *data, size_t len);

/* The names in dir, sorted, one a line, but "." "..", and the base
 * ("base.db*" files); malloc'd, owned by the caller. Asserts. */
char *th_list_dir(const char *dir);

/* Removes dir and everything in it. */
void th_rmtree(const char *dir);

/* Opens a fresh base in a new scratch directory; *dir_out (malloc'd) is the
 * directory, to th_rmtree afterwards. Asserts on failure. */
struct db *th_newdb(const char *name, char **dir_out);

/* th_newdb, then runs sql (several statements, no parameters) in it;
 * asserts. The usual setup of a test's fixture. */
struct db *th_newdb_sql(const char *name, const char *sql, char **dir_out);

/* Closes *db and removes and frees *dir: the usual teardown. */
void th_closedb(struct db **db, char **dir);

struct err;
/* Writes csv to dir/name and imports it into db as customers (or, with
 * orders, as orders), default options: import_run's return, e set. */
int th_import(struct db *db, const char *dir, const char *name, const char *csv, bool orders,
              struct err *e);

/* Runs sql (no parameters) or fails the test with the error. */
void th_exec(struct db *db, const char *sql);

/* The first column of the first row of a query as an integer; asserts. */
long long th_int(struct db *db, const char *sql);

/* The first column of the first row as text (malloc'd; NULL for NULL). */
char *th_text(struct db *db, const char *sql);

#endif
