/* Tests of the exporter: columns and presets down to the bytes, quoting and
 * formula neutralising, the hygiene rules, samples, splits and limits, and
 * the temporary file that never leaves a half-written export behind. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "db.h"
#include "export/export.h"

/* An error as the user sees it (err_format). */
static char line[ERR_LINE_MAX];

struct fixture {
	char *dir;
	struct db *db;
	struct export_stats st;
	struct err e;
};

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

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb_sql("export", base_sql, &f->dir);
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

static char *
slurp(const char *path, size_t *len)
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
static char *
export_file(struct fixture *f, const struct export_opts *o, const struct export_format *fmt,
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
		data = slurp(path, NULL);
	unlink(path);
	free(path);
	return data;
}

static void
assert_export(struct fixture *f, const struct export_opts *o, const struct export_format *fmt,
              const char *want)
{
	char *got = export_file(f, o, fmt, "out.csv");

	if (got == NULL)
		fail_msg("export failed: %s", f->e.msg);
	assert_string_equal(got, want);
	free(got);
}

/* --- columns and presets ------------------------------------------------------- */

static void
test_default_columns(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id in (c1, c2, c6)"};

	/* id first; tags sorted by their folded names, "; "-joined; +
	 * neutralised */
	assert_export(f, &o, NULL,
	              "id,email,phone,first_name,last_name,city,tags\n"
	              "c1,anna@example.ru,'+79161234501,Анна,Иванова,Москва,Alpha; vip; Бета\n"
	              "c2,boris@example.ru,'+79161234502,Борис,Петров,Казань,ждёт\n"
	              "c6,,'+380501234506,Ганна,,Київ,\n");
	assert_int_equal(f->st.selected, 3);
	assert_int_equal(f->st.written, 3);
}

static void
test_columns_and_headers(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id in (c1, c2, c3)",
	                        .columns = "email:E-mail, spent ,first_name:Имя,orders,lead_score,tags"};

	/* computed fields (0 orders without metrics), a negative number is no
	 * formula, custom headers */
	assert_export(f, &o, NULL,
	              "E-mail,spent,Имя,orders,lead_score,tags\n"
	              "anna@example.ru,1500.5,Анна,2,10.0,Alpha; vip; Бета\n"
	              "boris@example.ru,100.0,Борис,1,20.0,ждёт\n"
	              "not-an-email,0,Вера,0,-5.0,\n");
	o.columns = "email,cyty";
	assert_null(export_file(f, &o, NULL, "out.csv"));
	assert_int_equal(f->e.code, EXIT_USAGE);
	assert_non_null(strstr(f->e.msg, "did you mean \"city\""));
	o.columns = "email:";
	assert_null(export_file(f, &o, NULL, "out.csv"));
	assert_int_equal(f->e.code, EXIT_USAGE);
	o.columns = "tags";
	o.tag_sep = " | ";
	assert_export(f, &o, NULL, "tags\nAlpha | vip | Бета\nждёт\n\n");
}

static void
test_preset_mailchimp(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id in (c1, c3)", .preset = EXPORT_PRESET_MAILCHIMP};

	/* the validated +7 phone stays as it is; no BOM, ',' and LF */
	assert_export(f, &o, NULL,
	              "Email Address,First Name,Last Name,Phone Number\n"
	              "anna@example.ru,Анна,Иванова,+79161234501\n"
	              "not-an-email,Вера,Сидорова,89161234503\n");
	/* tags comma-separated, as Mailchimp splits them */
	o.columns = "email,tags";
	o.where = "id = c1";
	assert_export(f, &o, NULL, "Email Address,Tags\nanna@example.ru,\"Alpha,vip,Бета\"\n");
}

