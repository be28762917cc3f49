/* Values at import that depend on their context: the country assumed for
 * phones of rows without one (SPEC §1.2), and the bounds of birth dates and
 * ages (a birth date in the future or more than 120 years before the
 * reference date, an age outside 0-120, are bad values). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text/country.h"
#include "text/date.h"
#include "i18n.h"
#include "private.h"
#include "metrics.h"
#include "text/text.h"

static bool
split_ymd(const char *s, int *y, int *m, int *d)
{
	return s != NULL && sscanf(s, "%4d-%2d-%2d", y, m, d) == 3;
}

int
values_begin(struct import_ctx *x)
{
	time_t now = time(NULL);
	struct tm tm;
	char ref[11], *keep = NULL;

	localtime_r(&now, &tm);
	strftime(x->today, sizeof x->today, "%Y-%m-%d", &tm);
	/* The reference date as the import starts: --as-of (already kept),
	 * else the day after the base's latest order, else today. A new
	 * base's orders come after its customers: today is what is known. */
	if (metrics_reference_date(x->db, ref, x->e) != 0)
		return -1;
	if (!split_ymd(ref, &x->ref_y, &x->ref_m, &x->ref_d))
		return err_set(x->e, EXIT_FAIL, _("invalid reference date \"%s\""), ref);
	snprintf(x->birth_why[0], sizeof x->birth_why[0],
	         _("a birth date not in the future: on or before today, %s"), x->today);
	snprintf(x->birth_why[1], sizeof x->birth_why[1],
	         _("a birth date at most 120 years before the reference date %s"), ref);

	if (x->o->country != NULL && db_meta_set(x->db, "country", x->o->country, x->e) != 0)
		return -1;
	if (db_meta_get(x->db, "country", &keep, x->e) != 0)
		return -1;
	if (keep == NULL || country_iso(keep, x->default_country) != 0)
		x->default_country[0] = '\0';
	free(keep);
	if ((x->file_countries = strmap_new(64)) == NULL)
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	return 0;
}

void
values_end(struct import_ctx *x)
{
	strmap_free(&x->file_countries);
}

static void
add_count(struct strmap *m, const char *iso, long long n)
{
	long long had = 0;

	strmap_get(m, iso, 2, &had);
	strmap_put(m, iso, 2, had + n); /* out of memory: the count is a hint */
}

void
values_count_country(struct import_ctx *x, const char *value)
{
	char iso[3];

	if (x->file_countries != NULL && country_iso(value, iso) == 0)
		add_count(x->file_countries, iso, 1);
}

struct most {
	char iso[3];
	long long n;
};

static void
pick_most(void *ctx, const char *key, size_t len, long long n)
{
	struct most *m = ctx;

	if (len == 2 && (n > m->n || (n == m->n && memcmp(key, m->iso, 2) < 0))) {
		memcpy(m->iso, key, 2);
		m->iso[2] = '\0';
		m->n = n;
	}
}

static void
add_into(void *ctx, const char *key, size_t len, long long n)
{
	if (len == 2)
		add_count(ctx, key, n);
}

/* The most frequent country of the base's customers and of the rows of the
 * file being imported (those its scan read), by ISO code, so that the first
 * file of a new base counts too; ties go to the first code. "" when no
 * country is known. */
static int
most_frequent(struct import_ctx *x, char out[3])
{
	struct strmap *m = strmap_new(64);
	struct most best = {"", 0};
	sqlite3_stmt *st = NULL;
	int rc;

	if (m == NULL)
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	if (db_prepare(x->db, &st,
	               "SELECT country, count(*) FROM customers WHERE country IS NOT NULL "
	               "GROUP BY country",
	               x->e) != 0) {
		strmap_free(&m);
		return -1;
	}
	while ((rc = db_step(x->db, st, x->e)) == 1) {
		char iso[3];

		if (country_iso(db_col_text(st, 0), iso) == 0)
			add_count(m, iso, db_col_int64(st, 1));
	}
	sqlite3_finalize(st);
	if (rc >= 0) {
		strmap_each(x->file_countries, add_into, m);
		strmap_each(m, pick_most, &best);
		memcpy(out, best.iso, 3);
	}
	strmap_free(&m);
	return rc < 0 ? -1 : 0;
}

/* The locale's country: LC_ALL, else LC_CTYPE, else LANG, as setlocale
 * reads them; C and POSIX name none. */
static int
locale_country(char out[3])
{
	static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && *v != '\0')
			return country_of_locale(v, out);
	}
	return -1;
}

int
values_phone_country(struct import_ctx *x)
{
	struct import_result *r = x->res;

	x->phone_country[0] = '\0';
	r->phone_country_source = NULL;
	if (x->default_country[0] != '\0') {
		memcpy(x->phone_country, x->default_country, 3);
		r->phone_country_source = "default";
	} else {
		if (most_frequent(x, x->phone_country) != 0)
			return -1;
		if (x->phone_country[0] != '\0')
			r->phone_country_source = "most_frequent";
		else if (locale_country(x->phone_country) == 0)
			r->phone_country_source = "locale";
		else
			x->phone_country[0] = '\0';
	}
	memcpy(r->phone_country, x->phone_country, 3);
	r->phone_country_decided = true;
	return 0;
}

/* A base imported before its phones had a country holds 89161234567 where
 * the file now gives +79161234567: the stored phones without a + are
 * looked up under their E.164 form too (with the customer's own country,
 * else the one assumed), so that the row still matches its customer,
 * whose phone it then updates. */
int
values_phone_keys(struct import_ctx *x)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (x->fresh)
		return 0;
	if (db_prepare(x->db, &st,
	               "SELECT id, phone, country FROM customers"
	               " WHERE phone IS NOT NULL AND substr(phone, 1, 1) <> '+'",
	               x->e) != 0)
		return -1;
	while ((rc = db_step(x->db, st, x->e)) == 1) {
		const char *phone = db_col_text(st, 1);
		const char *country = values_phone_country_of(x, db_col_text(st, 2));
		const char *why;
		char e164[40];

		if (country == NULL || norm_phone(phone, country, e164, sizeof e164, &why) != 0 ||
		    strcmp(e164, phone) == 0 || strmap_get(x->by_phone, e164, strlen(e164), NULL))
			continue;
		if (strmap_put(x->by_phone, e164, strlen(e164), db_col_int64(st, 0)) != 0) {
			rc = err_set(x->e, EXIT_FAIL, _("out of memory"));
			break;
		}
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

const char *
values_phone_country_of(struct import_ctx *x, const char *row_country)
{
	if (row_country != NULL && country_calling_code(row_country) != NULL)
		return row_country;
	return x->phone_country[0] != '\0' ? x->phone_country : NULL;
}

int
values_check_birth(const struct import_ctx *x, const char *iso, const char **why)
{
	int y, m, d;

	if (strncmp(iso, x->today, 10) > 0) {
		*why = x->birth_why[0];
		return -1;
	}
	/* Whole years at the reference date, as metrics count an age. */
	if (split_ymd(iso, &y, &m, &d) &&
	    date_whole_years(y, m, d, x->ref_y, x->ref_m, x->ref_d) > 120) {
		*why = x->birth_why[1];
		return -1;
	}
	return 0;
}

int
values_check_age(double age, const char **why)
{
	if (age < 0 || age > 120) {
		*why = _("an age from 0 to 120");
		return -1;
	}
	return 0;
}
