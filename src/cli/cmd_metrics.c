/* clientele metrics: recomputes every customer's metrics and classes on
 * demand (SPEC §1.1, §5), after setting the reference date or the class
 * thresholds kept in the base, and says how many customers each class
 * has. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "engine/engine.h"
#include "metrics.h"
#include "metrics_class.h"
#include "progress.h"
#include "text/date.h"

enum { O_AS_OF = 256, O_R_DAYS, O_ABC, O_XYZ, O_LEAD, O_JSON };

static const struct cli_opt opts[] = {
	{"as-of", O_AS_OF, CLI_ARG, "DATE",
	 N_("the reference date, kept in the base (2024-03-31\n"
	    "or 31.03.2024)")},
	{"r-days", O_R_DAYS, CLI_ARG, "D5,D4,D3,D2",
	 N_("R from days since the last order, kept in the\n"
	    "base: 5 up to D5 days, 4 up to D4, ... 1 above D2\n"
	    "(30,60,90,180); quintiles: back to the default")},
	{"abc", O_ABC, CLI_ARG, "A,B",
	 N_("ABC thresholds in percent of revenue, kept in the\n"
	    "base (default 80,15: A the top 80 %, B the next\n"
	    "15 %, C the rest)")},
	{"xyz", O_XYZ, CLI_ARG, "X,Y",
	 N_("XYZ thresholds in percent of variation, kept in\n"
	    "the base (default 10,25)")},
	{"lead", O_LEAD, CLI_ARG, "HOT,WARM",
	 N_("lead_score from which a lead is hot and warm,\n"
	    "kept in the base (default 70,40)")},
	{"json", O_JSON, CLI_FLAG, NULL, N_("print as JSON")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

/* --as-of as import takes it: ISO, dotted or a slash date that reads one
 * way only; a time is dropped. */
static int
parse_as_of(const char *arg, char iso[20])
{
	struct date_evidence ev = {0};
	const char *why;

	date_evidence_add(&ev, arg);
	if (ev.ambiguous > 0 && ev.slash > 0)
		return cli_usage(&cmd_metrics,
		                 _("--as-of %s could be day-first or month-first: write it as "
		                   "YYYY-MM-DD"),
		                 arg);
	if (norm_date(arg, date_evidence_order(&ev), iso, &why) != 0)
		return cli_usage(&cmd_metrics,
		                 _("--as-of takes a date like 2024-03-31 or 31.03.2024, not \"%s\""),
		                 arg);
	iso[10] = '\0';
	return 0;
}

static void
counts_json(struct json *j, const char *key, const char *const *names, const long long *v, int n)
{
	json_key(j, key);
	json_object(j);
	for (int i = 0; i < n; i++)
		json_key_int(j, names[i] != NULL ? names[i] : "none", v[i]);
	json_close(j);
}

static void
print_json(const char *ref, const struct metrics_thresholds *t, const struct metrics_counts *c)
{
	struct json j;

	json_begin(&j, stdout);
	json_object(&j);
	json_key_str(&j, "reference_date", ref);
	json_key_int(&j, "customers", c->customers);
	json_key_int(&j, "buyers", c->buyers);
	json_key(&j, "thresholds");
	json_object(&j);
	json_key(&j, "abc");
	json_array(&j);
	json_double(&j, t->abc[0], 2);
	json_double(&j, t->abc[1], 2);
	json_close(&j);
	json_key(&j, "xyz");
	json_array(&j);
	json_double(&j, t->xyz[0], 2);
	json_double(&j, t->xyz[1], 2);
	json_close(&j);
	json_key(&j, "lead");
	json_array(&j);
	json_double(&j, t->lead[0], 2);
	json_double(&j, t->lead[1], 2);
	json_close(&j);
	json_key(&j, "r_days");
	if (t->r_days[3] == 0) {
		json_null(&j);
	} else {
		json_array(&j);
		for (int i = 0; i < 4; i++)
			json_int(&j, t->r_days[i]);
		json_close(&j);
	}
	json_close(&j);
	counts_json(&j, "abc", metrics_abc_names, c->abc, 4);
	counts_json(&j, "xyz", metrics_xyz_names, c->xyz, 4);
	counts_json(&j, "value_speed", metrics_speed_names, c->speed, 5);
	counts_json(&j, "lead_temp", metrics_lead_names, c->lead, 4);
	json_close(&j);
	json_end(&j);
}

static void
counts_line(const char *const *names, const long long *v, int n)
{
	for (int i = 0; i < n; i++)
		printf("  %s %'lld", names[i] != NULL ? names[i] : _("no class"), v[i]);
	putchar('\n');
}

static void
print_text(const char *ref, const struct metrics_thresholds *t, const struct metrics_counts *c)
{
	printf(_("Metrics of %'lld customers (%'lld buyers) as of %s.\n"), c->customers, c->buyers,
	       ref);
	if (t->r_days[3] == 0)
		fputs(_("R by quintiles.\n"), stdout);
	else
		printf(_("R from days since the last order: 5 up to %ld, 4 up to %ld, 3 up to %ld, "
		         "2 up to %ld.\n"),
		       t->r_days[0], t->r_days[1], t->r_days[2], t->r_days[3]);
	printf(_("ABC (%g,%g %%):"), t->abc[0], t->abc[1]);
	counts_line(metrics_abc_names, c->abc, 4);
	printf(_("XYZ (%g,%g %%):"), t->xyz[0], t->xyz[1]);
	counts_line(metrics_xyz_names, c->xyz, 4);
	fputs(_("value × speed:"), stdout);
	counts_line(metrics_speed_names, c->speed, 5);
	printf(_("lead temperature (%g,%g):"), t->lead[0], t->lead[1]);
	counts_line(metrics_lead_names, c->lead, 4);
}

