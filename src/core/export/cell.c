/* One cell of a CSV/TSV file: RFC 4180 quoting, formula neutralising and
 * the decimal comma, for the file writer and its preview alike. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "private.h"

/* --- one cell ------------------------------------------------------------------- */

/* OWASP "CSV Injection" / CWE-1236: a spreadsheet takes a cell starting
 * with one of these for a formula (tab and CR too, as some readers strip
 * them first). */
static bool
formula_start(const struct export_format *f, const struct export_cell *c)
{
	if (f->raw || !c->text || c->len == 0 || (f->keep_contacts && c->contact))
		return false;
	return memchr("=+-@\t\r", c->s[0], 6) != NULL || c->s[0] == '\0';
}

/* The most bytes a cell of len bytes can take: quotes, a ', every quote
 * doubled. */
size_t
export_cell_worst(size_t len)
{
	return 2 * len + 3;
}

/* Formats c into out, which holds export_cell_worst(c->len) bytes; returns the
 * length written. */
size_t
export_cell_format(const struct export_format *f, const struct export_cell *c, char *out)
{
	bool tick = formula_start(f, c), comma = f->decimal_comma && c->number, quote = false;
	size_t i, n = 0;

	for (i = 0; i < c->len; i++) {
		char ch = c->s[i];

		if (ch == f->delim || ch == '"' || ch == '\n' || ch == '\r' ||
		    (comma && ch == '.' && f->delim == ',')) {
			quote = true;
			break;
		}
	}
	if (quote)
		out[n++] = '"';
	if (tick)
		out[n++] = '\'';
	for (i = 0; i < c->len; i++) {
		char ch = c->s[i];

		if (ch == '"')
			out[n++] = '"';
		out[n++] = comma && ch == '.' ? ',' : ch;
	}
	if (quote)
		out[n++] = '"';
	return n;
}

size_t
export_csv_cell(const struct export_format *f, const struct export_cell *c, char *buf,
                size_t bufsz)
{
	char small[256], *tmp = small;
	size_t n;

	if (c->s == NULL || c->len == 0)
		return 0;
	if (export_cell_worst(c->len) > sizeof small && (tmp = malloc(export_cell_worst(c->len))) == NULL)
		return 0;
	n = export_cell_format(f, c, tmp);
	if (bufsz > 0) {
		memcpy(buf, tmp, n < bufsz ? n : bufsz);
		if (n < bufsz)
			buf[n] = '\0';
	}
	if (tmp != small)
		free(tmp);
	return n;
}

