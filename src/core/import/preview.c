/* The import preview: the head of one file read and mapped by the
 * import's own reader and mapping code (csv_read_file, file_map_build,
 * file_map_observe_row, file_map_decide), for the interface's import
 * screen — so that what it shows is what `clientele import` then does. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "private.h"

struct preview_read {
	struct import_preview *p;
	struct file_map map;
	const char *path;
	const struct field_catalog *cat;
	const struct import_opts *o;
	size_t max_rows;
	long limit;      /* data records to observe, 0 for all */
	bool import_rule; /* limit follows the import's scan (SCAN_SAMPLE) */
	bool mapped;
	bool unobserved;  /* a data record was left out of the inference */
	char *trimbuf;
	size_t trimcap;
};

static int
keep_header(struct preview_read *r, const struct csv_row *row, struct err *e)
{
	struct import_preview *p = r->p;

	if (file_map_build(&r->map, p->orders, r->path, row, r->cat, r->o->maps, r->o->nmaps, e) !=
	    0)
		return -1;
	r->mapped = true;
	/* the import reads a customers file with new columns whole */
	if (r->import_rule && file_map_has_new(&r->map))
		r->limit = 0;
	p->ncols = r->map.n;
	if (r->max_rows > 0 &&
	    ((p->rows = calloc(r->max_rows, sizeof *p->rows)) == NULL ||
	     (p->rown = calloc(r->max_rows, sizeof *p->rown)) == NULL ||
	     (p->lines = calloc(r->max_rows, sizeof *p->lines)) == NULL))
		return err_set(e, EXIT_FAIL, _("out of memory"));
	return 0;
}

