/* Tests of the customer card's core: one customer read whole (fields,
 * hand-edit marks, orders newest first, tags) and hand edits (checked as
 * an import checks, kept by re-imports, undone by the undo log). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "customer.h"
#include "db.h"
#include "import/import.h"
#include "segment/segment.h"
#include "undo.h"

struct fixture {
	char *dir;
	struct db *db;
	struct err e;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb("customer", &f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	th_closedb(&f->db, &f->dir);
	free(f);
	return 0;
}

static int
import_file(struct fixture *f, const char *name, const char *csv, bool orders)
{
	return th_import(f->db, f->dir, name, csv, orders, &f->e);
}

static const char customers_csv[] =
	"id,name,email,city,lead_score,email_consent,birth_date,Loyalty Tier,country\n"
	"17,Анна Петрова,anna@x.ru,Тверь,12,yes,1990-05-06,gold,Россия\n"
	"18,Boris Orlov,boris@x.ru,Омск,,no,,silver,\n";

static long long
id_of(struct fixture *f, const char *ext)
{
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT id FROM customers WHERE ext_id = '%s'", ext);
	return th_int(f->db, sql);
}

static const struct card_field *
card_field(const struct customer_card *c, const char *name)
{
	for (size_t i = 0; i < c->nfields; i++)
		if (strcmp(c->fields[i].field->name, name) == 0)
			return &c->fields[i];
	fail_msg("no field %s on the card", name);
	return NULL;
}

static void
test_card_reads_everything(void **state)
{
	struct fixture *f = *state;
	struct customer_card c;
	long long total;
	size_t i;

	assert_int_equal(import_file(f, "c.csv", customers_csv, false), 0);
	assert_int_equal(import_file(f, "o.csv",
	                             "order_id,customer_id,date,amount\n"
	                             "A1,17,2024-01-05,100\n"
	                             "A2,17,2024-03-01,50.5\n"
	                             "A3,17,2024-02-01,-20\n",
	                             true),
	                 0);
	th_exec(f->db, "INSERT INTO tags(name, name_fold) VALUES ('vip', 'vip'), ('Ждёт', 'ждёт');"
	               "INSERT INTO customer_tags SELECT c.id, t.id FROM customers c, tags t "
	               "WHERE c.ext_id = '17';");
	assert_int_equal(customer_card_load(f->db, id_of(f, "17"), &c, &f->e), 0);
	assert_string_equal(c.title, "Анна Петрова");
	/* every field of the catalog, built-in first, computed last */
	total = th_int(f->db, "SELECT count(*) FROM fields WHERE origin = 'custom'");
	assert_int_equal(c.nfields, c.cat.n);
	assert_true((long long)c.cat.n > total);
	assert_int_equal(c.fields[0].field->origin, FO_BUILTIN);
	assert_int_equal(c.fields[c.nfields - 1].field->origin, FO_COMPUTED);
	for (i = 1; i < c.nfields; i++)
		assert_true(c.fields[i - 1].field->origin == c.fields[i].field->origin ||
		            c.fields[i - 1].field->origin == FO_BUILTIN ||
		            c.fields[i].field->origin == FO_COMPUTED);
	assert_string_equal(card_field(&c, "city")->value, "Тверь");
	assert_string_equal(card_field(&c, "id")->value, "17");
	assert_string_equal(card_field(&c, "lead_score")->value, "12");
	assert_string_equal(card_field(&c, "email_consent")->value, "yes");
	assert_string_equal(card_field(&c, "loyalty_tier")->value, "gold");
	assert_int_equal(card_field(&c, "loyalty_tier")->field->origin, FO_CUSTOM);
	assert_null(card_field(&c, "region")->value);
	assert_string_equal(card_field(&c, "orders")->value, "2"); /* the refund is no order */
	assert_false(card_field(&c, "city")->hand);
	/* orders newest first, with the cancelled one marked */
	assert_int_equal(c.norders, 3);
	assert_string_equal(c.orders[0].number, "A2");
	assert_string_equal(c.orders[1].number, "A3");
	assert_true(c.orders[1].cancelled);
	assert_string_equal(c.orders[2].number, "A1");
	assert_false(c.orders[2].cancelled);
	assert_true(c.orders[0].amount > 50.4 && c.orders[0].amount < 50.6);
	/* tags by name, any case */
	assert_int_equal(c.ntags, 2);
	assert_string_equal(c.tags[0], "vip");
	assert_string_equal(c.tags[1], "Ждёт");
	assert_true(customer_card_has_tag(&c, "ЖДЁТ"));
	assert_false(customer_card_has_tag(&c, "other"));
	customer_card_free(&c);
	/* a customer that is not there */
	assert_int_equal(customer_card_load(f->db, 999, &c, &f->e), -1);
}

