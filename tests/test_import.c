/* Tests of the importer on real files written by the tests: mapping,
 * normalising, custom fields, matching and re-imports, orders and line
 * items, bad rows and the transaction around it all. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "db.h"
#include "import/import.h"
#include "util/strbuf.h"

/* An error as the user sees it (err_format). */
static char line[ERR_LINE_MAX];

struct fixture {
	char *dir;
	struct db *db;
	struct import_result res;
	struct err e;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb("import", &f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	import_result_free(&f->res);
	th_closedb(&f->db, &f->dir);
	free(f);
	return 0;
}

/* Writes data to dir/name and returns the path (owned by the caller). */
static char *
file(struct fixture *f, const char *name, const char *data)
{
	char *p = th_path(f->dir, name);

	th_write(p, data, (size_t)-1);
	return p;
}

static int
run(struct fixture *f, struct import_opts *o)
{
	import_result_free(&f->res);
	memset(&f->e, 0, sizeof f->e);
	return import_run(f->db, o, &f->res, &f->e);
}

static int
import_customers(struct fixture *f, const char *csv)
{
	char *p = file(f, "customers.csv", csv);
	struct import_opts o = {.customers = p};
	int rc = run(f, &o);

	free(p);
	return rc;
}

static void
assert_text(struct db *db, const char *sql, const char *want)
{
	char *got = th_text(db, sql);

	if (want == NULL)
		assert_null(got);
	else
		assert_string_equal(got, want);
	free(got);
}

static void
test_russian_excel_export(void **state)
{
	struct fixture *f = *state;

	/* BOM, ';', CRLF, Russian headers, decimal commas, day-first dates. */
	assert_int_equal(
		import_customers(f, "\xef\xbb\xbf"
		                    "Имя;Фамилия;Эл. почта;Телефон;Город;Страна;Дата рождения;Пол\r\n"
		                    "Анна;Иванова;Anna.I@Mail.RU ;8 (916) 123-45-67;г. Москва;Россия;"
		                    "31.03.1990;ж\r\n"
		                    "Тарас;Шевченко;taras@ukr.net;067 123 4567;Київ;Україна;09.03.1984;ч\r\n"),
		0);
	assert_int_equal(f->res.customers.inserted, 2);
	assert_int_equal(f->res.customers.delim, ';');
	assert_text(f->db, "SELECT email FROM customers WHERE last_name = 'Иванова'",
	            "anna.i@mail.ru");
	assert_text(f->db, "SELECT phone FROM customers WHERE last_name = 'Иванова'",
	            "+79161234567");
	assert_text(f->db, "SELECT phone FROM customers WHERE first_name = 'Тарас'",
	            "+380671234567");
	assert_text(f->db, "SELECT city FROM customers WHERE last_name = 'Иванова'", "Москва");
	assert_text(f->db, "SELECT birth_date FROM customers WHERE first_name = 'Тарас'",
	            "1984-03-09");
	assert_text(f->db, "SELECT gender FROM customers WHERE first_name = 'Тарас'", "M");
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM fields"), 0);
}

/* The import turns the foreign key checks off for its transaction alone:
 * the connection has them back after a success and after a failure, and
 * the rows it wrote satisfy them. */
static void
test_foreign_keys_back_on(void **state)
{
	struct fixture *f = *state;
	char *o = file(f, "o.csv", "order_id,customer_id,date,amount\n1,7,2024-01-01,10\n"
	                           "2,8,2024-01-02,20\n");

	assert_int_equal(import_customers(f, "id,email,tags\n7,a@x.ru,vip\n"), 0);
	assert_int_equal(th_int(f->db, "PRAGMA foreign_keys"), 1);
	{
		struct import_opts opts = {.orders = o};

		assert_int_equal(run(f, &opts), 0);
	}
	assert_int_equal(th_int(f->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM orders"), 2);
	assert_int_equal(import_customers(f, "email,birth_date\nb@x.ru,31.02.2024\n"), -1);
	assert_int_equal(th_int(f->db, "PRAGMA foreign_keys"), 1);
	free(o);
}

static void
test_custom_fields_typed_and_labelled(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(import_customers(f, "CustomerID,Genre,Age,Annual Income (k$),Spending Score "
	                                     "(1-100),Joined,Club member,Zip\n"
	                                     "1,Male,19,15,39,2020-01-05,yes,01234\n"
	                                     "2,Female,21,15.5,81,2021-11-30,no,10115\n"
	                                     "3,Female,,16,NA,,,99999\n"),
	                 0);
	assert_int_equal(f->res.customers.inserted, 3);
	assert_text(f->db, "SELECT type FROM fields WHERE name = 'annual_income_k'", "number");
	assert_text(f->db, "SELECT label FROM fields WHERE name = 'annual_income_k'",
	            "Annual Income (k$)");
	assert_text(f->db, "SELECT type FROM fields WHERE name = 'spending_score_1_100'", "number");
	assert_text(f->db, "SELECT type FROM fields WHERE name = 'joined'", "date");
	assert_text(f->db, "SELECT type FROM fields WHERE name = 'club_member'", "bool");
	/* A leading zero makes a code, not a number. */
	assert_text(f->db, "SELECT type FROM fields WHERE name = 'zip'", "text");
	assert_text(f->db, "SELECT cf_zip FROM customers WHERE ext_id = '1'", "01234");
	assert_int_equal(th_int(f->db, "SELECT cf_club_member FROM customers WHERE ext_id = '1'"), 1);
	/* "Genre" is no synonym of gender: it stays a custom text field. */
	assert_text(f->db, "SELECT type FROM fields WHERE name = 'genre'", "text");
	/* An age column sets the age of customers without a birth date. */
	assert_int_equal(th_int(f->db, "SELECT age FROM customer_metrics WHERE customer_id = "
	                               "(SELECT id FROM customers WHERE ext_id = '2')"),
	                 21);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customer_metrics WHERE age IS NULL"), 1);
}

static void
test_places_merged_to_most_frequent_spelling(void **state)
{
	struct fixture *f = *state;
	size_t i;
	bool listed = false;

	assert_int_equal(import_customers(f, "email,city\n"
	                                     "a@x.ru,Москва\nb@x.ru,москва\nc@x.ru,МОСКВА \n"
	                                     "d@x.ru,г. Москва\ne@x.ru,Казань\nf@x.ru,казань\n"),
	                 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers WHERE city = 'Москва'"), 4);
	assert_int_equal(th_int(f->db, "SELECT count(DISTINCT city) FROM customers"), 2);
	/* A tie goes to the capitalised spelling. */
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers WHERE city = 'Казань'"), 2);
	for (i = 0; i < f->res.nmerged_places; i++)
		listed |= strstr(f->res.merged_places[i], "МОСКВА") != NULL;
	assert_true(listed);
}

static void
test_duplicates_in_file_merged(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(import_customers(f, "email,first_name,city\n"
	                                     "olga@x.ru,Ольга,\n"
	                                     "OLGA@x.ru,,Казань\n"
	                                     "ivan@x.ru,Иван,Тверь\n"),
	                 0);
	assert_int_equal(f->res.customers.inserted, 2);
	assert_int_equal(f->res.customers.merged, 1);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers"), 2);
	/* The second row filled the city and kept the name. */
	assert_text(f->db, "SELECT first_name || '/' || city FROM customers WHERE email = 'olga@x.ru'",
	            "Ольга/Казань");
}

/* A row with an id is that customer: two ids sharing a mailbox are two
 * customers (possible duplicates); a row without an id matches an address
 * only one customer has; a new id adopts a customer that has no id yet. */
static void
test_distinct_ids_never_merged(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(import_customers(f, "id,email,phone\n"
	                                     "1,family@x.ru,\n"
	                                     "2,FAMILY@x.ru,\n"
	                                     "3,solo@x.ru,+79160000001\n"
	                                     "4,,+79160000001\n"),
	                 0);
	assert_int_equal(f->res.customers.inserted, 4);
	assert_int_equal(f->res.customers.merged, 0);
	assert_int_equal(f->res.customers.shared, 2); /* 2 (email of 1), 4 (phone of 3) */
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers"), 4);

	assert_int_equal(import_customers(f, "email,city\n"
	                                     "family@x.ru,Омск\n"
	                                     "solo@x.ru,Тверь\n"
	                                     "list@x.ru,Сочи\n"),
	                 0);
	/* family@ belongs to two: the row is a customer of its own */
	assert_int_equal(f->res.customers.inserted, 2);
	assert_int_equal(f->res.customers.updated, 1);
	assert_text(f->db, "SELECT city FROM customers WHERE ext_id = '3'", "Тверь");
	assert_int_equal(th_int(f->db, "SELECT count(city) FROM customers WHERE ext_id IN ('1','2')"),
	                 0);

	assert_int_equal(import_customers(f, "id,email\n5,list@x.ru\n6,family@x.ru\n"), 0);
	assert_int_equal(f->res.customers.updated, 1);  /* 5 adopts list@ */
	assert_int_equal(f->res.customers.inserted, 1); /* 6 is new */
	assert_text(f->db, "SELECT ext_id || '/' || city FROM customers WHERE email = 'list@x.ru'",
	            "5/Сочи");
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers"), 7);
}

static void
test_reimport_updates_and_keeps_tags_and_hand_edits(void **state)
{
	struct fixture *f = *state;
	struct err e = {0};

	assert_int_equal(import_customers(f, "id,email,city,status,tags\n"
	                                     "17,a@x.ru,Тверь,lead_new,vip\n"
	                                     "18,b@x.ru,Омск,lead_new,\n"),
	                 0);
	/* The marketer tags and edits by hand between the imports. */
	assert_int_equal(db_exec(f->db,
	                         "INSERT INTO tags(name, name_fold) VALUES ('Ждёт распродажу', "
	                         "'ждёт распродажу');"
	                         "INSERT INTO customer_tags SELECT c.id, t.id FROM customers c, tags t "
	                         "WHERE c.ext_id = '18' AND t.name_fold = 'ждёт распродажу';"
	                         "UPDATE customers SET status = 'regular' WHERE ext_id = '18';"
	                         "INSERT INTO hand_edits(customer_id, field) SELECT id, 'status' FROM "
	                         "customers WHERE ext_id = '18';",
	                         &e),
	                 0);
	assert_int_equal(import_customers(f, "id,email,city,status,tags\n"
	                                     "17,a@x.ru,Тула,one_time,\n"
	                                     "18,b@x.ru,Омск,lead_refused,VIP\n"
	                                     "19,c@x.ru,Омск,lead_new,\n"),
	                 0);
	assert_int_equal(f->res.customers.updated, 2);
	assert_int_equal(f->res.customers.inserted, 1);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers"), 3);
	assert_text(f->db, "SELECT city || '/' || status FROM customers WHERE ext_id = '17'",
	            "Тула/one_time");
	/* The hand edit survives; tags are only ever added. */
	assert_text(f->db, "SELECT status FROM customers WHERE ext_id = '18'", "regular");
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customer_tags ct JOIN customers c ON "
	                               "c.id = ct.customer_id WHERE c.ext_id = '17'"),
	                 1);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customer_tags ct JOIN customers c ON "
	                               "c.id = ct.customer_id WHERE c.ext_id = '18'"),
	                 2);
	/* "VIP" is the tag "vip": names are unique case-insensitively. */
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM tags"), 2);
}

