/* The interface's loop: curses set up and torn down, keys read with
 * get_wch beside other descriptors (poll), handlers' reaction flags
 * gathered, and one paint per turn from them. */
#include "config.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "counter.h"
#include "i18n.h"
#include "private.h"
#include "text/text.h"

#define MIN_COLS TUI_MIN_COLS
#define MIN_ROWS TUI_MIN_ROWS

void
tui_message(struct tui *t, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
	t->msg_error = error;
	t->dirty |= R_REDRAW;
}

unsigned
tui_error(struct tui *t, const struct err *e)
{
	char line[ERR_LINE_MAX];

	tui_message(t, true, "%s", err_format(e, line, sizeof line));
	return R_REDRAW;
}

const char *
tui_group(const struct tui *t, long long n, char *buf, size_t size)
{
	char digits[32], out[96];
	size_t len, i, o = 0, seplen = strlen(t->thousep);
	bool neg = n < 0;

	snprintf(digits, sizeof digits, "%lld", neg ? -n : n);
	len = strlen(digits);
	if (neg)
		out[o++] = '-';
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0 && seplen > 0) {
			memcpy(out + o, t->thousep, seplen);
			o += seplen;
		}
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, size, "%s", out);
	return buf;
}

int
tui_put_tail(int y, int x, int w, const char *s, bool pad)
{
	const char *p = s;
	int total = text_width(s);

	if (w <= 1 || total <= w)
		return tui_put(y, x, w, s, pad);
	/* drop whole characters from the start until the rest fits beside "…" */
	while (*p != '\0' && text_width(p) > w - 1) {
		mbstate_t st;
		size_t n;

		memset(&st, 0, sizeof st);
		n = mbrlen(p, MB_CUR_MAX, &st);
		p += n == 0 || n > MB_CUR_MAX ? 1 : n;
	}
	move(y, x);
	addnwstr(L"…", 1);
	return 1 + tui_put(y, x + 1, w - 1, p, pad);
}

int
tui_put_msg(int y, int x, int w, const char *s, bool pad)
{
	const char *sep = strstr(s, ": ");
	char head[1024];
	int rest, used;

	if (w <= 1 || text_width(s) <= w || sep == NULL ||
	    (size_t)(sep - s) >= sizeof head)
		return tui_put(y, x, w, s, pad);
	memcpy(head, s, (size_t)(sep - s));
	head[sep - s] = '\0';
	rest = text_width(sep);
	if (rest >= w - 8)
		return tui_put(y, x, w, s, pad);
	used = tui_put_tail(y, x, w - rest, head, false);
	return used + tui_put(y, x + used, w - used, sep, pad);
}

int
tui_put(int y, int x, int w, const char *s, bool pad)
{
	wchar_t wc[512];
	mbstate_t st;
	const char *p = s;
	size_t n;
	int used = 0, cw;
	int total = text_width(s);

	if (w <= 0)
		return 0;
	memset(&st, 0, sizeof st);
	n = mbsrtowcs(wc, &p, sizeof wc / sizeof wc[0] - 1, &st);
	if (n == (size_t)-1) {
		/* Invalid bytes: shown as '?', one column each (text_width's rule). */
		size_t i;

		for (i = 0; s[i] != '\0' && i < sizeof wc / sizeof wc[0] - 1; i++)
			wc[i] = (unsigned char)s[i] < 0x80 ? (wchar_t)s[i] : L'?';
		n = i;
	}
	wc[n] = L'\0';
	move(y, x);
	for (size_t i = 0; i < n; i++) {
		cw = wcwidth(wc[i]);
		if (cw < 0)
			cw = 1;
		if (total > w && used + cw > w - 1) {
			addnwstr(L"…", 1);
			used++;
			break;
		}
		if (used + cw > w)
			break;
		addnwstr(&wc[i], 1);
		used += cw;
	}
	if (pad)
		for (; used < w; used++)
			addch(' ');
	return used;
}

