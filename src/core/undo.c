/* The undo log: a step is one undo_log row; each undo_save adds one
 * undo_rows row holding a before-image as JSON, which undo_last puts back. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "undo.h"

/* The tables a step may save, with their columns. The SQL undo runs is
 * built from these strings and the module-written condition only: the
 * table name stored in undo_rows is looked up here, never spliced. */
struct undo_table {
	const char *name;
	const char *key;    /* the primary key, as a row value */
	int nkey;
	const char *cols;   /* every column, the key first */
	int ncols;
	const char *update; /* SET list for the upsert; NULL: key-only rows */
};

static const struct undo_table tables[] = {
	{"tags", "id", 1, "id, name, name_fold, created_at", 4,
	 "name = excluded.name, name_fold = excluded.name_fold, created_at = excluded.created_at"},
	{"customer_tags", "customer_id, tag_id", 2, "customer_id, tag_id", 2, NULL},
	{"segments", "id", 1,
	 "id, parent_id, name, position, rule, kind, plan_who, plan_what, plan_why, plan_when, "
	 "plan_where, strategy, created_at, frozen_at",
	 14,
	 "parent_id = excluded.parent_id, name = excluded.name, position = excluded.position, "
	 "rule = excluded.rule, kind = excluded.kind, plan_who = excluded.plan_who, "
	 "plan_what = excluded.plan_what, plan_why = excluded.plan_why, "
	 "plan_when = excluded.plan_when, plan_where = excluded.plan_where, "
	 "strategy = excluded.strategy, created_at = excluded.created_at, "
	 "frozen_at = excluded.frozen_at"},
	{"segment_members", "segment_id, customer_id", 2, "segment_id, customer_id", 2, NULL},
	/* no declared key: its rowid is the key */
	{"segment_counts", "rowid", 1, "rowid, segment_id, at, count", 4,
	 "segment_id = excluded.segment_id, at = excluded.at, count = excluded.count"},
	{"hand_edits", "customer_id, field", 2, "customer_id, field, edited_at", 3,
	 "edited_at = excluded.edited_at"},
};

static const struct undo_table *
table_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof tables / sizeof tables[0]; i++)
		if (strcmp(tables[i].name, name) == 0)
			return &tables[i];
	return NULL;
}

/* "json_extract(value, '$[0]'), json_extract(value, '$[1]')" for n columns
 * of a saved row; malloc'd. */
static char *
json_cols(int n)
{
	size_t cap = (size_t)n * 40 + 1, len = 0;
	char *s = malloc(cap);
	int i;

	if (s == NULL)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, "%sjson_extract(value, '$[%d]')",
		                        i > 0 ? ", " : "", i);
	return s;
}

static int
oom(struct err *e)
{
	return err_set(e, EXIT_FAIL, "out of memory");
}

int
undo_step_begin(struct db *db, struct err *e, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = undo_step_vbegin(db, e, fmt, ap);
	va_end(ap);
	return rc;
}

int
undo_step_vbegin(struct db *db, struct err *e, const char *fmt, va_list ap)
{
	sqlite3_stmt *st;
	char *label;
	int rc;

	if (db_tx_depth(db) == 0)
		return err_set(e, EXIT_FAIL, "internal error: an undo step outside a transaction");
	if (vasprintf(&label, fmt, ap) < 0)
		return err_set(e, EXIT_FAIL, "out of memory");
	st = db_cached(db, "INSERT INTO undo_log(action, payload) VALUES (?1, '')", e);
	if (st != NULL)
		db_bind_text_at(st, 1, label);
	rc = st != NULL && db_step(db, st, e) >= 0 ? 0 : -1;
	free(label);
	if (rc != 0)
		return -1;
	/* Keep the log small: its before-images can be large (a tag on every
	 * customer), and nobody undoes a hundred edits back. */
	st = db_cached(db,
	               "DELETE FROM undo_log WHERE id <= (SELECT id FROM undo_log "
	               "ORDER BY id DESC LIMIT 1 OFFSET ?1)",
	               e);
	if (st == NULL)
		return -1;
	db_bind_int64_at(st, 1, UNDO_KEEP);
	return db_step(db, st, e) < 0 ? -1 : 0;
}

