/* The full-screen interface. The only part of clientele that includes
 * curses; it never prints to stdout. */
#ifndef CLIENTELE_TUI_H
#define CLIENTELE_TUI_H

#include "err.h"

/* Opens the interface on the base at path. Returns 0 when the user quits,
 * -1 with e set when the interface cannot run. */
int tui_run(const char *path, struct err *e);

/* The curses library's version, for --version. */
const char *tui_curses_version(void);

#endif
