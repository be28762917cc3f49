/* A file imported again: when its bytes (SHA-256) and the options that
 * shape how it is read match an earlier import of the same kind, the import
 * leaves it alone and says when it was imported; nothing changes, and its
 * rejected lines are not recorded a second time. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "i18n.h"
#include "private.h"
#include "util/sha256.h"

char *
import_read_options(const struct import_opts *o)
{
	char *s = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&s, &len);

	if (f == NULL)
		return NULL;
	/* \x1f between options: no option holds it */
	for (i = 0; i < o->nmaps; i++)
		fprintf(f, "map=%s\x1f", o->maps[i]);
	for (i = 0; o->na != NULL && o->na[i] != NULL; i++)
		fprintf(f, "na=%s\x1f", o->na[i]);
	if (o->date_order != DATE_ORDER_UNKNOWN)
		fprintf(f, "date-format=%d\x1f", (int)o->date_order);
	if (o->csv.enc != CSV_ENC_AUTO)
		fprintf(f, "encoding=%s\x1f", csv_encoding_name(o->csv.enc));
	if (o->csv.delim != 0)
		fprintf(f, "delimiter=%d\x1f", o->csv.delim);
	/* a new country reads the same phones otherwise; a new reference date
	 * judges birth dates and recomputes metrics */
	if (o->country != NULL)
		fprintf(f, "country=%s\x1f", o->country);
	if (o->as_of != NULL)
		fprintf(f, "as-of=%s\x1f", o->as_of);
	if (fclose(f) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

static int
file_digest(const char *path, char hex[65], struct err *e)
{
	FILE *f = fopen(path, "rb");
	struct sha256 h;
	char *buf;
	size_t n;
	int rc = 0;

	if (f == NULL)
		return err_set(e, EXIT_NOINPUT, _("%s: cannot open: %s"), path, strerror(errno));
	if ((buf = malloc(1 << 20)) == NULL) {
		fclose(f);
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	sha256_init(&h);
	while ((n = fread(buf, 1, 1 << 20, f)) > 0)
		sha256_update(&h, buf, n);
	if (ferror(f))
		rc = err_set(e, EXIT_NOINPUT, _("%s: cannot read: %s"), path, strerror(errno));
	fclose(f);
	free(buf);
	sha256_hex(&h, hex);
	return rc;
}

int
import_already(struct db *db, const char *path, const char *kind, const char *options,
               struct import_file_stats *st, struct err *e)
{
	sqlite3_stmt *q = NULL;
	struct stat sb;
	long long same_size = 0;
	char hex[65];
	int rc = -1, found;

	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return 0; /* a pipe has no size to compare: read it */
	/* Only a file the size of an earlier one is worth reading twice. */
	if (db_prepare(db, &q,
	               "SELECT count(*) FROM imports WHERE kind = :kind AND file_size = :size"
	               " AND sha256 IS NOT NULL",
	               e) != 0)
		return -1;
	db_bind_text(q, ":kind", kind);
	db_bind_int64(q, ":size", (long long)sb.st_size);
	if (db_step(db, q, e) < 0)
		goto out;
	same_size = db_col_int64(q, 0);
	sqlite3_finalize(q);
	q = NULL;
	if (same_size == 0)
		return 0;
	if (file_digest(path, hex, e) != 0)
		return -1;
	if (db_prepare(db, &q,
	               "SELECT started_at FROM imports WHERE kind = :kind AND sha256 = :sha"
	               " AND coalesce(options, '') = :opts ORDER BY id DESC LIMIT 1",
	               e) != 0)
		return -1;
	db_bind_text(q, ":kind", kind);
	db_bind_text(q, ":sha", hex);
	db_bind_text(q, ":opts", options != NULL ? options : "");
	if ((found = db_step(db, q, e)) < 0)
		goto out;
	if (found == 1) {
		const char *at = db_col_text(q, 0);

		snprintf(st->already, sizeof st->already, "%s", at != NULL ? at : "?");
		memcpy(st->sha256, hex, sizeof st->sha256);
		st->done = true;
		if ((st->file = strdup(path)) == NULL) {
			err_set(e, EXIT_FAIL, _("out of memory"));
			goto out;
		}
	}
	rc = 0;
out:
	sqlite3_finalize(q);
	return rc;
}
