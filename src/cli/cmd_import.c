/* clientele import: CSV files into a base, with a summary (or --json) and
 * a report of bad rows. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "text/country.h"
#include "text/date.h"
#include "db.h"
#include "import/import.h"
#include "progress.h"

enum { O_CUSTOMERS = 256, O_ORDERS, O_DELIMITER, O_ENCODING, O_MAP, O_NA, O_DATE_FORMAT,
       O_SKIP_BAD, O_DRY_RUN, O_AS_OF, O_COUNTRY, O_PREVIEW, O_JSON, O_QUIET };

/* Rows --preview shows without a count. */
#define PREVIEW_ROWS 5

static const struct cli_opt opts[] = {
	{"customers", O_CUSTOMERS, CLI_ARG, "FILE",
	 N_("a CSV of customers (one row per person or company)")},
	{"orders", O_ORDERS, CLI_ARG, "FILE",
	 N_("a CSV of orders or order line items")},
	{"delimiter", O_DELIMITER, CLI_ARG, "C",
	 N_(", ; | or tab (default: detected)")},
	{"encoding", O_ENCODING, CLI_ARG, "ENC",
	 N_("utf-8, windows-1251 or latin-1 (default: detected)")},
	{"map", O_MAP, CLI_ARG, "\"COLUMN=field\"",
	 N_("read COLUMN as field (repeatable; field '-' skips it)")},
	{"na", O_NA, CLI_ARG, "LIST",
	 N_("values read as empty, comma-separated\n"
	    "(default: NA,N/A,NULL,null,None,nan)")},
	{"date-format", O_DATE_FORMAT, CLI_ARG, "F",
	 N_("dd.mm.yyyy, dd/mm/yyyy, mm/dd/yyyy or yyyy-mm-dd, for\n"
	    "dates whose day/month order the file leaves open")},
	{"skip-bad", O_SKIP_BAD, CLI_FLAG, NULL,
	 N_("import the good rows; record the bad ones\n"
	    "(default: any bad row rejects the whole import)")},
	{"dry-run", O_DRY_RUN, CLI_FLAG, NULL,
	 N_("report what would happen, write nothing")},
	{"preview", O_PREVIEW, CLI_OPTARG, "N",
	 N_("write nothing: how each file would be read (its\n"
	    "delimiter and encoding), the field each column would\n"
	    "fill, and its first N rows (default 5)")},
	{"as-of", O_AS_OF, CLI_ARG, "DATE",
	 N_("the reference date for recency, in any date form\n"
	    "the files may use (default: the day after the\n"
	    "latest order)")},
	{"country", O_COUNTRY, CLI_ARG, "C",
	 N_("the base's country (RU, Russia...), kept in the\n"
	    "base, for phones in rows without a country (default:\n"
	    "the most frequent country of the base, else the\n"
	    "locale's)")},
	{"json", O_JSON, CLI_FLAG, NULL,
	 N_("print the summary as JSON")},
	{"quiet", O_QUIET, CLI_FLAG, NULL,
	 N_("no progress bar, no summary")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static const char *
delim_name(char d)
{
	switch (d) {
	case ',': return ",";
	case ';': return ";";
	case '\t': return "tab";
	case '|': return "|";
	default: return "?";
	}
}

static void
print_file(const struct import_file_stats *s, bool orders)
{
	if (!s->done)
		return;
	if (s->already[0]) {
		printf(_("%s: already imported on %s UTC, nothing changed\n"), s->file, s->already);
		return;
	}
	printf("%s (%s, %s):\n", s->file, s->encoding ? s->encoding : "?", delim_name(s->delim));
	printf(_("  rows read        %'lld\n"), s->rows_read);
	if (orders) {
		printf(_("  orders new       %'lld\n"), s->inserted);
		printf(_("  orders updated   %'lld\n"), s->updated);
		printf(_("  line items       %'lld\n"), s->lines);
		printf(_("  cancellations    %'lld\n"), s->cancelled);
		printf(_("  without customer %'lld (skipped)\n"), s->skipped);
		printf(_("  customers new    %'lld (known only from orders)\n"), s->customers_created);
	} else {
		printf(_("  inserted         %'lld\n"), s->inserted);
		printf(_("  updated          %'lld\n"), s->updated);
		printf(_("  duplicates merged %'lld\n"), s->merged);
		if (s->skipped > 0)
			printf(_("  empty rows       %'lld (skipped)\n"), s->skipped);
	}
	printf(_("  rejected         %'lld\n"), s->rejected);
}

/* Which country the phones of rows without one were read with. */
static void
print_phone_country(const struct import_result *r)
{
	const char *src = r->phone_country_source;

	if (r->phones_assumed == 0)
		return;
	if (r->phone_country[0] == '\0' || src == NULL) {
		printf(_("phones: %'lld without a country of their own, and none known for the base: "
		         "kept as written (give --country)\n"),
		       r->phones_assumed);
		return;
	}
	printf(_("phones: %'lld without a country of their own read as %s (%s)\n"),
	       r->phones_assumed, r->phone_country,
	       strcmp(src, "default") == 0       ? _("the base's country, set with --country")
	       : strcmp(src, "most_frequent") == 0 ? _("the most frequent country of the base")
	                                           : _("the locale's country"));
}

static void
print_summary(const struct import_result *r, bool dry_run, const char *base)
{
	size_t i;

	print_file(&r->customers, false);
	print_file(&r->orders, true);
	if (r->customers.shared > 0)
		printf(P_("possible duplicates: %'lld customer has the email or phone of an earlier\n"
		          "  customer; they are kept apart (clientele info %s --duplicates lists\n"
		          "  the groups; export --dedupe email keeps one customer per address)\n",
		          "possible duplicates: %'lld customers have the email or phone of an earlier\n"
		          "  customer; they are kept apart (clientele info %s --duplicates lists\n"
		          "  the groups; export --dedupe email keeps one customer per address)\n",
		          r->customers.shared),
		       r->customers.shared, base);
	if (r->customers.keyed > 0)
		printf(P_("without an id, email or phone: %'lld customer, one per row, found again\n"
		          "  only by their exact content: a later import cannot match them once a\n"
		          "  value changes. If a column identifies them, name it: --map \"COLUMN=id\"\n",
		          "without an id, email or phone: %'lld customers, one per row, found again\n"
		          "  only by their exact content: a later import cannot match them once a\n"
		          "  value changes. If a column identifies them, name it: --map \"COLUMN=id\"\n",
		          r->customers.keyed),
		       r->customers.keyed);
	if (r->ncustom_fields > 0) {
		printf(_("custom fields:\n"));
		for (i = 0; i < r->ncustom_fields; i++)
			printf("  %s\n", r->custom_fields[i]);
	}
	if (r->nnotes > 0) {
		printf(_("field names chosen by the import:\n"));
		for (i = 0; i < r->nnotes; i++)
			printf("  %s\n", r->notes[i]);
	}
	if (r->nmerged_places > 0) {
		printf(_("spellings merged:\n"));
		for (i = 0; i < r->nmerged_places; i++)
			printf("  %s\n", r->merged_places[i]);
	}
	print_phone_country(r);
	printf(_("reference date: %s\n"), r->ref_date);
	printf(_("time: %.2f s\n"), r->seconds);
	if (dry_run)
		printf(_("dry run: nothing was written\n"));
}

static void
json_file(struct json *j, const struct import_file_stats *s)
{
	static const char *const counts[] = {
		"rows_read", "inserted", "updated", "merged",    "possible_duplicates",
		"keyed_by_content", "rejected", "skipped", "lines", "cancelled",
		"customers_created"};
	const long long n[] = {s->rows_read, s->inserted, s->updated, s->merged,
	                       s->shared,    s->keyed,    s->rejected, s->skipped,
	                       s->lines,     s->cancelled, s->customers_created};
	size_t k;

	if (!s->done) {
		json_null(j);
		return;
	}
	json_object(j);
	json_key_str(j, "file", s->file);
	json_key_str(j, "encoding", s->encoding);
	json_key(j, "delimiter");
	json_str(j, s->delim != 0 ? delim_name(s->delim) : NULL); /* not read again */
	json_key_str(j, "sha256", s->sha256[0] ? s->sha256 : NULL);
	json_key_str(j, "already_imported", s->already[0] ? s->already : NULL);
	for (k = 0; k < sizeof n / sizeof n[0]; k++) {
		json_key_int(j, counts[k], n[k]);
	}
	json_close(j);
}

static void
json_strings(struct json *j, const char *key, char *const *v, size_t n)
{
	size_t i;

	json_key(j, key);
	json_array(j);
	for (i = 0; i < n; i++)
		json_str(j, v[i]);
	json_close(j);
}

static void
print_json(const struct import_result *r, bool ok, bool dry_run)
{
	struct json j;
	size_t i;

	json_begin(&j, stdout);
	json_object(&j);
	json_key_bool(&j, "ok", ok);
	json_key_bool(&j, "dry_run", dry_run);
	json_key(&j, "customers");
	json_file(&j, &r->customers);
	json_key(&j, "orders");
	json_file(&j, &r->orders);
	json_strings(&j, "custom_fields", r->custom_fields, r->ncustom_fields);
	json_strings(&j, "field_notes", r->notes, r->nnotes);
	json_strings(&j, "merged_spellings", r->merged_places, r->nmerged_places);
	json_key_int(&j, "problems_total", r->problems_total);
	json_key(&j, "problems");
	json_array(&j);
	for (i = 0; i < r->nproblems; i++) {
		const struct import_problem *p = &r->problems[i];

		json_object(&j);
		json_key_str(&j, "file", p->file);
		json_key_int(&j, "line", p->line);
		json_key_int(&j, "column", p->col);
		json_key_str(&j, "reason", p->reason);
		json_close(&j);
	}
	json_close(&j);
	json_key(&j, "phone_country");
	if (r->phone_country_decided) {
		json_object(&j);
		json_key_str(&j, "code", r->phone_country[0] ? r->phone_country : NULL);
		json_key_str(&j, "source", r->phone_country_source);
		json_key_int(&j, "phones", r->phones_assumed);
		json_close(&j);
	} else {
		json_null(&j);
	}
	json_key_str(&j, "reference_date", r->ref_date[0] ? r->ref_date : NULL);
	json_key_double(&j, "seconds", r->seconds, 3);
	json_end(&j);
}

static void
print_problems(const struct import_result *r)
{
	size_t i, shown = r->nproblems < 20 ? r->nproblems : 20;

	for (i = 0; i < shown; i++) {
		const struct import_problem *p = &r->problems[i];

		if (p->col > 0)
			fprintf(stderr, "clientele: %s:%ld:%d: %s\n", p->file, p->line, p->col, p->reason);
		else
			fprintf(stderr, "clientele: %s:%ld: %s\n", p->file, p->line, p->reason);
	}
	if (r->problems_total > (long long)shown)
		fprintf(stderr, _("clientele: ... and %lld more\n"), r->problems_total - (long long)shown);
}

/* Splits "NA,-,пусто" into a NULL-terminated list; the empty string always
 * counts as empty. */
static char **
split_na(char *s)
{
	size_t n = 2, i = 0;
	char **v, *save = NULL, *t;

	for (t = s; *t; t++)
		n += *t == ',';
	if ((v = calloc(n + 1, sizeof *v)) == NULL)
		return NULL;
	v[i++] = "";
	for (t = strtok_r(s, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save))
		v[i++] = t;
	v[i] = NULL;
	return v;
}

/* --as-of in any form a date column may take (2024-03-31, 31.03.2024,
 * 03/31/2024, with a time or not), into iso (YYYY-MM-DD). A slash date
 * that reads both ways needs --date-format, as in a file. */
static int
parse_as_of(const char *arg, enum date_order order, char iso[20])
{
	struct date_evidence ev = {0};
	const char *why;

	date_evidence_add(&ev, arg);
	if (order == DATE_ORDER_UNKNOWN && ev.ambiguous > 0 && ev.slash > 0)
		return cli_usage(&cmd_import,
		                 _("--as-of %s could be day-first or month-first: write it as "
		                   "YYYY-MM-DD, or add --date-format dd/mm/yyyy or mm/dd/yyyy"),
		                 arg);
	if (norm_date(arg, order == DATE_ORDER_UNKNOWN ? date_evidence_order(&ev) : order, iso,
	              &why) != 0)
		return cli_usage(&cmd_import,
		                 _("--as-of takes a date like 2024-03-31 or 31.03.2024, not \"%s\""),
		                 arg);
	iso[10] = '\0'; /* a day: a time given with it is dropped */
	return 0;
}

/* --- --preview ------------------------------------------------------------- */

static const char *
col_kind_name(enum import_col_kind k)
{
	switch (k) {
	case IMPORT_COL_KNOWN: return "known";
	case IMPORT_COL_CUSTOM: return "custom";
	default: return "skip";
	}
}

static void
preview_text(const char *file, const struct import_preview *p)
{
	size_t i, k;

	printf(_("%s: delimiter \"%s\", encoding %s%s\n"), file, delim_name((char)p->delim),
	       csv_encoding_name(p->enc), p->had_bom ? _(", with a byte order mark") : "");
	for (i = 0; i < p->ncols; i++) {
		const struct import_preview_col *c = &p->cols[i];

		if (c->kind == IMPORT_COL_SKIP)
			printf(_("  %s: not imported%s\n"), c->header, c->by_user ? " (--map)" : "");
		else if (c->kind == IMPORT_COL_KNOWN)
			printf("  %s -> %s%s\n", c->header, c->field, c->by_user ? " (--map)" : "");
		else
			printf("  %s -> %s (%s, %s)%s\n", c->header, c->field,
			       c->is_new ? _("new custom field") : _("custom field"),
			       field_type_name(c->type), c->by_user ? " (--map)" : "");
	}
	for (i = 0; i < p->nnotes; i++)
		printf("  %s\n", p->notes[i]);
	for (i = 0; i < p->nrows; i++) {
		printf("  %ld:", p->lines[i]);
		for (k = 0; k < p->ncols; k++)
			printf("%s%s", k > 0 ? " | " : " ", p->rows[i][k]);
		putchar('\n');
	}
}

static void
preview_json(struct json *j, const char *file, const struct import_preview *p)
{
	size_t i, k;

	json_object(j);
	json_key_str(j, "file", file);
	json_key_str(j, "delimiter", delim_name((char)p->delim));
	json_key_str(j, "encoding", csv_encoding_name(p->enc));
	json_key_bool(j, "bom", p->had_bom);
	json_key(j, "columns");
	json_array(j);
	for (i = 0; i < p->ncols; i++) {
		const struct import_preview_col *c = &p->cols[i];

		json_object(j);
		json_key_str(j, "header", c->header);
		json_key_str(j, "kind", col_kind_name(c->kind));
		json_key_str(j, "field", c->field);
		json_key_str(j, "type", c->kind != IMPORT_COL_SKIP ? field_type_name(c->type) : NULL);
		json_key_bool(j, "new", c->is_new);
		json_key_bool(j, "by_map", c->by_user);
		json_close(j);
	}
	json_close(j);
	json_key(j, "rows");
	json_array(j);
	for (i = 0; i < p->nrows; i++) {
		json_object(j);
		json_key_int(j, "line", p->lines[i]);
		json_key(j, "cells");
		json_array(j);
		for (k = 0; k < p->ncols; k++)
			json_str(j, p->rows[i][k]);
		json_close(j);
		json_close(j);
	}
	json_close(j);
	json_strings(j, "field_notes", p->notes, p->nnotes);
	json_key_str(j, "problem", p->problem);
	json_close(j);
}

/* import --preview: each file read and mapped as the import would, the
 * base only read (its custom fields decide names and types); nothing is
 * written. A mapping the import would refuse is said and exits 65. */
static int
preview_run(const char *path, const struct import_opts *o, long rows, bool json)
{
	const char *files[2] = {o->customers, o->orders};
	struct import_preview p[2] = {{0}};
	struct err e = {0};
	struct db *db = NULL;
	struct stat sb;
	struct json j;
	int rc = 0, i;

	if (lstat(path, &sb) != 0 || (S_ISREG(sb.st_mode) && sb.st_size == 0))
		rc = cli_open(path, DB_MEMORY, &db);
	else
		rc = cli_open(path, DB_READONLY, &db);
	if (rc != 0)
		return rc;
	for (i = 0; i < 2 && rc == 0; i++)
		if (files[i] != NULL &&
		    import_preview_file(db, files[i], i == 1, o, (size_t)rows, 0, &p[i], &e) != 0)
			rc = cli_fail(&e);
	db_close(&db);
	if (rc == 0 && json) {
		json_begin(&j, stdout);
		json_object(&j);
		json_key_bool(&j, "preview", true);
		for (i = 0; i < 2; i++) {
			json_key(&j, i == 0 ? "customers" : "orders");
			if (files[i] != NULL)
				preview_json(&j, files[i], &p[i]);
			else
				json_null(&j);
		}
		json_end(&j);
	} else if (rc == 0) {
		for (i = 0; i < 2; i++)
			if (files[i] != NULL)
				preview_text(files[i], &p[i]);
	}
	for (i = 0; i < 2; i++) {
		if (rc == 0 && p[i].problem != NULL) {
			fprintf(stderr, _("clientele: the import would stop: %s\n"), p[i].problem);
			rc = EXIT_DATAERR;
		}
		import_preview_free(&p[i]);
	}
	return rc;
}

/* Opens the base an import writes: an existing one, or a new one built
 * under a temporary name (db_create_new), or for a dry run that would
 * create one, a base in memory, so that a dry run writes nothing. */
static int
open_target(const char *path, bool dry_run, bool may_create, struct db **db)
{
	struct err e = {0};
	struct stat sb;

	/* lstat: a dangling symbolic link is a name taken, not a new base. */
	if (may_create && lstat(path, &sb) != 0 && errno == ENOENT) {
		if (dry_run)
			return cli_open(path, DB_MEMORY, db);
		if (db_create_new(db, path, &e) != 0)
			return cli_fail(&e);
		return 0;
	}
	if (dry_run && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == 0)
		return cli_open(path, DB_MEMORY, db);
	return cli_open(path, 0, db);
}

/* One import into path; *again is set when a new base could not take its
 * name because another process created that base meanwhile: nothing was
 * kept, and the import is to be run again into that base (called with
 * *again set, it opens the base and creates none). */
static int
import_once(const char *path, struct import_opts *o, bool json, bool quiet, bool *again)
{
	bool may_create = !*again;
	struct import_result res = {0};
	struct err e = {0};
	struct db *db = NULL;
	struct progress *bar = NULL;
	int rc;

	*again = false;
	if ((rc = open_target(path, o->dry_run, may_create, &db)) != 0)
		return rc;
	o->cancel = cli_cancel_begin();
	if (!quiet && !json) {
		bar = progress_new();
		o->progress = progress_import;
		o->progress_ctx = bar;
	}
	rc = import_run(db, o, &res, &e);
	progress_end(&bar);
	cli_cancel_end();
	if (rc == 0 && db_is_private(db)) {
		rc = db_publish(&db, &e);
		import_phase("publish", NULL);
		if (rc == 1) {
			fprintf(stderr, _("clientele: %s was created by another import meanwhile; "
			                  "importing into it\n"),
			        path);
			*again = true;
			import_result_free(&res);
			return 0;
		}
	}
	db_close(&db);

	if (json)
		print_json(&res, rc == 0, o->dry_run);
	if (rc != 0) {
		print_problems(&res);
		rc = cli_fail(&e);
	} else if (!json && !quiet) {
		print_summary(&res, o->dry_run, path);
		if (res.problems_total > 0 && o->dry_run) {
			print_problems(&res);
			fprintf(stderr, _("clientele: %lld bad rows would be skipped (a dry run records "
			                  "nothing)\n"),
			        res.problems_total);
		} else if (res.problems_total > 0) {
			print_problems(&res);
			fprintf(stderr, _("clientele: %lld bad rows skipped; they are listed in the base "
			                  "(clientele info %s --errors)\n"),
			        res.problems_total, path);
		}
	}
	import_result_free(&res);
	return rc;
}

static int
run(int argc, char **argv)
{
	struct import_opts o = {0};
	const char **maps = NULL;
	char **na = NULL;
	bool json = false, quiet = false, again;
	const char *as_of = NULL;
	char as_of_iso[20], country[3];
	long preview = -1;
	int c, rc;

	optind = 1;
	while ((c = cli_getopt(&cmd_import, argc, argv)) != -1) {
		switch (c) {
		case O_CUSTOMERS: o.customers = optarg; break;
		case O_ORDERS: o.orders = optarg; break;
		case O_DELIMITER:
			if (strcmp(optarg, "tab") == 0 || strcmp(optarg, "\\t") == 0)
				o.csv.delim = '\t';
			else if (strlen(optarg) == 1 && strchr(",;\t|", optarg[0]) != NULL)
				o.csv.delim = optarg[0];
			else
				return cli_usage(&cmd_import, _("--delimiter takes , ; | or tab, not \"%s\""),
				                 optarg);
			break;
		case O_ENCODING:
			if (csv_encoding_parse(optarg, &o.csv.enc) != 0)
				return cli_usage(&cmd_import,
				                 _("--encoding takes utf-8, windows-1251 or latin-1, not \"%s\""),
				                 optarg);
			break;
		case O_MAP: {
			const char **v = realloc(maps, (o.nmaps + 1) * sizeof *v);

			if (v == NULL)
				return cli_fail(&(struct err){.code = EXIT_FAIL, .msg = "out of memory"});
			maps = v;
			maps[o.nmaps++] = optarg;
			o.maps = maps;
			break;
		}
		case O_NA:
			free(na);
			if ((na = split_na(optarg)) == NULL)
				return cli_fail(&(struct err){.code = EXIT_FAIL, .msg = "out of memory"});
			o.na = (const char *const *)na;
			break;
		case O_DATE_FORMAT:
			if (date_order_parse(optarg, &o.date_order) != 0) {
				rc = cli_usage(&cmd_import,
				               _("--date-format takes dd.mm.yyyy, dd/mm/yyyy, mm/dd/yyyy or "
				                 "yyyy-mm-dd, not \"%s\""),
				               optarg);
				goto out_args;
			}
			break;
		case O_SKIP_BAD: o.skip_bad = true; break;
		case O_DRY_RUN: o.dry_run = true; break;
		case O_AS_OF: as_of = optarg; break;
		case O_COUNTRY:
			if (country_iso(optarg, country) != 0) {
				rc = cli_usage(&cmd_import,
				               _("--country takes a country's name or ISO code (RU, Russia, UA, "
				                 "GB...), not \"%s\""),
				               optarg);
				goto out_args;
			}
			o.country = country;
			break;
		case O_PREVIEW: {
			char *end;

			preview = PREVIEW_ROWS;
			errno = 0;
			if (optarg != NULL &&
			    (*optarg < '0' || *optarg > '9' ||
			     (preview = strtol(optarg, &end, 10)) < 0 || *end != '\0' || errno != 0)) {
				rc = cli_usage(&cmd_import,
				               _("--preview takes a number of rows (0: the header "
				                 "alone), not \"%s\""),
				               optarg);
				goto out_args;
			}
			break;
		}
		case O_JSON: json = true; break;
		case O_QUIET: quiet = true; break;
		default:
			rc = cli_bad_option(&cmd_import, c, argv);
			goto out_args;
		}
	}
	if (optind != argc - 1) {
		rc = cli_usage(&cmd_import, optind >= argc ? _("which base? give its file name")
		                                           : _("one base at a time"));
		goto out_args;
	}
	if (o.customers == NULL && o.orders == NULL) {
		rc = cli_usage(&cmd_import, _("nothing to import: give --customers FILE and/or --orders FILE"));
		goto out_args;
	}
	/* Read once every option is known: --date-format may come after. */
	if (as_of != NULL && (rc = parse_as_of(as_of, o.date_order, as_of_iso)) != 0)
		goto out_args;
	if (as_of != NULL)
		o.as_of = as_of_iso;

	if (preview >= 0) {
		rc = preview_run(argv[optind], &o, preview, json);
		goto out_args;
	}
	/* Once more at most, into the base that exists now. */
	again = false;
	rc = import_once(argv[optind], &o, json, quiet, &again);
	if (rc == 0 && again)
		rc = import_once(argv[optind], &o, json, quiet, &again);
out_args:
	free(maps);
	free(na);
	return rc;
}

const struct cli_cmd cmd_import = {
	.name = "import",
	.args = "DB [--customers FILE] [--orders FILE] [options]",
	.summary = N_("Import customers and/or orders from CSV files into the base DB (created if "
	              "missing)."),
	.opts = opts,
	.help = N_("A row with an id is matched by that id alone; a row without one by email,\n"
	           "else phone. Customers that share an email or phone under different ids are\n"
	           "never merged: the summary counts them as possible duplicates (clientele\n"
	           "info DB --duplicates). A file without an id, email or phone column imports\n"
	           "too: each row is a customer, known again by its content. A re-import\n"
	           "updates the matched customers and keeps their tags and hand edits; a file\n"
	           "imported before, byte for byte and with the same options, is left alone.\n"
	           "The import is one transaction: on any error or interruption the base\n"
	           "stays as it was.\n"
	           "A base that another program writes is waited for (CLIENTELE_BUSY_TIMEOUT\n"
	           "ms), then called busy, with who holds it; another program's SQLite file is\n"
	           "refused and left untouched.\n"
	           "Exit status: 0 done, 2 usage, 65 bad data, 66 missing file, 1 other.\n"),
	.run = run,
};
