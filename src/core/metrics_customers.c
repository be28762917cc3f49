/* The customers an import into a base without customers writes, kept as
 * the metrics read them (metrics.c's load_customers): the metrics thread
 * of the import (metrics_job_start) takes them from here rather than
 * reading the table back. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "metrics.h"
#include "metrics_private.h"
#include "text/date.h"

/* One customer, by id. */
struct kept {
	double age;      /* age_given, NAN for none */
	double lead;     /* lead_score, NAN for none */
	int32_t birth;   /* y << 9 | m << 5 | d of birth_date, -1 */
	int32_t created; /* day number of created_at, -1 (also out of range) */
	bool present;
};

struct metrics_customers {
	struct kept *v;  /* by id */
	size_t cap;
	long long max_id;
	size_t n;
};

struct metrics_customers *
metrics_customers_new(void)
{
	return calloc(1, sizeof(struct metrics_customers));
}

void
metrics_customers_free(struct metrics_customers **cp)
{
	if (*cp == NULL)
		return;
	free((*cp)->v);
	free(*cp);
	*cp = NULL;
}

int
metrics_customers_put(struct metrics_customers *c, long long id, bool update, const char *birth_date,
                      const double *age_given, const char *created_at, const double *lead_score)
{
	struct kept *k;
	int y, m, d;

	if (id < 1 || id > INT32_MAX)
		return -1;
	if ((size_t)id >= c->cap) {
		size_t cap = c->cap ? c->cap : 1 << 16;
		struct kept *v;

		while (cap <= (size_t)id)
			cap *= 2;
		if ((v = realloc(c->v, cap * sizeof *v)) == NULL)
			return -1;
		memset(v + c->cap, 0, (cap - c->cap) * sizeof *v);
		c->v = v;
		c->cap = cap;
	}
	k = &c->v[id];
	if (!k->present || !update) {
		/* as an insert writes her: every value, a NULL one too */
		c->n += !k->present;
		*k = (struct kept){NAN, NAN, -1, -1, true};
	}
	if (id > c->max_id)
		c->max_id = id;
	/* An update keeps what a NULL leaves (coalesce). */
	if (birth_date != NULL)
		k->birth = date_read_ymd(birth_date, &y, &m, &d) ? y << 9 | m << 5 | d : -1;
	if (age_given != NULL)
		k->age = *age_given;
	if (created_at != NULL) {
		long day = date_day_number(created_at);

		k->created = day >= 0 && day <= INT32_MAX ? (int32_t)day : -1;
	}
	if (lead_score != NULL)
		k->lead = *lead_score;
	return 0;
}

int
metrics_customers_load(const struct metrics_customers *c, const struct metrics_thresholds *t,
                       struct metrics_accs *a, struct err *e)
{
	a->max_id = c->max_id;
	a->v = calloc(c->n + 1, sizeof *a->v);
	a->by_id = malloc(((size_t)a->max_id + 1) * sizeof *a->by_id);
	if (a->v == NULL || a->by_id == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	a->by_id[0] = -1;
	for (long long id = 1; id <= c->max_id; id++) {
		const struct kept *k = &c->v[id];
		struct metrics_acc *m = &a->v[a->n];
		double given;

		a->by_id[id] = -1;
		if (!k->present)
			continue;
		m->first = m->last = -1;
		m->min_year = INT16_MAX;
		m->top = -1;
		m->win = -1;
		m->abc = m->xyz = m->speed = MC_NONE;
		m->birth = k->birth;
		given = isnan(k->age) ? -1 : floor(k->age);
		m->age = (int16_t)(given >= 0 && given < 150 ? given : -1);
		m->created = k->created;
		m->lead = isnan(k->lead) ? MC_NONE : metrics_lead_class(k->lead, t);
		a->by_id[id] = (int32_t)a->n++;
	}
	return 0;
}
