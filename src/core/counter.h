/* Counts off the input path: a worker thread with its own read-only
 * connection to the base runs the counts the interface asks for and hands
 * the results back through a pipe that the interface polls beside the
 * terminal. The worker never draws; only the thread that calls these
 * functions (one thread: the interface's) touches the results.
 *
 * Cancelling: each request has a slot (the interface's "status line count",
 * "tree counts", ...). A newer request in the same slot supersedes the
 * older one: still queued, it is dropped; running, it is abandoned from
 * inside SQLite by a progress handler that reads a flag set for that request
 * alone (sqlite3_interrupt is not used: called between two statements of the
 * worker, it would cancel the next request instead of the stale one). A
 * superseded or cancelled request still gives a result, with status
 * COUNTER_CANCELLED, so that every tag submitted comes back exactly once. */
#ifndef CLIENTELE_COUNTER_H
#define CLIENTELE_COUNTER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "export/export.h"
#include "query.h"
#include "query_facet.h"
#include "query_list.h"
#include "segment/segment.h"

struct counter;

enum count_kind {
	COUNT_RULE = 0, /* customers matching rule within parent */
	COUNT_TREE,     /* every segment of the tree (segment_count_all) */
	COUNT_WITHOUT,  /* terms ANDed within parent, and with each left out
	                   (query_terms_removes' figures, in one pass) */
	COUNT_SQL,      /* one integer from sql (tests, diagnostics): no rule */
	COUNT_FACET,    /* query_facet(parent, rule, field, top = limit) */
	COUNT_COMPLETE, /* query_complete(parent, rule, field, prefix, limit) */
	COUNT_HIST,     /* query_histogram(parent, rule, field) */
	COUNT_FILL,     /* every field's fill rate (info_fill_rates): no rule */
	COUNT_LIST_ORDER, /* list_order(list): the customer list's ids in its order */
	COUNT_LIST_MATCH, /* list_matches(list): the ids its search matches */
	COUNT_LIST_IDS, /* list_query_ids(list, rule): the ids matching a rule */
	COUNT_EXPORT,   /* export_count(export): what each hygiene rule drops */
	COUNT_EXPORT_PREVIEW /* export_preview_bytes(export, export_fmt, group 0,
	                        limit rows): a file's first bytes */
};

/* A request; the counter copies what it needs, so the caller's strings may
 * go as soon as counter_submit returns. */
struct count_req {
	enum count_kind kind;
	uint64_t tag;        /* the caller's, given back in the result */
	int slot;            /* a newer request in the same slot cancels this one;
	                        a negative slot is never superseded */
	const char *rule;    /* COUNT_RULE, COUNT_FACET, COUNT_COMPLETE,
	                        COUNT_HIST: the rule text ("" or NULL: everyone) */
	const char *parent;  /* all but COUNT_TREE, COUNT_SQL, COUNT_FILL: the path of the
	                        segment counted within; NULL or "": the base */
	const char *const *terms; /* COUNT_WITHOUT: the top-level `and` terms of
	                             a rule, as text, each compiled alone first:
	                             an error is at its line:col within its term,
	                             with err.head "condition N: " (N from 1) */
	size_t nterms;
	const char *sql;     /* COUNT_SQL: a query whose first column of its first
	                        row is the count */
	const char *field;   /* COUNT_FACET, COUNT_COMPLETE, COUNT_HIST: a field's
	                        name or label */
	const char *prefix;  /* COUNT_COMPLETE: what the values start with */
	size_t limit;        /* COUNT_FACET: the top values (0: all of them);
	                        COUNT_COMPLETE: at most this many;
	                        COUNT_EXPORT_PREVIEW: rows */
	const struct export_opts *export; /* COUNT_EXPORT, COUNT_EXPORT_PREVIEW:
	                        copied with its strings (cancel, notes and
	                        progress are not: the counter cancels) */
	const struct export_format *export_fmt; /* COUNT_EXPORT_PREVIEW */
	const struct list_query *list; /* COUNT_LIST_*: the customer list (copied) */
};

enum count_status {
	COUNTER_OK = 0,
	COUNTER_ERROR,      /* err says why (a rule error has its line:col) */
	COUNTER_CANCELLED   /* superseded, cancelled, or the counter closing */
};

struct count_result {
	uint64_t tag;
	int slot;
	enum count_kind kind;
	enum count_status status;
	struct err err;     /* COUNTER_ERROR */
	double ms;          /* time the worker spent on it (0 when dropped
	                       before it ran) */
	long long count;    /* COUNT_RULE, COUNT_SQL; COUNT_WITHOUT: all terms */
	long long parent;   /* COUNT_WITHOUT: the members of the parent */
	long long *without; /* COUNT_WITHOUT: without[i], the count with term i
	                       left out (so term i removes without[i] - count) */
	size_t nterms;
	struct facet facet; /* COUNT_FACET, COUNT_COMPLETE */
	struct histogram hist; /* COUNT_HIST */
	struct segment *tree;          /* COUNT_TREE: segment_list's tree and */
	struct segment_count *counts;  /* counts[i] of tree[i] (an uncountable
	                                  segment has its error there) */
	size_t ntree;
	char **fill_names;  /* COUNT_FILL: every field of the catalog, by name, */
	long long *filled;  /* with the customers that have a value (count: */
	size_t nfill;       /* every customer) */
	long long *ids;     /* COUNT_LIST_*: customer ids (count: how many) */
	struct export_stats export; /* COUNT_EXPORT (COUNT_EXPORT_PREVIEW: what
	                               was read before the preview was full) */
	char *bytes;        /* COUNT_EXPORT_PREVIEW: NUL-terminated */
	size_t nbytes;
};

/* Opens the base at db_path read-only for the worker and starts it. On
 * success *out is owned by the caller (counter_close). */
int counter_open(struct counter **out, const char *db_path, struct err *e);

/* The fd to poll for reading: readable when a result may be waiting (it can
 * wake spuriously: counter_poll then returns 0). Owned by the counter. */
int counter_fd(const struct counter *c);

/* Queues a request (cancelling the stale one of its slot). 0, or -1 with e
 * set (out of memory, a request without what its kind needs). */
int counter_submit(struct counter *c, const struct count_req *req, struct err *e);

/* Never blocks: 1 with the oldest finished result in *out (to clear with
 * count_result_clear), 0 when there is none yet. */
int counter_poll(struct counter *c, struct count_result *out);

/* Cancels the request with tag, queued or running; its result still
 * comes (COUNTER_CANCELLED, or COUNTER_OK when it finished first). 1 when
 * it was found, 0 when not. */
int counter_cancel(struct counter *c, uint64_t tag);

/* How many requests are queued or running (for a spinner). */
size_t counter_busy(struct counter *c);

/* 1 with *tag the request the worker is running now, 0 when it is idle. */
int counter_running(struct counter *c, uint64_t *tag);

/* Frees what a result owns and zeroes it. */
void count_result_clear(struct count_result *r);

/* Stops the worker (abandoning the running count), joins it, and frees
 * the counter with the results not yet polled; NULLs *cp. */
void counter_close(struct counter **cp);

#endif
