/* The schema: one migration per version, applied in order inside one
 * transaction by db_open. */
#ifndef CLIENTELE_SCHEMA_H
#define CLIENTELE_SCHEMA_H

#include <stddef.h>

/* migrations[i] brings a base from user_version i to i + 1. */
extern const char *const schema_migrations[];
extern const size_t schema_nmigrations;

#endif
