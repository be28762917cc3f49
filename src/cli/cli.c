/* Subcommand dispatch and the helpers every subcommand uses. */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "engine/engine.h"
#include "text/text.h"

const struct cli_cmd *const cli_commands[] = {
	&cmd_import,
	&cmd_info,
	&cmd_count,
	&cmd_facet,
	&cmd_rfm,
	&cmd_abc,
	&cmd_value_speed,
	&cmd_compare,
	&cmd_hist,
	&cmd_metrics,
	&cmd_segments,
	&cmd_segment,
	&cmd_tag,
	&cmd_tags,
	&cmd_export,
	&cmd_plan,
	&cmd_report,
	&cmd_undo,
	&cmd_sql,
	NULL,
};

int
cli_fail(const struct err *e)
{
	char line[ERR_LINE_MAX];

	err_format(e, line, sizeof line);
	fprintf(stderr, "clientele: %s\n", line[0] ? line : _("failed"));
	return e->code != 0 ? e->code : EXIT_FAIL;
}

int
cli_usage(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;
	char name[64];

	cli_full_name(cmd, name, sizeof name);
	fprintf(stderr, "clientele %s: ", name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\nusage: clientele %s %s\nTry 'clientele %s --help'.\n"), name,
	        cmd->args, name);
	return EXIT_USAGE;
}

int
cli_bad_option(const struct cli_cmd *cmd, int c, char **argv)
{
	const char *opt = optind > 0 ? argv[optind - 1] : "?";

	if (c == ':')
		return cli_usage(cmd, _("option %s needs a value"), opt);
	return cli_usage(cmd, _("unknown option %s"), opt);
}

int
cli_open(const char *path, int flags, struct db **out)
{
	struct err e = {0};

	if (db_open(out, path, flags, &e) != 0)
		return cli_fail(&e);
	/* A command asks one question and exits: the engine answers from the
	 * columns the base keeps, SQL where they are missing or stale (building
	 * them from the table costs more than SQL's one pass); cli_close then
	 * builds and keeps them for the next command. */
	engine_defer(*out);
	return 0;
}

void
cli_close(struct db **db)
{
	struct err e = {0};

	/* best effort: a base busy or read-only keeps no columns */
	if (*db != NULL)
		engine_refresh(*db, &e);
	db_close(db);
}

void
cli_pad(FILE *f, const char *s, int width)
{
	int w = text_width(s);

	fputs(s, f);
	for (; w < width; w++)
		fputc(' ', f);
}

void
cli_rpad(FILE *f, const char *s, int width)
{
	int w = text_width(s);

	for (; w < width; w++)
		fputc(' ', f);
	fputs(s, f);
}

void
cli_cut(char *s, int width)
{
	size_t n = strlen(s);

	/* Drop whole characters from the end (never half a Cyrillic letter)
	 * until the text fits. */
	while (n > 0 && text_width(s) > width) {
		do
			n--;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80);
		s[n] = '\0';
	}
}

static volatile sig_atomic_t cancelled;
static struct sigaction old_int, old_term, old_hup;

static void
on_cancel(int sig)
{
	(void)sig;
	cancelled = 1;
}

volatile sig_atomic_t *
cli_cancel_begin(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_cancel;
	sigemptyset(&sa.sa_mask);
	cancelled = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	return &cancelled;
}

void
cli_cancel_end(void)
{
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
}

int
cli_dispatch(int argc, char **argv)
{
	const struct cli_cmd *const *c;

	for (c = cli_commands; *c != NULL; c++) {
		if (strcmp((*c)->name, argv[1]) != 0)
			continue;
		if (argc >= 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0))
			return cli_help(*c);
		/* Subcommands report bad options themselves, in our words. */
		opterr = 0;
		return (*c)->run(argc - 1, argv + 1);
	}
	return -1;
}
