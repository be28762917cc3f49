/* The customer list's queries (query_list.h): pages by keyset in every
 * order, both ways, empty values last; the search folded as rules fold
 * text; positions; the scope. Expected orders are worked out by hand. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "db.h"
#include "query_list.h"
#include "segment/segment.h"

/* Cities: folded а(бакан) < к(иїв) < м(осква) < о(мск); 4 and 6 empty. */
static const char base_sql[] =
	"INSERT INTO customers (id, first_name, last_name, email, phone, city) VALUES"
	" (1, 'Анна', 'Иванова', 'anna@x.ru', '+79990000001', 'Москва'),"
	" (2, 'Борис', 'Петров', 'boris@y.ru', '+79990000002', 'омск'),"
	" (3, 'анна', 'Сидорова', 'ANNA2@z.ru', '+79990000003', 'Київ'),"
	" (4, 'Dmitry', 'Ivanov', 'dima@x.com', NULL, ''),"
	" (5, 'Елена', NULL, 'lena@x.ru', '+380501112233', 'москва'),"
	" (6, NULL, NULL, 'noname@x.ru', NULL, NULL),"
	" (7, 'Олег', 'Ким', NULL, '+79990000007', 'Абакан');";

struct fixture {
	char *dir;
	struct db *db;
	struct list_query q;
	struct err e;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb_sql("list", base_sql, &f->dir);
	assert_int_equal(segment_add(f->db, "P", "city = \"МОСКВА\"", NULL, &f->e), 0);
	assert_int_equal(list_query_open(f->db, NULL, NULL, &f->q, &f->e), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	list_query_free(&f->q);
	th_closedb(&f->db, &f->dir);
	free(f);
	return 0;
}

static size_t
col(const struct list_query *q, const char *name)
{
	for (size_t i = 0; i < q->ncols; i++)
		if (strcmp(q->cols[i].name, name) == 0)
			return i;
	fail_msg("no column %s", name);
	return 0;
}

/* The whole order read in pages of `page` rows, forward from the start
 * (dir > 0) or backward from the end, as "1,2,3". */
static void
walk(struct fixture *f, int dir, size_t page, bool match, char *out, size_t size)
{
	struct list_key k = {0};
	bool have = false;
	char ids[256] = "";

	for (;;) {
		struct list_page p;

		if (list_fetch(f->db, &f->q, have ? &k : NULL, dir, false, match, page, &p, &f->e) != 0)
			fail_msg("list_fetch: %s", f->e.msg);
		if (p.n == 0) {
			list_page_free(&p);
			break;
		}
		char part[128] = "";
		for (size_t i = 0; i < p.n; i++) {
			char one[24];

			snprintf(one, sizeof one, "%s%lld", i ? "," : "", p.rows[i].id);
			strcat(part, one);
		}
		if (dir > 0) {
			if (ids[0] != '\0')
				strcat(ids, ",");
			strcat(ids, part);
		} else {
			char tmp[sizeof part + 1 + 256];

			snprintf(tmp, sizeof tmp, "%s%s%s", part, ids[0] ? "," : "", ids);
			strcpy(ids, tmp);
		}
		list_key_free(&k);
		assert_int_equal(list_key_copy(&k, &p.rows[dir > 0 ? p.n - 1 : 0].key), 0);
		have = true;
		list_page_free(&p);
	}
	list_key_free(&k);
	snprintf(out, size, "%s", ids);
}

/* ids[0..n) as "1,2,3". */
static void
join_ids(const long long *ids, size_t n, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%lld", i ? "," : "", ids[i]);
}

/* list_order gives want too, and list_fetch_ids reads any slice of it as
 * list_fetch does, row for row. */
static void
check_ids(struct fixture *f, const char *want)
{
	long long *ids;
	size_t n;
	char got[256];
	struct list_page all, part;

	assert_int_equal(list_order(f->db, &f->q, &ids, &n, &f->e), 0);
	join_ids(ids, n, got, sizeof got);
	assert_string_equal(got, want);
	assert_int_equal(list_fetch(f->db, &f->q, NULL, 1, false, false, 10, &all, &f->e), 0);
	assert_int_equal(all.n, n);
	for (size_t from = 0; from < n; from += 3) {
		size_t len = n - from < 3 ? n - from : 3;

		assert_int_equal(list_fetch_ids(f->db, &f->q, ids + from, len, &part, &f->e), 0);
		assert_int_equal(part.n, len);
		for (size_t i = 0; i < len; i++) {
			const struct list_row *a = &all.rows[from + i], *b = &part.rows[i];

			assert_int_equal(b->id, a->id);
			assert_int_equal(b->key.null, a->key.null);
			for (size_t c = 0; c < f->q.ncols; c++)
				if (a->v[c] == NULL)
					assert_null(b->v[c]);
				else
					assert_string_equal(b->v[c], a->v[c]);
		}
		list_page_free(&part);
	}
	list_page_free(&all);
	free(ids);
}

/* Every page size, both ways, gives want; so does the order as ids. */
static void
check_order(struct fixture *f, const char *want)
{
	char got[256];

	check_ids(f, want);

	for (size_t page = 1; page <= 8; page++) {
		walk(f, 1, page, false, got, sizeof got);
		assert_string_equal(got, want);
		walk(f, -1, page, false, got, sizeof got);
		assert_string_equal(got, want);
	}
}

static void
test_by_id(void **state)
{
	struct fixture *f = *state;

	check_order(f, "1,2,3,4,5,6,7");
	list_query_sort(&f->q, LIST_BY_ID, true);
	check_order(f, "7,6,5,4,3,2,1");
}

static void
test_by_city(void **state)
{
	struct fixture *f = *state;

	/* folded (Москва = москва: id breaks the tie), the empty ones last */
	list_query_sort(&f->q, col(&f->q, "city"), false);
	check_order(f, "7,3,1,5,2,4,6");
	/* descending: the exact reverse, but the empty ones still last */
	list_query_sort(&f->q, col(&f->q, "city"), true);
	check_order(f, "2,5,1,3,7,6,4");
}

static void
test_by_name(void **state)
{
	struct fixture *f = *state;

	/* dmitry ivanov < анна иванова < анна сидорова < борис < елена < олег; 6 has none */
	list_query_sort(&f->q, col(&f->q, "name"), false);
	check_order(f, "4,1,3,2,5,7,6");
}

static void
test_values(void **state)
{
	struct fixture *f = *state;
	struct list_page p;
	size_t name = col(&f->q, "name"), city = col(&f->q, "city");

	assert_int_equal(list_fetch(f->db, &f->q, NULL, 1, false, false, 10, &p, &f->e), 0);
	assert_int_equal(p.n, 7);
	assert_string_equal(p.rows[0].v[name], "Анна Иванова");
	assert_string_equal(p.rows[4].v[name], "Елена");
	assert_null(p.rows[5].v[name]);
	assert_string_equal(p.rows[2].v[city], "Київ");
	list_page_free(&p);
}

static void
test_search(void **state)
{
	struct fixture *f = *state;
	char got[256];

	/* Cyrillic in any case, in the name */
	assert_int_equal(list_query_search(&f->q, "АННА", &f->e), 0);
	walk(f, 1, 1, true, got, sizeof got);
	assert_string_equal(got, "1,3");
	/* in the email, in any case */
	assert_int_equal(list_query_search(&f->q, "Anna", &f->e), 0);
	walk(f, -1, 1, true, got, sizeof got);
	assert_string_equal(got, "1,3");
	/* in the phone */
	assert_int_equal(list_query_search(&f->q, "0000007", &f->e), 0);
	walk(f, 1, 2, true, got, sizeof got);
	assert_string_equal(got, "7");
	/* in a sorted list, the next match from a row (n) and the one before (N) */
	list_query_sort(&f->q, col(&f->q, "city"), false); /* 7,3,1,5,2,4,6 */
	assert_int_equal(list_query_search(&f->q, "x.ru", &f->e), 0); /* 1, 5, 6 */
	{
		struct list_page at, next;

		assert_int_equal(list_fetch(f->db, &f->q, NULL, 1, false, false, 2, &at, &f->e), 0);
		assert_int_equal(at.rows[1].id, 3);
		assert_int_equal(list_fetch(f->db, &f->q, &at.rows[1].key, 1, false, true, 1, &next, &f->e), 0);
		assert_int_equal(next.rows[0].id, 1);
		list_page_free(&next);
		assert_int_equal(list_fetch(f->db, &f->q, &at.rows[1].key, -1, false, true, 1, &next, &f->e), 0);
		assert_int_equal(next.n, 0);
		list_page_free(&next);
		list_page_free(&at);
		/* from the last row (6, empty), backward: 5 */
		assert_int_equal(list_fetch(f->db, &f->q, NULL, -1, false, false, 1, &at, &f->e), 0);
		assert_int_equal(at.rows[0].id, 6);
		assert_int_equal(list_fetch(f->db, &f->q, &at.rows[0].key, -1, false, true, 1, &next, &f->e), 0);
		assert_int_equal(next.rows[0].id, 5);
		list_page_free(&next);
		/* inclusive: the row itself when it matches */
		assert_int_equal(list_fetch(f->db, &f->q, &at.rows[0].key, 1, true, true, 5, &next, &f->e), 0);
		assert_int_equal(next.n, 1);
		assert_int_equal(next.rows[0].id, 6);
		list_page_free(&next);
		list_page_free(&at);
	}
	assert_int_equal(list_query_search(&f->q, "", &f->e), 0);
	assert_null(f->q.search);
}

static void
test_position(void **state)
{
	struct fixture *f = *state;
	struct list_page p;
	long long pos;

	list_query_sort(&f->q, col(&f->q, "city"), true); /* 2,5,1,3,7,6,4 */
	assert_int_equal(list_fetch(f->db, &f->q, NULL, 1, false, false, 10, &p, &f->e), 0);
	for (size_t i = 0; i < p.n; i++) {
		assert_int_equal(list_position(f->db, &f->q, &p.rows[i].key, &pos, &f->e), 0);
		assert_int_equal(pos, (long long)i);
	}
	list_page_free(&p);
}

static void
test_scope(void **state)
{
	struct fixture *f = *state;
	struct list_query q;
	struct list_page p;

	assert_int_equal(list_query_open(f->db, "P", NULL, &q, &f->e), 0);
	assert_int_equal(list_fetch(f->db, &q, NULL, 1, false, false, 10, &p, &f->e), 0);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.rows[0].id, 1);
	assert_int_equal(p.rows[1].id, 5);
	list_page_free(&p);
	list_query_free(&q);
	assert_int_equal(list_query_open(f->db, "P", "first_name = \"елена\"", &q, &f->e), 0);
	assert_int_equal(list_fetch(f->db, &q, NULL, -1, false, false, 10, &p, &f->e), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.rows[0].id, 5);
	list_page_free(&p);
	list_query_free(&q);
	assert_int_equal(list_query_open(f->db, "Nope", NULL, &q, &f->e), -1);
}

