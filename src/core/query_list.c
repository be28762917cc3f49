/* The customer list's queries (query_list.h): pages by keyset over the
 * scope, in the order (k IS NULL, k, id), k the sort column's value (text
 * folded, empty as NULL), so that empty values come last both ways and a
 * page after a row is found from the row's key alone. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fields.h"
#include "i18n.h"
#include "query.h"
#include "query_facet.h"
#include "segment/segment.h"
#include "query_list.h"
#include "text/text.h"
#include "util/strbuf.h"

static int
oom(struct err *e)
{
	return err_set(e, EXIT_FAIL, _("out of memory"));
}

/* The name as the list shows it: full_name, else first and last names. */
#define NAME_SQL                                                                              \
	"coalesce(nullif(c.full_name, ''), nullif(trim(coalesce(c.first_name, '') || ' ' || "     \
	"coalesce(c.last_name, '')), ''))"
#define TAGS_SQL                                                                              \
	"(SELECT group_concat(t.name, ', ') FROM customer_tags AS ct JOIN tags AS t "             \
	"ON t.id = ct.tag_id WHERE ct.customer_id = c.id)"

static const char *const default_cols[] = {"name", "email", "phone", "city",
                                           "orders", "spent", "last_order", "tags"};
#define DEFAULT_NCOLS (sizeof default_cols / sizeof default_cols[0])

static void
cols_free_one(struct list_col *c)
{
	free(c->name);
	free(c->label);
	free(c->sql);
}

static void
cols_free(struct list_col *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cols_free_one(&v[i]);
	free(v);
}

void
list_query_free(struct list_query *q)
{
	rule_sql_free(&q->scope);
	cols_free(q->cols, q->ncols);
	free(q->search);
	free(q->only);
	memset(q, 0, sizeof *q);
}

/* Column c for the field called name: the name as the list shows it, the
 * tags as their names, any other field of cat by its name or label. 1
 * when cat has no such field, -1 when out of memory. */
static int
col_make(const struct field_catalog *cat, const char *name, struct list_col *c)
{
	const struct field *f = NULL;
	bool no = false;

	memset(c, 0, sizeof *c);
	if (strcmp(name, "name") == 0) {
		c->name = str_dup("name", &no);
		c->label = str_dup(_("Name"), &no);
		c->sql = str_dup(NAME_SQL, &no);
		c->type = FT_TEXT;
	} else if (strcmp(name, "tags") == 0) {
		/* their names, not a number */
		c->name = str_dup("tags", &no);
		c->label = str_dup(_("Tags"), &no);
		c->sql = str_dup(TAGS_SQL, &no);
		c->type = FT_TEXT;
	} else if ((f = fields_find(cat, name)) != NULL) {
		c->name = str_dup(f->name, &no);
		c->label = str_dup(field_label(f), &no);
		c->sql = str_dup(f->sql, &no);
		c->type = f->type;
	} else {
		return 1;
	}
	if (no) {
		cols_free_one(c);
		return -1;
	}
	return 0;
}

#define COLUMNS_KEY "list_columns" /* meta: the columns chosen last, "a,b,c" */

int
list_query_open(struct db *db, const char *parent, const char *rule, struct list_query *out,
                struct err *e)
{
	struct field_catalog cat = {0};
	char *saved = NULL, *names[64], *p, *save = NULL;
	size_t n = 0;
	bool saved_some;

	memset(out, 0, sizeof *out);
	out->sort = LIST_BY_ID;
	if (query_scope(db, parent, rule, &out->scope, e) != 0)
		return -1;
	if (fields_load(db, &cat, e) != 0 || db_meta_get(db, COLUMNS_KEY, &saved, e) != 0)
		goto fail;
	/* the columns chosen last in this base (those of them it still has),
	 * else the default ones */
	for (p = saved != NULL ? strtok_r(saved, ",", &save) : NULL; p != NULL && n < 64;
	     p = strtok_r(NULL, ",", &save))
		names[n++] = p;
	if ((out->cols = calloc(n > DEFAULT_NCOLS ? n : DEFAULT_NCOLS, sizeof *out->cols)) == NULL) {
		oom(e);
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		int rc = col_make(&cat, names[i], &out->cols[out->ncols]);

		if (rc < 0) {
			oom(e);
			goto fail;
		}
		if (rc == 0)
			out->ncols++;
	}
	saved_some = out->ncols > 0;
	for (size_t i = 0; !saved_some && i < DEFAULT_NCOLS; i++) {
		int rc = col_make(&cat, default_cols[i], &out->cols[out->ncols]);

		if (rc < 0) {
			oom(e);
			goto fail;
		}
		if (rc > 0) {
			err_set(e, EXIT_FAIL, _("the customer list: no field %s in the catalog"),
			        default_cols[i]);
			goto fail;
		}
		out->ncols++;
	}
	free(saved);
	fields_free(&cat);
	return 0;
fail:
	free(saved);
	fields_free(&cat);
	list_query_free(out);
	return -1;
}

