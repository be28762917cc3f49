/* The engine's columns kept with the base (issue 10): a row of
 * engine_cache per column (and one for the row numbers), stamped with the
 * data_gen of meta that the triggers of migration 7 move on every write to
 * customers and customer_metrics. A column is read from its row when the
 * stamps agree, else built from the table and written back (best effort:
 * a base that is busy or read-only is simply not written). A row that does
 * not read back whole (another format, a wrong checksum, a code out of its
 * dictionary) is ignored, and the column built again.
 *
 * The blob: a header (struct head below, native byte order: a base moved to
 * a machine of the other order reads as another format), the column's
 * expression (what it was built from), its dictionary (NUL-terminated
 * strings), its codes 1, 2 or 4 bytes wide by the dictionary's size or its
 * numbers (int32 or double), and its flags unless they follow from the
 * codes (empty_by_code). The row numbers are a portable roaring bitmap of
 * the customer ids. */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "engine/private.h"
#include "fields.h"
#include "schema.h"
#include "util/strbuf.h"

/* The format; a change of layout or of fold() is a new version. */
#define CACHE_VERSION 1
#define CACHE_IDS "ids"

enum { CK_DICT = 0, CK_NUM = 1, CK_IDS = 2 };
enum { CB_EMPTY_BY_CODE = 1, CB_INEXACT = 2, CB_FLAGS = 4 };

struct head {
	char magic[4];   /* "CLEC" */
	uint32_t version;
	uint32_t rows;
	uint8_t kind, type, width, bits;
	uint32_t ndict;
	uint32_t dict_bytes;
	uint32_t expr_len;
	uint32_t pad;
	uint64_t sum;    /* of everything after the head */
};

static uint64_t
checksum(const unsigned char *p, size_t n)
{
	uint64_t h[4] = {0x243F6A8885A308D3ULL, 0x13198A2E03707344ULL, 0xA4093822299F31D0ULL,
	                 0x082EFA98EC4E6C89ULL};
	uint64_t w;
	size_t i, k;

	for (i = 0; i + 32 <= n; i += 32)
		for (k = 0; k < 4; k++) {
			memcpy(&w, p + i + 8 * k, 8);
			h[k] = (h[k] ^ w) * 0x9E3779B97F4A7C15ULL;
			h[k] ^= h[k] >> 31;
		}
	for (; i < n; i++)
		h[0] = (h[0] ^ p[i]) * 0x100000001B3ULL;
	return h[0] ^ (h[1] * 3) ^ (h[2] * 5) ^ (h[3] * 7) ^ (uint64_t)n;
}

/* --- the stamp ------------------------------------------------------------- */

int
eng_state(struct engine *en, long long *version, long long *changes, long long *gen,
          struct err *e)
{
	long long v, c;
	int k;

	for (k = 0; k < 3; k++) {
		if (eng_stamp(en, version, changes, e) != 0 ||
		    db_query_int64(en->db, schema_gen_check, gen, e) != 0 ||
		    eng_stamp(en, &v, &c, e) != 0)
			return -1;
		/* no commit between: the generation is that of the stamp */
		if (v == *version && c == *changes)
			return 0;
	}
	*gen = -1;
	return 0;
}

int
engine_bulk_begin(struct db *db, struct err *e)
{
	return db_exec(db, schema_gen_drop, e);
}

int
engine_bulk_end(struct db *db, struct err *e)
{
	if (db_exec(db,
	            "INSERT INTO meta(key, value) VALUES ('data_gen', '1') ON CONFLICT(key) DO "
	            "UPDATE SET value = coalesce(CAST(value AS INTEGER), 0) + 1",
	            e) != 0)
		return -1;
	return db_exec(db, schema_gen_triggers, e);
}

/* --- writing --------------------------------------------------------------- */

struct out {
	unsigned char *p;
	size_t n, a;
	bool oom;
};

static void
put(struct out *o, const void *p, size_t n)
{
	if (o->oom)
		return;
	if (o->n + n > o->a) {
		size_t a = o->a ? o->a : 4096;
		unsigned char *q;

		while (a < o->n + n)
			a *= 2;
		if ((q = realloc(o->p, a)) == NULL) {
			o->oom = true;
			return;
		}
		o->p = q;
		o->a = a;
	}
	memcpy(o->p + o->n, p, n);
	o->n += n;
}

/* What a column is built from: a cached column of the same name built
 * otherwise (a field's type or expression changed) is not it. */
static void
expr_of(struct strbuf *b, const struct field *f, bool raw)
{
	strbuf_addf(b, "%s|%d|%s", raw ? "raw" : "fold", (int)f->type, f->sql);
}

static void
finish(struct out *o, struct head *h)
{
	if (o->oom)
		return;
	h->sum = checksum(o->p + sizeof *h, o->n - sizeof *h);
	memcpy(o->p, h, sizeof *h);
}

