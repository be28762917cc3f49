/* Tests of the exporter: columns and presets down to the bytes, quoting and
 * formula neutralising, the temporary file that never leaves a half-written
 * export behind, standard output and the preview. Which customers go out
 * (hygiene, samples, splits, limits) is in test_export_rows.c. */
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
#include "export_helpers.h"

/* --- columns and presets ------------------------------------------------------- */

static void
test_default_columns(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id in (c1, c2, c6)"};

	/* id first; tags sorted by their folded names, "; "-joined; +
	 * neutralised */
	ex_assert_export(f, &o, NULL,
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
	ex_assert_export(f, &o, NULL,
	              "E-mail,spent,Имя,orders,lead_score,tags\n"
	              "anna@example.ru,1500.5,Анна,2,10.0,Alpha; vip; Бета\n"
	              "boris@example.ru,100.0,Борис,1,20.0,ждёт\n"
	              "not-an-email,0,Вера,0,-5.0,\n");
	o.columns = "email,cyty";
	assert_null(ex_export_file(f, &o, NULL, "out.csv"));
	assert_int_equal(f->e.code, EXIT_USAGE);
	assert_non_null(strstr(f->e.msg, "did you mean \"city\""));
	o.columns = "email:";
	assert_null(ex_export_file(f, &o, NULL, "out.csv"));
	assert_int_equal(f->e.code, EXIT_USAGE);
	o.columns = "tags";
	o.tag_sep = " | ";
	ex_assert_export(f, &o, NULL, "tags\nAlpha | vip | Бета\nждёт\n\n");
}

static void
test_preset_mailchimp(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id in (c1, c3)", .preset = EXPORT_PRESET_MAILCHIMP};

	/* the validated +7 phone stays as it is; no BOM, ',' and LF */
	ex_assert_export(f, &o, NULL,
	              "Email Address,First Name,Last Name,Phone Number\n"
	              "anna@example.ru,Анна,Иванова,+79161234501\n"
	              "not-an-email,Вера,Сидорова,89161234503\n");
	/* tags comma-separated, as Mailchimp splits them */
	o.columns = "email,tags";
	o.where = "id = c1";
	ex_assert_export(f, &o, NULL, "Email Address,Tags\nanna@example.ru,\"Alpha,vip,Бета\"\n");
}

static void
test_preset_brevo_unisender(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id = c1", .preset = EXPORT_PRESET_BREVO};

	ex_assert_export(f, &o, NULL,
	              "EMAIL,FIRSTNAME,LASTNAME,SMS\n"
	              "anna@example.ru,Анна,Иванова,+79161234501\n");
	o.columns = "email,phone,city";
	ex_assert_export(f, &o, NULL, "EMAIL,SMS,CITY\nanna@example.ru,+79161234501,Москва\n");
	o.columns = NULL;
	o.preset = EXPORT_PRESET_UNISENDER;
	ex_assert_export(f, &o, NULL, "email,Name,phone\nanna@example.ru,Анна,+79161234501\n");
	o.preset = EXPORT_PRESET_GENERIC;
	ex_assert_export(f, &o, NULL,
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
	ex_assert_export(f, &o, NULL,
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

	ex_assert_export(f, &o, NULL,
	              "first_name,last_name,city\n"
	              "\"Say \"\"hi\"\"\",Semi;colon,\"Line\nbreak\"\n"
	              "'\tTab,'-minus,\"Comma, city\"\n");
	export_format_preset(EXPORT_PRESET_NONE, &fmt);
	fmt.delim = '\t';
	fmt.raw = true;
	ex_assert_export(f, &o, &fmt,
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

	ex_assert_export(f, &o, NULL,
	              "first_name,last_name,city\n"
	              "\"'=HYPERLINK(\"\"http://x\"\")\",'+cmd,'@SUM(A1)\n");
	export_format_preset(EXPORT_PRESET_NONE, &fmt);
	fmt.raw = true;
	ex_assert_export(f, &o, &fmt,
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
	got = ex_slurp(path, NULL);
	assert_string_equal(got, "precious\n");
	free(got);
	files = th_list_dir(f->dir);
	assert_string_equal(files, "out.csv\n");
	free(files);
	assert_int_equal(export_to_file(f->db, &o, path, &fmt, true, &f->st, &f->e), 0);
	got = ex_slurp(path, NULL);
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
	got = ex_slurp(path, NULL);
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
		cmocka_unit_test_setup_teardown(test_default_columns, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_columns_and_headers, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_preset_mailchimp, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_preset_brevo_unisender, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_preset_excel, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_quoting, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_formula, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_no_overwrite, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_interrupted, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_stdout, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_preview, ex_setup, ex_teardown),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
