/* The list of recent bases: read line by line, rewritten whole into a
 * temporary file renamed over the old one, so that a crash leaves either. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "recent.h"

int
recent_file(char **out, struct err *e)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	int r;

	*out = NULL;
	/* the XDG spec: a relative XDG_STATE_HOME is invalid and ignored */
	if (xdg != NULL && xdg[0] == '/')
		r = asprintf(out, "%s/clientele/recent", xdg);
	else if (home != NULL && home[0] != '\0')
		r = asprintf(out, "%s/.local/state/clientele/recent", home);
	else
		return err_set(e, EXIT_FAIL, _("cannot find where to keep the recent bases: set HOME "
		                               "or XDG_STATE_HOME"));
	if (r < 0) {
		*out = NULL;
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	return 0;
}

void
recent_free(char ***vp, size_t n)
{
	size_t i;

	if (*vp == NULL)
		return;
	for (i = 0; i < n; i++)
		free((*vp)[i]);
	free(*vp);
	*vp = NULL;
}

/* Appends a copy of s to *v; -1 when out of memory. */
static int
push(char ***v, size_t *n, const char *s)
{
	char **nv, *d;

	if ((d = strdup(s)) == NULL)
		return -1;
	if ((nv = realloc(*v, (*n + 1) * sizeof *nv)) == NULL) {
		free(d);
		return -1;
	}
	nv[(*n)++] = d;
	*v = nv;
	return 0;
}

/* Every absolute path of the file, present or not; none when it is not
 * there. */
static int
read_raw(const char *file, char ***out, size_t *n, struct err *e)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if ((f = fopen(file, "r")) == NULL) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return err_set(e, EXIT_FAIL, _("cannot read the list of recent bases %s: %s"), file,
		               strerror(errno));
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] != '/' || (size_t)len != strlen(line))
			continue; /* not one of ours: blank, relative, or a NUL inside */
		if (push(out, n, line) != 0) {
			rc = err_set(e, EXIT_FAIL, _("out of memory"));
			break;
		}
	}
	if (rc == 0 && ferror(f))
		rc = err_set(e, EXIT_FAIL, _("cannot read the list of recent bases %s: %s"), file,
		             strerror(errno));
	free(line);
	fclose(f);
	if (rc != 0)
		recent_free(out, *n);
	return rc;
}

/* Creates the directories of file that are missing (mode 0700: the list
 * names the user's files). */
static int
make_dirs(const char *file)
{
	char *d = strdup(file), *p;
	int rc = 0;

	if (d == NULL)
		return -1;
	for (p = strchr(d + 1, '/'); p != NULL && rc == 0; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(d, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	free(d);
	return rc;
}

/* Writes v into file through a temporary file beside it. */
static int
write_list(const char *file, char *const *v, size_t n, struct err *e)
{
	char *tmp = NULL;
	FILE *f = NULL;
	size_t i;
	int fd = -1;

	if (make_dirs(file) != 0)
		goto fail;
	if (asprintf(&tmp, "%s.XXXXXX", file) < 0) {
		tmp = NULL;
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	if ((fd = mkstemp(tmp)) < 0) /* mode 0600 */
		goto fail;
	if ((f = fdopen(fd, "w")) == NULL)
		goto fail_unlink;
	fd = -1;
	for (i = 0; i < n; i++)
		fprintf(f, "%s\n", v[i]);
	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0)
		goto fail_unlink;
	if (fclose(f) != 0) {
		f = NULL;
		goto fail_unlink;
	}
	f = NULL;
	if (rename(tmp, file) != 0)
		goto fail_unlink;
	free(tmp);
	return 0;
fail_unlink:
	{
		int saved = errno;

		if (f != NULL)
			fclose(f);
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		errno = saved;
	}
fail:
	err_set(e, EXIT_FAIL, _("cannot write the list of recent bases %s: %s"), file,
	        strerror(errno));
	free(tmp);
	return -1;
}

int
recent_add(const char *path, struct err *e)
{
	char abs[PATH_MAX], *file = NULL, **old = NULL, **v = NULL;
	size_t nold = 0, n = 0, i;
	int rc = -1;

	if (realpath(path, abs) == NULL)
		return err_set(e, EXIT_FAIL, _("cannot record %s among the recent bases: %s"), path,
		               strerror(errno));
	if (strchr(abs, '\n') != NULL)
		return err_set(e, EXIT_FAIL, _("cannot record %s among the recent bases: %s"), path,
		               _("its name holds a line break"));
	if (recent_file(&file, e) != 0 || read_raw(file, &old, &nold, e) != 0)
		goto out;
	if (push(&v, &n, abs) != 0)
		goto oom;
	for (i = 0; i < nold && n < RECENT_MAX; i++)
		if (strcmp(old[i], abs) != 0 && push(&v, &n, old[i]) != 0)
			goto oom;
	rc = write_list(file, v, n, e);
	goto out;
oom:
	err_set(e, EXIT_FAIL, _("out of memory"));
out:
	recent_free(&old, nold);
	recent_free(&v, n);
	free(file);
	return rc;
}

int
recent_list(char ***out, size_t *n, struct err *e)
{
	char *file = NULL, **raw = NULL;
	size_t nraw = 0, i, k = 0;
	struct stat st;

	*out = NULL;
	*n = 0;
	if (recent_file(&file, e) != 0)
		return -1;
	if (read_raw(file, &raw, &nraw, e) != 0) {
		free(file);
		return -1;
	}
	free(file);
	/* keep those still there, in place */
	for (i = 0; i < nraw; i++) {
		if (stat(raw[i], &st) == 0 && S_ISREG(st.st_mode))
			raw[k++] = raw[i];
		else
			free(raw[i]);
	}
	if (k == 0) {
		free(raw);
		raw = NULL;
	}
	*out = raw;
	*n = k;
	return 0;
}

char *
recent_last(void)
{
	char **v = NULL, *last;
	size_t n = 0;
	struct err e;

	if (recent_list(&v, &n, &e) != 0 || n == 0)
		return NULL;
	last = v[0];
	v[0] = NULL;
	recent_free(&v, n);
	return last;
}