static void
test_preset_brevo_unisender(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id = c1", .preset = EXPORT_PRESET_BREVO};

	assert_export(f, &o, NULL,
	              "EMAIL,FIRSTNAME,LASTNAME,SMS\n"
	              "anna@example.ru,Анна,Иванова,+79161234501\n");
	o.columns = "email,phone,city";
	assert_export(f, &o, NULL, "EMAIL,SMS,CITY\nanna@example.ru,+79161234501,Москва\n");
	o.columns = NULL;
	o.preset = EXPORT_PRESET_UNISENDER;
	assert_export(f, &o, NULL, "email,Name,phone\nanna@example.ru,Анна,+79161234501\n");
	o.preset = EXPORT_PRESET_GENERIC;
	assert_export(f, &o, NULL,
	              "id,email,phone,first_name,last_name,city,tags\n"
	              "c1,anna@example.ru,+79161234501,Анна,Иванова,Москва,Alpha; vip; Бета\n");
}

static void
test_preset_excel(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id in (c1, c7)", .preset = EXPORT_PRESET_EXCEL,
	                        .columns = "email,phone,spent,last_name"};

	/* BOM, ';', CRLF, decimal comma; phones neutralised (not a mail
	 * service); a ';' in a cell is quoted */
	assert_export(f, &o, NULL,
	              "\xEF\xBB\xBF"
	              "email;phone;spent;last_name\r\n"
	              "anna@example.ru;'+79161234501;1500,5;Иванова\r\n"
	              "quote@example.com;;0;\"Semi;colon\"\r\n");
}

static void
test_quoting(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id in (c7, c9)", .columns = "first_name,last_name,city"};
	struct export_format fmt;

	assert_export(f, &o, NULL,
	              "first_name,last_name,city\n"
	              "\"Say \"\"hi\"\"\",Semi;colon,\"Line\nbreak\"\n"
	              "'\tTab,'-minus,\"Comma, city\"\n");
	export_format_preset(EXPORT_PRESET_NONE, &fmt);
	fmt.delim = '\t';
	fmt.raw = true;
	assert_export(f, &o, &fmt,
	              "first_name\tlast_name\tcity\n"
	              "\"Say \"\"hi\"\"\"\tSemi;colon\t\"Line\nbreak\"\n"
	              "\"\tTab\"\t-minus\tComma, city\n");
}

static void
test_formula(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id = c8", .columns = "first_name,last_name,city"};
	struct export_format fmt;
	struct export_cell c = {.s = "=1+2", .len = 4, .text = true};
	char buf[64];

	assert_export(f, &o, NULL,
	              "first_name,last_name,city\n"
	              "\"'=HYPERLINK(\"\"http://x\"\")\",'+cmd,'@SUM(A1)\n");
	export_format_preset(EXPORT_PRESET_NONE, &fmt);
	fmt.raw = true;
	assert_export(f, &o, &fmt,
	              "first_name,last_name,city\n"
	              "\"=HYPERLINK(\"\"http://x\"\")\",+cmd,@SUM(A1)\n");
	/* cell by cell: CR and NUL lead too; numbers never do */
	export_format_preset(EXPORT_PRESET_NONE, &fmt);
	assert_int_equal(export_csv_cell(&fmt, &c, buf, sizeof buf), 5);
	assert_string_equal(buf, "'=1+2");
	c.s = "\rx";
	c.len = 2;
	assert_int_equal(export_csv_cell(&fmt, &c, buf, sizeof buf), 5);
	assert_memory_equal(buf, "\"'\rx\"", 5);
	c.s = "\0x";
	assert_int_equal(export_csv_cell(&fmt, &c, buf, sizeof buf), 3);
	assert_memory_equal(buf, "'\0x", 3);
	c.s = "-5";
	c.text = false;
	assert_int_equal(export_csv_cell(&fmt, &c, buf, sizeof buf), 2);
	assert_string_equal(buf, "-5");
	/* a kept contact only where the preset keeps contacts */
	c.s = "+79161234501";
	c.len = 12;
	c.text = true;
	c.contact = true;
	assert_int_equal(export_csv_cell(&fmt, &c, buf, sizeof buf), 13);
	fmt.keep_contacts = true;
	assert_int_equal(export_csv_cell(&fmt, &c, buf, sizeof buf), 12);
	assert_string_equal(buf, "+79161234501");
}