static void
paint_small(struct tui *t)
{
	erase();
	tui_put(0, 0, t->cols, _("The window is too small:"), false);
	mvprintw(1, 0, "%dx%d < %dx%d", t->cols, t->rows, MIN_COLS, MIN_ROWS);
	tui_put(2, 0, t->cols, _("make it larger"), false);
}

/* The spinner at the right of the title line, on every screen, while
 * counts are in flight. */
static void
paint_spinner(struct tui *t)
{
	const char *frame = tui_spinner(t);
	char s[128];
	int w;

	if (frame == NULL)
		return;
	snprintf(s, sizeof s, " %s %s ", frame, _("counting…"));
	w = text_width(s);
	if (w > t->cols / 3)
		return;
	attrset(theme_attr(ROLE_TITLE));
	tui_put(0, t->cols - w, w, s, false);
	attrset(theme_attr(ROLE_NORMAL));
}

/* The title line: the program, then the base's path, cut at its start
 * when the window is narrow, since the file's name says the most. */
static void
paint_title(struct tui *t)
{
	const char *head = " clientele — ";
	int x;

	attrset(theme_attr(ROLE_TITLE));
	x = tui_put(0, 0, t->cols, head, false);
	tui_put_tail(0, x, t->cols - x, t->path, true);
	attrset(theme_attr(ROLE_NORMAL));
}

/* A cursor moved, and nothing else (R_CURSOR alone): the rows it left and
 * reached, what shows the selection (the status line; the panel beside the
 * tree when the tree's selection changed), not the whole screen. False
 * when it takes a whole paint (the window changed, the list scrolled out
 * of what was drawn). */
static bool
paint_cursor(struct tui *t)
{
	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	if (!t->painted || t->help || screen_active(t) || rows != t->rows || cols != t->cols || cols < MIN_COLS ||
	    rows < MIN_ROWS || t->prompt.active || cmdline_active(t) || picker_active(t) ||
	    form_active(t))
		return false;
	if (!tree_draw_cursor(t) || !list_moves_painted())
		return false;
	bar_draw_status(t, t->rows - 2);
	refresh();
	return true;
}

/* The one place that paints, from the loop's flags: a cursor move alone
 * repaints what it touched, anything else the whole screen (Ctrl-L sends
 * all of it to the terminal again). */
/* The spinner turned, and nothing else: its corner alone, unless a line
 * being edited holds the terminal's cursor (drawing moves it). */
static bool
paint_spin(struct tui *t)
{
	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	if (!t->painted || rows != t->rows || cols != t->cols || cols < MIN_COLS ||
	    rows < MIN_ROWS || t->prompt.active || cmdline_active(t) || picker_active(t) ||
	    form_wants_cursor(t) || screen_caret(t) || tui_spinner(t) == NULL)
		return false;
	paint_spinner(t);
	refresh();
	return true;
}

/* A resize whose SIGWINCH came before curses listened for it (while the
 * program started) leaves curses with the old size: a whole paint asks
 * the terminal. */
static void
size_check(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
	    (ws.ws_row != LINES || ws.ws_col != COLS))
		resizeterm(ws.ws_row, ws.ws_col);
}

