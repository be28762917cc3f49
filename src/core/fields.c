/* The field catalog: the built-in customer fields with the header spellings
 * real exports use (English, Russian, Ukrainian), the computed metrics, and
 * the custom fields an import added to the base. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fields.h"
#include "i18n.h"
#include "text/text.h"

#define SYN(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Header spellings are compared folded, without spaces, '_', '-', '.',
 * apostrophes, and with ё read as е: "E-mail", "e_mail" and "EMAIL" are one
 * spelling, and so are "ім'я" and "імя". */
static const struct builtin_field builtins[] = {
	{"id", N_("ID"), FT_TEXT,
	 SYN("id", "customer id", "client id", "external id", "ext id", "user id", "contact id",
	     "account id", "member id", "customer number", "customer no", "client number",
	     "код клиента", "id клиента", "ид клиента", "ид", "код", "клиент id", "номер клиента",
	     "идентификатор", "идентификатор клиента", "код клієнта", "id клієнта",
	     "ідентифікатор", "номер клієнта", "код контрагента")},
	{"email", N_("Email"), FT_TEXT,
	 SYN("email", "e-mail", "mail", "email address", "e-mail address", "email адрес",
	     "e-mail адрес", "почта", "эл. почта", "эл почта", "электронная почта",
	     "адрес электронной почты", "адрес почты", "емейл", "имейл", "емайл", "мейл",
	     "электронный адрес", "електронна пошта", "ел. пошта", "пошта", "імейл",
	     "адреса електронної пошти", "електронна адреса")},
	{"phone", N_("Phone"), FT_TEXT,
	 SYN("phone", "phone number", "mobile", "mobile phone", "mobile number", "cell",
	     "cell phone", "tel", "telephone", "contact phone", "телефон", "тел.", "номер телефона",
	     "мобильный", "мобильный телефон", "моб. телефон", "моб.", "сотовый",
	     "сотовый телефон", "контактный телефон", "телефон клиента", "мобільний",
	     "мобільний телефон", "номер телефону", "контактний телефон", "телефон клієнта")},
	{"first_name", N_("First name"), FT_TEXT,
	 SYN("first name", "firstname", "given name", "forename", "имя", "ім'я", "імʼя",
	     "имя клиента", "ім'я клієнта")},
	{"last_name", N_("Last name"), FT_TEXT,
	 SYN("last name", "lastname", "surname", "family name", "фамилия", "прізвище")},
	{"full_name", N_("Full name"), FT_TEXT,
	 SYN("name", "full name", "fullname", "customer name", "client name", "contact name",
	     "contact", "фио", "ф.и.о.", "ф и о", "полное имя", "имя и фамилия", "клиент",
	     "контакт", "покупатель", "піб", "п.і.б.", "повне ім'я", "ім'я та прізвище",
	     "клієнт", "покупець")},
	{"gender", N_("Gender"), FT_TEXT, SYN("gender", "sex", "пол", "стать")},
	{"birth_date", N_("Birth date"), FT_DATE,
	 SYN("birth date", "birthdate", "birthday", "date of birth", "dob", "born",
	     "дата рождения", "день рождения", "д.р.", "дата народження", "день народження")},
	{"city", N_("City"), FT_TEXT,
	 SYN("city", "town", "city name", "locality", "город", "населенный пункт", "нас. пункт",
	     "місто", "населений пункт")},
	{"region", N_("Region"), FT_TEXT,
	 SYN("region", "state", "province", "oblast", "county", "state/province", "область",
	     "регион", "край", "субъект рф", "регіон")},
	{"country", N_("Country"), FT_TEXT,
	 SYN("country", "country name", "country code", "страна", "країна")},
	{"status", N_("Status"), FT_TEXT,
	 SYN("status", "customer status", "client status", "lead status", "статус",
	     "статус клиента", "статус клієнта")},
	{"stage", N_("Stage"), FT_TEXT,
	 SYN("stage", "funnel stage", "lifecycle stage", "deal stage", "pipeline stage", "этап",
	     "стадия", "этап воронки", "стадия воронки", "етап", "стадія", "етап воронки")},
	{"source", N_("Source"), FT_TEXT,
	 SYN("source", "utm_source", "utm source", "lead source", "traffic source", "channel",
	     "acquisition channel", "источник", "канал", "источник трафика", "канал привлечения",
	     "джерело", "канал залучення", "джерело трафіку")},
	{"device", N_("Device"), FT_TEXT,
	 SYN("device", "device type", "platform", "os", "устройство", "тип устройства",
	     "платформа", "пристрій", "тип пристрою")},
	{"created_at", N_("Created"), FT_DATE,
	 SYN("created", "created at", "created on", "creation date", "date created",
	     "registration date", "registered", "registered at", "signup date", "sign up date",
	     "signed up", "дата регистрации", "дата создания", "зарегистрирован",
	     "дата реєстрації", "дата створення")},
	{"last_activity", N_("Last activity"), FT_DATE,
	 SYN("last activity", "last active", "last seen", "last visit", "last login",
	     "последняя активность", "последний визит", "последний вход", "остання активність",
	     "останній візит", "останній вхід")},
	{"last_email_open", N_("Last email open"), FT_DATE,
	 SYN("last email open", "last open", "last opened", "last email opened",
	     "email last opened", "последнее открытие", "последнее открытие письма",
	     "дата последнего открытия", "останнє відкриття", "останнє відкриття листа")},
	{"email_consent", N_("Email consent"), FT_BOOL,
	 SYN("email consent", "email opt in", "opt in", "subscribed", "subscriber",
	     "accepts marketing", "accepts email marketing", "newsletter",
	     "согласие на рассылку", "согласие на email", "подписка", "подписан",
	     "подписка на рассылку", "згода на розсилку", "згода на email", "підписка",
	     "підписаний")},
	{"sms_consent", N_("SMS consent"), FT_BOOL,
	 SYN("sms consent", "sms opt in", "accepts sms", "accepts sms marketing",
	     "согласие на sms", "согласие на смс", "смс рассылка", "згода на sms",
	     "згода на смс")},
	{"lead_score", N_("Lead score"), FT_NUMBER,
	 SYN("lead score", "score", "scoring", "lead scoring", "скоринг", "оценка лида",
	     "скоринг лида", "лид скоринг", "оцінка ліда", "скоринг ліда")},
};

