/* clientele tag: puts a tag on, or takes it off, the customers of a
 * segment, a rule or a list of ids; one undoable step. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "tag.h"
#include "undo.h"

/* The customers.id of each external id; an unknown one is an error naming
 * it. *out (malloc'd) has n entries. */
static int
resolve_ids(struct db *db, char **ext, size_t n, long long **out, struct err *e)
{
	sqlite3_stmt *st = NULL;
	long long *ids;
	size_t i;
	int rc = -1;

	*out = NULL;
	if ((ids = calloc(n ? n : 1, sizeof *ids)) == NULL)
		return err_set(e, EXIT_FAIL, "out of memory");
	if (db_prepare(db, &st, "SELECT id FROM customers WHERE ext_id = ?1", e) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		int r;

		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, ext[i], -1, SQLITE_STATIC);
		if ((r = db_step(db, st, e)) < 0)
			goto out;
		if (r == 0) {
			err_set(e, EXIT_DATAERR, "no customer with id \"%s\" in %s", ext[i], db_path(db));
			goto out;
		}
		ids[i] = sqlite3_column_int64(st, 0);
	}
	*out = ids;
	ids = NULL;
	rc = 0;
out:
	sqlite3_finalize(st);
	free(ids);
	return rc;
}

/* What changed, in the words of the undo step (the tag's name as stored). */
static int
report(struct db *db, const char *name, int add, long long changed, int json)
{
	struct err e = {0};
	char *label = NULL;

	if (json) {
		struct json j;

		json_begin(&j, stdout);
		json_object(&j);
		json_key(&j, "tag");
		json_str(&j, name);
		json_key(&j, "action");
		json_str(&j, add ? "add" : "remove");
		json_key(&j, "changed");
		json_int(&j, changed);
		json_end(&j);
		return 0;
	}
	if (changed == 0) {
		printf(_("no customer changed (tag \"%s\")\n"), name);
		return 0;
	}
	if (undo_peek(db, &label, &e) != 0)
		return cli_fail(&e);
	printf("%s\n", label != NULL ? label : "");
	free(label);
	return 0;
}

static int
run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"add", required_argument, NULL, 'a'},
		{"remove", required_argument, NULL, 'r'},
		{"segment", required_argument, NULL, 's'},
		{"where", required_argument, NULL, 'w'},
		{"id", required_argument, NULL, 'i'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct tag_target t = {0};
	struct db *db = NULL;
	struct err e = {0};
	const char *add = NULL, *remove = NULL, *name;
	char **ext = NULL;
	long long *ids = NULL, changed = 0;
	size_t next = 0;
	int c, rc, json = 0, ntargets = 0;

	if ((ext = calloc((size_t)argc, sizeof *ext)) == NULL)
		return cli_fail(&(struct err){EXIT_FAIL, "out of memory"});
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': add = optarg; break;
		case 'r': remove = optarg; break;
		case 's': ntargets += t.segment == NULL; t.segment = optarg; break;
		case 'w': ntargets += t.rule == NULL; t.rule = optarg; break;
		case 'i': ntargets += next == 0; ext[next++] = optarg; break;
		case 'j': json = 1; break;
		default:
			free(ext);
			return cli_bad_option(&cmd_tag, c, argv);
		}
	}
	rc = EXIT_USAGE;
	if (optind != argc - 1)
		cli_usage(&cmd_tag, _("give the base, then the options"));
	else if ((add == NULL) == (remove == NULL))
		cli_usage(&cmd_tag, _("give one of --add NAME or --remove NAME"));
	else if (ntargets != 1)
		cli_usage(&cmd_tag, _("say which customers: one of --segment PATH, --where RULE or "
		                      "--id ID (repeatable)"));
	else
		rc = 0;
	if (rc != 0)
		goto out;
	name = add != NULL ? add : remove;
	if ((rc = cli_open(argv[optind], 0, &db)) != 0)
		goto out;
	if (next > 0) {
		if (resolve_ids(db, ext, next, &ids, &e) != 0) {
			rc = cli_fail(&e);
			goto out;
		}
		t.ids = ids;
		t.nids = next;
	}
	if ((add != NULL ? tag_add : tag_remove)(db, name, &t, &changed, &e) != 0)
		rc = cli_fail(&e);
	else
		rc = report(db, name, add != NULL, changed, json);
out:
	db_close(&db);
	free(ids);
	free(ext);
	return rc;
}

const struct cli_cmd cmd_tag = {
	.name = "tag",
	.args = "DB (--add NAME | --remove NAME) (--segment PATH | --where RULE | --id ID...)",
	.summary = N_("Put a tag on, or take it off, the customers of a segment, a rule or a list."),
	.help = N_("options:\n"
	           "  --add NAME       put the tag NAME on the customers (created when missing)\n"
	           "  --remove NAME    take the tag NAME off the customers\n"
	           "  --segment PATH   the customers of a segment, e.g. \"Clients/Primary school\"\n"
	           "  --where RULE     the customers a rule selects (see clientele-rules(5))\n"
	           "  --id ID          one customer by its id (the id column of the import);\n"
	           "                   repeatable\n"
	           "  --json           print {\"tag\": NAME, \"action\": \"add\", \"changed\": N}\n"
	           "\n"
	           "Prints how many customers changed (those who already had the tag, or did\n"
	           "not have it, do not count). Tag names are matched in any case: \"VIP\" and\n"
	           "\"vip\" are one tag. The edit is one transaction, and one step that\n"
	           "'clientele undo' reverts; an edit that changes nothing is not recorded.\n"
	           "Example:\n"
	           "  clientele tag shop.db --add \"waits for the sale\" --where 'orders >= 3'\n"
	           "Exit status: 0 done, 2 usage, 65 bad rule, tag name or id, 66 missing base,\n"
	           "1 other.\n"),
	.run = run,
};
