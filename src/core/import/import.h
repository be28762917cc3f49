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
#include "text/date.h"
#include "err.h"

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

#endif
