/* Import: CSV files of customers and orders into a base, in one
 * transaction — mapping headers to fields, normalising values, matching
 * customers already there, summing line items into orders, then
 * recomputing the metrics. */
#ifndef CLIENTELE_IMPORT_H
#define CLIENTELE_IMPORT_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "csv/csv_read.h"
#include "field_catalog.h"
#include "text/date.h"
#include "err.h"
#include "sql_param.h"

struct db;

/* What the progress callback is told. */
struct import_progress {
	const char *file;  /* the file being read */
	const char *phase; /* "scanning", "importing", "indexing", "metrics" */
	off_t done, total; /* bytes of the file */
	long rows;         /* records read in this phase */
};

struct import_opts {
	const char *customers; /* path, or NULL */
	const char *orders;    /* path, or NULL */
	struct csv_opts csv;   /* delimiter and encoding (progress ignored) */
	const char *const *maps;  /* "CSV column=field" overrides */
	size_t nmaps;
	const char *const *na;    /* empty markers, NULL-terminated; NULL: defaults */
	enum date_order date_order; /* DATE_ORDER_UNKNOWN: infer per column */
	bool skip_bad;   /* import good rows, record bad ones */
	bool dry_run;    /* do everything, then roll back */
	const char *as_of; /* YYYY-MM-DD to set as the reference date, or NULL */
	const char *country; /* ISO code to keep as the base's default country, or NULL */
	void (*progress)(void *ctx, const struct import_progress *p);
	void *progress_ctx;
	volatile sig_atomic_t *cancel; /* set to non-zero to abandon the import */
};

/* One rejected line. */
struct import_problem {
	char *file;
	long line;
	int col;      /* 1-based field number, 0 when the whole row */
	char *reason; /* "invalid date \"31.02.2024\" (expected a real calendar date)" */
};

/* Figures for one file. */
struct import_file_stats {
	bool done;
	char *file;
	long long rows_read;   /* data records (the header not counted) */
	long long inserted;    /* new customers, or new orders */
	long long updated;     /* customers or orders that were there before */
	long long merged;      /* rows that matched a row earlier in the same import */
	long long shared;      /* customers sharing an email or phone with another one */
	long long keyed;       /* rows without id, email or phone: keyed by their content */
	long long rejected;    /* bad rows */
	long long skipped;     /* order rows without a customer id; customers rows
	                          with every cell empty */
	long long lines;       /* order line items read (orders file) */
	long long cancelled;   /* cancellation orders (orders file) */
	long long customers_created; /* customers that exist only in the orders file */
	char delim;
	const char *encoding;
	char sha256[65];
	long long import_id;
	char already[24];      /* "2024-05-01 10:00:00": imported then, left alone now */
};

struct import_result {
	struct import_file_stats customers, orders;
	struct import_problem *problems; /* at most IMPORT_MAX_PROBLEMS kept */
	size_t nproblems;
	long long problems_total;        /* all of them, kept or not */
	char **merged_places;  /* "москва, МОСКВА -> Москва" lines */
	size_t nmerged_places;
	char **custom_fields;  /* "annual_income_k (number) from \"Annual Income (k$)\"" */
	size_t ncustom_fields;
	char **notes;          /* "file:1:3: ..." names the import chose for columns */
	size_t nnotes;
	char ref_date[11];
	double seconds;
	/* The country assumed for phones of rows without one (customers
	 * file): its ISO code ("" when none is known), where it came from
	 * ("default": --country kept in the base; "most_frequent" in the base
	 * and the file; "locale"; NULL), and the phones read with it. */
	bool phone_country_decided;
	char phone_country[3];
	const char *phone_country_source;
	long long phones_assumed;
};

#define IMPORT_MAX_PROBLEMS 1000

/* Runs the import. On success the base holds the new data (unless dry_run)
 * and res the figures. With bad rows and !skip_bad, nothing is written, res
 * lists the problems and the call fails with EXIT_DATAERR. res is to be
 * freed with import_result_free in every case. */
int import_run(struct db *db, const struct import_opts *opts, struct import_result *res,
               struct err *e);
void import_result_free(struct import_result *res);

