/* clientele hist: the histogram of a number or date field within a
 * segment as bars in the terminal, the facet panel's buckets (SPEC §5). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "cli.h"
#include "db.h"
#include "fields.h"
#include "query_facet.h"
#include "text/text.h"

enum { O_SEGMENT = 256, O_BUCKETS, O_JSON, O_CSV };

static const struct cli_opt opts[] = {
	{"segment", O_SEGMENT, CLI_ARG, "PATH",
	 N_("within the members of that segment (default: the\n"
	    "whole base)")},
	{"buckets", O_BUCKETS, CLI_ARG, "N",
	 N_("about N buckets, 2 to 20 (default 20), with round\n"
	    "edges")},
	{"json", O_JSON, CLI_FLAG, NULL, N_("print as JSON")},
	{"csv", O_CSV, CLI_FLAG, NULL,
	 N_("print CSV: one line per bucket, with the rule that\n"
	    "selects it")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

/* The rule that selects bucket i (i == h->n: the empty ones). */
static void
bucket_rule(const char *field, const struct histogram *h, size_t i, char *buf, size_t size)
{
	if (i < h->n)
		snprintf(buf, size, "%s between %s and %s", field, h->v[i].lo_text, h->v[i].hi_text);
	else
		snprintf(buf, size, "%s is empty", field);
}

static void
print_json(const char *field, const char *path, const struct histogram *h)
{
	struct json j;
	char rule[160];

	json_begin(&j, stdout);
	json_object(&j);
	json_key_str(&j, "field", field);
	json_key_str(&j, "segment", path);
	json_key_str(&j, "type", h->type == FT_DATE ? "date" : "number");
	json_key_int(&j, "total", h->total);
	json_key_int(&j, "empty", h->empty);
	bucket_rule(field, h, h->n, rule, sizeof rule);
	json_key_str(&j, "empty_rule", rule);
	json_key(&j, "buckets");
	json_array(&j);
	for (size_t i = 0; i < h->n; i++) {
		bucket_rule(field, h, i, rule, sizeof rule);
		json_object(&j);
		json_key_str(&j, "from", h->v[i].lo_text);
		json_key_str(&j, "to", h->v[i].hi_text);
		json_key_str(&j, "rule", rule);
		json_key_int(&j, "count", h->v[i].count);
		json_close(&j);
	}
	json_close(&j);
	json_end(&j);
}

static void
print_csv(const char *field, const struct histogram *h)
{
	char rule[160];

	cli_csv("from", false);
	cli_csv("to", false);
	cli_csv("rule", false);
	cli_csv("count", true);
	for (size_t i = 0; i <= h->n; i++) {
		if (i == h->n && h->empty == 0)
			break;
		bucket_rule(field, h, i, rule, sizeof rule);
		cli_csv(i < h->n ? h->v[i].lo_text : "", false);
		cli_csv(i < h->n ? h->v[i].hi_text : "", false);
		cli_csv(rule, false);
		cli_csv_int(i < h->n ? h->v[i].count : h->empty, true);
	}
}

/* Bars of █ as long as count is to most over the room. */
static void
bar(long long count, long long most, int room)
{
	long long len = most > 0 ? (count * room * 2 + most) / (2 * most) : 0;

	if (len == 0 && count > 0)
		len = 1;
	for (long long k = 0; k < len; k++)
		fputs("█", stdout);
}

static void
print_text(const char *field, const char *path, const struct histogram *h)
{
	char label[80], buf[32];
	int lw = 0, cw, room;
	long long most = h->empty;

	printf(_("%s in %s: %lld customers, %lld without a value\n"), field,
	       path[0] != '\0' ? path : _("All customers"), h->total, h->empty);
	if (h->n == 0)
		return;
	for (size_t i = 0; i < h->n; i++) {
		snprintf(label, sizeof label, "%s – %s", h->v[i].lo_text, h->v[i].hi_text);
		if (text_width(label) > lw)
			lw = text_width(label);
		if (h->v[i].count > most)
			most = h->v[i].count;
	}
	if (h->empty > 0 && text_width(_("(empty)")) > lw)
		lw = text_width(_("(empty)"));
	cw = snprintf(buf, sizeof buf, "%lld", most);
	/* label, a space, the bar, a space, the count */
	room = cli_term_width() - lw - cw - 2;
	if (room < 1)
		room = 1;
	for (size_t i = 0; i <= h->n; i++) {
		long long n = i < h->n ? h->v[i].count : h->empty;

		if (i == h->n && h->empty == 0)
			break;
		if (i < h->n)
			snprintf(label, sizeof label, "%s – %s", h->v[i].lo_text, h->v[i].hi_text);
		else
			snprintf(label, sizeof label, "%s", _("(empty)"));
		cli_pad(stdout, label, lw);
		putchar(' ');
		bar(n, most, room);
		printf(" %lld\n", n);
	}
}

static int
run(int argc, char **argv)
{
	struct db *db = NULL;
	struct err e = {0};
	struct histogram h;
	struct field_catalog cat = {0};
	const struct field *f;
	char name[128];
	const char *segment = NULL;
	enum cli_format fmt = CLI_TEXT;
	long buckets = HIST_BUCKETS;
	char *end;
	int c, rc;

	optind = 1;
	while ((c = cli_getopt(&cmd_hist, argc, argv)) != -1) {
		if (c == O_SEGMENT)
			segment = optarg;
		else if (c == O_BUCKETS) {
			errno = 0;
			buckets = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' || buckets < 2 ||
			    buckets > HIST_BUCKETS)
				return cli_usage(&cmd_hist,
				                 _("--%s takes a number from %ld to %ld, not \"%s\""),
				                 "buckets", 2L, (long)HIST_BUCKETS, optarg);
		} else if (c == O_JSON || c == O_CSV) {
			if ((rc = cli_format_set(&cmd_hist, c == O_JSON, &fmt)) != 0)
				return rc;
		} else
			return cli_bad_option(&cmd_hist, c, argv);
	}
	if (optind != argc - 2)
		return cli_usage(&cmd_hist, _("give the base and one field"));
	if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
		return rc;
	segment = analysis_path(segment);
	/* the field by its name, as the buckets' rules write it */
	if (fields_load(db, &cat, &e) != 0)
		goto fail;
	f = fields_find(&cat, argv[optind + 1]);
	snprintf(name, sizeof name, "%s", f != NULL ? f->name : argv[optind + 1]);
	fields_free(&cat);
	if (query_histogram_n(db, segment, NULL, name, (size_t)buckets, &h, &e) != 0)
		goto fail;
	if (fmt == CLI_JSON)
		print_json(name, segment, &h);
	else if (fmt == CLI_CSV)
		print_csv(name, &h);
	else
		print_text(name, segment, &h);
	cli_close(&db);
	return 0;
fail:
	db_close(&db);
	return cli_fail(&e);
}

const struct cli_cmd cmd_hist = {
	.name = "hist",
	.args = "DB FIELD [--segment PATH] [--buckets N] [--json | --csv]",
	.summary = N_("Draw the histogram of a number or date field as bars in the terminal."),
	.opts = opts,
	.help = N_("One line per bucket: \"FROM – TO\" as `FIELD between FROM and TO`\n"
	           "selects it, a bar of █ scaled to the terminal's width (80 columns when\n"
	           "the output is not a terminal), and the count; then the customers\n"
	           "without a value. The buckets are those of `clientele facet`.\n"
	           "  clientele hist shop.db age --segment Clients --buckets 10\n"),
	.run = run,
};
