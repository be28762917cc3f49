/* The differential test of the rule language: thousands of random rules
 * over the whole grammar, each counted three ways: by the compiled SQL on a
 * real base, by the column engine (engine/) on the same base, and by the
 * naive evaluator of naive_eval.c on the same data in C arrays; the rules
 * come from rule_gen.c. A fourth engine reads its columns back from the
 * base's cache (engine/cache.c), written by the first: it must count the
 * same.
 * A random tree of segments is counted the same three ways, and rules that
 * refer to it with `in segment`.
 * Seeded and reproducible: DIFF_SEED=S DIFF_RULES=N [DIFF_BASE_SEED=B]
 * ./tests/test_rule_diff */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "db.h"
#include "engine/engine.h"
#include "engine/private.h"
#include "fields.h"
#include "naive_eval.h"
#include "query.h"
#include "query_facet.h"
#include "rule_gen.h"
#include "rule/rule.h"
#include "segment/segment.h"

#define NCUST 300
#define DEFAULT_SEED 20261123ULL
#define DEFAULT_RULES 5000
#define MAX_REPORTED 15

static struct n_base nbase;
static struct db *base;
static struct engine *eng, *cached;
static char *base_dir;

static void
bind_cell(sqlite3_stmt *st, int k, const struct n_cell *c)
{
	if (c->kind == NC_NULL)
		sqlite3_bind_null(st, k);
	else if (c->kind == NC_TEXT)
		sqlite3_bind_text(st, k, c->s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_double(st, k, c->d);
}

static void
step(sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		fail_msg("insert: %s", sqlite3_errmsg(sqlite3_db_handle(st)));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Plain inserts into the tables the rules read, as an import and the tag
 * module would leave them. */
static void
insert_base(void)
{
	static const enum n_field cust_cols[] = {NF_EMAIL, NF_CITY, NF_GENDER, NF_STATUS,
	                                         NF_DEVICE, NF_FAV, NF_LEAD, NF_INCOME,
	                                         NF_CREATED, NF_LEO, NF_BIRTH, NF_ECONS,
	                                         NF_SCONS};
	static const enum n_field metric_cols[] = {NF_ORDERS, NF_SPENT, NF_AGE, NF_RFM,
	                                           NF_TOPCAT, NF_FIRST_ORDER, NF_LAST_ORDER,
	                                           NF_AVG, NF_DSO, NF_R, NF_REFUNDS};
	sqlite3_stmt *cs, *ms, *ts, *cts;
	struct err e = {0};
	size_t i, j;

	if (db_begin(base, &e) != 0 ||
	    db_prepare(base, &cs,
	               "INSERT INTO customers (id, ext_id, email, city, gender, status, device, "
	               "cf_fav_colour, lead_score, cf_annual_income_k, created_at, "
	               "last_email_open, birth_date, email_consent, sms_consent) "
	               "VALUES (?1, 'c' || ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	               "?13, ?14)",
	               &e) != 0 ||
	    db_prepare(base, &ms,
	               "INSERT INTO customer_metrics (customer_id, orders, spent, age, rfm, "
	               "top_category, first_order, last_order, avg_check, days_since_order, r, "
	               "refunds) "
	               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	               &e) != 0 ||
	    db_prepare(base, &ts, "INSERT INTO tags (id, name, name_fold) VALUES (?1, ?2, ?3)",
	               &e) != 0 ||
	    db_prepare(base, &cts, "INSERT INTO customer_tags (customer_id, tag_id) VALUES (?1, ?2)",
	               &e) != 0)
		fail_msg("%s", e.msg);
	for (i = 0; i < nbase.ntags; i++) {
		sqlite3_bind_int(ts, 1, (int)i + 1);
		sqlite3_bind_text(ts, 2, nbase.tag_names[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(ts, 3, nbase.tag_folded[i], -1, SQLITE_STATIC);
		step(ts);
	}
	for (i = 0; i < nbase.n; i++) {
		const struct n_customer *cu = &nbase.c[i];

		sqlite3_bind_int(cs, 1, (int)i + 1);
		for (j = 0; j < sizeof cust_cols / sizeof cust_cols[0]; j++)
			bind_cell(cs, (int)j + 2, &cu->v[cust_cols[j]]);
		step(cs);
		if (cu->metrics_row) {
			sqlite3_bind_int(ms, 1, (int)i + 1);
			for (j = 0; j < sizeof metric_cols / sizeof metric_cols[0]; j++)
				bind_cell(ms, (int)j + 2, &cu->v[metric_cols[j]]);
			step(ms);
		}
		for (j = 0; j < nbase.ntags; j++)
			if (cu->tags & (1u << j)) {
				sqlite3_bind_int(cts, 1, (int)i + 1);
				sqlite3_bind_int(cts, 2, (int)j + 1);
				step(cts);
			}
	}
	sqlite3_finalize(cs);
	sqlite3_finalize(ms);
	sqlite3_finalize(ts);
	sqlite3_finalize(cts);
	if (db_commit(base, &e) != 0)
		fail_msg("%s", e.msg);
}

static unsigned long long env_ull(const char *name, unsigned long long def);

static int
setup(void **state)
{
	struct err e = {0};

	(void)state;
	/* the naive evaluator folds with towlower: a UTF-8 LC_CTYPE */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL && setlocale(LC_CTYPE, "en_US.UTF-8") == NULL)
		fail_msg("no UTF-8 locale for towlower");
	base = th_newdb("rule_diff", &base_dir);
	if (fields_add_custom(base, "fav_colour", "Favourite colour", FT_TEXT, &e) != 0 ||
	    fields_add_custom(base, "annual_income_k", "Annual Income (k$)", FT_NUMBER, &e) != 0 ||
	    db_meta_set(base, "as_of", N_REF_DATE, &e) != 0)
		fail_msg("%s", e.msg);
	/* the base is the same whatever the rules' seed; DIFF_BASE_SEED
	 * draws another */
	n_base_make(&nbase, NCUST, env_ull("DIFF_BASE_SEED", 7));
	insert_base();
	/* the connection's own counts are SQL's; the engine is ours */
	engine_disable(base);
	if (engine_open(base, &eng, &e) != 0)
		fail_msg("%s", e.msg);
	/* every field's column built, written to the cache, and read back by
	 * another engine */
	{
		struct field_catalog cat = {0};
		const struct field **fs;
		size_t i;

		if (fields_load(base, &cat, &e) != 0 || (fs = calloc(cat.n + 1, sizeof *fs)) == NULL)
			fail_msg("%s", e.msg);
		for (i = 0; i < cat.n; i++)
			fs[i] = &cat.v[i];
		if (engine_sync(eng, &e) < 0 || eng_prefetch(eng, fs, cat.n, true, &e) < 0)
			fail_msg("%s", e.msg);
		eng_cache_flush(eng);
		free(fs);
		fields_free(&cat);
	}
	if (engine_open(base, &cached, &e) != 0)
		fail_msg("%s", e.msg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	engine_close(&eng);
	engine_close(&cached);
	db_close(&base);
	th_rmtree(base_dir);
	free(base_dir);
	n_base_free(&nbase);
	return 0;
}

/* The count of rule text by the column engine; ENGINE_FALLBACK is a
 * failure here: every rule of the generator is one it must answer. */
static int
diff_engine_count(struct engine *en, struct db *db, const char *text, long long *n,
                  struct err *e)
{
	struct segment_compiler *sc = NULL;
	struct rule *r = NULL;
	int rc = -1;

	*n = -1;
	if (rule_parse(text, &r, e) == 0 && segment_compiler_open(db, &sc, e) == 0) {
		rc = engine_count(en, sc, -1, r, n, e);
		if (rc == ENGINE_FALLBACK)
			snprintf(e->msg, sizeof e->msg, "the engine fell back to SQL");
	}
	segment_compiler_close(&sc);
	rule_free(&r);
	return rc;
}

/* --- the test ---------------------------------------------------------------------- */

static unsigned long long
env_ull(const char *name, unsigned long long def)
{
	const char *s = getenv(name);

	return s != NULL && *s != '\0' ? strtoull(s, NULL, 10) : def;
}

static int
sql_count(const char *text, long long *n, struct err *e)
{
	*n = -1;
	return rule_count(base, text, n, e);
}

static void
test_differential(void **state)
{
	unsigned long long seed = env_ull("DIFF_SEED", DEFAULT_SEED);
	size_t nrules = (size_t)env_ull("DIFF_RULES", DEFAULT_RULES), i, failures = 0;
	size_t none = 0, all = 0;
	long long total = -1;
	struct err e = {0};
	struct sbuf text = {0}, not_text = {0};

	(void)state;
	printf("# rule differential: seed %llu, %zu rules over %d customers "
	       "(DIFF_SEED=%llu DIFF_RULES=%zu to rerun)\n",
	       seed, nrules, NCUST, seed, nrules);
	if (sql_count("", &total, &e) != 0 || total != NCUST)
		fail_msg("the base has %lld customers, expected %d (%s)", total, NCUST, e.msg);
	rng_state = seed;
	for (i = 0; i < nrules; i++) {
		struct rule *r = NULL, *r2 = NULL;
		char *once = NULL, *twice = NULL;
		struct n_node *root;
		long long sql = -1, sql_not = -1, naive, eng_n = -1, eng_not = -1;
		const char *what = NULL;

		text.n = 0;
		sb_add(&text, "");
		arena_reset();
		root = gen_node(&text, 1 + (int)pick(4), NK_CMP);
		naive = n_count(root, &nbase);
		none += naive == 0;
		all += naive == NCUST;
		memset(&e, 0, sizeof e);
		if (rule_parse(text.p, &r, &e) != 0) {
			what = "does not parse";
		} else if ((once = rule_print(r)) == NULL) {
			what = "does not print";
		} else if (rule_parse(once, &r2, &e) != 0) {
			what = "its printed form does not parse";
		} else if (strcmp((twice = rule_print(r2)), once) != 0) {
			what = "print(parse(print(x))) != print(x)";
		} else if (sql_count(text.p, &sql, &e) != 0) {
			what = "does not compile or count";
		} else if (sql != naive) {
			what = "SQL and naive counts differ";
		} else if (diff_engine_count(eng, base, text.p, &eng_n, &e) != 0) {
			what = "the engine does not count it";
		} else if (eng_n != sql) {
			what = "the engine's and SQL's counts differ";
		} else if (diff_engine_count(cached, base, text.p, &eng_n, &e) != 0 || eng_n != sql) {
			what = "the engine reading the base's cache counts otherwise";
		} else {
			not_text.n = 0;
			sb_add(&not_text, "not (");
			sb_add(&not_text, text.p);
			sb_add(&not_text, ")");
			if (sql_count(not_text.p, &sql_not, &e) != 0)
				what = "not (X) does not count";
			else if (sql + sql_not != total)
				what = "count(X) + count(not (X)) != total";
			else if (diff_engine_count(eng, base, not_text.p, &eng_not, &e) != 0 ||
			         eng_not != sql_not)
				what = "the engine's count of not (X) differs";
		}
		if (what != NULL) {
			failures++;
			if (failures <= MAX_REPORTED) {
				char *sqltext = NULL;
				struct rule_sql rs;
				struct err e2 = {0};

				if (rule_count_sql(base, text.p, &sqltext, &rs, &e2) == 0)
					rule_sql_free(&rs);
				printf("# MISMATCH (seed %llu, rule %zu): %s\n"
				       "#   rule:      %s\n"
				       "#   canonical: %s\n"
				       "#   reprinted: %s\n"
				       "#   error:     %s\n"
				       "#   SQL count %lld, naive count %lld, engine %lld; not (X) %lld "
				       "(engine %lld) of %lld\n"
				       "#   SQL: %s\n",
				       seed, i, what, text.p, once ? once : "-", twice ? twice : "-",
				       e.msg[0] ? e.msg : "-", sql, naive, eng_n, sql_not, eng_not, total,
				       sqltext ? sqltext : "-");
				free(sqltext);
			}
		}
		free(once);
		free(twice);
		rule_free(&r);
		rule_free(&r2);
	}
	arena_reset();
	free(text.p);
	free(not_text.p);
	/* the columns of the fourth engine came from the cache (but the
	 * tags count, which it never keeps) */
	printf("# the engine on the cache read %zu of its %zu columns from it\n", cached->from_cache,
	       engine_loaded(cached));
	assert_true(cached->from_cache > 0 && cached->from_cache + 1 >= engine_loaded(cached));
	/* a generator whose rules all match nobody or everybody tests little */
	printf("# %zu rules matched nobody, %zu everybody, %zu some\n", none, all,
	       nrules - none - all);
	assert_true(nrules < 100 || (none + all) * 2 < nrules);
	if (failures > 0)
		fail_msg("%zu of %zu random rules failed (seed %llu); the first %d are above", failures,
		         nrules, seed, MAX_REPORTED);
}

/* A random tree of segments whose rules are random rules, some under
 * others: each segment counted three ways (SQL, the engine, and the naive
 * evaluator over the chain of rules down from the root); then random rules
 * that refer to them with `in segment`, counted the same three ways. */
#define NSEGS 16
static char paths[NSEGS][400]; /* test_facet uses them as scopes */

static void
test_tree(void **state)
{
	unsigned long long seed = env_ull("DIFF_SEED", DEFAULT_SEED);
	static bool member[NSEGS][NCUST];
	struct sbuf text = {0};
	struct err e = {0};
	struct segment_compiler *sc = NULL;
	size_t k, row, failures = 0, nrules = 400, i, some = 0;
	long parent[NSEGS];

	(void)state;
	rng_state = seed ^ 0x5eedULL;
	for (k = 0; k < NSEGS; k++) {
		struct n_node *root;

		size_t tries, in = 0;

		parent[k] = k == 0 || pick(2) == 0 ? -1 : (long)pick(k);
		/* a segment of nobody, or of all its parent's, tests little:
		 * another rule, a few times */
		for (tries = 0; tries < 8; tries++) {
			size_t of = 0;

			text.n = 0;
			sb_add(&text, "");
			arena_reset();
			root = gen_node(&text, 1 + (int)pick(3), NK_CMP);
			for (row = in = 0; row < NCUST; row++) {
				bool up = parent[k] < 0 || member[parent[k]][row];

				member[k][row] = up && n_eval(root, &nbase, &nbase.c[row]);
				in += member[k][row];
				of += up;
			}
			if (in > 0 && in < of)
				break;
		}
		if (parent[k] < 0)
			snprintf(paths[k], sizeof paths[k], "S%zu", k);
		else
			snprintf(paths[k], sizeof paths[k], "%.300s/S%zu", paths[parent[k]], k);
		if (segment_add(base, paths[k], text.p, NULL, &e) != 0)
			fail_msg("segment \"%s\" with rule %s: %s", paths[k], text.p, e.msg);
	}
	arena_reset();
	if (segment_compiler_open(base, &sc, &e) != 0)
		fail_msg("%s", e.msg);
	for (k = 0; k < NSEGS; k++) {
		struct segment_count c;
		long long naive = 0, en = -1;
		long idx = segment_compiler_find(sc, paths[k], &e);

		for (row = 0; row < NCUST; row++)
			naive += member[k][row];
		some += naive > 0 && naive < NCUST;
		if (segment_count(base, paths[k], &c, &e) != 0 || idx < 0 ||
		    engine_count(eng, sc, idx, NULL, &en, &e) != 0)
			fail_msg("segment \"%s\": %s", paths[k], e.msg);
		if (c.count != naive || en != naive) {
			failures++;
			printf("# MISMATCH: segment \"%s\": SQL %lld, engine %lld, naive %lld\n",
			       paths[k], c.count, en, naive);
		}
	}
	segment_compiler_close(&sc);
	/* rules that refer to the segments */
	for (i = 0; i < nrules; i++) {
		struct n_node *root;
		long long naive = 0, sql = -1, en = -1;
		bool neg = pick(3) == 0;

		k = pick(NSEGS);
		text.n = 0;
		sb_add(&text, neg ? "not in segment \"" : "in segment \"");
		sb_add(&text, paths[k]);
		sb_add(&text, neg ? "\" or (" : "\" and (");
		arena_reset();
		root = gen_node(&text, 1 + (int)pick(3), NK_CMP);
		sb_add(&text, ")");
		for (row = 0; row < NCUST; row++) {
			bool x = n_eval(root, &nbase, &nbase.c[row]);

			naive += neg ? (!member[k][row] || x) : (member[k][row] && x);
		}
		memset(&e, 0, sizeof e);
		if (sql_count(text.p, &sql, &e) != 0 || diff_engine_count(eng, base, text.p, &en, &e) != 0 ||
		    sql != naive || en != naive) {
			failures++;
			if (failures <= MAX_REPORTED)
				printf("# MISMATCH (seed %llu, tree rule %zu): %s\n#   SQL %lld, engine "
				       "%lld, naive %lld; %s\n",
				       seed, i, text.p, sql, en, naive, e.msg[0] ? e.msg : "-");
		}
	}
	arena_reset();
	free(text.p);
	printf("# tree: %d segments (%zu with some customers, not all) and %zu rules with in "
	       "segment (seed %llu)\n",
	       NSEGS, some, nrules, seed);
	assert_true(some >= NSEGS / 2);
	if (failures > 0)
		fail_msg("%zu mismatches in the tree (seed %llu)", failures, seed);
}

/* The facet panel's values of the text fields within random scopes (a
 * random rule, under a segment of the tree or the base), from the engine
 * (a connection of its own) and from SQL: the same values, spellings,
 * counts and totals. */
static void
test_facet(void **state)
{
	static const char *const fields[] = {"city", "email", "status", "device", "fav_colour",
	                                     "rfm", "top_category", "gender"};
	unsigned long long seed = env_ull("DIFF_SEED", DEFAULT_SEED);
	struct db *edb = NULL;
	struct sbuf text = {0};
	struct err e = {0};
	size_t i, j, failures = 0, nscopes = 150;

	(void)state;
	if (db_open(&edb, db_path(base), DB_READONLY, &e) != 0)
		fail_msg("%s", e.msg);
	rng_state = seed ^ 0xface7ULL;
	for (i = 0; i < nscopes; i++) {
		const char *field = fields[pick(sizeof fields / sizeof fields[0])];
		size_t top = pick(3) == 0 ? 0 : 1 + pick(6);
		const char *in = NULL;
		struct facet a = {0}, b = {0};
		const char *what = NULL;

		if (pick(2))
			in = paths[pick(NSEGS)];
		text.n = 0;
		sb_add(&text, "");
		arena_reset();
		if (pick(4) > 0)
			gen_node(&text, 1 + (int)pick(3), NK_CMP);
		if (query_facet(base, in, text.p, field, top, &a, &e) != 0 ||
		    query_facet(edb, in, text.p, field, top, &b, &e) != 0)
			fail_msg("facet of %s within %s: %s", field, text.p, e.msg);
		if (a.total != b.total || a.empty != b.empty || a.others != b.others ||
		    a.distinct != b.distinct || a.n != b.n)
			what = "totals differ";
		for (j = 0; what == NULL && j < a.n; j++)
			if (a.v[j].count != b.v[j].count || strcmp(a.v[j].value, b.v[j].value) != 0)
				what = "values differ";
		if (what != NULL && ++failures <= MAX_REPORTED) {
			printf("# MISMATCH (seed %llu, facet %zu): %s: %s within %s, rule %s, top %zu\n"
			       "#   SQL: total %lld empty %lld others %lld distinct %lld n %zu\n"
			       "#   engine: total %lld empty %lld others %lld distinct %lld n %zu\n",
			       seed, i, what, field, in ? in : "the base", text.p, top, a.total,
			       a.empty, a.others, a.distinct, a.n, b.total, b.empty, b.others,
			       b.distinct, b.n);
			for (j = 0; j < a.n && j < b.n && j < 8; j++)
				printf("#   %s %lld | %s %lld\n", a.v[j].value, a.v[j].count,
				       b.v[j].value, b.v[j].count);
		}
		facet_free(&a);
		facet_free(&b);
	}
	/* the engine answered them */
	assert_non_null(engine_of(edb));
	assert_true(engine_loaded(engine_of(edb)) > 0);
	arena_reset();
	free(text.p);
	db_close(&edb);
	if (failures > 0)
		fail_msg("%zu facets differ (seed %llu)", failures, seed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_differential),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_facet),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
