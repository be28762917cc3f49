/* The grammar every command shares: getopt_long's arrays and the options
 * part of --help, both built from one table per command, and the one
 * dispatcher of sub-verbs (segment add, tag create...). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fields.h"
#include "text/text.h"

#define MAX_OPTS 48

/* The help column: two spaces after the longest option that is not too
 * long (a longer one has its help after two spaces), at least HELP_MIN. */
#define HELP_MIN 16
#define HELP_MAX 24

/* Whether o is an entry of its table, not the NULL one that ends it. */
static bool
more(const struct cli_opt *o)
{
	return o != NULL && (o->name != NULL || o->help != NULL);
}

static bool
is_short(int key)
{
	return key > ' ' && key < 127;
}

static bool
any_short(const struct cli_opt *o)
{
	for (; more(o); o++)
		if (o->name != NULL && is_short(o->key))
			return true;
	return false;
}

/* Whether --help has options of the table to list. */
static bool
any_listed(const struct cli_opt *o)
{
	for (; more(o); o++)
		if (o->name != NULL && o->help != NULL)
			return true;
	return false;
}

void
cli_full_name(const struct cli_cmd *cmd, char *buf, size_t size)
{
	if (cmd->parent != NULL)
		snprintf(buf, size, "%s %s", cmd->parent->name, cmd->name);
	else
		snprintf(buf, size, "%s", cmd->name);
}

int
cli_getopt(const struct cli_cmd *cmd, int argc, char **argv)
{
	static struct option longopts[MAX_OPTS + 1];
	/* ':' first: a missing value is ':', told apart from an unknown option */
	static char shortopts[3 * MAX_OPTS + 2];
	const struct cli_opt *o;
	size_t n = 0, k = 0;

	shortopts[k++] = ':';
	for (o = cmd->opts; more(o); o++) {
		if (o->name == NULL || n == MAX_OPTS)
			continue;
		longopts[n].name = o->name;
		longopts[n].has_arg = o->arg == CLI_FLAG  ? no_argument
		                      : o->arg == CLI_ARG ? required_argument
		                                          : optional_argument;
		longopts[n].flag = NULL;
		longopts[n].val = o->key;
		n++;
		if (is_short(o->key)) {
			shortopts[k++] = (char)o->key;
			if (o->arg != CLI_FLAG)
				shortopts[k++] = ':';
			if (o->arg == CLI_OPTARG)
				shortopts[k++] = ':';
		}
	}
	memset(&longopts[n], 0, sizeof longopts[n]);
	shortopts[k] = '\0';
	return getopt_long(argc, argv, shortopts, longopts, NULL);
}

/* "  -o, --output FILE", "      --bom", "  --json": what --help shows of
 * an option before its help. */
static void
spec(const struct cli_opt *o, bool shorts, char *buf, size_t size)
{
	char flag[8] = "";

	if (is_short(o->key))
		snprintf(flag, sizeof flag, "-%c, ", o->key);
	else if (shorts)
		snprintf(flag, sizeof flag, "    ");
	snprintf(buf, size, "  %s--%s%s%s%s", flag, o->name,
	         o->arg == CLI_ARG ? " " : o->arg == CLI_OPTARG ? "[=" : "",
	         o->arg != CLI_FLAG && o->argname != NULL ? o->argname : "",
	         o->arg == CLI_OPTARG ? "]" : "");
}

/* Prints the options of a table, in their groups, each help line
 * translated now, continuation lines under the first. */
