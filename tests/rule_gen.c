/* The random rules of the differential test (test_rule_diff.c): each
 * written as a user could write it (keywords in any case, values bare or
 * quoted, fields by name or label) into a string, and built as the tree
 * the naive evaluator of naive_eval.c counts. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "naive_eval.h"
#include "rule_gen.h"

/* --- a seeded generator (splitmix64) ------------------------------------------ */

unsigned long long rng_state;

static unsigned long long
rng(void)
{
	unsigned long long z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

size_t
pick(size_t n)
{
	return (size_t)(rng() % n);
}

static int
chance(int percent)
{
	return (int)pick(100) < percent;
}

#define PICK(a) ((a)[pick(sizeof(a) / sizeof((a)[0]))])

/* --- the rules --------------------------------------------------------------------
 * Values as a rule writes them (written) and what they mean. */

static const char *const city_vals[] = {
	"Москва", "москва", "МОСКВА", "мОсКвА", "Київ", "київ", "КИЇВ", "kyiv", "Kyiv",
	"Санкт-Петербург", "санкт-петербург", "Lviv", "Одеса", "Нью-Йорк", "izmir", "İZMIR",
	"Ёлкино", "ёлкино", "Moscow"};
static const char *const gender_vals[] = {"F", "f", "M", "m", "female", "male", "ж", "Ж", "м",
                                          "М", "жін", "чоловік", "жен", "муж"};
static const char *const status_vals[] = {"regular", "REGULAR", "Regular", "seasonal",
                                          "one_time", "lead_new", "in work", "In Work",
                                          "empty", "and", "month-to-month",
                                          "Month-To-Month", "month-to", "to-month"};
static const char *const device_vals[] = {"ios", "IOS", "iOS", "android", "ANDROID", "web",
                                          "Web", "desktop", "2-in-1", "2-IN-1"};
static const char *const email_vals[] = {"anna@gmail.com", "ANNA@GMAIL.COM", "boris@mail.ru",
                                         "z%_@test.com", "юля@почта.рф", "ЮЛЯ@ПОЧТА.РФ",
                                         "x@x.com"};
static const char *const fav_vals[] = {"красный", "Красный", "КРАСНЫЙ", "blue", "BLUE",
                                       "Blue Sky", "blue sky", "2.50", "007", "say \"hi\"",
                                       "back\\slash", "ёлка-зелёная", "ЁЛКА-ЗЕЛЁНАЯ", "ґанок",
                                       "Ґанок"};
static const char *const rfm_vals[] = {"champions", "Champions", "loyal", "at_risk", "AT_RISK",
                                       "hibernating", "new"};
static const char *const topcat_vals[] = {"books", "BOOKS", "детские товары",
                                          "Детские Товары", "игрушки", "ИГРУШКИ"};
/* pieces for contains and starts with */
static const char *const piece_vals[] = {
	"оск", "ОСК", "мос", "Мос", "ки", "КИ", "ї", "Ї", "v", "@gmail.", "%", "_", "gmail",
	"ru", "почта", "ПОЧТА", "рф", "red", "крас", "КРАС", "Sky", "\"", "\\", "ёл", "ЁЛ",
	"2.5", "00", "i", "a", "at_", "in ", " ", "ios", "books", "ТОВАРЫ"};
static const char *const tag_vals[] = {"vip", "VIP", "Vip", "do not mail", "DO NOT MAIL",
                                       "бета тестер", "БЕТА ТЕСТЕР", "промо", "Промо",
                                       "КИЇВ", "київ", "ёлка", "ЁЛКА", "nosuch", "2024",
                                       "beta"};

struct num_val {
	const char *written;
	double num;
};

static const struct num_val num_vals[] = {
	{"0", 0}, {"-5", -5}, {"-0.5", -0.5}, {"0.25", 0.25}, {"10", 10}, {"42", 42},
	{"\"42\"", 42}, {"55.5", 55.5}, {"55.50", 55.5}, {"99", 99}, {"100", 100}, {"1", 1},
	{"2", 2}, {"3", 3}, {"5", 5}, {"18", 18}, {"34", 34}, {"500", 500}, {"12000.5", 12000.5},
	{"10000.00", 10000}, {"70", 70}, {"70.5", 70.5}, {"1000000", 1000000}, {"-1", -1},
	{"365", 365}, {"30", 30}, {"4000", 4000}, {"\"0.25\"", 0.25}};

static const char *const date_vals[] = {
	"2024-03-31", "2024-03-30", "2024-04-01", "2024-02-29", "2024-02-28", "2024-03-01",
	"2024-01-31", "2023-12-31", "2023-03-31", "2023-02-28", "2024-03-17", "2024-03-24",
	"2020-02-29", "1999-12-31", "2025-01-01", "2023-03-01"};

struct bool_val {
	const char *written;
	int yes;
};

static const struct bool_val bool_vals[] = {
	{"yes", 1}, {"YES", 1}, {"true", 1}, {"да", 1}, {"так", 1}, {"1", 1}, {"\"yes\"", 1},
	{"no", 0}, {"false", 0}, {"нет", 0}, {"Нет", 0}, {"ні", 0}, {"0", 0}, {"FALSE", 0}};

struct period {
	long amount;
	char unit;
};

static const struct period periods[] = {{0, 'd'}, {1, 'd'}, {7, 'd'}, {30, 'd'}, {31, 'd'},
                                        {90, 'd'}, {1, 'w'}, {2, 'w'}, {1, 'm'}, {2, 'm'},
                                        {6, 'm'}, {13, 'm'}, {1, 'y'}, {4, 'y'}, {30, 'y'}};

void
sb_add(struct sbuf *b, const char *s)
{
	size_t l = strlen(s);

	if (b->n + l + 1 > b->cap) {
		b->cap = 2 * (b->n + l + 1) + 64;
		if ((b->p = realloc(b->p, b->cap)) == NULL)
			abort();
	}
	memcpy(b->p + b->n, s, l + 1);
	b->n += l;
}

static void sb_addf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
sb_addf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	sb_add(b, tmp);
}

