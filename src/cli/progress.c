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

/* The phases the importer reports, for the translators (the core library
 * names them in English). */
static const char *const phases[] __attribute__((unused)) = {
	N_("scanning"), N_("importing"), N_("indexing"), N_("metrics"),
	N_("drawing the sample"), N_("writing"),
};

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
	double t = now(), frac, spent;
	char bar[21], line[512], rate[64] = "", eta[64] = "";
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
	spent = t - p->start;
	name = strrchr(ip->file, '/') != NULL ? strrchr(ip->file, '/') + 1 : ip->file;
	if (ip->total <= 0) {
		/* A phase without a size (indexes, metrics): its name is enough. */
		n = snprintf(line, sizeof line, "%s%s%s...", _(ip->phase), *name ? " " : "", name);
	} else {
		frac = (double)ip->done / (double)ip->total;
		if (frac > 1)
			frac = 1;
		filled = (int)(frac * 20);
		for (i = 0; i < 20; i++)
			bar[i] = i < filled ? '#' : '.';
		bar[20] = '\0';
		/* A rate and a time left only once there is something to go by. */
		if (spent >= 0.3 && ip->rows > 0)
			snprintf(rate, sizeof rate, "  %'.0f %s", (double)ip->rows / spent, _("rows/s"));
		if (spent >= 0.3 && frac > 0.01 && frac < 1)
			snprintf(eta, sizeof eta, "  %s %d:%02d", _("ETA"),
			         (int)(spent * (1 - frac) / frac) / 60,
			         (int)(spent * (1 - frac) / frac) % 60);
		n = snprintf(line, sizeof line, "%s %s [%s] %3.0f%%%s%s", _(ip->phase), name, bar,
		             frac * 100, rate, eta);
	}
	if (n > 0)
		cli_cut(line, p->width - 1);
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
}

void
progress_export(void *ctx, const struct export_progress *ep)
{
	/* the rows read of those selected, as the importer's bytes read */
	struct import_progress ip = {
		.file = "",
		.phase = ep->pass < ep->passes ? "drawing the sample" : "writing",
		.done = (off_t)ep->read,
		.total = (off_t)ep->selected,
		.rows = (long)ep->written,
	};

	progress_import(ctx, &ip);
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
