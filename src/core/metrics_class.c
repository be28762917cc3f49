/* The classes of SPEC §5 over customer_metrics: one scan of the metrics
 * (joined to the customers' created_at and lead_score), one of the
 * orders not cancelled (monthly purchases, product words), the classes
 * computed in memory, and the rows whose classes changed updated. */
#include "config.h"

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

/* --- the customers --------------------------------------------------------- */

enum speed { VS_NONE, VS_FAST_HIGH, VS_FAST_LOW, VS_SLOW_HIGH, VS_SLOW_LOW };
static const char *const speed_names[] = {NULL, "fast_high", "fast_low", "slow_high", "slow_low"};

struct cust {
	long long id;
	long long spent;      /* cents, net of refunds (customer_metrics.spent) */
	long long wait;       /* days from created_at to the first order, or -1 */
	long long month[12];  /* purchases in cents, month i of the XYZ window */
	int top;              /* word index, -1 */
	uint32_t top_n;
	bool buyer;
	char abc, xyz, old_abc, old_xyz;
	enum speed speed;
	const char *lead;
	bool old_other;       /* value_speed or lead_temp set before */
	int r, f;             /* R from fixed thresholds (0: kept), F */
	long days;            /* days since the last order, -1 */
};

struct custs {
	struct cust *v;
	size_t n;
	int32_t *by_id;
	long long max_id;
};

static struct cust *
cust_of(struct custs *a, long long id)
{
	if (id < 0 || id > a->max_id || a->by_id[id] < 0)
		return NULL;
	return &a->v[a->by_id[id]];
}

static long long
cents(double v)
{
	return llround(v * 100);
}

static char
first_char(const char *s)
{
	return s != NULL ? s[0] : 0;
}

static const char *
lead_temp(sqlite3_stmt *st, int col, const struct metrics_thresholds *t)
{
	double v;

	if (db_col_type(st, col) == SQLITE_NULL)
		return NULL;
	v = db_col_double(st, col);
	return v >= t->lead[0] ? "hot" : v >= t->lead[1] ? "warm" : "cold";
}

