/* Tags: names checked and folded, the tag list with counts, and the edits
 * (create, rename, merge, delete, put on, take off), each one transaction
 * and one undo step. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "query.h"
#include "rule/rule.h"
#include "segment/segment.h"
#include "tag.h"
#include "text/text.h"
#include "undo.h"

/* Long enough for any label a marketer would type; short enough to fit a
 * list column and a mail service's tag field. */
#define TAG_NAME_MAX 100

static int
oom(struct err *e)
{
	return err_set(e, EXIT_FAIL, _("out of memory"));
}

/* --- names --------------------------------------------------------------- */

/* A tag name as given by the user: trimmed, valid UTF-8, one line, at most
 * TAG_NAME_MAX characters. *name and *fold (malloc'd) are the name and its
 * case-folded form, the key of uniqueness. */
static int
name_check(const char *in, char **name, char **fold, struct err *e)
{
	const unsigned char *p;
	size_t nchars = 0;
	char *s;

	*name = *fold = NULL;
	if (in == NULL || (s = strdup(in)) == NULL)
		return in == NULL ? err_set(e, EXIT_DATAERR, _("a tag needs a name")) : oom(e);
	text_trim(s);
	if (*s == '\0') {
		free(s);
		return err_set(e, EXIT_DATAERR, _("a tag name cannot be empty"));
	}
	if (!text_valid_utf8(s, strlen(s), NULL)) {
		free(s);
		return err_set(e, EXIT_DATAERR, _("the tag name is not valid UTF-8"));
	}
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			free(s);
			return err_set(e, EXIT_DATAERR,
			               _("a tag name is one line of text (no tabs or line breaks)"));
		}
		nchars += (*p & 0xc0) != 0x80;
	}
	if (nchars > TAG_NAME_MAX) {
		err_set(e, EXIT_DATAERR,
		        _("the tag name \"%.60s...\" is too long (%zu characters; at most %d)"),
		        s, nchars, TAG_NAME_MAX);
		free(s);
		return -1;
	}
	if ((*fold = text_fold(s)) == NULL) {
		free(s);
		return oom(e);
	}
	*name = s;
	return 0;
}

/* The tag whose folded name is fold: *id (0 when there is none) and, when
 * name is not NULL, its name as stored (malloc'd). */
static int
find_fold(struct db *db, const char *fold, long long *id, char **name, struct err *e)
{
	sqlite3_stmt *st = db_cached(db, "SELECT id, name FROM tags WHERE name_fold = ?1", e);
	int rc;

	*id = 0;
	if (name != NULL)
		*name = NULL;
	if (st == NULL)
		return -1;
	db_bind_text_at(st, 1, fold);
	rc = db_step(db, st, e);
	if (rc == 1) {
		*id = db_col_int64(st, 0);
		if (name != NULL && (*name = strdup(db_col_text(st, 1))) == NULL)
			rc = oom(e);
	}
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

/* An existing tag named in any case: *id and its stored name (malloc'd). */
static int
find_existing(struct db *db, const char *in, long long *id, char **name, struct err *e)
{
	char *n, *fold;
	int rc;

	if (name_check(in, &n, &fold, e) != 0)
		return -1;
	rc = find_fold(db, fold, id, name, e);
	if (rc == 0 && *id == 0)
		rc = err_set(e, EXIT_DATAERR, _("no tag \"%s\" (clientele tags lists them)"), n);
	free(n);
	free(fold);
	return rc;
}

/* Deletes a tag; its customer_tags rows go with it (ON DELETE CASCADE). */
static int
drop_tag(struct db *db, long long id, struct err *e)
{
	sqlite3_stmt *st = db_cached(db, "DELETE FROM tags WHERE id = ?1", e);

	if (st == NULL)
		return -1;
	db_bind_int64_at(st, 1, id);
	return db_step(db, st, e) < 0 ? -1 : 0;
}

/* undo_save with integer parameters. */
static int
save_ids(struct db *db, const char *table, const char *where, long long a1, long long a2,
         size_t n, struct err *e)
{
	struct sql_param p[2] = {{.kind = SQLP_INT, .i = a1}, {.kind = SQLP_INT, .i = a2}};

	return undo_save(db, table, where, p, n, e);
}

static int
save_text(struct db *db, const char *table, const char *where, const char *s, struct err *e)
{
	struct sql_param p = {.kind = SQLP_TEXT, .text = (char *)s};

	return undo_save(db, table, where, &p, 1, e);
}

/* --- the list ------------------------------------------------------------ */

int
tag_list(struct db *db, struct tag_info **out, size_t *n, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct tag_info *v = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (db_prepare(db, &st,
	               "SELECT t.id, t.name, (SELECT count(*) FROM customer_tags AS ct "
	               "WHERE ct.tag_id = t.id) FROM tags AS t ORDER BY t.name_fold, t.id",
	               e) != 0)
		return -1;
	while ((rc = db_step(db, st, e)) == 1) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct tag_info *nv = realloc(v, ncap * sizeof *v);

			if (nv == NULL) {
				rc = oom(e);
				break;
			}
			v = nv;
			cap = ncap;
		}
		v[len].id = db_col_int64(st, 0);
		v[len].count = db_col_int64(st, 2);
		if ((v[len++].name = strdup(db_col_text(st, 1))) == NULL) {
			rc = oom(e);
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc < 0) {
		tag_list_free(v, len);
		return -1;
	}
	*out = v;
	*n = len;
	return 0;
}

