/* clientele abc: the ABC×XYZ grid of a segment with the customers and the
 * revenue of each cell, those without a class in a row and a column of
 * their own (SPEC §5). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "cli.h"
#include "db.h"
#include "text/text.h"

static const char *
class_name(const char *v)
{
	return v != NULL ? v : _("no class");
}

static void
print_json(const char *path, const void *gp)
{
	const struct abc_grid *g = gp;
	struct json j;

	json_begin(&j, stdout);
	json_object(&j);
	json_key_str(&j, "segment", path);
	json_key_int(&j, "total", g->total);
	json_key(&j, "grid");
	json_array(&j);
	for (int i = 0; i < ABC_ROWS; i++)
		for (int k = 0; k < XYZ_COLS; k++) {
			const struct analysis_cell *c = &g->cell[i][k];

			json_object(&j);
			json_key_str(&j, "abc", g->abc[i]);
			json_key_str(&j, "xyz", g->xyz[k]);
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
	const struct abc_grid *g = gp;
	static const char *const head[] = {"abc", "xyz", "rule", "count", "share", "orders",
	                                   "revenue"};
	char buf[32];

	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		cli_csv(head[i], i + 1 == sizeof head / sizeof head[0]);
	for (int i = 0; i < ABC_ROWS; i++)
		for (int k = 0; k < XYZ_COLS; k++) {
			const struct analysis_cell *c = &g->cell[i][k];

			cli_csv(g->abc[i] != NULL ? g->abc[i] : "", false);
			cli_csv(g->xyz[k] != NULL ? g->xyz[k] : "", false);
			cli_csv(c->rule, false);
			cli_csv_int(c->count, false);
			snprintf(buf, sizeof buf, "%.2f", analysis_share(c->count, g->total));
			cli_csv(buf, false);
			cli_csv_int(c->orders, false);
			cli_csv(cli_money(buf, c->revenue_cents), true);
		}
}

/* One table of the grid: its counts, or its revenue. */
static void
table(const struct abc_grid *g, const char *title, bool money)
{
	char buf[32];
	int w = 10, lw = 10;

	for (int i = 0; i < ABC_ROWS; i++)
		for (int k = 0; k < XYZ_COLS; k++) {
			const struct analysis_cell *c = &g->cell[i][k];
			int n = money ? (int)strlen(cli_money(buf, c->revenue_cents))
			              : snprintf(buf, sizeof buf, "%lld", c->count);

			if (n + 2 > w)
				w = n + 2;
		}
	for (int k = 0; k < XYZ_COLS; k++)
		if (text_width(class_name(g->xyz[k])) + 2 > w)
			w = text_width(class_name(g->xyz[k])) + 2;
	for (int i = 0; i < ABC_ROWS; i++)
		if (text_width(class_name(g->abc[i])) + 2 > lw)
			lw = text_width(class_name(g->abc[i])) + 2;
	if (text_width(title) + 2 > lw)
		lw = text_width(title) + 2;
	cli_pad(stdout, title, lw);
	for (int k = 0; k < XYZ_COLS; k++)
		cli_rpad(stdout, class_name(g->xyz[k]), w);
	putchar('\n');
	for (int i = 0; i < ABC_ROWS; i++) {
		cli_pad(stdout, class_name(g->abc[i]), lw);
		for (int k = 0; k < XYZ_COLS; k++) {
			const struct analysis_cell *c = &g->cell[i][k];

			if (money)
				cli_rpad(stdout, cli_money(buf, c->revenue_cents), w);
			else
				printf("%*lld", w, c->count);
		}
		putchar('\n');
	}
}

static void
print_text(const char *path, const void *gp)
{
	const struct abc_grid *g = gp;

	printf(_("ABC×XYZ of %s: %lld customers\n\n"), path[0] != '\0' ? path : _("All customers"),
	       g->total);
	table(g, _("Customers"), false);
	putchar('\n');
	table(g, _("Revenue"), true);
}

static int
compute(struct db *db, const char *path, void *g, struct err *e)
{
	return analysis_abc(db, path, g, e);
}

static int
run(int argc, char **argv)
{
	static const struct cli_grid how = {compute, print_json, print_csv, print_text};
	struct abc_grid g;

	return cli_grid_run(&cmd_abc, argc, argv, &how, &g);
}

const struct cli_cmd cmd_abc = {
	.name = "abc",
	.args = "DB [--segment PATH] [--json | --csv]",
	.summary = N_("Show the ABC×XYZ grid with the customers and revenue of each cell."),
	.opts = cli_grid_opts,
	.help = N_("Rows A, B, C, columns X, Y, Z, as customer_metrics holds the classes;\n"
	           "the customers without a class are in the row and the column \"no\n"
	           "class\" (`abc is empty`). Each cell is what `abc = A and xyz = X`\n"
	           "selects; first their customers, then their revenue (the sum of spent).\n"
	           "  clientele abc shop.db --segment Clients --csv\n"),
	.run = run,
};
