/* What the metrics' tests share (metrics_helpers.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "metrics_helpers.h"
#include "db.h"
#include "metrics.h"

void
tm_customer(struct db *db, const char *ext, const char *birth, const char *const *orders)
{
	char sql[512];

	snprintf(sql, sizeof sql, "INSERT INTO customers(ext_id, birth_date) VALUES ('%s', %s%s%s)",
	         ext, birth ? "'" : "", birth ? birth : "NULL", birth ? "'" : "");
	th_exec(db, sql);
	for (size_t i = 0; orders != NULL && orders[i] != NULL; i++) {
		char date[11];
		double amount;

		if (sscanf(orders[i], "%10[^:]:%lf", date, &amount) != 2)
			fail_msg("bad order spec %s", orders[i]);
		snprintf(sql, sizeof sql,
		         "INSERT INTO orders(key, customer_id, date, amount, cancelled) SELECT "
		         "'%s/%zu', id, '%s', %f, %d FROM customers WHERE ext_id = '%s'",
		         ext, i, date, amount < 0 ? -amount : amount, amount < 0, ext);
		th_exec(db, sql);
	}
}

char *
tm_metric(struct db *db, const char *ext, const char *col)
{
	char sql[256];

	snprintf(sql, sizeof sql,
	         "SELECT %s FROM customer_metrics m JOIN customers c ON c.id = m.customer_id "
	         "WHERE c.ext_id = '%s'",
	         col, ext);
	return th_text(db, sql);
}

void
tm_assert_metric(struct db *db, const char *ext, const char *col, const char *want)
{
	char *got = tm_metric(db, ext, col);

	if (want == NULL) {
		if (got != NULL)
			fail_msg("%s of %s is %s, want NULL", col, ext, got);
	} else {
		if (got == NULL)
			fail_msg("%s of %s is NULL, want %s", col, ext, want);
		if (strcmp(got, want) != 0)
			fail_msg("%s of %s is %s, want %s", col, ext, got, want);
	}
	free(got);
}

void
tm_recompute(struct db *db)
{
	struct err e = {0};

	if (metrics_recompute(db, &e) != 0)
		fail_msg("%s", e.msg);
}
