/* The column engine as the query module uses it: one engine per
 * connection, kept with it (db_ext), and the counts it answers by rule text
 * and segment path. Each says ENGINE_FALLBACK where SQL must answer; an
 * error in the rule is the SQL compiler's, returned as it is. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "engine/private.h"
#include "fields.h"
#include "i18n.h"
#include "rule/tree.h"

static void
free_engine(void *p)
{
	struct engine *en = p;

	engine_close(&en);
}

/* What db_ext holds on a connection whose counts SQL alone answers. */
static char sql_only;

/* CLIENTELE_ENGINE=sql: SQL alone answers every count, in the commands
 * and the interface (the reference; and the interface's tests of counts
 * that take their time). */
static bool
sql_forced(void)
{
	const char *s = getenv("CLIENTELE_ENGINE");

	return s != NULL && strcmp(s, "sql") == 0;
}

void
engine_disable(struct db *db)
{
	void *p = db_ext(db);

	if (p != NULL && p != &sql_only)
		free_engine(p);
	db_set_ext(db, &sql_only, NULL);
}

struct engine *
engine_of(struct db *db)
{
	struct engine *en = db_ext(db);
	struct err e = {0};

	if ((void *)en == (void *)&sql_only)
		return NULL;
	if (en == NULL && sql_forced()) {
		db_set_ext(db, &sql_only, NULL);
		return NULL;
	}
	if (en == NULL && engine_open(db, &en, &e) == 0)
		db_set_ext(db, en, free_engine);
	return en;
}

/* A failure of the engine's own (SQLite busy or interrupted while loading a
 * column, out of memory) is no answer: SQL is asked, and says its own
 * error if it has one. An error in the rule is the answer. */
int
eng_settle(int rc, struct err *e)
{
	if (rc < 0 && e->code != EXIT_DATAERR) {
		err_clear(e);
		return ENGINE_FALLBACK;
	}
	return rc;
}

void
engine_defer(struct db *db)
{
	struct engine *en;

	if (db_ext(db) == (void *)&sql_only && !sql_forced())
		db_set_ext(db, NULL, NULL);
	en = engine_of(db);

	if (en != NULL)
		en->deferred = true;
}

