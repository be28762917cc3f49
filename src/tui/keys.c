/* The key tables (neomutt's functions.c): every operation with its name,
 * handler and help text; apart, the default keys bound to them; the
 * function-key bar and the help screen are generated from both. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "private.h"
#include "segment/segment.h"

static unsigned
do_help(struct tui *t)
{
	t->help = true;
	return R_REDRAW;
}

static unsigned
do_quit(struct tui *t)
{
	(void)t;
	return R_QUIT;
}

static unsigned
do_recount(struct tui *t)
{
	conds_stale(t);
	facet_stale(t);
	return R_RECOUNT | R_REDRAW;
}

static unsigned
do_cmdline(struct tui *t)
{
	return cmdline_open(t);
}

static unsigned
do_redraw(struct tui *t)
{
	(void)t;
	return R_CLEAR | R_REDRAW;
}

static unsigned
do_tags(struct tui *t)
{
	return tags_open(t);
}

static unsigned
do_import(struct tui *t)
{
	return import_open(t);
}

static unsigned
do_focus(struct tui *t)
{
	t->focus_conds = !t->focus_conds;
	return R_REDRAW;
}

/* The customer list of the selected segment, on a screen of its own. */
static unsigned
do_list(struct tui *t)
{
	const struct segment *s = tree_selected(t);

	return custlist_open(t, s != NULL ? s->path : NULL, NULL,
	                     s != NULL ? s->path : NULL);
}

/* The plan editor of the selected segment (the root has no plan). */
static unsigned
do_plan_edit(struct tui *t)
{
	const struct segment *s = tree_selected(t);

	if (s == NULL) {
		tui_message(t, true, "%s", _("All customers has no plan: choose a segment, then p."));
		return R_REDRAW;
	}
	return plan_edit_open(t, s->path);
}

static unsigned
do_plan_view(struct tui *t)
{
	return plan_view_open(t);
}

static unsigned
do_freeze(struct tui *t)
{
	const struct segment *s = tree_selected(t);

	return snap_freeze(t, s != NULL ? s->path : "");
}

static unsigned
do_snapshots(struct tui *t)
{
	return snap_open(t);
}

static unsigned
do_rfm(struct tui *t)
{
	return grid_open(t, GRID_RFM);
}

static unsigned
do_abc(struct tui *t)
{
	return grid_open(t, GRID_ABC);
}

static unsigned
do_value_speed(struct tui *t)
{
	return grid_open(t, GRID_VALUE_SPEED);
}

static unsigned
do_hist(struct tui *t)
{
	return hist_open(t);
}

static unsigned
do_mark(struct tui *t)
{
	return tree_mark(t);
}

static unsigned
do_compare(struct tui *t)
{
	return compare_open(t);
}

/* The export dialog on the selected segment (the base for All customers). */
static unsigned
do_export(struct tui *t)
{
	const struct segment *s = tree_selected(t);

	return export_open(t, s != NULL ? s->path : NULL, NULL);
}

/* Operations: name, help text, and the handler (NULL: the focused panel's
 * own). */
struct op_def {
	enum op op;
	const char *help;
	unsigned (*fn)(struct tui *t);
};

