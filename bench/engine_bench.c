/* The column engine measured inside one process (`make bench`): the same
 * questions asked of the engine and of SQL on the same base in the same
 * run, each the median of several runs, printed as "NAME SECONDS NOTE"
 * lines that bench/run.sh records. Not installed.
 *
 * Usage: clientele-engine-bench DB SEGMENT RULE [FIELD]
 * (FIELD, a text field, default city: its facet within SEGMENT's top
 * segment). Then each analysis grid (RFM, ABC×XYZ, value × speed) of the
 * whole base and of SEGMENT's top segment, and the compare table of the
 * two, by the engine and by SQL; BENCH_GRIDS_SQL=0 leaves SQL's out (it
 * takes seconds a grid). Then a 20-bucket histogram of a number (spent)
 * and of a date (last_order) within the top segment, both ways.
 *    or: clientele-engine-bench --memory DB cache|table FIELD...
 * (loads the columns of the FIELDs in a process of its own, from the base's
 * cache or built from the table, and prints the time and the process's
 * peak resident memory) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "analysis.h"
#include "db.h"
#include "engine/private.h"
#include "fields.h"
#include "query.h"
#include "query_facet.h"
#include "segment/segment.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
report(const char *name, double *t, int n, long long answer)
{
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	printf("%s %.6f median of %d (min %.6f, max %.6f); answer %lld\n", name, t[n / 2], n, t[0],
	       t[n - 1], answer);
	fflush(stdout);
}

/* The segments the engine keeps are dropped: each run evaluates the
 * rules again over warm columns, as after an edit of a rule. */
static void
forget_segments(struct engine *en)
{
	size_t k;

	for (k = 0; k < en->nsegs; k++)
		eng_bm_free(en->segs[k].rows);
	en->nsegs = 0;
}

static void
die(const char *what, const struct err *e)
{
	fprintf(stderr, "engine-bench: %s: %s\n", what, e->msg);
	exit(1);
}

/* One grid of path on db: its figures into a grid of the kind's. */
enum grid_kind { GK_RFM, GK_ABC, GK_VS };

static long long
grid(struct db *db, enum grid_kind k, const char *path)
{
	struct rfm_grid r;
	struct abc_grid a;
	struct vs_grid v;
	struct err e = {0};
	int rc;

	switch (k) {
	case GK_RFM: rc = analysis_rfm(db, path, &r, &e); break;
	case GK_ABC: rc = analysis_abc(db, path, &a, &e); break;
	default: rc = analysis_value_speed(db, path, &v, &e); break;
	}
	if (rc != 0)
		die("grid", &e);
	/* an answer to show that both ways agree: the cells' revenue */
	switch (k) {
	case GK_RFM: return r.cell[4][4].revenue_cents + r.none.count + r.named[0].orders;
	case GK_ABC: return a.cell[0][2].revenue_cents + a.cell[3][3].count;
	default: return v.cell[0][0].revenue_cents + v.none.count + (long long)v.median_days;
	}
}

/* Each grid of the base and of top by the engine (the first run, which
 * reads the grid's columns, then the median of 11 over warm columns, the
 * segment evaluated again each run), then by SQL (once: seconds). */
static void
grids(struct db *edb, struct db *sdb, struct engine *en, const char *top)
{
	static const char *const names[] = {"rfm", "abc", "value_speed"};
	const char *sql = getenv("BENCH_GRIDS_SQL");
	const char *scopes[2] = {"", top};
	char name[64];
	double t[11], t0;
	long long n = 0;

	for (int s = 0; s < 2; s++)
		for (int k = GK_RFM; k <= GK_VS; k++) {
			const char *where = s == 0 ? "" : "_segment";

			t0 = now();
			n = grid(edb, (enum grid_kind)k, scopes[s]);
			t[0] = now() - t0;
			if (s == 0) {
				snprintf(name, sizeof name, "engine_grid_%s_first", names[k]);
				report(name, t, 1, n);
			}
			for (int i = 0; i < 11; i++) {
				forget_segments(en);
				t0 = now();
				n = grid(edb, (enum grid_kind)k, scopes[s]);
				t[i] = now() - t0;
			}
			snprintf(name, sizeof name, "engine_grid_%s%s", names[k], where);
			report(name, t, 11, n);
			if (sql != NULL && strcmp(sql, "0") == 0)
				continue;
			t0 = now();
			n = grid(sdb, (enum grid_kind)k, scopes[s]);
			t[0] = now() - t0;
			snprintf(name, sizeof name, "sql_grid_%s%s", names[k], where);
			report(name, t, 1, n);
		}
	/* the compare table of the base and top */
	{
		const char *const paths[2] = {"", top};
		struct compare c;
		struct err e = {0};

		for (int k = 0; k < 2; k++) {
			struct db *db = k ? sdb : edb;
			int runs = k ? 1 : 11;

			if (k && sql != NULL && strcmp(sql, "0") == 0)
				break;
			/* the first (engine) run reads the columns: not counted */
			if (k == 0 && analysis_compare(db, paths, 2, 0, &c, &e) == 0)
				compare_free(&c);
			for (int i = 0; i < runs; i++) {
				forget_segments(en);
				t0 = now();
				if (analysis_compare(db, paths, 2, 0, &c, &e) != 0)
					die("compare", &e);
				t[i] = now() - t0;
				n = c.col[1].size + c.col[1].active + c.col[1].revenue_cents +
				    (long long)(c.col[1].median_age * 10);
				compare_free(&c);
			}
			report(k ? "sql_compare" : "engine_compare", t, runs, n);
		}
	}
}

