/* The engine's columns kept with the base (issue 10): a row of
 * engine_cache per column (and one for the row numbers), stamped with the
 * generations of meta that the triggers of migration 8 move: gen, the
 * data_gen of customers' writes, and mgen, the metrics_gen of
 * customer_metrics' writes (NULL for the row numbers and the columns that
 * read customers alone, eng_data_only). A column is read from its row when
 * the stamps it depends on agree, else built from the table and written back (best effort:
 * a base that is busy or read-only is simply not written). A row that does
 * not read back whole (another format, a wrong checksum, a code out of its
 * dictionary) is ignored, and the column built again.
 *
 * The blob: a header (struct head below, native byte order: a base moved to
 * a machine of the other order reads as another format), the column's
 * expression (what it was built from), its dictionary (NUL-terminated
 * strings), its codes 1, 2 or 4 bytes wide by the dictionary's size or its
 * numbers (whole ones 1, 2 or 4 bytes wide by their range, else doubles),
 * and its flags, 2 bits a row, unless they follow from the codes
 * (empty_by_code). The row numbers are a portable roaring bitmap of
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
#define CACHE_VERSION 2
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

/* A checksum over bytes given in pieces of any size. */
struct sum {
	uint64_t h[4];
	unsigned char carry[32];
	size_t nc, total;
};

static void
sum_init(struct sum *s)
{
	static const uint64_t init[4] = {0x243F6A8885A308D3ULL, 0x13198A2E03707344ULL,
	                                 0xA4093822299F31D0ULL, 0x082EFA98EC4E6C89ULL};

	memcpy(s->h, init, sizeof s->h);
	s->nc = s->total = 0;
}

static void
sum_block(struct sum *s, const unsigned char *p)
{
	uint64_t w;
	int k;

	for (k = 0; k < 4; k++) {
		memcpy(&w, p + 8 * k, 8);
		s->h[k] = (s->h[k] ^ w) * 0x9E3779B97F4A7C15ULL;
		s->h[k] ^= s->h[k] >> 31;
	}
}

static void
sum_add(struct sum *s, const void *v, size_t n)
{
	const unsigned char *p = v;

	s->total += n;
	if (s->nc > 0) {
		size_t k = 32 - s->nc < n ? 32 - s->nc : n;

		memcpy(s->carry + s->nc, p, k);
		s->nc += k;
		p += k;
		n -= k;
		if (s->nc < 32)
			return;
		sum_block(s, s->carry);
		s->nc = 0;
	}
	for (; n >= 32; p += 32, n -= 32)
		sum_block(s, p);
	memcpy(s->carry, p, n);
	s->nc = n;
}

static uint64_t
sum_end(struct sum *s)
{
	size_t i;

	for (i = 0; i < s->nc; i++)
		s->h[0] = (s->h[0] ^ s->carry[i]) * 0x100000001B3ULL;
	return s->h[0] ^ (s->h[1] * 3) ^ (s->h[2] * 5) ^ (s->h[3] * 7) ^ (uint64_t)s->total;
}