static void
test_bad_row_rejects_whole_import(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(import_customers(f, "email,birth_date\na@x.ru,1990-01-01\n"), 0);
	assert_int_equal(import_customers(f, "email,birth_date,city\n"
	                                     "b@x.ru,1991-02-02,Омск\n"
	                                     "c@x.ru,31.02.2024,Омск\n"
	                                     "not-an-email,1992-01-01,Омск\n"),
	                 -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	assert_non_null(strstr(f->e.msg, "--skip-bad"));
	assert_int_equal(f->res.problems_total, 2);
	assert_int_equal(f->res.problems[0].line, 3);
	assert_int_equal(f->res.problems[0].col, 2);
	assert_non_null(strstr(f->res.problems[0].reason, "31.02.2024"));
	assert_int_equal(f->res.problems[1].line, 4);
	assert_int_equal(f->res.problems[1].col, 1);
	/* Nothing of it reached the base: not the good row, not the import. */
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers"), 1);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM imports"), 1);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM fields"), 0);
}

static void
test_skip_bad_records_rejected_lines(void **state)
{
	struct fixture *f = *state;
	char *p = file(f, "c.csv", "email,birth_date\nb@x.ru,1991-02-02\nc@x.ru,31.02.2024\n"
	                           "\"d@x.ru\nsecond line\",1990-01-01\ne@x.ru,1990-01-01\n");
	struct import_opts o = {.customers = p, .skip_bad = true};

	assert_int_equal(run(f, &o), 0);
	free(p);
	assert_int_equal(f->res.customers.inserted, 2);
	assert_int_equal(f->res.customers.rejected, 2);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM import_errors"), 2);
	assert_int_equal(th_int(f->db, "SELECT line FROM import_errors ORDER BY line LIMIT 1"), 3);
	assert_int_equal(th_int(f->db, "SELECT col FROM import_errors ORDER BY line LIMIT 1"), 2);
	/* The record that spans two lines is reported at the line it starts. */
	assert_int_equal(th_int(f->db, "SELECT max(line) FROM import_errors"), 4);
}

