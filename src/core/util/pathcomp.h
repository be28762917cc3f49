/* Completing a file name as a shell does: the typed text extended by what
 * every candidate shares, the candidates listed when more than one is
 * left; directories, and the files with one of the given extensions. */
#ifndef CLIENTELE_PATHCOMP_H
#define CLIENTELE_PATHCOMP_H

#include <stddef.h>

#include "err.h"

struct pathcomp {
	char *text;   /* the typed text completed ("~/data/cu" -> "~/data/customers.csv") */
	char **cands; /* the names that matched, sorted, a directory's with '/' at its end */
	size_t n;
};

/* Completes typed (relative to the current directory; "~/" stands for
 * $HOME and stays in text as typed). exts: NULL-terminated extensions
 * without the dot ("csv"), matched case-insensitively; NULL: every file.
 * Names beginning with '.' only when the typed name does. One candidate:
 * text is it whole (a directory with '/', so that Tab goes on into it);
 * several: text is extended by their common prefix; none: text is typed.
 * A directory that cannot be read is no candidate, not an error. out is
 * freed with pathcomp_free; -1 only when memory runs out. */
int path_complete(const char *typed, const char *const *exts, struct pathcomp *out,
                  struct err *e);
void pathcomp_free(struct pathcomp *pc);

/* path with a leading "~/" (or "~" alone) read as $HOME; malloc'd, NULL
 * when memory runs out. */
char *path_expand(const char *path);

#endif
