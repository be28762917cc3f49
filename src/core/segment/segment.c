/* The segment tree as loaded from the base, paths, and rules as stored (by
 * segment id) and shown (by path). segment/sql.c compiles them to SQL. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "rule/tree.h"
#include "private.h"
#include "text/text.h"
#include "util/strbuf.h"

void
segment_clear(struct segment *s)
{
	if (s == NULL)
		return;
	free(s->name);
	free(s->path);
	free(s->rule);
	free(s->plan_who);
	free(s->plan_what);
	free(s->plan_why);
	free(s->plan_when);
	free(s->plan_where);
	free(s->strategy);
	free(s->frozen_at);
	memset(s, 0, sizeof *s);
}

void
segment_list_free(struct segment *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		segment_clear(&v[i]);
	free(v);
}

void
seg_tree_free(struct seg_tree *t)
{
	segment_list_free(t->v, t->n);
	t->v = NULL;
	t->n = 0;
}

/* Appends the children of parent (in the order rows has them: by position)
 * depth first. Each row is taken once, so a damaged parent link cannot
 * loop. */
static int
order_children(struct segment *rows, bool *taken, size_t n, long long parent, int depth,
               const char *prefix, struct seg_tree *t)
{
	size_t i;

	if (depth > 200)
		return 0;
	for (i = 0; i < n; i++) {
		struct segment *s;

		if (taken[i] || rows[i].parent_id != parent)
			continue;
		taken[i] = true;
		s = &t->v[t->n++];
		*s = rows[i];
		memset(&rows[i], 0, sizeof rows[i]);
		s->depth = depth;
		if (asprintf(&s->path, "%s%s%s", prefix, prefix[0] ? "/" : "", s->name) < 0) {
			s->path = NULL;
			return -1;
		}
		if (order_children(rows, taken, n, s->id, depth + 1, s->path, t) != 0)
			return -1;
	}
	return 0;
}

int
seg_tree_load(struct db *db, struct seg_tree *t, struct err *e)
{
	sqlite3_stmt *st;
	struct segment *rows = NULL;
	bool *taken = NULL;
	size_t n = 0, cap = 0;
	int rc;

	t->v = NULL;
	t->n = 0;
	st = db_cached(db,
	               "SELECT id, coalesce(parent_id, 0), name, position, rule, kind = 'static',"
	               " plan_who, plan_what, plan_why, plan_when, plan_where, strategy, frozen_at"
	               " FROM segments ORDER BY position, id",
	               e);
	if (st == NULL)
		return -1;
	while ((rc = db_step(db, st, e)) == 1) {
		struct segment *s;

		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			struct segment *p = realloc(rows, ncap * sizeof *p);

			if (p == NULL)
				goto oom;
			rows = p;
			cap = ncap;
		}
		s = &rows[n++];
		memset(s, 0, sizeof *s);
		s->id = db_col_int64(st, 0);
		s->parent_id = db_col_int64(st, 1);
		s->position = db_col_int(st, 3);
		s->is_static = db_col_int(st, 5) != 0;
		s->name = db_col_strdup(st, 2);
		s->rule = db_col_strdup(st, 4);
		s->plan_who = db_col_strdup(st, 6);
		s->plan_what = db_col_strdup(st, 7);
		s->plan_why = db_col_strdup(st, 8);
		s->plan_when = db_col_strdup(st, 9);
		s->plan_where = db_col_strdup(st, 10);
		s->strategy = db_col_strdup(st, 11);
		s->frozen_at = db_col_strdup(st, 12);
		if (s->name == NULL || s->rule == NULL)
			goto oom;
	}
	sqlite3_reset(st);
	if (rc < 0)
		goto fail;
	if (n > 0 && ((t->v = calloc(n, sizeof *t->v)) == NULL ||
	              (taken = calloc(n, sizeof *taken)) == NULL))
		goto oom;
	if (order_children(rows, taken, n, 0, 1, "", t) != 0)
		goto oom;
	segment_list_free(rows, n);
	free(taken);
	return 0;
oom:
	sqlite3_reset(st);
	err_set(e, EXIT_FAIL, _("out of memory"));
fail:
	segment_list_free(rows, n);
	free(taken);
	seg_tree_free(t);
	return -1;
}

long
seg_tree_index(const struct seg_tree *t, long long id)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].id == id)
			return (long)i;
	return -1;
}

