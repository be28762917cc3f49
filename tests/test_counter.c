/* The asynchronous counter (issue 8): results come through the fd, equal
 * to what the sqlite3 shell's SQL and rule_count say; a newer request in
 * a slot abandons the stale one while it runs; closing with requests in
 * flight is clean; a broken rule gives its error with its position. No
 * sleeps: every wait is a poll on the counter's fd, or on its state, with
 * a deadline. */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"
#include "counter.h"
#include "db.h"
#include "fields.h"
#include "query.h"
#include "query_facet.h"
#include "segment/segment.h"

/* 20 customers: lead_score 0..19, a city for the even ones, the tag vip
 * on the multiples of 3. */
static const char base_sql[] =
	"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19) "
	"INSERT INTO customers (id, ext_id, lead_score, city) "
	"SELECT i + 1, 'c' || i, i, CASE WHEN i % 2 = 0 THEN 'Київ' END FROM n;"
	"INSERT INTO tags (id, name, name_fold) VALUES (1, 'vip', 'vip');"
	"INSERT INTO customer_tags SELECT id, 1 FROM customers WHERE lead_score % 3 = 0;";

/* Runs for minutes unless abandoned: 2e9 rows of a recursive CTE. */
static const char long_sql[] =
	"WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 2000000000) "
	"SELECT count(*) FROM r";

#define DEADLINE_MS 20000

struct fixture {
	char *dir;
	struct db *db;
	struct counter *c;
	struct err e;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->db = th_newdb_sql("counter", base_sql, &f->dir);
	assert_int_equal(segment_add(f->db, "High", "lead_score >= 10", NULL, &f->e), 0);
	assert_int_equal(counter_open(&f->c, db_path(f->db), &f->e), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	counter_close(&f->c);
	assert_null(f->c);
	th_closedb(&f->db, &f->dir);
	free(f);
	return 0;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The next result, waiting on the counter's fd as the interface does;
 * fails the test past the deadline. */
static void
next_result(struct counter *c, struct count_result *r)
{
	double end = now_ms() + DEADLINE_MS;
	struct pollfd p = { .fd = counter_fd(c), .events = POLLIN };

	while (counter_poll(c, r) == 0) {
		double left = end - now_ms();

		if (left <= 0)
			fail_msg("no result from the counter within %d ms", DEADLINE_MS);
		assert_true(poll(&p, 1, (int)left + 1) >= 0);
	}
}

/* Waits until the worker runs the request tagged tag. */
static void
wait_running(struct counter *c, uint64_t tag)
{
	double end = now_ms() + DEADLINE_MS;
	uint64_t t;

	while (!(counter_running(c, &t) && t == tag)) {
		if (now_ms() > end)
			fail_msg("request %llu never started", (unsigned long long)tag);
		poll(NULL, 0, 1);
	}
}

static void
submit_rule(struct fixture *f, uint64_t tag, int slot, const char *parent, const char *rule)
{
	struct count_req q = { .kind = COUNT_RULE, .tag = tag, .slot = slot, .parent = parent,
	                       .rule = rule };

	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
}

static void
submit_long(struct fixture *f, uint64_t tag, int slot)
{
	struct count_req q = { .kind = COUNT_SQL, .tag = tag, .slot = slot, .sql = long_sql };

	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
}

/* A rule's count arrives through the fd and equals the SQL's and
 * rule_count's. */
static void
test_rule_count(void **state)
{
	struct fixture *f = *state;
	struct count_result r;
	long long want;

	submit_rule(f, 42, 0, NULL, "lead_score >= 5 and city is not empty");
	next_result(f->c, &r);
	assert_int_equal(r.tag, 42);
	assert_int_equal(r.status, COUNTER_OK);
	want = th_int(f->db, "SELECT count(*) FROM customers WHERE lead_score >= 5 "
	                     "AND city IS NOT NULL");
	assert_int_equal(want, 7);
	assert_int_equal(r.count, want);
	assert_int_equal(rule_count(f->db, "lead_score >= 5 and city is not empty", &want, &f->e), 0);
	assert_int_equal(r.count, want);
	assert_true(r.ms >= 0);
	count_result_clear(&r);
	assert_int_equal(counter_busy(f->c), 0);
	assert_int_equal(counter_poll(f->c, &r), 0);
}

/* Within a parent segment: its members that match the rule. */
static void
test_rule_within_parent(void **state)
{
	struct fixture *f = *state;
	struct count_result r;

	submit_rule(f, 1, 0, "High", "tag:vip");
	next_result(f->c, &r);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.count, th_int(f->db, "SELECT count(*) FROM customers JOIN customer_tags "
	                                        "ON customer_id = id WHERE lead_score >= 10"));
	assert_int_equal(r.count, 3);
	count_result_clear(&r);

	/* the whole base, everyone */
	submit_rule(f, 2, 0, "", "");
	next_result(f->c, &r);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.count, 20);
	count_result_clear(&r);
}

