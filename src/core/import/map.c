/* Mapping the columns of an input file to fields: header synonyms, --map
 * overrides, custom fields for the rest, and the inference of their types
 * and of the day/month order of date columns. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/date.h"
#include "i18n.h"
#include "import/import.h"
#include "import/map.h"
#include "text/norm.h"
#include "text/text.h"

/* The longest field name, in bytes (fields.c refuses longer ones). */
#define FIELD_NAME_MAX 120

static const char *const order_field_names[OF_COUNT] = {
	"order_id", "customer_id", "date", "amount", "quantity", "unit_price",
	"category", "product", "sku", "country", "city", "email",
};

static int
order_field_by_name(const char *name)
{
	int i;

	for (i = 0; i < OF_COUNT; i++)
		if (strcmp(order_field_names[i], name) == 0)
			return i;
	return -1;
}

const char *
import_known_field(bool orders, size_t i)
{
	size_t n;
	const struct builtin_field *b = fields_builtin(&n);

	if (orders)
		return i < OF_COUNT ? order_field_names[i] : NULL;
	if (i < n)
		return b[i].name;
	return i == n ? "age" : i == n + 1 ? "tags" : NULL;
}

static const struct builtin_field *
builtin_by_name(const char *name)
{
	size_t n, i;
	const struct builtin_field *b = fields_builtin(&n);

	for (i = 0; i < n; i++)
		if (strcmp(b[i].name, name) == 0)
			return &b[i];
	return NULL;
}

/* Case-insensitive equality of two headers (Cyrillic too). */
static bool
same_header(const char *a, const char *b)
{
	char *fa = text_fold(a), *fb = text_fold(b);
	bool same = fa != NULL && fb != NULL && strcmp(text_trim(fa), text_trim(fb)) == 0;

	free(fa);
	free(fb);
	return same;
}

/* Sets col to stand for field name (a built-in, an order field, a custom
 * field already in the base, or a new custom field). */
static int
assign(struct map_column *col, bool orders, const char *name, const struct field_catalog *cat,
       const char *file, size_t i, struct err *e)
{
	const struct builtin_field *b;
	const struct field *f;
	int of;

	if (orders) {
		if ((of = order_field_by_name(name)) < 0)
			return err_set_at(e, EXIT_USAGE, file, 1, (int)i + 1,
			                  _("\"%s\" is not a field of an orders file (order_id, "
			                    "customer_id, date, amount, quantity, unit_price, category, "
			                    "product, sku, country, city, email)"),
			                  name);
		col->kind = MAP_ORDER;
		col->of = (enum order_field)of;
		return (col->field = strdup(name)) != NULL
		               ? 0
		               : err_set(e, EXIT_FAIL, _("out of memory"));
	}
	if (strcmp(name, "age") == 0) {
		col->kind = MAP_AGE;
		col->type = FT_NUMBER;
	} else if (strcmp(name, "tags") == 0) {
		col->kind = MAP_TAGS;
		col->type = FT_TEXT;
	} else if ((b = builtin_by_name(name)) != NULL) {
		col->kind = MAP_CUSTOMER;
		col->type = b->type;
	} else if ((f = fields_find(cat, name)) != NULL && f->origin == FO_CUSTOM) {
		col->kind = MAP_CUSTOM;
		col->type = f->type;
		name = f->name;
	} else if (fields_find(cat, name) != NULL) {
		return err_set_at(e, EXIT_USAGE, file, 1, (int)i + 1,
		                  _("\"%s\" is a computed field; it cannot be imported"), name);
	} else {
		char *canon = field_name_from_header(name);
		bool ok = canon != NULL && strcmp(canon, name) == 0;

		free(canon);
		if (ok && strlen(name) > FIELD_NAME_MAX)
			return err_set_at(e, EXIT_USAGE, file, 1, (int)i + 1,
			                  _("\"%s\" is too long for a field name (at most %d bytes)"),
			                  name, FIELD_NAME_MAX);
		if (!ok)
			return err_set_at(e, EXIT_USAGE, file, 1, (int)i + 1,
			                  _("\"%s\" is not a valid field name (lower-case letters, "
			                    "digits and '_')"),
			                  name);
		col->kind = MAP_CUSTOM;
		col->is_new = true;
		col->fits = FITS_NUMBER | FITS_DATE | FITS_BOOL;
	}
	return (col->field = strdup(name)) != NULL ? 0 : err_set(e, EXIT_FAIL, _("out of memory"));
}

