/* The program's own tree: installed, or its build tree (see paths.h). */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

static bool looked;
static bool in_build;                 /* run from its build tree */
static char build_locale[PATH_MAX];   /* BUILD/locale */
static char src_data[PATH_MAX];       /* SRC/data */

/* Looks, once, for clientele-srcdir beside the running program. */
static void
look(void)
{
	char *self, *slash, line[PATH_MAX];
	FILE *f = NULL;
	size_t n;
	int w;

	if (looked)
		return;
	looked = true;
	if ((self = realpath("/proc/self/exe", NULL)) == NULL)
		return;
	if ((slash = strrchr(self, '/')) == NULL)
		goto done;
	*slash = '\0';
	w = snprintf(line, sizeof line, "%s/clientele-srcdir", self);
	if (w < 0 || (size_t)w >= sizeof line || (f = fopen(line, "r")) == NULL)
		goto done;
	if (fgets(line, sizeof line, f) == NULL)
		goto done;
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	if (n == 0 || line[0] != '/')
		goto done;
	/* The program is BUILD/src/clientele: BUILD is its folder's parent. */
	if ((slash = strrchr(self, '/')) == NULL)
		goto done;
	*slash = '\0';
	w = snprintf(build_locale, sizeof build_locale, "%s/locale", *self ? self : "");
	if (w < 0 || (size_t)w >= sizeof build_locale)
		goto done;
	w = snprintf(src_data, sizeof src_data, "%s/data", line);
	if (w < 0 || (size_t)w >= sizeof src_data)
		goto done;
	in_build = true;
done:
	if (f != NULL)
		fclose(f);
	free(self);
}

const char *
paths_locale_dir(void)
{
	look();
	return in_build ? build_locale : LOCALEDIR;
}

const char *
paths_data_dir(void)
{
	look();
	return in_build ? src_data : PKGDATADIR;
}
