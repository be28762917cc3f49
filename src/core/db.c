/* The database: opening with migrations and pragmas, a statement wrapper
 * whose errors name the SQL, a cache of hot statements, nested
 * transactions, and the settings kept in the base. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "i18n.h"
#include "schema.h"
#include "text/text.h"
#include "util/stale.h"

/* At most this many copies of one cached statement held at once. */
#define DB_CACHE_COPIES 8

struct cached_stmt {
	char *sql;
	sqlite3_stmt *st;
};

struct db {
	sqlite3 *h;
	/* what answers counts on this connection (engine/engine.h): made on
	 * first use, freed by db_close through free_ext */
	void *ext;
	void (*free_ext)(void *ext);
	char *path; /* the name the user gave (messages, the busy probe) */
	char *tmp;  /* db_create_new: the temporary name it is built under */
	int tmp_fd; /* ... held open with flock while it lives (-1: none) */
	int depth; /* transaction nesting */
	/* Grows, never evicts: its texts are the program's constants, and a
	 * statement finalized under a caller that holds it is a crash. */
	struct cached_stmt *cache;
	size_t ncache, acache;
};

/* fold(x): Unicode lower case, so that rules compare Cyrillic
 * case-insensitively (SQLite's lower() folds ASCII only). It runs once per
 * row of a count, so it folds into a stack buffer and allocates only for
 * long values. */
static void
sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char buf[256], *out = buf;
	const char *s;
	size_t n, need;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if ((s = (const char *)sqlite3_value_text(argv[0])) == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	n = (size_t)sqlite3_value_bytes(argv[0]);
	need = text_fold_buf(s, n, buf, sizeof buf);
	if (need >= sizeof buf) {
		if ((out = malloc(need + 1)) == NULL) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		need = text_fold_buf(s, n, out, need + 1);
	}
	sqlite3_result_text(ctx, out, (int)need, SQLITE_TRANSIENT);
	if (out != buf)
		free(out);
}

static bool verbose;

void
db_set_verbose(bool on)
{
	verbose = on;
}

/* Appends " [what: SQLite's message]" to e's message under --verbose: the
 * SQL behind an error is for whoever debugs, not for every user. */
static void
add_detail(struct db *db, struct err *e, const char *what)
{
	size_t n;

	if (!verbose || e == NULL)
		return;
	n = strlen(e->msg);
	snprintf(e->msg + n, sizeof e->msg - n, " [%s: %s]", what, sqlite3_errmsg(db->h));
}

int
db_busy_error(const char *path, struct err *e)
{
	char name[128];
	long pid = db_lock_holder(path, name, sizeof name);

	if (pid > 0 && name[0] != '\0')
		return err_set(e, EXIT_FAIL,
		               _("the base %s is busy: %s (pid %ld) is writing it; try again when "
		                 "it has finished"),
		               path, name, pid);
	if (pid > 0)
		return err_set(e, EXIT_FAIL,
		               _("the base %s is busy: process %ld is writing it; try again when "
		                 "it has finished"),
		               path, pid);
	return err_set(e, EXIT_FAIL,
	               _("the base %s is busy: another program is writing it; try again when it "
	                 "has finished"),
	               path);
}

static int
sqlite_err(struct db *db, struct err *e, const char *what)
{
	int rc = sqlite3_errcode(db->h);
	int sys = sqlite3_system_errno(db->h);
	int code = EXIT_FAIL;

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
		db_busy_error(db->path, e);
	} else if (rc == SQLITE_FULL ||
	           (rc == SQLITE_IOERR && (sys == ENOSPC || sys == EFBIG || sys == EDQUOT))) {
		err_set(e, EXIT_FAIL,
		        _("the disk is full (writing %s): free some space and try again; nothing "
		          "was changed"),
		        db->path);
	} else if (rc == SQLITE_READONLY) {
		err_set(e, EXIT_FAIL,
		        _("the base %s is read-only (its file, or the disk it is on): nothing was "
		          "changed; make it writable, or work on a copy"),
		        db->path);
	} else {
		if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
			code = EXIT_DATAERR;
		return err_set(e, code, "%s: %s", what, sqlite3_errmsg(db->h));
	}
	add_detail(db, e, what);
	return -1;
}