/* The --map target for header h, or NULL. */
static const char *
map_override(const char *h, const char *const *maps, size_t nmaps, char *buf, size_t bufsz)
{
	size_t k;

	for (k = 0; k < nmaps; k++) {
		const char *eq = strrchr(maps[k], '=');
		size_t n;

		if (eq == NULL || (n = (size_t)(eq - maps[k])) >= bufsz)
			continue;
		memcpy(buf, maps[k], n);
		buf[n] = '\0';
		if (same_header(buf, h))
			return eq + 1;
	}
	return NULL;
}

/* True when another column already stands for the same field. */
static bool
taken(const struct file_map *m, size_t upto, const struct map_column *col)
{
	size_t j;

	for (j = 0; j < upto; j++) {
		const struct map_column *o = &m->cols[j];

		if (o->kind == col->kind && o->field != NULL && col->field != NULL &&
		    strcmp(o->field, col->field) == 0)
			return true;
	}
	return false;
}

/* Why name cannot be the field of column i: CLASH_RESERVED for a built-in
 * or computed field's name, CLASH_COLUMN when an earlier column has it. */
enum clash { CLASH_NONE, CLASH_RESERVED, CLASH_COLUMN };

static enum clash
name_clashes(const struct file_map *m, size_t i, const char *name,
             const struct field_catalog *cat)
{
	const struct field *f = fields_find(cat, name);
	size_t j;

	if (builtin_by_name(name) != NULL || strcmp(name, "age") == 0 ||
	    strcmp(name, "tags") == 0 || (f != NULL && f->origin != FO_CUSTOM))
		return CLASH_RESERVED;
	for (j = 0; j < i; j++)
		if (m->cols[j].field != NULL && strcmp(m->cols[j].field, name) == 0)
			return CLASH_COLUMN;
	return CLASH_NONE;
}

/* base cut to at most max bytes at a character boundary, without a
 * trailing '_', followed by suffix. */
static char *
cut_name(const char *base, size_t max, const char *suffix)
{
	size_t n = strlen(base), sl = strlen(suffix);
	char *out;

	if (n + sl > max) {
		n = max > sl ? max - sl : 0;
		while (n > 0 && ((unsigned char)base[n] & 0xC0) == 0x80)
			n--; /* not inside a UTF-8 sequence */
	}
	while (n > 1 && base[n - 1] == '_')
		n--;
	if ((out = malloc(n + sl + 1)) == NULL)
		return NULL;
	memcpy(out, base, n);
	memcpy(out + n, suffix, sl + 1);
	return out;
}

