/* Tests of where an export goes and what it says: only a regular file is
 * ever replaced (FIFO, device, folder, socket, symbolic link), stale
 * temporary files of interrupted exports are removed (never a live one),
 * and the notes about empty columns. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "db.h"
#include "export/export.h"

struct fixture {
	char *dir;
	struct db *db;
	struct export_stats st;
	struct err e;
	struct export_format fmt;
	char notes[1024]; /* what the notes said, one per line */
	struct export_notes hooks;
};

/* c3 has no contact at all: the base of a shop that only knows ids. */
static const char base_sql[] =
	"INSERT INTO customers(id, ext_id, email, phone, first_name, city) VALUES"
	" (1, 'c1', 'anna@example.ru', '+79161234501', 'Анна', 'Москва'),"
	" (2, 'c2', 'boris@example.ru', NULL, 'Борис', NULL),"
	" (3, 'c3', NULL, NULL, NULL, NULL);"
	"INSERT INTO meta(key, value) VALUES ('as_of', '2026-10-31');";

static void
note(struct fixture *f, const char *kind, const char *s)
{
	size_t n = strlen(f->notes);

	snprintf(f->notes + n, sizeof f->notes - n, "%s %s\n", kind, s);
}

static void
on_stale(void *ctx, const char *path)
{
	const char *slash = strrchr(path, '/');

	note(ctx, "stale", slash != NULL ? slash + 1 : path);
}

static void
on_empty(void *ctx, const char *header)
{
	note(ctx, "empty", header);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb_sql("export_file", base_sql, &f->dir);
	export_format_preset(EXPORT_PRESET_NONE, &f->fmt);
	f->hooks = (struct export_notes){.stale_removed = on_stale, .empty_column = on_empty,
	                                 .ctx = f};
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	th_closedb(&f->db, &f->dir);
	free(f);
	return 0;
}

static int
export(struct fixture *f, struct export_opts *o, const char *path, bool force)
{
	o->notes = &f->hooks;
	f->notes[0] = '\0';
	memset(&f->e, 0, sizeof f->e);
	return export_to_file(f->db, o, path, &f->fmt, force, &f->st, &f->e);
}

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = calloc(1, 4096);

	assert_non_null(fp);
	assert_non_null(buf);
	assert_true(fread(buf, 1, 4095, fp) < 4095);
	fclose(fp);
	return buf;
}

static void
assert_files(struct fixture *f, const char *want)
{
	char *got = th_list_dir(f->dir);

	assert_string_equal(got, want);
	free(got);
}

/* --- what is at the target ------------------------------------------------------ */

/* A FIFO is written to as it is: its reader gets the CSV, the FIFO stays a
 * FIFO, no temporary file, and no --force is needed (nothing is replaced). */
static void
test_fifo(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id,first_name"};
	char *path = th_path(f->dir, "pipe"), buf[256];
	struct stat sb;
	ssize_t n;
	int rd;

	assert_int_equal(mkfifo(path, 0600), 0);
	/* a reader first, so that opening for writing does not wait */
	rd = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	if (export(f, &o, path, false) != 0)
		fail_msg("export to a FIFO: %s", f->e.msg);
	n = read(rd, buf, sizeof buf - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "id,first_name\nc1,Анна\nc2,Борис\nc3,\n");
	close(rd);
	assert_int_equal(lstat(path, &sb), 0);
	assert_true(S_ISFIFO(sb.st_mode));
	assert_files(f, "pipe\n");
	/* a split beside a FIFO makes no sense */
	o.split = 2;
	assert_int_equal(export(f, &o, path, true), -1);
	assert_int_equal(f->e.code, EXIT_USAGE);
	assert_files(f, "pipe\n");
	free(path);
}

/* A character device of our own (root only: mknod). */
static void
test_char_device(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id"};
	char *path = th_path(f->dir, "null");
	struct stat sb;

	if (geteuid() != 0 || mknod(path, S_IFCHR | 0666, makedev(1, 3)) != 0) {
		free(path);
		skip();
		return; /* skip() jumps out; the compiler does not know it */
	}
	if (export(f, &o, path, true) != 0)
		fail_msg("export to a device: %s", f->e.msg);
	assert_int_equal(f->st.written, 3);
	assert_int_equal(lstat(path, &sb), 0);
	assert_true(S_ISCHR(sb.st_mode));
	assert_int_equal(sb.st_rdev, makedev(1, 3));
	assert_files(f, "null\n");
	free(path);
}

/* A folder, a socket, a dangling link: refused with the reason, nothing
 * written. */
static void
test_refused(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id"};
	char *sub = th_path(f->dir, "sub"), *sock = th_path(f->dir, "sock");
	char *dangling = th_path(f->dir, "dangling");
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd;

	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(export(f, &o, sub, true), -1);
	assert_int_equal(f->e.code, EXIT_USAGE);
	assert_non_null(strstr(f->e.msg, "is a folder"));

	assert_true(strlen(sock) < sizeof sa.sun_path);
	strcpy(sa.sun_path, sock);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(export(f, &o, sock, true), -1);
	assert_int_equal(f->e.code, EXIT_USAGE);
	assert_non_null(strstr(f->e.msg, "is a socket"));
	close(fd);

	assert_int_equal(symlink("nowhere/x.csv", dangling), 0);
	assert_int_equal(export(f, &o, dangling, true), -1);
	assert_int_equal(f->e.code, EXIT_USAGE);
	assert_non_null(strstr(f->e.msg, "symbolic link to nowhere/x.csv"));

	assert_files(f, "dangling\nsock\nsub\n");
	free(sub);
	free(sock);
	free(dangling);
}

