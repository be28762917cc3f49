/* clientele info: what a base holds. */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "info.h"

enum { O_JSON = 256, O_ERRORS, O_DUPLICATES };

static const struct cli_opt opts[] = {
	{"json", O_JSON, CLI_FLAG, NULL,
	 N_("print as JSON")},
	{"errors", O_ERRORS, CLI_FLAG, NULL,
	 N_("list the rejected lines of past imports\n"
	    "(file:line:column: reason)")},
	{"duplicates", O_DUPLICATES, CLI_FLAG, NULL,
	 N_("list the customers that share an email or phone under\n"
	    "different ids: possible duplicates, which imports never merge\n"
	    "(export --dedupe email|phone leaves them out of a mailing)")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static void
print_error_line(void *ctx, const char *file, long line, int col, const char *reason)
{
	(void)ctx;
	if (col > 0)
		printf("%s:%ld:%d: %s\n", file, line, col, reason);
	else
		printf("%s:%ld: %s\n", file, line, reason);
}

/* Prints the groups of possible duplicates as info_duplicates gives them. */
struct dups {
	bool json;
	struct json j;
	long long groups;
	char *by, *value; /* of the group being printed */
};

static void
print_dup(void *ctx, const struct info_dup *d)
{
	struct dups *p = ctx;
	bool fresh = p->by == NULL || strcmp(p->by, d->by) != 0 || strcmp(p->value, d->value) != 0;

	if (fresh) {
		free(p->by);
		free(p->value);
		p->by = strdup(d->by);
		p->value = strdup(d->value);
		if (p->json) {
			if (p->groups > 0) {
				json_close(&p->j); /* the customers of the group before */
				json_close(&p->j);
			}
			json_object(&p->j);
			json_key_str(&p->j, "by", d->by);
			json_key_str(&p->j, "value", d->value);
			json_key(&p->j, "customers");
			json_array(&p->j);
		} else {
			printf(_("%s %s (%'lld customers):\n"), d->by, d->value, d->group_size);
		}
		p->groups++;
	}
	if (p->json) {
		json_object(&p->j);
		json_key_str(&p->j, "id", d->ext_id);
		json_key_str(&p->j, "name", d->name);
		json_close(&p->j);
		return;
	}
	fputs("  ", stdout);
	if (d->ext_id != NULL) {
		char id[160];

		snprintf(id, sizeof id, "id %s", d->ext_id);
		cli_pad(stdout, id, 16);
	} else {
		cli_pad(stdout, _("(no id)"), 16);
	}
	printf("%s\n", d->name != NULL ? d->name : "");
}

static int
print_duplicates(struct db *db, bool json, struct err *e)
{
	struct dups p = {.json = json};
	long long n = 0;
	int rc;

	json_begin(&p.j, stdout);
	if (json) {
		json_object(&p.j);
		json_key(&p.j, "groups");
		json_array(&p.j);
	}
	rc = info_duplicates(db, &n, print_dup, &p, e);
	free(p.by);
	free(p.value);
	if (rc != 0)
		return -1;
	if (json) {
		while (p.j.depth > 1) /* back to the top object */
			json_close(&p.j);
		json_key_int(&p.j, "customers", n);
		json_end(&p.j);
	} else if (n == 0)
		printf(_("no possible duplicates: no two customers share an email or phone\n"));
	else
		printf(P_("possible duplicates: %'lld customer shares an email or phone with another "
		          "customer (groups: %'lld); imports keep them apart\n",
		          "possible duplicates: %'lld customers share an email or phone with another "
		          "customer (groups: %'lld); imports keep them apart\n",
		          n),
		       n, p.groups);
	return 0;
}

static void
print_text(const struct info *in)
{
	size_t i;

	printf(_("customers        %'lld\n"), in->customers);
	printf(_("buyers           %'lld\n"), in->buyers);
	printf(_("orders           %'lld (%'lld cancellations)\n"), in->orders, in->cancelled);
	printf(_("tags             %'lld\n"), in->tags);
	printf(_("segments         %'lld\n"), in->segments);
	printf(_("reference date   %s%s\n"), in->ref_date,
	       in->ref_date_set ? _(" (set with --as-of)") : "");
	if (in->country[0] != '\0')
		printf(_("country          %s (set with import --country, for phones)\n"),
		       in->country);
	printf(_("\nfields:\n"));
	fputs("  ", stdout);
	cli_pad(stdout, _("name"), 25);
	cli_pad(stdout, _("type"), 8);
	cli_pad(stdout, _("origin"), 9);
	printf("%s\n", _("filled"));
	for (i = 0; i < in->nfields; i++) {
		const struct field *f = in->fields[i].field;
		double pct = in->customers ? 100.0 * (double)in->fields[i].filled / (double)in->customers : 0;

		fputs("  ", stdout);
		cli_pad(stdout, f->name, 25);
		cli_pad(stdout, field_type_name(f->type), 8);
		cli_pad(stdout, field_origin_name(f->origin), 9);
		printf("%5.1f%%", pct);
		if (f->origin == FO_CUSTOM && strcmp(f->label, f->name) != 0)
			printf("  \"%s\"", f->label);
		putchar('\n');
	}
	printf(_("  + computed: "));
	for (i = 0; i < in->cat.n; i++)
		if (in->cat.v[i].origin == FO_COMPUTED)
			printf("%s%s", in->cat.v[i].name, i + 1 < in->cat.n ? " " : "");
	putchar('\n');
	if (in->nimports > 0)
		printf(_("\nimports (newest first):\n"));
	for (i = 0; i < in->nimports; i++) {
		const struct info_import *im = &in->imports[i];

		printf(_("  #%lld %s %-9s %s: %'lld rows, %'lld new, %'lld updated, %'lld rejected, "
		         "%'lld skipped (%.1f s)\n"),
		       im->id, im->started_at, im->kind, im->file, im->rows_read, im->inserted,
		       im->updated, im->rejected, im->skipped, im->seconds);
		if (im->sha256 != NULL)
			printf("     sha256 %s\n", im->sha256);
	}
}

static void
print_json(const struct info *in)
{
	static const char *const totals[] = {"customers", "buyers", "orders", "cancelled", "tags",
	                                     "segments"};
	const long long v[] = {in->customers, in->buyers, in->orders,
	                       in->cancelled, in->tags,  in->segments};
	struct json j;
	size_t i;

	json_begin(&j, stdout);
	json_object(&j);
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		json_key_int(&j, totals[i], v[i]);
	}
	json_key_str(&j, "reference_date", in->ref_date);
	json_key_bool(&j, "reference_date_set", in->ref_date_set);
	json_key_str(&j, "country", in->country[0] ? in->country : NULL);
	json_key(&j, "fields");
	json_array(&j);
	for (i = 0; i < in->nfields; i++) {
		const struct field *f = in->fields[i].field;

		json_object(&j);
		json_key_str(&j, "name", f->name);
		json_key_str(&j, "label", f->label);
		json_key_str(&j, "type", field_type_name(f->type));
		json_key_str(&j, "origin", field_origin_name(f->origin));
		json_key_int(&j, "filled", in->fields[i].filled);
		json_close(&j);
	}
	json_close(&j);
	json_key(&j, "imports");
	json_array(&j);
	for (i = 0; i < in->nimports; i++) {
		const struct info_import *im = &in->imports[i];
		static const char *const counts[] = {"size",     "rows_read", "inserted", "updated",
		                                     "rejected", "skipped",   "merged"};
		const long long n[] = {im->size,     im->rows_read, im->inserted, im->updated,
		                       im->rejected, im->skipped,   im->merged};
		size_t k;

		json_object(&j);
		json_key_int(&j, "id", im->id);
		json_key_str(&j, "at", im->started_at);
		json_key_str(&j, "kind", im->kind);
		json_key_str(&j, "file", im->file);
		json_key_str(&j, "sha256", im->sha256);
		for (k = 0; k < sizeof n / sizeof n[0]; k++) {
			json_key_int(&j, counts[k], n[k]);
		}
		json_key_double(&j, "seconds", im->seconds, 3);
		json_close(&j);
	}
	json_end(&j);
}

static int
run(int argc, char **argv)
{
	struct db *db = NULL;
	struct info in;
	struct err e = {0};
	int c, rc, json = 0, errors = 0, dups = 0;

	optind = 1;
	while ((c = cli_getopt(&cmd_info, argc, argv)) != -1) {
		if (c == O_JSON)
			json = 1;
		else if (c == O_ERRORS)
			errors = 1;
		else if (c == O_DUPLICATES)
			dups = 1;
		else
			return cli_bad_option(&cmd_info, c, argv);
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_info, _("which base? give its file name"));
	if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
		return rc;
	if (dups) {
		rc = print_duplicates(db, json, &e) != 0 ? cli_fail(&e) : 0;
		db_close(&db);
		return rc;
	}
	if (errors) {
		rc = info_import_errors(db, 0, print_error_line, NULL, &e) != 0 ? cli_fail(&e) : 0;
		db_close(&db);
		return rc;
	}
	if (info_load(db, &in, &e) != 0) {
		db_close(&db);
		return cli_fail(&e);
	}
	if (json)
		print_json(&in);
	else
		print_text(&in);
	info_free(&in);
	db_close(&db);
	return 0;
}

const struct cli_cmd cmd_info = {
	.name = "info",
	.args = "DB [--json] [--errors | --duplicates]",
	.summary = N_("Show what the base holds: customers, orders, fields with their fill rates, "
	              "the reference date, past imports."),
	.opts = opts,
	.help = NULL,
	.run = run,
};
