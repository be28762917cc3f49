/* The report to share (SPEC §5): one self-contained HTML file with the
 * segment tree and its sizes and trends, each segment's plan, the compare
 * table, the RFM and ABC×XYZ grids as coloured tables and histograms as
 * inline SVG. No script, no network, no external file: its style is in a
 * <style> of its own, and it prints on paper as it reads on screen. Every
 * text from the base (names, plans, cities) is escaped. The headings are
 * in the user's language: the report is for the boss. No printing: the
 * text goes to a buffer, or to a file written as the export writes one. */
#ifndef CLIENTELE_REPORT_H
#define CLIENTELE_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "query_facet.h"
#include "util/strbuf.h"

struct db;

#define REPORT_HIST_MAX 8 /* histograms in one report */

struct report_opts {
	/* The segments of the compare table by path ("" for all customers),
	 * 1 .. COMPARE_MAX; n 0: all customers and the tree's top-level
	 * segments, as many as fit. */
	const char *const *compare;
	size_t ncompare;
	/* The fields of the histograms; n 0: spent, orders, last_order and
	 * age (those the base has). */
	const char *const *hist;
	size_t nhist;
};

/* The report of the base as HTML, appended to *out (the caller's; its
 * oom checked here). Segments that cannot be counted say why on their row
 * and are left out of the default compare table; *bad (may be NULL)
 * receives how many there were. */
int report_html(struct db *db, const struct report_opts *o, struct strbuf *out, size_t *bad,
                struct err *e);

/* The same written to path ("-": standard output) through a temporary file
 * renamed into place when complete; an existing file is replaced only with
 * force, and never the base itself (EXIT_USAGE). */
int report_write_file(struct db *db, const struct report_opts *o, const char *path, bool force,
                      size_t *bad, struct err *e);

/* --- drawing (report_draw.c), public for the tests ------------------------ */

/* s with & < > " ' as character references; NULL adds nothing. */
void report_escape(struct strbuf *b, const char *s);

/* The histogram h of field (its label: title) as an inline <svg>: a bar
 * per bucket with its count and range in a <title>, the empty ones
 * apart, the first and last edges and the largest count written out. */
void report_svg_histogram(struct strbuf *b, const char *title, const struct histogram *h);

/* The background colour of a grid cell holding count out of most: from
 * white (0) to a deep blue, as "#rrggbb" into buf (8 bytes); *dark true
 * when the text on it should be white. */
void report_shade(long long count, long long most, char buf[8], bool *dark);

#endif
