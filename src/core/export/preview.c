/* The exporter's in-memory preview sink: the first rows of an export as
 * strings, before quoting (export_preview_bytes in csv.c gives them as the
 * file's bytes). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "export/export.h"

/* --- the preview ---------------------------------------------------------------- */

static char *
dup_cell(const struct export_cell *c)
{
	char *s = malloc(c->len + 1);

	if (s != NULL) {
		if (c->len > 0)
			memcpy(s, c->s, c->len);
		s[c->len] = '\0';
	}
	return s;
}

static int
preview_begin(void *ctx, int ngroups, const char *const *headers, size_t ncols, struct err *e)
{
	struct export_preview *p = ctx;
	size_t i;

	(void)ngroups;
	if ((p->headers = calloc(ncols ? ncols : 1, sizeof *p->headers)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	p->ncols = ncols;
	for (i = 0; i < ncols; i++)
		if ((p->headers[i] = strdup(headers[i])) == NULL)
			return err_set(e, EXIT_FAIL, _("out of memory"));
	if (p->max_rows > 0 && ((p->rows = calloc(p->max_rows, sizeof *p->rows)) == NULL ||
	                        (p->groups = calloc(p->max_rows, sizeof *p->groups)) == NULL))
		return err_set(e, EXIT_FAIL, _("out of memory"));
	return 0;
}

static int
preview_row(void *ctx, int group, const struct export_cell *cells, size_t ncols, struct err *e)
{
	struct export_preview *p = ctx;
	char **row;
	size_t i;

	if (p->nrows >= p->max_rows)
		return 1;
	if ((row = calloc(ncols ? ncols : 1, sizeof *row)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	p->rows[p->nrows] = row;
	p->groups[p->nrows] = group;
	p->nrows++;
	for (i = 0; i < ncols; i++)
		if ((row[i] = dup_cell(&cells[i])) == NULL)
			return err_set(e, EXIT_FAIL, _("out of memory"));
	return p->nrows >= p->max_rows ? 1 : 0;
}

struct export_sink
export_preview_sink(struct export_preview *p)
{
	return (struct export_sink){.begin = preview_begin, .row = preview_row, .ctx = p};
}

void
export_preview_free(struct export_preview *p)
{
	size_t i, j;

	for (i = 0; i < p->nrows; i++) {
		for (j = 0; p->rows[i] != NULL && j < p->ncols; j++)
			free(p->rows[i][j]);
		free(p->rows[i]);
	}
	for (i = 0; p->headers != NULL && i < p->ncols; i++)
		free(p->headers[i]);
	free(p->headers);
	free(p->rows);
	free(p->groups);
	memset(p, 0, sizeof *p);
}