static int
load(struct db *db, const struct metrics_thresholds *t, struct custs *a, struct err *e)
{
	sqlite3_stmt *st = NULL;
	long long count = 0;
	int rc;

	if (db_query_int64(db, "SELECT coalesce(max(customer_id), 0) FROM customer_metrics",
	                   &a->max_id, e) != 0 ||
	    db_query_int64(db, "SELECT count(*) FROM customer_metrics", &count, e) != 0)
		return -1;
	a->v = calloc((size_t)count + 1, sizeof *a->v);
	a->by_id = malloc(((size_t)a->max_id + 1) * sizeof *a->by_id);
	if (a->v == NULL || a->by_id == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	for (long long i = 0; i <= a->max_id; i++)
		a->by_id[i] = -1;
	if (db_prepare(db, &st,
	               "SELECT m.customer_id, m.orders, m.spent, m.first_order, c.created_at,"
	               " c.lead_score, m.abc, m.xyz, m.value_speed IS NOT NULL OR m.lead_temp IS NOT NULL,"
	               " coalesce(m.days_since_order, -1), coalesce(m.f, 0)"
	               " FROM customer_metrics AS m JOIN customers AS c ON c.id = m.customer_id",
	               e) != 0)
		return -1;
	while ((rc = db_step(db, st, e)) == 1 && a->n < (size_t)count) {
		struct cust *c = &a->v[a->n];
		long long id = db_col_int64(st, 0);
		long first, created;

		if (id < 0 || id > a->max_id)
			continue;
		c->id = id;
		c->buyer = db_col_int64(st, 1) > 0;
		c->spent = cents(db_col_double(st, 2));
		c->wait = -1;
		first = date_day_number(db_col_text(st, 3));
		created = date_day_number(db_col_text(st, 4));
		/* Created after the first order (an account opened at the
		 * checkout, recorded later): bought at once. */
		if (c->buyer && first >= 0 && created >= 0)
			c->wait = first > created ? first - created : 0;
		c->lead = lead_temp(st, 5, t);
		c->old_abc = first_char(db_col_text(st, 6));
		c->old_xyz = first_char(db_col_text(st, 7));
		c->old_other = db_col_int(st, 8) != 0;
		c->days = (long)db_col_int64(st, 9);
		c->f = db_col_int(st, 10);
		c->top = -1;
		a->by_id[id] = (int32_t)a->n++;
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
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
struct words {
	struct strmap *index;
	char **v;
	size_t n, cap;
	uint64_t *keys;
	uint32_t *counts;
	size_t kcap, kn;
};

static int
word_index(struct words *w, const char *s, size_t len)
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
word_count(struct words *w, uint64_t key)
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

static void
words_free(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	free(w->keys);
	free(w->counts);
	strmap_free(&w->index);
}

/* An order's product counts one for its word; the customer's top word is
 * the one most of her orders name, the first in byte order on a tie. */
static int
add_word(struct words *w, struct cust *c, size_t ci, const char *product, struct err *e)
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

/* --- the orders ------------------------------------------------------------- */

/* One scan of the orders not cancelled: purchases per month of the XYZ
 * window [from, to) (ISO dates, the first days of the twelfth month before
 * the reference date's and of its own), and product words when w is set. */
static int
scan_orders(struct db *db, struct custs *a, const char *from, int y0, int m0, struct words *w,
            struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (db_prepare(db, &st,
	               w != NULL ? "SELECT customer_id, date, amount, product FROM orders"
	                           " WHERE NOT cancelled"
	                         : "SELECT customer_id, date, amount FROM orders"
	                           " WHERE NOT cancelled AND date >= ?1",
	               e) != 0)
		return -1;
	if (w == NULL)
		db_bind_text_at(st, 1, from);
	while ((rc = db_step(db, st, e)) == 1) {
		struct cust *c = cust_of(a, db_col_int64(st, 0));
		int y, m, d, i;

		if (c == NULL)
			continue;
		if (date_read_ymd(db_col_text(st, 1), &y, &m, &d) &&
		    (i = (y - y0) * 12 + (m - m0)) >= 0 && i < 12)
			c->month[i] += cents(db_col_double(st, 2));
		if (w != NULL && add_word(w, c, (size_t)(c - a->v), db_col_text(st, 3), e) != 0) {
			rc = -1;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* --- the classes ------------------------------------------------------------ */

struct by_spent {
	long long cents;
	struct cust *c;
};

static int
by_spent_desc(const void *x, const void *y)
{
	const struct by_spent *a = x, *b = y;

	return (a->cents < b->cents) - (a->cents > b->cents);
}

/* SPEC §5, ABC among the buyers: S the total of their spent, H the spent
 * of the buyers who spent strictly more; A when H < abc[0] % of S, B when
 * H < abc[0] + abc[1] % of S, else C. Ties share a class (they have the
 * same H); the buyer who crosses a threshold is on its upper side (her H
 * is still below it). */
static int
abc_classes(struct custs *a, const struct metrics_thresholds *t, struct err *e)
{
	struct by_spent *v;
	long long total = 0, higher = 0;
	size_t nb = 0, i, j;
	long double sa, sb;

	for (i = 0; i < a->n; i++)
		nb += a->v[i].buyer;
	if (nb == 0)
		return 0;
	if ((v = malloc(nb * sizeof *v)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	for (i = 0, j = 0; i < a->n; i++)
		if (a->v[i].buyer) {
			v[j].cents = a->v[i].spent;
			v[j++].c = &a->v[i];
			total += a->v[i].spent;
		}
	qsort(v, nb, sizeof *v, by_spent_desc);
	sa = (long double)t->abc[0] * (long double)total;
	sb = (long double)(t->abc[0] + t->abc[1]) * (long double)total;
	for (i = 0; i < nb; i = j) {
		long double h = 100.0L * (long double)higher;
		char cls = h < sa ? 'A' : h < sb ? 'B' : 'C';

		for (j = i; j < nb && v[j].cents == v[i].cents; j++) {
			v[j].c->abc = cls;
			higher += v[j].cents;
		}
	}
	free(v);
	return 0;
}

/* SPEC §5, XYZ: the coefficient of variation of the 12 months' purchases
 * (months without any count as 0), the population standard deviation
 * over the mean: X up to xyz[0] %, Y up to xyz[1] %, Z above; no class
 * when nothing was bought in those months. In cents, compared without a
 * square root: sd / mean <= p / 100 is 10000 (12 Q - S^2) <= p^2 S^2, with
 * S the sum and Q the sum of squares. */
static void
xyz_classes(struct custs *a, const struct metrics_thresholds *t)
{
	long double px = (long double)t->xyz[0] * t->xyz[0], py = (long double)t->xyz[1] * t->xyz[1];

	for (size_t i = 0; i < a->n; i++) {
		struct cust *c = &a->v[i];
		long double s = 0, q = 0, var;

		for (int k = 0; k < 12; k++) {
			s += (long double)c->month[k];
			q += (long double)c->month[k] * (long double)c->month[k];
		}
		if (s <= 0)
			continue;
		var = 10000.0L * (12.0L * q - s * s);
		c->xyz = var <= px * s * s ? 'X' : var <= py * s * s ? 'Y' : 'Z';
	}
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
	qsort(v, n, sizeof *v, cmp_ll);
	return n % 2 ? 2 * v[n / 2] : v[n / 2 - 1] + v[n / 2];
}

/* SPEC §5, value × speed, among the buyers with a created_at: high when
 * spent is at least the median spent of them, low below; fast when the
 * days from created_at to the first order are at most their median, slow
 * above. A value equal to the median is on the better side (high, fast). */
static int
speed_classes(struct custs *a, struct err *e)
{
	long long *money, *days, mm, md;
	size_t n = 0, i, k = 0;

	for (i = 0; i < a->n; i++)
		n += a->v[i].wait >= 0;
	if (n == 0)
		return 0;
	money = malloc(n * sizeof *money);
	days = malloc(n * sizeof *days);
	if (money == NULL || days == NULL) {
		free(money);
		free(days);
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	for (i = 0; i < a->n; i++)
		if (a->v[i].wait >= 0) {
			money[k] = a->v[i].spent;
			days[k++] = a->v[i].wait;
		}
	mm = metrics_twice_median(money, n);
	md = metrics_twice_median(days, n);
	for (i = 0; i < a->n; i++) {
		struct cust *c = &a->v[i];
		bool high, fast;

		if (c->wait < 0)
			continue;
		high = 2 * c->spent >= mm;
		fast = 2 * c->wait <= md;
		c->speed = fast ? (high ? VS_FAST_HIGH : VS_FAST_LOW) : (high ? VS_SLOW_HIGH : VS_SLOW_LOW);
	}
	free(money);
	free(days);
	return 0;
}

/* SPEC §5: R from thresholds the user chose, R 5 up to r_days[0] days
 * since the last order, ..., 1 above r_days[3]. */
static void
r_fixed(struct custs *a, const struct metrics_thresholds *t)
{
	if (t->r_days[3] == 0)
		return;
	for (size_t i = 0; i < a->n; i++) {
		struct cust *c = &a->v[i];
		int k = 0;

		if (!c->buyer || c->days < 0 || c->f < 1)
			continue;
		while (k < 4 && c->days > t->r_days[k])
			k++;
		c->r = 5 - k;
	}
}

static int
write_classes(struct db *db, const struct custs *a, const struct words *w, struct err *e)
{
	sqlite3_stmt *up = NULL;
	int rc = -1;

	if (db_prepare(db, &up,
	               "UPDATE customer_metrics SET abc = ?2, xyz = ?3, value_speed = ?4,"
	               " lead_temp = ?5, top_category = coalesce(?6, top_category),"
	               " r = coalesce(?7, r), rfm = coalesce(?8, rfm)"
	               " WHERE customer_id = ?1",
	               e) != 0)
		return -1;
	for (size_t i = 0; i < a->n; i++) {
		const struct cust *c = &a->v[i];

		/* Most rows of a large base change nothing but abc, when at all. */
		if (c->abc == c->old_abc && c->xyz == c->old_xyz && c->speed == VS_NONE &&
		    c->lead == NULL && !c->old_other && (w == NULL || c->top < 0) && c->r == 0)
			continue;
		sqlite3_reset(up);
		sqlite3_clear_bindings(up);
		db_bind_int64_at(up, 1, c->id);
		if (c->abc != 0)
			db_bind_textn_at(up, 2, &c->abc, 1);
		if (c->xyz != 0)
			db_bind_textn_at(up, 3, &c->xyz, 1);
		db_bind_static_at(up, 4, speed_names[c->speed]);
		db_bind_static_at(up, 5, c->lead);
		if (w != NULL && c->top >= 0)
			db_bind_static_at(up, 6, w->v[c->top]);
		if (c->r != 0) {
			db_bind_int64_at(up, 7, c->r);
			db_bind_static_at(up, 8, metrics_rfm_segment(c->r, c->f));
		}
		if (db_step(db, up, e) < 0)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(up);
	return rc;
}

int
metrics_classes(struct db *db, struct err *e)
{
	struct metrics_thresholds t;
	struct custs a = {0};
	struct words w = {0};
	long long has_category = 1;
	char *ref = NULL, from[32];
	int y, m, d, rc = -1;

	if (metrics_thresholds_get(db, &t, e) != 0 || db_meta_get(db, "metrics_ref_date", &ref, e) != 0)
		return -1;
	if (ref == NULL || !date_read_ymd(ref, &y, &m, &d)) {
		err_set(e, EXIT_FAIL, _("invalid reference date \"%s\""), ref != NULL ? ref : "");
		goto out;
	}
	/* The 12 whole calendar months before the reference date's month. */
	y -= 1;
	snprintf(from, sizeof from, "%04d-%02d-01", y, m);
	if (db_query_int64(db,
	                   "SELECT EXISTS (SELECT 1 FROM orders"
	                   " WHERE category IS NOT NULL AND category <> '')",
	                   &has_category, e) != 0 ||
	    load(db, &t, &a, e) != 0)
		goto out;
	if (!has_category && (w.index = strmap_new(1024)) == NULL) {
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	if (scan_orders(db, &a, from, y, m, has_category ? NULL : &w, e) != 0 ||
	    abc_classes(&a, &t, e) != 0)
		goto out;
	xyz_classes(&a, &t);
	r_fixed(&a, &t);
	if (speed_classes(&a, e) != 0 || write_classes(db, &a, has_category ? NULL : &w, e) != 0)
		goto out;
	rc = 0;
out:
	free(ref);
	free(a.v);
	free(a.by_id);
	words_free(&w);
	return rc;
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
