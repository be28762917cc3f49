/* clientele export: a segment or a rule's customers to CSV/TSV files, with
 * presets for mail services and Excel, hygiene, samples and A/B splits. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"
#include "db.h"
#include "export/export.h"
#include "util/strbuf.h"

enum {
	O_FORMAT = 256,
	O_BOM,
	O_CRLF,
	O_RAW,
	O_CONSENT,
	O_VALID_ONLY,
	O_DEDUPE,
	O_ACTIVE_WITHIN,
	O_SAMPLE,
	O_SEED,
	O_SPLIT,
	O_LIMIT,
	O_TAG_SEPARATOR,
	O_PREVIEW,
	O_JSON,
};

static const struct cli_opt opts[] = {
	{NULL, 0, CLI_FLAG, NULL, N_("what:")},
	{"segment", 's', CLI_ARG, "PATH",
	 N_("the members of a segment (\"Clients/Primary school\")")},
	{"where", 'w', CLI_ARG, "RULE",
	 N_("the customers a rule selects (with --segment: both)")},
	{"output", 'o', CLI_ARG, "FILE",
	 N_("the file to write (- for standard output); written to a\n"
	    "temporary file beside it (mode 0600) and renamed when\n"
	    "complete: an error or Ctrl-C leaves no file behind,\n"
	    "and the next export to FILE removes what kill -9 left;\n"
	    "a pipe (FIFO) or a character device is written to as\n"
	    "it is; through a symbolic link, the file it names is\n"
	    "replaced; a folder is refused")},
	{"force", 'f', CLI_FLAG, NULL,
	 N_("overwrite FILE if it exists (only a regular file is\n"
	    "ever replaced)")},
	{NULL, 0, CLI_FLAG, NULL, N_("columns and format:")},
	{"columns", 'c', CLI_ARG, "LIST",
	 N_("fields to write, comma-separated, each FIELD or\n"
	    "FIELD:Header (default: id,email,phone,first_name,\n"
	    "last_name,city,tags); any field of the base, computed\n"
	    "ones too; tags is the list of the customer's tags; a\n"
	    "column empty in every row written is warned about")},
	{"preset", 'p', CLI_ARG, "NAME",
	 N_("mailchimp, brevo, unisender: the header names each\n"
	    "service expects; generic: canonical names; all four\n"
	    "UTF-8, ',', emails and E.164 phones written as they\n"
	    "are; excel: UTF-8 with BOM, ';', CRLF, decimal comma")},
	{"format", O_FORMAT, CLI_ARG, "csv|tsv",
	 N_("comma- (default) or tab-separated")},
	{"delimiter", 'd', CLI_ARG, "C",
	 N_(", or ; (or tab)")},
	{"bom", O_BOM, CLI_FLAG, NULL,
	 N_("start with a UTF-8 byte order mark (for Excel)")},
	{"crlf", O_CRLF, CLI_FLAG, NULL,
	 N_("CRLF line ends")},
	{"raw", O_RAW, CLI_FLAG, NULL,
	 N_("do not neutralise cells a spreadsheet would take for\n"
	    "a formula (by default one starting with = + - @, tab or\n"
	    "CR gets a leading ')")},
	{"tag-separator", O_TAG_SEPARATOR, CLI_ARG, "S",
	 N_("between tags in the tags column (default \"; \";\n"
	    "\",\" for mailchimp and unisender)")},
	{NULL, 0, CLI_FLAG, NULL, N_("hygiene (the summary counts what each one dropped):")},
	{"consent", O_CONSENT, CLI_ARG, "email|sms",
	 N_("only customers who consented to that channel")},
	{"valid-only", O_VALID_ONLY, CLI_OPTARG, "email|sms",
	 N_("only a valid email (phone in E.164); without a\n"
	    "value, the channel of --consent, else email")},
	{"dedupe", O_DEDUPE, CLI_ARG, "email|phone",
	 N_("one row per email (phone): the first customer by id")},
	{"active-within", O_ACTIVE_WITHIN, CLI_ARG, "D",
	 N_("only those who opened a mail within D of the base's\n"
	    "reference date: 90d, 8w, 6m, 1y")},
	{NULL, 0, CLI_FLAG, NULL, N_("samples and A/B splits:")},
	{"sample", O_SAMPLE, CLI_ARG, "N|P%",
	 N_("N customers, or P percent, drawn at random")},
	{"split", O_SPLIT, CLI_ARG, "K",
	 N_("K groups of sizes differing by at most one, drawn at\n"
	    "random: files FILE.A.csv, FILE.B.csv, ... from FILE")},
	{"seed", O_SEED, CLI_ARG, "S",
	 N_("the draw of --sample and --split: the same seed on the\n"
	    "same base gives the same customers (without it a seed\n"
	    "is chosen and printed)")},
	{"limit", O_LIMIT, CLI_ARG, "N",
	 N_("at most N rows (after the sample, before the split)")},
	{NULL, 0, CLI_FLAG, NULL, N_("output:")},
	{"preview", O_PREVIEW, CLI_ARG, "N",
	 N_("write no file: the first N rows, as FILE would begin\n"
	    "(with --split, FILE.A), on standard output, then the\n"
	    "summary of what the export would write on standard\n"
	    "error; -o may be left out")},
	{"json", O_JSON, CLI_FLAG, NULL,
	 N_("the summary as JSON")},
	{"quiet", 'q', CLI_FLAG, NULL,
	 N_("no summary")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

struct summary {
	const struct export_opts *o;
	const struct export_stats *st;
	const char *path; /* NULL: a preview without -o */
	bool seeded;
	bool preview;     /* nothing written: "would write" */
	/* what the notes told: NUL-separated lists */
	struct strbuf stale, empty;
	int nstale, nempty;
};

