/* Errors as values: a status code for the exit status and a message a
 * marketer can act on (what, where, what to do). */
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

struct err {
	int code;       /* one of the EXIT_* values; 0 while unset */
	char msg[1024]; /* the message, without the "clientele: " prefix */
};

/* Sets the error (code and printf-style message); always returns -1 so that
 * callers can write `return err_set(e, ...)`. A NULL e is allowed. */
int err_set(struct err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefixes the existing message with more context ("importing x.csv: ").
 * Returns -1. */
int err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Resets e to "no error". */
void err_clear(struct err *e);

#endif
