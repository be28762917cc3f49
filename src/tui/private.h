/* What the interface's files share: the application state, reaction flags,
 * the widgets (list, prompt, bar), the key tables and the tree view. */
#ifndef CLIENTELE_TUI_PRIVATE_H
#define CLIENTELE_TUI_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "err.h"
#include "text/textbuf.h"
#include "tui.h"

struct db;
struct tree;
struct counter;
struct count_result;
struct conds;
struct facetp;
struct segment;
struct cmdline;
struct picker;
struct form;
struct fieldpick;
struct rule_cond;

/* What a handler asks of the loop (htop's Action.h): it never paints. */
enum {
	R_NONE = 0,
	R_REDRAW = 1 << 0,  /* paint the screen again */
	R_RECOUNT = 1 << 1, /* counts are stale: ask for them after the next paint */
	R_RELOAD = 1 << 2,  /* the tree changed in the base: read it again */
	R_QUIT = 1 << 3,
	R_CURSOR = 1 << 4,  /* a list's cursor moved: its old and new rows, and what
	                     * shows the selection, are painted again (list_update) */
	R_CLEAR = 1 << 5,   /* the terminal may be garbled: send all of it (Ctrl-L) */
	R_SPIN = 1 << 6     /* the spinner turned: its corner alone is painted again */
};

/* A pressed key: a character, or a curses KEY_* code when fn. */
struct key {
	wint_t code;
	bool fn;
};

/* --- line.c: one line of text being edited ----------------------------------- */
#define LINE_MAX_CHARS 4096
/* The bytes a line's text takes at most as UTF-8, with its NUL. */
#define LINE_TEXT_SIZE (LINE_MAX_CHARS * 4 + 1)

struct line {
	wchar_t buf[LINE_MAX_CHARS]; /* buf[len] is L'\0' */
	size_t len, cur;             /* in characters; cur in [0, len] */
};

/* The line holds s (UTF-8), the cursor at its end; false, the line empty,
 * when s is not valid UTF-8 or longer than the line: a text is never cut. */
bool line_set(struct line *l, const char *s);
/* The line as UTF-8 in out (cut to size). */
void line_text(const struct line *l, char *out, size_t size);
/* Inserts c at the cursor; false when the line is full. */
bool line_insert(struct line *l, wchar_t c);
/* The editing keys: ← → Home End Backspace Delete, ^U clears, a printable
 * character is inserted. True when k was one of them. */
bool line_key(struct line *l, struct key k);

/* --- prompt.c: a one-line editor (names) or a yes/no question -------------- */
struct tui;
typedef unsigned (*prompt_done_fn)(struct tui *t, const char *text);
/* Tab in the prompt: may change the line (a file name completed). */
typedef unsigned (*prompt_complete_fn)(struct tui *t, struct line *l);

struct prompt {
	bool active, yesno;
	char label[256];
	struct line line;
	prompt_done_fn done;
	prompt_complete_fn complete; /* NULL: Tab does nothing; set after prompt_open */
};

/* Opens the prompt with label and initial text (may be NULL); false, the
 * prompt closed, when init is longer than a line (see prompt_too_long). */
bool prompt_open(struct prompt *p, const char *label, const char *init, prompt_done_fn done);
/* Says on the message line that a text was too long to edit, and left as it
 * was; R_REDRAW. */
unsigned prompt_too_long(struct tui *t);
/* Opens a yes/no question: done gets "y" on yes and is not called on no. */
void prompt_ask(struct prompt *p, const char *question, prompt_done_fn done);
unsigned prompt_key(struct tui *t, struct prompt *p, struct key k);
void prompt_draw(const struct prompt *p, int y, int w);