static uint64_t
checksum(const unsigned char *p, size_t n)
{
	struct sum s;

	sum_init(&s);
	sum_add(&s, p, n);
	return sum_end(&s);
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

/* The flags, four rows a byte. */
static void
put_flags(struct out *o, const uint8_t *f, size_t rows)
{
	uint8_t b[4096];
	size_t i, j, k = 0;

	for (i = 0; i < rows; i += 4) {
		uint8_t v = 0;

		for (j = 0; j < 4 && i + j < rows; j++)
			v |= (uint8_t)((f[i + j] & 3) << (2 * j));
		b[k++] = v;
		if (k == sizeof b) {
			put(o, b, k);
			k = 0;
		}
	}
	put(o, b, k);
}

/* Whole numbers w bytes wide (1, 2 or 4). */
static void
put_ints(struct out *o, const int32_t *v, size_t rows, unsigned w)
{
	unsigned char b[4096];
	size_t i, k = 0;

	if (w == 4) {
		put(o, v, rows * 4);
		return;
	}
	for (i = 0; i < rows; i++) {
		if (w == 1) {
			int8_t x = (int8_t)v[i];

			memcpy(b + k, &x, 1);
		} else {
			int16_t x = (int16_t)v[i];

			memcpy(b + k, &x, 2);
		}
		k += w;
		if (k + 2 > sizeof b) {
			put(o, b, k);
			k = 0;
		}
	}
	put(o, b, k);
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
			put_flags(o, c->flags, rows);
		}
	} else if (c->i32 != NULL) {
		int32_t lo = 0, hi = 0;

		for (i = 0; i < rows; i++) {
			lo = c->i32[i] < lo ? c->i32[i] : lo;
			hi = c->i32[i] > hi ? c->i32[i] : hi;
		}
		h.width = lo >= -128 && hi <= 127 ? 1 : lo >= -32768 && hi <= 32767 ? 2 : 4;
		put_ints(o, c->i32, rows, h.width);
		h.bits |= CB_FLAGS;
		put_flags(o, c->flags, rows);
	} else {
		h.width = 8;
		put(o, c->num, rows * 8);
		h.bits |= CB_FLAGS;
		put_flags(o, c->flags, rows);
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

/* Writes the row of column name: gen, and mgen unless it is -1 (a column
 * that reads customers alone: NULL). */
static int
store(struct db *w, const char *name, long long gen, long long mgen, const struct out *o,
      struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (o->oom)
		return 0;
	if (db_prepare(w, &st,
	               "INSERT OR REPLACE INTO engine_cache(name, gen, mgen, data) VALUES (?1, ?2, "
	               "?3, ?4)",
	               e) != 0)
		return -1;
	if (db_bind_text_at(st, 1, name) != 0 || db_bind_int64_at(st, 2, gen) != 0 ||
	    (mgen < 0 ? db_bind_null_at(st, 3) : db_bind_int64_at(st, 3, mgen)) != 0 ||
	    db_bind_blob_at(st, 4, o->p, o->n) != 0)
		rc = -1;
	else
		rc = db_step(w, st, e) < 0 ? -1 : 0;
	sqlite3_finalize(st);
	return rc;
}

int
eng_cache_note(struct engine *en, struct ecol *const *cols, const struct field *const *fs,
               size_t n, bool raw, bool ids)
{
	struct err e = {0};
	struct epend *p;
	long long v, c;
	size_t i;

	if (en->gen < 0 || en->no_cache || (n == 0 && !ids))
		return 0;
	/* the columns are of the generation held only if nothing was
	 * committed since it was read */
	if (eng_stamp(en, &v, &c, &e) != 0 || v != en->data_version || c != en->changes)
		return 0;
	if ((p = realloc(en->pend, (en->npend + n + 1) * sizeof *p)) == NULL)
		return -1;
	en->pend = p;
	for (i = 0; i < n; i++) {
		struct strbuf x = {0};

		if (eng_volatile(fs[i]))
			continue;
		expr_of(&x, fs[i], raw);
		if (x.oom) {
			free(x.p);
			return -1;
		}
		p[en->npend].c = cols[i];
		p[en->npend++].expr = x.p;
	}
	en->pend_ids |= ids;
	return 0;
}

void
eng_cache_forget(struct engine *en)
{
	size_t i;

	for (i = 0; i < en->npend; i++)
		free(en->pend[i].expr);
	free(en->pend);
	en->pend = NULL;
	en->npend = 0;
	en->pend_ids = false;
}

void
eng_cache_flush(struct engine *en)
{
	struct db *w = NULL;
	struct err e = {0};
	long long gen, mgen;
	bool own;
	size_t i;

	if (en == NULL || (en->npend == 0 && !en->pend_ids))
		return;
	if (en->gen < 0 || en->no_cache)
		goto out;
	own = !sqlite3_db_readonly(db_handle(en->db), "main") && db_tx_depth(en->db) == 0 &&
	      eng_autocommit(en);
	if (!own && !eng_autocommit(en))
		return; /* later */
	if (own)
		w = en->db;
	else if (db_open(&w, db_path(en->db), DB_NOWAIT, &e) != 0)
		goto out;
	if (db_begin_nowait(w, &e) != 0)
		goto done;
	if (!own)
		sqlite3_busy_timeout(db_handle(w), 0);
	/* written only at the generation the columns were read at */
	if (eng_gens(w, &gen, &mgen, &e) != 0 || gen != en->gen || mgen != en->mgen)
		goto fail;
	if (en->pend_ids) {
		roaring_bitmap_t *b = ids_bitmap(en);
		struct out o = {0};

		if (b != NULL) {
			encode_ids(&o, en, b);
			roaring_bitmap_free(b);
			if (store(w, CACHE_IDS, gen, -1, &o, &e) != 0) {
				free(o.p);
				goto fail;
			}
		}
		free(o.p);
	}
	for (i = 0; i < en->npend; i++) {
		struct out o = {0};

		encode_column(&o, en->pend[i].c, en->pend[i].expr, en->n);
		if (store(w, en->pend[i].c->name, gen, en->pend[i].c->data_only ? -1 : mgen, &o,
		          &e) != 0) {
			free(o.p);
			goto fail;
		}
		free(o.p);
	}
	if (db_commit(w, &e) != 0)
		goto fail;
	if (own)
		en->changes = (long long)sqlite3_total_changes64(db_handle(en->db));
	goto done;
fail:
	db_rollback(w);
done:
	if (!own)
		db_close(&w);
out:
	/* written or not, once */
	eng_cache_forget(en);
}

/* --- reading --------------------------------------------------------------- */

/* A cached blob read a piece at a time (SQLite's incremental I/O: no copy
 * of the whole blob is made), its checksum taken on the way. */
struct rd {
	sqlite3_blob *b;
	size_t off, size;
	struct sum s;
	bool bad;
};

/* Opens the blob of entry name at the generation held (data_gen, and
 * metrics_gen too unless data_only) and reads its head; false when there
 * is none, or its head is not of this format. */
static bool
rd_open(struct engine *en, const char *name, bool data_only, struct rd *r, struct head *h)
{
	sqlite3_stmt *st = NULL;
	struct err e = {0};
	long long rowid = -1;

	memset(r, 0, sizeof *r);
	if (en->gen < 0 || en->no_cache)
		return false;
	if (db_prepare(en->db, &st,
	               "SELECT rowid FROM engine_cache WHERE name = ?1 AND gen = ?2 AND (?3 OR "
	               "mgen = ?4)",
	               &e) != 0)
		return false;
	if (db_bind_text_at(st, 1, name) == 0 && db_bind_int64_at(st, 2, en->gen) == 0 &&
	    db_bind_int64_at(st, 3, data_only) == 0 && db_bind_int64_at(st, 4, en->mgen) == 0 &&
	    db_step(en->db, st, &e) == 1)
		rowid = db_col_int64(st, 0);
	sqlite3_finalize(st);
	if (rowid < 0 || sqlite3_blob_open(db_handle(en->db), "main", "engine_cache", "data",
	                                   rowid, 0, &r->b) != SQLITE_OK) {
		sqlite3_blob_close(r->b); /* a handle may be made on failure */
		r->b = NULL;
		return false;
	}
	r->size = (size_t)sqlite3_blob_bytes(r->b);
	if (r->size < sizeof *h || sqlite3_blob_read(r->b, h, (int)sizeof *h, 0) != SQLITE_OK ||
	    memcmp(h->magic, "CLEC", 4) != 0 || h->version != CACHE_VERSION)
		return false;
	r->off = sizeof *h;
	sum_init(&r->s);
	return true;
}

/* The next n bytes into p. */
static bool
rd_get(struct rd *r, void *p, size_t n)
{
	if (r->bad || n > r->size - r->off ||
	    (n > 0 && sqlite3_blob_read(r->b, p, (int)n, (int)r->off) != SQLITE_OK)) {
		r->bad = true;
		return false;
	}
	sum_add(&r->s, p, n);
	r->off += n;
	return true;
}

/* All read, and the checksum right. */
static bool
rd_end(struct rd *r, const struct head *h)
{
	return !r->bad && r->off == r->size && sum_end(&r->s) == h->sum;
}

static void
rd_close(struct rd *r)
{
	if (r->b != NULL)
		sqlite3_blob_close(r->b);
	r->b = NULL;
}

int
eng_cache_ids(struct engine *en)
{
	struct rd r;
	struct head h;
	unsigned char *p = NULL;
	roaring_bitmap_t *b = NULL;
	uint32_t *v = NULL;
	long long *ids = NULL;
	size_t i, len;
	int rc = 0;

	if (!rd_open(en, CACHE_IDS, true, &r, &h) || h.kind != CK_IDS || h.rows > UINT32_MAX - 1)
		goto out;
	len = r.size - r.off;
	if ((p = malloc(len + 1)) == NULL || !rd_get(&r, p, len) || !rd_end(&r, &h))
		goto out;
	b = roaring_bitmap_portable_deserialize_safe((const char *)p, len);
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
	rd_close(&r);
	free(p);
	free(v);
	free(ids);
	if (b != NULL)
		roaring_bitmap_free(b);
	return rc;
}

/* The flags, four rows a byte. */
static bool
read_flags(struct rd *r, uint8_t *f, size_t rows)
{
	enum { CHUNK = 16384 };
	uint8_t buf[CHUNK];
	size_t i = 0, k, n, j;

	while (i < rows) {
		n = (rows - i + 3) / 4 < CHUNK ? (rows - i + 3) / 4 : CHUNK;
		if (!rd_get(r, buf, n))
			return false;
		for (k = 0; k < n; k++)
			for (j = 0; j < 4 && i < rows; j++, i++)
				f[i] = (buf[k] >> (2 * j)) & 3;
	}
	return true;
}

/* Whole numbers w bytes wide (1, 2 or 4) into v. */
static bool
read_ints(struct rd *r, int32_t *v, unsigned w, size_t rows)
{
	enum { CHUNK = 65536 };
	unsigned char buf[CHUNK];
	size_t i = 0, k, n;

	if (w == 4)
		return rd_get(r, v, rows * 4);
	while (i < rows) {
		n = (rows - i) * w < CHUNK ? (rows - i) : CHUNK / w;
		if (!rd_get(r, buf, n * w))
			return false;
		for (k = 0; k < n; k++, i++) {
			if (w == 1) {
				int8_t x;

				memcpy(&x, buf + k, 1);
				v[i] = x;
			} else {
				int16_t x;

				memcpy(&x, buf + 2 * k, 2);
				v[i] = x;
			}
		}
	}
	return true;
}

/* Codes of width w (1, 2 or 4 bytes), rows of them, into c->codes, each
 * checked against the dictionary's size. */
static bool
read_codes(struct rd *r, struct ecol *c, unsigned w, size_t rows)
{
	enum { CHUNK = 65536 };
	unsigned char buf[CHUNK];
	size_t i = 0, k, n;

	if (w == 4) {
		if (!rd_get(r, c->codes, rows * 4))
			return false;
		for (i = 0; i < rows; i++)
			if (c->codes[i] >= c->ndict)
				return false;
		return true;
	}
	while (i < rows) {
		n = (rows - i) * w < CHUNK ? (rows - i) : CHUNK / w;
		if (!rd_get(r, buf, n * w))
			return false;
		for (k = 0; k < n; k++, i++) {
			uint32_t v;

			if (w == 1) {
				v = buf[k];
			} else {
				uint16_t s2;

				memcpy(&s2, buf + 2 * k, 2);
				v = s2;
			}
			if (v >= c->ndict)
				return false;
			c->codes[i] = v;
		}
	}
	return true;
}

/* Reads the column of the blob into c; false when it is not whole. */
static bool
read_column(struct rd *r, const struct head *h, struct ecol *c, const char *expr, size_t rows)
{
	size_t k, i, len = strlen(expr);
	char *x;
	bool same;

	if (h->rows != rows || (h->kind != CK_DICT && h->kind != CK_NUM) || h->expr_len != len ||
	    (x = malloc(len + 1)) == NULL)
		return false;
	same = rd_get(r, x, len) && memcmp(x, expr, len) == 0;
	free(x);
	if (!same)
		return false;
	c->type = (enum field_type)h->type;
	c->empty_by_code = (h->bits & CB_EMPTY_BY_CODE) != 0;
	c->inexact = (h->bits & CB_INEXACT) != 0;
	if ((c->flags = malloc(rows + 1)) == NULL)
		return false;
	if (h->kind == CK_NUM) {
		c->kind = EC_NUM;
		if ((h->width != 1 && h->width != 2 && h->width != 4 && h->width != 8) ||
		    !(h->bits & CB_FLAGS))
			return false;
		if (h->width != 8) {
			if ((c->i32 = malloc((rows + 1) * sizeof *c->i32)) == NULL ||
			    !read_ints(r, c->i32, h->width, rows))
				return false;
		} else if ((c->num = malloc((rows + 1) * sizeof *c->num)) == NULL ||
		           !rd_get(r, c->num, rows * 8)) {
			return false;
		}
		return read_flags(r, c->flags, rows);
	}
	c->kind = EC_DICT;
	if (h->ndict < 1 || (h->width != 1 && h->width != 2 && h->width != 4) ||
	    h->dict_bytes > r->size - r->off)
		return false;
	c->ndict = h->ndict;
	if ((c->dict = calloc(h->ndict, sizeof *c->dict)) == NULL ||
	    (c->blocks = calloc(1, sizeof *c->blocks)) == NULL ||
	    (c->blocks[0] = malloc((size_t)h->dict_bytes + 1)) == NULL)
		return false;
	c->nblocks = 1;
	c->block_size = c->block_used = (size_t)h->dict_bytes + 1;
	if (!rd_get(r, c->blocks[0], h->dict_bytes))
		return false;
	c->blocks[0][h->dict_bytes] = '\0';
	{
		char *s = c->blocks[0], *end = c->blocks[0] + h->dict_bytes;

		for (k = 1; k < h->ndict; k++) {
			if (s >= end)
				return false;
			c->dict[k] = s;
			s += strlen(s) + 1;
		}
		if (s != end)
			return false;
	}
	if ((c->codes = malloc((rows + 1) * sizeof *c->codes)) == NULL ||
	    !read_codes(r, c, h->width, rows))
		return false;
	if (h->bits & CB_FLAGS)
		return read_flags(r, c->flags, rows);
	{
		uint8_t *emp = malloc(h->ndict);

		if (emp == NULL)
			return false;
		emp[0] = EF_EMPTY;
		for (k = 1; k < h->ndict; k++)
			emp[k] = c->dict[k][0] == '\0' ? EF_EMPTY : 0;
		for (i = 0; i < rows; i++)
			c->flags[i] = emp[c->codes[i]];
		free(emp);
	}
	return true;
}

int
eng_cache_column(struct engine *en, const struct field *f, bool raw, const char *name,
                 struct ecol **out)
{
	struct strbuf x = {0};
	struct ecol *c = NULL;
	struct rd r;
	struct head h;

	*out = NULL;
	if (!en->have_ids || eng_volatile(f))
		return 0;
	if (!rd_open(en, name, eng_data_only(f), &r, &h))
		goto out;
	expr_of(&x, f, raw);
	if (x.oom || (c = calloc(1, sizeof *c)) == NULL || (c->name = strdup(name)) == NULL)
		goto out;
	if (!read_column(&r, &h, c, x.p, en->n) || !rd_end(&r, &h) || c->type != f->type ||
	    (c->kind == EC_DICT) != (raw || f->type == FT_TEXT || f->type == FT_DATE))
		goto out;
	c->data_only = eng_data_only(f);
	*out = c;
	c = NULL;
	en->from_cache++;
out:
	if (c != NULL)
		eng_col_free(c);
	rd_close(&r);
	free(x.p);
	return *out != NULL;
}
