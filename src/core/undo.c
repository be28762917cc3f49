/* The undo log: a step is one undo_log row (its kind and arguments, from
 * which its label is formatted when shown); each undo_save adds one
 * undo_rows row holding a before-image as JSON, which undo_last puts back. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
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
	return err_set(e, EXIT_FAIL, _("out of memory"));
}

/* The stored key of each kind (never reused for another meaning) and the
 * arguments its label takes: a name, a second name, or a name and a count. */
enum undo_shape { SHAPE_A, SHAPE_AB, SHAPE_AN };

static const struct {
	const char *key;
	enum undo_shape shape;
} kinds[] = {
	[UNDO_TAG_CREATE] = {"tag_create", SHAPE_A},
	[UNDO_TAG_RENAME] = {"tag_rename", SHAPE_AB},
	[UNDO_TAG_MERGE] = {"tag_merge", SHAPE_AB},
	[UNDO_TAG_DELETE] = {"tag_delete", SHAPE_AN},
	[UNDO_TAG_PUT] = {"tag_put", SHAPE_AN},
	[UNDO_TAG_TAKE] = {"tag_take", SHAPE_AN},
	[UNDO_SEG_ADD] = {"segment_add", SHAPE_A},
	[UNDO_SEG_RENAME] = {"segment_rename", SHAPE_AB},
	[UNDO_SEG_RULE] = {"segment_rule", SHAPE_A},
	[UNDO_SEG_PLAN] = {"segment_plan", SHAPE_A},
	[UNDO_SEG_REORDER] = {"segment_reorder", SHAPE_A},
	[UNDO_SEG_MOVE] = {"segment_move", SHAPE_A},
	[UNDO_SEG_COPY] = {"segment_copy", SHAPE_A},
	[UNDO_SEG_DELETE] = {"segment_delete", SHAPE_AN},
	[UNDO_SEG_FREEZE] = {"segment_freeze", SHAPE_AB},
	[UNDO_HAND_EDIT] = {"hand_edit", SHAPE_AB},
};

#define NKINDS (sizeof kinds / sizeof kinds[0])

static int
kind_find(const char *key, enum undo_kind *kind)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].key, key) == 0) {
			*kind = (enum undo_kind)i;
			return 0;
		}
	return -1;
}

char *
undo_label(enum undo_kind kind, const char *a, const char *b, long long n)
{
	unsigned long long un = n < 0 ? 0 : (unsigned long long)n;
	char *s;
	int rc = -1;

	if (a == NULL)
		a = "";
	if (b == NULL)
		b = "";
	switch (kind) {
	case UNDO_TAG_CREATE:
		rc = asprintf(&s, _("created tag \"%s\""), a);
		break;
	case UNDO_TAG_RENAME:
		rc = asprintf(&s, _("renamed tag \"%s\" to \"%s\""), a, b);
		break;
	case UNDO_TAG_MERGE:
		rc = asprintf(&s, _("merged tag \"%s\" into \"%s\""), a, b);
		break;
	case UNDO_TAG_DELETE:
		rc = asprintf(&s, P_("deleted tag \"%s\" (it was on %'lld customer)",
		                     "deleted tag \"%s\" (it was on %'lld customers)", un),
		              a, n);
		break;
	case UNDO_TAG_PUT:
		rc = asprintf(&s, P_("put tag \"%s\" on %'lld customer",
		                     "put tag \"%s\" on %'lld customers", un),
		              a, n);
		break;
	case UNDO_TAG_TAKE:
		rc = asprintf(&s, P_("took tag \"%s\" off %'lld customer",
		                     "took tag \"%s\" off %'lld customers", un),
		              a, n);
		break;
	case UNDO_SEG_ADD:
		rc = asprintf(&s, _("add segment \"%s\""), a);
		break;
	case UNDO_SEG_RENAME:
		rc = asprintf(&s, _("rename segment \"%s\" to \"%s\""), a, b);
		break;
	case UNDO_SEG_RULE:
		rc = asprintf(&s, _("change the rule of \"%s\""), a);
		break;
	case UNDO_SEG_PLAN:
		rc = asprintf(&s, _("edit the plan of \"%s\""), a);
		break;
	case UNDO_SEG_REORDER:
		rc = asprintf(&s, _("reorder segment \"%s\""), a);
		break;
	case UNDO_SEG_MOVE:
		rc = asprintf(&s, _("move segment \"%s\""), a);
		break;
	case UNDO_SEG_COPY:
		rc = asprintf(&s, _("duplicate segment \"%s\""), a);
		break;
	case UNDO_SEG_DELETE:
		if (n > 0)
			rc = asprintf(&s, P_("delete segment \"%s\" with %lld below it",
			                     "delete segment \"%s\" with %lld below it", un),
			              a, n);
		else
			rc = asprintf(&s, _("delete segment \"%s\""), a);
		break;
	case UNDO_SEG_FREEZE:
		rc = asprintf(&s, _("freeze \"%s\" as \"%s\""), a, b);
		break;
	case UNDO_HAND_EDIT:
		/* TRANSLATORS: a hand edit in the undo log: the field's name,
		 * then the customer (name, email or id). */
		rc = asprintf(&s, _("edited \"%s\" of %s by hand"), a, b);
		break;
	}
	return rc < 0 ? NULL : s;
}