int
list_query_save_columns(struct db *db, const struct list_query *q, struct err *e)
{
	struct strbuf b = {0};
	bool deflt = q->ncols == DEFAULT_NCOLS;
	int rc;

	for (size_t i = 0; i < q->ncols; i++) {
		strbuf_addf(&b, "%s%s", i > 0 ? "," : "", q->cols[i].name);
		deflt = deflt && strcmp(q->cols[i].name, default_cols[i]) == 0;
	}
	if (b.oom) {
		free(b.p);
		return oom(e);
	}
	/* the default columns: nothing to remember */
	rc = db_meta_set(db, COLUMNS_KEY, deflt ? NULL : b.p, e);
	free(b.p);
	return rc;
}

int
list_query_toggle(struct db *db, struct list_query *q, const char *name, bool *added,
                  struct err *e)
{
	struct field_catalog cat = {0};
	const struct field *f;
	struct list_col *v;
	size_t i;

	if (fields_load(db, &cat, e) != 0)
		return -1;
	if ((f = fields_find(&cat, name)) == NULL) {
		err_set(e, EXIT_DATAERR, _("no field \"%s\" in this base"), name);
		goto fail;
	}
	for (i = 0; i < q->ncols; i++)
		if (strcmp(q->cols[i].name, f->name) == 0)
			break;
	if (i < q->ncols) { /* there: out */
		if (q->ncols == 1) {
			err_set(e, EXIT_FAIL, _("the list keeps one column at least"));
			goto fail;
		}
		cols_free_one(&q->cols[i]);
		memmove(q->cols + i, q->cols + i + 1, (q->ncols - i - 1) * sizeof *q->cols);
		q->ncols--;
		if (q->sort == i)
			q->sort = LIST_BY_ID;
		else if (q->sort != LIST_BY_ID && q->sort > i)
			q->sort--;
		*added = false;
		fields_free(&cat);
		return 0;
	}
	if ((v = realloc(q->cols, (q->ncols + 1) * sizeof *v)) == NULL) {
		oom(e);
		goto fail;
	}
	q->cols = v;
	if (col_make(&cat, f->name, &q->cols[q->ncols]) != 0) {
		oom(e);
		goto fail;
	}
	q->ncols++;
	*added = true;
	fields_free(&cat);
	return 0;
fail:
	fields_free(&cat);
	return -1;
}

void
list_query_sort(struct list_query *q, size_t col, bool desc)
{
	q->sort = col < q->ncols ? col : LIST_BY_ID;
	q->desc = desc;
}

int
list_query_search(struct list_query *q, const char *text, struct err *e)
{
	free(q->search);
	q->search = NULL;
	if (text == NULL || *text == '\0')
		return 0;
	if ((q->search = text_fold(text)) == NULL)
		return oom(e);
	return 0;
}

int
list_query_narrow(struct list_query *q, const long long *ids, size_t n, struct err *e)
{
	struct strbuf b = {0};

	free(q->only);
	q->only = NULL;
	if (n == 0)
		return 0;
	strbuf_add(&b, "[");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&b, "%s%lld", i > 0 ? "," : "", ids[i]);
	strbuf_add(&b, "]");
	if (b.oom) {
		free(b.p);
		return oom(e);
	}
	q->only = b.p;
	return 0;
}

#define ONLY_SQL " AND c.id IN (SELECT value FROM json_each(?))"

/* The sort key's SQL: text folded, empty as NULL. */
static void
add_key(struct strbuf *b, const struct list_query *q)
{
	const struct list_col *c;

	if (q->sort == LIST_BY_ID || q->sort >= q->ncols) {
		strbuf_add(b, "c.id");
		return;
	}
	c = &q->cols[q->sort];
	if (c->type == FT_TEXT)
		strbuf_addf(b, "nullif(fold(%s), '')", c->sql);
	else
		strbuf_addf(b, "nullif(%s, '')", c->sql);
}

