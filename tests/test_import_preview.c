/* Tests of the import preview (import_preview_file): on real files, the
 * detected delimiter and encoding, the first records as the importer reads
 * them, and each column's mapping — checked against what import_run then
 * does with the same options: the custom fields it reports and creates,
 * and the values it puts in the base. */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "db.h"
#include "fields.h"
#include "import/import.h"

struct fixture {
	char *dir;
	struct db *db;
	struct import_preview p;
	struct import_result res;
	struct err e;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb("import_preview", &f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	import_preview_free(&f->p);
	import_result_free(&f->res);
	th_closedb(&f->db, &f->dir);
	free(f);
	return 0;
}

/* $SRCDIR/rel, or NULL (the test is skipped) when it cannot be read. */
static char *
source_file(const char *rel)
{
	const char *src = getenv("SRCDIR");
	char *path;

	if (src == NULL)
		return NULL;
	if (asprintf(&path, "%s/%s", src, rel) < 0)
		fail_msg("out of memory");
	if (access(path, R_OK) != 0) {
		free(path);
		return NULL;
	}
	return path;
}

/* The column of the preview mapped to field, or -1. */
static int
col_of(const struct import_preview *p, const char *field)
{
	size_t i;

	for (i = 0; i < p->ncols; i++)
		if (p->cols[i].field != NULL && strcmp(p->cols[i].field, field) == 0)
			return (int)i;
	return -1;
}

/* The custom fields the preview says the import creates, one line each as
 * import_result.custom_fields words them, in column order. */
static char *
new_fields(const struct import_preview *p)
{
	char *out = strdup(""), *s;
	size_t i;

	for (i = 0; i < p->ncols; i++) {
		if (!p->cols[i].is_new)
			continue;
		assert_int_equal(p->cols[i].kind, IMPORT_COL_CUSTOM);
		if (asprintf(&s, "%s%s (%s) from \"%s\"\n", out, p->cols[i].field,
		             field_type_name(p->cols[i].type), p->cols[i].header) < 0)
			fail_msg("out of memory");
		free(out);
		out = s;
	}
	return out;
}

static char *
reported_fields(const struct import_result *r)
{
	char *out = strdup(""), *s;
	size_t i;

	for (i = 0; i < r->ncustom_fields; i++) {
		if (asprintf(&s, "%s%s\n", out, r->custom_fields[i]) < 0)
			fail_msg("out of memory");
		free(out);
		out = s;
	}
	return out;
}

/* Every custom field of the preview is in the base's catalog after the
 * import, with the preview's type. */
static void
assert_catalog(struct fixture *f)
{
	struct field_catalog cat = {0};
	size_t i, n = 0;

	assert_int_equal(fields_load(f->db, &cat, &f->e), 0);
	for (i = 0; i < f->p.ncols; i++) {
		const struct import_preview_col *c = &f->p.cols[i];
		const struct field *fl;

		if (c->kind != IMPORT_COL_CUSTOM)
			continue;
		fl = fields_find(&cat, c->field);
		if (fl == NULL)
			fail_msg("field %s of column \"%s\" is not in the base", c->field, c->header);
		assert_int_equal(fl->origin, FO_CUSTOM);
		assert_int_equal(fl->type, c->type);
		n++;
	}
	fields_free(&cat);
	assert_true(n > 0);
}

/* The value the base holds in column field of the customer whose ext_id
 * is id (malloc'd, NULL when none). */
static char *
stored(struct fixture *f, const char *field, const char *id)
{
	char *sql = sqlite3_mprintf("SELECT %w FROM customers WHERE ext_id = %Q", field, id);
	char *v = th_text(f->db, sql);

	sqlite3_free(sql);
	return v;
}

static void
test_customers_ru(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = {0};
	char *path = source_file("tests/data/customers_ru.csv"), *a, *b;
	static const char *const fields[] = {"first_name", "last_name", "city"};
	size_t i, k;

	if (path == NULL)
		skip();
	assert_int_equal(import_preview_file(f->db, path, false, &o, 3, 0, &f->p, &f->e), 0);
	assert_int_equal(f->p.delim, ';');
	assert_int_equal(f->p.enc, CSV_ENC_UTF8);
	assert_true(f->p.final);
	assert_null(f->p.problem);
	assert_int_equal(f->p.ncols, 10);
	assert_int_equal(f->p.nrows, 3);
	assert_string_equal(f->p.cols[0].header, "id");
	assert_string_equal(f->p.cols[7].header, "Город");
	assert_int_equal(f->p.lines[0], 2);
	assert_string_equal(f->p.rows[0][1], "anna.ivanova@example.ru");
	assert_string_equal(f->p.rows[1][7], "москва"); /* as read, before normalising */
	assert_int_equal(f->p.cols[col_of(&f->p, "email")].kind, IMPORT_COL_KNOWN);

	o.customers = path;
	assert_int_equal(import_run(f->db, &o, &f->res, &f->e), 0);
	assert_string_equal(f->res.customers.encoding, "utf-8");
	assert_int_equal(f->res.customers.delim, f->p.delim);
	a = new_fields(&f->p);
	b = reported_fields(&f->res);
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_catalog(f);
	/* the well-known columns: the base holds each one's value where the
	 * preview says it goes */
	for (k = 0; k < sizeof fields / sizeof fields[0]; k++) {
		int c = col_of(&f->p, fields[k]), id = col_of(&f->p, "id");

		assert_true(c >= 0 && id >= 0);
		for (i = 0; i < f->p.nrows; i++) {
			char *v = stored(f, fields[k], f->p.rows[i][id]);

			assert_non_null(v);
			if (strcmp(fields[k], "city") != 0)
				assert_string_equal(v, f->p.rows[i][c]);
			else /* place names merge to one spelling */
				assert_true(strcasecmp(v, f->p.rows[i][c]) == 0 ||
				            strcmp(v, "Москва") == 0);
			free(v);
		}
	}
	free(path);
}

/* --map overrides: a column renamed, another skipped. */
static void
test_map_overrides(void **state)
{
	struct fixture *f = *state;
	static const char *const maps[] = {"Бонусы=bonus_points", "Пол=-", "Город=region"};
	struct import_opts o = {.maps = maps, .nmaps = 3};
	char *path = source_file("tests/data/customers_ru.csv"), *a, *b;
	int c;

	if (path == NULL)
		skip();
	assert_int_equal(import_preview_file(f->db, path, false, &o, 2, 0, &f->p, &f->e), 0);
	c = col_of(&f->p, "bonus_points");
	assert_true(c >= 0);
	assert_true(f->p.cols[c].is_new && f->p.cols[c].by_user);
	assert_int_equal(f->p.cols[c].type, FT_NUMBER);
	assert_int_equal(f->p.cols[6 - 1].kind, IMPORT_COL_SKIP); /* Пол */
	assert_true(f->p.cols[6 - 1].by_user);
	assert_int_equal(f->p.cols[col_of(&f->p, "region")].kind, IMPORT_COL_KNOWN);
	assert_int_equal(col_of(&f->p, "city"), -1);

	o.customers = path;
	assert_int_equal(import_run(f->db, &o, &f->res, &f->e), 0);
	a = new_fields(&f->p);
	b = reported_fields(&f->res);
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers WHERE gender IS NOT NULL"), 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers WHERE city IS NOT NULL"), 0);
	assert_true(th_int(f->db, "SELECT count(*) FROM customers WHERE region IS NOT NULL") > 0);
	/* a second preview sees the field the import made: custom, not new */
	import_preview_free(&f->p);
	assert_int_equal(import_preview_file(f->db, path, false, &o, 2, 0, &f->p, &f->e), 0);
	c = col_of(&f->p, "bonus_points");
	assert_int_equal(f->p.cols[c].kind, IMPORT_COL_CUSTOM);
	assert_false(f->p.cols[c].is_new);
	free(path);
}