/* A keyword in a random case: the language reads keywords in any case. */
static void
sb_kw(struct sbuf *b, const char *kw)
{
	char tmp[64];
	size_t i, mode = pick(10);

	for (i = 0; kw[i] != '\0' && i < sizeof tmp - 1; i++)
		tmp[i] = (char)(mode == 0 ? toupper((unsigned char)kw[i])
		                : mode == 1 && i == 0 ? toupper((unsigned char)kw[i])
		                                      : kw[i]);
	tmp[i] = '\0';
	sb_add(b, tmp);
}

/* The reserved words of clientele-rules(5), which values must quote. */
static int
reserved(const char *s)
{
	static const char *const words[] = {"and", "or", "not", "in", "is", "between",
	                                    "contains", "starts", "within", "before", "after",
	                                    "ago", "empty"};
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	return 0;
}

/* A word may stand bare: letters (any script), digits and '_', with
 * single hyphens inside ("month-to-month"), not starting with a digit, not
 * a reserved word. */
static int
bare_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (*p == '\0' || isdigit(*p) || reserved(s))
		return 0;
	for (; *p != '\0'; p++) {
		if (*p == '-' && p > (const unsigned char *)s && p[1] != '\0' && p[1] != '-' &&
		    (p[1] >= 0x80 || isalnum(p[1]) || p[1] == '_'))
			continue;
		if (*p < 0x80 && !isalnum(*p) && *p != '_')
			return 0;
	}
	return 1;
}

static void
sb_quoted(struct sbuf *b, const char *s)
{
	char one[2] = {0, 0};

	sb_add(b, "\"");
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			sb_add(b, "\\");
		one[0] = *s;
		sb_add(b, one);
	}
	sb_add(b, "\"");
}

