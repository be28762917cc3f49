/* The interface's entry point: the terminal checked, curses started and
 * ended, the base opened, the last base remembered. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "counter.h"
#include "db.h"
#include "i18n.h"
#include "metrics.h"
#include "private.h"
#include "tui.h"

bool
tui_has_terminal(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

/* $XDG_STATE_HOME/clientele/last (or ~/.local/state/...), in buf. */
static int
last_file(char *buf, size_t size, bool make)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char dir[PATH_MAX - 16];

	if (xdg != NULL && *xdg == '/')
		snprintf(dir, sizeof dir, "%s/clientele", xdg);
	else if (home != NULL && *home != '\0')
		snprintf(dir, sizeof dir, "%s/.local/state/clientele", home);
	else
		return -1;
	if (make) {
		char parent[PATH_MAX], *slash;

		snprintf(parent, sizeof parent, "%s", dir);
		if ((slash = strrchr(parent, '/')) != NULL) {
			*slash = '\0';
			(void)mkdir(parent, 0700);
		}
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return -1;
	}
	snprintf(buf, size, "%s/last", dir);
	return 0;
}

char *
tui_last_base(void)
{
	char file[PATH_MAX], line[PATH_MAX];
	FILE *f;
	size_t n;

	if (last_file(file, sizeof file, false) != 0 || (f = fopen(file, "r")) == NULL)
		return NULL;
	if (fgets(line, sizeof line, f) == NULL) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	n = strcspn(line, "\n");
	line[n] = '\0';
	if (n == 0 || access(line, R_OK) != 0)
		return NULL;
	return strdup(line);
}

/* Best effort: a base not remembered is no reason to refuse it. */
static void
remember(const char *path)
{
	char file[PATH_MAX], abs[PATH_MAX], tmp[PATH_MAX + 16];
	FILE *f;

	if (realpath(path, abs) == NULL || last_file(file, sizeof file, true) != 0)
		return;
	snprintf(tmp, sizeof tmp, "%s.%ld", file, (long)getpid());
	if ((f = fopen(tmp, "w")) == NULL)
		return;
	fprintf(f, "%s\n", abs);
	if (fclose(f) != 0 || rename(tmp, file) != 0)
		unlink(tmp);
}

static void
read_thousep(struct tui *t)
{
	locale_t loc = newlocale(LC_NUMERIC_MASK, "", (locale_t)0);
	const char *sep;

	snprintf(t->thousep, sizeof t->thousep, ",");
	if (loc == (locale_t)0)
		return;
	sep = nl_langinfo_l(THOUSEP, loc);
	snprintf(t->thousep, sizeof t->thousep, "%s", sep != NULL ? sep : "");
	freelocale(loc);
}

/* Opens the base at path for the interface: the tree read, the
 * locale's separator and the reference date known, the base remembered. */
static int
session_open(struct tui *t, const char *path, struct err *e)
{
	if (access(path, F_OK) != 0)
		return err_set(e, EXIT_NOINPUT, _("no base at %s; create one with clientele import"),
		               path);
	if (db_open(&t->db, path, 0, e) != 0)
		return -1;
	t->path = db_path(t->db);
	read_thousep(t);
	if (metrics_reference_date(t->db, t->ref_date, e) != 0)
		t->ref_date[0] = '\0';
	err_clear(e);
	if (counter_open(&t->counter, db_path(t->db), e) != 0) {
		db_close(&t->db);
		return -1;
	}
	if (tree_open(t, e) != 0) {
		tree_close(t);
		counter_close(&t->counter);
		db_close(&t->db);
		return -1;
	}
	remember(path);
	return 0;
}

static void
session_close(struct tui *t)
{
	counter_close(&t->counter);
	tree_close(t);
	db_close(&t->db);
}

static void
curses_begin(void)
{
	initscr();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	                  | BUTTON5_PRESSED
#endif
	          ,
	          NULL);
	mouseinterval(0);
	theme_init();
}

int
tui_run(const char *path, struct err *e)
{
	struct tui t = {0};
	int rc;

	if (!tui_has_terminal())
		return err_set(e, EXIT_USAGE, "no terminal");
	if (session_open(&t, path, e) != 0)
		return -1;
	curses_begin();
	rc = app_run(&t);
	endwin();
	session_close(&t);
	return rc;
}

int
tui_start(tui_demo_fn demo, struct err *e)
{
	struct tui t = {0};
	char *path = NULL;
	int rc = 0;

	if (!tui_has_terminal())
		return err_set(e, EXIT_USAGE, "no terminal");
	curses_begin();
	if (start_run(&t, demo, &path, e) == 0) {
		if (session_open(&t, path, e) != 0)
			rc = -1;
		else {
			rc = app_run(&t);
			session_close(&t);
		}
	}
	endwin();
	free(path);
	return rc;
}

const char *
tui_curses_version(void)
{
	return curses_version();
}
