/* The field catalog: header synonyms in three languages, the catalog of a
 * real base with custom fields, lookups by name and label, suggestions,
 * and adding custom fields. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "db.h"
#include "fields.h"
#include "metrics.h"

static const struct {
	const char *header, *field;
} customer_headers[] = {
	{"Email", "email"}, {"E-mail", "email"}, {"e_mail", "email"}, {"EMAIL ADDRESS", "email"},
	{"Почта", "email"}, {"Эл. почта", "email"}, {"эл.почта", "email"},
	{"Электронная почта", "email"}, {"Емейл", "email"}, {"Електронна пошта", "email"},
	{"Phone", "phone"}, {"Phone Number", "phone"}, {"mobile", "phone"}, {"Tel", "phone"},
	{"ТЕЛЕФОН", "phone"}, {"Тел.", "phone"}, {"Мобильный", "phone"},
	{"Моб. телефон", "phone"}, {"Мобільний", "phone"}, {"Номер телефону", "phone"},
	{"First Name", "first_name"}, {"firstname", "first_name"}, {"Имя", "first_name"},
	{"ІМ'Я", "first_name"}, {"ім’я", "first_name"}, {"Given name", "first_name"},
	{"Last Name", "last_name"}, {"Surname", "last_name"}, {"Фамилия", "last_name"},
	{"Прізвище", "last_name"},
	{"Name", "full_name"}, {"ФИО", "full_name"}, {"Ф.И.О.", "full_name"},
	{"ПІБ", "full_name"}, {"Customer Name", "full_name"}, {"Full name", "full_name"},
	{"Gender", "gender"}, {"Sex", "gender"}, {"Пол", "gender"}, {"Стать", "gender"},
	{"Birth Date", "birth_date"}, {"Date of birth", "birth_date"}, {"DOB", "birth_date"},
	{"Дата рождения", "birth_date"}, {"День Рождения", "birth_date"},
	{"Дата народження", "birth_date"},
	{"City", "city"}, {"Town", "city"}, {"Город", "city"}, {"Місто", "city"},
	{"Населённый пункт", "city"},
	{"Region", "region"}, {"State", "region"}, {"Область", "region"}, {"Регион", "region"},
	{"Country", "country"}, {"Страна", "country"}, {"Країна", "country"},
	{"Status", "status"}, {"Статус", "status"},
	{"Funnel stage", "stage"}, {"Этап", "stage"}, {"Стадия", "stage"}, {"Етап", "stage"},
	{"Source", "source"}, {"utm_source", "source"}, {"UTM Source", "source"},
	{"Channel", "source"}, {"Источник", "source"}, {"Канал", "source"}, {"Джерело", "source"},
	{"Device", "device"}, {"Platform", "device"}, {"Устройство", "device"},
	{"Пристрій", "device"},
	{"Created", "created_at"}, {"Created At", "created_at"},
	{"Registration date", "created_at"}, {"Дата регистрации", "created_at"},
	{"Дата реєстрації", "created_at"},
	{"Last activity", "last_activity"}, {"Last Seen", "last_activity"},
	{"Последняя активность", "last_activity"}, {"Остання активність", "last_activity"},
	{"Last email open", "last_email_open"}, {"Последнее открытие", "last_email_open"},
	{"Email consent", "email_consent"}, {"Subscribed", "email_consent"},
	{"Accepts Marketing", "email_consent"}, {"Согласие на рассылку", "email_consent"},
	{"Подписка", "email_consent"}, {"Згода на розсилку", "email_consent"},
	{"SMS consent", "sms_consent"}, {"Согласие на SMS", "sms_consent"},
	{"Згода на SMS", "sms_consent"},
	{"Lead score", "lead_score"}, {"Score", "lead_score"}, {"Скоринг", "lead_score"},
	{"Оценка лида", "lead_score"},
	{"ID", "id"}, {"Customer ID", "id"}, {"CustomerID", "id"}, {"client_id", "id"},
	{"External ID", "id"}, {"Код клиента", "id"}, {"ID клиента", "id"}, {"Код", "id"},
	{"Age", "age"}, {"Возраст", "age"}, {"Вік", "age"},
	{"Tags", "tags"}, {"Теги", "tags"}, {"Метки", "tags"}, {"Мітки", "tags"},
	{"  e-MAIL  ", "email"},
};

static void
test_customer_synonyms(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof customer_headers / sizeof customer_headers[0]; i++) {
		const char *got = fields_customer_synonym(customer_headers[i].header);

		if (got == NULL || strcmp(got, customer_headers[i].field) != 0)
			fail_msg("\"%s\" -> %s, expected %s", customer_headers[i].header,
			         got ? got : "(none)", customer_headers[i].field);
	}
	assert_null(fields_customer_synonym("Favourite colour"));
	assert_null(fields_customer_synonym("Annual Income (k$)"));
	assert_null(fields_customer_synonym(""));
	assert_null(fields_customer_synonym(" - "));
}

static const struct {
	const char *header, *field;
} order_headers[] = {
	/* the UCI Online Retail export */
	{"InvoiceNo", "order_id"}, {"StockCode", "sku"}, {"Description", "product"},
	{"Quantity", "quantity"}, {"InvoiceDate", "date"}, {"UnitPrice", "unit_price"},
	{"CustomerID", "customer_id"}, {"Country", "country"},
	/* and others */
	{"Order ID", "order_id"}, {"order no", "order_id"}, {"Номер заказа", "order_id"},
	{"№ заказа", "order_id"}, {"Номер замовлення", "order_id"}, {"Заказ", "order_id"},
	{"Customer", "customer_id"}, {"client id", "customer_id"},
	{"ID клиента", "customer_id"}, {"Код клиента", "customer_id"},
	{"Order Date", "date"}, {"Дата", "date"}, {"Дата заказа", "date"},
	{"Дата замовлення", "date"},
	{"Amount", "amount"}, {"Total", "amount"}, {"Revenue", "amount"}, {"Сумма", "amount"},
	{"Итого", "amount"}, {"Сума", "amount"},
	{"Qty", "quantity"}, {"Количество", "quantity"}, {"Кол-во", "quantity"},
	{"Кількість", "quantity"},
	{"Unit Price", "unit_price"}, {"Price", "unit_price"}, {"Цена", "unit_price"},
	{"Ціна", "unit_price"},
	{"Category", "category"}, {"Категория", "category"}, {"Категорія", "category"},
	{"Product", "product"}, {"Item", "product"}, {"Товар", "product"},
	{"Наименование", "product"}, {"Назва", "product"},
	{"SKU", "sku"}, {"Артикул", "sku"},
	{"City", "city"}, {"Город", "city"}, {"Email", "email"},
};

