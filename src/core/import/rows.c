/* One row at a time, on the reading side: a customers row normalised and
 * handed over (import/match.c matches and writes it); an orders row added
 * to the order it belongs to, which is written when the next order starts. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/country.h"
#include "text/date.h"
#include "i18n.h"
#include "metrics.h"
#include "private.h"
#include "text/norm.h"
#include "util/sha256.h"
#include "text/text.h"

/* --- problems ------------------------------------------------------------ */

void
import_problem(struct import_ctx *x, long line, int col, const char *fmt, ...)
{
	struct import_result *r = x->res;
	struct import_problem *p;
	va_list ap;
	char *reason;

	x->row_bad = true;
	r->problems_total++;
	if (r->nproblems >= IMPORT_MAX_PROBLEMS)
		return;
	va_start(ap, fmt);
	if (vasprintf(&reason, fmt, ap) < 0)
		reason = NULL;
	va_end(ap);
	if (reason == NULL)
		return;
	p = realloc(r->problems, (r->nproblems + 1) * sizeof *p);
	if (p == NULL) {
		free(reason);
		return;
	}
	r->problems = p;
	p = &r->problems[r->nproblems++];
	p->file = strdup(x->file);
	p->line = line;
	p->col = col;
	p->reason = reason;
}

/* --- tags ---------------------------------------------------------------- */

