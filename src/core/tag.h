/* Tags put on customers by hand (SPEC §3): created, renamed, merged and
 * deleted; put on and taken off one customer, a list, a rule or a
 * segment; every edit transactional and undoable; names unique
 * case-insensitively (Cyrillic included). */
#ifndef CLIENTELE_TAG_H
#define CLIENTELE_TAG_H

#include <stddef.h>

#include "err.h"

struct db;

struct tag_info {
	long long id;
	char *name;
	long long count; /* customers carrying it */
};

/* Every tag with its count, by name; *out (malloc'd array) freed with
 * tag_list_free. */
int tag_list(struct db *db, struct tag_info **out, size_t *n, struct err *e);
void tag_list_free(struct tag_info *v, size_t n);

/* Creates a tag (an existing one, in any case, is an error naming it). */
int tag_create(struct db *db, const char *name, long long *id, struct err *e);
int tag_rename(struct db *db, const char *from, const char *to, struct err *e);
/* Moves every customer of from onto into, then deletes from. */
int tag_merge(struct db *db, const char *from, const char *into, struct err *e);
int tag_delete(struct db *db, const char *name, struct err *e);

/* Where a bulk edit applies. Exactly one of the three. */
struct tag_target {
	const long long *ids;  /* customers.id values */
	size_t nids;
	const char *rule;      /* a rule of clientele-rules(5) */
	const char *segment;   /* a segment path "Clients/Primary school" */
};

/* Puts the tag (created when missing) on, or takes it off, the target's
 * customers; *changed receives how many customers changed. One undo step. */
int tag_add(struct db *db, const char *name, const struct tag_target *t, long long *changed,
            struct err *e);
int tag_remove(struct db *db, const char *name, const struct tag_target *t, long long *changed,
               struct err *e);

#endif