static int
migrate(struct db *db, struct err *e)
{
	long long version;
	size_t i;

	if (db_begin(db, e) != 0)
		return -1;
	if (db_query_int64(db, "PRAGMA user_version", &version, e) != 0)
		goto fail;
	if (version > (long long)schema_nmigrations) {
		err_set(e, EXIT_FAIL,
		        _("%s was written by a newer clientele (schema %lld, this one knows %zu); "
		          "upgrade clientele to open it"),
		        db->path, version, schema_nmigrations);
		goto fail;
	}
	for (i = (size_t)version; i < schema_nmigrations; i++) {
		char pragma[64];

		if (db_exec(db, schema_migrations[i], e) != 0)
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %zu", i + 1);
		if (db_exec(db, pragma, e) != 0)
			goto fail;
	}
	return db_commit(db, e);
fail:
	db_rollback(db);
	return -1;
}

/* Removes a base under construction, and its -wal, -shm and -journal. */
static void
remove_files(const char *file)
{
	static const char *const side[] = {"", "-wal", "-shm", "-journal"};
	char name[4096 + 512];
	size_t i;

	for (i = 0; i < sizeof side / sizeof side[0]; i++) {
		snprintf(name, sizeof name, "%s%s", file, side[i]);
		unlink(name);
	}
}

/* Creates the file with mode 0600 (it holds personal data) before SQLite
 * opens it; SQLite gives its -wal and -shm files the same mode. */
static int
create_private(const char *path, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		return err_set(e, EXIT_NOINPUT, _("%s: cannot create: %s"), path, strerror(errno));
	}
	close(fd);
	return 0;
}

/* What a file holds, read before anything is written to it. */
enum kind { KIND_EMPTY, KIND_OURS, KIND_FOREIGN };

static int
classify(struct db *db, enum kind *kind, long long *version, struct err *e)
{
	long long objects, ours;

	/* Reading the schema first tells "not a database" apart cleanly, and
	 * waits (busy_timeout) for a writer that holds the base. */
	if (db_query_int64(db, "SELECT count(*) FROM sqlite_schema", &objects, e) != 0) {
		int rc = sqlite3_errcode(db->h);

		if (rc == SQLITE_NOTADB)
			return err_set(e, EXIT_DATAERR,
			               _("%s: not a clientele base (not an SQLite file)"),
			               db->path);
		return -1;
	}
	if (db_query_int64(db, "PRAGMA user_version", version, e) != 0 ||
	    db_query_int64(db,
	                   "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
	                   "('meta', 'customers', 'fields', 'imports')",
	                   &ours, e) != 0)
		return -1;
	if (objects == 0 && *version == 0)
		*kind = KIND_EMPTY;
	else if (*version >= 1 && ours == 4)
		*kind = KIND_OURS;
	else
		*kind = KIND_FOREIGN;
	return 0;
}

static int
busy_timeout(void)
{
	const char *s = getenv("CLIENTELE_BUSY_TIMEOUT");
	char *end;
	long ms;

	if (s == NULL || *s == '\0')
		return 5000;
	ms = strtol(s, &end, 10);
	return *end == '\0' && ms >= 0 && ms <= 3600000 ? (int)ms : 5000;
}

/* A hot journal, left by a writer killed while it used a rollback journal
 * (an older clientele's bulk import, or another program), can only be
 * rolled back by a connection that may write: a read-only one would fail. */
static bool
hot_journal(const char *path)
{
	char j[4096];
	struct stat st;

	snprintf(j, sizeof j, "%s-journal", path);
	return stat(j, &st) == 0 && st.st_size > 0;
}

