/* The interface's entry point. The screens come with the next release;
 * until then tui_run says so, and the subcommands do the work. */
#include "config.h"

#include <curses.h>

#include "tui.h"

int
tui_run(const char *path, struct err *e)
{
	return err_set(e, EXIT_FAIL,
	               "%s: the full-screen interface is not in this version yet; use the "
	               "subcommands (clientele --help)",
	               path);
}

const char *
tui_curses_version(void)
{
	return curses_version();
}