/* Columns the importer treats apart: customers.age_given and tag lists. */
static const char *const age_synonyms[] = {"age", "возраст", "вік", "age years", "полных лет",
                                           NULL};
static const char *const tags_synonyms[] = {"tags", "tag", "теги", "тег", "метки", "метка",
                                            "мітки", "мітка", "ярлыки", NULL};

struct order_synonyms {
	const char *name;
	const char *const *synonyms;
};

static const struct order_synonyms order_fields[] = {
	{"order_id",
	 SYN("invoiceno", "invoice", "invoice number", "order", "order id", "order no",
	     "order number", "order #", "transaction id", "номер заказа", "заказ", "№ заказа",
	     "номер чека", "номер замовлення", "замовлення", "№ замовлення")},
	{"customer_id",
	 SYN("customerid", "customer", "client id", "client", "user id", "buyer id",
	     "customer number", "id клиента", "код клиента", "клиент", "покупатель", "id клієнта",
	     "код клієнта", "клієнт", "покупець")},
	{"date",
	 SYN("invoicedate", "order date", "date", "created", "created at", "purchase date",
	     "transaction date", "дата", "дата заказа", "дата покупки", "дата продажи",
	     "дата замовлення", "дата покупки", "дата продажу")},
	{"amount",
	 SYN("amount", "total", "sum", "revenue", "order total", "total amount", "grand total",
	     "sales", "сумма", "итого", "сумма заказа", "выручка", "всего", "сума", "разом",
	     "сума замовлення", "виручка")},
	{"quantity", SYN("quantity", "qty", "количество", "кол-во", "кількість", "к-сть")},
	{"unit_price",
	 SYN("unitprice", "price", "item price", "цена", "цена за единицу", "ціна",
	     "ціна за одиницю")},
	{"category",
	 SYN("category", "product category", "категория", "категория товара", "категорія",
	     "категорія товару")},
	{"product",
	 SYN("description", "product", "product name", "item", "item name", "товар",
	     "наименование", "название", "название товара", "продукт", "назва", "назва товару")},
	{"sku",
	 SYN("stockcode", "sku", "article", "item code", "product code", "артикул",
	     "код товара", "код товару")},
	{"country", SYN("country", "страна", "країна")},
	{"city", SYN("city", "town", "город", "місто")},
	{"email", SYN("email", "e-mail", "customer email", "почта", "эл. почта", "пошта")},
};

