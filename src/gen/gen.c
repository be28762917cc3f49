/* clientele-gen: writes a realistic customer base (customers.csv, orders.csv)
 * of any size, byte for byte the same for the same arguments on any machine. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen.h"

static void usage(FILE *f)
{
	fputs("Usage: clientele-gen [--customers N] [--orders-per-customer X | --orders M]\n"
	      "                     [--seed S] [--out DIR] [--messy]\n"
	      "Writes a realistic, reproducible customer base: DIR/customers.csv and\n"
	      "DIR/orders.csv (UTF-8, comma-separated, RFC 4180 quoting, LF).\n\n"
	      "  --customers N            customers to write (default 3000)\n"
	      "  --orders-per-customer X  orders per customer on average, decimals allowed\n"
	      "                           (default 5)\n"
	      "  --orders M               exactly M order rows, cancellations included\n"
	      "  --seed S                 seed, a whole number (default 2026); the same\n"
	      "                           arguments give the same bytes on any machine\n"
	      "  --out DIR                output directory, created if missing (default .)\n"
	      "  --messy                  spell the same data the way real exports do:\n"
	      "                           mixed case and \"г.\" in cities, phones as\n"
	      "                           8 (916) 123-45-67, DD.MM.YYYY dates, NULL and N/A,\n"
	      "                           stray spaces, decimal commas\n"
	      "  -h, --help               show this help\n\n"
	      "The data is as of the morning of 2026-10-31: the last orders are from the\n"
	      "day before.\n", f);
}

static void die_usage(const char *fmt, const char *a, const char *b)
{
	fputs("clientele-gen: ", stderr);
	fprintf(stderr, fmt, a, b);
	fputs("\nTry 'clientele-gen --help' for more information.\n", stderr);
	exit(2);
}

static void die(const char *what, const char *path, int e)
{
	fprintf(stderr, "clientele-gen: %s %s: %s\n", what, path, strerror(e));
	exit(1);
}

/* A whole number with at most `frac` decimals, scaled by 10^frac. */
static int parse_num(const char *s, unsigned frac, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;
	unsigned got = 0;
	int point = 0, digits = 0;

	for (; *s; s++) {
		if (*s == '.' && !point && frac > 0) {
			point = 1;
			continue;
		}
		if (*s < '0' || *s > '9' || (point && got == frac))
			return -1;
		if (x > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		x = x * 10 + (uint64_t)(*s - '0');
		digits++;
		got += point;
	}
	for (; got < frac; got++) {
		if (x > UINT64_MAX / 10)
			return -1;
		x *= 10;
	}
	if (digits == 0 || x > max)
		return -1;
	*v = x;
	return 0;
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->customers = 3000;
	o->per_milli = 5000;
	o->seed = 2026;
	o->out = ".";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL, *eq;
		char name[32];
		size_t n;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			exit(0);
		}
		if (strcmp(a, "--messy") == 0) {
			o->messy = 1;
			continue;
		}
		if (strncmp(a, "--", 2) != 0)
			die_usage("unexpected argument '%s'%s", a, "");
		eq = strchr(a, '=');
		n = eq ? (size_t)(eq - a) : strlen(a);
		if (n >= sizeof(name))
			die_usage("unknown option '%s'%s", a, "");
		memcpy(name, a, n);
		name[n] = '\0';
		if (strcmp(name, "--customers") != 0 && strcmp(name, "--orders") != 0 &&
		    strcmp(name, "--orders-per-customer") != 0 &&
		    strcmp(name, "--seed") != 0 && strcmp(name, "--out") != 0)
			die_usage("unknown option '%s'%s", name, "");
		if (eq)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else
			die_usage("option '%s' needs a value%s", name, "");

		if (strcmp(name, "--customers") == 0) {
			if (parse_num(val, 0, MAX_CUSTOMERS, &o->customers) < 0)
				die_usage("--customers: expected a whole number from 0 to "
					  "100000000, got '%s'%s", val, "");
		} else if (strcmp(name, "--orders") == 0) {
			if (parse_num(val, 0, MAX_ORDERS, &o->orders) < 0)
				die_usage("--orders: expected a whole number from 0 to "
					  "1000000000, got '%s'%s", val, "");
			o->orders_given = 1;
		} else if (strcmp(name, "--orders-per-customer") == 0) {
			if (parse_num(val, 3, 1000000, &o->per_milli) < 0)
				die_usage("--orders-per-customer: expected a number from 0 to "
					  "1000 (up to 3 decimals), got '%s'%s", val, "");
			o->per_given = 1;
		} else if (strcmp(name, "--seed") == 0) {
			if (parse_num(val, 0, UINT64_MAX, &o->seed) < 0)
				die_usage("--seed: expected a whole number, got '%s'%s", val, "");
		} else {
			if (*val == '\0')
				die_usage("--out: expected a directory%s%s", "", "");
			o->out = val;
		}
	}
	if (o->orders_given && o->per_given)
		die_usage("--orders and --orders-per-customer cannot be used together%s%s",
			  "", "");
	if (!o->orders_given)
		o->orders = (o->customers * o->per_milli + 500) / 1000;
	if (o->orders > MAX_ORDERS)
		die_usage("that makes more than 1000000000 orders%s%s", "", "");
	if (o->orders > 0 && o->customers == 0)
		die_usage("orders need customers: give --customers%s%s", "", "");
}