static void
paint(struct tui *t, unsigned dirty)
{
	if ((dirty & (R_REDRAW | R_CLEAR | R_CURSOR)) == 0 && paint_spin(t))
		return;
	if ((dirty & (R_REDRAW | R_CLEAR | R_CURSOR)) == R_CURSOR && paint_cursor(t))
		return;
	if (dirty & R_CLEAR)
		clearok(curscr, TRUE);
	list_new_frame();
	size_check();
	getmaxyx(stdscr, t->rows, t->cols);
	if (t->cols < MIN_COLS || t->rows < MIN_ROWS) {
		paint_small(t);
		refresh();
		return;
	}
	erase();
	if (t->help) {
		if (screen_active(t)) {
			screen_help_draw(t);
			paint_spinner(t);
		} else {
			keys_help_draw(t);
			paint_spinner(t);
			bar_draw_fkeys(t, t->rows - 1);
		}
		curs_set(0);
		refresh();
		return;
	}
	if (screen_active(t)) {
		/* a screen over the main one: its title, lines, status and bar */
		screen_paint(t);
		paint_spinner(t);
	} else {
		paint_title(t);
		paint_spinner(t);
		tree_draw(t, 1, t->rows - 4);
	}
	if (!t->prompt.active && !cmdline_active(t) && t->msg[0] != '\0') {
		attrset(theme_attr(t->msg_error ? ROLE_ERROR : ROLE_NORMAL));
		tui_put_msg(t->rows - 3, 0, t->cols, t->msg, true);
		attrset(theme_attr(ROLE_NORMAL));
	}
	if (!screen_active(t)) {
		bar_draw_status(t, t->rows - 2);
		bar_draw_fkeys(t, t->rows - 1);
	}
	/* Last, so that the terminal's cursor stays in the prompt. */
	if (t->prompt.active)
		prompt_draw(&t->prompt, t->rows - 3, t->cols);
	else if (cmdline_active(t))
		cmdline_draw(t, t->rows - 3);
	/* the form and the picker over the rest, their cursor last */
	form_draw(t);
	picker_draw(t);
	gauge_draw(t);
	if (picker_active(t))
		picker_cursor(t);
	else if (form_active(t))
		form_cursor(t);
	curs_set(!gauge_active(t) &&
	         (t->prompt.active || cmdline_active(t) || picker_active(t) ||
	          form_wants_cursor(t) || (!form_active(t) && screen_caret(t))) ? 1 : 0);
	refresh();
}

static unsigned
on_mouse(struct tui *t)
{
	MEVENT ev;

	if (getmouse(&ev) != OK || t->help || t->prompt.active || cmdline_active(t))
		return R_NONE;
	if (picker_active(t) || form_active(t))
		return picker_mouse(t, ev.y, ev.x, (ev.bstate & BUTTON1_CLICKED) != 0, 0);
	if (screen_active(t)) {
		if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED))
			return screen_mouse(t, ev.y, ev.x, true, 0);
		if (ev.bstate & BUTTON4_PRESSED)
			return screen_mouse(t, ev.y, ev.x, false, -1);
#ifdef BUTTON5_PRESSED
		if (ev.bstate & BUTTON5_PRESSED)
			return screen_mouse(t, ev.y, ev.x, false, 1);
#endif
		return R_NONE;
	}
	if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED))
		return tree_mouse(t, ev.y, ev.x, true, 0);
	if (ev.bstate & BUTTON4_PRESSED)
		return tree_mouse(t, ev.y, ev.x, false, -1);
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED)
		return tree_mouse(t, ev.y, ev.x, false, 1);
#endif
	return R_NONE;
}

static unsigned
on_key(struct tui *t, struct key k)
{
	enum op op;

	if (k.fn && k.code == KEY_RESIZE)
		return R_REDRAW;
	if (k.fn && k.code == KEY_MOUSE)
		return on_mouse(t);
	/* Ctrl-L everywhere, even in a prompt (it does not edit). */
	if ((op = keys_lookup(t, k)) == OP_REDRAW)
		return keys_run(t, op);
	getmaxyx(stdscr, t->rows, t->cols);
	if (t->cols < MIN_COLS || t->rows < MIN_ROWS) {
		/* Only quitting works on the notice. */
		return op == OP_QUIT ? R_QUIT : R_NONE;
	}
	if (gauge_active(t))
		return gauge_key(t, k);
	if (picker_active(t))
		return picker_key(t, k);
	if (form_active(t))
		return form_key(t, k);
	if (t->prompt.active)
		return prompt_key(t, &t->prompt, k);
	if (cmdline_active(t))
		return cmdline_key(t, k);
	if (t->msg[0] != '\0') {
		t->msg[0] = '\0';
		t->dirty |= R_REDRAW;
	}
	if (t->help) {
		if (op == OP_QUIT || op == OP_HELP || (!k.fn && k.code == 27)) {
			t->help = false;
			t->help_top = 0;
			return R_REDRAW;
		}
		return keys_help_scroll(t, k) ? R_REDRAW : R_NONE;
	}
	if (screen_active(t))
		return screen_key(t, k);
	if (op == OP_NONE)
		return R_NONE;
	return keys_run(t, op);
}

