/* Orders rows: line items of the same order (consecutive rows with the same
 * order number) are summed into one order, written when the next begins;
 * customers known only from the orders file are created from it. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"
#include "text.h"

void
rows_free_run(struct order_run *run)
{
	free(run->key);
	free(run->order_no);
	free(run->customer);
	free(run->category);
	free(run->product);
	free(run->sku);
	free(run->country);
	free(run->city);
	free(run->email);
	memset(run, 0, sizeof *run);
}

/* The customer the order belongs to, created when the base does not have
 * it yet (with the country, city and email the orders row gives). */
static int
order_customer(struct import_ctx *x, struct order_run *run, long long *cid)
{
	bool by_email = x->map.of_col[OF_CUSTOMER_ID] < 0;
	struct strmap *m = by_email ? x->by_email : x->by_ext;
	size_t len = strlen(run->customer);
	sqlite3_stmt *st;

	if (strmap_get(m, run->customer, len, cid))
		return 0;
	st = db_cached(x->db,
	               "INSERT INTO customers(ext_id, email, country, city, first_import, last_import) "
	               "VALUES (:ext, :email, :country, :city, :imp, :imp)",
	               x->e);
	if (st == NULL)
		return -1;
	db_bind_text(st, ":ext", by_email ? NULL : run->customer);
	db_bind_text(st, ":email", by_email ? run->customer : run->email);
	db_bind_text(st, ":country", run->country);
	db_bind_text(st, ":city", run->city);
	db_bind_int64(st, ":imp", x->import_id);
	if (db_step(x->db, st, x->e) < 0)
		return -1;
	*cid = sqlite3_last_insert_rowid(db_handle(x->db));
	x->st->customers_created++;
	if (strmap_put(m, run->customer, len, *cid) != 0 ||
	    (!by_email && run->email != NULL &&
	     strmap_put(x->by_email, run->email, strlen(run->email), *cid) != 0))
		return err_set(x->e, EXIT_FAIL, "out of memory");
	if (run->city != NULL) {
		long long n = 0;

		strmap_get(x->city_count, run->city, strlen(run->city), &n);
		if (strmap_put(x->city_count, run->city, strlen(run->city), n + 1) != 0)
			return err_set(x->e, EXIT_FAIL, "out of memory");
	}
	return 0;
}

static bool
is_cancellation(const struct order_run *run)
{
	return (run->order_no != NULL && (run->order_no[0] == 'C' || run->order_no[0] == 'c')) ||
	       run->amount < 0 || (run->has_quantity && run->quantity < 0);
}

static bool
replaced_before(struct import_ctx *x, long long oid)
{
	return (x->orders_replaced[oid / 8] >> (oid % 8)) & 1;
}

int
rows_flush_order(struct import_ctx *x)
{
	struct order_run *run = &x->run;
	long long cid, oid = 0;
	double amount;
	sqlite3_stmt *st;
	bool known, additive;
	int cancelled;

	if (!run->active)
		return 0;
	if (order_customer(x, run, &cid) != 0)
		return -1;
	amount = round(run->amount * 100) / 100; /* sums of prices in cents */
	cancelled = is_cancellation(run);
	known = strmap_get(x->order_keys, run->key, strlen(run->key), &oid);
	/* An order met again in this import (its lines were not consecutive,
	 * or an earlier file had it) adds up; one from a previous import is
	 * replaced the first time, then adds up. */
	additive = known && (oid > x->max_order_before || replaced_before(x, oid));
	if (additive) {
		st = db_cached(x->db,
		               "UPDATE orders SET amount = amount + :amount,"
		               " quantity = CASE WHEN :q IS NULL THEN quantity"
		               "  ELSE coalesce(quantity, 0) + :q END,"
		               " lines = lines + :lines,"
		               " cancelled = (:cprefix OR amount + :amount < 0"
		               "  OR coalesce(quantity, 0) + coalesce(:q, 0) < 0)"
		               " WHERE id = :id",
		               x->e);
		if (st == NULL)
			return -1;
		db_bind_int64(st, ":cprefix", run->order_no != NULL && (run->order_no[0] == 'C' ||
		                                                         run->order_no[0] == 'c'));
		x->st->merged++;
	} else if (known) {
		st = db_cached(x->db,
		               "UPDATE orders SET order_no = :no, customer_id = :cid, date = :date,"
		               " amount = :amount, quantity = :q, lines = :lines, category = :cat,"
		               " product = :product, sku = :sku, cancelled = :cancelled,"
		               " import_id = :imp WHERE id = :id",
		               x->e);
		if (st == NULL)
			return -1;
		x->orders_replaced[oid / 8] |= (unsigned char)(1u << (oid % 8));
		x->st->updated++;
	} else {
		st = db_cached(x->db,
		               "INSERT INTO orders(key, order_no, customer_id, date, amount, quantity,"
		               " lines, category, product, sku, cancelled, import_id)"
		               " VALUES (:key, :no, :cid, :date, :amount, :q, :lines, :cat, :product,"
		               " :sku, :cancelled, :imp)",
		               x->e);
		if (st == NULL)
			return -1;
		db_bind_text(st, ":key", run->key);
		x->st->inserted++;
	}
	db_bind_double(st, ":amount", amount);
	if (run->has_quantity)
		db_bind_double(st, ":q", run->quantity);
	db_bind_int64(st, ":lines", run->lines);
	if (known)
		db_bind_int64(st, ":id", oid);
	if (!additive) {
		db_bind_text(st, ":no", run->order_no);
		db_bind_int64(st, ":cid", cid);
		db_bind_text(st, ":date", run->date);
		db_bind_text(st, ":cat", run->category);
		db_bind_text(st, ":product", run->product);
		db_bind_text(st, ":sku", run->sku);
		db_bind_int64(st, ":cancelled", cancelled);
		db_bind_int64(st, ":imp", x->import_id);
	}
	if (db_step(x->db, st, x->e) < 0)
		return -1;
	if (!known) {
		oid = sqlite3_last_insert_rowid(db_handle(x->db));
		if (strmap_put(x->order_keys, run->key, strlen(run->key), oid) != 0)
			return err_set(x->e, EXIT_FAIL, "out of memory");
	}
	if (cancelled && !additive)
		x->st->cancelled++;
	rows_free_run(run);
	return 0;
}