/* A 20-bucket histogram of a number and of a date field within top: the
 * engine's first (which reads the column), then the median of 11; SQL's
 * median of 3. */
static void
histograms(struct db *edb, struct db *sdb, const char *top)
{
	static const char *const fields[] = {"spent", "last_order"};
	static const char *const names[] = {"hist_number", "hist_date"};
	struct histogram h;
	struct err e = {0};
	char name[64];
	double t[11], t0;

	for (int k = 0; k < 2; k++) {
		for (int way = 0; way < 2; way++) {
			struct db *db = way ? sdb : edb;
			int runs = way ? 3 : 11;

			if (way == 0) {
				t0 = now();
				if (query_histogram(db, top, NULL, fields[k], &h, &e) != 0)
					die("histogram", &e);
				t[0] = now() - t0;
				snprintf(name, sizeof name, "engine_%s_first", names[k]);
				report(name, t, 1, h.total - h.empty);
			}
			for (int i = 0; i < runs; i++) {
				t0 = now();
				if (query_histogram(db, top, NULL, fields[k], &h, &e) != 0)
					die("histogram", &e);
				t[i] = now() - t0;
			}
			snprintf(name, sizeof name, "%s_%s", way ? "sql" : "engine", names[k]);
			/* the answer: the count of the fullest bucket and their number */
			{
				long long most = 0;

				for (size_t b = 0; b < h.n; b++)
					most = h.v[b].count > most ? h.v[b].count : most;
				report(name, t, runs, most * 100 + (long long)h.n);
			}
		}
	}
}

/* The peak resident memory of this process, in MB. */
static double
peak_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

static int
memory(int argc, char **argv)
{
	struct db *db = NULL;
	struct engine *en;
	struct field_catalog cat = {0};
	const struct field *fs[64];
	struct err e = {0};
	bool table = strcmp(argv[3], "table") == 0;
	double t0, t;
	int i, n = 0;

	if (db_open(&db, argv[2], DB_READONLY, &e) != 0 || fields_load(db, &cat, &e) != 0)
		die("open", &e);
	if ((en = engine_of(db)) == NULL)
		die("engine", &e);
	en->no_cache = table;
	for (i = 4; i < argc && n < 64; i++)
		if ((fs[n] = fields_find(&cat, argv[i])) != NULL)
			n++;
	t0 = now();
	if (engine_sync(en, &e) < 0 || eng_prefetch(en, fs, (size_t)n, true, &e) != 0)
		die("load", &e);
	t = now() - t0;
	printf("engine_load_%d_%s %.6f %d columns over %zu rows, from the %s; peak RSS %.1f MB\n",
	       n, argv[3], t, (int)engine_loaded(en), engine_rows(en),
	       table ? "table" : "base's cache", peak_mb());
	if (!table)
		printf("engine_cache_read_per_column %.6f the mean of %d\n", t / (n > 0 ? n : 1), n);
	fields_free(&cat);
	db_close(&db);
	return 0;
}

