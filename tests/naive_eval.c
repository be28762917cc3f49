/* The naive evaluator of the differential test: each condition of a rule
 * decided for one customer at a time in plain C, from the semantics the
 * spec and the man page state, to be compared with the compiled SQL. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

#include "naive_eval.h"

const struct n_field_info n_fields[NF_COUNT] = {
	[NF_EMAIL] = {"email", "Email", NT_TEXT},
	[NF_CITY] = {"city", "City", NT_TEXT},
	[NF_GENDER] = {"gender", "Gender", NT_TEXT},
	[NF_STATUS] = {"status", "Status", NT_TEXT},
	[NF_DEVICE] = {"device", NULL, NT_TEXT},
	[NF_FAV] = {"fav_colour", "Favourite colour", NT_TEXT},
	[NF_RFM] = {"rfm", "RFM segment", NT_TEXT},
	[NF_TOPCAT] = {"top_category", "Top category", NT_TEXT},
	[NF_LEAD] = {"lead_score", "Lead score", NT_NUMBER},
	[NF_INCOME] = {"annual_income_k", "Annual Income (k$)", NT_NUMBER},
	[NF_AGE] = {"age", NULL, NT_NUMBER},
	[NF_ORDERS] = {"orders", NULL, NT_NUMBER},
	[NF_SPENT] = {"spent", NULL, NT_NUMBER},
	[NF_AVG] = {"avg_check", "Average check", NT_NUMBER},
	[NF_DSO] = {"days_since_order", "Days since order", NT_NUMBER},
	[NF_R] = {"r", NULL, NT_NUMBER},
	[NF_TAGS] = {"tags", NULL, NT_NUMBER},
	[NF_CREATED] = {"created_at", NULL, NT_DATE},
	[NF_LEO] = {"last_email_open", "Last email open", NT_DATE},
	[NF_BIRTH] = {"birth_date", "Birth date", NT_DATE},
	[NF_FIRST_ORDER] = {"first_order", "First order", NT_DATE},
	[NF_LAST_ORDER] = {"last_order", "Last order", NT_DATE},
	[NF_ECONS] = {"email_consent", "Email consent", NT_BOOL},
	[NF_SCONS] = {"sms_consent", "SMS consent", NT_BOOL},
	[NF_REFUNDS] = {"refunds", NULL, NT_NUMBER},
};

/* --- text -------------------------------------------------------------------- */

char *
n_fold(const char *s)
{
	size_t n = strlen(s), used = 0, k;
	char *out = malloc(4 * n + 8);
	mbstate_t in, put;
	wchar_t w;

	if (out == NULL)
		abort();
	memset(&in, 0, sizeof in);
	memset(&put, 0, sizeof put);
	while (*s != '\0') {
		k = mbrtowc(&w, s, strlen(s), &in);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			/* not expected in the test's data: keep the byte */
			out[used++] = *s++;
			memset(&in, 0, sizeof in);
			continue;
		}
		s += k;
		used += wcrtomb(out + used, (wchar_t)towlower((wint_t)w), &put);
	}
	out[used] = '\0';
	return out;
}

/* The gender words SPEC §1.2 names (M/F/male/female/м/ж/ч/...) and their
 * obvious Russian and Ukrainian long forms, folded. */
static char
gender_letter(const char *folded)
{
	static const char *const male[] = {"m", "male", "man", "м", "муж", "мужской", "ч",
	                                   "чол", "чоловік", NULL};
	static const char *const female[] = {"f", "female", "woman", "ж", "жен", "женский",
	                                     "жін", "жінка", NULL};
	size_t i;

	for (i = 0; male[i] != NULL; i++)
		if (strcmp(folded, male[i]) == 0)
			return 'm';
	for (i = 0; female[i] != NULL; i++)
		if (strcmp(folded, female[i]) == 0)
			return 'f';
	return 0;
}

void
n_val_text(struct n_val *v, enum n_field f, const char *text)
{
	char g;

	free(v->folded);
	v->text = text;
	v->folded = n_fold(text);
	if (f == NF_GENDER && (g = gender_letter(v->folded)) != 0) {
		v->folded[0] = g;
		v->folded[1] = '\0';
	}
}

