/* A value typed by hand for one field of one customer, checked and
 * normalised exactly as an import of that field would: the same
 * normalisers (import/rows.c's dispatch), the same bounds of birth dates
 * and ages, the same country for a phone written without one. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "private.h"
#include "text/country.h"
#include "text/text.h"

/* The customer's own country, or NULL (*own malloc'd). */
static int
own_country(struct db *db, long long id, char **own, struct err *e)
{
	sqlite3_stmt *st = db_cached(db, "SELECT country FROM customers WHERE id = ?1", e);
	int rc;

	*own = NULL;
	if (st == NULL)
		return -1;
	db_bind_int64_at(st, 1, id);
	rc = db_step(db, st, e);
	if (rc == 1 && !db_col_null(st, 0) && (*own = db_col_strdup(st, 0)) == NULL)
		rc = err_set(e, EXIT_FAIL, _("out of memory"));
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

/* The phone in v, read with the customer's country, else the one an
 * import would assume for a row without one. */
static int
hand_phone(struct import_ctx *x, long long id, const char *v, char *o, size_t cap,
           const char **why)
{
	char *own = NULL;
	const char *country;
	int rc;

	if (own_country(x->db, id, &own, x->e) != 0) {
		free(own);
		return -2;
	}
	/* the country assumed for the base takes a scan of its customers:
	 * only when the customer has no country of her own */
	if ((own == NULL || country_calling_code(own) == NULL) && values_phone_country(x) != 0) {
		free(own);
		return -2;
	}
	country = values_phone_country_of(x, own);
	rc = norm_phone(v, country, o, cap, why);
	free(own);
	return rc;
}

/* The value as the column stores it, into out. */
static int
keep(const struct val *v, struct sql_param *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	switch (v->t) {
	case V_REAL:
		out->kind = SQLP_REAL;
		out->d = v->d;
		return 0;
	case V_INT:
		out->kind = SQLP_INT;
		out->i = v->i;
		return 0;
	default:
		out->kind = SQLP_TEXT;
		if ((out->text = strdup(v->s != NULL ? v->s : "")) == NULL)
			return err_set(e, EXIT_FAIL, _("out of memory"));
		return 0;
	}
}

int
import_hand_value(struct db *db, const struct field *f, long long customer_id, const char *text,
                  bool *empty, struct sql_param *out, struct err *e)
{
	struct import_opts o = {0};
	struct import_result res = {0};
	struct import_ctx x = {0};
	struct map_column c = {0};
	struct val v = {0};
	const char *why = NULL;
	char *s = NULL;
	size_t pos = 0, len;
	int rc = -1;

	*empty = false;
	memset(out, 0, sizeof *out);
	if (f->origin == FO_COMPUTED)
		return err_set(e, EXIT_USAGE,
		               _("%s is computed from the orders and cannot be edited by hand"),
		               field_label(f));
	if ((s = strdup(text != NULL ? text : "")) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	text_trim(s);
	if (text_is_na(s, NULL)) {
		/* an empty value (or one of the importer's empty markers) clears */
		*empty = true;
		free(s);
		return 0;
	}
	len = strlen(s);
	x.db = db;
	x.o = &o;
	x.res = &res;
	x.e = e;
	x.scratch_cap = 4 * len + 128;
	if ((x.scratch = malloc(x.scratch_cap)) == NULL) {
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	if (values_begin(&x) != 0)
		goto out;
	c.kind = f->origin == FO_CUSTOM ? MAP_CUSTOM : MAP_CUSTOMER;
	c.field = f->name;
	c.header = f->name;
	c.type = f->type;
	c.order = DATE_ORDER_UNKNOWN;
	if (c.kind == MAP_CUSTOMER && strcmp(f->name, "phone") == 0) {
		char *p = import_room(&x, &pos, len + 24);

		if ((rc = hand_phone(&x, customer_id, s, p, len + 24, &why)) == -2) {
			rc = -1;
			goto out;
		}
		if (why == NULL)
			why = _("a phone number");
		v = (struct val){.t = V_TEXT, .s = p};
	} else {
		rc = import_customer_value(&x, &c, s, &pos, &v, &why);
	}
	if (rc != 0) {
		/* as an import says it of a bad value in a file */
		rc = err_set(e, EXIT_DATAERR, _("invalid %s \"%s\" (expected %s)"), field_label(f), s,
		             why != NULL ? why : import_type_expectation(f->type));
		goto out;
	}
	rc = keep(&v, out, e);
out:
	values_end(&x);
	free(x.scratch);
	free(s);
	return rc;
}