/* The newest step, which is the one this transaction began: a transaction
 * holds the write lock, so no other connection can log one meanwhile. */
static int
current_step(struct db *db, long long *id, struct err *e)
{
	if (db_tx_depth(db) == 0)
		return err_set(e, EXIT_FAIL, "internal error: undo_save outside a transaction");
	if (db_query_int64(db, "SELECT coalesce(max(id), 0) FROM undo_log", id, e) != 0)
		return -1;
	if (*id == 0)
		return err_set(e, EXIT_FAIL, "internal error: undo_save without undo_step_begin");
	return 0;
}

int
undo_step_label(struct db *db, const char *label, struct err *e)
{
	sqlite3_stmt *st;
	long long id;

	if (current_step(db, &id, e) != 0)
		return -1;
	st = db_cached(db, "UPDATE undo_log SET action = ?1 WHERE id = ?2", e);
	if (st == NULL)
		return -1;
	db_bind_text_at(st, 1, label);
	db_bind_int64_at(st, 2, id);
	return db_step(db, st, e) < 0 ? -1 : 0;
}

static int
bind_params(sqlite3_stmt *st, int first, const struct sql_param *params, size_t n)
{
	return db_bind_params(st, params, n, first);
}

/* The parameters as a JSON array, made by SQLite so that text is escaped
 * and types kept (json_each gives them back as they were). */
static int
params_json(struct db *db, const struct sql_param *params, size_t n, char **out, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char *sql;
	size_t i, len;
	int rc = -1;

	*out = NULL;
	sql = malloc(32 + 3 * n);
	if (sql == NULL)
		return oom(e);
	len = (size_t)sprintf(sql, "SELECT json_array(");
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(sql + len, "%s?", i > 0 ? "," : "");
	strcpy(sql + len, ")");
	if (db_prepare(db, &st, sql, e) != 0)
		goto out;
	if (bind_params(st, 1, params, n) != 0) {
		err_set(e, EXIT_FAIL, "internal error: binding the parameters of an undo step");
		goto out;
	}
	if (db_step(db, st, e) != 1)
		goto out;
	if ((*out = strdup(db_col_text(st, 0))) == NULL) {
		oom(e);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	free(sql);
	return rc;
}

int
undo_save(struct db *db, const char *table, const char *where, const struct sql_param *params,
          size_t nparams, struct err *e)
{
	const struct undo_table *t = table_find(table);
	sqlite3_stmt *st = NULL;
	char *pj = NULL, *sql = NULL;
	long long step;
	int rc = -1;

	if (t == NULL)
		return err_set(e, EXIT_FAIL, "internal error: the undo log does not keep table \"%s\"",
		               table);
	if (current_step(db, &step, e) != 0 || params_json(db, params, nparams, &pj, e) != 0)
		goto out;
	/* The where's plain ? placeholders number on from ?5. */
	if (asprintf(&sql,
	             "INSERT INTO undo_rows(step_id, tbl, where_sql, params, rows) "
	             "SELECT ?1, ?2, ?3, ?4, json_group_array(json_array(%s)) FROM %s WHERE (%s)",
	             t->cols, t->name, where) < 0) {
		sql = NULL;
		oom(e);
		goto out;
	}
	if (db_prepare(db, &st, sql, e) != 0)
		goto out;
	db_bind_int64_at(st, 1, step);
	db_bind_static_at(st, 2, t->name);
	db_bind_static_at(st, 3, where);
	db_bind_static_at(st, 4, pj);
	if (bind_params(st, 5, params, nparams) != 0) {
		err_set(e, EXIT_FAIL, "internal error: binding the parameters of \"%.200s\"", sql);
		goto out;
	}
	if (db_step(db, st, e) < 0)
		goto out;
	rc = 0;
out:
	sqlite3_finalize(st);
	free(sql);
	free(pj);
	return rc;
}

/* Prepares sql, refusing anything after its one statement (the condition
 * comes from the base file, which could have been tampered with). */
static int
prepare_one(struct db *db, sqlite3_stmt **st, const char *sql, struct err *e)
{
	const char *tail = NULL;

	*st = NULL;
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, st, &tail) != SQLITE_OK || *st == NULL)
		return err_set(e, EXIT_DATAERR, "the undo log is damaged (\"%.200s\": %s)", sql,
		               sqlite3_errmsg(db_handle(db)));
	if (tail != NULL && tail[strspn(tail, " \t\n;")] != '\0') {
		sqlite3_finalize(*st);
		*st = NULL;
		return err_set(e, EXIT_DATAERR, "the undo log is damaged (\"%.200s\")", sql);
	}
	return 0;
}

