/* The `:` command line: the selected segment's whole rule in the rule
 * language, edited with prompt.c's keys. Every keystroke parses the text
 * (nothing stored): an error is shown on the line under it with a caret
 * under its column; a rule that parses is counted within the segment's
 * parent by the count worker, in a slot of its own so that a newer
 * keystroke cancels the stale count. Tab completes a field name, or a
 * value from the field's most frequent ones, which the counter finds (a
 * slot of their own): they complete the word when they come if the line
 * is as it was, else they are dropped. Enter stores the rule (one core
 * call, one undo step); Esc leaves it. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <wctype.h>

#include "counter.h"
#include "fields.h"
#include "i18n.h"
#include "private.h"
#include "query_facet.h"
#include "rule/rule.h"
#include "segment/segment.h"
#include "text/text.h"

/* The counter's slots for the command line's count and for the values Tab
 * completes (the tree's are 1, 2). */
#define SLOT_CMDLINE 8
#define SLOT_COMPLETE 9
/* Its tags, apart from the tree's (which count up from 1). */
#define TAG_BASE ((uint64_t)1 << 62)

struct cmdline {
	struct prompt p;
	char *path, *parent;
	char text[LINE_TEXT_SIZE]; /* the text last parsed */
	struct err err;       /* its error, when err.code != 0 */
	bool counting, counted;
	long long count;
	uint64_t tag, next_tag;
	struct field_catalog cat;
	bool cat_loaded;
	char hint[512];       /* the names a Tab could not choose between */
	bool completing;      /* values asked for: the result of comp_tag */
	uint64_t comp_tag;
	size_t comp_start;    /* the word they complete: [comp_start, cur) */
	wchar_t comp_buf[LINE_MAX_CHARS];
	size_t comp_len, comp_cur; /* the line when Tab asked */
	size_t off, end;      /* the characters shown: [off, end) */
};

static struct cmdline *
get(struct tui *t)
{
	if (t->cmdline == NULL)
		t->cmdline = calloc(1, sizeof *t->cmdline);
	return t->cmdline;
}

static void
reset(struct cmdline *c)
{
	free(c->path);
	free(c->parent);
	c->path = c->parent = NULL;
	if (c->cat_loaded)
		fields_free(&c->cat);
	c->cat_loaded = false;
	c->p.active = false;
	c->completing = false; /* its result, when it comes, is dropped */
}

void
cmdline_close(struct tui *t)
{
	if (t->cmdline == NULL)
		return;
	reset(t->cmdline);
	free(t->cmdline);
	t->cmdline = NULL;
}

bool
cmdline_active(const struct tui *t)
{
	return t->cmdline != NULL && t->cmdline->p.active;
}

/* Parses the text when it changed; a rule that parses is counted. */
static void
reparse(struct tui *t, struct cmdline *c)
{
	char text[sizeof c->text];
	struct rule *r = NULL;
	struct count_req req = {.kind = COUNT_RULE, .slot = SLOT_CMDLINE};

	line_text(&c->p.line, text, sizeof text);
	if (strcmp(text, c->text) == 0 && (c->counting || c->counted || c->err.code != 0))
		return;
	snprintf(c->text, sizeof c->text, "%s", text);
	memset(&c->err, 0, sizeof c->err);
	c->counted = false;
	if (c->counting)
		counter_cancel(t->counter, c->tag);
	c->counting = false;
	if (rule_parse(text, &r, &c->err) != 0)
		return;
	rule_free(&r);
	memset(&c->err, 0, sizeof c->err);
	req.tag = c->tag = TAG_BASE + c->next_tag++;
	req.rule = text;
	req.parent = c->parent;
	if (counter_submit(t->counter, &req, &c->err) == 0)
		c->counting = true;
}

static unsigned
store(struct tui *t, const char *text)
{
	struct cmdline *c = t->cmdline;
	struct err e = {0};

	if (c == NULL || c->path == NULL)
		return R_NONE;
	if (segment_set_rule(t->db, c->path, text, &e) != 0) {
		/* Stays open with the text, the error under it. */
		c->p.active = true;
		c->err = e;
		return R_REDRAW;
	}
	if (c->counting)
		counter_cancel(t->counter, c->tag);
	c->counting = false;
	reset(c);
	conds_stale(t);
	tui_message(t, false, "%s", _("Rule stored (u undoes it)."));
	return R_RELOAD | R_REDRAW;
}

