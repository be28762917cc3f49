/* The classes of SPEC §5, computed in memory from the figures metrics.c
 * gathered (metrics_private.h) before any row is written: ABC by revenue
 * share and XYZ by the variation of monthly purchases with thresholds
 * kept in the base, value × speed, lead temperature, R from fixed
 * thresholds, and the top word of the products of a base without
 * categories. */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "metrics.h"
#include "metrics_class.h"
#include "metrics_private.h"
#include "text/date.h"
#include "text/text.h"
#include "util/strmap.h"

static const char *const meta_keys[] = {"abc_thresholds", "xyz_thresholds", "lead_thresholds",
                                        "r_days"};

void
metrics_thresholds_default(struct metrics_thresholds *t)
{
	t->abc[0] = 80;
	t->abc[1] = 15;
	t->xyz[0] = 10;
	t->xyz[1] = 25;
	t->lead[0] = 70;
	t->lead[1] = 40;
	memset(t->r_days, 0, sizeof t->r_days);
}

/* "30,60,90,180": four whole numbers of days, rising; "quintiles": none. */
static bool
read_days(const char *s, long v[4])
{
	char *end;

	if (strcmp(s, "quintiles") == 0) {
		memset(v, 0, 4 * sizeof *v);
		return true;
	}
	for (int i = 0; i < 4; i++) {
		v[i] = strtol(s, &end, 10);
		if (end == s || v[i] < 0 || v[i] > 100000 || (i > 0 && v[i] <= v[i - 1]) ||
		    *end != (i < 3 ? ',' : '\0'))
			return false;
		s = end + 1;
	}
	return true;
}

static double *
pair_of(struct metrics_thresholds *t, enum metrics_threshold_kind kind)
{
	return kind == MT_ABC ? t->abc : kind == MT_XYZ ? t->xyz : t->lead;
}

static bool
read_pair(const char *s, double v[2])
{
	char *end;

	v[0] = strtod(s, &end);
	if (end == s || *end != ',')
		return false;
	s = end + 1;
	v[1] = strtod(s, &end);
	return end != s && *end == '\0' && isfinite(v[0]) && isfinite(v[1]);
}

int
metrics_thresholds_parse(enum metrics_threshold_kind kind, const char *s,
                         struct metrics_thresholds *t, struct err *e)
{
	double v[2];

	if (kind == MT_R_DAYS) {
		long d[4];

		if (!read_days(s, d))
			return err_set(e, EXIT_USAGE,
			               _("R thresholds are four whole numbers of days since the "
			                 "last order, each above the one before, such as "
			                 "30,60,90,180 (or quintiles), not \"%s\""),
			               s);
		memcpy(t->r_days, d, sizeof d);
		return 0;
	}
	if (!read_pair(s, v))
		return err_set(e, EXIT_USAGE,
		               _("thresholds are two numbers with a comma between them, such as "
		                 "80,15, not \"%s\""),
		               s);
	if (kind == MT_ABC && !(v[0] > 0 && v[1] > 0 && v[0] + v[1] <= 100))
		return err_set(e, EXIT_USAGE,
		               _("ABC thresholds %s: A's and B's shares of revenue are above 0 and "
		                 "add up to 100 at most, such as 80,15"),
		               s);
	if (kind == MT_XYZ && !(v[0] > 0 && v[0] <= v[1]))
		return err_set(e, EXIT_USAGE,
		               _("XYZ thresholds %s: X's variation is above 0 and at most Y's, "
		                 "such as 10,25"),
		               s);
	if (kind == MT_LEAD && !(v[1] <= v[0]))
		return err_set(e, EXIT_USAGE,
		               _("lead thresholds %s: the hot score first, then the warm one, no "
		                 "higher, such as 70,40"),
		               s);
	memcpy(pair_of(t, kind), v, sizeof v);
	return 0;
}

int
metrics_thresholds_get(struct db *db, struct metrics_thresholds *t, struct err *e)
{
	metrics_thresholds_default(t);
	for (int k = MT_ABC; k <= MT_R_DAYS; k++) {
		char *v;
		struct metrics_thresholds u = *t;

		if (db_meta_get(db, meta_keys[k], &v, e) != 0)
			return -1;
		/* A value that no longer parses leaves the default. */
		if (v != NULL && metrics_thresholds_parse((enum metrics_threshold_kind)k, v, &u, NULL) == 0)
			*t = u;
		free(v);
	}
	return 0;
}

