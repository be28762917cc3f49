/* A generic list (tmux's mode-tree): the rows come from build/count/id
 * callbacks over live data, the cursor follows its row's stable id across
 * rebuilds, and only the visible rows are drawn; after a cursor move, only
 * the two rows it touches. */
#include "config.h"

#include <curses.h>

#include "private.h"

/* The whole paint under way: a list drawn in it is on the screen as drawn. */
static unsigned frame = 1;
/* The lists whose cursor a key moved since the last paint, by serial: the
 * one (0: none), whether there were more, and whether it was painted. */
static unsigned next_serial, moved;
static bool moved_many, moved_painted;

void
list_new_frame(void)
{
	frame++;
	moved = 0;
	moved_many = moved_painted = false;
}

bool
list_moves_painted(void)
{
	bool all = moved == 0 || (!moved_many && moved_painted);

	moved = 0;
	moved_many = moved_painted = false;
	return all;
}

static unsigned
note_move(struct list *l)
{
	if (moved != 0 && moved != l->serial)
		moved_many = true;
	moved = l->serial;
	return R_CURSOR;
}

static void
note_painted(const struct list *l)
{
	if (l->serial == moved)
		moved_painted = true;
}

void
list_init(struct list *l, const struct list_ops *ops, void *ctx)
{
	*l = (struct list){.ops = ops, .ctx = ctx, .serial = ++next_serial};
}

/* The stable id of row i: the view's, or its position (from 1: 0 is none). */
static long long
row_key(const struct list *l, size_t i)
{
	return l->ops->id != NULL ? l->ops->id(l->ctx, i) : (long long)i + 1;
}

void
list_set_cursor(struct list *l, size_t i)
{
	size_t n = l->ops->count(l->ctx);

	if (n == 0) {
		l->cur = l->top = 0;
		l->cur_id = 0;
		return;
	}
	if (i >= n)
		i = n - 1;
	l->cur = i;
	l->cur_id = row_key(l, i);
}

void
list_rebuild(struct list *l, long long want_id)
{
	long long id = want_id != 0 ? want_id : l->cur_id;
	size_t i, n;

	l->ops->build(l->ctx);
	n = l->ops->count(l->ctx);
	for (i = 0; i < n; i++)
		if (row_key(l, i) == id) {
			list_set_cursor(l, i);
			return;
		}
	list_set_cursor(l, l->cur);
}

unsigned
list_op(struct list *l, enum op op)
{
	size_t n = l->ops->count(l->ctx), page = l->h > 1 ? (size_t)l->h - 1 : 1, was = l->cur;

	if (n == 0)
		return R_NONE;
	switch (op) {
	case OP_UP:
		if (l->cur > 0)
			l->cur--;
		break;
	case OP_DOWN:
		if (l->cur + 1 < n)
			l->cur++;
		break;
	case OP_PGUP:
		l->cur = l->cur > page ? l->cur - page : 0;
		break;
	case OP_PGDN:
		l->cur = l->cur + page < n ? l->cur + page : n - 1;
		break;
	case OP_HOME:
		l->cur = 0;
		break;
	case OP_END:
		l->cur = n - 1;
		break;
	default:
		return R_NONE;
	}
	list_set_cursor(l, l->cur);
	return l->cur != was ? note_move(l) : R_NONE;
}

unsigned
list_mouse(struct list *l, int y, int x, bool click, int wheel)
{
	size_t n = l->ops->count(l->ctx);

	if (y < l->y || y >= l->y + l->h || x < l->x || x >= l->x + l->w || n == 0)
		return R_NONE;
	if (click) {
		size_t i = l->top + (size_t)(y - l->y);

		if (i >= n)
			return R_NONE;
		list_set_cursor(l, i);
		return note_move(l);
	}
	return list_op(l, wheel < 0 ? OP_UP : OP_DOWN);
}

/* Row i, on the screen (between top and top + h). */
static void
draw_one(struct list *l, size_t i)
{
	bool cursor = i == l->cur && !l->unfocused;

	if (cursor)
		attrset(theme_attr(ROLE_CURSOR));
	l->ops->draw(l->ctx, i, l->y + (int)(i - l->top), l->x, l->w, cursor);
	attrset(theme_attr(ROLE_NORMAL));
}

void
list_draw(struct list *l, int y, int x, int h, int w)
{
	size_t n = l->ops->count(l->ctx), i;

	l->y = y, l->x = x, l->h = h, l->w = w;
	l->drawn_cur = l->cur;
	l->frame = frame;
	note_painted(l);
	if (h <= 0)
		return;
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + (size_t)h)
		l->top = l->cur - (size_t)h + 1;
	for (i = l->top; i < n && i < l->top + (size_t)h; i++)
		draw_one(l, i);
}

int
list_update(struct list *l)
{
	size_t n = l->ops->count(l->ctx);

	if (l->frame != frame || l->h <= 0 || l->drawn_cur >= n || l->cur >= n)
		return l->cur == l->drawn_cur ? 0 : -1;
	note_painted(l);
	if (l->cur == l->drawn_cur)
		return 0;
	if (l->cur < l->top || l->cur >= l->top + (size_t)l->h) {
		/* It scrolls: every row, on a cleared area (rows may run out). */
		attrset(theme_attr(ROLE_NORMAL));
		for (int r = 0; r < l->h; r++)
			mvhline(l->y + r, l->x, ' ', l->w);
		list_draw(l, l->y, l->x, l->h, l->w);
		return 1;
	}
	draw_one(l, l->drawn_cur);
	draw_one(l, l->cur);
	l->drawn_cur = l->cur;
	return 1;
}
