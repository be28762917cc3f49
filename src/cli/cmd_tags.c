/* clientele tags: lists the tags with their counts, or creates, renames,
 * merges or deletes one (each edit undoable). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "tag.h"
#include "text/text.h"

enum edit { LIST, CREATE, RENAME, MERGE, DELETE };

enum { O_JSON = 256, O_CREATE, O_RENAME, O_MERGE, O_DELETE };

static const struct cli_opt opts[] = {
	{"json", O_JSON, CLI_FLAG, NULL,
	 N_("print the list as {\"tags\": [{\"name\": N, \"customers\": C}]}")},
	{"create", O_CREATE, CLI_ARG, "NAME",
	 N_("create an empty tag")},
	{"rename", O_RENAME, CLI_ARG, "OLD NEW",
	 N_("give the tag OLD the name NEW (a change of case is fine;\n"
	    "the name of another tag is refused: merge them)")},
	{"merge", O_MERGE, CLI_ARG, "FROM INTO",
	 N_("put the tag INTO on every customer of FROM, then\n"
	    "delete FROM")},
	{"delete", O_DELETE, CLI_ARG, "NAME",
	 N_("delete the tag and take it off every customer")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};


static int
list(struct db *db, int json)
{
	struct tag_info *v;
	struct err e = {0};
	size_t n, i;
	int w = text_width(_("tag"));

	if (tag_list(db, &v, &n, &e) != 0)
		return cli_fail(&e);
	if (json) {
		struct json j;

		json_begin(&j, stdout);
		json_object(&j);
		json_key(&j, "tags");
		json_array(&j);
		for (i = 0; i < n; i++) {
			json_object(&j);
			json_key_str(&j, "name", v[i].name);
			json_key_int(&j, "customers", v[i].count);
			json_close(&j);
		}
		json_end(&j);
	} else if (n > 0) {
		for (i = 0; i < n; i++)
			if (text_width(v[i].name) > w)
				w = text_width(v[i].name);
		cli_pad(stdout, _("tag"), w + 2);
		/* right-aligned over the numbers, in columns, not bytes */
		printf("%*s%s\n", 12 - text_width(_("customers")) > 0 ? 12 - text_width(_("customers")) : 0,
		       "", _("customers"));
		for (i = 0; i < n; i++) {
			cli_pad(stdout, v[i].name, w + 2);
			printf("%'12lld\n", v[i].count);
		}
	}
	tag_list_free(v, n);
	return 0;
}

static int
edit(struct db *db, enum edit what, const char *a, const char *b)
{
	struct err e = {0};
	int rc = 0;

	switch (what) {
	case CREATE: rc = tag_create(db, a, NULL, &e); break;
	case RENAME: rc = tag_rename(db, a, b, &e); break;
	case MERGE: rc = tag_merge(db, a, b, &e); break;
	case DELETE: rc = tag_delete(db, a, &e); break;
	case LIST: break;
	}
	if (rc != 0)
		return cli_fail(&e);
	switch (what) {
	case CREATE: printf(_("created tag \"%s\"\n"), a); break;
	case RENAME: printf(_("renamed tag \"%s\" to \"%s\"\n"), a, b); break;
	case MERGE: printf(_("merged tag \"%s\" into \"%s\"\n"), a, b); break;
	case DELETE: printf(_("deleted tag \"%s\"\n"), a); break;
	case LIST: break;
	}
	return 0;
}

static int
run(int argc, char **argv)
{
	struct db *db = NULL;
	enum edit what = LIST;
	const char *a = NULL, *b = NULL;
	int c, rc, json = 0, nedits = 0, want;

	optind = 1;
	while ((c = cli_getopt(&cmd_tags, argc, argv)) != -1) {
		switch (c) {
		case O_CREATE: what = CREATE; break;
		case O_RENAME: what = RENAME; break;
		case O_MERGE: what = MERGE; break;
		case O_DELETE: what = DELETE; break;
		case O_JSON: json = 1; continue;
		default: return cli_bad_option(&cmd_tags, c, argv);
		}
		a = optarg;
		nedits++;
	}
	if (nedits > 1)
		return cli_usage(&cmd_tags, _("give one of --create, --rename, --merge, --delete"));
	if (json && what != LIST)
		return cli_usage(&cmd_tags, _("--json goes with the list of tags only"));
	/* The second name of --rename and --merge is the word after the base. */
	want = what == RENAME || what == MERGE ? 2 : 1;
	if (argc - optind != want) {
		if (what == RENAME)
			return cli_usage(&cmd_tags, _("give the base, then --rename OLD NEW"));
		if (what == MERGE)
			return cli_usage(&cmd_tags, _("give the base, then --merge FROM INTO"));
		return cli_usage(&cmd_tags, _("give the base"));
	}
	if (want == 2)
		b = argv[optind + 1];
	if ((rc = cli_open(argv[optind], what == LIST ? DB_READONLY : 0, &db)) != 0)
		return rc;
	rc = what == LIST ? list(db, json) : edit(db, what, a, b);
	db_close(&db);
	return rc;
}