/* The tree, as segment_count_all counts it, with a segment the main
 * connection added after the counter opened (WAL: the reader sees it). */
static void
test_tree(void **state)
{
	struct fixture *f = *state;
	struct count_req q = { .kind = COUNT_TREE, .tag = 7, .slot = 1 };
	struct count_result r;

	assert_int_equal(segment_add(f->db, "High/City", "city is not empty", NULL, &f->e), 0);
	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	next_result(f->c, &r);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.kind, COUNT_TREE);
	assert_int_equal(r.ntree, 2);
	assert_string_equal(r.tree[0].path, "High");
	assert_int_equal(r.counts[0].count, 10);
	assert_int_equal(r.counts[0].parent, 20);
	assert_string_equal(r.tree[1].path, "High/City");
	assert_int_equal(r.counts[1].count,
	                 th_int(f->db, "SELECT count(*) FROM customers WHERE lead_score >= 10 "
	                               "AND city IS NOT NULL"));
	assert_int_equal(r.counts[1].count, 5);
	assert_int_equal(r.counts[1].parent, 10);
	count_result_clear(&r);
}

/* Each term left out in turn: what it removes. */
static void
test_without(void **state)
{
	struct fixture *f = *state;
	const char *terms[] = { "lead_score >= 4", "tag:vip", "city is not empty or lead_score = 9" };
	struct count_req q = { .kind = COUNT_WITHOUT, .tag = 3, .slot = 2, .terms = terms,
	                       .nterms = 3 };
	struct count_result r;

	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	next_result(f->c, &r);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.nterms, 3);
	/* 6, 9, 12, 18 */
	assert_int_equal(r.count, th_int(f->db, "SELECT count(*) FROM customers WHERE "
	                                        "lead_score >= 4 AND lead_score % 3 = 0 AND "
	                                        "(city IS NOT NULL OR lead_score = 9)"));
	assert_int_equal(r.count, 4);
	assert_int_equal(r.without[0], 5); /* + 0 */
	assert_int_equal(r.without[1], 9); /* 4..18 even, and 9 */
	assert_int_equal(r.without[2], 5); /* + 15 */
	count_result_clear(&r);

	/* within a parent */
	q.parent = "High";
	q.tag = 4;
	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	next_result(f->c, &r);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.count, 2);      /* 12, 18 */
	assert_int_equal(r.without[0], 2); /* the parent has it already */
	assert_int_equal(r.without[1], 5); /* 10..18 even */
	assert_int_equal(r.without[2], 3); /* + 15 */
	count_result_clear(&r);
}

/* COUNT_WITHOUT gives what segment_terms_removes gives for a segment: its
 * parent's members, the count with every term, and each left out. */
static void
test_without_as_segment(void **state)
{
	struct fixture *f = *state;
	struct count_req q = { .kind = COUNT_WITHOUT, .tag = 9, .slot = 2, .parent = "High" };
	struct term_removes t;
	struct count_result r;
	size_t i;

	assert_int_equal(segment_add(f->db, "High/Vip", "tag:vip and (city is not empty or "
	                             "lead_score = 11) and lead_score < 19", NULL, &f->e), 0);
	assert_int_equal(segment_terms_removes(f->db, "High/Vip", &t, &f->e), 0);
	assert_int_equal(t.n, 3);
	q.terms = (const char *const *)t.terms;
	q.nterms = t.n;
	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	next_result(f->c, &r);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.parent, t.parent);
	assert_int_equal(r.parent, 10);
	assert_int_equal(r.count, t.all);
	assert_int_equal(r.nterms, t.n);
	for (i = 0; i < t.n; i++)
		assert_int_equal(r.without[i], t.without[i]);
	count_result_clear(&r);
	term_removes_free(&t);
}

