/* City and region names: every spelling of one name (москва, МОСКВА)
 * becomes the most frequent spelling in the base, and the summary lists
 * what was merged. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "private.h"
#include "text/text.h"

struct spelling_ctx {
	struct strmap *best;  /* folded -> index into names */
	char **names;
	long long *counts;
	size_t n, cap;
	int oom;
};

/* Which of two equally frequent spellings of a place reads better: a
 * capital and then lower case ("Москва") over all capitals ("МОСКВА") over
 * all lower case ("москва"). */
static int
spelling_score(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	size_t first = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	char *f = text_fold(s);
	int score;

	if (f == NULL)
		return 0;
	if (strcmp(f, s) == 0)
		score = 0;
	else if (strlen(s) >= first && strlen(f) >= first && strcmp(f + first, s + first) == 0)
		score = 2;
	else
		score = 1;
	free(f);
	return score;
}

static void
collect_spelling(void *ctx, const char *key, size_t len, long long count)
{
	struct spelling_ctx *c = ctx;

	(void)len;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		char **nn = realloc(c->names, cap * sizeof *nn);
		long long *nc = nn ? realloc(c->counts, cap * sizeof *nc) : NULL;

		if (nn != NULL)
			c->names = nn;
		if (nc == NULL) {
			c->oom = 1;
			return;
		}
		c->counts = nc;
		c->cap = cap;
	}
	c->names[c->n] = (char *)key;
	c->counts[c->n] = count;
	c->n++;
}

/* Rewrites the spellings of a place column (city, region) to the most
 * frequent spelling of the same name, and lists what was merged. */
int
import_merge_places(struct import_ctx *x, const char *column, struct strmap *counts)
{
	struct spelling_ctx c = {0};
	struct strmap *owned = NULL;
	sqlite3_stmt *st = NULL;
	char sql[512];
	size_t i;
	int rc = -1;

	if (!x->fresh) {
		/* The base had customers: count spellings over all of them. */
		if ((owned = strmap_new(256)) == NULL)
			return err_set(x->e, EXIT_FAIL, _("out of memory"));
		snprintf(sql, sizeof sql,
		         "SELECT count(*), %s FROM customers WHERE %s IS NOT NULL GROUP BY %s", column,
		         column, column);
		if (import_load_map(x, owned, sql) != 0)
			goto out;
		counts = owned;
	}
	strmap_each(counts, collect_spelling, &c);
	if (c.oom || (c.best = strmap_new(c.n)) == NULL) {
		err_set(x->e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	for (i = 0; i < c.n; i++) {
		char *f = text_fold(c.names[i]);
		long long b;

		if (f == NULL) {
			err_set(x->e, EXIT_FAIL, _("out of memory"));
			goto out;
		}
		if (!strmap_get(c.best, f, strlen(f), &b) || c.counts[i] > c.counts[b] ||
		    (c.counts[i] == c.counts[b] &&
		     (spelling_score(c.names[i]) > spelling_score(c.names[b]) ||
		      (spelling_score(c.names[i]) == spelling_score(c.names[b]) &&
		       strcmp(c.names[i], c.names[b]) < 0))))
			strmap_put(c.best, f, strlen(f), (long long)i);
		free(f);
	}
	snprintf(sql, sizeof sql, "UPDATE customers SET %s = :to WHERE %s = :from", column, column);
	if (db_prepare(x->db, &st, sql, x->e) != 0)
		goto out;
	for (i = 0; i < c.n; i++) {
		char *f = text_fold(c.names[i]), *line;
		long long b = (long long)i;

		if (f == NULL)
			goto oom;
		strmap_get(c.best, f, strlen(f), &b);
		free(f);
		if ((size_t)b == i)
			continue;
		sqlite3_reset(st);
		db_bind_text(st, ":to", c.names[b]);
		db_bind_text(st, ":from", c.names[i]);
		if (db_step(x->db, st, x->e) < 0)
			goto out;
		if (asprintf(&line, "%s: \"%s\" -> \"%s\" (%lld)", column, c.names[i], c.names[b],
		             c.counts[i]) < 0)
			goto oom;
		{
			char **v = realloc(x->res->merged_places,
			                   (x->res->nmerged_places + 1) * sizeof *v);

			if (v == NULL) {
				free(line);
				goto oom;
			}
			x->res->merged_places = v;
			v[x->res->nmerged_places++] = line;
		}
	}
	rc = 0;
	goto out;
oom:
	err_set(x->e, EXIT_FAIL, _("out of memory"));
out:
	sqlite3_finalize(st);
	strmap_free(&c.best);
	free(c.names);
	free(c.counts);
	strmap_free(&owned);
	return rc;
}
