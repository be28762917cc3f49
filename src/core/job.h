/* Long work off the input path: an export, an import, tagging a million
 * customers. One function runs in a thread of its own, with its own
 * connection to the base; it reports how far it got, and a flag asks it to
 * stop. The interface polls job_fd beside the terminal, draws the gauge
 * from job_progress, and collects the outcome with job_end.
 *
 * The job's function must leave the base and the files as they were when
 * it fails or is cancelled: that is the importer's and the exporter's own
 * promise (a transaction, a temporary file renamed into place); the job
 * adds no other. */
#ifndef CLIENTELE_JOB_H
#define CLIENTELE_JOB_H

#include <signal.h>
#include <stdbool.h>

#include "err.h"

struct job;

/* Runs in the job's thread; returns 0 or -1 with e filled. */
typedef int (*job_fn)(struct job *j, void *arg, struct err *e);

/* What the gauge shows. */
struct job_progress {
	long long done, total; /* total 0: not known yet */
	char phase[64];        /* "importing", "writing" ... (already translated) */
	bool finished;         /* fn returned: job_end gives its outcome */
};

/* Starts fn(j, arg) in a new thread. arg stays the caller's, and must live
 * until job_end. */
int job_start(struct job **out, job_fn fn, void *arg, struct err *e);

/* The job's side: how far it got (phase may be NULL: unchanged). Wakes the
 * poller at most every 50 ms, so calling it per row is cheap enough. */
void job_report(struct job *j, long long done, long long total, const char *phase);

/* The flag the job's function hands to the importer or the exporter
 * (import_opts.cancel, export_opts.cancel). */
volatile sig_atomic_t *job_cancel_flag(struct job *j);

/* The caller's side: readable when there is news (progress or the end). */
int job_fd(const struct job *j);
/* Drains the wake-ups and copies the latest progress into p. */
void job_poll(struct job *j, struct job_progress *p);
/* Asks the job to stop; it ends as soon as its function notices. */
void job_cancel(struct job *j);
/* Whether job_cancel was called. */
bool job_cancelled(const struct job *j);
/* Waits for the thread, returns fn's status with its error in e (when
 * e is not NULL), and frees the job; *jp becomes NULL. */
int job_end(struct job **jp, struct err *e);

#endif