/* --- hygiene --------------------------------------------------------------------- */

static void
test_consent(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id", .consent = EXPORT_CHANNEL_EMAIL};

	/* 2 refused, 6 unknown: both dropped */
	assert_export(f, &o, NULL, "id\nc1\nc3\nc4\nc5\nc7\nc8\nc9\nc10\n");
	assert_int_equal(f->st.selected, 10);
	assert_int_equal(f->st.no_consent, 2);
	assert_int_equal(f->st.written, 8);
	o.consent = EXPORT_CHANNEL_SMS;
	assert_export(f, &o, NULL, "id\nc1\nc2\nc4\nc6\nc9\nc10\n");
	assert_int_equal(f->st.no_consent, 4);
}

static void
test_valid_only(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id", .valid = EXPORT_CHANNEL_EMAIL};

	/* c3: not an email; c6: none. ANNA@ in capitals is valid */
	assert_export(f, &o, NULL, "id\nc1\nc2\nc4\nc5\nc7\nc8\nc9\nc10\n");
	assert_int_equal(f->st.invalid, 2);
	o.valid = EXPORT_CHANNEL_SMS;
	/* c3: 8916... is not E.164; c7, c8: none */
	assert_export(f, &o, NULL, "id\nc1\nc2\nc4\nc5\nc6\nc9\nc10\n");
	assert_int_equal(f->st.invalid, 3);
	/* a row failing consent and validity counts once, as no consent */
	o.consent = EXPORT_CHANNEL_SMS;
	assert_export(f, &o, NULL, "id\nc1\nc2\nc4\nc6\nc9\nc10\n");
	assert_int_equal(f->st.no_consent, 4);
	assert_int_equal(f->st.invalid, 0);
}

static void
test_dedupe(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id,email", .dedupe = EXPORT_CHANNEL_EMAIL};

	/* c4's ANNA@ is c1's anna@: the first by id wins; c6 (no email) stays */
	assert_export(f, &o, NULL,
	              "id,email\nc1,anna@example.ru\nc2,boris@example.ru\nc3,not-an-email\n"
	              "c5,old@example.com\nc6,\nc7,quote@example.com\nc8,formula@example.com\n"
	              "c9,tab@example.com\nc10,ten@example.com\n");
	assert_int_equal(f->st.duplicate, 1);
	o.dedupe = EXPORT_CHANNEL_SMS;
	o.columns = "id";
	assert_export(f, &o, NULL, "id\nc1\nc2\nc3\nc5\nc6\nc7\nc8\nc9\nc10\n");
	assert_int_equal(f->st.duplicate, 1);
	/* a row dropped before the dedupe does not hide a later one */
	o.where = "";
	o.dedupe = EXPORT_CHANNEL_EMAIL;
	o.consent = EXPORT_CHANNEL_SMS;
	o.columns = "id";
	db_exec(f->db, "UPDATE customers SET sms_consent = 0 WHERE id = 1", &f->e);
	assert_export(f, &o, NULL, "id\nc2\nc4\nc6\nc9\nc10\n");
	assert_int_equal(f->st.duplicate, 0);
}

static void
test_active_within(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id", .active_within = "30d"};

	/* reference date 2026-10-31: c2 (09-15), c5 (2025), c6 (never) are
	 * inactive; c1 (10-01) is exactly 30 days back and counts */
	assert_export(f, &o, NULL, "id\nc1\nc3\nc4\nc7\nc8\nc9\nc10\n");
	assert_int_equal(f->st.inactive, 3);
	o.active_within = "6m";
	assert_export(f, &o, NULL, "id\nc1\nc2\nc3\nc4\nc7\nc8\nc9\nc10\n");
	o.active_within = "six months";
	assert_null(export_file(f, &o, NULL, "out.csv"));
	assert_int_equal(f->e.code, EXIT_USAGE);
}

