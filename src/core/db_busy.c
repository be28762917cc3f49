/* Who holds a base: the writer's pid and name, read from /proc/locks so
 * that "the base is busy" can say who is writing it. Opening the base's
 * files to ask fcntl(F_GETLK) would be wrong here: closing that descriptor
 * would drop the POSIX locks SQLite holds in this very process. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "db.h"

/* SQLite's unix locks (os_unix.c): in WAL mode the writer holds byte 120 of
 * the -shm file (UNIX_SHM_BASE + WAL_WRITE_LOCK); with a rollback journal it
 * holds the RESERVED byte of the base itself (PENDING_BYTE + 1), or the
 * PENDING byte and the SHARED range while it commits. */
#define SHM_WRITE_BYTE 120LL
#define PENDING_BYTE 0x40000000LL
#define SHARED_LAST (PENDING_BYTE + 2 + 510)

/* The pid of a process other than us that holds a write lock over any byte
 * of [first, last] of the file st, or 0. */
static long
lock_owner(const struct stat *st, long long first, long long last)
{
	FILE *f = fopen("/proc/locks", "r");
	char line[256];
	long found = 0;

	if (f == NULL)
		return 0;
	while (found == 0 && fgets(line, sizeof line, f) != NULL) {
		char cls[16], mode[16], type[16], end[32];
		unsigned maj, min;
		unsigned long long ino;
		long long start, stop;
		long pid;

		/* "1: POSIX  ADVISORY  WRITE 1234 08:02:131 120 120"; lines of
		 * waiting processes start with "->" and are not holders. */
		if (strstr(line, "->") != NULL)
			continue;
		if (sscanf(line, "%*d: %15s %15s %15s %ld %x:%x:%llu %lld %31s", cls, mode, type, &pid,
		           &maj, &min, &ino, &start, end) != 9)
			continue;
		if (strcmp(cls, "POSIX") != 0 || strcmp(type, "WRITE") != 0 || pid <= 0 ||
		    pid == (long)getpid())
			continue;
		if (ino != (unsigned long long)st->st_ino || maj != major(st->st_dev) ||
		    min != minor(st->st_dev))
			continue;
		stop = strcmp(end, "EOF") == 0 ? -1 : atoll(end);
		if (start <= last && (stop < 0 || stop >= first))
			found = pid;
	}
	fclose(f);
	return found;
}

/* What process pid is: "clientele import" for one of ours (its command),
 * else the program's name. */
static void
process_name(long pid, char *out, size_t n)
{
	char path[64], buf[512];
	size_t len, i;
	FILE *f;
	const char *prog, *base;

	out[0] = '\0';
	snprintf(path, sizeof path, "/proc/%ld/cmdline", pid);
	if ((f = fopen(path, "r")) == NULL)
		return;
	len = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[len] = '\0';
	if (len == 0)
		return;
	prog = buf;
	base = strrchr(prog, '/') != NULL ? strrchr(prog, '/') + 1 : prog;
	i = strlen(prog) + 1;
	if (strcmp(base, "clientele") == 0 && i < len && buf[i] != '-' && buf[i] != '\0')
		snprintf(out, n, "%s %s", base, buf + i);
	else
		snprintf(out, n, "%s", base);
}

long
db_lock_holder(const char *path, char *name, size_t n)
{
	char shm[4096];
	struct stat st;
	long pid = 0;

	if (n > 0)
		name[0] = '\0';
	snprintf(shm, sizeof shm, "%s-shm", path);
	if (stat(shm, &st) == 0)
		pid = lock_owner(&st, SHM_WRITE_BYTE, SHM_WRITE_BYTE);
	if (pid == 0 && stat(path, &st) == 0)
		pid = lock_owner(&st, PENDING_BYTE, SHARED_LAST);
	if (pid != 0 && n > 0)
		process_name(pid, name, n);
	return pid;
}
