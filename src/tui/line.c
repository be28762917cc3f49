/* One line of text being edited, in wide characters so that the cursor
 * moves by characters, never bytes: the prompt, the `:` line, the form's
 * value and the picker's search share it (one home for line editing). */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "private.h"

bool
line_set(struct line *l, const char *s)
{
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof st);
	n = mbsrtowcs(l->buf, &s, LINE_MAX_CHARS - 1, &st);
	/* s is NULL when the whole text was converted */
	if (n == (size_t)-1 || s != NULL)
		n = 0;
	l->len = l->cur = n;
	l->buf[l->len] = L'\0';
	return n > 0 || s == NULL;
}

void
line_text(const struct line *l, char *out, size_t size)
{
	wchar_t w[LINE_MAX_CHARS];
	const wchar_t *src = w;
	mbstate_t st;
	size_t n;

	memcpy(w, l->buf, l->len * sizeof w[0]);
	w[l->len] = L'\0';
	memset(&st, 0, sizeof st);
	n = wcsrtombs(out, &src, size - 1, &st);
	out[n == (size_t)-1 ? 0 : n] = '\0';
}

bool
line_insert(struct line *l, wchar_t c)
{
	if (l->len + 1 >= LINE_MAX_CHARS)
		return false;
	memmove(&l->buf[l->cur + 1], &l->buf[l->cur], (l->len - l->cur) * sizeof l->buf[0]);
	l->buf[l->cur++] = c;
	l->buf[++l->len] = L'\0';
	return true;
}

bool
line_key(struct line *l, struct key k)
{
	if (k.fn) {
		switch (k.code) {
		case KEY_LEFT:
			if (l->cur > 0)
				l->cur--;
			return true;
		case KEY_RIGHT:
			if (l->cur < l->len)
				l->cur++;
			return true;
		case KEY_HOME:
			l->cur = 0;
			return true;
		case KEY_END:
			l->cur = l->len;
			return true;
		case KEY_BACKSPACE:
			if (l->cur > 0) {
				memmove(&l->buf[l->cur - 1], &l->buf[l->cur],
				        (l->len - l->cur) * sizeof l->buf[0]);
				l->cur--, l->len--;
				l->buf[l->len] = L'\0';
			}
			return true;
		case KEY_DC:
			if (l->cur < l->len) {
				memmove(&l->buf[l->cur], &l->buf[l->cur + 1],
				        (l->len - l->cur - 1) * sizeof l->buf[0]);
				l->len--;
				l->buf[l->len] = L'\0';
			}
			return true;
		default:
			return false;
		}
	}
	if (k.code == 127 || k.code == 8)
		return line_key(l, (struct key){KEY_BACKSPACE, true});
	if (k.code == 21) { /* ^U: clear */
		l->len = l->cur = 0;
		l->buf[0] = L'\0';
		return true;
	}
	if (k.code < 32)
		return false;
	line_insert(l, (wchar_t)k.code);
	return true;
}
