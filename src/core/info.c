/* Facts about a base: counts, fill rates of the fields (one scan of the
 * customers for all of them), the reference date, the imports. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "metrics.h"
#include "info.h"

/* One scan of the customers: filled[i] receives how many have a value for
 * cat->v[i] (skipped, left as is, when computed is false and the field is
 * computed), *customers how many there are. */
static int
scan_filled(struct db *db, const struct field_catalog *cat, bool computed, long long *filled,
            long long *customers, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char *sql = NULL;
	size_t len = 0, i, k;
	bool metrics = false;
	FILE *f;
	int rc = -1;

	if ((f = open_memstream(&sql, &len)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	fputs("SELECT count(*)", f);
	for (i = 0; i < cat->n; i++) {
		const struct field *fl = &cat->v[i];

		if (fl->origin == FO_COMPUTED && !computed)
			continue;
		metrics = metrics || fl->needs_metrics;
		/* fl->sql is built from validated identifiers only. */
		fprintf(f, ", count(nullif(%s, ''))", fl->sql);
	}
	fprintf(f, " FROM customers AS c%s", fields_join(metrics));
	fclose(f);
	if (sql == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	if (db_prepare(db, &st, sql, e) != 0)
		goto out;
	if (db_step(db, st, e) < 0)
		goto out;
	*customers = db_col_int64(st, 0);
	for (i = 0, k = 1; i < cat->n; i++)
		if (cat->v[i].origin != FO_COMPUTED || computed)
			filled[i] = db_col_int64(st, (int)k++);
	rc = 0;
out:
	sqlite3_finalize(st);
	free(sql);
	return rc;
}

int
info_fill_rates(struct db *db, const struct field_catalog *cat, long long *filled,
                long long *customers, struct err *e)
{
	return scan_filled(db, cat, true, filled, customers, e);
}

static int
fill_rates(struct db *db, struct info *in, struct err *e)
{
	long long *filled, customers;
	size_t i;

	if ((in->fields = calloc(in->cat.n ? in->cat.n : 1, sizeof *in->fields)) == NULL ||
	    (filled = calloc(in->cat.n ? in->cat.n : 1, sizeof *filled)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	if (scan_filled(db, &in->cat, false, filled, &customers, e) != 0) {
		free(filled);
		return -1;
	}
	for (i = 0; i < in->cat.n; i++) {
		if (in->cat.v[i].origin == FO_COMPUTED)
			continue;
		in->fields[in->nfields].field = &in->cat.v[i];
		in->fields[in->nfields++].filled = filled[i];
	}
	free(filled);
	return 0;
}

static int
load_imports(struct db *db, struct info *in, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, &st,
	               "SELECT id, started_at, kind, file_name, sha256, file_size, rows_read,"
	               " inserted, updated, rejected, skipped, merged, seconds"
	               " FROM imports ORDER BY id DESC",
	               e) != 0)
		return -1;
	while ((rc = db_step(db, st, e)) == 1) {
		struct info_import *v = realloc(in->imports, (in->nimports + 1) * sizeof *v), *im;

		if (v == NULL) {
			rc = err_set(e, EXIT_FAIL, _("out of memory"));
			break;
		}
		in->imports = v;
		im = &v[in->nimports++];
		memset(im, 0, sizeof *im);
		im->id = db_col_int64(st, 0);
		im->started_at = db_col_strdup(st, 1);
		im->kind = db_col_strdup(st, 2);
		im->file = db_col_strdup(st, 3);
		im->sha256 = db_col_strdup(st, 4);
		im->size = db_col_int64(st, 5);
		im->rows_read = db_col_int64(st, 6);
		im->inserted = db_col_int64(st, 7);
		im->updated = db_col_int64(st, 8);
		im->rejected = db_col_int64(st, 9);
		im->skipped = db_col_int64(st, 10);
		im->merged = db_col_int64(st, 11);
		im->seconds = db_col_double(st, 12);
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
info_load(struct db *db, struct info *in, struct err *e)
{
	char *as_of = NULL;

	memset(in, 0, sizeof *in);
	if (db_query_int64(db, "SELECT count(*) FROM customers", &in->customers, e) != 0 ||
	    db_query_int64(db, "SELECT count(*) FROM orders", &in->orders, e) != 0 ||
	    db_query_int64(db, "SELECT count(*) FROM orders WHERE cancelled", &in->cancelled, e) != 0 ||
	    db_query_int64(db, "SELECT count(*) FROM customer_metrics WHERE orders > 0", &in->buyers,
	                   e) != 0 ||
	    db_query_int64(db, "SELECT count(*) FROM tags", &in->tags, e) != 0 ||
	    db_query_int64(db, "SELECT count(*) FROM segments", &in->segments, e) != 0 ||
	    metrics_reference_date(db, in->ref_date, e) != 0 || db_meta_get(db, "as_of", &as_of, e) != 0)
		goto fail;
	in->ref_date_set = as_of != NULL;
	free(as_of);
	if (db_meta_get(db, "country", &as_of, e) != 0)
		goto fail;
	if (as_of != NULL && strlen(as_of) == 2)
		memcpy(in->country, as_of, 3);
	free(as_of);
	if (fields_load(db, &in->cat, e) != 0 || fill_rates(db, in, e) != 0 ||
	    load_imports(db, in, e) != 0)
		goto fail;
	return 0;
fail:
	info_free(in);
	return -1;
}

void
info_free(struct info *in)
{
	size_t i;

	for (i = 0; i < in->nimports; i++) {
		free(in->imports[i].started_at);
		free(in->imports[i].kind);
		free(in->imports[i].file);
		free(in->imports[i].sha256);
	}
	free(in->imports);
	free(in->fields);
	fields_free(&in->cat);
	memset(in, 0, sizeof *in);
}

int
info_import_errors(struct db *db, long long id,
                   void (*fn)(void *ctx, const char *file, long line, int col, const char *reason),
                   void *ctx, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, &st,
	               "SELECT i.file_name, x.line, coalesce(x.col, 0), x.reason"
	               " FROM import_errors AS x JOIN imports AS i ON i.id = x.import_id"
	               " WHERE ?1 = 0 OR x.import_id = ?1 ORDER BY x.import_id, x.line",
	               e) != 0)
		return -1;
	db_bind_int64_at(st, 1, id);
	while ((rc = db_step(db, st, e)) == 1)
		fn(ctx, db_col_text(st, 0), (long)db_col_int64(st, 1),
		   db_col_int(st, 2), db_col_text(st, 3));
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* Customers in a group of one shared email (or phone), with the size of
 * the group. */
#define SHARED_GROUPS(col)                                                                      \
	"SELECT '" col "', c." col ", g.n, c.id, c.ext_id,"                                      \
	" coalesce(c.full_name, nullif(trim(coalesce(c.first_name, '') || ' ' ||"                \
	" coalesce(c.last_name, '')), ''))"                                                      \
	" FROM customers AS c JOIN (SELECT " col ", count(*) AS n FROM customers"                \
	" WHERE " col " IS NOT NULL GROUP BY " col " HAVING count(*) > 1) AS g"                  \
	" ON g." col " = c." col

int
info_duplicates(struct db *db, long long *customers,
                void (*fn)(void *ctx, const struct info_dup *d), void *ctx, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_query_int64(db,
	                   "SELECT count(*) FROM customers WHERE email IN (SELECT email FROM"
	                   " customers WHERE email IS NOT NULL GROUP BY email HAVING count(*) > 1)"
	                   " OR phone IN (SELECT phone FROM customers WHERE phone IS NOT NULL"
	                   " GROUP BY phone HAVING count(*) > 1)",
	                   customers, e) != 0)
		return -1;
	if (db_prepare(db, &st,
	               SHARED_GROUPS("email") " UNION ALL " SHARED_GROUPS("phone")
	               " ORDER BY 1, 2, 4",
	               e) != 0)
		return -1;
	while ((rc = db_step(db, st, e)) == 1) {
		struct info_dup d = {
			.by = db_col_text(st, 0),
			.value = db_col_text(st, 1),
			.group_size = db_col_int64(st, 2),
			.id = db_col_int64(st, 3),
			.ext_id = db_col_text(st, 4),
			.name = db_col_text(st, 5),
		};

		fn(ctx, &d);
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}
