/* The export dialog, a screen of its own (E from the tree or the customer
 * list): every option of `clientele export` as a row, the first rows of the
 * file exactly as they will be written, and what each hygiene rule drops.
 * Both figures come from the counts' worker (COUNT_EXPORT_PREVIEW,
 * COUNT_EXPORT), asked again whenever an option changes; w writes the file
 * in a job under the gauge (Esc cancels, leaving no file), after a question
 * when a file would be replaced, and the right pane then shows what was
 * written. The values are read by the core's export_arg_* functions and
 * the file is written by export_to_file: the command line's own path. */
#include "config.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counter.h"
#include "export/export.h"
#include "i18n.h"
#include "private.h"
#include "text/text.h"
#include "util/strbuf.h"
#include "view_export.h"

/* The rows of the preview asked for (the screen shows what fits). */
#define PREVIEW_ROWS 20
/* The options' column: labels, then values. */
#define LABEL_W 18
#define OPTS_MIN 46
#define OPTS_MAX 72

/* Each row's label (N_()), and whether Enter types a value (else it cycles
 * through choices). */
static const struct {
	const char *label;
	bool typed;
} rows[NROWS] = {
	[ROW_PRESET] = {N_("Preset"), false},
	[ROW_COLUMNS] = {N_("Columns"), true},
	[ROW_DELIM] = {N_("Delimiter"), false},
	[ROW_BOM] = {N_("BOM"), false},
	[ROW_CRLF] = {N_("Line ends"), false},
	[ROW_RAW] = {N_("Formula guard"), false},
	[ROW_TAGSEP] = {N_("Tag separator"), true},
	[ROW_CONSENT] = {N_("Consent"), false},
	[ROW_VALID] = {N_("Valid only"), false},
	[ROW_DEDUPE] = {N_("Dedupe"), false},
	[ROW_ACTIVE] = {N_("Active within"), true},
	[ROW_SAMPLE] = {N_("Sample"), true},
	[ROW_SEED] = {N_("Seed"), true},
	[ROW_SPLIT] = {N_("Split"), true},
	[ROW_LIMIT] = {N_("Limit"), true},
	[ROW_FILE] = {N_("File"), true},
};

/* The dialog shown, NULL when none: the prompt's and the pickers'
 * callbacks find it here. */
static struct xdlg *xd;

struct xdlg *
export_dialog(void)
{
	return xd;
}

/* --- the options ---------------------------------------------------------------- */

/* The options as they are, for the core (the strings stay x's). */
void
export_make_opts(const struct xdlg *x, struct export_opts *o, struct export_format *f)
{
	*o = (struct export_opts){
		.segment = x->segment, .where = x->where, .columns = x->columns, .preset = x->preset,
		.tag_sep = x->tag_sep, .consent = x->consent, .valid = x->valid, .dedupe = x->dedupe,
		.active_within = x->active, .sample_n = x->sample_n, .sample_pct = x->sample_pct,
		.seed = x->seed, .split = x->split, .limit = x->limit,
	};
	export_format_make(x->preset, x->delim, x->bom, x->crlf, x->raw, f);
}

/* Asks the counter for the figures and the preview of the options as they
 * are; the old ones stay, dimmed, until the new ones come. */
static unsigned
recount(struct tui *t, struct xdlg *x)
{
	struct export_opts o;
	struct export_format f;
	struct count_req q;
	struct err e = {0};

	x->written = false;
	x->counted = x->count_failed = false;
	x->previewed = x->preview_failed = false;
	if (t->counter == NULL)
		return R_REDRAW;
	export_make_opts(x, &o, &f);
	/* the preview first: without a sample or split it stops at its rows,
	 * while the figures read every row */
	x->preview_tag = screen_tag(t);
	q = (struct count_req){.kind = COUNT_EXPORT_PREVIEW, .tag = x->preview_tag,
	                       .slot = screen_slot(t, x, 1), .export = &o, .export_fmt = &f,
	                       .limit = PREVIEW_ROWS};
	if (counter_submit(t->counter, &q, &e) != 0)
		return tui_error(t, &e);
	x->count_tag = screen_tag(t);
	q = (struct count_req){.kind = COUNT_EXPORT, .tag = x->count_tag,
	                       .slot = screen_slot(t, x, 0), .export = &o};
	if (counter_submit(t->counter, &q, &e) != 0)
		return tui_error(t, &e);
	return R_REDRAW;
}