/* An error of the importer or of its CSV reader carries the file, line and
 * column apart from its message: nothing has to be read out of the text. */
static void
test_errors_carry_their_position(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = {0};
	char *p;

	p = file(f, "amb.csv", "email,birth_date\nc@x.ru,03/04/1990\nd@x.ru,05/06/1991\n");
	o.customers = p;
	assert_int_equal(run(f, &o), -1);
	assert_string_equal(f->e.file, p);
	assert_int_equal(f->e.line, 1);
	assert_int_equal(f->e.col, 2);
	assert_string_equal(f->e.msg, "the dates of column \"birth_date\" could be day-first or "
	                              "month-first (like 03/04/2024); pass --date-format "
	                              "dd/mm/yyyy or --date-format mm/dd/yyyy");
	free(p);
	/* a header line without a column for the order date: line 1, no column */
	p = file(f, "nodate.csv", "customer_id,amount\n1,5\n");
	o.customers = NULL;
	o.orders = p;
	assert_int_equal(run(f, &o), -1);
	assert_string_equal(f->e.file, p);
	assert_int_equal(f->e.line, 1);
	assert_int_equal(f->e.col, 0);
	assert_int_equal(strncmp(f->e.msg, "no column holds the order date", 30), 0);
	free(p);
	/* the CSV reader's error, through the importer */
	p = file(f, "quote.csv", "email,city\na@x.ru,Moscow\nb@x.ru,\"Kyiv\n");
	o.customers = p;
	o.orders = NULL;
	assert_int_equal(run(f, &o), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	assert_string_equal(f->e.file, p);
	assert_int_equal(f->e.line, 3);
	assert_int_equal(f->e.col, 2);
	assert_int_equal(strncmp(f->e.msg, "unterminated quoted field", 25), 0);
	free(p);
}

static void
test_dates_order_inferred_or_asked(void **state)
{
	struct fixture *f = *state;
	char *p;
	struct import_opts o = {0};

	/* 13/02 settles the column as day-first. */
	assert_int_equal(import_customers(f, "email,birth_date\na@x.ru,03/04/1990\nb@x.ru,13/02/1991\n"),
	                 0);
	assert_text(f->db, "SELECT birth_date FROM customers WHERE email = 'a@x.ru'", "1990-04-03");
	/* Nothing settles it: the import asks for --date-format... */
	p = file(f, "amb.csv", "email,birth_date\nc@x.ru,03/04/1990\nd@x.ru,05/06/1991\n");
	o.customers = p;
	assert_int_equal(run(f, &o), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	assert_non_null(strstr(f->e.msg, "--date-format"));
	assert_non_null(strstr(err_format(&f->e, line, sizeof line), "amb.csv:1:2"));
	/* ...and takes it. */
	o.date_order = DATE_MDY;
	assert_int_equal(run(f, &o), 0);
	assert_text(f->db, "SELECT birth_date FROM customers WHERE email = 'c@x.ru'", "1990-03-04");
	free(p);
}

/* The phones read with an assumed country are counted in the rows kept:
 * a rejected row's phone is not stored, whatever its country. */
static void
test_phones_assumed_in_rows_kept(void **state)
{
	struct fixture *f = *state;
	char *p = file(f, "c.csv",
	               "email,phone,birth_date\n"
	               "a@x.ru,8 916 123 45 67,2090-01-01\n"
	               "b@x.ru,8 916 000 00 00,1990-01-01\n"
	               "c@x.ru,+7 916 111 11 11,1990-01-01\n");
	struct import_opts o = {.customers = p, .skip_bad = true, .country = "RU"};

	assert_int_equal(run(f, &o), 0);
	assert_int_equal(f->res.customers.rejected, 1);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers WHERE phone LIKE '+7%'"), 2);
	assert_int_equal(f->res.phones_assumed, 1);
	free(p);
}

/* The busy handler of the importing connection: on its first call, the
 * other connection commits what it holds, and the import goes on. */
static int
commit_other(void *ctx, int calls)
{
	struct db *other = ctx;
	struct err e = {0};

	if (db_tx_depth(other) > 0)
		assert_int_equal(db_commit(other, &e), 0);
	return calls < 100;
}

/* Another program commits customers while the import waits for the base
 * (two imports at once into an empty base): the import counts the base's
 * customers once it holds it, and matches them, rather than take the base
 * for empty and import them a second time. */
static void
test_customers_committed_while_waiting(void **state)
{
	struct fixture *f = *state;
	struct db *other = NULL;
	struct err e = {0};

	assert_int_equal(db_open(&other, db_path(f->db), 0, &e), 0);
	assert_int_equal(db_begin(other, &e), 0);
	th_exec(other, "INSERT INTO customers(ext_id, email) VALUES ('1', 'a@x.ru');"
	               "INSERT INTO customers(email) VALUES ('b@x.ru')");
	sqlite3_busy_handler(db_handle(f->db), commit_other, other);
	assert_int_equal(import_customers(f, "id,email\n1,a@x.ru\n,b@x.ru\n,c@x.ru\n"), 0);
	assert_int_equal(f->res.customers.updated, 2);
	assert_int_equal(f->res.customers.inserted, 1);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers"), 3);
	db_close(&other);
}

/* The scan reads a sample of an orders file; when the sample leaves the
 * date order open, it reads on. */
static void
test_date_order_settled_after_the_sample(void **state)
{
	struct fixture *f = *state;
	char *p = th_path(f->dir, "o.csv");
	struct import_opts o = {.orders = p};
	FILE *fp = fopen(p, "w");
	long i;

	assert_non_null(fp);
	fputs("order_id,customer_id,date,amount\n", fp);
	for (i = 0; i < 210000; i++)
		fprintf(fp, "%ld,c%ld,03/04/2024,10\n", i, i % 7);
	fputs("last,c1,25/04/2024,10\n", fp);
	fclose(fp);
	assert_int_equal(run(f, &o), 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM orders WHERE date = '2024-04-03'"),
	                 210000);
	free(p);
}

/* Two imports of one file at once: the one that waited for the base finds
 * the file imported meanwhile, says so and changes nothing (its rejected
 * lines are not recorded a second time). */
static void
test_file_imported_while_waiting(void **state)
{
	struct fixture *f = *state;
	char *p = file(f, "c.csv", "id,email,birth_date\n1,a@x.ru,1990-01-01\n2,b@x.ru,2090-01-01\n");
	struct import_opts o = {.customers = p, .skip_bad = true};
	struct import_result other_res = {0};
	struct db *other = NULL;
	struct err e = {0};

	assert_int_equal(db_open(&other, db_path(f->db), 0, &e), 0);
	assert_int_equal(db_begin(other, &e), 0);
	assert_int_equal(import_run(other, &o, &other_res, &e), 0);
	import_result_free(&other_res);
	sqlite3_busy_handler(db_handle(f->db), commit_other, other);
	assert_int_equal(run(f, &o), 0);
	assert_true(f->res.customers.already[0] != '\0');
	assert_int_equal(f->res.customers.updated, 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM imports"), 1);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM import_errors"), 1);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers"), 1);
	db_close(&other);
	free(p);
}

/* The countries of a customers file decide the country of its phones;
 * when the sample leaves a date column open and the file is read again,
 * the sample's rows count once. */
static void
test_countries_counted_once_when_read_again(void **state)
{
	struct fixture *f = *state;
	char *p = th_path(f->dir, "c.csv");
	struct import_opts o = {.customers = p};
	FILE *fp = fopen(p, "w");
	long i;

	assert_non_null(fp);
	/* 10 UA in the sample, 15 RU after it: RU is the most frequent. */
	fputs("country,birth_date\n", fp);
	for (i = 0; i < 10; i++)
		fputs("UA,01/02/1990\n", fp);
	for (i = 0; i < 200000; i++)
		fputs(",01/02/1990\n", fp);
	for (i = 0; i < 15; i++)
		fputs("RU,13/02/1990\n", fp);
	fclose(fp);
	assert_int_equal(run(f, &o), 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers WHERE birth_date = "
	                               "'1990-02-01'"),
	                 200010);
	assert_string_equal(f->res.phone_country, "RU");
	assert_string_equal(f->res.phone_country_source, "most_frequent");
	free(p);
}

