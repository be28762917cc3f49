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
#include "db.h"
#include "export/export.h"
#include "i18n.h"
#include "job.h"
#include "private.h"
#include "text/text.h"
#include "util/strbuf.h"

/* The rows of the preview asked for (the screen shows what fits). */
#define PREVIEW_ROWS 20
/* The options' column: labels, then values. */
#define LABEL_W 16
#define OPTS_MIN 46
#define OPTS_MAX 72

enum row {
	ROW_PRESET, ROW_COLUMNS, ROW_DELIM, ROW_BOM, ROW_CRLF, ROW_RAW, ROW_TAGSEP, ROW_CONSENT,
	ROW_VALID, ROW_DEDUPE, ROW_ACTIVE, ROW_SAMPLE, ROW_SEED, ROW_SPLIT, ROW_LIMIT, ROW_FILE,
	NROWS
};

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
	[ROW_CRLF] = {N_("CRLF line ends"), false},
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

struct xdlg {
	struct tui *t;
	char *segment, *where, *subtitle; /* what is exported */
	/* the options, as the command line's */
	enum export_preset preset;
	char *columns, *tag_sep, *active; /* NULL: the default */
	char delim;                      /* 0: the preset's */
	bool bom, crlf, raw;
	enum export_channel consent, valid, dedupe;
	char sample[32];                 /* as typed; "" none */
	long long sample_n;
	double sample_pct;
	uint64_t seed;
	int split;
	long long limit;
	char *file;
	int cur, top;                    /* the option under the cursor, the first shown */
	enum row editing;                /* the prompt's */
	/* the figures of the options as they are (the counter's) */
	uint64_t count_tag, preview_tag;
	bool counted, count_failed;      /* st or count_err is the latest */
	struct export_stats st;
	struct err count_err;
	bool previewed, preview_failed;
	char *preview;
	/* the write: its options, frozen while the job runs */
	struct export_opts wo;
	struct export_format wf;
	bool force;
	struct export_stats wst;         /* what it did (the job's, read after its end) */
	bool written;                    /* the right pane shows wst */
	char *written_file;
};

/* The dialog shown, NULL when none: the prompt's and the pickers'
 * callbacks find it here. */
static struct xdlg *xd;

/* --- the options ---------------------------------------------------------------- */

