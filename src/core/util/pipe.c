/* The batch queue between the importer's two threads: a mutex and two
 * condition variables around a ring of full batches and a stack of free
 * ones. Batches are large, so the locks are taken rarely. */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/pipe.h"

struct pipe_batch {
	char *mem;
	size_t used, cap;
	struct pipe_batch *next;
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t can_put, can_get;
	struct pipe_batch *free_list;  /* batches the producer may fill */
	struct pipe_batch *full_head, *full_tail;
	struct pipe_batch *cur;        /* being filled by the producer */
	bool closed, stopped;
	size_t batch_bytes;
	int nbatches;
	struct pipe_batch *all;        /* every batch, for pipe_free */
};

/* Each record is preceded by its size, both 16-byte aligned. */
#define ALIGN(n) (((n) + 15) & ~(size_t)15)
#define HEAD ALIGN(sizeof(size_t))

struct pipe *
pipe_new(size_t batch_bytes, int nbatches)
{
	struct pipe *p = calloc(1, sizeof *p);
	int i;

	if (p == NULL)
		return NULL;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->can_put, NULL);
	pthread_cond_init(&p->can_get, NULL);
	if ((p->all = calloc((size_t)nbatches, sizeof *p->all)) == NULL) {
		pipe_free(&p);
		return NULL;
	}
	p->batch_bytes = batch_bytes;
	p->nbatches = nbatches;
	for (i = 0; i < nbatches; i++) {
		struct pipe_batch *b = &p->all[i];

		if ((b->mem = malloc(batch_bytes)) == NULL) {
			pipe_free(&p);
			return NULL;
		}
		b->cap = batch_bytes;
		b->next = p->free_list;
		p->free_list = b;
	}
	return p;
}

void
pipe_free(struct pipe **pp)
{
	struct pipe *p = *pp;
	int i;

	if (p == NULL)
		return;
	for (i = 0; p->all != NULL && i < p->nbatches; i++)
		free(p->all[i].mem);
	free(p->all);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->can_put);
	pthread_cond_destroy(&p->can_get);
	free(p);
	*pp = NULL;
}

/* Called with the lock held. */
static void
push_full(struct pipe *p, struct pipe_batch *b)
{
	b->next = NULL;
	if (p->full_tail != NULL)
		p->full_tail->next = b;
	else
		p->full_head = b;
	p->full_tail = b;
	pthread_cond_signal(&p->can_get);
}

void *
pipe_alloc(struct pipe *p, size_t size)
{
	size_t need = HEAD + ALIGN(size);
	struct pipe_batch *b = p->cur;
	char *rec;

	if (b == NULL || b->cap - b->used < need) {
		pthread_mutex_lock(&p->mu);
		if (b != NULL && b->used > 0)
			push_full(p, b);
		else if (b != NULL) {
			b->next = p->free_list;
			p->free_list = b;
		}
		p->cur = NULL;
		while (p->free_list == NULL && !p->stopped)
			pthread_cond_wait(&p->can_put, &p->mu);
		if (p->stopped) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		b = p->free_list;
		p->free_list = b->next;
		pthread_mutex_unlock(&p->mu);
		b->used = 0;
		if (b->cap < need) {
			/* A record bigger than a batch (a huge row): grow this one. */
			char *mem = realloc(b->mem, need);

			if (mem == NULL)
				return NULL;
			b->mem = mem;
			b->cap = need;
		}
		p->cur = b;
	}
	rec = b->mem + b->used;
	memcpy(rec, &size, sizeof size);
	b->used += need;
	return rec + HEAD;
}

void
pipe_close(struct pipe *p)
{
	pthread_mutex_lock(&p->mu);
	if (p->cur != NULL && p->cur->used > 0)
		push_full(p, p->cur);
	p->cur = NULL;
	p->closed = true;
	pthread_cond_signal(&p->can_get);
	pthread_mutex_unlock(&p->mu);
}

struct pipe_batch *
pipe_next(struct pipe *p)
{
	struct pipe_batch *b;

	pthread_mutex_lock(&p->mu);
	while (p->full_head == NULL && !p->closed)
		pthread_cond_wait(&p->can_get, &p->mu);
	b = p->full_head;
	if (b != NULL) {
		p->full_head = b->next;
		if (p->full_head == NULL)
			p->full_tail = NULL;
	}
	pthread_mutex_unlock(&p->mu);
	return b;
}

void *
pipe_record(struct pipe_batch *b, void **it)
{
	char *pos = *it == NULL ? b->mem : (char *)*it;
	size_t size;

	if (*it != NULL) {
		memcpy(&size, pos - HEAD, sizeof size);
		pos += ALIGN(size);
	}
	if (pos >= b->mem + b->used)
		return NULL;
	*it = pos + HEAD;
	return pos + HEAD;
}

void
pipe_done(struct pipe *p, struct pipe_batch *b)
{
	pthread_mutex_lock(&p->mu);
	b->used = 0;
	b->next = p->free_list;
	p->free_list = b;
	pthread_cond_signal(&p->can_put);
	pthread_mutex_unlock(&p->mu);
}

void
pipe_stop(struct pipe *p)
{
	pthread_mutex_lock(&p->mu);
	p->stopped = true;
	pthread_cond_broadcast(&p->can_put);
	pthread_mutex_unlock(&p->mu);
}

bool
pipe_stopped(struct pipe *p)
{
	bool s;

	pthread_mutex_lock(&p->mu);
	s = p->stopped;
	pthread_mutex_unlock(&p->mu);
	return s;
}
