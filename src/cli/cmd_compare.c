/* clientele compare: two to six segments side by side, the "table of
 * segment characteristics" marketers build by hand (SPEC §5). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "cli.h"
#include "db.h"
#include "text/text.h"

enum { O_ACTIVE = 256, O_JSON, O_CSV };

static const struct cli_opt opts[] = {
	{"active-days", O_ACTIVE, CLI_ARG, "N",
	 N_("active: an order or an activity within N days of the\n"
	    "base's reference date (default 90)")},
	{"json", O_JSON, CLI_FLAG, NULL, N_("print as JSON")},
	{"csv", O_CSV, CLI_FLAG, NULL,
	 N_("print CSV: a line per characteristic, a column per\n"
	    "segment")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

/* The value of row r for column c, as text (no "%"); "" when none. */
static void
value(const struct compare *cmp, const struct compare_row *r, const struct compare_col *c,
      char *buf, size_t size)
{
	struct analysis_cell sums = {.orders = c->orders, .revenue_cents = c->revenue_cents};
	long long avg;

	buf[0] = '\0';
	switch (r->kind) {
	case CMP_SIZE:
		snprintf(buf, size, "%lld", c->size);
		break;
	case CMP_SHARE:
		snprintf(buf, size, "%.1f", analysis_share(c->size, cmp->base));
		break;
	case CMP_PART:
		snprintf(buf, size, "%.1f", analysis_share(compare_part(c, r->i), c->size));
		break;
	case CMP_AGE:
		if (c->aged > 0)
			snprintf(buf, size, "%g", c->median_age);
		break;
	case CMP_CITY:
		if ((size_t)r->i < c->ncities)
			snprintf(buf, size, "%s (%lld)", c->city[r->i].city, c->city[r->i].count);
		break;
	case CMP_ORDERS:
		snprintf(buf, size, "%lld", c->orders);
		break;
	case CMP_AVG:
		if ((avg = analysis_avg_check(&sums)) >= 0 && size >= 32)
			cli_money(buf, avg);
		break;
	case CMP_REVENUE:
		if (size >= 32)
			cli_money(buf, c->revenue_cents);
		break;
	case CMP_RFM:
		snprintf(buf, size, "%.1f", analysis_share(c->rfm[r->i], c->size));
		break;
	case CMP_RFM_NONE:
		snprintf(buf, size, "%.1f", analysis_share(c->rfm_none, c->size));
		break;
	}
}

/* Every row: the fixed ones, then one per named RFM segment and none. */
static size_t
all_rows(const struct compare *cmp, struct compare_row *out)
{
	size_t n = 0;

	for (size_t i = 0; i < COMPARE_FIXED; i++)
		out[n++] = compare_rows[i];
	for (size_t i = 0; i < RFM_NAMED; i++)
		out[n++] = (struct compare_row){CMP_RFM, (int)i, cmp->rfm_name[i], cmp->rfm_name[i]};
	out[n++] = (struct compare_row){CMP_RFM_NONE, 0, "rfm_none", N_("no RFM segment")};
	return n;
}

/* A share, printed with "%". */
static bool
is_pct(const struct compare_row *r)
{
	return r->kind == CMP_SHARE || r->kind == CMP_PART || r->kind == CMP_RFM ||
	       r->kind == CMP_RFM_NONE;
}

#define NROWS (COMPARE_FIXED + RFM_NAMED + 1)

static const char *
col_name(const struct compare_col *c)
{
	return c->path[0] != '\0' ? c->path : _("All customers");
}

static void
print_text(const struct compare *cmp)
{
	struct compare_row all[NROWS];
	size_t n = all_rows(cmp, all);
	char buf[256];
	int lw = 20, w[COMPARE_MAX];

	for (size_t k = 0; k < n; k++) {
		const char *l = all[k].kind == CMP_RFM ? all[k].label : _(all[k].label);
		int x = text_width(l) + 2;

		if (x > lw)
			lw = x;
	}
	for (size_t i = 0; i < cmp->n; i++) {
		w[i] = text_width(col_name(&cmp->col[i])) + 2;
		for (size_t k = 0; k < n; k++) {
			int x;

			value(cmp, &all[k], &cmp->col[i], buf, sizeof buf);
			x = text_width(buf) + (is_pct(&all[k]) ? 4 : 2);
			if (x > w[i])
				w[i] = x;
		}
		if (w[i] < 12)
			w[i] = 12;
		if (w[i] > 30)
			w[i] = 30;
	}
	cli_pad(stdout, "", lw);
	for (size_t i = 0; i < cmp->n; i++) {
		snprintf(buf, sizeof buf, "%s", col_name(&cmp->col[i]));
		cli_cut(buf, w[i] - 2);
		cli_rpad(stdout, buf, w[i]);
	}
	putchar('\n');
	for (size_t k = 0; k < n; k++) {
		if (all[k].kind == CMP_RFM && all[k].i == 0)
			printf("%s\n", _("RFM mix:"));
		cli_pad(stdout, all[k].kind == CMP_RFM ? all[k].label : _(all[k].label), lw);
		for (size_t i = 0; i < cmp->n; i++) {
			value(cmp, &all[k], &cmp->col[i], buf, sizeof buf);
			if (is_pct(&all[k]))
				strcat(buf, " %");
			cli_cut(buf, w[i] - 2);
			cli_rpad(stdout, buf, w[i]);
		}
		putchar('\n');
	}
	printf(_("\nActive: %s (reference date %s).\n"), cmp->active_rule, cmp->ref_date);
}

