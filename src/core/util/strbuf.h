/* A growing string; oom is set (and the text kept short) when memory runs
 * out, so that callers check once at the end. p is malloc'd, NUL-terminated
 * once anything was added, and owned by whoever owns the struct. */
#ifndef CLIENTELE_STRBUF_H
#define CLIENTELE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *p;
	size_t n, cap;
	bool oom;
};

void strbuf_add(struct strbuf *b, const char *s);
void strbuf_addn(struct strbuf *b, const char *s, size_t n);
void strbuf_addf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A malloc'd copy of s, owned by the caller; NULL for a NULL s. Out of
 * memory sets *oom (never clears it), so that a run of copies is checked
 * once. */
char *str_dup(const char *s, bool *oom);

#endif