static const struct op_def ops[] = {
	{OP_HELP, N_("show this help"), do_help},
	{OP_QUIT, N_("quit"), do_quit},
	{OP_UP, N_("move the cursor up"), NULL},
	{OP_DOWN, N_("move the cursor down"), NULL},
	{OP_PGUP, N_("a page up"), NULL},
	{OP_PGDN, N_("a page down"), NULL},
	{OP_HOME, N_("the first segment"), NULL},
	{OP_END, N_("the last segment"), NULL},
	{OP_EXPAND, N_("expand the segment"), NULL},
	{OP_COLLAPSE, N_("collapse the segment (or go to its parent)"), NULL},
	{OP_ADD_CHILD, N_("add a segment under this one"), NULL},
	{OP_ADD_SIBLING, N_("add a segment beside this one"), NULL},
	{OP_RENAME, N_("rename the segment"), NULL},
	{OP_DUP, N_("duplicate the segment with its subtree"), NULL},
	{OP_DELETE, N_("delete the segment with its subtree (asks first)"), NULL},
	{OP_MOVE_UP, N_("move the segment up among its siblings"), NULL},
	{OP_MOVE_DOWN, N_("move the segment down among its siblings"), NULL},
	{OP_INDENT, N_("indent: put it under the segment above it"), NULL},
	{OP_OUTDENT, N_("outdent: put it beside its parent"), NULL},
	{OP_UNDO, N_("undo the last edit"), NULL},
	{OP_RECOUNT, N_("count again"), do_recount},
	{OP_FOCUS, N_("move between the tree and the conditions"), do_focus},
	{OP_CMDLINE, N_("edit the whole rule as text (Tab completes)"), do_cmdline},
	{OP_REDRAW, N_("paint the whole screen again"), do_redraw},
	{OP_LIST_OPEN, N_("open the segment's customers as a list"), do_list},
	{OP_TAGS, N_("the tag manager: tags with counts, create, rename, merge, delete"), do_tags},
	{OP_PLAN_EDIT, N_("edit the segment's plan: who, what, why, when, where, strategy"),
	 do_plan_edit},
	{OP_PLAN_VIEW, N_("the plan of the whole tree, with sizes; saved as Markdown or CSV"),
	 do_plan_view},
	{OP_FREEZE, N_("freeze the segment's members as a snapshot (asks for a name)"), do_freeze},
	{OP_SNAPSHOTS, N_("the snapshots: each one's diff with its live segment"), do_snapshots},
	{OP_IMPORT, N_("import a CSV file of customers or orders"), do_import},
	{OP_EXPORT, N_("export the segment's customers to a file (the export dialog)"), do_export},
	{OP_RFM, N_("RFM grid and named segments"), do_rfm},
	{OP_ABC, N_("ABC×XYZ grid"), do_abc},
	{OP_VALUE_SPEED, N_("value × speed grid: spent against the time to the first purchase"),
	 do_value_speed},
	{OP_HIST, N_("histogram of a number or date field"), do_hist},
	{OP_MARK, N_("mark for compare (again: unmark)"), do_mark},
	{OP_COMPARE, N_("compare the marked segments"), do_compare},
	{OP_COND_EDIT, N_("edit the condition in a form"), NULL},
	{OP_COND_TEXT, N_("edit the condition as text"), NULL},
	{OP_COND_ADD, N_("add a condition in a form"), NULL},
	{OP_COND_ADD_TEXT, N_("add a condition typed as text"), NULL},
	{OP_COND_DELETE, N_("delete the condition (u undoes it)"), NULL},
	{OP_COND_NOT, N_("toggle `not` on the condition"), NULL},
	{OP_FACET_OPEN, N_("facet of the condition's field"), NULL},
	{OP_FACET_PICK, N_("facet of a field from a list"), NULL},
	{OP_FACET_TOGGLE, N_("facet: toggle value / set range"), NULL},
	{OP_FACET_CLOSE, N_("close the facet"), NULL},
	{OP_FACET_RANGE, N_("facet: type a range (from – to)"), NULL},
};

/* The default keys, as a user would write them. */
struct key_def {
	struct key key;
	const char *name;
	enum op op;
};

