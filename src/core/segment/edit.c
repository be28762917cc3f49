/* Edits of the segment tree: add, rename, move, duplicate, delete, change
 * the rule or the plan. Each is one transaction and one undo step holding
 * the before-images of the rows it changes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "private.h"
#include "text/text.h"
#include "undo.h"

#define MAX_NAME 200 /* bytes */

/* --- names and places ----------------------------------------------------- */

/* A name as it will be stored: trimmed; refused when empty, with '/'
 * (the path separator) or control characters, or of the "#12" form stored
 * rules use for references. *out malloc'd. */
int
seg_name_check(const char *name, char **out, struct err *e)
{
	const unsigned char *p;
	char *n;
	size_t i;

	*out = NULL;
	if ((n = strdup(name != NULL ? name : "")) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	text_trim(n);
	if (n[0] == '\0') {
		free(n);
		return err_set(e, EXIT_DATAERR, _("a segment needs a name"));
	}
	if (strchr(n, '/') != NULL) {
		err_set(e, EXIT_DATAERR,
		        _("a segment name cannot hold '/' (it separates the levels of a path): \"%s\""),
		        n);
		free(n);
		return -1;
	}
	for (p = (const unsigned char *)n; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			free(n);
			return err_set(e, EXIT_DATAERR, _("a segment name cannot hold control characters"));
		}
	if (n[0] == '#' && n[1] != '\0' && strspn(n + 1, "0123456789") == strlen(n + 1)) {
		err_set(e, EXIT_DATAERR, _("\"%s\" is how rules refer to segments by number; "
		                         "choose another name"), n);
		free(n);
		return -1;
	}
	if (strlen(n) > MAX_NAME || !text_valid_utf8(n, strlen(n), &i)) {
		free(n);
		return err_set(e, EXIT_DATAERR, _("a segment name must be valid UTF-8 of at most %d "
		                                "bytes"), MAX_NAME);
	}
	*out = n;
	return 0;
}

/* Fails when parent (0: the root) already has a child named name other
 * than the segment except. */
int
seg_name_free(const struct seg_tree *t, long long parent, const char *name, long long except,
          struct err *e)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].parent_id == parent && t->v[i].id != except &&
		    text_same_folded(t->v[i].name, name)) {
			long p = parent ? seg_tree_index(t, parent) : -1;

			if (p < 0)
				return err_set(e, EXIT_DATAERR,
				               _("there is already a segment \"%s\" in the root"),
				               t->v[i].name);
			return err_set(e, EXIT_DATAERR, _("there is already a segment \"%s\" in \"%s\""),
			               t->v[i].name, t->v[p].path);
		}
	return 0;
}