/* The computed fields: name, label, type, SQL. Orders, spent and refunds
 * count 0 for a customer without a metrics row: no orders is a known
 * value. */
static const struct {
	const char *name, *label;
	enum field_type type;
	const char *sql;
} computed[] = {
	{"age", N_("Age"), FT_NUMBER, "m.age"},
	{"orders", N_("Orders"), FT_NUMBER, "coalesce(m.orders, 0)"},
	{"spent", N_("Spent"), FT_NUMBER, "coalesce(m.spent, 0)"},
	{"refunds", N_("Refunds"), FT_NUMBER, "coalesce(m.refunds, 0)"},
	{"avg_check", N_("Average check"), FT_NUMBER, "m.avg_check"},
	{"first_order", N_("First order"), FT_DATE, "m.first_order"},
	{"last_order", N_("Last order"), FT_DATE, "m.last_order"},
	{"days_since_order", N_("Days since order"), FT_NUMBER, "m.days_since_order"},
	{"r", N_("R"), FT_NUMBER, "m.r"},
	{"f", N_("F"), FT_NUMBER, "m.f"},
	{"m", N_("M"), FT_NUMBER, "m.m"},
	{"rfm", N_("RFM segment"), FT_TEXT, "m.rfm"},
	{"abc", N_("ABC class"), FT_TEXT, "m.abc"},
	{"xyz", N_("XYZ class"), FT_TEXT, "m.xyz"},
	{"buyer_type", N_("Buyer type"), FT_TEXT, "m.buyer_type"},
	{"ltv_month", N_("LTV per month"), FT_NUMBER, "m.ltv_month"},
	{"top_category", N_("Top category"), FT_TEXT, "m.top_category"},
	{"value_speed", N_("Value × speed"), FT_TEXT, "m.value_speed"},
	{"lead_temp", N_("Lead temperature"), FT_TEXT, "m.lead_temp"},
	{"tags", N_("Tags"), FT_NUMBER,
	 "(SELECT count(*) FROM customer_tags AS ct WHERE ct.customer_id = c.id)"},
};

#define NBUILTIN (sizeof builtins / sizeof builtins[0])
#define NCOMPUTED (sizeof computed / sizeof computed[0])

const struct builtin_field *
fields_builtin(size_t *n)
{
	*n = NBUILTIN;
	return builtins;
}

/* --- header synonyms ------------------------------------------------------- */

/* The comparison form of a header: folded, and without the characters
 * spellings differ by. malloc'd. */
static char *
header_key(const char *s)
{
	char *f = text_fold(s), *o;
	const unsigned char *p;

	if (f == NULL)
		return NULL;
	o = f;
	for (p = (const unsigned char *)f; *p != '\0';) {
		if (*p == ' ' || *p == '_' || *p == '-' || *p == '.' || *p == '\'' || *p == '`' ||
		    *p == '\t') {
			p++;
		} else if (p[0] == 0xC2 && p[1] == 0xA0) {
			p += 2; /* no-break space */
		} else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x99 || p[2] == 0x98)) {
			p += 3; /* typographic apostrophes */
		} else if (p[0] == 0xCA && p[1] == 0xBC) {
			p += 2; /* U+02BC, the Ukrainian apostrophe */
		} else if (p[0] == 0xD1 && p[1] == 0x91) {
			*o++ = (char)0xD0; /* ё -> е */
			*o++ = (char)0xB5;
			p += 2;
		} else {
			*o++ = (char)*p++;
		}
	}
	*o = '\0';
	return f;
}

static bool
in_list(const char *key, const char *const *syn)
{
	bool found = false;

	for (; *syn != NULL && !found; syn++) {
		char *k = header_key(*syn);

		found = k != NULL && strcmp(k, key) == 0;
		free(k);
	}
	return found;
}

const char *
fields_customer_synonym(const char *header)
{
	const char *found = NULL;
	char *key = header_key(header);
	size_t i;

	if (key == NULL || key[0] == '\0')
		goto out;
	for (i = 0; i < NBUILTIN && found == NULL; i++)
		if (in_list(key, builtins[i].synonyms))
			found = builtins[i].name;
	if (found == NULL && in_list(key, age_synonyms))
		found = "age";
	if (found == NULL && in_list(key, tags_synonyms))
		found = "tags";
out:
	free(key);
	return found;
}

