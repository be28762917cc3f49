/* clientele count: how many customers a rule selects. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "db.h"
#include "rule.h"

static int
run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct db *db = NULL;
	struct err e = {0};
	long long n = 0;
	int c, rc, json = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c != 'j')
			return cli_bad_option(&cmd_count, c, argv);
		json = 1;
	}
	if (optind != argc - 2)
		return cli_usage(&cmd_count, _("give the base and one rule (quote the rule)"));
	if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
		return rc;
	if (rule_count(db, argv[optind + 1], &n, &e) != 0) {
		db_close(&db);
		return cli_fail(&e);
	}
	if (json)
		printf("{\"count\": %lld}\n", n);
	else
		printf("%lld\n", n);
	db_close(&db);
	return 0;
}

const struct cli_cmd cmd_count = {
	.name = "count",
	.args = "DB RULE [--json]",
	.summary = N_("Count the customers a rule selects; prints the number alone."),
	.help = N_("options:\n"
	           "  --json   print {\"count\": N}\n"
	           "\n"
	           "RULE is written in the rule language of clientele-rules(5), e.g.\n"
	           "  clientele count shop.db 'city = \"Москва\" and orders >= 3'\n"),
	.run = run,
};