/* --- samples, splits, limits -------------------------------------------------------- */

/* Adds n customers with ids 101.. (ext ids s101..). */
static void
add_many(struct fixture *f, int n)
{
	char sql[160];
	int i;

	db_begin(f->db, &f->e);
	for (i = 0; i < n; i++) {
		snprintf(sql, sizeof sql,
		         "INSERT INTO customers(id, ext_id, email) VALUES (%d, 's%d', 'u%d@example.com')",
		         101 + i, 101 + i, 101 + i);
		assert_int_equal(db_exec(f->db, sql, &f->e), 0);
	}
	db_commit(f->db, &f->e);
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
test_sample(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id starts with s", .columns = "id", .sample_n = 20,
	                        .seed = 42};
	char *a, *b, *c;

	add_many(f, 200);
	a = export_file(f, &o, NULL, "a.csv");
	assert_non_null(a);
	assert_int_equal(count_lines(a), 21);
	assert_int_equal(f->st.not_sampled, 180);
	assert_int_equal(f->st.written, 20);
	b = export_file(f, &o, NULL, "b.csv");
	assert_string_equal(a, b);
	o.seed = 43;
	c = export_file(f, &o, NULL, "c.csv");
	assert_string_not_equal(a, c);
	free(a);
	free(b);
	free(c);
	/* percentages: 10% of 200, and at least one of a small list */
	o.seed = 42;
	o.sample_n = 0;
	o.sample_pct = 10;
	a = export_file(f, &o, NULL, "a.csv");
	assert_int_equal(count_lines(a), 21);
	free(a);
	o.sample_pct = 2.5;
	a = export_file(f, &o, NULL, "a.csv");
	assert_int_equal(count_lines(a), 6);
	free(a);
	o.where = "id = c1";
	o.sample_pct = 0.5;
	a = export_file(f, &o, NULL, "a.csv");
	assert_string_equal(a, "id\nc1\n");
	free(a);
	/* nobody to draw from: an empty sample, an empty split */
	o.where = "id = nobody";
	o.sample_pct = 0;
	o.sample_n = 3;
	o.split = 2;
	a = export_file(f, &o, NULL, "a.csv");
	assert_null(a); /* a split writes a.A.csv and a.B.csv */
	assert_int_equal(f->e.code, 0);
	assert_int_equal(f->st.written, 0);
	o.split = 0;
	a = export_file(f, &o, NULL, "a.csv");
	assert_string_equal(a, "id\n");
	free(a);
	/* more than there are: everybody */
	o.sample_n = 1000;
	o.where = "id starts with c";
	a = export_file(f, &o, NULL, "a.csv");
	assert_int_equal(count_lines(a), 11);
	free(a);
}