static void
note_stale(void *ctx, const char *path)
{
	struct summary *s = ctx;

	strbuf_addn(&s->stale, path, strlen(path) + 1);
	if (!s->stale.oom) /* nth() walks only what was added */
		s->nstale++;
}

static void
note_empty(void *ctx, const char *header)
{
	struct summary *s = ctx;

	strbuf_addn(&s->empty, header, strlen(header) + 1);
	if (!s->empty.oom) /* nth() walks only what was added */
		s->nempty++;
}

/* The i-th string of a NUL-separated list. */
static const char *
nth(const struct strbuf *b, int i)
{
	const char *p = b->p;

	while (i-- > 0)
		p += strlen(p) + 1;
	return p;
}

/* The data goes to standard output: "-", or a name for it (/dev/stdout,
 * /dev/fd/1) when it is a pipe or a terminal. The summary then goes to
 * standard error, so that a pipe gets only the CSV. */
static bool
data_on_stdout(const char *path)
{
	struct stat a, b;

	if (strcmp(path, "-") == 0)
		return true;
	return stat(path, &a) == 0 && fstat(STDOUT_FILENO, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino && !S_ISREG(a.st_mode);
}

static void
print_text(FILE *f, const struct summary *s)
{
	const struct export_opts *o = s->o;
	const struct export_stats *st = s->st;
	int g;

	fprintf(f, _("selected         %'lld\n"), st->selected);
	if (o->consent != EXPORT_CHANNEL_NONE)
		fprintf(f, _("  no consent     %'lld\n"), st->no_consent);
	if (o->active_within != NULL)
		fprintf(f, _("  inactive       %'lld\n"), st->inactive);
	if (o->valid != EXPORT_CHANNEL_NONE)
		fprintf(f, _("  invalid %-6s %'lld\n"), o->valid == EXPORT_CHANNEL_EMAIL ? "email" : "phone",
		        st->invalid);
	if (o->dedupe != EXPORT_CHANNEL_NONE)
		fprintf(f, _("  duplicate      %'lld\n"), st->duplicate);
	if (o->sample_n > 0 || o->sample_pct > 0)
		fprintf(f, _("  not sampled    %'lld\n"), st->not_sampled);
	if (o->limit > 0)
		fprintf(f, _("  over the limit %'lld\n"), st->over_limit);
	if (s->preview && (st->ngroups > 1 || s->path == NULL)) {
		fprintf(f, _("would write      %'lld\n"), st->written);
		for (g = 0; g < st->ngroups && st->ngroups > 1; g++) {
			char *p = s->path != NULL ? export_split_path(s->path, g) : NULL;

			if (p != NULL)
				fprintf(f, "  %s  %'lld\n", p, st->group_rows[g]);
			else
				fprintf(f, "  %c  %'lld\n", 'A' + g, st->group_rows[g]);
			free(p);
		}
	} else if (s->preview) {
		fprintf(f, _("would write      %'lld to %s\n"), st->written,
		        strcmp(s->path, "-") == 0 ? _("standard output") : s->path);
	} else if (st->ngroups > 1) {
		fprintf(f, _("written          %'lld\n"), st->written);
		for (g = 0; g < st->ngroups; g++) {
			char *p = export_split_path(s->path, g);

			fprintf(f, "  %s  %'lld\n", p != NULL ? p : "?", st->group_rows[g]);
			free(p);
		}
	} else {
		fprintf(f, _("written          %'lld to %s\n"), st->written,
		        strcmp(s->path, "-") == 0 ? _("standard output") : s->path);
	}
	if (s->seeded)
		fprintf(f, _("seed             %" PRIu64 " (--seed %" PRIu64 " draws the same again)\n"),
		        o->seed, o->seed);
	for (g = 0; g < s->nstale; g++)
		fprintf(f, _("removed %s, a temporary file left by an interrupted export\n"),
		        nth(&s->stale, g));
}

/* "--consent email (3)": a hygiene option and what it dropped, for the
 * no-row warning. */
static void
add_drop(struct strbuf *b, int *n, long long count, const char *opt, const char *arg)
{
	if (count <= 0)
		return;
	strbuf_addf(b, "%s%s%s%s %lld", *n > 0 ? ", " : "", opt, arg[0] ? " " : "", arg, count);
	(*n)++;
}

/* Warnings on standard error, whatever --quiet and --json: a column no row
 * filled, and an export that wrote nothing with the reason. */
static void
print_warnings(const struct summary *s)
{
	const struct export_opts *o = s->o;
	const struct export_stats *st = s->st;
	struct strbuf why = {0};
	char dur[32];
	int i, n = 0;

	for (i = 0; i < s->nempty; i++)
		fprintf(stderr, _("clientele: warning: column \"%s\" is empty in every exported row\n"),
		        nth(&s->empty, i));
	if (st->written > 0)
		return;
	if (st->selected == 0) {
		if (o->segment != NULL && o->where != NULL)
			fprintf(stderr, _("clientele: warning: no row written: nobody in segment \"%s\" "
			                  "matches --where\n"),
			        o->segment);
		else if (o->segment != NULL)
			fprintf(stderr, _("clientele: warning: no row written: segment \"%s\" is empty\n"),
			        o->segment);
		else
			fprintf(stderr, _("clientele: warning: no row written: the rule selects nobody\n"));
		return;
	}
	snprintf(dur, sizeof dur, "%s", o->active_within != NULL ? o->active_within : "");
	add_drop(&why, &n, st->no_consent, "--consent", export_channel_name(o->consent));
	add_drop(&why, &n, st->inactive, "--active-within", dur);
	add_drop(&why, &n, st->invalid, "--valid-only", export_channel_name(o->valid));
	add_drop(&why, &n, st->duplicate, "--dedupe",
	         o->dedupe == EXPORT_CHANNEL_SMS ? "phone" : export_channel_name(o->dedupe));
	add_drop(&why, &n, st->not_sampled, "--sample", "");
	add_drop(&why, &n, st->over_limit, "--limit", "");
	if (n == 1 && !why.oom)
		/* one rule: name it alone, without its count */
		*strrchr(why.p, ' ') = '\0';
	if (n == 1 && !why.oom)
		fprintf(stderr, _("clientele: warning: no row written: %s dropped all the selected "
		                  "customers (%'lld)\n"),
		        why.p, st->selected);
	else if (n > 1 && !why.oom)
		fprintf(stderr, _("clientele: warning: no row written: the hygiene rules dropped all "
		                  "%'lld selected customers: %s\n"),
		        st->selected, why.p);
	else
		fprintf(stderr, _("clientele: warning: no row written\n"));
	free(why.p);
}

/* A list of the strings a note gathered, as a JSON array. */
static void
json_list(struct json *j, const char *key, const struct strbuf *b, int n)
{
	int i;

	json_key(j, key);
	json_array(j);
	for (i = 0; i < n; i++)
		json_str(j, nth(b, i));
	json_close(j);
}

static void
print_json(FILE *f, const struct summary *s, bool ok)
{
	static const char *const dropped[] = {"no_consent", "inactive",    "invalid",
	                                      "duplicate",  "not_sampled", "over_limit"};
	const struct export_stats *st = s->st;
	const long long n[] = {st->no_consent, st->inactive,    st->invalid,
	                       st->duplicate,  st->not_sampled, st->over_limit};
	struct json j;
	size_t k;
	int g;

	json_begin(&j, f);
	json_object(&j);
	json_key_bool(&j, "ok", ok);
	if (s->preview)
		json_key_bool(&j, "preview", true);
	json_key_int(&j, "selected", st->selected);
	json_key_int(&j, "written", st->written);
	json_key(&j, "dropped");
	json_object(&j);
	for (k = 0; k < sizeof n / sizeof n[0]; k++) {
		json_key_int(&j, dropped[k], n[k]);
	}
	json_close(&j);
	json_key(&j, "files");
	json_array(&j);
	for (g = 0; g < st->ngroups; g++) {
		char *p = st->ngroups > 1 && s->path != NULL ? export_split_path(s->path, g) : NULL;

		json_object(&j);
		json_key(&j, "file");
		if (p != NULL || s->path != NULL)
			json_str(&j, p != NULL ? p : s->path);
		else
			json_null(&j);
		json_key_int(&j, "rows", st->group_rows[g]);
		json_close(&j);
		free(p);
	}
	json_close(&j);
	json_key(&j, "seed");
	if (s->seeded)
		json_uint(&j, s->o->seed);
	else
		json_null(&j);
	json_list(&j, "empty_columns", &s->empty, s->nempty);
	json_list(&j, "removed_temporary_files", &s->stale, s->nstale);
	json_end(&j);
}

static int
run(int argc, char **argv)
{
	struct export_opts o = {0};
	struct export_format fmt;
	struct export_stats st = {0};
	struct summary sum = {.o = &o, .st = &st};
	struct export_notes notes = {.stale_removed = note_stale, .empty_column = note_empty,
	                             .ctx = &sum};
	FILE *sumf;
	struct err e = {0};
	struct db *db = NULL;
	const char *out = NULL;
	int c, rc, format_tsv = -1;
	char delim = 0;
	bool bom = false, crlf = false, raw = false, force = false, json = false, quiet = false;
	bool have_seed = false, valid_default = false;
	char *pv = NULL;
	size_t pvlen = 0;
	long long preview = -1;

	optind = 1;
	while ((c = cli_getopt(&cmd_export, argc, argv)) != -1) {
		switch (c) {
		case 's': o.segment = optarg; break;
		case 'w': o.where = optarg; break;
		case 'o': out = optarg; break;
		case 'c': o.columns = optarg; break;
		case 'p':
			if (export_arg_preset(optarg, &o.preset, &e) != 0)
				return cli_usage(&cmd_export, "%s", e.msg);
			break;
		case O_FORMAT:
			if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "tsv") != 0)
				return cli_usage(&cmd_export, _("--format takes csv or tsv, not \"%s\""),
				                 optarg);
			format_tsv = strcmp(optarg, "tsv") == 0;
			break;
		case 'd':
			if (export_arg_delimiter(optarg, &delim, &e) != 0)
				return cli_usage(&cmd_export, "%s", e.msg);
			break;
		case O_BOM: bom = true; break;
		case O_CRLF: crlf = true; break;
		case O_RAW: raw = true; break;
		case O_CONSENT:
			if (export_arg_consent(optarg, &o.consent, &e) != 0)
				return cli_usage(&cmd_export, "%s", e.msg);
			break;
		case O_VALID_ONLY:
			if (optarg == NULL)
				valid_default = true;
			else if (export_arg_valid(optarg, &o.valid, &e) != 0)
				return cli_usage(&cmd_export, "%s", e.msg);
			break;
		case O_DEDUPE:
			if (export_arg_dedupe(optarg, &o.dedupe, &e) != 0)
				return cli_usage(&cmd_export, "%s", e.msg);
			break;
		case O_ACTIVE_WITHIN:
			if (export_arg_active_within(optarg, &e) != 0)
				return cli_usage(&cmd_export, "%s", e.msg);
			o.active_within = optarg;
			break;
		case O_SAMPLE:
			if (export_arg_sample(optarg, &o, &e) != 0)
				return cli_usage(&cmd_export, "%s", e.msg);
			break;
		case O_SEED:
			if (export_arg_seed(optarg, &o.seed, &e) != 0)
				return cli_usage(&cmd_export, "%s", e.msg);
			have_seed = true;
			break;
		case O_SPLIT:
			if (export_arg_split(optarg, &o.split, &e) != 0)
				return cli_usage(&cmd_export, "%s", e.msg);
			break;
		case O_LIMIT:
			if (export_arg_limit(optarg, &o.limit, &e) != 0)
				return cli_usage(&cmd_export, "%s", e.msg);
			break;
		case O_TAG_SEPARATOR: o.tag_sep = optarg; break;
		case O_PREVIEW:
			if (strcmp(optarg, "0") == 0)
				preview = 0;
			else if (export_arg_limit(optarg, &preview, &e) != 0)
				return cli_usage(&cmd_export,
				                 _("--preview takes a number of rows (0: the header "
				                   "alone), not \"%s\""),
				                 optarg);
			break;
		case 'f': force = true; break;
		case O_JSON: json = true; break;
		case 'q': quiet = true; break;
		default: return cli_bad_option(&cmd_export, c, argv);
		}
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_export, optind >= argc ? _("which base? give its file name")
		                                             : _("one base at a time"));
	if (o.segment == NULL && o.where == NULL)
		return cli_usage(&cmd_export, _("what to export? give --segment PATH or --where RULE"));
	if (out == NULL && preview < 0)
		return cli_usage(&cmd_export, _("where to? give -o FILE (or -o - for standard output)"));
	if (o.split > 1 && out != NULL && strcmp(out, "-") == 0)
		return cli_usage(&cmd_export, _("--split writes one file per group: give -o FILE"));
	if (format_tsv == 1 && delim != 0 && delim != '\t')
		return cli_usage(&cmd_export, _("--format tsv is tab-separated: drop --delimiter"));
	/* --valid-only alone checks the channel the list is for: the one of
	 * --consent, else email */
	if (valid_default)
		o.valid = export_valid_default(o.consent);

	if (format_tsv == 1 && delim == 0)
		delim = '\t';
	export_format_make(o.preset, delim, bom, crlf, raw, &fmt);
	sum.seeded = o.sample_n > 0 || o.sample_pct > 0 || o.split > 1;
	if (sum.seeded && !have_seed)
		o.seed = export_random_seed();
	sum.path = out;

	if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
		return rc;
	o.cancel = cli_cancel_begin();
	o.notes = &notes;
	sum.preview = preview >= 0;
	sumf = sum.preview || data_on_stdout(out) ? stderr : stdout;
	if (sum.preview) {
		/* the dialog's path: the file's first bytes, then the figures
		 * of the whole export, nothing written */
		rc = export_preview_bytes(db, &o, &fmt, 0, (size_t)preview, &pv, &pvlen, NULL, &e);
		if (rc == 0 && (fwrite(pv, 1, pvlen, stdout) != pvlen || fflush(stdout) != 0))
			rc = err_set(&e, EXIT_FAIL, _("writing %s: %s"), _("standard output"),
			             strerror(errno));
		free(pv);
		if (rc == 0)
			rc = export_count(db, &o, &st, &e);
	} else {
		/* a bar on a terminal's stderr, the data going elsewhere */
		struct progress *bar = quiet || data_on_stdout(out) ? NULL : progress_new();

		if (bar != NULL) {
			o.progress = progress_export;
			o.progress_ctx = bar;
		}
		rc = export_to_file(db, &o, out, &fmt, force, &st, &e);
		progress_end(&bar);
	}
	cli_cancel_end();
	db_close(&db);
	if (rc != 0) {
		/* what was removed before the export failed is gone all the same */
		for (c = 0; c < sum.nstale; c++) {
			fputs("clientele: ", stderr);
			fprintf(stderr, _("removed %s, a temporary file left by an interrupted export\n"),
			        nth(&sum.stale, c));
		}
		free(sum.stale.p);
		free(sum.empty.p);
		if (e.code == EXIT_USAGE) {
			char line[ERR_LINE_MAX];

			return cli_usage(&cmd_export, "%s", err_format(&e, line, sizeof line));
		}
		return cli_fail(&e);
	}
	/* The data went to the file; the summary goes to standard output,
	 * unless the data went there. */
	if (json)
		print_json(sumf, &sum, true);
	else if (!quiet)
		print_text(sumf, &sum);
	if (!sum.preview)
		print_warnings(&sum);
	free(sum.stale.p);
	free(sum.empty.p);
	return 0;
}

const struct cli_cmd cmd_export = {
	.name = "export",
	.args = "DB (--segment PATH | --where RULE) (-o FILE | --preview N) [options]",
	.summary = N_("Write a segment's customers to a CSV/TSV file for a mailing, SMS or Excel."),
	.opts = opts,
	.help = N_("The summary (rows selected, dropped by each rule, written per file, temporary\n"
	           "files removed) goes to standard output, or to standard error when the data goes\n"
	           "there (-o -). Warnings go to standard error, with -q too: a column empty in\n"
	           "every row, and an export that wrote no row, with the rule that dropped everyone.\n"),
	.run = run,
};