/* Windows-1251 without a BOM: detected and decoded as the importer does. */
static void
test_cp1251(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = {0};
	/* "id;Имя;Город\n1;Анна;Москва\n" in Windows-1251 */
	static const char data[] = "id;\xC8\xEC\xFF;\xC3\xEE\xF0\xEE\xE4\n"
	                           "1;\xC0\xED\xED\xE0;\xCC\xEE\xF1\xEA\xE2\xE0\n";
	char *path = th_path(f->dir, "cp1251.csv");

	th_write(path, data, sizeof data - 1);
	assert_int_equal(import_preview_file(f->db, path, false, &o, 5, 0, &f->p, &f->e), 0);
	assert_int_equal(f->p.enc, CSV_ENC_CP1251);
	assert_int_equal(f->p.delim, ';');
	assert_string_equal(f->p.cols[1].header, "Имя");
	assert_string_equal(f->p.cols[1].field, "first_name");
	assert_int_equal(f->p.nrows, 1);
	assert_string_equal(f->p.rows[0][2], "Москва");
	/* an encoding given is used, not detected */
	import_preview_free(&f->p);
	o.csv.enc = CSV_ENC_LATIN1;
	assert_int_equal(import_preview_file(f->db, path, false, &o, 5, 0, &f->p, &f->e), 0);
	assert_int_equal(f->p.enc, CSV_ENC_LATIN1);
	assert_string_not_equal(f->p.rows[0][2], "Москва");
	free(path);
}

