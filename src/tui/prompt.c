/* A one-line editor in the message line (UTF-8, wide characters: a
 * Cyrillic letter is one step of the cursor), and yes/no questions. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "i18n.h"
#include "private.h"

void
prompt_open(struct prompt *p, const char *label, const char *init, prompt_done_fn done)
{
	mbstate_t st;
	const char *s = init != NULL ? init : "";
	size_t n;

	memset(p, 0, sizeof *p);
	p->active = true;
	p->done = done;
	snprintf(p->label, sizeof p->label, "%s", label);
	memset(&st, 0, sizeof st);
	n = mbsrtowcs(p->buf, &s, sizeof p->buf / sizeof p->buf[0] - 1, &st);
	p->len = p->cur = n == (size_t)-1 ? 0 : n;
	p->buf[p->len] = L'\0';
}

void
prompt_ask(struct prompt *p, const char *question, prompt_done_fn done)
{
	prompt_open(p, question, NULL, done);
	p->yesno = true;
}

static unsigned
finish(struct tui *t, struct prompt *p)
{
	char text[1024];
	const wchar_t *w = p->buf;
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof st);
	p->buf[p->len] = L'\0';
	n = wcsrtombs(text, &w, sizeof text - 1, &st);
	text[n == (size_t)-1 ? 0 : n] = '\0';
	p->active = false;
	curs_set(0);
	return p->done(t, text) | R_REDRAW;
}

unsigned
prompt_key(struct tui *t, struct prompt *p, struct key k)
{
	if (!k.fn && k.code == 27) {
		p->active = false;
		return R_REDRAW;
	}
	if (p->yesno) {
		/* TRANSLATORS: the key that answers "yes" to a question (one letter). */
		const char *yes = _("y");

		wchar_t wy = 0;

		p->active = false;
		if (mbtowc(&wy, yes, strlen(yes)) <= 0)
			wy = L'y';
		if (!k.fn && (k.code == L'y' || k.code == L'Y' || (wint_t)wy == k.code ||
		              (wint_t)towupper((wint_t)wy) == k.code)) {
			p->buf[0] = L'y';
			p->len = 1;
			return finish(t, p);
		}
		return R_REDRAW;
	}
	if (k.fn) {
		switch (k.code) {
		case KEY_ENTER:
			return finish(t, p);
		case KEY_LEFT:
			if (p->cur > 0)
				p->cur--;
			break;
		case KEY_RIGHT:
			if (p->cur < p->len)
				p->cur++;
			break;
		case KEY_HOME:
			p->cur = 0;
			break;
		case KEY_END:
			p->cur = p->len;
			break;
		case KEY_BACKSPACE:
			if (p->cur > 0) {
				memmove(&p->buf[p->cur - 1], &p->buf[p->cur],
				        (p->len - p->cur) * sizeof p->buf[0]);
				p->cur--, p->len--;
			}
			break;
		case KEY_DC:
			if (p->cur < p->len) {
				memmove(&p->buf[p->cur], &p->buf[p->cur + 1],
				        (p->len - p->cur - 1) * sizeof p->buf[0]);
				p->len--;
			}
			break;
		default:
			return R_NONE;
		}
		return R_REDRAW;
	}
	if (k.code == L'\n' || k.code == L'\r')
		return finish(t, p);
	if (k.code == 127 || k.code == 8)
		return prompt_key(t, p, (struct key){KEY_BACKSPACE, true});
	if (k.code == 21) { /* ^U: clear */
		p->len = p->cur = 0;
		return R_REDRAW;
	}
	if (k.code < 32 || p->len + 1 >= sizeof p->buf / sizeof p->buf[0])
		return R_NONE;
	memmove(&p->buf[p->cur + 1], &p->buf[p->cur], (p->len - p->cur) * sizeof p->buf[0]);
	p->buf[p->cur++] = (wchar_t)k.code;
	p->len++;
	return R_REDRAW;
}

void
prompt_draw(const struct prompt *p, int y, int w)
{
	int x, i, cx = -1;

	attrset(A_BOLD);
	x = tui_put(y, 0, w, p->label, false);
	attrset(A_NORMAL);
	if (x < w)
		mvaddch(y, x++, ' ');
	move(y, x);
	for (i = 0; i < (int)p->len; i++) {
		int cw = wcwidth(p->buf[i]);

		if (cw < 0)
			cw = 1;
		if (i == (int)p->cur)
			cx = x;
		if (x + cw >= w)
			break;
		addnwstr(&p->buf[i], 1);
		x += cw;
	}
	if (cx < 0)
		cx = x;
	clrtoeol();
	move(y, cx < w ? cx : w - 1);
}