#define CH(c) {(wint_t)(c), false}
#define FN(c) {(wint_t)(c), true}
static const struct key_def defaults[] = {
	{FN(KEY_F(1)), "F1", OP_HELP},          {CH('?'), "?", OP_HELP},
	{FN(KEY_F(10)), "F10", OP_QUIT},        {CH('q'), "q", OP_QUIT},
	{CH(3), "Ctrl-C", OP_QUIT},
	{FN(KEY_UP), "↑", OP_UP},               {CH('k'), "k", OP_UP},
	{FN(KEY_DOWN), "↓", OP_DOWN},           {CH('j'), "j", OP_DOWN},
	{FN(KEY_PPAGE), "PgUp", OP_PGUP},       {FN(KEY_NPAGE), "PgDn", OP_PGDN},
	{FN(KEY_HOME), "Home", OP_HOME},        {FN(KEY_END), "End", OP_END},
	{FN(KEY_RIGHT), "→", OP_EXPAND},        {CH('\n'), "Enter", OP_LIST_OPEN},
	{FN(KEY_ENTER), NULL, OP_LIST_OPEN},    {CH('\r'), NULL, OP_LIST_OPEN},
	{FN(KEY_LEFT), "←", OP_COLLAPSE},
	{CH('a'), "a", OP_ADD_CHILD},           {FN(KEY_F(7)), "F7", OP_ADD_CHILD},
	{CH('A'), "A", OP_ADD_SIBLING},
	{CH('r'), "r", OP_RENAME},              {FN(KEY_F(2)), "F2", OP_RENAME},
	{CH('d'), "d", OP_DUP},                 {FN(KEY_F(5)), "F5", OP_DUP},
	{CH('x'), "x", OP_DELETE},              {FN(KEY_DC), "Delete", OP_DELETE},
	{FN(KEY_F(8)), "F8", OP_DELETE},
	{CH('K'), "K", OP_MOVE_UP},             {FN(KEY_SR), "Shift-↑", OP_MOVE_UP},
	{CH('J'), "J", OP_MOVE_DOWN},           {FN(KEY_SF), "Shift-↓", OP_MOVE_DOWN},
	{CH('>'), ">", OP_INDENT},              {CH('<'), "<", OP_OUTDENT},
	{CH('u'), "u", OP_UNDO},
	{CH('c'), "c", OP_RECOUNT},
	{CH(':'), ":", OP_CMDLINE},
	{CH('\t'), "Tab", OP_FOCUS},           {FN(KEY_BTAB), NULL, OP_FOCUS},
	{CH('l'), "l", OP_EXPAND},              {CH('h'), "h", OP_COLLAPSE},
	{CH('g'), "g", OP_HOME},                {CH('G'), "G", OP_END},
	{CH(12), "Ctrl-L", OP_REDRAW},
	{CH('T'), "T", OP_TAGS},               {FN(KEY_F(6)), "F6", OP_TAGS},
	{CH('p'), "p", OP_PLAN_EDIT},          {CH('P'), "P", OP_PLAN_VIEW},
	{CH('s'), "s", OP_FREEZE},             {CH('S'), "S", OP_SNAPSHOTS},
	{CH('i'), "i", OP_IMPORT},
	{CH('E'), "E", OP_EXPORT},
	{CH('R'), "R", OP_RFM},                {CH('X'), "X", OP_ABC},
	{CH('V'), "V", OP_VALUE_SPEED},
	{CH('H'), "H", OP_HIST},
	{CH(' '), "Space", OP_MARK},           {CH('C'), "C", OP_COMPARE},
};

/* The conditions panel's keys, looked up before the defaults when it has
 * the focus (the tree's a, x, Enter mean something else there). */
static const struct key_def conds_keys[] = {
	{CH('\n'), "Enter", OP_COND_EDIT},      {FN(KEY_ENTER), NULL, OP_COND_EDIT},
	{CH('\r'), NULL, OP_COND_EDIT},
	{CH('a'), "a", OP_COND_ADD},            {FN(KEY_F(7)), "F7", OP_COND_ADD},
	{CH('A'), "A", OP_COND_ADD_TEXT},
	{CH('x'), "x", OP_COND_DELETE},         {FN(KEY_DC), "Delete", OP_COND_DELETE},
	{FN(KEY_F(8)), "F8", OP_COND_DELETE},
	{CH('!'), "!", OP_COND_NOT},            {CH('e'), "e", OP_COND_TEXT},
	{CH('F'), "F", OP_FACET_OPEN},          {CH('f'), "f", OP_FACET_PICK},
	{CH(' '), "Space", OP_FACET_TOGGLE},    {CH(27), "Esc", OP_FACET_CLOSE},
	{CH('='), "=", OP_FACET_RANGE},
};

