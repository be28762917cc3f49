/* The temporary files that killed writers left: a writer builds its file
 * under a temporary name beside the final one, mode 0600, and holds an
 * exclusive flock on it until it is renamed or linked into place; the
 * kernel drops that lock when the process dies, even by kill -9. A later
 * writer to the same name sweeps what nobody holds any more. */
#ifndef CLIENTELE_STALE_H
#define CLIENTELE_STALE_H

#include <stdbool.h>

/* Calls drop(dfd, name, ctx) for each entry name of folder dir that
 * ours(name, ctx) recognises and that is stale: a regular file of this
 * user's, mode 0600, one link, whose flock no process holds. drop runs
 * with the lock held (dfd: dir's descriptor, for unlinkat). Best effort:
 * what cannot be checked is left alone. */
void stale_sweep(const char *dir, bool (*ours)(const char *name, void *ctx),
                 void (*drop)(int dfd, const char *name, void *ctx), void *ctx);

/* mkstemp(tmpl) (ending in XXXXXX, rewritten with the name made), its
 * file holding its flock and still under its name: a sweep may take a new
 * file for stale in the instant before its lock, and then another is made.
 * The descriptor (unlocked only where the file system has no flock), or -1
 * with errno set. */
int stale_mkstemp(char *tmpl);

/* path split at its last '/': the folder ("." when none; "/" for the
 * root) and the name, both malloc'd; false (both NULL) out of memory. */
bool stale_split(const char *path, char **dir, char **base);

#endif
