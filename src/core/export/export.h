/* Export (SPEC §4): a segment or a rule's customers to CSV/TSV files for
 * mail services, SMS and spreadsheets — columns, presets, hygiene,
 * samples and A/B splits. A producer (export_run) reads the customers row
 * by row and hands each row to a sink: the CSV sink writes temporary files
 * renamed into place when complete, the preview sink keeps rows in memory. */
#ifndef CLIENTELE_EXPORT_H
#define CLIENTELE_EXPORT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct db;

enum export_preset {
	EXPORT_PRESET_NONE = 0,
	EXPORT_PRESET_GENERIC,   /* canonical names, UTF-8, ',', LF */
	EXPORT_PRESET_MAILCHIMP, /* "Email Address", "First Name", ... */
	EXPORT_PRESET_BREVO,     /* EMAIL, FIRSTNAME, LASTNAME, SMS */
	EXPORT_PRESET_UNISENDER, /* email, Name, phone */
	EXPORT_PRESET_EXCEL      /* UTF-8 with BOM, ';', CRLF, decimal comma */
};

/* A channel: for --consent, --valid-only and --dedupe. */
enum export_channel { EXPORT_CHANNEL_NONE = 0, EXPORT_CHANNEL_EMAIL, EXPORT_CHANNEL_SMS };

/* Most groups --split makes: files A to Z. */
#define EXPORT_MAX_SPLIT 26

/* What an export tells as it goes, besides its errors and its stats: the
 * command line prints it. Any member may be NULL. */
struct export_notes {
	/* A temporary file of an interrupted export (kill -9, a crash) removed
	 * from the target's folder before writing; path as found there. */
	void (*stale_removed)(void *ctx, const char *path);
	/* After the last row, once per column that no written row filled (not
	 * called when no row was written). */
	void (*empty_column)(void *ctx, const char *header);
	void *ctx;
};

/* How far an export got (export_opts.progress). Before the rows are read,
 * the selection is counted (one COUNT query), so selected is known from
 * the first call. */
struct export_progress {
	long long selected; /* the rows the segment and rule select */
	long long read;     /* of them, read so far in this pass */
	long long written;  /* rows handed to the sink so far */
	int pass;           /* 1 .. passes: the last one writes, the one
	                       before (with a sample or a split) draws */
	int passes;         /* 1, or 2 with a sample or a split */
};

/* Rows read between two calls of export_opts.progress. */
#define EXPORT_PROGRESS_ROWS 4096

/* What to export and how to choose the rows. Zero-initialise, then set. */
struct export_opts {
	const char *segment;       /* segment path, or NULL */
	const char *where;         /* rule text, or NULL; with segment: both apply */
	const char *columns;       /* "email,first_name:Имя,tags" or NULL: the
	                              preset's (or the default) columns */
	enum export_preset preset; /* header names and default columns */
	const char *tag_sep;       /* between tag names in the tags column;
	                              NULL: the preset's ("; " or ",") */
	enum export_channel consent; /* only customers with that consent = 1 */
	enum export_channel valid;   /* only a valid email / E.164 phone */
	enum export_channel dedupe;  /* first customer (by id) per email/phone */
	const char *active_within;   /* "6m": last_email_open within that */
	long long sample_n;        /* > 0: this many customers at random */
	double sample_pct;         /* > 0: this percentage (0-100] at random */
	uint64_t seed;             /* chooses the sample and the split */
	int split;                 /* 2..EXPORT_MAX_SPLIT: groups; else one file */
	long long limit;           /* > 0: at most this many rows */
	/* Polled between rows and inside SQLite: non-zero stops the export
	 * with an error (a signal handler sets it). May be NULL. */
	volatile sig_atomic_t *cancel;
	const struct export_notes *notes; /* may be NULL */
	/* Called in the exporting thread at the start of each pass, every
	 * EXPORT_PROGRESS_ROWS rows read, and at the end of each pass; NULL:
	 * none (and the selection is not counted first). */
	void (*progress)(void *ctx, const struct export_progress *p);
	void *progress_ctx;
};

/* What an export did. Rows leave in this order: selected by the segment or
 * rule, then dropped by consent, activity, validity, duplicates, then not
 * drawn by the sample, then beyond the limit; the rest are written. */
struct export_stats {
	long long selected;
	long long no_consent, inactive, invalid, duplicate, not_sampled, over_limit;
	long long written;
	int ngroups;                              /* 1, or the --split count */
	long long group_rows[EXPORT_MAX_SPLIT];  /* rows written per group */
};

/* One value of a row, as the producer hands it to a sink. */
struct export_cell {
	const char *s; /* the bytes, not NUL-terminated; NULL when empty */
	size_t len;
	bool text;     /* stored as text (a number is never taken for a formula) */
	bool contact;  /* a validated email or E.164 phone that a mail-service
	                  preset writes as it is */
	bool number;   /* stored as a real number (Excel wants "1,5") */
};