/* Through a symbolic link, the file it names is replaced (with --force);
 * the link stays a link. */
static void
test_symlink(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "id = c1", .columns = "id"};
	char *real = th_path(f->dir, "real.csv"), *link = th_path(f->dir, "link.csv"), *got;
	struct stat sb;

	th_write(real, "old\n", (size_t)-1);
	assert_int_equal(symlink("real.csv", link), 0);
	assert_int_equal(export(f, &o, link, false), -1);
	assert_non_null(strstr(f->e.msg, "link.csv exists; give --force"));
	if (export(f, &o, link, true) != 0)
		fail_msg("export through a link: %s", f->e.msg);
	assert_int_equal(lstat(link, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	got = slurp(real);
	assert_string_equal(got, "id\nc1\n");
	free(got);
	assert_files(f, "link.csv\nreal.csv\n");
	free(real);
	free(link);
}

/* --- stale temporary files ----------------------------------------------------------- */

static void
make_file(struct fixture *f, const char *name, mode_t mode)
{
	char *p = th_path(f->dir, name);

	th_write(p, "a@example.com\n", (size_t)-1);
	assert_int_equal(chmod(p, mode), 0);
	free(p);
}

/* Only ours are removed: the exact name of this target's temporary file,
 * mode 0600, and not locked by a live export. */
static void
test_stale_removed(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id"};
	char *path = th_path(f->dir, "out.csv"), *live = th_path(f->dir, ".out.csv.LiVe01");
	int fd;

	make_file(f, ".out.csv.AbC123", 0600);  /* stale: removed */
	make_file(f, ".out.csv.LiVe01", 0600);  /* locked below: a live export's */
	make_file(f, ".out.csv.Zz9999", 0644);  /* not a mode mkstemp makes */
	make_file(f, ".out.csv.short", 0600);   /* not the pattern */
	make_file(f, ".other.csv.QwE456", 0600); /* another target's */
	fd = open(live, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	if (export(f, &o, path, false) != 0)
		fail_msg("export: %s", f->e.msg);
	assert_string_equal(f->notes, "stale .out.csv.AbC123\n");
	assert_files(f, ".other.csv.QwE456\n.out.csv.LiVe01\n.out.csv.Zz9999\n.out.csv.short\n"
	                "out.csv\n");
	/* its writer gone, the next export removes it */
	close(fd);
	assert_int_equal(export(f, &o, path, true), 0);
	assert_string_equal(f->notes, "stale .out.csv.LiVe01\n");
	assert_files(f, ".other.csv.QwE456\n.out.csv.Zz9999\n.out.csv.short\nout.csv\n");
	free(path);
	free(live);
}

/* A real temporary file, from an export whose process died before the
 * end; and a live export's is safe from another export to the same file. */
static void
test_stale_after_death(void **state)
{
	struct fixture *f = *state;
	struct export_csv *csv = NULL, *other = NULL;
	char *path = th_path(f->dir, "out.csv"), *files;
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* dies holding the temporary file, as kill -9 would leave it */
		_exit(export_csv_open(&csv, path, 1, &f->fmt, false, NULL, &f->e) == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	files = th_list_dir(f->dir);
	assert_true(strncmp(files, ".out.csv.", 9) == 0);

	/* a live export holds its own: another one to the same file leaves it */
	assert_int_equal(export_csv_open(&csv, path, 1, &f->fmt, false, &f->hooks, &f->e), 0);
	assert_non_null(strstr(f->notes, "stale .out.csv."));
	f->notes[0] = '\0';
	assert_int_equal(export_csv_open(&other, path, 1, &f->fmt, false, &f->hooks, &f->e), 0);
	assert_string_equal(f->notes, "");
	export_csv_abort(&other);
	export_csv_abort(&csv);
	assert_files(f, "");
	free(files);
	free(path);
}

/* --- notes --------------------------------------------------------------------------- */

/* A column no written row fills is told once, across a split's groups. */
static void
test_empty_columns(void **state)
{
	struct fixture *f = *state;
	struct export_opts o = {.where = "", .columns = "id,phone,city:Город,last_name,tags"};
	char *path = th_path(f->dir, "out.csv");

	assert_int_equal(export(f, &o, path, true), 0);
	assert_string_equal(f->notes, "empty last_name\nempty tags\n");
	o.split = 2;
	o.seed = 1;
	assert_int_equal(export(f, &o, path, true), 0);
	assert_string_equal(f->notes, "empty last_name\nempty tags\n");
	/* c3 alone: every column but id; the default columns start with id */
	o.split = 0;
	o.columns = NULL;
	o.where = "id = c3";
	assert_int_equal(export(f, &o, path, true), 0);
	assert_string_equal(f->notes, "empty email\nempty phone\nempty first_name\n"
	                              "empty last_name\nempty city\nempty tags\n");
	/* no row: nothing about columns (the caller says no row was written) */
	o.where = "id = c4";
	assert_int_equal(export(f, &o, path, true), 0);
	assert_int_equal(f->st.written, 0);
	assert_string_equal(f->notes, "");
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fifo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_char_device, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_after_death, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_columns, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
