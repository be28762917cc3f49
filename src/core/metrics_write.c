/* Writing customer_metrics from the figures in memory (metrics_private.h):
 * each customer's row built once, as values; the rows already there read
 * in id order and compared with them; then the rows that changed updated
 * and the missing ones inserted, or, when most of them changed (the first
 * computation of a base, a new reference date), the table emptied and
 * every row inserted in id order, SQLite's fastest insert. A recompute
 * that changes little (a threshold, the same data again) writes little:
 * no page rewritten, no write-ahead log to copy back. */
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
#include "metrics_private.h"
#include "text/date.h"

/* The columns, in the order of the statements' parameters (?1 ...). */
#define COLUMNS                                                                                    \
	"customer_id, orders, spent, avg_check, first_order, last_order, days_since_order, age, r, "  \
	"f, m, rfm, buyer_type, ltv_month, top_category, refunds, abc, xyz, value_speed, lead_temp"
enum { NCOL = 20 };

struct val {
	int type;       /* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_NULL */
	long long i;
	double d;
	const char *s;  /* outlives the statement, but for the dates */
};

struct row {
	struct val v[NCOL];
	char first[11], last[11];
};

static const char *
buyer_type(const struct metrics_acc *c)
{
	int months = 0, best = 0, total = 0, i;

	if (c->orders == 0)
		return "none";
	if (c->orders == 1)
		return "one_time";
	for (i = 0; i < 13; i++)
		months += (c->recent >> i) & 1;
	if (months >= 6)
		return "regular";
	for (i = 0; i < 12; i++) {
		int w = c->month_hist[i] + c->month_hist[(i + 1) % 12] + c->month_hist[(i + 2) % 12];

		total += c->month_hist[i];
		if (w > best)
			best = w;
	}
	/* SPEC §5: two calendar years at least, 75 % in three months. */
	if (c->max_year > c->min_year && best * 4 >= total * 3)
		return "seasonal";
	return "repeat";
}

/* YYYY-MM-DD of a day number into out[11]. */
static void
iso_date(long days, char out[11])
{
	long y, m, d;

	date_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(out, 11, "%04ld-%02ld-%02ld", y, m, d);
		return;
	}
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

static void
set_int(struct val *v, long long i)
{
	v->type = SQLITE_INTEGER;
	v->i = i;
}

static void
set_real(struct val *v, double d)
{
	v->type = SQLITE_FLOAT;
	v->d = d;
}

static void
set_text(struct val *v, const char *s)
{
	v->type = s != NULL ? SQLITE_TEXT : SQLITE_NULL;
	v->s = s;
}

static const char *
class_name(const char *const *names, uint8_t v)
{
	return v == MC_NONE ? NULL : names[v];
}

/* Customer c's row (id, and her top category or word in tops). */
static void
row_of(const struct metrics_acc *c, long long id, char *const *tops, const struct metrics_ref *ref,
       struct row *r)
{
	struct val *v = r->v - 1; /* v[1] is ?1 */

	for (int i = 1; i <= NCOL; i++)
		v[i].type = SQLITE_NULL;
	set_int(&v[1], id);
	set_int(&v[2], c->orders);
	set_real(&v[3], round(c->spent * 100) / 100);
	if (c->orders > 0) {
		long fy, fm, fd, months;

		iso_date(c->first, r->first);
		iso_date(c->last, r->last);
		date_from_days(c->first, &fy, &fm, &fd);
		/* Months of life from the first order, at least one. */
		months = date_whole_months(fy, fm, fd, ref->y, ref->m, ref->d);
		set_real(&v[4], round(c->spent / c->orders * 100) / 100);
		set_text(&v[5], r->first);
		set_text(&v[6], r->last);
		set_int(&v[7], ref->day - c->last);
		set_int(&v[9], c->r);
		set_int(&v[10], c->f);
		set_int(&v[11], c->m);
		set_text(&v[12], metrics_rfm_segment(c->r, c->f));
		set_real(&v[14], round(c->spent / (double)(months < 1 ? 1 : months) * 100) / 100);
	}
	if (c->age >= 0)
		set_int(&v[8], c->age);
	set_text(&v[13], buyer_type(c));
	set_text(&v[15], c->top >= 0 ? tops[c->top] : NULL);
	set_real(&v[16], c->refunds);
	set_text(&v[17], class_name(metrics_abc_names, c->abc));
	set_text(&v[18], class_name(metrics_xyz_names, c->xyz));
	set_text(&v[19], class_name(metrics_speed_names, c->speed));
	set_text(&v[20], class_name(metrics_lead_names, c->lead));
}

