/* The purchases of the XYZ window (metrics_private.h): 12 months in cents
 * for each customer who bought in them, in a pool of chunks taken as the
 * customers come (no copy when it grows), and her XYZ class from them. A
 * window holds 32-bit cents (21 million a month); one that would go
 * beyond moves to the wide windows, of 64 bits. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "metrics_class.h"
#include "metrics_private.h"

#define CHUNK 4096

/* The wide window of c->win (<= -2). */
static long long *
wide_of(const struct metrics_windows *w, int32_t win)
{
	return w->wide[-2 - win];
}

/* Moves c's window to a new wide one: 0, or -1 out of memory. */
static int
widen(struct metrics_windows *w, struct metrics_acc *c)
{
	const int32_t *narrow = w->chunks[c->win / CHUNK][c->win % CHUNK];

	if (w->nwide == w->capwide) {
		size_t cap = w->capwide ? w->capwide * 2 : 16;
		long long (*v)[12] = realloc(w->wide, cap * sizeof *v);

		if (v == NULL || cap >= INT32_MAX / 2)
			return -1;
		w->wide = v;
		w->capwide = cap;
	}
	for (int k = 0; k < 12; k++)
		w->wide[w->nwide][k] = narrow[k];
	c->win = -2 - (int32_t)w->nwide++;
	return 0;
}

int
metrics_window_add(struct metrics_windows *w, struct metrics_acc *c, int k, long long cents)
{
	if (c->win == -1) {
		if (w->n == w->nchunks * CHUNK) {
			int32_t (**v)[12] = realloc(w->chunks, (w->nchunks + 1) * sizeof *v);

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
	if (c->win >= 0) {
		int32_t *m = &w->chunks[c->win / CHUNK][c->win % CHUNK][k];
		long long v = *m + cents;

		if (v >= INT32_MIN && v <= INT32_MAX) {
			*m = (int32_t)v;
			return 0;
		}
		if (widen(w, c) != 0)
			return -1;
	}
	wide_of(w, c->win)[k] += cents;
	return 0;
}

void
metrics_window_classes(struct metrics_accs *a, const struct metrics_windows *w,
                       const struct metrics_thresholds *t)
{
	for (size_t i = 0; i < a->n; i++) {
		struct metrics_acc *c = &a->v[i];
		long long month[12];

		if (c->win == -1)
			continue;
		if (c->win >= 0) {
			for (int k = 0; k < 12; k++)
				month[k] = w->chunks[c->win / CHUNK][c->win % CHUNK][k];
			c->xyz = metrics_xyz_class(month, t);
		} else {
			c->xyz = metrics_xyz_class(wide_of(w, c->win), t);
		}
	}
}

void
metrics_windows_free(struct metrics_windows *w)
{
	for (size_t i = 0; i < w->nchunks; i++)
		free(w->chunks[i]);
	free(w->chunks);
	free(w->wide);
	memset(w, 0, sizeof *w);
}