static void
test_sample_order_independent(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id", .sample_n = 5, .seed = 9};
	char *a, *b;

	/* the same set, scanned in another order (by an index on city), draws
	 * the same customers */
	add_many(f, 50);
	a = export_file(f, &o, NULL, "a.csv");
	db_exec(f->db, "UPDATE customers SET city = printf('city%03d', 500 - id)", &f->e);
	db_exec(f->db, "CREATE INDEX test_city ON customers(city)", &f->e);
	o.where = "city starts with \"city\"";
	b = export_file(f, &o, NULL, "b.csv");
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void
test_split(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id starts with s", .columns = "id", .split = 3, .seed = 5};
	struct export_format fmt;
	char *path = th_path(f->dir, "ab.csv"), *files, *g[3], *again;
	char name[32];
	int i, total = 0;

	add_many(f, 100);
	export_format_preset(EXPORT_PRESET_NONE, &fmt);
	assert_int_equal(export_to_file(f->db, &o, path, &fmt, false, &f->st, &f->e), 0);
	files = th_list_dir(f->dir);
	assert_string_equal(files, "ab.A.csv\nab.B.csv\nab.C.csv\n");
	free(files);
	assert_int_equal(f->st.ngroups, 3);
	assert_int_equal(f->st.group_rows[0], 34);
	assert_int_equal(f->st.group_rows[1], 33);
	assert_int_equal(f->st.group_rows[2], 33);
	for (i = 0; i < 3; i++) {
		char *p;

		snprintf(name, sizeof name, "ab.%c.csv", 'A' + i);
		p = th_path(f->dir, name);
		g[i] = slurp(p, NULL);
		assert_non_null(g[i]);
		total += count_lines(g[i]) - 1;
		free(p);
	}
	assert_int_equal(total, 100);
	/* disjoint and covering: every s-id is in exactly one group */
	for (i = 101; i <= 200; i++) {
		int k, in = 0;

		snprintf(name, sizeof name, "\ns%d\n", i);
		for (k = 0; k < 3; k++)
			in += strstr(g[k], name) != NULL;
		assert_int_equal(in, 1);
	}
	/* the same seed splits the same way (the files are there: force) */
	assert_int_equal(export_to_file(f->db, &o, path, &fmt, true, &f->st, &f->e), 0);
	snprintf(name, sizeof name, "ab.B.csv");
	free(path);
	path = th_path(f->dir, name);
	again = slurp(path, NULL);
	assert_string_equal(again, g[1]);
	free(again);
	for (i = 0; i < 3; i++)
		free(g[i]);
	free(path);
	/* a sample split: 10 drawn, 5 and 5 */
	o.sample_n = 10;
	o.split = 2;
	path = th_path(f->dir, "s.csv");
	assert_int_equal(export_to_file(f->db, &o, path, &fmt, false, &f->st, &f->e), 0);
	assert_int_equal(f->st.group_rows[0], 5);
	assert_int_equal(f->st.group_rows[1], 5);
	assert_int_equal(f->st.not_sampled, 90);
	free(path);
	/* not to standard output */
	o.sample_n = 0;
	assert_int_not_equal(export_to_file(f->db, &o, "-", &fmt, false, &f->st, &f->e), 0);
	assert_int_equal(f->e.code, EXIT_USAGE);
}

static void
test_limit(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id", .limit = 3,
	                        .consent = EXPORT_CHANNEL_EMAIL};

	/* the first three kept, by id */
	assert_export(f, &o, NULL, "id\nc1\nc3\nc4\n");
	assert_int_equal(f->st.over_limit, 5);
	assert_int_equal(f->st.no_consent, 2);
	/* with a split: the limit first, then balanced groups */
	o.split = 2;
	o.seed = 1;
	{
		struct export_format fmt;
		char *path = th_path(f->dir, "l.csv");

		export_format_preset(EXPORT_PRESET_NONE, &fmt);
		assert_int_equal(export_to_file(f->db, &o, path, &fmt, false, &f->st, &f->e), 0);
		assert_int_equal(f->st.written, 3);
		assert_int_equal(f->st.group_rows[0] + f->st.group_rows[1], 3);
		assert_true(f->st.group_rows[0] == 2 || f->st.group_rows[1] == 2);
		free(path);
	}
}

static void
test_bad_opts(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.columns = "id"};

	assert_null(export_file(f, &o, NULL, "out.csv"));
	assert_int_equal(f->e.code, EXIT_USAGE);
	o.where = "orders >= three";
	assert_null(export_file(f, &o, NULL, "out.csv"));
	assert_int_equal(f->e.code, EXIT_DATAERR);
	assert_non_null(strstr(err_format(&f->e, line, sizeof line), "1:11"));
	o.where = "";
	o.split = 27;
	assert_null(export_file(f, &o, NULL, "out.csv"));
	assert_int_equal(f->e.code, EXIT_USAGE);
	o.split = 0;
	o.segment = "No such";
	assert_null(export_file(f, &o, NULL, "out.csv"));
	assert_int_not_equal(f->e.code, 0);
}