/* A file without an id, email or phone column imports: each row is a
 * customer, two rows alike are two, found again by their content key (not
 * shown as the id) when the same content comes again. */
static void
test_no_identifying_column(void **state)
{
	struct fixture *f = *state;
	const char *csv = "first_name,city\nАнна,Омск\nБорис,Тверь\nАнна,Омск\n";

	assert_int_equal(import_customers(f, csv), 0);
	assert_int_equal(f->res.customers.inserted, 3);
	assert_int_equal(f->res.customers.keyed, 3);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers"), 3);
	assert_int_equal(th_int(f->db, "SELECT count(ext_id) FROM customers"), 0);
	assert_int_equal(th_int(f->db, "SELECT count(DISTINCT key) FROM customer_keys"), 3);
	assert_int_equal(import_customers(f, "city,first_name\nОмск,Анна\nОмск,Анна\n"), 0);
	assert_int_equal(f->res.customers.inserted, 0);
	assert_int_equal(f->res.customers.updated, 2);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers"), 3);
}

/* A row of empty cells (";;" under a spreadsheet's data) is no customer,
 * in a file with an email column or without any identifying one. */
static void
test_empty_rows_are_no_customers(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(import_customers(f, "email;first_name;city\na@x.ru;Анна;Омск\n;;\n ; ;NA\n"),
	                 0);
	assert_int_equal(f->res.customers.inserted, 1);
	assert_int_equal(f->res.customers.skipped, 2);
	assert_int_equal(import_customers(f, "first_name;city\nБорис;Тверь\n;\n"), 0);
	assert_int_equal(f->res.customers.inserted, 1);
	assert_int_equal(f->res.customers.skipped, 1);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers"), 2);
}

