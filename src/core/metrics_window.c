/* The purchases of the XYZ window (metrics_private.h): 12 months in cents
 * for each customer who bought in them, in a pool of chunks taken as the
 * customers come (no copy when it grows), and her XYZ class from them. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "metrics_class.h"
#include "metrics_private.h"

#define CHUNK 4096

int
metrics_window_add(struct metrics_windows *w, struct metrics_acc *c, int k, long long cents)
{
	if (c->win < 0) {
		if (w->n == w->nchunks * CHUNK) {
			long long (**v)[12] = realloc(w->chunks, (w->nchunks + 1) * sizeof *v);

			if (v == NULL)
				return -1;
			w->chunks = v;
			if ((v[w->nchunks] = malloc(CHUNK * sizeof *v[0])) == NULL || w->n >= INT32_MAX - CHUNK)
				return -1;
			w->nchunks++;
		}
		memset(w->chunks[w->n / CHUNK][w->n % CHUNK], 0, sizeof w->chunks[0][0]);
		c->win = (int32_t)w->n++;
	}
	w->chunks[c->win / CHUNK][c->win % CHUNK][k] += cents;
	return 0;
}

void
metrics_window_classes(struct metrics_accs *a, const struct metrics_windows *w,
                       const struct metrics_thresholds *t)
{
	for (size_t i = 0; i < a->n; i++) {
		struct metrics_acc *c = &a->v[i];

		if (c->win >= 0)
			c->xyz = metrics_xyz_class(w->chunks[c->win / CHUNK][c->win % CHUNK], t);
	}
}

void
metrics_windows_free(struct metrics_windows *w)
{
	for (size_t i = 0; i < w->nchunks; i++)
		free(w->chunks[i]);
	free(w->chunks);
	memset(w, 0, sizeof *w);
}
