/* clientele plan: the plan of the whole segment tree (who, what, why, when,
 * where, strategy) with each segment's size, as one Markdown table or CSV. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "export/plan.h"
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

static int
run(int argc, char **argv)
{
	struct db *db = NULL;
	struct segment *v = NULL;
	struct segment_count *c = NULL;
	struct err e = {0};
	char *text = NULL;
	size_t n = 0, len;
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
	/* the same text as the interface's plan view saves */
	if (plan_text(v, c, n, csv ? PLAN_CSV : PLAN_MARKDOWN, &text, &len, &e) != 0)
		goto fail;
	fwrite(text, 1, len, stdout);
	free(text);
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
