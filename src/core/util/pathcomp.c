/* File name completion for the interface's path lines (the import
 * screen): a readdir of the typed directory, filtered and sorted. */
#include "config.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "i18n.h"
#include "util/pathcomp.h"
#include "util/strbuf.h"

char *
path_expand(const char *path)
{
	const char *home = getenv("HOME");
	struct strbuf b = {0};

	if (path[0] == '~' && (path[1] == '/' || path[1] == '\0') && home != NULL && *home) {
		strbuf_add(&b, home);
		strbuf_add(&b, path + 1);
	} else {
		strbuf_add(&b, path);
	}
	if (b.oom || b.p == NULL) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

static bool
has_ext(const char *name, const char *const *exts)
{
	const char *dot = strrchr(name, '.');

	if (exts == NULL)
		return true;
	if (dot == NULL)
		return false;
	for (size_t i = 0; exts[i] != NULL; i++)
		if (strcasecmp(dot + 1, exts[i]) == 0)
			return true;
	return false;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The bytes every candidate starts with, cut back to a whole UTF-8
 * character. */
static size_t
common_prefix(char *const *v, size_t n)
{
	size_t len = strlen(v[0]);

	for (size_t i = 1; i < n; i++) {
		size_t k = 0;

		while (k < len && v[i][k] == v[0][k])
			k++;
		len = k;
	}
	while (len > 0 && ((unsigned char)v[0][len] & 0xC0) == 0x80)
		len--;
	return len;
}

int
path_complete(const char *typed, const char *const *exts, struct pathcomp *out, struct err *e)
{
	const char *slash = strrchr(typed, '/'), *prefix;
	size_t dirlen, plen, cap = 0;
	char *dir = NULL, *dirx = NULL;
	struct strbuf full = {0}, text = {0};
	struct dirent *de;
	bool oom = false;
	DIR *d;

	memset(out, 0, sizeof *out);
	if (strcmp(typed, "~") == 0) { /* as a shell: "~" goes into the home */
		if ((out->text = strdup("~/")) == NULL)
			return err_set(e, EXIT_FAIL, _("out of memory"));
		return 0;
	}
	dirlen = slash != NULL ? (size_t)(slash - typed) + 1 : 0;
	prefix = typed + dirlen;
	plen = strlen(prefix);
	if ((dir = strndup(typed, dirlen)) == NULL ||
	    (dirx = path_expand(dirlen > 0 ? dir : ".")) == NULL)
		goto oom;
	if ((d = opendir(dirx)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			struct stat sb;
			bool isdir;
			char **v;

			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
			    (de->d_name[0] == '.' && prefix[0] != '.') ||
			    strncmp(de->d_name, prefix, plen) != 0)
				continue;
			full.n = 0;
			strbuf_add(&full, dirx);
			strbuf_add(&full, "/");
			strbuf_add(&full, de->d_name);
			if (full.oom)
				break;
			isdir = stat(full.p, &sb) == 0 && S_ISDIR(sb.st_mode);
			if (!isdir && !has_ext(de->d_name, exts))
				continue;
			if (out->n == cap) {
				cap = cap ? cap * 2 : 16;
				if ((v = realloc(out->cands, cap * sizeof *v)) == NULL) {
					oom = true;
					break;
				}
				out->cands = v;
			}
			struct strbuf nm = {0};

			strbuf_add(&nm, de->d_name);
			if (isdir)
				strbuf_add(&nm, "/");
			if (nm.oom) {
				free(nm.p);
				oom = true;
				break;
			}
			out->cands[out->n++] = nm.p;
		}
		closedir(d);
	}
	free(full.p);
	if (oom || full.oom)
		goto oom;
	if (out->n > 1)
		qsort(out->cands, out->n, sizeof *out->cands, cmp_names);
	strbuf_add(&text, dir);
	if (out->n == 1)
		strbuf_add(&text, out->cands[0]);
	else if (out->n > 1)
		strbuf_addn(&text, out->cands[0], common_prefix(out->cands, out->n));
	else
		strbuf_add(&text, prefix);
	if (text.oom || text.p == NULL) {
		free(text.p);
		goto oom;
	}
	out->text = text.p;
	free(dir);
	free(dirx);
	return 0;
oom:
	free(dir);
	free(dirx);
	pathcomp_free(out);
	return err_set(e, EXIT_FAIL, _("out of memory"));
}

void
pathcomp_free(struct pathcomp *pc)
{
	for (size_t i = 0; i < pc->n; i++)
		free(pc->cands[i]);
	free(pc->cands);
	free(pc->text);
	memset(pc, 0, sizeof *pc);
}