static void
assert_facet_equal(const struct facet *a, const struct facet *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	assert_int_equal(a->total, b->total);
	assert_int_equal(a->empty, b->empty);
	assert_int_equal(a->others, b->others);
	assert_int_equal(a->distinct, b->distinct);
	for (i = 0; i < a->n; i++) {
		assert_string_equal(a->v[i].value, b->v[i].value);
		assert_int_equal(a->v[i].count, b->v[i].count);
	}
}

/* A field's values, their completion and its histogram come from the
 * worker equal to the queries run directly. */
static void
test_field_kinds(void **state)
{
	struct fixture *f = *state;
	struct count_req q = { .kind = COUNT_FACET, .tag = 20, .slot = 3, .parent = "High",
	                       .rule = "lead_score < 17", .field = "city", .limit = 5 };
	struct count_result r;
	struct facet want;
	struct histogram h;
	size_t i;

	assert_int_equal(query_facet(f->db, "High", "lead_score < 17", "city", 5, &want, &f->e), 0);
	assert_int_equal(want.total, 7);
	assert_int_equal(want.n, 1);
	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	next_result(f->c, &r);
	assert_int_equal(r.tag, 20);
	assert_int_equal(r.kind, COUNT_FACET);
	assert_int_equal(r.status, COUNTER_OK);
	assert_facet_equal(&r.facet, &want);
	facet_free(&want);
	count_result_clear(&r);
	assert_null(r.facet.v);

	/* the tags' values, top 1: the others counted apart */
	q.field = "lead_score";
	q.parent = NULL;
	q.rule = NULL;
	q.limit = 3;
	assert_int_equal(query_facet(f->db, NULL, NULL, "lead_score", 3, &want, &f->e), 0);
	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	next_result(f->c, &r);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.facet.n, 3);
	assert_int_equal(r.facet.others, 17);
	assert_facet_equal(&r.facet, &want);
	facet_free(&want);
	count_result_clear(&r);

	q = (struct count_req){ .kind = COUNT_COMPLETE, .tag = 21, .slot = 3, .field = "city",
	                        .prefix = "кИ", .limit = 4, .rule = "tag:vip" };
	assert_int_equal(query_complete(f->db, NULL, "tag:vip", "city", "кИ", 4, &want, &f->e), 0);
	assert_int_equal(want.n, 1);
	assert_int_equal(want.v[0].count, 4); /* 0, 6, 12, 18 */
	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	next_result(f->c, &r);
	assert_int_equal(r.kind, COUNT_COMPLETE);
	assert_int_equal(r.status, COUNTER_OK);
	assert_facet_equal(&r.facet, &want);
	facet_free(&want);
	count_result_clear(&r);

	q = (struct count_req){ .kind = COUNT_HIST, .tag = 22, .slot = 3, .field = "lead_score",
	                        .parent = "High", .rule = "not tag:vip" };
	assert_int_equal(query_histogram(f->db, "High", "not tag:vip", "lead_score", &h, &f->e), 0);
	assert_int_equal(h.total, 7);
	assert_true(h.n > 1);
	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	next_result(f->c, &r);
	assert_int_equal(r.kind, COUNT_HIST);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.hist.type, h.type);
	assert_int_equal(r.hist.n, h.n);
	assert_int_equal(r.hist.total, h.total);
	assert_int_equal(r.hist.empty, h.empty);
	assert_string_equal(r.hist.min, h.min);
	assert_string_equal(r.hist.max, h.max);
	for (i = 0; i < h.n; i++) {
		assert_string_equal(r.hist.v[i].lo_text, h.v[i].lo_text);
		assert_string_equal(r.hist.v[i].hi_text, h.v[i].hi_text);
		assert_int_equal(r.hist.v[i].count, h.v[i].count);
	}
	count_result_clear(&r);
}

/* A field that is not there, or a text field's histogram: the query's
 * own error; a request without its field is refused at once. */
