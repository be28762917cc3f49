/* clientele rfm: the 5×5 R×F grid of a segment with its counts, the
 * customers without a purchase apart, and the ten named segments with
 * their count, share, revenue and average check (SPEC §5). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "analysis.h"
#include "cli.h"
#include "db.h"

static const struct cli_opt opts[] = {
	{"segment", CLI_GRID_SEGMENT, CLI_ARG, "PATH",
	 N_("within the members of that segment (default: the\n"
	    "whole base)")},
	{"json", CLI_GRID_JSON, CLI_FLAG, NULL, N_("print as JSON")},
	{"csv", CLI_GRID_CSV, CLI_FLAG, NULL,
	 N_("print CSV: one line per cell and per named segment,\n"
	    "each with the rule that selects it")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static void
json_cell(struct json *j, const struct analysis_cell *c, long long total)
{
	long long avg = analysis_avg_check(c);

	json_key_str(j, "rule", c->rule);
	json_key_int(j, "count", c->count);
	json_key_double(j, "share", analysis_share(c->count, total), 2);
	json_key_int(j, "orders", c->orders);
	json_key_double(j, "revenue", (double)c->revenue_cents / 100.0, 2);
	if (avg >= 0)
		json_key_double(j, "avg_check", (double)avg / 100.0, 2);
	else
		json_key_null(j, "avg_check");
}

static void
print_json(const char *path, const void *gp)
{
	const struct rfm_grid *g = gp;
	struct json j;

	json_begin(&j, stdout);
	json_object(&j);
	json_key_str(&j, "segment", path);
	json_key_int(&j, "total", g->total);
	json_key_int(&j, "buyers", g->buyers);
	json_key(&j, "without_purchase");
	json_object(&j);
	json_cell(&j, &g->none, g->total);
	json_close(&j);
	json_key(&j, "grid");
	json_array(&j);
	for (int r = 5; r >= 1; r--)
		for (int f = 1; f <= 5; f++) {
			json_object(&j);
			json_key_int(&j, "r", r);
			json_key_int(&j, "f", f);
			json_cell(&j, &g->cell[r - 1][f - 1], g->total);
			json_close(&j);
		}
	json_close(&j);
	json_key(&j, "segments");
	json_array(&j);
	for (size_t i = 0; i < RFM_NAMED; i++) {
		json_object(&j);
		json_key_str(&j, "name", g->name[i]);
		json_cell(&j, &g->named[i], g->total);
		json_close(&j);
	}
	json_close(&j);
	json_end(&j);
}

static void
csv_line(const char *kind, int r, int f, const char *name, const struct analysis_cell *c,
         long long total)
{
	char buf[32];
	long long avg = analysis_avg_check(c);

	cli_csv(kind, false);
	if (r > 0)
		cli_csv_int(r, false);
	else
		cli_csv("", false);
	if (f > 0)
		cli_csv_int(f, false);
	else
		cli_csv("", false);
	cli_csv(name, false);
	cli_csv(c->rule, false);
	cli_csv_int(c->count, false);
	snprintf(buf, sizeof buf, "%.2f", analysis_share(c->count, total));
	cli_csv(buf, false);
	cli_csv_int(c->orders, false);
	cli_csv(cli_money(buf, c->revenue_cents), false);
	cli_csv(avg >= 0 ? cli_money(buf, avg) : "", true);
}

static void
print_csv(const void *gp)
{
	const struct rfm_grid *g = gp;
	static const char *const head[] = {"kind", "r", "f", "segment", "rule", "count",
	                                   "share", "orders", "revenue", "avg_check"};

	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		cli_csv(head[i], i + 1 == sizeof head / sizeof head[0]);
	for (int r = 5; r >= 1; r--)
		for (int f = 1; f <= 5; f++)
			csv_line("cell", r, f, "", &g->cell[r - 1][f - 1], g->total);
	csv_line("none", 0, 0, "", &g->none, g->total);
	for (size_t i = 0; i < RFM_NAMED; i++)
		csv_line("segment", 0, 0, g->name[i], &g->named[i], g->total);
}

static void
print_text(const char *path, const void *gp)
{
	const struct rfm_grid *g = gp;
	char buf[64], money[32];
	int w = 7;

	printf(_("RFM of %s: %lld customers, %lld with a purchase\n\n"),
	       path[0] != '\0' ? path : _("All customers"), g->total, g->buyers);
	for (int r = 5; r >= 1; r--)
		for (int f = 1; f <= 5; f++) {
			int k = snprintf(buf, sizeof buf, "%lld", g->cell[r - 1][f - 1].count);

			if (k + 1 > w)
				w = k + 1;
		}
	printf("     ");
	for (int f = 1; f <= 5; f++) {
		snprintf(buf, sizeof buf, "F=%d", f);
		cli_rpad(stdout, buf, w);
	}
	putchar('\n');
	for (int r = 5; r >= 1; r--) {
		printf("R=%d  ", r);
		for (int f = 1; f <= 5; f++)
			printf("%*lld", w, g->cell[r - 1][f - 1].count);
		putchar('\n');
	}
	printf(_("\nWithout a purchase: %lld\n\n"), g->none.count);
	cli_pad(stdout, _("Segment"), 20);
	cli_rpad(stdout, _("Customers"), 11);
	cli_rpad(stdout, _("Share"), 9);
	cli_rpad(stdout, _("Revenue"), 14);
	cli_rpad(stdout, _("Avg check"), 12);
	putchar('\n');
	for (size_t i = 0; i < RFM_NAMED; i++) {
		const struct analysis_cell *c = &g->named[i];
		long long avg = analysis_avg_check(c);

		cli_pad(stdout, g->name[i], 20);
		printf("%11lld", c->count);
		snprintf(buf, sizeof buf, "%.1f %%", analysis_share(c->count, g->total));
		cli_rpad(stdout, buf, 9);
		cli_rpad(stdout, cli_money(money, c->revenue_cents), 14);
		cli_rpad(stdout, avg >= 0 ? cli_money(money, avg) : "—", 12);
		putchar('\n');
	}
}

static int
compute(struct db *db, const char *path, void *g, struct err *e)
{
	return analysis_rfm(db, path, g, e);
}

static int
run(int argc, char **argv)
{
	static const struct cli_grid how = {compute, print_json, print_csv, print_text};
	struct rfm_grid g;

	return cli_grid_run(&cmd_rfm, argc, argv, &how, &g);
}

const struct cli_cmd cmd_rfm = {
	.name = "rfm",
	.args = "DB [--segment PATH] [--json | --csv]",
	.summary = N_("Show the R×F grid and the named RFM segments with their revenue."),
	.opts = opts,
	.help = N_("The 5×5 grid of the R and F scores (R rows from 5 down, F columns) with\n"
	           "the customers of each cell (`r = 5 and f = 4` selects one), those without\n"
	           "a purchase apart (`orders = 0`), then the ten named segments (`rfm =\n"
	           "champions`) with their customers, share of the segment, revenue (the sum\n"
	           "of spent) and average check (revenue ÷ orders).\n"
	           "  clientele rfm shop.db --segment Clients\n"),
	.run = run,
};