void
n_val_free(struct n_val *v)
{
	free(v->folded);
	v->folded = NULL;
}

/* --- dates ------------------------------------------------------------------- */

static int
leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
last_day(long y, long m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Days and weeks through timegm's normalisation of an out-of-range day
 * of the month; months and years by counting months and clamping the
 * day. */
int
n_date_minus(const char *ref, long amount, char unit, char out[11])
{
	int y, m, d;
	long months;
	struct tm tm;
	time_t t;
	char tmp[40];

	if (sscanf(ref, "%d-%d-%d", &y, &m, &d) != 3)
		return -1;
	if (unit == 'd' || unit == 'w') {
		memset(&tm, 0, sizeof tm);
		tm.tm_year = y - 1900;
		tm.tm_mon = m - 1;
		tm.tm_mday = d - (int)(amount * (unit == 'w' ? 7 : 1));
		tm.tm_hour = 12;
		t = timegm(&tm);
		gmtime_r(&t, &tm);
		y = tm.tm_year + 1900;
		m = tm.tm_mon + 1;
		d = tm.tm_mday;
	} else {
		months = (long)y * 12 + (m - 1) - amount * (unit == 'y' ? 12 : 1);
		y = (int)(months / 12);
		m = (int)(months % 12) + 1;
		if (d > last_day(y, m))
			d = last_day(y, m);
	}
	if (y < 1 || y > 9999)
		return -1;
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
	return 0;
}

/* --- the test base ---------------------------------------------------------------
 * The data the rules run over, drawn from pools chosen for their edges: NULL
 * and '' side by side, one city in three cases, Ukrainian letters, numbers
 * at 0, below 0 and in fractions, dates on the reference date, a day either
 * side of it, on month ends and leap days, datetimes; customers without a
 * metrics row (no orders), with a row and no orders, and with orders. */

/* The base's own generator (splitmix64), apart from the rules' one. */
static unsigned long long base_rng;

static size_t
pick(size_t n)
{
	unsigned long long z = (base_rng += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return (size_t)((z ^ (z >> 31)) % n);
}

#define PICK(a) ((a)[pick(sizeof(a) / sizeof((a)[0]))])

static const char *const email_data[] = {NULL, "", "anna@gmail.com", "boris@mail.ru",
                                         "z%_@test.com", "юля@почта.рф", "olga@gmail.com",
                                         "x@x.com", "Anna@Gmail.com"};
static const char *const city_data[] = {NULL, "", "Москва", "МОСКВА", "москва", "Київ",
                                        "КИЇВ", "київ", "Kyiv", "Санкт-Петербург", "Lviv",
                                        "Одеса", "Нью-Йорк", "İzmir", "Ёлкино"};
static const char *const gender_data[] = {NULL, "", "F", "M", "F", "M"};
static const char *const status_data[] = {NULL, "", "regular", "REGULAR", "seasonal",
                                          "one_time", "lead_new", "in work",
                                          "month-to-month"};
static const char *const device_data[] = {NULL, "", "ios", "iOS", "android", "Android", "web",
                                          "2-in-1"};
static const char *const fav_data[] = {NULL, "", "Красный", "красный", "КРАСНЫЙ", "blue",
                                       "Blue Sky", "2.50", "007", "say \"hi\"", "back\\slash",
                                       "ёлка-зелёная", "Ґанок"};
static const char *const rfm_data[] = {NULL, "champions", "loyal", "at_risk", "hibernating",
                                       "new"};
static const char *const topcat_data[] = {NULL, "books", "Books", "детские товары", "Игрушки"};
static const char *const date_data[] = {
	NULL, "", "2024-03-31", "2024-03-31 23:59:59", "2024-03-30", "2024-04-01",
	"2024-02-29", "2024-02-28", "2024-03-01", "2024-03-01 00:00:00", "2024-01-31",
	"2023-12-31", "2023-03-31", "2023-02-28", "2023-03-01", "2024-03-17",
	"2024-03-24T10:00:00", "2024-03-24", "2020-02-29", "1999-12-31", "2025-01-01",
};

/* A number or NULL or a stray '' in a number column. */
struct num_data {
	int kind; /* 0 NULL, 1 number, 2 '' */
	double d;
};

static const struct num_data lead_data[] = {{0, 0}, {2, 0}, {1, 0}, {1, -5}, {1, -0.5},
                                            {1, 0.25}, {1, 10}, {1, 42}, {1, 55.5}, {1, 99},
                                            {1, 100}};
static const struct num_data income_data[] = {{0, 0}, {2, 0}, {1, 0}, {1, 40}, {1, 70},
                                              {1, 70.5}, {1, -1}, {1, 1000000}};
static const struct num_data age_data[] = {{0, 0}, {1, 0}, {1, 17}, {1, 18}, {1, 25},
                                           {1, 34}, {1, 35}, {1, 65}};
static const double spent_data[] = {0.99, 500, 10000, 12000.5, 15000};
static const double refund_data[] = {0, 0, 0, 10, 500, 12000.5};
static const int dso_data[] = {0, 1, 30, 90, 365};
static const int bool_data[] = {-1, 0, 1, 1};

/* Tag names unique case-insensitively, Cyrillic among them. */
static const char *const tag_names[N_NTAGS] = {"VIP", "Do Not Mail", "Бета тестер", "ПРОМО", "київ",
                                        "Ёлка"};
#define NTAGS N_NTAGS


static void
set_text(struct n_cell *c, const char *s)
{
	c->kind = s == NULL ? NC_NULL : NC_TEXT;
	c->s = s;
	c->folded = s != NULL ? n_fold(s) : NULL;
}

static void
set_num(struct n_cell *c, const struct num_data *d)
{
	if (d->kind == 2) {
		set_text(c, "");
		return;
	}
	c->kind = d->kind == 0 ? NC_NULL : NC_NUM;
	c->d = d->d;
}

static void
set_double(struct n_cell *c, double d)
{
	struct num_data nd = {1, d};

	set_num(c, &nd);
}

static void
make_customer(struct n_customer *cu)
{
	struct n_cell *v = cu->v;
	static const struct num_data null = {0, 0};
	int metrics = pick(100), k, orders;
	size_t i;

	set_text(&v[NF_EMAIL], PICK(email_data));
	set_text(&v[NF_CITY], PICK(city_data));
	set_text(&v[NF_GENDER], PICK(gender_data));
	set_text(&v[NF_STATUS], PICK(status_data));
	set_text(&v[NF_DEVICE], PICK(device_data));
	set_text(&v[NF_FAV], PICK(fav_data));
	set_num(&v[NF_LEAD], &PICK(lead_data));
	set_num(&v[NF_INCOME], &PICK(income_data));
	set_text(&v[NF_CREATED], PICK(date_data));
	set_text(&v[NF_LEO], PICK(date_data));
	set_text(&v[NF_BIRTH], PICK(date_data));
	for (k = NF_ECONS; k <= NF_SCONS; k++) {
		int b = PICK(bool_data);

		if (b < 0)
			set_num(&v[k], &null);
		else
			set_double(&v[k], b);
	}
	/* order metrics: no row (15 %), a row without orders (15 %), orders */
	orders = metrics < 30 ? 0 : 1 + (int)pick(5);
	set_double(&v[NF_ORDERS], orders);
	set_double(&v[NF_SPENT], orders ? PICK(spent_data) : 0);
	set_num(&v[NF_AGE], metrics < 15 ? &null : &PICK(age_data));
	set_text(&v[NF_RFM], orders ? PICK(rfm_data) : NULL);
	set_text(&v[NF_TOPCAT], orders ? PICK(topcat_data) : NULL);
	set_text(&v[NF_FIRST_ORDER], orders ? PICK(date_data) : NULL);
	set_text(&v[NF_LAST_ORDER], orders ? PICK(date_data) : NULL);
	if (orders) {
		set_double(&v[NF_AVG], v[NF_SPENT].d / orders);
		set_double(&v[NF_DSO], PICK(dso_data));
		set_double(&v[NF_R], 1 + (double)pick(5));
	} else {
		set_num(&v[NF_AVG], &null);
		set_num(&v[NF_DSO], &null);
		set_num(&v[NF_R], &null);
	}
	cu->metrics_row = metrics >= 15;
	/* what cancellations refunded: 0 without a metrics row (as spent),
	 * and possibly more than 0 for a customer who only cancelled */
	set_double(&v[NF_REFUNDS], cu->metrics_row ? PICK(refund_data) : 0);
	cu->tags = 0;
	for (i = 0; i < NTAGS; i++)
		if (pick(4) == 0)
			cu->tags |= 1u << i;
	k = 0;
	for (i = 0; i < NTAGS; i++)
		k += (cu->tags >> i) & 1;
	set_double(&v[NF_TAGS], k);
}

void
n_base_make(struct n_base *b, size_t n, unsigned long long seed)
{
	size_t i;

	memset(b, 0, sizeof *b);
	if ((b->c = calloc(n, sizeof *b->c)) == NULL || (b->tag_folded = calloc(NTAGS,
	                                                  sizeof *b->tag_folded)) == NULL)
		abort();
	base_rng = seed;
	for (i = 0; i < n; i++)
		make_customer(&b->c[i]);
	b->n = n;
	b->tag_names = tag_names;
	for (i = 0; i < NTAGS; i++)
		b->tag_folded[i] = n_fold(tag_names[i]);
	b->ntags = NTAGS;
	memcpy(b->ref, N_REF_DATE, 11);
}

void
n_base_free(struct n_base *b)
{
	size_t i, k;

	for (i = 0; i < b->n; i++)
		for (k = 0; k < NF_COUNT; k++)
			free(b->c[i].v[k].folded);
	for (i = 0; i < b->ntags; i++)
		free(b->tag_folded[i]);
	free(b->c);
	free(b->tag_folded);
	memset(b, 0, sizeof *b);
}

/* --- evaluation ----------------------------------------------------------------
 * From SPEC §2.1 and clientele-rules(5): a comparison on an empty value is
 * false, not X is the complement, text compares folded, dates compare the
 * day, between includes both ends, within N runs from ref - N to ref
 * (both included), before/after N ago are strict, months and years clamp
 * to a month's end, a customer without orders has 0 orders, 0 spent and
 * 0 refunds.
 * Details the spec leaves open, settled by reading rule/sql.c/fields.c:
 *  - '' in a number or yes/no column is empty, as NULL is;
 *  - a range written backwards (between 5 and 1) matches nothing;
 *  - a date after the reference date is not "within" any period;
 *  - age is read from the metrics row: empty for a customer without one;
 *  - a gender word in a value (ж, female) means its letter; other words
 *    compare as text; contains/starts with on gender are not generated
 *    (they normalise the value too, which the spec does not say). */

/* Empty: no value, or the empty string (SPEC §2.1: a comparison on an
 * empty value is false). A number field holding text (a stray '') is
 * empty too. */
static bool
empty(const struct n_cell *c, enum n_type t)
{
	if (c->kind == NC_NULL)
		return true;
	if (c->kind == NC_TEXT)
		return c->s[0] == '\0' || t == NT_NUMBER || t == NT_BOOL;
	return false;
}

/* -1, 0, 1: the cell against one value of the rule. Dates compare their
 * day: the first ten characters of a date or datetime. */
static int
compare(const struct n_cell *c, enum n_type t, const struct n_val *v)
{
	int r;

	switch (t) {
	case NT_NUMBER:
		return c->d < v->num ? -1 : c->d > v->num;
	case NT_BOOL:
		return (int)c->d < v->yes ? -1 : (int)c->d > v->yes;
	case NT_DATE:
		r = strncmp(c->s, v->date, 10);
		return r < 0 ? -1 : r > 0;
	case NT_TEXT:
	default:
		r = strcmp(c->folded, v->folded);
		return r < 0 ? -1 : r > 0;
	}
}

static bool
in_list(const struct n_cell *c, enum n_type t, const struct n_node *n)
{
	size_t i;

	for (i = 0; i < n->nvals; i++)
		if (compare(c, t, &n->vals[i]) == 0)
			return true;
	return false;
}

static bool
eval_cmp(const struct n_node *n, const struct n_base *b, const struct n_customer *cu)
{
	const struct n_cell *c = &cu->v[n->field];
	enum n_type t = n_fields[n->field].type;
	char from[11], day[11];

	if (n->op == NO_EMPTY)
		return empty(c, t);
	if (n->op == NO_NOT_EMPTY)
		return !empty(c, t);
	if (empty(c, t))
		return false;
	switch (n->op) {
	case NO_EQ: return compare(c, t, &n->vals[0]) == 0;
	case NO_NE: return compare(c, t, &n->vals[0]) != 0;
	case NO_LT: return compare(c, t, &n->vals[0]) < 0;
	case NO_LE: return compare(c, t, &n->vals[0]) <= 0;
	case NO_GT: return compare(c, t, &n->vals[0]) > 0;
	case NO_GE: return compare(c, t, &n->vals[0]) >= 0;
	case NO_IN: return in_list(c, t, n);
	case NO_NOT_IN: return !in_list(c, t, n);
	case NO_BETWEEN:
		/* both ends included; a range written backwards is empty */
		return compare(c, t, &n->vals[0]) >= 0 && compare(c, t, &n->vals[1]) <= 0;
	case NO_CONTAINS: return strstr(c->folded, n->vals[0].folded) != NULL;
	case NO_STARTS:
		return strncmp(c->folded, n->vals[0].folded, strlen(n->vals[0].folded)) == 0;
	case NO_WITHIN:
		/* from ref - N to the reference date, both included */
		if (n_date_minus(b->ref, n->vals[0].amount, n->vals[0].unit, from) != 0)
			return false;
		snprintf(day, sizeof day, "%.10s", c->s);
		return strcmp(day, from) >= 0 && strcmp(day, b->ref) <= 0;
	case NO_BEFORE:
	case NO_AFTER:
		if (n->vals[0].unit != 0) {
			struct n_val v = n->vals[0];

			if (n_date_minus(b->ref, v.amount, v.unit, v.date) != 0)
				return false;
			return n->op == NO_BEFORE ? compare(c, t, &v) < 0 : compare(c, t, &v) > 0;
		}
		return n->op == NO_BEFORE ? compare(c, t, &n->vals[0]) < 0
		                          : compare(c, t, &n->vals[0]) > 0;
	default:
		return false;
	}
}

/* Whether the customer has a tag whose name equals name case-insensitively
 * (tag names are unique that way). */
static bool
has_tag(const struct n_base *b, const struct n_customer *cu, const char *folded)
{
	size_t i;

	for (i = 0; i < b->ntags; i++)
		if ((cu->tags & (1u << i)) && strcmp(b->tag_folded[i], folded) == 0)
			return true;
	return false;
}

bool
n_eval(const struct n_node *n, const struct n_base *b, const struct n_customer *cu)
{
	size_t i;

	switch (n->kind) {
	case NK_AND:
		for (i = 0; i < n->nkids; i++)
			if (!n_eval(n->kids[i], b, cu))
				return false;
		return true;
	case NK_OR:
		for (i = 0; i < n->nkids; i++)
			if (n_eval(n->kids[i], b, cu))
				return true;
		return false;
	case NK_NOT:
		return !n_eval(n->kids[0], b, cu);
	case NK_CMP:
		return eval_cmp(n, b, cu);
	case NK_TAG:
		return has_tag(b, cu, n->vals[0].folded);
	case NK_TAGS:
		for (i = 0; i < n->nvals; i++) {
			bool has = has_tag(b, cu, n->vals[i].folded);

			if (n->mode == NM_ALL && !has)
				return false;
			if (n->mode != NM_ALL && has)
				return n->mode == NM_ANY;
		}
		return n->mode != NM_ANY;
	}
	return false;
}

long long
n_count(const struct n_node *n, const struct n_base *b)
{
	long long k = 0;
	size_t i;

	for (i = 0; i < b->n; i++)
		k += n_eval(n, b, &b->c[i]);
	return k;
}