/* The acceptance test: a hand edit survives a re-import that changes the
 * field, and undo puts the old value back and forgets the hand edit. */
static void
test_hand_edit_survives_reimport_and_undoes(void **state)
{
	struct fixture *f = *state;
	struct customer_card c;
	long long anna;
	char *label = NULL, *s;

	assert_int_equal(import_file(f, "c.csv", customers_csv, false), 0);
	anna = id_of(f, "17");
	assert_int_equal(customer_edit(f->db, anna, "City", "  г. Самара ", &f->e), 0);
	/* normalised as the importer does a city */
	s = th_text(f->db, "SELECT city FROM customers WHERE ext_id = '17'");
	assert_string_equal(s, "Самара");
	free(s);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM hand_edits WHERE field = 'city'"), 1);
	assert_int_equal(customer_card_load(f->db, anna, &c, &f->e), 0);
	assert_true(card_field(&c, "city")->hand);
	assert_false(card_field(&c, "email")->hand);
	customer_card_free(&c);
	/* a custom field too */
	assert_int_equal(customer_edit(f->db, anna, "loyalty_tier", "platinum", &f->e), 0);

	/* the same file with other values: the hand edits stay, the rest moves */
	assert_int_equal(import_file(f, "c2.csv",
	                             "id,name,email,city,lead_score,email_consent,birth_date,"
	                             "Loyalty Tier,country\n"
	                             "17,Анна Петрова,anna@x.ru,Тула,13,yes,1990-05-06,bronze,"
	                             "Россия\n"
	                             "18,Boris Orlov,boris@x.ru,Омск,,no,,bronze,\n",
	                             false),
	                 0);
	s = th_text(f->db, "SELECT city || '/' || lead_score || '/' || cf_loyalty_tier "
	                   "FROM customers WHERE ext_id = '17'");
	assert_string_equal(s, "Самара/13.0/platinum");
	free(s);
	s = th_text(f->db, "SELECT cf_loyalty_tier FROM customers WHERE ext_id = '18'");
	assert_string_equal(s, "bronze");
	free(s);

	/* undo the custom field's edit, then the city's */
	assert_int_equal(undo_last(f->db, &label, &f->e), 0);
	assert_non_null(strstr(label, "loyalty_tier"));
	free(label);
	assert_int_equal(undo_last(f->db, &label, &f->e), 0);
	assert_non_null(strstr(label, "city"));
	assert_non_null(strstr(label, "Анна Петрова"));
	free(label);
	s = th_text(f->db, "SELECT city || '/' || cf_loyalty_tier FROM customers "
	                   "WHERE ext_id = '17'");
	assert_string_equal(s, "Тверь/gold");
	free(s);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM hand_edits"), 0);
	/* forgotten: the next import moves the field again */
	assert_int_equal(import_file(f, "c3.csv", "id,city\n17,Тула\n", false), 0);
	s = th_text(f->db, "SELECT city FROM customers WHERE ext_id = '17'");
	assert_string_equal(s, "Тула");
	free(s);
}

/* Whether Anna's computed age is her whole years from birth at the
 * reference date of the metrics. */
#define AGE_OK(birth)                                                                          \
	"SELECT m.age = cast(strftime('%Y', r.value) AS INTEGER) - " birth_year(birth)           \
	" - (strftime('%m-%d', r.value) < substr('" birth "', 6)) FROM customer_metrics m, "     \
	"customers c, meta r WHERE m.customer_id = c.id AND c.ext_id = '17' AND "               \
	"r.key = 'metrics_ref_date'"
