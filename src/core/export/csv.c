/* The exporter's sinks: CSV/TSV files written to a temporary file beside
 * the target and renamed into place when complete, or to memory for a
 * preview of the file's first bytes. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "i18n.h"
#include "util/stale.h"
#include "export/export.h"
#include "private.h"

/* --- files --------------------------------------------------------------------- */

#define OUT_BUF (256 * 1024)

struct out_file {
	char *path; /* where the file goes, as the user named it */
	char *dest; /* what the temporary file is renamed to: path, or the file
	               a symbolic link at path names; NULL when written directly */
	char *tmp;  /* the temporary file beside dest; NULL when written directly */
	int fd;
	bool mem; /* kept in buf, which grows (export_preview_bytes) */
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
			return err_set(e, EXIT_FAIL, _("writing %s: %s"),
			               strcmp(o->path, "-") != 0 ? o->path : _("standard output"),
			               strerror(errno));
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
	if (o->mem) {
		size_t cap = o->cap * 2 > o->len + need ? o->cap * 2 : o->len + need;
		char *nb = realloc(o->buf, cap);

		if (nb == NULL)
			return err_set(e, EXIT_FAIL, _("out of memory"));
		o->buf = nb;
		o->cap = cap;
		return 0;
	}
	if (out_flush(o, e) != 0)
		return -1;
	if (need > o->cap) {
		char *nb = realloc(o->buf, need);

		if (nb == NULL)
			return err_set(e, EXIT_FAIL, _("out of memory"));
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
		if (out_room(o, export_cell_worst(cells[i].len) + 3, e) != 0)
			return -1;
		if (i > 0)
			o->buf[o->len++] = c->f.delim;
		if (cells[i].s != NULL)
			o->len += export_cell_format(&c->f, &cells[i], o->buf + o->len);
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
		return err_set(e, EXIT_FAIL, _("internal error: %d groups for %d files"), ngroups, c->n);
	if ((cells = calloc(ncols ? ncols : 1, sizeof *cells)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
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
		return err_set(e, EXIT_FAIL, _("internal error: group %d of %d"), group, c->n);
	return out_cells(c, &c->files[group], cells, ncols, e);
}

struct export_sink
export_csv_sink(struct export_csv *c)
{
	return (struct export_sink){.begin = csv_begin, .row = csv_row, .ctx = c};
}

int
export_csv_write(struct export_csv *c, const char *s, size_t n, struct err *e)
{
	struct out_file *o = &c->files[0];

	if (out_room(o, n, e) != 0)
		return -1;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	return 0;
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
		free(c->files[g].dest);
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

		/* unlinked before the close drops the lock: no cleaner of
		 * another export ever sees it unlocked */
		if (o->tmp != NULL)
			unlink(o->tmp);
		if (o->fd >= 0 && o->fd != STDOUT_FILENO)
			close(o->fd);
	}
	csv_free(c);
	*cp = NULL;
}

/* name is ".BASE.XXXXXX", the temporary file mkstemp makes for BASE. */
static bool
temp_name_of(const char *name, const char *base)
{
	size_t bl = strlen(base), i;

	if (strlen(name) != bl + 8 || name[0] != '.' || strncmp(name + 1, base, bl) != 0 ||
	    name[bl + 1] != '.')
		return false;
	for (i = bl + 2; name[i] != '\0'; i++)
		if (!isalnum((unsigned char)name[i]))
			return false;
	return true;
}

struct sweep {
	const char *dir, *base;
	const struct export_notes *notes;
};

static bool
sweep_ours(const char *name, void *ctx)
{
	return temp_name_of(name, ((struct sweep *)ctx)->base);
}

static void
sweep_drop(int dfd, const char *name, void *ctx)
{
	struct sweep *w = ctx;
	const char *dir = w->dir;
	char *p;

	if (unlinkat(dfd, name, 0) != 0 || w->notes == NULL || w->notes->stale_removed == NULL)
		return;
	if ((p = malloc(strlen(dir) + strlen(name) + 2)) == NULL)
		return;
	if (strcmp(dir, ".") == 0)
		strcpy(p, name);
	else
		sprintf(p, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
	w->notes->stale_removed(w->notes->ctx, p);
	free(p);
}

/* Removes the temporary files of interrupted exports to dir/base (ours
 * only: the exact name pattern; util/stale.c checks the rest), and says
 * each to notes. */
static void
clean_stale(const char *dir, const char *base, const struct export_notes *notes)
{
	struct sweep w = {dir, base, notes};

	stale_sweep(dir, sweep_ours, sweep_drop, &w);
}

/* A temporary file beside o->dest: hidden, unique, mode 0600, locked
 * (clean_stale leaves a locked one alone). */
static int
make_temp(struct out_file *o, const struct export_notes *notes, struct err *e)
{
	char *dir, *base;
	size_t n;

	if (!stale_split(o->dest, &dir, &base))
		return err_set(e, EXIT_FAIL, _("out of memory"));
	clean_stale(dir, base, notes);
	n = strlen(dir) + strlen(base) + 16;
	if ((o->tmp = malloc(n)) == NULL) {
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto fail;
	}
	snprintf(o->tmp, n, "%s/.%s.XXXXXX", dir, base);
	/* mode 0600 (an export holds emails and phones), locked */
	if ((o->fd = stale_mkstemp(o->tmp)) < 0) {
		if (errno == EEXIST)
			err_set(e, EXIT_FAIL, _("cannot write %s: no temporary file could be made in %s"),
			        o->path, dir);
		else
			err_set(e, EXIT_FAIL, _("cannot write %s: %s (a temporary file in %s)"), o->path,
			        strerror(errno), dir);
		goto fail;
	}
	free(dir);
	free(base);
	return 0;
fail:
	free(o->tmp);
	o->tmp = NULL;
	free(dir);
	free(base);
	return -1;
}

static const char *
kind_name(mode_t m)
{
	if (S_ISBLK(m))
		return _("a block device (a disk)");
	if (S_ISSOCK(m))
		return _("a socket");
	return _("a special file");
}

/* Opens a character device or a FIFO for writing, as it is: no temporary
 * file, nothing renamed over it. A FIFO waits for a reader (Ctrl-C stops
 * the wait). */
static int
open_direct(struct out_file *o, const struct stat *sb, struct err *e)
{
	struct stat now;

	o->fd = open(o->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (o->fd < 0) {
		if (errno == EINTR)
			return err_set(e, EXIT_FAIL, _("interrupted while waiting for a reader of %s"),
			               o->path);
		return err_set(e, EXIT_FAIL, _("cannot write %s: %s"), o->path, strerror(errno));
	}
	/* the same kind of file as a moment ago, not a regular file put there
	 * meanwhile (which would be written over without --force) */
	if (fstat(o->fd, &now) != 0 || (now.st_mode & S_IFMT) != (sb->st_mode & S_IFMT) ||
	    !(S_ISCHR(now.st_mode) || S_ISFIFO(now.st_mode)))
		return err_set(e, EXIT_FAIL, _("%s changed while it was being opened; try again"),
		               o->path);
	return 0;
}

enum target { TARGET_NEW, TARGET_DIRECT, TARGET_FILE };

/* What path is (see export_csv_open): a new name, a character device or
 * a FIFO written directly, or a regular file (*link: through a symbolic
 * link); sb describes it. What is refused whatever --force is an error. */
static int
classify(const char *path, enum target *kind, struct stat *sb, bool *link, struct err *e)
{
	*link = false;
	if (lstat(path, sb) != 0) {
		if (errno != ENOENT)
			return err_set(e, EXIT_FAIL, _("cannot write %s: %s"), path, strerror(errno));
		*kind = TARGET_NEW;
		return 0;
	}
	if (S_ISLNK(sb->st_mode)) {
		*link = true;
		if (stat(path, sb) != 0) {
			char to[512];
			ssize_t n = readlink(path, to, sizeof to - 1);

			to[n > 0 ? n : 0] = '\0';
			return err_set(e, EXIT_USAGE,
			               _("%s is a symbolic link to %s, which cannot be reached (%s); "
			               "give the file itself"),
			               path, n > 0 ? to : "?", strerror(errno));
		}
	}
	if (S_ISCHR(sb->st_mode) || S_ISFIFO(sb->st_mode)) {
		*kind = TARGET_DIRECT;
		return 0;
	}
	if (S_ISDIR(sb->st_mode))
		return err_set(e, EXIT_USAGE, _("%s is a folder: give a file name (-o %s/list.csv)"),
		               path, path);
	if (!S_ISREG(sb->st_mode))
		return err_set(e, EXIT_USAGE,
		               _("%s is %s; export writes to a file, a pipe (FIFO), a character "
		               "device or standard output (-o -)"),
		               path, kind_name(sb->st_mode));
	*kind = TARGET_FILE;
	return 0;
}

/* Decides how o->path is written (see export_csv_open). */
static int
open_target(struct out_file *o, bool force, const struct export_notes *notes, struct err *e)
{
	struct stat sb;
	enum target kind;
	bool link;

	if (classify(o->path, &kind, &sb, &link, e) != 0)
		return -1;
	if (kind == TARGET_NEW) {
		if ((o->dest = strdup(o->path)) == NULL)
			return err_set(e, EXIT_FAIL, _("out of memory"));
		return make_temp(o, notes, e);
	}
	if (kind == TARGET_DIRECT)
		return open_direct(o, &sb, e);
	if (!force)
		return err_set(e, EXIT_FAIL, _("%s exists; give --force to overwrite it"), o->path);
	/* through a link, the file it names is replaced, in its own folder;
	 * the link stays */
	o->dest = link ? realpath(o->path, NULL) : strdup(o->path);
	if (o->dest == NULL)
		return err_set(e, EXIT_FAIL, _("cannot write %s: %s"), o->path, strerror(errno));
	return make_temp(o, notes, e);
}

/* The checks of path and ngroups before any file is looked at. */
static int
check_target_args(const char *path, int ngroups, struct err *e)
{
	struct stat sb;

	if (ngroups < 1 || ngroups > EXPORT_MAX_SPLIT)
		return err_set(e, EXIT_USAGE, _("--split: give 2 to %d groups"), EXPORT_MAX_SPLIT);
	if (strcmp(path, "-") == 0 && ngroups > 1)
		return err_set(e, EXIT_USAGE, _("--split writes one file per group: give -o FILE, not -"));
	if (*path == '\0')
		return err_set(e, EXIT_USAGE, _("-o: give a file name"));
	/* FILE.A.csv beside a device or a pipe makes no sense */
	if (ngroups > 1 && stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return err_set(e, EXIT_USAGE,
		               _("--split writes one file per group (%s.A...): %s is not a file name"),
		               path, path);
	return 0;
}

int
export_target_check(const char *path, int ngroups, char **existing, struct err *e)
{
	int g;

	*existing = NULL;
	if (check_target_args(path, ngroups, e) != 0)
		return -1;
	if (strcmp(path, "-") == 0)
		return 0;
	for (g = 0; g < ngroups; g++) {
		char *p = ngroups > 1 ? export_split_path(path, g) : strdup(path);
		struct stat sb;
		enum target kind;
		bool link;

		if (p == NULL)
			return err_set(e, EXIT_FAIL, _("out of memory"));
		if (classify(p, &kind, &sb, &link, e) != 0) {
			free(p);
			return -1;
		}
		if (kind == TARGET_FILE) {
			*existing = p;
			return 1;
		}
		free(p);
	}
	return 0;
}

int
export_csv_open(struct export_csv **out, const char *path, int ngroups,
                const struct export_format *f, bool force, const struct export_notes *notes,
                struct err *e)
{
	struct export_csv *c;
	int g;

	*out = NULL;
	if (check_target_args(path, ngroups, e) != 0)
		return -1;
	if ((c = calloc(1, sizeof *c)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	c->f = *f;
	c->force = force;
	for (g = 0; g < ngroups; g++) {
		struct out_file *o = &c->files[g];

		o->fd = -1;
		c->n = g + 1;
		o->path = ngroups > 1 ? export_split_path(path, g) : strdup(path);
		if (o->path == NULL || (o->buf = malloc(OUT_BUF)) == NULL) {
			err_set(e, EXIT_FAIL, _("out of memory"));
			goto fail;
		}
		o->cap = OUT_BUF;
		if (strcmp(path, "-") == 0) {
			o->fd = STDOUT_FILENO;
			continue;
		}
		if (open_target(o, force, notes, e) != 0)
			goto fail;
	}
	*out = c;
	return 0;
fail:
	export_csv_abort(&c);
	return -1;
}

/* Puts tmp at dest; without force never over an existing file (link fails
 * with EEXIST where a check-then-rename could race). */
static int
place(const struct out_file *o, bool force, struct err *e)
{
	struct stat sb;

	/* a device or a FIFO put there since export_csv_open is never
	 * renamed over */
	if (lstat(o->dest, &sb) == 0 && !S_ISREG(sb.st_mode))
		return err_set(e, EXIT_FAIL, _("%s is no longer a regular file; nothing written"),
		               o->path);
	if (!force) {
		if (link(o->tmp, o->dest) == 0) {
			unlink(o->tmp);
			return 0;
		}
		if (errno == EEXIST)
			return err_set(e, EXIT_FAIL, _("%s appeared meanwhile; give --force to overwrite it"),
			               o->path);
		/* file systems without hard links (FAT, some network shares) */
		if (errno != EPERM && errno != ENOTSUP && errno != EXDEV && errno != ENOSYS &&
		    errno != EMLINK)
			return err_set(e, EXIT_FAIL, _("cannot write %s: %s"), o->path, strerror(errno));
		if (access(o->dest, F_OK) == 0)
			return err_set(e, EXIT_FAIL, _("%s appeared meanwhile; give --force to overwrite it"),
			               o->path);
	}
	if (rename(o->tmp, o->dest) != 0)
		return err_set(e, EXIT_FAIL, _("cannot write %s: %s"), o->path, strerror(errno));
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
		if (o->tmp != NULL) {
			if (fsync(o->fd) != 0) {
				err_set(e, EXIT_FAIL, _("writing %s: %s"), o->path, strerror(errno));
				goto fail;
			}
		} else if (o->fd >= 0 && o->fd != STDOUT_FILENO) {
			/* a device or a FIFO: nothing to sync (fsync refuses
			 * them), nothing to rename; standard output stays open */
			int rc = close(o->fd);

			o->fd = -1;
			if (rc != 0) {
				err_set(e, EXIT_FAIL, _("writing %s: %s"), o->path, strerror(errno));
				goto fail;
			}
		}
	}
	for (g = 0; g < c->n; g++, placed++)
		if (c->files[g].tmp != NULL && place(&c->files[g], c->force, e) != 0)
			goto fail;
	/* renamed: now closing them may drop their locks */
	for (g = 0; g < c->n; g++) {
		struct out_file *o = &c->files[g];

		if (o->tmp != NULL && o->fd >= 0) {
			close(o->fd);
			o->fd = -1;
		}
	}
	if (c->n > 0 && c->files[0].dest != NULL)
		sync_dir(c->files[0].dest);
	csv_free(c);
	*cp = NULL;
	return 0;
fail:
	/* Without --force the files already placed did not exist before: take
	 * them back, so that a split is written whole or not at all. */
	for (g = 0; g < placed; g++) {
		if (c->files[g].tmp == NULL)
			continue;
		if (!c->force)
			unlink(c->files[g].dest);
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
		return err_set(e, EXIT_USAGE, _("%s is the base itself; export to another file"), path);
	if (export_csv_open(&c, path, o->split > 1 ? o->split : 1, f, force, o->notes, e) != 0)
		return -1;
	sink = export_csv_sink(c);
	if (export_run(db, o, &sink, st, e) != 0) {
		export_csv_abort(&c);
		return -1;
	}
	return export_csv_commit(&c, e);
}

/* --- the preview as bytes ------------------------------------------------------- */

/* The CSV sink's own begin and row, writing to memory: only the rows of
 * one group are kept, and the export stops once it has enough. */
struct mem_sink {
	struct export_csv *c;
	int group;
	size_t max_rows, rows;
};

static int
mem_begin(void *ctx, int ngroups, const char *const *headers, size_t ncols, struct err *e)
{
	return csv_begin(((struct mem_sink *)ctx)->c, ngroups, headers, ncols, e);
}

static int
mem_row(void *ctx, int group, const struct export_cell *cells, size_t ncols, struct err *e)
{
	struct mem_sink *m = ctx;

	if (group != m->group)
		return 0;
	if (m->rows >= m->max_rows)
		return 1;
	if (csv_row(m->c, group, cells, ncols, e) != 0)
		return -1;
	return ++m->rows >= m->max_rows ? 1 : 0;
}

int
export_preview_bytes(struct db *db, const struct export_opts *o, const struct export_format *f,
                     int group, size_t max_rows, char **out, size_t *len,
                     struct export_stats *st, struct err *e)
{
	struct export_stats local;
	struct export_opts po;
	struct mem_sink m = {.group = group, .max_rows = max_rows};
	struct export_sink sink = {.begin = mem_begin, .row = mem_row, .ctx = &m};
	struct out_file *of;
	int g, n = o->split > 1 ? o->split : 1, rc = -1;

	*out = NULL;
	*len = 0;
	if (st == NULL)
		st = &local;
	memset(st, 0, sizeof *st);
	if (n > EXPORT_MAX_SPLIT)
		return err_set(e, EXIT_USAGE, _("--split: give 2 to %d groups"), EXPORT_MAX_SPLIT);
	if (group < 0 || group >= n)
		return err_set(e, EXIT_USAGE, _("internal error: group %d of %d"), group, n);
	if ((m.c = calloc(1, sizeof *m.c)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	m.c->f = *f;
	for (g = 0; g < n; g++) {
		of = &m.c->files[g];
		of->fd = -1;
		of->mem = true;
		m.c->n = g + 1;
		if ((of->buf = malloc(of->cap = 4096)) == NULL) {
			err_set(e, EXIT_FAIL, _("out of memory"));
			goto done;
		}
	}
	/* no notes: nothing is written, and a column empty in the first rows
	 * may not be in the rest */
	po = *o;
	po.notes = NULL;
	if (export_run(db, &po, &sink, st, e) != 0)
		goto done;
	of = &m.c->files[group];
	if (out_room(of, 1, e) != 0)
		goto done;
	of->buf[of->len] = '\0';
	*out = of->buf;
	*len = of->len;
	of->buf = NULL;
	rc = 0;
done:
	csv_free(m.c);
	return rc;
}