/* Stores kind and its arguments in step id, or, with id 0, in a new step. */
static int
step_store(struct db *db, long long id, enum undo_kind kind, const char *a, const char *b,
           long long n, struct err *e)
{
	sqlite3_stmt *st;

	if ((size_t)kind >= NKINDS)
		return err_set(e, EXIT_FAIL, _("internal error: undo step of kind %d"), (int)kind);
	st = db_cached(db,
	               id == 0 ? "INSERT INTO undo_log(action, payload, kind, args) VALUES ('', '', "
	                         ":kind, CASE WHEN :b IS NULL THEN json_array(:a) "
	                         "ELSE json_array(:a, :b) END)"
	                       : "UPDATE undo_log SET kind = :kind, args = CASE WHEN :b IS NULL "
	                         "THEN json_array(:a) ELSE json_array(:a, :b) END WHERE id = :id",
	               e);
	if (st == NULL)
		return -1;
	if (db_bind_text(st, ":kind", kinds[kind].key) != 0 ||
	    db_bind_text(st, ":a", a != NULL ? a : "") != 0 ||
	    (kinds[kind].shape == SHAPE_AB && db_bind_text(st, ":b", b != NULL ? b : "") != 0) ||
	    (kinds[kind].shape == SHAPE_AN && db_bind_int64(st, ":b", n) != 0) ||
	    (id != 0 && db_bind_int64(st, ":id", id) != 0))
		return err_set(e, EXIT_FAIL, _("internal error: binding an undo step"));
	return db_step(db, st, e) < 0 ? -1 : 0;
}

int
undo_step_begin(struct db *db, enum undo_kind kind, const char *a, const char *b, long long n,
                struct err *e)
{
	sqlite3_stmt *st;

	if (db_tx_depth(db) == 0)
		return err_set(e, EXIT_FAIL,
		               _("internal error: an undo step outside a transaction"));
	if (step_store(db, 0, kind, a, b, n, e) != 0)
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

/* The columns row_label reads, in this order. */
#define STEP_COLS "action, kind, json_extract(args, '$[0]'), json_extract(args, '$[1]')"

/* The label of the step whose STEP_COLS start at column col of q
 * (malloc'd; NULL when out of memory). */
static char *
row_label(sqlite3_stmt *q, int col)
{
	const char *key = db_col_text(q, col + 1);
	const char *a = db_col_text(q, col + 2);
	enum undo_kind kind;

	/* A step logged before kinds were stored keeps its English label. */
	if (key == NULL) {
		const char *action = db_col_text(q, col);

		return strdup(action != NULL ? action : "");
	}
	if (kind_find(key, &kind) != 0)
		return strdup(key);
	if (kinds[kind].shape == SHAPE_AN)
		return undo_label(kind, a, NULL, db_col_int64(q, col + 3));
	return undo_label(kind, a, db_col_text(q, col + 3), 0);
}

/* The newest step, which is the one this transaction began: a transaction
 * holds the write lock, so no other connection can log one meanwhile. */
static int
current_step(struct db *db, long long *id, struct err *e)
{
	if (db_tx_depth(db) == 0)
		return err_set(e, EXIT_FAIL, _("internal error: undo_save outside a transaction"));
	if (db_query_int64(db, "SELECT coalesce(max(id), 0) FROM undo_log", id, e) != 0)
		return -1;
	if (*id == 0)
		return err_set(e, EXIT_FAIL,
		               _("internal error: undo_save without undo_step_begin"));
	return 0;
}

int
undo_step_relabel(struct db *db, enum undo_kind kind, const char *a, const char *b, long long n,
                  struct err *e)
{
	long long id;