unsigned
cmdline_open(struct tui *t)
{
	const struct segment *s = tree_selected(t);
	struct cmdline *c = get(t);
	struct err e = {0};
	const char *slash;

	if (c == NULL)
		return R_NONE;
	if (s == NULL) {
		tui_message(t, false, "%s", _("Select a segment to edit its rule."));
		return R_REDRAW;
	}
	if (s->is_static) {
		tui_message(t, true, "%s", _("A frozen segment has no rule to edit."));
		return R_REDRAW;
	}
	reset(c);
	c->path = strdup(s->path);
	slash = strrchr(s->path, '/');
	c->parent = slash != NULL ? strndup(s->path, (size_t)(slash - s->path)) : strdup("");
	if (c->path == NULL || c->parent == NULL) {
		reset(c);
		return R_NONE;
	}
	c->cat_loaded = fields_load(t->db, &c->cat, &e) == 0;
	if (!prompt_open(&c->p, ":", s->rule != NULL ? s->rule : "", store)) {
		reset(c);
		return prompt_too_long(t);
	}
	c->text[0] = '\0';
	c->counting = c->counted = false;
	memset(&c->err, 0, sizeof c->err);
	c->hint[0] = '\0';
	c->off = 0;
	reparse(t, c);
	return R_REDRAW;
}

static bool
word_char(wchar_t ch)
{
	return iswalnum((wint_t)ch) || ch == L'_';
}

/* The field a value at start is compared with: the nearest word before it
 * that names a field, with only an operator, values, commas and
 * parentheses between (NULL at `and`, `or`, `not` or the start: a field
 * name is typed there). */
static const struct field *
field_before(const struct cmdline *c, size_t start)
{
	const struct prompt *p = &c->p;
	size_t i = start, b;
	char word[128];
	bool op = false;

	while (i > 0) {
		if (!word_char(p->line.buf[i - 1])) {
			if (wcschr(L"=<>!~", p->line.buf[i - 1]) != NULL)
				op = true;
			i--;
			continue;
		}
		for (b = i; b > 0 && word_char(p->line.buf[b - 1]); b--)
			;
		if (i - b >= sizeof word)
			return NULL;
		for (size_t k = b; k < i; k++)
			word[k - b] = p->line.buf[k] < 128 ? (char)p->line.buf[k] : '?';
		word[i - b] = '\0';
		if (strcasecmp(word, "and") == 0 || strcasecmp(word, "or") == 0 ||
		    strcasecmp(word, "not") == 0)
			return NULL;
		if (strcasecmp(word, "in") == 0 || strcasecmp(word, "contains") == 0)
			op = true;
		else if (op) {
			const struct field *f = fields_find(&c->cat, word);

			if (f != NULL)
				return f;
		}
		i = b;
	}
	return NULL;
}

/* Replaces buf[start, cur) with the first n bytes of the UTF-8 s. */
static void
replace_word(struct prompt *p, size_t start, const char *s, size_t n)
{
	wchar_t w[LINE_MAX_CHARS];
	char tmp[LINE_TEXT_SIZE];
	const char *src = tmp;
	mbstate_t st;
	size_t wn, typed = p->line.cur - start;

	if (n >= sizeof tmp)
		return;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	memset(&st, 0, sizeof st);
	wn = mbsrtowcs(w, &src, sizeof w / sizeof w[0] - 1, &st);
	if (wn == (size_t)-1 || p->line.len - typed + wn + 1 >= LINE_MAX_CHARS)
		return;
	memmove(&p->line.buf[start + wn], &p->line.buf[p->line.cur], (p->line.len - p->line.cur) * sizeof p->line.buf[0]);
	memcpy(&p->line.buf[start], w, wn * sizeof w[0]);
	p->line.len = p->line.len - typed + wn;
	p->line.cur = start + wn;
	p->line.buf[p->line.len] = L'\0';
}