/* SELECT ... FROM (the scope's rows with id and k) WHERE: cols selects the
 * columns too; match adds the search. Its parameters: the scope's, the
 * narrowing's, then the search's three. */
static void
add_from(struct strbuf *b, const struct list_query *q, bool cols, bool match)
{
	strbuf_add(b, "SELECT * FROM (SELECT c.id AS id, ");
	add_key(b, q);
	strbuf_add(b, " AS k");
	for (size_t i = 0; cols && i < q->ncols; i++)
		strbuf_addf(b, ", %s", q->cols[i].sql);
	strbuf_addf(b, " FROM customers AS c%s WHERE (%s)%s", fields_join(true), q->scope.where,
	            q->only != NULL ? ONLY_SQL : "");
	if (match && q->search != NULL)
		strbuf_add(b, " AND (instr(fold(" NAME_SQL "), ?) > 0 OR instr(fold(c.email), ?) > 0"
		              " OR instr(fold(c.phone), ?) > 0)");
	strbuf_add(b, ") WHERE ");
}

/* The rows after (dir > 0) or before k in the order, as a condition with
 * k's value and id as parameters; *nparams of them (1 or 3). */
static void
add_keyset(struct strbuf *b, const struct list_query *q, const struct list_key *k, int dir,
           bool inclusive, int *nparams)
{
	bool up = (dir > 0) != q->desc; /* later rows have larger keys */
	const char *cmp = up ? ">" : "<", *eq = inclusive ? "=" : "";

	if (q->sort == LIST_BY_ID || q->sort >= q->ncols) {
		/* k is the id: a range of the rowid, which SQLite seeks */
		strbuf_addf(b, "id %s%s ?", cmp, eq);
		*nparams = 1;
	} else if (dir > 0) {
		if (k->null) {
			strbuf_addf(b, "(k IS NULL AND id %s%s ?)", cmp, eq);
			*nparams = 1;
		} else {
			strbuf_addf(b, "(k IS NULL OR k %s ? OR (k = ? AND id %s%s ?))", cmp, cmp, eq);
			*nparams = 3;
		}
	} else {
		if (k->null) {
			strbuf_addf(b, "(k IS NOT NULL OR id %s%s ?)", cmp, eq);
			*nparams = 1;
		} else {
			strbuf_addf(b, "(k IS NOT NULL AND (k %s ? OR (k = ? AND id %s%s ?)))", cmp, cmp,
			            eq);
			*nparams = 3;
		}
	}
}

static int
bind_key(sqlite3_stmt *st, int *at, const struct list_key *k, int n)
{
	if (n == 3) {
		if (db_bind_params(st, &k->v, 1, *at) != 0 || db_bind_params(st, &k->v, 1, *at + 1) != 0)
			return -1;
		*at += 2;
	}
	return db_bind_int64_at(st, (*at)++, k->id);
}

/* Binds the scope's and the search's parameters from 1; *at the next. */
static int
bind_scope(sqlite3_stmt *st, const struct list_query *q, bool match, int *at)
{
	if (db_bind_params(st, q->scope.params, q->scope.nparams, 1) != 0)
		return -1;
	*at = (int)q->scope.nparams + 1;
	if (q->only != NULL && db_bind_text_at(st, (*at)++, q->only) != 0)
		return -1;
	if (match && q->search != NULL)
		for (int i = 0; i < 3; i++)
			if (db_bind_text_at(st, (*at)++, q->search) != 0)
				return -1;
	return 0;
}

static void
row_free(struct list_row *r, size_t ncols)
{
	for (size_t i = 0; r->v != NULL && i < ncols; i++)
		free(r->v[i]);
	free(r->v);
	list_key_free(&r->key);
}

void
list_page_free(struct list_page *p)
{
	for (size_t i = 0; i < p->n; i++)
		row_free(&p->rows[i], p->ncols);
	free(p->rows);
	memset(p, 0, sizeof *p);
}

void
list_key_free(struct list_key *k)
{
	if (!k->null && k->v.kind == SQLP_TEXT)
		free(k->v.text);
	memset(k, 0, sizeof *k);
}

int
list_key_copy(struct list_key *out, const struct list_key *k)
{
	*out = *k;
	if (!k->null && k->v.kind == SQLP_TEXT && k->v.text != NULL &&
	    (out->v.text = strdup(k->v.text)) == NULL)
		return -1;
	return 0;
}

