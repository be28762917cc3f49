/* A stack of full screens over the main one (the customer list, the tag
 * manager...): each has its draw, status, key and counted handlers and its
 * key table; the loop paints and feeds the top one, and the keys every
 * screen shares are answered here: Esc and q go back, ? and F1 show its
 * help from its key table, F10 and Ctrl-C quit. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "private.h"

#define SCREEN_TAGS ((uint64_t)1 << 57)
#define SCREEN_SLOTS 32 /* the main screen's slots are below */

static const struct bar_entry default_bar[] = {
	{"1", N_("Help")}, {"2", ""}, {"3", ""}, {"4", ""}, {"5", ""},
	{"6", ""}, {"7", ""}, {"8", ""}, {"9", ""}, {"10", N_("Quit")},
};

int
screen_push(struct tui *t, const struct screen_ops *ops, void *ctx, struct err *e)
{
	if (t->nscreens == t->screens_cap) {
		size_t cap = t->screens_cap == 0 ? 4 : t->screens_cap * 2;
		struct screen *s = realloc(t->screens, cap * sizeof *s);

		if (s == NULL) {
			if (ops->free != NULL)
				ops->free(ctx);
			return err_set(e, EXIT_FAIL, _("out of memory opening %s"), _(ops->title));
		}
		t->screens = s;
		t->screens_cap = cap;
	}
	/* what was over the screen below belongs to it */
	picker_close(t);
	form_close(t);
	t->prompt.active = false;
	t->help = false;
	t->screens[t->nscreens++] = (struct screen){.ops = ops, .ctx = ctx};
	t->dirty |= R_REDRAW;
	return 0;
}

void
screen_pop(struct tui *t)
{
	struct screen s;

	if (t->nscreens == 0)
		return;
	picker_close(t);
	form_close(t);
	t->prompt.active = false;
	t->help = false;
	s = t->screens[--t->nscreens];
	if (s.ops->free != NULL)
		s.ops->free(s.ctx);
	if (t->nscreens == 0) {
		free(t->screens);
		t->screens = NULL;
		t->screens_cap = 0;
	}
	t->dirty |= R_REDRAW;
}

void
screen_pop_all(struct tui *t)
{
	while (t->nscreens > 0)
		screen_pop(t);
}

bool
screen_active(const struct tui *t)
{
	return t->nscreens > 0;
}

void *
screen_top(const struct tui *t)
{
	return t->nscreens > 0 ? t->screens[t->nscreens - 1].ctx : NULL;
}

uint64_t
screen_tag(struct tui *t)
{
	return SCREEN_TAGS + ++t->screen_tags;
}

int
screen_slot(const struct tui *t, const void *ctx, int n)
{
	size_t i;

	for (i = 0; i < t->nscreens; i++)
		if (t->screens[i].ctx == ctx)
			break;
	return SCREEN_SLOTS + (int)i * 8 + (n & 7);
}

void
screen_title(struct tui *t, const char *text)
{
	int x;

	attrset(theme_attr(ROLE_TITLE));
	x = tui_put(0, 0, t->cols, " clientele — ", false);
	tui_put(0, x, t->cols - x, text, true);
	attrset(theme_attr(ROLE_NORMAL));
}

static void
screen_bar(struct tui *t, const struct screen *s)
{
	if (s->ops->bar != NULL)
		bar_draw_entries(t, t->rows - 1, s->ops->bar, s->ops->nbar);
	else
		bar_draw_entries(t, t->rows - 1, default_bar,
		                 sizeof default_bar / sizeof default_bar[0]);
}

void
screen_paint(struct tui *t)
{
	const struct screen *s = &t->screens[t->nscreens - 1];
	const char *sub = s->ops->subtitle != NULL ? s->ops->subtitle(s->ctx) : NULL;
	char title[1024];

	if (sub != NULL && *sub != '\0')
		snprintf(title, sizeof title, "%s: %s", _(s->ops->title), sub);
	else
		snprintf(title, sizeof title, "%s", _(s->ops->title));
	screen_title(t, title);
	s->ops->draw(t, s->ctx, 1, t->rows - 4);
	attrset(theme_attr(ROLE_STATUS));
	move(t->rows - 2, 0);
	for (int x = 0; x < t->cols; x++)
		addch(' ');
	if (s->ops->status != NULL)
		s->ops->status(t, s->ctx, t->rows - 2);
	attrset(theme_attr(ROLE_NORMAL));
	screen_bar(t, s);
}

void
screen_help_draw(struct tui *t)
{
	const struct screen *s = &t->screens[t->nscreens - 1];

	keys_help_table(t, _(s->ops->title), s->ops->keys, s->ops->nkeys, s->ops->cursor != NULL,
	                s->ops->typing);
	screen_bar(t, s);
}

unsigned
screen_key(struct tui *t, struct key k)
{
	const struct screen *s = &t->screens[t->nscreens - 1];
	enum op op;

	if (s->ops->typing)
		return s->ops->key(t, s->ctx, k);
	switch (keys_screen_common(k)) {
	case -1:
		screen_pop(t);
		return R_REDRAW;
	case -2:
		t->help = true;
		return R_REDRAW;
	case -4:
		return R_QUIT;
	}
	if (s->ops->cursor != NULL && (op = keys_screen_move(k)) != OP_NONE)
		return s->ops->cursor(t, s->ctx, op);
	return s->ops->key(t, s->ctx, k);
}

bool
screen_caret(const struct tui *t)
{
	const struct screen *s;
	int y, x;

	if (t->nscreens == 0 || t->help)
		return false;
	s = &t->screens[t->nscreens - 1];
	if (s->ops->caret == NULL || !s->ops->caret(s->ctx, &y, &x))
		return false;
	move(y, x);
	return true;
}

unsigned
screen_mouse(struct tui *t, int y, int x, bool click, int wheel)
{
	const struct screen *s = &t->screens[t->nscreens - 1];

	return s->ops->mouse != NULL ? s->ops->mouse(t, s->ctx, y, x, click, wheel) : R_NONE;
}

unsigned
screen_counted(struct tui *t, const struct count_result *r)
{
	unsigned flags = R_NONE;

	for (size_t i = 0; i < t->nscreens; i++)
		if (t->screens[i].ops->counted != NULL)
			flags |= t->screens[i].ops->counted(t, t->screens[i].ctx, r);
	return flags;
}

unsigned
screen_changed(struct tui *t)
{
	unsigned flags = R_NONE;

	for (size_t i = 0; i + 1 < t->nscreens; i++)
		if (t->screens[i].ops->changed != NULL)
			flags |= t->screens[i].ops->changed(t, t->screens[i].ctx);
	return flags;
}
