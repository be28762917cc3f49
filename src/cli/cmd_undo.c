/* clientele undo: reverts the newest hand edit (tags, segments) kept in the
 * base's undo log, or lists the steps that can be undone. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "db.h"
#include "undo.h"

enum { O_LIST = 256, O_JSON };

static const struct cli_opt opts[] = {
	{"list", O_LIST, CLI_FLAG, NULL,
	 N_("list the steps that can be undone, newest first: number, time\n"
	    "(UTC) and what each did, in your language; undo nothing")},
	{"json", O_JSON, CLI_FLAG, NULL,
	 N_("with --list: {\"steps\": [{\"id\": N, \"at\": T, \"label\": L}]}")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static int
list(struct db *db, int json)
{
	struct undo_step *v;
	struct json j;
	struct err e = {0};
	size_t n, i;

	if (undo_list(db, &v, &n, &e) != 0)
		return cli_fail(&e);
	json_begin(&j, stdout);
	if (json) {
		json_object(&j);
		json_key(&j, "steps");
		json_array(&j);
	}
	for (i = 0; i < n; i++) {
		if (json) {
			json_object(&j);
			json_key_int(&j, "id", v[i].id);
			json_key_str(&j, "at", v[i].at);
			json_key_str(&j, "label", v[i].label);
			json_close(&j);
		} else {
			printf("%6lld  %s  %s\n", v[i].id, v[i].at, v[i].label);
		}
	}
	if (json)
		json_end(&j);
	undo_list_free(v, n);
	return 0;
}

static int
run(int argc, char **argv)
{
	struct db *db = NULL;
	struct err e = {0};
	char *label = NULL;
	int c, rc, listing = 0, json = 0;

	optind = 1;
	while ((c = cli_getopt(&cmd_undo, argc, argv)) != -1) {
		if (c == O_LIST)
			listing = 1;
		else if (c == O_JSON)
			json = 1;
		else
			return cli_bad_option(&cmd_undo, c, argv);
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_undo, _("give the base"));
	if (json && !listing)
		return cli_usage(&cmd_undo, _("--json goes with --list"));
	if ((rc = cli_open(argv[optind], listing ? DB_READONLY : 0, &db)) != 0)
		return rc;
	if (listing) {
		rc = list(db, json);
	} else if (undo_last(db, &label, &e) != 0) {
		rc = cli_fail(&e);
	} else {
		printf(_("undid: %s\n"), label);
		free(label);
	}
	db_close(&db);
	return rc;
}

const struct cli_cmd cmd_undo = {
	.name = "undo",
	.args = "DB [--list [--json]]",
	.summary = N_("Undo the newest hand edit (tags, segments), or list what can be undone."),
	.opts = opts,
	.help = N_("Without --list, reverts the newest step in one transaction and prints what\n"
	           "it undid, e.g.  undid: put tag \"vip\" on 1204 customers\n"
	           "Run it again to undo the step before. The base keeps its last 100 steps;\n"
	           "imports are not steps (they are one transaction each) and are not undone.\n"
	           "Exit status: 0 done, 1 nothing to undo (or the base changed since in a way\n"
	           "that conflicts), 2 usage, 66 missing base.\n"),
	.run = run,
};