const char *
fields_order_synonym(const char *header)
{
	const char *found = NULL;
	char *key = header_key(header);
	size_t i;

	if (key == NULL || key[0] == '\0')
		goto out;
	for (i = 0; i < sizeof order_fields / sizeof order_fields[0] && found == NULL; i++)
		if (in_list(key, order_fields[i].synonyms))
			found = order_fields[i].name;
out:
	free(key);
	return found;
}

/* --- types ----------------------------------------------------------------- */

static const char *const type_names[] = {"text", "number", "date", "bool"};
static const char *const origin_names[] = {"builtin", "custom", "computed"};

const char *
field_type_name(enum field_type t)
{
	return (unsigned)t < 4 ? type_names[t] : "text";
}

int
field_type_parse(const char *s, enum field_type *out)
{
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, type_names[i]) == 0) {
			*out = (enum field_type)i;
			return 0;
		}
	return -1;
}

const char *
field_origin_name(enum field_origin o)
{
	return (unsigned)o < 3 ? origin_names[o] : "builtin";
}

/* --- the catalog ----------------------------------------------------------- */

void
fields_free(struct field_catalog *cat)
{
	size_t i;

	for (i = 0; i < cat->n; i++) {
		free(cat->v[i].name);
		free(cat->v[i].label);
		free(cat->v[i].sql);
	}
	free(cat->v);
	cat->v = NULL;
	cat->n = 0;
}

static int
cat_add(struct field_catalog *cat, size_t *cap, const char *name, const char *label,
        enum field_type type, enum field_origin origin, char *sql, struct err *e)
{
	struct field *f;