static void
test_field_errors(void **state)
{
	struct fixture *f = *state;
	struct count_req q = { .kind = COUNT_FACET, .tag = 30, .slot = 3, .field = "cyty" };
	struct count_result r;
	struct facet fa;
	struct histogram h;
	struct err want;

	assert_int_equal(query_facet(f->db, NULL, NULL, "cyty", 0, &fa, &want), -1);
	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	next_result(f->c, &r);
	assert_int_equal(r.status, COUNTER_ERROR);
	assert_string_equal(r.err.msg, want.msg);
	assert_int_equal(r.facet.n, 0);
	count_result_clear(&r);

	q.kind = COUNT_HIST;
	q.field = "city";
	assert_int_equal(query_histogram(f->db, NULL, NULL, "city", &h, &want), -1);
	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	next_result(f->c, &r);
	assert_int_equal(r.status, COUNTER_ERROR);
	assert_string_equal(r.err.msg, want.msg);
	count_result_clear(&r);

	q.kind = COUNT_COMPLETE;
	q.field = NULL;
	assert_int_equal(counter_submit(f->c, &q, &f->e), -1);
	assert_int_equal(counter_busy(f->c), 0);
}

/* A field's request waiting behind a long count is dropped by a newer one
 * of its slot, before it runs: no values come with it. */
static void
test_field_superseded_queued(void **state)
{
	struct fixture *f = *state;
	struct count_req fa = { .kind = COUNT_FACET, .tag = 41, .slot = 4, .field = "city" };
	struct count_req hi = { .kind = COUNT_HIST, .tag = 42, .slot = 4, .field = "lead_score" };
	struct count_result r;

	submit_long(f, 40, -1);
	wait_running(f->c, 40);
	assert_int_equal(counter_submit(f->c, &fa, &f->e), 0);
	assert_int_equal(counter_submit(f->c, &hi, &f->e), 0);
	next_result(f->c, &r);
	assert_int_equal(r.tag, 41);
	assert_int_equal(r.status, COUNTER_CANCELLED);
	assert_true(r.ms == 0);
	assert_int_equal(r.facet.n, 0);
	count_result_clear(&r);
	assert_int_equal(counter_cancel(f->c, 40), 1);
	next_result(f->c, &r);
	assert_int_equal(r.tag, 40);
	count_result_clear(&r);
	next_result(f->c, &r);
	assert_int_equal(r.tag, 42);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.hist.total, 20);
	count_result_clear(&r);
}

/* On a base big enough for a field's values to take a while, a newer
 * request in the slot abandons the running one from inside SQLite. */
static void
test_field_superseded_running(void **state)
{
	struct fixture *f = *state;
	struct count_req fa = { .kind = COUNT_FACET, .tag = 51, .slot = 4, .field = "city" };
	struct count_req co = { .kind = COUNT_COMPLETE, .tag = 52, .slot = 4, .field = "city",
	                        .prefix = "c1", .limit = 3 };
	struct count_result r;
	char *dir;
	struct db *db;
	struct counter *c;
	struct facet want;
	double t0;

	db = th_newdb_sql("counter-big",
	                  "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n "
	                  "WHERE i < 399999) INSERT INTO customers (id, ext_id, city) "
	                  "SELECT i + 1, 'c' || i, 'c' || (i % 50000) FROM n;", &dir);
	assert_int_equal(counter_open(&c, db_path(db), &f->e), 0);
	assert_int_equal(counter_submit(c, &fa, &f->e), 0);
	wait_running(c, 51);
	t0 = now_ms();
	assert_int_equal(counter_submit(c, &co, &f->e), 0);
	next_result(c, &r);
	assert_int_equal(r.tag, 51);
	assert_int_equal(r.status, COUNTER_CANCELLED);
	assert_int_equal(r.facet.n, 0);
	assert_true(now_ms() - t0 < DEADLINE_MS);
	count_result_clear(&r);
	next_result(c, &r);
	assert_int_equal(r.tag, 52);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(query_complete(db, NULL, NULL, "city", "c1", 3, &want, &f->e), 0);
	assert_facet_equal(&r.facet, &want);
	assert_int_equal(want.n, 3);
	facet_free(&want);
	count_result_clear(&r);
	counter_close(&c);
	th_closedb(&db, &dir);
}