static void
test_ids(void **state)
{
	struct fixture *f = *state;
	struct list_query q;
	long long *ids;
	size_t n;

	assert_int_equal(list_query_ids(f->db, &f->q, "city = \"МОСКВА\"", &ids, &n, &f->e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 5);
	free(ids);
	/* within a segment's scope: its condition and the rule's, parameters of both */
	assert_int_equal(list_query_open(f->db, "P", NULL, &q, &f->e), 0);
	assert_int_equal(list_query_ids(f->db, &q, "first_name = \"ЕЛЕНА\"", &ids, &n, &f->e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 5);
	free(ids);
	assert_int_equal(list_query_ids(f->db, &q, "email contains \"nobody\"", &ids, &n, &f->e), 0);
	assert_int_equal(n, 0);
	free(ids);
	assert_int_equal(list_query_ids(f->db, &q, "city = ", &ids, &n, &f->e), -1);
	assert_null(ids);
	list_query_free(&q);
}

static void
test_narrow(void **state)
{
	struct fixture *f = *state;
	const long long only[] = {2, 5, 6, 99};
	long long *ids;
	size_t n;
	char got[256];

	list_query_sort(&f->q, col(&f->q, "city"), false); /* 7,3,1,5,2,4,6 */
	assert_int_equal(list_query_narrow(&f->q, only, 4, &f->e), 0);
	check_order(f, "5,2,6");
	/* with the search: its parameters after the narrowing's */
	assert_int_equal(list_query_search(&f->q, "x.ru", &f->e), 0); /* 1, 5, 6 */
	walk(f, 1, 1, true, got, sizeof got);
	assert_string_equal(got, "5,6");
	assert_int_equal(list_query_ids(f->db, &f->q, NULL, &ids, &n, &f->e), 0);
	assert_int_equal(n, 3);
	free(ids);
	assert_int_equal(list_query_ids(f->db, &f->q, "city = москва", &ids, &n, &f->e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 5);
	free(ids);
	assert_int_equal(list_query_narrow(&f->q, NULL, 0, &f->e), 0);
	check_order(f, "7,3,1,5,2,4,6");
}

/* c in the list: a field's column comes last and reads its values; a
 * column there goes, and the sort follows it (back to the id when its own
 * column goes); an unknown field is refused. */
/* The ids the search matches, ascending, in whatever order the list is;
 * none without a search. */
static void
test_matches(void **state)
{
	struct fixture *f = *state;
	long long *ids;
	size_t n;
	char got[256];

	assert_int_equal(list_matches(f->db, &f->q, &ids, &n, &f->e), 0);
	assert_int_equal(n, 0);
	assert_null(ids);
	list_query_sort(&f->q, col(&f->q, "city"), true);
	/* "АННА" folds to the name of 1 and 3, and to the emails anna@, ANNA2@ */
	assert_int_equal(list_query_search(&f->q, "АННА", &f->e), 0);
	assert_int_equal(list_matches(f->db, &f->q, &ids, &n, &f->e), 0);
	join_ids(ids, n, got, sizeof got);
	assert_string_equal(got, "1,3");
	free(ids);
	assert_int_equal(list_query_search(&f->q, "x.ru", &f->e), 0);
	assert_int_equal(list_matches(f->db, &f->q, &ids, &n, &f->e), 0);
	join_ids(ids, n, got, sizeof got);
	assert_string_equal(got, "1,5,6");
	free(ids);
}

/* A copy answers as the original, and outlives it: the counter's thread
 * reads its own. */
static void
test_copy(void **state)
{
	struct fixture *f = *state;
	struct list_query c;
	long long *ids;
	size_t n;
	long long only[] = {2, 5, 7};
	char got[256];

	list_query_free(&f->q);
	assert_int_equal(list_query_open(f->db, "P", NULL, &f->q, &f->e), 0);
	assert_int_equal(list_query_narrow(&f->q, only, 3, &f->e), 0);
	list_query_sort(&f->q, col(&f->q, "city"), true);
	assert_int_equal(list_query_copy(&c, &f->q, &f->e), 0);
	list_query_free(&f->q);
	/* P is Москва (1 and 5), narrowed to 2, 5, 7: 5 alone */
	assert_int_equal(list_order(f->db, &c, &ids, &n, &f->e), 0);
	join_ids(ids, n, got, sizeof got);
	assert_string_equal(got, "5");
	free(ids);
	assert_int_equal(list_query_open(f->db, NULL, NULL, &f->q, &f->e), 0);
	list_query_free(&c);
}

static void
test_toggle(void **state)
{
	struct fixture *f = *state;
	size_t n0 = f->q.ncols, last;
	struct list_page p;
	bool added = false;

	assert_int_equal(list_query_toggle(f->db, &f->q, "last_name", &added, &f->e), 0);
	assert_true(added);
	assert_int_equal(f->q.ncols, n0 + 1);
	last = col(&f->q, "last_name");
	assert_int_equal(last, n0);
	assert_int_equal(list_fetch(f->db, &f->q, NULL, 1, false, false, 1, &p, &f->e), 0);
	assert_string_equal(p.rows[0].v[last], "Иванова");
	list_page_free(&p);
	/* sorted by the new column; the city column before it goes */
	list_query_sort(&f->q, last, false);
	assert_int_equal(list_query_toggle(f->db, &f->q, "city", &added, &f->e), 0);
	assert_false(added);
	assert_int_equal(f->q.ncols, n0);
	assert_int_equal(f->q.sort, col(&f->q, "last_name"));
	/* the sorted column itself goes: import order */
	assert_int_equal(list_query_toggle(f->db, &f->q, "last_name", &added, &f->e), 0);
	assert_int_equal(f->q.sort, LIST_BY_ID);
	check_order(f, "1,2,3,4,5,6,7");
	assert_int_equal(list_query_toggle(f->db, &f->q, "nosuchfield", &added, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
}

/* The columns chosen are those of every list opened after, in this base;
 * a field the base no longer has is left out; the default ones again
 * leave nothing saved. */
static void
test_columns_saved(void **state)
{
	struct fixture *f = *state;
	struct list_query q2;
	bool added;
	char *v = NULL;

	assert_int_equal(list_query_toggle(f->db, &f->q, "email", &added, &f->e), 0);
	assert_false(added);
	assert_int_equal(list_query_toggle(f->db, &f->q, "lead_score", &added, &f->e), 0);
	assert_true(added);
	assert_int_equal(list_query_save_columns(f->db, &f->q, &f->e), 0);
	assert_int_equal(list_query_open(f->db, "P", NULL, &q2, &f->e), 0);
	assert_int_equal(q2.ncols, 8);
	assert_string_equal(q2.cols[1].name, "phone");
	assert_string_equal(q2.cols[7].name, "lead_score");
	list_query_free(&q2);
	/* a name the base does not have (a custom field dropped since) */
	th_exec(f->db, "UPDATE meta SET value = 'gone,city' WHERE key = 'list_columns'");
	assert_int_equal(list_query_open(f->db, NULL, NULL, &q2, &f->e), 0);
	assert_int_equal(q2.ncols, 1);
	assert_string_equal(q2.cols[0].name, "city");
	list_query_free(&q2);
	/* back to the defaults: nothing kept */
	list_query_free(&f->q);
	th_exec(f->db, "DELETE FROM meta WHERE key = 'list_columns'");
	assert_int_equal(list_query_open(f->db, NULL, NULL, &f->q, &f->e), 0);
	assert_int_equal(list_query_save_columns(f->db, &f->q, &f->e), 0);
	assert_int_equal(db_meta_get(f->db, "list_columns", &v, &f->e), 0);
	assert_null(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_by_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_by_city, setup, teardown),
		cmocka_unit_test_setup_teardown(test_by_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_position, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_narrow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_toggle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_columns_saved, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