int
import_tag_id(struct import_ctx *x, const char *name, long long *id)
{
	char *fold = text_fold(name);
	sqlite3_stmt *st;
	int rc = -1;

	if (fold == NULL)
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	if (strmap_get(x->tag_ids, fold, strlen(fold), id)) {
		free(fold);
		return 0;
	}
	st = db_cached(x->db, "INSERT INTO tags(name, name_fold) VALUES (:name, :fold)", x->e);
	if (st == NULL)
		goto out;
	db_bind_text(st, ":name", name);
	db_bind_text(st, ":fold", fold);
	if (db_step(x->db, st, x->e) < 0)
		goto out;
	*id = sqlite3_last_insert_rowid(db_handle(x->db));
	if (strmap_put(x->tag_ids, fold, strlen(fold), *id) != 0) {
		err_set(x->e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	rc = 0;
out:
	free(fold);
	return rc;
}

/* --- customers ----------------------------------------------------------- */

static char *
quote_ident(const char *name)
{
	size_t n = strlen(name), i, j = 0;
	char *q = malloc(2 * n + 3);

	if (q == NULL)
		return NULL;
	q[j++] = '"';
	for (i = 0; i < n; i++) {
		if (name[i] == '"')
			q[j++] = '"';
		q[j++] = name[i];
	}
	q[j++] = '"';
	q[j] = '\0';
	return q;
}

static int
slot_of_builtin(const char *name)
{
	size_t n, i;
	const struct builtin_field *b = fields_builtin(&n);

	for (i = 0; i < n; i++)
		if (strcmp(b[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
rows_prepare_customers(struct import_ctx *x)
{
	size_t nb, i, ncustom = 0, len = 0, k;
	const struct builtin_field *b = fields_builtin(&nb);
	char *ins = NULL, *upd = NULL, *cols = NULL, *vals = NULL, *sets = NULL;
	FILE *fc, *fv, *fs;
	size_t lc, lv, ls;
	int rc = -1;

	for (i = 0; i < x->map.n; i++)
		ncustom += x->map.cols[i].kind == MAP_CUSTOM;
	x->nslots = nb + 1 + ncustom;
	x->vals = calloc(x->nslots, sizeof *x->vals);
	x->val_sizes = calloc(x->nslots, sizeof *x->val_sizes);
	x->slot_column = calloc(x->nslots, sizeof *x->slot_column);
	x->col_slot = malloc((x->map.n ? x->map.n : 1) * sizeof *x->col_slot);
	if (x->vals == NULL || x->val_sizes == NULL || x->slot_column == NULL ||
	    x->col_slot == NULL)
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	for (i = 0; i < nb; i++)
		x->slot_column[i] = quote_ident(strcmp(b[i].name, "id") == 0 ? "ext_id" : b[i].name);
	x->slot_column[nb] = quote_ident("age_given");
	for (i = 0; i < x->map.n; i++) {
		const struct map_column *c = &x->map.cols[i];
		char *col;
		size_t j;

		x->col_slot[i] = -1;
		if (c->kind == MAP_CUSTOMER)
			x->col_slot[i] = slot_of_builtin(c->field);
		else if (c->kind == MAP_AGE)
			x->col_slot[i] = (int)nb;
		else if (c->kind == MAP_CUSTOM) {
			/* Custom slots in the order of their names, not of the
			 * file's columns: a row's content key (content_key) is
			 * the same when the columns come in another order. */
			for (j = 0, k = nb + 1; j < x->map.n; j++)
				k += x->map.cols[j].kind == MAP_CUSTOM &&
				     strcmp(x->map.cols[j].field, c->field) < 0;
			if (asprintf(&col, "cf_%s", c->field) < 0)
				return err_set(x->e, EXIT_FAIL, _("out of memory"));
			x->slot_column[k] = quote_ident(col);
			free(col);
			x->col_slot[i] = (int)k;
		}
	}
	for (i = 0; i < x->nslots; i++)
		if (x->slot_column[i] == NULL)
			return err_set(x->e, EXIT_FAIL, _("out of memory"));
	x->slots = (struct slots){
		.id = slot_of_builtin("id"), .email = slot_of_builtin("email"),
		.phone = slot_of_builtin("phone"), .country = slot_of_builtin("country"),
		.first = slot_of_builtin("first_name"), .last = slot_of_builtin("last_name"),
		.full = slot_of_builtin("full_name"), .city = slot_of_builtin("city"),
		.region = slot_of_builtin("region"), .birth = slot_of_builtin("birth_date"),
		.created = slot_of_builtin("created_at"), .lead = slot_of_builtin("lead_score"),
		.age = (int)nb,
	};

	fc = open_memstream(&cols, &lc);
	fv = open_memstream(&vals, &lv);
	fs = open_memstream(&sets, &ls);
	if (fc == NULL || fv == NULL || fs == NULL)
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	for (i = 0; i < x->nslots; i++) {
		fprintf(fc, "%s, ", x->slot_column[i]);
		fprintf(fv, "?%zu, ", i + 1);
		fprintf(fs, "%s = coalesce(?%zu, %s), ", x->slot_column[i], i + 1,
		        x->slot_column[i]);
	}
	fclose(fc);
	fclose(fv);
	fclose(fs);
	len = x->nslots + 1;
	if (asprintf(&ins, "INSERT INTO customers(%sfirst_import, last_import) VALUES (%s?%zu, ?%zu)",
	             cols, vals, len, len) < 0 ||
	    asprintf(&upd, "UPDATE customers SET %slast_import = ?%zu WHERE id = ?%zu", sets, len,
	             len + 1) < 0) {
		err_set(x->e, EXIT_FAIL, _("out of memory"));
		goto out;
	}
	if (db_prepare(x->db, &x->ins, ins, x->e) != 0 || db_prepare(x->db, &x->upd, upd, x->e) != 0)
		goto out;
	rc = 0;
out:
	free(ins);
	free(upd);
	free(cols);
	free(vals);
	free(sets);
	return rc;
}

void
rows_finish_customers(struct import_ctx *x)
{
	size_t i;

	sqlite3_finalize(x->ins);
	sqlite3_finalize(x->upd);
	x->ins = x->upd = NULL;
	for (i = 0; x->slot_column != NULL && i < x->nslots; i++)
		free(x->slot_column[i]);
	free(x->slot_column);
	free(x->vals);
	free(x->val_sizes);
	free(x->col_slot);
	x->slot_column = NULL;
	x->vals = NULL;
	x->val_sizes = NULL;
	x->col_slot = NULL;
	x->nslots = 0;
}

int
rows_customer_keep(struct import_ctx *x, const struct val *v, long long cid, bool matched)
{
	const struct slots *s = &x->slots;

	if (x->mcust == NULL)
		return 0;
	/* as the customers table holds them: the dates text, the numbers
	 * real */
	if (metrics_customers_put(x->mcust, cid, matched, v[s->birth].t == V_TEXT ? v[s->birth].s : NULL,
	                          v[s->age].t == V_REAL ? &v[s->age].d : NULL,
	                          v[s->created].t == V_TEXT ? v[s->created].s : NULL,
	                          v[s->lead].t == V_REAL ? &v[s->lead].d : NULL) != 0)
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	return 0;
}

/* The line breaks of row before p, a point in field i: values that span
 * lines are quoted ones, and a record's other breaks are inside them. */
static long
breaks_before(const struct csv_row *row, size_t i, const char *p)
{
	long n = 0;
	size_t k;

	for (k = 0; k <= i; k++) {
		const char *s = row->fields[k];
		const char *end = k == i ? p : s + row->lens[k];

		for (; s < end; s++)
			n += *s == '\r' || (*s == '\n' && (s == row->fields[k] || s[-1] != '\r'));
	}
	return n;
}

int
import_row_start(struct import_ctx *x, const struct csv_row *row)
{
	size_t need = 1024, i;

	x->row_bad = false;
	if (row->n != x->map.n) {
		import_problem(x, row->line, 0,
		               _("expected %zu fields as in the header, found %zu (a quote may be "
		                 "missing or extra)"),
		               x->map.n, row->n);
		x->st->rejected++;
		return 1;
	}
	/* Room for the row's text: the trimmed copy of each value, its
	 * normalised form (at most twice as long, plus a little for dates and
	 * phones), a copy of a full name to split, an order's digest key. */
	for (i = 0; i < row->n; i++) {
		const char *nul = memchr(row->fields[i], '\0', row->lens[i]);

		need += 4 * row->lens[i] + 96;
		if (nul != NULL) {
			/* The value would end there unseen: name the byte's own
			 * line (a quoted value may span lines) and column. */
			import_problem(x, row->line + breaks_before(row, i, nul), (int)i + 1,
			               _("a NUL byte in the value (text never holds one): the file may be "
			                 "damaged here; remove the byte and import again"));
			x->st->rejected++;
			return 1;
		}
	}
	if (need <= x->scratch_cap)
		return 0;
	free(x->scratch);
	if ((x->scratch = malloc(need)) == NULL) {
		x->scratch_cap = 0;
		return err_set(x->pe, EXIT_FAIL, _("out of memory"));
	}
	x->scratch_cap = need;
	return 0;
}

void
import_trim(char *v, size_t n)
{
	unsigned char a = (unsigned char)v[0], z = n > 0 ? (unsigned char)v[n - 1] : 0;

	/* text_trim's spaces: ASCII ones and the no-break space C2 A0 */
	if (n > 0 && a != ' ' && !(a >= '\t' && a <= '\r') && a != 0xC2 && z != ' ' &&
	    !(z >= '\t' && z <= '\r') && z != 0xA0)
		return;
	text_trim(v);
}

/* Copies and trims field i into the scratch space at *pos; NULL when the
 * value is one of the empty markers. */
static char *
take(struct import_ctx *x, const struct csv_row *row, size_t i, size_t *pos)
{
	char *v = x->scratch + *pos;

	memcpy(v, row->fields[i], row->lens[i] + 1);
	*pos += row->lens[i] + 1;
	import_trim(v, row->lens[i]);
	if (text_is_na(v, x->o->na))
		return NULL;
	return v;
}

char *
import_room(struct import_ctx *x, size_t *pos, size_t n)
{
	char *p = x->scratch + *pos;

	*pos += n;
	return p;
}
const char *
import_type_expectation(enum field_type t)
{
	switch (t) {
	case FT_NUMBER: return _("a number");
	case FT_DATE: return _("a date");
	case FT_BOOL: return _("yes or no");
	default: return _("text");
	}
}

/* Normalises value v of a field of type t into *out. */
static int
typed_value(struct import_ctx *x, const struct map_column *c, char *v, size_t *pos,
            struct val *out, const char **why)
{
	double d;
	int b;

	switch (c->type) {
	case FT_NUMBER:
		if (norm_number(v, &d, why) != 0)
			return -1;
		out->t = V_REAL;
		out->d = d;
		return 0;
	case FT_BOOL:
		if (norm_bool(v, &b, why) != 0)
			return -1;
		out->t = V_INT;
		out->i = b;
		return 0;
	case FT_DATE: {
		char *d20 = import_room(x, pos, 20);

		if (norm_date(v, c->order, d20, why) != 0)
			return -1;
		out->t = V_TEXT;
		out->s = d20;
		return 0;
	}
	default:
		out->t = V_TEXT;
		out->s = v;
		return 0;
	}
}

int
import_customer_value(struct import_ctx *x, const struct map_column *c, char *v, size_t *pos,
                      struct val *out, const char **why)
{
	const char *f = c->field;
	size_t cap = strlen(v) * 2 + 48;

	if (c->kind == MAP_CUSTOMER) {
		if (strcmp(f, "id") == 0) {
			char *o = import_room(x, pos, cap);

			if (norm_id(v, o, cap, why) != 0)
				return -1;
			out->t = V_TEXT;
			out->s = o;
			return 0;
		}
		if (strcmp(f, "email") == 0) {
			char *o = import_room(x, pos, cap);

			if (norm_email(v, o, cap, why) != 0)
				return -1;
			out->t = V_TEXT;
			out->s = o;
			return 0;
		}
		if (strcmp(f, "gender") == 0) {
			char *o = import_room(x, pos, 2);

			if (norm_gender(v, o, why) != 0)
				return -1;
			out->t = V_TEXT;
			out->s = o;
			return 0;
		}
		if (strcmp(f, "city") == 0 || strcmp(f, "region") == 0) {
			char *o = import_room(x, pos, cap);

			if (norm_place(v, o, cap, why) != 0)
				return -1;
			out->t = V_TEXT;
			out->s = o;
			return 0;
		}
		if (strcmp(f, "birth_date") == 0) {
			if (typed_value(x, c, v, pos, out, why) != 0)
				return -1;
			((char *)out->s)[10] = '\0'; /* a birth date has no time */
			return values_check_birth(x, out->s, why);
		}
	}
	if (c->kind == MAP_AGE)
		return typed_value(x, c, v, pos, out, why) != 0 ? -1 : values_check_age(out->d, why);
	return typed_value(x, c, v, pos, out, why);
}

/* "Иванов Иван Иванович" is last-first-patronymic; "Ivan Petrov" is
 * first-last; a surname-looking first word of two flips the order. */
static bool
surname_first(const char *w1, const char *w3)
{
	static const char *const patronymic[] = {"ович", "евич", "овна", "евна", "ична", "йович",
	                                         "івна", "ївна", "ич", NULL};
	static const char *const surname[] = {"ов", "ова", "ев", "ева", "ёв", "ёва", "ин", "ина",
	                                      "ский", "ская", "цкий", "цкая", "енко", "ук", "юк",
	                                      "чук", "ько", "ишин", "ич", NULL};
	const char *const *s;
	const char *w = w3 != NULL ? w3 : w1;
	size_t n = strlen(w);

	for (s = w3 != NULL ? patronymic : surname; *s != NULL; s++) {
		size_t k = strlen(*s);

		if (n > k && strcmp(w + n - k, *s) == 0)
			return true;
	}
	return false;
}

static void
split_full_name(struct import_ctx *x, size_t *pos, int s_first, int s_last, int s_full)
{
	char *copy, *w[3] = {NULL, NULL, NULL}, *save = NULL, *t, *fold1, *fold3;
	int n = 0;
	bool flip;

	copy = import_room(x, pos, strlen(x->vals[s_full].s) + 1);
	strcpy(copy, x->vals[s_full].s);
	for (t = strtok_r(copy, " ", &save); t != NULL; t = strtok_r(NULL, " ", &save)) {
		if (n < 3)
			w[n] = t;
		n++;
	}
	if (n < 2 || n > 3)
		return; /* one word, or four: no safe guess */
	fold1 = text_fold(w[0]);
	fold3 = n == 3 ? text_fold(w[2]) : NULL;
	flip = fold1 != NULL && surname_first(fold1, n == 3 ? fold3 : NULL);
	if (n == 3 && !flip) {
		free(fold1);
		free(fold3);
		return; /* "Mary Ann Smith": leave to the user */
	}
	free(fold1);
	free(fold3);
	x->vals[s_first].t = x->vals[s_last].t = V_TEXT;
	x->vals[s_first].s = flip ? w[1] : w[0];
	x->vals[s_last].s = flip ? w[0] : w[1];
}

/* Copies the row's values into a record of the pipe for the writer; on a
 * base without customers, matched first. */
static int
emit_customer(struct import_ctx *x, long line, const char *tags, const char *key)
{
	size_t size = sizeof(struct crec) + x->nslots * sizeof(struct val), i, n;
	struct crec *r;
	long long cid = 0;
	bool matched = false;
	char *p;

	if (x->fresh && rows_customer_match(x, x->vals, key, &cid, &matched) != 0)
		return -1;
	for (i = 0; i < x->nslots; i++)
		if (x->vals[i].t == V_TEXT)
			size += (x->val_sizes[i] = strlen(x->vals[i].s) + 1);
	if (tags != NULL)
		size += strlen(tags) + 1;
	if (key != NULL)
		size += strlen(key) + 1;
	if ((r = pipe_alloc(x->pipe, size)) == NULL)
		return -1; /* the writer stopped, or memory ran out */
	r->line = line;
	r->cid = cid;
	r->matched = matched;
	r->vals = (struct val *)(r + 1);
	p = (char *)(r->vals + x->nslots);
	for (i = 0; i < x->nslots; i++) {
		r->vals[i] = x->vals[i];
		if (x->vals[i].t != V_TEXT)
			continue;
		n = x->val_sizes[i];
		memcpy(p, x->vals[i].s, n);
		r->vals[i].s = p;
		p += n;
	}
	r->tags = NULL;
	if (tags != NULL) {
		memcpy(p, tags, strlen(tags) + 1);
		r->tags = p;
		p += strlen(tags) + 1;
	}
	r->key = NULL;
	if (key != NULL) {
		memcpy(p, key, strlen(key) + 1);
		r->key = p;
	}
	return 0;
}

/* The key of a row without id, email or phone: a digest of its normalised
 * values, each with its column, then the row's place among the rows of the
 * file with the same content ("<sha256>:2" for the second), so that each
 * row is a customer and the same file imported again finds them all. */
static int
content_key(struct import_ctx *x, const char *tags, char out[96])
{
	struct sha256 h;
	char hex[65], num[64];
	long long seen = 0;
	size_t i;

	sha256_init(&h);
	for (i = 0; i < x->nslots; i++) {
		const struct val *v = &x->vals[i];
		int n = 0;

		if (v->t == V_NULL)
			continue;
		sha256_update(&h, x->slot_column[i], strlen(x->slot_column[i]) + 1);
		if (v->t == V_TEXT)
			sha256_update(&h, v->s, strlen(v->s));
		else if (v->t == V_REAL)
			n = snprintf(num, sizeof num, "%.17g", v->d);
		else
			n = snprintf(num, sizeof num, "%lld", v->i);
		if (n > 0)
			sha256_update(&h, num, (size_t)n);
		sha256_update(&h, "\x1f", 1);
	}
	if (tags != NULL) {
		sha256_update(&h, "tags", 5);
		sha256_update(&h, tags, strlen(tags));
	}
	sha256_hex(&h, hex);
	strmap_get(x->key_seen, hex, 64, &seen);
	if (strmap_put(x->key_seen, hex, 64, seen + 1) != 0)
		return err_set(x->pe, EXIT_FAIL, _("out of memory"));
	snprintf(out, 96, "%s:%lld", hex, seen + 1);
	return 0;
}

/* On a base without customers the reader matches the row
 * (rows_customer_match) once it is copied for the writer: the slots of
 * its id, email and phone in maps of up to a million keys are asked for
 * from memory now, and arrive meanwhile. */
static void
ask_ahead(struct import_ctx *x)
{
	const struct val *v = x->vals;
	const struct slots *s = &x->slots;

	if (v[s->id].t == V_TEXT)
		strmap_prefetch(x->by_ext, strmap_hash(v[s->id].s, strlen(v[s->id].s)));
	if (v[s->email].t == V_TEXT)
		strmap_prefetch(x->by_email, strmap_hash(v[s->email].s, strlen(v[s->email].s)));
	if (v[s->phone].t == V_TEXT)
		strmap_prefetch(x->by_phone, strmap_hash(v[s->phone].s, strlen(v[s->phone].s)));
}

/* The reading side: a row normalised and checked, then handed over. */
int
rows_customer(struct import_ctx *x, const struct csv_row *row)
{
	const struct slots *s = &x->slots;
	size_t i, pos = 0;
	char *tags = NULL, *phone = NULL;
	int phone_col = 0, rc;
	bool assumed = false;

	if ((rc = import_row_start(x, row)) != 0)
		return rc < 0 ? -1 : 0;
	memset(x->vals, 0, x->nslots * sizeof *x->vals);
	for (i = 0; i < row->n; i++) {
		const struct map_column *c = &x->map.cols[i];
		const char *why = NULL;
		char *v;

		if (c->kind == MAP_IGNORE || c->kind == MAP_ORDER)
			continue;
		if ((v = take(x, row, i, &pos)) == NULL)
			continue;
		if (c->kind == MAP_TAGS) {
			tags = v;
			continue;
		}
		if (c->kind == MAP_CUSTOMER && (int)x->col_slot[i] == s->phone) {
			phone = v; /* needs the row's country: below */
			phone_col = (int)i + 1;
			continue;
		}
		if (import_customer_value(x, c, v, &pos, &x->vals[x->col_slot[i]], &why) != 0)
			import_problem(x, row->line, (int)i + 1,
			               _("invalid %s \"%s\" (expected %s)"),
			               c->kind == MAP_CUSTOMER ? c->field : c->header, v,
			               why != NULL ? why : import_type_expectation(c->type));
	}
	if (phone != NULL) {
		size_t cap = strlen(phone) + 24;
		char *o = import_room(x, &pos, cap);
		const char *why = NULL;
		const char *own = x->vals[s->country].t == V_TEXT ? x->vals[s->country].s : NULL;
		const char *country = values_phone_country_of(x, own);

		/* Counted: the phones that needed a country and had none of
		 * their own (+44... and 0044... carry theirs), in rows kept. */
		assumed = (country == NULL || country != own) && phone[0] != '+' &&
		          strncmp(phone, "00", 2) != 0;
		if (norm_phone(phone, country, o, cap, &why) != 0)
			import_problem(x, row->line, phone_col,
			               _("invalid phone \"%s\" (expected %s)"), phone,
			               why != NULL ? why : _("a phone number"));
		else
			x->vals[s->phone] = (struct val){.t = V_TEXT, .s = o};
	}
	if (x->row_bad) {
		x->st->rejected++;
		return 0;
	}
	if (x->fresh)
		ask_ahead(x);
	x->res->phones_assumed += assumed;
	if (x->vals[s->full].t == V_TEXT && x->vals[s->first].t == V_NULL &&
	    x->vals[s->last].t == V_NULL)
		split_full_name(x, &pos, s->first, s->last, s->full);
	if (x->vals[s->id].t == V_NULL && x->vals[s->email].t == V_NULL &&
	    x->vals[s->phone].t == V_NULL) {
		char key[96];

		for (i = 0; i < x->nslots && x->vals[i].t == V_NULL; i++)
			;
		if (i == x->nslots && tags == NULL) {
			/* Nothing but delimiters (";;;" under a spreadsheet's
			 * rows): like a blank line, no customer. */
			x->st->skipped++;
			return 0;
		}
		if (content_key(x, tags, key) != 0)
			return -1;
		return emit_customer(x, row->line, tags, key);
	}
	return emit_customer(x, row->line, tags, NULL);
}
