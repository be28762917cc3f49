/* clientele report: the report to share, one self-contained HTML file
 * with the tree, the plans, the compare table, the grids and histograms
 * (SPEC §5). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis.h"
#include "cli.h"
#include "db.h"
#include "report.h"

enum { O_COMPARE = 256, O_HIST };

static const struct cli_opt opts[] = {
	{"output", 'o', CLI_ARG, "FILE",
	 N_("write the report to FILE (- for standard output)")},
	{"force", 'f', CLI_FLAG, NULL, N_("replace FILE when it exists")},
	{"compare", O_COMPARE, CLI_ARG, "PATH",
	 N_("a segment of the compare table (\"\" for all\n"
	    "customers); repeat it, up to 6 (default: all\n"
	    "customers and the top-level segments)")},
	{"hist", O_HIST, CLI_ARG, "FIELD",
	 N_("a histogram of that number or date field; repeat\n"
	    "it, up to 8 (default: spent, orders, last_order\n"
	    "and age)")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static int
run(int argc, char **argv)
{
	const char *compare[COMPARE_MAX], *hist[REPORT_HIST_MAX], *out = NULL;
	struct report_opts o = {.compare = compare, .hist = hist};
	struct db *db = NULL;
	struct err e = {0};
	bool force = false;
	size_t bad = 0;
	int c, rc;

	optind = 1;
	while ((c = cli_getopt(&cmd_report, argc, argv)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'f': force = true; break;
		case O_COMPARE:
			if (o.ncompare == COMPARE_MAX)
				return cli_usage(&cmd_report, _("--compare: at most %d segments"),
				                 COMPARE_MAX);
			compare[o.ncompare++] = optarg;
			break;
		case O_HIST:
			if (o.nhist == REPORT_HIST_MAX)
				return cli_usage(&cmd_report, _("--hist: at most %d fields"),
				                 REPORT_HIST_MAX);
			hist[o.nhist++] = optarg;
			break;
		default: return cli_bad_option(&cmd_report, c, argv);
		}
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_report, optind >= argc ? _("which base? give its file name")
		                                             : _("one base at a time"));
	if (out == NULL)
		return cli_usage(&cmd_report, _("where to? give -o FILE (or -o - for standard output)"));
	if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
		return rc;
	if (report_write_file(db, &o, out, force, &bad, &e) != 0) {
		db_close(&db);
		return cli_fail(&e);
	}
	db_close(&db);
	if (bad > 0) {
		/* the report is written; the rows of those segments say why */
		fprintf(stderr, "clientele: ");
		fprintf(stderr, _("could not count %zu of the segments; their rows say why"), bad);
		fputc('\n', stderr);
		return EXIT_DATAERR;
	}
	return 0;
}

const struct cli_cmd cmd_report = {
	.name = "report",
	.args = "DB -o FILE [--force] [--compare PATH]... [--hist FIELD]...",
	.summary = N_("Write the report to share, one HTML file: the tree, plans, compare table, "
	              "grids and histograms."),
	.opts = opts,
	.help = N_("The report has the segment tree with sizes and trends, each segment's plan\n"
	           "(who, what, why, when, where, strategy), the compare table, the RFM and\n"
	           "ABC×XYZ grids as coloured tables and histograms as pictures. It is one\n"
	           "file with no scripts and no links outside it: open it in a browser, print\n"
	           "it or send it by mail. The headings are in the language of LANG.\n"
	           "The file is written in full and then renamed into place; an existing one\n"
	           "is replaced only with --force. A segment that cannot be counted says why\n"
	           "on its row, and the exit status is 65.\n"
	           "  clientele report shop.db -o report.html --compare Clients --compare Leads\n"),
	.run = run,
};
