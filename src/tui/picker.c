/* The picker: a searchable list in a box over the screen (the field
 * picker; later the tag picker and the column chooser). Typing filters the
 * rows, case-insensitively in any script, on any of their texts, anywhere
 * in them; ↑↓ PgUp PgDn Home End move; Enter picks; Esc cancels. The rows
 * are the caller's, drawn by its callback: the picker knows nothing of
 * what they are. Built on the list widget. */
#include "config.h"

#include <curses.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "private.h"
#include "text/text.h"

struct picker {
	struct tui *t;
	const struct picker_ops *ops;
	void *ctx;
	char title[256];
	struct line query;  /* typed at the end: no cursor moves */
	char *folded;      /* the query, folded; NULL when empty */
	size_t *rows;      /* the rows that match, as the caller's indices */
	size_t n;
	struct list list;
	int qy, qx;        /* where the query's cursor was drawn */
	void (*typed)(void *ctx, const char *query); /* picker_set_typed's */
};

/* True when row i has a text that contains the folded query. */
static bool
matches(struct picker *p, size_t i)
{
	const char *s;
	char buf[512];

	if (p->folded == NULL)
		return true;
	for (int k = 0; (s = p->ops->text(p->ctx, i, k)) != NULL; k++) {
		text_fold_buf(s, strlen(s), buf, sizeof buf);
		if (strstr(buf, p->folded) != NULL)
			return true;
	}
	return false;
}

/* --- the list's callbacks ---------------------------------------------------- */

static void
build(void *ctx)
{
	struct picker *p = ctx;
	size_t all = p->ops->count(p->ctx), i;
	size_t *v = realloc(p->rows, (all ? all : 1) * sizeof *v);

	if (v == NULL)
		return; /* the old rows stay */
	p->rows = v;
	p->n = 0;
	for (i = 0; i < all; i++)
		if (matches(p, i))
			p->rows[p->n++] = i;
}

static size_t
count(void *ctx)
{
	return ((struct picker *)ctx)->n;
}

static long long
row_id(void *ctx, size_t i)
{
	return (long long)((struct picker *)ctx)->rows[i] + 1;
}

static void
draw_row(void *ctx, size_t i, int y, int x, int w, bool cursor)
{
	struct picker *p = ctx;

	p->ops->draw(p->ctx, p->rows[i], y, x, w, cursor);
}

static const struct list_ops picker_list_ops = {build, count, row_id, draw_row};

/* --- the model ------------------------------------------------------------------- */

/* Folds the query and filters the rows again. */
static void
refilter(struct picker *p)
{
	char q[LINE_MAX_CHARS * 4 + 1];

	free(p->folded);
	p->folded = NULL;
	line_text(&p->query, q, sizeof q);
	if (q[0] != '\0')
		p->folded = text_fold(q);
	if (p->typed != NULL)
		p->typed(p->ctx, q);
	list_rebuild(&p->list, 0);
}

void
picker_set_typed(struct tui *t, void (*typed)(void *ctx, const char *query))
{
	if (t->picker != NULL)
		t->picker->typed = typed;
}

bool
picker_active(const struct tui *t)
{
	return t->picker != NULL;
}

void
picker_close(struct tui *t)
{
	struct picker *p = t->picker;

	if (p == NULL)
		return;
	free(p->folded);
	free(p->rows);
	free(p);
	t->picker = NULL;
}

int
picker_open(struct tui *t, const char *title, const struct picker_ops *ops, void *ctx,
            size_t select)
{
	struct picker *p;

	picker_close(t);
	if ((p = calloc(1, sizeof *p)) == NULL)
		return -1;
	p->t = t;
	p->ops = ops;
	p->ctx = ctx;
	snprintf(p->title, sizeof p->title, "%s", title);
	list_init(&p->list, &picker_list_ops, p);
	t->picker = p;
	list_rebuild(&p->list, select != SIZE_MAX ? (long long)select + 1 : 0);
	return 0;
}

void
picker_refresh(struct tui *t)
{
	if (t->picker != NULL)
		list_rebuild(&t->picker->list, 0);
}

/* Closes the picker, then tells the caller: row i, or SIZE_MAX when
 * cancelled (the caller frees its ctx there). */
