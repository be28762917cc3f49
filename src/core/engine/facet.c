/* The facet panel's values of a text field from the column engine: the
 * scope as a bitmap, the rows' stored spellings counted per code, then the
 * spellings of one folded value summed, as query_facet's SQL groups them
 * (each value shown in its most frequent spelling, ties to the first in
 * byte order). Other field types, and completion, stay with SQL. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "engine/private.h"
#include "fields.h"
#include "i18n.h"
#include "query_facet.h"
#include "text/text.h"
#include "util/strmap.h"

struct group {
	char *key;          /* folded */
	long long total;
	size_t best;        /* the code of its most frequent spelling */
	long long best_n;
};

static int
by_count(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Fills out from the counts of the codes of raw column c. */
static int
groups(const struct ecol *c, const long long *counts, size_t top, struct facet *out)
{
	struct strmap *map = strmap_new(256);
	struct group *g = NULL;
	size_t ng = 0, ag = 0, i;
	long long gi;
	int rc = -1;

	if (map == NULL)
		return -1;
	for (i = 1; i < c->ndict; i++) {
		char *k;

		if (counts[i] == 0)
			continue;
		if ((k = text_fold(c->dict[i])) == NULL)
			goto out;
		if (strmap_get(map, k, strlen(k), &gi)) {
			struct group *h = &g[gi];

			free(k);
			h->total += counts[i];
			if (counts[i] > h->best_n ||
			    (counts[i] == h->best_n && strcmp(c->dict[i], c->dict[h->best]) < 0)) {
				h->best = i;
				h->best_n = counts[i];
			}
			continue;
		}
		if (ng == ag) {
			size_t a = ag ? 2 * ag : 64;
			struct group *v = realloc(g, a * sizeof *v);

			if (v == NULL) {
				free(k);
				goto out;
			}
			g = v;
			ag = a;
		}
		if (strmap_put(map, k, strlen(k), (long long)ng) != 0) {
			free(k);
			goto out;
		}
		g[ng++] = (struct group){k, counts[i], i, counts[i]};
	}
	if (ng > 0)
		qsort(g, ng, sizeof *g, by_count);
	out->distinct = (long long)ng;
	if ((out->v = calloc(ng + 1, sizeof *out->v)) == NULL)
		goto out;
	for (i = 0; i < ng; i++) {
		if (top > 0 && i >= top) {
			out->others += g[i].total;
			continue;
		}
		if ((out->v[out->n].value = strdup(c->dict[g[i].best])) == NULL)
			goto out;
		out->v[out->n++].count = g[i].total;
	}
	rc = 0;
out:
	for (i = 0; i < ng; i++)
		free(g[i].key);
	free(g);
	strmap_free(&map);
	return rc;
}

int
engine_facet(struct db *db, const char *parent, const char *rule, const char *field,
             size_t top, struct facet *out, struct err *e)
{
	struct field_catalog cat = {0};
	const struct field *f;
	const struct ecol *c;
	struct segment_compiler *sc = NULL;
	struct engine *en = engine_of(db);
	roaring_bitmap_t *scope = NULL;
	long long *counts = NULL;
	size_t k, i;
	int rc = ENGINE_FALLBACK;

	memset(out, 0, sizeof *out);
	if (en == NULL || fields_load(db, &cat, e) != 0) {
		err_clear(e);
		return ENGINE_FALLBACK;
	}
	/* an unknown field is SQL's to word */
	if ((f = fields_find(&cat, field != NULL ? field : "")) == NULL || f->type != FT_TEXT)
		goto out;
	if (segment_compiler_open(db, &sc, e) != 0) {
		err_clear(e);
		goto out;
	}
	if ((rc = engine_within(db, sc, parent, rule, &scope, e)) != 0) {
		/* a deferred engine notes the spellings too, for one refresh */
		if (rc == ENGINE_FALLBACK && en->deferred && eng_raw_column(en, f, &c, e) < 0)
			err_clear(e);
		goto out;
	}
	/* the rows' spellings, of the same state of the base as the scope */
	if ((rc = eng_raw_column(en, f, &c, e)) == 0 && (rc = engine_sync(en, e)) == 1)
		rc = ENGINE_FALLBACK; /* the base changed meanwhile */
	if (rc != 0) {
		if (rc < 0 && e->code != EXIT_DATAERR) {
			err_clear(e);
			rc = ENGINE_FALLBACK;
		}
		goto out;
	}
	if ((counts = calloc(c->ndict + 1, sizeof *counts)) == NULL) {
		rc = err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	k = (size_t)roaring_bitmap_get_cardinality(scope);
	roaring_bitmap_to_uint32_array(scope, en->buf);
	for (i = 0; i < k; i++)
		counts[c->codes[en->buf[i]]]++;
	out->total = (long long)k;
	out->empty = counts[0];
	if (groups(c, counts, top, out) != 0) {
		facet_free(out);
		rc = err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	rc = 0;
out:
	free(counts);
	eng_bm_free(scope);
	segment_compiler_close(&sc);
	fields_free(&cat);
	eng_cache_flush(en);
	return rc;
}
