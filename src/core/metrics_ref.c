/* The reference date of SPEC §1.1 for the metrics: the as_of setting,
 * else the day after the latest order, else today; expected before the
 * orders are read, and set in the base once they were. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "i18n.h"
#include "metrics.h"
#include "metrics_private.h"
#include "text/date.h"

int
metrics_reference_date(struct db *db, char out[11], struct err *e)
{
	static const char *const keys[] = {"as_of", "data_ref_date"};
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		char *v;

		if (db_meta_get(db, keys[i], &v, e) != 0)
			return -1;
		if (v != NULL && strlen(v) == 10) {
			memcpy(out, v, 11);
			free(v);
			return 0;
		}
		free(v);
	}
	{
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		strftime(out, 11, "%Y-%m-%d", &tm);
	}
	return 0;
}

void
metrics_set_ref(struct metrics_ref *ref, int y, int m, int d)
{
	ref->y = y;
	ref->m = m;
	ref->d = d;
	ref->day = date_to_days(y, m, d);
	ref->xyz_y = y - 1;
	ref->xyz_m = m;
}

int
metrics_refresh_ref(struct db *db, const char *latest, bool odd, struct metrics_ref *ref,
                    struct err *e)
{
	sqlite3_stmt *st;
	char next[11] = "", iso[11];
	int rc;

	if (db_prepare(db, &st,
	               odd ? "SELECT date(max(date), '+1 day') FROM orders"
	                           : "SELECT date(?1, '+1 day')",
	               e) != 0)
		return -1;
	if (!odd && latest != NULL)
		db_bind_text_at(st, 1, latest);
	rc = db_step(db, st, e);
	if (rc == 1 && db_col_type(st, 0) != SQLITE_NULL)
		snprintf(next, sizeof next, "%s", db_col_text(st, 0));
	sqlite3_finalize(st);
	if (rc < 0 || db_meta_set(db, "data_ref_date", next[0] ? next : NULL, e) != 0 ||
	    metrics_reference_date(db, iso, e) != 0 || db_meta_set(db, "metrics_ref_date", iso, e) != 0)
		return -1;
	if (!date_read_ymd(iso, &ref->y, &ref->m, &ref->d))
		return err_set(e, EXIT_FAIL, _("invalid reference date \"%s\""), iso);
	metrics_set_ref(ref, ref->y, ref->m, ref->d);
	return 0;
}

int
metrics_expected_ref(struct db *db, bool listed, const char *latest, struct metrics_ref *ref,
                     struct err *e)
{
	char *v = NULL, iso[11] = "";
	int y, m, d;

	if (db_meta_get(db, "as_of", &v, e) != 0)
		return -1;
	if ((v == NULL || strlen(v) != 10) && !listed) {
		free(v);
		if (db_meta_get(db, "data_ref_date", &v, e) != 0)
			return -1;
	}
	if (v != NULL && strlen(v) == 10) {
		memcpy(iso, v, sizeof iso);
	} else {
		sqlite3_stmt *st;
		int rc;

		if (db_prepare(db, &st,
		               listed ? "SELECT date(?1, '+1 day')"
		                         : "SELECT date(max(date), '+1 day') FROM orders",
		               e) != 0) {
			free(v);
			return -1;
		}
		if (listed && latest != NULL)
			db_bind_text_at(st, 1, latest);
		if ((rc = db_step(db, st, e)) == 1 && db_col_type(st, 0) != SQLITE_NULL)
			snprintf(iso, sizeof iso, "%s", db_col_text(st, 0));
		sqlite3_finalize(st);
		if (rc < 0) {
			free(v);
			return -1;
		}
	}
	free(v);
	if (!date_read_ymd(iso, &y, &m, &d)) {
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		y = tm.tm_year + 1900;
		m = tm.tm_mon + 1;
		d = tm.tm_mday;
	}
	metrics_set_ref(ref, y, m, d);
	return 0;
}