/* Text as a rule writes it: bare when it can be, sometimes quoted anyway. */
static void
sb_text(struct sbuf *b, const char *s)
{
	/* "2-in-1": a word that starts with a digit may stand bare too */
	if ((bare_ok(s) || (isdigit((unsigned char)s[0]) && s[1] == '-' && bare_ok(s + 2))) &&
	    chance(70))
		sb_add(b, s);
	else
		sb_quoted(b, s);
}

/* A date as 2024-03-31, 31.03.2024, 2024-3-1 or in quotes. */
static void
sb_date(struct sbuf *b, const char *iso)
{
	int y, m, d, how = (int)pick(10);

	sscanf(iso, "%d-%d-%d", &y, &m, &d);
	if (how < 5)
		sb_add(b, iso);
	else if (how < 7)
		sb_addf(b, "%02d.%02d.%04d", d, m, y);
	else if (how < 8)
		sb_addf(b, "%d-%d-%d", y, m, d);
	else if (how < 9)
		sb_addf(b, "\"%s\"", iso);
	else
		sb_addf(b, "\"%02d.%02d.%04d\"", d, m, y);
}

static const char *const *
text_pool(enum n_field f, size_t *n)
{
#define POOL(a) (*n = sizeof(a) / sizeof((a)[0]), (a))
	switch (f) {
	case NF_EMAIL: return POOL(email_vals);
	case NF_CITY: return POOL(city_vals);
	case NF_GENDER: return POOL(gender_vals);
	case NF_STATUS: return POOL(status_vals);
	case NF_DEVICE: return POOL(device_vals);
	case NF_FAV: return POOL(fav_vals);
	case NF_RFM: return POOL(rfm_vals);
	default: return POOL(topcat_vals);
	}
#undef POOL
}

/* One value of field f: written into b, meaning into v. */
static void
gen_value(struct sbuf *b, enum n_field f, struct n_val *v)
{
	const char *const *pool;
	size_t n;

	switch (n_fields[f].type) {
	case NT_TEXT:
		pool = text_pool(f, &n);
		n_val_text(v, f, pool[pick(n)]);
		sb_text(b, v->text);
		break;
	case NT_NUMBER: {
		const struct num_val *nv = &PICK(num_vals);

		v->num = nv->num;
		sb_add(b, nv->written);
		break;
	}
	case NT_DATE:
		memcpy(v->date, PICK(date_vals), 11);
		sb_date(b, v->date);
		break;
	case NT_BOOL: {
		const struct bool_val *bv = &PICK(bool_vals);

		v->yes = bv->yes;
		sb_add(b, bv->written);
		break;
	}
	}
}

static void
gen_list(struct sbuf *b, struct n_node *n)
{
	size_t i, k = 1 + pick(3);

	sb_add(b, "(");
	for (i = 0; i < k; i++) {
		if (i > 0)
			sb_add(b, chance(80) ? ", " : ",");
		gen_value(b, n->field, &n->vals[i]);
	}
	sb_add(b, ")");
	n->nvals = k;
}

static void
sb_period(struct sbuf *b, struct n_val *v)
{
	const struct period *p = &PICK(periods);

	v->amount = p->amount;
	v->unit = p->unit;
	sb_addf(b, "%ld%c", p->amount, chance(20) ? toupper((unsigned char)p->unit) : p->unit);
}

/* The field as a rule names it: its name (in any case, or quoted) or its
 * label in quotes. */
static void
gen_field(struct sbuf *b, enum n_field f)
{
	const struct n_field_info *fi = &n_fields[f];
	char up[64];
	size_t i;

	switch (pick(10)) {
	case 0:
		for (i = 0; fi->name[i] != '\0' && i < sizeof up - 1; i++)
			up[i] = (char)toupper((unsigned char)fi->name[i]);
		up[i] = '\0';
		sb_add(b, up);
		break;
	case 1:
		sb_quoted(b, fi->name);
		break;
	case 2:
	case 3:
		if (fi->label != NULL) {
			sb_quoted(b, fi->label);
			break;
		}
		/* fall through */
	default:
		sb_add(b, fi->name);
	}
}