bool
seg_tree_under(const struct seg_tree *t, long i, long long a)
{
	int guard = 0;

	while (i >= 0 && guard++ < 256) {
		if (t->v[i].id == a)
			return true;
		i = t->v[i].parent_id ? seg_tree_index(t, t->v[i].parent_id) : -1;
	}
	return false;
}

/* Compares a name as written in a path with a segment's name, ignoring
 * case (Cyrillic too) and spaces around it. */
static bool
name_is(const char *want, size_t len, const char *name)
{
	char a[512], b[512];
	size_t n;

	while (len > 0 && (*want == ' ' || *want == '\t'))
		want++, len--;
	while (len > 0 && (want[len - 1] == ' ' || want[len - 1] == '\t'))
		len--;
	n = text_fold_buf(want, len, a, sizeof a);
	if (n >= sizeof a || text_fold_buf(name, strlen(name), b, sizeof b) >= sizeof b)
		return false;
	return strcmp(a, b) == 0;
}

/* "#12" as stored rules refer to a segment: its id, or 0. */
long long
seg_ref_id(const char *s)
{
	long long id = 0;

	if (s[0] != '#' || s[1] == '\0')
		return 0;
	for (s++; *s; s++) {
		if (*s < '0' || *s > '9' || id > 100000000000LL)
			return 0;
		id = id * 10 + (*s - '0');
	}
	return id;
}

const char *
seg_tree_nearest(const struct seg_tree *t, const char *path)
{
	const char **paths;
	const char *near;
	size_t i;

	if (seg_ref_id(path) > 0 || (paths = calloc(t->n + 1, sizeof *paths)) == NULL)
		return NULL;
	for (i = 0; i < t->n; i++)
		paths[i] = t->v[i].path;
	near = fields_nearest_of(path + strspn(path, "/"), paths, t->n);
	free(paths);
	return near;
}

/* "no segment", with the nearest path when one is close. */
static long
no_segment(const struct seg_tree *t, const char *path, struct err *e)
{
	const char *near = seg_tree_nearest(t, path);

	if (near != NULL) {
		err_set(e, EXIT_DATAERR, _("no segment \"%s\"; did you mean \"%s\"?"), path, near);
		if (e != NULL)
			snprintf(e->near, sizeof e->near, "%s", near);
	} else
		err_set(e, EXIT_DATAERR,
		        _("no segment \"%s\" (see the tree with: clientele segments DB)"), path);
	return -2;
}

long
seg_tree_find(const struct seg_tree *t, const char *path, struct err *e)
{
	const char *p = path, *slash;
	long long parent = 0;
	long found = -1;
	long long id;

	if ((id = seg_ref_id(path)) > 0) {
		if ((found = seg_tree_index(t, id)) < 0)
			err_set(e, EXIT_DATAERR, _("no segment #%lld (it was deleted)"), id);
		return found >= 0 ? found : -2;
	}
	while (*p == '/')
		p++;
	while (*p != '\0') {
		size_t len, i;

		slash = strchr(p, '/');
		len = slash != NULL ? (size_t)(slash - p) : strlen(p);
		found = -2;
		for (i = 0; i < t->n && found == -2; i++)
			if (t->v[i].parent_id == parent && name_is(p, len, t->v[i].name))
				found = (long)i;
		if (found == -2)
			return no_segment(t, path, e);
		parent = t->v[found].id;
		p += len;
		while (*p == '/')
			p++;
	}
	return found;
}

/* --- `in segment`: stored by id, shown by path ------------------------------ */

/* Calls fn on every `in segment` node of n. */
static int
walk_refs(struct rnode *n, int (*fn)(struct rnode *, void *), void *ctx)
{
	size_t i;

	if (n == NULL)
		return 0;
	if (n->kind == RN_SEGMENT)
		return fn(n, ctx);
	for (i = 0; i < n->nkids; i++)
		if (walk_refs(n->kids[i], fn, ctx) != 0)
			return -1;
	return 0;
}

struct store_ctx {
	const struct seg_tree *t;
	struct err *e;
};

