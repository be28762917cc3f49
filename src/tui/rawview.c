/* A file's first bytes as lines, for the previews of what will be written
 * (or was read): each line as it is, with what a screen does not show made
 * visible — a UTF-8 byte order mark as a line "[BOM]", a tab as →, a
 * carriage return as ␍. Drawn in the current attributes. */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "private.h"

int
rawview_draw(int y, int x, int h, int w, const char *bytes)
{
	const char *p = bytes;
	char line[2048];
	int n0 = h;

	if (p == NULL || h <= 0)
		return 0;
	if (strncmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		tui_put(y++, x, w, "[BOM]", true);
		h--;
	}
	for (; *p != '\0' && h > 0; y++, h--) {
		size_t n = 0;

		for (; *p != '\0' && *p != '\n' && n + 4 < sizeof line; p++) {
			if (*p == '\t' || *p == '\r') {
				memcpy(line + n, *p == '\t' ? "→" : "␍", 3);
				n += 3;
			} else {
				line[n++] = *p;
			}
		}
		line[n] = '\0';
		while (*p != '\0' && *p != '\n') /* past what did not fit */
			p++;
		if (*p == '\n')
			p++;
		tui_put(y, x, w, line, true);
	}
	return n0 - h;
}
