/* A generic list (tmux's mode-tree): the rows come from build/count/id
 * callbacks over live data, the cursor follows its row's stable id across
 * rebuilds, and only the visible rows are drawn. */
#include "config.h"

#include <curses.h>

#include "private.h"

void
list_init(struct list *l, const struct list_ops *ops, void *ctx)
{
	*l = (struct list){.ops = ops, .ctx = ctx};
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
	return l->cur != was ? R_REDRAW : R_NONE;
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
		return R_REDRAW;
	}
	return list_op(l, wheel < 0 ? OP_UP : OP_DOWN);
}

void
list_draw(struct list *l, int y, int x, int h, int w)
{
	size_t n = l->ops->count(l->ctx), i;

	l->y = y, l->x = x, l->h = h, l->w = w;
	if (h <= 0)
		return;
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + (size_t)h)
		l->top = l->cur - (size_t)h + 1;
	for (i = l->top; i < n && i < l->top + (size_t)h; i++) {
		bool cursor = i == l->cur && !l->unfocused;

		if (cursor)
			attrset(theme_attr(ROLE_CURSOR));
		l->ops->draw(l->ctx, i, y + (int)(i - l->top), x, w, cursor);
		attrset(theme_attr(ROLE_NORMAL));
	}
}