static void
print_opts(const struct cli_opt *opts)
{
	const struct cli_opt *o;
	bool shorts = any_short(opts), first = true;
	char s[128];
	int col = HELP_MIN - 2, w;

	for (o = opts; more(o); o++) {
		if (o->name == NULL || o->help == NULL)
			continue;
		spec(o, shorts, s, sizeof s);
		if ((w = text_width(s)) <= HELP_MAX && w > col)
			col = w;
	}
	col += 2;
	if (opts->name != NULL)
		printf("%s\n", _("options:"));
	for (o = opts; more(o); o++) {
		const char *p, *nl;

		if (o->help == NULL)
			continue;
		if (o->name == NULL) {
			/* a heading: a blank line before it, but at the top */
			printf("%s%s\n", first ? "" : "\n", _(o->help));
			first = false;
			continue;
		}
		first = false;
		spec(o, shorts, s, sizeof s);
		w = text_width(s);
		fputs(s, stdout);
		printf("%*s", w < col ? col - w : 2, "");
		for (p = _(o->help); (nl = strchr(p, '\n')) != NULL; p = nl + 1)
			printf("%.*s\n%*s", (int)(nl - p), p, col, "");
		printf("%s\n", p);
	}
}

int
cli_help(const struct cli_cmd *cmd)
{
	char name[64];

	cli_full_name(cmd, name, sizeof name);
	printf(_("usage: clientele %s %s\n"), name, cmd->args);
	printf("\n%s\n", _(cmd->summary));
	if (any_listed(cmd->opts)) {
		putchar('\n');
		print_opts(cmd->opts);
	}
	if (cmd->help != NULL) {
		putchar('\n');
		fputs(_(cmd->help), stdout);
	}
	return 0;
}

const struct cli_cmd *
cli_find_verb(const struct cli_cmd *cmd, const char *name)
{
	const struct cli_cmd *const *v;

	for (v = cmd->verbs; v != NULL && *v != NULL; v++)
		if (strcmp((*v)->name, name) == 0)
			return *v;
	return NULL;
}

/* "add, rename, move, ..." */
static void
verb_list(const struct cli_cmd *cmd, char *buf, size_t size)
{
	const struct cli_cmd *const *v;
	size_t n = 0;

	buf[0] = '\0';
	for (v = cmd->verbs; *v != NULL && n < size; v++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", v == cmd->verbs ? "" : ", ",
		                      (*v)->name);
}

/* The verb of cmd nearest to word, or NULL. */
static const char *
nearest_verb(const struct cli_cmd *cmd, const char *word)
{
	const struct cli_cmd *const *v;
	const char *names[32];
	size_t n = 0;

	for (v = cmd->verbs; *v != NULL && n < 32; v++)
		names[n++] = (*v)->name;
	return fields_nearest_of(word, names, n);
}

static int
unknown_verb(const struct cli_cmd *cmd, const char *word)
{
	const char *near = nearest_verb(cmd, word);
	char list[256];

	verb_list(cmd, list, sizeof list);
	if (near != NULL)
		return cli_usage(cmd, _("unknown subcommand \"%s\"; did you mean \"%s\"? "
		                        "The subcommands: %s"),
		                 word, near, list);
	return cli_usage(cmd, _("unknown subcommand \"%s\"; the subcommands: %s"), word, list);
}

bool
cli_verb_typo(const struct cli_cmd *cmd, const char *word)
{
	const char *p;

	for (p = word; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-'))
			return false;
	if (word[0] == '\0' || word[0] == '-' || access(word, F_OK) == 0 ||
	    nearest_verb(cmd, word) == NULL)
		return false;
	unknown_verb(cmd, word);
	return true;
}

int
cli_run_verb(const struct cli_cmd *cmd, int argc, char **argv)
{
	const struct cli_cmd *verb;
	char list[256];
	int k;

	if (argc < 2) {
		verb_list(cmd, list, sizeof list);
		return cli_usage(cmd, _("which subcommand? (%s)"), list);
	}
	if ((verb = cli_find_verb(cmd, argv[1])) == NULL)
		return unknown_verb(cmd, argv[1]);
	for (k = 2; k < argc && strcmp(argv[k], "--") != 0; k++)
		if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0)
			return cli_help(verb);
	return verb->run(argc - 1, argv + 1);
}
