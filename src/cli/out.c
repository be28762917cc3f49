/* Output helpers of the analysis commands (cli.h): CSV fields, money, the
 * terminal's width. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "export/export.h"

static void
csv_cell(const char *s, bool text, bool last)
{
	static const struct export_format f = {.delim = ','};
	struct export_cell c = {.s = s != NULL ? s : "", .text = text};
	char small[512], *buf;
	size_t n;

	c.len = strlen(c.s);
	n = export_csv_cell(&f, &c, small, sizeof small);
	if (n < sizeof small) {
		fwrite(small, 1, n, stdout);
	} else if ((buf = malloc(n + 1)) != NULL) {
		export_csv_cell(&f, &c, buf, n + 1);
		fwrite(buf, 1, n, stdout);
		free(buf);
	}
	fputs(last ? "\r\n" : ",", stdout);
}

void
cli_csv(const char *s, bool last)
{
	csv_cell(s, true, last);
}

void
cli_csv_int(long long v, bool last)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", v);
	csv_cell(buf, false, last);
}

char *
cli_money(char *buf, long long cents)
{
	const char *sign = cents < 0 ? "-" : "";
	unsigned long long a = cents < 0 ? 0ULL - (unsigned long long)cents : (unsigned long long)cents;

	snprintf(buf, 32, "%s%llu.%02llu", sign, a / 100, a % 100);
	return buf;
}

int
cli_term_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}
