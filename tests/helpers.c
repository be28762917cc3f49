/* Helpers shared by the cmocka tests. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"
#include "db.h"
#include "err.h"
#include "import/import.h"

char *
th_tmpdir(const char *name)
{
	char *path;

	mkdir("tests", 0755);
	mkdir("tests/tmp", 0755);
	if (asprintf(&path, "tests/tmp/%s-XXXXXX", name) < 0)
		fail_msg("out of memory");
	if (mkdtemp(path) == NULL)
		fail_msg("mkdtemp %s: %s", path, strerror(errno));
	return path;
}

char *
th_path(const char *dir, const char *file)
{
	char *p;

	if (asprintf(&p, "%s/%s", dir, file) < 0)
		fail_msg("out of memory");
	return p;
}

void
th_write(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		fail_msg("open %s: %s", path, strerror(errno));
	if (len == (size_t)-1)
		len = strlen(data);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

char *
th_list_dir(const char *dir)
{
	struct dirent **v;
	char *out = calloc(1, 4096);
	int n, i;

	assert_non_null(out);
	n = scandir(dir, &v, NULL, alphasort);
	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		if (strcmp(v[i]->d_name, ".") != 0 && strcmp(v[i]->d_name, "..") != 0 &&
		    strncmp(v[i]->d_name, "base.db", 7) != 0) {
			strcat(out, v[i]->d_name);
			strcat(out, "\n");
		}
		free(v[i]);
	}
	free(v);
	return out;
}

void
th_rmtree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

struct db *
th_newdb(const char *name, char **dir_out)
{
	struct err e = {0};
	struct db *db = NULL;
	char *dir = th_tmpdir(name);
	char *path = th_path(dir, "base.db");

	if (db_open(&db, path, DB_CREATE, &e) != 0)
		fail_msg("db_open %s: %s", path, e.msg);
	free(path);
	*dir_out = dir;
	return db;
}

void
th_exec(struct db *db, const char *sql)
{
	struct err e = {0};

	if (db_exec(db, sql, &e) != 0)
		fail_msg("%s", e.msg);
}

struct db *
th_newdb_sql(const char *name, const char *sql, char **dir_out)
{
	struct db *db = th_newdb(name, dir_out);

	if (sql != NULL)
		th_exec(db, sql);
	return db;
}

void
th_closedb(struct db **db, char **dir)
{
	db_close(db);
	if (*dir != NULL)
		th_rmtree(*dir);
	free(*dir);
	*dir = NULL;
}

long long
th_int(struct db *db, const char *sql)
{
	struct err e = {0};
	long long v = 0;

	if (db_query_int64(db, sql, &v, &e) != 0)
		fail_msg("%s: %s", sql, e.msg);
	return v;
}

char *
th_text(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	struct err e = {0};
	char *out = NULL;

	if (db_prepare(db, &st, sql, &e) != 0)
		fail_msg("%s: %s", sql, e.msg);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

int
th_import(struct db *db, const char *dir, const char *name, const char *csv, bool orders,
          struct err *e)
{
	char *p = th_path(dir, name);
	struct import_opts o = {0};
	struct import_result res = {0};
	int rc;

	th_write(p, csv, (size_t)-1);
	if (orders)
		o.orders = p;
	else
		o.customers = p;
	memset(e, 0, sizeof *e);
	rc = import_run(db, &o, &res, e);
	import_result_free(&res);
	free(p);
	return rc;
}
