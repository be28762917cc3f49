/* The import screen (i from the tree, or the start screen's "Import a CSV
 * file"): a file chosen on a path line with Tab completion, its preview as
 * the import will read it (import_preview_file: delimiter, encoding, each
 * column's field and the first rows), the mapping, the date order and
 * skip-bad changed with the preview following, then the import itself in a
 * job under the gauge (import_run: the path `clientele import` takes, its
 * one transaction making a cancel change nothing), and its summary with
 * the bad rows and their lines.
 *
 * The preview reads the file on the input path, but only its head: the
 * types of new custom columns are inferred from the first PREVIEW_SCAN
 * records (the import itself reads all it needs). */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "import/import.h"
#include "private.h"
#include "text/text.h"
#include "util/pathcomp.h"
#include "util/strbuf.h"
#include "view_import.h"

#define PREVIEW_ROWS 8    /* records the preview shows */
#define PREVIEW_SCAN 2000 /* records the types are inferred from */
#define MAX_CANDS 200     /* completion candidates kept for the screen */
#define TYPE_W 30         /* the type column of the mapping */

static const char *const exts[] = {"csv", "tsv", "txt", NULL};

/* The one import screen (the prompt and picker callbacks find it here). */
static struct imp *cur;

static void
free_maps(struct imp *m)
{
	for (size_t i = 0; i < m->nmaps; i++)
		free(m->maps[i]);
	free(m->maps);
	m->maps = NULL;
	m->nmaps = 0;
}

/* Reads the preview again (the file, the mapping, the date order or the
 * kind changed); an error goes to the message line and leaves no preview. */
static unsigned
reload(struct imp *m)
{
	struct import_opts o;
	struct err e = {0};

	import_preview_free(&m->p);
	m->has_preview = false;
	m->mode = M_PREVIEW;
	if (m->fullpath == NULL)
		return R_REDRAW;
	imp_fill_opts(m, &o);
	if (!m->kind_known && import_guess_orders(m->t->db, m->fullpath, &o, &m->orders, &e) != 0)
		return tui_error(m->t, &e);
	m->kind_known = true; /* guessed once a file: the mapping changes no kind */
	imp_fill_opts(m, &o);
	if (import_preview_file(m->t->db, m->fullpath, m->orders, &o, PREVIEW_ROWS, PREVIEW_SCAN, &m->p,
	                        &e) != 0)
		return tui_error(m->t, &e);
	m->has_preview = true;
	list_rebuild(&m->list, 0);
	return R_REDRAW;
}

/* --- the path line ----------------------------------------------------------- */

static unsigned
path_complete_key(struct tui *t, struct line *l)
{
	struct imp *m = cur;
	char typed[LINE_TEXT_SIZE];
	struct err e = {0};

	if (m == NULL)
		return R_NONE;
	line_text(l, typed, sizeof typed);
	pathcomp_free(&m->comp);
	if (path_complete(typed, exts, &m->comp, &e) != 0)
		return tui_error(t, &e);
	line_set(l, m->comp.text);
	if (m->comp.n == 0)
		tui_message(t, true, _("no directory or .csv, .tsv, .txt file begins so"));
	return R_REDRAW;
}

