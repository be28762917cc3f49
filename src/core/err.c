/* Error values: formatting helpers for struct err. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

static void
set_v(struct err *e, int code, const char *file, long line, int col, const char *fmt,
      va_list ap)
{
	e->code = code;
	snprintf(e->file, sizeof e->file, "%s", file != NULL ? file : "");
	e->line = line;
	e->col = col;
	e->head[0] = '\0';
	e->kind = ERR_PLAIN;
	e->near[0] = '\0';
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
}

int
err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	set_v(e, code, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_set_at(struct err *e, int code, const char *file, long line, int col, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	set_v(e, code, file, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

/* Puts head in front of the text s (of size n), cutting its end if need be. */
static void
prepend(char *s, size_t n, const char *head)
{
	size_t hl = strlen(head), tl = strlen(s);

	if (hl >= n)
		hl = n - 1;
	if (hl + tl >= n)
		tl = n - 1 - hl;
	memmove(s + hl, s, tl);
	memcpy(s, head, hl);
	s[hl + tl] = '\0';
}

int
err_prefix(struct err *e, const char *fmt, ...)
{
	char head[512];
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	/* Context goes before the position; without one, into the message. */
	if (e->file[0] != '\0' || e->line > 0)
		prepend(e->head, sizeof e->head, head);
	else
		prepend(e->msg, sizeof e->msg, head);
	if (e->code == 0)
		e->code = 1;
	return -1;
}

const char *
err_format(const struct err *e, char *buf, size_t n)
{
	char at[sizeof e->file + 48];
	size_t k = 0;

	if (n == 0)
		return buf;
	at[0] = '\0';
	if (e->file[0] != '\0')
		k += (size_t)snprintf(at, sizeof at, "%s:", e->file);
	if (e->line > 0 && k < sizeof at)
		k += (size_t)snprintf(at + k, sizeof at - k, "%ld:", e->line);
	if (e->line > 0 && e->col > 0 && k < sizeof at)
		k += (size_t)snprintf(at + k, sizeof at - k, "%d:", e->col);
	snprintf(buf, n, "%s%s%s%s", e->head, at, k > 0 ? " " : "", e->msg);
	return buf;
}

void
err_clear(struct err *e)
{
	if (e == NULL)
		return;
	e->code = 0;
	e->file[0] = '\0';
	e->line = 0;
	e->col = 0;
	e->head[0] = '\0';
	e->kind = ERR_PLAIN;
	e->near[0] = '\0';
	e->msg[0] = '\0';
}
