/* Helpers shared by the tests of the CSV reader (test_csv_read.c,
 * test_csv_detect.c): what a read delivered, as short strings to assert. */
#ifndef CLIENTELE_TEST_CSV_HELPERS_H
#define CLIENTELE_TEST_CSV_HELPERS_H

#include <stdbool.h>
#include <stddef.h>

#include "csv/csv_read.h"

enum { MAX_ROWS = 64 };

/* What a read delivered: each row as "LINE:[f1][f2]..." for short asserts. */
struct got {
	size_t n;
	char *rows[MAX_ROWS];
	long stop_after; /* return 1 after this many records (0: never) */
	long fail_after; /* return -1 after this many records (0: never) */
	bool saw_null;
};

/* The csv_read callback that fills a struct got (ctx); stops or fails
 * as its stop_after and fail_after say. */
int th_csv_collect(void *ctx, const struct csv_row *row, struct err *e);

/* Frees the rows of g and zeroes it for the next read. */
void th_got_free(struct got *g);

/* Reads a string with default options; asserts success. */
void th_read_ok(const char *text, size_t len, const struct csv_opts *opts, struct got *g,
             struct csv_info *info);

/* Reads a string expecting failure; returns the message (static storage). */
const char *th_read_fail(const char *text, size_t len, const struct csv_opts *opts, int code,
                      struct got *g);

#endif
