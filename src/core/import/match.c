/* The writing side of a customers row: which customer it is (by id; else
 * by email, else phone; else by its content key), the possible duplicates
 * it makes, and the row written with its tags. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "private.h"
#include "text/text.h"

/* Puts each tag of a "vip; beta tester" list on the customer. Tags are only
 * ever added by an import, never taken off. */
static int
add_tags(struct import_ctx *x, long long cid, char *list)
{
	const char *sep = strchr(list, ';') != NULL ? ";" : ",";
	char *save = NULL, *t;

	for (t = strtok_r(list, sep, &save); t != NULL; t = strtok_r(NULL, sep, &save)) {
		sqlite3_stmt *st;
		long long tid;

		text_trim(t);
		if (*t == '\0')
			continue;
		if (import_tag_id(x, t, &tid) != 0)
			return -1;
		st = db_cached(x->db,
		               "INSERT OR IGNORE INTO customer_tags(customer_id, tag_id) "
		               "VALUES (:c, :t)",
		               x->e);
		if (st == NULL)
			return -1;
		db_bind_int64(st, ":c", cid);
		db_bind_int64(st, ":t", tid);
		if (db_step(x->db, st, x->e) < 0)
			return -1;
	}
	return 0;
}

static int
bind_vals(struct import_ctx *x, const struct val *vals, sqlite3_stmt *st, long long cid)
{
	size_t i, nb;
	const struct builtin_field *b = fields_builtin(&nb);
	int rc = 0;

	for (i = 0; i < x->nslots && rc == 0; i++) {
		const struct val *v = &vals[i];
		int k = (int)i + 1;

		if (cid > 0 && strmap_count(x->hand_edits) > 0) {
			/* Fields edited by hand are kept as the user left them. */
			char key[160];
			const char *name = i < nb ? b[i].name : x->slot_column[i];
			int len = (int)strlen(name), n;

			/* a custom slot's column is "cf_NAME", quoted; hand_edits
			 * names the field as the catalog does: NAME */
			if (i > nb && strncmp(name, "\"cf_", 4) == 0 && len > 5) {
				name += 4;
				len -= 5;
			}
			n = snprintf(key, sizeof key, "%lld:%.*s", cid, len, name);

			if (n > 0 && (size_t)n < sizeof key && strmap_get(x->hand_edits, key, (size_t)n, NULL)) {
				rc = db_bind_null_at(st, k);
				continue;
			}
		}
		switch (v->t) {
		case V_TEXT: rc = db_bind_static_at(st, k, v->s); break;
		case V_REAL: rc = db_bind_double_at(st, k, v->d); break;
		case V_INT: rc = db_bind_int64_at(st, k, v->i); break;
		default: rc = db_bind_null_at(st, k); break;
		}
	}
	if (rc == 0)
		rc = db_bind_int64_at(st, (int)x->nslots + 1, x->import_id);
	if (rc == 0 && cid > 0)
		rc = db_bind_int64_at(st, (int)x->nslots + 2, cid);
	return rc == 0 ? 0 : err_set(x->e, EXIT_FAIL, _("binding: %s"),
	                                     sqlite3_errmsg(db_handle(x->db)));
}

static int
remember(struct strmap *m, const struct val *v, long long id, struct err *e)
{
	if (v->t != V_TEXT)
		return 0;
	if (strmap_put(m, v->s, strlen(v->s), id) != 0)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	return 0;
}

static int
count_place(struct strmap *m, const struct val *v, struct err *e)
{
	long long n = 0;

	if (v->t != V_TEXT)
		return 0;
	strmap_get(m, v->s, strlen(v->s), &n);
	if (strmap_put(m, v->s, strlen(v->s), n + 1) != 0)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	return 0;
}

static bool
lookup(struct strmap *m, const struct val *v, long long *id)
{
	return v->t == V_TEXT && strmap_get(m, v->s, strlen(v->s), id);
}

