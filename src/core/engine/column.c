/* The column engine's data: row numbers, columns, tags and frozen members
 * read from the base, and the stamp that says when they are stale. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "engine/private.h"
#include "i18n.h"
#include "util/strbuf.h"
#include "util/strmap.h"

static int
oom(struct err *e)
{
	return err_set(e, EXIT_FAIL, _("out of memory"));
}

int
engine_open(struct db *db, struct engine **out, struct err *e)
{
	struct engine *en = calloc(1, sizeof *en);

	*out = NULL;
	if (en == NULL)
		return oom(e);
	en->db = db;
	en->gen = en->mgen = -1;
	*out = en;
	return 0;
}

void
eng_col_free(struct ecol *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nblocks; i++)
		free(c->blocks[i]);
	free(c->blocks);
	free(c->dict);
	free(c->codes);
	free(c->num);
	free(c->i32);
	free(c->flags);
	free(c->name);
	free(c);
}

void
eng_drop_sets(struct engine *en)
{
	size_t i;

	for (i = 0; i < en->ntags; i++) {
		free(en->tags[i].fold);
		eng_bm_free(en->tags[i].rows);
	}
	en->ntags = 0;
	for (i = 0; i < en->nsegs; i++)
		eng_bm_free(en->segs[i].rows);
	en->nsegs = 0;
}

void
eng_drop(struct engine *en)
{
	size_t i;

	eng_cache_forget(en);
	for (i = 0; i < en->ncols; i++)
		eng_col_free(en->cols[i]);
	en->ncols = 0;
	eng_drop_sets(en);
	free(en->ids);
	en->ids = NULL;
	free(en->buf);
	en->buf = NULL;
	en->n = 0;
	en->synced = false;
}

void
eng_names_free(char ***v, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
	*n = 0;
}

bool
eng_names_has(char *const *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], name) == 0)
			return true;
	return false;
}

int
eng_names_add(char ***v, size_t *n, const char *name)
{
	char **a;

	if (eng_names_has(*v, *n, name))
		return 0;
	if ((a = realloc(*v, (*n + 1) * sizeof *a)) == NULL)
		return -1;
	*v = a;
	if ((a[*n] = strdup(name)) == NULL)
		return -1;
	(*n)++;
	return 0;
}


void
engine_close(struct engine **enp)
{
	struct engine *en = *enp;

	if (en == NULL)
		return;
	eng_cache_flush(en);
	eng_names_free(&en->again, &en->nagain);
	eng_drop(en);
	eng_names_free(&en->vol, &en->nvol);
	free(en->cols);
	free(en->tags);
	free(en->segs);
	free(en);
	*enp = NULL;
}

size_t
engine_rows(const struct engine *en)
{
	return en->n;
}

size_t
engine_loaded(const struct engine *en)
{
	return en->ncols;
}

bool
eng_autocommit(const struct engine *en)
{
	return sqlite3_get_autocommit(db_handle(en->db)) != 0;
}

/* Another connection's commit moves data_version; this connection's own
 * writes move its total of changes. */
int
eng_stamp(struct engine *en, long long *version, long long *changes, struct err *e)
{
	if (db_query_int64(en->db, "PRAGMA data_version", version, e) != 0)
		return -1;
	*changes = (long long)sqlite3_total_changes64(db_handle(en->db));
	return 0;
}

int
eng_load_ids(struct engine *en, struct err *e)
{
	long long n;

	/* the row numbers kept with the base, else the table's count (the ids
	 * themselves then come with the first columns: eng_load) */
	if (eng_cache_ids(en) == 1)
		return 0;
	if (db_query_int64(en->db, "SELECT count(*) FROM customers", &n, e) != 0)
		return -1;
	if (n < 0 || n > (long long)UINT32_MAX - 1)
		return ENGINE_FALLBACK;
	if ((en->ids = malloc(((size_t)n + 1) * sizeof *en->ids)) == NULL ||
	    (en->buf = malloc(((size_t)n + 1) * sizeof *en->buf)) == NULL)
		return oom(e);
	en->n = (size_t)n;
	en->have_ids = false;
	return 0;
}