/* --- the application (app.c) ----------------------------------------------- */
struct tui {
	struct db *db;
	const char *path;
	int rows, cols;
	unsigned dirty;       /* R_* flags waiting for the loop */
	bool painted;         /* the first screen is up: counting may start */
	bool help;            /* the help screen is shown */
	int help_top;         /* its first line shown, when it is taller than the window */
	int help_page;        /* the height its columns were laid out in */
	struct counter *counter; /* the counts' worker (counter.h) */
	unsigned spin;        /* the spinner's frame while counts are in flight */
	char msg[ERR_LINE_MAX];
	bool msg_error;
	struct prompt prompt;
	struct tree *tree;
	struct conds *conds;
	struct facetp *facet; /* the facet panel, NULL when closed */
	struct cmdline *cmdline; /* the `:` command line (view_cmdline.c) */
	struct picker *picker; /* a picker over the screen (picker.c), or NULL */
	struct form *form;     /* the condition form (view_form.c), or NULL */
	struct fieldpick *fieldpick; /* the field picker's state (view_fields.c) */
	bool focus_conds;     /* Tab: the keys go to the conditions panel */
	char thousep[8];      /* the locale's digit group separator */
	char ref_date[11];
	struct screen *screens; /* full screens over the main one (screen.c) */
	size_t nscreens, screens_cap;
	uint64_t screen_tags;  /* screen_tag's last */
	struct gauge *gauge;   /* long work running, with its gauge (gauge.c), or NULL */
};

