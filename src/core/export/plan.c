/* The plan of the segment tree as Markdown or CSV, to memory or to a file
 * written as the export writes its own (plan.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "export/plan.h"
#include "i18n.h"
#include "query.h"
#include "segment/segment.h"
#include "util/strbuf.h"

/* A Markdown table cell: '|' escaped, line breaks as <br>, backslashes
 * doubled so that the cell reads as written. */
static void
md_cell(struct strbuf *b, const char *s)
{
	strbuf_add(b, "| ");
	for (; s != NULL && *s; s++) {
		if (*s == '|')
			strbuf_add(b, "\\|");
		else if (*s == '\\')
			strbuf_add(b, "\\\\");
		else if (*s == '\n')
			strbuf_add(b, "<br>");
		else if (*s != '\r')
			strbuf_addn(b, s, 1);
	}
	strbuf_add(b, " ");
}

/* One CSV field as the export writes it (RFC 4180 quoting, and a leading
 * ' before what a spreadsheet would take for a formula: a plan is text
 * that marketers type, and it ends up in Excel). */
static void
csv_field(struct strbuf *b, const char *s, bool last)
{
	static const struct export_format f = {.delim = ','};
	struct export_cell c = {.s = s != NULL ? s : "", .text = true};
	char small[512], *buf = small;
	size_t n;

	c.len = strlen(c.s);
	n = export_csv_cell(&f, &c, small, sizeof small);
	if (n >= sizeof small) {
		if ((buf = malloc(n + 1)) == NULL) {
			b->oom = true;
			return;
		}
		export_csv_cell(&f, &c, buf, n + 1);
	}
	strbuf_addn(b, buf, n);
	if (buf != small)
		free(buf);
	strbuf_add(b, last ? "\r\n" : ",");
}

int
plan_text(const struct segment *v, const struct segment_count *c, size_t n,
          enum plan_format f, char **out, size_t *len, struct err *e)
{
	static const char *const heads[] = {N_("Segment"), N_("Size"), N_("Who"), N_("What"),
	                                    N_("Why"), N_("When"), N_("Where"), N_("Strategy")};
	/* the CSV header keeps the canonical names, for scripts */
	static const char *const csv_heads[] = {"segment", "size", "who", "what",
	                                        "why", "when", "where", "strategy"};
	struct strbuf b = {0};
	bool csv = f == PLAN_CSV;
	size_t i, k;

	*out = NULL;
	*len = 0;
	for (k = 0; k < 8; k++) {
		if (csv)
			csv_field(&b, csv_heads[k], k == 7);
		else
			md_cell(&b, _(heads[k]));
	}
	if (!csv) {
		strbuf_add(&b, "|\n");
		for (k = 0; k < 8; k++)
			strbuf_add(&b, k == 1 ? "| ---: " : "| --- ");
		strbuf_add(&b, "|\n");
	}
	for (i = 0; i < n; i++) {
		const char *cells[8];
		char size[sizeof c[i].error + 16];

		/* a segment that cannot be counted says why in its size cell */
		if (c[i].error[0] != '\0')
			snprintf(size, sizeof size, _("error: %s"), c[i].error);
		else
			snprintf(size, sizeof size, "%lld", c[i].count);
		cells[0] = v[i].path;
		cells[1] = size;
		cells[2] = v[i].plan_who;
		cells[3] = v[i].plan_what;
		cells[4] = v[i].plan_why;
		cells[5] = v[i].plan_when;
		cells[6] = v[i].plan_where;
		cells[7] = v[i].strategy;
		for (k = 0; k < 8; k++) {
			if (csv)
				csv_field(&b, cells[k], k == 7);
			else
				md_cell(&b, cells[k]);
		}
		if (!csv)
			strbuf_add(&b, "|\n");
	}
	if (b.oom || b.p == NULL) {
		free(b.p);
		return err_set(e, EXIT_FAIL, _("out of memory writing the plan"));
	}
	*out = b.p;
	*len = b.n;
	return 0;
}

int
plan_write_file(const char *path, const struct segment *v, const struct segment_count *c,
                size_t n, enum plan_format f, bool force, struct err *e)
{
	static const struct export_format fmt = {.delim = ','};
	struct export_csv *out = NULL;
	char *text = NULL;
	size_t len;
	int rc;

	if (plan_text(v, c, n, f, &text, &len, e) != 0)
		return -1;
	rc = export_csv_open(&out, path, 1, &fmt, force, NULL, e);
	if (rc == 0 && (rc = export_csv_write(out, text, len, e)) != 0)
		export_csv_abort(&out);
	if (rc == 0)
		rc = export_csv_commit(&out, e);
	free(text);
	return rc;
}