static void
test_segment(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.segment = "Москва", .columns = "id"};

	assert_int_equal(db_exec(f->db,
	                         "INSERT INTO segments(id, name, rule) VALUES"
	                         " (1, 'Москва', 'city = \"москва\"'),"
	                         " (2, 'Согласны', 'email_consent = 1');"
	                         "UPDATE segments SET parent_id = 1 WHERE id = 2;",
	                         &f->e),
	                 0);
	assert_export(f, &o, NULL, "id\nc1\nc3\nc4\nc10\n");
	o.segment = "Москва/Согласны";
	o.where = "lead_score > 5";
	assert_export(f, &o, NULL, "id\nc1\nc4\n");
}

/* --- files ---------------------------------------------------------------------- */

static void
test_no_overwrite(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id = c1", .columns = "id"};
	struct export_format fmt;
	char *path = th_path(f->dir, "out.csv"), *got, *files;
	struct stat sb;

	export_format_preset(EXPORT_PRESET_NONE, &fmt);
	th_write(path, "precious\n", (size_t)-1);
	assert_int_equal(export_to_file(f->db, &o, path, &fmt, false, &f->st, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_FAIL);
	assert_non_null(strstr(f->e.msg, "out.csv exists"));
	assert_non_null(strstr(f->e.msg, "--force"));
	got = slurp(path, NULL);
	assert_string_equal(got, "precious\n");
	free(got);
	files = th_list_dir(f->dir);
	assert_string_equal(files, "out.csv\n");
	free(files);
	assert_int_equal(export_to_file(f->db, &o, path, &fmt, true, &f->st, &f->e), 0);
	got = slurp(path, NULL);
	assert_string_equal(got, "id\nc1\n");
	free(got);
	/* personal data: the owner only */
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* a split refuses when any of its files exists */
	unlink(path);
	free(path);
	path = th_path(f->dir, "ab.B.csv");
	th_write(path, "x", 1);
	free(path);
	path = th_path(f->dir, "ab.csv");
	o.split = 2;
	assert_int_equal(export_to_file(f->db, &o, path, &fmt, false, &f->st, &f->e), -1);
	assert_non_null(strstr(f->e.msg, "ab.B.csv exists"));
	files = th_list_dir(f->dir);
	assert_string_equal(files, "ab.B.csv\n");
	free(files);
	/* nor over the base itself */
	o.split = 0;
	assert_int_equal(export_to_file(f->db, &o, db_path(f->db), &fmt, true, &f->st, &f->e), -1);
	free(path);
}

/* A sink that passes rows on to the CSV sink and fails (or cancels) after
 * n rows: an error in the middle of an export. */
struct failing {
	struct export_sink inner;
	int n, seen;
	volatile sig_atomic_t *cancel;
};

static int
failing_begin(void *ctx, int ngroups, const char *const *h, size_t n, struct err *e)
{
	struct failing *x = ctx;

	return x->inner.begin(x->inner.ctx, ngroups, h, n, e);
}

static int
failing_row(void *ctx, int group, const struct export_cell *c, size_t n, struct err *e)
{
	struct failing *x = ctx;

	if (++x->seen > x->n) {
		if (x->cancel != NULL) {
			*x->cancel = 1; /* as a signal handler would */
			return 0;
		}
		return err_set(e, EXIT_FAIL, "disk full (simulated)");
	}
	return x->inner.row(x->inner.ctx, group, c, n, e);
}

static void
interrupted_export(struct fixture *f, bool by_signal, int split)
{
	static volatile sig_atomic_t flag;
	struct export_opts o = {.where = "", .columns = "id,email", .split = split, .seed = 3};
	struct export_format fmt;
	struct export_csv *csv = NULL;
	struct failing x = {.n = 4};
	struct export_sink sink = {.begin = failing_begin, .row = failing_row, .ctx = &x};
	char *path = th_path(f->dir, "out.csv"), *files;

	flag = 0;
	if (by_signal) {
		x.cancel = &flag;
		o.cancel = &flag;
	}
	export_format_preset(EXPORT_PRESET_NONE, &fmt);
	assert_int_equal(export_csv_open(&csv, path, split > 1 ? split : 1, &fmt, false, NULL, &f->e), 0);
	/* the temporary files are there while the export runs */
	files = th_list_dir(f->dir);
	assert_true(files[0] == '.');
	free(files);
	x.inner = export_csv_sink(csv);
	memset(&f->e, 0, sizeof f->e);
	assert_int_equal(export_run(f->db, &o, &sink, &f->st, &f->e), -1);
	assert_non_null(strstr(f->e.msg, by_signal ? "interrupted" : "disk full"));
	export_csv_abort(&csv);
	assert_null(csv);
	files = th_list_dir(f->dir);
	assert_string_equal(files, "");
	free(files);
	free(path);
}

static void
test_interrupted(void **state)
{
	struct fixture *f = *state;

	interrupted_export(f, false, 0);
	interrupted_export(f, true, 0);
	interrupted_export(f, false, 2);
	interrupted_export(f, true, 3);
}

static void
test_stdout(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id in (c1, c2)", .columns = "id,city"};
	struct export_format fmt;
	char *path = th_path(f->dir, "captured"), *got, *files;
	int fd, saved;

	export_format_preset(EXPORT_PRESET_NONE, &fmt);
	fflush(stdout);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	saved = dup(STDOUT_FILENO);
	dup2(fd, STDOUT_FILENO);
	close(fd);
	assert_int_equal(export_to_file(f->db, &o, "-", &fmt, false, &f->st, &f->e), 0);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	got = slurp(path, NULL);
	assert_string_equal(got, "id,city\nc1,Москва\nc2,Казань\n");
	free(got);
	files = th_list_dir(f->dir);
	assert_string_equal(files, "captured\n");
	free(files);
	free(path);
}

static void
test_preview(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "email:E-mail,first_name"};
	struct export_preview p = {.max_rows = 2};
	struct export_sink sink = export_preview_sink(&p);

	assert_int_equal(export_run(f->db, &o, &sink, &f->st, &f->e), 0);
	assert_int_equal(p.ncols, 2);
	assert_string_equal(p.headers[0], "E-mail");
	assert_int_equal(p.nrows, 2);
	assert_string_equal(p.rows[0][0], "anna@example.ru");
	assert_string_equal(p.rows[1][1], "Борис");
	export_preview_free(&p);
}