int
engine_refresh(struct db *db, struct err *e)
{
	struct engine *en = db_ext(db);
	struct field_catalog cat = {0};
	const struct field **fs = NULL;
	const struct field *f;
	const struct ecol *c;
	size_t i, n = 0;
	int rc;

	if (en == NULL || (void *)en == (void *)&sql_only)
		return 0;
	if ((rc = engine_sync(en, e)) < 0)
		return -1;
	if (!en->pending)
		return 0;
	if (fields_load(db, &cat, e) != 0)
		return -1;
	if ((fs = calloc(en->nagain + 1, sizeof *fs)) == NULL) {
		fields_free(&cat);
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	for (i = 0; i < en->nagain; i++)
		if (strncmp(en->again[i], "raw ", 4) != 0 &&
		    (fs[n] = fields_find(&cat, en->again[i])) != NULL)
			n++;
	en->refreshing = true;
	rc = eng_prefetch(en, fs, n, true, e);
	/* the facet's spellings after */
	for (i = 0; rc == 0 && i < en->nagain; i++)
		if (strncmp(en->again[i], "raw ", 4) == 0 &&
		    (f = fields_find(&cat, en->again[i] + 4)) != NULL)
			rc = eng_raw_column(en, f, &c, e) < 0 ? -1 : 0;
	en->refreshing = false;
	eng_cache_flush(en);
	free(fs);
	fields_free(&cat);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	en->pending = false;
	return 1;
}

int
engine_within(struct db *db, struct segment_compiler *sc, const char *parent,
              const char *rule, roaring_bitmap_t **out, struct err *e)
{
	struct engine *en = engine_of(db);
	struct rule *r = NULL;
	long p = -1;
	int rc;

	*out = NULL;
	if (en == NULL)
		return ENGINE_FALLBACK;
	if (parent != NULL && parent[0] != '\0' && (p = segment_compiler_find(sc, parent, e)) < -1)
		return -1;
	if (rule_parse(rule != NULL ? rule : "", &r, e) != 0)
		return -1;
	rc = engine_rule(en, sc, p, r, out, e);
	rule_free(&r);
	return eng_settle(rc, e);
}

int
engine_count_text(struct db *db, const char *parent, const char *rule, long long *n,
                  struct err *e)
{
	struct segment_compiler *sc = NULL;
	roaring_bitmap_t *b = NULL;
	int rc;

	*n = 0;
	if (engine_of(db) == NULL)
		return ENGINE_FALLBACK;
	if (segment_compiler_open(db, &sc, e) != 0)
		return eng_settle(-1, e);
	rc = engine_within(db, sc, parent, rule, &b, e);
	if (rc == 0)
		*n = (long long)roaring_bitmap_get_cardinality(b);
	eng_bm_free(b);
	segment_compiler_close(&sc);
	eng_cache_flush(engine_of(db));
	return rc;
}

int
engine_count_index(struct db *db, struct segment_compiler *sc, long i, long long *n,
                   struct err *e)
{
	struct engine *en = engine_of(db);
	int rc;

	*n = 0;
	if (en == NULL)
		return ENGINE_FALLBACK;
	rc = eng_settle(engine_count(en, sc, i, NULL, n, e), e);
	eng_cache_flush(en);
	return rc;
}

int
engine_terms_counts(struct db *db, const char *parent, const char *const *terms, size_t n,
                    long long *parent_n, long long *all, long long *without, struct err *e)
{
	struct segment_compiler *sc = NULL;
	roaring_bitmap_t *scope = NULL, **t = NULL, **pre = NULL, *acc;
	size_t i, j;
	int rc = -1;

	if (engine_of(db) == NULL)
		return ENGINE_FALLBACK;
	if (segment_compiler_open(db, &sc, e) != 0)
		return eng_settle(-1, e);
	if ((t = calloc(n + 1, sizeof *t)) == NULL || (pre = calloc(n + 1, sizeof *pre)) == NULL) {
		rc = err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	if ((rc = engine_within(db, sc, parent, NULL, &scope, e)) != 0)
		goto out;
	for (i = 0; i < n; i++)
		if ((rc = engine_within(db, sc, parent, terms[i], &t[i], e)) != 0)
			goto out;
	*parent_n = (long long)roaring_bitmap_get_cardinality(scope);
	/* pre[i]: the terms before i together; then each without i is
	 * pre[i] AND the terms after it */
	for (i = 0; i < n; i++) {
		pre[i] = i == 0 ? roaring_bitmap_copy(scope) : roaring_bitmap_and(pre[i - 1], t[i - 1]);
		if (pre[i] == NULL) {
			rc = err_set(e, EXIT_FAIL, _("out of memory"));
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		if ((acc = roaring_bitmap_copy(pre[i])) == NULL) {
			rc = err_set(e, EXIT_FAIL, _("out of memory"));
			goto out;
		}
		for (j = i + 1; j < n && !roaring_bitmap_is_empty(acc); j++)
			roaring_bitmap_and_inplace(acc, t[j]);
		without[i] = (long long)roaring_bitmap_get_cardinality(acc);
		eng_bm_free(acc);
	}
	*all = n == 0 ? *parent_n
	              : (long long)roaring_bitmap_and_cardinality(pre[n - 1], t[n - 1]);
	rc = 0;
out:
	for (i = 0; t != NULL && i < n; i++) {
		eng_bm_free(t[i]);
		eng_bm_free(pre[i]);
	}
	free(t);
	free(pre);
	eng_bm_free(scope);
	segment_compiler_close(&sc);
	eng_cache_flush(engine_of(db));
	return rc;
}
