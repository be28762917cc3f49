/* The database: opening (schema migrations, WAL, 0600 files), a thin
 * statement wrapper that reports errors with the SQL, nested transactions. */
#ifndef CLIENTELE_DB_H
#define CLIENTELE_DB_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sqlite3.h>

#include "err.h"
#include "sql_param.h"

struct db;

enum {
	DB_CREATE = 1 << 0,   /* create the file if missing (mode 0600) */
	DB_READONLY = 1 << 1, /* open read-only; no migration */
	DB_MEMORY = 1 << 2,   /* a base in memory, never on disk (a dry run into a
	                         new file); the path only names it in messages */
	DB_NOWAIT = 1 << 3    /* never wait for a base another program holds:
	                         busy at once (the engine's cache writes) */
};

/* The schema version this build writes (PRAGMA user_version): the number
 * of schema_migrations. */
#define DB_SCHEMA_VERSION 8

/* Opens (and with DB_CREATE creates) the base at path, migrating it to
 * DB_SCHEMA_VERSION. A file that is neither empty nor a clientele base
 * (another program's database) is refused before anything is written to
 * it. On success *out is owned by the caller (db_close). */
int db_open(struct db **out, const char *path, int flags, struct err *e);

/* A new base for path, built under a temporary name beside it (mode 0600)
 * that no other process knows: db_publish gives it its name, db_close
 * alone throws it away, so a failure never has to delete a base. */
int db_create_new(struct db **out, const char *path, struct err *e);

/* Closes a base from db_create_new and links it under its name; *dbp is
 * NULLed. 0 when published, 1 when the name was taken meanwhile (another
 * process created that base: nothing of ours is kept), -1 on error. */
int db_publish(struct db **dbp, struct err *e);

/* The base is one from db_create_new, not yet published: no other
 * connection can have it open. */
bool db_is_private(const struct db *db);

/* Under --verbose, database errors also show the SQL and SQLite's words. */
void db_set_verbose(bool on);

/* The pid of the process that holds a write lock on the base at path (0
 * when none is found or Linux's /proc/locks is not there); name (n bytes)
 * receives what that process is ("clientele import", "sqlite3"). */
long db_lock_holder(const char *path, char *name, size_t n);

/* Sets e to "the base PATH is busy: WHO is writing it ..."; returns -1. */
int db_busy_error(const char *path, struct err *e);

/* From now on, a statement of this connection stops ("interrupted") soon
 * after *flag becomes non-zero: what its transaction did is rolled back.
 * NULL: never. The flag must outlive the connection or the next call. */
void db_set_cancel(struct db *db, volatile sig_atomic_t *flag);

/* Closes the base, finalizing cached statements; NULLs *dbp. */
void db_close(struct db **dbp);

/* What a module keeps with the connection (the column engine: one per
 * connection, as a connection is used by one thread at a time), freed by
 * free_ext when the base is closed. NULL until set. */
void *db_ext(struct db *db);
void db_set_ext(struct db *db, void *ext, void (*free_ext)(void *ext));

/* The SQLite handle, still owned by db. */
sqlite3 *db_handle(struct db *db);

/* The path the base was opened with (owned by db). */
const char *db_path(const struct db *db);

/* Prepares sql; *out is owned by the caller (sqlite3_finalize). */
int db_prepare(struct db *db, sqlite3_stmt **out, const char *sql, struct err *e);

/* A statement prepared once and cached by its text, reset and with its
 * bindings cleared; owned by db: do not finalize it. NULL on error. A
 * caller holds it until it resets it (db_release or sqlite3_reset) or
 * steps it to its end: while held, the same SQL gets another statement,
 * and the cache never finalizes one before db_close. */
sqlite3_stmt *db_cached(struct db *db, const char *sql, struct err *e);

/* Gives a statement from db_cached back: reset, bindings cleared. */
void db_release(sqlite3_stmt *st);

