/* The plan editor, a screen of its own (p from the tree): the selected
 * segment's who, what, why, when, where and strategy as six multi-line
 * fields (text_edit.c), Tab and Shift-Tab between them, F2 or Ctrl-S
 * saves them in one core call (segment_set_plan: one undo step, which u
 * on the tree takes back), and leaving with unsaved changes asks first:
 * save, discard or stay. A click on a field gives it the keys. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "private.h"
#include "segment/segment.h"
#include "util/strbuf.h"

enum { NFIELDS = 6 };

/* the column heads of `clientele plan`, translated the same way */
static const char *const labels[NFIELDS] = {N_("Who"), N_("What"), N_("Why"),
                                            N_("When"), N_("Where"), N_("Strategy")};
static const char *const hints[NFIELDS] = {
	N_("who they are"), N_("what we offer them"), N_("why they would want it"),
	N_("when to reach them"), N_("where: the channels"), N_("how, step by step"),
};

enum ask { ASK_NONE, ASK_LEAVE, ASK_QUIT };

struct plan_edit {
	char *path;
	struct text_edit f[NFIELDS];
	char *saved[NFIELDS]; /* as the base has them ("" for none) */
	int focus;
	enum ask asking;      /* unsaved changes: the question is out */
	int top[NFIELDS], rows[NFIELDS]; /* where each field was drawn (label
	                                  * included); rows 0: not drawn */
};

static void
pe_free(void *ctx)
{
	struct plan_edit *p = ctx;

	if (p == NULL)
		return;
	for (int i = 0; i < NFIELDS; i++) {
		text_edit_free(&p->f[i]);
		free(p->saved[i]);
	}
	free(p->path);
	free(p);
}

/* Whether a field differs from what the base has. */
static bool
changed(const struct plan_edit *p)
{
	for (int i = 0; i < NFIELDS; i++) {
		char *s = textbuf_text(&p->f[i].b);
		bool same = s != NULL && strcmp(s, p->saved[i]) == 0;

		free(s);
		if (!same)
			return true;
	}
	return false;
}

/* Stores the six fields: one core call, one undo step. */
static int
save(struct tui *t, struct plan_edit *p)
{
	char *s[NFIELDS] = {0};
	struct err e = {0};
	int i;

	for (i = 0; i < NFIELDS; i++)
		if ((s[i] = textbuf_text(&p->f[i].b)) == NULL)
			break;
	if (i < NFIELDS) {
		err_set(&e, EXIT_FAIL, _("out of memory saving the plan"));
	} else {
		struct segment_plan sp = {s[0], s[1], s[2], s[3], s[4], s[5]};

		if (segment_set_plan(t->db, p->path, &sp, &e) == 0) {
			for (i = 0; i < NFIELDS; i++) {
				free(p->saved[i]);
				p->saved[i] = s[i];
				s[i] = NULL;
			}
			tui_message(t, false, _("Saved the plan of \"%s\" (u on the tree undoes it)."),
			            p->path);
			t->dirty |= plan_view_saved(t);
			return 0;
		}
	}
	for (i = 0; i < NFIELDS; i++)
		free(s[i]);
	tui_error(t, &e);
	return -1;
}

/* Leaving (Esc) or quitting (F10): asks first when a field changed. */
static unsigned
leave(struct tui *t, struct plan_edit *p, enum ask how)
{
	if (changed(p)) {
		p->asking = how;
		tui_message(t, false, "%s",
		            _("Unsaved changes: s saves them, d discards them, Esc stays here."));
		return R_REDRAW;
	}
	if (how == ASK_QUIT)
		return R_QUIT;
	screen_pop(t);
	return R_REDRAW | R_RELOAD;
}

/* The answer to the question. */
static unsigned
answer(struct tui *t, struct plan_edit *p, struct key k)
{
	enum ask how = p->asking;

	p->asking = ASK_NONE;
	if (!k.fn && (k.code == L's' || k.code == L'S' || k.code == 19)) {
		if (save(t, p) != 0)
			return R_REDRAW;
	} else if (!(!k.fn && (k.code == L'd' || k.code == L'D'))) {
		t->msg[0] = '\0';
		return R_REDRAW; /* Esc, or any other key: stay */
	}
	if (how == ASK_QUIT)
		return R_QUIT;
	screen_pop(t);
	return R_REDRAW | R_RELOAD;
}

