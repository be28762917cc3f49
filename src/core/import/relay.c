/* A CSV file read on two cores: one thread parses it (libcsv, decoding,
 * the digest's blocks) and hands each record over, copied, to the caller's
 * thread, which runs the row callback. Parsing took a third of the
 * reading thread's time on 1M customers, the thread the import waited
 * for. */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "private.h"
#include "util/pipe.h"

/* A record as handed over: its fields' pointers and lengths, then their
 * bytes, all inside the record. */
struct relay_rec {
	long line, index;
	off_t done;   /* bytes the parser had read when it made the record */
	size_t n;
	char **fields;
	size_t *lens;
};

struct relay {
	const char *path;
	struct csv_opts co;        /* the caller's, progress taken over */
	struct csv_info *info;
	struct pipe *pipe;
	struct err perr;           /* the parser's error */
	int prc;
	bool lost;                 /* a record could not be handed over */
	_Atomic off_t done, total; /* the parser's progress */
	pthread_t thread;
};

static void
relay_progress(void *ctx, off_t done, off_t total)
{
	struct relay *r = ctx;

	atomic_store_explicit(&r->done, done, memory_order_relaxed);
	atomic_store_explicit(&r->total, total, memory_order_relaxed);
}

#define ALIGN8(n) (((n) + 7) & ~(size_t)7)

/* On the parser's thread: the record, copied into the pipe. */
static int
relay_put(void *ctx, const struct csv_row *row, struct err *e)
{
	struct relay *r = ctx;
	size_t i, bytes = 0, head = ALIGN8(sizeof(struct relay_rec) + row->n * (sizeof(char *) +
	                                                                        sizeof(size_t)));
	struct relay_rec *rec;
	char *p;

	(void)e;
	for (i = 0; i < row->n; i++)
		bytes += row->lens[i] + 1;
	if ((rec = pipe_alloc(r->pipe, head + bytes)) == NULL) {
		/* The consumer stopped, or memory ran out. */
		r->lost = !pipe_stopped(r->pipe);
		return 1;
	}
	rec->line = row->line;
	rec->index = row->index;
	rec->done = atomic_load_explicit(&r->done, memory_order_relaxed);
	rec->n = row->n;
	rec->fields = (char **)(rec + 1);
	rec->lens = (size_t *)(rec->fields + row->n);
	p = (char *)rec + head;
	for (i = 0; i < row->n; i++) {
		rec->fields[i] = p;
		rec->lens[i] = row->lens[i];
		memcpy(p, row->fields[i], row->lens[i] + 1);
		p += row->lens[i] + 1;
	}
	return 0;
}

static void *
relay_main(void *arg)
{
	struct relay *r = arg;

	r->prc = csv_read_file(r->path, &r->co, relay_put, r, r->info, &r->perr);
	pipe_close(r->pipe);
	return NULL;
}

int
import_read_file(const char *path, const struct csv_opts *co, csv_row_fn fn, void *ctx,
                 struct csv_info *info, struct err *e)
{
	struct relay *r;
	struct pipe_batch *b;
	bool stopped = false, failed = false;
	off_t done = 0;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	r->path = path;
	r->co = *co;
	r->info = info;
	r->co.progress = relay_progress;
	r->co.progress_ctx = r;
	if ((r->pipe = pipe_new(4 << 20, 4)) == NULL) {
		free(r);
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	if (pthread_create(&r->thread, NULL, relay_main, r) != 0) {
		pipe_free(&r->pipe);
		free(r);
		return err_set(e, EXIT_FAIL, _("cannot start the reading thread"));
	}
	while ((b = pipe_next(r->pipe)) != NULL) {
		void *it = NULL;
		struct relay_rec *rec;

		while (!stopped && (rec = pipe_record(b, &it)) != NULL) {
			struct csv_row row = {rec->n, rec->fields, rec->lens, rec->line, rec->index};
			int rc;

			done = rec->done;
			if ((rc = fn(ctx, &row, e)) != 0) {
				stopped = true;
				failed = rc < 0;
				pipe_stop(r->pipe); /* the parser stops; drain what it sent */
			}
		}
		pipe_done(r->pipe, b);
		if (!stopped && co->progress != NULL)
			co->progress(co->progress_ctx, done,
			             atomic_load_explicit(&r->total, memory_order_relaxed));
	}
	pthread_join(r->thread, NULL);
	pipe_free(&r->pipe);
	if (!failed && r->prc != 0) {
		*e = r->perr;
		failed = true;
	} else if (!failed && r->lost) {
		err_set(e, EXIT_FAIL, _("out of memory"));
		failed = true;
	} else if (!failed && !stopped && r->prc == 0 && co->progress != NULL) {
		/* The last word on the progress, as csv_read_file gives it. */
		co->progress(co->progress_ctx, atomic_load_explicit(&r->done, memory_order_relaxed),
		             atomic_load_explicit(&r->total, memory_order_relaxed));
	}
	free(r);
	return failed ? -1 : 0;
}
