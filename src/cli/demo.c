/* The demo base: the CSV files of data/demo imported into a fresh base in
 * the user's data directory, so that a newcomer's first screen is full. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "import/import.h"
#include "paths.h"
#include "segment/segment.h"
#include "undo.h"

static bool
has_demo(const char *dir)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/demo/customers.csv", dir);
	return access(path, R_OK) == 0;
}

/* CLIENTELE_DATADIR when set; else the source tree's data when the
 * program runs from its build tree, the installed data otherwise. */
static const char *
data_dir(void)
{
	const char *env = getenv("CLIENTELE_DATADIR");

	if (env != NULL && *env)
		return env;
	return paths_data_dir();
}

static int
mkdirs(char *path, struct err *e)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST) {
			err_set(e, EXIT_FAIL, "%s: cannot create: %s", path, strerror(errno));
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return err_set(e, EXIT_FAIL, "%s: cannot create: %s", path, strerror(errno));
	return 0;
}

/* The example segments of file (PATH<TAB>RULE lines, # comments; none when
 * there is no such file), so that the first tree a newcomer sees has
 * branches to open and conditions to read; then the undo log is emptied:
 * they are not the user's edits. */
static int
add_segments(struct db *db, const char *file, struct err *e)
{
	FILE *f = fopen(file, "r");
	char line[1024], *tab;
	long n = 0;

	if (f == NULL && errno == ENOENT)
		return 0; /* a data folder with the CSV files alone: no example tree */
	if (f == NULL)
		return err_set(e, EXIT_NOINPUT, "%s: cannot open: %s", file, strerror(errno));
	while (fgets(line, sizeof line, f) != NULL) {
		n++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if ((tab = strchr(line, '\t')) == NULL) {
			err_set_at(e, EXIT_DATAERR, file, n, 1, "expected PATH<TAB>RULE");
			goto fail;
		}
		*tab = '\0';
		if (segment_add(db, line, tab + 1, NULL, e) != 0) {
			err_prefix(e, "%s:%ld: ", file, n);
			goto fail;
		}
	}
	fclose(f);
	return undo_forget(db, e);
fail:
	fclose(f);
	return -1;
}

int
demo_create(char **path_out, struct err *e)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME"), *data = data_dir();
	char dir[4096], path[4200], tmp[4300], cust[4200], ord[4200], segs[4200];
	struct import_opts o = {0};
	struct import_result res = {0};
	struct db *db = NULL;
	int rc;

	if (xdg != NULL && *xdg == '/')
		snprintf(dir, sizeof dir, "%s/clientele", xdg);
	else if (home != NULL && *home)
		snprintf(dir, sizeof dir, "%s/.local/share/clientele", home);
	else
		snprintf(dir, sizeof dir, "%s/clientele-%ld", P_tmpdir, (long)getuid());
	if (mkdirs(dir, e) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/demo.db", dir);
	snprintf(tmp, sizeof tmp, "%s/.demo-%ld.db", dir, (long)getpid());
	snprintf(cust, sizeof cust, "%s/demo/customers.csv", data);
	snprintf(ord, sizeof ord, "%s/demo/orders.csv", data);
	snprintf(segs, sizeof segs, "%s/demo/segments.tsv", data);
	if (!has_demo(data))
		return err_set(e, EXIT_NOINPUT,
		               "the demo data is not installed (looked in %s/demo); set "
		               "CLIENTELE_DATADIR to the folder that holds demo/customers.csv",
		               data);

	/* Built aside and renamed into place: never a half-made demo. */
	unlink(tmp);
	if (db_open(&db, tmp, DB_CREATE, e) != 0)
		return -1;
	o.customers = cust;
	o.orders = ord;
	rc = import_run(db, &o, &res, e);
	import_result_free(&res);
	if (rc == 0)
		rc = add_segments(db, segs, e);
	db_close(&db);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = err_set(e, EXIT_FAIL, "%s: cannot create: %s", path, strerror(errno));
	if (rc != 0) {
		unlink(tmp);
		return -1;
	}
	if ((*path_out = strdup(path)) == NULL)
		return err_set(e, EXIT_FAIL, "out of memory");
	return 0;
}