int
import_bit_set(unsigned char **bits, size_t *cap, long long id, bool *before, struct err *e)
{
	size_t byte = (size_t)id / 8;

	if (byte >= *cap) {
		size_t ncap = *cap ? *cap : 1 << 16;
		unsigned char *t;

		while (ncap <= byte)
			ncap *= 2;
		if ((t = realloc(*bits, ncap)) == NULL)
			return err_set(e, EXIT_FAIL, _("out of memory"));
		memset(t + *cap, 0, ncap - *cap);
		*bits = t;
		*cap = ncap;
	}
	if (before != NULL)
		*before = ((*bits)[byte] >> (id % 8)) & 1;
	(*bits)[byte] |= (unsigned char)(1u << (id % 8));
	return 0;
}

bool
import_bit_get(const unsigned char *bits, size_t cap, long long id)
{
	size_t byte = (size_t)id / 8;

	return byte < cap && ((bits[byte] >> (id % 8)) & 1);
}

int
import_remember_first(struct strmap *m, const char *key, size_t len, long long id,
                      struct err *e)
{
	long long c;

	if (strmap_get(m, key, len, &c)) {
		if (c < 0 || c == id)
			return 0;
		id = -c; /* a second customer: the key is shared */
	}
	if (strmap_put(m, key, len, id) != 0)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	return 0;
}

/* What the maps say of the row's email (or phone), looked up once a row:
 * the first customer with it, and whether other customers have it too. */
struct addr {
	bool known, shared;
	long long first;
};

static struct addr
address(struct strmap *m, const struct val *v)
{
	struct addr a = {false, false, 0};
	long long c;

	if (lookup(m, v, &c)) {
		a.known = true;
		a.shared = c < 0;
		a.first = c < 0 ? -c : c;
	}
	return a;
}

/* A row without an id: the customer with its email, else its phone. An
 * address that several customers share says nothing about which of them
 * the row is: it matches none, and the row is a customer of its own. */
static bool
match_contact(const struct addr *em, const struct addr *ph, long long *cid)
{
	if (em->known && !em->shared) {
		*cid = em->first;
		return true;
	}
	if (ph->known && !ph->shared) {
		*cid = ph->first;
		return true;
	}
	return false;
}

/* A stored customer without an external id that has the row's email, else
 * its phone: a row with an id that the base does not know yet adopts it
 * (a contact imported from a list, now with its CRM id). */
static bool
adoptable(struct import_ctx *x, const struct addr *em, const struct addr *ph, long long *cid)
{
	if (em->known && !em->shared && !import_bit_get(x->has_ext, x->has_ext_cap, em->first)) {
		*cid = em->first;
		return true;
	}
	if (ph->known && !ph->shared && !import_bit_get(x->has_ext, x->has_ext_cap, ph->first)) {
		*cid = ph->first;
		return true;
	}
	return false;
}

/* Records that customer cid has the address v (a stands for what the map
 * said of it): the first customer keeps it, marked shared once another
 * one has it too. */
static int
remember_addr(struct strmap *m, const struct val *v, const struct addr *a, long long cid,
              struct err *e)
{
	long long put;

	if (v->t != V_TEXT || (a->known && (a->shared || a->first == cid)))
		return 0;
	put = a->known ? -a->first : cid;
	if (strmap_put(m, v->s, strlen(v->s), put) != 0)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	return 0;
}

/* Records the content key of a new customer in the base (the map:
 * matched_row). */
static int
remember_key(struct import_ctx *x, const char *key, long long cid)
{
	sqlite3_stmt *st = db_cached(x->db,
	                             "INSERT INTO customer_keys(key, customer_id) "
	                             "VALUES (:key, :id)",
	                             x->e);

	if (st == NULL)
		return -1;
	db_bind_text(st, ":key", key);
	db_bind_int64(st, ":id", cid);
	return db_step(x->db, st, x->e) < 0 ? -1 : 0;
}

/* Which customer the row is: *cid when it matches one (true). */
static bool
match(struct import_ctx *x, const struct val *v, const char *key, const struct addr *em,
      const struct addr *ph, long long *cid)
{
	const struct slots *s = &x->slots;

	/* A row with an id is that customer, whatever its email or phone say;
	 * one without is matched by email, else phone. */
	if (key != NULL)
		return strmap_get(x->by_key, key, strlen(key), cid);
	if (v[s->id].t == V_TEXT)
		return lookup(x->by_ext, &v[s->id], cid) || adoptable(x, em, ph, cid);
	return match_contact(em, ph, cid);
}

