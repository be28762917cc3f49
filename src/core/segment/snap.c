/* Static snapshots: freezing a segment's current members under a name (for
 * the campaign that went out), and comparing a snapshot with the live
 * segment: who joined since, who left. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "private.h"
#include "undo.h"
#include "util/strbuf.h"

int
segment_freeze(struct db *db, const char *path, const char *name, long long *members,
               struct err *e)
{
	struct seg_tree t;
	struct seg_compiler sc;
	struct rule_sql w = {0};
	sqlite3_stmt *st = NULL;
	char *nm = NULL, *rule = NULL, *sql = NULL;
	struct sql_param sp[2];
	long long id = 0;
	long i;
	int rc = -1;

	if (members != NULL)
		*members = 0;
	if (seg_open(db, &t, &sc, e) != 0)
		return -1;
	if ((i = seg_tree_find(&t, path, e)) == -2)
		goto out;
	if (i == -1) {
		err_set(e, EXIT_DATAERR, _("freeze a segment, not the root (the whole base)"));
		goto out;
	}
	if (seg_name_check(name, &nm, e) != 0 || seg_name_free(&t, t.v[i].parent_id, nm, 0, e) != 0 ||
	    seg_where_index(&sc, i, &w, e) != 0 ||
	    db_query_int64(db, "SELECT coalesce(max(id), 0) + 1 FROM segments", &id, e) != 0)
		goto out;
	/* the snapshot's rule names where it came from (by id, as stored) */
	if (asprintf(&rule, "in segment \"#%lld\"", t.v[i].id) < 0 ||
	    asprintf(&sql, "INSERT INTO segment_members(segment_id, customer_id) SELECT ?, c.id "
	                   "FROM customers AS c%s WHERE %s",
	             fields_join(w.needs_metrics),
	             w.where) < 0) {
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	if (seg_edit_begin(db, UNDO_SEG_FREEZE, t.v[i].path, nm, 0, e) != 0)
		goto out;
	memset(sp, 0, sizeof sp);
	sp[0].kind = sp[1].kind = SQLP_INT;
	sp[0].i = id;
	sp[1].i = t.v[i].parent_id;
	rc = undo_save(db, "segments", "id >= ? OR coalesce(parent_id, 0) = ?", sp, 2, e);
	if (rc == 0)
		rc = undo_save(db, "segment_members", "segment_id >= ?", sp, 1, e);
	if (rc == 0 &&
	    (st = db_cached(db,
	                    "INSERT INTO segments(id, parent_id, name, position, rule, kind, plan_who,"
	                    " plan_what, plan_why, plan_when, plan_where, strategy, frozen_at)"
	                    " SELECT :new, parent_id, :name, position, :rule, 'static', plan_who,"
	                    " plan_what, plan_why, plan_when, plan_where, strategy,"
	                    " strftime('%Y-%m-%d %H:%M:%S', 'now') FROM segments WHERE id = :src",
	                    e)) == NULL)
		rc = -1;
	if (rc == 0) {
		db_bind_int64(st, ":new", id);
		db_bind_text(st, ":name", nm);
		db_bind_text(st, ":rule", rule);
		db_bind_int64(st, ":src", t.v[i].id);
		rc = db_step(db, st, e) < 0 ? -1 : 0;
	}
	st = NULL;
	if (rc == 0 && (rc = db_prepare(db, &st, sql, e)) == 0) {
		db_bind_int64_at(st, 1, id);
		if (db_bind_params(st, w.params, w.nparams, 2) != 0)
			rc = err_set(e, EXIT_FAIL, _("binding the parameters of a freeze failed"));
		else if (db_step(db, st, e) < 0)
			rc = -1;
		else if (members != NULL)
			*members = sqlite3_changes(db_handle(db));
		sqlite3_finalize(st);
	}
	if (rc == 0)
		rc = seg_renumber(db, &t, t.v[i].parent_id, id, seg_position_after(&t, i), e);
	rc = seg_edit_end(db, rc, e);
out:
	rule_sql_free(&w);
	seg_close(&t, &sc);
	free(nm);
	free(rule);
	free(sql);
	return rc;
}

/* The segment a snapshot was frozen from: its rule is `in segment "#ID"`;
 * -1 when it is gone. */
static long
frozen_index(const struct seg_tree *t, long snap)
{
	const char *r = t->v[snap].rule;
	const char *pre = "in segment \"";
	char ref[32];
	size_t len;

	if (strncmp(r, pre, strlen(pre)) != 0)
		return -1;
	r += strlen(pre);
	len = strcspn(r, "\"");
	if (len >= sizeof ref || strcmp(r + len, "\"") != 0)
		return -1;
	memcpy(ref, r, len);
	ref[len] = '\0';
	return seg_tree_index(t, seg_ref_id(ref));
}

static long
frozen_from(const struct seg_tree *t, long snap, struct err *e)
{
	long i = frozen_index(t, snap);

	if (i < 0)
		err_set(e, EXIT_DATAERR,
		        _("the segment \"%s\" was frozen from is gone; name the live segment to compare "
		        "with (--live PATH)"),
		        t->v[snap].path);
	return i;
}

void
segment_snapshots_free(struct segment_snapshot *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].from);
		free(v[i].frozen_at);
	}
	free(v);
}

