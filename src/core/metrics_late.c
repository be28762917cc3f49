/* The purchases of the last months, kept while the orders are read for
 * what the reference date decides (metrics_private.h): the months of the
 * year before it with a purchase, and the XYZ class. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "metrics_class.h"
#include "metrics_private.h"
#include "text/date.h"

static int
month_of(int32_t ymd)
{
	return (ymd >> 9) * 12 + (ymd >> 5 & 15) - 1;
}

/* Keeps a purchase: 0, or -1 out of memory. */
int
metrics_late_add(struct metrics_late *l, size_t ci, int y, int m, int d, long long cents)
{
	int month = y * 12 + m - 1;

	if (!l->exact && month - 12 > l->from)
		l->from = month - 12;
	if (month < l->from || month > l->to)
		return 0;
	if (l->n == l->cap) {
		size_t k = 0;

		for (size_t i = 0; i < l->n; i++)
			if (month_of(l->v[i].ymd) >= l->from)
				l->v[k++] = l->v[i];
		l->n = k;
		/* Grown when thinning leaves it three quarters full: thinned
		 * again after a quarter of it at least. */
		if (l->n >= l->cap / 4 * 3) {
			size_t cap = l->cap ? l->cap + l->cap / 2 : 1 << 14;
			struct metrics_late_order *v = realloc(l->v, cap * sizeof *v);

			if (v == NULL)
				return -1;
			l->v = v;
			l->cap = cap;
		}
	}
	l->v[l->n++] = (struct metrics_late_order){(uint32_t)ci, y << 9 | m << 5 | d, cents};
	return 0;
}

/* Puts the purchases in customer order: an LSD radix sort on the
 * customer's index, 11 bits a pass, each pass reading the purchases in
 * order and writing them to 2048 runs. at[i] becomes the end of customer
 * i's purchases. */
static int
late_sort(struct metrics_late *l, size_t n, uint32_t **atp)
{
	struct metrics_late_order *tmp = malloc((l->n ? l->n : 1) * sizeof *tmp), *src = l->v, *dst = tmp;
	uint32_t *at = calloc(n + 1, sizeof *at);
	size_t i, count[2048];

	if (tmp == NULL || at == NULL) {
		free(tmp);
		free(at);
		return -1;
	}
	for (unsigned shift = 0; shift < 32 && (n - 1) >> shift > 0; shift += 11) {
		size_t sum = 0;

		memset(count, 0, sizeof count);
		for (i = 0; i < l->n; i++)
			count[src[i].ci >> shift & 2047]++;
		for (i = 0; i < 2048; i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < l->n; i++)
			dst[count[src[i].ci >> shift & 2047]++] = src[i];
		l->v = dst;
		dst = src;
		src = l->v;
	}
	free(dst);
	for (i = 0; i < l->n; i++)
		at[l->v[i].ci]++;
	for (i = 1; i < n; i++)
		at[i] += at[i - 1];
	*atp = at;
	return 0;
}

/* The months from the reference date: with the purchases in customer
 * order, each customer's months of the year before it (SPEC §5's regular
 * buyer) and her XYZ class. */
int
metrics_late_apply(struct metrics_accs *a, struct metrics_late *l, const struct metrics_ref *ref,
           const struct metrics_thresholds *t, struct err *e)
{
	const struct metrics_late_order *v;
	uint32_t *at;
	size_t i, k;

	/* Only the months of the reference date's year are needed now. */
	l->from = ref->y * 12 + ref->m - 1 - 12;
	l->to = l->from + 12;
	for (i = 0, k = 0; i < l->n; i++)
		if (month_of(l->v[i].ymd) >= l->from && month_of(l->v[i].ymd) <= l->to)
			l->v[k++] = l->v[i];
	l->n = k;
	if (late_sort(l, a->n, &at) != 0)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	v = l->v;
	for (i = 0, k = 0; i < a->n; i++) {
		struct metrics_acc *c = &a->v[i];
		long long month[12] = {0};
		bool window = false;

		for (; k < at[i]; k++) {
			int y = v[k].ymd >> 9, m = v[k].ymd >> 5 & 15, d = v[k].ymd & 31, ago;

			/* The year before the reference date: [ref - 1 year, ref). */
			ago = (ref->y - y) * 12 + (ref->m - m);
			if (ago >= 0 && ago <= 12 && date_to_days(y, m, d) < ref->day &&
			    (y > ref->y - 1 ||
			     (y == ref->y - 1 && (m > ref->m || (m == ref->m && d >= ref->d)))))
				c->recent |= (uint16_t)(1u << ago);
			/* XYZ: the 12 whole calendar months before the reference date's. */
			ago = (y - ref->xyz_y) * 12 + (m - ref->xyz_m);
			if (ago >= 0 && ago < 12) {
				month[ago] += v[k].cents;
				window = true;
			}
		}
		if (window)
			c->xyz = metrics_xyz_class(month, t);
	}
	free(at);
	return 0;
}

