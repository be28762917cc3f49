/* clientele sql: the SQL a rule compiles to, with its parameters. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "db.h"
#include "query.h"
#include "rule/rule.h"

static int
run(int argc, char **argv)
{
	struct db *db = NULL;
	struct err e = {0};
	struct rule_sql rs = {0};
	char *sql = NULL;
	size_t i;
	int rc, c;

	optind = 1;
	if ((c = cli_getopt(&cmd_sql, argc, argv)) != -1)
		return cli_bad_option(&cmd_sql, c, argv);
	if (optind != argc - 2)
		return cli_usage(&cmd_sql, _("give the base and one rule (quote the rule)"));
	if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
		return rc;
	if (rule_count_sql(db, argv[optind + 1], &sql, &rs, &e) != 0) {
		db_close(&db);
		return cli_fail(&e);
	}
	printf("%s;\n", sql);
	for (i = 0; i < rs.nparams; i++) {
		const struct sql_param *p = &rs.params[i];

		printf("-- ?%zu = ", i + 1);
		if (p->kind == SQLP_TEXT) {
			json_quote(stdout, p->text);
			putchar('\n');
		} else if (p->kind == SQLP_INT) {
			printf("%lld\n", p->i);
		} else {
			printf("%.17g\n", p->d);
		}
	}
	free(sql);
	rule_sql_free(&rs);
	db_close(&db);
	return 0;
}

const struct cli_cmd cmd_sql = {
	.name = "sql",
	.args = "DB RULE",
	.summary = N_("Print the SQL a rule compiles to, with its bound parameters."),
	.help = N_("Every value of the rule is a bound parameter (?1, ?2, ...), listed after\n"
	           "the statement; field names come from the base's field catalog.\n"),
	.run = run,
};
