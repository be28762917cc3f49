/* The start screen, for `clientele` with no base, when the last one is
 * gone or cannot be opened: the recent bases (recent.c), the demo base, an
 * import (the base named on a line here, created empty, then the import
 * screen over it), quit. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "private.h"
#include "recent.h"
#include "db.h"
#include "util/pathcomp.h"

#define START_RECENT 10 /* recent bases listed, at most */
#define START_BASE "customers.db" /* the new base's name offered */

enum choice { START_DEMO, START_IMPORT, START_QUIT, START_N };

static const char *const labels[START_N] = {
	N_("Open the demo base (a fresh copy)"),
	N_("Import a CSV file"),
	N_("Quit"),
};

struct start {
	struct tui *t;
	char **recent;   /* recent_list's, most recent first */
	size_t nrecent;  /* all of them (freed with recent_free) */
	size_t shown;    /* the first ones, at most START_RECENT */
	size_t n;
	bool naming;     /* the base's name for an import is being typed */
	struct line name;
};

static void
build(void *ctx)
{
	struct start *s = ctx;

	s->shown = s->nrecent < START_RECENT ? s->nrecent : START_RECENT;
	s->n = s->shown + START_N;
}

static size_t
count(void *ctx)
{
	return ((struct start *)ctx)->n;
}

static void
draw_row(void *ctx, size_t i, int y, int x, int w, bool cursor)
{
	struct start *s = ctx;

	(void)cursor;
	if (i < s->shown)
		tui_put_tail(y, x, w, s->recent[i], true);
	else
		tui_put(y, x, w, _(labels[i - s->shown]), true);
}

static const struct list_ops start_ops = {build, count, NULL, draw_row};

static void
paint(struct tui *t, struct start *s, struct list *l)
{
	int w, h;

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
	w = t->cols - 8 < 70 ? t->cols - 8 : 70;
	h = (int)s->n < t->rows - 7 ? (int)s->n : t->rows - 7;
	list_draw(l, 4, 4, h, w);
	if (t->msg[0] != '\0') {
		attrset(theme_attr(t->msg_error ? ROLE_ERROR : ROLE_NORMAL));
		tui_put_msg(t->rows - 2, 0, t->cols, t->msg, true);
		attrset(theme_attr(ROLE_NORMAL));
	}
	attrset(theme_attr(ROLE_BAR_LABEL));
	tui_put(t->rows - 1, 0, t->cols,
	        s->naming ? _(" Enter create or open it   Tab completes   Esc back")
	                  : _(" Enter choose   q, F10 quit"),
	        true);
	attrset(theme_attr(ROLE_NORMAL));
	if (s->naming) {
		struct prompt p = {.active = true};

		snprintf(p.label, sizeof p.label, "%s",
		         _("The base to import into (a new file is created):"));
		p.line = s->name;
		prompt_draw(&p, t->rows - 3, t->cols);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

/* A key while the base's name is typed: 1 when *path_out is the base
 * to open (created empty when it was not there), 0 to go on. */
static int
name_key(struct tui *t, struct start *s, struct key k, char **path_out)
{
	static const char *const exts[] = {"db", "sqlite", NULL};
	char typed[LINE_TEXT_SIZE], *full;
	struct pathcomp pc;
	struct db *db = NULL;
	struct err e = {0};

	if (!k.fn && k.code == 27) {
		s->naming = false;
		return 0;
	}
	line_text(&s->name, typed, sizeof typed);
	if (!k.fn && k.code == '\t') {
		if (path_complete(typed, exts, &pc, &e) != 0) {
			tui_error(t, &e);
			return 0;
		}
		line_set(&s->name, pc.text);
		pathcomp_free(&pc);
		return 0;
	}
	if (!((k.fn && k.code == KEY_ENTER) || (!k.fn && (k.code == '\n' || k.code == '\r')))) {
		line_key(&s->name, k);
		return 0;
	}
	if (typed[0] == '\0')
		return 0;
	if ((full = path_expand(typed)) == NULL) {
		tui_message(t, true, "%s", _("out of memory"));
		return 0;
	}
	/* an existing base is imported into; a new one made empty */
	if (db_open(&db, full, DB_CREATE, &e) != 0) {
		tui_error(t, &e);
		free(full);
		return 0;
	}
	db_close(&db);
	*path_out = full;
	return 1;
}

int
start_run(struct tui *t, tui_demo_fn demo, char **path_out, bool *import, struct err *e)
{
	struct start s = {.t = t};
	struct list l;
	struct key k;
	struct err re = {0};
	wint_t wc;
	int got;
	enum op op;

	*path_out = NULL;
	*import = false;
	if (recent_list(&s.recent, &s.nrecent, &re) != 0)
		tui_error(t, &re); /* the demo and the import still work */
	list_init(&l, &start_ops, &s);
	list_rebuild(&l, 0);
	nodelay(stdscr, FALSE);
	for (;;) {
		paint(t, &s, &l);
		if ((got = get_wch(&wc)) == ERR)
			continue;
		k = (struct key){.code = wc, .fn = got == KEY_CODE_YES};
		if (k.fn && k.code == KEY_MOUSE) {
			MEVENT ev;

			if (getmouse(&ev) == OK && (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
				list_mouse(&l, ev.y, ev.x, true, 0);
			continue;
		}
		if (!(k.fn && k.code == KEY_RESIZE))
			t->msg[0] = '\0';
		if (s.naming && !(k.fn && k.code == KEY_RESIZE)) {
			if (name_key(t, &s, k, path_out) == 1) {
				*import = true;
				break;
			}
			continue;
		}
		op = keys_lookup(t, k);
		if (op == OP_QUIT)
			break;
		if (op == OP_REDRAW)
			clearok(curscr, TRUE); /* the next paint sends all of it */
		/* Enter (the tree's "open the list"), →, l: choose */
		if (op != OP_EXPAND && op != OP_LIST_OPEN) {
			list_op(&l, op);
			continue;
		}
		if (l.cur < s.shown) {
			if ((*path_out = strdup(s.recent[l.cur])) == NULL)
				tui_message(t, true, "%s", _("out of memory"));
			else
				break;
			continue;
		}
		if (l.cur - s.shown == START_QUIT)
			break;
		if (l.cur - s.shown == START_IMPORT) {
			s.naming = true;
			line_set(&s.name, START_BASE);
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
	recent_free(&s.recent, s.nrecent);
	return *path_out != NULL ? 0 : 1;
}