/* With CLIENTELE_IMPORT_TIMES=1 in the environment: prints to stderr the
 * wall time since the last call as the phase what (of file, may be NULL)
 * has taken; what NULL only starts the clock. Silent otherwise. */
void import_phase(const char *what, const char *file);

/* --- the preview: what an import of one file would read and map --------- */

enum import_col_kind {
	IMPORT_COL_SKIP = 0, /* not imported (no usable header, --map "C=-", an
	                        unknown column of an orders file) */
	IMPORT_COL_KNOWN,    /* a well-known field: built-in, age, tags, or a
	                        field of the orders file */
	IMPORT_COL_CUSTOM    /* a custom field, already in the base or new */
};

struct import_preview_col {
	char *header;            /* as in the file, trimmed */
	enum import_col_kind kind;
	char *field;             /* the field it fills; NULL when skipped */
	enum field_type type;    /* of a customers field (custom: inferred) */
	bool is_new;             /* a custom field the import would create */
	bool by_user;            /* chosen by a --map override */
	enum date_order order;   /* a date column's day/month order, once decided */
};

struct import_preview {
	bool orders;             /* read as an orders file */
	int delim;               /* detected (or given) delimiter */
	enum csv_encoding enc;   /* detected (or given) encoding */
	bool had_bom;
	size_t ncols;
	struct import_preview_col *cols; /* one per header cell */
	size_t nrows;
	char ***rows;            /* nrows records of ncols strings, decoded to
	                            UTF-8, untrimmed; "" where a record is short */
	size_t *rown;            /* the cells each record really had */
	long *lines;             /* each record's line in the file */
	long scanned;            /* data records the types were inferred from */
	bool final;              /* the types and date orders are the import's
	                            own: scan_rows was 0, or no record was left
	                            unread */
	char **notes;            /* "file:1:3: ..." names chosen for columns */
	size_t nnotes;
	/* Why the import would stop at this mapping (a date column whose
	 * day/month order is open, an orders file without an amount, ...),
	 * or NULL. */
	char *problem;
};

/* Reads the head of the file at path as import_run would read it as the
 * customers file (orders false) or the orders file of o: o->csv's
 * delimiter and encoding (0/AUTO: detected by the reader, as the import
 * does), o->maps, o->na and o->date_order apply. Fills out with the
 * header's mapping (file_map_build against db's catalog, the import's own
 * code), the first max_rows records, and the types of new custom fields
 * inferred from scan_rows data records — 0: as many as the import
 * itself scans (the whole file when it has new custom columns), so that
 * the mapping is exactly the import's. Errors (cannot open, UTF-16, a bad
 * --map) are the import's; a mapping the import would refuse is
 * out->problem, not an error. o->cancel (may be NULL) set stops the
 * reading with an error ("interrupted"), o->progress is not called. out
 * is freed with import_preview_free. */
int import_preview_file(struct db *db, const char *path, bool orders, const struct import_opts *o,
                        size_t max_rows, long scan_rows, struct import_preview *out,
                        struct err *e);
void import_preview_free(struct import_preview *p);

/* A value typed by hand for field f (built-in or custom; a computed one
 * is an error) of customer customer_id, checked and normalised as an
 * import of that field would do it (import/hand.c): *empty when it is
 * empty (or an empty marker: the field is cleared), else *out holds it as
 * the column stores it (text malloc'd: the caller frees out->text). A bad
 * value is an error naming the field and what was expected. */
int import_hand_value(struct db *db, const struct field *f, long long customer_id, const char *text,
                      bool *empty, struct sql_param *out, struct err *e);

/* --- for the interface's mapping picker and file choice ----------------- */

/* The i-th well-known field a column can be mapped to (with --map
 * "COLUMN=field"): of a customers file the built-in customer fields, age
 * and tags; of an orders file its fields (order_id, customer_id, date,
 * amount...). NULL past the last. */
const char *import_known_field(bool orders, size_t i);

/* Whether the file at path reads as an orders file: its header mapped as
 * the orders file of an import (o's maps apply) has what an orders file
 * needs (a customer, a date, an amount or quantity and price), and more
 * well-known columns than it has as a customers file. Reads the header
 * alone. Errors are the reader's (cannot open, empty). */
int import_guess_orders(struct db *db, const char *path, const struct import_opts *o,
                        bool *orders, struct err *e);

#endif
