/* The plan of the whole segment tree (who, what, why, when, where,
 * strategy, with each segment's size) as one Markdown table or CSV: the
 * one text that `clientele plan` prints and the interface's plan view
 * saves, so that the two never differ. */
#ifndef CLIENTELE_EXPORT_PLAN_H
#define CLIENTELE_EXPORT_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct segment;
struct segment_count;

enum plan_format { PLAN_MARKDOWN = 0, PLAN_CSV };

/* The plan of tree v (n segments, as segment_list gives them) with c[i]
 * the count of v[i] (segment_count_all; an uncountable one says
 * "error: ..." in its size cell): Markdown with the column heads in the
 * user's language, '|' escaped and line breaks as <br>; or RFC 4180 CSV
 * with canonical heads, CRLF, and a leading ' before what a spreadsheet
 * would take for a formula. *out (malloc'd, NUL-terminated, owned by the
 * caller) and *len. */
int plan_text(const struct segment *v, const struct segment_count *c, size_t n,
              enum plan_format f, char **out, size_t *len, struct err *e);

/* The same text written to path as the export writes a file: a temporary
 * file beside it renamed into place when complete; an existing file is
 * replaced only with force (export_target_check tells beforehand). */
int plan_write_file(const char *path, const struct segment *v, const struct segment_count *c,
                    size_t n, enum plan_format f, bool force, struct err *e);

#endif
