/* Tests of what the export dialog shows before writing: the preview
 * bytes (export_preview_bytes) are the first records of the file the
 * exporter writes with the same options, and the drops export_count
 * reports are the rows each rule takes out of the files really written. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "db.h"
#include "export/export.h"
#include "export_helpers.h"

/* The length of the first n records of a CSV text: a record ends at a
 * line feed outside quotes (counted here, not by the code under test). */
static size_t
records_prefix(const char *s, size_t len, size_t n)
{
	bool quoted = false;
	size_t i, seen = 0;

	if (n == 0)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (s[i] == '\n' && !quoted && ++seen == n)
			return i + 1;
	}
	return len;
}

/* The records of a CSV text, the header included. */
static size_t
records(const char *s, size_t len)
{
	size_t n = 0;

	while (records_prefix(s, len, n + 1) > records_prefix(s, len, n))
		n++;
	return n;
}

/* Writes the real file of group g with o and fmt (the whole file), then
 * checks the preview of rows 0..max for that group is its first header +
 * rows records, byte for byte. */
static void
check_preview(struct fixture *f, const struct export_opts *o, const struct export_format *fmt,
              int group)
{
	char *path = th_path(f->dir, "out.csv"), *file, *gpath, *prev;
	size_t flen, plen, rows, nrec;

	memset(&f->e, 0, sizeof f->e);
	if (export_to_file(f->db, o, path, fmt, true, &f->st, &f->e) != 0)
		fail_msg("export failed: %s", f->e.msg);
	gpath = o->split > 1 ? export_split_path(path, group) : strdup(path);
	file = ex_slurp(gpath, &flen);
	assert_non_null(file);
	nrec = records(file, flen);
	assert_true(nrec >= 2); /* a header and rows: something to cut */
	for (rows = 0; rows <= nrec; rows++) {
		size_t want = records_prefix(file + (fmt->bom ? 3 : 0), flen - (fmt->bom ? 3 : 0),
		                             rows + 1) + (fmt->bom ? 3 : 0);

		if (export_preview_bytes(f->db, o, fmt, group, rows, &prev, &plen, NULL, &f->e) != 0)
			fail_msg("preview failed: %s", f->e.msg);
		assert_int_equal(plen, want);
		assert_memory_equal(prev, file, want);
		assert_int_equal(prev[plen], '\0');
		free(prev);
	}
	unlink(gpath);
	if (o->split > 1) {
		int g;

		for (g = 0; g < o->split; g++) {
			char *p = export_split_path(path, g);

			unlink(p);
			free(p);
		}
	}
	free(gpath);
	free(file);
	free(path);
}

static void
test_preview_plain(void **state)
{
	struct export_opts o = {.where = ""};
	struct export_format fmt;

	export_format_preset(EXPORT_PRESET_NONE, &fmt);
	check_preview(*state, &o, &fmt, 0);
}

static void
test_preview_bom_semicolon(void **state)
{
	struct export_opts o = {.where = "", .columns = "email,first_name:Имя,city,lead_score"};
	struct export_format fmt;

	export_format_preset(EXPORT_PRESET_NONE, &fmt);
	fmt.bom = true;
	fmt.delim = ';';
	fmt.crlf = true;
	check_preview(*state, &o, &fmt, 0);
}

static void
test_preview_presets(void **state)
{
	struct export_opts o = {.where = "", .preset = EXPORT_PRESET_MAILCHIMP};
	struct export_format fmt;

	export_format_preset(o.preset, &fmt);
	check_preview(*state, &o, &fmt, 0);
	o.preset = EXPORT_PRESET_EXCEL;
	o.columns = "email,lead_score,city";
	export_format_preset(o.preset, &fmt);
	check_preview(*state, &o, &fmt, 0);
}

static void
test_preview_sample_dedupe(void **state)
{
	struct export_opts o = {.where = "", .sample_n = 6, .seed = 42,
	                        .dedupe = EXPORT_CHANNEL_EMAIL, .consent = EXPORT_CHANNEL_EMAIL};
	struct export_format fmt;

	export_format_preset(EXPORT_PRESET_GENERIC, &fmt);
	check_preview(*state, &o, &fmt, 0);
	o.sample_n = 0;
	o.sample_pct = 70;
	o.seed = 7;
	o.limit = 4;
	check_preview(*state, &o, &fmt, 0);
}

static void
test_preview_split(void **state)
{
	struct export_opts o = {.where = "", .split = 2, .seed = 3};
	struct export_format fmt;

	export_format_preset(EXPORT_PRESET_NONE, &fmt);
	check_preview(*state, &o, &fmt, 0);
	check_preview(*state, &o, &fmt, 1);
}

static void
test_preview_errors(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "email,nosuchfield"};
	struct export_format fmt;
	char *out = (char *)1;
	size_t len = 1;

	export_format_preset(EXPORT_PRESET_NONE, &fmt);
	assert_int_equal(export_preview_bytes(f->db, &o, &fmt, 0, 5, &out, &len, NULL, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_USAGE);
	assert_null(out);
	assert_int_equal(len, 0);
	o.columns = NULL;
	assert_int_equal(export_preview_bytes(f->db, &o, &fmt, 1, 5, &out, &len, NULL, &f->e), -1);
}

