/* A multi-line text being edited, as wide characters (a Cyrillic or CJK
 * letter is one step of the cursor), with its wrapping at a width in
 * terminal columns (wcwidth: a CJK letter takes two): the buffer and
 * cursor logic of the interface's text editor, without curses. */
#ifndef CLIENTELE_TEXTBUF_H
#define CLIENTELE_TEXTBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* The most characters a text holds (a plan's field is a few paragraphs). */
#define TEXTBUF_MAX 65536

struct textbuf {
	wchar_t *buf;   /* len characters, '\n' between lines; owned */
	size_t len, cap;
	size_t cur;     /* the cursor, in characters, in [0, len] */
	int goal;       /* the column ↑ and ↓ keep to (-1: the cursor's) */
};

/* The text holds s (UTF-8; an invalid byte becomes U+FFFD, CR and a tab
 * are dropped or made a space), the cursor at its start. -1 when out of
 * memory (the text is then empty). */
int textbuf_set(struct textbuf *b, const char *s);
/* The text as UTF-8, malloc'd (owned by the caller); NULL when out of
 * memory. */
char *textbuf_text(const struct textbuf *b);
void textbuf_free(struct textbuf *b);

/* Inserts c (a printable character or '\n') at the cursor; false when it
 * is full or out of memory. */
bool textbuf_insert(struct textbuf *b, wchar_t c);
/* Backspace, Delete; ^U: the whole line of the cursor (to its '\n'). */
void textbuf_backspace(struct textbuf *b);
void textbuf_delete(struct textbuf *b);
void textbuf_kill_line(struct textbuf *b);
void textbuf_left(struct textbuf *b);
void textbuf_right(struct textbuf *b);
/* The start and end of the cursor's line (between two '\n'). */
void textbuf_home(struct textbuf *b);
void textbuf_end(struct textbuf *b);

/* --- wrapping at width columns (width >= 2) ---------------------------------- */

/* The screen row that starts at character start: *end is past its last
 * character (not counting the '\n' that ends it); returns the start of
 * the next row, or (size_t)-1 when it is the last. A line wider than
 * width breaks after its last space that fits, or at width when a word
 * is wider. */
size_t textbuf_row(const struct textbuf *b, size_t start, int width, size_t *end);
/* How many screen rows the text takes at width (at least 1). */
size_t textbuf_rows(const struct textbuf *b, int width);
/* The screen row and column of the cursor at width. */
void textbuf_where(const struct textbuf *b, int width, size_t *row, int *col);
/* Moves the cursor n screen rows down (n < 0: up), keeping to its column
 * (or the goal column of the last such move). */
void textbuf_updown(struct textbuf *b, int width, long n);

#endif