int
main(int argc, char **argv)
{
	struct db *edb = NULL, *sdb = NULL;
	struct segment_compiler *sc = NULL;
	struct engine *en;
	struct rule *r = NULL;
	struct segment *list = NULL;
	struct segment_count *counts = NULL;
	struct rule_sql w;
	struct err e = {0};
	double t[31], t0;
	long long n = 0;
	size_t nl;
	long i;
	int k;

	if (argc >= 5 && strcmp(argv[1], "--memory") == 0)
		return memory(argc, argv);
	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: clientele-engine-bench DB SEGMENT RULE [FIELD]\n");
		return 2;
	}
	if (db_open(&edb, argv[1], DB_READONLY, &e) != 0 ||
	    db_open(&sdb, argv[1], DB_READONLY, &e) != 0)
		die("open", &e);
	engine_disable(sdb);
	if ((en = engine_of(edb)) == NULL || segment_compiler_open(edb, &sc, &e) != 0)
		die("engine", &e);
	if ((i = segment_compiler_find(sc, argv[2], &e)) < -1)
		die("segment", &e);
	if (rule_parse(argv[3], &r, &e) != 0)
		die("rule", &e);

	/* the first count building its columns from the table (no cache),
	 * on a connection of its own */
	{
		struct db *tdb = NULL;
		struct segment_compiler *tsc = NULL;
		struct engine *ten;

		if (db_open(&tdb, argv[1], DB_READONLY, &e) != 0 || (ten = engine_of(tdb)) == NULL ||
		    segment_compiler_open(tdb, &tsc, &e) != 0)
			die("open", &e);
		ten->no_cache = true;
		t0 = now();
		if (engine_count(ten, tsc, i, NULL, &n, &e) != 0)
			die("engine count", &e);
		t[0] = now() - t0;
		report("engine_first_count_table", t, 1, n);
		segment_compiler_close(&tsc);
		db_close(&tdb);
	}
	/* the first count reads the columns it needs from the base's cache
	 * (kept by the counts before; else built from the table) */
	t0 = now();
	if (engine_count(en, sc, i, NULL, &n, &e) != 0)
		die("engine count", &e);
	t[0] = now() - t0;
	report("engine_first_count", t, 1, n);
	printf("engine_columns %zu loaded over %zu rows\n", engine_loaded(en), engine_rows(en));

	for (k = 0; k < 21; k++) {
		forget_segments(en);
		t0 = now();
		if (engine_count(en, sc, i, NULL, &n, &e) != 0)
			die("engine count", &e);
		t[k] = now() - t0;
	}
	report("engine_segment_3level", t, 21, n);
	for (k = 0; k < 21; k++) {
		t0 = now();
		if (engine_count(en, sc, -1, r, &n, &e) != 0)
			die("engine count", &e);
		t[k] = now() - t0;
	}
	report("engine_rule_3level", t, 21, n);

	if (segment_list(edb, &list, &nl, &e) != 0 ||
	    (counts = calloc(nl + 1, sizeof *counts)) == NULL)
		die("segments", &e);
	for (k = 0; k < 11; k++) {
		forget_segments(en);
		t0 = now();
		if (segment_count_all(edb, list, nl, false, counts, &e) != 0)
			die("tree", &e);
		t[k] = now() - t0;
	}
	report("engine_tree", t, 11, (long long)nl);

	/* SQL, on a connection of its own without the engine */
	for (k = 0; k < 5; k++) {
		t0 = now();
		if (segment_where(sdb, argv[2], &w, &e) != 0 || segment_sql_count(sdb, &w, &n, &e) != 0)
			die("SQL count", &e);
		rule_sql_free(&w);
		t[k] = now() - t0;
	}
	report("sql_segment_3level", t, 5, n);
	for (k = 0; k < 3; k++) {
		t0 = now();
		if (segment_count_all(sdb, list, nl, false, counts, &e) != 0)
			die("tree", &e);
		t[k] = now() - t0;
	}
	report("sql_tree", t, 3, (long long)nl);

	/* a facet: a text field's values within the top segment */
	{
		const char *field = argc == 5 ? argv[4] : "city";
		char top[256];
		struct facet fa;

		snprintf(top, sizeof top, "%.*s", (int)strcspn(argv[2], "/"), argv[2]);
		t0 = now();
		if (query_facet(edb, top, NULL, field, 20, &fa, &e) != 0)
			die("facet", &e);
		t[0] = now() - t0;
		report("engine_facet_first", t, 1, fa.total);
		facet_free(&fa);
		for (k = 0; k < 11; k++) {
			t0 = now();
			if (query_facet(edb, top, NULL, field, 20, &fa, &e) != 0)
				die("facet", &e);
			t[k] = now() - t0;
			n = fa.total;
			facet_free(&fa);
		}
		report("engine_facet", t, 11, n);
		for (k = 0; k < 3; k++) {
			t0 = now();
			if (query_facet(sdb, top, NULL, field, 20, &fa, &e) != 0)
				die("facet", &e);
			t[k] = now() - t0;
			n = fa.total;
			facet_free(&fa);
		}
		report("sql_facet", t, 3, n);
		grids(edb, sdb, en, top);
		histograms(edb, sdb, top);
	}

	printf("engine_bench_peak_rss %.1f MB (the whole benchmark: two connections, %zu columns)\n",
	       peak_mb(), engine_loaded(en));
	free(counts);
	segment_list_free(list, nl);
	rule_free(&r);
	segment_compiler_close(&sc);
	db_close(&sdb);
	db_close(&edb);
	return 0;
}
