/* The exporter's sinks: CSV/TSV files written to a temporary file beside
 * the target and renamed into place when complete, and an in-memory preview. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "export.h"

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
static size_t
cell_worst(size_t len)
{
	return 2 * len + 3;
}

/* Formats c into out, which holds cell_worst(c->len) bytes; returns the
 * length written. */
static size_t
cell_format(const struct export_format *f, const struct export_cell *c, char *out)
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
	if (cell_worst(c->len) > sizeof small && (tmp = malloc(cell_worst(c->len))) == NULL)
		return 0;
	n = cell_format(f, c, tmp);
	if (bufsz > 0) {
		memcpy(buf, tmp, n < bufsz ? n : bufsz);
		if (n < bufsz)
			buf[n] = '\0';
	}
	if (tmp != small)
		free(tmp);
	return n;
}

/* --- files --------------------------------------------------------------------- */

#define OUT_BUF (256 * 1024)

struct out_file {
	char *path; /* where the file goes */
	char *tmp;  /* the temporary file beside it; NULL for standard output */
	int fd;
	char *buf;
	size_t len, cap;
};

struct export_csv {
	struct export_format f;
	bool force;
	int n;
	struct out_file files[EXPORT_MAX_SPLIT];
};

static int
out_flush(struct out_file *o, struct err *e)
{
	size_t done = 0;

	while (done < o->len) {
		ssize_t w = write(o->fd, o->buf + done, o->len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return err_set(e, EXIT_FAIL, "writing %s: %s",
			               o->tmp != NULL ? o->path : "standard output", strerror(errno));
		done += (size_t)w;
	}
	o->len = 0;
	return 0;
}

/* Makes room for need more bytes. */
static int
out_room(struct out_file *o, size_t need, struct err *e)
{
	if (o->len + need <= o->cap)
		return 0;
	if (out_flush(o, e) != 0)
		return -1;
	if (need > o->cap) {
		char *nb = realloc(o->buf, need);

		if (nb == NULL)
			return err_set(e, EXIT_FAIL, "out of memory");
		o->buf = nb;
		o->cap = need;
	}
	return 0;
}

static int
out_cells(struct export_csv *c, struct out_file *o, const struct export_cell *cells, size_t n,
          struct err *e)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (out_room(o, cell_worst(cells[i].len) + 3, e) != 0)
			return -1;
		if (i > 0)
			o->buf[o->len++] = c->f.delim;
		if (cells[i].s != NULL)
			o->len += cell_format(&c->f, &cells[i], o->buf + o->len);
	}
	if (c->f.crlf)
		o->buf[o->len++] = '\r';
	o->buf[o->len++] = '\n';
	return 0;
}

static int
csv_begin(void *ctx, int ngroups, const char *const *headers, size_t ncols, struct err *e)
{
	struct export_csv *c = ctx;
	struct export_cell *cells;
	size_t i;
	int g, rc = 0;

	if (ngroups != c->n)
		return err_set(e, EXIT_FAIL, "internal error: %d groups for %d files", ngroups, c->n);
	if ((cells = calloc(ncols ? ncols : 1, sizeof *cells)) == NULL)
		return err_set(e, EXIT_FAIL, "out of memory");
	for (i = 0; i < ncols; i++) {
		cells[i].s = headers[i];
		cells[i].len = strlen(headers[i]);
		cells[i].text = true;
	}
	for (g = 0; g < c->n && rc == 0; g++) {
		struct out_file *o = &c->files[g];

		if (c->f.bom) {
			memcpy(o->buf, "\xEF\xBB\xBF", 3);
			o->len = 3;
		}
		rc = out_cells(c, o, cells, ncols, e);
	}
	free(cells);
	return rc;
}

static int
csv_row(void *ctx, int group, const struct export_cell *cells, size_t ncols, struct err *e)
{
	struct export_csv *c = ctx;

	if (group < 0 || group >= c->n)
		return err_set(e, EXIT_FAIL, "internal error: group %d of %d", group, c->n);
	return out_cells(c, &c->files[group], cells, ncols, e);
}

struct export_sink
export_csv_sink(struct export_csv *c)
{
	return (struct export_sink){.begin = csv_begin, .row = csv_row, .ctx = c};
}