static unsigned
finish(struct tui *t, size_t i)
{
	struct picker *p = t->picker;
	const struct picker_ops *ops = p->ops;
	void *ctx = p->ctx;

	picker_close(t);
	return ops->done(t, ctx, i) | R_REDRAW;
}

unsigned
picker_key(struct tui *t, struct key k)
{
	struct picker *p = t->picker;
	enum op op = OP_NONE;

	if (p == NULL)
		return R_NONE;
	if (!k.fn && k.code == 27)
		return finish(t, SIZE_MAX);
	if ((k.fn && k.code == KEY_ENTER) || (!k.fn && (k.code == '\n' || k.code == '\r'))) {
		if (p->n == 0)
			return R_NONE;
		return finish(t, p->rows[p->list.cur]);
	}
	if (k.fn) {
		switch (k.code) {
		case KEY_UP: op = OP_UP; break;
		case KEY_DOWN: op = OP_DOWN; break;
		case KEY_PPAGE: op = OP_PGUP; break;
		case KEY_NPAGE: op = OP_PGDN; break;
		case KEY_HOME: op = OP_HOME; break;
		case KEY_END: op = OP_END; break;
		case KEY_BACKSPACE:
			if (p->query.len == 0)
				return R_NONE;
			line_key(&p->query, k);
			refilter(p);
			return R_REDRAW;
		case KEY_RESIZE:
			return R_REDRAW;
		default:
			return R_NONE;
		}
		return list_op(&p->list, op);
	}
	if (k.code == 127 || k.code == 8)
		return picker_key(t, (struct key){KEY_BACKSPACE, true});
	/* ^U clears the query, a character extends it */
	if ((k.code != 21 && k.code < 32) || !line_key(&p->query, k))
		return R_NONE;
	refilter(p);
	return R_REDRAW;
}

unsigned
picker_mouse(struct tui *t, int y, int x, bool click, int wheel)
{
	return t->picker != NULL ? list_mouse(&t->picker->list, y, x, click, wheel) : R_NONE;
}

void
tui_box(int y, int x, int h, int w, const char *title)
{
	for (int i = 1; i < h - 1; i++)
		mvhline(y + i, x + 1, ' ', w - 2);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attrset(theme_attr(ROLE_TITLE));
	tui_put(y, x + 2, w - 4, title, false);
	attrset(theme_attr(ROLE_NORMAL));
}

void
picker_draw(struct tui *t)
{
	struct picker *p = t->picker;
	char q[LINE_MAX_CHARS * 4 + 1], line[256], a[32], b[32];
	int w, h, y, x, used;

	if (p == NULL)
		return;
	w = t->cols - 4 < 96 ? t->cols - 4 : 96;
	h = t->rows - 2;
	y = 1;
	x = (t->cols - w) / 2;
	tui_box(y, x, h, w, p->title);
	/* the query, then the rows, then how many match */
	line_text(&p->query, q, sizeof q);
	attrset(A_BOLD);
	used = tui_put(y + 1, x + 2, w - 4, _("Search:"), false);
	attrset(theme_attr(ROLE_NORMAL));
	used += 1 + tui_put(y + 1, x + 3 + used, w - 5 - used, q, false);
	p->qy = y + 1;
	p->qx = x + 2 + used;
	mvhline(y + 2, x + 1, ACS_HLINE, w - 2);
	if (p->n == 0) {
		attrset(theme_attr(ROLE_DIM));
		tui_put(y + 3, x + 2, w - 4, _("(nothing matches: Backspace)"), false);
		attrset(theme_attr(ROLE_NORMAL));
	} else {
		list_draw(&p->list, y + 3, x + 1, h - 4, w - 2);
	}
	/* TRANSLATORS: under the picker's rows: how many match of how many. */
	snprintf(line, sizeof line, _(" %s of %s · Enter picks · Esc cancels "),
	         tui_group(t, (long long)p->n, a, sizeof a),
	         tui_group(t, (long long)p->ops->count(p->ctx), b, sizeof b));
	tui_put(y + h - 1, x + 2, w - 4, line, false);
}

void
picker_cursor(const struct tui *t)
{
	if (t->picker != NULL)
		move(t->picker->qy, t->picker->qx);
}