static const enum n_op text_ops[] = {NO_EQ, NO_NE, NO_IN, NO_NOT_IN, NO_CONTAINS,
                                     NO_STARTS, NO_EMPTY, NO_NOT_EMPTY};
static const enum n_op number_ops[] = {NO_EQ, NO_NE, NO_LT, NO_LE, NO_GT, NO_GE,
                                       NO_IN, NO_NOT_IN, NO_BETWEEN, NO_EMPTY, NO_NOT_EMPTY};
static const enum n_op date_ops[] = {NO_EQ, NO_NE, NO_LT, NO_LE, NO_GT, NO_GE,
                                     NO_IN, NO_NOT_IN, NO_BETWEEN, NO_EMPTY, NO_NOT_EMPTY,
                                     NO_WITHIN, NO_WITHIN, NO_BEFORE, NO_BEFORE, NO_AFTER,
                                     NO_AFTER};
static const enum n_op bool_ops[] = {NO_EQ, NO_NE, NO_IN, NO_NOT_IN, NO_EMPTY, NO_NOT_EMPTY};

static void
gen_cmp(struct sbuf *b, struct n_node *n)
{
	static const char *const op_text[][2] = {
		{"=", "=="}, {"!=", "<>"}, {"<", "<"}, {"<=", "<="}, {">", ">"}, {">=", ">="}};
	enum n_field f = (enum n_field)pick(NF_COUNT);

	n->kind = NK_CMP;
	n->field = f;
	switch (n_fields[f].type) {
	case NT_TEXT:
		n->op = PICK(text_ops);
		/* contains/starts with on gender: spec-silent (see the report) */
		if (f == NF_GENDER && (n->op == NO_CONTAINS || n->op == NO_STARTS))
			n->op = NO_EQ;
		break;
	case NT_NUMBER: n->op = PICK(number_ops); break;
	case NT_DATE: n->op = PICK(date_ops); break;
	case NT_BOOL: n->op = PICK(bool_ops); break;
	}
	gen_field(b, f);
	sb_add(b, " ");
	n->nvals = 1;
	switch (n->op) {
	case NO_EQ: case NO_NE: case NO_LT: case NO_LE: case NO_GT: case NO_GE:
		sb_add(b, op_text[n->op][chance(80) ? 0 : 1]);
		sb_add(b, " ");
		gen_value(b, f, &n->vals[0]);
		break;
	case NO_IN:
	case NO_NOT_IN:
		if (n->op == NO_NOT_IN) {
			sb_kw(b, "not");
			sb_add(b, " ");
		}
		sb_kw(b, "in");
		sb_add(b, " ");
		gen_list(b, n);
		break;
	case NO_BETWEEN:
		sb_kw(b, "between");
		sb_add(b, " ");
		gen_value(b, f, &n->vals[0]);
		sb_add(b, " ");
		sb_kw(b, "and");
		sb_add(b, " ");
		gen_value(b, f, &n->vals[1]);
		n->nvals = 2;
		break;
	case NO_CONTAINS:
	case NO_STARTS: {
		const char *s = chance(50) ? PICK(piece_vals) : NULL;

		if (n->op == NO_CONTAINS) {
			sb_kw(b, "contains");
		} else {
			sb_kw(b, "starts");
			sb_add(b, " ");
			sb_kw(b, "with");
		}
		sb_add(b, " ");
		if (s != NULL) {
			n_val_text(&n->vals[0], f, s);
			sb_text(b, s);
		} else {
			gen_value(b, f, &n->vals[0]);
		}
		break;
	}
	case NO_EMPTY:
	case NO_NOT_EMPTY:
		sb_kw(b, "is");
		sb_add(b, " ");
		if (n->op == NO_NOT_EMPTY) {
			sb_kw(b, "not");
			sb_add(b, " ");
		}
		sb_kw(b, "empty");
		n->nvals = 0;
		break;
	case NO_WITHIN:
		sb_kw(b, "within");
		sb_add(b, " ");
		sb_period(b, &n->vals[0]);
		break;
	case NO_BEFORE:
	case NO_AFTER:
		sb_kw(b, n->op == NO_BEFORE ? "before" : "after");
		sb_add(b, " ");
		if (chance(50)) {
			n->vals[0].unit = 0;
			gen_value(b, f, &n->vals[0]);
		} else {
			sb_period(b, &n->vals[0]);
			sb_add(b, " ");
			sb_kw(b, "ago");
		}
		break;
	}
}