static double *
pair(struct metrics_thresholds *t, int kind)
{
	return kind == MT_ABC ? t->abc : kind == MT_XYZ ? t->xyz : t->lead;
}

/* Recomputes in one transaction, with foreign keys off: the rows of
 * customer_metrics are written for the customers just read in the same
 * transaction, so none can break one, and off, emptying the table is
 * SQLite's truncation instead of a delete and a check of each row (a
 * second and more on a million customers), and no insert looks up its
 * customer. */
static int
recompute(struct db *db, const char *as_of, const struct metrics_thresholds *t, const bool set[4],
          struct metrics_counts *counts, struct err *e)
{
	int rc = -1;

	if (db_exec(db, "PRAGMA foreign_keys = OFF", e) != 0)
		return -1;
	if (db_begin(db, e) != 0)
		goto out;
	if (as_of != NULL && db_meta_set(db, "as_of", as_of, e) != 0)
		goto fail;
	for (int k = MT_ABC; k <= MT_R_DAYS; k++)
		if (set[k] && metrics_thresholds_set(db, (enum metrics_threshold_kind)k, t, e) != 0)
			goto fail;
	if (metrics_recompute_counted(db, NULL, counts, e) != 0)
		goto fail;
	if ((rc = db_commit(db, e)) == 0)
		engine_warm(db);
	goto out;
fail:
	db_rollback(db);
out:
	if (db_exec(db, "PRAGMA foreign_keys = ON", rc == 0 ? e : NULL) != 0)
		rc = -1;
	return rc;
}

static int
run(int argc, char **argv)
{
	struct db *db = NULL;
	struct err e = {0};
	struct metrics_thresholds t;
	struct metrics_counts counts;
	struct progress *bar;
	bool set[4] = {false, false, false, false}, json = false;
	const char *as_of = NULL;
	char as_of_iso[20], ref[11];
	int c, rc;

	metrics_thresholds_default(&t);
	optind = 1;
	while ((c = cli_getopt(&cmd_metrics, argc, argv)) != -1) {
		enum metrics_threshold_kind kind = c == O_ABC   ? MT_ABC
		                                   : c == O_XYZ ? MT_XYZ
		                                   : c == O_LEAD ? MT_LEAD
		                                                 : MT_R_DAYS;

		switch (c) {
		case O_AS_OF: as_of = optarg; break;
		case O_JSON: json = true; break;
		case O_R_DAYS:
		case O_ABC:
		case O_XYZ:
		case O_LEAD:
			if (metrics_thresholds_parse(kind, optarg, &t, &e) != 0)
				return cli_usage(&cmd_metrics, "%s", e.msg);
			set[kind] = true;
			break;
		default: return cli_bad_option(&cmd_metrics, c, argv);
		}
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_metrics, _("give the base alone"));
	if (as_of != NULL && (rc = parse_as_of(as_of, as_of_iso)) != 0)
		return rc;
	if ((rc = cli_open(argv[optind], 0, &db)) != 0)
		return rc;
	{
		/* the thresholds not given stay those of the base */
		struct metrics_thresholds kept;

		if (metrics_thresholds_get(db, &kept, &e) != 0)
			goto fail;
		for (int k = MT_ABC; k <= MT_LEAD; k++)
			if (set[k])
				memcpy(pair(&kept, k), pair(&t, k), sizeof t.abc);
		if (set[MT_R_DAYS])
			memcpy(kept.r_days, t.r_days, sizeof t.r_days);
		t = kept;
	}
	bar = progress_new();
	progress_import(bar, &(struct import_progress){"", "metrics", 0, 0, 0});
	rc = recompute(db, as_of != NULL ? as_of_iso : NULL, &t, set, &counts, &e);
	progress_end(&bar);
	if (rc != 0 || metrics_reference_date(db, ref, &e) != 0)
		goto fail;
	if (json)
		print_json(ref, &t, &counts);
	else
		print_text(ref, &t, &counts);
	db_close(&db);
	return 0;
fail:
	db_close(&db);
	return cli_fail(&e);
}

const struct cli_cmd cmd_metrics = {
	.name = "metrics",
	.args = "DB [--as-of DATE] [--r-days DAYS] [--abc A,B] [--xyz X,Y] [--lead HOT,WARM] [--json]",
	.summary = N_("Recompute every customer's metrics and classes, and count the classes."),
	.opts = opts,
	.help = N_("An import recomputes them; this does it on demand, after changing the\n"
	           "reference date or a threshold. The thresholds are kept in the base and\n"
	           "apply to every later import. ABC: A while the revenue of the buyers\n"
	           "who spent more is below A %, B below A + B %, else C. XYZ: the\n"
	           "variation of monthly purchases over the 12 months before the\n"
	           "reference date's month, X up to X %, Y up to Y %, Z above (on a\n"
	           "typical shop nearly every customer is Z at 10,25: try 30,60).\n"
	           "clientele-rules(5) describes the fields.\n"
	           "  clientele metrics shop.db --xyz 30,60 --lead 80,50\n"),
	.run = run,
};
