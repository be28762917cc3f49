/* The schema: one migration per version, applied in order inside one
 * transaction by db_open. */
#ifndef CLIENTELE_SCHEMA_H
#define CLIENTELE_SCHEMA_H

#include <stddef.h>

/* migrations[i] brings a base from user_version i to i + 1. */
extern const char *const schema_migrations[];
extern const size_t schema_nmigrations;

/* The triggers that move meta's data_gen (on customers) and metrics_gen
 * (on customer_metrics), their removal (statements for db_exec), and a
 * query of both stamps (two columns), each -1 when a trigger is missing. */
extern const char schema_gen_triggers_data[];
extern const char schema_gen_triggers_metrics[];
extern const char schema_gen_drop_data[];
extern const char schema_gen_drop_metrics[];
extern const char schema_gen_check[];

#endif
