/* The start screen, for `clientele` with no base and none used before:
 * the demo base, an import (a hint until the interface imports), quit. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "private.h"

enum choice { START_DEMO, START_IMPORT, START_QUIT, START_N };

static const char *const labels[START_N] = {
	N_("Open the demo base (a fresh copy)"),
	N_("Import a CSV file"),
	N_("Quit"),
};

struct start {
	struct tui *t;
	size_t n;
};

static void
build(void *ctx)
{
	((struct start *)ctx)->n = START_N;
}

static size_t
count(void *ctx)
{
	return ((struct start *)ctx)->n;
}

static long long
row_id(void *ctx, size_t i)
{
	(void)ctx;
	return (long long)i + 1;
}

static void
draw_row(void *ctx, size_t i, int y, int x, int w, bool cursor)
{
	(void)ctx, (void)cursor;
	tui_put(y, x, w, _(labels[i]), true);
}

static const struct list_ops start_ops = {build, count, row_id, draw_row};

static void
paint(struct tui *t, struct list *l)
{
	int w;

	getmaxyx(stdscr, t->rows, t->cols);
	erase();
	if (t->cols < TUI_MIN_COLS || t->rows < TUI_MIN_ROWS) {
		tui_put(0, 0, t->cols, _("The window is too small:"), false);
		mvprintw(1, 0, "%dx%d < %dx%d", t->cols, t->rows, TUI_MIN_COLS, TUI_MIN_ROWS);
		tui_put(2, 0, t->cols, _("make it larger"), false);
		refresh();
		return;
	}
	attrset(theme_attr(ROLE_TITLE));
	tui_put(0, 0, t->cols, _(" clientele — no base opened yet"), true);
	attrset(theme_attr(ROLE_NORMAL));
	tui_put(2, 2, t->cols - 4, _("Choose with ↑ ↓ and Enter:"), false);
	w = t->cols - 8 < 50 ? t->cols - 8 : 50;
	list_draw(l, 4, 4, START_N, w);
	if (t->msg[0] != '\0') {
		attrset(theme_attr(t->msg_error ? ROLE_ERROR : ROLE_NORMAL));
		tui_put(t->rows - 2, 0, t->cols, t->msg, true);
		attrset(theme_attr(ROLE_NORMAL));
	}
	attrset(theme_attr(ROLE_BAR_LABEL));
	tui_put(t->rows - 1, 0, t->cols, _(" Enter choose   q, F10 quit"), true);
	attrset(theme_attr(ROLE_NORMAL));
	curs_set(0);
	refresh();
}

int
start_run(struct tui *t, tui_demo_fn demo, char **path_out, struct err *e)
{
	struct start s = {.t = t};
	struct list l;
	struct key k;
	wint_t wc;
	int got;
	enum op op;

	*path_out = NULL;
	list_init(&l, &start_ops, &s);
	list_rebuild(&l, 0);
	nodelay(stdscr, FALSE);
	for (;;) {
		paint(t, &l);
		if ((got = get_wch(&wc)) == ERR)
			continue;
		k = (struct key){.code = wc, .fn = got == KEY_CODE_YES};
		if (k.fn && k.code == KEY_MOUSE) {
			MEVENT ev;

			if (getmouse(&ev) == OK && (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
				list_mouse(&l, ev.y, ev.x, true, 0);
			continue;
		}
		t->msg[0] = '\0';
		op = keys_lookup(t, k);
		if (op == OP_QUIT)
			break;
		if (op != OP_EXPAND) {
			list_op(&l, op);
			continue;
		}
		if (l.cur == START_QUIT)
			break;
		if (l.cur == START_IMPORT) {
			tui_message(t, false, "%s",
			            _("Importing from the interface comes next; for now run: clientele "
			              "import BASE --customers FILE, then clientele BASE"));
			continue;
		}
		if (demo(path_out, e) != 0) {
			tui_error(t, e);
			err_clear(e);
			continue;
		}
		break;
	}
	nodelay(stdscr, TRUE);
	return *path_out != NULL ? 0 : 1;
}