static int
keep_row(struct import_preview *p, const struct csv_row *row, struct err *e)
{
	char **cells = calloc(p->ncols ? p->ncols : 1, sizeof *cells);
	size_t i;

	if (cells == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	p->rows[p->nrows] = cells;
	p->rown[p->nrows] = row->n;
	p->lines[p->nrows] = row->line;
	p->nrows++;
	for (i = 0; i < p->ncols; i++)
		if ((cells[i] = strdup(i < row->n && row->fields[i] ? row->fields[i] : "")) == NULL)
			return err_set(e, EXIT_FAIL, _("out of memory"));
	return 0;
}

static int
preview_row(void *ctx, const struct csv_row *row, struct err *e)
{
	struct preview_read *r = ctx;
	struct import_preview *p = r->p;
	bool observe;

	if (r->o->cancel != NULL && *r->o->cancel)
		return err_set(e, EXIT_FAIL, _("interrupted"));
	if (row->index == 0)
		return keep_header(r, row, e);
	if (p->nrows < r->max_rows && keep_row(p, row, e) != 0)
		return -1;
	/* After the sample, a date column still open makes the import read
	 * the whole file (import.c, import_file). */
	if (r->import_rule && r->limit > 0 && row->index == r->limit + 1 &&
	    file_map_dates_open(&r->map))
		r->limit = 0;
	observe = r->limit == 0 || row->index <= r->limit;
	r->unobserved = r->unobserved || !observe;
	if (!observe && p->nrows >= r->max_rows)
		return 1; /* enough */
	if (observe) {
		p->scanned++;
		if (file_map_observe_row(&r->map, row, r->o->na, &r->trimbuf, &r->trimcap, NULL, NULL,
		                         e) != 0)
			return -1;
	}
	return 0;
}

/* The mapping of r->map into p (after file_map_decide). */
static int
take_map(struct preview_read *r, struct err *e)
{
	struct import_preview *p = r->p;
	size_t i;

	if ((p->cols = calloc(r->map.n ? r->map.n : 1, sizeof *p->cols)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	for (i = 0; i < r->map.n; i++) {
		struct map_column *c = &r->map.cols[i];
		struct import_preview_col *pc = &p->cols[i];

		pc->header = c->header;
		c->header = NULL;
		pc->field = c->field;
		c->field = NULL;
		pc->kind = c->kind == MAP_IGNORE   ? IMPORT_COL_SKIP
		           : c->kind == MAP_CUSTOM ? IMPORT_COL_CUSTOM
		                                   : IMPORT_COL_KNOWN;
		pc->type = c->kind == MAP_ORDER ? (c->of == OF_DATE ? FT_DATE : FT_TEXT) : c->type;
		if (c->kind == MAP_ORDER &&
		    (c->of == OF_AMOUNT || c->of == OF_QUANTITY || c->of == OF_UNIT_PRICE))
			pc->type = FT_NUMBER;
		pc->is_new = c->is_new;
		pc->by_user = c->by_user;
		pc->order = c->order;
	}
	p->notes = r->map.notes;
	p->nnotes = r->map.nnotes;
	r->map.notes = NULL;
	r->map.nnotes = 0;
	return 0;
}

int
import_preview_file(struct db *db, const char *path, bool orders, const struct import_opts *o,
                    size_t max_rows, long scan_rows, struct import_preview *out, struct err *e)
{
	struct field_catalog cat = {0};
	struct preview_read r = {.p = out, .path = path, .cat = &cat, .o = o,
	                         .max_rows = max_rows};
	struct csv_opts co = o->csv;
	struct csv_info info = {0};
	struct err why = {0};
	char line[ERR_LINE_MAX];
	int rc = -1;

	memset(out, 0, sizeof *out);
	out->orders = orders;
	r.import_rule = scan_rows <= 0;
	r.limit = scan_rows > 0 ? scan_rows : SCAN_SAMPLE;
	co.progress = NULL;
	co.raw = NULL;
	if (fields_load(db, &cat, e) != 0)
		return -1;
	if (csv_read_file(path, &co, preview_row, &r, &info, e) != 0)
		goto done;
	out->delim = info.delim;
	out->enc = info.enc;
	out->had_bom = info.had_bom != 0;
	if (!r.mapped) {
		err_set(e, EXIT_DATAERR, _("%s: the file is empty (expected a header line)"), path);
		goto done;
	}
	out->final = r.import_rule || !r.unobserved;
	if (file_map_decide(&r.map, path, o->date_order, &why) != 0 ||
	    file_map_check(&r.map, path, &why) != 0) {
		if ((out->problem = strdup(err_format(&why, line, sizeof line))) == NULL) {
			err_set(e, EXIT_FAIL, _("out of memory"));
			goto done;
		}
	}
	if (take_map(&r, e) != 0)
		goto done;
	rc = 0;
done:
	file_map_free(&r.map);
	fields_free(&cat);
	free(r.trimbuf);
	if (rc != 0)
		import_preview_free(out);
	return rc;
}

void
import_preview_free(struct import_preview *p)
{
	size_t i, j;

	for (i = 0; p->cols != NULL && i < p->ncols; i++) {
		free(p->cols[i].header);
		free(p->cols[i].field);
	}
	for (i = 0; p->rows != NULL && i < p->nrows; i++) {
		for (j = 0; p->rows[i] != NULL && j < p->ncols; j++)
			free(p->rows[i][j]);
		free(p->rows[i]);
	}
	for (i = 0; i < p->nnotes; i++)
		free(p->notes[i]);
	free(p->cols);
	free(p->rows);
	free(p->rown);
	free(p->lines);
	free(p->notes);
	free(p->problem);
	memset(p, 0, sizeof *p);
}

/* --- which file it is -------------------------------------------------- */

struct guess_read {
	struct csv_row header; /* a copy of the header's cells */
	bool got;
};

static int
guess_header(void *ctx, const struct csv_row *row, struct err *e)
{
	struct guess_read *g = ctx;
	size_t i;

	if ((g->header.fields = calloc(row->n ? row->n : 1, sizeof *g->header.fields)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	g->header.n = row->n;
	for (i = 0; i < row->n; i++)
		if ((g->header.fields[i] = strdup(row->fields[i] ? row->fields[i] : "")) == NULL)
			return err_set(e, EXIT_FAIL, _("out of memory"));
	g->got = true;
	return 1; /* the header is enough */
}

/* The columns of m mapped to a well-known field. */
static size_t
known_columns(const struct file_map *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->n; i++)
		n += m->cols[i].kind != MAP_IGNORE && m->cols[i].kind != MAP_CUSTOM;
	return n;
}

int
import_guess_orders(struct db *db, const char *path, const struct import_opts *o, bool *orders,
                    struct err *e)
{
	struct field_catalog cat = {0};
	struct guess_read g = {0};
	struct file_map cm = {0}, om = {0};
	struct csv_opts co = o->csv;
	struct csv_info info = {0};
	struct err why = {0};
	int rc = -1;
	size_t i;

	*orders = false;
	co.progress = NULL;
	co.raw = NULL;
	if (fields_load(db, &cat, e) != 0)
		return -1;
	if (csv_read_file(path, &co, guess_header, &g, &info, e) != 0)
		goto done;
	if (!g.got) {
		err_set(e, EXIT_DATAERR, _("%s: the file is empty (expected a header line)"), path);
		goto done;
	}
	g.header.index = 0;
	g.header.line = 1;
	/* A mapping either way that the import would refuse is no answer. */
	if (file_map_build(&om, true, path, &g.header, &cat, o->maps, o->nmaps, &why) == 0 &&
	    file_map_check(&om, path, &why) == 0) {
		err_clear(&why);
		if (file_map_build(&cm, false, path, &g.header, &cat, o->maps, o->nmaps, &why) != 0 ||
		    known_columns(&om) > known_columns(&cm))
			*orders = true;
	}
	rc = 0;
done:
	file_map_free(&cm);
	file_map_free(&om);
	for (i = 0; i < g.header.n; i++)
		free(g.header.fields[i]);
	free(g.header.fields);
	fields_free(&cat);
	return rc;
}
