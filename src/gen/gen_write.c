/* Spelling the rows: names, emails, phones, dates of each customer, and the
 * order rows; --messy decides here how an untidy export would write them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "names.h"

enum status { ST_LEAD_NEW, ST_LEAD_IN_WORK, ST_LEAD_REFUSED, ST_LEAD_UNQUALIFIED,
	ST_ONE_TIME, ST_SEASONAL, ST_REGULAR };
static const char *const status_names[] = {"lead_new", "lead_in_work", "lead_refused",
	"lead_unqualified", "one_time", "seasonal", "regular"};

static const char customers_header[] =
	"id,email,phone,first_name,last_name,gender,birth_date,city,region,country,"
	"status,stage,source,device,created_at,last_activity,last_email_open,"
	"email_consent,sms_consent,lead_score,school_stage,grade,interests,tags\n";
static const char orders_header[] = "order_id,customer_id,date,amount,category,product\n";

static int seen_add(struct gen *g, const char *s)
{
	uint64_t h = hash_str(s), i;

	if (h == 0)
		h = 1;
	for (i = h & g->seen_mask; g->seen[i] != 0; i = (i + 1) & g->seen_mask)
		if (g->seen[i] == h)
			return 0;
	g->seen[i] = h;
	return 1;
}

struct person {
	unsigned group;  /* 0 Russian, 1 Ukrainian, 2 Latin-script names */
	unsigned female, country, city;
	const char *first, *first_lat;
	char last[64], last_lat[64];
	int64_t birth;   /* days since 1970 */
	unsigned age, school, grade;
	char email[128];
	char nat[16];    /* the national phone number, digits; "" if none */
	unsigned status, stage;
};

/* dst = a + b, cut to cap bytes (our tables never come near it). */
static void cat2(char *dst, size_t cap, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	if (na >= cap)
		na = cap - 1;
	if (nb >= cap - na)
		nb = cap - na - 1;
	memcpy(dst, a, na);
	memcpy(dst + na, b, nb);
	dst[na + nb] = '\0';
}

static void pick_name(struct rng *r, struct person *p)
{
	static const struct gen_first *const firsts[3][2] = {
		{ru_male, ru_female}, {ua_male, ua_female}, {lat_male, lat_female}};
	static const unsigned nfirst[3][2] = {
		{GEN_NELEM(ru_male), GEN_NELEM(ru_female)},
		{GEN_NELEM(ua_male), GEN_NELEM(ua_female)},
		{GEN_NELEM(lat_male), GEN_NELEM(lat_female)}};
	static const struct gen_surname *const lasts[3] = {ru_surnames, ua_surnames,
		lat_surnames};
	static const unsigned nlast[3] = {GEN_NELEM(ru_surnames), GEN_NELEM(ua_surnames),
		GEN_NELEM(lat_surnames)};
	const struct gen_first *f;
	const struct gen_surname *s;

	f = &firsts[p->group][p->female][rng_skewed(r, nfirst[p->group][p->female])];
	s = &lasts[p->group][rng_skewed(r, nlast[p->group])];
	p->first = f->name;
	p->first_lat = f->lat;
	if (!p->female) {
		cat2(p->last, sizeof(p->last), s->m, "");
		cat2(p->last_lat, sizeof(p->last_lat), s->m_lat, "");
	} else if (s->f == NULL) {
		cat2(p->last, sizeof(p->last), s->m, "а");
		cat2(p->last_lat, sizeof(p->last_lat), s->m_lat, "a");
	} else {
		cat2(p->last, sizeof(p->last), s->f, "");
		cat2(p->last_lat, sizeof(p->last_lat), s->f_lat, "");
	}
}