/* --- the drops ------------------------------------------------------------------ */

/* The data rows of the file o writes (its records less the header). */
static long long
rows_written(struct fixture *f, const struct export_opts *o)
{
	char *data = ex_export_file(f, o, NULL, "out.csv");
	long long n;

	if (data == NULL)
		fail_msg("export failed: %s", f->e.msg);
	n = (long long)records(data, strlen(data)) - 1;
	free(data);
	return n;
}

/* Each rule in the exporter's order (consent, activity, validity,
 * duplicates, sample, limit): what export_count says it drops is what it
 * takes out of the file written with the rules before it. */
static void
test_drops(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .seed = 5};
	struct export_stats st;
	long long before = rows_written(f, &o), after;

	assert_int_equal(export_count(f->db, &o, &st, &f->e), 0);
	assert_int_equal(st.selected, 10);
	assert_int_equal(st.written, before);

	o.consent = EXPORT_CHANNEL_EMAIL;
	after = rows_written(f, &o);
	assert_int_equal(export_count(f->db, &o, &st, &f->e), 0);
	assert_true(st.no_consent > 0);
	assert_int_equal(st.no_consent, before - after);
	assert_int_equal(st.written, after);
	before = after;

	o.active_within = "3m";
	after = rows_written(f, &o);
	assert_int_equal(export_count(f->db, &o, &st, &f->e), 0);
	assert_true(st.inactive > 0);
	assert_int_equal(st.inactive, before - after);
	before = after;

	o.valid = EXPORT_CHANNEL_EMAIL;
	after = rows_written(f, &o);
	assert_int_equal(export_count(f->db, &o, &st, &f->e), 0);
	assert_true(st.invalid > 0);
	assert_int_equal(st.invalid, before - after);
	before = after;

	o.dedupe = EXPORT_CHANNEL_EMAIL;
	after = rows_written(f, &o);
	assert_int_equal(export_count(f->db, &o, &st, &f->e), 0);
	assert_true(st.duplicate > 0);
	assert_int_equal(st.duplicate, before - after);
	before = after;

	o.sample_n = before - 1;
	after = rows_written(f, &o);
	assert_int_equal(export_count(f->db, &o, &st, &f->e), 0);
	assert_int_equal(st.not_sampled, 1);
	assert_int_equal(st.not_sampled, before - after);
	before = after;

	o.limit = before - 1;
	after = rows_written(f, &o);
	assert_int_equal(export_count(f->db, &o, &st, &f->e), 0);
	assert_int_equal(st.over_limit, 1);
	assert_int_equal(st.over_limit, before - after);
	assert_int_equal(st.written, after);
	assert_int_equal(st.selected, 10);
	assert_int_equal(st.selected - st.no_consent - st.inactive - st.invalid - st.duplicate -
	                 st.not_sampled - st.over_limit, st.written);
}

/* export_count's figures are the export's own, split groups too. */
static void
test_count_equals_export(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .consent = EXPORT_CHANNEL_SMS,
	                        .valid = EXPORT_CHANNEL_SMS, .dedupe = EXPORT_CHANNEL_SMS,
	                        .sample_pct = 80, .seed = 11, .split = 2};
	struct export_stats st;
	char *data = ex_export_file(f, &o, NULL, "out.csv");
	char *path = th_path(f->dir, "out.A.csv"), *pb = th_path(f->dir, "out.B.csv");

	/* ex_export_file removes out.csv only: the split wrote A and B */
	free(data);
	unlink(path);
	unlink(pb);
	free(path);
	free(pb);
	assert_int_equal(export_count(f->db, &o, &st, &f->e), 0);
	assert_memory_equal(&st, &f->st, sizeof st);
	assert_int_equal(st.ngroups, 2);
	assert_true(st.group_rows[0] > 0 && st.group_rows[1] > 0);
}

/* --- the overwrite confirmation ----------------------------------------------- */

/* export_target_check says 1 exactly when the export without force
 * refuses with "exists", 0 when it goes ahead, -1 with its refusal. */
