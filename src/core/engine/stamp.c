/* The stamp of what the column engine holds and keeps (issue 10): meta's
 * data_gen and metrics_gen, which the triggers of migration 8 move on
 * every write to customers and customer_metrics respectively, and the
 * engine's own stamp of the connection (PRAGMA data_version, its
 * changes). A change that moved neither generation (a tag, a segment, the
 * cache itself) keeps the columns; one that moved metrics_gen alone drops
 * the columns that read the metrics; one that moved data_gen drops them
 * all. Also: the bulk writers' way around
 * the triggers, and the columns written again after them. */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "engine/private.h"
#include "fields.h"
#include "schema.h"

int
eng_gens(struct db *db, long long *gen, long long *mgen, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*gen = *mgen = -1;
	if (db_prepare(db, &st, schema_gen_check, e) != 0)
		return -1;
	if ((rc = db_step(db, st, e)) == 1) {
		*gen = db_col_int64(st, 0);
		*mgen = db_col_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc < 0)
		return -1;
	if (*gen < 0 || *mgen < 0)
		*gen = *mgen = -1;
	return 0;
}

int
eng_state(struct engine *en, long long *version, long long *changes, long long *gen,
          long long *mgen, struct err *e)
{
	long long v, c;
	int k;

	for (k = 0; k < 3; k++) {
		if (eng_stamp(en, version, changes, e) != 0 || eng_gens(en->db, gen, mgen, e) != 0 ||
		    eng_stamp(en, &v, &c, e) != 0)
			return -1;
		/* no commit between: the generations are those of the stamp */
		if (v == *version && c == *changes)
			return 0;
	}
	*gen = *mgen = -1;
	return 0;
}

/* A bulk writer's stamps: the triggers of each dropped at its start, the
 * stamp moved once and the triggers put back at its end. */
static const struct {
	unsigned bit;
	const char *key;
	const char *drop, *create;
} bulk[] = {
	{ENGINE_GEN_DATA, "data_gen", schema_gen_drop_data, schema_gen_triggers_data},
	{ENGINE_GEN_METRICS, "metrics_gen", schema_gen_drop_metrics, schema_gen_triggers_metrics},
};

int
engine_bulk_begin(struct db *db, unsigned gens, struct err *e)
{
	size_t i;

	for (i = 0; i < sizeof bulk / sizeof bulk[0]; i++)
		if ((gens & bulk[i].bit) && db_exec(db, bulk[i].drop, e) != 0)
			return -1;
	return 0;
}

int
engine_bulk_end(struct db *db, unsigned gens, struct err *e)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	for (i = 0; i < sizeof bulk / sizeof bulk[0]; i++) {
		if (!(gens & bulk[i].bit))
			continue;
		if (db_prepare(db, &st,
		               "INSERT INTO meta(key, value) VALUES (?1, '1') ON CONFLICT(key) DO "
		               "UPDATE SET value = coalesce(CAST(value AS INTEGER), 0) + 1",
		               e) != 0)
			return -1;
		rc = db_bind_static_at(st, 1, bulk[i].key) != 0 ? -1 : db_step(db, st, e);
		sqlite3_finalize(st);
		if (rc < 0 || db_exec(db, bulk[i].create, e) != 0)
			return -1;
	}
	return 0;
}

bool
eng_is_volatile(const struct engine *en, const char *name)
{
	return eng_names_has(en->vol, en->nvol, name);
}

int
eng_note_again(struct engine *en, const char *name)
{
	return eng_names_add(&en->again, &en->nagain, name);
}

/* Drops the columns that gone() says a change made stale, noting them to
 * be read again by a deferred engine; the others stay in order. */
static void
drop_columns(struct engine *en, bool (*gone)(const struct engine *, const struct ecol *))
{
	size_t i, k;

	for (i = k = 0; i < en->ncols; i++) {
		if (gone(en, en->cols[i])) {
			if (en->deferred && eng_note_again(en, en->cols[i]->name) == 0)
				en->pending = true;
			eng_col_free(en->cols[i]);
		} else {
			en->cols[k++] = en->cols[i];
		}
	}
	en->ncols = k;
}

static bool
unstamped(const struct engine *en, const struct ecol *c)
{
	return eng_is_volatile(en, c->name);
}

static bool
reads_metrics(const struct engine *en, const struct ecol *c)
{
	(void)en;
	return !c->data_only;
}

/* A change that did not move the generation (a tag, a segment, the cache
 * itself): the columns stay; tags, segments and the columns no generation
 * stamps go. */
static void
drop_unstamped(struct engine *en)
{
	eng_drop_sets(en);
	drop_columns(en, unstamped);
}

