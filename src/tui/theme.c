/* Colours and attributes of the screen's parts: pairs on the terminal's
 * own background (use_default_colors), or, with NO_COLOR, bold, reverse
 * and underline only. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>

#include "private.h"

static bool colour;

void
theme_init(void)
{
	const char *no = getenv("NO_COLOR");

	colour = (no == NULL || *no == '\0') && has_colors();
	if (!colour)
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_BLACK, COLOR_CYAN);   /* title, bar labels */
	init_pair(2, COLOR_RED, -1);             /* errors */
	init_pair(3, COLOR_GREEN, -1);           /* trend up */
	init_pair(4, COLOR_YELLOW, -1);          /* trend down */
	init_pair(5, COLOR_WHITE, COLOR_BLUE);   /* status line */
	/* the analysis grids' scale, low to high */
	init_pair(6, COLOR_BLACK, COLOR_CYAN);
	init_pair(7, COLOR_BLACK, COLOR_GREEN);
	init_pair(8, COLOR_BLACK, COLOR_YELLOW);
	init_pair(9, COLOR_WHITE, COLOR_RED);
}

bool
theme_colour(void)
{
	return colour;
}

const char *
theme_shade(int level)
{
	static const char *const shade[] = {" ", "░", "▒", "▓", "█"};

	return shade[level < 0 ? 0 : level > 4 ? 4 : level];
}

int
theme_attr(enum role r)
{
	switch (r) {
	case ROLE_NORMAL:
		return A_NORMAL;
	case ROLE_TITLE:
		return colour ? (int)COLOR_PAIR(1) : A_REVERSE;
	case ROLE_CURSOR:
		return A_REVERSE;
	case ROLE_BAR_KEY:
		return A_BOLD;
	case ROLE_BAR_LABEL:
		return colour ? (int)COLOR_PAIR(1) : A_REVERSE;
	case ROLE_STATUS:
		return colour ? (int)COLOR_PAIR(5) : A_UNDERLINE;
	case ROLE_ERROR:
		return colour ? (int)(COLOR_PAIR(2) | A_BOLD) : A_BOLD;
	case ROLE_DIM:
		return A_DIM;
	case ROLE_UP:
		return colour ? (int)COLOR_PAIR(3) : A_NORMAL;
	case ROLE_DOWN:
		return colour ? (int)COLOR_PAIR(4) : A_NORMAL;
	case ROLE_HEAT1:
		return colour ? (int)COLOR_PAIR(6) : A_NORMAL;
	case ROLE_HEAT2:
		return colour ? (int)COLOR_PAIR(7) : A_NORMAL;
	case ROLE_HEAT3:
		return colour ? (int)COLOR_PAIR(8) : A_NORMAL;
	case ROLE_HEAT4:
		return colour ? (int)(COLOR_PAIR(9) | A_BOLD) : A_BOLD;
	}
	return A_NORMAL;
}