/* The row of customer id, or -1. */
static long
row_of(const struct engine *en, long long id)
{
	size_t lo = 0, hi = en->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (en->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < en->n && en->ids[lo] == id ? (long)lo : -1;
}

/* --- columns --------------------------------------------------------------- */

struct loader {
	struct ecol *c;
	size_t rows;
	uint32_t *slots;  /* EC_DICT: a hash table of codes (0: free) */
	size_t cap;       /* its size, a power of two */
	size_t adict;
};

/* A dictionary's strings are packed in blocks of this many bytes (a longer
 * string has a block of its own): a million distinct emails cost their
 * bytes, not a malloc each. */
#define DICT_BLOCK 65536

/* A copy of s (len bytes, then a NUL) in c's arena; NULL out of memory. */
static char *
dict_copy(struct ecol *c, const char *s, size_t len)
{
	char *p, **b;

	if (c->nblocks == 0 || c->block_used + len + 1 > c->block_size) {
		size_t size = len + 1 > DICT_BLOCK ? len + 1 : DICT_BLOCK;

		if ((b = realloc(c->blocks, (c->nblocks + 1) * sizeof *b)) == NULL)
			return NULL;
		c->blocks = b;
		if ((c->blocks[c->nblocks] = malloc(size)) == NULL)
			return NULL;
		c->nblocks++;
		c->block_used = 0;
		c->block_size = size;
	}
	p = c->blocks[c->nblocks - 1] + c->block_used;
	memcpy(p, s, len);
	p[len] = '\0';
	c->block_used += len + 1;
	return p;
}

/* The slot of the hash table where text s (len bytes, hash h) is, or the
 * free one where it goes. */
static size_t
slot_of(const struct loader *l, uint64_t h, const char *s, size_t len)
{
	size_t i = (size_t)h & (l->cap - 1);
	uint32_t k;

	while ((k = l->slots[i]) != 0) {
		const char *d = l->c->dict[k];

		/* d may be shorter than len: never read past its NUL (the
		 * last string of a block ends its allocation) */
		if (strnlen(d, len + 1) == len && memcmp(d, s, len) == 0)
			break;
		i = (i + 1) & (l->cap - 1);
	}
	return i;
}

/* Doubles the hash table (the dictionary's codes only: its strings are
 * the keys, so no copy of them is made). */
static int
slots_grow(struct loader *l)
{
	uint32_t *old = l->slots;
	size_t i, cap = l->cap;

	if ((l->slots = calloc(2 * cap, sizeof *l->slots)) == NULL) {
		l->slots = old;
		return -1;
	}
	l->cap = 2 * cap;
	for (i = 0; i < cap; i++)
		if (old[i] != 0) {
			const char *d = l->c->dict[old[i]];
			size_t len = strlen(d);

			l->slots[slot_of(l, strmap_hash(d, len), d, len)] = old[i];
		}
	free(old);
	return 0;
}

/* The code of text s (len bytes), added to the dictionary when new. */
static int
dict_code(struct loader *l, const char *s, size_t len, uint32_t *code)
{
	size_t at = slot_of(l, strmap_hash(s, len), s, len);
	char **d;

	if (l->slots[at] != 0) {
		*code = l->slots[at];
		return 0;
	}
	if (l->c->ndict == l->adict) {
		size_t a = l->adict ? 2 * l->adict : 64;

		if ((d = realloc(l->c->dict, a * sizeof *d)) == NULL)
			return -1;
		l->c->dict = d;
		l->adict = a;
	}
	if ((l->c->dict[l->c->ndict] = dict_copy(l->c, s, len)) == NULL)
		return -1;
	l->slots[at] = (uint32_t)l->c->ndict;
	*code = (uint32_t)l->c->ndict++;
	/* at most half full */
	if (2 * l->c->ndict > l->cap && slots_grow(l) != 0)
		return -1;
	return 0;
}

/* One column's cells of a row of the loading query: (empty, value) at
 * columns k and k + 1. */
static int
load_row(struct loader *l, sqlite3_stmt *st, int k, size_t i)
{
	struct ecol *c = l->c;
	int t = db_col_type(st, k + 1);

	c->flags[i] = db_col_int(st, k) ? EF_EMPTY : 0;
	if (c->kind == EC_NUM) {
		double d = 0;

		if (t == SQLITE_INTEGER) {
			long long v = db_col_int64(st, k + 1);

			if (v > 9007199254740992LL || v < -9007199254740992LL)
				c->inexact = true;
			d = (double)v;
			c->flags[i] |= EF_NUM;
		} else if (t == SQLITE_FLOAT) {
			d = db_col_double(st, k + 1);
			c->flags[i] |= EF_NUM;
		}
		if (c->i32 != NULL && d >= -2147483648.0 && d <= 2147483647.0 &&
		    d == (double)(int32_t)d) {
			c->i32[i] = (int32_t)d;
			return 0;
		}
		if (c->i32 != NULL) {
			/* a number no int32 holds: doubles from here on */
			size_t j;

			if ((c->num = malloc((l->rows + 1) * sizeof *c->num)) == NULL)
				return -1;
			for (j = 0; j < i; j++)
				c->num[j] = (double)c->i32[j];
			free(c->i32);
			c->i32 = NULL;
		}
		c->num[i] = d;
		return 0;
	}
	if (t == SQLITE_NULL) {
		c->codes[i] = 0;
		return 0;
	} else {
		const char *s = db_col_text(st, k + 1);
		size_t len = db_col_bytes(st, k + 1);

		if (s == NULL)
			return -1;
		if (strlen(s) != len)
			c->inexact = true; /* SQL compares past a NUL, strcmp does not */
		return dict_code(l, s, len, &c->codes[i]);
	}
}

/* Allocates column c for field f and appends its two expressions to b;
 * raw: the text as stored (the facet's spellings), not folded. */
static int
column_start(struct engine *en, struct loader *l, const struct field *f, bool raw,
             struct strbuf *b)
{
	struct ecol *c = l->c;
	const char *x = f->sql;

	c->type = f->type;
	c->data_only = eng_data_only(f);
	c->kind = f->type == FT_TEXT || f->type == FT_DATE || raw ? EC_DICT : EC_NUM;
	strbuf_addf(b, ", (%s IS NULL OR %s = ''), ", x, x);
	if (c->kind == EC_DICT) {
		strbuf_addf(b, raw ? "nullif(%s, '')" : f->type == FT_DATE ? "substr(%s, 1, 10)"
		                                                          : "fold(%s)",
		            x);
		c->codes = malloc((en->n + 1) * sizeof *c->codes);
		c->dict = calloc(64, sizeof *c->dict);
		l->adict = 64;
		c->ndict = 1; /* code 0: NULL */
		l->cap = 1024;
		l->slots = calloc(l->cap, sizeof *l->slots);
		if (c->codes == NULL || c->dict == NULL || l->slots == NULL)
			return -1;
	} else {
		strbuf_add(b, x);
		l->rows = en->n;
		if ((c->i32 = malloc((en->n + 1) * sizeof *c->i32)) == NULL)
			return -1;
	}
	return (c->flags = malloc(en->n + 1)) == NULL ? -1 : 0;
}

/* Room in en->cols for k more. */
static int
cols_room(struct engine *en, size_t k)
{
	if (en->ncols + k > en->acols) {
		size_t a = en->ncols + k + 16;
		struct ecol **v = realloc(en->cols, a * sizeof *v);

		if (v == NULL)
			return -1;
		en->cols = v;
		en->acols = a;
	}
	return 0;
}

/* Notes the column name of field f among those no generation stamps. */
static int
note_volatile(struct engine *en, const struct field *f, const char *name)
{
	return eng_volatile(f) ? eng_names_add(&en->vol, &en->nvol, name) : 0;
}

/* Reads the row numbers (when not yet read) and the columns of fields
 * fs[0..nf) in one pass over the table; adds them to en->cols, and to the
 * base's cache. */
static int
build_columns(struct engine *en, const struct field *const *fs, size_t nf, bool raw,
              struct err *e)
{
	struct loader *l = calloc(nf + 1, sizeof *l);
	struct strbuf b = {0};
	sqlite3_stmt *st = NULL;
	bool metrics = false;
	size_t i = 0, j;
	int rc = -1, r;

	bool ids = !en->have_ids;

	if (l == NULL)
		return oom(e);
	if (cols_room(en, nf) != 0)
		goto nomem;
	strbuf_add(&b, "SELECT c.id");
	for (j = 0; j < nf; j++) {
		if ((l[j].c = calloc(1, sizeof *l[j].c)) == NULL)
			goto nomem;
		if (asprintf(&l[j].c->name, "%s%s", raw ? "raw " : "", fs[j]->name) < 0) {
			l[j].c->name = NULL; /* asprintf left it undefined */
			goto nomem;
		}
		if (column_start(en, &l[j], fs[j], raw, &b) != 0 ||
		    note_volatile(en, fs[j], l[j].c->name) != 0)
			goto nomem;
		metrics |= fs[j]->needs_metrics;
	}
	strbuf_addf(&b, " FROM customers AS c%s ORDER BY c.id", fields_join(metrics));
	if (b.oom)
		goto nomem;
	if (db_prepare(en->db, &st, b.p, e) != 0)
		goto out;
	while ((r = db_step(en->db, st, e)) == 1) {
		long long id = db_col_int64(st, 0);

		if (i == en->n || (en->have_ids ? en->ids[i] != id : false)) {
			rc = ENGINE_FALLBACK; /* the base changed under us */
			goto out;
		}
		en->ids[i] = id;
		for (j = 0; j < nf; j++)
			if (load_row(&l[j], st, 1 + 2 * (int)j, i) != 0)
				goto nomem;
		i++;
	}
	if (r < 0)
		goto out;
	if (i != en->n) {
		rc = ENGINE_FALLBACK;
		goto out;
	}
	en->have_ids = true;
	for (j = 0; j < nf; j++) {
		struct ecol *c = l[j].c;

		if (c->kind == EC_DICT) {
			c->empty_by_code = true;
			for (i = 0; i < en->n && c->empty_by_code; i++)
				c->empty_by_code = ((c->flags[i] & EF_EMPTY) != 0) ==
				                   (c->codes[i] == 0 || c->dict[c->codes[i]][0] == '\0');
		}
		en->cols[en->ncols++] = c;
		l[j].c = NULL;
	}
	if (eng_cache_note(en, en->cols + en->ncols - nf, fs, nf, raw, ids) != 0)
		goto nomem;
	rc = 0;
	goto out;
nomem:
	rc = oom(e);
out:
	sqlite3_finalize(st);
	for (j = 0; j < nf; j++) {
		free(l[j].slots);
		eng_col_free(l[j].c);
	}
	free(l);
	free(b.p);
	return rc;
}

/* The columns of fields fs[0..nf) not held: those the base's cache has
 * read from it, the others built from the table in one pass. */
int
eng_load(struct engine *en, const struct field *const *fs, size_t nf, bool raw,
             struct err *e)
{
	const struct field **build = calloc(nf + 1, sizeof *build);
	struct ecol *c;
	char name[300];
	size_t j, n = 0;
	int rc;

	if (build == NULL || cols_room(en, nf) != 0) {
		free(build);
		return oom(e);
	}
	for (j = 0; j < nf; j++) {
		snprintf(name, sizeof name, "%s%s", raw ? "raw " : "", fs[j]->name);
		if (en->have_ids && eng_cache_column(en, fs[j], raw, name, &c) == 1)
			en->cols[en->ncols++] = c;
		else
			build[n++] = fs[j];
	}
	rc = n > 0 || !en->have_ids ? build_columns(en, build, n, raw, e) : 0;
	free(build);
	return rc;
}

static struct ecol *
find_column(const struct engine *en, const char *name)
{
	size_t i;

	for (i = 0; i < en->ncols; i++)
		if (strcmp(en->cols[i]->name, name) == 0)
			return en->cols[i];
	return NULL;
}

/* Adds name to the columns a deferred engine reads between requests. */
static int
defer_column(struct engine *en, const char *name, struct err *e)
{
	if (eng_note_again(en, name) != 0)
		return oom(e);
	en->pending = true;
	return ENGINE_FALLBACK;
}

/* A deferred engine reads what the base's cache has at once (it costs
 * milliseconds), and defers the rest: want[0..*n) becomes what is left. */
static int
from_cache(struct engine *en, const struct field **want, size_t *n, bool raw, struct err *e)
{
	struct ecol *c;
	char name[300];
	size_t i, k;

	if (!en->have_ids)
		return 0;
	if (cols_room(en, *n) != 0)
		return oom(e);
	for (i = k = 0; i < *n; i++) {
		snprintf(name, sizeof name, "%s%s", raw ? "raw " : "", want[i]->name);
		if (eng_cache_column(en, want[i], raw, name, &c) == 1)
			en->cols[en->ncols++] = c;
		else
			want[k++] = want[i];
	}
	*n = k;
	return 0;
}

int
eng_prefetch(struct engine *en, const struct field *const *fs, size_t nf, bool now,
             struct err *e)
{
	const struct field **want = calloc(nf + 1, sizeof *want);
	size_t i, j, n = 0;
	int rc;

	if (want == NULL)
		return oom(e);
	for (i = 0; i < nf; i++) {
		bool dup = find_column(en, fs[i]->name) != NULL;

		for (j = 0; j < n && !dup; j++)
			dup = strcmp(want[j]->name, fs[i]->name) == 0;
		if (!dup)
			want[n++] = fs[i];
	}
	if (!now && en->deferred && n > 0) {
		/* what the base keeps is read now; for the rest SQL answers,
		 * and the columns come between requests */
		rc = from_cache(en, want, &n, false, e);
		for (i = 0; rc == 0 && i < n; i++)
			rc = defer_column(en, want[i]->name, e);
		for (; i < n; i++)
			defer_column(en, want[i]->name, e);
	} else {
		rc = n > 0 || !en->have_ids ? eng_load(en, want, n, false, e) : 0;
	}
	free(want);
	return rc;
}

int
eng_column(struct engine *en, const struct field *f, const struct ecol **out, struct err *e)
{
	struct ecol *c;
	int rc;

	*out = NULL;
	if ((c = find_column(en, f->name)) == NULL) {
		if ((rc = eng_load(en, &f, 1, false, e)) != 0)
			return rc;
		c = en->cols[en->ncols - 1];
	}
	*out = c;
	return c->inexact ? ENGINE_FALLBACK : 0;
}

int
eng_raw_column(struct engine *en, const struct field *f, const struct ecol **out,
               struct err *e)
{
	struct ecol *c;
	char name[300];
	int rc;

	*out = NULL;
	snprintf(name, sizeof name, "raw %s", f->name);
	if ((c = find_column(en, name)) == NULL && en->deferred && !en->refreshing) {
		const struct field *want[1] = {f};
		size_t n = 1;

		if ((rc = from_cache(en, want, &n, true, e)) != 0)
			return rc;
		if (n > 0)
			return defer_column(en, name, e);
		c = en->cols[en->ncols - 1];
	}
	if (c == NULL) {
		if ((rc = eng_load(en, &f, 1, true, e)) != 0)
			return rc;
		c = en->cols[en->ncols - 1];
	}
	*out = c;
	return c->inexact ? ENGINE_FALLBACK : 0;
}

/* --- tags and members ------------------------------------------------------ */

/* The rows of the customer ids a one-parameter query returns. */
static int
load_rows(struct engine *en, const char *sql, const char *text, long long id,
          roaring_bitmap_t **out, struct err *e)
{
	sqlite3_stmt *st = NULL;
	size_t k = 0;
	long row;
	int rc;

	*out = NULL;
	if (!en->have_ids && (rc = eng_load(en, NULL, 0, false, e)) != 0)
		return rc;
	if (db_prepare(en->db, &st, sql, e) != 0)
		return -1;
	if ((text != NULL ? db_bind_text_at(st, 1, text) : db_bind_int64_at(st, 1, id)) != 0) {
		sqlite3_finalize(st);
		return oom(e);
	}
	while ((rc = db_step(en->db, st, e)) == 1)
		if ((row = row_of(en, db_col_int64(st, 0))) >= 0 && k < en->n)
			en->buf[k++] = (uint32_t)row;
	sqlite3_finalize(st);
	if (rc < 0)
		return -1;
	/* the ids came in any order */
	if ((*out = roaring_bitmap_create()) == NULL)
		return oom(e);
	roaring_bitmap_add_many(*out, k, en->buf);
	return 0;
}

int
eng_tag(struct engine *en, const char *fold, const roaring_bitmap_t **out, struct err *e)
{
	roaring_bitmap_t *rows;
	size_t i;

	*out = NULL;
	for (i = 0; i < en->ntags; i++)
		if (strcmp(en->tags[i].fold, fold) == 0) {
			*out = en->tags[i].rows;
			return 0;
		}
	if (en->ntags == en->atags) {
		size_t a = en->atags ? 2 * en->atags : 16;
		struct etag *v = realloc(en->tags, a * sizeof *v);

		if (v == NULL)
			return oom(e);
		en->tags = v;
		en->atags = a;
	}
	if (load_rows(en,
	              "SELECT ct.customer_id FROM customer_tags AS ct JOIN tags AS t ON t.id = "
	              "ct.tag_id WHERE t.name_fold = ?1",
	              fold, 0, &rows, e) != 0)
		return -1;
	if ((en->tags[en->ntags].fold = strdup(fold)) == NULL) {
		eng_bm_free(rows);
		return oom(e);
	}
	en->tags[en->ntags++].rows = rows;
	*out = rows;
	return 0;
}

int
eng_members(struct engine *en, long long id, roaring_bitmap_t **out, struct err *e)
{
	return load_rows(en, "SELECT customer_id FROM segment_members WHERE segment_id = ?1",
	                 NULL, id, out, e);
}