static const char *
channel_label(enum export_channel c, bool phone)
{
	if (c == EXPORT_CHANNEL_NONE)
		return _("no");
	return c == EXPORT_CHANNEL_EMAIL ? "email" : phone ? "phone" : "sms";
}

static const char *
yes_no(bool b)
{
	return b ? _("yes") : _("no");
}

/* Row r's value as shown, in buf. */
static const char *
row_value(const struct xdlg *x, enum row r, char *buf, size_t size)
{
	switch (r) {
	case ROW_PRESET:
		return x->preset == EXPORT_PRESET_NONE ? _("none") : export_preset_name(x->preset);
	case ROW_COLUMNS:
		if (x->columns != NULL)
			return x->columns;
		/* TRANSLATORS: the export dialog's columns when none are given. */
		snprintf(buf, size, _("(the preset's) %s"), export_preset_columns(x->preset));
		return buf;
	case ROW_DELIM: {
		struct export_format f;

		export_format_make(x->preset, x->delim, false, false, false, &f);
		snprintf(buf, size, "%s%s", f.delim == '\t' ? _("tab") : f.delim == ';' ? ";" : ",",
		         x->delim == 0 ? _(" (the preset's)") : "");
		return buf;
	}
	case ROW_BOM: {
		struct export_format f;

		export_format_make(x->preset, 0, x->bom, false, false, &f);
		/* a preset's BOM stays whatever is asked, as on the command line */
		snprintf(buf, size, "%s%s", yes_no(f.bom), f.bom && !x->bom ? _(" (the preset's)") : "");
		return buf;
	}
	case ROW_CRLF: {
		struct export_format f;

		export_format_make(x->preset, 0, false, x->crlf, false, &f);
		snprintf(buf, size, "%s%s", f.crlf ? "CRLF" : "LF",
		         f.crlf && !x->crlf ? _(" (the preset's)") : "");
		return buf;
	}
	case ROW_RAW:
		return x->raw ? _("off (raw)") : _("on: a leading ' before = + - @");
	case ROW_TAGSEP:
		snprintf(buf, size, "\"%s\"%s",
		         x->tag_sep != NULL ? x->tag_sep : export_preset_tag_sep(x->preset),
		         x->tag_sep == NULL ? _(" (the preset's)") : "");
		return buf;
	case ROW_CONSENT: return channel_label(x->consent, false);
	case ROW_VALID: return channel_label(x->valid, false);
	case ROW_DEDUPE: return channel_label(x->dedupe, true);
	case ROW_ACTIVE: return x->active != NULL ? x->active : _("anyone");
	case ROW_SAMPLE: return x->sample[0] != '\0' ? x->sample : _("everyone");
	case ROW_SEED:
		snprintf(buf, size, "%llu", (unsigned long long)x->seed);
		return buf;
	case ROW_SPLIT:
		if (x->split < 2)
			return _("one file");
		snprintf(buf, size, _("%d groups"), x->split);
		return buf;
	case ROW_LIMIT:
		if (x->limit <= 0)
			return _("none");
		snprintf(buf, size, "%lld", x->limit);
		return buf;
	case ROW_FILE:
		return x->file;
	case NROWS: break;
	}
	return "";
}

static enum export_channel
next_channel(enum export_channel c, int dir)
{
	return (enum export_channel)(((int)c + 3 + dir) % 3);
}

/* Enter, Space (dir 1) or ← (-1) on a row of choices: the next one. */
static unsigned
cycle(struct tui *t, struct xdlg *x, int dir)
{
	static const char delims[] = {0, ',', ';', '\t'};
	int i;

	switch ((enum row)x->cur) {
	case ROW_PRESET:
		x->preset = (enum export_preset)(((int)x->preset + 6 + dir) % 6);
		break;
	case ROW_DELIM:
		for (i = 0; i < 4 && delims[i] != x->delim; i++)
			;
		x->delim = delims[(i + 4 + dir) % 4];
		break;
	case ROW_BOM: x->bom = !x->bom; break;
	case ROW_CRLF: x->crlf = !x->crlf; break;
	case ROW_RAW: x->raw = !x->raw; break;
	case ROW_CONSENT: x->consent = next_channel(x->consent, dir); break;
	case ROW_VALID: x->valid = next_channel(x->valid, dir); break;
	case ROW_DEDUPE: x->dedupe = next_channel(x->dedupe, dir); break;
	default: return R_NONE;
	}
	return recount(t, x);
}