static void
test_names(void **state)
{
	enum export_preset p;
	enum export_channel c;
	char *s;

	(void)state;
	assert_int_equal(export_preset_parse("Mailchimp", &p), 0);
	assert_int_equal(p, EXPORT_PRESET_MAILCHIMP);
	assert_int_equal(export_preset_parse("none", &p), -1);
	assert_int_equal(export_preset_parse("gmail", &p), -1);
	assert_int_equal(export_channel_parse("phone", &c), 0);
	assert_int_equal(c, EXPORT_CHANNEL_SMS);
	s = export_split_path("out.csv", 0);
	assert_string_equal(s, "out.A.csv");
	free(s);
	s = export_split_path("dir.d/out", 1);
	assert_string_equal(s, "dir.d/out.B");
	free(s);
	s = export_split_path("/tmp/.hidden", 2);
	assert_string_equal(s, "/tmp/.hidden.C");
	free(s);
	s = export_split_path("a.b.tsv", 25);
	assert_string_equal(s, "a.b.Z.tsv");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_default_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_columns_and_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preset_mailchimp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preset_brevo_unisender, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preset_excel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_formula, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_valid_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dedupe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_active_within, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sample, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sample_order_independent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_opts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_segment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_overwrite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stdout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preview, setup, teardown),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
