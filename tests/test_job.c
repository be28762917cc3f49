/* Long work in a thread (job.h): progress reaches the poller, the outcome
 * and its error come back from job_end, and job_cancel stops a job that
 * watches its flag. */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "job.h"

/* Counts to *arg, reporting each step; stops when cancelled. */
static int
count_to(struct job *j, void *arg, struct err *e)
{
	long long n = *(long long *)arg;
	volatile sig_atomic_t *cancel = job_cancel_flag(j);

	for (long long i = 1; i <= n; i++) {
		if (*cancel)
			return err_set(e, EXIT_FAIL, "interrupted at %lld", i);
		job_report(j, i, n, i == 1 ? "counting" : NULL);
		if (n > 1000)
			usleep(1000);
	}
	return 0;
}

static int
fails(struct job *j, void *arg, struct err *e)
{
	(void)j;
	(void)arg;
	return err_set(e, EXIT_DATAERR, "no such file");
}

/* Waits until the job says it finished, returning the last progress. */
static struct job_progress
wait_end(struct job *j)
{
	struct pollfd pfd = {.fd = job_fd(j), .events = POLLIN};
	struct job_progress p;

	for (;;) {
		assert_true(poll(&pfd, 1, 10000) > 0);
		job_poll(j, &p);
		if (p.finished)
			return p;
	}
}

static void
test_progress_and_success(void **state)
{
	long long n = 500;
	struct job *j;
	struct job_progress p;
	struct err e;

	(void)state;
	assert_int_equal(job_start(&j, count_to, &n, &e), 0);
	p = wait_end(j);
	assert_int_equal(p.done, 500);
	assert_int_equal(p.total, 500);
	assert_string_equal(p.phase, "counting");
	assert_false(job_cancelled(j));
	err_clear(&e);
	assert_int_equal(job_end(&j, &e), 0);
	assert_null(j);
	assert_int_equal(e.code, 0);
}

static void
test_error_comes_back(void **state)
{
	struct job *j;
	struct err e;

	(void)state;
	assert_int_equal(job_start(&j, fails, NULL, &e), 0);
	wait_end(j);
	assert_int_equal(job_end(&j, &e), -1);
	assert_int_equal(e.code, EXIT_DATAERR);
	assert_string_equal(e.msg, "no such file");
}

static void
test_cancel_stops_it(void **state)
{
	long long n = 1000000; /* 1000 s unless it stops */
	struct job *j;
	struct job_progress p;
	struct pollfd pfd;
	struct err e;

	(void)state;
	assert_int_equal(job_start(&j, count_to, &n, &e), 0);
	/* the first report arrives, then the cancel */
	pfd = (struct pollfd){.fd = job_fd(j), .events = POLLIN};
	assert_true(poll(&pfd, 1, 10000) > 0);
	job_cancel(j);
	assert_true(job_cancelled(j));
	p = wait_end(j);
	assert_true(p.done < n);
	assert_int_equal(job_end(&j, &e), -1);
	assert_non_null(strstr(e.msg, "interrupted"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_progress_and_success),
		cmocka_unit_test(test_error_comes_back),
		cmocka_unit_test(test_cancel_stops_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