/* Splits path into the parent's path (malloc'd) and the last name. */
static int
path_split(const char *path, char **parent, const char **name, struct err *e)
{
	size_t len = strlen(path);
	const char *slash;

	while (len > 0 && path[len - 1] == '/')
		len--;
	if ((*parent = strndup(path, len)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	slash = strrchr(*parent, '/');
	if (slash == NULL) {
		*name = path;
		(*parent)[0] = '\0';
		return 0;
	}
	*name = path + (slash - *parent) + 1;
	(*parent)[slash - *parent] = '\0';
	return 0;
}

/* --- transactions with an undo step ---------------------------------------- */

int
seg_edit_begin(struct db *db, enum undo_kind kind, const char *a, const char *b, long long n,
               struct err *e)
{
	int rc;

	if (db_begin(db, e) != 0)
		return -1;
	rc = undo_step_begin(db, kind, a, b, n, e);
	if (rc != 0)
		db_rollback(db);
	return rc;
}

int
seg_edit_end(struct db *db, int rc, struct err *e)
{
	if (rc == 0 && db_commit(db, e) == 0)
		return 0;
	db_rollback(db);
	return -1;
}

static int
save_ints(struct db *db, const char *table, const char *where, const long long *v, size_t n,
          struct err *e)
{
	struct sql_param p[4];
	size_t i;

	memset(p, 0, sizeof p);
	for (i = 0; i < n && i < 4; i++) {
		p[i].kind = SQLP_INT;
		p[i].i = v[i];
	}
	return undo_save(db, table, where, p, n, e);
}

/* Sets one text column of segment id; sql is "UPDATE segments SET col =
 * ?2 WHERE id = ?1". */
static int
set_column(struct db *db, long long id, const char *sql, const char *value, struct err *e)
{
	sqlite3_stmt *st = db_cached(db, sql, e);

	if (st == NULL)
		return -1;
	db_bind_int64_at(st, 1, id);
	db_bind_text_at(st, 2, value);
	return db_step(db, st, e) < 0 ? -1 : 0;
}

/* Saves the before-image of rows of table whose column is one of ids
 * (several saves of up to 500, so that statements stay small). */
static int
save_ids(struct db *db, const char *table, const char *column, const long long *ids, size_t n,
         struct err *e)
{
	struct sql_param *p;
	char *where;
	size_t i, k, chunk;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i += chunk) {
		chunk = n - i < 500 ? n - i : 500;
		p = calloc(chunk, sizeof *p);
		where = malloc(strlen(column) + 16 + 3 * chunk);
		if (p == NULL || where == NULL) {
			free(p);
			free(where);
			return err_set(e, EXIT_FAIL, _("out of memory"));
		}
		k = (size_t)sprintf(where, "%s IN (", column);
		for (size_t j = 0; j < chunk; j++) {
			k += (size_t)sprintf(where + k, "%s?", j ? "," : "");
			p[j].kind = SQLP_INT;
			p[j].i = ids[i + j];
		}
		strcpy(where + k, ")");
		rc = undo_save(db, table, where, p, chunk, e);
		free(p);
		free(where);
	}
	return rc;
}

static int
exec_ints(struct db *db, const char *sql, const long long *v, size_t n, struct err *e)
{
	sqlite3_stmt *st = db_cached(db, sql, e);
	size_t i;

	if (st == NULL)
		return -1;
	for (i = 0; i < n; i++)
		db_bind_int64_at(st, (int)i + 1, v[i]);
	return db_step(db, st, e) < 0 ? -1 : 0;
}

static int
set_parent(struct db *db, long long id, long long parent, struct err *e)
{
	sqlite3_stmt *st = db_cached(db, "UPDATE segments SET parent_id = ?2 WHERE id = ?1", e);

	if (st == NULL)
		return -1;
	db_bind_int64_at(st, 1, id);
	if (parent)
		db_bind_int64_at(st, 2, parent);
	else
		db_bind_null_at(st, 2);
	return db_step(db, st, e) < 0 ? -1 : 0;
}

/* Numbers the children of parent 1, 2, ... in their display order, with
 * the segment id put at position pos (1-based; 0 or past the end: last). */
int
seg_renumber(struct db *db, const struct seg_tree *t, long long parent, long long id, int pos,
         struct err *e)
{
	size_t i;
	int k = 1;
	long long v[2];

	for (i = 0; i < t->n; i++) {
		if (t->v[i].parent_id != parent || t->v[i].id == id)
			continue;
		if (k == pos) {
			v[0] = id, v[1] = k++;
			if (exec_ints(db, "UPDATE segments SET position = ?2 WHERE id = ?1", v, 2, e) != 0)
				return -1;
		}
		v[0] = t->v[i].id, v[1] = k++;
		if (exec_ints(db, "UPDATE segments SET position = ?2 WHERE id = ?1", v, 2, e) != 0)
			return -1;
	}
	if (pos <= 0 || pos >= k) {
		v[0] = id, v[1] = k;
		return exec_ints(db, "UPDATE segments SET position = ?2 WHERE id = ?1", v, 2, e);
	}
	return 0;
}

/* Loads the tree and finds the segment at path (not the root). */
static long
load_find(struct db *db, struct seg_tree *t, const char *path, struct err *e)
{
	long i;

	if (seg_tree_load(db, t, e) != 0)
		return -2;
	i = seg_tree_find(t, path, e);
	if (i == -1)
		err_set(e, EXIT_DATAERR, _("the root (all customers) cannot be changed; name a segment"));
	if (i < 0)
		seg_tree_free(t);
	return i < 0 ? -2 : i;
}

int
seg_position_after(const struct seg_tree *t, long i)
{
	size_t j;
	int pos = 1;

	for (j = 0; j < t->n; j++) {
		if (t->v[j].parent_id != t->v[i].parent_id)
			continue;
		pos++;
		if ((long)j == i)
			break;
	}
	return pos;
}

static int
next_id(struct db *db, long long *id, struct err *e)
{
	return db_query_int64(db, "SELECT coalesce(max(id), 0) + 1 FROM segments", id, e);
}

/* --- add, rename, rule, plan ---------------------------------------------- */

int
segment_add(struct db *db, const char *path, const char *rule, long long *id_out, struct err *e)
{
	struct seg_tree t = {0};
	char *ppath = NULL, *name = NULL, *stored = NULL, *full = NULL;
	const char *last = path;
	long long *was = NULL, id = 0, parent = 0;
	size_t nwas = 0;
	sqlite3_stmt *st;
	long p;
	int rc = -1;

	if (path_split(path, &ppath, &last, e) != 0)
		return -1;
	if (seg_name_check(last, &name, e) != 0 || seg_tree_load(db, &t, e) != 0)
		goto out;
	if ((p = seg_tree_find(&t, ppath, e)) == -2) {
		const char *near = seg_tree_nearest(&t, ppath);

		if (near != NULL)
			err_set(e, EXIT_DATAERR,
			        _("no segment \"%s\" to add \"%s\" under; did you mean \"%s\"? (or add "
			          "it first)"),
			        ppath, name, near);
		else
			err_set(e, EXIT_DATAERR, _("no segment \"%s\" to add \"%s\" under; add it first"),
			        ppath, name);
		goto out;
	}
	parent = p >= 0 ? t.v[p].id : 0;
	if (seg_name_free(&t, parent, name, 0, e) != 0 || seg_rule_store(&t, rule, &stored, e) != 0 ||
	    seg_failing(db, &was, &nwas, e) != 0)
		goto out;
	if (asprintf(&full, "%s%s%s", p >= 0 ? t.v[p].path : "", p >= 0 ? "/" : "", name) < 0) {
		full = NULL;
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	if (seg_edit_begin(db, UNDO_SEG_ADD, full, NULL, 0, e) != 0)
		goto out;
	rc = next_id(db, &id, e);
	if (rc == 0)
		rc = save_ints(db, "segments", "id = ?", &id, 1, e);
	if (rc == 0 &&
	    (st = db_cached(db,
	                    "INSERT INTO segments(id, parent_id, name, position, rule, kind) "
	                    "VALUES (:id, :parent, :name, (SELECT coalesce(max(position), 0) + 1 "
	                    "FROM segments WHERE coalesce(parent_id, 0) = coalesce(:parent, 0)),"
	                    " :rule, 'dynamic')",
	                    e)) == NULL)
		rc = -1;
	if (rc == 0) {
		db_bind_int64(st, ":id", id);
		if (parent)
			db_bind_int64(st, ":parent", parent);
		db_bind_text(st, ":name", name);
		db_bind_text(st, ":rule", stored);
		rc = db_step(db, st, e) < 0 ? -1 : 0;
	}
	if (rc == 0)
		rc = seg_validate(db, was, nwas, id, e);
	rc = seg_edit_end(db, rc, e);
	if (rc == 0 && id_out != NULL)
		*id_out = id;
out:
	seg_tree_free(&t);
	free(ppath);
	free(full);
	free(name);
	free(stored);
	free(was);
	return rc;
}

int
segment_rename(struct db *db, const char *path, const char *newname, struct err *e)
{
	struct seg_tree t;
	char *name = NULL;
	long i;
	int rc = -1;

	if (seg_name_check(newname, &name, e) != 0)
		return -1;
	if ((i = load_find(db, &t, path, e)) < 0) {
		free(name);
		return -1;
	}
	if (seg_name_free(&t, t.v[i].parent_id, name, t.v[i].id, e) != 0)
		goto out;
	if (seg_edit_begin(db, UNDO_SEG_RENAME, t.v[i].path, name, 0, e) != 0)
		goto out;
	rc = save_ints(db, "segments", "id = ?", &t.v[i].id, 1, e);
	if (rc == 0)
		rc = set_column(db, t.v[i].id, "UPDATE segments SET name = ?2 WHERE id = ?1", name, e);
	rc = seg_edit_end(db, rc, e);
out:
	seg_tree_free(&t);
	free(name);
	return rc;
}

int
segment_set_rule(struct db *db, const char *path, const char *rule, struct err *e)
{
	struct seg_tree t;
	char *stored = NULL;
	long long *was = NULL;
	size_t nwas = 0;
	long i;
	int rc = -1;

	if ((i = load_find(db, &t, path, e)) < 0)
		return -1;
	if (t.v[i].is_static) {
		err_set(e, EXIT_DATAERR, _("\"%s\" is a frozen snapshot: its members are fixed, it has "
		                         "no rule to change"), t.v[i].path);
		goto out;
	}
	if (seg_rule_store(&t, rule, &stored, e) != 0 || seg_failing(db, &was, &nwas, e) != 0)
		goto out;
	if (seg_edit_begin(db, UNDO_SEG_RULE, t.v[i].path, NULL, 0, e) != 0)
		goto out;
	rc = save_ints(db, "segments", "id = ?", &t.v[i].id, 1, e);
	if (rc == 0)
		rc = set_column(db, t.v[i].id, "UPDATE segments SET rule = ?2 WHERE id = ?1", stored, e);
	if (rc == 0)
		rc = seg_validate(db, was, nwas, t.v[i].id, e);
	rc = seg_edit_end(db, rc, e);
out:
	seg_tree_free(&t);
	free(stored);
	free(was);
	return rc;
}

int
segment_set_plan(struct db *db, const char *path, const struct segment_plan *p, struct err *e)
{
	static const char *const sql[] = {
		"UPDATE segments SET plan_who = nullif(?2, '') WHERE id = ?1",
		"UPDATE segments SET plan_what = nullif(?2, '') WHERE id = ?1",
		"UPDATE segments SET plan_why = nullif(?2, '') WHERE id = ?1",
		"UPDATE segments SET plan_when = nullif(?2, '') WHERE id = ?1",
		"UPDATE segments SET plan_where = nullif(?2, '') WHERE id = ?1",
		"UPDATE segments SET strategy = nullif(?2, '') WHERE id = ?1",
	};
	const char *v[6] = {p->who, p->what, p->why, p->when, p->where, p->strategy};
	struct seg_tree t;
	size_t k;
	long i;
	int rc = -1;

	if ((i = load_find(db, &t, path, e)) < 0)
		return -1;
	if (seg_edit_begin(db, UNDO_SEG_PLAN, t.v[i].path, NULL, 0, e) != 0)
		goto out;
	rc = save_ints(db, "segments", "id = ?", &t.v[i].id, 1, e);
	for (k = 0; k < 6 && rc == 0; k++)
		if (v[k] != NULL)
			rc = set_column(db, t.v[i].id, sql[k], v[k], e);
	rc = seg_edit_end(db, rc, e);
out:
	seg_tree_free(&t);
	return rc;
}

/* --- move, duplicate, delete ----------------------------------------------- */

int
segment_move(struct db *db, const char *path, const char *new_parent, int position,
             struct err *e)
{
	struct seg_tree t;
	long long *was = NULL, v[3];
	size_t nwas = 0;
	long i, p;
	int rc = -1;

	if ((i = load_find(db, &t, path, e)) < 0)
		return -1;
	if ((p = seg_tree_find(&t, new_parent, e)) == -2)
		goto out;
	if (p >= 0 && seg_tree_under(&t, p, t.v[i].id)) {
		err_set(e, EXIT_DATAERR, _("cannot move \"%s\" under itself or its own subtree (\"%s\")"),
		        t.v[i].path, t.v[p].path);
		goto out;
	}
	v[0] = t.v[i].id;
	v[1] = t.v[i].parent_id;
	v[2] = p >= 0 ? t.v[p].id : 0;
	if (seg_name_free(&t, v[2], t.v[i].name, v[0], e) != 0 || seg_failing(db, &was, &nwas, e) != 0)
		goto out;
	if (seg_edit_begin(db, v[1] == v[2] ? UNDO_SEG_REORDER : UNDO_SEG_MOVE, t.v[i].path, NULL, 0,
	                   e) != 0)
		goto out;
	rc = save_ints(db, "segments", "id = ? OR coalesce(parent_id, 0) IN (?, ?)", v, 3, e);
	if (rc == 0)
		rc = set_parent(db, v[0], v[2], e);
	if (rc == 0)
		rc = seg_renumber(db, &t, v[2], v[0], position, e);
	/* a move can close a circle of `in segment` through the new parents */
	if (rc == 0)
		rc = seg_validate(db, was, nwas, v[0], e);
	rc = seg_edit_end(db, rc, e);
out:
	seg_tree_free(&t);
	free(was);
	return rc;
}

/* "Name (copy)", "Name (copy 2)", ... the first that is free. */
static char *
copy_name(const struct seg_tree *t, const struct segment *s)
{
	char *n = NULL;
	int k;

	for (k = 1; k < 1000; k++) {
		struct err ignored = {0};

		if ((k == 1 ? asprintf(&n, "%s (copy)", s->name)
		            : asprintf(&n, "%s (copy %d)", s->name, k)) < 0)
			return NULL;
		if (seg_name_free(t, s->parent_id, n, 0, &ignored) == 0)
			return n;
		free(n);
	}
	return NULL;
}

int
segment_dup(struct db *db, const char *path, const char *newname, char **path_out,
            struct err *e)
{
	struct seg_tree t;
	char *name = NULL;
	long long base = 0, *map = NULL, v[2];
	sqlite3_stmt *st;
	size_t k, n;
	long i;
	int rc = -1;

	if (path_out != NULL)
		*path_out = NULL;
	if ((i = load_find(db, &t, path, e)) < 0)
		return -1;
	if (newname != NULL ? seg_name_check(newname, &name, e) != 0
	                    : (name = copy_name(&t, &t.v[i])) == NULL &&
	                          err_set(e, EXIT_FAIL, _("out of memory")))
		goto out;
	if (seg_name_free(&t, t.v[i].parent_id, name, 0, e) != 0)
		goto out;
	/* the subtree is contiguous in display order */
	for (n = 1; (size_t)i + n < t.n && t.v[i + n].depth > t.v[i].depth; n++)
		;
	if ((map = calloc(n, sizeof *map)) == NULL || next_id(db, &base, e) != 0) {
		if (map == NULL)
			err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	if (seg_edit_begin(db, UNDO_SEG_COPY, t.v[i].path, NULL, 0, e) != 0)
		goto out;
	v[0] = base;
	v[1] = t.v[i].parent_id;
	rc = save_ints(db, "segments", "id >= ? OR coalesce(parent_id, 0) = ?", v, 2, e);
	for (k = 0; k < n && rc == 0; k++) {
		const struct segment *s = &t.v[i + (long)k];
		size_t j;
		long long parent = s->parent_id;

		map[k] = base + (long long)k;
		for (j = 0; j < k; j++)
			if (t.v[i + (long)j].id == s->parent_id)
				parent = map[j];
		st = db_cached(db,
		               "INSERT INTO segments(id, parent_id, name, position, rule, kind, plan_who,"
		               " plan_what, plan_why, plan_when, plan_where, strategy, frozen_at)"
		               " SELECT :new, :parent, :name, position, rule, kind, plan_who, plan_what,"
		               " plan_why, plan_when, plan_where, strategy, frozen_at"
		               " FROM segments WHERE id = :old",
		               e);
		if (st == NULL) {
			rc = -1;
			break;
		}
		db_bind_int64(st, ":new", map[k]);
		if (parent)
			db_bind_int64(st, ":parent", parent);
		db_bind_text(st, ":name", k == 0 ? name : s->name);
		db_bind_int64(st, ":old", s->id);
		rc = db_step(db, st, e) < 0 ? -1 : 0;
		if (rc == 0 && s->is_static) {
			long long mv[2] = {map[k], s->id};

			rc = exec_ints(db,
			               "INSERT INTO segment_members(segment_id, customer_id) "
			               "SELECT ?1, customer_id FROM segment_members WHERE segment_id = ?2",
			               mv, 2, e);
		}
	}
	/* right after the original */
	if (rc == 0)
		rc = seg_renumber(db, &t, t.v[i].parent_id, base, seg_position_after(&t, i), e);
	rc = seg_edit_end(db, rc, e);
	if (rc == 0 && path_out != NULL) {
		long p = t.v[i].parent_id ? seg_tree_index(&t, t.v[i].parent_id) : -1;

		if (asprintf(path_out, "%s%s%s", p >= 0 ? t.v[p].path : "", p >= 0 ? "/" : "",
		             name) < 0)
			*path_out = NULL;
	}
out:
	seg_tree_free(&t);
	free(name);
	free(map);
	return rc;
}

/* Ids of the dynamic segments outside [i, i + n) whose rules refer to a
 * segment inside it: deleting it would break them. */
static int
referrers(const struct seg_tree *t, long i, size_t n, struct err *e)
{
	char refs[600];
	size_t k, j, used = 0;
	int found = 0;

	refs[0] = '\0';
	for (k = 0; k < t->n; k++) {
		bool inside = (long)k >= i && (long)k < i + (long)n;

		if (inside || t->v[k].is_static)
			continue;
		for (j = 0; j < n; j++) {
			char key[32];
			const char *hit;
			size_t len;

			len = (size_t)snprintf(key, sizeof key, "\"#%lld\"", t->v[i + (long)j].id);
			hit = strstr(t->v[k].rule, key);
			if (hit == NULL || len == 0)
				continue;
			if (found++ < 5 && used < sizeof refs)
				used += (size_t)snprintf(refs + used, sizeof refs - used, "%s\"%s\"",
				                         found > 1 ? ", " : "", t->v[k].path);
			break;
		}
	}
	if (found == 0)
		return 0;
	/* no plural form: the sentence depends on whether one, up to five or
	 * more rules are named, not on their number */
	if (found == 1)
		return err_set(e, EXIT_DATAERR,
		               _("\"%s\" is used by the rule of %s; change that rule first"),
		               t->v[i].path, refs);
	if (found <= 5)
		return err_set(e, EXIT_DATAERR,
		               _("\"%s\" is used by the rule of %s; change those rules first"),
		               t->v[i].path, refs);
	return err_set(e, EXIT_DATAERR,
	               _("\"%s\" is used by the rule of %s and others; change those rules first"),
	               t->v[i].path, refs);
}

int
segment_rm(struct db *db, const char *path, int *removed, struct err *e)
{
	struct seg_tree t;
	long long *ids = NULL;
	size_t n, k;
	int depth, rc = -1;
	long i;

	if (removed != NULL)
		*removed = 0;
	if ((i = load_find(db, &t, path, e)) < 0)
		return -1;
	for (n = 1; (size_t)i + n < t.n && t.v[i + (long)n].depth > t.v[i].depth; n++)
		;
	if (referrers(&t, i, n, e) != 0)
		goto out;
	if ((ids = calloc(n, sizeof *ids)) == NULL) {
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	/* n - 1: the segments below it (0: the label says none). */
	if (seg_edit_begin(db, UNDO_SEG_DELETE, t.v[i].path, NULL, (long long)n - 1, e) != 0)
		goto out;
	/* Level by level, so that undo puts parents back before children;
	 * then their members and count history, which the delete cascades to. */
	rc = 0;
	for (depth = t.v[i].depth; rc == 0; depth++) {
		size_t m = 0;

		for (k = 0; k < n; k++)
			if (t.v[i + (long)k].depth == depth)
				ids[m++] = t.v[i + (long)k].id;
		if (m == 0)
			break;
		rc = save_ids(db, "segments", "id", ids, m, e);
	}
	for (k = 0; k < n; k++)
		ids[k] = t.v[i + (long)k].id;
	if (rc == 0)
		rc = save_ids(db, "segment_members", "segment_id", ids, n, e);
	if (rc == 0)
		rc = save_ids(db, "segment_counts", "segment_id", ids, n, e);
	if (rc == 0)
		rc = exec_ints(db, "DELETE FROM segments WHERE id = ?1", &t.v[i].id, 1, e);
	rc = seg_edit_end(db, rc, e);
	if (rc == 0 && removed != NULL)
		*removed = (int)n;
out:
	seg_tree_free(&t);
	free(ids);
	return rc;
}
