/* Helpers shared by the tests of the CSV reader. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "csv_helpers.h"

int
th_csv_collect(void *ctx, const struct csv_row *row, struct err *e)
{
	struct got *g = ctx;
	char *s = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&s, &len);

	assert_non_null(f);
	fprintf(f, "%ld:", row->line);
	for (i = 0; i < row->n; i++) {
		if (row->fields[i] == NULL) {
			g->saw_null = true;
			continue;
		}
		assert_int_equal(strlen(row->fields[i]), row->lens[i]);
		fprintf(f, "[%s]", row->fields[i]);
	}
	fclose(f);
	assert_int_equal(row->index, (long)g->n);
	if (g->n < MAX_ROWS)
		g->rows[g->n] = s;
	else
		free(s);
	g->n++;
	if (g->fail_after && (long)g->n == g->fail_after)
		return err_set(e, EXIT_DATAERR, "callback says no");
	return g->stop_after && (long)g->n == g->stop_after ? 1 : 0;
}

void
th_got_free(struct got *g)
{
	size_t i;

	for (i = 0; i < g->n && i < MAX_ROWS; i++)
		free(g->rows[i]);
	memset(g, 0, sizeof *g);
}

/* Reads a string with default options; asserts success. */
void
th_read_ok(const char *text, size_t len, const struct csv_opts *opts, struct got *g,
        struct csv_info *info)
{
	struct err e = {0};

	if (len == (size_t)-1)
		len = strlen(text);
	if (csv_read_mem("mem", text, len, opts, th_csv_collect, g, info, &e) != 0)
		fail_msg("csv_read_mem: %s", e.msg);
}

/* Reads a string expecting failure; returns the message (static storage). */
const char *
th_read_fail(const char *text, size_t len, const struct csv_opts *opts, int code, struct got *g)
{
	static struct err e;
	static char line[ERR_LINE_MAX];

	err_clear(&e);
	if (len == (size_t)-1)
		len = strlen(text);
	assert_int_equal(csv_read_mem("mem", text, len, opts, th_csv_collect, g, NULL, &e), -1);
	assert_int_equal(e.code, code);
	return err_format(&e, line, sizeof line);
}
