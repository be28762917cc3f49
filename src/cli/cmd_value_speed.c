/* clientele value-speed: the value × speed grid of a segment (SPEC §5):
 * money at or above the median spent or below it, against the time to the
 * first purchase at most the median or above it, with the customers and
 * the revenue of each cell and those without a class apart. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "cli.h"
#include "db.h"
#include "text/text.h"

/* The cells in print order: the four of the grid, then no class. */
static const struct analysis_cell *
cell_of(const struct vs_grid *g, int n, const char **value, const char **speed)
{
	if (n == VS_ROWS * VS_COLS) {
		*value = *speed = NULL;
		return &g->none;
	}
	*value = g->value[n / VS_COLS];
	*speed = g->speed[n % VS_COLS];
	return &g->cell[n / VS_COLS][n % VS_COLS];
}

static void
print_json(const char *path, const void *gp)
{
	const struct vs_grid *g = gp;
	struct json j;

	json_begin(&j, stdout);
	json_object(&j);
	json_key_str(&j, "segment", path);
	json_key_int(&j, "total", g->total);
	json_key_int(&j, "classed", g->classed);
	if (g->classed > 0) {
		json_key_double(&j, "median_spent", g->median_spent, 2);
		json_key_double(&j, "median_days", g->median_days, 1);
	} else {
		json_key_null(&j, "median_spent");
		json_key_null(&j, "median_days");
	}
	json_key(&j, "grid");
	json_array(&j);
	for (int n = 0; n <= VS_ROWS * VS_COLS; n++) {
		const char *v, *s;
		const struct analysis_cell *c = cell_of(g, n, &v, &s);

		json_object(&j);
		json_key_str(&j, "value", v);
		json_key_str(&j, "speed", s);
		json_key_str(&j, "rule", c->rule);
		json_key_int(&j, "count", c->count);
		json_key_double(&j, "share", analysis_share(c->count, g->total), 2);
		json_key_int(&j, "orders", c->orders);
		json_key_double(&j, "revenue", (double)c->revenue_cents / 100.0, 2);
		json_close(&j);
	}
	json_close(&j);
	json_end(&j);
}

static void
print_csv(const void *gp)
{
	const struct vs_grid *g = gp;
	static const char *const head[] = {"value", "speed", "rule", "count", "share", "orders",
	                                   "revenue"};
	char buf[32];

	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		cli_csv(head[i], i + 1 == sizeof head / sizeof head[0]);
	for (int n = 0; n <= VS_ROWS * VS_COLS; n++) {
		const char *v, *s;
		const struct analysis_cell *c = cell_of(g, n, &v, &s);

		cli_csv(v != NULL ? v : "", false);
		cli_csv(s != NULL ? s : "", false);
		cli_csv(c->rule, false);
		cli_csv_int(c->count, false);
		snprintf(buf, sizeof buf, "%.2f", analysis_share(c->count, g->total));
		cli_csv(buf, false);
		cli_csv_int(c->orders, false);
		cli_csv(cli_money(buf, c->revenue_cents), true);
	}
}

static void
print_text(const char *path, const void *gp)
{
	const struct vs_grid *g = gp;
	/* TRANSLATORS: the value × speed grid's rows and columns. */
	const char *row[VS_ROWS] = {_("high value"), _("low value")};
	const char *col[VS_COLS] = {_("fast"), _("slow")};
	char buf[32];
	int lw = 12, w = 12;

	printf(_("Value × speed of %s: %lld customers\n\n"),
	       path[0] != '\0' ? path : _("All customers"), g->total);
	for (int i = 0; i < VS_ROWS; i++)
		if (text_width(row[i]) + 2 > lw)
			lw = text_width(row[i]) + 2;
	for (int i = 0; i < VS_ROWS; i++)
		for (int k = 0; k < VS_COLS; k++)
			if ((int)strlen(cli_money(buf, g->cell[i][k].revenue_cents)) + 2 > w)
				w = (int)strlen(buf) + 2;
	for (int k = 0; k < VS_COLS; k++) {
		/* two columns each: customers, revenue */
		if (text_width(col[k]) + 2 > w)
			w = text_width(col[k]) + 2;
	}
	cli_pad(stdout, "", lw);
	for (int k = 0; k < VS_COLS; k++) {
		cli_rpad(stdout, col[k], w);
		cli_rpad(stdout, "", w);
	}
	putchar('\n');
	cli_pad(stdout, "", lw);
	for (int k = 0; k < VS_COLS; k++) {
		cli_rpad(stdout, _("Customers"), w);
		cli_rpad(stdout, _("Revenue"), w);
	}
	putchar('\n');
	for (int i = 0; i < VS_ROWS; i++) {
		cli_pad(stdout, row[i], lw);
		for (int k = 0; k < VS_COLS; k++) {
			printf("%*lld", w, g->cell[i][k].count);
			cli_rpad(stdout, cli_money(buf, g->cell[i][k].revenue_cents), w);
		}
		putchar('\n');
	}
	printf(_("\nNo class (no purchase or no created_at): %lld (%.1f%%, %s)\n"), g->none.count,
	       analysis_share(g->none.count, g->total), g->none.rule);
	if (g->classed > 0)
		printf(_("Medians of the base (customers with a class: %lld): spent %.2f, days to the "
		         "first order %g\n"),
		       g->classed, g->median_spent, g->median_days);
}

static int
compute(struct db *db, const char *path, void *g, struct err *e)
{
	return analysis_value_speed(db, path, g, e);
}

static int
run(int argc, char **argv)
{
	static const struct cli_grid how = {compute, print_json, print_csv, print_text};
	struct vs_grid g;

	return cli_grid_run(&cmd_value_speed, argc, argv, &how, &g);
}

const struct cli_cmd cmd_value_speed = {
	.name = "value-speed",
	.args = "DB [--segment PATH] [--json | --csv]",
	.summary = N_("Show the value × speed grid with the customers and revenue of each cell."),
	.opts = cli_grid_opts,
	.help = N_("Rows high and low value (spent at or above the median of the buyers\n"
	           "with a created_at, or below), columns fast and slow (days from\n"
	           "created_at to the first order at most their median, or above), as\n"
	           "customer_metrics holds value_speed. Each cell is what\n"
	           "`value_speed = fast_high` selects; those without a purchase or a\n"
	           "created_at are apart (`value_speed is empty`). The medians are taken\n"
	           "again over the whole base, as the metrics took them.\n"
	           "  clientele value-speed shop.db --segment Clients --csv\n"),
	.run = run,
};