/* Binds the saved parameters (a JSON array) from first on. */
static int
bind_saved(struct db *db, sqlite3_stmt *st, int first, const char *pj, struct err *e)
{
	sqlite3_stmt *q = db_cached(db, "SELECT value FROM json_each(?1) ORDER BY key", e);
	int k = first, rc;

	if (q == NULL)
		return -1;
	db_bind_static_at(q, 1, pj);
	while ((rc = db_step(db, q, e)) == 1) {
		if (k > db_bind_count(st) ||
		    db_bind_value_at(st, k, db_col_value(q, 0)) != 0) {
			sqlite3_reset(q);
			return err_set(e, EXIT_DATAERR, "the undo log is damaged (its parameters)");
		}
		k++;
	}
	sqlite3_reset(q);
	if (rc < 0)
		return -1;
	if (k != db_bind_count(st) + 1)
		return err_set(e, EXIT_DATAERR, "the undo log is damaged (its parameters)");
	return 0;
}

/* One half of putting a before-image back: deleting the rows the step
 * added (del), or upserting the saved rows. */
static int
restore_one(struct db *db, const struct undo_table *t, const char *where, const char *pj,
            const char *rows, int del, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char *cols, *sql = NULL, *keycols = NULL;
	int rc = -1;

	if ((cols = json_cols(t->ncols)) == NULL || (keycols = json_cols(t->nkey)) == NULL) {
		oom(e);
		goto out;
	}
	if (del)
		rc = asprintf(&sql,
		              "DELETE FROM %s WHERE (%s) NOT IN (SELECT %s FROM json_each(?1)) "
		              "AND (%s)",
		              t->name, t->key, keycols, where);
	else if (t->update != NULL)
		rc = asprintf(&sql,
		              "INSERT INTO %s(%s) SELECT %s FROM json_each(?1) WHERE true "
		              "ON CONFLICT(%s) DO UPDATE SET %s",
		              t->name, t->cols, cols, t->key, t->update);
	else
		rc = asprintf(&sql,
		              "INSERT INTO %s(%s) SELECT %s FROM json_each(?1) WHERE true "
		              "ON CONFLICT(%s) DO NOTHING",
		              t->name, t->cols, cols, t->key);
	if (rc < 0) {
		sql = NULL;
		rc = oom(e);
		goto out;
	}
	rc = -1;
	if (prepare_one(db, &st, sql, e) != 0)
		goto out;
	db_bind_static_at(st, 1, rows);
	if (del && bind_saved(db, st, 2, pj, e) != 0)
		goto out;
	if (db_step(db, st, e) < 0)
		goto out;
	rc = 0;
out:
	sqlite3_finalize(st);
	free(sql);
	free(cols);
	free(keycols);
	return rc;
}

/* Runs one phase over the step's saves: deletes newest save first (children
 * before parents), inserts oldest first (parents before children). */
static int
restore_phase(struct db *db, long long step, int del, struct err *e)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (db_prepare(db, &q,
	               del ? "SELECT tbl, where_sql, params, rows FROM undo_rows WHERE step_id = ?1 "
	                     "ORDER BY id DESC"
	                   : "SELECT tbl, where_sql, params, rows FROM undo_rows WHERE step_id = ?1 "
	                     "ORDER BY id",
	               e) != 0)
		return -1;
	db_bind_int64_at(q, 1, step);
	while ((rc = db_step(db, q, e)) == 1) {
		const struct undo_table *t = table_find(db_col_text(q, 0));

		if (t == NULL) {
			rc = err_set(e, EXIT_DATAERR, "the undo log is damaged (table \"%s\")",
			             db_col_text(q, 0));
			break;
		}
		if (restore_one(db, t, db_col_text(q, 1),
		                db_col_text(q, 2),
		                db_col_text(q, 3), del, e) != 0) {
			rc = -1;
			break;
		}
	}
	sqlite3_finalize(q);
	return rc < 0 ? -1 : 0;
}

