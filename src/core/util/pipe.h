/* A single-producer, single-consumer queue of record batches: the importer
 * parses and normalises rows on one core while the other writes them to
 * SQLite. Records live in fixed arenas, so pointers inside a record stay
 * valid until the consumer is done with its batch. */
#ifndef CLIENTELE_PIPE_H
#define CLIENTELE_PIPE_H

#include <stdbool.h>
#include <stddef.h>

struct pipe;
struct pipe_batch;

/* A queue of nbatches batches of batch_bytes each; NULL when out of
 * memory. Freed with pipe_free once both sides are done. */
struct pipe *pipe_new(size_t batch_bytes, int nbatches);
void pipe_free(struct pipe **pp);

/* Producer: room for one record of size bytes (16-byte aligned), in the
 * current batch or, when it is full, in the next free one (waiting for the
 * consumer if need be). NULL when the consumer has stopped the pipe or
 * memory ran out. */
void *pipe_alloc(struct pipe *p, size_t size);

/* Producer: hands over the last batch and marks the end. */
void pipe_close(struct pipe *p);

/* Consumer: the next full batch, or NULL at the end. */
struct pipe_batch *pipe_next(struct pipe *p);

/* Consumer: the records of a batch, in order: *it starts at NULL. */
void *pipe_record(struct pipe_batch *b, void **it);

/* Consumer: gives a batch back to the producer. */
void pipe_done(struct pipe *p, struct pipe_batch *b);

/* Consumer: stops the producer (its next pipe_alloc returns NULL). */
void pipe_stop(struct pipe *p);

/* True once the consumer stopped the pipe. */
bool pipe_stopped(struct pipe *p);

#endif
