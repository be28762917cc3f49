/* clientele facet: what the facet panel shows, for scripts: a text field's
 * values with their counts, most frequent first, or a number or date
 * field's histogram, within a segment or a rule. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "fields.h"
#include "query_facet.h"

enum { O_SEGMENT = 256, O_WHERE, O_BUCKETS, O_TOP, O_JSON };

static const struct cli_opt opts[] = {
	{"segment", O_SEGMENT, CLI_ARG, "PATH", N_("within the members of that segment")},
	{"where", O_WHERE, CLI_ARG, "RULE",
	 N_("within the customers a rule selects (with --segment:\n"
	    "those of its members)")},
	{"buckets", O_BUCKETS, CLI_ARG, "N",
	 N_("a number or date field: about N buckets, 2 to 20\n"
	    "(default 20), with round edges")},
	{"top", O_TOP, CLI_ARG, "N",
	 N_("a text field: the N most frequent values alone, the\n"
	    "rest counted as others (default: every value)")},
	{"json", O_JSON, CLI_FLAG, NULL, N_("print as JSON")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

/* A count of at least 1 from --buckets or --top, in *out. */
static int
read_count(const char *opt, const char *s, long lo, long hi, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *out < lo || *out > hi)
		return cli_usage(&cmd_facet, _("--%s takes a number from %ld to %ld, not \"%s\""), opt,
		                 lo, hi, s);
	return 0;
}

/* The width of the widest count, for the counts' column. */
static int
count_width(const struct facet *f)
{
	char buf[32];
	long long most = f->empty > f->others ? f->empty : f->others;

	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].count > most)
			most = f->v[i].count;
	return snprintf(buf, sizeof buf, "%lld", most);
}

static void
print_values(const char *field, const struct facet *f, bool json)
{
	int w = count_width(f);

	if (json) {
		struct json j;

		json_begin(&j, stdout);
		json_object(&j);
		json_key_str(&j, "field", field);
		json_key_str(&j, "type", "text");
		json_key_int(&j, "total", f->total);
		json_key_int(&j, "empty", f->empty);
		json_key_int(&j, "distinct", f->distinct);
		json_key(&j, "values");
		json_array(&j);
		for (size_t i = 0; i < f->n; i++) {
			json_object(&j);
			json_key_str(&j, "value", f->v[i].value);
			json_key_int(&j, "count", f->v[i].count);
			json_close(&j);
		}
		json_close(&j);
		json_key_int(&j, "others", f->others);
		json_end(&j);
		return;
	}
	/* as `sort | uniq -c | sort -rn` prints them: count, then value */
	for (size_t i = 0; i < f->n; i++)
		printf("%*lld %s\n", w, f->v[i].count, f->v[i].value);
	if (f->others > 0)
		printf("%*lld %s\n", w, f->others, _("(others)"));
	if (f->empty > 0)
		printf("%*lld %s\n", w, f->empty, _("(empty)"));
}

static void
print_histogram(const char *field, const struct histogram *h, bool json)
{
	char buf[32];
	int w = snprintf(buf, sizeof buf, "%lld", h->empty);

	for (size_t i = 0; i < h->n; i++) {
		int k = snprintf(buf, sizeof buf, "%lld", h->v[i].count);

		if (k > w)
			w = k;
	}
	if (json) {
		struct json j;

		json_begin(&j, stdout);
		json_object(&j);
		json_key_str(&j, "field", field);
		json_key_str(&j, "type", h->type == FT_DATE ? "date" : "number");
		json_key_int(&j, "total", h->total);
		json_key_int(&j, "empty", h->empty);
		if (h->n > 0) {
			json_key_str(&j, "min", h->min);
			json_key_str(&j, "max", h->max);
		}
		json_key(&j, "buckets");
		json_array(&j);
		for (size_t i = 0; i < h->n; i++) {
			json_object(&j);
			json_key_str(&j, "from", h->v[i].lo_text);
			json_key_str(&j, "to", h->v[i].hi_text);
			json_key_int(&j, "count", h->v[i].count);
			json_close(&j);
		}
		json_close(&j);
		json_end(&j);
		return;
	}
	/* each bucket as the rule that selects it would bound it */
	for (size_t i = 0; i < h->n; i++)
		printf("%*lld %s – %s\n", w, h->v[i].count, h->v[i].lo_text, h->v[i].hi_text);
	if (h->empty > 0)
		printf("%*lld %s\n", w, h->empty, _("(empty)"));
}

static int
run(int argc, char **argv)
{
	struct db *db = NULL;
	struct err e = {0};
	struct field_catalog cat = {0};
	const struct field *f;
	const char *segment = NULL, *where = NULL;
	long buckets = HIST_BUCKETS, top = 0;
	bool json = false;
	int c, rc;

	optind = 1;
	while ((c = cli_getopt(&cmd_facet, argc, argv)) != -1) {
		if (c == O_SEGMENT)
			segment = optarg;
		else if (c == O_WHERE)
			where = optarg;
		else if (c == O_JSON)
			json = true;
		else if (c == O_BUCKETS) {
			if ((rc = read_count("buckets", optarg, 2, HIST_BUCKETS, &buckets)) != 0)
				return rc;
		} else if (c == O_TOP) {
			if ((rc = read_count("top", optarg, 1, 1000000000L, &top)) != 0)
				return rc;
		} else
			return cli_bad_option(&cmd_facet, c, argv);
	}
	if (optind != argc - 2)
		return cli_usage(&cmd_facet, _("give the base and one field"));
	if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
		return rc;
	if (fields_load(db, &cat, &e) != 0)
		goto fail;
	if ((f = fields_find(&cat, argv[optind + 1])) == NULL) {
		err_set(&e, EXIT_DATAERR, _("no field \"%s\" in this base (clientele info lists them)"),
		        argv[optind + 1]);
		goto fail;
	}
	if (f->type == FT_NUMBER || f->type == FT_DATE) {
		struct histogram h;

		if (query_histogram_n(db, segment, where, f->name, (size_t)buckets, &h, &e) != 0)
			goto fail;
		print_histogram(f->name, &h, json);
	} else {
		struct facet v = {0};

		if (query_facet(db, segment, where, f->name, (size_t)top, &v, &e) != 0)
			goto fail;
		print_values(f->name, &v, json);
		facet_free(&v);
	}
	fields_free(&cat);
	cli_close(&db);
	return 0;
fail:
	fields_free(&cat);
	db_close(&db);
	return cli_fail(&e);
}

const struct cli_cmd cmd_facet = {
	.name = "facet",
	.args = "DB FIELD [--segment PATH] [--where RULE] [--buckets N | --top N] [--json]",
	.summary = N_("Show a field's values with their counts, or a number or date field's "
	              "histogram, as the facet panel does."),
	.opts = opts,
	.help = N_("A text field (or a yes/no one): each value, folded as rules compare text\n"
	           "(москва and Москва are one), with its count, most frequent first, then\n"
	           "the others and the empty ones. A number or a date: the buckets, each\n"
	           "\"FROM – TO\" as `FIELD between FROM and TO` selects it, then the empty\n"
	           "ones. The count comes first on each line, as `uniq -c` prints it.\n"
	           "  clientele facet shop.db city --segment Clients --top 10\n"
	           "  clientele facet shop.db spent --where 'orders >= 1' --buckets 10\n"),
	.run = run,
};
