/* clientele segment SUBCOMMAND: edits of the segment tree (add, rename,
 * move, rm, dup, rule, plan-set, freeze) and questions about it (diff, why,
 * overlap, rest). Each subcommand is an entry of the table below. */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "query.h"
#include "segment/segment.h"
#include "text/text.h"

enum {
	O_RULE = 256,
	O_POSITION,
	O_YES,
	O_WHO,
	O_WHAT,
	O_WHY,
	O_WHEN,
	O_WHERE,
	O_STRATEGY,
	O_AS,
	O_LIVE,
	O_LIST,
	O_JSON,
};

/* The sub-verbs, defined at the end. */
static const struct cli_cmd seg_add, seg_rename, seg_move, seg_rm, seg_dup, seg_rule, seg_plan_set, seg_freeze, seg_diff, seg_why, seg_overlap, seg_rest;

/* Parses the options of a subcommand that has only --json; checks that
 * there are min to max operands. */
static int
parse_json_only(const struct cli_cmd *s, int argc, char **argv, int min, int max, int *json)
{
	int c;

	optind = 1;
	*json = 0;
	while ((c = cli_getopt(s, argc, argv)) != -1) {
		if (c != O_JSON)
			return cli_bad_option(s, c, argv);
		*json = 1;
	}
	if (argc - optind < min || argc - optind > max)
		return cli_usage(s, _("expected %d arguments, got %d"), argc - optind < min ? min : max,
		                 argc - optind);
	return 0;
}

/* {"KEY": V, ...}: n pairs of a name and a count, on one line. */
static void
print_counts(size_t n, const char *const *keys, const long long *v)
{
	struct json j;
	size_t i;

	json_begin(&j, stdout);
	json_object(&j);
	for (i = 0; i < n; i++) {
		json_key_int(&j, keys[i], v[i]);
	}
	json_end(&j);
}

/* Opens the base, runs one edit, reports. */
static int
edit_done(struct db **db, int rc, const struct err *e)
{
	db_close(db);
	return rc != 0 ? cli_fail(e) : 0;
}

static int
run_add(int argc, char **argv)
{
	const struct cli_cmd *s = &seg_add;
	const char *rule = "";
	struct db *db = NULL;
	struct err e = {0};
	int c, rc;

	optind = 1;
	while ((c = cli_getopt(s, argc, argv)) != -1) {
		if (c != O_RULE)
			return cli_bad_option(s, c, argv);
		rule = optarg;
	}
	if (argc - optind != 2)
		return cli_usage(s, _("give the base and the path of the new segment"));
	if ((rc = cli_open(argv[optind], 0, &db)) != 0)
		return rc;
	rc = segment_add(db, argv[optind + 1], rule, NULL, &e);
	if (rc == 0)
		printf(_("added \"%s\"\n"), argv[optind + 1]);
	return edit_done(&db, rc, &e);
}

/* rename and rule: a path and one text, both edits of the same shape. */
static int
rename_or_rule(const struct cli_cmd *s, int argc, char **argv)
{
	struct db *db = NULL;
	struct err e = {0};
	int json, rc;

	if ((rc = parse_json_only(s, argc, argv, 3, 3, &json)) != 0)
		return rc;
	if ((rc = cli_open(argv[optind], 0, &db)) != 0)
		return rc;
	if (s == &seg_rename)
		rc = segment_rename(db, argv[optind + 1], argv[optind + 2], &e);
	else
		rc = segment_set_rule(db, argv[optind + 1], argv[optind + 2], &e);
	return edit_done(&db, rc, &e);
}

static int
run_rename(int argc, char **argv)
{
	return rename_or_rule(&seg_rename, argc, argv);
}

static int
run_rule(int argc, char **argv)
{
	return rename_or_rule(&seg_rule, argc, argv);
}