static void pick_email(struct gen *g, struct rng *r, struct person *p)
{
	static const unsigned pattern_w[] = {25, 10, 8, 10, 7, 10, 8, 8, 6, 8};
	const struct gen_domain_set *ds = &gen_domain_sets[gen_countries[p->country].domains];
	const struct gen_domain *d;
	unsigned dw[16], i, tries, yyyy;
	char local[96];
	int64_t y;
	unsigned m, dd;

	for (i = 0; i < ds->n; i++)
		dw[i] = ds->d[i].weight;
	d = &ds->d[rng_weighted(r, dw, ds->n)];
	civil_from_days(p->birth, &y, &m, &dd);
	yyyy = (unsigned)y;
	switch (rng_weighted(r, pattern_w, GEN_NELEM(pattern_w))) {
	case 0: snprintf(local, sizeof(local), "%s.%s", p->first_lat, p->last_lat); break;
	case 1: snprintf(local, sizeof(local), "%s%s", p->first_lat, p->last_lat); break;
	case 2: snprintf(local, sizeof(local), "%s_%s", p->first_lat, p->last_lat); break;
	case 3: snprintf(local, sizeof(local), "%c.%s", p->first_lat[0], p->last_lat); break;
	case 4: snprintf(local, sizeof(local), "%s.%s", p->last_lat, p->first_lat); break;
	case 5: snprintf(local, sizeof(local), "%s%u", p->first_lat, yyyy); break;
	case 6: snprintf(local, sizeof(local), "%s%02u", p->last_lat, yyyy % 100); break;
	case 7: snprintf(local, sizeof(local), "%s.%s%02u", p->first_lat, p->last_lat,
			 yyyy % 100); break;
	case 8: snprintf(local, sizeof(local), "%s%c%u", p->first_lat, p->last_lat[0],
			 rng_range(r, 10, 99)); break;
	default: snprintf(local, sizeof(local), "%s%u", p->last_lat, rng_range(r, 1, 999));
		break;
	}
	snprintf(p->email, sizeof(p->email), "%s@%s", local, d->name);
	/* Taken: add a number, longer each few tries, as people do. */
	for (tries = 0; !seen_add(g, p->email); tries++) {
		uint32_t hi = tries < 3 ? 99 : tries < 6 ? 999 : tries < 9 ? 9999 : 999999;

		snprintf(p->email, sizeof(p->email), "%s%u@%s", local, rng_range(r, 2, hi),
			 d->name);
	}
}

static void pick_phone(struct gen *g, struct rng *r, struct person *p)
{
	const struct gen_country *c = &gen_countries[p->country];
	const struct prefixes *px = &g->pfx[p->country];
	char e164[24];

	do {
		size_t n, k;

		memcpy(p->nat, px->code[rng_below(r, px->n)], 4);
		n = strlen(p->nat);
		for (k = 0; k < c->sub_digits; k++)
			p->nat[n + k] = (char)('0' + rng_below(r, 10));
		p->nat[n + k] = '\0';
		cat2(e164, sizeof(e164), c->dial, p->nat);
	} while (!seen_add(g, e164));
}

/* The CRM status and funnel stage follow from what the customer did. */
static void decide_status(struct rng *r, const struct cust *c, struct person *p)
{
	static const unsigned lead_w[] = {40, 35, 25};
	unsigned tenure = SPAN_DAYS - c->created / DAY_SECS;

	if (c->purchases == 0) {
		p->status = tenure <= 30 ? ST_LEAD_NEW :
			ST_LEAD_IN_WORK + rng_weighted(r, lead_w, 3);
		p->stage = (p->status <= ST_LEAD_IN_WORK && rng_chance(r, 3500)) ? 0 : 3;
		return;
	}
	p->status = c->purchases == 1 ? ST_ONE_TIME :
		c->klass == K_SEASONAL ? ST_SEASONAL : ST_REGULAR;
	if (c->churned)
		p->stage = 2;
	else if (c->purchases == 1 && tenure <= 60 && rng_chance(r, 5000))
		p->stage = 0;
	else
		p->stage = 1;
}

struct row {
	struct out *o;
	struct rng *m; /* messy spelling decisions; NULL for clean output */
	int col;
};

static void row_sep(struct row *w)
{
	if (w->col++ > 0)
		out_ch(w->o, ',');
}

static void put(struct row *w, const char *s)
{
	row_sep(w);
	out_field(w->o, s);
}

