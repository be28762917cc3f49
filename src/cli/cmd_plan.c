/* clientele plan: the plan of the whole segment tree (who, what, why, when,
 * where, strategy) with each segment's size, as one Markdown table or CSV. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "export/export.h"
#include "db.h"
#include "query.h"
#include "segment/segment.h"

enum { O_CSV = 256 };

static const struct cli_opt opts[] = {
	{"csv", O_CSV, CLI_FLAG, NULL,
	 N_("print CSV instead (RFC 4180: a header line, CRLF line ends,\n"
	    "quotes where needed; a cell that starts like a formula,\n"
	    "= + - @, gets a leading '), for a spreadsheet")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

/* A Markdown table cell: '|' escaped, line breaks as <br>, backslashes
 * doubled so that the cell reads as written. */
static void
md_cell(const char *s)
{
	fputs("| ", stdout);
	for (; s != NULL && *s; s++) {
		if (*s == '|')
			fputs("\\|", stdout);
		else if (*s == '\\')
			fputs("\\\\", stdout);
		else if (*s == '\n')
			fputs("<br>", stdout);
		else if (*s != '\r')
			putchar(*s);
	}
	putchar(' ');
}

/* One CSV field as the export writes it (RFC 4180 quoting, and a leading
 * ' before what a spreadsheet would take for a formula: a plan is text
 * that marketers type, and it ends up in Excel). */
static void
csv_field(const char *s, bool last)
{
	static const struct export_format f = {.delim = ','};
	struct export_cell c = {.s = s != NULL ? s : "", .text = true};
	char small[512], *buf = small;
	size_t n;

	c.len = strlen(c.s);
	n = export_csv_cell(&f, &c, small, sizeof small);
	if (n >= sizeof small && (buf = malloc(n + 1)) != NULL)
		export_csv_cell(&f, &c, buf, n + 1);
	fwrite(buf != NULL ? buf : "", 1, buf != NULL ? n : 0, stdout);
	if (buf != small)
		free(buf);
	fputs(last ? "\r\n" : ",", stdout);
}

static int
run(int argc, char **argv)
{
	static const char *const heads[] = {N_("Segment"), N_("Size"), N_("Who"), N_("What"),
	                                    N_("Why"), N_("When"), N_("Where"), N_("Strategy")};
	/* the CSV header keeps the canonical names, for scripts */
	static const char *const csv_heads[] = {"segment", "size", "who", "what",
	                                        "why", "when", "where", "strategy"};
	struct db *db = NULL;
	struct segment *v = NULL;
	struct segment_count *c = NULL;
	struct err e = {0};
	size_t n = 0, i, k;
	int ch, rc, csv = 0;

	optind = 1;
	while ((ch = cli_getopt(&cmd_plan, argc, argv)) != -1) {
		if (ch != O_CSV)
			return cli_bad_option(&cmd_plan, ch, argv);
		csv = 1;
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_plan, _("which base? give its file name"));
	if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
		return rc;
	if (segment_list(db, &v, &n, &e) != 0)
		goto fail;
	if (n > 0 && (c = calloc(n, sizeof *c)) == NULL) {
		err_set(&e, EXIT_FAIL, "out of memory");
		goto fail;
	}
	if (n > 0 && segment_count_all(db, v, n, false, c, &e) != 0)
		goto fail;
	for (k = 0; k < 8; k++) {
		if (csv)
			csv_field(csv_heads[k], k == 7);
		else
			md_cell(_(heads[k]));
	}
	if (!csv) {
		fputs("|\n", stdout);
		for (k = 0; k < 8; k++)
			fputs(k == 1 ? "| ---: " : "| --- ", stdout);
		fputs("|\n", stdout);
	}
	for (i = 0; i < n; i++) {
		const char *cells[8];
		char size[sizeof c[i].error + 16];

		/* a segment that cannot be counted says why in its size cell */
		if (c[i].error[0] != '\0')
			snprintf(size, sizeof size, _("error: %s"), c[i].error);
		else
			snprintf(size, sizeof size, "%lld", c[i].count);
		cells[0] = v[i].path;
		cells[1] = size;
		cells[2] = v[i].plan_who;
		cells[3] = v[i].plan_what;
		cells[4] = v[i].plan_why;
		cells[5] = v[i].plan_when;
		cells[6] = v[i].plan_where;
		cells[7] = v[i].strategy;
		for (k = 0; k < 8; k++) {
			if (csv)
				csv_field(cells[k], k == 7);
			else
				md_cell(cells[k]);
		}
		if (!csv)
			fputs("|\n", stdout);
	}
	rc = cli_count_errors(c, n);
	free(c);
	segment_list_free(v, n);
	db_close(&db);
	return rc;
fail:
	free(c);
	segment_list_free(v, n);
	db_close(&db);
	return cli_fail(&e);
}

const struct cli_cmd cmd_plan = {
	.name = "plan",
	.args = "DB [--csv]",
	.summary = N_("Print the plan of the whole segment tree (who, what, why, when, where, "
	              "strategy) with each segment's size, as one Markdown table."),
	.opts = opts,
	.help = N_("Segments are listed by path, in the order of the tree; snapshots too.\n"
	           "A segment that cannot be counted has \"error: ...\" as its size, and\n"
	           "the exit status is 65.\n"
	           "Set a segment's plan with: clientele segment plan-set DB PATH --who ...\n"),
	.run = run,
};