static int
open_handle(struct db *db, const char *file, int flags, struct err *e)
{
	int oflags = SQLITE_OPEN_READWRITE;

	if (flags & DB_MEMORY)
		oflags |= SQLITE_OPEN_MEMORY;
	else if ((flags & DB_READONLY) && !hot_journal(file))
		oflags = SQLITE_OPEN_READONLY;
	if (sqlite3_open_v2(file, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return sqlite_err(db, e, file);
	sqlite3_extended_result_codes(db->h, 0);
	sqlite3_busy_timeout(db->h, (flags & DB_NOWAIT) ? 0 : busy_timeout());
	if (sqlite3_create_function(db->h, "fold", 1,
	                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	                            sql_fold, NULL, NULL) != SQLITE_OK)
		return sqlite_err(db, e, file);
	return db_exec(db, "PRAGMA foreign_keys = ON", e);
}

static int
open_file(struct db **out, const char *path, const char *file, int flags, struct err *e)
{
	struct db *db;
	long long version;
	enum kind kind;

	*out = NULL;
	db = calloc(1, sizeof *db);
	if (db == NULL || (db->path = strdup(path)) == NULL) {
		free(db);
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	db->tmp_fd = -1;
	if (open_handle(db, file, flags, e) != 0 || classify(db, &kind, &version, e) != 0)
		goto fail;
	/* Nothing is written before this point: another program's database
	 * is left exactly as it was. */
	if (kind == KIND_FOREIGN) {
		err_set(e, EXIT_DATAERR,
		        _("%s: not a clientele base: it is another program's SQLite database, "
		          "which clientele leaves untouched; give a new file name for a new base"),
		        path);
		goto fail;
	}
	if (version > (long long)schema_nmigrations) {
		err_set(e, EXIT_FAIL,
		        _("%s was written by a newer clientele (schema %lld, this one knows %zu); "
		          "upgrade clientele to open it"),
		        path, version, schema_nmigrations);
		goto fail;
	}
	if (flags & DB_READONLY) {
		if (kind == KIND_EMPTY) {
			err_set(e, EXIT_DATAERR,
			        _("%s: not a clientele base (an empty file)"), path);
			goto fail;
		}
		if (version < (long long)schema_nmigrations) {
			/* An older base: readers migrate it like writers do. */
			db_close(&db);
			return open_file(out, path, file, flags & ~DB_READONLY, e);
		}
	} else {
		if (db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", e) != 0)
			goto fail;
		/* A current base needs no write lock to open: a writer opens it
		 * while an import runs, and waits only when it writes. */
		if (version < (long long)schema_nmigrations && migrate(db, e) != 0)
			goto fail;
	}
	*out = db;
	return 0;
fail:
	db_close(&db);
	return -1;
}

int
db_open(struct db **out, const char *path, int flags, struct err *e)
{
	struct stat st;

	*out = NULL;
	if (flags & DB_MEMORY)
		return open_file(out, path, ":memory:", flags & ~DB_READONLY, e);
	if (stat(path, &st) != 0) {
		if (errno != ENOENT || !(flags & DB_CREATE))
			return err_set(e, EXIT_NOINPUT, "%s: %s", path, strerror(errno));
		if (create_private(path, e) != 0)
			return -1;
	} else if (!S_ISREG(st.st_mode)) {
		return err_set(e, EXIT_NOINPUT, _("%s: not a regular file"), path);
	}
	return open_file(out, path, path, flags, e);
}

/* The temporary name a new base is built under: path.new-XXXXXX. */
#define TMP_SUFFIX ".new-"
#define TMP_RANDOM 6

/* name is BASE.new-XXXXXX, a new base's temporary name for BASE. */
static bool
tmp_name_of(const char *name, void *ctx)
{
	const char *base = ctx;
	size_t bl = strlen(base);

	return strlen(name) == bl + strlen(TMP_SUFFIX) + TMP_RANDOM && strncmp(name, base, bl) == 0 &&
	       strncmp(name + bl, TMP_SUFFIX, strlen(TMP_SUFFIX)) == 0;
}

/* A killed import's new base goes, with its -journal, -wal and -shm. */
static void
tmp_drop(int dfd, const char *name, void *ctx)
{
	static const char *const side[] = {"-wal", "-shm", "-journal", ""};
	char side_name[512];
	size_t i;

	(void)ctx;
	for (i = 0; i < sizeof side / sizeof side[0]; i++) {
		snprintf(side_name, sizeof side_name, "%s%s", name, side[i]);
		unlinkat(dfd, side_name, 0);
	}
}

/* Removes what a killed first import into path left beside it (util/
 * stale.c: a live import holds the flock of its own). */
static void
sweep_stale(const char *path)
{
	char *dir, *base;

	if (!stale_split(path, &dir, &base))
		return;
	stale_sweep(dir, tmp_name_of, tmp_drop, base);
	free(dir);
	free(base);
}

int
db_create_new(struct db **out, const char *path, struct err *e)
{
	char *tmp;
	int fd;

	*out = NULL;
	sweep_stale(path);
	if (asprintf(&tmp, "%s" TMP_SUFFIX "XXXXXX", path) < 0)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	/* Mode 0600: it will hold personal data. Its flock says it is alive
	 * to sweep_stale; it is closed only after SQLite's own descriptor
	 * (closing another descriptor of a file would drop SQLite's POSIX
	 * locks on it). */
	if ((fd = stale_mkstemp(tmp)) < 0) {
		err_set(e, EXIT_NOINPUT, _("%s: cannot create: %s"), path, strerror(errno));
		free(tmp);
		return -1;
	}
	if (open_file(out, path, tmp, 0, e) != 0) {
		remove_files(tmp);
		close(fd);
		free(tmp);
		return -1;
	}
	(*out)->tmp = tmp;
	(*out)->tmp_fd = fd;
	return 0;
}

bool
db_is_private(const struct db *db)
{
	return db->tmp != NULL;
}

int
db_publish(struct db **dbp, struct err *e)
{
	struct db *db = *dbp;
	char *tmp, *path;
	int rc = 0, fd;

	/* Everything into the file itself, checked: the -wal stays behind
	 * under the temporary name, and close() would not say if it failed. */
	if (db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", e) != 0) {
		db_close(dbp);
		return -1;
	}
	tmp = db->tmp;
	path = db->path;
	fd = db->tmp_fd; /* held until the file has its name */
	db->tmp = NULL;
	db->path = NULL;
	db->tmp_fd = -1;
	db_close(dbp);
	/* link() fails when the name exists: a base that another process
	 * created meanwhile is never replaced. */
	if (link(tmp, path) != 0) {
		if (errno == EEXIST)
			rc = 1;
		else
			rc = err_set(e, EXIT_FAIL,
			             _("%s: cannot create: %s"), path, strerror(errno));
	}
	remove_files(tmp);
	close(fd);
	free(tmp);
	free(path);
	return rc;
}

void
db_close(struct db **dbp)
{
	struct db *db = *dbp;
	size_t i;

	if (db == NULL)
		return;
	if (db->free_ext != NULL)
		db->free_ext(db->ext);
	for (i = 0; i < db->ncache; i++) {
		sqlite3_finalize(db->cache[i].st);
		free(db->cache[i].sql);
	}
	free(db->cache);
	if (db->h != NULL)
		sqlite3_close(db->h);
	/* A base still under its temporary name was never published. */
	if (db->tmp != NULL)
		remove_files(db->tmp);
	if (db->tmp_fd >= 0)
		close(db->tmp_fd);
	free(db->tmp);
	free(db->path);
	free(db);
	*dbp = NULL;
}

void *
db_ext(struct db *db)
{
	return db->ext;
}

void
db_set_ext(struct db *db, void *ext, void (*free_ext)(void *ext))
{
	db->ext = ext;
	db->free_ext = free_ext;
}

/* SQLite's progress handler: non-zero abandons the statement. */
static int
cancel_check(void *ctx)
{
	return *(volatile sig_atomic_t *)ctx != 0;
}

void
db_set_cancel(struct db *db, volatile sig_atomic_t *flag)
{
	/* every 1000 virtual-machine steps: the counter's measure of free */
	sqlite3_progress_handler(db->h, flag != NULL ? 1000 : 0, flag != NULL ? cancel_check : NULL,
	                         (void *)flag);
}

sqlite3 *
db_handle(struct db *db)
{
	return db->h;
}

const char *
db_path(const struct db *db)
{
	return db->path;
}

int
db_prepare(struct db *db, sqlite3_stmt **out, const char *sql, struct err *e)
{
	*out = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, out, NULL) != SQLITE_OK) {
		int rc = sqlite3_errcode(db->h);
		char what[256];

		/* Preparing reads the schema: a base held by a writer with a
		 * rollback journal, or a damaged one, fails here already. */
		snprintf(what, sizeof what, _("preparing \"%.200s\""), sql);
		if (rc != SQLITE_ERROR)
			return sqlite_err(db, e, what);
		err_set(e, EXIT_FAIL, "%s: %s", what, sqlite3_errmsg(db->h));
		return -1;
	}
	return 0;
}

/* Held: a caller stepped it and has not reset it nor reached its end. A
 * statement bound but not stepped yet is not held; db_cached is not called
 * between the binds and the first step. */
static bool
held(sqlite3_stmt *st)
{
	return sqlite3_stmt_busy(st) != 0;
}

sqlite3_stmt *
db_cached(struct db *db, const char *sql, struct err *e)
{
	struct cached_stmt *c;
	sqlite3_stmt *st;
	size_t i, copies = 0;

	for (i = 0; i < db->ncache; i++) {
		c = &db->cache[i];
		if (c->sql != sql && strcmp(c->sql, sql) != 0)
			continue;
		if (!held(c->st)) {
			sqlite3_reset(c->st);
			sqlite3_clear_bindings(c->st);
			return c->st;
		}
		copies++;
	}
	/* New, or every copy of it is held (a caller iterating over its rows
	 * calls a function that runs the same SQL): one more. Nesting that
	 * deep is a caller that never gives its statement back. */
	if (copies == DB_CACHE_COPIES) {
		err_set(e, EXIT_FAIL, _("internal error: \"%.200s\" is held %d times over"), sql,
		        DB_CACHE_COPIES);
		return NULL;
	}
	if (db->ncache == db->acache) {
		size_t na = db->acache ? 2 * db->acache : 32;

		if ((c = realloc(db->cache, na * sizeof *c)) == NULL) {
			err_set(e, EXIT_FAIL, _("out of memory"));
			return NULL;
		}
		db->cache = c;
		db->acache = na;
	}
	if (db_prepare(db, &st, sql, e) != 0)
		return NULL;
	c = &db->cache[db->ncache];
	if ((c->sql = strdup(sql)) == NULL) {
		sqlite3_finalize(st);
		err_set(e, EXIT_FAIL, _("out of memory"));
		return NULL;
	}
	c->st = st;
	db->ncache++;
	return st;
}

void
db_release(sqlite3_stmt *st)
{
	if (st == NULL)
		return;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

int
db_step(struct db *db, sqlite3_stmt *st, struct err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_INTERRUPT)
		return err_set(e, EXIT_FAIL, _("interrupted"));
	if (rc == SQLITE_CONSTRAINT)
		return err_set(e, EXIT_FAIL,
		               _("%s (in \"%.200s\")"), sqlite3_errmsg(db->h), sqlite3_sql(st));
	{
		char what[256];

		snprintf(what, sizeof what, _("running \"%.200s\""), sqlite3_sql(st));
		return sqlite_err(db, e, what);
	}
}

int
db_exec(struct db *db, const char *sql, struct err *e)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		char what[256];

		snprintf(what, sizeof what, _("running \"%.200s\""), sql);
		sqlite_err(db, e, what);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
bind_index(sqlite3_stmt *st, const char *name)
{
	int i = sqlite3_bind_parameter_index(st, name);

	/* A misspelt parameter is a programming error that would otherwise
	 * silently bind nothing. */
	if (i == 0) {
		fprintf(stderr, _("clientele: internal error: no parameter %s in \"%s\"\n"), name,
		        sqlite3_sql(st));
		abort();
	}
	return i;
}

int
db_bind_text(sqlite3_stmt *st, const char *name, const char *s)
{
	int i = bind_index(st, name);

	if (s == NULL)
		return sqlite3_bind_null(st, i) == SQLITE_OK ? 0 : -1;
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) == SQLITE_OK ? 0 : -1;
}

int
db_bind_int64(sqlite3_stmt *st, const char *name, long long v)
{
	return sqlite3_bind_int64(st, bind_index(st, name), v) == SQLITE_OK ? 0 : -1;
}

int
db_bind_double(sqlite3_stmt *st, const char *name, double v)
{
	return sqlite3_bind_double(st, bind_index(st, name), v) == SQLITE_OK ? 0 : -1;
}

int
db_begin(struct db *db, struct err *e)
{
	char sql[64];

	if (db->depth == 0)
		snprintf(sql, sizeof sql, "BEGIN IMMEDIATE");
	else
		snprintf(sql, sizeof sql, "SAVEPOINT sp%d", db->depth);
	if (db_exec(db, sql, e) != 0)
		return -1;
	db->depth++;
	return 0;
}

int
db_begin_nowait(struct db *db, struct err *e)
{
	int rc;

	sqlite3_busy_timeout(db->h, 0);
	rc = db_begin(db, e);
	sqlite3_busy_timeout(db->h, busy_timeout());
	if (rc == 0)
		return 0;
	if (sqlite3_errcode(db->h) == SQLITE_BUSY) {
		err_clear(e);
		return 1;
	}
	return -1;
}

int
db_commit(struct db *db, struct err *e)
{
	char sql[64];

	if (db->depth == 0)
		return err_set(e, EXIT_FAIL, _("internal error: commit without a transaction"));
	if (db->depth == 1)
		snprintf(sql, sizeof sql, "COMMIT");
	else
		snprintf(sql, sizeof sql, "RELEASE sp%d", db->depth - 1);
	if (db_exec(db, sql, e) != 0)
		return -1;
	db->depth--;
	return 0;
}

int
db_rollback(struct db *db)
{
	char sql[96];
	int rc;

	if (db->depth == 0)
		return 0;
	if (db->depth == 1)
		snprintf(sql, sizeof sql, "ROLLBACK");
	else
		snprintf(sql, sizeof sql, "ROLLBACK TO sp%d; RELEASE sp%d", db->depth - 1,
		         db->depth - 1);
	rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	db->depth--;
	return rc == SQLITE_OK ? 0 : -1;
}

int
db_tx_depth(const struct db *db)
{
	return db->depth;
}

int
db_query_int64(struct db *db, const char *sql, long long *out, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, &st, sql, e) != 0)
		return -1;
	rc = db_step(db, st, e);
	if (rc == 1)
		*out = sqlite3_column_int64(st, 0);
	else if (rc == 0)
		*out = 0;
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
db_meta_get(struct db *db, const char *key, char **out, struct err *e)
{
	sqlite3_stmt *st = db_cached(db, "SELECT value FROM meta WHERE key = :key", e);
	int rc;

	*out = NULL;
	if (st == NULL)
		return -1;
	db_bind_text(st, ":key", key);
	rc = db_step(db, st, e);
	if (rc == 1 && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*out = strdup((const char *)sqlite3_column_text(st, 0));
		if (*out == NULL)
			rc = err_set(e, EXIT_FAIL, _("out of memory"));
	}
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

int
db_meta_set(struct db *db, const char *key, const char *value, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (value == NULL) {
		st = db_cached(db, "DELETE FROM meta WHERE key = :key", e);
		if (st == NULL)
			return -1;
		db_bind_text(st, ":key", key);
	} else {
		st = db_cached(db, "INSERT INTO meta(key, value) VALUES (:key, :value) "
		                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value", e);
		if (st == NULL)
			return -1;
		db_bind_text(st, ":key", key);
		db_bind_text(st, ":value", value);
	}
	rc = db_step(db, st, e);
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}