int
segment_snapshots(struct db *db, struct segment_snapshot **out, size_t *n, struct err *e)
{
	struct seg_tree t;
	struct segment_snapshot *v = NULL;
	size_t i, k = 0;
	bool oom = false;

	*out = NULL;
	*n = 0;
	if (seg_tree_load(db, &t, e) != 0)
		return -1;
	if (t.n > 0 && (v = calloc(t.n, sizeof *v)) == NULL)
		oom = true;
	for (i = 0; i < t.n && !oom; i++) {
		struct segment_snapshot *s;
		long from;

		if (!t.v[i].is_static)
			continue;
		s = &v[k++];
		s->id = t.v[i].id;
		s->path = str_dup(t.v[i].path, &oom);
		s->frozen_at = str_dup(t.v[i].frozen_at, &oom);
		if ((from = frozen_index(&t, (long)i)) >= 0) {
			s->from_id = t.v[from].id;
			s->from = str_dup(t.v[from].path, &oom);
		}
	}
	seg_tree_free(&t);
	if (oom) {
		segment_snapshots_free(v, k);
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	*out = v;
	*n = k;
	return 0;
}

int
segment_diff_side(long long snap_id, long long live_id, enum segment_diff_side side,
                  char **parent, char **rule, struct err *e)
{
	long long in = side == SEGMENT_DIFF_LEFT ? snap_id : live_id;
	long long other = side == SEGMENT_DIFF_LEFT ? live_id : snap_id;

	*parent = *rule = NULL;
	if (asprintf(parent, "#%lld", in) < 0) {
		*parent = NULL;
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	if (asprintf(rule, "%sin segment \"#%lld\"", side == SEGMENT_DIFF_KEPT ? "" : "not ",
	             other) < 0) {
		free(*parent);
		*parent = *rule = NULL;
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	return 0;
}

#define DIFF_CTE                                                                           \
	"WITH live(id) AS (SELECT c.id FROM customers AS c%s WHERE %s), "                     \
	"snap(id) AS (SELECT customer_id FROM segment_members WHERE segment_id = ?) "

static int
diff_list(struct db *db, const struct rule_sql *w, long long snap_id, segment_diff_fn fn,
          void *ctx, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char *sql;
	int rc;

	if (asprintf(&sql,
	             DIFF_CTE "SELECT c.id IN (SELECT id FROM snap) AS kept, c.ext_id, c.email,"
	                      " coalesce(nullif(c.full_name, ''), nullif(trim(coalesce(c.first_name,"
	                      " '') || ' ' || coalesce(c.last_name, '')), '')) FROM customers AS c"
	                      " WHERE (c.id IN (SELECT id FROM live)) <> (c.id IN (SELECT id FROM snap))"
	                      " ORDER BY kept, c.ext_id, c.id",
	             fields_join(w->needs_metrics),
	             w->where) < 0)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	rc = db_prepare(db, &st, sql, e);
	if (rc == 0 && db_bind_params(st, w->params, w->nparams, 1) != 0)
		rc = err_set(e, EXIT_FAIL, _("binding the parameters of a diff failed"));
	if (rc == 0)
		db_bind_int64_at(st, (int)w->nparams + 1, snap_id);
	while (rc == 0 && (rc = db_step(db, st, e)) == 1) {
		rc = fn(ctx, db_col_int(st, 0) == 0, db_col_text(st, 1),
		        db_col_text(st, 2),
		        db_col_text(st, 3));
		if (rc != 0)
			rc = err_set(e, EXIT_FAIL, _("writing the list failed"));
	}
	sqlite3_finalize(st);
	free(sql);
	return rc < 0 ? -1 : 0;
}

int
segment_diff(struct db *db, const char *snapshot, const char *live, segment_diff_fn list,
             void *ctx, struct segment_diff *out, struct err *e)
{
	struct seg_tree t;
	struct seg_compiler sc;
	struct rule_sql w = {0};
	sqlite3_stmt *st = NULL;
	char *sql = NULL;
	long s, l;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (seg_open(db, &t, &sc, e) != 0)
		return -1;
	if ((s = seg_tree_find(&t, snapshot, e)) == -2)
		goto out;
	if (s == -1 || !t.v[s].is_static) {
		err_set(e, EXIT_DATAERR,
		        _("\"%s\" is not a snapshot; make one with: clientele segment freeze DB PATH "
		        "--as NAME"),
		        snapshot);
		goto out;
	}
	l = live != NULL ? seg_tree_find(&t, live, e) : frozen_from(&t, s, e);
	if (l == -2 || (live == NULL && l < 0))
		goto out;
	if (l >= 0 ? seg_where_index(&sc, l, &w, e) != 0
	           : (w.where = strdup("1")) == NULL && err_set(e, EXIT_FAIL, _("out of memory")))
		goto out;
	if (asprintf(&sql,
	             DIFF_CTE "SELECT (SELECT count(*) FROM live WHERE id NOT IN snap),"
	                      " (SELECT count(*) FROM snap WHERE id NOT IN live),"
	                      " (SELECT count(*) FROM live WHERE id IN snap)",
	             fields_join(w.needs_metrics),
	             w.where) < 0) {
		sql = NULL;
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	if (db_prepare(db, &st, sql, e) != 0)
		goto out;
	if (db_bind_params(st, w.params, w.nparams, 1) != 0) {
		err_set(e, EXIT_FAIL, _("binding the parameters of a diff failed"));
		goto out;
	}
	db_bind_int64_at(st, (int)w.nparams + 1, t.v[s].id);
	if (db_step(db, st, e) != 1)
		goto out;
	out->joined = db_col_int64(st, 0);
	out->left = db_col_int64(st, 1);
	out->kept = db_col_int64(st, 2);
	rc = list != NULL ? diff_list(db, &w, t.v[s].id, list, ctx, e) : 0;
out:
	sqlite3_finalize(st);
	free(sql);
	rule_sql_free(&w);
	seg_close(&t, &sc);
	return rc;
}