/* Row st (id, k, columns...) into r. */
static int
read_row(sqlite3_stmt *st, size_t ncols, struct list_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = r->key.id = db_col_int64(st, 0);
	switch (db_col_type(st, 1)) {
	case SQLITE_NULL:
		r->key.null = true;
		break;
	case SQLITE_INTEGER:
		r->key.v.kind = SQLP_INT;
		r->key.v.i = db_col_int64(st, 1);
		break;
	case SQLITE_FLOAT:
		r->key.v.kind = SQLP_REAL;
		r->key.v.d = db_col_double(st, 1);
		break;
	default:
		r->key.v.kind = SQLP_TEXT;
		if ((r->key.v.text = db_col_strdup(st, 1)) == NULL)
			return -1;
		break;
	}
	if ((r->v = calloc(ncols, sizeof *r->v)) == NULL)
		return -1;
	for (size_t i = 0; i < ncols; i++)
		if (!db_col_null(st, 2 + (int)i) && (r->v[i] = db_col_strdup(st, 2 + (int)i)) == NULL)
			return -1;
	return 0;
}

int
list_fetch(struct db *db, const struct list_query *q, const struct list_key *from, int dir,
           bool inclusive, bool match, size_t limit, struct list_page *out, struct err *e)
{
	struct strbuf b = {0};
	sqlite3_stmt *st = NULL;
	bool fwd = dir > 0;
	/* the order read: the list's forward, its reverse backward */
	const char *ord = fwd != q->desc ? "ASC" : "DESC";
	int nk = 0, at, s, rc = -1;

	memset(out, 0, sizeof *out);
	out->ncols = q->ncols;
	if (limit == 0)
		return 0;
	add_from(&b, q, true, match);
	if (from != NULL)
		add_keyset(&b, q, from, dir, inclusive, &nk);
	else
		strbuf_add(&b, "1");
	if (q->sort == LIST_BY_ID || q->sort >= q->ncols)
		strbuf_addf(&b, " ORDER BY id %s LIMIT ?", ord);
	else
		strbuf_addf(&b, " ORDER BY k IS NULL %s, k %s, id %s LIMIT ?", fwd ? "ASC" : "DESC", ord,
		            ord);
	if (b.oom) {
		free(b.p);
		return oom(e);
	}
	if (db_prepare(db, &st, b.p, e) != 0)
		goto out;
	if (bind_scope(st, q, match, &at) != 0 || (from != NULL && bind_key(st, &at, from, nk) != 0) ||
	    db_bind_int64_at(st, at, (long long)limit) != 0) {
		err_set(e, EXIT_FAIL, _("binding the parameters of the customer list failed"));
		goto out;
	}
	if ((out->rows = calloc(limit, sizeof *out->rows)) == NULL) {
		oom(e);
		goto out;
	}
	while ((s = db_step(db, st, e)) == 1) {
		if (out->n == limit)
			break;
		if (read_row(st, q->ncols, &out->rows[out->n]) != 0) {
			row_free(&out->rows[out->n], q->ncols);
			oom(e);
			goto out;
		}
		out->n++;
	}
	if (s < 0)
		goto out;
	if (!fwd) /* read backward: put in the list's order */
		for (size_t i = 0; i < out->n / 2; i++) {
			struct list_row t = out->rows[i];

			out->rows[i] = out->rows[out->n - 1 - i];
			out->rows[out->n - 1 - i] = t;
		}
	rc = 0;
out:
	sqlite3_finalize(st);
	free(b.p);
	if (rc != 0)
		list_page_free(out);
	return rc;
}

int
list_position(struct db *db, const struct list_query *q, const struct list_key *k, long long *out,
              struct err *e)
{
	struct strbuf b = {0};
	sqlite3_stmt *st = NULL;
	int nk = 0, at, s, rc = -1;

	*out = 0;
	strbuf_add(&b, "SELECT count(*) FROM (");
	add_from(&b, q, false, false);
	add_keyset(&b, q, k, -1, false, &nk);
	strbuf_add(&b, ")");
	if (b.oom) {
		free(b.p);
		return oom(e);
	}
	if (db_prepare(db, &st, b.p, e) != 0)
		goto out;
	if (bind_scope(st, q, false, &at) != 0 || bind_key(st, &at, k, nk) != 0) {
		err_set(e, EXIT_FAIL, _("binding the parameters of the customer list failed"));
		goto out;
	}
	if ((s = db_step(db, st, e)) == 1) {
		*out = db_col_int64(st, 0);
		rc = 0;
	} else if (s == 0) {
		rc = 0;
	}
out:
	sqlite3_finalize(st);
	free(b.p);
	return rc;
}