/* The bytes of a and b that agree, at a character boundary. */
static size_t
agree(const char *a, const char *b)
{
	size_t k = 0, last = 0;

	while (a[k] != '\0' && a[k] == b[k]) {
		k++;
		if (((unsigned char)a[k] & 0xC0) != 0x80)
			last = k;
	}
	return last;
}

/* Candidates for the word [start, cur) of n typed bytes: what they agree
 * on replaces it (never shorter than what was typed: a value in another
 * case), and when they are more than one they are listed in the hint. */
struct offer {
	size_t found, common;
	const char *first;
};

static void
offer(struct cmdline *c, struct offer *o, const char *cand)
{
	if (o->found++ == 0) {
		o->first = cand;
		o->common = strlen(cand);
	} else if (agree(o->first, cand) < o->common) {
		o->common = agree(o->first, cand);
	}
	if (strlen(c->hint) + strlen(cand) + 3 < sizeof c->hint) {
		if (c->hint[0] != '\0')
			strcat(c->hint, " ");
		strcat(c->hint, cand);
	}
}

static void
offer_apply(struct cmdline *c, const struct offer *o, size_t start, size_t n)
{
	if (o->found == 1)
		c->hint[0] = '\0';
	if (o->found > 0 && o->common >= n)
		replace_word(&c->p, start, o->first, o->common);
}

/* The word at the cursor's start, its bytes in prefix: n, or -1. */
static long
word_at_cursor(const struct cmdline *c, size_t *start, char *prefix, size_t size)
{
	const struct prompt *p = &c->p;
	wchar_t w[LINE_MAX_CHARS];
	const wchar_t *src = w;
	mbstate_t st;
	size_t n;

	*start = p->line.cur;
	while (*start > 0 && word_char(p->line.buf[*start - 1]))
		(*start)--;
	memcpy(w, &p->line.buf[*start], (p->line.cur - *start) * sizeof w[0]);
	w[p->line.cur - *start] = L'\0';
	memset(&st, 0, sizeof st);
	n = wcsrtombs(prefix, &src, size - 1, &st);
	if (n == (size_t)-1)
		return -1;
	prefix[n] = '\0';
	return (long)n;
}

/* Tab: the word at the cursor completed, as far as the candidates agree:
 * a field name (at once), or, after a field and its operator, one of the
 * field's most frequent values within the parent: asked of the counter,
 * applied in cmdline_counted. */
static void
complete(struct tui *t, struct cmdline *c)
{
	struct prompt *p = &c->p;
	struct count_req req = {.kind = COUNT_COMPLETE, .slot = SLOT_COMPLETE, .limit = 20};
	struct offer o = {0};
	size_t start, i;
	char prefix[512];
	const struct field *f;
	struct err e = {0};
	long n;

	c->hint[0] = '\0';
	if (c->completing)
		counter_cancel(t->counter, c->comp_tag);
	c->completing = false;
	if (!c->cat_loaded || (n = word_at_cursor(c, &start, prefix, sizeof prefix)) < 0)
		return;
	f = field_before(c, start);
	if (f != NULL && f->type != FT_NUMBER && f->type != FT_DATE) {
		req.tag = c->comp_tag = TAG_BASE + c->next_tag++;
		req.parent = c->parent;
		req.field = f->name;
		req.prefix = prefix;
		if (counter_submit(t->counter, &req, &e) != 0) {
			c->err = e;
			return;
		}
		c->completing = true;
		c->comp_start = start;
		memcpy(c->comp_buf, p->line.buf, sizeof c->comp_buf);
		c->comp_len = p->line.len;
		c->comp_cur = p->line.cur;
		snprintf(c->hint, sizeof c->hint, "…");
	} else if (f == NULL) {
		for (i = 0; i < c->cat.n; i++)
			if (strncasecmp(c->cat.v[i].name, prefix, (size_t)n) == 0)
				offer(c, &o, c->cat.v[i].name);
		offer_apply(c, &o, start, (size_t)n);
	}
}