static int
drop_step(struct db *db, long long step, struct err *e)
{
	sqlite3_stmt *st = db_cached(db, "DELETE FROM undo_log WHERE id = ?1", e);

	if (st == NULL)
		return -1;
	db_bind_int64_at(st, 1, step);
	return db_step(db, st, e) < 0 ? -1 : 0;
}

int
undo_last(struct db *db, char **label, struct err *e)
{
	sqlite3_stmt *q = NULL;
	long long step = 0;
	char *what = NULL;
	int rc;

	if (label != NULL)
		*label = NULL;
	if (db_begin(db, e) != 0)
		return -1;
	if (db_prepare(db, &q, "SELECT id, action FROM undo_log ORDER BY id DESC LIMIT 1", e) != 0)
		goto fail;
	rc = db_step(db, q, e);
	if (rc < 0)
		goto fail;
	if (rc == 0) {
		err_set(e, EXIT_FAIL, "nothing to undo in %s", db_path(db));
		goto fail;
	}
	step = db_col_int64(q, 0);
	if ((what = strdup(db_col_text(q, 1))) == NULL) {
		oom(e);
		goto fail;
	}
	sqlite3_finalize(q);
	q = NULL;
	if (restore_phase(db, step, 1, e) != 0 || restore_phase(db, step, 0, e) != 0) {
		/* A constraint here means the base changed since in a way the
		 * before-image no longer fits (an import made a tag of that
		 * name, say). */
		if (sqlite3_errcode(db_handle(db)) == SQLITE_CONSTRAINT)
			err_set(e, EXIT_FAIL,
			        "cannot undo \"%s\": the base has changed since in a way that "
			        "conflicts with it (%s)",
			        what, sqlite3_errmsg(db_handle(db)));
		else
			err_prefix(e, "cannot undo \"%s\": ", what);
		goto fail;
	}
	if (drop_step(db, step, e) != 0 || db_commit(db, e) != 0)
		goto fail;
	if (label != NULL)
		*label = what;
	else
		free(what);
	return 0;
fail:
	sqlite3_finalize(q);
	free(what);
	db_rollback(db);
	return -1;
}

int
undo_peek(struct db *db, char **label, struct err *e)
{
	sqlite3_stmt *q = db_cached(db, "SELECT action FROM undo_log ORDER BY id DESC LIMIT 1", e);
	int rc;

	*label = NULL;
	if (q == NULL)
		return -1;
	rc = db_step(db, q, e);
	if (rc == 1 && (*label = strdup(db_col_text(q, 0))) == NULL)
		rc = oom(e);
	sqlite3_reset(q);
	return rc < 0 ? -1 : 0;
}

int
undo_list(struct db *db, struct undo_step **out, size_t *n, struct err *e)
{
	sqlite3_stmt *q = NULL;
	struct undo_step *v = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (db_prepare(db, &q, "SELECT id, at, action FROM undo_log ORDER BY id DESC", e) != 0)
		return -1;
	while ((rc = db_step(db, q, e)) == 1) {
		struct undo_step *s;

		if (len == cap) {
			struct undo_step *nv = realloc(v, (cap ? cap * 2 : 16) * sizeof *v);

			if (nv == NULL) {
				rc = oom(e);
				break;
			}
			v = nv;
			cap = cap ? cap * 2 : 16;
		}
		s = &v[len++];
		s->id = db_col_int64(q, 0);
		s->at = strdup(db_col_text(q, 1));
		s->label = strdup(db_col_text(q, 2));
		if (s->at == NULL || s->label == NULL) {
			rc = oom(e);
			break;
		}
	}
	sqlite3_finalize(q);
	if (rc < 0) {
		undo_list_free(v, len);
		return -1;
	}
	*out = v;
	*n = len;
	return 0;
}

void
undo_list_free(struct undo_step *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].at);
		free(v[i].label);
	}
	free(v);
}