const char *
export_csv_path(const struct export_csv *c, int group)
{
	return group >= 0 && group < c->n ? c->files[group].path : NULL;
}

static void
csv_free(struct export_csv *c)
{
	int g;

	for (g = 0; g < c->n; g++) {
		free(c->files[g].path);
		free(c->files[g].tmp);
		free(c->files[g].buf);
	}
	free(c);
}

void
export_csv_abort(struct export_csv **cp)
{
	struct export_csv *c = *cp;
	int g;

	if (c == NULL)
		return;
	for (g = 0; g < c->n; g++) {
		struct out_file *o = &c->files[g];

		if (o->tmp != NULL) {
			if (o->fd >= 0)
				close(o->fd);
			unlink(o->tmp);
		}
	}
	csv_free(c);
	*cp = NULL;
}

/* A temporary file in path's directory: hidden, unique, mode 0600. */
static int
make_temp(struct out_file *o, struct err *e)
{
	char *copy = strdup(o->path), *dir, *base;
	size_t n;

	if (copy == NULL)
		return err_set(e, EXIT_FAIL, "out of memory");
	base = strrchr(copy, '/');
	if (base != NULL) {
		*base++ = '\0';
		dir = *copy != '\0' ? copy : "/";
	} else {
		dir = ".";
		base = copy;
	}
	n = strlen(dir) + strlen(base) + 16;
	if ((o->tmp = malloc(n)) == NULL) {
		free(copy);
		return err_set(e, EXIT_FAIL, "out of memory");
	}
	snprintf(o->tmp, n, "%s/.%s.XXXXXX", dir, base);
	/* mkstemp makes it 0600: an export holds emails and phones */
	if ((o->fd = mkstemp(o->tmp)) < 0) {
		err_set(e, EXIT_FAIL, "cannot write %s: %s (a temporary file in %s)", o->path,
		        strerror(errno), dir);
		free(o->tmp);
		o->tmp = NULL;
		free(copy);
		return -1;
	}
	free(copy);
	return 0;
}

