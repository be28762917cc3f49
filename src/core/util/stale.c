/* Sweeping what killed writers left (stale.h): the export's temporary
 * files and the import's new bases share it. */
#include "config.h"

#include <dirent.h>
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
