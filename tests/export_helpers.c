/* The fixture shared by the exporter's tests. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "db.h"
#include "export_helpers.h"

/* Ten customers: ids 1-10 in insertion order. Consents, validity, dupes
 * and activity vary so that every hygiene rule has something to drop. */
static const char base_sql[] =
	"INSERT INTO customers(id, ext_id, email, phone, first_name, last_name, city,"
	"  email_consent, sms_consent, last_email_open, lead_score) VALUES"
	" (1, 'c1', 'anna@example.ru', '+79161234501', 'Анна', 'Иванова', 'Москва', 1, 1,"
	"  '2026-10-01 10:00:00', 10),"
	" (2, 'c2', 'boris@example.ru', '+79161234502', 'Борис', 'Петров', 'Казань', 0, 1,"
	"  '2026-09-15', 20),"
	" (3, 'c3', 'not-an-email', '89161234503', 'Вера', 'Сидорова', 'Москва', 1, 0,"
	"  '2026-10-20', -5),"
	" (4, 'c4', 'ANNA@example.ru', '+79161234501', 'Анна', 'Дубль', 'Москва', 1, 1,"
	"  '2026-10-02', 30),"
	" (5, 'c5', 'old@example.com', '+447700900005', 'Old', 'Timer', 'London', 1, NULL,"
	"  '2025-01-01', 40),"
	" (6, 'c6', NULL, '+380501234506', 'Ганна', NULL, 'Київ', NULL, 1, NULL, NULL),"
	" (7, 'c7', 'quote@example.com', NULL, 'Say \"hi\"', 'Semi;colon', 'Line\nbreak', 1, 0,"
	"  '2026-10-30', 1.5),"
	" (8, 'c8', 'formula@example.com', NULL, '=HYPERLINK(\"http://x\")', '+cmd', '@SUM(A1)',"
	"  1, 0, '2026-10-29', 2),"
	" (9, 'c9', 'tab@example.com', '+79161234509', '\tTab', '-minus', 'Comma, city', 1, 1,"
	"  '2026-10-28', 3),"
	" (10, 'c10', 'ten@example.com', '+79161234510', 'Десять', 'Last', 'Москва', 1, 1,"
	"  '2026-10-27', 4);"
	"INSERT INTO customer_metrics(customer_id, orders, spent, avg_check) VALUES"
	" (1, 2, 1500.5, 750.25), (2, 1, 100, 100);"
	"INSERT INTO tags(id, name, name_fold) VALUES (1, 'vip', 'vip'),"
	" (2, 'Бета', 'бета'), (3, 'ждёт', 'ждёт'), (4, 'Alpha', 'alpha');"
	"INSERT INTO customer_tags(customer_id, tag_id) VALUES (1, 1), (1, 2), (1, 4), (2, 3),"
	" (10, 2);"
	"INSERT INTO meta(key, value) VALUES ('as_of', '2026-10-31');";

int
ex_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb_sql("export", base_sql, &f->dir);
	*state = f;
	return 0;
}

int
ex_teardown(void **state)
{
	struct fixture *f = *state;

	th_closedb(&f->db, &f->dir);
	free(f);
	return 0;
}

char *
ex_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

/* Exports o to dir/name with the preset's format (adjusted by fmt_edit);
 * returns the file's bytes (malloc'd) or NULL when the export failed. */
char *
ex_export_file(struct fixture *f, const struct export_opts *o, const struct export_format *fmt,
            const char *name)
{
	struct export_format def;
	char *path = th_path(f->dir, name), *data = NULL;

	if (fmt == NULL) {
		export_format_preset(o->preset, &def);
		fmt = &def;
	}
	memset(&f->e, 0, sizeof f->e);
	if (export_to_file(f->db, o, path, fmt, true, &f->st, &f->e) == 0)
		data = ex_slurp(path, NULL);
	unlink(path);
	free(path);
	return data;
}

void
ex_assert_export(struct fixture *f, const struct export_opts *o, const struct export_format *fmt,
              const char *want)
{
	char *got = ex_export_file(f, o, fmt, "out.csv");

	if (got == NULL)
		fail_msg("export failed: %s", f->e.msg);
	assert_string_equal(got, want);
	free(got);
}
