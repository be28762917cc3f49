/* clientele count: how many customers a rule selects. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "db.h"
#include "engine/engine.h"
#include "query.h"
#include "rule/rule.h"
#include "segment/segment.h"

enum { O_SEGMENT = 256, O_JSON };

static const struct cli_opt opts[] = {
	{"segment", O_SEGMENT, CLI_ARG, "PATH",
	 N_("count the members of that segment (its whole chain of\n"
	    "rules, or its frozen list) instead of a rule")},
	{"json", O_JSON, CLI_FLAG, NULL,
	 N_("print {\"count\": N} (with --segment, also \"parent\"\n"
	    "and \"base\": the counts of its parent and of the base)")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static int
count_members(struct db *db, const char *path, long long *n, struct err *e)
{
	struct rule_sql w = {0};
	int rc;

	if ((rc = engine_count_text(db, path, NULL, n, e)) != ENGINE_FALLBACK)
		return rc;
	if (segment_where(db, path, &w, e) != 0)
		return -1;
	rc = segment_sql_count(db, &w, n, e);
	rule_sql_free(&w);
	return rc;
}

static int
run(int argc, char **argv)
{
	struct db *db = NULL;
	struct err e = {0};
	struct segment_count sc;
	const char *segment = NULL;
	long long n = 0;
	int c, rc, json = 0;

	optind = 1;
	while ((c = cli_getopt(&cmd_count, argc, argv)) != -1) {
		if (c == O_JSON)
			json = 1;
		else if (c == O_SEGMENT)
			segment = optarg;
		else
			return cli_bad_option(&cmd_count, c, argv);
	}
	if (segment != NULL && optind != argc - 1)
		return cli_usage(&cmd_count, _("give the base and either a rule or --segment PATH"));
	if (segment == NULL && optind != argc - 2)
		return cli_usage(&cmd_count, _("give the base and one rule (quote the rule)"));
	if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
		return rc;
	if (segment != NULL && json)
		rc = segment_count(db, segment, &sc, &e);
	else if (segment != NULL)
		rc = count_members(db, segment, &n, &e); /* no scan for the parent */
	else
		rc = rule_count(db, argv[optind + 1], &n, &e);
	if (rc != 0) {
		db_close(&db);
		return cli_fail(&e);
	}
	if (json) {
		struct json j;

		json_begin(&j, stdout);
		json_object(&j);
		json_key_int(&j, "count", segment != NULL ? sc.count : n);
		if (segment != NULL) {
			json_key_int(&j, "parent", sc.parent);
			json_key_int(&j, "base", sc.base);
		}
		json_end(&j);
	} else {
		printf("%lld\n", n);
	}
	cli_close(&db);
	return 0;
}

const struct cli_cmd cmd_count = {
	.name = "count",
	.args = "DB (RULE | --segment PATH) [--json]",
	.summary = N_("Count the customers a rule selects; prints the number alone."),
	.opts = opts,
	.help = N_("RULE is written in the rule language of clientele-rules(5), e.g.\n"
	           "  clientele count shop.db 'city = \"Москва\" and orders >= 3'\n"),
	.run = run,
};