unsigned pick_choice(struct rng *r, const struct gen_choice *c, unsigned n)
{
	unsigned w[16], i;

	for (i = 0; i < n; i++)
		w[i] = c[i].weight;
	return rng_weighted(r, w, n);
}

static void gen_init(struct gen *g)
{
	unsigned i, k;

	g->day0 = days_from_civil(REF_Y, REF_M, REF_D) - SPAN_DAYS;
	for (i = 0; i <= SPAN_DAYS; i++) {
		struct day *d = &g->days[i];
		int64_t y;
		unsigned m, dd;

		civil_from_days(g->day0 + i, &y, &m, &dd);
		snprintf(d->iso, sizeof(d->iso), "%04u-%02u-%02u", (unsigned)y, m, dd);
		snprintf(d->dmy, sizeof(d->dmy), "%02u.%02u.%04u", dd, m, (unsigned)y);
		d->year = (int16_t)y;
		d->weight = (unsigned char)(gen_month_weight[m - 1] *
			gen_weekday_weight[weekday_from_days(g->day0 + i)] * 255 / (160 * 105));
	}
	for (i = 0; i < GEN_NELEM(gen_products); i++) {
		unsigned c = gen_products[i].category;

		if (g->cat_n[c]++ == 0)
			g->cat_first[c] = i;
	}
	for (i = 0; i < CAT_COUNT; i++)
		g->cat_w[i] = gen_categories[i].weight;
	for (i = 0; i < C_COUNT; i++) {
		const struct gen_country *c = &gen_countries[i];
		const char *p = c->prefixes;

		g->country_w[0][i] = c->w_ru;
		g->country_w[1][i] = c->w_ua;
		g->country_w[2][i] = c->w_lat;
		while (*p && g->pfx[i].n < MAX_PREFIXES) {
			size_t n = strcspn(p, " ");

			memcpy(g->pfx[i].code[g->pfx[i].n++], p, n < 3 ? n : 3);
			p += n;
			p += strspn(p, " ");
		}
	}
	for (i = 0; i < GEN_NELEM(gen_cities); i++) {
		k = gen_cities[i].country;
		g->city_idx[k][g->city_n[k]] = i;
		g->city_w[k][g->city_n[k]++] = gen_cities[i].weight;
	}
}

/* ---- planning: who buys how much, and when --------------------------- */