/* The values Tab asked for, when the line is still as it was: the word
 * completed with them. */
static unsigned
completed(struct tui *t, struct cmdline *c, const struct count_result *r)
{
	struct prompt *p = &c->p;
	struct offer o = {0};
	char prefix[512];
	size_t start, i;
	long n;

	c->completing = false;
	c->hint[0] = '\0';
	if (r->status != COUNTER_OK || p->line.len != c->comp_len || p->line.cur != c->comp_cur ||
	    wmemcmp(p->line.buf, c->comp_buf, p->line.len) != 0)
		return R_REDRAW; /* the line changed since: too late */
	if ((n = word_at_cursor(c, &start, prefix, sizeof prefix)) < 0 || start != c->comp_start)
		return R_REDRAW;
	for (i = 0; i < r->facet.n; i++) {
		const char *v = r->facet.v[i].value;
		bool plain = *v != '\0';

		for (const char *q = v; *q != '\0'; q++)
			if (*q == ' ' || *q == '"' || *q == ',' || *q == '(' || *q == ')')
				plain = false;
		if (plain) /* a value that needs quotes is typed by hand */
			offer(c, &o, v);
	}
	offer_apply(c, &o, start, (size_t)n);
	reparse(t, c);
	return R_REDRAW;
}

unsigned
cmdline_key(struct tui *t, struct key k)
{
	struct cmdline *c = t->cmdline;
	unsigned r;

	if (!k.fn && k.code == L'\t') {
		complete(t, c);
		reparse(t, c);
		return R_REDRAW;
	}
	c->hint[0] = '\0';
	r = prompt_key(t, &c->p, k);
	if (!c->p.active) {
		if (c->path != NULL) { /* Esc: nothing stored */
			if (c->counting)
				counter_cancel(t->counter, c->tag);
			c->counting = false;
			reset(c);
		}
		return r | R_REDRAW;
	}
	reparse(t, c);
	return r | R_REDRAW;
}

unsigned
cmdline_counted(struct tui *t, const struct count_result *r)
{
	struct cmdline *c = t->cmdline;

	if (c != NULL && c->p.active && c->completing && r->tag == c->comp_tag &&
	    r->kind == COUNT_COMPLETE)
		return completed(t, c, r);
	if (c == NULL || !c->p.active || r->tag != c->tag || !c->counting)
		return R_NONE;
	c->counting = false;
	if (r->status == COUNTER_CANCELLED)
		return R_REDRAW;
	if (r->status == COUNTER_ERROR) {
		c->err = r->err;
		return R_REDRAW;
	}
	c->count = r->count;
	c->counted = true;
	return R_REDRAW;
}

/* The screen column of the err's col (counted in characters) in the text
 * drawn from x0 starting at its character off: the display width of the
 * characters between (x0 - 1, on the "…", when the column is scrolled
 * out on the left). */
static int
caret_x(const struct cmdline *c, int x0, size_t off)
{
	char between[sizeof c->text];
	const char *s = c->text, *from = NULL;
	mbstate_t st;
	size_t i = 0, n, ch = 0;
	int col;

	memset(&st, 0, sizeof st);
	for (col = 1; col < c->err.col && s[i] != '\0'; col++, ch++) {
		if (ch == off)
			from = s + i;
		n = mbrlen(s + i, MB_CUR_MAX, &st);
		i += n == 0 || n > MB_CUR_MAX ? 1 : n;
	}
	if (ch == off)
		from = s + i;
	if (from == NULL)
		return x0 - 1;
	memcpy(between, from, (size_t)(s + i - from));
	between[s + i - from] = '\0';
	return x0 + text_width(between);
}

static int
wc_width(wchar_t ch)
{
	int cw = wcwidth(ch);

	return cw < 0 ? 1 : cw;
}

/* The text from x0 in w columns, scrolled so that the cursor shows ("…"
 * in the column before x0 when its start is scrolled out); the terminal's
 * cursor left on the cursor. */