static const struct bar_entry bar[] = {
	{"1", N_("Help")}, {"2", N_("Rename")}, {"3", ""}, {"4", ""}, {"5", N_("Copy")},
	{"6", N_("Tags")}, {"7", N_("Add")}, {"8", N_("Delete")}, {"9", ""}, {"10", N_("Quit")},
};

enum op
keys_lookup(const struct tui *t, struct key k)
{
	size_t i;

	if (t->focus_conds)
		for (i = 0; i < sizeof conds_keys / sizeof conds_keys[0]; i++)
			if (conds_keys[i].key.code == k.code && conds_keys[i].key.fn == k.fn)
				return conds_keys[i].op;
	for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		if (defaults[i].key.code == k.code && defaults[i].key.fn == k.fn)
			return defaults[i].op;
	return OP_NONE;
}

unsigned
keys_run(struct tui *t, enum op op)
{
	size_t i;

	for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (ops[i].op == op)
			break;
	if (i == sizeof ops / sizeof ops[0])
		return R_NONE;
	if (ops[i].fn != NULL)
		return ops[i].fn(t);
	if (op >= OP_FACET_OPEN)
		return t->focus_conds ? facet_op(t, op) : R_NONE;
	if (op >= OP_COND_EDIT)
		return t->focus_conds ? conds_op(t, op) : R_NONE;
	/* Moving and undoing work in either panel (an open facet moves its
	 * own cursor); the tree's edits in the tree. */
	if (t->focus_conds && op != OP_UNDO)
		return facet_is_open(t) ? facet_op(t, op) : conds_op(t, op);
	return tree_op(t, op);
}

const struct bar_entry *
keys_bar(size_t *n)
{
	*n = sizeof bar / sizeof bar[0];
	return bar;
}

/* The names of the keys of table tab bound to op, ", "-separated. */
static void
key_names(const struct key_def *tab, size_t n, enum op op, char *names, size_t size)
{
	names[0] = '\0';
	for (size_t j = 0; j < n; j++) {
		if (tab[j].op != op || tab[j].name == NULL)
			continue;
		if (names[0] != '\0')
			strncat(names, ", ", size - strlen(names) - 1);
		strncat(names, tab[j].name, size - strlen(names) - 1);
	}
}

/* The help's first line, under its title; its lines are laid out in
 * columns of t->help_page lines, which may be taller than the window: a
 * line y of that page shows at y - t->help_top, when it falls between
 * HELP_TOP and the window's last line but one. */
#define HELP_TOP 2

/* The height of help columns for lines lines: the window's, or half of
 * them in two columns when more would not fit (it then scrolls). */
static int
help_layout(struct tui *t, size_t lines, int *cw)
{
	int h = t->rows - 1 - HELP_TOP;

	*cw = t->cols;
	if ((int)lines > h) {
		*cw = t->cols / 2;
		if ((int)(lines + 1) / 2 > h)
			h = (int)(lines + 1) / 2 + 1;
	}
	t->help_page = h;
	if (t->help_top > h - (t->rows - 1 - HELP_TOP))
		t->help_top = h - (t->rows - 1 - HELP_TOP);
	if (t->help_top < 0)
		t->help_top = 0;
	return h;
}

/* One line of the help at page line y, column x, cw wide: the key names
 * (or a heading, when help is NULL) and what they do. */
static void
help_row(struct tui *t, int y, int x, int cw, const char *names, const char *help)
{
	int sy = y - t->help_top;

	if (sy < HELP_TOP || sy >= t->rows - 1)
		return;
	attrset(A_BOLD);
	if (help == NULL) {
		tui_put(sy, x + 1, cw - 2, names, false);
	} else {
		tui_put(sy, x + 1, 15, names, true);
		attrset(theme_attr(ROLE_NORMAL));
		tui_put(sy, x + 17, cw - 18, help, false);
	}
	attrset(theme_attr(ROLE_NORMAL));
}