const struct cli_cmd cmd_tags = {
	.name = "tags",
	.args = "DB [--json] | DB (--create NAME | --rename OLD NEW | --merge FROM INTO | "
	        "--delete NAME)",
	.summary = N_("List the tags with how many customers carry each; create, rename, merge, "
	              "delete one."),
	.opts = opts,
	.help = N_("Without an edit, lists the tags by name. Names are unique in any case\n"
	           "(\"VIP\" and \"vip\", \"Ждёт\" and \"ждёт\" are one tag), one line, at most 100\n"
	           "characters, trimmed. Each edit is one transaction and one step that\n"
	           "'clientele undo' reverts.\n"
	           "The same, the noun then the verb: clientele tag list DB [--json], tag create\n"
	           "DB NAME, tag rename DB OLD NEW, tag merge DB FROM INTO, tag delete DB NAME.\n"
	           "Exit status: 0 done, 2 usage, 65 unknown tag, taken or bad name, 66 missing\n"
	           "base, 1 other.\n"),
	.run = run,
};

/* tag list|create|rename|merge|delete: the names are the words after the
 * base. */
static int
run_verb(const struct cli_cmd *self, enum edit what, int argc, char **argv)
{
	struct db *db = NULL;
	int c, rc, json = 0, want = what == LIST ? 1 : what == RENAME || what == MERGE ? 3 : 2;

	optind = 1;
	while ((c = cli_getopt(self, argc, argv)) != -1) {
		if (c != O_JSON)
			return cli_bad_option(self, c, argv);
		json = 1;
	}
	if (argc - optind != want) {
		if (what == RENAME)
			return cli_usage(self, _("give the base, the tag and its new name"));
		if (what == MERGE)
			return cli_usage(self, _("give the base, the tag to merge and the tag it goes "
			                         "into"));
		if (what != LIST)
			return cli_usage(self, _("give the base and the tag's name"));
		return cli_usage(self, _("give the base"));
	}
	if ((rc = cli_open(argv[optind], what == LIST ? DB_READONLY : 0, &db)) != 0)
		return rc;
	if (what == LIST)
		rc = list(db, json);
	else
		rc = edit(db, what, argv[optind + 1], want == 3 ? argv[optind + 2] : NULL);
	db_close(&db);
	return rc;
}

static int
run_list(int argc, char **argv)
{
	return run_verb(&cmd_tag_list, LIST, argc, argv);
}

static int
run_create(int argc, char **argv)
{
	return run_verb(&cmd_tag_create, CREATE, argc, argv);
}

static int
run_rename(int argc, char **argv)
{
	return run_verb(&cmd_tag_rename, RENAME, argc, argv);
}

static int
run_merge(int argc, char **argv)
{
	return run_verb(&cmd_tag_merge, MERGE, argc, argv);
}

static int
run_delete(int argc, char **argv)
{
	return run_verb(&cmd_tag_delete, DELETE, argc, argv);
}

static const struct cli_opt list_opts[] = {
	{"json", O_JSON, CLI_FLAG, NULL,
	 N_("print the list as {\"tags\": [{\"name\": N, \"customers\": C}]}")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

const struct cli_cmd cmd_tag_list = {
	.name = "list",
	.args = "DB [--json]",
	.summary = N_("Lists the tags by name with how many customers carry each (as: clientele\n"
	              "tags DB)."),
	.opts = list_opts,
	.run = run_list,
	.parent = &cmd_tag,
};

const struct cli_cmd cmd_tag_create = {
	.name = "create",
	.args = "DB NAME",
	.summary = N_("Creates an empty tag. Names are unique in any case (\"VIP\" and \"vip\" are\n"
	              "one tag), one line, at most 100 characters, trimmed."),
	.run = run_create,
	.parent = &cmd_tag,
};

const struct cli_cmd cmd_tag_rename = {
	.name = "rename",
	.args = "DB OLD NEW",
	.summary = N_("Gives the tag OLD the name NEW (a change of case is fine; the name of\n"
	              "another tag is refused: merge them)."),
	.run = run_rename,
	.parent = &cmd_tag,
};

const struct cli_cmd cmd_tag_merge = {
	.name = "merge",
	.args = "DB FROM INTO",
	.summary = N_("Puts the tag INTO on every customer of FROM, then deletes FROM."),
	.run = run_merge,
	.parent = &cmd_tag,
};

const struct cli_cmd cmd_tag_delete = {
	.name = "delete",
	.args = "DB NAME",
	.summary = N_("Deletes the tag and takes it off every customer."),
	.run = run_delete,
	.parent = &cmd_tag,
};