/* The trimmed value of order field f in the row, or NULL when absent or
 * empty. Points into buf (at least the row's longest field + 1). */
static char *
field(struct import_ctx *x, const struct csv_row *row, enum order_field f, char *buf)
{
	int i = x->map.of_col[f];

	if (i < 0)
		return NULL;
	memcpy(buf, row->fields[i], row->lens[i] + 1);
	text_trim(buf);
	return text_is_na(buf, x->o->na) ? NULL : buf;
}

static int
dup_into(char **dst, const char *s, struct err *e)
{
	if (s == NULL)
		return 0;
	if ((*dst = strdup(s)) == NULL)
		return err_set(e, EXIT_FAIL, "out of memory");
	return 0;
}

int
rows_order(struct import_ctx *x, const struct csv_row *row)
{
	size_t longest = 0, i;
	char *buf = NULL, *v, *cust = NULL, *no = NULL, *key = NULL;
	char date[20], idbuf[256];
	const char *why = NULL;
	double amount = 0, qty = 0, price = 0;
	bool has_qty = false;
	int rc = -1;

	x->row_bad = false;
	if (row->n != x->map.n) {
		import_problem(x, row->line, 0,
		               "expected %zu fields as in the header, found %zu (a quote may be "
		               "missing or extra)",
		               x->map.n, row->n);
		x->st->rejected++;
		return 0;
	}
	for (i = 0; i < row->n; i++)
		if (row->lens[i] > longest)
			longest = row->lens[i];
	if ((buf = malloc(longest + 1)) == NULL)
		return err_set(x->e, EXIT_FAIL, "out of memory");

	/* Whose order: rows without a customer (stock adjustments, guest
	 * checkouts) are counted and skipped. */
	if (x->map.of_col[OF_CUSTOMER_ID] >= 0) {
		if ((v = field(x, row, OF_CUSTOMER_ID, buf)) != NULL) {
			if (norm_id(v, idbuf, sizeof idbuf, &why) != 0) {
				import_problem(x, row->line, x->map.of_col[OF_CUSTOMER_ID] + 1,
				               "invalid customer id \"%s\" (expected %s)", v,
				               why ? why : "an id");
				goto bad;
			}
			cust = strdup(idbuf);
		}
	} else if ((v = field(x, row, OF_EMAIL, buf)) != NULL) {
		if (norm_email(v, idbuf, sizeof idbuf, &why) != 0) {
			import_problem(x, row->line, x->map.of_col[OF_EMAIL] + 1,
			               "invalid email \"%s\" (expected %s)", v,
			               why ? why : "an email address");
			goto bad;
		}
		cust = strdup(idbuf);
	}
	if (cust == NULL) {
		x->st->skipped++;
		rc = 0;
		goto out;
	}

	if ((v = field(x, row, OF_DATE, buf)) == NULL) {
		import_problem(x, row->line, x->map.of_col[OF_DATE] + 1, "missing order date");
		goto bad;
	}
	if (norm_date(v, x->map.cols[x->map.of_col[OF_DATE]].order, date, &why) != 0) {
		import_problem(x, row->line, x->map.of_col[OF_DATE] + 1,
		               "invalid date \"%s\" (expected %s)", v, why ? why : "a date");
		goto bad;
	}
	if ((v = field(x, row, OF_QUANTITY, buf)) != NULL) {
		if (norm_number(v, &qty, &why) != 0) {
			import_problem(x, row->line, x->map.of_col[OF_QUANTITY] + 1,
			               "invalid quantity \"%s\" (expected %s)", v, why ? why : "a number");
			goto bad;
		}
		has_qty = true;
	}
	if ((v = field(x, row, OF_AMOUNT, buf)) != NULL) {
		if (norm_number(v, &amount, &why) != 0) {
			import_problem(x, row->line, x->map.of_col[OF_AMOUNT] + 1,
			               "invalid amount \"%s\" (expected %s)", v, why ? why : "a number");
			goto bad;
		}
	} else if (x->map.of_col[OF_AMOUNT] >= 0) {
		import_problem(x, row->line, x->map.of_col[OF_AMOUNT] + 1, "missing amount");
		goto bad;
	} else {
		if ((v = field(x, row, OF_UNIT_PRICE, buf)) == NULL ||
		    norm_number(v, &price, &why) != 0) {
			import_problem(x, row->line, x->map.of_col[OF_UNIT_PRICE] + 1,
			               "invalid unit price \"%s\" (expected a number)", v ? v : "");
			goto bad;
		}
		if (!has_qty) {
			import_problem(x, row->line, x->map.of_col[OF_QUANTITY] + 1,
			               "missing quantity (needed with a unit price)");
			goto bad;
		}
		amount = qty * price;
	}

	/* The order's identity: its number, or for files without one the row
	 * itself (so that importing the file again changes nothing). */
	if ((v = field(x, row, OF_ORDER_ID, buf)) != NULL) {
		if (norm_id(v, idbuf, sizeof idbuf, &why) != 0)
			snprintf(idbuf, sizeof idbuf, "%s", v);
		no = strdup(idbuf);
		key = strdup(idbuf);
	} else {
		const char *product = NULL;
		char pbuf[256] = "";

		if ((product = field(x, row, OF_PRODUCT, buf)) != NULL)
			snprintf(pbuf, sizeof pbuf, "%s", product);
		if (asprintf(&key, "#%s|%s|%.2f|%s", cust, date, amount, pbuf) < 0)
			key = NULL;
	}
	if (key == NULL || (v != NULL && no == NULL)) {
		err_set(x->e, EXIT_FAIL, "out of memory");
		goto out;
	}

	if (x->run.active && strcmp(x->run.key, key) == 0) {
		x->run.amount += amount;
		x->run.quantity += qty;
		x->run.has_quantity |= has_qty;
		x->run.lines++;
	} else {
		if (rows_flush_order(x) != 0)
			goto out;
		x->run.active = true;
		x->run.key = key;
		x->run.order_no = no;
		x->run.customer = cust;
		key = no = cust = NULL;
		snprintf(x->run.date, sizeof x->run.date, "%s", date);
		x->run.amount = amount;
		x->run.quantity = qty;
		x->run.has_quantity = has_qty;
		x->run.lines = 1;
		x->run.line = row->line;
		if (dup_into(&x->run.category, field(x, row, OF_CATEGORY, buf), x->e) != 0 ||
		    dup_into(&x->run.product, field(x, row, OF_PRODUCT, buf), x->e) != 0 ||
		    dup_into(&x->run.sku, field(x, row, OF_SKU, buf), x->e) != 0 ||
		    dup_into(&x->run.country, field(x, row, OF_COUNTRY, buf), x->e) != 0)
			goto out;
		if ((v = field(x, row, OF_CITY, buf)) != NULL) {
			char place[512];

			if (norm_place(v, place, sizeof place, &why) == 0 &&
			    dup_into(&x->run.city, place, x->e) != 0)
				goto out;
		}
		if (x->map.of_col[OF_CUSTOMER_ID] >= 0 && (v = field(x, row, OF_EMAIL, buf)) != NULL &&
		    norm_email(v, idbuf, sizeof idbuf, &why) == 0 &&
		    dup_into(&x->run.email, idbuf, x->e) != 0)
			goto out;
	}
	x->st->lines++;
	rc = 0;
	goto out;
bad:
	x->st->rejected++;
	rc = 0;
out:
	free(buf);
	free(cust);
	free(no);
	free(key);
	return rc;
}