#define birth_year(birth) "cast(substr('" birth "', 1, 4) AS INTEGER)"

/* Values are checked as the importer checks them, per field and type; an
 * error names the field and what was expected, and changes nothing. */
static void
test_hand_edit_checks_values(void **state)
{
	struct fixture *f = *state;
	long long anna;
	char *s;

	assert_int_equal(import_file(f, "c.csv", customers_csv, false), 0);
	anna = id_of(f, "17");
	assert_int_equal(customer_edit(f->db, anna, "email", "not an email", &f->e), -1);
	assert_int_equal(f->e.code, EXIT_DATAERR);
	assert_non_null(strstr(f->e.msg, "Email"));
	assert_non_null(strstr(f->e.msg, "not an email"));
	assert_non_null(strstr(f->e.msg, "expected"));
	assert_int_equal(customer_edit(f->db, anna, "lead_score", "a lot", &f->e), -1);
	assert_non_null(strstr(f->e.msg, "Lead score"));
	assert_non_null(strstr(f->e.msg, "a number"));
	assert_int_equal(customer_edit(f->db, anna, "birth_date", "31.02.1990", &f->e), -1);
	assert_non_null(strstr(f->e.msg, "Birth date"));
	assert_int_equal(customer_edit(f->db, anna, "birth_date", "2999-01-01", &f->e), -1);
	assert_non_null(strstr(f->e.msg, "not in the future"));
	assert_int_equal(customer_edit(f->db, anna, "orders", "5", &f->e), -1);
	assert_non_null(strstr(f->e.msg, "computed"));
	assert_int_equal(customer_edit(f->db, anna, "nosuch", "5", &f->e), -1);
	assert_non_null(strstr(f->e.msg, "nosuch"));
	assert_int_equal(customer_edit(f->db, anna, "id", "18", &f->e), -1);
	assert_non_null(strstr(f->e.msg, "another customer"));
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM hand_edits"), 0);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM undo_log"), 0);

	/* normalised: email lower-cased, number parsed, bool and date read */
	assert_int_equal(customer_edit(f->db, anna, "email", " Anna.P@X.RU ", &f->e), 0);
	assert_int_equal(customer_edit(f->db, anna, "lead_score", "1 234,5", &f->e), 0);
	assert_int_equal(customer_edit(f->db, anna, "email_consent", "нет", &f->e), 0);
	assert_int_equal(customer_edit(f->db, anna, "birth_date", "07.08.1991", &f->e), 0);
	assert_int_equal(customer_edit(f->db, anna, "gender", "жен", &f->e), 0);
	/* the age follows the birth date at once, as SQL counts whole years */
	assert_int_equal(th_int(f->db, AGE_OK("1991-08-07")), 1);
	s = th_text(f->db, "SELECT email || '/' || lead_score || '/' || email_consent || '/' || "
	                   "birth_date || '/' || gender FROM customers WHERE ext_id = '17'");
	assert_string_equal(s, "anna.p@x.ru/1234.5/0/1991-08-07/F");
	free(s);
	assert_int_equal(th_int(f->db, "SELECT typeof(lead_score) = 'real' FROM customers "
	                               "WHERE ext_id = '17'"),
	                 1);
	/* a phone read with the customer's country, as an import reads it */
	assert_int_equal(customer_edit(f->db, anna, "phone", "12", &f->e), -1);
	assert_non_null(strstr(f->e.msg, "Phone"));
	assert_int_equal(customer_edit(f->db, anna, "phone", "8 (916) 123-45-67", &f->e), 0);
	s = th_text(f->db, "SELECT phone FROM customers WHERE ext_id = '17'");
	assert_string_equal(s, "+79161234567");
	free(s);
	assert_int_equal(undo_last(f->db, NULL, &f->e), 0);
	assert_int_equal(th_int(f->db, "SELECT phone IS NULL FROM customers WHERE ext_id = '17'"), 1);
	/* empty clears */
	assert_int_equal(customer_edit(f->db, anna, "city", "", &f->e), 0);
	assert_int_equal(th_int(f->db, "SELECT city IS NULL FROM customers WHERE ext_id = '17'"), 1);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM hand_edits"), 6);
	/* undone one by one back to the imported values, types kept */
	for (int i = 0; i < 6; i++)
		assert_int_equal(undo_last(f->db, NULL, &f->e), 0);
	s = th_text(f->db, "SELECT email || '/' || lead_score || '/' || email_consent || '/' || "
	                   "birth_date || '/' || city FROM customers WHERE ext_id = '17'");
	assert_string_equal(s, "anna@x.ru/12.0/1/1990-05-06/Тверь");
	free(s);
	assert_int_equal(th_int(f->db, "SELECT gender IS NULL FROM customers WHERE ext_id = '17'"), 1);
	assert_int_equal(th_int(f->db, AGE_OK("1990-05-06")), 1);
	assert_int_equal(th_int(f->db, "SELECT typeof(lead_score) = 'real' FROM customers "
	                               "WHERE ext_id = '17'"),
	                 1);
	assert_int_equal(th_int(f->db, "SELECT count(*) FROM hand_edits"), 0);
}