/* A broken rule: its error with the column, as rule_count gives it. */
static void
test_broken_rule(void **state)
{
	struct fixture *f = *state;
	const char *terms[] = { "lead_score >= 4", "cyty = Kyiv" };
	struct count_req q = { .kind = COUNT_WITHOUT, .tag = 6, .slot = 2, .terms = terms,
	                       .nterms = 2 };
	struct count_result r;
	long long n;
	struct err want;

	submit_rule(f, 5, 0, NULL, "lead_score >= 4 and cyty = Kyiv");
	next_result(f->c, &r);
	assert_int_equal(r.tag, 5);
	assert_int_equal(r.status, COUNTER_ERROR);
	assert_int_equal(r.err.code, EXIT_DATAERR);
	assert_int_equal(r.err.line, 1);
	assert_int_equal(r.err.col, 21);
	assert_non_null(strstr(r.err.msg, "unknown field \"cyty\""));
	assert_int_equal(rule_count(f->db, "lead_score >= 4 and cyty = Kyiv", &n, &want), -1);
	assert_string_equal(r.err.msg, want.msg);
	assert_int_equal(r.count, 0);
	count_result_clear(&r);

	submit_rule(f, 8, 0, NULL, "lead_score >=");
	next_result(f->c, &r);
	assert_int_equal(r.status, COUNTER_ERROR);
	assert_int_equal(r.err.col, 14);
	count_result_clear(&r);

	/* a term's error is at its place within the term */
	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	next_result(f->c, &r);
	assert_int_equal(r.status, COUNTER_ERROR);
	assert_int_equal(r.err.col, 1);
	assert_string_equal(r.err.head, "condition 2: ");
	assert_null(r.without);
	count_result_clear(&r);
}

/* A newer request in the slot abandons the running stale one, which comes
 * back cancelled long before it would have finished. */
static void
test_newer_cancels_running(void **state)
{
	struct fixture *f = *state;
	struct count_result r;
	double t0;

	submit_long(f, 1, 5);
	wait_running(f->c, 1);
	t0 = now_ms();
	submit_rule(f, 2, 5, NULL, "lead_score < 3");
	next_result(f->c, &r);
	assert_int_equal(r.tag, 1);
	assert_int_equal(r.status, COUNTER_CANCELLED);
	assert_true(r.ms > 0);
	assert_true(now_ms() - t0 < DEADLINE_MS);
	count_result_clear(&r);
	next_result(f->c, &r);
	assert_int_equal(r.tag, 2);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.count, 3);
	count_result_clear(&r);
	assert_int_equal(counter_busy(f->c), 0);
}

/* Queued requests: a newer one of their slot drops them before they run;
 * other slots are left alone; counter_cancel stops one by its tag. */
static void
test_queued_and_cancel(void **state)
{
	struct fixture *f = *state;
	struct count_result r;

	submit_long(f, 10, 1);
	wait_running(f->c, 10);
	submit_rule(f, 11, 2, NULL, "lead_score < 5");
	submit_rule(f, 12, 3, NULL, "lead_score < 6");
	submit_rule(f, 13, 2, NULL, "lead_score < 7");
	assert_int_equal(counter_busy(f->c), 3);
	/* 11 dropped at once, never run */
	next_result(f->c, &r);
	assert_int_equal(r.tag, 11);
	assert_int_equal(r.status, COUNTER_CANCELLED);
	assert_true(r.ms == 0);
	count_result_clear(&r);
	assert_int_equal(counter_cancel(f->c, 99), 0);
	assert_int_equal(counter_cancel(f->c, 10), 1);
	next_result(f->c, &r);
	assert_int_equal(r.tag, 10);
	assert_int_equal(r.status, COUNTER_CANCELLED);
	count_result_clear(&r);
	next_result(f->c, &r);
	assert_int_equal(r.tag, 12);
	assert_int_equal(r.count, 6);
	count_result_clear(&r);
	next_result(f->c, &r);
	assert_int_equal(r.tag, 13);
	assert_int_equal(r.count, 7);
	count_result_clear(&r);
	assert_int_equal(counter_busy(f->c), 0);
}

/* Closing with a long count running, others queued and results not
 * polled: it returns at once and frees everything (LSan checks). */
static void
test_close_in_flight(void **state)
{
	struct fixture *f = *state;
	const char *terms[] = { "lead_score >= 4", "tag:vip" };
	struct count_req q = { .kind = COUNT_WITHOUT, .tag = 3, .slot = 7, .terms = terms,
	                       .nterms = 2 };
	struct count_req t = { .kind = COUNT_TREE, .tag = 4, .slot = 8 };
	double t0;

	submit_rule(f, 1, -1, NULL, "tag:vip");
	submit_long(f, 2, -1);
	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	assert_int_equal(counter_submit(f->c, &t, &f->e), 0);
	wait_running(f->c, 2);
	t0 = now_ms();
	counter_close(&f->c);
	assert_null(f->c);
	assert_true(now_ms() - t0 < DEADLINE_MS);
	counter_close(&f->c); /* twice is harmless */
}

