/* Sweeping what killed writers left (stale.h): the export's temporary
 * files and the import's new bases share it. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/stale.h"

void
stale_sweep(const char *dir, bool (*ours)(const char *name, void *ctx),
            void (*drop)(int dfd, const char *name, void *ctx), void *ctx)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		struct stat a, b;
		int fd;

		if (!ours(de->d_name, ctx))
			continue;
		fd = openat(dirfd(d), de->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		/* the name still names the file locked (not one put there since) */
		if (fstat(fd, &a) == 0 && S_ISREG(a.st_mode) && a.st_uid == geteuid() &&
		    (a.st_mode & 07777) == 0600 && a.st_nlink == 1 && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
		    fstatat(dirfd(d), de->d_name, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			drop(dirfd(d), de->d_name, ctx);
		close(fd); /* drops the lock, after drop */
	}
	closedir(d);
}

int
stale_mkstemp(char *tmpl)
{
	char *pattern = strdup(tmpl);
	int tries, fd = -1;

	if (pattern == NULL)
		return -1;
	for (tries = 0; tries < 100; tries++) {
		struct stat a, b;

		strcpy(tmpl, pattern);
		/* mkstemp makes it 0600: what is written holds personal data */
		if ((fd = mkstemp(tmpl)) < 0)
			break;
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			if (errno != EWOULDBLOCK)
				break; /* no locks here: nor will a sweep have them */
			/* a sweep holds it, and removes it: make another */
			close(fd);
			fd = -1;
			continue;
		}
		/* locked; still ours, not removed the instant before? */
		if (fstat(fd, &a) == 0 && lstat(tmpl, &b) == 0 && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino)
			break;
		close(fd);
		fd = -1;
	}
	if (fd < 0 && tries == 100)
		errno = EEXIST;
	free(pattern);
	return fd;
}

bool
stale_split(const char *path, char **dir, char **base)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		*dir = strdup(".");
		*base = strdup(path);
	} else {
		*dir = slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
		*base = strdup(slash + 1);
	}
	if (*dir == NULL || *base == NULL) {
		free(*dir);
		free(*base);
		*dir = *base = NULL;
		return false;
	}
	return true;
}