/* An optional value; messy exports write some empty ones as NULL, N/A, ... */
static void put_opt(struct row *w, const char *s)
{
	static const char *const na[] = {"NULL", "N/A", "NA", "null", "None"};

	if (*s == '\0' && w->m && rng_chance(w->m, 1500))
		s = na[rng_below(w->m, GEN_NELEM(na))];
	put(w, s);
}

/* Text somebody typed: messy exports keep their stray spaces. */
static void put_typed(struct row *w, const char *s)
{
	char buf[256];

	if (w->m && *s && rng_chance(w->m, 300)) {
		snprintf(buf, sizeof(buf), rng_below(w->m, 2) ? " %s" : "%s  ", s);
		s = buf;
	}
	put(w, s);
}

static void put_uint(struct row *w, uint64_t v)
{
	row_sep(w);
	out_uint(w->o, v);
}

/* An id; messy exports sometimes write it as a float (17850.0). */
static void put_id(struct row *w, uint64_t v, unsigned per10k)
{
	put_uint(w, v);
	if (w->m && rng_chance(w->m, per10k))
		out_str(w->o, ".0");
}

static void two_digits(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

/* "2026-10-30 14:05:09", or "30.10.2026 14:05:09"; buf holds 20 bytes.
 * (Seconds kept in both, so that a messy base and its clean twin hold the
 * same values.) */
static void fmt_time(const struct gen *g, uint32_t t, int dmy, char *buf)
{
	const struct day *d = &g->days[t / DAY_SECS];
	unsigned s = t % DAY_SECS;

	memcpy(buf, dmy ? d->dmy : d->iso, 10);
	buf[10] = ' ';
	two_digits(buf + 11, s / 3600);
	buf[13] = ':';
	two_digits(buf + 14, s / 60 % 60);
	buf[16] = ':';
	two_digits(buf + 17, s % 60);
	buf[19] = '\0';
}

/* A date and time (UINT32_MAX: none); messy exports write some the Russian
 * way, 31.10.2026 14:05:09. */
static void put_time(struct row *w, const struct gen *g, uint32_t t, unsigned dmy_per10k)
{
	char buf[24];

	if (t == UINT32_MAX) {
		put_opt(w, "");
		return;
	}
	fmt_time(g, t, w->m && rng_chance(w->m, dmy_per10k), buf);
	put(w, buf);
}

static void put_birth(struct row *w, const struct person *p, int empty)
{
	char buf[24];
	int64_t y;
	unsigned m, d;

	if (empty) {
		put_opt(w, "");
		return;
	}
	civil_from_days(p->birth, &y, &m, &d);
	if (w->m && rng_chance(w->m, 1500)) {
		two_digits(buf, d);
		buf[2] = '.';
		two_digits(buf + 3, m);
		buf[5] = '.';
		two_digits(buf + 6, (unsigned)y / 100);
		two_digits(buf + 8, (unsigned)y % 100);
	} else {
		two_digits(buf, (unsigned)y / 100);
		two_digits(buf + 2, (unsigned)y % 100);
		buf[4] = '-';
		two_digits(buf + 5, m);
		buf[7] = '-';
		two_digits(buf + 8, d);
	}
	buf[10] = '\0';
	put(w, buf);
}

/* A phone as people and old CRMs write it: 8 (916) 123-45-67 and friends. */
static void phone_messy(struct rng *m, const struct person *p, char *buf, size_t cap)
{
	const struct gen_country *c = &gen_countries[p->country];
	const char *n = p->nat;

	switch (c->style) {
	case PHONE_RU:
		switch (rng_below(m, 5)) {
		case 0: snprintf(buf, cap, "8 (%.3s) %.3s-%.2s-%.2s", n, n + 3, n + 6, n + 8); break;
		case 1: snprintf(buf, cap, "+7 (%.3s) %.3s-%.2s-%.2s", n, n + 3, n + 6, n + 8); break;
		case 2: snprintf(buf, cap, "8%s", n); break;
		case 3: snprintf(buf, cap, "+7 %.3s %.3s %.2s %.2s", n, n + 3, n + 6, n + 8); break;
		default: snprintf(buf, cap, "7%s", n); break;
		}
		break;
	case PHONE_UA:
		switch (rng_below(m, 4)) {
		case 0: snprintf(buf, cap, "+38 (0%.2s) %.3s-%.2s-%.2s", n, n + 2, n + 5, n + 7); break;
		case 1: snprintf(buf, cap, "0%.2s %.3s %.2s %.2s", n, n + 2, n + 5, n + 7); break;
		case 2: snprintf(buf, cap, "380%s", n); break;
		default: snprintf(buf, cap, "+380 %.2s %.3s %s", n, n + 2, n + 5); break;
		}
		break;
	case PHONE_BY:
		switch (rng_below(m, 3)) {
		case 0: snprintf(buf, cap, "8 0%.2s %.3s-%.2s-%.2s", n, n + 2, n + 5, n + 7); break;
		case 1: snprintf(buf, cap, "+375 (%.2s) %.3s-%.2s-%.2s", n, n + 2, n + 5, n + 7); break;
		default: snprintf(buf, cap, "375%s", n); break;
		}
		break;
	default:
		switch (rng_below(m, 3)) {
		case 0: snprintf(buf, cap, "%s %.3s %s", c->dial, n, n + 3); break;
		case 1: snprintf(buf, cap, "00%s%s", c->dial + 1, n); break;
		default:
			if (strcmp(c->dial, "+48") == 0)
				snprintf(buf, cap, "%.3s %.3s %s", n, n + 3, n + 6);
			else
				snprintf(buf, cap, "0%.4s %s", n, n + 4);
			break;
		}
		break;
	}
}

static void put_city(struct row *w, const struct person *p)
{
	const struct gen_city *c = &gen_cities[p->city];
	const char *mark = gen_countries[p->country].city_mark;
	char buf[128], up[128];

	if (!w->m || !rng_chance(w->m, 1200)) {
		put(w, c->name);
		return;
	}
	switch (rng_below(w->m, 4)) {
	case 0:
		utf8_case(c->name, buf, sizeof(buf), 0);
		break;
	case 1:
		utf8_case(c->name, up, sizeof(up), 1);
		snprintf(buf, sizeof(buf), "%.120s ", up);
		break;
	case 2:
		snprintf(buf, sizeof(buf), "%s%s", mark ? mark : " ", c->name);
		break;
	default:
		snprintf(buf, sizeof(buf), " %s  ", c->name);
		break;
	}
	put(w, buf);
}

static void put_gender(struct row *w, const struct person *p)
{
	static const char *const male[] = {"m", "male", "Male", "м", "М"};
	static const char *const female[] = {"f", "female", "Female", "ж", "Ж"};

	if (!w->m || !rng_chance(w->m, 1200)) {
		put(w, p->female ? "F" : "M");
		return;
	}
	if (p->group == 1 && rng_chance(w->m, 5000))
		put(w, p->female ? "ж" : "ч");
	else
		put(w, (p->female ? female : male)[rng_below(w->m, 5)]);
}

static void put_yesno(struct row *w, int yes)
{
	static const char *const y[] = {"Yes", "YES"}, *const n[] = {"No", "NO"};

	if (w->m && rng_chance(w->m, 500))
		put(w, (yes ? y : n)[rng_below(w->m, 2)]);
	else
		put(w, yes ? "yes" : "no");
}

static uint32_t clamp_time(uint64_t t, uint32_t lo)
{
	if (t >= T_END)
		t = T_END - 1;
	return t < lo ? lo : (uint32_t)t;
}

/* Last activity: recent for those in work and buying, old for the passive. */
static uint32_t last_activity(struct rng *r, const struct cust *c, const struct person *p)
{
	uint64_t t;
	uint32_t span = T_END - c->created;

	switch (p->status) {
	case ST_LEAD_NEW:
		t = c->created + rng_below(r, span);
		break;
	case ST_LEAD_IN_WORK:
		t = T_END - (uint64_t)rng_below(r, 30 * DAY_SECS) - 1;
		break;
	case ST_LEAD_REFUSED:
	case ST_LEAD_UNQUALIFIED:
		t = c->created + rng_below(r, 45 * DAY_SECS);
		break;
	default:
		if (c->churned)
			t = c->last_order + rng_below(r, 30 * DAY_SECS);
		else
			t = T_END - (uint64_t)rng_below(r, 1 + rng_below(r, 90 * DAY_SECS)) - 1;
		if (t < c->last_order)
			t = c->last_order + rng_below(r, DAY_SECS);
		break;
	}
	return clamp_time(t, c->created);
}

static uint32_t last_open(struct rng *r, const struct cust *c, const struct person *p,
			  uint32_t activity)
{
	int passive = p->status == ST_LEAD_REFUSED || p->status == ST_LEAD_UNQUALIFIED ||
		p->stage == 2;
	uint64_t t;

	if (passive || rng_chance(r, 2500))
		t = c->created + rng_below(r, activity - c->created + 1);
	else
		t = T_END - (uint64_t)rng_below(r, 120 * DAY_SECS) - 1;
	return clamp_time(t, c->created);
}

static unsigned lead_score(struct rng *r, const struct cust *c, const struct person *p)
{
	static const unsigned lo[] = {20, 40, 0, 0, 20, 40, 50};
	static const unsigned hi[] = {90, 100, 35, 20, 70, 85, 100};
	unsigned s = rng_range(r, lo[p->status], hi[p->status]);

	return c->churned ? s / 2 : s;
}

static void tags_of(struct rng *r, const struct cust *c, char *buf, size_t cap)
{
	size_t n = 0;
	unsigned i;

	buf[0] = '\0';
	if (c->spent >= INT64_C(20000000) ||
	    (c->spent >= INT64_C(12000000) && rng_chance(r, 3000)))
		n += (size_t)snprintf(buf + n, cap - n, "vip");
	for (i = 0; i < GEN_NELEM(gen_tags); i++)
		if (rng_chance(r, gen_tags[i].weight) && n + 64 < cap)
			n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? ";" : "",
					      gen_tags[i].name);
}