int
metrics_thresholds_set(struct db *db, enum metrics_threshold_kind kind,
                       const struct metrics_thresholds *t, struct err *e)
{
	const double *v;
	char buf[96];

	if (kind == MT_R_DAYS) {
		if (t->r_days[3] == 0)
			return db_meta_set(db, meta_keys[kind], NULL, e);
		snprintf(buf, sizeof buf, "%ld,%ld,%ld,%ld", t->r_days[0], t->r_days[1], t->r_days[2],
		         t->r_days[3]);
		return db_meta_set(db, meta_keys[kind], buf, e);
	}
	v = pair_of((struct metrics_thresholds *)t, kind);
	snprintf(buf, sizeof buf, "%.15g,%.15g", v[0], v[1]);
	return db_meta_set(db, meta_keys[kind], buf, e);
}

/* --- the words of the products --------------------------------------------- */

/* Words that say how many, how big or what colour rather than what:
 * skipped when looking for the first significant word of a product. */
static const char *const stop_words[] = {
	"and", "assorted", "big", "black", "blue", "box", "brown", "color", "colors", "colour",
	"colours", "cream", "for", "gold", "gray", "green", "grey", "ivory", "jumbo", "large",
	"medium", "mini", "orange", "pack", "pink", "purple", "red", "set", "silver", "small",
	"the", "white", "with", "yellow",
	"белый", "большой", "для", "зелёный", "зеленый", "комплект", "красный", "набор",
	"синий", "упаковка", "чёрный", "черный", "білий", "великий", "зелений", "червоний",
	"чорний", "синій",
};

static bool
stop_word(const char *w)
{
	for (size_t i = 0; i < sizeof stop_words / sizeof stop_words[0]; i++)
		if (strcmp(stop_words[i], w) == 0)
			return true;
	return false;
}

static bool
letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c != 0xD7 && c != 0xF7);
}

/* The first significant word of a product: the first run of at least
 * three letters, lower-cased, that is not a stop word; else the first run
 * of three letters; 0 when there is none. Writes it to out. */
static size_t
product_word(const char *s, char *out, size_t outsz)
{
	size_t n = strlen(s), i = 0, fallback = 0;
	char first[128] = "";

	while (i < n) {
		size_t start, len, chars = 0, k;
		uint32_t c;

		while (i < n && ((k = text_utf8_next(s + i, n - i, &c)) == 0 || !letter(c)))
			i += k ? k : 1;
		start = i;
		while (i < n && (k = text_utf8_next(s + i, n - i, &c)) != 0 && letter(c)) {
			i += k;
			chars++;
		}
		if (chars < 3)
			continue;
		len = text_fold_buf(s + start, i - start, out, outsz);
		if (len >= outsz)
			continue;
		if (!stop_word(out))
			return len;
		if (fallback == 0) {
			memcpy(first, out, len + 1 < sizeof first ? len + 1 : sizeof first);
			fallback = len + 1 < sizeof first ? len : 0;
		}
	}
	if (fallback > 0)
		memcpy(out, first, fallback + 1);
	return fallback;
}

/* The words met, interned, and how many orders of each customer name
 * each: (customer index + 1) << 24 | word -> count. */
struct metrics_words {
	struct strmap *index;
	char **v;
	size_t n, cap;
	uint64_t *keys;
	uint32_t *counts;
	size_t kcap, kn;
};

static int
word_index(struct metrics_words *w, const char *s, size_t len)
{
	long long i;

	if (strmap_get(w->index, s, len, &i))
		return (int)i;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 256;
		char **v = realloc(w->v, cap * sizeof *v);

		if (v == NULL)
			return -1;
		w->v = v;
		w->cap = cap;
	}
	if ((w->v[w->n] = strndup(s, len)) == NULL ||
	    strmap_put(w->index, s, len, (long long)w->n) != 0)
		return -1;
	return (int)w->n++;
}

