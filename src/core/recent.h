/* The bases opened lately, most recent first: what `clientele` with no
 * argument opens, and what the start screen lists. Kept in
 * $XDG_STATE_HOME/clientele/recent (~/.local/state/clientele/recent when
 * unset or not absolute), one absolute path a line, at most RECENT_MAX,
 * replaced atomically (a temporary file renamed over it, mode 0600). */
#ifndef CLIENTELE_RECENT_H
#define CLIENTELE_RECENT_H

#include <stddef.h>

#include "err.h"

#define RECENT_MAX 20

/* The path of the list file, malloc'd (it may not exist yet). */
int recent_file(char **out, struct err *e);

/* Puts the base at path (made absolute; it must exist) first in the list,
 * dropping an older entry of it and what goes past RECENT_MAX. Creates the
 * directories. */
int recent_add(const char *path, struct err *e);

/* The list, most recent first, without the bases whose file is gone (the
 * file itself is left as it is). *out is a malloc'd array of malloc'd
 * strings (recent_free); a missing list is an empty one. */
int recent_list(char ***out, size_t *n, struct err *e);
void recent_free(char ***vp, size_t n);

/* The most recent base that still exists, malloc'd; NULL when there is
 * none (or the list cannot be read). */
char *recent_last(void);

#endif