/* What the prompt took: the value of the row being edited, read by the
 * core's reader of that option; an empty value is the default. */
static unsigned
value_done(struct tui *t, const char *text)
{
	struct xdlg *x = xd;
	struct export_opts o = {0};
	struct err e = {0};
	char **slot = NULL;

	if (x == NULL)
		return R_NONE;
	switch (x->editing) {
	case ROW_COLUMNS: slot = &x->columns; break;
	case ROW_TAGSEP: slot = &x->tag_sep; break;
	case ROW_ACTIVE:
		if (text[0] != '\0' && export_arg_active_within(text, &e) != 0)
			return tui_error(t, &e);
		slot = &x->active;
		break;
	case ROW_SAMPLE:
		if (text[0] != '\0' && export_arg_sample(text, &o, &e) != 0)
			return tui_error(t, &e);
		snprintf(x->sample, sizeof x->sample, "%s", text);
		x->sample_n = o.sample_n;
		x->sample_pct = o.sample_pct;
		break;
	case ROW_SEED:
		if (export_arg_seed(text, &o.seed, &e) != 0)
			return tui_error(t, &e);
		x->seed = o.seed;
		break;
	case ROW_SPLIT:
		o.split = 0;
		if (text[0] != '\0' && export_arg_split(text, &o.split, &e) != 0)
			return tui_error(t, &e);
		x->split = o.split;
		break;
	case ROW_LIMIT:
		o.limit = 0;
		if (text[0] != '\0' && export_arg_limit(text, &o.limit, &e) != 0)
			return tui_error(t, &e);
		x->limit = o.limit;
		break;
	case ROW_FILE:
		if (text[0] == '\0') {
			tui_message(t, true, "%s", _("File: give the name of the file to write"));
			return R_REDRAW;
		}
		slot = &x->file;
		break;
	default: return R_NONE;
	}
	if (slot != NULL) {
		char *v = text[0] != '\0' ? strdup(text) : NULL;

		if (text[0] != '\0' && v == NULL) {
			tui_message(t, true, "%s", _("out of memory"));
			return R_REDRAW;
		}
		free(*slot);
		*slot = v;
	}
	t->msg[0] = '\0';
	return recount(t, x);
}

/* Enter on a typed row: the prompt, with the value in it. */
static unsigned
edit_value(struct tui *t, struct xdlg *x)
{
	char buf[1024], label[128];
	const char *init = NULL;

	x->editing = (enum row)x->cur;
	switch (x->editing) {
	case ROW_COLUMNS:
		init = x->columns != NULL ? x->columns : export_preset_columns(x->preset);
		break;
	case ROW_TAGSEP: init = x->tag_sep; break;
	case ROW_ACTIVE: init = x->active; break;
	case ROW_SAMPLE: init = x->sample; break;
	case ROW_SEED:
	case ROW_LIMIT:
		init = x->editing == ROW_LIMIT && x->limit <= 0 ? NULL
		       : row_value(x, x->editing, buf, sizeof buf);
		break;
	case ROW_SPLIT:
		snprintf(buf, sizeof buf, "%d", x->split);
		init = x->split > 1 ? buf : NULL;
		break;
	case ROW_FILE: init = x->file; break;
	default: return R_NONE;
	}
	/* TRANSLATORS: the export dialog's prompt: an option's name. */
	snprintf(label, sizeof label, _("%s:"), _(rows[x->editing].label));
	prompt_open(&t->prompt, label, init, value_done);
	return R_REDRAW;
}

