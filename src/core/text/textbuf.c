/* A multi-line text being edited, in wide characters, and its wrapping at
 * a width in terminal columns (textbuf.h): the interface's text editor
 * keeps its buffer and cursor logic here, where tests reach it without a
 * terminal. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "text/text.h"
#include "text/textbuf.h"

static int
char_width(wchar_t c)
{
	return c < 0x20 ? 1 : text_char_width((uint32_t)c);
}

static bool
grow(struct textbuf *b, size_t need)
{
	wchar_t *nb;
	size_t cap;

	if (need <= b->cap)
		return true;
	cap = b->cap < 64 ? 64 : b->cap;
	while (cap < need)
		cap *= 2;
	if ((nb = realloc(b->buf, cap * sizeof *nb)) == NULL)
		return false;
	b->buf = nb;
	b->cap = cap;
	return true;
}

void
textbuf_free(struct textbuf *b)
{
	free(b->buf);
	*b = (struct textbuf){.goal = -1};
}

int
textbuf_set(struct textbuf *b, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0, i = 0;

	b->len = b->cur = 0;
	b->goal = -1;
	if (!grow(b, n + 1))
		return -1;
	while (i < n && b->len < TEXTBUF_MAX) {
		uint32_t c;
		size_t k = text_utf8_next(s + i, n - i, &c);

		if (k == 0) {
			c = 0xFFFD;
			k = 1;
		}
		i += k;
		if (c == '\r')
			continue;
		if (c == '\t')
			c = ' ';
		else if (c < 0x20 && c != '\n')
			c = 0xFFFD;
		b->buf[b->len++] = (wchar_t)c;
	}
	return 0;
}

char *
textbuf_text(const struct textbuf *b)
{
	char *out = malloc(b->len * 4 + 1);
	size_t o = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < b->len; i++)
		o += text_utf8_put((uint32_t)b->buf[i], out + o);
	out[o] = '\0';
	return out;
}

bool
textbuf_insert(struct textbuf *b, wchar_t c)
{
	if (b->len >= TEXTBUF_MAX || !grow(b, b->len + 2))
		return false;
	memmove(&b->buf[b->cur + 1], &b->buf[b->cur], (b->len - b->cur) * sizeof b->buf[0]);
	b->buf[b->cur++] = c;
	b->len++;
	b->goal = -1;
	return true;
}

/* Removes the characters [from, to). */
static void
cut(struct textbuf *b, size_t from, size_t to)
{
	memmove(&b->buf[from], &b->buf[to], (b->len - to) * sizeof b->buf[0]);
	b->len -= to - from;
	if (b->cur >= to)
		b->cur -= to - from;
	else if (b->cur > from)
		b->cur = from;
	b->goal = -1;
}

void
textbuf_backspace(struct textbuf *b)
{
	if (b->cur > 0)
		cut(b, b->cur - 1, b->cur);
}

void
textbuf_delete(struct textbuf *b)
{
	if (b->cur < b->len)
		cut(b, b->cur, b->cur + 1);
}

void
textbuf_home(struct textbuf *b)
{
	while (b->cur > 0 && b->buf[b->cur - 1] != L'\n')
		b->cur--;
	b->goal = -1;
}

void
textbuf_end(struct textbuf *b)
{
	while (b->cur < b->len && b->buf[b->cur] != L'\n')
		b->cur++;
	b->goal = -1;
}

void
textbuf_kill_line(struct textbuf *b)
{
	size_t from, to;

	textbuf_home(b);
	from = b->cur;
	textbuf_end(b);
	to = b->cur;
	cut(b, from, to);
}

void
textbuf_left(struct textbuf *b)
{
	if (b->cur > 0)
		b->cur--;
	b->goal = -1;
}

void
textbuf_right(struct textbuf *b)
{
	if (b->cur < b->len)
		b->cur++;
	b->goal = -1;
}

size_t
textbuf_row(const struct textbuf *b, size_t start, int width, size_t *end)
{
	size_t i = start, after_space = 0;
	int col = 0;

	for (;;) {
		int cw;

		if (i >= b->len) {
			*end = b->len;
			return (size_t)-1;
		}
		if (b->buf[i] == L'\n') {
			*end = i;
			return i + 1;
		}
		cw = char_width(b->buf[i]);
		/* the first character always fits, so that every row advances */
		if (i > start && col + cw > width) {
			*end = after_space > start ? after_space : i;
			return *end;
		}
		col += cw;
		if (b->buf[i] == L' ')
			after_space = i + 1;
		i++;
	}
}

size_t
textbuf_rows(const struct textbuf *b, int width)
{
	size_t start = 0, end, n = 1;

	while ((start = textbuf_row(b, start, width, &end)) != (size_t)-1)
		n++;
	return n;
}

/* Whether the cursor at i is on the row [start, end) that next follows:
 * at a soft break its end is the next row's start. */
static bool
on_row(size_t i, size_t start, size_t end, size_t next)
{
	return i >= start && (i < end || (i == end && (next == (size_t)-1 || next > end)));
}

static int
cols(const struct textbuf *b, size_t from, size_t to)
{
	int w = 0;

	for (size_t i = from; i < to; i++)
		w += char_width(b->buf[i]);
	return w;
}

void
textbuf_where(const struct textbuf *b, int width, size_t *row, int *col)
{
	size_t start = 0, end, next, r = 0;

	for (;;) {
		next = textbuf_row(b, start, width, &end);
		if (on_row(b->cur, start, end, next) || next == (size_t)-1)
			break;
		start = next;
		r++;
	}
	*row = r;
	*col = cols(b, start, b->cur < end ? b->cur : end);
}

void
textbuf_updown(struct textbuf *b, int width, long n)
{
	size_t row, start = 0, end, next, r = 0, target, i;
	int col, goal, w = 0;
	long t;

	textbuf_where(b, width, &row, &col);
	goal = b->goal >= 0 ? b->goal : col;
	t = (long)row + n;
	if (t < 0)
		t = 0;
	target = (size_t)t;
	for (;;) {
		next = textbuf_row(b, start, width, &end);
		if (r == target || next == (size_t)-1)
			break;
		start = next;
		r++;
	}
	for (i = start; i < end; i++) {
		int cw = char_width(b->buf[i]);

		if (w + cw > goal)
			break;
		w += cw;
	}
	/* the end of a soft-broken row is shown on the next one */
	if (i == end && next == end && end > start)
		i--;
	b->cur = i;
	b->goal = goal;
}
