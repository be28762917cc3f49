/* clientele tags: lists the tags with their counts, or creates, renames,
 * merges or deletes one (each edit undoable). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "tag.h"
#include "text.h"

enum edit { LIST, CREATE, RENAME, MERGE, DELETE };

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
			json_key(&j, "name");
			json_str(&j, v[i].name);
			json_key(&j, "customers");
			json_int(&j, v[i].count);
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
	static const struct option longopts[] = {
		{"create", required_argument, NULL, 'c'},
		{"rename", required_argument, NULL, 'r'},
		{"merge", required_argument, NULL, 'm'},
		{"delete", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct db *db = NULL;
	enum edit what = LIST;
	const char *a = NULL, *b = NULL;
	int c, rc, json = 0, nedits = 0, want;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': what = CREATE; break;
		case 'r': what = RENAME; break;
		case 'm': what = MERGE; break;
		case 'd': what = DELETE; break;
		case 'j': json = 1; continue;
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
	.help = N_("options:\n"
	           "  --json             print the list as {\"tags\": [{\"name\": N, \"customers\": C}]}\n"
	           "  --create NAME      create an empty tag\n"
	           "  --rename OLD NEW   give the tag OLD the name NEW (a change of case is fine;\n"
	           "                     the name of another tag is refused: merge them)\n"
	           "  --merge FROM INTO  put the tag INTO on every customer of FROM, then\n"
	           "                     delete FROM\n"
	           "  --delete NAME      delete the tag and take it off every customer\n"
	           "\n"
	           "Without an edit, lists the tags by name. Names are unique in any case\n"
	           "(\"VIP\" and \"vip\", \"Ждёт\" and \"ждёт\" are one tag), one line, at most 100\n"
	           "characters, trimmed. Each edit is one transaction and one step that\n"
	           "'clientele undo' reverts.\n"
	           "Exit status: 0 done, 2 usage, 65 unknown tag, taken or bad name, 66 missing\n"
	           "base, 1 other.\n"),
	.run = run,
};