/* Once the row is customer cid: the figures, and the maps that match the
 * next rows. */
static int
matched_row(struct import_ctx *x, const struct val *v, const char *key, const struct addr *em,
            const struct addr *ph, long long cid, bool matched, struct err *e)
{
	const struct slots *s = &x->slots;
	bool before = false;

	if (import_bit_set(&x->touched, &x->touched_cap, cid, &before, e) != 0 ||
	    (v[s->id].t == V_TEXT && import_bit_set(&x->has_ext, &x->has_ext_cap, cid, NULL, e) != 0))
		return -1;
	if (!matched)
		x->st->inserted++;
	else if (before)
		x->st->merged++;
	else
		x->st->updated++;
	/* An address whose first customer is another one: possible duplicates,
	 * which the import never merges. */
	if (!before && ((em->known && em->first != cid) || (ph->known && ph->first != cid)))
		x->st->shared++;
	if (key != NULL) {
		x->st->keyed++;
		if (!matched && strmap_put(x->by_key, key, strlen(key), cid) != 0)
			return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	if (remember(x->by_ext, &v[s->id], cid, e) != 0 ||
	    remember_addr(x->by_email, &v[s->email], em, cid, e) != 0 ||
	    remember_addr(x->by_phone, &v[s->phone], ph, cid, e) != 0 ||
	    count_place(x->city_count, &v[s->city], e) != 0 ||
	    count_place(x->region_count, &v[s->region], e) != 0)
		return -1;
	return 0;
}

int
rows_customer_match(struct import_ctx *x, const struct val *v, const char *key,
                    long long *cid, bool *matched)
{
	const struct slots *s = &x->slots;
	struct addr em = address(x->by_email, &v[s->email]);
	struct addr ph = address(x->by_phone, &v[s->phone]);

	*matched = match(x, v, key, &em, &ph, cid);
	if (!*matched)
		*cid = ++x->new_customers;
	return matched_row(x, v, key, &em, &ph, *cid, *matched, x->pe);
}

/* The writing side: the record matched to a customer (by the reader on a
 * base without customers), then written. */
int
rows_customer_apply(struct import_ctx *x, const struct crec *r)
{
	const struct slots *s = &x->slots;
	const struct val *v = r->vals;
	struct addr em = {false, false, 0}, ph = {false, false, 0};
	long long cid = r->cid;
	bool matched = r->matched;
	sqlite3_stmt *st;
	char *tags;

	if (!x->fresh) {
		em = address(x->by_email, &v[s->email]);
		ph = address(x->by_phone, &v[s->phone]);
		matched = match(x, v, r->key, &em, &ph, &cid);
	}
	st = matched ? x->upd : x->ins;
	sqlite3_reset(st);
	if (bind_vals(x, v, st, matched ? cid : 0) != 0 || db_step(x->db, st, x->e) < 0)
		return -1;
	if (!matched) {
		long long id = sqlite3_last_insert_rowid(db_handle(x->db));

		if (x->fresh && id != cid)
			return err_set(x->e, EXIT_FAIL,
			               _("%s:%ld: the new customer got id %lld, expected %lld: "
			                 "nothing was imported"),
			               x->file, r->line, id, cid);
		cid = id;
	}
	if (rows_customer_keep(x, v, cid, matched) != 0)
		return -1;
	if (r->key != NULL && !matched && remember_key(x, r->key, cid) != 0)
		return -1;
	if (!x->fresh && matched_row(x, v, r->key, &em, &ph, cid, matched, x->e) != 0)
		return -1;
	if (r->tags == NULL)
		return 0;
	/* add_tags cuts the list in place: work on a copy. */
	if ((tags = strdup(r->tags)) == NULL)
		return err_set(x->e, EXIT_FAIL, _("out of memory"));
	if (add_tags(x, cid, tags) != 0) {
		free(tags);
		return -1;
	}
	free(tags);
	return 0;
}