static void
print_csv(const struct compare *cmp)
{
	struct compare_row all[NROWS];
	size_t n = all_rows(cmp, all);
	char buf[256];

	cli_csv("row", false);
	for (size_t i = 0; i < cmp->n; i++)
		cli_csv(cmp->col[i].path, i + 1 == cmp->n);
	for (size_t k = 0; k < n; k++) {
		cli_csv(all[k].key, false);
		for (size_t i = 0; i < cmp->n; i++) {
			value(cmp, &all[k], &cmp->col[i], buf, sizeof buf);
			cli_csv(buf, i + 1 == cmp->n);
		}
	}
}

static void
print_json(const struct compare *cmp)
{
	struct json j;

	json_begin(&j, stdout);
	json_object(&j);
	json_key_int(&j, "base", cmp->base);
	json_key_str(&j, "reference_date", cmp->ref_date);
	json_key_str(&j, "active_rule", cmp->active_rule);
	json_key(&j, "segments");
	json_array(&j);
	for (size_t i = 0; i < cmp->n; i++) {
		const struct compare_col *c = &cmp->col[i];
		struct analysis_cell sums = {.orders = c->orders, .revenue_cents = c->revenue_cents};
		long long avg = analysis_avg_check(&sums);

		json_object(&j);
		json_key_str(&j, "segment", c->path);
		json_key_int(&j, "size", c->size);
		json_key_double(&j, "share", analysis_share(c->size, cmp->base), 2);
		json_key(&j, "gender");
		json_object(&j);
		json_key_int(&j, "F", c->female);
		json_key_int(&j, "M", c->male);
		json_key_int(&j, "unknown", c->gender_unknown);
		json_close(&j);
		if (c->aged > 0)
			json_key_double(&j, "median_age", c->median_age, 1);
		else
			json_key_null(&j, "median_age");
		json_key(&j, "cities");
		json_array(&j);
		for (size_t k = 0; k < c->ncities; k++) {
			json_object(&j);
			json_key_str(&j, "city", c->city[k].city);
			json_key_int(&j, "count", c->city[k].count);
			json_close(&j);
		}
		json_close(&j);
		json_key_int(&j, "orders", c->orders);
		json_key_double(&j, "revenue", (double)c->revenue_cents / 100.0, 2);
		if (avg >= 0)
			json_key_double(&j, "avg_check", (double)avg / 100.0, 2);
		else
			json_key_null(&j, "avg_check");
		json_key_int(&j, "email_consent", c->consent);
		json_key_int(&j, "active", c->active);
		json_key(&j, "rfm");
		json_object(&j);
		for (size_t k = 0; k < RFM_NAMED; k++)
			json_key_int(&j, cmp->rfm_name[k], c->rfm[k]);
		json_key_int(&j, "none", c->rfm_none);
		json_close(&j);
		json_close(&j);
	}
	json_close(&j);
	json_end(&j);
}

static int
run(int argc, char **argv)
{
	struct db *db = NULL;
	struct err e = {0};
	struct compare cmp;
	enum cli_format fmt = CLI_TEXT;
	long days = COMPARE_ACTIVE_DAYS;
	char *end;
	int c, rc, n;

	optind = 1;
	while ((c = cli_getopt(&cmd_compare, argc, argv)) != -1) {
		if (c == O_ACTIVE) {
			errno = 0;
			days = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' || days < 1 || days > 36500)
				return cli_usage(&cmd_compare,
				                 _("--active-days takes a number from 1 to 36500, not \"%s\""),
				                 optarg);
		} else if (c == O_JSON || c == O_CSV) {
			if ((rc = cli_format_set(&cmd_compare, c == O_JSON, &fmt)) != 0)
				return rc;
		} else
			return cli_bad_option(&cmd_compare, c, argv);
	}
	n = argc - optind - 1;
	if (n < 2 || n > COMPARE_MAX)
		return cli_usage(&cmd_compare,
		                 _("give the base and 2 to %d segments (\"\" for all customers)"),
		                 COMPARE_MAX);
	if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
		return rc;
	if (analysis_compare(db, (const char *const *)argv + optind + 1, (size_t)n, (int)days, &cmp,
	                     &e) != 0) {
		db_close(&db);
		return cli_fail(&e);
	}
	if (fmt == CLI_JSON)
		print_json(&cmp);
	else if (fmt == CLI_CSV)
		print_csv(&cmp);
	else
		print_text(&cmp);
	compare_free(&cmp);
	cli_close(&db);
	return 0;
}

const struct cli_cmd cmd_compare = {
	.name = "compare",
	.args = "DB PATH PATH... [--active-days N] [--json | --csv]",
	.summary = N_("Compare two to six segments side by side: size, gender, age, cities, "
	              "money, consent, activity, RFM mix."),
	.opts = opts,
	.help = N_("Each PATH is a segment; \"\" or \"All customers\" is the whole base. The\n"
	           "rows: customers, share of the base, the shares of women, men and gender\n"
	           "unknown, median age, the three most frequent cities, orders, average\n"
	           "check (revenue ÷ orders), revenue (the sum of spent), the shares with\n"
	           "email consent and active (an order or an activity within --active-days\n"
	           "of the base's reference date), and the share of each named RFM segment.\n"
	           "  clientele compare shop.db \"\" Clients Clients/Moscow\n"),
	.run = run,
};
