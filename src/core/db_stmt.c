/* The statement wrapper's binds by position and its column reads: outside
 * db.c and this file, no sqlite3_bind_* or sqlite3_column_* is called. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"

int
db_bind_text_at(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(st, i) == SQLITE_OK ? 0 : -1;
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) == SQLITE_OK ? 0 : -1;
}

int
db_bind_textn_at(sqlite3_stmt *st, int i, const char *s, size_t n)
{
	if (s == NULL)
		return sqlite3_bind_null(st, i) == SQLITE_OK ? 0 : -1;
	return sqlite3_bind_text(st, i, s, (int)n, SQLITE_TRANSIENT) == SQLITE_OK ? 0 : -1;
}

int
db_bind_static_at(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(st, i) == SQLITE_OK ? 0 : -1;
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) == SQLITE_OK ? 0 : -1;
}

int
db_bind_blob_at(sqlite3_stmt *st, int i, const void *p, size_t n)
{
	return sqlite3_bind_blob64(st, i, p, (sqlite3_uint64)n, SQLITE_STATIC) == SQLITE_OK ? 0 : -1;
}

int
db_bind_int64_at(sqlite3_stmt *st, int i, long long v)
{
	return sqlite3_bind_int64(st, i, v) == SQLITE_OK ? 0 : -1;
}

int
db_bind_double_at(sqlite3_stmt *st, int i, double v)
{
	return sqlite3_bind_double(st, i, v) == SQLITE_OK ? 0 : -1;
}

int
db_bind_null_at(sqlite3_stmt *st, int i)
{
	return sqlite3_bind_null(st, i) == SQLITE_OK ? 0 : -1;
}

int
db_bind_value_at(sqlite3_stmt *st, int i, const sqlite3_value *v)
{
	return sqlite3_bind_value(st, i, v) == SQLITE_OK ? 0 : -1;
}

int
db_bind_count(sqlite3_stmt *st)
{
	return sqlite3_bind_parameter_count(st);
}

int
db_bind_params(sqlite3_stmt *st, const struct sql_param *p, size_t n, int first)
{
	size_t i;
	int rc = 0, k;

	for (i = 0; i < n && rc == 0; i++) {
		k = first + (int)i;
		if (p[i].kind == SQLP_TEXT)
			rc = db_bind_text_at(st, k, p[i].text);
		else if (p[i].kind == SQLP_INT)
			rc = db_bind_int64_at(st, k, p[i].i);
		else
			rc = db_bind_double_at(st, k, p[i].d);
	}
	return rc;
}

long long
db_col_int64(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

int
db_col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int(st, i);
}

double
db_col_double(sqlite3_stmt *st, int i)
{
	return sqlite3_column_double(st, i);
}

const char *
db_col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

char *
db_col_strdup(sqlite3_stmt *st, int i)
{
	const char *s = db_col_text(st, i);

	return s != NULL ? strdup(s) : NULL;
}

const void *
db_col_blob(sqlite3_stmt *st, int i, size_t *n)
{
	const void *p = sqlite3_column_blob(st, i);

	*n = (size_t)sqlite3_column_bytes(st, i);
	return p;
}

size_t
db_col_bytes(sqlite3_stmt *st, int i)
{
	return (size_t)sqlite3_column_bytes(st, i);
}

int
db_col_type(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i);
}

bool
db_col_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL;
}

sqlite3_value *
db_col_value(sqlite3_stmt *st, int i)
{
	return sqlite3_column_value(st, i);
}