static size_t
slot(uint64_t key, size_t cap)
{
	return (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & (cap - 1);
}

static uint32_t *
word_count(struct metrics_words *w, uint64_t key)
{
	size_t i;

	if ((w->kn + 1) * 2 > w->kcap) {
		size_t cap = w->kcap ? w->kcap * 2 : 1 << 14;
		uint64_t *keys = calloc(cap, sizeof *keys);
		uint32_t *counts = calloc(cap, sizeof *counts);

		if (keys == NULL || counts == NULL) {
			free(keys);
			free(counts);
			return NULL;
		}
		for (size_t j = 0; j < w->kcap; j++) {
			if (w->keys[j] == 0)
				continue;
			for (i = slot(w->keys[j], cap); keys[i] != 0; i = (i + 1) & (cap - 1))
				;
			keys[i] = w->keys[j];
			counts[i] = w->counts[j];
		}
		free(w->keys);
		free(w->counts);
		w->keys = keys;
		w->counts = counts;
		w->kcap = cap;
	}
	for (i = slot(key, w->kcap);; i = (i + 1) & (w->kcap - 1)) {
		if (w->keys[i] == key)
			return &w->counts[i];
		if (w->keys[i] == 0) {
			w->keys[i] = key;
			w->kn++;
			return &w->counts[i];
		}
	}
}

struct metrics_words *
metrics_words_new(void)
{
	struct metrics_words *w = calloc(1, sizeof *w);

	if (w == NULL || (w->index = strmap_new(1024)) == NULL) {
		free(w);
		return NULL;
	}
	return w;
}

void
metrics_words_free(struct metrics_words **wp)
{
	struct metrics_words *w = *wp;

	if (w == NULL)
		return;
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	free(w->keys);
	free(w->counts);
	strmap_free(&w->index);
	free(w);
	*wp = NULL;
}

char *const *
metrics_words_names(const struct metrics_words *w)
{
	return w->v;
}

/* An order's product counts one for its word; the customer's top word is
 * the one most of her orders name, the first in byte order on a tie. */
int
metrics_words_add(struct metrics_words *w, struct metrics_acc *c, size_t ci, const char *product,
                  struct err *e)
{
	char word[128];
	size_t len;
	int k;
	uint32_t *n;

	if (product == NULL || (len = product_word(product, word, sizeof word)) == 0)
		return 0;
	if ((k = word_index(w, word, len)) < 0 ||
	    (n = word_count(w, ((uint64_t)ci + 1) << 24 | (uint64_t)k)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	++*n;
	if (*n > c->top_n || (*n == c->top_n && c->top >= 0 && strcmp(w->v[k], w->v[c->top]) < 0)) {
		c->top_n = *n;
		c->top = k;
	}
	return 0;
}

/* --- the classes ------------------------------------------------------------ */

long long
metrics_spent_cents(const struct metrics_acc *c)
{
	return llround(round(c->spent * 100) / 100 * 100);
}

/* Number of values in sorted v[0..n) below x (or_equal: at most x). */
static size_t
below(const long long *v, size_t n, long long x, bool or_equal)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] < x || (or_equal && v[mid] == x))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static uint8_t
score(size_t worse, size_t n)
{
	size_t s = 1 + 5 * worse / n;

	return (uint8_t)(s > 5 ? 5 : s);
}

/* SPEC §5: score = 1 + floor(5 w / N), w = buyers with a strictly worse
 * value (larger recency, fewer orders, less money; money in cents, as
 * customer_metrics holds it). */
int
metrics_rfm_scores(struct metrics_accs *a, const struct metrics_ref *ref, struct err *e)
{
	size_t nb = 0, i, k = 0;
	long long *rec, *ord, *mon;
	int rc = -1;

	for (i = 0; i < a->n; i++)
		nb += a->v[i].orders > 0;
	if (nb == 0)
		return 0;
	rec = malloc(nb * sizeof *rec);
	ord = malloc(nb * sizeof *ord);
	mon = malloc(nb * sizeof *mon);
	if (rec == NULL || ord == NULL || mon == NULL)
		goto out;
	for (i = 0; i < a->n; i++) {
		const struct metrics_acc *c = &a->v[i];

		if (c->orders == 0)
			continue;
		rec[k] = ref->day - c->last;
		ord[k] = c->orders;
		mon[k] = metrics_spent_cents(c);
		k++;
	}
	if (metrics_sort(rec, nb) != 0 || metrics_sort(ord, nb) != 0 || metrics_sort(mon, nb) != 0)
		goto out;
	for (i = 0; i < a->n; i++) {
		struct metrics_acc *c = &a->v[i];

		if (c->orders == 0)
			continue;
		/* Worse recency is larger: the buyers above ours. */
		c->r = score(nb - below(rec, nb, ref->day - c->last, true), nb);
		c->f = score(below(ord, nb, c->orders, false), nb);
		c->m = score(below(mon, nb, metrics_spent_cents(c), false), nb);
	}
	rc = 0;
out:
	free(rec);
	free(ord);
	free(mon);
	return rc == 0 ? 0 : err_set(e, EXIT_FAIL, _("out of memory"));
}

uint8_t
metrics_lead_class(double score, const struct metrics_thresholds *t)
{
	return score >= t->lead[0] ? 0 : score >= t->lead[1] ? 1 : 2;
}

/* SPEC §5, ABC among the buyers: S the total of their spent, H the spent
 * of the buyers who spent strictly more; A when H < abc[0] % of S, B when
 * H < abc[0] + abc[1] % of S, else C. Ties share a class (they have the
 * same H); the buyer who crosses a threshold is on its upper side (her H
 * is still below it). H only falls as spent rises: the class is found
 * from the spent at which A and B start, walking the sorted spents down. */
static int
abc_classes(struct metrics_accs *a, const struct metrics_thresholds *t, struct err *e)
{
	long long *v, total = 0, higher = 0, from_a = LLONG_MAX, from_b = LLONG_MAX;
	size_t nb = 0, i, j;
	long double sa, sb;

	for (i = 0; i < a->n; i++)
		nb += a->v[i].orders > 0;
	if (nb == 0)
		return 0;
	if ((v = malloc(nb * sizeof *v)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	for (i = 0, j = 0; i < a->n; i++)
		if (a->v[i].orders > 0)
			total += v[j++] = metrics_spent_cents(&a->v[i]);
	if (metrics_sort(v, nb) != 0) {
		free(v);
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	sa = (long double)t->abc[0] * (long double)total;
	sb = (long double)(t->abc[0] + t->abc[1]) * (long double)total;
	for (i = nb; i > 0; i = j) {
		long double h = 100.0L * (long double)higher;

		for (j = i; j > 0 && v[j - 1] == v[i - 1]; j--)
			higher += v[j - 1];
		if (h < sa)
			from_a = v[i - 1];
		if (h < sb)
			from_b = v[i - 1];
	}
	free(v);
	for (i = 0; i < a->n; i++) {
		struct metrics_acc *c = &a->v[i];
		long long s;

		if (c->orders == 0)
			continue;
		s = metrics_spent_cents(c);
		c->abc = s >= from_a ? 0 : s >= from_b ? 1 : 2;
	}
	return 0;
}

/* SPEC §5, XYZ: the coefficient of variation of the 12 months' purchases
 * (months without any count as 0), the population standard deviation
 * over the mean: X up to xyz[0] %, Y up to xyz[1] %, Z above; no class
 * when nothing was bought in those months. In cents, compared without a
 * square root: sd / mean <= p / 100 is 10000 (12 Q - S^2) <= p^2 S^2, with
 * S the sum and Q the sum of squares. */
uint8_t
metrics_xyz_class(const long long month[12], const struct metrics_thresholds *t)
{
	long double px = (long double)t->xyz[0] * t->xyz[0], py = (long double)t->xyz[1] * t->xyz[1];
	long double s = 0, q = 0, var;

	for (int k = 0; k < 12; k++) {
		long double v = (long double)month[k];

		s += v;
		q += v * v;
	}
	if (s <= 0)
		return MC_NONE;
	var = 10000.0L * (12.0L * q - s * s);
	return var <= px * s * s ? 0 : var <= py * s * s ? 1 : 2;
}

int
metrics_sort(long long *v, size_t n)
{
	/* LSD radix, a byte a pass, on the values with their sign bit
	 * flipped (so that they order as unsigned); a pass whose byte is the
	 * same in every value is skipped. */
	unsigned long long *src = (unsigned long long *)v, *dst, *tmp;
	size_t i, count[256];

	if (n < 2)
		return 0;
	if ((tmp = malloc(n * sizeof *tmp)) == NULL)
		return -1;
	dst = tmp;
	for (i = 0; i < n; i++)
		src[i] ^= 1ULL << 63;
	for (int shift = 0; shift < 64; shift += 8) {
		size_t sum = 0;

		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[src[i] >> shift & 255]++;
		if (count[src[0] >> shift & 255] == n)
			continue;
		for (i = 0; i < 256; i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[src[i] >> shift & 255]++] = src[i];
		tmp = src;
		src = dst;
		dst = tmp;
	}
	if (src != (unsigned long long *)v) {
		memcpy(v, src, n * sizeof *v);
		tmp = src;
	} else {
		tmp = dst;
	}
	for (i = 0; i < n; i++)
		((unsigned long long *)v)[i] ^= 1ULL << 63;
	free(tmp);
	return 0;
}

static int
cmp_ll(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = *(const long long *)y;

	return (a > b) - (a < b);
}

long long
metrics_twice_median(long long *v, size_t n)
{
	if (metrics_sort(v, n) != 0)
		qsort(v, n, sizeof *v, cmp_ll);
	return n % 2 ? 2 * v[n / 2] : v[n / 2 - 1] + v[n / 2];
}

/* Days from created_at to the first order (0 when created later: an
 * account opened at the checkout, recorded later), -1 without both. */
static long long
wait_days(const struct metrics_acc *c)
{
	if (c->orders == 0 || c->first < 0 || c->created < 0)
		return -1;
	return c->first > c->created ? c->first - c->created : 0;
}

/* SPEC §5, value × speed, among the buyers with a created_at: high when
 * spent is at least the median spent of them, low below; fast when the
 * days from created_at to the first order are at most their median, slow
 * above. A value equal to the median is on the better side (high, fast). */
static int
speed_classes(struct metrics_accs *a, struct err *e)
{
	long long *money, *days, mm, md;
	size_t n = 0, i, k = 0;

	for (i = 0; i < a->n; i++)
		n += wait_days(&a->v[i]) >= 0;
	if (n == 0)
		return 0;
	money = malloc(n * sizeof *money);
	days = malloc(n * sizeof *days);
	if (money == NULL || days == NULL) {
		free(money);
		free(days);
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	for (i = 0; i < a->n; i++) {
		long long w = wait_days(&a->v[i]);

		if (w >= 0) {
			money[k] = metrics_spent_cents(&a->v[i]);
			days[k++] = w;
		}
	}
	mm = metrics_twice_median(money, n);
	md = metrics_twice_median(days, n);
	for (i = 0; i < a->n; i++) {
		struct metrics_acc *c = &a->v[i];
		long long w = wait_days(c);
		bool high, fast;

		if (w < 0)
			continue;
		high = 2 * metrics_spent_cents(c) >= mm;
		fast = 2 * w <= md;
		c->speed = fast ? (high ? 0 : 1) : (high ? 2 : 3);
	}
	free(money);
	free(days);
	return 0;
}

/* SPEC §5: R from thresholds the user chose, R 5 up to r_days[0] days
 * since the last order, ..., 1 above r_days[3]. */
static void
r_fixed(struct metrics_accs *a, const struct metrics_ref *ref, const struct metrics_thresholds *t)
{
	if (t->r_days[3] == 0)
		return;
	for (size_t i = 0; i < a->n; i++) {
		struct metrics_acc *c = &a->v[i];
		long days = ref->day - c->last;
		int k = 0;

		if (c->orders == 0 || days < 0 || c->f < 1)
			continue;
		while (k < 4 && days > t->r_days[k])
			k++;
		c->r = (uint8_t)(5 - k);
	}
}

int
metrics_class_compute(struct metrics_accs *a, const struct metrics_ref *ref,
                      const struct metrics_thresholds *t, struct err *e)
{
	if (abc_classes(a, t, e) != 0)
		return -1;
	r_fixed(a, ref, t);
	return speed_classes(a, e);
}

void
metrics_class_count(const struct metrics_accs *a, struct metrics_counts *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < a->n; i++) {
		const struct metrics_acc *c = &a->v[i];

		out->customers++;
		out->buyers += c->orders > 0;
		out->abc[c->abc == MC_NONE ? 3 : c->abc]++;
		out->xyz[c->xyz == MC_NONE ? 3 : c->xyz]++;
		out->speed[c->speed == MC_NONE ? 4 : c->speed]++;
		out->lead[c->lead == MC_NONE ? 3 : c->lead]++;
	}
}

/* --- counts ------------------------------------------------------------------ */

const char *const metrics_abc_names[4] = {"A", "B", "C", NULL};
const char *const metrics_xyz_names[4] = {"X", "Y", "Z", NULL};
const char *const metrics_speed_names[5] = {"fast_high", "fast_low", "slow_high", "slow_low", NULL};
const char *const metrics_lead_names[4] = {"hot", "warm", "cold", NULL};

/* The index of v among names[0..n-1), else n - 1 (no class). */
static int
name_at(const char *const *names, int n, const char *v)
{
	for (int i = 0; i < n - 1; i++)
		if (v != NULL && strcmp(names[i], v) == 0)
			return i;
	return n - 1;
}

int
metrics_class_counts(struct db *db, struct metrics_counts *out, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if (db_prepare(db, &st,
	               "SELECT abc, xyz, value_speed, lead_temp, orders > 0, count(*)"
	               " FROM customer_metrics GROUP BY 1, 2, 3, 4, 5",
	               e) != 0)
		return -1;
	while ((rc = db_step(db, st, e)) == 1) {
		long long n = db_col_int64(st, 5);

		out->customers += n;
		out->buyers += db_col_int(st, 4) ? n : 0;
		out->abc[name_at(metrics_abc_names, 4, db_col_text(st, 0))] += n;
		out->xyz[name_at(metrics_xyz_names, 4, db_col_text(st, 1))] += n;
		out->speed[name_at(metrics_speed_names, 5, db_col_text(st, 2))] += n;
		out->lead[name_at(metrics_lead_names, 4, db_col_text(st, 3))] += n;
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}
