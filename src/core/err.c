/* Error values: formatting helpers for struct err. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

int
err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_prefix(struct err *e, const char *fmt, ...)
{
	char head[512];
	size_t hl, tl;
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	hl = strlen(head);
	tl = strlen(e->msg);
	if (hl + tl >= sizeof e->msg)
		tl = sizeof e->msg - 1 - hl;
	memmove(e->msg + hl, e->msg, tl);
	memcpy(e->msg, head, hl);
	e->msg[hl + tl] = '\0';
	if (e->code == 0)
		e->code = 1;
	return -1;
}

void
err_clear(struct err *e)
{
	if (e == NULL)
		return;
	e->code = 0;
	e->msg[0] = '\0';
}
