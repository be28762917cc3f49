/* The recent bases (issue 8): most recent first, no duplicates, at most 20,
 * absolute paths, missing files skipped, written atomically with mode 0600
 * under $XDG_STATE_HOME (or ~/.local/state). XDG_STATE_HOME and HOME point
 * into the test's scratch directory. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "recent.h"

struct fixture {
	char *dir;   /* scratch: the bases, and the state directory */
	char *state; /* dir/state, XDG_STATE_HOME */
	char *abs;   /* dir made absolute */
	struct err e;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->dir = th_tmpdir("recent");
	f->abs = realpath(f->dir, NULL);
	assert_non_null(f->abs);
	f->state = th_path(f->abs, "state");
	setenv("XDG_STATE_HOME", f->state, 1);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	th_rmtree(f->dir);
	free(f->dir);
	free(f->abs);
	free(f->state);
	free(f);
	return 0;
}

/* Creates the base NAME in the scratch directory; its absolute path,
 * malloc'd. */
static char *
base(struct fixture *f, const char *name)
{
	char *p = th_path(f->abs, name);

	th_write(p, "x", 1);
	return p;
}

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *s = calloc(1, 65536);

	assert_non_null(fp);
	fread(s, 1, 65535, fp);
	fclose(fp);
	return s;
}

/* Most recent first, re-adding moves to the top, the file holds one
 * absolute path a line, mode 0600, and no temporary file is left. */
static void
test_order_and_file(void **state)
{
	struct fixture *f = *state;
	char *a = base(f, "a.db"), *b = base(f, "b.db"), *c = base(f, "c.db");
	char *file, *text, *want, **v = NULL, *dirpath, *names;
	size_t n;
	struct stat st;

	assert_int_equal(recent_add(a, &f->e), 0);
	assert_int_equal(recent_add(b, &f->e), 0);
	assert_int_equal(recent_add(c, &f->e), 0);
	assert_int_equal(recent_add(a, &f->e), 0);
	assert_int_equal(recent_list(&v, &n, &f->e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], a);
	assert_string_equal(v[1], c);
	assert_string_equal(v[2], b);
	recent_free(&v, n);
	assert_null(v);

	assert_int_equal(recent_file(&file, &f->e), 0);
	want = th_path(f->state, "clientele/recent");
	assert_string_equal(file, want);
	text = slurp(file);
	free(want);
	assert_true(asprintf(&want, "%s\n%s\n%s\n", a, c, b) > 0);
	assert_string_equal(text, want);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	dirpath = th_path(f->state, "clientele");
	names = th_list_dir(dirpath);
	assert_string_equal(names, "recent\n");
	free(names);
	free(dirpath);
	free(want);
	free(text);
	free(file);
	free(a);
	free(b);
	free(c);
}

/* At most 20: the oldest go. */
static void
test_at_most_20(void **state)
{
	struct fixture *f = *state;
	char name[32], *p, **v = NULL, *last;
	size_t n;
	int i;

	for (i = 1; i <= 25; i++) {
		snprintf(name, sizeof name, "b%02d.db", i);
		p = base(f, name);
		assert_int_equal(recent_add(p, &f->e), 0);
		free(p);
	}
	assert_int_equal(recent_list(&v, &n, &f->e), 0);
	assert_int_equal(n, RECENT_MAX);
	assert_int_equal(n, 20);
	assert_non_null(strstr(v[0], "/b25.db"));
	assert_non_null(strstr(v[19], "/b06.db"));
	recent_free(&v, n);
	last = recent_last();
	assert_non_null(strstr(last, "/b25.db"));
	free(last);
}

/* A base whose file has gone is skipped when read; recent_last gives the
 * most recent one still there, NULL when none is. */
static void
test_missing_skipped(void **state)
{
	struct fixture *f = *state;
	char *a = base(f, "a.db"), *b = base(f, "b.db"), **v = NULL, *last;
	size_t n;

	assert_null(recent_last());
	assert_int_equal(recent_list(&v, &n, &f->e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(recent_add(a, &f->e), 0);
	assert_int_equal(recent_add(b, &f->e), 0);
	assert_int_equal(unlink(b), 0);
	assert_int_equal(recent_list(&v, &n, &f->e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], a);
	recent_free(&v, n);
	last = recent_last();
	assert_string_equal(last, a);
	free(last);
	assert_int_equal(unlink(a), 0);
	assert_null(recent_last());
	free(a);
	free(b);
}

/* A relative path is recorded absolute; a path that is not there is an
 * error naming it; lines that are not absolute paths are ignored. */
static void
test_relative_and_errors(void **state)
{
	struct fixture *f = *state;
	char *a = base(f, "a.db"), *rel = th_path(f->dir, "a.db"), *file, **v = NULL, *text;
	size_t n;

	assert_true(rel[0] != '/');
	assert_int_equal(recent_add(rel, &f->e), 0);
	assert_int_equal(recent_add("tests/tmp/no-such-base.db", &f->e), -1);
	assert_non_null(strstr(f->e.msg, "no-such-base.db"));
	assert_int_equal(recent_file(&file, &f->e), 0);
	assert_true(asprintf(&text, "relative.db\n\n%s\n", a) > 0);
	th_write(file, text, (size_t)-1);
	assert_int_equal(recent_list(&v, &n, &f->e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], a);
	recent_free(&v, n);
	free(text);
	free(file);
	free(rel);
	free(a);
}

/* Without XDG_STATE_HOME (or with a relative one), ~/.local/state. */
static void
test_default_home(void **state)
{
	struct fixture *f = *state;
	char *home = th_path(f->abs, "home"), *a = base(f, "a.db"), *file, *want, *last;
	char *old = getenv("HOME") ? strdup(getenv("HOME")) : NULL;

	setenv("HOME", home, 1);
	setenv("XDG_STATE_HOME", "relative/state", 1);
	assert_int_equal(recent_file(&file, &f->e), 0);
	want = th_path(home, ".local/state/clientele/recent");
	assert_string_equal(file, want);
	unsetenv("XDG_STATE_HOME");
	assert_int_equal(recent_add(a, &f->e), 0);
	assert_int_equal(access(want, F_OK), 0);
	last = recent_last();
	assert_string_equal(last, a);
	free(last);
	if (old != NULL)
		setenv("HOME", old, 1);
	free(old);
	free(want);
	free(file);
	free(a);
	free(home);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_order_and_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_at_most_20, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relative_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_home, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