/* A deep copy of the scope's SQL and parameters into out. */
static int
scope_copy(struct rule_sql *out, const struct rule_sql *in)
{
	bool no = false;

	memset(out, 0, sizeof *out);
	out->where = str_dup(in->where, &no);
	out->needs_metrics = in->needs_metrics;
	out->conds = in->conds;
	out->levels = in->levels;
	if (!no && in->nparams > 0) {
		if ((out->params = calloc(in->nparams, sizeof *out->params)) == NULL) {
			no = true;
		} else {
			for (size_t i = 0; i < in->nparams; i++) {
				out->params[i] = in->params[i];
				out->params[i].text = str_dup(in->params[i].text, &no);
				out->nparams++;
			}
		}
	}
	if (no) {
		rule_sql_free(out);
		return -1;
	}
	return 0;
}

int
list_query_copy(struct list_query *out, const struct list_query *q, struct err *e)
{
	bool no = false;

	memset(out, 0, sizeof *out);
	if (scope_copy(&out->scope, &q->scope) != 0)
		return oom(e);
	if (q->ncols > 0 && (out->cols = calloc(q->ncols, sizeof *out->cols)) == NULL)
		goto nomem;
	for (; out->ncols < q->ncols; out->ncols++) {
		struct list_col *c = &out->cols[out->ncols];

		c->name = str_dup(q->cols[out->ncols].name, &no);
		c->label = str_dup(q->cols[out->ncols].label, &no);
		c->sql = str_dup(q->cols[out->ncols].sql, &no);
		c->type = q->cols[out->ncols].type;
	}
	out->sort = q->sort;
	out->desc = q->desc;
	out->search = str_dup(q->search, &no);
	out->only = str_dup(q->only, &no);
	if (!no)
		return 0;
nomem:
	list_query_free(out);
	return oom(e);
}

