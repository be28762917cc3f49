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

bool
prompt_open(struct prompt *p, const char *label, const char *init, prompt_done_fn done)
{
	memset(p, 0, sizeof *p);
	p->done = done;
	snprintf(p->label, sizeof p->label, "%s", label);
	p->active = line_set(&p->line, init != NULL ? init : "");
	return p->active;
}

unsigned
prompt_too_long(struct tui *t)
{
	tui_message(t, true, _("This text is longer than %d characters: too long to edit here; left as it was."),
	            LINE_MAX_CHARS - 1);
	return R_REDRAW;
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
	char text[LINE_TEXT_SIZE];

	line_text(&p->line, text, sizeof text);
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
			line_set(&p->line, "y");
			return finish(t, p);
		}
		return R_REDRAW;
	}
	if ((k.fn && k.code == KEY_ENTER) || (!k.fn && (k.code == L'\n' || k.code == L'\r')))
		return finish(t, p);
	if (!k.fn && k.code == L'\t')
		return p->complete != NULL ? p->complete(t, &p->line) | R_REDRAW : R_NONE;
	return line_key(&p->line, k) ? R_REDRAW : R_NONE;
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
	for (i = 0; i < (int)p->line.len; i++) {
		int cw = wcwidth(p->line.buf[i]);

		if (cw < 0)
			cw = 1;
		if (i == (int)p->line.cur)
			cx = x;
		if (x + cw >= w)
			break;
		addnwstr(&p->line.buf[i], 1);
		x += cw;
	}
	if (cx < 0)
		cx = x;
	clrtoeol();
	move(y, cx < w ? cx : w - 1);
}