/* What the title says of scrolling, when the page is taller than the
 * window. */
static void
help_title(struct tui *t, const char *title)
{
	char line[512];
	int more = t->help_page - (t->rows - 1 - HELP_TOP);

	attrset(theme_attr(ROLE_TITLE));
	if (more > 0) {
		/* TRANSLATORS: the help's title when it is taller than the
		 * window: the title, then how to see the rest. */
		snprintf(line, sizeof line, _("%s  ↑↓ PgUp PgDn: more"), title);
		tui_put(0, 0, t->cols, line, true);
	} else {
		tui_put(0, 0, t->cols, title, true);
	}
	attrset(theme_attr(ROLE_NORMAL));
}

bool
keys_help_scroll(struct tui *t, struct key k)
{
	int h = t->rows - 1 - HELP_TOP;

	switch (keys_screen_move(k)) {
	case OP_UP: t->help_top--; break;
	case OP_DOWN: t->help_top++; break;
	case OP_PGUP: t->help_top -= h; break;
	case OP_PGDN: t->help_top += h; break;
	case OP_HOME: t->help_top = 0; break;
	case OP_END: t->help_top = t->help_page; break;
	default: return false;
	}
	if (t->help_top > t->help_page - h)
		t->help_top = t->help_page - h;
	if (t->help_top < 0)
		t->help_top = 0;
	return true;
}

void
keys_help_draw(struct tui *t)
{
	char names[128];
	size_t i, lines = sizeof ops / sizeof ops[0] + 2;
	int y = HELP_TOP, x = 0, cw, top = HELP_TOP, h;
	bool conds = false;

	h = help_layout(t, lines, &cw);
	help_title(t, _(" Help: the segment tree (Esc, q or F1 closes)"));
	for (i = 0; i < sizeof ops / sizeof ops[0]; i++, y++) {
		if (ops[i].op >= OP_COND_EDIT && !conds) {
			conds = true;
			/* two columns: the panel's keys on the right, under the
			 * tree's keys that did not fit on the left */
			if (cw < t->cols && x == 0)
				y = top, x = cw;
			else
				y++;
			help_row(t, y++, x, cw, _("In the conditions panel (Tab):"), NULL);
		}
		if (y >= top + h) {
			if (x > 0 || cw == t->cols)
				break;
			y = top, x = cw;
		}
		if (conds)
			key_names(conds_keys, sizeof conds_keys / sizeof conds_keys[0], ops[i].op, names,
			          sizeof names);
		else
			key_names(defaults, sizeof defaults / sizeof defaults[0], ops[i].op, names,
			          sizeof names);
		help_row(t, y, x, cw, names, _(ops[i].help));
	}
}

int
keys_find(const struct screen_key *tab, size_t n, struct key k)
{
	for (size_t i = 0; i < n; i++)
		if (tab[i].key.code == k.code && tab[i].key.fn == k.fn)
			return tab[i].act;
	return 0;
}

/* The cursor keys of every screen with rows (screen.c gives them to the
 * screen's move as an operation). */
static const struct screen_key screen_moves[] = {
	{FN(KEY_UP), "↑", OP_UP, N_("move the cursor up")},   {CH('k'), "k", OP_UP, NULL},
	{FN(KEY_DOWN), "↓", OP_DOWN, N_("move the cursor down")}, {CH('j'), "j", OP_DOWN, NULL},
	{FN(KEY_PPAGE), "PgUp", OP_PGUP, N_("a page up")},
	{FN(KEY_NPAGE), "PgDn", OP_PGDN, N_("a page down")},
	{FN(KEY_HOME), "Home", OP_HOME, N_("the first row")},  {CH('g'), "g", OP_HOME, NULL},
	{FN(KEY_END), "End", OP_END, N_("the last row")},      {CH('G'), "G", OP_END, NULL},
};