static int
run_move(int argc, char **argv)
{
	const struct cli_cmd *s = &seg_move;
	struct db *db = NULL;
	struct err e = {0};
	char *end;
	long pos = 0;
	int c, rc;

	optind = 1;
	while ((c = cli_getopt(s, argc, argv)) != -1) {
		if (c != O_POSITION)
			return cli_bad_option(s, c, argv);
		pos = strtol(optarg, &end, 10);
		if (*optarg == '\0' || *end != '\0' || pos < 1 || pos > 1000000)
			return cli_usage(s, _("--position needs a whole number from 1 (first), not \"%s\""),
			                 optarg);
	}
	if (argc - optind != 3)
		return cli_usage(s, _("give the base, the segment and its new parent (\"/\" for the "
		                      "root)"));
	if ((rc = cli_open(argv[optind], 0, &db)) != 0)
		return rc;
	rc = segment_move(db, argv[optind + 1], argv[optind + 2], (int)pos, &e);
	return edit_done(&db, rc, &e);
}

static int
run_dup(int argc, char **argv)
{
	const struct cli_cmd *s = &seg_dup;
	struct db *db = NULL;
	struct err e = {0};
	char *path = NULL;
	int json, rc;

	if ((rc = parse_json_only(s, argc, argv, 2, 3, &json)) != 0)
		return rc;
	if ((rc = cli_open(argv[optind], 0, &db)) != 0)
		return rc;
	rc = segment_dup(db, argv[optind + 1], argc - optind == 3 ? argv[optind + 2] : NULL, &path,
	                 &e);
	if (rc == 0)
		printf(_("copied to \"%s\"\n"), path != NULL ? path : "");
	free(path);
	return edit_done(&db, rc, &e);
}

/* How many segments lie under the segment at path (0 for a leaf). */
static int
subtree_size(struct db *db, const char *path, size_t *below, struct err *e)
{
	struct segment s, *v = NULL;
	size_t n = 0, i;

	*below = 0;
	if (segment_find(db, path, &s, e) != 0)
		return -1;
	if (segment_list(db, &v, &n, e) != 0) {
		segment_clear(&s);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (v[i].id == s.id)
			for (i++; i < n && v[i].depth > s.depth; i++)
				(*below)++;
	segment_list_free(v, n);
	segment_clear(&s);
	return 0;
}

static int
run_rm(int argc, char **argv)
{
	const struct cli_cmd *s = &seg_rm;
	struct db *db = NULL;
	struct err e = {0};
	size_t below = 0;
	int c, rc, yes = 0, removed = 0;

	optind = 1;
	while ((c = cli_getopt(s, argc, argv)) != -1) {
		if (c != O_YES)
			return cli_bad_option(s, c, argv);
		yes = 1;
	}
	if (argc - optind != 2)
		return cli_usage(s, _("give the base and the segment to delete"));
	if ((rc = cli_open(argv[optind], 0, &db)) != 0)
		return rc;
	if (!yes && subtree_size(db, argv[optind + 1], &below, &e) != 0)
		return edit_done(&db, -1, &e);
	if (!yes && below > 0) {
		char answer[16] = "";

		/* A subtree goes only when asked twice: --yes or a "y" typed
		 * at a terminal. */
		if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO)) {
			db_close(&db);
			return cli_usage(s, _("\"%s\" has %zu segments under it; add --yes to delete them "
			                      "all"),
			                 argv[optind + 1], below);
		}
		fprintf(stderr, _("Delete \"%s\" and the %zu segments under it? [y/N] "),
		        argv[optind + 1], below);
		if (fgets(answer, sizeof answer, stdin) == NULL ||
		    (answer[0] != 'y' && answer[0] != 'Y')) {
			fprintf(stderr, _("nothing deleted\n"));
			db_close(&db);
			return EXIT_FAIL;
		}
	}
	rc = segment_rm(db, argv[optind + 1], &removed, &e);
	if (rc == 0)
		printf(_("deleted %d segment%s (undo with: clientele undo %s)\n"), removed,
		       removed == 1 ? "" : "s", argv[optind]);
	return edit_done(&db, rc, &e);
}