/* Delete or Backspace: the row's default. */
static unsigned
reset_row(struct tui *t, struct xdlg *x)
{
	switch ((enum row)x->cur) {
	case ROW_PRESET: x->preset = EXPORT_PRESET_NONE; break;
	case ROW_COLUMNS: free(x->columns); x->columns = NULL; break;
	case ROW_DELIM: x->delim = 0; break;
	case ROW_BOM: x->bom = false; break;
	case ROW_CRLF: x->crlf = false; break;
	case ROW_RAW: x->raw = false; break;
	case ROW_TAGSEP: free(x->tag_sep); x->tag_sep = NULL; break;
	case ROW_CONSENT: x->consent = EXPORT_CHANNEL_NONE; break;
	case ROW_VALID: x->valid = EXPORT_CHANNEL_NONE; break;
	case ROW_DEDUPE: x->dedupe = EXPORT_CHANNEL_NONE; break;
	case ROW_ACTIVE: free(x->active); x->active = NULL; break;
	case ROW_SAMPLE: x->sample[0] = '\0'; x->sample_n = 0; x->sample_pct = 0; break;
	case ROW_SPLIT: x->split = 0; break;
	case ROW_LIMIT: x->limit = 0; break;
	default: return R_NONE; /* the seed and the file have no default */
	}
	return recount(t, x);
}

/* The field picker's choice: added at the end of the columns. */
static unsigned
field_picked(struct tui *t, const char *field)
{
	struct xdlg *x = xd;
	struct strbuf b = {0};

	if (x == NULL || field == NULL)
		return R_REDRAW;
	strbuf_add(&b, x->columns != NULL ? x->columns : export_preset_columns(x->preset));
	strbuf_add(&b, ",");
	strbuf_add(&b, field);
	if (b.oom) {
		free(b.p);
		tui_message(t, true, "%s", _("out of memory"));
		return R_REDRAW;
	}
	free(x->columns);
	x->columns = b.p;
	x->cur = ROW_COLUMNS;
	return recount(t, x);
}

/* --- drawing ----------------------------------------------------------------------- */

/* The preview: the file's first lines, byte for byte (rawview). */
static void
draw_preview(struct tui *t, struct xdlg *x, int y, int h)
{
	char title[1024];
	char *file = x->split > 1 ? export_split_path(x->file, 0) : NULL;

	snprintf(title, sizeof title, _("First rows of %s, as written"),
	         file != NULL ? file : x->file);
	free(file);
	attrset(A_BOLD);
	mvhline(y, 0, ' ', t->cols);
	tui_put(y, 1, t->cols - 1, title, false);
	attrset(theme_attr(ROLE_NORMAL));
	if (x->preview_failed || (x->preview == NULL && !x->previewed)) {
		tui_put(y + 1, 1, t->cols - 1, x->preview_failed ? "" : "…", true);
		return;
	}
	if (x->preview_tag != 0 && !x->previewed)
		attrset(theme_attr(ROLE_DIM));
	rawview_draw(y + 1, 1, h - 1, t->cols - 1, x->preview);
	attrset(theme_attr(ROLE_NORMAL));
}


/* The options' column: a little over half a wide screen, all of a narrow
 * one (the figures are then not shown). */
static int
opts_width(const struct tui *t)
{
	int w = t->cols * 11 / 20;

	if (t->cols < 80)
		return t->cols;
	return w < OPTS_MIN ? OPTS_MIN : w > OPTS_MAX ? OPTS_MAX : w;
}

static void
xd_draw(struct tui *t, void *ctx, int y, int h)
{
	struct xdlg *x = ctx;
	int ow = opts_width(t), nshow, i;
	/* a narrow screen: the figures under the options */
	int fig = ow < t->cols ? 0 : h / 3 < 7 ? h / 3 : 7;
	char buf[1024];

	/* the options on the left, as many as fit with a few preview lines */
	nshow = h - 4 - fig < NROWS ? h - 4 - fig : NROWS;
	if (nshow < 1)
		nshow = 1;
	if (x->cur < x->top)
		x->top = x->cur;
	if (x->cur >= x->top + nshow)
		x->top = x->cur - nshow + 1;
	for (i = 0; i < nshow && x->top + i < NROWS; i++) {
		int r = x->top + i;

		attrset(theme_attr(r == x->cur ? ROLE_CURSOR : ROLE_NORMAL));
		mvhline(y + i, 0, ' ', ow);
		tui_put(y + i, 1, LABEL_W - 1, _(rows[r].label), false);
		if (r == ROW_FILE)
			tui_put_tail(y + i, LABEL_W + 1, ow - LABEL_W - 2, row_value(x, r, buf, sizeof buf),
			             false);
		else
			tui_put(y + i, LABEL_W + 1, ow - LABEL_W - 2, row_value(x, r, buf, sizeof buf),
			        false);
		attrset(theme_attr(ROLE_NORMAL));
	}
	if (fig == 0)
		export_draw_figures(t, x, y, ow + 2, nshow, t->cols - ow - 3);
	else
		export_draw_figures(t, x, y + nshow, 1, fig, t->cols - 2);
	draw_preview(t, x, y + nshow + fig + 1, h - nshow - fig - 1);
}