void
tag_list_free(struct tag_info *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* Puts the tag on, or takes it off, the customers listed in ids (JSON),
 * after saving the before-image of exactly those rows: the step's size in
 * the log follows the change, not the size of the tag. */
static int
apply(struct db *db, long long tag, const char *ids, bool add, long long *changed,
      struct err *e)
{
	struct sql_param p[2] = {{.kind = SQLP_INT, .i = tag}, {.kind = SQLP_TEXT, .text = (char *)ids}};
	sqlite3_stmt *st;

	if (undo_save(db, "customer_tags",
	              "tag_id = ? AND customer_id IN (SELECT value FROM json_each(?))", p, 2, e) != 0)
		return -1;
	st = db_cached(db,
	               add ? "INSERT OR IGNORE INTO customer_tags(customer_id, tag_id) "
	                     "SELECT value, ?1 FROM json_each(?2)"
	                   : "DELETE FROM customer_tags WHERE tag_id = ?1 AND customer_id IN "
	                     "(SELECT value FROM json_each(?2))",
	               e);
	if (st == NULL)
		return -1;
	db_bind_int64_at(st, 1, tag);
	db_bind_static_at(st, 2, ids);
	if (db_step(db, st, e) < 0)
		return -1;
	*changed = sqlite3_changes(db_handle(db));
	return 0;
}

/* --- create, rename, merge, delete ----------------------------------------- */

/* Inserts the tag (known not to exist) after saving the empty before-image
 * of its name, so that undo deletes it again. */
static int
insert_tag(struct db *db, const char *name, const char *fold, long long *id, struct err *e)
{
	sqlite3_stmt *st;

	if (save_text(db, "tags", "name_fold = ?", fold, e) != 0)
		return -1;
	st = db_cached(db, "INSERT INTO tags(name, name_fold) VALUES (?1, ?2)", e);
	if (st == NULL)
		return -1;
	db_bind_text_at(st, 1, name);
	db_bind_text_at(st, 2, fold);
	if (db_step(db, st, e) < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return 0;
}

int
tag_create(struct db *db, const char *in, long long *id, struct err *e)
{
	char *name = NULL, *fold = NULL, *old = NULL;
	long long found, newid = 0;

	if (id != NULL)
		*id = 0;
	if (name_check(in, &name, &fold, e) != 0)
		return -1;
	if (db_begin(db, e) != 0)
		goto out;
	if (find_fold(db, fold, &found, &old, e) != 0)
		goto fail;
	if (found != 0) {
		err_set(e, EXIT_DATAERR, _("tag \"%s\" already exists"), old);
		goto fail;
	}
	if (undo_step_begin(db, UNDO_TAG_CREATE, name, NULL, 0, e) != 0 ||
	    insert_tag(db, name, fold, &newid, e) != 0 || db_commit(db, e) != 0)
		goto fail;
	if (id != NULL)
		*id = newid;
	free(name);
	free(fold);
	return 0;
fail:
	db_rollback(db);
out:
	free(old);
	free(name);
	free(fold);
	return -1;
}

int
tag_rename(struct db *db, const char *from, const char *to, struct err *e)
{
	char *oldname = NULL, *name = NULL, *fold = NULL, *other = NULL;
	long long id, clash;
	sqlite3_stmt *st;
	int rc = -1;

	if (name_check(to, &name, &fold, e) != 0)
		return -1;
	if (db_begin(db, e) != 0)
		goto out;
	if (find_existing(db, from, &id, &oldname, e) != 0 ||
	    find_fold(db, fold, &clash, &other, e) != 0)
		goto fail;
	if (clash != 0 && clash != id) {
		err_set(e, EXIT_DATAERR,
		        _("tag \"%s\" already exists; to put the customers of \"%s\" under it, "
		          "merge the two"),
		        other, oldname);
		goto fail;
	}
	if (strcmp(oldname, name) == 0) {
		/* Nothing changes: no step to undo. */
		db_rollback(db);
		rc = 0;
		goto out;
	}
	if (undo_step_begin(db, UNDO_TAG_RENAME, oldname, name, 0, e) != 0 ||
	    save_ids(db, "tags", "id = ?", id, 0, 1, e) != 0)
		goto fail;
	if ((st = db_cached(db, "UPDATE tags SET name = ?1, name_fold = ?2 WHERE id = ?3", e)) ==
	    NULL)
		goto fail;
	db_bind_text_at(st, 1, name);
	db_bind_text_at(st, 2, fold);
	db_bind_int64_at(st, 3, id);
	if (db_step(db, st, e) < 0 || db_commit(db, e) != 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	free(oldname);
	free(other);
	free(name);
	free(fold);
	return rc;
}

int
tag_merge(struct db *db, const char *from, const char *into, struct err *e)
{
	char *fname = NULL, *iname = NULL, *ids = NULL;
	long long fid, iid, moved;
	sqlite3_stmt *st;
	int rc = -1;

	if (db_begin(db, e) != 0)
		return -1;
	if (find_existing(db, from, &fid, &fname, e) != 0 ||
	    find_existing(db, into, &iid, &iname, e) != 0)
		goto fail;
	if (fid == iid) {
		err_set(e, EXIT_DATAERR,
		        _("\"%s\" and \"%s\" are the same tag; nothing to merge"), fname,
		        iname);
		goto fail;
	}
	if ((st = db_cached(db,
	                    "SELECT json_group_array(customer_id) FROM customer_tags WHERE tag_id = ?1 "
	                    "AND customer_id NOT IN (SELECT customer_id FROM customer_tags "
	                    "WHERE tag_id = ?2)",
	                    e)) == NULL)
		goto fail;
	db_bind_int64_at(st, 1, fid);
	db_bind_int64_at(st, 2, iid);
	if (db_step(db, st, e) != 1)
		goto fail;
	ids = strdup(db_col_text(st, 0));
	sqlite3_reset(st);
	if (ids == NULL) {
		oom(e);
		goto fail;
	}
	/* Parents first: undo inserts in save order. from's rows go with it;
	 * into gains only the customers it lacked. */
	if (undo_step_begin(db, UNDO_TAG_MERGE, fname, iname, 0, e) != 0 ||
	    save_ids(db, "tags", "id IN (?, ?)", fid, iid, 2, e) != 0 ||
	    save_ids(db, "customer_tags", "tag_id = ?", fid, 0, 1, e) != 0 ||
	    apply(db, iid, ids, true, &moved, e) != 0 ||
	    drop_tag(db, fid, e) != 0 ||
	    db_commit(db, e) != 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	free(ids);
	free(fname);
	free(iname);
	return rc;
}

int
tag_delete(struct db *db, const char *in, struct err *e)
{
	char *name = NULL;
	long long id, count;
	sqlite3_stmt *st;
	int rc = -1;

	if (db_begin(db, e) != 0)
		return -1;
	if (find_existing(db, in, &id, &name, e) != 0)
		goto fail;
	if ((st = db_cached(db, "SELECT count(*) FROM customer_tags WHERE tag_id = ?1", e)) == NULL)
		goto fail;
	db_bind_int64_at(st, 1, id);
	if (db_step(db, st, e) != 1)
		goto fail;
	count = db_col_int64(st, 0);
	sqlite3_reset(st);
	/* The customer_tags rows go with the tag (ON DELETE CASCADE). */
	if (undo_step_begin(db, UNDO_TAG_DELETE, name, NULL, count, e) != 0 ||
	    save_ids(db, "tags", "id = ?", id, 0, 1, e) != 0 ||
	    save_ids(db, "customer_tags", "tag_id = ?", id, 0, 1, e) != 0 ||
	    drop_tag(db, id, e) != 0 ||
	    db_commit(db, e) != 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	free(name);
	return rc;
}

/* --- putting on and taking off --------------------------------------------- */

/* A list of customers.id values as a condition: one JSON parameter, so the
 * statement is the same whatever the number of ids. */
static int
compile_ids(const long long *ids, size_t n, struct rule_sql *out, struct err *e)
{
	size_t i, len = 0, cap = 2 + n * 21;
	char *json = malloc(cap);

	memset(out, 0, sizeof *out);
	if (json == NULL)
		return oom(e);
	json[len++] = '[';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(json + len, cap - len, "%s%lld", i > 0 ? "," : "", ids[i]);
	json[len++] = ']';
	json[len] = '\0';
	out->where = strdup("c.id IN (SELECT value FROM json_each(?))");
	out->params = calloc(1, sizeof *out->params);
	if (out->where == NULL || out->params == NULL) {
		free(json);
		rule_sql_free(out);
		return oom(e);
	}
	out->params[0].kind = SQLP_TEXT;
	out->params[0].text = json;
	out->nparams = 1;
	return 0;
}

static int
target_where(struct db *db, const struct tag_target *t, struct rule_sql *out, struct err *e)
{
	int kinds = (t->ids != NULL) + (t->rule != NULL) + (t->segment != NULL);

	if (kinds != 1)
		return err_set(e, EXIT_FAIL,
		               _("internal error: a tag target needs exactly one of ids, rule, "
		                 "segment"));
	if (t->ids != NULL)
		return compile_ids(t->ids, t->nids, out, e);
	/* in the context of the base: its catalog, reference date, segments */
	if (t->rule != NULL)
		return rule_where(db, t->rule, out, e);
	return segment_where(db, t->segment, out, e);
}

/* The query listing the target's customers who would change: those
 * without tag ?1 (add) or with it (remove), as a JSON array and a count.
 * The target's plain ? parameters follow from ?2. malloc'd. */
static char *
changing_sql(const struct rule_sql *w, bool add)
{
	char *sql;

	if (asprintf(&sql,
	             "SELECT json_group_array(c.id), count(*) FROM customers AS c%s "
	             "WHERE %sEXISTS (SELECT 1 FROM customer_tags AS x WHERE x.customer_id = c.id "
	             "AND x.tag_id = ?1) AND (%s)",
	             fields_join(w->needs_metrics),
	             add ? "NOT " : "", w->where) < 0)
		return NULL;
	return sql;
}

static int
tag_bulk(struct db *db, const char *in, const struct tag_target *t, bool add, long long *changed,
         struct err *e)
{
	struct rule_sql w = {0};
	sqlite3_stmt *st = NULL;
	char *name = NULL, *fold = NULL, *stored = NULL, *sql = NULL, *ids = NULL;
	long long id, n;
	int rc = -1;

	*changed = 0;
	if (name_check(in, &name, &fold, e) != 0)
		return -1;
	/* Compile first: a bad rule is reported before anything is locked. */
	if (target_where(db, t, &w, e) != 0)
		goto out;
	if ((sql = changing_sql(&w, add)) == NULL) {
		oom(e);
		goto out;
	}
	if (db_prepare(db, &st, sql, e) != 0)
		goto out;
	if (db_begin(db, e) != 0)
		goto out;
	if (find_fold(db, fold, &id, &stored, e) != 0)
		goto fail;
	if (id == 0 && !add) {
		err_set(e, EXIT_DATAERR, _("no tag \"%s\" (clientele tags lists them)"), name);
		goto fail;
	}
	db_bind_int64_at(st, 1, id);
	if (db_bind_params(st, w.params, w.nparams, 2) != 0) {
		err_set(e, EXIT_FAIL, _("internal error: binding the parameters of \"%.200s\""), sql);
		goto fail;
	}
	if (db_step(db, st, e) != 1)
		goto fail;
	n = db_col_int64(st, 1);
	if (n == 0) {
		/* Nothing to do: no new tag, no step to undo. */
		db_rollback(db);
		rc = 0;
		goto out;
	}
	if ((ids = strdup(db_col_text(st, 0))) == NULL) {
		oom(e);
		goto fail;
	}
	sqlite3_reset(st);
	if (undo_step_begin(db, add ? UNDO_TAG_PUT : UNDO_TAG_TAKE, stored != NULL ? stored : name,
	                    NULL, n, e) != 0 ||
	    (id == 0 && insert_tag(db, name, fold, &id, e) != 0) ||
	    apply(db, id, ids, add, changed, e) != 0 || db_commit(db, e) != 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	*changed = 0;
	db_rollback(db);
out:
	sqlite3_finalize(st);
	rule_sql_free(&w);
	free(sql);
	free(ids);
	free(stored);
	free(name);
	free(fold);
	return rc;
}

int
tag_add(struct db *db, const char *name, const struct tag_target *t, long long *changed,
        struct err *e)
{
	return tag_bulk(db, name, t, true, changed, e);
}

int
tag_remove(struct db *db, const char *name, const struct tag_target *t, long long *changed,
           struct err *e)
{
	return tag_bulk(db, name, t, false, changed, e);
}