/* A consumer of rows. begin is called once before any row with the header
 * of every group; row once per row with its group (0 without a split).
 * Both return 0, or -1 with e set; row may return 1 to say "enough" (a
 * preview is full): the export then stops without error. begin may be
 * NULL; so may row: the rows are then counted into the stats, never
 * formatted (export_count). */
struct export_sink {
	int (*begin)(void *ctx, int ngroups, const char *const *headers, size_t ncols,
	             struct err *e);
	int (*row)(void *ctx, int group, const struct export_cell *cells, size_t ncols,
	           struct err *e);
	void *ctx;
};

/* Reads the rows o selects and gives them to sink, one SELECT iterated row
 * by row (memory does not grow with the segment; a sample, a split or a
 * limit with either keeps 8-16 bytes per kept customer, --dedupe the
 * distinct values). Usage errors in o (unknown column, bad duration) are
 * EXIT_USAGE. st is filled even on failure, with what was done. */
int export_run(struct db *db, const struct export_opts *o, const struct export_sink *sink,
               struct export_stats *st, struct err *e);

/* What an export with o would do, without writing: the rows selected,
 * what each hygiene rule, the sample and the limit would drop, and the
 * rows (and rows per group) left — export_run itself with a sink that
 * only counts, so the figures are those the export then reports. */
int export_count(struct db *db, const struct export_opts *o, struct export_stats *st,
                 struct err *e);

/* --- names ----------------------------------------------------------------- */

/* Parse "mailchimp", "brevo", "unisender", "generic", "excel" and
 * "email", "sms" (also "phone"); 0 or -1. */
int export_preset_parse(const char *s, enum export_preset *out);
int export_channel_parse(const char *s, enum export_channel *out);
const char *export_preset_name(enum export_preset p);
/* The columns a preset writes when no columns are given, and what joins
 * its tags (static strings). */
const char *export_preset_columns(enum export_preset p);
const char *export_preset_tag_sep(enum export_preset p);

/* The values of the options as a user types them, read the same way by
 * the command line and the interface's export dialog; 0 or -1 (the
 * caller words the error). */
/* --sample: "500" (a count) or "5%", "0.5%" (a percentage up to 100);
 * sets one of o->sample_n and o->sample_pct, clears the other. */
int export_sample_parse(const char *s, struct export_opts *o);
/* --delimiter: ",", ";", "tab" or a tab character. */
int export_delim_parse(const char *s, char *out);
/* The channel --valid-only checks when none is named: the list's, that of
 * --consent, else email. */
enum export_channel export_valid_default(enum export_channel consent);
const char *export_channel_name(enum export_channel c);

/* The options as a user types them, read by one function each for the
 * command line and the interface's export dialog: 0, or -1 with e
 * (EXIT_USAGE) naming the option and what it takes. */
int export_arg_preset(const char *s, enum export_preset *out, struct err *e);
int export_arg_delimiter(const char *s, char *out, struct err *e);
int export_arg_consent(const char *s, enum export_channel *out, struct err *e);
int export_arg_valid(const char *s, enum export_channel *out, struct err *e);
int export_arg_dedupe(const char *s, enum export_channel *out, struct err *e);
/* --active-within: a duration of the rule language (90d, 8w, 6m, 1y). */
int export_arg_active_within(const char *s, struct err *e);
int export_arg_sample(const char *s, struct export_opts *o, struct err *e);
int export_arg_seed(const char *s, uint64_t *out, struct err *e);
/* --split: 2 to EXPORT_MAX_SPLIT groups. */
int export_arg_split(const char *s, int *out, struct err *e);
/* --limit: a positive count. */
int export_arg_limit(const char *s, long long *out, struct err *e);
/* A seed for a sample or a split the user did not seed, small enough to
 * retype (the command line prints it, the dialog shows it). */
uint64_t export_random_seed(void);

/* The file of group g (0-based) of a split: "out.csv" -> "out.A.csv",
 * "out" -> "out.A". malloc'd, owned by the caller; NULL when out of memory. */
char *export_split_path(const char *path, int group);

/* --- the CSV/TSV sink ---------------------------------------------------------- */

struct export_format {
	char delim;         /* ',', ';' or '\t' */
	bool bom;           /* UTF-8 byte order mark first */
	bool crlf;          /* CRLF line ends, else LF */
	bool raw;           /* no formula neutralising */
	bool keep_contacts; /* cells marked contact are never neutralised */
	bool decimal_comma; /* real numbers with ',' (Russian/Ukrainian Excel) */
};