static int
run_plan_set(int argc, char **argv)
{
	const struct cli_cmd *s = &seg_plan_set;
	struct segment_plan p = {0};
	const char **slot[] = {NULL, &p.who, &p.what, &p.why, &p.when, &p.where, &p.strategy};
	struct db *db = NULL;
	struct err e = {0};
	int c, rc, any = 0;

	optind = 1;
	while ((c = cli_getopt(s, argc, argv)) != -1) {
		if (c < O_WHO || c > O_STRATEGY)
			return cli_bad_option(s, c, argv);
		*slot[c - O_WHO + 1] = optarg;
		any = 1;
	}
	if (argc - optind != 2)
		return cli_usage(s, _("give the base and the segment"));
	if (!any)
		return cli_usage(s, _("give at least one of --who, --what, --why, --when, --where, "
		                      "--strategy"));
	if ((rc = cli_open(argv[optind], 0, &db)) != 0)
		return rc;
	rc = segment_set_plan(db, argv[optind + 1], &p, &e);
	return edit_done(&db, rc, &e);
}

static int
run_freeze(int argc, char **argv)
{
	const struct cli_cmd *s = &seg_freeze;
	const char *name = NULL;
	struct db *db = NULL;
	struct err e = {0};
	long long n = 0;
	int c, rc, json = 0;

	optind = 1;
	while ((c = cli_getopt(s, argc, argv)) != -1) {
		if (c == O_AS)
			name = optarg;
		else if (c == O_JSON)
			json = 1;
		else
			return cli_bad_option(s, c, argv);
	}
	if (argc - optind != 2)
		return cli_usage(s, _("give the base and the segment to freeze"));
	if (name == NULL)
		return cli_usage(s, _("name the snapshot with --as NAME"));
	if ((rc = cli_open(argv[optind], 0, &db)) != 0)
		return rc;
	rc = segment_freeze(db, argv[optind + 1], name, &n, &e);
	if (rc == 0 && json)
		print_counts(1, (const char *[]){"members"}, &n);
	else if (rc == 0)
		printf(_("froze %lld customers as \"%s\"\n"), n, name);
	return edit_done(&db, rc, &e);
}

static int
print_diff_row(void *ctx, bool joined, const char *ext_id, const char *email, const char *name)
{
	(void)ctx;
	printf("%s\t%s\t%s\t%s\n", joined ? "joined" : "left", ext_id ? ext_id : "",
	       email ? email : "", name ? name : "");
	return ferror(stdout) ? -1 : 0;
}

static int
run_diff(int argc, char **argv)
{
	const struct cli_cmd *s = &seg_diff;
	const char *live = NULL;
	struct segment_diff d;
	struct db *db = NULL;
	struct err e = {0};
	int c, rc, list = 0, json = 0;

	optind = 1;
	while ((c = cli_getopt(s, argc, argv)) != -1) {
		if (c == O_LIVE)
			live = optarg;
		else if (c == O_LIST)
			list = 1;
		else if (c == O_JSON)
			json = 1;
		else
			return cli_bad_option(s, c, argv);
	}
	if (argc - optind != 2)
		return cli_usage(s, _("give the base and the snapshot"));
	if (json && list)
		return cli_usage(s, _("--list and --json do not go together"));
	if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
		return rc;
	/* counts first, then the list under them */
	rc = segment_diff(db, argv[optind + 1], live, NULL, NULL, &d, &e);
	if (rc == 0 && json)
		print_counts(3, (const char *[]){"joined", "left", "kept"},
		             (long long[]){d.joined, d.left, d.kept});
	else if (rc == 0)
		printf(_("joined %lld\nleft   %lld\nkept   %lld\n"), d.joined, d.left, d.kept);
	if (rc == 0 && list)
		rc = segment_diff(db, argv[optind + 1], live, print_diff_row, NULL, &d, &e);
	return edit_done(&db, rc, &e);
}

