/* clientele: arguments, locale, and dispatch to a subcommand, the demo or
 * the interface. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "cli/cli.h"
#include "cli/paths.h"
#include "db.h"
#include "info.h"
#include "tui/tui.h"

static void
usage(FILE *f)
{
	const struct cli_cmd *const *c;

	fprintf(f, _("usage: clientele [DB]                 open the interface on a base\n"
	             "       clientele --demo               open a fresh copy of the demo base\n"
	             "       clientele COMMAND [ARGS...]    run a command (COMMAND --help for more)\n"
	             "       clientele --help | --version\n\ncommands:\n"));
	for (c = cli_commands; *c != NULL; c++)
		fprintf(f, "  %-8s %s\n", (*c)->name, _((*c)->summary));
	fprintf(f, _("\nExit status: 0 success, 1 failure, 2 usage error, 65 bad input data,\n"
	             "66 missing file. See clientele(1) and clientele-rules(5).\n"));
	fprintf(f, _("Every command takes --verbose: a database error then also shows its SQL.\n"));
	fprintf(f, _("Without DB the interface opens the base used last, or a start screen.\n"
	             "It needs a terminal; its keys: press ? in it, or see clientele(1).\n"));
}

/* Without a terminal the interface cannot run: say so, and name what
 * scripts use instead. */
static int
no_terminal(void)
{
	const struct cli_cmd *const *c;

	fprintf(stderr, _("clientele: the interface needs a terminal (stdin and stdout); "
	                  "scripts use the subcommands:\n"));
	for (c = cli_commands; *c != NULL; c++)
		fprintf(stderr, "  %-8s %s\n", (*c)->name, _((*c)->summary));
	fprintf(stderr, _("clientele: see clientele --help\n"));
	return EXIT_USAGE;
}

static int
open_base(const char *path)
{
	struct err e = {0};
	char line[ERR_LINE_MAX];

	if (!tui_has_terminal())
		return no_terminal();
	if (tui_run(path, &e) == 0)
		return 0;
	fprintf(stderr, "clientele: %s\n", err_format(&e, line, sizeof line));
	return e.code != 0 ? e.code : EXIT_FAIL;
}

/* Output that did not reach stdout (a full disk, a closed pipe's reader,
 * /dev/full) is a failure: a script must not take a cut list for a whole
 * one. Checked once, after any command. */
static int
close_stdout(int rc)
{
	int bad = ferror(stdout), saved;

	errno = 0;
	if (fflush(stdout) != 0)
		bad = 1;
	saved = errno;
	if (fclose(stdout) != 0) {
		bad = 1;
		if (saved == 0)
			saved = errno;
	}
	if (!bad)
		return rc;
	if (saved != 0)
		fprintf(stderr, _("clientele: write error: %s\n"), strerror(saved));
	else
		fprintf(stderr, _("clientele: write error\n"));
	return rc != 0 ? rc : EXIT_FAIL;
}

/* Takes --verbose out of the arguments, wherever it is (up to "--"), so
 * that every command accepts it; returns the new argc. */
static int
take_verbose(int argc, char **argv)
{
	int i, j;

	for (i = j = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[j++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--verbose") == 0)
			db_set_verbose(true);
		else
			argv[j++] = argv[i];
	}
	argv[j] = NULL;
	return j;
}

#ifdef ENABLE_NLS
/* Where the catalogs are: CLIENTELE_LOCALEDIR when set; else, for the
 * program run from its build tree (not installed), the catalogs that make
 * lays out in that tree's locale/; else the installed ones (paths.h). */
static const char *
locale_dir(void)
{
	const char *dir = getenv("CLIENTELE_LOCALEDIR");

	if (dir != NULL && *dir != '\0')
		return dir;
	return paths_locale_dir();
}
#endif

static int
run(int argc, char **argv)
{
	int rc;

	setlocale(LC_ALL, "");
	/* Messages and character classes follow the user's locale; numbers do
	 * not: JSON, CSV, SQL parameters and rules need a '.' decimal point
	 * whatever the locale (ru_RU would print 67,3). */
	setlocale(LC_NUMERIC, "C");
#ifdef ENABLE_NLS
	bindtextdomain(PACKAGE, locale_dir());
	textdomain(PACKAGE);
#endif
	argc = take_verbose(argc, argv);
	if (argc < 2) {
		struct err e = {0};

		if (!tui_has_terminal())
			return no_terminal();
		/* The base used last, else the start screen. */
		if (tui_start(demo_create, &e) == 0)
			return 0;
		return cli_fail(&e);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("clientele %s (SQLite %s, %s)\n", PACKAGE_VERSION, sqlite3_libversion(),
		       tui_curses_version());
		return 0;
	}
	if (strcmp(argv[1], "--demo") == 0) {
		struct err e = {0};
		char *path = NULL;

		if (argc > 2) {
			fprintf(stderr, _("clientele: --demo takes no arguments\n"));
			return EXIT_USAGE;
		}
		if (demo_create(&path, &e) != 0)
			return cli_fail(&e);
		fprintf(stderr, _("clientele: demo base at %s\n"), path);
		rc = open_base(path);
		free(path);
		return rc;
	}
	if ((rc = cli_dispatch(argc, argv)) >= 0)
		return rc;
	if (argv[1][0] == '-') {
		fprintf(stderr, _("clientele: unknown option %s\n"), argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (argc > 2) {
		fprintf(stderr, _("clientele: unknown command \"%s\"\n"), argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	return open_base(argv[1]);
}

int
main(int argc, char **argv)
{
	return close_stdout(run(argc, argv));
}