/* Adds a line to the notes of the map (shown in the summary). */
static int
add_note(struct file_map *m, struct err *e, const char *fmt, ...)
{
	va_list ap;
	char *line, **v;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	if ((v = realloc(m->notes, (m->nnotes + 1) * sizeof *v)) == NULL) {
		free(line);
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	m->notes = v;
	v[m->nnotes++] = line;
	return 0;
}

/* Column i of a customers file kept as a custom field, named after its
 * header: a name too long is cut, a name another column (or a built-in
 * field) already has gets a suffix, _2, _3, ..., and the summary says so. */
static int
map_custom(struct file_map *m, size_t i, const char *file, const struct field_catalog *cat,
           struct err *e)
{
	struct map_column *col = &m->cols[i];
	char *base = field_name_from_header(col->header), *name = NULL, *other = NULL;
	char suffix[24] = "";
	enum clash c;
	bool cut;
	int k, rc = -1;

	if (base == NULL)
		return 0; /* nothing usable in the header ("$$$", "") */
	cut = strlen(base) > FIELD_NAME_MAX;
	for (k = 1; k < 100000; k++) {
		if (k > 1)
			snprintf(suffix, sizeof suffix, "_%d", k);
		free(name);
		if ((name = cut_name(base, FIELD_NAME_MAX, suffix)) == NULL) {
			err_set(e, EXIT_FAIL, _("out of memory"));
			goto out;
		}
		if ((c = name_clashes(m, i, name, cat)) == CLASH_NONE)
			break;
		if (c == CLASH_COLUMN && other == NULL && (other = strdup(name)) == NULL) {
			err_set(e, EXIT_FAIL, _("out of memory"));
			goto out;
		}
	}
	if (assign(col, false, name, cat, file, i, e) != 0)
		goto out;
	if (cut && add_note(m, e,
	                    _("%s:1:%zu: the header is too long for a field name (more than %d "
	                      "bytes): the field is \"%s\""),
	                    file, i + 1, FIELD_NAME_MAX, name) != 0)
		goto out;
	/* A clash with a built-in field alone (a second "city" column) is said
	 * by the custom field line already. */
	if (other != NULL && !cut &&
	    add_note(m, e,
	             _("%s:1:%zu: another column already makes the field \"%s\": this one is "
	               "\"%s\""),
	             file, i + 1, other, name) != 0)
		goto out;
	rc = 0;
out:
	free(base);
	free(name);
	free(other);
	return rc;
}

static int
map_one(struct file_map *m, size_t i, const char *file, const struct field_catalog *cat,
        const char *const *maps, size_t nmaps, struct err *e)
{
	struct map_column *col = &m->cols[i];
	const char *target, *syn;
	char buf[512];

	if ((target = map_override(col->header, maps, nmaps, buf, sizeof buf)) != NULL) {
		col->by_user = true;
		if (strcmp(target, "-") == 0 || strcmp(target, "skip") == 0 ||
		    strcmp(target, "ignore") == 0)
			return 0;
		if (assign(col, m->orders, target, cat, file, i, e) != 0)
			return -1;
		if (taken(m, i, col))
			return err_set_at(e, EXIT_USAGE, file, 1, (int)i + 1,
			                  _("two columns are mapped to \"%s\""), target);
		return 0;
	}
	syn = m->orders ? fields_order_synonym(col->header) : fields_customer_synonym(col->header);
	if (syn != NULL) {
		if (assign(col, m->orders, syn, cat, file, i, e) != 0)
			return -1;
		if (!taken(m, i, col))
			return 0;
		/* A second "phone" column: kept as a custom field below. */
		free(col->field);
		col->field = NULL;
		col->kind = MAP_IGNORE;
	}
	if (m->orders)
		return 0; /* other columns of an orders file are not kept */
	return map_custom(m, i, file, cat, e);
}

int
file_map_build(struct file_map *out, bool orders, const char *file, const struct csv_row *header,
               const struct field_catalog *cat, const char *const *maps, size_t nmaps,
               struct err *e)
{
	size_t i, k;

	memset(out, 0, sizeof *out);
	out->orders = orders;
	for (k = 0; k < OF_COUNT; k++)
		out->of_col[k] = -1;
	out->cols = calloc(header->n ? header->n : 1, sizeof *out->cols);
	if (out->cols == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	out->n = header->n;
	for (i = 0; i < header->n; i++) {
		out->cols[i].header = text_trim(strdup(header->fields[i] ? header->fields[i] : ""));
		if (out->cols[i].header == NULL)
			goto oom;
	}
	for (i = 0; i < header->n; i++) {
		if (map_one(out, i, file, cat, maps, nmaps, e) != 0)
			goto fail;
		if (out->cols[i].kind == MAP_ORDER)
			out->of_col[out->cols[i].of] = (int)i;
	}
	/* A --map applies to every file that has the column, so one that this
	 * file lacks is fine; a malformed one is not. */
	for (k = 0; k < nmaps; k++) {
		const char *eq = strrchr(maps[k], '=');

		if (eq == NULL || eq == maps[k] || eq[1] == '\0') {
			err_set(e, EXIT_USAGE, _("--map \"%s\": expected \"CSV column=field\""),
			        maps[k]);
			goto fail;
		}
	}
	return 0;
oom:
	err_set(e, EXIT_FAIL, _("out of memory"));
fail:
	file_map_free(out);
	return -1;
}

void
file_map_free(struct file_map *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->cols[i].header);
		free(m->cols[i].field);
	}
	free(m->cols);
	for (i = 0; i < m->nnotes; i++)
		free(m->notes[i]);
	free(m->notes);
	memset(m, 0, sizeof *m);
}