/* The content key does not depend on the order of the columns, custom
 * fields' included: the same answers exported with the columns moved
 * are the same customers. */
static void
test_content_key_whatever_the_column_order(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(import_customers(f, "Q2,Q1,city\n5,web,Омск\n3,shop,Тверь\n"),
	                 0);
	assert_int_equal(f->res.customers.inserted, 2);
	assert_int_equal(import_customers(f, "city,Q1,Q2\nТверь,shop,3\nОмск,web,5\n"),
	                 0);
	assert_int_equal(f->res.customers.inserted, 0);
	assert_int_equal(f->res.customers.updated, 2);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers"), 2);
}

static void
test_map_overrides(void **state)
{
	struct fixture *f = *state;
	const char *maps[] = {"Клиент=id", "Комментарий=-", "Сегмент=segment_name"};
	char *p = file(f, "c.csv", "Клиент;Комментарий;Сегмент\n007;звонить после 18;B2B\n");
	struct import_opts o = {.customers = p, .maps = maps, .nmaps = 3};

	assert_int_equal(run(f, &o), 0);
	free(p);
	assert_text(f->db, "SELECT ext_id FROM customers", "007");
	assert_text(f->db, "SELECT cf_segment_name FROM customers", "B2B");
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM fields"), 1);
}

