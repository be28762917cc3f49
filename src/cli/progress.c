/* A one-line progress bar redrawn in place at most ten times a second. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"

struct progress {
	double start, last_draw;
	char phase[32];
	int width;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct progress *
progress_new(void)
{
	struct progress *p;
	struct winsize ws;

	if (!isatty(STDERR_FILENO) || getenv("CI") != NULL)
		return NULL;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->start = now();
	p->width = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 40 ? ws.ws_col : 80;
	return p;
}

void
progress_import(void *ctx, const struct import_progress *ip)
{
	struct progress *p = ctx;
	double t = now(), frac, rate, eta;
	char bar[41], line[512];
	const char *name;
	int filled, i, n;

	if (p == NULL)
		return;
	if (strcmp(p->phase, ip->phase) != 0) {
		snprintf(p->phase, sizeof p->phase, "%s", ip->phase);
		p->start = t;
	} else if (t - p->last_draw < 0.1) {
		return;
	}
	p->last_draw = t;
	frac = ip->total > 0 ? (double)ip->done / (double)ip->total : 0;
	if (frac > 1)
		frac = 1;
	filled = (int)(frac * 30);
	for (i = 0; i < 30; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[30] = '\0';
	rate = t > p->start ? (double)ip->rows / (t - p->start) : 0;
	eta = frac > 0.01 ? (t - p->start) * (1 - frac) / frac : 0;
	name = strrchr(ip->file, '/') != NULL ? strrchr(ip->file, '/') + 1 : ip->file;
	n = snprintf(line, sizeof line, "%s %s [%s] %3.0f%%  %'.0f %s  %s %d:%02d", _(ip->phase),
	             name, bar, frac * 100, rate, _("rows/s"), _("ETA"), (int)eta / 60,
	             (int)eta % 60);
	if (n > p->width - 1)
		line[p->width - 1] = '\0';
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
}

void
progress_end(struct progress **pp)
{
	if (*pp == NULL)
		return;
	fprintf(stderr, "\r\033[K");
	fflush(stderr);
	free(*pp);
	*pp = NULL;
}