/* A number with a leading zero ("007", "0441") is a code, not a number. */
static bool
looks_like_code(const char *v)
{
	if (v[0] == '-' || v[0] == '+')
		v++;
	return v[0] == '0' && v[1] >= '0' && v[1] <= '9';
}

static bool
is_date_column(const struct map_column *c)
{
	return ((c->kind == MAP_CUSTOMER || c->kind == MAP_CUSTOM) && c->type == FT_DATE) ||
	       (c->kind == MAP_ORDER && c->of == OF_DATE);
}

void
file_map_observe(struct file_map *m, size_t i, const char *v)
{
	struct map_column *c = &m->cols[i];
	const char *why;

	c->nonempty++;
	if (c->is_new) {
		if (c->fits & FITS_NUMBER) {
			double d;

			if (looks_like_code(v) || norm_number(v, &d, &why) != 0)
				c->fits &= ~FITS_NUMBER;
		}
		if (c->fits & FITS_BOOL) {
			int b;

			if (norm_bool(v, &b, &why) != 0)
				c->fits &= ~(FITS_BOOL | FITS_BOOL_WORD);
			else if (!(v[0] >= '0' && v[0] <= '9' && v[1] == '\0'))
				c->fits |= FITS_BOOL_WORD;
		}
		if (c->fits & FITS_DATE) {
			char out[20];

			/* Open day/month order: any reading will do here. */
			if (norm_date(v, DATE_ORDER_UNKNOWN, out, &why) != 0 &&
			    norm_date(v, DATE_DMY, out, &why) != 0)
				c->fits &= ~FITS_DATE;
			else
				date_evidence_add(&c->ev, v);
		}
	} else if (is_date_column(c)) {
		date_evidence_add(&c->ev, v);
	}
}

int
file_map_observe_row(struct file_map *m, const struct csv_row *row, const char *const *na,
                     char **buf, size_t *cap, void (*country)(void *ctx, const char *v),
                     void *ctx, struct err *e)
{
	size_t i;

	for (i = 0; i < row->n && i < m->n; i++) {
		const struct map_column *c = &m->cols[i];
		bool is_country = c->kind == MAP_CUSTOMER && !m->orders &&
		                  strcmp(c->field, "country") == 0;

		if (c->kind == MAP_IGNORE || c->kind == MAP_TAGS)
			continue;
		if (!is_country && !c->is_new && !is_date_column(c))
			continue;
		if (is_country && country == NULL)
			continue;
		if (row->lens[i] + 1 > *cap) {
			free(*buf);
			*cap = row->lens[i] + 64;
			if ((*buf = malloc(*cap)) == NULL) {
				*cap = 0;
				return err_set(e, EXIT_FAIL, _("out of memory"));
			}
		}
		memcpy(*buf, row->fields[i], row->lens[i] + 1);
		text_trim(*buf);
		if (text_is_na(*buf, na))
			continue;
		if (is_country)
			country(ctx, *buf); /* for the phones */
		else
			file_map_observe(m, i, *buf);
	}
	return 0;
}

bool
file_map_has_new(const struct file_map *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->cols[i].is_new)
			return true;
	return false;
}

bool
file_map_dates_open(const struct file_map *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct map_column *c = &m->cols[i];

		if (is_date_column(c) && c->ev.ambiguous > 0 &&
		    date_evidence_order(&c->ev) == DATE_ORDER_UNKNOWN)
			return true;
	}
	return false;
}