/* Steps st: 1 for a row, 0 when done, -1 on error (message names the SQL). */
int db_step(struct db *db, sqlite3_stmt *st, struct err *e);

/* Runs one or more statements without parameters. */
int db_exec(struct db *db, const char *sql, struct err *e);

/* Named binds that fail loudly when the parameter does not exist.
 * Text is copied (SQLITE_TRANSIENT); a NULL s binds NULL. */
int db_bind_text(sqlite3_stmt *st, const char *name, const char *s);
int db_bind_int64(sqlite3_stmt *st, const char *name, long long v);
int db_bind_double(sqlite3_stmt *st, const char *name, double v);

/* Positional binds (?1 is 1), 0 or -1. db_bind_text_at copies s (NULL binds
 * NULL); db_bind_static_at does not: s must outlive the statement's next
 * reset (the importer's rows, strings with static storage). */
int db_bind_text_at(sqlite3_stmt *st, int i, const char *s);
int db_bind_textn_at(sqlite3_stmt *st, int i, const char *s, size_t n);
int db_bind_static_at(sqlite3_stmt *st, int i, const char *s);
int db_bind_int64_at(sqlite3_stmt *st, int i, long long v);
int db_bind_double_at(sqlite3_stmt *st, int i, double v);
int db_bind_null_at(sqlite3_stmt *st, int i);
/* p (n bytes) is not copied: it must outlive the statement's next step. */
int db_bind_blob_at(sqlite3_stmt *st, int i, const void *p, size_t n);
int db_bind_value_at(sqlite3_stmt *st, int i, const sqlite3_value *v);
/* How many parameters st has (the largest ?N). */
int db_bind_count(sqlite3_stmt *st);

/* Binds p[0..n) to parameters first, first + 1, ... (the parameters of a
 * compiled rule: 1 for a statement whose only parameters are the rule's).
 * Text is copied. 0 or -1. */
int db_bind_params(sqlite3_stmt *st, const struct sql_param *p, size_t n, int first);

/* Column i (0-based) of the current row. db_col_text is NULL for NULL and
 * owned by the statement (valid until the next step or reset); a copy of
 * it is db_col_strdup's, malloc'd (NULL for NULL, and when out of memory:
 * tell them apart with db_col_null). */
long long db_col_int64(sqlite3_stmt *st, int i);
int db_col_int(sqlite3_stmt *st, int i);
double db_col_double(sqlite3_stmt *st, int i);
const char *db_col_text(sqlite3_stmt *st, int i);
char *db_col_strdup(sqlite3_stmt *st, int i);
size_t db_col_bytes(sqlite3_stmt *st, int i); /* of its text */
const void *db_col_blob(sqlite3_stmt *st, int i, size_t *n); /* owned by st */
int db_col_type(sqlite3_stmt *st, int i);     /* SQLITE_INTEGER ... SQLITE_NULL */
bool db_col_null(sqlite3_stmt *st, int i);
sqlite3_value *db_col_value(sqlite3_stmt *st, int i); /* owned by st */

/* Nested transactions: the outermost is BEGIN IMMEDIATE, inner ones are
 * savepoints. Rollback undoes the innermost level only. */
int db_begin(struct db *db, struct err *e);
int db_commit(struct db *db, struct err *e);

/* db_begin without waiting: 1 (e cleared) when another connection holds
 * the write lock, so that a caller can do without writing. */
int db_begin_nowait(struct db *db, struct err *e);
int db_rollback(struct db *db);
int db_tx_depth(const struct db *db);

/* One integer from a query without parameters (e.g. "SELECT count(*) ..."). */
int db_query_int64(struct db *db, const char *sql, long long *out, struct err *e);

/* Key/value settings kept in the base (table meta). *out is malloc'd and
 * owned by the caller, NULL when the key is unset. */
int db_meta_get(struct db *db, const char *key, char **out, struct err *e);
int db_meta_set(struct db *db, const char *key, const char *value, struct err *e);

#endif