static void
test_target_check(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id = c1", .columns = "id"};
	struct export_format fmt;
	char *path = th_path(f->dir, "out.csv"), *ab = th_path(f->dir, "ab.csv");
	char *abb = th_path(f->dir, "ab.B.csv"), *lnk = th_path(f->dir, "link.csv");
	char *dangling = th_path(f->dir, "dangling.csv"), *nowhere = th_path(f->dir, "nowhere");
	char *found = NULL;

	export_format_preset(EXPORT_PRESET_NONE, &fmt);
	assert_int_equal(export_target_check(path, 1, &found, &f->e), 0);
	assert_null(found);
	assert_int_equal(export_to_file(f->db, &o, path, &fmt, false, &f->st, &f->e), 0);
	/* now it exists: confirm, and without force the export refuses */
	assert_int_equal(export_target_check(path, 1, &found, &f->e), 1);
	assert_string_equal(found, path);
	free(found);
	assert_int_equal(export_to_file(f->db, &o, path, &fmt, false, &f->st, &f->e), -1);
	assert_non_null(strstr(f->e.msg, "exists"));
	/* through a symbolic link: the file it names */
	assert_int_equal(symlink("out.csv", lnk), 0); /* beside it */
	assert_int_equal(export_target_check(lnk, 1, &found, &f->e), 1);
	assert_string_equal(found, lnk);
	free(found);
	/* a split: any of its files */
	o.split = 2;
	assert_int_equal(export_target_check(ab, 2, &found, &f->e), 0);
	th_write(abb, "x\n", (size_t)-1);
	assert_int_equal(export_target_check(ab, 2, &found, &f->e), 1);
	assert_string_equal(found, abb);
	free(found);
	assert_int_equal(export_to_file(f->db, &o, ab, &fmt, false, &f->st, &f->e), -1);
	assert_non_null(strstr(f->e.msg, "ab.B.csv exists"));
	assert_int_equal(export_target_check("-", 2, &found, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_USAGE);
	/* refused whatever force, with the export's own words */
	assert_int_equal(export_target_check(f->dir, 1, &found, &f->e), -1);
	assert_int_equal(f->e.code, EXIT_USAGE);
	assert_non_null(strstr(f->e.msg, "is a folder"));
	assert_null(found);
	assert_int_equal(symlink(nowhere, dangling), 0);
	assert_int_equal(export_target_check(dangling, 1, &found, &f->e), -1);
	assert_non_null(strstr(f->e.msg, "cannot be reached"));
	/* written as they are: no confirmation */
	assert_int_equal(export_target_check("-", 1, &found, &f->e), 0);
	assert_int_equal(export_target_check("/dev/null", 1, &found, &f->e), 0);
	assert_int_equal(export_target_check("", 1, &found, &f->e), -1);
	unlink(lnk);
	unlink(dangling);
	unlink(abb);
	unlink(path);
	free(path);
	free(ab);
	free(abb);
	free(lnk);
	free(dangling);
	free(nowhere);
}

/* --- the option values, as the command line and the dialog read them ----------- */

static void
test_option_values(void **state)
{
	struct export_opts o = {.sample_pct = 3};
	struct export_format fmt;
	char d = 0;

	(void)state;
	assert_int_equal(export_sample_parse("500", &o), 0);
	assert_int_equal(o.sample_n, 500);
	assert_true(o.sample_pct == 0);
	assert_int_equal(export_sample_parse("0.5%", &o), 0);
	assert_true(o.sample_pct == 0.5);
	assert_int_equal(o.sample_n, 0);
	assert_int_equal(export_sample_parse("100%", &o), 0);
	assert_int_equal(export_sample_parse("100.5%", &o), -1);
	assert_int_equal(export_sample_parse("0%", &o), -1);
	assert_int_equal(export_sample_parse("0", &o), -1);
	assert_int_equal(export_sample_parse("-5", &o), -1);
	assert_int_equal(export_sample_parse("%", &o), -1);
	assert_int_equal(export_sample_parse("5x", &o), -1);
	assert_int_equal(export_sample_parse("", &o), -1);
	assert_true(o.sample_pct == 100); /* a refused value changes nothing */

	assert_int_equal(export_delim_parse(";", &d), 0);
	assert_int_equal(d, ';');
	assert_int_equal(export_delim_parse("tab", &d), 0);
	assert_int_equal(d, '\t');
	assert_int_equal(export_delim_parse("\t", &d), 0);
	assert_int_equal(export_delim_parse("|", &d), -1);
	assert_int_equal(d, '\t');

	assert_int_equal(export_valid_default(EXPORT_CHANNEL_NONE), EXPORT_CHANNEL_EMAIL);
	assert_int_equal(export_valid_default(EXPORT_CHANNEL_SMS), EXPORT_CHANNEL_SMS);

	/* excel keeps its BOM and CRLF whatever is asked; a delimiter given wins */
	export_format_make(EXPORT_PRESET_EXCEL, ',', false, false, true, &fmt);
	assert_int_equal(fmt.delim, ',');
	assert_true(fmt.bom && fmt.crlf && fmt.decimal_comma && fmt.raw);
	export_format_make(EXPORT_PRESET_NONE, 0, true, false, false, &fmt);
	assert_int_equal(fmt.delim, ',');
	assert_true(fmt.bom && !fmt.crlf && !fmt.raw && !fmt.keep_contacts);
	export_format_make(EXPORT_PRESET_MAILCHIMP, 0, false, true, false, &fmt);
	assert_true(fmt.keep_contacts && fmt.crlf && !fmt.bom);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_preview_plain, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_preview_bom_semicolon, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_preview_presets, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_preview_sample_dedupe, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_preview_split, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_preview_errors, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_drops, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_count_equals_export, ex_setup, ex_teardown),
		cmocka_unit_test_setup_teardown(test_target_check, ex_setup, ex_teardown),
		cmocka_unit_test(test_option_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
