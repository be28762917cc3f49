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

/* The demo's example segment tree, so that the first tree a newcomer sees
 * has branches to open and conditions to read. Names are in the user's
 * language (a Russian marketer gets "Клиенты"); parent is an index into
 * this table, -1 for the root; a parent comes before its children. */
static const struct {
	int parent;
	const char *name;
	const char *rule;
} example[] = {
	{-1, N_("Clients"), "status in (one_time, seasonal, regular)"},
	{0, N_("Repeat buyers"), "orders >= 2"},
	{1, N_("Moscow, mailable"), "city = Москва and email_consent = yes and email is not empty"},
	{0, N_("At risk"), "rfm in (at_risk, cant_lose, about_to_sleep)"},
	{-1, N_("Leads"), "status in (lead_new, lead_in_work, lead_unqualified)"},
	{-1, N_("Newsletter"),
	 "email_consent = yes and email is not empty and not last_email_open before 6m ago"},
};

/* The path of example[i]: its parents' names, then its own, "/"-joined. */
static void
example_path(size_t i, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	if (example[i].parent >= 0) {
		example_path((size_t)example[i].parent, buf, size);
		len = strlen(buf);
	}
	snprintf(buf + len, size - len, "%s%s", len > 0 ? "/" : "", _(example[i].name));
}

/* Adds the example tree, then empties the undo log: these segments are not
 * the user's edits to undo. */
static int
add_segments(struct db *db, struct err *e)
{
	char path[1024];

	for (size_t i = 0; i < sizeof example / sizeof example[0]; i++) {
		example_path(i, path, sizeof path);
		if (segment_add(db, path, example[i].rule, NULL, e) != 0)
			return err_prefix(e, "the demo's segment %s: ", path);
	}
	return undo_forget(db, e);
}

int
demo_create(char **path_out, struct err *e)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME"), *data = data_dir();
	char dir[4096], path[4200], tmp[4300], cust[4200], ord[4200];
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
		rc = add_segments(db, e);
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
