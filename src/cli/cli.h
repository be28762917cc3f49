/* The command line: each subcommand is one file with a const entry; this
 * header is what they share (output helpers, opening a base, errors). */
#ifndef CLIENTELE_CLI_H
#define CLIENTELE_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "i18n.h"
#include "util/json.h"

struct db;
struct segment_count;

/* What an option takes. */
enum cli_arg { CLI_FLAG, CLI_ARG, CLI_OPTARG };

/* One option of a command: getopt_long's entry and its line of --help.
 * A table ends with an entry whose name and help are both NULL; an entry
 * with help but no name is a heading ("what:") between groups. */
struct cli_opt {
	const char *name;    /* the long name, without "--" */
	int key;             /* what cli_getopt returns for it: a letter (then
	                      * also the short option -key), or >= 256 */
	enum cli_arg arg;
	const char *argname; /* "FILE" (shown "--output FILE") */
	const char *help;    /* N_(): its lines, '\n' between them; NULL: not
	                      * listed (accepted for compatibility) */
};

struct cli_cmd {
	const char *name;
	const char *args;     /* "DB --customers FILE [--orders FILE] [options]" */
	const char *summary;  /* one line for `clientele --help` (a sub-verb: its
	                       * description) */
	const struct cli_opt *opts; /* its options, or NULL */
	const char *help;     /* what --help says after the options, or NULL */
	int (*run)(int argc, char **argv);
	const struct cli_cmd *parent;             /* "segment" for "segment add" */
	const struct cli_cmd *const *verbs;       /* its sub-verbs, NULL-terminated */
};

/* Every subcommand, in the order `--help` lists them; NULL-terminated. */
extern const struct cli_cmd *const cli_commands[];

extern const struct cli_cmd cmd_import, cmd_info, cmd_count, cmd_facet, cmd_sql, cmd_segments, cmd_segment,
	cmd_tag, cmd_tags, cmd_export, cmd_plan, cmd_undo, cmd_rfm, cmd_abc, cmd_compare, cmd_hist,
	cmd_metrics, cmd_report, cmd_value_speed;

/* The sub-verbs that share their work with a command of their own:
 * segment list (segments), tag list|create|rename|merge|delete (tags). */
extern const struct cli_cmd cmd_segment_list, cmd_tag_list, cmd_tag_create, cmd_tag_rename,
	cmd_tag_merge, cmd_tag_delete;

/* "segment add": the name of a command or sub-verb as typed. */
void cli_full_name(const struct cli_cmd *cmd, char *buf, size_t size);

/* Prints "clientele: MESSAGE" on stderr and returns e's exit status. */
int cli_fail(const struct err *e);

/* Prints a usage error for cmd ("clientele NAME: MESSAGE", then a hint) on
 * stderr; returns EXIT_USAGE. */
int cli_usage(const struct cli_cmd *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The usage error for what getopt_long returned as c ('?' or ':') for
 * argv; returns EXIT_USAGE. */
int cli_bad_option(const struct cli_cmd *cmd, int c, char **argv);

/* Prints cmd's help on stdout: usage, summary, the options from its
 * table, then its help text; returns 0. */
int cli_help(const struct cli_cmd *cmd);

/* getopt_long over cmd's option table (arrays built from it): returns an
 * option's key, '?' or ':' as getopt_long does (see cli_bad_option), or -1
 * after the last option. Set optind = 1 before the first call. */
int cli_getopt(const struct cli_cmd *cmd, int argc, char **argv);

/* Runs the sub-verb of cmd named argv[1] (argv[0] is cmd's name): its
 * --help, or its run with argv from the verb on. A missing or unknown verb
 * is a usage error naming the verbs (and the nearest one). */
int cli_run_verb(const struct cli_cmd *cmd, int argc, char **argv);

/* When word looks like a mistyped sub-verb of cmd (a plain word, no file
 * of that name, close to a verb): reports it as cli_run_verb does and
 * returns true. */
bool cli_verb_typo(const struct cli_cmd *cmd, const char *word);

/* The sub-verb of cmd called name, or NULL. */
const struct cli_cmd *cli_find_verb(const struct cli_cmd *cmd, const char *name);

/* Opens an existing base (flags as db_open); reports failures itself and
 * returns their exit status, or 0. */
int cli_open(const char *path, int flags, struct db **out);

/* Closes a base a command answered from: first the engine's columns that
 * SQL answered without are built and kept in the base for the next
 * command (best effort). */
void cli_close(struct db **db);

/* Writes s padded with spaces to width terminal columns (Cyrillic is one
 * column a letter, whatever its bytes). */
void cli_pad(FILE *f, const char *s, int width);

/* The same, right-aligned (the spaces first). */
void cli_rpad(FILE *f, const char *s, int width);

/* Cuts s (in place) so that it takes at most width columns, at a
 * character boundary. */
void cli_cut(char *s, int width);

/* Between cli_cancel_begin and cli_cancel_end, SIGINT, SIGTERM and SIGHUP
 * only set the flag cli_cancel_begin returns, so that an import or export
 * can stop and roll back cleanly instead of dying half-way. */
volatile sig_atomic_t *cli_cancel_begin(void);
void cli_cancel_end(void);

/* After a tree was printed with segment_count_all's counts: when some
 * segments could not be counted, says how many on stderr and returns
 * EXIT_DATAERR; else 0. */
int cli_count_errors(const struct segment_count *c, size_t n);

/* --- output of the analysis commands (out.c) --------------------------- */

/* The format a command prints in: text, --json or --csv. */
enum cli_format { CLI_TEXT, CLI_JSON, CLI_CSV };

/* --json or --csv, given as option c (json: it is --json) of cmd: *fmt
 * set; 0, or the usage error's status when the other was given too. */
int cli_format_set(const struct cli_cmd *cmd, bool json, enum cli_format *fmt);

/* A grid command (rfm, abc, value-speed): its options are --segment,
 * --json and --csv with these keys (cli_grid_opts, or a table of the
 * command's own with other help), then the base alone; the grid of the
 * segment is computed by compute into g and printed by the format's
 * printer (path as analysis_path names it). */
enum { CLI_GRID_SEGMENT = 256, CLI_GRID_JSON, CLI_GRID_CSV };
extern const struct cli_opt cli_grid_opts[];
struct cli_grid {
	int (*compute)(struct db *db, const char *path, void *g, struct err *e);
	void (*json)(const char *path, const void *g);
	void (*csv)(const void *g);
	void (*text)(const char *path, const void *g);
};
/* Runs such a command with g (the grid's storage); its exit status. */
int cli_grid_run(const struct cli_cmd *cmd, int argc, char **argv, const struct cli_grid *how,
                 void *g);

/* One CSV field on stdout (RFC 4180 quoting, a formula neutralised as
 * the export does), then ',' or, after the last of a line, CRLF. */
void cli_csv(const char *s, bool last);

/* The same for a number (never taken for a formula). */
void cli_csv_int(long long v, bool last);

/* Money in cents as "1234.56" into buf (at least 32 bytes); returns buf. */
char *cli_money(char *buf, long long cents);

/* The width of the terminal on stdout, or 80 when it is not one. */
int cli_term_width(void);

/* Runs the subcommand named argv[1]; returns -1 if there is none. */
int cli_dispatch(int argc, char **argv);

/* The demo base: imports data/demo into a fresh base in the XDG data
 * directory; *path_out (malloc'd) is its path. */
int demo_create(char **path_out, struct err *e);

#endif