static void
test_order_synonyms(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof order_headers / sizeof order_headers[0]; i++) {
		const char *got = fields_order_synonym(order_headers[i].header);

		if (got == NULL || strcmp(got, order_headers[i].field) != 0)
			fail_msg("\"%s\" -> %s, expected %s", order_headers[i].header,
			         got ? got : "(none)", order_headers[i].field);
	}
	assert_null(fields_order_synonym("Gift wrap"));
}

/* No spelling stands for two different fields. */
static void
test_synonyms_unambiguous(void **state)
{
	const struct builtin_field *b;
	size_t n, i, k;

	(void)state;
	b = fields_builtin(&n);
	assert_int_equal(n, 21);
	assert_string_equal(b[0].name, "id");
	assert_string_equal(b[20].name, "lead_score");
	for (i = 0; i < n; i++)
		for (k = 0; b[i].synonyms[k] != NULL; k++) {
			const char *got = fields_customer_synonym(b[i].synonyms[k]);

			if (got == NULL || strcmp(got, b[i].name) != 0)
				fail_msg("synonym \"%s\" of %s maps to %s", b[i].synonyms[k], b[i].name,
				         got ? got : "(none)");
		}
}

static void
test_catalog(void **state)
{
	struct field_catalog cat;
	const struct field *f;
	struct err e = {0};
	char *dir;
	struct db *db = th_newdb("fields", &dir);

	(void)state;
	assert_int_equal(fields_add_custom(db, "annual_income_k", "Annual Income (k$)", FT_NUMBER,
	                                   &e),
	                 0);
	assert_int_equal(fields_add_custom(db, "любимый_цвет", "Любимый цвет", FT_TEXT, &e), 0);
	/* inside an open transaction, as the importer calls it */
	assert_int_equal(db_begin(db, &e), 0);
	assert_int_equal(fields_add_custom(db, "visited", "Visited", FT_DATE, &e), 0);
	assert_int_equal(db_commit(db, &e), 0);

	assert_int_equal(fields_load(db, &cat, &e), 0);
	assert_int_equal(cat.n, 21 + 20 + 3);

	f = fields_find(&cat, "id");
	assert_non_null(f);
	assert_string_equal(f->sql, "c.ext_id");
	assert_int_equal(f->origin, FO_BUILTIN);
	f = fields_find(&cat, "CITY");
	assert_string_equal(f->name, "city");
	assert_string_equal(f->sql, "c.city");
	assert_false(f->needs_metrics);
	f = fields_find(&cat, "last_order");
	assert_int_equal(f->type, FT_DATE);
	assert_int_equal(f->origin, FO_COMPUTED);
	assert_true(f->needs_metrics);
	f = fields_find(&cat, "tags");
	assert_int_equal(f->type, FT_NUMBER);
	assert_false(f->needs_metrics);

	/* custom fields by name and by label, in any case */
	f = fields_find(&cat, "annual income (K$)");
	assert_non_null(f);
	assert_string_equal(f->name, "annual_income_k");
	assert_string_equal(f->sql, "c.\"cf_annual_income_k\"");
	assert_int_equal(f->type, FT_NUMBER);
	assert_int_equal(f->origin, FO_CUSTOM);
	f = fields_find(&cat, "ЛЮБИМЫЙ ЦВЕТ");
	assert_non_null(f);
	assert_string_equal(f->name, "любимый_цвет");
	assert_int_equal(fields_find(&cat, "Visited")->type, FT_DATE);
	assert_null(fields_find(&cat, "nothing"));

	/* suggestions */
	assert_string_equal(fields_nearest(&cat, "cyty"), "city");
	assert_string_equal(fields_nearest(&cat, "emial"), "email");
	assert_string_equal(fields_nearest(&cat, "Emal"), "email");
	assert_string_equal(fields_nearest(&cat, "любимый_свет"), "любимый_цвет");
	assert_null(fields_nearest(&cat, "zzzzzz"));
	assert_null(fields_nearest(&cat, "x"));
	{
		static const char *const paths[] = {"Clients", "Clients/Primary school", "Лиды"};
		const char *const *dom;
		size_t n, r, fr, k;
		bool in;

		/* among other names, in any case */
		assert_string_equal(fields_nearest_of("clientz", paths, 3), "Clients");
		assert_string_equal(fields_nearest_of("CLIENTS/primary scool", paths, 3),
		                    "Clients/Primary school");
		assert_string_equal(fields_nearest_of("лид", paths, 3), "Лиды");
		assert_null(fields_nearest_of("Zorro", paths, 3));
		/* the fixed values of rfm are the names metrics gives */
		dom = fields_domain(fields_find(&cat, "rfm"), &n);
		assert_non_null(dom);
		assert_int_equal(n, 10);
		for (r = 1; r <= 5; r++)
			for (fr = 1; fr <= 5; fr++) {
				for (in = false, k = 0; k < n; k++)
					in = in || strcmp(dom[k], metrics_rfm_segment((int)r, (int)fr)) == 0;
				assert_true(in);
			}
		assert_non_null(fields_domain(fields_find(&cat, "buyer_type"), &n));
		assert_int_equal(n, 5);
		assert_null(fields_domain(fields_find(&cat, "city"), &n));
		assert_int_equal(n, 0);
		assert_null(fields_domain(fields_find(&cat, "top_category"), &n));
	}
	fields_free(&cat);
	assert_null(cat.v);

	/* the columns exist with their affinity */
	assert_int_equal(th_int(db, "SELECT count(*) FROM pragma_table_info('customers') "
	                            "WHERE name = 'cf_annual_income_k' AND type = 'REAL'"),
	                 1);
	assert_int_equal(th_int(db, "SELECT count(*) FROM fields"), 3);

	/* refused: a duplicate, built-in and computed names, bad names */
	assert_int_equal(fields_add_custom(db, "annual_income_k", "x", FT_TEXT, &e), -1);
	assert_string_equal(e.msg, "a custom field \"annual_income_k\" already exists");
	assert_int_equal(fields_add_custom(db, "city", "City", FT_TEXT, &e), -1);
	assert_string_equal(e.msg, "\"city\" is the name of a built-in field; choose another");
	assert_int_equal(fields_add_custom(db, "orders", "Orders", FT_NUMBER, &e), -1);
	assert_int_equal(fields_add_custom(db, "tags", "Tags", FT_NUMBER, &e), -1);
	assert_int_equal(fields_add_custom(db, "refunds", "Refunds", FT_NUMBER, &e), -1);
	assert_int_equal(fields_add_custom(db, "Upper", "x", FT_TEXT, &e), -1);
	assert_int_equal(fields_add_custom(db, "2023_sales", "x", FT_TEXT, &e), -1);
	assert_int_equal(fields_add_custom(db, "a-b", "x", FT_TEXT, &e), -1);
	assert_int_equal(fields_add_custom(db, "a\"b", "x", FT_TEXT, &e), -1);
	assert_int_equal(fields_add_custom(db, "", "x", FT_TEXT, &e), -1);
	assert_int_equal(fields_add_custom(db, "Город", "x", FT_TEXT, &e), -1);
	assert_int_equal(th_int(db, "SELECT count(*) FROM fields"), 3);

	/* a base without custom fields, and no base at all */
	assert_int_equal(fields_load(NULL, &cat, &e), 0);
	assert_int_equal(cat.n, 41);
	/* what cancellations refunded, beside spent (SPEC §5) */
	f = fields_find(&cat, "refunds");
	assert_non_null(f);
	assert_int_equal(f->origin, FO_COMPUTED);
	assert_int_equal(f->type, FT_NUMBER);
	assert_true(f->needs_metrics);
	fields_free(&cat);

	db_close(&db);
	th_rmtree(dir);
	free(dir);
}

static void
test_types(void **state)
{
	enum field_type t;

	(void)state;
	assert_string_equal(field_type_name(FT_DATE), "date");
	assert_int_equal(field_type_parse("bool", &t), 0);
	assert_int_equal(t, FT_BOOL);
	assert_int_equal(field_type_parse("float", &t), -1);
	assert_string_equal(field_origin_name(FO_COMPUTED), "computed");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_customer_synonyms),
		cmocka_unit_test(test_order_synonyms),
		cmocka_unit_test(test_synonyms_unambiguous),
		cmocka_unit_test(test_catalog),
		cmocka_unit_test(test_types),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