	if (current_step(db, &id, e) != 0)
		return -1;
	return step_store(db, id, kind, a, b, n, e);
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
		err_set(e, EXIT_FAIL, _("internal error: binding the parameters of an undo step"));
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
		return err_set(e, EXIT_FAIL,
		               _("internal error: the undo log does not keep table \"%s\""),
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
		err_set(e, EXIT_FAIL,
		        _("internal error: binding the parameters of \"%.200s\""), sql);
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
		return err_set(e, EXIT_DATAERR, _("the undo log is damaged (\"%.200s\": %s)"), sql,
		               sqlite3_errmsg(db_handle(db)));
	if (tail != NULL && tail[strspn(tail, " \t\n;")] != '\0') {
		sqlite3_finalize(*st);
		*st = NULL;
		return err_set(e, EXIT_DATAERR, _("the undo log is damaged (\"%.200s\")"), sql);
	}
	return 0;
}

/* A cell of a customer is saved as a row of its own kind: tbl the table
 * (one of cell_tables), the column's name in where_sql, the customer's id
 * in params and the value in rows (a JSON array of one), since the
 * columns of customers are the base's own (custom fields) and no entry of
 * tables above can list them. */
static const struct {
	const char *name, *key;
} cell_tables[] = {
	{"customers", "id"},
	{"customer_metrics", "customer_id"},
};

static int
cell_table(const char *name)
{
	for (size_t i = 0; i < sizeof cell_tables / sizeof cell_tables[0]; i++)
		if (name != NULL && strcmp(cell_tables[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* column as a quoted identifier (malloc'd) once it is known to be a
 * column of table t other than its key: the name may come from the base
 * file, which could have been tampered with. */
static int
cell_column(struct db *db, int t, const char *column, char **quoted, struct err *e)
{
	sqlite3_stmt *st = db_cached(db,
	                             "SELECT count(*) FROM pragma_table_info(?2) "
	                             "WHERE name = ?1 AND name <> ?3",
	                             e);
	size_t n, i, o = 0;
	int rc;

	*quoted = NULL;
	if (st == NULL)
		return -1;
	db_bind_text_at(st, 1, column);
	db_bind_static_at(st, 2, cell_tables[t].name);
	db_bind_static_at(st, 3, cell_tables[t].key);
	rc = db_step(db, st, e);
	n = rc == 1 ? (size_t)db_col_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc < 0)
		return -1;
	if (n == 0)
		return err_set(e, EXIT_DATAERR, _("the undo log is damaged (column \"%s\")"), column);
	n = strlen(column);
	if ((*quoted = malloc(2 * n + 3)) == NULL)
		return oom(e);
	(*quoted)[o++] = '"';
	for (i = 0; i < n; i++) {
		if (column[i] == '"')
			(*quoted)[o++] = '"';
		(*quoted)[o++] = column[i];
	}
	(*quoted)[o++] = '"';
	(*quoted)[o] = '\0';
	return 0;
}

int
undo_save_cell(struct db *db, const char *table, long long customer_id, const char *column,
               struct err *e)
{
	sqlite3_stmt *st = NULL;
	char *col = NULL, *sql = NULL;
	long long step;
	int t = cell_table(table), rc = -1;

	if (t < 0)
		return err_set(e, EXIT_FAIL,
		               _("internal error: the undo log does not keep table \"%s\""), table);
	if (current_step(db, &step, e) != 0 || cell_column(db, t, column, &col, e) != 0)
		goto out;
	if (asprintf(&sql,
	             "INSERT INTO undo_rows(step_id, tbl, where_sql, params, rows) "
	             "SELECT ?1, ?4, ?2, json_array(?3), json_array(%s) FROM %s WHERE %s = ?3",
	             col, cell_tables[t].name, cell_tables[t].key) < 0) {
		sql = NULL;
		oom(e);
		goto out;
	}
	if (db_prepare(db, &st, sql, e) != 0)
		goto out;
	db_bind_int64_at(st, 1, step);
	db_bind_static_at(st, 2, column);
	db_bind_int64_at(st, 3, customer_id);
	db_bind_static_at(st, 4, cell_tables[t].name);
	if (db_step(db, st, e) < 0)
		goto out;
	rc = 0;
out:
	sqlite3_finalize(st);
	free(sql);
	free(col);
	return rc;
}

/* Puts a saved cell of table t back. */
static int
restore_cell(struct db *db, int t, const char *column, const char *pj, const char *rows,
             struct err *e)
{
	sqlite3_stmt *st = NULL;
	char *col = NULL, *sql = NULL;
	int rc = -1;

	if (column == NULL || pj == NULL || rows == NULL) {
		err_set(e, EXIT_DATAERR, _("the undo log is damaged (a customer's value)"));
		goto out;
	}
	if (cell_column(db, t, column, &col, e) != 0)
		goto out;
	if (asprintf(&sql,
	             "UPDATE %s SET %s = json_extract(?1, '$[0]') "
	             "WHERE %s = json_extract(?2, '$[0]')",
	             cell_tables[t].name, col, cell_tables[t].key) < 0) {
		sql = NULL;
		oom(e);
		goto out;
	}
	if (prepare_one(db, &st, sql, e) != 0)
		goto out;
	db_bind_static_at(st, 1, rows);
	db_bind_static_at(st, 2, pj);
	if (db_step(db, st, e) < 0)
		goto out;
	rc = 0;
out:
	sqlite3_finalize(st);
	free(sql);
	free(col);
	return rc;
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
			return err_set(e, EXIT_DATAERR,
			               _("the undo log is damaged (its parameters)"));
		}
		k++;
	}
	sqlite3_reset(q);
	if (rc < 0)
		return -1;
	if (k != db_bind_count(st) + 1)
		return err_set(e, EXIT_DATAERR, _("the undo log is damaged (its parameters)"));
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
		const char *tbl = db_col_text(q, 0);
		const struct undo_table *t = table_find(tbl != NULL ? tbl : "");
		int cell = cell_table(tbl);

		if (cell >= 0) {
			/* a cell is only put back: the step added no row */
			if (!del && restore_cell(db, cell, db_col_text(q, 1), db_col_text(q, 2),
			                         db_col_text(q, 3), e) != 0) {
				rc = -1;
				break;
			}
			continue;
		}
		if (t == NULL) {
			rc = err_set(e, EXIT_DATAERR, _("the undo log is damaged (table \"%s\")"),
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
	if (db_prepare(db, &q, "SELECT id, " STEP_COLS " FROM undo_log ORDER BY id DESC LIMIT 1", e) != 0)
		goto fail;
	rc = db_step(db, q, e);
	if (rc < 0)
		goto fail;
	if (rc == 0) {
		err_set(e, EXIT_FAIL, _("nothing to undo in %s"), db_path(db));
		goto fail;
	}
	step = db_col_int64(q, 0);
	if ((what = row_label(q, 1)) == NULL) {
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
			        _("cannot undo \"%s\": the base has changed since in a way that "
			          "conflicts with it (%s)"),
			        what, sqlite3_errmsg(db_handle(db)));
		else
			err_prefix(e, _("cannot undo \"%s\": "), what);
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
	sqlite3_stmt *q = db_cached(db, "SELECT " STEP_COLS " FROM undo_log ORDER BY id DESC LIMIT 1", e);
	int rc;

	*label = NULL;
	if (q == NULL)
		return -1;
	rc = db_step(db, q, e);
	if (rc == 1 && (*label = row_label(q, 0)) == NULL)
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
	if (db_prepare(db, &q, "SELECT id, at, " STEP_COLS " FROM undo_log ORDER BY id DESC", e) != 0)
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
		s->at = db_col_strdup(q, 1);
		s->label = row_label(q, 2);
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

int
undo_forget(struct db *db, struct err *e)
{
	if (db_begin(db, e) != 0)
		return -1;
	if (db_exec(db, "DELETE FROM undo_rows", e) != 0 ||
	    db_exec(db, "DELETE FROM undo_log", e) != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, e);
}