	if (cat->n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 64;

		if ((f = realloc(cat->v, ncap * sizeof *f)) == NULL) {
			free(sql);
			return err_set(e, EXIT_FAIL, _("out of memory"));
		}
		cat->v = f;
		*cap = ncap;
	}
	f = &cat->v[cat->n];
	f->name = strdup(name);
	f->label = strdup(label);
	f->sql = sql;
	f->type = type;
	f->origin = origin;
	f->needs_metrics = sql != NULL && strncmp(sql, "m.", 2) == 0;
	if (sql != NULL && strstr(sql, "(m.") != NULL)
		f->needs_metrics = true;
	cat->n++;
	if (f->name == NULL || f->label == NULL || f->sql == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	return 0;
}

/* c."column" with '"' doubled: column names come from the fields table,
 * which a hand-edited base could fill with anything. */
static char *
quoted_column(const char *col)
{
	size_t n = strlen(col), i, o = 0;
	char *s = malloc(2 * n + 6);

	if (s == NULL)
		return NULL;
	memcpy(s, "c.\"", 3);
	o = 3;
	for (i = 0; i < n; i++) {
		if (col[i] == '"')
			s[o++] = '"';
		s[o++] = col[i];
	}
	s[o++] = '"';
	s[o] = '\0';
	return s;
}

static int
load_custom(struct db *db, struct field_catalog *cat, size_t *cap, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, &st,
	               "SELECT name, label, type, column_name FROM fields "
	               "WHERE origin = 'custom' ORDER BY position, name",
	               e) != 0)
		return -1;
	while ((rc = db_step(db, st, e)) == 1) {
		const char *name = db_col_text(st, 0);
		const char *label = db_col_text(st, 1);
		const char *type = db_col_text(st, 2);
		const char *col = db_col_text(st, 3);
		enum field_type t = FT_TEXT;

		if (name == NULL || col == NULL)
			continue;
		if (type != NULL)
			field_type_parse(type, &t);
		if (cat_add(cat, cap, name, label != NULL ? label : name, t, FO_CUSTOM,
		            quoted_column(col), e) != 0) {
			rc = -1;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
fields_load(struct db *db, struct field_catalog *out, struct err *e)
{
	size_t cap = 0, i;
	char *sql;

	out->v = NULL;
	out->n = 0;
	for (i = 0; i < NBUILTIN; i++) {
		const char *col = strcmp(builtins[i].name, "id") == 0 ? "ext_id" : builtins[i].name;

		if (asprintf(&sql, "c.%s", col) < 0)
			sql = NULL;
		if (cat_add(out, &cap, builtins[i].name, builtins[i].label, builtins[i].type,
		            FO_BUILTIN, sql, e) != 0)
			goto fail;
	}
	for (i = 0; i < NCOMPUTED; i++)
		if (cat_add(out, &cap, computed[i].name, computed[i].label, computed[i].type,
		            FO_COMPUTED, strdup(computed[i].sql), e) != 0)
			goto fail;
	if (db != NULL && load_custom(db, out, &cap, e) != 0)
		goto fail;
	return 0;
fail:
	fields_free(out);
	return -1;
}

int
fields_load_known(struct field_catalog *out, struct err *e)
{
	return fields_load(NULL, out, e);
}

const char *
field_label(const struct field *f)
{
	return f->origin == FO_CUSTOM ? f->label : _(f->label);
}

const struct field *
fields_find(const struct field_catalog *cat, const char *name)
{
	size_t i;

	/* a name wins over another field's label */
	for (i = 0; i < cat->n; i++)
		if (text_same_folded(cat->v[i].name, name))
			return &cat->v[i];
	for (i = 0; i < cat->n; i++)
		if (text_same_folded(cat->v[i].label, name))
			return &cat->v[i];
	return NULL;
}

/* s as code points (decoding is lenient: a stray byte is one point). */
static size_t
code_points(const char *s, unsigned long *out, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p != '\0' && n < max) {
		unsigned long c = *p++;

		if (c >= 0xC0) {
			int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;

			c &= 0x3F >> more;
			while (more-- > 0 && (*p & 0xC0) == 0x80)
				c = (c << 6) | (*p++ & 0x3F);
		}
		out[n++] = c;
	}
	return n;
}

#define NEAR_MAX 64

static size_t
min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/* Edit distance on code points, a swap of two neighbours counting one
 * edit ("emial" is one typo away from "email"): Levenshtein with
 * transpositions (optimal string alignment). */
static size_t
edit_distance(const unsigned long *a, size_t na, const unsigned long *b, size_t nb)
{
	size_t rows[3][NEAR_MAX + 1], i, j;
	size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *tmp;

	for (j = 0; j <= nb; j++)
		prev[j] = j;
	for (i = 1; i <= na; i++) {
		cur[0] = i;
		for (j = 1; j <= nb; j++) {
			size_t cost = a[i - 1] != b[j - 1];

			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		tmp = prev2;
		prev2 = prev;
		prev = cur;
		cur = tmp;
	}
	return prev[nb];
}

/* The index among n names (got through name_at) of the one closest to
 * word, or -1. Both sides are folded. */
static long
nearest(const char *word, const char *(*name_at)(const void *, size_t), const void *v, size_t n)
{
	unsigned long a[NEAR_MAX], b[NEAR_MAX];
	size_t na, nb, i, d, bestd = (size_t)-1, limit;
	long best = -1;
	char *f = text_fold(word), *g;

	if (f == NULL)
		return -1;
	na = code_points(f, a, NEAR_MAX);
	free(f);
	limit = na / 3 > 1 ? na / 3 : 1;
	for (i = 0; i < n; i++) {
		if ((g = text_fold(name_at(v, i))) == NULL)
			return -1;
		nb = code_points(g, b, NEAR_MAX);
		free(g);
		d = edit_distance(a, na, b, nb);
		/* "x" is one edit from "r", but that is no suggestion */
		if (d <= limit && d < na && d < bestd) {
			bestd = d;
			best = (long)i;
		}
	}
	return best;
}

static const char *
cat_name(const void *v, size_t i)
{
	return ((const struct field *)v)[i].name;
}

static const char *
str_name(const void *v, size_t i)
{
	return ((const char *const *)v)[i];
}

const char *
fields_nearest(const struct field_catalog *cat, const char *name)
{
	long i = nearest(name, cat_name, cat->v, cat->n);

	return i >= 0 ? cat->v[i].name : NULL;
}

const char *
fields_nearest_of(const char *word, const char *const *names, size_t n)
{
	long i = nearest(word, str_name, names, n);

	return i >= 0 ? names[i] : NULL;
}

/* --- fields with fixed values ---------------------------------------------- */

static const char *const rfm_values[] = {
	"champions", "loyal", "potential_loyalist", "new", "promising", "need_attention",
	"about_to_sleep", "at_risk", "cant_lose", "hibernating",
};
static const char *const buyer_values[] = {"none", "one_time", "repeat", "regular", "seasonal"};
static const char *const abc_values[] = {"A", "B", "C"};
static const char *const xyz_values[] = {"X", "Y", "Z"};
static const char *const speed_values[] = {"fast_high", "fast_low", "slow_high", "slow_low"};
static const char *const lead_values[] = {"hot", "warm", "cold"};

const char *const *
fields_domain(const struct field *f, size_t *n)
{
	static const struct {
		const char *name;
		const char *const *v;
		size_t n;
	} d[] = {
#define DOM(name, a) {name, a, sizeof(a) / sizeof((a)[0])}
		DOM("rfm", rfm_values), DOM("buyer_type", buyer_values), DOM("abc", abc_values),
		DOM("xyz", xyz_values), DOM("value_speed", speed_values), DOM("lead_temp", lead_values),
#undef DOM
	};
	size_t i;

	*n = 0;
	if (f == NULL || f->origin != FO_COMPUTED)
		return NULL;
	for (i = 0; i < sizeof d / sizeof d[0]; i++)
		if (strcmp(f->name, d[i].name) == 0) {
			*n = d[i].n;
			return d[i].v;
		}
	return NULL;
}

/* --- custom fields --------------------------------------------------------- */

/* Lower-case letters of any script, digits and '_', not starting with a
 * digit: what field_name_from_header makes of a header. */
static bool
valid_name(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	char *f;
	bool ok;

	if (*p == '\0' || (*p >= '0' && *p <= '9') || strlen(name) > 120 ||
	    !text_valid_utf8(name, strlen(name), NULL))
		return false;
	for (; *p != '\0'; p++) {
		if (*p < 0x80 && !(*p == '_' || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z')))
			return false;
		/* non-ASCII: letters; punctuation such as U+00A0 or U+2019 is not */
		if (p[0] == 0xC2 || (p[0] == 0xE2 && p[1] == 0x80) ||
		    (p[0] == 0xC3 && (p[1] == 0x97 || p[1] == 0xB7)))
			return false;
	}
	f = text_fold(name);
	ok = f != NULL && strcmp(f, name) == 0;
	free(f);
	return ok;
}

int
fields_add_custom(struct db *db, const char *name, const char *label, enum field_type type,
                  struct err *e)
{
	static const char *const affinity[] = {"TEXT", "REAL", "TEXT", "INTEGER"};
	struct field_catalog cat;
	const struct field *f;
	sqlite3_stmt *st = NULL;
	char *col = NULL, *sql = NULL;
	int rc = -1;
	size_t i;

	if (!valid_name(name))
		return err_set(e, EXIT_USAGE,
		               _("\"%s\" is not a valid field name: use lower-case letters, digits "
		                 "and '_', not starting with a digit"),
		               name);
	if (fields_load(db, &cat, e) != 0)
		return -1;
	for (i = 0; i < cat.n; i++)
		if (strcmp(cat.v[i].name, name) == 0)
			break;
	f = i < cat.n ? &cat.v[i] : NULL;
	if (f != NULL) {
		err_set(e, EXIT_USAGE,
		        f->origin == FO_CUSTOM
		                ? _("a custom field \"%s\" already exists")
		                : _("\"%s\" is the name of a built-in field; choose another"),
		        name);
		fields_free(&cat);
		return -1;
	}
	fields_free(&cat);
	if ((unsigned)type > FT_BOOL)
		type = FT_TEXT;
	if (asprintf(&col, "cf_%s", name) < 0 ||
	    asprintf(&sql, "ALTER TABLE customers ADD COLUMN \"%s\" %s", col, affinity[type]) < 0) {
		free(col);
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	/* a savepoint inside the importer's transaction, or a transaction */
	if (db_begin(db, e) != 0)
		goto out;
	if (db_exec(db, sql, e) != 0 ||
	    db_prepare(db, &st,
	               "INSERT INTO fields(name, label, type, origin, column_name, position) "
	               "VALUES (:name, :label, :type, 'custom', :col, "
	               "(SELECT coalesce(max(position), 0) + 1 FROM fields))",
	               e) != 0) {
		db_rollback(db);
		goto out;
	}
	db_bind_text(st, ":name", name);
	db_bind_text(st, ":label", label != NULL && label[0] != '\0' ? label : name);
	db_bind_text(st, ":type", field_type_name(type));
	db_bind_text(st, ":col", col);
	if (db_step(db, st, e) < 0) {
		db_rollback(db);
		goto out;
	}
	rc = db_commit(db, e);
out:
	sqlite3_finalize(st);
	free(col);
	free(sql);
	return rc;
}

const char *
fields_join(bool needs_metrics)
{
	return needs_metrics ? " LEFT JOIN customer_metrics AS m ON m.customer_id = c.id" : "";
}