static unsigned
path_done(struct tui *t, const char *text)
{
	struct imp *m = cur;
	char *full;
	struct stat sb;

	if (m == NULL)
		return R_NONE;
	pathcomp_free(&m->comp);
	if (*text == '\0')
		return R_REDRAW;
	if ((full = path_expand(text)) == NULL) {
		tui_message(t, true, "%s", _("out of memory"));
		return R_REDRAW;
	}
	if (stat(full, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		tui_message(t, true, _("%s is a directory: choose a file in it (Tab lists them)"), text);
		free(full);
		return R_REDRAW;
	}
	free(m->file);
	free(m->fullpath);
	m->fullpath = full;
	if ((m->file = strdup(text)) == NULL) {
		tui_message(t, true, "%s", _("out of memory"));
		return R_REDRAW;
	}
	free_maps(m);
	imp_free_lines(m);
	import_result_free(&m->res);
	m->kind_known = false;
	m->date_order = DATE_ORDER_UNKNOWN;
	return reload(m);
}

static unsigned
ask_path(struct tui *t, struct imp *m)
{
	prompt_open(&t->prompt, _("File to import (Tab completes):"), m->file, path_done);
	t->prompt.complete = path_complete_key;
	return R_REDRAW;
}

/* --- the mapping --------------------------------------------------------------- */

/* Sets the --map of column i's header to field ("-": skipped). */
static unsigned
set_map(struct imp *m, size_t i, const char *field)
{
	const char *h = m->p.cols[i].header;
	size_t hl = strlen(h), k;
	struct strbuf b = {0};
	char **v, *old = NULL;
	unsigned r;

	strbuf_addf(&b, "%s=%s", h, field);
	if (b.oom) {
		free(b.p);
		return R_NONE;
	}
	for (k = 0; k < m->nmaps; k++)
		if (strncmp(m->maps[k], h, hl) == 0 && m->maps[k][hl] == '=' &&
		    strchr(m->maps[k] + hl + 1, '=') == NULL)
			break;
	if (k < m->nmaps) {
		old = m->maps[k];
		m->maps[k] = b.p;
	} else if ((v = realloc(m->maps, (m->nmaps + 1) * sizeof *v)) != NULL) {
		m->maps = v;
		m->maps[m->nmaps++] = b.p;
	} else {
		free(b.p);
		return R_NONE;
	}
	r = reload(m);
	if (m->has_preview) {
		free(old);
		return r;
	}
	/* A mapping the import refuses (two columns on one field): said in
	 * the message line, and the one before it back. */
	free(m->maps[k]);
	if (old != NULL)
		m->maps[k] = old;
	else
		m->nmaps--;
	reload(m);
	return R_REDRAW;
}

/* The picker's rows: skip, a custom field, then the well-known fields. */
enum { PICK_SKIP, PICK_CUSTOM, PICK_FIRST };

static size_t
pick_count(void *ctx)
{
	struct imp *m = ctx;
	size_t n = 0;

	while (import_known_field(m->orders, n) != NULL)
		n++;
	return PICK_FIRST + n;
}

static const char *
pick_label(struct imp *m, size_t i)
{
	if (i == PICK_SKIP)
		return _("skip: not imported");
	if (i == PICK_CUSTOM)
		return m->orders ? NULL : _("custom field…");
	return import_known_field(m->orders, i - PICK_FIRST);
}

static const char *
pick_text(void *ctx, size_t i, int k)
{
	return k == 0 ? pick_label(ctx, i) : NULL;
}

static void
pick_draw(void *ctx, size_t i, int y, int x, int w, bool cursor)
{
	const char *s = pick_label(ctx, i);

	(void)cursor;
	tui_put(y, x, w, s != NULL ? s : _("(an orders file keeps only its own fields)"), true);
}

static unsigned
custom_done(struct tui *t, const char *text)
{
	(void)t;
	if (cur == NULL || !cur->has_preview || cur->pick_col >= cur->p.ncols || *text == '\0')
		return R_REDRAW;
	return set_map(cur, cur->pick_col, text);
}

static unsigned
pick_done(struct tui *t, void *ctx, size_t i)
{
	struct imp *m = ctx;
	char *name;

	if (i == SIZE_MAX || !m->has_preview || m->pick_col >= m->p.ncols)
		return R_REDRAW;
	if (i == PICK_SKIP)
		return set_map(m, m->pick_col, "-");
	if (i == PICK_CUSTOM) {
		if (m->orders)
			return R_REDRAW;
		name = field_name_from_header(m->p.cols[m->pick_col].header);
		prompt_open(&t->prompt, _("Name of the custom field:"), name, custom_done);
		free(name);
		return R_REDRAW;
	}
	return set_map(m, m->pick_col, import_known_field(m->orders, i - PICK_FIRST));
}

static const struct picker_ops pick_ops = {pick_count, pick_text, pick_draw, pick_done};

static unsigned
pick_open(struct tui *t, struct imp *m)
{
	const struct import_preview_col *c;
	char title[256];
	size_t sel = PICK_SKIP, i;
	const char *f;

	if (!m->has_preview || m->p.ncols == 0)
		return R_NONE;
	m->pick_col = m->list.cur;
	c = &m->p.cols[m->pick_col];
	if (c->kind == IMPORT_COL_CUSTOM)
		sel = PICK_CUSTOM;
	for (i = 0; c->kind == IMPORT_COL_KNOWN && (f = import_known_field(m->orders, i)) != NULL; i++)
		if (strcmp(f, c->field) == 0)
			sel = PICK_FIRST + i;
	/* TRANSLATORS: %s is a column's header in the file. */
	snprintf(title, sizeof title, _("Column \"%s\" is read as"), c->header);
	picker_open(t, title, &pick_ops, m, sel);
	return R_REDRAW;
}

/* --- drawing -------------------------------------------------------------------- */

static const char *
delim_name(int d)
{
	switch (d) {
	case ',': return ",";
	case ';': return ";";
	case '\t': return "Tab";
	case '|': return "|";
	default: return "?";
	}
}

static const char *
order_name(enum date_order o)
{
	switch (o) {
	case DATE_DMY: return _("day first (dd.mm.yyyy)");
	case DATE_MDY: return _("month first (mm/dd/yyyy)");
	case DATE_YMD: return _("year first (yyyy-mm-dd)");
	default: return _("as the file shows");
	}
}

/* The type column's width in a list w wide: what the header and the
 * field leave, at most TYPE_W. */
static int
type_width(int w)
{
	int left = w - 2 * (w / 4) - 2;

	return left < TYPE_W ? left : TYPE_W;
}

static size_t
list_count(void *ctx)
{
	struct imp *m = ctx;

	if (m->mode == M_RESULT)
		return m->nlines;
	return m->has_preview ? m->p.ncols : 0;
}

static void
list_build(void *ctx)
{
	(void)ctx;
}

/* A column's row: its header, the field it fills (or "not imported"), its
 * type, and its value in the first record. */
static void
draw_col(void *ctx, size_t i, int y, int x, int w, bool cursor)
{
	struct imp *m = ctx;
	const struct import_preview_col *c;
	char field[256];
	int hw = w / 4, fw = w / 4, tw = type_width(w);

	(void)cursor;
	if (m->mode == M_RESULT) {
		tui_put(y, x, w, m->lines[i], true);
		return;
	}
	c = &m->p.cols[i];
	tui_put(y, x, hw, c->header, true);
	tui_put(y, x + hw, 2, "→", true);
	if (c->kind == IMPORT_COL_SKIP)
		snprintf(field, sizeof field, "%s", _("— not imported"));
	else
		snprintf(field, sizeof field, "%s", c->field);
	tui_put(y, x + hw + 2, fw, field, true);
	if (c->kind == IMPORT_COL_SKIP)
		snprintf(field, sizeof field, "%s", c->by_user ? _("(changed)") : "");
	else
		snprintf(field, sizeof field, "%s%s%s", field_type_name(c->type),
		         c->kind == IMPORT_COL_CUSTOM ? (c->is_new ? _(", new custom") : _(", custom"))
		                                      : "",
		         c->by_user ? _(" (changed)") : "");
	tui_put(y, x + hw + 2 + fw, tw, field, true);
	if (m->p.nrows > 0)
		tui_put(y, x + hw + 2 + fw + tw, w - (hw + 2 + fw + tw), m->p.rows[0][i],
		        true);
}

static const struct list_ops imp_list_ops = {list_build, list_count, NULL, draw_col};

/* The last Tab's candidates, in columns as a shell lists them. */
static void
draw_cands(struct tui *t, struct imp *m, int y, int h)
{
	int cols, colw = 0, x, row;

	tui_put(y, 2, t->cols - 4, _("Candidates:"), false);
	y++, h--;
	for (size_t i = 0; i < m->comp.n && i < MAX_CANDS; i++)
		if (text_width(m->comp.cands[i]) + 2 > colw)
			colw = text_width(m->comp.cands[i]) + 2;
	if (colw > t->cols - 4)
		colw = t->cols - 4;
	cols = colw > 0 ? (t->cols - 4) / colw : 1;
	for (size_t i = 0; i < m->comp.n; i++) {
		row = (int)(i / (size_t)cols);
		x = 2 + (int)(i % (size_t)cols) * colw;
		if (row >= h)
			break;
		tui_put(y + row, x, colw, m->comp.cands[i], false);
	}
}

static void
scr_draw(struct tui *t, void *ctx, int y, int h)
{
	struct imp *m = ctx;
	char line[1024];
	int ly, lh, rows, tw;

	if (t->prompt.active && m->comp.n > 1) {
		draw_cands(t, m, y + 1, h - 1);
		return;
	}
	if (m->file == NULL || (!m->has_preview && m->mode == M_PREVIEW)) {
		if (m->file != NULL)
			tui_put_tail(y, 1, t->cols - 2, m->file, false);
		tui_put(y + 2, 2, t->cols - 4,
		        _("Choose a CSV file of customers or orders: f opens the path line (Tab "
		          "completes)."),
		        false);
		return;
	}
	tui_put(y, 1, 6, _("File:"), false);
	tui_put_tail(y, 8, t->cols - 9, m->file, true);
	if (m->mode == M_RESULT) {
		list_draw(&m->list, y + 2, 1, h - 2, t->cols - 2);
		return;
	}
	snprintf(line, sizeof line,
	         m->orders ? _("read as orders (o)  ·  delimiter %s  ·  encoding %s%s")
	                   : _("read as customers (o)  ·  delimiter %s  ·  encoding %s%s"),
	         delim_name(m->p.delim),
	         csv_encoding_name(m->p.enc), m->p.had_bom ? _(" with a BOM") : "");
	tui_put(y + 1, 1, t->cols - 2, line, true);
	snprintf(line, sizeof line, _("dates: %s (d)  ·  bad rows: %s (s)"), order_name(m->date_order),
	         m->skip_bad ? _("skipped and listed") : _("stop the import"));
	tui_put(y + 2, 1, t->cols - 2, line, true);
	if (m->p.problem != NULL) {
		attrset(theme_attr(ROLE_ERROR));
		snprintf(line, sizeof line, _("the import would stop: %s"), m->p.problem);
		tui_put_msg(y + 3, 1, t->cols - 2, line, true);
		attrset(theme_attr(ROLE_NORMAL));
	}
	/* the columns, then the first rows below them */
	attrset(A_BOLD);
	tui_put(y + 4, 1, (t->cols - 2) / 4, _("Column"), true);
	tui_put(y + 4, 1 + (t->cols - 2) / 4 + 2, (t->cols - 2) / 4, _("Field"), true);
	tw = type_width(t->cols - 2);
	tui_put(y + 4, 1 + 2 * ((t->cols - 2) / 4) + 2, tw, _("Type"), true);
	tui_put(y + 4, 1 + 2 * ((t->cols - 2) / 4) + 2 + tw,
	        t->cols - 2 - (2 * ((t->cols - 2) / 4) + 2 + tw), _("First row"), false);
	attrset(theme_attr(ROLE_NORMAL));
	rows = (int)m->p.nrows;
	ly = y + 5;
	lh = h - 5 - (rows > 0 ? rows + 2 : 0);
	if (lh < 3)
		lh = h - 5 < 3 ? h - 5 : 3;
	if (lh > (int)m->p.ncols)
		lh = (int)m->p.ncols;
	list_draw(&m->list, ly, 1, lh, t->cols - 2);
	ly += lh + 1;
	if (ly >= y + h)
		return;
	attrset(A_BOLD);
	tui_put(ly++, 1, t->cols - 2, _("First rows (line: cells):"), false);
	attrset(theme_attr(ROLE_NORMAL));
	for (size_t r = 0; r < m->p.nrows && ly < y + h; r++, ly++) {
		struct strbuf b = {0};

		strbuf_addf(&b, "%5ld: ", m->p.lines[r]);
		for (size_t k = 0; k < m->p.ncols; k++)
			strbuf_addf(&b, "%s%s", k > 0 ? " │ " : "", m->p.rows[r][k]);
		if (!b.oom && b.p != NULL)
			tui_put(ly, 1, t->cols - 2, b.p, true);
		free(b.p);
	}
}

static void
scr_status(struct tui *t, void *ctx, int y)
{
	struct imp *m = ctx;
	char line[512], a[32];

	if (m->mode == M_RESULT)
		snprintf(line, sizeof line, " %s", m->failed ? _("nothing imported") : _("done"));
	else if (m->has_preview)
		snprintf(line, sizeof line,
		         _(" %s columns │ Enter changes a column's field, r imports"),
		         tui_group(t, (long long)m->p.ncols, a, sizeof a));
	else
		snprintf(line, sizeof line, " %s", _("no file chosen"));
	tui_put(y, 0, t->cols, line, false);
}

/* --- keys ----------------------------------------------------------------------- */

enum { A_FILE = 1, A_MAP, A_KIND, A_DATES, A_SKIP, A_RUN };

static const struct screen_key imp_keys[] = {
	{KEY_CH('f'), "f", A_FILE, N_("choose the file to import (Tab completes its path)")},
	{KEY_FN(KEY_F(3)), "F3", A_FILE, NULL},
	{KEY_CH('\n'), "Enter", A_MAP, N_("change the field the column is read as (or skip it)")},
	{KEY_CH('\r'), NULL, A_MAP, NULL},
	{KEY_FN(KEY_ENTER), NULL, A_MAP, NULL},
	{KEY_CH('m'), "m", A_MAP, NULL},
	{KEY_CH('o'), "o", A_KIND, N_("read the file as customers or as orders")},
	{KEY_CH('d'), "d", A_DATES, N_("the dates' order: as the file shows, day, month or year first")},
	{KEY_CH('s'), "s", A_SKIP, N_("bad rows: stop the import, or skip them and list them")},
	{KEY_CH('r'), "r", A_RUN, N_("import the file (Esc in the gauge cancels: nothing is kept)")},
	{KEY_FN(KEY_F(5)), "F5", A_RUN, NULL},
};

static unsigned
scr_key(struct tui *t, void *ctx, struct key k)
{
	struct imp *m = ctx;
	int act = keys_find(imp_keys, sizeof imp_keys / sizeof imp_keys[0], k);

	if (act == A_FILE)
		return ask_path(t, m);
	if (act == 0)
		return R_NONE;
	if (m->mode == M_RESULT && m->has_preview) {
		/* back to the preview, to change what made the import fail */
		m->mode = M_PREVIEW;
		list_rebuild(&m->list, 0);
		list_set_cursor(&m->list, 0);
		if (act != A_RUN && act != A_SKIP && act != A_KIND && act != A_DATES)
			return R_REDRAW;
	}
	if (act == A_RUN)
		return m->fullpath == NULL ? ask_path(t, m) : imp_run(t, m);
	if (!m->has_preview)
		return R_NONE;
	switch (act) {
	case A_MAP:
		return pick_open(t, m);
	case A_KIND:
		m->orders = !m->orders;
		m->kind_known = true;
		free_maps(m); /* a customers field is no orders field */
		return reload(m);
	case A_DATES:
		m->date_order = m->date_order == DATE_YMD ? DATE_ORDER_UNKNOWN
		                                          : (enum date_order)(m->date_order + 1);
		return reload(m);
	case A_SKIP:
		m->skip_bad = !m->skip_bad;
		return R_REDRAW;
	default:
		return R_NONE;
	}
}

static unsigned
scr_move(struct tui *t, void *ctx, enum op op)
{
	struct imp *m = ctx;

	(void)t;
	return list_op(&m->list, op);
}

static unsigned
scr_mouse(struct tui *t, void *ctx, int y, int x, bool click, int wheel)
{
	struct imp *m = ctx;

	(void)t;
	return list_mouse(&m->list, y, x, click, wheel);
}

static void
scr_free(void *ctx)
{
	struct imp *m = ctx;

	free_maps(m);
	imp_free_lines(m);
	import_preview_free(&m->p);
	import_result_free(&m->res);
	pathcomp_free(&m->comp);
	free(m->file);
	free(m->fullpath);
	if (cur == m)
		cur = NULL;
	free(m);
}

static const struct bar_entry imp_bar[] = {
	{"1", N_("Help")}, {"2", ""}, {"3", N_("File")}, {"4", ""}, {"5", N_("Import")},
	{"6", ""}, {"7", ""}, {"8", ""}, {"9", ""}, {"10", N_("Quit")},
};

static const struct screen_ops imp_ops = {
	/* TRANSLATORS: the import screen's title. */
	.title = N_("Import"),
	.draw = scr_draw,
	.status = scr_status,
	.key = scr_key,
	.cursor = scr_move,
	.mouse = scr_mouse,
	.free = scr_free,
	.keys = imp_keys,
	.nkeys = sizeof imp_keys / sizeof imp_keys[0],
	.bar = imp_bar,
	.nbar = sizeof imp_bar / sizeof imp_bar[0],
};

unsigned
import_open(struct tui *t)
{
	struct err e = {0};
	struct imp *m;

	if (cur != NULL)
		return R_NONE; /* open already, under what is on top */
	if ((m = calloc(1, sizeof *m)) == NULL)
		return R_NONE;
	m->t = t;
	list_init(&m->list, &imp_list_ops, m);
	cur = m;
	if (screen_push(t, &imp_ops, m, &e) != 0) {
		cur = NULL;
		return tui_error(t, &e); /* it freed m */
	}
	return ask_path(t, m);
}