/* The spinner's frames, one every SPIN_MS while counts are in flight. */
static const char *const spin_frames[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
#define SPIN_MS 120

const char *
tui_spinner(const struct tui *t)
{
	if (t->counter == NULL || counter_busy(t->counter) == 0)
		return NULL;
	return spin_frames[t->spin % (sizeof spin_frames / sizeof spin_frames[0])];
}

/* Waits for the terminal or the counter's pipe; while counts are in flight,
 * at most SPIN_MS, to turn the spinner. A signal (SIGWINCH) ends the wait
 * too: get_wch then gives KEY_RESIZE. */
static void
wait_input(struct tui *t)
{
	struct pollfd fds[3] = {{.fd = STDIN_FILENO, .events = POLLIN},
	                        {.fd = counter_fd(t->counter), .events = POLLIN},
	                        {.fd = gauge_fd(t), .events = POLLIN}};
	bool busy = counter_busy(t->counter) > 0;
	struct count_result r;

	/* a negative descriptor (no work running) is ignored by poll */
	if (poll(fds, 3, busy ? SPIN_MS : -1) == 0 && busy) {
		t->spin++;
		t->dirty |= R_SPIN;
	}
	if (fds[1].revents & POLLIN) {
		memset(&r, 0, sizeof r);
		while (counter_poll(t->counter, &r) == 1) {
			t->dirty |= tree_counted(t, &r) | cmdline_counted(t, &r) |
			            fields_counted(t, &r) | form_counted(t, &r) |
			            conds_counted(t, &r) | facet_counted(t, &r) |
			            screen_counted(t, &r);
			count_result_clear(&r);
		}
		if (busy && counter_busy(t->counter) == 0)
			t->dirty |= R_REDRAW; /* the spinner goes */
	}
	if (fds[2].revents & POLLIN)
		t->dirty |= gauge_poll(t);
}

int
app_run(struct tui *t)
{
	unsigned r;
	wint_t wc;
	int got;

	t->dirty = R_REDRAW | R_RECOUNT;
	for (;;) {
		if (t->dirty & R_RELOAD) {
			t->dirty &= ~(unsigned)R_RELOAD;
			t->dirty |= tree_reload(t);
		}
		/* Counts are asked for only once the screen is up, with "…" for
		 * them; the worker runs them while keys are answered. */
		if (t->painted && (t->dirty & R_RECOUNT)) {
			t->dirty &= ~(unsigned)R_RECOUNT;
			t->dirty |= tree_count(t);
		}
		if (t->dirty & (R_REDRAW | R_CURSOR | R_CLEAR | R_SPIN)) {
			paint(t, t->dirty);
			t->dirty &= ~(unsigned)(R_REDRAW | R_CURSOR | R_CLEAR | R_SPIN);
			t->painted = true;
			continue;
		}
		/* The conditions of a new selection, once it is on the screen. */
		if (t->painted && (conds_update(t) || facet_update(t))) {
			t->dirty |= R_REDRAW;
			continue;
		}
		wait_input(t);
		/* Every key that is there, then one paint (stdscr is nodelay). */
		while ((got = get_wch(&wc)) != ERR) {
			r = on_key(t, (struct key){.code = wc, .fn = got == KEY_CODE_YES});
			if (r & R_QUIT)
				return 0;
			t->dirty |= r;
			if (r & R_RELOAD)
				break;
		}
	}
}
