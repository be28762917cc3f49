/* The full-screen interface. The only part of clientele that includes
 * curses; it never prints to stdout. */
#ifndef CLIENTELE_TUI_H
#define CLIENTELE_TUI_H

#include <stdbool.h>

#include "err.h"

/* Whether stdin and stdout are a terminal, as the interface needs. */
bool tui_has_terminal(void);

/* Opens the interface on the base at path and puts it first among the
 * recent bases (recent.h).
 * Returns 0 when the user quits, -1 with e set when the interface cannot
 * run. */
int tui_run(const char *path, struct err *e);

/* Builds the demo base: *path (malloc'd) is where it is. */
typedef int (*tui_demo_fn)(char **path, struct err *e);

/* `clientele` with no base: the interface on the last base (recent_last);
 * when there is none or it cannot be opened, the start screen: the recent
 * bases, the demo (built with demo) or an import hint; then the interface
 * on the base chosen. Returns as tui_run does. */
int tui_start(tui_demo_fn demo, struct err *e);

/* The curses library's version, for --version. */
const char *tui_curses_version(void);

#endif
