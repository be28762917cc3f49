/* Long work in a thread of its own: progress under a mutex, a pipe that
 * wakes the interface's poll, a flag that asks the work to stop. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "job.h"

#define WAKE_MS 50

struct job {
	pthread_t thread;
	pthread_mutex_t mu;
	int pipe_r, pipe_w;
	job_fn fn;
	void *arg;
	volatile sig_atomic_t cancel;
	struct job_progress p; /* under mu */
	double woke_ms;        /* the job's thread only */
	int rc;                /* fn's, read after the join */
	struct err err;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
wake(struct job *j)
{
	char b = 1;
	ssize_t w;

	/* a full pipe already holds a wake-up: one is enough */
	do
		w = write(j->pipe_w, &b, 1);
	while (w < 0 && errno == EINTR);
}

static void *
run(void *arg)
{
	struct job *j = arg;

	j->rc = j->fn(j, j->arg, &j->err);
	if (j->rc != 0 && j->err.code == 0)
		err_set(&j->err, EXIT_FAIL, _("the work stopped without saying why"));
	pthread_mutex_lock(&j->mu);
	j->p.finished = true;
	pthread_mutex_unlock(&j->mu);
	wake(j);
	return NULL;
}

int
job_start(struct job **out, job_fn fn, void *arg, struct err *e)
{
	struct job *j;
	int fds[2], rc;

	*out = NULL;
	if ((j = calloc(1, sizeof *j)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
		err_set(e, EXIT_FAIL, _("cannot start the work (a pipe): %s"), strerror(errno));
		free(j);
		return -1;
	}
	j->pipe_r = fds[0];
	j->pipe_w = fds[1];
	j->fn = fn;
	j->arg = arg;
	pthread_mutex_init(&j->mu, NULL);
	if ((rc = pthread_create(&j->thread, NULL, run, j)) != 0) {
		err_set(e, EXIT_FAIL, _("cannot start the work (a thread): %s"), strerror(rc));
		pthread_mutex_destroy(&j->mu);
		close(j->pipe_r);
		close(j->pipe_w);
		free(j);
		return -1;
	}
	*out = j;
	return 0;
}

void
job_report(struct job *j, long long done, long long total, const char *phase)
{
	double now = now_ms();

	pthread_mutex_lock(&j->mu);
	j->p.done = done;
	j->p.total = total;
	if (phase != NULL)
		snprintf(j->p.phase, sizeof j->p.phase, "%s", phase);
	pthread_mutex_unlock(&j->mu);
	if (phase != NULL || now - j->woke_ms >= WAKE_MS) {
		j->woke_ms = now;
		wake(j);
	}
}

volatile sig_atomic_t *
job_cancel_flag(struct job *j)
{
	return &j->cancel;
}

int
job_fd(const struct job *j)
{
	return j->pipe_r;
}

void
job_poll(struct job *j, struct job_progress *p)
{
	char buf[64];

	while (read(j->pipe_r, buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&j->mu);
	*p = j->p;
	pthread_mutex_unlock(&j->mu);
}

void
job_cancel(struct job *j)
{
	j->cancel = 1;
}

bool
job_cancelled(const struct job *j)
{
	return j->cancel != 0;
}

int
job_end(struct job **jp, struct err *e)
{
	struct job *j = *jp;
	int rc;

	if (j == NULL)
		return 0;
	pthread_join(j->thread, NULL);
	rc = j->rc;
	if (rc != 0 && e != NULL)
		*e = j->err;
	pthread_mutex_destroy(&j->mu);
	close(j->pipe_r);
	close(j->pipe_w);
	free(j);
	*jp = NULL;
	return rc;
}
