/* One customer whole for the card (customer_card_load) and hand edits of
 * one field (customer_edit): the value checked by the importer's own
 * normalisers (import_hand_value), the old one saved in the undo log, the
 * field recorded in hand_edits, which re-imports leave alone. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "customer.h"
#include "db.h"
#include "fields.h"
#include "i18n.h"
#include "import/import.h"
#include "metrics.h"
#include "text/text.h"
#include "undo.h"
#include "util/strbuf.h"

static int
oom(struct err *e)
{
	return err_set(e, EXIT_FAIL, _("out of memory"));
}

void
customer_card_free(struct customer_card *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nfields; i++)
		free(c->fields[i].value);
	free(c->fields);
	for (i = 0; i < c->norders; i++) {
		free(c->orders[i].date);
		free(c->orders[i].number);
	}
	free(c->orders);
	for (i = 0; i < c->ntags; i++)
		free(c->tags[i]);
	free(c->tags);
	free(c->title);
	fields_free(&c->cat);
	memset(c, 0, sizeof *c);
}

/* Column i of st as the card shows a value of type t; NULL when empty. */
static char *
cell_text(sqlite3_stmt *st, int i, enum field_type t, bool *oomp)
{
	char *s = NULL;
	int rc = 0;

	switch (db_col_type(st, i)) {
	case SQLITE_NULL:
		return NULL;
	case SQLITE_INTEGER:
		if (t == FT_BOOL)
			return str_dup(db_col_int64(st, i) ? _("yes") : _("no"), oomp);
		rc = asprintf(&s, "%lld", db_col_int64(st, i));
		break;
	case SQLITE_FLOAT:
		if (t == FT_BOOL)
			return str_dup(db_col_double(st, i) != 0 ? _("yes") : _("no"), oomp);
		rc = asprintf(&s, "%.15g", db_col_double(st, i));
		break;
	default:
		if (db_col_bytes(st, i) == 0)
			return NULL;
		return str_dup(db_col_text(st, i), oomp);
	}
	if (rc < 0) {
		*oomp = true;
		return NULL;
	}
	return s;
}

/* The fields in the card's order: built-in, custom, computed. */
static int
load_fields(struct db *db, struct customer_card *c, struct err *e)
{
	static const enum field_origin order[] = {FO_BUILTIN, FO_CUSTOM, FO_COMPUTED};
	struct strbuf sql = {0};
	sqlite3_stmt *st = NULL;
	size_t i, k, n = 0;
	bool oomp = false;
	int rc = -1;

	if ((c->fields = calloc(c->cat.n ? c->cat.n : 1, sizeof *c->fields)) == NULL)
		return oom(e);
	for (k = 0; k < 3; k++)
		for (i = 0; i < c->cat.n; i++)
			if (c->cat.v[i].origin == order[k])
				c->fields[n++].field = &c->cat.v[i];
	c->nfields = n;
	strbuf_add(&sql, "SELECT ");
	for (i = 0; i < n; i++) {
		strbuf_add(&sql, i > 0 ? ", " : "");
		strbuf_add(&sql, c->fields[i].field->sql);
	}
	strbuf_add(&sql, " FROM customers AS c");
	strbuf_add(&sql, fields_join(true));
	strbuf_add(&sql, " WHERE c.id = ?1");
	if (sql.oom || sql.p == NULL) {
		free(sql.p);
		return oom(e);
	}
	if (db_prepare(db, &st, sql.p, e) != 0)
		goto out;
	db_bind_int64_at(st, 1, c->id);
	if ((rc = db_step(db, st, e)) == 0)
		rc = err_set(e, EXIT_DATAERR, _("customer %lld is no longer in %s"), c->id,
		             db_path(db));
	if (rc < 0)
		goto out;
	for (i = 0; i < n; i++)
		c->fields[i].value = cell_text(st, (int)i, c->fields[i].field->type, &oomp);
	sqlite3_finalize(st);
	st = NULL;
	if (oomp) {
		rc = oom(e);
		goto out;
	}
	/* which of them were edited by hand */
	if (db_prepare(db, &st, "SELECT field FROM hand_edits WHERE customer_id = ?1", e) != 0) {
		rc = -1;
		goto out;
	}
	db_bind_int64_at(st, 1, c->id);
	while ((rc = db_step(db, st, e)) == 1) {
		const char *f = db_col_text(st, 0);

		for (i = 0; f != NULL && i < n; i++)
			if (c->fields[i].field->origin != FO_COMPUTED &&
			    strcmp(c->fields[i].field->name, f) == 0)
				c->fields[i].hand = true;
	}
out:
	sqlite3_finalize(st);
	free(sql.p);
	return rc < 0 ? -1 : 0;
}