static void
gen_tag_value(struct sbuf *b, struct n_val *v)
{
	n_val_text(v, NF_COUNT, PICK(tag_vals));
	sb_text(b, v->text);
}

static void
gen_tags(struct sbuf *b, struct n_node *n)
{
	static const char *const modes[] = {"any", "all", "none"};
	size_t i;

	if (chance(45)) {
		n->kind = NK_TAG;
		n->nvals = 1;
		sb_kw(b, "tag");
		sb_add(b, chance(90) ? ":" : ": ");
		gen_tag_value(b, &n->vals[0]);
		return;
	}
	n->kind = NK_TAGS;
	n->mode = (enum n_tags_mode)pick(3);
	n->nvals = 1 + pick(3);
	sb_kw(b, "tags");
	sb_add(b, " ");
	sb_kw(b, modes[n->mode]);
	sb_add(b, " (");
	for (i = 0; i < n->nvals; i++) {
		if (i > 0)
			sb_add(b, ", ");
		gen_tag_value(b, &n->vals[i]);
	}
	sb_add(b, ")");
}

/* The nodes of one rule. */
#define ARENA 160
static struct n_node arena[ARENA];
static size_t arena_used;

static struct n_node *
node_new(void)
{
	struct n_node *n = &arena[arena_used++];

	memset(n, 0, sizeof *n);
	return n;
}

void
arena_reset(void)
{
	size_t i, k;

	for (i = 0; i < arena_used; i++)
		for (k = 0; k < N_MAXVALS; k++)
			n_val_free(&arena[i].vals[k]);
	arena_used = 0;
}

/* A random rule of at most depth levels, written into b. parent: the
 * kind of the enclosing chain (NK_CMP at the top), to decide which
 * parentheses are needed; the others are added at random. */
struct n_node *
gen_node(struct sbuf *b, int depth, enum n_kind parent)
{
	struct n_node *n = node_new();
	size_t r = pick(100), i;
	int paren;

	if (depth <= 0 || arena_used + N_MAXKIDS + 1 >= ARENA || r < 40) {
		paren = chance(5);
		if (paren)
			sb_add(b, "(");
		if (chance(85))
			gen_cmp(b, n);
		else
			gen_tags(b, n);
		if (paren)
			sb_add(b, ")");
		return n;
	}
	if (r < 52) {
		n->kind = NK_NOT;
		n->nkids = 1;
		sb_kw(b, "not");
		sb_add(b, " ");
		n->kids[0] = gen_node(b, depth - 1, NK_NOT);
		return n;
	}
	n->kind = r < 78 ? NK_AND : NK_OR;
	n->nkids = 2 + pick(N_MAXKIDS - 1);
	/* a chain under not, under a chain of the other kind where it would
	 * bind differently, or under its own kind needs (or keeps) parentheses;
	 * an and-chain under or may go without them */
	paren = parent == NK_NOT || parent == n->kind || (parent == NK_AND && n->kind == NK_OR) ||
	        (parent == NK_OR && chance(50));
	if (paren)
		sb_add(b, "(");
	for (i = 0; i < n->nkids; i++) {
		if (i > 0) {
			sb_add(b, chance(10) ? "\n  " : " ");
			sb_kw(b, n->kind == NK_AND ? "and" : "or");
			sb_add(b, " ");
		}
		n->kids[i] = gen_node(b, depth - 1, n->kind);
	}
	if (paren)
		sb_add(b, ")");
	return n;
}