static void write_customer(struct gen *g, struct out *o, uint64_t i)
{
	static const char *const stages[] = {"trial", "paying", "churned", "prospect"};
	static const char *const schools[] = {"", "primary", "middle", "high"};
	static const unsigned school_w[] = {50, 30, 20};
	static const unsigned group_w[] = {70, 20, 10};
	const struct cust *c = &g->cs[i];
	struct rng r, m;
	struct row w = {o, NULL, 0};
	struct person p;
	char buf[256], tags[160];
	unsigned k;
	int no_email, no_birth, has_phone, email_yes, sms_yes;
	uint32_t activity, open;

	rng_init(&r, g->opt.seed, S_PEOPLE, i);
	rng_init(&m, g->opt.seed, S_MESSY, i);
	if (g->opt.messy)
		w.m = &m;
	memset(&p, 0, sizeof(p));
	p.group = rng_weighted(&r, group_w, 3);
	p.female = rng_chance(&r, 5200);
	pick_name(&r, &p);
	p.country = rng_weighted(&r, g->country_w[p.group], C_COUNT);
	k = rng_weighted(&r, g->city_w[p.country], g->city_n[p.country]);
	p.city = g->city_idx[p.country][k];
	p.age = 18 + rng_below(&r, 21) + rng_below(&r, 21) +
		(rng_chance(&r, 1500) ? rng_below(&r, 18) : 0);
	p.birth = days_from_civil(REF_Y - (int64_t)p.age, REF_M, REF_D) - 1 -
		rng_below(&r, 365);
	no_birth = rng_chance(&r, 800);
	if (p.age >= 26 && p.age <= 55 && rng_chance(&r, 5500)) {
		p.school = 1 + rng_weighted(&r, school_w, 3);
		p.grade = p.school == 1 ? rng_range(&r, 1, 6) :
			p.school == 2 ? rng_range(&r, 7, 9) : rng_range(&r, 10, 11);
	}
	no_email = rng_chance(&r, 400);
	if (!no_email)
		pick_email(g, &r, &p);
	has_phone = no_email || !rng_chance(&r, 1000);
	if (has_phone)
		pick_phone(g, &r, &p);
	decide_status(&r, c, &p);
	activity = last_activity(&r, c, &p);
	open = last_open(&r, c, &p, activity);
	if (no_email || rng_chance(&r, 1800))
		open = UINT32_MAX;
	if (rng_chance(&r, 400))
		activity = UINT32_MAX;
	tags_of(&r, c, tags, sizeof(tags));
	email_yes = !no_email && strstr(tags, "do not mail") == NULL &&
		rng_chance(&r, p.status == ST_LEAD_REFUSED ? 4000 : 7200);
	sms_yes = has_phone && rng_chance(&r, 4500);

	put_id(&w, FIRST_CUSTOMER_ID + i, 200);
	if (no_email) {
		put_opt(&w, "");
	} else if (w.m && rng_chance(w.m, 500)) {
		utf8_case(p.email, buf, sizeof(buf), 1);
		put(&w, buf);
	} else {
		put_typed(&w, p.email);
	}
	if (!has_phone) {
		put_opt(&w, "");
	} else if (w.m && rng_chance(w.m, 3000)) {
		phone_messy(w.m, &p, buf, sizeof(buf));
		put(&w, buf);
	} else {
		cat2(buf, sizeof(buf), gen_countries[p.country].dial, p.nat);
		put(&w, buf);
	}
	put_typed(&w, p.first);
	put_typed(&w, p.last);
	put_gender(&w, &p);
	put_birth(&w, &p, no_birth);
	put_city(&w, &p);
	put(&w, gen_cities[p.city].region);
	put(&w, gen_countries[p.country].name);
	put(&w, status_names[p.status]);
	put(&w, stages[p.stage]);
	put(&w, gen_sources[pick_choice(&r, gen_sources, GEN_NELEM(gen_sources))].name);
	put(&w, gen_devices[pick_choice(&r, gen_devices, GEN_NELEM(gen_devices))].name);
	put_time(&w, g, c->created, 800);
	put_time(&w, g, activity, 800);
	put_time(&w, g, open, 800);
	put_yesno(&w, email_yes);
	put_yesno(&w, sms_yes);
	put_uint(&w, lead_score(&r, c, &p));
	put_opt(&w, schools[p.school]);
	if (p.grade) {
		put_uint(&w, p.grade);
	} else {
		put_opt(&w, "");
	}
	put_opt(&w, c->interest == 255 ? "" : gen_interests[c->interest].name);
	put(&w, tags);
	out_ch(o, '\n');
}