/* The format a preset implies (EXPORT_PRESET_NONE: ',', LF, no BOM). */
void export_format_preset(enum export_preset p, struct export_format *out);

/* The format of an export: the preset's, then delim (0: the preset's),
 * and a BOM and CRLF when asked (a preset that has them keeps them);
 * raw turns formula neutralising off. */
void export_format_make(enum export_preset p, char delim, bool bom, bool crlf, bool raw,
                        struct export_format *out);

/* Formats one cell per f (RFC 4180 quoting; a leading ' before = + - @,
 * tab, CR or NUL unless raw or a kept contact) into buf; returns the
 * length it needs (like snprintf, without a NUL). For tests and previews. */
size_t export_csv_cell(const struct export_format *f, const struct export_cell *c, char *buf,
                       size_t bufsz);

struct export_csv;

/* Prepares writing to path or, with ngroups > 1, to the export_split_path
 * files. Only a regular file is ever replaced:
 * - "-" is standard output (not with a split: EXIT_USAGE);
 * - a new name or a regular file gets a temporary file beside it (mode
 *   0600: it holds personal data), renamed over it by export_csv_commit;
 *   an existing file is an error (EXIT_FAIL, naming it and --force) unless
 *   force; a symbolic link to a regular file is followed: the file it
 *   names is replaced, the link stays;
 * - a character device or a FIFO is opened and written to directly (no
 *   temporary file, no force needed: nothing is replaced; a FIFO waits
 *   for its reader);
 * - a folder, a block device, a socket, a dangling link: EXIT_USAGE with
 *   the reason.
 * Before making a temporary file it removes the stale ones of the same
 * target (".NAME.XXXXXX", ours, mode 0600, no live export holding their
 * lock), telling notes (may be NULL) about each.
 * *out is owned by the caller: export_csv_commit or export_csv_abort. */
int export_csv_open(struct export_csv **out, const char *path, int ngroups,
                    const struct export_format *f, bool force,
                    const struct export_notes *notes, struct err *e);

/* For a confirmation before overwriting: the first file export_csv_open
 * would refuse to replace without force — path, or with ngroups > 1 one
 * of its export_split_path files, existing as a regular file (or a
 * symbolic link to one). 1 and *existing (malloc'd, owned by the caller)
 * when there is one; 0 when the export needs no force; -1 with e (the
 * errors of export_csv_open) when the target is refused whatever force. */
int export_target_check(const char *path, int ngroups, char **existing, struct err *e);

/* The sink writing to c (c keeps ownership). */
struct export_sink export_csv_sink(struct export_csv *c);

/* The path of group g's file (owned by c). */
const char *export_csv_path(const struct export_csv *c, int group);

/* Flushes, fsyncs and renames every temporary file into place (without
 * force, never over a file that appeared meanwhile), flushes and closes the
 * files written directly; on failure removes what is left.
 * Frees c and NULLs *cp either way. */
int export_csv_commit(struct export_csv **cp, struct err *e);

/* Removes the temporary files; frees c and NULLs *cp. NULL-safe. */
void export_csv_abort(struct export_csv **cp);

/* Writes n bytes of s as they are to the file of c (its first group): for
 * a text that is not rows of cells (the plan's Markdown). */
int export_csv_write(struct export_csv *c, const char *s, size_t n, struct err *e);

/* open + run + commit (abort on any failure): the whole export to files.
 * Refuses to write over the base itself. */
int export_to_file(struct db *db, const struct export_opts *o, const char *path,
                   const struct export_format *f, bool force, struct export_stats *st,
                   struct err *e);

/* The first bytes of group's file (0-based; 0 without a split) as
 * export_to_file would write it with o and f: the BOM, the header and at
 * most max_rows rows of that group, byte for byte — the same sink code
 * writing to memory instead of a file. *out (malloc'd, NUL-terminated,
 * owned by the caller) and *len are set on success; st (may be NULL)
 * tells what was read before the preview was full (its figures are
 * partial: export_count gives the whole ones). o->notes are not called:
 * no file is touched, and the first rows say nothing of empty columns. */
int export_preview_bytes(struct db *db, const struct export_opts *o,
                         const struct export_format *f, int group, size_t max_rows,
                         char **out, size_t *len, struct export_stats *st, struct err *e);

/* --- the preview sink ----------------------------------------------------------- */

/* The first rows of an export, as NUL-terminated strings (what the file
 * would hold, before quoting). Zero it and set max_rows; freed with
 * export_preview_free. */
struct export_preview {
	size_t max_rows;
	size_t ncols;
	char **headers;      /* ncols */
	char ***rows;        /* nrows rows of ncols strings ("" when empty) */
	int *groups;         /* the group of each row */
	size_t nrows;
};

struct export_sink export_preview_sink(struct export_preview *p);
void export_preview_free(struct export_preview *p);

#endif
