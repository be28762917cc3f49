/* The interface's entry point: the terminal checked, curses started and
 * ended, the base opened and put first among the recent ones. */
#include "config.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "counter.h"
#include "db.h"
#include "i18n.h"
#include "metrics.h"
#include "private.h"
#include "recent.h"
#include "tui.h"

bool
tui_has_terminal(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
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
	/* Best effort: a base not remembered is no reason to refuse it. */
	if (recent_add(path, e) != 0)
		err_clear(e);
	return 0;
}

static void
session_close(struct tui *t)
{
	gauge_close(t);
	screen_pop_all(t);
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
	char *path = recent_last();
	bool import = false;
	int rc = 0;

	if (!tui_has_terminal()) {
		free(path);
		return err_set(e, EXIT_USAGE, "no terminal");
	}
	curses_begin();
	/* The last base; when it cannot be opened, the start screen says why
	 * and offers the others. A base chosen there that cannot be opened
	 * either: said, and the start screen again. */
	for (;;) {
		if (path != NULL && session_open(&t, path, e) == 0) {
			if (import) /* chosen on the start screen */
				import_open(&t);
			rc = app_run(&t);
			session_close(&t);
			break;
		}
		if (path != NULL) {
			tui_error(&t, e);
			err_clear(e);
			free(path);
			path = NULL;
		}
		if (start_run(&t, demo, &path, &import, e) != 0)
			break;
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