/* A change that moved metrics_gen alone: the columns that read more than
 * customers go (noted to be read again by a deferred engine), and what was
 * noted of them for the cache; the row numbers and the customers' columns
 * stay. */
static void
drop_metrics(struct engine *en)
{
	size_t i, k;

	for (i = k = 0; i < en->npend; i++) {
		if (en->pend[i].c->data_only)
			en->pend[k++] = en->pend[i];
		else
			free(en->pend[i].expr);
	}
	en->npend = k;
	drop_columns(en, reads_metrics);
}

int
engine_sync(struct engine *en, struct err *e)
{
	long long v, c, g, mg;

	if (eng_stamp(en, &v, &c, e) != 0)
		return -1;
	if (en->synced && v == en->data_version && c == en->changes)
		return 0;
	if (eng_state(en, &v, &c, &g, &mg, e) != 0)
		return -1;
	if (en->synced && g >= 0 && g == en->gen) {
		if (mg != en->mgen)
			drop_metrics(en);
		drop_unstamped(en);
		en->mgen = mg;
		en->data_version = v;
		en->changes = c;
		return 1;
	}
	/* the columns held, to be read again */
	if (en->ncols > 0) {
		char **a = calloc(en->ncols, sizeof *a);
		size_t i, n = 0;

		for (i = 0; a != NULL && i < en->ncols; i++)
			if ((a[n] = strdup(en->cols[i]->name)) != NULL)
				n++;
		eng_names_free(&en->again, &en->nagain);
		en->again = a;
		en->nagain = a != NULL ? n : 0;
		en->pending = en->deferred && en->nagain > 0;
	}
	eng_drop(en);
	eng_names_free(&en->vol, &en->nvol);
	en->gen = g;
	en->mgen = mg;
	if (eng_load_ids(en, e) != 0)
		return -1;
	en->data_version = v;
	en->changes = c;
	en->synced = true;
	return 1;
}

bool
eng_volatile(const struct field *f)
{
	/* the tags field counts rows of customer_tags, which no trigger
	 * stamps: read from the table, and dropped on every change */
	return strstr(f->sql, "customer_tags") != NULL;
}

bool
eng_data_only(const struct field *f)
{
	/* c.name or c."name" and nothing else: a column of customers; the
	 * metrics (m.x, coalesce(m.x, 0)) and anything else depend on both */
	return !f->needs_metrics && strncmp(f->sql, "c.", 2) == 0 &&
	       strpbrk(f->sql, "( ") == NULL && strstr(f->sql, "m.") == NULL &&
	       strstr(f->sql, "metrics") == NULL;
}

void
engine_warm(struct db *db)
{
	struct engine *en = NULL;
	struct err e = {0};
	struct field_catalog cat = {0};
	sqlite3_stmt *st = NULL;
	const struct field **fs = NULL, *f;
	size_t nf = 0, nr = 0, n = 0;
	long long count;

	if (db_tx_depth(db) > 0 || engine_open(db, &en, &e) != 0)
		return;
	if (engine_sync(en, &e) < 0 || en->gen < 0 || fields_load(db, &cat, &e) != 0 ||
	    db_query_int64(db, "SELECT count(*) FROM engine_cache", &count, &e) != 0 ||
	    (fs = calloc((size_t)count + 1, sizeof *fs)) == NULL)
		goto out;
	/* the columns kept before, stale now: the fields first, then the
	 * facets' spellings (from the end of fs) */
	if (db_prepare(db, &st,
	               "SELECT name FROM engine_cache WHERE name != 'ids' AND (gen != ?1 OR mgen "
	               "!= ?2)",
	               &e) != 0 ||
	    db_bind_int64_at(st, 1, en->gen) != 0 || db_bind_int64_at(st, 2, en->mgen) != 0)
		goto out;
	while (n < (size_t)count && db_step(db, st, &e) == 1) {
		const char *name = db_col_text(st, 0);
		bool raw = name != NULL && strncmp(name, "raw ", 4) == 0;

		if (name == NULL || (f = fields_find(&cat, raw ? name + 4 : name)) == NULL ||
		    eng_volatile(f))
			continue;
		if (raw)
			fs[count - 1 - nr++] = f;
		else
			fs[nf++] = f;
		n++;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (nf > 0 || nr > 0)
		eng_load(en, fs, nf, false, &e);
	if (nr > 0)
		eng_load(en, fs + count - nr, nr, true, &e);
	eng_cache_flush(en);
out:
	sqlite3_finalize(st);
	free(fs);
	fields_free(&cat);
	engine_close(&en);
}