/* A base that is not there: the error names it. */
static void
test_open_missing(void **state)
{
	struct fixture *f = *state;
	struct counter *c = NULL;
	char *path = th_path(f->dir, "nothere.db");
	struct err e;

	assert_int_equal(counter_open(&c, path, &e), -1);
	assert_null(c);
	assert_non_null(strstr(e.msg, "nothere.db"));
	free(path);
}

/* Every field's fill rate comes back by name: city and lead_score as the
 * SQL counts them, the computed fields too (no orders: no last order). */
static void
test_fill(void **state)
{
	struct fixture *f = *state;
	struct count_req q = { .kind = COUNT_FILL, .tag = 7, .slot = 3 };
	struct count_result r;
	struct field_catalog cat;
	bool city = false, score = false, orders = false, last = false;

	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	next_result(f->c, &r);
	assert_int_equal(r.tag, 7);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.count, th_int(f->db, "SELECT count(*) FROM customers"));
	assert_int_equal(fields_load(f->db, &cat, &f->e), 0);
	assert_int_equal(r.nfill, cat.n);
	fields_free(&cat);
	for (size_t i = 0; i < r.nfill; i++) {
		if (strcmp(r.fill_names[i], "city") == 0) {
			city = true;
			assert_int_equal(r.filled[i], th_int(f->db, "SELECT count(*) FROM customers "
			                                            "WHERE city IS NOT NULL"));
			assert_int_equal(r.filled[i], 10);
		} else if (strcmp(r.fill_names[i], "lead_score") == 0) {
			score = true;
			assert_int_equal(r.filled[i], 20);
		} else if (strcmp(r.fill_names[i], "orders") == 0) {
			orders = true; /* 0 orders is a value */
			assert_int_equal(r.filled[i], 20);
		} else if (strcmp(r.fill_names[i], "last_order") == 0) {
			last = true;
			assert_int_equal(r.filled[i], th_int(f->db, "SELECT count(last_order) FROM "
			                                            "customer_metrics"));
		}
	}
	assert_true(city && score && orders && last);
	count_result_clear(&r);
}

/* The customer list's three kinds answer as their direct calls, on a copy
 * of the list that the caller may free as soon as it is submitted. */
static void
test_list_kinds(void **state)
{
	struct fixture *f = *state;
	struct list_query *q = calloc(1, sizeof *q);
	struct count_req req = {.slot = 4};
	struct count_result r;
	long long *want;
	size_t nwant, city;

	assert_non_null(q);
	assert_int_equal(list_query_open(f->db, "High", NULL, q, &f->e), 0);
	for (city = 0; strcmp(q->cols[city].name, "city") != 0; city++)
		;
	list_query_sort(q, city, true);
	th_exec(f->db, "UPDATE customers SET email = 'c' || id || '@X.ua' WHERE id % 4 = 0");
	assert_int_equal(list_query_search(q, "@x.UA", &f->e), 0);
	assert_int_equal(list_order(f->db, q, &want, &nwant, &f->e), 0);
	assert_int_equal(nwant, 10); /* lead_score 10..19 */
	/* descending by city: the Київ ones (even) by id descending, then
	 * the empty ones, by id descending too */
	assert_int_equal(want[0], 19);
	assert_int_equal(want[4], 11);
	assert_int_equal(want[5], 20);

	req.kind = COUNT_LIST_ORDER;
	req.tag = 41;
	req.list = q;
	assert_int_equal(counter_submit(f->c, &req, &f->e), 0);
	req.kind = COUNT_LIST_MATCH;
	req.tag = 42;
	req.slot = 5;
	assert_int_equal(counter_submit(f->c, &req, &f->e), 0);
	req.kind = COUNT_LIST_IDS;
	req.tag = 43;
	req.slot = 6;
	req.rule = "tag:vip";
	assert_int_equal(counter_submit(f->c, &req, &f->e), 0);
	list_query_free(q);
	free(q);

	next_result(f->c, &r);
	assert_int_equal(r.tag, 41);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.count, (long long)nwant);
	assert_memory_equal(r.ids, want, nwant * sizeof *want);
	count_result_clear(&r);
	next_result(f->c, &r);
	assert_int_equal(r.tag, 42);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.count, 3); /* ids 12, 16, 20: an email, in the scope */
	assert_int_equal(r.ids[0], 12);
	assert_int_equal(r.ids[2], 20);
	count_result_clear(&r);
	next_result(f->c, &r);
	assert_int_equal(r.tag, 43);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.count, 3); /* lead_score 12, 15, 18: ids 13, 16, 19 */
	assert_int_equal(r.ids[0], 13);
	assert_int_equal(r.ids[2], 19);
	count_result_clear(&r);
	free(want);
}