/* Steps st to its end, each row's first column appended to *ids. */
static int
read_ids(struct db *db, sqlite3_stmt *st, long long **ids, size_t *n, struct err *e)
{
	size_t cap = 0;
	int s;

	*ids = NULL;
	*n = 0;
	while ((s = db_step(db, st, e)) == 1) {
		if (*n == cap) {
			long long *nv = realloc(*ids, (cap = cap ? cap * 2 : 256) * sizeof *nv);

			if (nv == NULL) {
				free(*ids);
				*ids = NULL;
				*n = 0;
				return oom(e);
			}
			*ids = nv;
		}
		(*ids)[(*n)++] = db_col_int64(st, 0);
	}
	if (s != 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* The ids of the list's rows (only those the search matches, when match)
 * in the list's order (by id when by_id). */
static int
list_ids(struct db *db, const struct list_query *q, bool match, bool by_id, long long **ids,
         size_t *n, struct err *e)
{
	struct strbuf b = {0};
	sqlite3_stmt *st = NULL;
	const char *ord = q->desc ? "DESC" : "ASC";
	int at, rc = -1;

	*ids = NULL;
	*n = 0;
	add_from(&b, q, false, match);
	strbuf_add(&b, "1");
	if (by_id || q->sort == LIST_BY_ID || q->sort >= q->ncols)
		strbuf_addf(&b, " ORDER BY id %s", by_id ? "ASC" : ord);
	else
		strbuf_addf(&b, " ORDER BY k IS NULL, k %s, id %s", ord, ord);
	if (b.oom) {
		free(b.p);
		return oom(e);
	}
	if (db_prepare(db, &st, b.p, e) != 0)
		goto out;
	if (bind_scope(st, q, match, &at) != 0) {
		err_set(e, EXIT_FAIL, _("binding the parameters of the customer list failed"));
		goto out;
	}
	rc = read_ids(db, st, ids, n, e);
out:
	sqlite3_finalize(st);
	free(b.p);
	return rc;
}

int
list_order(struct db *db, const struct list_query *q, long long **ids, size_t *n, struct err *e)
{
	return list_ids(db, q, false, false, ids, n, e);
}

int
list_matches(struct db *db, const struct list_query *q, long long **ids, size_t *n,
             struct err *e)
{
	if (q->search == NULL) {
		*ids = NULL;
		*n = 0;
		return 0;
	}
	return list_ids(db, q, true, true, ids, n, e);
}

int
list_fetch_ids(struct db *db, const struct list_query *q, const long long *ids, size_t n,
               struct list_page *out, struct err *e)
{
	struct strbuf b = {0}, json = {0};
	sqlite3_stmt *st = NULL;
	struct list_row r;
	size_t i, k;
	int s, rc = -1;

	memset(out, 0, sizeof *out);
	out->ncols = q->ncols;
	if (n == 0)
		return 0;
	/* the rows by their ids, whether or not they are still in the scope
	 * (an edit may have taken them out since the order was read) */
	strbuf_add(&b, "SELECT c.id, ");
	add_key(&b, q);
	for (i = 0; i < q->ncols; i++)
		strbuf_addf(&b, ", %s", q->cols[i].sql);
	strbuf_addf(&b, " FROM customers AS c%s WHERE c.id IN (SELECT value FROM json_each(?))",
	            fields_join(true));
	strbuf_add(&json, "[");
	for (i = 0; i < n; i++)
		strbuf_addf(&json, "%s%lld", i > 0 ? "," : "", ids[i]);
	strbuf_add(&json, "]");
	if (b.oom || json.oom || (out->rows = calloc(n, sizeof *out->rows)) == NULL) {
		oom(e);
		goto out;
	}
	if (db_prepare(db, &st, b.p, e) != 0)
		goto out;
	if (db_bind_text_at(st, 1, json.p) != 0) {
		err_set(e, EXIT_FAIL, _("binding the parameters of the customer list failed"));
		goto out;
	}
	/* rows come in the base's order: each goes to its id's place (a page
	 * is a screenful, so a linear look is enough) */
	while ((s = db_step(db, st, e)) == 1) {
		if (read_row(st, q->ncols, &r) != 0) {
			row_free(&r, q->ncols);
			oom(e);
			goto out;
		}
		for (i = 0; i < n && (ids[i] != r.id || out->rows[i].v != NULL); i++)
			;
		if (i < n)
			out->rows[i] = r;
		else
			row_free(&r, q->ncols);
	}
	if (s < 0)
		goto out;
	/* a customer deleted since leaves no gap */
	for (i = k = 0; i < n; i++)
		if (out->rows[i].v != NULL)
			out->rows[k++] = out->rows[i];
	out->n = k;
	rc = 0;
out:
	sqlite3_finalize(st);
	free(b.p);
	free(json.p);
	if (rc != 0) {
		for (i = 0; out->rows != NULL && i < n; i++)
			row_free(&out->rows[i], q->ncols);
		free(out->rows);
		memset(out, 0, sizeof *out);
	}
	return rc;
}

int
list_query_ids(struct db *db, const struct list_query *q, const char *rule, long long **ids,
               size_t *n, struct err *e)
{
	struct rule_sql w = {0}, r = {0};
	struct strbuf b = {0};
	sqlite3_stmt *st = NULL;
	int rc = -1;

	*ids = NULL;
	*n = 0;
	/* the scope's condition and parameters, copied, ANDed with the rule's */
	if (scope_copy(&w, &q->scope) != 0)
		return oom(e);
	if (rule != NULL && *rule != '\0' &&
	    (rule_where(db, rule, &r, e) != 0 || segment_sql_and(&w, &r, e) != 0))
		goto out;
	strbuf_addf(&b, "SELECT c.id FROM customers AS c%s WHERE %s%s ORDER BY c.id",
	            fields_join(w.needs_metrics != 0), w.where, q->only != NULL ? ONLY_SQL : "");
	if (b.oom)
		goto nomem;
	if (db_prepare(db, &st, b.p, e) != 0)
		goto out;
	if (db_bind_params(st, w.params, w.nparams, 1) != 0 ||
	    (q->only != NULL && db_bind_text_at(st, (int)w.nparams + 1, q->only) != 0)) {
		err_set(e, EXIT_FAIL, _("binding the parameters of the customer list failed"));
		goto out;
	}
	rc = read_ids(db, st, ids, n, e);
	goto out;
nomem:
	oom(e);
out:
	sqlite3_finalize(st);
	free(b.p);
	rule_sql_free(&w);
	rule_sql_free(&r);
	if (rc != 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return rc;
}