/* Shows text in the message line (an error in the error colour). */
void tui_message(struct tui *t, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Shows a core error in the message line; returns R_REDRAW. */
unsigned tui_error(struct tui *t, const struct err *e);

/* n grouped by the locale's separator ("120 431"), in buf. */
const char *tui_group(const struct tui *t, long long n, char *buf, size_t size);

/* Draws s at (y, x) in at most w columns, cut at a character boundary with
 * "…" when longer; pads with spaces to w when pad. Returns columns used. */
int tui_put(int y, int x, int w, const char *s, bool pad);

/* The same, cut at the start ("…/clientele/demo.db") when it is too wide:
 * for paths, whose end says the most. */
int tui_put_tail(int y, int x, int w, const char *s, bool pad);

/* A message "WHERE: what happened" too wide for w: WHERE is cut at its
 * start, so that what happened stays whole; otherwise as tui_put. */
int tui_put_msg(int y, int x, int w, const char *s, bool pad);

int app_run(struct tui *t);
/* The spinner's frame while counts are in flight, NULL when none is. */
const char *tui_spinner(const struct tui *t);

#define TUI_MIN_COLS 40
#define TUI_MIN_ROWS 12

/* --- view_start.c --------------------------------------------------------------- */
/* The start screen: 0 with *path_out (malloc'd) the base to open, 1 when
 * the user quits; *import when the user chose to import into it (it was
 * created empty when it was not there): the import screen is to open. */
int start_run(struct tui *t, tui_demo_fn demo, char **path_out, bool *import, struct err *e);

/* --- theme.c ----------------------------------------------------------------- */
enum role { ROLE_NORMAL, ROLE_TITLE, ROLE_CURSOR, ROLE_BAR_KEY, ROLE_BAR_LABEL, ROLE_STATUS,
	    ROLE_ERROR, ROLE_DIM, ROLE_UP, ROLE_DOWN,
	    /* a grid cell's shade, by its share: low to high (the analysis
	     * screens); without colour, theme_shade's characters say it */
	    ROLE_HEAT1, ROLE_HEAT2, ROLE_HEAT3, ROLE_HEAT4 };
void theme_init(void);
int theme_attr(enum role r);
/* Whether the screen has colours (NO_COLOR unset and the terminal has
 * them): without, the analysis screens shade by characters. */
bool theme_colour(void);
/* The shade of level 1 .. 4 as a character (░ ▒ ▓ █), " " for 0. */
const char *theme_shade(int level);

/* --- keys.c ------------------------------------------------------------------ */
enum op {
	OP_NONE, OP_HELP, OP_QUIT, OP_UP, OP_DOWN, OP_PGUP, OP_PGDN, OP_HOME, OP_END,
	OP_EXPAND, OP_COLLAPSE, OP_ADD_CHILD, OP_ADD_SIBLING, OP_RENAME, OP_DUP, OP_DELETE,
	OP_MOVE_UP, OP_MOVE_DOWN, OP_INDENT, OP_OUTDENT, OP_UNDO, OP_RECOUNT, OP_FOCUS, OP_CMDLINE,
	OP_REDRAW, OP_LIST_OPEN, OP_TAGS, OP_IMPORT, OP_EXPORT,
	OP_PLAN_EDIT, OP_PLAN_VIEW, OP_FREEZE, OP_SNAPSHOTS,
	OP_RFM, OP_ABC, OP_VALUE_SPEED, OP_HIST, OP_MARK, OP_COMPARE,
	OP_COND_EDIT, OP_COND_ADD, OP_COND_DELETE, OP_COND_NOT, OP_COND_TEXT, OP_COND_ADD_TEXT,
	OP_FACET_OPEN, OP_FACET_PICK, OP_FACET_TOGGLE, OP_FACET_CLOSE, OP_FACET_RANGE
};
/* The operation bound to k on the main screen, or OP_NONE: the focused
 * panel's keys first (the conditions panel has its own table). */
enum op keys_lookup(const struct tui *t, struct key k);
/* Runs the handler of op; returns its reaction flags. */
unsigned keys_run(struct tui *t, enum op op);
/* The function-key bar's entries, in order: n receives their count. */
struct bar_entry {
	const char *num;   /* "1" .. "10" */
	const char *label; /* untranslated, N_() */
};
const struct bar_entry *keys_bar(size_t *n);
/* Paints the help screen from the key tables. */
void keys_help_draw(struct tui *t);
/* A key on a help screen taller than the window: ↑ ↓ j k PgUp PgDn Home
 * End scroll it; true when k was one of them. */
bool keys_help_scroll(struct tui *t, struct key k);

/* A screen's key (screen.c): bound to the screen's own action act (its
 * enum, never 0), with the help text of the action (N_(); the help shows
 * an action once, at its first key, with the names of all its keys).
 * name NULL: a second code for the same key, not shown. */
struct screen_key {
	struct key key;
	const char *name;
	int act;
	const char *help;
};
#define KEY_CH(c) {(wint_t)(c), false}
#define KEY_FN(c) {(wint_t)(c), true}
/* The action of table tab (n entries) bound to k, 0 when none is. */
int keys_find(const struct screen_key *tab, size_t n, struct key k);
/* Paints the help of a screen: title, then every action of its table with
 * its keys, then the keys every screen has (back, help, redraw). */
void keys_help_table(struct tui *t, const char *title, const struct screen_key *tab, size_t n,
                     bool moves, bool typing);
/* The cursor move a screen's key is (↑ ↓ j k PgUp PgDn Home g End G), or
 * OP_NONE; and the key every screen has (-1 back, -2 help, -3 redraw,
 * -4 quit), or 0. */
enum op keys_screen_move(struct key k);
int keys_screen_common(struct key k);

/* --- bar.c ------------------------------------------------------------------- */
void bar_draw_fkeys(struct tui *t, int y);
/* The function-key bar of entries b (n of them). */
void bar_draw_entries(struct tui *t, int y, const struct bar_entry *b, size_t n);
/* The status line of the selected segment. */
void bar_draw_status(struct tui *t, int y);

/* --- list.c: a list of rows keyed by stable ids (tmux's mode-tree) ---------- */
struct list_ops {
	void (*build)(void *ctx);                        /* reread the rows */
	size_t (*count)(void *ctx);
	long long (*id)(void *ctx, size_t i);  /* NULL: rows keyed by position */
	void (*draw)(void *ctx, size_t i, int y, int x, int w, bool cursor);
};

struct list {
	const struct list_ops *ops;
	void *ctx;
	size_t cur, top;
	long long cur_id;
	bool unfocused;   /* the cursor's row drawn plain: the keys are elsewhere */
	int y, x, h, w;   /* where it was last drawn */
	size_t drawn_cur; /* the cursor's row when it was last drawn */
	unsigned frame;   /* the whole paint it was last drawn in */
	unsigned serial;  /* which list it is, for list_moves_painted */
};

void list_init(struct list *l, const struct list_ops *ops, void *ctx);
/* Rebuilds the rows; the cursor stays on the row with the same id (or on
 * want_id when not 0), else at the same index. */
void list_rebuild(struct list *l, long long want_id);
unsigned list_op(struct list *l, enum op op);
/* A mouse event at (y, x): a click selects, the wheel scrolls. */
unsigned list_mouse(struct list *l, int y, int x, bool click, int wheel);
void list_draw(struct list *l, int y, int x, int h, int w);
/* A whole paint begins: the lists it does not draw cannot be updated. */
void list_new_frame(void);
/* After a cursor move (R_CURSOR): paints again the row the cursor left and
 * the one it reached, or the whole list when it scrolls. 0 when the cursor
 * did not move, 1 when it painted, -1 when the list is not on the screen
 * as the last whole paint left it (the loop paints everything then). */
int list_update(struct list *l);
/* After list_update: true when every list whose cursor a key moved since
 * the last paint was painted again (a list the loop does not know of, a
 * picker's, takes a whole paint); forgets the moves. */
bool list_moves_painted(void);
void list_set_cursor(struct list *l, size_t i);

/* --- picker.c: a searchable list in a box over the screen ------------------- */
struct picker_ops {
	size_t (*count)(void *ctx);      /* every row */
	/* Row i's k-th text that typing searches (its name, its label...),
	 * NULL past the last. */
	const char *(*text)(void *ctx, size_t i, int k);
	void (*draw)(void *ctx, size_t i, int y, int x, int w, bool cursor);
	/* After the picker closed: row i picked, or SIZE_MAX when cancelled
	 * (ctx is the caller's to free then or there). Returns R_* flags. */
	unsigned (*done)(struct tui *t, void *ctx, size_t i);
};

/* Opens a picker over the screen on rows ops over ctx (which stays the
 * caller's), with the cursor on row select (SIZE_MAX: the first). */
int picker_open(struct tui *t, const char *title, const struct picker_ops *ops, void *ctx,
                size_t select);
/* Tells typed, with the open picker's ctx, what is typed (UTF-8) each time
 * it changes, before the rows are filtered again: for a row that offers
 * to create what was typed (its text is the query, so it always matches). */
void picker_set_typed(struct tui *t, void (*typed)(void *ctx, const char *query));
bool picker_active(const struct tui *t);
unsigned picker_key(struct tui *t, struct key k);
unsigned picker_mouse(struct tui *t, int y, int x, bool click, int wheel);
/* The rows changed (new figures): reads them again. */
void picker_refresh(struct tui *t);
void picker_draw(struct tui *t);
/* Puts the terminal's cursor in the picker's search line. */
void picker_cursor(const struct tui *t);
/* Closes it without calling done (the screen is going away). */
void picker_close(struct tui *t);
/* A frame of h x w at (y, x), cleared inside, with title on its top. */
void tui_box(int y, int x, int h, int w, const char *title);

/* --- gauge.c: long work (core/job.h) with a gauge over the screen ----------
 * While it runs, the keys go to the gauge: Esc, q or Ctrl-C cancel the work
 * (which then changes nothing); the rest wait. */
struct job;
typedef int (*job_fn)(struct job *j, void *arg, struct err *e);
/* Told how the work ended: rc 0, or -1 with e (NULL when the interface is
 * closing), cancelled when the user asked it to stop. Returns R_* flags. */
typedef unsigned (*gauge_done_fn)(struct tui *t, void *ctx, int rc, const struct err *e,
                                  bool cancelled);
/* Runs fn(job, arg) in a thread of its own under a box titled title; arg
 * must live until done is called (with ctx). One at a time. */
int gauge_run(struct tui *t, const char *title, job_fn fn, void *arg, gauge_done_fn done,
              void *ctx, struct err *e);
bool gauge_active(const struct tui *t);
/* The descriptor the loop polls beside the terminal, -1 when none. */
int gauge_fd(const struct tui *t);
/* News from the work: progress, or its end (done is called). */
unsigned gauge_poll(struct tui *t);
unsigned gauge_key(struct tui *t, struct key k);
void gauge_draw(struct tui *t);
/* The interface is closing: cancels the work and waits for it. */
void gauge_close(struct tui *t);

/* --- view_fields.c: the field picker, on the picker ------------------------ */
/* What the field picker was opened for: the field's name, NULL when the
 * user cancelled. */
typedef unsigned (*field_picked_fn)(struct tui *t, const char *field);
/* Opens it on every field of the base, with name, label, type and fill
 * rate, the cursor on current (a name or label; NULL: the first). */
unsigned fields_pick(struct tui *t, const char *current, field_picked_fn picked);
/* A result from the counter: the fill rates (COUNT_FILL) are its own. */
unsigned fields_counted(struct tui *t, const struct count_result *r);
void fields_close(struct tui *t);

/* --- view_tags.c: the tag manager screen, and the tag picker ---------------- */
/* What the tag picker was opened for: the tag's name (a new one when the
 * user typed it: tag_add creates it), NULL when the user cancelled the
 * picker or left the new tag's name empty (Esc in that name's prompt
 * calls nothing, as every prompt). */
typedef unsigned (*tag_picked_fn)(struct tui *t, const char *name);
/* Opens the tag picker over the screen: every tag with its count but the
 * one named except (NULL: none), and, when offer_new, a last row that
 * takes what was typed as a new tag's name (or asks for it). */
unsigned tags_pick(struct tui *t, const char *title, const char *except, bool offer_new,
                   tag_picked_fn picked);
/* Opens the tag manager screen. */
unsigned tags_open(struct tui *t);

/* --- view_form.c: the condition form, over the screen ------------------------ */
/* Opens it for the segment at path: on condition edit (its field, operator
 * and value in c) or, edit SIZE_MAX and c NULL, a new one (the field
 * picker first). */
unsigned form_open(struct tui *t, const char *path, size_t edit, const struct rule_cond *c);
bool form_active(const struct tui *t);
unsigned form_key(struct tui *t, struct key k);
void form_draw(struct tui *t);
/* A result from the counter: the completions of the value are its own. */
unsigned form_counted(struct tui *t, const struct count_result *r);
/* Whether the terminal's cursor shows (in the value), and puts it there. */
bool form_wants_cursor(const struct tui *t);
void form_cursor(const struct tui *t);
void form_close(struct tui *t);

/* --- screen.c: a stack of full screens over the main one -------------------
 * A screen has the whole window between the title line and its status
 * line; the message line, the function-key bar, the spinner, Ctrl-L,
 * resizing and the too-small notice are the loop's, as on the main screen,
 * and the prompt, the picker and the form draw over it. Esc and q go back
 * (pop), ? and F1 show its help from its key table, F10 and Ctrl-C quit.
 * Its handlers return R_* flags and never paint. */
struct count_result;
struct screen_ops {
	const char *title; /* N_(): shown in the title line and the help */
	/* What follows the title (a segment's path), NULL: nothing. */
	const char *(*subtitle)(void *ctx);
	void (*draw)(struct tui *t, void *ctx, int y, int h); /* lines y .. y+h-1 */
	void (*status)(struct tui *t, void *ctx, int y);      /* its status line; NULL: blank */
	unsigned (*key)(struct tui *t, void *ctx, struct key k);
	/* A cursor move (OP_UP ... OP_END), from the keys every screen with
	 * rows shares (shown first in its help); NULL: it has none. */
	unsigned (*cursor)(struct tui *t, void *ctx, enum op op);
	unsigned (*mouse)(struct tui *t, void *ctx, int y, int x, bool click, int wheel); /* or NULL */
	/* A result from the counter, given to every screen on the stack
	 * (each takes the tags it asked for: screen_tag); NULL: none. */
	unsigned (*counted)(struct tui *t, void *ctx, const struct count_result *r);
	void (*free)(void *ctx);
	const struct screen_key *keys; /* its key table, for its help */
	size_t nkeys;
	const struct bar_entry *bar; /* its function-key bar; NULL: Help and Quit */
	size_t nbar;
	/* The base changed under it (a screen over it edited customers):
	 * read again what it shows; NULL: it keeps what it has. */
	unsigned (*changed)(struct tui *t, void *ctx);
	/* A screen where text is typed (the plan editor): key gets every key,
	 * q ? j k too, and answers Esc, F1 and F10 itself (keys_screen_common
	 * tells them); its help leaves out q and ?. */
	bool typing;
	/* Where the terminal's cursor goes after a paint (a text being
	 * edited): true with *y, *x; NULL or false: hidden. */
	bool (*caret)(void *ctx, int *y, int *x);
};

struct screen {
	const struct screen_ops *ops;
	void *ctx;
};

/* Puts a screen on top; it owns ctx from then on (freed by ops->free on
 * pop, or here when the push fails). */
int screen_push(struct tui *t, const struct screen_ops *ops, void *ctx, struct err *e);
/* Takes the top screen off (closing a picker or form over it) and frees it. */
void screen_pop(struct tui *t);
void screen_pop_all(struct tui *t);
bool screen_active(const struct tui *t);
/* The top screen's context, NULL when none is shown. */
void *screen_top(const struct tui *t);
/* A counter tag no other request of the interface has. */
uint64_t screen_tag(struct tui *t);
/* The counter slot n (0..7) of the screen ctx on the stack: apart from the
 * main screen's and every other screen's. */
int screen_slot(const struct tui *t, const void *ctx, int n);
/* The loop's calls: the top screen's paint, key, mouse and help; a
 * counter result to every screen. */
void screen_paint(struct tui *t);
unsigned screen_key(struct tui *t, struct key k);
unsigned screen_mouse(struct tui *t, int y, int x, bool click, int wheel);
void screen_help_draw(struct tui *t);
unsigned screen_counted(struct tui *t, const struct count_result *r);
/* A screen edited customers (a hand edit, a tag): every screen under it
 * reads again what it shows (its changed op). */
unsigned screen_changed(struct tui *t);
/* The title line, " clientele — TEXT", shared by the main screen's look. */
void screen_title(struct tui *t, const char *text);
/* Whether the top screen wants the terminal's cursor (its caret), and
 * puts it there. */
bool screen_caret(const struct tui *t);

/* --- view_list.c: the customer list, a screen --------------------------------- */
/* Opens the list of the customers of segment parent (NULL: the base) that
 * match rule (NULL: all of them), the title line naming subtitle. */
unsigned custlist_open(struct tui *t, const char *parent, const char *rule, const char *subtitle);

/* --- view_card.c: the customer card, a screen ------------------------------------ */
/* Opens the card of customer customer_id (customers.id); segment_path is
 * the segment the list was opened on, whose "why" the card shows (NULL:
 * none, the base's list or a tag's). */
unsigned card_open(struct tui *t, long long customer_id, const char *segment_path);

/* --- text_edit.c: a multi-line text editor widget (on textbuf.h) ---------- */

struct text_edit {
	struct textbuf b;
	size_t top;    /* the first screen row shown */
	int width;     /* the wrap width it was last drawn at */
	int page;      /* the rows it was last drawn in (PgUp, PgDn) */
	int cy, cx;    /* where its cursor was last drawn; cy -1: nowhere */
};

/* The editor holds s (UTF-8), the cursor at its start; -1 out of memory. */
int text_edit_set(struct text_edit *te, const char *s);
void text_edit_free(struct text_edit *te);
/* The editing keys, as line.c's: ← → ↑ ↓ Home End PgUp PgDn Backspace
 * Delete, Enter a new line, ^U clears the line, a printable character is
 * inserted. True when k was one of them. */
bool text_edit_key(struct text_edit *te, struct key k);
/* Draws it at (y, x), h rows of w columns, wrapped at w - 1 (the cursor's
 * room), scrolled to show the cursor; records where the cursor is. */
void text_edit_draw(struct text_edit *te, int y, int x, int h, int w);

/* --- view_plan.c: the plan editor and the plan view, screens -------------- */
/* The plan editor of the segment at path: who, what, why, when, where and
 * strategy as multi-line fields. */
unsigned plan_edit_open(struct tui *t, const char *path);
/* The plan view: the whole tree with sizes and plans, saved as Markdown
 * or CSV. */
unsigned plan_view_open(struct tui *t);
/* A plan was saved: the plan view, when open, reads the plans again. */
unsigned plan_view_saved(struct tui *t);

/* --- view_snap.c: snapshots ------------------------------------------------- */
/* Asks for a name and freezes the segment at path under it. */
unsigned snap_freeze(struct tui *t, const char *path);
/* The snapshots screen: each with its segment, date and members; Enter
 * shows its diff with the live segment. */
unsigned snap_open(struct tui *t);

/* --- view_grid.c, view_compare.c, view_hist.c: the analysis screens ------- */
enum grid_kind { GRID_RFM, GRID_ABC, GRID_VALUE_SPEED };
/* analysis_run.c: fn(db, ctx) in a job of its own, on its own read-only
 * connection, under the gauge titled title; then done(t, ctx, ...) on the
 * loop's thread as gauge_done_fn says (e NULL: the interface is closing).
 * fn must write only what the screens do not draw until done. */
typedef int (*analysis_fn)(struct db *db, void *ctx, struct err *e);
typedef unsigned (*analysis_done_fn)(struct tui *t, void *ctx, int rc, const struct err *e,
                                     bool cancelled);
int analysis_run(struct tui *t, const char *title, analysis_fn fn, void *ctx,
                 analysis_done_fn done, struct err *e);
/* The RFM (R), ABC×XYZ (X) or value × speed (V) grid of the selected
 * segment. */
unsigned grid_open(struct tui *t, enum grid_kind kind);
/* cents as money, "1 234.56" (grouped as tui_group), in buf. */
const char *analysis_money(const struct tui *t, long long cents, char *buf, size_t size);
/* Space on the tree: marks or unmarks the selected segment for compare. */
unsigned tree_mark(struct tui *t);
/* The marked segments' paths ("" for All customers), in the tree's order,
 * owned by the tree: at most max of them; returns how many are marked. */
size_t tree_marked(struct tui *t, const char **paths, size_t max);
/* The compare screen of the segments marked on the tree (C). */
unsigned compare_open(struct tui *t);
/* Asks for a number or date field and opens its histogram within the
 * selected segment (H). */
unsigned hist_open(struct tui *t);

/* --- view_import.c: the import screen ------------------------------------------ */
/* Opens the import screen, with the path line open for the file. */
unsigned import_open(struct tui *t);

/* --- rawview.c: a file's first bytes, as lines -------------------------------- */
/* Draws the lines of bytes (NUL-terminated) from (y, x), at most h lines of
 * w columns, each as it is but with a UTF-8 BOM as a line "[BOM]", a tab as
 * → and a CR as ␍; returns the lines drawn. */
int rawview_draw(int y, int x, int h, int w, const char *bytes);

/* --- view_export.c: the export dialog, a screen ------------------------------ */
/* Opens it on the customers of segment (NULL: the base) that match rule
 * (NULL: all of them). */
unsigned export_open(struct tui *t, const char *segment, const char *rule);

/* --- view_tree.c --------------------------------------------------------------- */
int tree_open(struct tui *t, struct err *e);
void tree_close(struct tui *t);
/* Rereads the tree from the base (after an edit). */
unsigned tree_reload(struct tui *t);
/* Asks the counter for the tree's counts (and the base's), cancelling the
 * stale ones; they are drawn dimmed until the new ones come. */
unsigned tree_count(struct tui *t);
/* A result from the counter (counter_poll): the tree takes its own. */
unsigned tree_counted(struct tui *t, const struct count_result *r);
void tree_draw(struct tui *t, int y, int h);
/* After R_CURSOR: the lists' rows that changed, and the right panel when
 * the tree's selection did. False when it takes a whole paint. */
bool tree_draw_cursor(struct tui *t);
unsigned tree_op(struct tui *t, enum op op);
unsigned tree_mouse(struct tui *t, int y, int x, bool click, int wheel);

/* What the status line shows of the selected row. */
struct tree_status {
	bool counted;
	long long count, parent, base;
	const char *rule;   /* owned by the tree */
	const char *path;
};
void tree_status(struct tui *t, struct tree_status *out);
/* The selected segment, owned by the tree; NULL for "All customers". */
const struct segment *tree_selected(struct tui *t);

/* --- view_conds.c: the selected segment's conditions, on the right ----------- */
/* Draws the panel at (y, x), h lines of w columns; a new selection shows
 * its terms at once, with "…" for what they remove. */
void conds_draw(struct tui *t, int y, int x, int h, int w);
/* After R_CURSOR: the rows of the panel's lists (and the facet's) that
 * changed; false when it takes a whole paint. */
bool conds_draw_cursor(struct tui *t);
/* Asks the counter for what each condition removes when the panel wants it
 * (after it was drawn with "…"): the one place the panel counts. True when
 * it asked. */
bool conds_update(struct tui *t);
/* A result from the counter: the panel takes its own. */
unsigned conds_counted(struct tui *t, const struct count_result *r);
/* Counts again at the next conds_update (the base may have changed). */
void conds_stale(struct tui *t);
unsigned conds_op(struct tui *t, enum op op);
/* A click on a condition selects it and gives the panel the keys. */
unsigned conds_mouse(struct tui *t, int y, int x, bool click, int wheel);
void conds_close(struct tui *t);
/* Says in the message line why a segment's conditions cannot be edited
 * (root: All customers; fixed: a frozen list, or a rule the panel cannot
 * take apart) and returns true; false when they can. */
bool conds_refuse(struct tui *t, bool root, bool fixed);
/* The condition under the panel's cursor, NULL when none. */
const char *conds_current(struct tui *t);
/* Stores term as condition i of the segment shown (SIZE_MAX: a new one at
 * the end): the panel's one core call, one undo step. */
unsigned conds_store_term(struct tui *t, size_t i, const char *term);

/* --- view_facet.c: a field's values or histogram, under the conditions ------ */
bool facet_is_open(const struct tui *t);
/* Draws the panel; a new selection shows "…" until facet_update. */
void facet_draw(struct tui *t, int y, int x, int h, int w);
/* After R_CURSOR: the facet's rows that changed (list_update). */
int facet_draw_cursor(struct tui *t);
/* Asks the counter for the figures the panel wants after it was drawn: the
 * one place it counts. True when it asked. */
bool facet_update(struct tui *t);
/* Counts again at the next facet_update (the tree was edited, or `c`):
 * the last figures stay, dimmed, until the new ones come. */
void facet_stale(struct tui *t);
/* A result from the counter: the panel takes its own (its values, which
 * it leaves zeroed in r). */
unsigned facet_counted(struct tui *t, struct count_result *r);

unsigned facet_op(struct tui *t, enum op op);
/* A click on a value or a bucket selects it; the wheel scrolls. */
unsigned facet_mouse(struct tui *t, int y, int x, bool click, int wheel);
void facet_close(struct tui *t);

/* --- view_cmdline.c: the `:` command line ------------------------------------ */
/* Opens it with the selected segment's rule. */
unsigned cmdline_open(struct tui *t);
bool cmdline_active(const struct tui *t);
unsigned cmdline_key(struct tui *t, struct key k);
/* A result from the counter: the command line takes its own. */
unsigned cmdline_counted(struct tui *t, const struct count_result *r);
/* Draws it at y, its error with a caret at y + 1. */
void cmdline_draw(struct tui *t, int y);
void cmdline_close(struct tui *t);

#endif