/* The export's figures and first bytes, off the input path: what
 * export_count and export_preview_bytes give on the caller's connection,
 * from options whose strings are gone once submitted; and a later request
 * in the slot still counts (the export leaves the counter's progress
 * handler in place). */
static void
test_export(void **state)
{
	struct fixture *f = *state;
	char seg[16], where[32];
	struct export_opts o = {.segment = seg, .where = where, .columns = "id,city",
	                        .sample_pct = 50, .seed = 5, .split = 2};
	struct export_format fmt;
	struct export_stats want;
	struct count_req q = {.kind = COUNT_EXPORT, .tag = 8, .slot = 4, .export = &o};
	struct count_result r;
	char *bytes;
	size_t n;

	snprintf(seg, sizeof seg, "High");
	snprintf(where, sizeof where, "city is not empty");
	export_format_make(EXPORT_PRESET_EXCEL, 0, false, false, false, &fmt);
	assert_int_equal(export_count(f->db, &o, &want, &f->e), 0);
	assert_int_equal(export_preview_bytes(f->db, &o, &fmt, 0, 3, &bytes, &n, NULL, &f->e), 0);
	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	q = (struct count_req){.kind = COUNT_EXPORT_PREVIEW, .tag = 9, .slot = 5, .export = &o,
	                       .export_fmt = &fmt, .limit = 3};
	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	memset(seg, 'x', sizeof seg - 1);
	memset(where, 'x', sizeof where - 1);

	next_result(f->c, &r);
	assert_int_equal(r.tag, 8);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.export.selected, 5); /* lead_score 10..19, a city: even */
	assert_int_equal(r.export.selected, want.selected);
	assert_int_equal(r.export.not_sampled, want.not_sampled);
	assert_int_equal(r.export.written, want.written);
	assert_int_equal(r.export.group_rows[0], want.group_rows[0]);
	assert_int_equal(r.export.group_rows[1], want.group_rows[1]);
	count_result_clear(&r);
	next_result(f->c, &r);
	assert_int_equal(r.tag, 9);
	assert_int_equal(r.status, COUNTER_OK);
	assert_int_equal(r.nbytes, n);
	assert_memory_equal(r.bytes, bytes, n);
	assert_non_null(strstr(r.bytes, "id;city\r\n"));
	count_result_clear(&r);
	free(bytes);

	/* a bad option is the request's error */
	o.segment = "High";
	o.where = "city is not empty";
	o.active_within = "soon";
	q = (struct count_req){.kind = COUNT_EXPORT, .tag = 10, .slot = 4, .export = &o};
	assert_int_equal(counter_submit(f->c, &q, &f->e), 0);
	next_result(f->c, &r);
	assert_int_equal(r.status, COUNTER_ERROR);
	assert_non_null(strstr(r.err.msg, "--active-within"));
	count_result_clear(&r);

	/* the long count is still abandoned when superseded */
	submit_long(f, 11, 4);
	wait_running(f->c, 11);
	submit_rule(f, 12, 4, NULL, "lead_score >= 10");
	next_result(f->c, &r);
	assert_int_equal(r.tag, 11);
	assert_int_equal(r.status, COUNTER_CANCELLED);
	count_result_clear(&r);
	next_result(f->c, &r);
	assert_int_equal(r.count, 10);
	count_result_clear(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rule_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rule_within_parent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_without, setup, teardown),
		cmocka_unit_test_setup_teardown(test_without_as_segment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_superseded_queued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_superseded_running, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_cancels_running, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queued_and_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_in_flight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_kinds, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