/* A damaged undo log naming a column that is not there is refused. */
static void
test_undo_refuses_unknown_column(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(import_file(f, "c.csv", customers_csv, false), 0);
	assert_int_equal(customer_edit(f->db, id_of(f, "17"), "city", "Самара", &f->e), 0);
	th_exec(f->db, "UPDATE undo_rows SET where_sql = 'city\" = 1; --' WHERE tbl = 'customers'");
	assert_int_equal(undo_last(f->db, NULL, &f->e), -1);
	assert_non_null(strstr(f->e.msg, "damaged"));
}

/* The card's why (by customers.id) is the CLI's (by external id), for a
 * customer with neither an external id nor an email too. */
static void
test_why_by_id(void **state)
{
	struct fixture *f = *state;
	struct segment_why a, b;
	long long anon;

	assert_int_equal(import_file(f, "c.csv", customers_csv, false), 0);
	assert_int_equal(import_file(f, "n.csv", "name,city\nNobody Known,Тверь\n", false), 0);
	anon = th_int(f->db, "SELECT id FROM customers WHERE full_name = 'Nobody Known'");
	assert_int_equal(segment_add(f->db, "Tver", "city = Тверь or lead_score > 5", NULL, &f->e),
	                 0);
	assert_int_equal(segment_why(f->db, "Tver", "17", &a, &f->e), 0);
	assert_int_equal(segment_why_id(f->db, "Tver", id_of(f, "17"), &b, &f->e), 0);
	assert_string_equal(a.customer, b.customer);
	assert_true(b.member);
	assert_int_equal(a.nsteps, 1);
	assert_int_equal(b.nsteps, 1);
	assert_int_equal(b.steps[0].nconds, 2);
	for (size_t k = 0; k < 2; k++) {
		assert_string_equal(a.steps[0].conds[k].text, b.steps[0].conds[k].text);
		assert_int_equal(a.steps[0].conds[k].met, b.steps[0].conds[k].met);
		assert_string_equal(a.steps[0].conds[k].value, b.steps[0].conds[k].value);
	}
	segment_why_free(&a);
	segment_why_free(&b);
	assert_int_equal(segment_why_id(f->db, "Tver", anon, &b, &f->e), 0);
	assert_true(b.member);
	assert_true(b.steps[0].conds[0].met);
	assert_false(b.steps[0].conds[1].met);
	assert_non_null(strstr(b.customer, "Nobody Known"));
	segment_why_free(&b);
	assert_int_equal(segment_why_id(f->db, "Tver", 999, &b, &f->e), -1);
	assert_non_null(strstr(f->e.msg, "999"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_card_reads_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hand_edit_survives_reimport_and_undoes, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_hand_edit_checks_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_refuses_unknown_column, setup, teardown),
		cmocka_unit_test_setup_teardown(test_why_by_id, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