static void
print_why_json(const struct segment_why *w)
{
	struct json j;
	size_t i, k;

	json_begin(&j, stdout);
	json_object(&j);
	json_key_str(&j, "customer", w->customer);
	json_key_bool(&j, "member", w->member);
	json_key(&j, "steps");
	json_array(&j);
	for (i = 0; i < w->nsteps; i++) {
		const struct segment_why_step *st = &w->steps[i];

		json_object(&j);
		json_key_str(&j, "path", st->path);
		json_key_str(&j, "rule", st->rule);
		json_key_bool(&j, "static", st->is_static);
		json_key_bool(&j, "met", st->met);
		json_key_bool(&j, "member", st->member);
		json_key(&j, "conditions");
		json_array(&j);
		for (k = 0; k < st->nconds; k++) {
			json_object(&j);
			json_key_str(&j, "text", st->conds[k].text);
			json_key_bool(&j, "met", st->conds[k].met);
			json_key_str(&j, "value", st->conds[k].value);
			json_close(&j);
		}
		json_close(&j);
		json_close(&j);
	}
	json_end(&j);
}

/* The widest of min, a and b in terminal columns. */
static int
max_width(int min, const char *a, const char *b)
{
	int wa = text_width(a), wb = text_width(b);

	return wa > min && wa >= wb ? wa : wb > min ? wb : min;
}

/* Each segment from the top down, each condition met or not. */
static void
print_why_text(const struct segment_why *w, const char *path)
{
	/* the in/not in and met/not met columns, as wide as their widest
	 * word in the user's language (at least 8) */
	int win = max_width(8, _("in"), _("not in"));
	int wmet = max_width(8, _("met"), _("not met"));
	size_t i, k;

	printf(w->member ? _("%s is in \"%s\"\n") : _("%s is not in \"%s\"\n"), w->customer,
	       w->nsteps > 0 ? w->steps[w->nsteps - 1].path : path);
	for (i = 0; i < w->nsteps; i++) {
		const struct segment_why_step *st = &w->steps[i];

		fputs("  ", stdout);
		cli_pad(stdout, st->member ? _("in") : _("not in"), win);
		printf(" %s\n", st->path);
		if (st->nconds == 0) {
			fputs("    ", stdout);
			cli_pad(stdout, _("met"), wmet);
			printf(" %s\n", _("(no rule: everyone of the parent)"));
		}
		/* the condition, then what the customer has in its field */
		for (k = 0; k < st->nconds; k++) {
			fputs("    ", stdout);
			cli_pad(stdout, st->conds[k].met ? _("met") : _("not met"), wmet);
			printf(" %s%s%s%s\n", st->conds[k].text, st->conds[k].value ? " (" : "",
			       st->conds[k].value ? st->conds[k].value : "",
			       st->conds[k].value ? ")" : "");
		}
	}
}

static int
run_why(int argc, char **argv)
{
	const struct cli_cmd *s = &seg_why;
	struct segment_why w;
	struct db *db = NULL;
	struct err e = {0};
	int json, rc;

	if ((rc = parse_json_only(s, argc, argv, 3, 3, &json)) != 0)
		return rc;
	if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
		return rc;
	if (segment_why(db, argv[optind + 1], argv[optind + 2], &w, &e) != 0)
		return edit_done(&db, -1, &e);
	if (json)
		print_why_json(&w);
	else
		print_why_text(&w, argv[optind + 1]);
	segment_why_free(&w);
	db_close(&db);
	return 0;
}