static void
encode_column(struct out *o, const struct ecol *c, const char *expr, size_t rows)
{
	struct head h = {{'C', 'L', 'E', 'C'}, CACHE_VERSION, (uint32_t)rows, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	size_t i, len;

	h.kind = c->kind == EC_DICT ? CK_DICT : CK_NUM;
	h.type = (uint8_t)c->type;
	h.expr_len = (uint32_t)strlen(expr);
	h.bits = (c->empty_by_code ? CB_EMPTY_BY_CODE : 0) | (c->inexact ? CB_INEXACT : 0);
	put(o, &h, sizeof h);
	put(o, expr, h.expr_len);
	if (c->kind == EC_DICT) {
		h.ndict = (uint32_t)c->ndict;
		for (i = 1; i < c->ndict; i++) {
			len = strlen(c->dict[i]) + 1;
			put(o, c->dict[i], len);
			h.dict_bytes += (uint32_t)len;
		}
		h.width = c->ndict <= 0x100 ? 1 : c->ndict <= 0x10000 ? 2 : 4;
		if (h.width == 4) {
			put(o, c->codes, rows * 4);
		} else {
			for (i = 0; i < rows; i++) {
				uint8_t b = (uint8_t)c->codes[i];
				uint16_t s = (uint16_t)c->codes[i];

				if (h.width == 1)
					put(o, &b, 1);
				else
					put(o, &s, 2);
			}
		}
		if (!c->empty_by_code) {
			h.bits |= CB_FLAGS;
			put(o, c->flags, rows);
		}
	} else {
		h.width = c->i32 != NULL ? 4 : 8;
		put(o, c->i32 != NULL ? (const void *)c->i32 : (const void *)c->num, rows * h.width);
		h.bits |= CB_FLAGS;
		put(o, c->flags, rows);
	}
	finish(o, &h);
}

static void
encode_ids(struct out *o, const struct engine *en, roaring_bitmap_t *b)
{
	struct head h = {{'C', 'L', 'E', 'C'}, CACHE_VERSION, (uint32_t)en->n, CK_IDS, 0, 0, 0, 0, 0, 0, 0, 0};
	size_t size = roaring_bitmap_portable_size_in_bytes(b);
	char *buf = malloc(size + 1);

	if (buf == NULL) {
		o->oom = true;
		return;
	}
	size = roaring_bitmap_portable_serialize(b, buf);
	put(o, &h, sizeof h);
	put(o, buf, size);
	free(buf);
	finish(o, &h);
}

/* The ids as a bitmap, or NULL when they do not fit one. */
static roaring_bitmap_t *
ids_bitmap(const struct engine *en)
{
	roaring_bitmap_t *b;
	size_t i;

	for (i = 0; i < en->n; i++)
		if (en->ids[i] < 0 || en->ids[i] > (long long)UINT32_MAX)
			return NULL;
	if ((b = roaring_bitmap_create()) == NULL)
		return NULL;
	for (i = 0; i < en->n; i++)
		roaring_bitmap_add(b, (uint32_t)en->ids[i]);
	roaring_bitmap_run_optimize(b);
	return b;
}

static int
store(struct db *w, const char *name, long long gen, const struct out *o, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (o->oom)
		return 0;
	if (db_prepare(w, &st,
	               "INSERT OR REPLACE INTO engine_cache(name, gen, data) VALUES (?1, ?2, ?3)",
	               e) != 0)
		return -1;
	if (db_bind_text_at(st, 1, name) != 0 || db_bind_int64_at(st, 2, gen) != 0 ||
	    db_bind_blob_at(st, 3, o->p, o->n) != 0)
		rc = -1;
	else
		rc = db_step(w, st, e) < 0 ? -1 : 0;
	sqlite3_finalize(st);
	return rc;
}

void
eng_cache_put(struct engine *en, struct ecol *const *cols, const struct field *const *fs,
              size_t n, bool raw, bool ids)
{
	struct db *w = NULL;
	struct err e = {0};
	struct strbuf x = {0};
	long long v, c, gen;
	bool own;
	size_t i;

	if (en->gen < 0 || en->no_cache || (n == 0 && !ids))
		return;
	/* the columns are of the generation held only if nothing was
	 * committed since it was read */
	if (eng_stamp(en, &v, &c, &e) != 0 || v != en->data_version || c != en->changes)
		return;
	own = !sqlite3_db_readonly(db_handle(en->db), "main") && db_tx_depth(en->db) == 0 &&
	      eng_autocommit(en);
	if (own)
		w = en->db;
	else if (db_open(&w, db_path(en->db), 0, &e) != 0)
		return;
	if (db_begin_nowait(w, &e) != 0)
		goto out;
	if (db_query_int64(w, schema_gen_check, &gen, &e) != 0 || gen != en->gen)
		goto fail;
	if (ids) {
		roaring_bitmap_t *b = ids_bitmap(en);
		struct out o = {0};

		if (b != NULL) {
			encode_ids(&o, en, b);
			roaring_bitmap_free(b);
			if (store(w, CACHE_IDS, gen, &o, &e) != 0) {
				free(o.p);
				goto fail;
			}
		}
		free(o.p);
	}
	for (i = 0; i < n; i++) {
		struct out o = {0};

		if (eng_volatile(fs[i]))
			continue;
		x.n = 0;
		if (x.p != NULL)
			x.p[0] = '\0';
		expr_of(&x, fs[i], raw);
		if (x.oom)
			goto fail;
		encode_column(&o, cols[i], x.p, en->n);
		if (store(w, cols[i]->name, gen, &o, &e) != 0) {
			free(o.p);
			goto fail;
		}
		free(o.p);
	}
	if (db_commit(w, &e) != 0)
		goto fail;
	if (own)
		en->changes = (long long)sqlite3_total_changes64(db_handle(en->db));
	goto out;
fail:
	db_rollback(w);
out:
	free(x.p);
	if (!own)
		db_close(&w);
}

/* --- reading --------------------------------------------------------------- */

/* The blob of entry name at the generation held; *st to finalize. */
static const unsigned char *
fetch(struct engine *en, const char *name, size_t *len, sqlite3_stmt **st)
{
	struct err e = {0};
	const unsigned char *p;

	*st = NULL;
	if (en->gen < 0 || en->no_cache)
		return NULL;
	if (db_prepare(en->db, st, "SELECT data FROM engine_cache WHERE name = ?1 AND gen = ?2",
	               &e) != 0)
		return NULL;
	if (db_bind_text_at(*st, 1, name) != 0 || db_bind_int64_at(*st, 2, en->gen) != 0 ||
	    db_step(en->db, *st, &e) != 1)
		return NULL;
	p = db_col_blob(*st, 0, len);
	return p != NULL && *len >= sizeof(struct head) ? p : NULL;
}

/* The head of blob p, checked; false when it is not whole. */
static bool
head_ok(const unsigned char *p, size_t len, struct head *h, size_t rows)
{
	memcpy(h, p, sizeof *h);
	return memcmp(h->magic, "CLEC", 4) == 0 && h->version == CACHE_VERSION &&
	       h->rows == rows && h->sum == checksum(p + sizeof *h, len - sizeof *h);
}

int
eng_cache_ids(struct engine *en)
{
	sqlite3_stmt *st;
	struct head h;
	size_t len, i;
	const unsigned char *p = fetch(en, CACHE_IDS, &len, &st);
	roaring_bitmap_t *b = NULL;
	uint32_t *v = NULL;
	long long *ids = NULL;
	int rc = 0;

	if (p == NULL)
		goto out;
	memcpy(&h, p, sizeof h);
	if (!head_ok(p, len, &h, h.rows) || h.kind != CK_IDS || h.rows > UINT32_MAX - 1)
		goto out;
	b = roaring_bitmap_portable_deserialize_safe((const char *)p + sizeof h, len - sizeof h);
	if (b == NULL || roaring_bitmap_get_cardinality(b) != h.rows)
		goto out;
	if ((v = malloc(((size_t)h.rows + 1) * sizeof *v)) == NULL ||
	    (ids = malloc(((size_t)h.rows + 1) * sizeof *ids)) == NULL)
		goto out;
	roaring_bitmap_to_uint32_array(b, v);
	for (i = 0; i < h.rows; i++)
		ids[i] = v[i];
	free(en->ids);
	free(en->buf);
	en->ids = ids;
	ids = NULL;
	/* the scan buffer: v is of its size */
	en->buf = v;
	v = NULL;
	en->n = h.rows;
	en->have_ids = true;
	rc = 1;
out:
	free(v);
	free(ids);
	if (b != NULL)
		roaring_bitmap_free(b);
	sqlite3_finalize(st);
	return rc;
}

/* Reads the column of the blob into c; false when it is not whole. */
static bool
decode_column(struct ecol *c, const unsigned char *p, size_t len, const char *expr, size_t rows)
{
	struct head h;
	const unsigned char *q, *end = p + len;
	size_t i, k;

	if (!head_ok(p, len, &h, rows) || (h.kind != CK_DICT && h.kind != CK_NUM))
		return false;
	q = p + sizeof h;
	if ((size_t)(end - q) < h.expr_len || h.expr_len != strlen(expr) ||
	    memcmp(q, expr, h.expr_len) != 0)
		return false;
	q += h.expr_len;
	c->type = (enum field_type)h.type;
	c->empty_by_code = (h.bits & CB_EMPTY_BY_CODE) != 0;
	c->inexact = (h.bits & CB_INEXACT) != 0;
	if ((c->flags = malloc(rows + 1)) == NULL)
		return false;
	if (h.kind == CK_DICT) {
		const char *s;
		size_t need;

		c->kind = EC_DICT;
		if (h.ndict < 1 || (h.width != 1 && h.width != 2 && h.width != 4) ||
		    (size_t)(end - q) < h.dict_bytes)
			return false;
		need = (size_t)h.dict_bytes + rows * h.width + (h.bits & CB_FLAGS ? rows : 0);
		if ((size_t)(end - q) != need)
			return false;
		c->ndict = h.ndict;
		if ((c->dict = calloc(h.ndict, sizeof *c->dict)) == NULL ||
		    (c->blocks = calloc(1, sizeof *c->blocks)) == NULL ||
		    (c->blocks[0] = malloc((size_t)h.dict_bytes + 1)) == NULL)
			return false;
		c->nblocks = 1;
		c->block_size = c->block_used = (size_t)h.dict_bytes + 1;
		memcpy(c->blocks[0], q, h.dict_bytes);
		c->blocks[0][h.dict_bytes] = '\0';
		for (k = 1, s = c->blocks[0]; k < h.ndict; k++) {
			size_t l;

			if (s >= c->blocks[0] + h.dict_bytes)
				return false;
			l = strlen(s);
			c->dict[k] = (char *)s;
			s += l + 1;
		}
		if (s != c->blocks[0] + h.dict_bytes)
			return false;
		q += h.dict_bytes;
		if ((c->codes = malloc((rows + 1) * sizeof *c->codes)) == NULL)
			return false;
		for (i = 0; i < rows; i++) {
			uint32_t v;

			if (h.width == 1) {
				v = q[i];
			} else if (h.width == 2) {
				uint16_t s2;

				memcpy(&s2, q + 2 * i, 2);
				v = s2;
			} else {
				memcpy(&v, q + 4 * i, 4);
			}
			if (v >= h.ndict)
				return false;
			c->codes[i] = v;
		}
		q += rows * h.width;
		if (h.bits & CB_FLAGS) {
			memcpy(c->flags, q, rows);
		} else {
			uint8_t *emp = malloc(h.ndict);

			if (emp == NULL)
				return false;
			emp[0] = EF_EMPTY;
			for (k = 1; k < h.ndict; k++)
				emp[k] = c->dict[k][0] == '\0' ? EF_EMPTY : 0;
			for (i = 0; i < rows; i++)
				c->flags[i] = emp[c->codes[i]];
			free(emp);
		}
		return true;
	}
	c->kind = EC_NUM;
	if ((h.width != 4 && h.width != 8) || !(h.bits & CB_FLAGS) ||
	    (size_t)(end - q) != rows * h.width + rows)
		return false;
	if (h.width == 4) {
		if ((c->i32 = malloc((rows + 1) * sizeof *c->i32)) == NULL)
			return false;
		memcpy(c->i32, q, rows * 4);
	} else {
		if ((c->num = malloc((rows + 1) * sizeof *c->num)) == NULL)
			return false;
		memcpy(c->num, q, rows * 8);
	}
	memcpy(c->flags, q + rows * h.width, rows);
	return true;
}

int
eng_cache_column(struct engine *en, const struct field *f, bool raw, const char *name,
                 struct ecol **out)
{
	struct strbuf x = {0};
	struct ecol *c = NULL;
	sqlite3_stmt *st;
	size_t len;
	const unsigned char *p;

	*out = NULL;
	if (!en->have_ids || eng_volatile(f))
		return 0;
	if ((p = fetch(en, name, &len, &st)) == NULL)
		goto out;
	expr_of(&x, f, raw);
	if (x.oom || (c = calloc(1, sizeof *c)) == NULL || (c->name = strdup(name)) == NULL)
		goto out;
	if (!decode_column(c, p, len, x.p, en->n) ||
	    (c->type != f->type) || (c->kind == EC_DICT) != (raw || f->type == FT_TEXT || f->type == FT_DATE))
		goto out;
	*out = c;
	c = NULL;
out:
	if (c != NULL)
		eng_col_free(c);
	sqlite3_finalize(st);
	free(x.p);
	return *out != NULL;
}

bool
eng_volatile(const struct field *f)
{
	/* the tags field counts rows of customer_tags, which no trigger
	 * stamps: read from the table, and dropped on every change */
	return strstr(f->sql, "customer_tags") != NULL;
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
	if (db_prepare(db, &st, "SELECT name FROM engine_cache WHERE gen != ?1 AND name != 'ids'",
	               &e) != 0 ||
	    db_bind_int64_at(st, 1, en->gen) != 0)
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
out:
	sqlite3_finalize(st);
	free(fs);
	fields_free(&cat);
	engine_close(&en);
}