static const char orders_csv[] =
	"InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
	"536365,85123A,\"WHITE HANGING HEART, T-LIGHT\",6,2010-12-01 08:26:00,2.55,17850.0,"
	"United Kingdom\n"
	"536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom\n"
	"536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom\n"
	"536367,84879,BIRD ORNAMENT,32,2010-12-01 08:34:00,1.69,13047.0,United Kingdom\n"
	"536368,22960,JAM MAKING SET,6,2010-12-01 08:34:00,4.25,,United Kingdom\n"
	"C536379,D,Discount,-1,2010-12-01 09:41:00,27.50,14527.0,United Kingdom\n"
	"536367,22748,POPPY'S PLAYHOUSE,6,2010-12-01 08:34:00,2.10,13047.0,United Kingdom\n"
	"536370,22728,ALARM CLOCK,24,2010-12-01 08:45:00,3.75,12583.0,France\n";

static void
test_line_items_summed_into_orders(void **state)
{
	struct fixture *f = *state;
	char *p = file(f, "retail.csv", orders_csv);
	struct import_opts o = {.orders = p};

	assert_int_equal(run(f, &o), 0);
	assert_int_equal(f->res.orders.rows_read, 8);
	assert_int_equal(f->res.orders.skipped, 1);
	assert_int_equal(f->res.orders.lines, 7);
	assert_int_equal(f->res.orders.inserted, 5);
	assert_int_equal(f->res.orders.cancelled, 1);
	assert_int_equal(f->res.orders.customers_created, 4);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM orders"), 5);
	/* 6 x 2.55 + 6 x 3.39 */
	assert_text(f->db, "SELECT printf('%.2f', amount) FROM orders WHERE order_no = '536365'",
	            "35.64");
	/* Lines of one order that are not consecutive still add up. */
	assert_text(f->db, "SELECT printf('%.2f/%d', amount, lines) FROM orders WHERE order_no = "
	                   "'536367'",
	            "66.68/2");
	assert_int_equal(th_int(f->db, "SELECT cancelled FROM orders WHERE order_no = 'C536379'"), 1);
	assert_text(f->db, "SELECT country FROM customers WHERE ext_id = '12583'", "France");
	/* Metrics: the cancellation is no purchase. */
	assert_int_equal(th_int(f->db, "SELECT m.orders FROM customer_metrics m JOIN customers c ON "
	                               "c.id = m.customer_id WHERE c.ext_id = '17850'"),
	                 2);
	assert_int_equal(th_int(f->db, "SELECT m.orders FROM customer_metrics m JOIN customers c ON "
	                               "c.id = m.customer_id WHERE c.ext_id = '14527'"),
	                 0);
	assert_string_equal(f->res.ref_date, "2010-12-02");
	assert_int_equal(th_int(f->db, "SELECT m.days_since_order FROM customer_metrics m JOIN "
	                               "customers c ON c.id = m.customer_id WHERE c.ext_id = '17850'"),
	                 1);

	/* The same file again is known by its SHA-256 and left alone. */
	assert_int_equal(run(f, &o), 0);
	assert_true(f->res.orders.already[0] != '\0');
	assert_int_equal(f->res.orders.inserted, 0);
	assert_int_equal(f->res.orders.updated, 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM imports"), 1);
	assert_int_equal(f->res.orders.customers_created, 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM orders"), 5);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers"), 4);
	assert_text(f->db, "SELECT printf('%.2f/%d', amount, lines) FROM orders WHERE order_no = "
	                   "'536367'",
	            "66.68/2");
	free(p);
}

