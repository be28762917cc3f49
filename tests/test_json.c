/* Tests of the JSON writer: commas and keys placed, strings escaped,
 * numbers with a '.' whatever the locale. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "util/json.h"

/* What the writer wrote into the memory stream f, NUL-terminated. */
struct out {
	FILE *f;
	char *p;
	size_t n;
};

static void
out_open(struct out *o)
{
	o->p = NULL;
	o->n = 0;
	o->f = open_memstream(&o->p, &o->n);
	assert_non_null(o->f);
}

static void
out_check(struct out *o, const char *want)
{
	assert_int_equal(fclose(o->f), 0);
	assert_string_equal(o->p, want);
	free(o->p);
}

static void
test_json_commas_and_keys(void **state)
{
	struct out o;
	struct json j;
	int i;

	(void)state;
	out_open(&o);
	json_begin(&j, o.f);
	json_object(&j);
	json_key(&j, "base");
	json_int(&j, 42);
	json_key(&j, "segments");
	json_array(&j);
	for (i = 0; i < 2; i++) {
		json_object(&j);
		json_key(&j, "id");
		json_int(&j, i);
		json_key(&j, "tags");
		json_array(&j);
		json_close(&j);
		json_key(&j, "ok");
		json_bool(&j, i == 0);
		json_key(&j, "error");
		json_null(&j);
		json_close(&j);
	}
	json_close(&j);
	json_key(&j, "empty");
	json_object(&j);
	json_close(&j);
	json_close(&j);
	json_end(&j);
	out_check(&o, "{\"base\": 42, \"segments\": [{\"id\": 0, \"tags\": [], \"ok\": true, "
	              "\"error\": null}, {\"id\": 1, \"tags\": [], \"ok\": false, \"error\": "
	              "null}], \"empty\": {}}\n");
}

static void
test_json_key_and_value_in_one_call(void **state)
{
	struct out o;
	struct json j;

	(void)state;
	out_open(&o);
	json_begin(&j, o.f);
	json_object(&j);
	json_key_str(&j, "name", "vip");
	json_key_int(&j, "customers", -3);
	json_key_double(&j, "pct", 2.0 / 3.0, 1);
	json_key_bool(&j, "ok", true);
	json_key_null(&j, "error");
	json_key_str(&j, "value", NULL);
	json_end(&j);
	out_check(&o, "{\"name\": \"vip\", \"customers\": -3, \"pct\": 0.7, \"ok\": true, "
	              "\"error\": null, \"value\": null}\n");
}

static void
test_json_end_closes_what_is_open(void **state)
{
	struct out o;
	struct json j;

	(void)state;
	out_open(&o);
	json_begin(&j, o.f);
	json_object(&j);
	json_key(&j, "a");
	json_array(&j);
	json_uint(&j, 18446744073709551615u);
	json_str(&j, NULL);
	json_end(&j);
	out_check(&o, "{\"a\": [18446744073709551615, null]}\n");
}

static void
test_json_strings_escaped(void **state)
{
	struct out o;
	struct json j;

	(void)state;
	out_open(&o);
	json_begin(&j, o.f);
	json_array(&j);
	json_str(&j, "say \"hi\"\\\n\r\t\x01 Москва");
	json_close(&j);
	json_end(&j);
	out_check(&o, "[\"say \\\"hi\\\"\\\\\\n\\r\\t\\u0001 Москва\"]\n");

	out_open(&o);
	json_quote(o.f, "a\"b");
	json_quote(o.f, NULL);
	out_check(&o, "\"a\\\"b\"null");
}

static void
test_json_numbers_keep_a_point(void **state)
{
	struct out o;
	struct json j;

	(void)state;
	out_open(&o);
	json_begin(&j, o.f);
	json_array(&j);
	json_double(&j, 67.25, 1);
	json_double(&j, -0.5, 3);
	json_double(&j, 100, 1);
	json_double(&j, NAN, 1);
	json_int(&j, -7);
	json_close(&j);
	json_end(&j);
	out_check(&o, "[67.2, -0.500, 100.0, null, -7]\n");

	/* A locale with a decimal comma, when the machine has one. */
	if (setlocale(LC_NUMERIC, "ru_RU.UTF-8") == NULL &&
	    setlocale(LC_NUMERIC, "de_DE.UTF-8") == NULL)
		return;
	out_open(&o);
	json_begin(&j, o.f);
	json_object(&j);
	json_key(&j, "pct");
	json_double(&j, 12.5, 1);
	json_close(&j);
	json_end(&j);
	setlocale(LC_NUMERIC, "C");
	out_check(&o, "{\"pct\": 12.5}\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_commas_and_keys),
		cmocka_unit_test(test_json_key_and_value_in_one_call),
		cmocka_unit_test(test_json_end_closes_what_is_open),
		cmocka_unit_test(test_json_strings_escaped),
		cmocka_unit_test(test_json_numbers_keep_a_point),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