/* The options as they are, for the core (the strings stay x's). */
static void
make_opts(const struct xdlg *x, struct export_opts *o, struct export_format *f)
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
	make_opts(x, &o, &f);
	x->count_tag = screen_tag(t);
	q = (struct count_req){.kind = COUNT_EXPORT, .tag = x->count_tag,
	                       .slot = screen_slot(t, x, 0), .export = &o};
	if (counter_submit(t->counter, &q, &e) != 0)
		return tui_error(t, &e);
	x->preview_tag = screen_tag(t);
	q = (struct count_req){.kind = COUNT_EXPORT_PREVIEW, .tag = x->preview_tag,
	                       .slot = screen_slot(t, x, 1), .export = &o, .export_fmt = &f,
	                       .limit = PREVIEW_ROWS};
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
		return yes_no(f.bom);
	}
	case ROW_CRLF: {
		struct export_format f;

		export_format_make(x->preset, 0, false, x->crlf, false, &f);
		return yes_no(f.crlf);
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

/* --- the write ----------------------------------------------------------------------- */

/* The exporter's progress, to the gauge: rows read of those selected,
 * over both passes when there are two. */
static void
job_progress(void *ctx, const struct export_progress *p)
{
	long long done = (long long)(p->pass - 1) * p->selected + p->read;
	const char *phase = NULL;

	if (p->read == 0)
		phase = p->pass < p->passes ? _("drawing the sample") : _("writing");
	job_report(ctx, done, (long long)p->passes * p->selected, phase);
}

/* The job's thread: its own connection, the command line's export_to_file. */
static int
write_job(struct job *j, void *arg, struct err *e)
{
	struct xdlg *x = arg;
	struct export_opts o = x->wo;
	struct db *db = NULL;
	int rc;

	o.cancel = job_cancel_flag(j);
	o.progress = job_progress;
	o.progress_ctx = j;
	if (db_open(&db, x->t->path, DB_READONLY, e) != 0)
		return -1;
	rc = export_to_file(db, &o, x->file, &x->wf, x->force, &x->wst, e);
	db_close(&db);
	return rc;
}

static unsigned
write_done(struct tui *t, void *ctx, int rc, const struct err *e, bool cancelled)
{
	struct xdlg *x = ctx;
	char n[64];

	if (xd != x) /* the interface is closing */
		return R_NONE;
	if (cancelled) {
		tui_message(t, false, "%s", _("Export cancelled: no file was written."));
		return R_REDRAW;
	}
	if (rc != 0)
		return e != NULL ? tui_error(t, e) : R_REDRAW;
	x->written = true;
	free(x->written_file);
	x->written_file = strdup(x->file);
	tui_group(t, x->wst.written, n, sizeof n);
	if (x->wst.ngroups > 1)
		tui_message(t, false, P_("Exported %s row to %d files.", "Exported %s rows to %d files.",
		                         x->wst.written),
		            n, x->wst.ngroups);
	else
		tui_message(t, false, P_("Exported %s row to %s.", "Exported %s rows to %s.",
		                         x->wst.written),
		            n, x->file);
	return R_REDRAW;
}

static unsigned
start_write(struct tui *t, struct xdlg *x)
{
	struct err e = {0};

	make_opts(x, &x->wo, &x->wf);
	memset(&x->wst, 0, sizeof x->wst);
	t->msg[0] = '\0';
	if (gauge_run(t, _("Exporting"), write_job, x, write_done, x, &e) != 0)
		return tui_error(t, &e);
	return R_REDRAW;
}

static unsigned
overwrite_done(struct tui *t, const char *text)
{
	if (xd == NULL || strcmp(text, "y") != 0)
		return R_REDRAW;
	xd->force = true;
	return start_write(t, xd);
}

/* w: asks before replacing a file (naming each one a split would
 * replace), then writes. */
static unsigned
write_file(struct tui *t, struct xdlg *x)
{
	int groups = x->split > 1 ? x->split : 1;
	struct strbuf names = {0};
	struct err e = {0};
	char q[1024];
	int nexist = 0;

	for (int g = 0; g < groups; g++) {
		char *one = groups > 1 ? export_split_path(x->file, g) : strdup(x->file);
		char *existing = NULL;
		int rc = one != NULL ? export_target_check(one, 1, &existing, &e)
		                     : err_set(&e, EXIT_FAIL, _("out of memory"));

		free(one);
		if (rc < 0) {
			free(names.p);
			return tui_error(t, &e);
		}
		if (rc == 1) {
			strbuf_add(&names, nexist++ > 0 ? ", " : "");
			strbuf_add(&names, existing);
		}
		free(existing);
	}
	x->force = false;
	if (nexist == 0) {
		free(names.p);
		return start_write(t, x);
	}
	snprintf(q, sizeof q,
	         P_("%s exists: replace it? (y/n)", "%s exist: replace them? (y/n)", nexist),
	         names.p != NULL ? names.p : "?");
	free(names.p);
	prompt_ask(&t->prompt, q, overwrite_done);
	return R_REDRAW;
}

/* --- drawing ----------------------------------------------------------------------- */

/* One figure line of the right pane: label, then n at the right. */
static void
figure(struct tui *t, int y, int x, int w, const char *label, long long n, bool dim)
{
	char num[64];
	int nw;

	tui_group(t, n, num, sizeof num);
	nw = text_width(num);
	if (dim)
		attrset(theme_attr(ROLE_DIM));
	tui_put(y, x, w - nw - 1, label, true);
	tui_put(y, x + w - nw, nw, num, false);
	attrset(theme_attr(ROLE_NORMAL));
}

/* The right pane: what the export will drop and write (the counter's
 * figures, dimmed while new ones are on their way), or what it did. */
static void
draw_figures(struct tui *t, struct xdlg *x, int y, int x0, int h, int w)
{
	const struct export_stats *st = x->written ? &x->wst : &x->st;
	const struct export_opts o = x->written ? x->wo : (struct export_opts){
		.consent = x->consent, .valid = x->valid, .dedupe = x->dedupe,
		.active_within = x->active, .sample_n = x->sample_n, .sample_pct = x->sample_pct,
		.limit = x->limit};
	bool dim = !x->written && (x->count_tag != 0 && !x->counted);
	const char *file = x->written ? x->written_file : x->file;
	int end = y + h;

	attrset(A_BOLD);
	tui_put(y++, x0, w, x->written ? _("What the export did") : _("What the export will do"),
	        true);
	attrset(theme_attr(ROLE_NORMAL));
	if (!x->written && x->count_failed) {
		char line[ERR_LINE_MAX];

		attrset(theme_attr(ROLE_ERROR));
		tui_put_msg(y, x0, w, err_format(&x->count_err, line, sizeof line), true);
		attrset(theme_attr(ROLE_NORMAL));
		return;
	}
	if (!x->written && !x->counted && x->st.selected == 0) {
		tui_put(y, x0, w, "…", true);
		return;
	}
	figure(t, y++, x0, w, _("selected"), st->selected, dim);
	if (o.consent != EXPORT_CHANNEL_NONE && y < end)
		figure(t, y++, x0, w, _("  no consent"), st->no_consent, dim);
	if (o.active_within != NULL && y < end)
		figure(t, y++, x0, w, _("  inactive"), st->inactive, dim);
	if (o.valid != EXPORT_CHANNEL_NONE && y < end)
		figure(t, y++, x0, w,
		       o.valid == EXPORT_CHANNEL_EMAIL ? _("  invalid email") : _("  invalid phone"),
		       st->invalid, dim);
	if (o.dedupe != EXPORT_CHANNEL_NONE && y < end)
		figure(t, y++, x0, w, _("  duplicate"), st->duplicate, dim);
	if ((o.sample_n > 0 || o.sample_pct > 0) && y < end)
		figure(t, y++, x0, w, _("  not sampled"), st->not_sampled, dim);
	if (o.limit > 0 && y < end)
		figure(t, y++, x0, w, _("  over the limit"), st->over_limit, dim);
	if (y < end)
		figure(t, y++, x0, w, x->written ? _("written") : _("will write"), st->written, dim);
	for (int g = 0; g < st->ngroups && st->ngroups > 1 && y < end; g++) {
		char *p = export_split_path(file, g);
		char label[512];

		snprintf(label, sizeof label, "  %s", p != NULL ? p : "?");
		free(p);
		figure(t, y++, x0, w, label, st->group_rows[g], dim);
	}
	if (st->ngroups <= 1 && y < end) {
		if (dim)
			attrset(theme_attr(ROLE_DIM));
		tui_put_tail(y++, x0 + 2, w - 2, file, true);
		attrset(theme_attr(ROLE_NORMAL));
	}
}

/* The preview: the file's first lines, byte for byte, with what a screen
 * does not show made visible: the BOM, tabs (→), CR (␍). */
static void
draw_preview(struct tui *t, struct xdlg *x, int y, int h)
{
	const char *p = x->preview;
	char title[1024], line[2048];
	char *file = x->split > 1 ? export_split_path(x->file, 0) : NULL;

	snprintf(title, sizeof title, _("First rows of %s, as written"),
	         file != NULL ? file : x->file);
	free(file);
	attrset(A_BOLD);
	mvhline(y, 0, ' ', t->cols);
	tui_put(y, 1, t->cols - 1, title, false);
	attrset(theme_attr(ROLE_NORMAL));
	y++, h--;
	if (x->preview_failed || (p == NULL && !x->previewed)) {
		tui_put(y, 1, t->cols - 1, x->preview_failed ? "" : "…", true);
		return;
	}
	if (x->preview_tag != 0 && !x->previewed)
		attrset(theme_attr(ROLE_DIM));
	if (p != NULL && strncmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		tui_put(y, 1, 6, "[BOM]", false);
		y++, h--;
	}
	for (; p != NULL && *p != '\0' && h > 0; y++, h--) {
		size_t n = 0;

		for (; *p != '\0' && *p != '\n' && n + 4 < sizeof line; p++) {
			if (*p == '\t') {
				memcpy(line + n, "→", 3);
				n += 3;
			} else if (*p == '\r') {
				memcpy(line + n, "␍", 3);
				n += 3;
			} else {
				line[n++] = *p;
			}
		}
		line[n] = '\0';
		while (*p != '\0' && *p != '\n')
			p++;
		if (*p == '\n')
			p++;
		tui_put(y, 1, t->cols - 1, line, true);
	}
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
	char buf[1024];

	/* the options on the left, as many as fit with a few preview lines */
	nshow = h - 4 < NROWS ? h - 4 : NROWS;
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
	if (ow < t->cols)
		draw_figures(t, x, y, ow + 2, nshow, t->cols - ow - 3);
	draw_preview(t, x, y + nshow + 1, h - nshow - 1);
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
	case ACT_WRITE: return write_file(t, x);
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