/* Lines of an order met again after other orders add up to it, whether
 * its number came in order (5, 7: found in the sorted list) or not (6,
 * 999: found among the keys that came out of order); 999 is not taken for
 * a number after 1000. */
static void
test_orders_met_again_in_any_order(void **state)
{
	struct fixture *f = *state;
	char *p = file(f, "o.csv", "order_id,customer_id,date,amount\n"
	                           "5,1,2024-01-01,1\n"
	                           "7,1,2024-01-01,2\n"
	                           "6,2,2024-01-01,4\n"
	                           "5,1,2024-01-01,8\n"
	                           "6,2,2024-01-01,16\n"
	                           "1000,1,2024-01-01,32\n"
	                           "999,2,2024-01-01,64\n"
	                           "7,1,2024-01-01,128\n"
	                           "999,2,2024-01-01,256\n"
	                           "1000,1,2024-01-01,512\n");
	struct import_opts o = {.orders = p};

	assert_int_equal(run(f, &o), 0);
	assert_int_equal(f->res.orders.inserted, 5);
	assert_int_equal(f->res.orders.merged, 5);
	assert_text(f->db, "SELECT group_concat(order_no || ':' || amount || '/' || lines, ' ') "
	                   "FROM (SELECT * FROM orders ORDER BY id)",
	            "5:9.0/2 7:130.0/2 6:20.0/2 1000:544.0/2 999:320.0/2");
	free(p);
}

/* New orders are inserted many at a time (import/orders.c): every order
 * of a file longer than one such insert lands in the file's order, with
 * its own values, whether it came in a full insert or in the rest; an
 * order met again while it waits for its insert adds up; a second file
 * numbers its new orders after the first file's. */
static void
test_orders_written_many_at_once(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb = {0}, want = {0};
	char *p, *q;
	int i;

	strbuf_add(&sb, "order_id,customer_id,date,amount,category\n");
	for (i = 1; i <= 150; i++) {
		strbuf_addf(&sb, "N%d,%d,2024-01-%02d,%d,c%d\n", i, i % 7, i % 28 + 1, i, i % 3);
		if (i == 20)
			strbuf_add(&sb, "N3,3,2024-01-04,1000,c0\n"); /* N3 met again */
		strbuf_addf(&want, "%sN%d:%d/%d:%s", i > 1 ? " " : "", i, i % 7,
		            i == 3 ? 1003 : i, i % 3 == 0 ? "c0" : i % 3 == 1 ? "c1" : "c2");
	}
	p = file(f, "o.csv", sb.p);
	{
		struct import_opts o = {.orders = p};

		assert_int_equal(run(f, &o), 0);
	}
	assert_int_equal(f->res.orders.inserted, 150);
	assert_int_equal(f->res.orders.merged, 1);
	assert_text(f->db,
	            "SELECT group_concat(o.order_no || ':' || c.ext_id || '/' || CAST(o.amount AS INT)"
	            " || ':' || o.category, ' ') FROM (SELECT * FROM orders ORDER BY id) o"
	            " JOIN customers c ON c.id = o.customer_id",
	            want.p);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM orders WHERE id <> substr(order_no, 2)"),
	                 0);
	assert_int_equal(th_int(f->db, "SELECT sum(orders) FROM customer_metrics"), 150);
	q = file(f, "o2.csv", "order_id,customer_id,date,amount\nM1,1,2024-02-01,5\n"
	                      "N150,1,2024-02-01,7\nM2,2,2024-02-02,6\n");
	{
		struct import_opts o = {.orders = q};

		assert_int_equal(run(f, &o), 0);
	}
	assert_int_equal(f->res.orders.inserted, 2);
	assert_int_equal(f->res.orders.updated, 1);
	assert_text(f->db, "SELECT group_concat(id || ':' || order_no || '/' || amount, ' ') FROM"
	                   " (SELECT * FROM orders WHERE id > 149 ORDER BY id)",
	            "150:N150/7.0 151:M1/5.0 152:M2/6.0");
	free(p);
	free(q);
	free(sb.p);
	free(want.p);
}