static uint64_t isqrt64(uint64_t v)
{
	uint64_t r = 0, bit = UINT64_C(1) << 62;

	while (bit > v)
		bit >>= 2;
	while (bit) {
		if (v >= r + bit) {
			v -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

/* Customer ids grow with sign-up time, and sign-ups grow linearly over the
 * four years (density ~ x, quantile ~ sqrt). */
static uint32_t created_time(uint64_t i, uint64_t n)
{
	uint64_t q = (UINT64_C(1) << 62) / (n + 1);
	uint64_t s = isqrt64((i + 1) * q); /* < 2^31 */
	uint64_t span = (uint64_t)SIGNUP_DAYS * DAY_SECS;
	uint64_t t = (T_END - span) + ((span * s) >> 31);

	return t >= T_END ? T_END - 1 : (uint32_t)t;
}

static void plan_customer(struct gen *g, uint64_t i)
{
	struct cust *c = &g->cs[i];
	struct rng r;
	unsigned created_day, tenure, x, w, active;

	rng_init(&r, g->opt.seed, S_PLAN, i);
	memset(c, 0, sizeof(*c));
	c->created = created_time(i, g->opt.customers);
	created_day = c->created / DAY_SECS;
	tenure = SPAN_DAYS - created_day;
	x = rng_below(&r, 100);
	if (tenure <= 30)
		c->klass = x < 70 ? K_LEAD : x < 95 ? K_ONCE : K_REGULAR;
	else
		c->klass = x < 30 ? K_LEAD : x < 58 ? K_ONCE : x < 70 ? K_SEASONAL : K_REGULAR;
	if (c->klass == K_SEASONAL && tenure < 400)
		c->klass = K_REGULAR;
	c->end_day = SPAN_DAYS - 1;
	if (c->klass != K_LEAD && tenure > 365 && rng_chance(&r, 3500)) {
		c->churned = 1;
		c->end_day = (uint16_t)(created_day + rng_range(&r, 60, tenure - 180));
	}
	switch (c->klass) {
	case K_LEAD:
		c->weight = 0;
		break;
	case K_ONCE:
		c->weight = 10;
		break;
	case K_SEASONAL:
		c->weight = (uint16_t)rng_range(&r, 20, 60);
		break;
	default:
		/* A long tail: most regulars buy a few times, some dozens. */
		w = 20 + rng_below(&r, 1 + rng_below(&r, 1 + rng_below(&r, 1000)));
		/* Those with less than a year of history have had less time. */
		active = c->end_day - created_day;
		if (active < 365)
			w = 10 + (w - 10) * active / 365;
		c->weight = (uint16_t)w;
		break;
	}
	c->interest = rng_chance(&r, 1500) ? 255 :
		(uint8_t)pick_choice(&r, gen_interests, GEN_NELEM(gen_interests));
	if (c->interest != 255 && rng_chance(&r, 6000))
		c->fav = (uint8_t)gen_interest_category[c->interest];
	else
		c->fav = (uint8_t)rng_weighted(&r, g->cat_w, CAT_COUNT);
	c->season = (uint8_t)pick_choice(&r, gen_seasons, GEN_NELEM(gen_seasons));
}

/* Splits exactly `total` order rows among the customers in proportion to
 * their weights, carrying the remainder so that nothing is lost to rounding. */
static void allocate_orders(struct gen *g)
{
	uint64_t n = g->opt.customers, total = g->opt.orders, w = 0, rem = 0, i;
	int flat;

	for (i = 0; i < n; i++)
		w += g->cs[i].weight;
	flat = (w == 0);
	if (flat)
		w = n;
	for (i = 0; i < n; i++) {
		uint64_t t = total * (flat ? 1 : g->cs[i].weight) + rem;

		g->cs[i].rows = (uint32_t)(t / w);
		rem = t % w;
	}
}

static uint32_t time_of_day(struct rng *r)
{
	return rng_weighted(r, gen_hour_weight, 24) * 3600 + rng_below(r, 3600);
}

/* A day in [lo, hi], busier days (season, weekday) more likely. */
static unsigned pick_day(const struct gen *g, struct rng *r, unsigned lo, unsigned hi)
{
	unsigned d = lo, tries;

	for (tries = 0; tries < 32; tries++) {
		d = rng_range(r, lo, hi);
		if (rng_below(r, 256) < g->days[d].weight)
			break;
	}
	return d;
}

/* A day of a seasonal buyer: inside their three months, in a year chosen in
 * turn so that the purchases spread over several years. */
static unsigned pick_season_day(const struct gen *g, struct rng *r, const struct cust *c,
				unsigned lo, unsigned hi, unsigned k, unsigned off)
{
	int y_lo = g->days[lo].year - 1, y_hi = g->days[hi].year;
	unsigned ny = (unsigned)(y_hi - y_lo + 1), a, m0 = gen_season_month[c->season];

	for (a = 0; a < ny; a++) {
		int y = y_lo + (int)((k + off + a) % ny);
		unsigned m2 = m0 + 3;
		int64_t s = days_from_civil(y, m0 + 1, 1) - g->day0;
		int64_t e = days_from_civil(y + (int)(m2 / 12), m2 % 12 + 1, 1) - g->day0 - 1;

		if (s < lo)
			s = lo;
		if (e > hi)
			e = hi;
		if (s <= e)
			return rng_range(r, (uint32_t)s, (uint32_t)e);
	}
	return pick_day(g, r, lo, hi);
}

static int32_t order_amount(struct rng *r, unsigned prod, unsigned day)
{
	const struct gen_product *p = &gen_products[prod];
	static const unsigned discounts[] = {5, 7, 10, 15, 20, 25};
	/* Prices were about 8 % a year lower in the past. */
	uint64_t unit = (uint64_t)p->price * (36500 - 8 * (uint64_t)(SPAN_DAYS - day)) / 36500;
	unsigned qty = 1;
	int64_t kop;

	unit = unit / 10 * 10 + p->price % 10;
	if (p->max_qty > 1 && rng_chance(r, 2000))
		qty = rng_range(r, 2, p->max_qty);
	kop = (int64_t)(unit * qty * 100);
	if (rng_chance(r, 2500))
		kop = kop * (100 - discounts[rng_below(r, GEN_NELEM(discounts))]) / 100;
	if (p->category != CAT_COURSES && kop < 300000 && rng_chance(r, 3000))
		kop += 19900; /* delivery */
	return (int32_t)kop;
}

static void plan_orders(struct gen *g, uint64_t i, struct order *o)
{
	struct cust *c = &g->cs[i];
	struct rng r;
	unsigned created_day = c->created / DAY_SECS, first, k, off;
	uint32_t delay;

	rng_init(&r, g->opt.seed, S_ORDERS, i);
	delay = rng_chance(&r, 5000) ? 0 : rng_chance(&r, 6000) ? rng_range(&r, 1, 30) :
		rng_range(&r, 31, 365);
	first = created_day + delay;
	if (first > c->end_day)
		first = created_day > c->end_day ? created_day : c->end_day;
	off = rng_below(&r, 8);
	for (k = 0; k < c->rows; k++) {
		struct order *x = &o[k];
		unsigned day, cat;

		x->cust = (uint32_t)i;
		if (k > 0 && rng_chance(&r, 250)) {
			/* A cancellation of an earlier purchase (the first is one). */
			const struct order *j = &o[rng_below(&r, k)];

			if (j->cancel)
				j = &o[0];
			x->t = j->t + rng_range(&r, 3600, 14 * DAY_SECS);
			if (x->t >= T_END)
				x->t = j->t + rng_below(&r, T_END - j->t);
			x->kop = -j->kop;
			x->product = j->product;
			x->cancel = 1;
			c->spent += x->kop;
			continue;
		}
		if (k == 0)
			day = first;
		else if (c->klass == K_SEASONAL)
			day = pick_season_day(g, &r, c, first, c->end_day, k, off);
		else
			day = pick_day(g, &r, first, c->end_day);
		x->t = day * DAY_SECS + time_of_day(&r);
		if (x->t < c->created) {
			x->t = c->created + rng_range(&r, 60, 7200);
			if (x->t >= T_END)
				x->t = T_END - 1;
		}
		cat = rng_chance(&r, 5500) ? c->fav : rng_weighted(&r, g->cat_w, CAT_COUNT);
		x->product = (uint16_t)(g->cat_first[cat] + rng_skewed(&r, g->cat_n[cat]));
		x->kop = order_amount(&r, x->product, x->t / DAY_SECS);
		x->cancel = 0;
		c->purchases++;
		c->spent += x->kop;
		if (x->t > c->last_order)
			c->last_order = x->t;
	}
}

/* Stable LSD radix sort by time, two 14-bit digits: ties keep the
 * generation order, so the result is the same with any sort library. */
static int sort_orders(struct order **os, uint64_t n)
{
	struct order *tmp = malloc(n ? n * sizeof(**os) : 1), *src = *os, *dst = tmp;
	uint64_t *count = malloc((1 << 14) * sizeof(*count));
	unsigned pass, shift;
	uint64_t i, sum;

	if (tmp == NULL || count == NULL) {
		free(tmp);
		free(count);
		return -1;
	}
	for (pass = 0; pass < 2; pass++) {
		shift = pass * 14;
		memset(count, 0, (1 << 14) * sizeof(*count));
		for (i = 0; i < n; i++)
			count[(src[i].t >> shift) & 0x3fff]++;
		for (sum = 0, i = 0; i < (1 << 14); i++) {
			uint64_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[(src[i].t >> shift) & 0x3fff]++] = src[i];
		tmp = src;
		src = dst;
		dst = tmp;
	}
	free(dst);
	free(count);
	*os = src;
	return 0;
}

/* ---- files ------------------------------------------------------------ */

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p == NULL) {
		fputs("clientele-gen: out of memory\n", stderr);
		exit(1);
	}
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* Writes through NAME.tmp and renames: a file under its real name is whole. */
static void write_file(struct gen *g, const char *name,
		       void (*body)(struct gen *, struct out *))
{
	char *path = path_join(g->opt.out, name), *tmp;
	size_t n = strlen(path) + 5;
	struct out o;
	int e;

	tmp = malloc(n);
	if (tmp == NULL)
		die("out of memory writing", path, ENOMEM);
	snprintf(tmp, n, "%s.tmp", path);
	if ((e = out_open(&o, tmp)) != 0)
		die("cannot create", tmp, e);
	body(g, &o);
	if ((e = out_close(&o)) != 0) {
		remove(tmp);
		die("cannot write", tmp, e);
	}
	if (rename(tmp, path) != 0) {
		e = errno;
		remove(tmp);
		die("cannot rename to", path, e);
	}
	free(tmp);
	free(path);
}

int main(int argc, char **argv)
{
	struct opts opt;
	struct gen *g;
	uint64_t i, pos, slots;

	parse_args(argc, argv, &opt);
	g = calloc(1, sizeof(*g));
	if (g == NULL) {
		fputs("clientele-gen: out of memory\n", stderr);
		return 1;
	}
	g->opt = opt;
	if (mkdir(g->opt.out, 0777) != 0 && errno != EEXIST)
		die("cannot create directory", g->opt.out, errno);
	gen_init(g);

	for (slots = 16; slots < 4 * g->opt.customers; slots <<= 1)
		;
	g->seen = calloc(slots, sizeof(*g->seen));
	g->seen_mask = slots - 1;
	g->cs = calloc(g->opt.customers ? g->opt.customers : 1, sizeof(*g->cs));
	g->os = malloc(g->opt.orders ? g->opt.orders * sizeof(*g->os) : 1);
	if (g->seen == NULL || g->cs == NULL || g->os == NULL) {
		fputs("clientele-gen: out of memory: try fewer customers or orders\n", stderr);
		return 1;
	}

	for (i = 0; i < g->opt.customers; i++)
		plan_customer(g, i);
	allocate_orders(g);
	for (i = 0, pos = 0; i < g->opt.customers; i++) {
		plan_orders(g, i, g->os + pos);
		pos += g->cs[i].rows;
	}
	write_file(g, "customers.csv", write_customers);
	if (sort_orders(&g->os, g->opt.orders) < 0) {
		fputs("clientele-gen: out of memory sorting the orders\n", stderr);
		return 1;
	}
	write_file(g, "orders.csv", write_orders);

	free(g->os);
	free(g->cs);
	free(g->seen);
	free(g);
	return 0;
}