/* The keys every screen has (screen.c answers them). */
static const struct screen_key screen_common[] = {
	{CH(27), "Esc", -1, N_("back to the previous screen")},
	{CH('q'), "q", -1, NULL},
	{FN(KEY_F(1)), "F1", -2, N_("show this help")}, {CH('?'), "?", -2, NULL},
	{CH(12), "Ctrl-L", -3, N_("paint the whole screen again")},
	{FN(KEY_F(10)), "F10", -4, N_("quit the program")},
	{CH(3), "Ctrl-C", -4, NULL},
};

enum op
keys_screen_move(struct key k)
{
	int op = keys_find(screen_moves, sizeof screen_moves / sizeof screen_moves[0], k);

	return op != 0 ? (enum op)op : OP_NONE;
}

int
keys_screen_common(struct key k)
{
	return keys_find(screen_common, sizeof screen_common / sizeof screen_common[0], k);
}

/* Draws tab's actions from line *y in columns of cw at x (moving to the
 * second column when the first is full); false when there is no room. */
static bool
help_lines(struct tui *t, const struct screen_key *tab, size_t n, int *y, int *x, int cw, int top,
           int h)
{
	char names[128];

	for (size_t i = 0; i < n; i++) {
		size_t j;

		/* an action once, at its first key */
		for (j = 0; j < i; j++)
			if (tab[j].act == tab[i].act)
				break;
		if (j < i)
			continue;
		if (*y >= top + h) {
			if (*x > 0 || cw == t->cols)
				return false;
			*y = top, *x = cw;
		}
		names[0] = '\0';
		for (j = i; j < n; j++) {
			if (tab[j].act != tab[i].act || tab[j].name == NULL)
				continue;
			if (names[0] != '\0')
				strncat(names, ", ", sizeof names - strlen(names) - 1);
			strncat(names, tab[j].name, sizeof names - strlen(names) - 1);
		}
		help_row(t, *y, *x, cw, names, tab[i].help != NULL ? _(tab[i].help) : "");
		(*y)++;
	}
	return true;
}

void
keys_help_table(struct tui *t, const char *title, const struct screen_key *tab, size_t n,
                bool moves, bool typing)
{
	char line[512];
	size_t lines = 4 + 1 + (moves ? 6 : 0); /* the common ones: back, help, redraw,
	                                          * quit; a gap; the moves */
	int y = HELP_TOP, x = 0, cw, top = HELP_TOP, h;

	for (size_t i = 0; i < n; i++) { /* an action once */
		size_t j;

		for (j = 0; j < i && tab[j].act != tab[i].act; j++)
			;
		lines += j == i;
	}

	h = help_layout(t, lines, &cw);
	/* TRANSLATORS: %s is the screen's title ("Customers"). */
	snprintf(line, sizeof line, _(" Help: %s (Esc, q or F1 closes)"), title);
	help_title(t, line);
	if (moves && !help_lines(t, screen_moves, sizeof screen_moves / sizeof screen_moves[0], &y,
	                         &x, cw, top, h))
		return;
	if (!help_lines(t, tab, n, &y, &x, cw, top, h))
		return;
	y++;
	if (typing) {
		/* q and ? are typed there: the common keys without them */
		struct screen_key common[sizeof screen_common / sizeof screen_common[0]];
		size_t nc = 0;

		for (size_t i = 0; i < sizeof screen_common / sizeof screen_common[0]; i++)
			if (screen_common[i].key.fn || screen_common[i].key.code < 32)
				common[nc++] = screen_common[i];
		help_lines(t, common, nc, &y, &x, cw, top, h);
		return;
	}
	help_lines(t, screen_common, sizeof screen_common / sizeof screen_common[0], &y, &x, cw, top,
	           h);
}