static void
test_orders_link_to_imported_customers(void **state)
{
	struct fixture *f = *state;
	char *c = file(f, "c.csv", "id,email,city\n100,a@x.ru,Омск\n101,b@x.ru,Тверь\n");
	char *o = file(f, "o.csv", "order_id;customer_id;date;amount;category\n"
	                           "A1;100;05.01.2024;1 200,50;books\n"
	                           "A2;100;10.02.2024;300;toys\n"
	                           "A3;100;11.02.2024;100;books\n"
	                           "A4;102;11.02.2024;50;toys\n");
	struct import_opts opts = {.customers = c, .orders = o};

	assert_int_equal(run(f, &opts), 0);
	assert_int_equal(f->res.customers.inserted, 2);
	assert_int_equal(f->res.orders.customers_created, 1);
	assert_text(f->db, "SELECT printf('%d/%.2f/%.2f/%s/%s/%s', orders, spent, avg_check, "
	                   "first_order, last_order, top_category) FROM customer_metrics m JOIN "
	                   "customers c ON c.id = m.customer_id WHERE c.ext_id = '100'",
	            "3/1600.50/533.50/2024-01-05/2024-02-11/books");
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customer_metrics WHERE orders = 0"), 1);
	free(c);
	free(o);
}

static void
test_dry_run_and_as_of(void **state)
{
	struct fixture *f = *state;
	char *p = file(f, "o.csv", "order_id,customer_id,date,amount\n1,7,2024-01-01,10\n");
	struct import_opts o = {.orders = p, .dry_run = true};

	assert_int_equal(run(f, &o), 0);
	assert_int_equal(f->res.orders.inserted, 1);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM orders"), 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM imports"), 0);
	o.dry_run = false;
	o.as_of = "2024-03-01";
	assert_int_equal(run(f, &o), 0);
	assert_string_equal(f->res.ref_date, "2024-03-01");
	assert_int_equal(th_int(f->db, "SELECT days_since_order FROM customer_metrics"), 60);
	free(p);
}

static void
test_cancel_leaves_base_unchanged(void **state)
{
	struct fixture *f = *state;
	volatile sig_atomic_t cancel = 1;
	char *p = file(f, "c.csv", "email\na@x.ru\n");
	struct import_opts o = {.customers = p, .cancel = &cancel};
	char *big;
	size_t i, n = 40000;
	FILE *fp;

	/* Enough rows for the importer to look at the flag. */
	fp = fopen(p, "w");
	fputs("email\n", fp);
	for (i = 0; i < n; i++)
		fprintf(fp, "user%zu@x.ru\n", i);
	fclose(fp);
	assert_int_equal(run(f, &o), -1);
	assert_non_null(strstr(f->e.msg, "interrupted"));
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM customers"), 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM imports"), 0);
	big = NULL;
	free(big);
	free(p);
}

static void
test_missing_file(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = {.customers = "tests/tmp/none/such.csv"};

	assert_int_equal(run(f, &o), -1);
	assert_int_equal(f->e.code, EXIT_NOINPUT);
	assert_non_null(strstr(f->e.msg, "such.csv"));
}

static void
test_full_name_split(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(import_customers(f, "email,ФИО\n"
	                                     "a@x.ru,Иванов Иван Иванович\n"
	                                     "b@x.ru,John Smith\n"
	                                     "c@x.ru,Петрова Анна\n"),
	                 0);
	assert_text(f->db, "SELECT first_name || '/' || last_name FROM customers WHERE email = 'a@x.ru'",
	            "Иван/Иванов");
	assert_text(f->db, "SELECT first_name || '/' || last_name FROM customers WHERE email = 'b@x.ru'",
	            "John/Smith");
	assert_text(f->db, "SELECT first_name || '/' || last_name FROM customers WHERE email = 'c@x.ru'",
	            "Анна/Петрова");
}

static void
test_cp1251_file(void **state)
{
	struct fixture *f = *state;
	/* "email;Город\na@x.ru;Москва\n" in Windows-1251 */
	static const char data[] = "email;\xc3\xee\xf0\xee\xe4\na@x.ru;\xcc\xee\xf1\xea\xe2\xe0\n";

	assert_int_equal(import_customers(f, data), 0);
	assert_string_equal(f->res.customers.encoding, "windows-1251");
	assert_text(f->db, "SELECT city FROM customers", "Москва");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_russian_excel_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_custom_fields_typed_and_labelled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_merged_to_most_frequent_spelling, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_duplicates_in_file_merged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_distinct_ids_never_merged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_updates_and_keeps_tags_and_hand_edits,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_row_rejects_whole_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_keys_back_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skip_bad_records_rejected_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dates_order_inferred_or_asked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_carry_their_position, setup, teardown),
		cmocka_unit_test_setup_teardown(test_date_order_settled_after_the_sample, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_phones_assumed_in_rows_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_customers_committed_while_waiting, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_file_imported_while_waiting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_countries_counted_once_when_read_again, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_no_identifying_column, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_rows_are_no_customers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_content_key_whatever_the_column_order, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_map_overrides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_items_summed_into_orders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orders_met_again_in_any_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orders_written_many_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orders_link_to_imported_customers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_and_as_of, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_leaves_base_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_name_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cp1251_file, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
