/* What the base holds, loaded once an import holds the base: customers by
 * external id, email, phone and content key (an email or phone shared by
 * several customers marked as such), orders by key, tags, hand edits; and
 * the maps the import fills as it goes. */
#include "config.h"

#include <stdlib.h>

#include "i18n.h"
#include "metrics.h"
#include "private.h"

/* Loads the (id, key) pairs of sql into m. With first, a key met again
 * keeps the first id, marked shared (import_remember_first). */
static int
load_map_as(struct import_ctx *x, struct strmap *m, const char *sql, bool first)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(x->db, &st, sql, x->e) != 0)
		return -1;
	while ((rc = db_step(x->db, st, x->e)) == 1) {
		const char *k = db_col_text(st, 1);
		size_t n = db_col_bytes(st, 1);

		if (k != NULL && first) {
			long long id = db_col_int64(st, 0);

			if (import_remember_first(m, k, n, id, x->e) != 0) {
				rc = -1;
				break;
			}
			continue;
		}
		if (k != NULL && strmap_put(m, k, n, db_col_int64(st, 0)) != 0) {
			rc = err_set(x->e, EXIT_FAIL, _("out of memory"));
			break;
		}
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
import_load_map(struct import_ctx *x, struct strmap *m, const char *sql)
{
	return load_map_as(x, m, sql, false);
}

struct ext_bits {
	struct import_ctx *x;
	int rc;
};

static void
mark_ext(void *ctx, const char *key, size_t len, long long id)
{
	struct ext_bits *b = ctx;

	(void)key;
	(void)len;
	if (b->rc == 0)
		b->rc = import_bit_set(&b->x->has_ext, &b->x->has_ext_cap, id, NULL, b->x->e);
}

int
import_lookups_load(struct import_ctx *x, long long ncust)
{
	long long maxorder = 0;

	if (db_query_int64(x->db, "SELECT coalesce(max(id), 0) FROM orders", &maxorder, x->e) != 0)
		return -1;
	x->fresh = ncust == 0;
	x->max_order_before = maxorder;
	x->last_order_id = maxorder;
	x->orders_fresh = maxorder == 0;
	x->by_ext = strmap_new((size_t)ncust);
	x->by_email = strmap_new((size_t)ncust);
	x->by_phone = strmap_new((size_t)ncust);
	x->by_key = strmap_new(64);
	x->key_seen = strmap_new(64);
	x->order_keys = strmap_new((size_t)maxorder);
	x->order_seq = order_seen_new();
	x->created = strmap_new(64);
	x->tag_ids = strmap_new(64);
	x->hand_edits = strmap_new(16);
	x->row_seen = strmap_new(64);
	x->city_count = strmap_new(256);
	x->region_count = strmap_new(256);
	x->orders_replaced = calloc((size_t)maxorder / 8 + 1, 1);
	if (x->by_ext == NULL || x->by_email == NULL || x->by_phone == NULL || x->by_key == NULL ||
	    x->key_seen == NULL ||
	    x->order_keys == NULL || x->order_seq == NULL || x->created == NULL ||
	    x->tag_ids == NULL || x->hand_edits == NULL ||
	    x->row_seen == NULL || x->city_count == NULL || x->region_count == NULL ||
	    x->orders_replaced == NULL)
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	if (ncust > 0 &&
	    (import_load_map(x, x->by_ext,
	                     "SELECT id, ext_id FROM customers WHERE ext_id IS NOT NULL") ||
	     load_map_as(x, x->by_email, "SELECT id, email FROM customers WHERE email IS NOT NULL",
	                 true) ||
	     load_map_as(x, x->by_phone, "SELECT id, phone FROM customers WHERE phone IS NOT NULL",
	                 true) ||
	     import_load_map(x, x->by_key, "SELECT customer_id, key FROM customer_keys") ||
	     import_load_map(x, x->hand_edits,
	              "SELECT 1, customer_id || ':' || field FROM hand_edits")))
		return -1;
	if (maxorder > 0 && import_load_map(x, x->order_keys, "SELECT id, key FROM orders"))
		return -1;
	{
		struct ext_bits b = {x, 0};

		strmap_each(x->by_ext, mark_ext, &b);
		if (b.rc != 0)
			return -1;
	}
	return import_load_map(x, x->tag_ids, "SELECT id, name_fold FROM tags");
}

void
import_lookups_free(struct import_ctx *x)
{
	strmap_free(&x->by_ext);
	strmap_free(&x->by_email);
	strmap_free(&x->by_phone);
	strmap_free(&x->by_key);
	strmap_free(&x->key_seen);
	strmap_free(&x->order_keys);
	order_seen_free(&x->order_seq);
	metrics_orders_free(&x->morders);
	metrics_customers_free(&x->mcust);
	strmap_free(&x->created);
	free(x->order_ids);
	x->order_ids = NULL;
	x->order_ids_cap = 0;
	strmap_free(&x->tag_ids);
	strmap_free(&x->hand_edits);
	free(x->touched);
	x->touched = NULL;
	x->touched_cap = 0;
	free(x->has_ext);
	x->has_ext = NULL;
	x->has_ext_cap = 0;
	strmap_free(&x->row_seen);
	strmap_free(&x->city_count);
	strmap_free(&x->region_count);
	free(x->orders_replaced);
	x->orders_replaced = NULL;
}