static void put_amount(struct row *w, int32_t kop)
{
	row_sep(w);
	if (w->m && rng_chance(w->m, 1200)) {
		/* A decimal comma, sometimes with spaces between thousands. */
		out_ch(w->o, '"');
		out_amount(w->o, kop, ',', rng_chance(w->m, 3500));
		out_ch(w->o, '"');
	} else {
		out_amount(w->o, kop, '.', 0);
	}
}

void write_orders(struct gen *g, struct out *o)
{
	struct rng m;
	struct row w = {o, NULL, 0};
	uint64_t k;
	char buf[24];

	rng_init(&m, g->opt.seed, S_MESSY_ORDERS, 0);
	if (g->opt.messy)
		w.m = &m;
	out_str(o, orders_header);
	for (k = 0; k < g->opt.orders; k++) {
		const struct order *x = &g->os[k];

		w.col = 0;
		row_sep(&w);
		if (x->cancel)
			out_ch(o, 'C');
		out_uint(o, FIRST_ORDER_ID + k);
		put_id(&w, FIRST_CUSTOMER_ID + (uint64_t)x->cust, 300);
		fmt_time(g, x->t, w.m && rng_chance(w.m, 1000), buf);
		put(&w, buf);
		put_amount(&w, x->kop);
		put(&w, gen_categories[gen_products[x->product].category].name);
		put(&w, gen_products[x->product].name);
		out_ch(o, '\n');
	}
}

void write_customers(struct gen *g, struct out *o)
{
	uint64_t i;

	out_str(o, customers_header);
	for (i = 0; i < g->opt.customers; i++)
		write_customer(g, o, i);
}
