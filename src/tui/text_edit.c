/* A multi-line text editor widget: the buffer and cursor logic are
 * textbuf.c's (no curses there, tested alone); here the keys, as line.c
 * takes them, and the drawing, wrapped at the width with the terminal's
 * cursor where the text's is. Any screen can hold one (the plan editor
 * holds six). */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "private.h"
#include "text/text.h"

int
text_edit_set(struct text_edit *te, const char *s)
{
	te->top = 0;
	te->cy = -1;
	if (te->width <= 1)
		te->width = 40;
	if (te->page <= 0)
		te->page = 1;
	return textbuf_set(&te->b, s);
}

void
text_edit_free(struct text_edit *te)
{
	textbuf_free(&te->b);
}

bool
text_edit_key(struct text_edit *te, struct key k)
{
	struct textbuf *b = &te->b;

	if (k.fn) {
		switch (k.code) {
		case KEY_LEFT: textbuf_left(b); return true;
		case KEY_RIGHT: textbuf_right(b); return true;
		case KEY_UP: textbuf_updown(b, te->width, -1); return true;
		case KEY_DOWN: textbuf_updown(b, te->width, 1); return true;
		case KEY_PPAGE: textbuf_updown(b, te->width, -(long)te->page); return true;
		case KEY_NPAGE: textbuf_updown(b, te->width, te->page); return true;
		case KEY_HOME: textbuf_home(b); return true;
		case KEY_END: textbuf_end(b); return true;
		case KEY_BACKSPACE: textbuf_backspace(b); return true;
		case KEY_DC: textbuf_delete(b); return true;
		case KEY_ENTER: textbuf_insert(b, L'\n'); return true;
		default: return false;
		}
	}
	switch (k.code) {
	case 127:
	case 8:
		textbuf_backspace(b);
		return true;
	case L'\n':
	case L'\r':
		textbuf_insert(b, L'\n');
		return true;
	case 21: /* ^U, as in a prompt: the line is cleared */
		textbuf_kill_line(b);
		return true;
	}
	if (k.code < 32 || (k.code >= 0x7F && k.code < 0xA0))
		return false;
	textbuf_insert(b, (wchar_t)k.code);
	return true;
}

void
text_edit_draw(struct text_edit *te, int y, int x, int h, int w)
{
	const struct textbuf *b = &te->b;
	size_t row, start = 0, end, next, r = 0;
	int col;

	te->cy = -1;
	if (h <= 0 || w < 3)
		return;
	te->width = w - 1;
	te->page = h;
	textbuf_where(b, te->width, &row, &col);
	if (row < te->top)
		te->top = row;
	if (row >= te->top + (size_t)h)
		te->top = row - (size_t)h + 1;
	for (int i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	for (;;) {
		next = textbuf_row(b, start, te->width, &end);
		if (r >= te->top && r < te->top + (size_t)h) {
			int cx = x;

			move(y + (int)(r - te->top), x);
			for (size_t i = start; i < end; i++) {
				wchar_t c = b->buf[i];
				int cw = c < 0x20 ? 1 : text_char_width((uint32_t)c);

				if (cx + cw > x + w)
					break;
				if (c < 0x20)
					c = L'?';
				addnwstr(&c, 1);
				cx += cw;
			}
		}
		if (next == (size_t)-1 || r >= te->top + (size_t)h)
			break;
		start = next;
		r++;
	}
	te->cy = y + (int)(row - te->top);
	te->cx = x + (col < w ? col : w - 1);
}
