/* Queries over the base: rule text and segment paths compiled with the
 * base's catalog, reference date and segment tree, and counted. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "engine/engine.h"
#include "i18n.h"
#include "query.h"
#include "segment/segment.h"

int
segment_where(struct db *db, const char *path, struct rule_sql *out, struct err *e)
{
	struct segment_compiler *sc;
	long i;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (segment_compiler_open(db, &sc, e) != 0)
		return -1;
	if ((i = segment_compiler_find(sc, path, e)) == -1)
		rc = (out->where = strdup("1")) != NULL ? 0 : err_set(e, EXIT_FAIL, _("out of memory"));
	else if (i >= 0)
		rc = segment_compiler_where(sc, i, out, e);
	segment_compiler_close(&sc);
	return rc;
}

int
rule_where(struct db *db, const char *rule, struct rule_sql *out, struct err *e)
{
	struct segment_compiler *sc;
	struct rule *r = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (rule_parse(rule != NULL ? rule : "", &r, e) != 0)
		return -1;
	if (segment_compiler_open(db, &sc, e) == 0) {
		rc = segment_compiler_rule(sc, r, out, e);
		segment_compiler_close(&sc);
	}
	rule_free(&r);
	return rc;
}

int
segment_sql_count(struct db *db, const struct rule_sql *w, long long *out, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char *sql;
	int rc;

	*out = 0;
	if (asprintf(&sql, "SELECT count(*) FROM customers AS c%s WHERE %s",
	             fields_join(w->needs_metrics), w->where) < 0)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	rc = db_prepare(db, &st, sql, e);
	if (rc == 0 && db_bind_params(st, w->params, w->nparams, 1) != 0)
		rc = err_set(e, EXIT_FAIL, _("binding the parameters of a count failed"));
	if (rc == 0 && (rc = db_step(db, st, e)) == 1) {
		*out = db_col_int64(st, 0);
		rc = 0;
	} else if (rc == 0) {
		rc = err_set(e, EXIT_FAIL, _("a count returned no row"));
	}
	sqlite3_finalize(st);
	free(sql);
	return rc;
}

int
rule_count_sql(struct db *db, const char *text, char **sql_out, struct rule_sql *out,
               struct err *e)
{
	bool everyone;

	*sql_out = NULL;
	memset(out, 0, sizeof *out);
	if (rule_where(db, text, out, e) != 0)
		return -1;
	everyone = strcmp(out->where, "1") == 0;
	if (asprintf(sql_out, "SELECT count(*) FROM customers AS c%s%s%s",
	             fields_join(out->needs_metrics), everyone ? "" : " WHERE ",
	             everyone ? "" : out->where) < 0) {
		*sql_out = NULL;
		rule_sql_free(out);
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	return 0;
}

int
rule_count(struct db *db, const char *text, long long *count, struct err *e)
{
	struct rule_sql s;
	sqlite3_stmt *st = NULL;
	char *sql;
	int rc;

	*count = 0;
	/* the column engine answers; SQL where it cannot */
	if ((rc = engine_count_text(db, NULL, text, count, e)) != ENGINE_FALLBACK)
		return rc;
	if (rule_count_sql(db, text, &sql, &s, e) != 0)
		return -1;
	rc = db_prepare(db, &st, sql, e);
	if (rc == 0 && db_bind_params(st, s.params, s.nparams, 1) != 0)
		rc = err_set(e, EXIT_FAIL, _("binding the parameters of \"%.200s\" failed"), sql);
	if (rc == 0 && (rc = db_step(db, st, e)) == 1) {
		*count = db_col_int64(st, 0);
		rc = 0;
	} else if (rc == 0) {
		rc = err_set(e, EXIT_FAIL, _("\"%.200s\" returned no row"), sql);
	}
	sqlite3_finalize(st);
	free(sql);
	rule_sql_free(&s);
	return rc;
}

int
query_base_count(struct db *db, long long *n, struct err *e)
{
	return db_query_int64(db, "SELECT count(*) FROM customers", n, e);
}