static int
bind_row(sqlite3_stmt *st, const struct row *r)
{
	for (int i = 0; i < NCOL; i++) {
		const struct val *v = &r->v[i];
		int rc;

		switch (v->type) {
		case SQLITE_INTEGER: rc = db_bind_int64_at(st, i + 1, v->i); break;
		case SQLITE_FLOAT: rc = db_bind_double_at(st, i + 1, v->d); break;
		case SQLITE_TEXT:
			rc = v->s == r->first || v->s == r->last ? db_bind_text_at(st, i + 1, v->s)
			                                         : db_bind_static_at(st, i + 1, v->s);
			break;
		default: rc = db_bind_null_at(st, i + 1); break;
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Whether the row st stands on holds r. */
static bool
same_row(sqlite3_stmt *st, const struct row *r)
{
	for (int i = 1; i < NCOL; i++) {
		const struct val *v = &r->v[i];

		if (db_col_type(st, i) != v->type)
			return false;
		switch (v->type) {
		case SQLITE_INTEGER:
			if (db_col_int64(st, i) != v->i)
				return false;
			break;
		case SQLITE_FLOAT:
			if (db_col_double(st, i) != v->d)
				return false;
			break;
		case SQLITE_TEXT:
			if (strcmp(db_col_text(st, i), v->s) != 0)
				return false;
			break;
		default: break;
		}
	}
	return true;
}

/* Marks in todo[i] the customers whose row is missing or differs (1 for
 * the same). Sets *all instead, and stops reading, once rewriting the
 * whole table is the better way: a row of no customer, more than half
 * the rows different, or more than half of the first few thousand (a new
 * reference date changes every buyer's row). */
static int
compare(struct db *db, const struct metrics_accs *a, char *const *tops,
        const struct metrics_ref *ref, uint8_t *todo, bool *all, struct err *e)
{
	sqlite3_stmt *st = NULL;
	size_t seen = 0, differ = 0;
	struct row r;
	int rc;

	*all = false;
	if (db_prepare(db, &st, "SELECT " COLUMNS " FROM customer_metrics ORDER BY customer_id", e) != 0)
		return -1;
	while ((rc = db_step(db, st, e)) == 1) {
		long long id = db_col_int64(st, 0);
		int32_t k;

		if (id < 0 || id > a->max_id || (k = a->by_id[id]) < 0) {
			*all = true;
			break;
		}
		row_of(&a->v[k], id, tops, ref, &r);
		todo[k] = same_row(st, &r) ? 1 : 2;
		differ += todo[k] == 2;
		if (differ > a->n / 2 || (++seen == 4096 && differ > seen / 2)) {
			*all = true;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
metrics_write(struct db *db, const struct metrics_accs *a, char *const *tops,
              const struct metrics_ref *ref, struct err *e)
{
	sqlite3_stmt *ins = NULL, *up = NULL;
	uint8_t *todo = calloc(a->n + 1, 1);
	long long id;
	size_t writes = 0, i;
	bool all;
	struct row r;
	int rc = -1;

	if (todo == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	if (compare(db, a, tops, ref, todo, &all, e) != 0)
		goto out;
	for (i = 0; i < a->n && !all; i++)
		writes += todo[i] != 1;
	all = all || writes > a->n / 2;
	if ((all && db_exec(db, "DELETE FROM customer_metrics", e) != 0) ||
	    db_prepare(db, &ins,
	               "INSERT INTO customer_metrics(" COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	               " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
	               e) != 0 ||
	    db_prepare(db, &up,
	               "UPDATE customer_metrics SET orders = ?2, spent = ?3, avg_check = ?4,"
	               " first_order = ?5, last_order = ?6, days_since_order = ?7, age = ?8, r = ?9,"
	               " f = ?10, m = ?11, rfm = ?12, buyer_type = ?13, ltv_month = ?14,"
	               " top_category = ?15, refunds = ?16, abc = ?17, xyz = ?18, value_speed = ?19,"
	               " lead_temp = ?20 WHERE customer_id = ?1",
	               e) != 0)
		goto out;
	for (id = 0; id <= a->max_id; id++) {
		sqlite3_stmt *st;
		int32_t k = a->by_id[id];

		if (k < 0 || (!all && todo[k] == 1))
			continue;
		st = !all && todo[k] == 2 ? up : ins;
		row_of(&a->v[k], id, tops, ref, &r);
		sqlite3_reset(st);
		if (bind_row(st, &r) != 0) {
			err_set(e, EXIT_FAIL, _("out of memory"));
			goto out;
		}
		if (db_step(db, st, e) < 0)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(up);
	free(todo);
	return rc;
}

/* --- the table built apart -------------------------------------------------- */

static int
image_err(sqlite3 *h, struct err *e)
{
	return err_set(e, EXIT_FAIL, _("cannot compute the metrics in memory: %s"),
	               h != NULL ? sqlite3_errmsg(h) : _("out of memory"));
}

int
metrics_write_image(const char *schema, const struct metrics_accs *a, char *const *tops,
                    const struct metrics_ref *ref, unsigned char **image, long long *size,
                    struct err *e)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *ins = NULL;
	sqlite3_int64 n = 0;
	struct row r;
	int rc = -1;

	*image = NULL;
	*size = 0;
	if (sqlite3_open_v2(":memory:", &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	        SQLITE_OK ||
	    sqlite3_exec(h, schema, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h,
	                       "INSERT INTO customer_metrics(" COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5,"
	                       " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
	                       -1, &ins, NULL) != SQLITE_OK) {
		image_err(h, e);
		goto out;
	}
	for (long long id = 0; id <= a->max_id; id++) {
		int32_t k = a->by_id[id];

		if (k < 0)
			continue;
		row_of(&a->v[k], id, tops, ref, &r);
		sqlite3_reset(ins);
		if (bind_row(ins, &r) != 0 || sqlite3_step(ins) != SQLITE_DONE) {
			image_err(h, e);
			goto out;
		}
	}
	sqlite3_finalize(ins);
	ins = NULL;
	if (sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK ||
	    (*image = sqlite3_serialize(h, "main", &n, 0)) == NULL) {
		image_err(h, e);
		goto out;
	}
	*size = n;
	rc = 0;
out:
	sqlite3_finalize(ins);
	sqlite3_close(h);
	return rc;
}