static void
xd_status(struct tui *t, void *ctx, int y)
{
	struct xdlg *x = ctx;
	char line[1024];

	(void)x;
	/* TRANSLATORS: the export dialog's status line. */
	snprintf(line, sizeof line, "%s", _(" Enter or Space changes the option, w writes the file"));
	attrset(theme_attr(ROLE_STATUS));
	tui_put(y, 0, t->cols, line, true);
	attrset(theme_attr(ROLE_NORMAL));
}

/* --- on the screen stack ------------------------------------------------------------- */

enum { ACT_CHANGE = 1, ACT_BACK_CHOICE, ACT_NEXT_CHOICE, ACT_RESET, ACT_FIELD, ACT_WRITE };

static const struct screen_key xd_keys[] = {
	{KEY_CH('\n'), "Enter", ACT_CHANGE,
	 N_("change the option: the next choice, or type its value")},
	{KEY_CH('\r'), NULL, ACT_CHANGE, NULL},
	{KEY_FN(KEY_ENTER), NULL, ACT_CHANGE, NULL},
	{KEY_CH(' '), "Space", ACT_CHANGE, NULL},
	{KEY_FN(KEY_RIGHT), "→", ACT_NEXT_CHOICE, N_("the next choice")},
	{KEY_CH('l'), "l", ACT_NEXT_CHOICE, NULL},
	{KEY_FN(KEY_LEFT), "←", ACT_BACK_CHOICE, N_("the previous choice")},
	{KEY_CH('h'), "h", ACT_BACK_CHOICE, NULL},
	{KEY_FN(KEY_DC), "Delete", ACT_RESET, N_("the option's default")},
	{KEY_FN(KEY_BACKSPACE), "Backspace", ACT_RESET, NULL},
	{KEY_CH(127), NULL, ACT_RESET, NULL},
	{KEY_CH('f'), "f", ACT_FIELD, N_("add a field to the columns (the field picker)")},
	{KEY_CH('w'), "w", ACT_WRITE,
	 N_("write the file (asks before replacing one; Esc cancels the export)")},
	{KEY_FN(KEY_F(2)), "F2", ACT_WRITE, NULL},
};

static unsigned
xd_key(struct tui *t, void *ctx, struct key k)
{
	struct xdlg *x = ctx;

	switch (keys_find(xd_keys, sizeof xd_keys / sizeof xd_keys[0], k)) {
	case ACT_CHANGE: return rows[x->cur].typed ? edit_value(t, x) : cycle(t, x, 1);
	case ACT_NEXT_CHOICE: return cycle(t, x, 1);
	case ACT_BACK_CHOICE: return cycle(t, x, -1);
	case ACT_RESET: return reset_row(t, x);
	case ACT_FIELD: return fields_pick(t, NULL, field_picked);
	case ACT_WRITE: return export_write(t, x);
	default: return R_NONE;
	}
}

static unsigned
xd_cursor(struct tui *t, void *ctx, enum op op)
{
	struct xdlg *x = ctx;
	int old = x->cur;

	(void)t;
	switch (op) {
	case OP_UP: x->cur = x->cur > 0 ? x->cur - 1 : 0; break;
	case OP_DOWN: x->cur = x->cur + 1 < NROWS ? x->cur + 1 : x->cur; break;
	case OP_HOME:
	case OP_PGUP: x->cur = 0; break;
	case OP_END:
	case OP_PGDN: x->cur = NROWS - 1; break;
	default: break;
	}
	return x->cur != old ? R_REDRAW : R_NONE;
}

static unsigned
xd_mouse(struct tui *t, void *ctx, int y, int x0, bool click, int wheel)
{
	struct xdlg *x = ctx;

	if (wheel != 0)
		return xd_cursor(t, ctx, wheel < 0 ? OP_UP : OP_DOWN);
	if (click && x0 < opts_width(t) && y >= 1 && x->top + y - 1 < NROWS) {
		x->cur = x->top + y - 1;
		return R_REDRAW;
	}
	return R_NONE;
}