static void
draw_text(struct cmdline *c, int y, int x0, int w)
{
	const struct prompt *p = &c->p;
	int avail = w - x0 - 1, used = 0, cx = -1;
	size_t i;

	if (avail < 1)
		avail = 1;
	if (c->off > p->line.cur) {
		/* the cursor went left of what was shown (or the line was cut
		 * and retyped between two paints): as much as fits before it */
		int width = 0;

		c->off = p->line.cur;
		while (c->off > 0 && width + wc_width(p->line.buf[c->off - 1]) <= avail - 1)
			width += wc_width(p->line.buf[--c->off]);
	}
	for (;;) {
		int width = 0;

		for (i = c->off; i < p->line.cur; i++)
			width += wc_width(p->line.buf[i]);
		if (width <= avail - 1 || c->off >= p->line.cur)
			break;
		c->off++;
	}
	attrset(A_BOLD);
	tui_put(y, 0, x0, p->label, false);
	attrset(theme_attr(ROLE_NORMAL));
	move(y, x0 - 1);
	if (c->off > 0)
		addnwstr(L"…", 1);
	else
		addch(' ');
	for (i = c->off; i < p->line.len; i++) {
		int cw = wc_width(p->line.buf[i]);

		if (i == p->line.cur)
			cx = x0 + used;
		if (used + cw > avail)
			break;
		addnwstr(&p->line.buf[i], 1);
		used += cw;
	}
	c->end = i;
	if (cx < 0)
		cx = x0 + used;
	clrtoeol();
	move(y, cx < w ? cx : w - 1);
}

/* The command line at y, its error (or the names Tab offers) at y + 1. */
void
cmdline_draw(struct tui *t, int y)
{
	struct cmdline *c = t->cmdline;
	char right[96], num[64];
	int w = t->cols, rw = 0, x0, cy, cx;

	if (c == NULL || !c->p.active)
		return;
	x0 = text_width(c->p.label) + 1;
	right[0] = '\0';
	if (c->counting)
		snprintf(right, sizeof right, " → …");
	else if (c->counted)
		snprintf(right, sizeof right, " → %s", tui_group(t, c->count, num, sizeof num));
	if (right[0] != '\0' && (rw = text_width(right)) > w / 2)
		rw = 0;
	draw_text(c, y, x0, w - rw); /* first: it scrolls the text */
	getyx(stdscr, cy, cx);
	if (rw > 0) {
		attrset(A_BOLD);
		tui_put(y, w - rw, rw, right, false);
		attrset(theme_attr(ROLE_NORMAL));
	}
	/* The status line stays under a rule that parses. */
	if (c->hint[0] != '\0' || c->err.code != 0) {
		move(y + 1, 0);
		clrtoeol();
	}
	if (c->hint[0] != '\0') {
		attrset(theme_attr(ROLE_DIM));
		tui_put(y + 1, 0, w, c->hint, true);
	} else if (c->err.code != 0 && (c->err.col < 1 || (size_t)c->err.col - 1 < c->off ||
	                                 (size_t)c->err.col - 1 > c->end)) {
		/* Its column is scrolled out: the message with its position. */
		char line[ERR_LINE_MAX];

		attrset(theme_attr(ROLE_ERROR));
		tui_put(y + 1, 0, w, err_format(&c->err, line, sizeof line), false);
	} else if (c->err.code != 0) {
		int ex = c->err.col > 0 ? caret_x(c, x0, c->off) : x0, mw;

		if (ex >= w - 1)
			ex = w - 2;
		attrset(theme_attr(ROLE_ERROR));
		mvaddch(y + 1, ex, '^');
		mw = text_width(c->err.msg);
		if (mw > w - ex - 2 && ex > w / 2) { /* no room on the right: left of ^ */
			int mx = ex - 1 - mw > 0 ? ex - 1 - mw : 0;

			tui_put(y + 1, mx, ex - 1 - mx, c->err.msg, false);
		} else
			tui_put(y + 1, ex + 2, w - ex - 2, c->err.msg, false);
	}
	attrset(theme_attr(ROLE_NORMAL));
	/* Last: the terminal's cursor goes back into the line. */
	move(cy, cx);
}
