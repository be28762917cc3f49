/* Errors as values: a status code for the exit status, a message a
 * marketer can act on (what, what to do) and, apart from it, where: the
 * file, line and column that the message is about. */
#ifndef CLIENTELE_ERR_H
#define CLIENTELE_ERR_H

#include <stddef.h>

/* Exit statuses of SPEC §7 (sysexits.h values where they exist). */
enum {
	EXIT_FAIL = 1,     /* any other failure */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_DATAERR = 65, /* bad input data */
	EXIT_NOINPUT = 66  /* a file that is not there or cannot be read */
};

/* What kind of error, for a caller that must tell errors apart: it never
 * reads the message, which is in the user's language. */
enum err_kind {
	ERR_PLAIN = 0, /* nothing more to tell */
	ERR_CYCLE      /* segments that refer to each other in a circle */
};

/* A plain value: callers copy it with `=`. */
struct err {
	int code;        /* one of the EXIT_* values; 0 while unset */
	char file[1024]; /* the file the error is in; "" for a rule or none */
	long line;       /* its line (1 for a one-line rule); 0 when unknown */
	int col;         /* its column, from 1; 0 when unknown */
	char head[256];  /* context that err_prefix put before a positioned
	                  * error ("--where: "); "" mostly */
	enum err_kind kind;
	char near[256];  /* the name the message suggests ("did you mean"),
	                  * or "" */
	char msg[1024];  /* the message, without position nor "clientele: " */
};

/* Sets the error (code and printf-style message) with no position; always
 * returns -1 so that callers can write `return err_set(e, ...)`. A NULL e
 * is allowed. */
int err_set(struct err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The same, at a position: file (NULL or "" for none, as in a rule), line
 * and col (0 when unknown). */
int err_set_at(struct err *e, int code, const char *file, long line, int col, const char *fmt,
               ...) __attribute__((format(printf, 6, 7)));

/* Prefixes the error with more context ("importing x.csv: "), which goes
 * before its position when it has one. Returns -1. */
int err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The whole error as one line for display, in buf of size n:
 * "HEAD FILE:LINE:COL: MSG" ("1:11: MSG" for a rule, "FILE:LINE: MSG"
 * without a column). Returns buf. */
#define ERR_LINE_MAX 2400 /* enough for any err_format line */
const char *err_format(const struct err *e, char *buf, size_t n);

/* Resets e to "no error". */
void err_clear(struct err *e);

#endif
