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

enum { O_ADD = 256, O_REMOVE, O_SEGMENT, O_WHERE, O_ID, O_JSON };

static const struct cli_cmd verb_add, verb_remove;

static const struct cli_opt opts[] = {
	{"add", O_ADD, CLI_ARG, "NAME",
	 N_("put the tag NAME on the customers (created when missing)")},
	{"remove", O_REMOVE, CLI_ARG, "NAME",
	 N_("take the tag NAME off the customers")},
	{"segment", O_SEGMENT, CLI_ARG, "PATH",
	 N_("the customers of a segment, e.g. \"Clients/Primary school\"")},
	{"where", O_WHERE, CLI_ARG, "RULE",
	 N_("the customers a rule selects (see clientele-rules(5))")},
	{"id", O_ID, CLI_ARG, "ID",
	 N_("one customer by its id (the id column of the import);\n"
	    "repeatable")},
	{"json", O_JSON, CLI_FLAG, NULL,
	 N_("print {\"tag\": NAME, \"action\": \"add\", \"changed\": N}")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

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
		db_bind_static_at(st, 1, ext[i]);
		if ((r = db_step(db, st, e)) < 0)
			goto out;
		if (r == 0) {
			err_set(e, EXIT_DATAERR, "no customer with id \"%s\" in %s", ext[i], db_path(db));
			goto out;
		}
		ids[i] = db_col_int64(st, 0);
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
		json_key_str(&j, "tag", name);
		json_key_str(&j, "action", add ? "add" : "remove");
		json_key_int(&j, "changed", changed);
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

/* Puts the tag on or takes it off. self is tag (the tag's name comes with
 * --add or --remove) or one of its verbs add and remove (the tag's name is
 * the word after the base). */
static int
put(const struct cli_cmd *self, int argc, char **argv)
{
	struct tag_target t = {0};
	struct db *db = NULL;
	struct err e = {0};
	const char *add = NULL, *remove = NULL, *name;
	char **ext = NULL;
	long long *ids = NULL, changed = 0;
	size_t next = 0;
	int c, rc, json = 0, ntargets = 0, words = self == &cmd_tag ? 1 : 2;

	if ((ext = calloc((size_t)argc, sizeof *ext)) == NULL)
		return cli_fail(&(struct err){.code = EXIT_FAIL, .msg = "out of memory"});
	optind = 1;
	while ((c = cli_getopt(self, argc, argv)) != -1) {
		switch (c) {
		case O_ADD: add = optarg; break;
		case O_REMOVE: remove = optarg; break;
		case O_SEGMENT: ntargets += t.segment == NULL; t.segment = optarg; break;
		case O_WHERE: ntargets += t.rule == NULL; t.rule = optarg; break;
		case O_ID: ntargets += next == 0; ext[next++] = optarg; break;
		case O_JSON: json = 1; break;
		default:
			free(ext);
			return cli_bad_option(self, c, argv);
		}
	}
	if (words == 2 && optind == argc - 2) {
		if (self == &verb_add)
			add = argv[optind + 1];
		else
			remove = argv[optind + 1];
	}
	rc = EXIT_USAGE;
	if (optind != argc - words && words == 1)
		cli_usage(self, _("give the base, then the options"));
	else if (optind != argc - words)
		cli_usage(self, _("give the base and the tag's name, then say which customers"));
	else if ((add == NULL) == (remove == NULL))
		cli_usage(self, _("give one of --add NAME or --remove NAME"));
	else if (ntargets != 1)
		cli_usage(self, _("say which customers: one of --segment PATH, --where RULE or "
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

static int
run_add(int argc, char **argv)
{
	return put(&verb_add, argc, argv);
}

static int
run_remove(int argc, char **argv)
{
	return put(&verb_remove, argc, argv);
}

/* tag DB --add NAME ..., or tag VERB DB ...: a first word that is a verb
 * (a base called "list" is ./list). */
static int
run(int argc, char **argv)
{
	if (argc >= 2 && cli_find_verb(&cmd_tag, argv[1]) != NULL)
		return cli_run_verb(&cmd_tag, argc, argv);
	if (argc >= 2 && cli_verb_typo(&cmd_tag, argv[1]))
		return EXIT_USAGE;
	return put(&cmd_tag, argc, argv);
}

/* The verbs take the options after --add and --remove. */
#define TARGET_OPTS (opts + 2)

static const struct cli_cmd verb_add = {
	.name = "add",
	.args = "DB NAME (--segment PATH | --where RULE | --id ID...) [--json]",
	.summary = N_("Puts the tag NAME on the customers of a segment, of a rule or with the ids\n"
	              "given (the tag is created when missing). Prints how many customers\n"
	              "changed; one step that 'clientele undo' reverts."),
	.opts = TARGET_OPTS,
	.run = run_add,
	.parent = &cmd_tag,
};

static const struct cli_cmd verb_remove = {
	.name = "remove",
	.args = "DB NAME (--segment PATH | --where RULE | --id ID...) [--json]",
	.summary = N_("Takes the tag NAME off the customers of a segment, of a rule or with the\n"
	              "ids given. Prints how many customers changed; one step that 'clientele\n"
	              "undo' reverts."),
	.opts = TARGET_OPTS,
	.run = run_remove,
	.parent = &cmd_tag,
};

static const struct cli_cmd *const verbs[] = {
	&verb_add,       &verb_remove,    &cmd_tag_list,   &cmd_tag_create,
	&cmd_tag_rename, &cmd_tag_merge,  &cmd_tag_delete, NULL,
};

const struct cli_cmd cmd_tag = {
	.name = "tag",
	.args = "DB (--add NAME | --remove NAME) (--segment PATH | --where RULE | --id ID...)",
	.summary = N_("Put a tag on, or take it off, the customers of a segment, a rule or a list."),
	.opts = opts,
	.help = N_("subcommands, the noun then the verb (the options above work as before):\n"
	           "  add DB NAME (--segment PATH | --where RULE | --id ID...)\n"
	           "                      put the tag NAME on those customers\n"
	           "  remove DB NAME (--segment PATH | --where RULE | --id ID...)\n"
	           "                      take it off them\n"
	           "  list DB [--json]    the tags and their counts (as: clientele tags DB)\n"
	           "  create DB NAME      create an empty tag\n"
	           "  rename DB OLD NEW   rename a tag\n"
	           "  merge DB FROM INTO  put INTO on every customer of FROM, then delete FROM\n"
	           "  delete DB NAME      delete a tag and take it off every customer\n"
	           "Help on one subcommand: clientele tag SUBCOMMAND --help\n"
	           "\n"
	           "Prints how many customers changed (those who already had the tag, or did\n"
	           "not have it, do not count). Tag names are matched in any case: \"VIP\" and\n"
	           "\"vip\" are one tag. The edit is one transaction, and one step that\n"
	           "'clientele undo' reverts; an edit that changes nothing is not recorded.\n"
	           "Example:\n"
	           "  clientele tag add shop.db \"waits for the sale\" --where 'orders >= 3'\n"
	           "Exit status: 0 done, 2 usage, 65 bad rule, tag name or id, 66 missing base,\n"
	           "1 other.\n"),
	.run = run,
	.verbs = verbs,
};
