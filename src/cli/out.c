/* Output helpers of the analysis commands (cli.h): CSV fields, money, the
 * terminal's width. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "analysis.h"
#include "cli.h"
#include "db.h"
#include "export/export.h"

static void
csv_cell(const char *s, bool text, bool last)
{
	static const struct export_format f = {.delim = ','};
	struct export_cell c = {.s = s != NULL ? s : "", .text = text};
	char small[512], *buf;
	size_t n;

	c.len = strlen(c.s);
	n = export_csv_cell(&f, &c, small, sizeof small);
	if (n < sizeof small) {
		fwrite(small, 1, n, stdout);
	} else if ((buf = malloc(n + 1)) != NULL) {
		export_csv_cell(&f, &c, buf, n + 1);
		fwrite(buf, 1, n, stdout);
		free(buf);
	}
	fputs(last ? "\r\n" : ",", stdout);
}

void
cli_csv(const char *s, bool last)
{
	csv_cell(s, true, last);
}

void
cli_csv_int(long long v, bool last)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", v);
	csv_cell(buf, false, last);
}

char *
cli_money(char *buf, long long cents)
{
	const char *sign = cents < 0 ? "-" : "";
	unsigned long long a = cents < 0 ? 0ULL - (unsigned long long)cents : (unsigned long long)cents;

	snprintf(buf, 32, "%s%llu.%02llu", sign, a / 100, a % 100);
	return buf;
}

int
cli_term_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

int
cli_format_set(const struct cli_cmd *cmd, bool json, enum cli_format *fmt)
{
	if (*fmt != CLI_TEXT)
		return cli_usage(cmd, _("give either --json or --csv"));
	*fmt = json ? CLI_JSON : CLI_CSV;
	return 0;
}

const struct cli_opt cli_grid_opts[] = {
	{"segment", CLI_GRID_SEGMENT, CLI_ARG, "PATH",
	 N_("within the members of that segment (default: the\n"
	    "whole base)")},
	{"json", CLI_GRID_JSON, CLI_FLAG, NULL, N_("print as JSON")},
	{"csv", CLI_GRID_CSV, CLI_FLAG, NULL,
	 N_("print CSV: one line per cell, with the rule that\n"
	    "selects it")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

int
cli_grid_run(const struct cli_cmd *cmd, int argc, char **argv, const struct cli_grid *how,
             void *g)
{
	struct db *db = NULL;
	struct err e = {0};
	const char *segment = NULL;
	enum cli_format fmt = CLI_TEXT;
	int c, rc;

	optind = 1;
	while ((c = cli_getopt(cmd, argc, argv)) != -1) {
		if (c == CLI_GRID_SEGMENT)
			segment = optarg;
		else if (c == CLI_GRID_JSON || c == CLI_GRID_CSV) {
			if ((rc = cli_format_set(cmd, c == CLI_GRID_JSON, &fmt)) != 0)
				return rc;
		} else
			return cli_bad_option(cmd, c, argv);
	}
	if (optind != argc - 1)
		return cli_usage(cmd, _("give the base alone"));
	if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
		return rc;
	if (how->compute(db, segment, g, &e) != 0) {
		db_close(&db);
		return cli_fail(&e);
	}
	segment = analysis_path(segment);
	if (fmt == CLI_JSON)
		how->json(segment, g);
	else if (fmt == CLI_CSV)
		how->csv(g);
	else
		how->text(segment, g);
	cli_close(&db);
	return 0;
}