int
export_csv_open(struct export_csv **out, const char *path, int ngroups,
                const struct export_format *f, bool force, struct err *e)
{
	struct export_csv *c;
	struct stat sb;
	int g;

	*out = NULL;
	if (ngroups < 1 || ngroups > EXPORT_MAX_SPLIT)
		return err_set(e, EXIT_USAGE, "--split: give 2 to %d groups", EXPORT_MAX_SPLIT);
	if (strcmp(path, "-") == 0 && ngroups > 1)
		return err_set(e, EXIT_USAGE, "--split writes one file per group: give -o FILE, not -");
	if ((c = calloc(1, sizeof *c)) == NULL)
		return err_set(e, EXIT_FAIL, "out of memory");
	c->f = *f;
	c->force = force;
	for (g = 0; g < ngroups; g++) {
		struct out_file *o = &c->files[g];

		o->fd = -1;
		c->n = g + 1;
		o->path = ngroups > 1 ? export_split_path(path, g) : strdup(path);
		if (o->path == NULL || (o->buf = malloc(OUT_BUF)) == NULL) {
			err_set(e, EXIT_FAIL, "out of memory");
			goto fail;
		}
		o->cap = OUT_BUF;
		if (strcmp(path, "-") == 0) {
			o->fd = STDOUT_FILENO;
			continue;
		}
		if (stat(o->path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			err_set(e, EXIT_USAGE, "%s is a folder: give a file name (-o %s/list.csv)",
			        o->path, o->path);
			goto fail;
		}
		if (!force && lstat(o->path, &sb) == 0) {
			err_set(e, EXIT_FAIL, "%s exists; give --force to overwrite it", o->path);
			goto fail;
		}
		if (make_temp(o, e) != 0)
			goto fail;
	}
	*out = c;
	return 0;
fail:
	export_csv_abort(&c);
	return -1;
}

/* Puts tmp at path; without force never over an existing file (link fails
 * with EEXIST where a check-then-rename could race). */
static int
place(const struct out_file *o, bool force, struct err *e)
{
	if (!force) {
		if (link(o->tmp, o->path) == 0) {
			unlink(o->tmp);
			return 0;
		}
		if (errno == EEXIST)
			return err_set(e, EXIT_FAIL, "%s appeared meanwhile; give --force to overwrite it",
			               o->path);
		/* file systems without hard links (FAT, some network shares) */
		if (errno != EPERM && errno != ENOTSUP && errno != EXDEV && errno != ENOSYS &&
		    errno != EMLINK)
			return err_set(e, EXIT_FAIL, "cannot write %s: %s", o->path, strerror(errno));
		if (access(o->path, F_OK) == 0)
			return err_set(e, EXIT_FAIL, "%s appeared meanwhile; give --force to overwrite it",
			               o->path);
	}
	if (rename(o->tmp, o->path) != 0)
		return err_set(e, EXIT_FAIL, "cannot write %s: %s", o->path, strerror(errno));
	return 0;
}

/* Makes the renames durable (best effort: not every file system allows
 * opening a directory). */
static void
sync_dir(const char *path)
{
	char *copy = strdup(path), *dir;
	int fd;

	if (copy == NULL)
		return;
	dir = dirname(copy);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

int
export_csv_commit(struct export_csv **cp, struct err *e)
{
	struct export_csv *c = *cp;
	int g, placed = 0;

	for (g = 0; g < c->n; g++) {
		struct out_file *o = &c->files[g];

		if (out_flush(o, e) != 0)
			goto fail;
		if (o->tmp == NULL)
			continue;
		if (fsync(o->fd) != 0 || close(o->fd) != 0) {
			o->fd = -1;
			err_set(e, EXIT_FAIL, "writing %s: %s", o->path, strerror(errno));
			goto fail;
		}
		o->fd = -1;
	}
	for (g = 0; g < c->n; g++, placed++)
		if (c->files[g].tmp != NULL && place(&c->files[g], c->force, e) != 0)
			goto fail;
	if (c->n > 0 && c->files[0].tmp != NULL)
		sync_dir(c->files[0].path);
	csv_free(c);
	*cp = NULL;
	return 0;
fail:
	/* Without --force the files already placed did not exist before: take
	 * them back, so that a split is written whole or not at all. */
	for (g = 0; g < placed; g++) {
		if (!c->force)
			unlink(c->files[g].path);
		free(c->files[g].tmp);
		c->files[g].tmp = NULL; /* gone: placed */
	}
	export_csv_abort(cp);
	return -1;
}

int
export_to_file(struct db *db, const struct export_opts *o, const char *path,
               const struct export_format *f, bool force, struct export_stats *st,
               struct err *e)
{
	struct export_csv *c = NULL;
	struct export_sink sink;
	struct stat a, b;

	memset(st, 0, sizeof *st);
	if (strcmp(path, "-") != 0 && stat(path, &a) == 0 && stat(db_path(db), &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return err_set(e, EXIT_USAGE, "%s is the base itself; export to another file", path);
	if (export_csv_open(&c, path, o->split > 1 ? o->split : 1, f, force, e) != 0)
		return -1;
	sink = export_csv_sink(c);
	if (export_run(db, o, &sink, st, e) != 0) {
		export_csv_abort(&c);
		return -1;
	}
	return export_csv_commit(&c, e);
}

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
		return err_set(e, EXIT_FAIL, "out of memory");
	p->ncols = ncols;
	for (i = 0; i < ncols; i++)
		if ((p->headers[i] = strdup(headers[i])) == NULL)
			return err_set(e, EXIT_FAIL, "out of memory");
	if (p->max_rows > 0 && ((p->rows = calloc(p->max_rows, sizeof *p->rows)) == NULL ||
	                        (p->groups = calloc(p->max_rows, sizeof *p->groups)) == NULL))
		return err_set(e, EXIT_FAIL, "out of memory");
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
		return err_set(e, EXIT_FAIL, "out of memory");
	p->rows[p->nrows] = row;
	p->groups[p->nrows] = group;
	p->nrows++;
	for (i = 0; i < ncols; i++)
		if ((row[i] = dup_cell(&cells[i])) == NULL)
			return err_set(e, EXIT_FAIL, "out of memory");
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