static int
run_overlap(int argc, char **argv)
{
	const struct cli_cmd *s = &seg_overlap;
	struct db *db = NULL;
	struct err e = {0};
	long long both = 0, a = 0, b = 0;
	int json, rc, w;

	if ((rc = parse_json_only(s, argc, argv, 3, 3, &json)) != 0)
		return rc;
	if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
		return rc;
	if (segment_overlap(db, argv[optind + 1], argv[optind + 2], &both, &a, &b, &e) != 0)
		return edit_done(&db, -1, &e);
	if (json) {
		print_counts(3, (const char *[]){"both", "first", "second"}, (long long[]){both, a, b});
	} else {
		w = (int)strlen(_("in both")) + 2;
		printf("%-*s%lld\n", w, _("in both"), both);
		printf("%-*s%lld (%.1f%% of them in both)\n", w, _("first"), a,
		       a ? 100.0 * (double)both / (double)a : 0.0);
		printf("%-*s%lld (%.1f%% of them in both)\n", w, _("second"), b,
		       b ? 100.0 * (double)both / (double)b : 0.0);
	}
	db_close(&db);
	return 0;
}

static int
run_rest(int argc, char **argv)
{
	const struct cli_cmd *s = &seg_rest;
	struct rule_sql w;
	struct segment_count c;
	struct db *db = NULL;
	struct err e = {0};
	long long n = 0;
	int json, rc;

	if ((rc = parse_json_only(s, argc, argv, 2, 2, &json)) != 0)
		return rc;
	if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
		return rc;
	if (segment_rest_where(db, argv[optind + 1], &w, &e) != 0)
		return edit_done(&db, -1, &e);
	rc = segment_sql_count(db, &w, &n, &e);
	rule_sql_free(&w);
	if (rc == 0)
		rc = segment_count(db, argv[optind + 1], &c, &e);
	if (rc != 0)
		return edit_done(&db, -1, &e);
	if (json)
		print_counts(2, (const char *[]){"rest", "count"}, (long long[]){n, c.count});
	else
		printf("%lld\n", n);
	db_close(&db);
	return 0;
}