/* Errors are the import's: a missing file; a mapping the import refuses
 * is a problem, not an error. */
static void
test_errors(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = {0};
	char *path = th_path(f->dir, "nope.csv"), *dates = th_path(f->dir, "dates.csv");
	static const char data[] = "id,signed\n1,03/04/2024\n2,05/06/2024\n";
	char line[ERR_LINE_MAX];

	volatile sig_atomic_t stop = 1;

	assert_int_equal(import_preview_file(f->db, path, false, &o, 5, 0, &f->p, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_NOINPUT);
	/* cancelled: an error, nothing kept */
	th_write(dates, data, sizeof data - 1);
	o.cancel = &stop;
	assert_int_equal(import_preview_file(f->db, dates, false, &o, 5, 0, &f->p, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_FAIL);
	assert_null(f->p.cols);
	assert_int_equal(f->p.nrows, 0);
	o.cancel = NULL;
	th_write(dates, data, sizeof data - 1);
	/* orders without an amount: the import's refusal, as a problem */
	assert_int_equal(import_preview_file(f->db, dates, true, &o, 5, 0, &f->p, &f->e), 0);
	assert_non_null(f->p.problem);
	o.orders = dates;
	assert_int_not_equal(import_run(f->db, &o, &f->res, &f->e), 0);
	assert_non_null(strstr(f->p.problem, err_format(&f->e, line, sizeof line)));
	free(path);
	free(dates);
}

/* marketing_campaign.csv: BOM, ';', CRLF, 29 columns of which most become
 * custom fields; their types over the whole file are the import's. */
static void
test_marketing_campaign(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = {0};
	char *path = source_file("../shared/data/marketing_campaign.csv"), *a, *b;

	if (path == NULL)
		skip();
	assert_int_equal(import_preview_file(f->db, path, false, &o, 5, 0, &f->p, &f->e), 0);
	assert_int_equal(f->p.delim, ';');
	assert_int_equal(f->p.enc, CSV_ENC_UTF8);
	assert_true(f->p.had_bom);
	assert_true(f->p.final);
	assert_int_equal(f->p.scanned, 2240);
	assert_int_equal(f->p.ncols, 29);
	assert_int_equal(f->p.nrows, 5);
	assert_string_equal(f->p.cols[0].header, "ID"); /* the BOM is gone */
	assert_string_equal(f->p.rows[0][0], "5524");
	assert_string_equal(f->p.rows[0][28], "1"); /* no CR left */

	o.customers = path;
	assert_int_equal(import_run(f->db, &o, &f->res, &f->e), 0);
	a = new_fields(&f->p);
	b = reported_fields(&f->res);
	assert_true(strlen(a) > 0);
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_catalog(f);
	/* the head alone: the same columns, types not final */
	import_preview_free(&f->p);
	assert_int_equal(import_preview_file(f->db, path, false, &o, 5, 40, &f->p, &f->e), 0);
	assert_int_equal(f->p.scanned, 40);
	assert_false(f->p.final);
	free(path);
}

/* online_retail.csv as an orders file: only its head is read, and each
 * column goes where the import puts it (checked on an import of its
 * first lines). */
static void
test_online_retail(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = {0};
	static const char *const want[] = {"order_id", "sku",        "product",     "quantity",
	                                   "date",     "unit_price", "customer_id", "country"};
	char *path = source_file("../shared/data/online_retail.csv"), *head, *buf, *sql;
	FILE *in;
	size_t i, n = 0, cap = 1 << 16;
	int line = 0, c;

	if (path == NULL)
		skip();
	assert_int_equal(import_preview_file(f->db, path, true, &o, 4, 0, &f->p, &f->e), 0);
	assert_int_equal(f->p.delim, ',');
	assert_int_equal(f->p.enc, CSV_ENC_UTF8);
	assert_true(f->p.final);
	assert_null(f->p.problem);
	assert_int_equal(f->p.ncols, 8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(f->p.cols[i].kind, IMPORT_COL_KNOWN);
		assert_string_equal(f->p.cols[i].field, want[i]);
	}
	assert_int_equal(f->p.nrows, 4);
	assert_string_equal(f->p.rows[0][2], "WHITE HANGING HEART T-LIGHT HOLDER");
	assert_int_equal(f->p.lines[3], 5);
	/* the import samples 200,000 records for the date order, no more */
	assert_true(f->p.scanned <= 200000);

	/* the first 100 lines imported: the order and its customer are there */
	head = th_path(f->dir, "retail_head.csv");
	assert_non_null(in = fopen(path, "rb"));
	buf = malloc(cap);
	while (line < 100 && (c = fgetc(in)) != EOF && n < cap) {
		buf[n++] = (char)c;
		line += c == '\n';
	}
	fclose(in);
	th_write(head, buf, n);
	free(buf);
	o.orders = head;
	assert_int_equal(import_run(f->db, &o, &f->res, &f->e), 0);
	sql = sqlite3_mprintf("SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id"
	                      " WHERE o.order_no = %Q AND o.date = %Q AND c.ext_id = '17850'",
	                      f->p.rows[0][0], f->p.rows[0][4]);
	assert_int_equal(th_int(f->db, sql), 1);
	sqlite3_free(sql);
	free(head);
	free(path);
}

/* The fields the interface's picker offers are the ones a --map takes:
 * each, mapped onto a column, maps it to itself. */
static void
test_known_fields(void **state)
{
	struct fixture *f = *state;
	char *dir = th_tmpdir("known_fields"), *path = th_path(dir, "one.csv");
	const char *name;
	size_t i, n;
	int k;

	th_write(path, "Column\n1\n", (size_t)-1);
	for (k = 0; k < 2; k++) {
		for (i = 0; (name = import_known_field(k == 1, i)) != NULL; i++) {
			char map[160];
			const char *maps[] = {map};
			struct import_opts o = {.maps = maps, .nmaps = 1};

			snprintf(map, sizeof map, "Column=%s", name);
			assert_int_equal(import_preview_file(f->db, path, k == 1, &o, 1, 0, &f->p, &f->e),
			                 0);
			assert_int_equal(f->p.ncols, 1);
			assert_int_equal(f->p.cols[0].kind, IMPORT_COL_KNOWN);
			assert_string_equal(f->p.cols[0].field, name);
			assert_true(f->p.cols[0].by_user);
			import_preview_free(&f->p);
		}
		n = i;
		assert_true(n >= (k == 1 ? 12 : 20));
	}
	assert_string_equal(import_known_field(true, 3), "amount");
	assert_null(import_known_field(true, 12));
	th_rmtree(dir);
	free(path);
	free(dir);
}

/* Customers files read as customers, orders files as orders; a --map
 * that names the amount makes an orders file of one without it. */
static void
test_guess_orders(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *rel;
		bool orders;
	} files[] = {
		{"data/demo/customers.csv", false},  {"data/demo/orders.csv", true},
		{"tests/data/customers_ru.csv", false}, {"tests/data/orders_lines.csv", true},
		{"tests/data/orders_noid.csv", true},  {"tests/data/orders_ru.csv", true},
		{"tests/data/no_id_column.csv", false},
	};
	char *dir = th_tmpdir("guess_orders"), *path = th_path(dir, "o.csv");
	const char *maps[] = {"Paid=amount"};
	struct import_opts o = {0};
	size_t i;
	bool orders;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *p = source_file(files[i].rel);

		if (p == NULL)
			skip();
		orders = !files[i].orders;
		assert_int_equal(import_guess_orders(f->db, p, &o, &orders, &f->e), 0);
		if (orders != files[i].orders)
			fail_msg("%s read as %s", files[i].rel, orders ? "orders" : "customers");
		free(p);
	}
	th_write(path, "customer_id,date,Paid\n1,2024-01-02,10\n", (size_t)-1);
	assert_int_equal(import_guess_orders(f->db, path, &o, &orders, &f->e), 0);
	assert_false(orders);
	o.maps = maps;
	o.nmaps = 1;
	assert_int_equal(import_guess_orders(f->db, path, &o, &orders, &f->e), 0);
	assert_true(orders);
	th_write(path, "", 0);
	assert_int_equal(import_guess_orders(f->db, path, &o, &orders, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	th_rmtree(dir);
	free(path);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_customers_ru, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_overrides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cp1251, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_marketing_campaign, setup, teardown),
		cmocka_unit_test_setup_teardown(test_online_retail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_known_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guess_orders, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