static unsigned
xd_counted(struct tui *t, void *ctx, const struct count_result *r)
{
	struct xdlg *x = ctx;

	if (r->status == COUNTER_CANCELLED)
		return R_NONE;
	if (r->tag == x->count_tag) {
		x->counted = r->status == COUNTER_OK;
		x->count_failed = r->status == COUNTER_ERROR;
		if (x->counted)
			x->st = r->export;
		else
			x->count_err = r->err;
		return x->count_failed ? tui_error(t, &r->err) : R_REDRAW;
	}
	if (r->tag == x->preview_tag) {
		x->previewed = true;
		x->preview_failed = r->status == COUNTER_ERROR;
		free(x->preview);
		x->preview = x->preview_failed || r->bytes == NULL ? NULL : strdup(r->bytes);
		return R_REDRAW;
	}
	return R_NONE;
}

static const char *
xd_subtitle(void *ctx)
{
	return ((struct xdlg *)ctx)->subtitle;
}

static void
xd_free(void *ctx)
{
	struct xdlg *x = ctx;

	if (x == NULL)
		return;
	if (xd == x)
		xd = NULL;
	free(x->segment);
	free(x->where);
	free(x->subtitle);
	free(x->columns);
	free(x->tag_sep);
	free(x->active);
	free(x->file);
	free(x->preview);
	free(x->written_file);
	free(x->empty.p);
	free(x);
}

static const struct bar_entry xd_bar[] = {
	{"1", N_("Help")}, {"2", N_("Write")}, {"3", ""}, {"4", ""}, {"5", ""},
	{"6", ""}, {"7", ""}, {"8", ""}, {"9", ""}, {"10", N_("Quit")},
};

static const struct screen_ops xd_ops = {
	/* TRANSLATORS: the export dialog's title. */
	.title = N_("Export"),
	.subtitle = xd_subtitle,
	.draw = xd_draw,
	.status = xd_status,
	.key = xd_key,
	.cursor = xd_cursor,
	.mouse = xd_mouse,
	.counted = xd_counted,
	.free = xd_free,
	.keys = xd_keys,
	.nkeys = sizeof xd_keys / sizeof xd_keys[0],
	.bar = xd_bar,
	.nbar = sizeof xd_bar / sizeof xd_bar[0],
};

/* The default file: the segment's last name (or "customers"), .csv, in
 * the current folder; '/' cannot be in a name. */
static char *
default_file(const char *segment)
{
	const char *name = segment != NULL && *segment != '\0' ? segment : "customers";
	const char *slash = strrchr(name, '/');
	struct strbuf b = {0};

	if (slash != NULL && slash[1] != '\0')
		name = slash + 1;
	strbuf_add(&b, name);
	strbuf_add(&b, ".csv");
	return b.oom ? (free(b.p), NULL) : b.p;
}

unsigned
export_open(struct tui *t, const char *segment, const char *rule)
{
	struct xdlg *x;
	struct err e = {0};
	bool oom = false;

	if (xd != NULL)
		return R_NONE; /* open already, under what is on top */
	if ((x = calloc(1, sizeof *x)) == NULL)
		goto oom;
	x->t = t;
	x->segment = str_dup(segment, &oom);
	/* the whole base: a rule that selects everyone */
	x->where = str_dup(rule != NULL ? rule : segment == NULL ? "" : NULL, &oom);
	{
		struct strbuf b = {0};

		if (segment != NULL)
			strbuf_add(&b, segment);
		if (rule != NULL && *rule != '\0') {
			strbuf_add(&b, segment != NULL ? " │ " : "");
			strbuf_add(&b, rule);
		}
		if (segment == NULL && (rule == NULL || *rule == '\0'))
			strbuf_add(&b, _("All customers"));
		oom = oom || b.oom;
		x->subtitle = b.p;
	}
	x->file = default_file(segment);
	x->seed = export_random_seed();
	if (oom || x->file == NULL || x->subtitle == NULL) {
		xd_free(x);
		goto oom;
	}
	if (screen_push(t, &xd_ops, x, &e) != 0)
		return tui_error(t, &e); /* it freed x */
	xd = x;
	return recount(t, x);
oom:
	tui_message(t, true, "%s", _("out of memory opening the export dialog"));
	return R_REDRAW;
}