static int
decide_order(struct map_column *c, size_t i, const char *file, enum date_order forced,
             struct err *e)
{
	if (forced != DATE_ORDER_UNKNOWN) {
		c->order = forced;
		return 0;
	}
	if (c->ev.dmy_only > 0 && c->ev.mdy_only > 0)
		return err_set_at(e, EXIT_DATAERR, file, 1, (int)i + 1,
		                  _("the dates of column \"%s\" mix day-first and month-first "
		                    "values; pass --date-format to say which it is"),
		                  c->header);
	c->order = date_evidence_order(&c->ev);
	if (c->order == DATE_ORDER_UNKNOWN && c->ev.slash > 0 && c->ev.ambiguous > 0)
		return err_set_at(e, EXIT_DATAERR, file, 1, (int)i + 1,
		                  _("the dates of column \"%s\" could be day-first or "
		                    "month-first (like 03/04/2024); pass --date-format dd/mm/yyyy "
		                    "or --date-format mm/dd/yyyy"),
		                  c->header);
	return 0;
}

int
file_map_decide(struct file_map *m, const char *file, enum date_order order, struct err *e)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		struct map_column *c = &m->cols[i];

		if (c->is_new) {
			if (c->nonempty == 0)
				c->type = FT_TEXT;
			else if ((c->fits & FITS_BOOL) && (c->fits & FITS_BOOL_WORD))
				c->type = FT_BOOL;
			else if (c->fits & FITS_NUMBER)
				c->type = FT_NUMBER;
			else if (c->fits & FITS_DATE)
				c->type = FT_DATE;
			else
				c->type = FT_TEXT;
			/* A custom column whose dates leave the order open is kept
			 * as text rather than guessed. */
			if (c->type == FT_DATE && order == DATE_ORDER_UNKNOWN) {
				struct err tmp = {0};

				if (decide_order(c, i, file, order, &tmp) != 0)
					c->type = FT_TEXT;
			}
		}
		if (is_date_column(c) && decide_order(c, i, file, order, e) != 0)
			return -1;
	}
	return 0;
}

int
file_map_check(const struct file_map *m, const char *file, struct err *e)
{
	size_t i;

	if (m->orders) {
		if (m->of_col[OF_CUSTOMER_ID] < 0 && m->of_col[OF_EMAIL] < 0)
			return err_set_at(e, EXIT_DATAERR, file, 1, 0,
			                  _("no column says whose order it is (a header such as "
			                    "customer_id, CustomerID, клиент); name it with --map "
			                    "\"COLUMN=customer_id\""));
		if (m->of_col[OF_DATE] < 0)
			return err_set_at(e, EXIT_DATAERR, file, 1, 0,
			                  _("no column holds the order date (a header such as date, "
			                    "InvoiceDate, дата); name it with --map \"COLUMN=date\""));
		if (m->of_col[OF_AMOUNT] < 0 &&
		    (m->of_col[OF_QUANTITY] < 0 || m->of_col[OF_UNIT_PRICE] < 0))
			return err_set_at(e, EXIT_DATAERR, file, 1, 0,
			                  _("no column holds the amount (a header such as amount, "
			                    "total, сумма), nor quantity and unit price; name it with "
			                    "--map \"COLUMN=amount\""));
		return 0;
	}
	for (i = 0; i < m->n; i++) {
		const struct map_column *c = &m->cols[i];

		if (c->kind == MAP_CUSTOMER &&
		    (strcmp(c->field, "id") == 0 || strcmp(c->field, "email") == 0 ||
		     strcmp(c->field, "phone") == 0))
			return 0;
	}
	/* Without an identifying column each row is a customer keyed by its
	 * content; but one column whose header holds a delimiter is a file
	 * read with the wrong one, not a list of customers. */
	if (m->n == 1) {
		const char *d = strpbrk(m->cols[0].header, ",;\t|");
		char c[2] = {d != NULL ? *d : '\0', '\0'};

		if (d != NULL)
			return err_set_at(e, EXIT_DATAERR, file, 1, 0,
			                  _("the file has one column, whose header holds '%s': if "
			                    "that separates the columns, pass --delimiter %s"),
			                  *d == '\t' ? "\\t" : c, *d == '\t' ? "tab" : c);
	}
	return 0;
}