static int
store_ref(struct rnode *n, void *ctx)
{
	struct store_ctx *sc = ctx;
	struct err inner = {0};
	long i = seg_tree_find(sc->t, n->vals[0].text, &inner);
	char *id;

	if (i == -1)
		return err_set_at(sc->e, EXIT_DATAERR, NULL, n->pos.line, n->pos.col,
		                  _("every customer is in the root; write no rule instead"));
	if (i < 0)
		return err_set_at(sc->e, EXIT_DATAERR, NULL, n->vals[0].pos.line,
		                  n->vals[0].pos.col, "%s", inner.msg);
	if (asprintf(&id, "#%lld", sc->t->v[i].id) < 0)
		return err_set(sc->e, EXIT_FAIL, _("out of memory"));
	free(n->vals[0].text);
	n->vals[0].text = id;
	n->vals[0].kind = RV_TEXT;
	return 0;
}

int
seg_rule_store(const struct seg_tree *t, const char *text, char **out, struct err *e)
{
	struct rule *r = NULL;
	struct store_ctx sc = {t, e};

	*out = NULL;
	if (rule_parse(text != NULL ? text : "", &r, e) != 0)
		return -1;
	if (walk_refs(r->root, store_ref, &sc) != 0) {
		rule_free(&r);
		return -1;
	}
	*out = rule_print(r);
	rule_free(&r);
	return *out != NULL ? 0 : err_set(e, EXIT_FAIL, _("out of memory"));
}

static int
display_ref(struct rnode *n, void *ctx)
{
	const struct seg_tree *t = ctx;
	long long id = seg_ref_id(n->vals[0].text);
	long i = id > 0 ? seg_tree_index(t, id) : -1;
	char *path;

	/* a reference to a deleted segment keeps showing "#ID" */
	if (i < 0)
		return 0;
	if ((path = strdup(t->v[i].path)) == NULL)
		return -1;
	free(n->vals[0].text);
	n->vals[0].text = path;
	return 0;
}

char *
seg_rule_display(const struct seg_tree *t, const char *stored)
{
	struct rule *r = NULL;
	struct err e = {0};
	char *s;

	if (stored == NULL)
		return strdup("");
	if (rule_parse(stored, &r, &e) != 0)
		return strdup(stored); /* shown as it is; compiling it will say why */
	if (walk_refs(r->root, display_ref, (void *)t) != 0) {
		rule_free(&r);
		return NULL;
	}
	s = rule_print(r);
	rule_free(&r);
	return s;
}

int
seg_copy_display(const struct seg_tree *t, const struct segment *s, struct segment *out)
{
	bool oom = false;

	*out = *s;
	out->name = str_dup(s->name, &oom);
	out->path = str_dup(s->path, &oom);
	out->rule = seg_rule_display(t, s->rule);
	oom |= out->rule == NULL;
	out->plan_who = str_dup(s->plan_who, &oom);
	out->plan_what = str_dup(s->plan_what, &oom);
	out->plan_why = str_dup(s->plan_why, &oom);
	out->plan_when = str_dup(s->plan_when, &oom);
	out->plan_where = str_dup(s->plan_where, &oom);
	out->strategy = str_dup(s->strategy, &oom);
	out->frozen_at = str_dup(s->frozen_at, &oom);
	if (oom) {
		segment_clear(out);
		return -1;
	}
	return 0;
}

int
segment_list(struct db *db, struct segment **out, size_t *n, struct err *e)
{
	struct seg_tree t;
	struct segment *v = NULL;
	size_t i;

	*out = NULL;
	*n = 0;
	if (seg_tree_load(db, &t, e) != 0)
		return -1;
	if (t.n > 0 && (v = calloc(t.n, sizeof *v)) == NULL)
		goto oom;
	for (i = 0; i < t.n; i++)
		if (seg_copy_display(&t, &t.v[i], &v[i]) != 0)
			goto oom;
	*out = v;
	*n = t.n;
	seg_tree_free(&t);
	return 0;
oom:
	segment_list_free(v, t.n);
	seg_tree_free(&t);
	return err_set(e, EXIT_FAIL, _("out of memory"));
}

int
segment_find(struct db *db, const char *path, struct segment *out, struct err *e)
{
	struct seg_tree t;
	long i;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (seg_tree_load(db, &t, e) != 0)
		return -1;
	i = seg_tree_find(&t, path, e);
	if (i == -1)
		err_set(e, EXIT_DATAERR, _("\"%s\" is the root (all customers), not a segment"), path);
	else if (i >= 0 && seg_copy_display(&t, &t.v[i], out) != 0)
		err_set(e, EXIT_FAIL, _("out of memory"));
	else if (i >= 0)
		rc = 0;
	seg_tree_free(&t);
	return rc;
}