enum { ACT_NEXT = 1, ACT_PREV, ACT_SAVE, ACT_MOVE, ACT_LINE, ACT_CLEAR };

static const struct screen_key pe_keys[] = {
	{KEY_CH('\t'), "Tab", ACT_NEXT, N_("the next field")},
	{KEY_FN(KEY_BTAB), "Shift-Tab", ACT_PREV, N_("the previous field")},
	{KEY_FN(KEY_F(2)), "F2", ACT_SAVE, N_("save the plan (one step that u on the tree undoes)")},
	{KEY_CH(19), "Ctrl-S", ACT_SAVE, NULL},
	{KEY_FN(KEY_UP), "← → ↑ ↓", ACT_MOVE, N_("move in the text (Home, End: the line's ends)")},
	{KEY_CH('\n'), "Enter", ACT_LINE, N_("a new line")},
	{KEY_CH(21), "Ctrl-U", ACT_CLEAR, N_("clear the line")},
};

static unsigned
pe_key(struct tui *t, void *ctx, struct key k)
{
	struct plan_edit *p = ctx;

	if (p->asking != ASK_NONE)
		return answer(t, p, k);
	switch (keys_find(pe_keys, sizeof pe_keys / sizeof pe_keys[0], k)) {
	case ACT_NEXT:
		p->focus = (p->focus + 1) % NFIELDS;
		return R_REDRAW;
	case ACT_PREV:
		p->focus = (p->focus + NFIELDS - 1) % NFIELDS;
		return R_REDRAW;
	case ACT_SAVE:
		if (!changed(p)) {
			tui_message(t, false, "%s", _("Nothing to save: the plan is as stored."));
			return R_REDRAW;
		}
		return save(t, p) == 0 ? R_REDRAW | R_RELOAD : R_REDRAW;
	}
	/* the keys every screen has, but q and ? that are typed */
	if (k.fn || k.code < 32) {
		switch (keys_screen_common(k)) {
		case -1:
			return leave(t, p, ASK_LEAVE);
		case -2:
			t->help = true;
			return R_REDRAW;
		case -4:
			return leave(t, p, ASK_QUIT);
		}
	}
	return text_edit_key(&p->f[p->focus], k) ? R_REDRAW : R_NONE;
}

/* A field's label line: its name and what it is for; the focused one
 * stands out. */
static void
draw_label(struct tui *t, const struct plan_edit *p, int i, int y)
{
	char line[256];

	snprintf(line, sizeof line, " %s — %s", _(labels[i]), _(hints[i]));
	attrset(i == p->focus ? theme_attr(ROLE_CURSOR) : (int)A_BOLD);
	tui_put(y, 0, t->cols, line, true);
	attrset(theme_attr(ROLE_NORMAL));
}

static void
pe_draw(struct tui *t, void *ctx, int y, int h)
{
	struct plan_edit *p = ctx;
	int w = t->cols - 2, base, extra;

	for (int i = 0; i < NFIELDS; i++) {
		p->f[i].cy = -1;
		p->rows[i] = 0;
	}
	if (h < 2 * NFIELDS) {
		/* a small window: the focused field alone */
		draw_label(t, p, p->focus, y);
		text_edit_draw(&p->f[p->focus], y + 1, 2, h - 1, w);
		p->top[p->focus] = y;
		p->rows[p->focus] = h;
		return;
	}
	base = (h - NFIELDS) / NFIELDS;
	extra = (h - NFIELDS) % NFIELDS;
	for (int i = 0; i < NFIELDS; i++) {
		int rows = base + (i == p->focus ? extra : 0);

		p->top[i] = y;
		p->rows[i] = rows + 1;
		draw_label(t, p, i, y++);
		text_edit_draw(&p->f[i], y, 2, rows, w);
		y += rows;
	}
}