static const struct cli_opt add_opts[] = {
	{"rule", O_RULE, CLI_ARG, "RULE",
	 N_("the rule, in the language of clientele-rules(5)")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static const struct cli_cmd seg_add = {
	.name = "add",
	.args = "DB PATH [--rule RULE]",
	.summary = N_("Adds a segment at PATH (\"Clients/Primary school\"): its parent must exist and\n"
	              "its name be new there (case does not count). The rule picks, among the parent's\n"
	              "members, this segment's; without --rule it takes them all."),
	.opts = add_opts,
	.run = run_add,
	.parent = &cmd_segment,
};

static const struct cli_opt rename_opts[] = {
	{"json", O_JSON, CLI_FLAG, NULL, NULL}, /* taken, and ignored, as ever */
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static const struct cli_cmd seg_rename = {
	.name = "rename",
	.args = "DB PATH NEWNAME",
	.summary = N_("Renames the segment (its last part). Rules that use it with `in segment` keep\n"
	              "working."),
	.opts = rename_opts,
	.run = run_rename,
	.parent = &cmd_segment,
};

static const struct cli_opt move_opts[] = {
	{"position", O_POSITION, CLI_ARG, "N",
	 N_("its place among its new siblings, 1 first (default: last)")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static const struct cli_cmd seg_move = {
	.name = "move",
	.args = "DB PATH NEWPARENT [--position N]",
	.summary = N_("Moves the segment with everything under it under NEWPARENT (\"/\" for the top\n"
	              "level); with the same parent it only changes the order."),
	.opts = move_opts,
	.run = run_move,
	.parent = &cmd_segment,
};

static const struct cli_opt rm_opts[] = {
	{"yes", O_YES, CLI_FLAG, NULL,
	 N_("do not ask")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static const struct cli_cmd seg_rm = {
	.name = "rm",
	.args = "DB PATH [--yes]",
	.summary = N_("Deletes the segment with everything under it (undo with: clientele undo DB).\n"
	              "A segment with others under it needs --yes, or a \"y\" typed at the terminal."),
	.opts = rm_opts,
	.run = run_rm,
	.parent = &cmd_segment,
};

static const struct cli_opt dup_opts[] = {
	{"json", O_JSON, CLI_FLAG, NULL, NULL}, /* taken, and ignored, as ever */
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static const struct cli_cmd seg_dup = {
	.name = "dup",
	.args = "DB PATH [NEWNAME]",
	.summary = N_("Copies the segment with everything under it (rules, plans, frozen lists) right\n"
	              "after it, named NEWNAME or \"NAME (copy)\"."),
	.opts = dup_opts,
	.run = run_dup,
	.parent = &cmd_segment,
};

static const struct cli_opt rule_opts[] = {
	{"json", O_JSON, CLI_FLAG, NULL, NULL}, /* taken, and ignored, as ever */
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static const struct cli_cmd seg_rule = {
	.name = "rule",
	.args = "DB PATH RULE",
	.summary = N_("Replaces the segment's rule; the rule is checked first (errors as LINE:COL)."),
	.opts = rule_opts,
	.run = run_rule,
	.parent = &cmd_segment,
};

static const struct cli_opt plan_set_opts[] = {
	{"who", O_WHO, CLI_ARG, "T",
	 N_("what distinguishes these customers")},
	{"what", O_WHAT, CLI_ARG, "T",
	 N_("the offer")},
	{"why", O_WHY, CLI_ARG, "T",
	 N_("the need it meets")},
	{"when", O_WHEN, CLI_ARG, "T",
	 N_("timing")},
	{"where", O_WHERE, CLI_ARG, "T",
	 N_("channels and media field")},
	{"strategy", O_STRATEGY, CLI_ARG, "T",
	 N_("the strategy line")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static const struct cli_cmd seg_plan_set = {
	.name = "plan-set",
	.args = "DB PATH [--who T] [--what T] [--why T] [--when T] [--where T] [--strategy T]",
	.summary = N_("Sets the segment's plan (5W and strategy); \"\" clears a field, an option not\n"
	              "given keeps it. Print the plan of the tree with: clientele plan DB"),
	.opts = plan_set_opts,
	.run = run_plan_set,
	.parent = &cmd_segment,
};

static const struct cli_opt freeze_opts[] = {
	{"as", O_AS, CLI_ARG, "NAME",
	 N_("the snapshot's name")},
	{"json", O_JSON, CLI_FLAG, NULL,
	 N_("print {\"members\": N}")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static const struct cli_cmd seg_freeze = {
	.name = "freeze",
	.args = "DB PATH --as NAME [--json]",
	.summary = N_("Freezes the segment's current members into a static snapshot NAME, placed\n"
	              "right after it (for the campaign that went out). Compare with: segment diff."),
	.opts = freeze_opts,
	.run = run_freeze,
	.parent = &cmd_segment,
};

static const struct cli_opt diff_opts[] = {
	{"live", O_LIVE, CLI_ARG, "PATH",
	 N_("compare with this segment (default: the one it was frozen from)")},
	{"list", O_LIST, CLI_FLAG, NULL,
	 N_("then list them: joined|left, TAB, external id, email, name")},
	{"json", O_JSON, CLI_FLAG, NULL,
	 N_("print {\"joined\": N, \"left\": N, \"kept\": N}")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static const struct cli_cmd seg_diff = {
	.name = "diff",
	.args = "DB SNAPSHOT [--live PATH] [--list] [--json]",
	.summary = N_("Compares a snapshot with the live segment: joined (in the live segment, not in\n"
	              "the snapshot), left (in the snapshot only), kept (in both)."),
	.opts = diff_opts,
	.run = run_diff,
	.parent = &cmd_segment,
};

static const struct cli_opt why_opts[] = {
	{"json", O_JSON, CLI_FLAG, NULL,
	 N_("print {\"customer\", \"member\", \"steps\": [{\"path\", \"rule\",\n"
	    "\"met\", \"conditions\": [{\"text\", \"met\", \"value\"}]}]}")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static const struct cli_cmd seg_why = {
	.name = "why",
	.args = "DB PATH CUSTOMER [--json]",
	.summary = N_("Why the customer (external id or email) is or is not in the segment: each\n"
	              "segment from the top down, each condition of its rule met or not met, with\n"
	              "what the customer has in its field (last_order 2011-06-02, 191 days before\n"
	              "the reference date; city is empty; tags: vip)."),
	.opts = why_opts,
	.run = run_why,
	.parent = &cmd_segment,
};

static const struct cli_opt overlap_opts[] = {
	{"json", O_JSON, CLI_FLAG, NULL,
	 N_("print {\"both\": N, \"first\": N, \"second\": N}")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static const struct cli_cmd seg_overlap = {
	.name = "overlap",
	.args = "DB PATH1 PATH2 [--json]",
	.summary = N_("How many customers are in both segments, and in each."),
	.opts = overlap_opts,
	.run = run_overlap,
	.parent = &cmd_segment,
};

static const struct cli_opt rest_opts[] = {
	{"json", O_JSON, CLI_FLAG, NULL,
	 N_("print {\"rest\": N, \"count\": N}: the rest, and the segment's count")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static const struct cli_cmd seg_rest = {
	.name = "rest",
	.args = "DB PATH [--json]",
	.summary = N_("How many members of the segment are in none of its segments (snapshots\n"
	              "aside): \"the rest\". \"/\" is the whole base."),
	.opts = rest_opts,
	.run = run_rest,
	.parent = &cmd_segment,
};

static const struct cli_cmd *const verbs[] = {
	&seg_add, &seg_rename, &seg_move, &seg_rm, &seg_dup, &seg_rule, &seg_plan_set,
	&seg_freeze, &seg_diff, &seg_why, &seg_overlap, &seg_rest, &cmd_segment_list, NULL,
};

static int
run(int argc, char **argv)
{
	return cli_run_verb(&cmd_segment, argc, argv);
}

const struct cli_cmd cmd_segment = {
	.name = "segment",
	.args = "SUBCOMMAND DB ...",
	.summary = N_("Edit the segment tree (add, rename, move, rm, dup, rule, plan-set, freeze) "
	              "and ask it questions (diff, why, overlap, rest)."),
	.help = N_("subcommands:\n"
	           "  list DB [--json]                    the tree with its counts (as: segments)\n"
	           "  add DB PATH [--rule RULE]           add a segment (its parent must exist)\n"
	           "  rename DB PATH NEWNAME              rename it\n"
	           "  move DB PATH NEWPARENT [--position N]  re-parent (\"/\": top) or reorder\n"
	           "  rm DB PATH [--yes]                  delete it with its subtree (undoable)\n"
	           "  dup DB PATH [NEWNAME]               copy it with its subtree\n"
	           "  rule DB PATH RULE                   change its rule\n"
	           "  plan-set DB PATH --who T ...        set its plan (who, what, why, when,\n"
	           "                                      where, strategy)\n"
	           "  freeze DB PATH --as NAME            keep its current members as a snapshot\n"
	           "  diff DB SNAPSHOT [--live PATH] [--list]  who joined and who left since\n"
	           "  why DB PATH CUSTOMER                each condition met or not for one customer\n"
	           "  overlap DB PATH1 PATH2              members in both\n"
	           "  rest DB PATH                        members in none of its children\n"
	           "\n"
	           "PATH is the segment's names from the top joined with '/', e.g.\n"
	           "\"Clients/Primary school/Grades 5-6\"; names match in any case.\n"
	           "A child's members are its parent's members that also satisfy its rule.\n"
	           "Every edit is one undo step (clientele undo DB).\n"
	           "Help on one subcommand: clientele segment SUBCOMMAND --help\n"),
	.run = run,
	.verbs = verbs,
};