static int
load_orders(struct db *db, struct customer_card *c, struct err *e)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	bool oomp = false;
	int rc;

	if (db_prepare(db, &st,
	               "SELECT date, order_no, amount, cancelled FROM orders WHERE customer_id = ?1 "
	               "ORDER BY date IS NULL, date DESC, id DESC",
	               e) != 0)
		return -1;
	db_bind_int64_at(st, 1, c->id);
	while ((rc = db_step(db, st, e)) == 1) {
		struct card_order *o;

		if (c->norders == cap) {
			size_t ncap = cap ? 2 * cap : 16;

			if ((o = realloc(c->orders, ncap * sizeof *o)) == NULL) {
				rc = oom(e);
				break;
			}
			c->orders = o;
			cap = ncap;
		}
		o = &c->orders[c->norders++];
		o->date = db_col_null(st, 0) ? NULL : str_dup(db_col_text(st, 0), &oomp);
		o->number = db_col_null(st, 1) ? NULL : str_dup(db_col_text(st, 1), &oomp);
		o->amount = db_col_double(st, 2);
		o->cancelled = db_col_int(st, 3) != 0;
		if (oomp) {
			rc = oom(e);
			break;
		}
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

static int
load_tags(struct db *db, struct customer_card *c, struct err *e)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	if (db_prepare(db, &st,
	               "SELECT t.name FROM customer_tags AS ct JOIN tags AS t ON t.id = ct.tag_id "
	               "WHERE ct.customer_id = ?1 ORDER BY t.name_fold",
	               e) != 0)
		return -1;
	db_bind_int64_at(st, 1, c->id);
	while ((rc = db_step(db, st, e)) == 1) {
		if (c->ntags == cap) {
			size_t ncap = cap ? 2 * cap : 8;
			char **v = realloc(c->tags, ncap * sizeof *v);

			if (v == NULL) {
				rc = oom(e);
				break;
			}
			c->tags = v;
			cap = ncap;
		}
		if ((c->tags[c->ntags] = db_col_strdup(st, 0)) == NULL) {
			rc = oom(e);
			break;
		}
		c->ntags++;
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* What names the customer in a title or a message: the name, else the
 * email, else the external id, else "#id" (malloc'd). */
static int
customer_title(struct db *db, long long id, char **out, struct err *e)
{
	sqlite3_stmt *st = db_cached(db,
	                             "SELECT coalesce(nullif(full_name, ''), nullif(trim("
	                             "coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''),"
	                             " email, ext_id) FROM customers WHERE id = ?1",
	                             e);
	int rc;

	*out = NULL;
	if (st == NULL)
		return -1;
	db_bind_int64_at(st, 1, id);
	rc = db_step(db, st, e);
	if (rc == 1 && !db_col_null(st, 0))
		*out = db_col_strdup(st, 0);
	else if (rc >= 0 && asprintf(out, "#%lld", id) < 0)
		*out = NULL;
	sqlite3_reset(st);
	if (rc < 0)
		return -1;
	return *out == NULL ? oom(e) : 0;
}

int
customer_card_load(struct db *db, long long id, struct customer_card *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	out->id = id;
	if (fields_load(db, &out->cat, e) != 0 || load_fields(db, out, e) != 0 ||
	    load_orders(db, out, e) != 0 || load_tags(db, out, e) != 0 ||
	    customer_title(db, id, &out->title, e) != 0) {
		customer_card_free(out);
		return -1;
	}
	return 0;
}

bool
customer_card_has_tag(const struct customer_card *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->ntags; i++)
		if (text_same_folded(c->tags[i], name))
			return true;
	return false;
}

/* --- hand edits ------------------------------------------------------------ */

/* The customers column of field f (malloc'd). */
static int
field_column(struct db *db, const struct field *f, char **out, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if (f->origin == FO_BUILTIN) {
		*out = strdup(strcmp(f->name, "id") == 0 ? "ext_id" : f->name);
		return *out == NULL ? oom(e) : 0;
	}
	st = db_cached(db, "SELECT column_name FROM fields WHERE name = ?1 AND origin = 'custom'", e);
	if (st == NULL)
		return -1;
	db_bind_text_at(st, 1, f->name);
	rc = db_step(db, st, e);
	if (rc == 1 && (*out = db_col_strdup(st, 0)) == NULL)
		rc = oom(e);
	sqlite3_reset(st);
	if (rc == 0)
		return err_set(e, EXIT_DATAERR, _("field \"%s\" is not in %s"), f->name, db_path(db));
	return rc < 0 ? -1 : 0;
}

/* An external id is one customer's: another with the same one refuses. */
static int
check_ext_id(struct db *db, long long id, const char *ext, struct err *e)
{
	sqlite3_stmt *st = db_cached(db,
	                             "SELECT id FROM customers WHERE ext_id = ?1 AND id <> ?2", e);
	long long other = 0;
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text_at(st, 1, ext);
	db_bind_int64_at(st, 2, id);
	rc = db_step(db, st, e);
	if (rc == 1)
		other = db_col_int64(st, 0);
	sqlite3_reset(st);
	if (rc < 0)
		return -1;
	if (other != 0)
		return err_set(e, EXIT_DATAERR,
		               _("ID \"%s\" is another customer's already (#%lld): an ID names one "
		                 "customer"),
		               ext, other);
	return 0;
}

/* Writes value v (NULL: empty) in column col of customer id. */
static int
write_cell(struct db *db, long long id, const char *col, const struct sql_param *v,
           struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct strbuf sql = {0};
	int rc = -1;

	/* col is a column the catalog named, quoted */
	strbuf_add(&sql, "UPDATE customers SET \"");
	for (const char *p = col; *p != '\0'; p++)
		if (*p == '"')
			strbuf_add(&sql, "\"\"");
		else
			strbuf_addn(&sql, p, 1);
	strbuf_add(&sql, "\" = ?1 WHERE id = ?2");
	if (sql.oom || sql.p == NULL) {
		free(sql.p);
		return oom(e);
	}
	if (db_prepare(db, &st, sql.p, e) != 0)
		goto out;
	if (v == NULL)
		db_bind_null_at(st, 1);
	else if (db_bind_params(st, v, 1, 1) != 0) {
		err_set(e, EXIT_FAIL, _("internal error: binding a hand edit"));
		goto out;
	}
	db_bind_int64_at(st, 2, id);
	if (db_step(db, st, e) < 0)
		goto out;
	if (sqlite3_changes(db_handle(db)) == 0) {
		err_set(e, EXIT_DATAERR, _("customer %lld is no longer in %s"), id, db_path(db));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	free(sql.p);
	return rc;
}

int
customer_edit(struct db *db, long long id, const char *field, const char *text,
              struct err *e)
{
	struct field_catalog cat = {0};
	const struct field *f;
	struct sql_param v = {0}, keys[2] = {{0}};
	char *col = NULL, *title = NULL;
	bool empty = false;
	sqlite3_stmt *st;
	int rc = -1;

	if (fields_load(db, &cat, e) != 0)
		return -1;
	if ((f = fields_find(&cat, field)) == NULL) {
		err_set(e, EXIT_USAGE, _("unknown field \"%s\""), field);
		goto out;
	}
	if (import_hand_value(db, f, id, text, &empty, &v, e) != 0 ||
	    field_column(db, f, &col, e) != 0 || customer_title(db, id, &title, e) != 0)
		goto out;
	if (db_begin(db, e) != 0)
		goto out;
	if (f->origin == FO_BUILTIN && strcmp(f->name, "id") == 0 && !empty &&
	    check_ext_id(db, id, v.text, e) != 0)
		goto fail;
	keys[0] = (struct sql_param){.kind = SQLP_INT, .i = id};
	keys[1] = (struct sql_param){.kind = SQLP_TEXT, .text = f->name};
	if (undo_step_begin(db, UNDO_HAND_EDIT, f->name, title, 0, e) != 0 ||
	    undo_save_cell(db, "customers", id, col, e) != 0 ||
	    undo_save(db, "hand_edits", "customer_id = ? AND field = ?", keys, 2, e) != 0 ||
	    write_cell(db, id, col, empty ? NULL : &v, e) != 0)
		goto fail;
	/* the age is computed from the birth date: now, not at the next import */
	if (strcmp(col, "birth_date") == 0 &&
	    (undo_save_cell(db, "customer_metrics", id, "age", e) != 0 ||
	     metrics_customer_age(db, id, e) != 0))
		goto fail;
	st = db_cached(db,
	               "INSERT INTO hand_edits(customer_id, field) VALUES (?1, ?2) "
	               "ON CONFLICT(customer_id, field) DO UPDATE SET edited_at = datetime('now')",
	               e);
	if (st == NULL)
		goto fail;
	db_bind_int64_at(st, 1, id);
	db_bind_text_at(st, 2, f->name);
	if (db_step(db, st, e) < 0 || db_commit(db, e) != 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	free(v.text);
	free(col);
	free(title);
	fields_free(&cat);
	return rc;
}