static void
pe_status(struct tui *t, void *ctx, int y)
{
	struct plan_edit *p = ctx;
	char line[512];

	/* TRANSLATORS: the plan editor's status line: the field, its
	 * number of six, and whether something is not saved yet. */
	snprintf(line, sizeof line, _(" %s (%d of %d)%s │ Tab: next field, F2: save"),
	         _(labels[p->focus]), p->focus + 1, NFIELDS,
	         changed(p) ? _(" │ not saved") : "");
	attrset(theme_attr(ROLE_STATUS));
	tui_put(y, 0, t->cols, line, true);
	attrset(theme_attr(ROLE_NORMAL));
}

/* A click gives its field the keys; the wheel moves in the focused one. */
static unsigned
pe_mouse(struct tui *t, void *ctx, int y, int x, bool click, int wheel)
{
	struct plan_edit *p = ctx;

	(void)t, (void)x;
	if (p->asking != ASK_NONE)
		return R_NONE;
	if (wheel != 0)
		return text_edit_key(&p->f[p->focus], (struct key){wheel < 0 ? KEY_UP : KEY_DOWN, true})
		               ? R_REDRAW
		               : R_NONE;
	for (int i = 0; click && i < NFIELDS; i++)
		if (p->rows[i] > 0 && y >= p->top[i] && y < p->top[i] + p->rows[i]) {
			p->focus = i;
			return R_REDRAW;
		}
	return R_NONE;
}

static const char *
pe_subtitle(void *ctx)
{
	return ((struct plan_edit *)ctx)->path;
}

static bool
pe_caret(void *ctx, int *y, int *x)
{
	struct plan_edit *p = ctx;
	const struct text_edit *f = &p->f[p->focus];

	if (p->asking != ASK_NONE || f->cy < 0)
		return false;
	*y = f->cy;
	*x = f->cx;
	return true;
}

static const struct bar_entry pe_bar[] = {
	{"1", N_("Help")}, {"2", N_("Save")}, {"3", ""}, {"4", ""}, {"5", ""},
	{"6", ""}, {"7", ""}, {"8", ""}, {"9", ""}, {"10", N_("Quit")},
};

static const struct screen_ops pe_ops = {
	/* TRANSLATORS: the plan editor's title. */
	.title = N_("Plan"),
	.subtitle = pe_subtitle,
	.draw = pe_draw,
	.status = pe_status,
	.key = pe_key,
	.mouse = pe_mouse,
	.free = pe_free,
	.keys = pe_keys,
	.nkeys = sizeof pe_keys / sizeof pe_keys[0],
	.bar = pe_bar,
	.nbar = sizeof pe_bar / sizeof pe_bar[0],
	.typing = true,
	.caret = pe_caret,
};

unsigned
plan_edit_open(struct tui *t, const char *path)
{
	struct plan_edit *p = calloc(1, sizeof *p);
	struct segment s = {0};
	struct err e = {0};
	bool oom = p == NULL;

	if (p == NULL) {
		tui_message(t, true, "%s", _("out of memory opening the plan"));
		return R_REDRAW;
	}
	if (segment_find(t->db, path, &s, &e) != 0) {
		pe_free(p);
		return tui_error(t, &e);
	}
	{
		const char *v[NFIELDS] = {s.plan_who, s.plan_what, s.plan_why,
		                          s.plan_when, s.plan_where, s.strategy};

		p->path = str_dup(s.path, &oom);
		for (int i = 0; i < NFIELDS; i++) {
			p->saved[i] = str_dup(v[i] != NULL ? v[i] : "", &oom);
			if (!oom && text_edit_set(&p->f[i], p->saved[i]) != 0)
				oom = true;
		}
	}
	segment_clear(&s);
	if (oom) {
		pe_free(p);
		tui_message(t, true, "%s", _("out of memory opening the plan"));
		return R_REDRAW;
	}
	if (screen_push(t, &pe_ops, p, &e) != 0)
		return tui_error(t, &e);
	return R_REDRAW;
}
