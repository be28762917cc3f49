/* The exporter's producer: compiles the segment or rule, the columns and the
 * hygiene options into one SELECT and hands the rows it keeps to a sink. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "export/export.h"
#include "util/strbuf.h"
#include "private.h"
#include "fields.h"
#include "metrics.h"
#include "query.h"
#include "rule/rule.h"
#include "segment/segment.h"
#include "util/strmap.h"

/* --- small helpers -------------------------------------------------------------- */


/* splitmix64's finaliser: a bijection of 64-bit words, so distinct ids get
 * distinct keys under one seed. */
static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* The random key of a customer: depends on (seed, id) alone, so a sample
 * or a split does not depend on the order rows come in. */
static uint64_t
row_key(uint64_t seed, long long id)
{
	return mix64((uint64_t)id ^ mix64(seed ^ 0x9e3779b97f4a7c15ULL));
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* --- the selection ------------------------------------------------------------------ */

static int
compile_rule(const char *text, const struct field_catalog *cat, const char *ref,
             struct rule_sql *out, struct err *e)
{
	struct rule *r = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (rule_parse(text, &r, e) != 0)
		return -1;
	rc = rule_to_sql(r, cat, ref, out, e);
	rule_free(&r);
	return rc;
}

/* Everything one run needs. The order of the bound parameters is the order
 * of the '?' in sql: activity rule, segment, rule. */
struct run {
	struct db *db;
	const struct export_opts *o;
	const struct export_sink *sink;
	struct export_stats *st;
	struct field_catalog cat;
	struct column *cols;
	size_t ncols;
	struct rule_sql seg, where, active;
	bool has_seg, has_where, has_active;
	const char *tag_sep;
	sqlite3_stmt *stmt;
	bool want_tags;
	sqlite3_stmt *tags_stmt; /* (customer id, tag name) in id order */
	enum { TAGS_NEXT, TAGS_ROW, TAGS_DONE } tags_row; /* where tags_stmt is */
	struct strbuf tags;        /* the current customer's tag list */
	struct strmap *seen;
	sqlite3_stmt *count_stmt; /* the selection counted, for progress */
	struct export_progress prog;
	struct export_cell *cells;
	bool *filled; /* per column: some written row had a value there */
};

enum { COL_ID, COL_EMAIL, COL_PHONE, COL_CONSENT, COL_ACTIVE, COL_FIRST };

static int
build_query(struct run *r, struct err *e)
{
	const struct export_opts *o = r->o;
	struct strbuf b = {0};
	bool metrics = r->seg.needs_metrics || r->where.needs_metrics || r->active.needs_metrics;
	size_t i;
	int rc;

	strbuf_add(&b, "SELECT c.id, c.email, c.phone, ");
	strbuf_add(&b, o->consent == EXPORT_CHANNEL_EMAIL ? "c.email_consent"
	           : o->consent == EXPORT_CHANNEL_SMS ? "c.sms_consent"
	                                              : "1");
	strbuf_add(&b, ", ");
	if (r->has_active) {
		strbuf_add(&b, "(");
		strbuf_add(&b, r->active.where);
		strbuf_add(&b, ")");
	} else {
		strbuf_add(&b, "1");
	}
	for (i = 0; i < r->ncols; i++) {
		strbuf_add(&b, ", ");
		if (r->cols[i].sql != NULL) {
			strbuf_add(&b, r->cols[i].sql);
			metrics = metrics || r->cols[i].needs_metrics;
		} else {
			strbuf_add(&b, "NULL"); /* the tag list: merged in by tags_of */
			r->want_tags = true;
		}
	}
	strbuf_add(&b, " FROM customers AS c");
	strbuf_add(&b, fields_join(metrics));
	strbuf_add(&b, " WHERE (");
	strbuf_add(&b, r->has_seg ? r->seg.where : "1");
	strbuf_add(&b, ") AND (");
	strbuf_add(&b, r->has_where ? r->where.where : "1");
	strbuf_add(&b, ") ORDER BY c.id");
	if (b.oom) {
		free(b.p);
		return err_set(e, EXIT_FAIL, _("out of memory"));
	}
	rc = db_prepare(r->db, &r->stmt, b.p, e);
	free(b.p);
	if (rc == 0 && o->progress != NULL) {
		/* the same selection, counted: the progress's total */
		b = (struct strbuf){0};
		strbuf_add(&b, "SELECT count(*) FROM customers AS c");
		strbuf_add(&b, fields_join(r->seg.needs_metrics || r->where.needs_metrics));
		strbuf_add(&b, " WHERE (");
		strbuf_add(&b, r->has_seg ? r->seg.where : "1");
		strbuf_add(&b, ") AND (");
		strbuf_add(&b, r->has_where ? r->where.where : "1");
		strbuf_add(&b, ")");
		if (b.oom) {
			free(b.p);
			return err_set(e, EXIT_FAIL, _("out of memory"));
		}
		rc = db_prepare(r->db, &r->count_stmt, b.p, e);
		free(b.p);
	}
	/* ordered by the folded name, so a list reads the same whatever order
	 * the tags were put on in */
	if (rc == 0 && r->want_tags)
		rc = db_prepare(r->db, &r->tags_stmt,
		                "SELECT ct.customer_id, t.name FROM customer_tags AS ct"
		                " JOIN tags AS t ON t.id = ct.tag_id"
		                " ORDER BY ct.customer_id, t.name_fold",
		                e);
	return rc;
}

static int
bind_query(struct run *r, struct err *e)
{
	int k = 1;

	sqlite3_reset(r->stmt);
	if (r->tags_stmt != NULL) {
		sqlite3_reset(r->tags_stmt);
		r->tags_row = TAGS_NEXT;
	}
	if (r->has_active) {
		if (db_bind_params(r->stmt, r->active.params, r->active.nparams, k) != 0)
			goto fail;
		k += (int)r->active.nparams;
	}
	if (r->has_seg) {
		if (db_bind_params(r->stmt, r->seg.params, r->seg.nparams, k) != 0)
			goto fail;
		k += (int)r->seg.nparams;
	}
	if (r->has_where && db_bind_params(r->stmt, r->where.params, r->where.nparams, k) != 0)
		goto fail;
	return 0;
fail:
	return err_set(e, EXIT_FAIL, _("export: binding the query's parameters failed: %s"),
	               sqlite3_errmsg(db_handle(r->db)));
}

/* Compiles the segment, the rule, the activity condition and the columns. */
static int
prepare(struct run *r, struct err *e)
{
	const struct export_opts *o = r->o;
	char ref[11];

	if (fields_load(r->db, &r->cat, e) != 0 || metrics_reference_date(r->db, ref, e) != 0)
		return -1;
	if (o->segment != NULL) {
		if (segment_where(r->db, o->segment, &r->seg, e) != 0)
			return -1;
		r->has_seg = true;
	}
	if (o->where != NULL) {
		if (rule_where(r->db, o->where, &r->where, e) != 0)
			return err_prefix(e, _("--where: "));
		r->has_where = true;
	}
	if (o->active_within != NULL) {
		char rule[64];

		if (export_arg_active_within(o->active_within, e) != 0)
			return -1;
		snprintf(rule, sizeof rule, "last_email_open within %s", o->active_within);
		if (compile_rule(rule, &r->cat, ref, &r->active, e) != 0)
			return -1;
		r->has_active = true;
	}
	if (export_columns_parse(o->columns != NULL ? o->columns : export_preset_columns(o->preset),
	                         o->preset, &r->cat, &r->cols, &r->ncols, e) != 0)
		return -1;
	r->tag_sep = o->tag_sep != NULL ? o->tag_sep : export_preset_tag_sep(o->preset);
	if ((r->cells = calloc(r->ncols, sizeof *r->cells)) == NULL ||
	    (r->filled = calloc(r->ncols ? r->ncols : 1, sizeof *r->filled)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	return build_query(r, e);
}

/* --- the rows ------------------------------------------------------------------------ */

enum verdict { KEEP, NO_CONSENT, INACTIVE, INVALID, DUPLICATE };

static bool
col_true(sqlite3_stmt *st, int i)
{
	return db_col_type(st, i) != SQLITE_NULL && db_col_int64(st, i) == 1;
}

/* The hygiene rules, in the order the summary lists them: the first that
 * fails names the drop. The dedupe set only learns rows that pass the rest,
 * so a dropped row never hides a good one. */
static int
screen(struct run *r, enum verdict *v, struct err *e)
{
	const struct export_opts *o = r->o;
	sqlite3_stmt *st = r->stmt;
	char key[320];
	const char *s;
	size_t n = 0, i, k = 0;
	long long dummy;

	if (o->consent != EXPORT_CHANNEL_NONE && !col_true(st, COL_CONSENT)) {
		*v = NO_CONSENT;
		return 0;
	}
	if (r->has_active && !col_true(st, COL_ACTIVE)) {
		*v = INACTIVE;
		return 0;
	}
	if (o->valid != EXPORT_CHANNEL_NONE) {
		int c = o->valid == EXPORT_CHANNEL_EMAIL ? COL_EMAIL : COL_PHONE;
		bool ok;

		s = db_col_text(st, c);
		n = s != NULL ? db_col_bytes(st, c) : 0;
		ok = o->valid == EXPORT_CHANNEL_EMAIL ? export_email_ok(s, n)
		                                      : export_e164_ok(s, n);
		if (!ok) {
			*v = INVALID;
			return 0;
		}
	}
	if (o->dedupe != EXPORT_CHANNEL_NONE) {
		int c = o->dedupe == EXPORT_CHANNEL_EMAIL ? COL_EMAIL : COL_PHONE;

		s = db_col_text(st, c);
		n = s != NULL ? db_col_bytes(st, c) : 0;
		/* emails compare without case, phones by their digits; an empty
		 * value is nobody's duplicate */
		for (i = 0; i < n && k < sizeof key; i++) {
			unsigned char ch = (unsigned char)s[i];

			if (o->dedupe == EXPORT_CHANNEL_EMAIL)
				key[k++] = (char)tolower(ch);
			else if ((ch >= '0' && ch <= '9') || (ch == '+' && k == 0))
				key[k++] = (char)ch;
		}
		if (k > 0) {
			if (strmap_get(r->seen, key, k, &dummy)) {
				*v = DUPLICATE;
				return 0;
			}
			if (strmap_put(r->seen, key, k, 1) != 0)
				return err_set(e, EXIT_FAIL, _("out of memory (--dedupe)"));
		}
	}
	*v = KEEP;
	return 0;
}

/* The tag list of customer id, from a second statement read in step with
 * the main one (both in id order): a merge join, far cheaper than a
 * correlated subquery per row. */
static int
tags_of(struct run *r, long long id, struct err *e)
{
	r->tags.n = 0;
	for (;;) {
		long long cid;

		if (r->tags_row == TAGS_NEXT) {
			int rc = db_step(r->db, r->tags_stmt, e);

			if (rc < 0)
				return -1;
			r->tags_row = rc == 1 ? TAGS_ROW : TAGS_DONE;
		}
		if (r->tags_row == TAGS_DONE)
			break;
		cid = db_col_int64(r->tags_stmt, 0);
		if (cid > id)
			break;
		if (cid == id) {
			if (r->tags.n > 0)
				strbuf_add(&r->tags, r->tag_sep);
			strbuf_add(&r->tags, db_col_text(r->tags_stmt, 1));
		}
		r->tags_row = TAGS_NEXT;
	}
	if (r->tags.oom)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	return 0;
}

static int
fill_cells(struct run *r, struct err *e)
{
	sqlite3_stmt *st = r->stmt;
	size_t i;

	if (r->want_tags && tags_of(r, db_col_int64(st, COL_ID), e) != 0)
		return -1;
	for (i = 0; i < r->ncols; i++) {
		struct export_cell *c = &r->cells[i];
		int col = COL_FIRST + (int)i, type = db_col_type(st, col);

		memset(c, 0, sizeof *c);
		if (r->cols[i].sql == NULL) {
			c->s = r->tags.n > 0 ? r->tags.p : NULL;
			c->len = r->tags.n;
			c->text = true;
			continue;
		}
		if (type == SQLITE_NULL)
			continue;
		c->s = db_col_text(st, col);
		c->len = c->s != NULL ? db_col_bytes(st, col) : 0;
		if (c->len == 0) {
			c->s = NULL;
			continue;
		}
		c->text = type == SQLITE_TEXT || type == SQLITE_BLOB;
		c->number = type == SQLITE_FLOAT;
		if (r->cols[i].contact == CONTACT_EMAIL)
			c->contact = export_email_ok(c->s, c->len);
		else if (r->cols[i].contact == CONTACT_PHONE)
			c->contact = export_e164_ok(c->s, c->len);
	}
	return 0;
}

static bool
cancelled(const struct export_opts *o)
{
	return o->cancel != NULL && *o->cancel != 0;
}

static int
on_progress(void *arg)
{
	return cancelled(arg);
}

static int
step_error(struct run *r, struct err *e)
{
	if (cancelled(r->o))
		return err_set(e, EXIT_FAIL, _("export interrupted; nothing was written"));
	return -1;
}

/* How far the export got, to o->progress: at a pass's start (read 0), every
 * EXPORT_PROGRESS_ROWS rows and at its end (force). */
static void
report(struct run *r, long long read, bool force)
{
	const struct export_opts *o = r->o;

	if (o->progress == NULL || (!force && read % EXPORT_PROGRESS_ROWS != 0))
		return;
	r->prog.read = read;
	r->prog.written = r->st->written;
	o->progress(o->progress_ctx, &r->prog);
}

/* The rows the segment and rule select: the progress's total. */
static int
count_selected(struct run *r, struct err *e)
{
	int k = 1, rc;

	if (r->count_stmt == NULL)
		return 0;
	if (r->has_seg) {
		if (db_bind_params(r->count_stmt, r->seg.params, r->seg.nparams, k) != 0)
			goto bind;
		k += (int)r->seg.nparams;
	}
	if (r->has_where &&
	    db_bind_params(r->count_stmt, r->where.params, r->where.nparams, k) != 0)
		goto bind;
	if ((rc = db_step(r->db, r->count_stmt, e)) < 0)
		return step_error(r, e);
	r->prog.selected = rc == 1 ? db_col_int64(r->count_stmt, 0) : 0;
	return 0;
bind:
	return err_set(e, EXIT_FAIL, _("export: binding the query's parameters failed: %s"),
	               sqlite3_errmsg(db_handle(r->db)));
}

/* What the first pass of a sample, split or limit-with-either decided. */
struct plan {
	bool active;        /* a first pass ran */
	bool sampling;
	uint64_t threshold; /* sampled: key <= threshold */
	size_t nsampled;    /* how many the sample draws (0: nobody) */
	uint64_t *ranked;   /* keys of the rows to write, sorted */
	size_t nranked;
};

/* Pass 1: the keys of every row the hygiene rules keep, in id order. */
static int
first_pass(struct run *r, struct plan *pl, struct err *e)
{
	const struct export_opts *o = r->o;
	uint64_t *keys = NULL, *sorted = NULL;
	size_t n = 0, cap = 0, i, want, k;
	long long read = 0;
	enum verdict v;
	int rc;

	if (bind_query(r, e) != 0)
		return -1;
	r->prog.pass = 1;
	report(r, 0, true);
	while ((rc = db_step(r->db, r->stmt, e)) == 1) {
		if (cancelled(o))
			break;
		report(r, ++read, false);
		if (screen(r, &v, e) != 0)
			goto fail;
		if (v != KEEP)
			continue;
		if (n == cap) {
			uint64_t *nk = realloc(keys, (cap = cap ? cap * 2 : 4096) * sizeof *keys);

			if (nk == NULL)
				goto oom;
			keys = nk;
		}
		keys[n++] = row_key(o->seed, db_col_int64(r->stmt, COL_ID));
	}
	if (rc < 0 || cancelled(o)) {
		step_error(r, e);
		goto fail;
	}
	report(r, read, true);
	pl->active = true;
	want = n;
	if (o->sample_n > 0 || o->sample_pct > 0) {
		pl->sampling = true;
		if (o->sample_n > 0)
			want = (unsigned long long)o->sample_n < n ? (size_t)o->sample_n : n;
		else
			want = (size_t)floor(o->sample_pct * (double)n / 100.0 + 0.5);
		/* a percentage of a small list still yields somebody */
		if (want == 0 && n > 0 && o->sample_pct > 0)
			want = 1;
		if (want > n)
			want = n;
		if ((sorted = malloc((n ? n : 1) * sizeof *sorted)) == NULL)
			goto oom;
		if (n > 0) {
			memcpy(sorted, keys, n * sizeof *keys);
			qsort(sorted, n, sizeof *sorted, cmp_u64);
		}
		pl->threshold = want > 0 ? sorted[want - 1] : 0;
		free(sorted);
		sorted = NULL;
	}
	/* The rows to write: sampled ones, the first `limit` of them by id;
	 * their keys sorted give each its rank, and rank mod K its group. */
	for (i = 0, k = 0; i < n; i++) {
		if (pl->sampling && (want == 0 || keys[i] > pl->threshold))
			continue;
		if (o->limit > 0 && (long long)k >= o->limit)
			break;
		keys[k++] = keys[i];
	}
	if (k > 0)
		qsort(keys, k, sizeof *keys, cmp_u64);
	pl->ranked = keys;
	pl->nranked = k;
	pl->nsampled = want;
	/* a fresh dedupe set for the second pass, which sees the same rows */
	strmap_free(&r->seen);
	if (o->dedupe != EXPORT_CHANNEL_NONE && (r->seen = strmap_new(n + 16)) == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	return 0;
oom:
	err_set(e, EXIT_FAIL, _("out of memory"));
fail:
	free(keys);
	free(sorted);
	return -1;
}

static bool
key_ranked(const struct plan *pl, uint64_t key, size_t *rank)
{
	const uint64_t *p;

	if (pl->nranked == 0)
		return false;
	p = bsearch(&key, pl->ranked, pl->nranked, sizeof key, cmp_u64);
	if (p == NULL)
		return false;
	*rank = (size_t)(p - pl->ranked);
	return true;
}

/* Pass 2 (the only one without sample or split): rows to the sink. */
static int
write_pass(struct run *r, const struct plan *pl, struct err *e)
{
	const struct export_opts *o = r->o;
	struct export_stats *st = r->st;
	enum verdict v;
	int rc, group;
	size_t rank, i;

	if (bind_query(r, e) != 0)
		return -1;
	r->prog.pass = r->prog.passes; /* the last pass writes */
	report(r, 0, true);
	while ((rc = db_step(r->db, r->stmt, e)) == 1) {
		if (cancelled(o))
			break;
		st->selected++;
		report(r, st->selected, false);
		if (screen(r, &v, e) != 0)
			return -1;
		switch (v) {
		case NO_CONSENT: st->no_consent++; continue;
		case INACTIVE: st->inactive++; continue;
		case INVALID: st->invalid++; continue;
		case DUPLICATE: st->duplicate++; continue;
		case KEEP: break;
		}
		group = 0;
		if (pl->active) {
			uint64_t key = row_key(o->seed, db_col_int64(r->stmt, COL_ID));

			if (pl->sampling && (pl->nsampled == 0 || key > pl->threshold)) {
				st->not_sampled++;
				continue;
			}
			if (!key_ranked(pl, key, &rank)) {
				st->over_limit++; /* sampled, but past the limit */
				continue;
			}
			if (o->split > 1)
				group = (int)(rank % (size_t)o->split);
		} else if (o->limit > 0 && st->written >= o->limit) {
			st->over_limit++;
			continue;
		}
		if (r->sink->row == NULL) {
			/* counting only (export_count) */
			st->written++;
			st->group_rows[group]++;
			continue;
		}
		if (fill_cells(r, e) != 0)
			return -1;
		for (i = 0; i < r->ncols; i++)
			r->filled[i] = r->filled[i] || r->cells[i].s != NULL;
		rc = r->sink->row(r->sink->ctx, group, r->cells, r->ncols, e);
		if (rc < 0)
			return -1;
		st->written++;
		st->group_rows[group]++;
		if (rc > 0)
			return 0; /* the sink has enough */
	}
	if (rc < 0 || cancelled(o))
		return step_error(r, e);
	report(r, st->selected, true);
	return 0;
}

static int
check_opts(const struct export_opts *o, struct err *e)
{
	if (o->segment == NULL && o->where == NULL)
		return err_set(e, EXIT_USAGE, _("give --segment PATH or --where RULE"));
	if (o->split != 0 && (o->split < 2 || o->split > EXPORT_MAX_SPLIT))
		return err_set(e, EXIT_USAGE, _("--split: give 2 to %d groups"), EXPORT_MAX_SPLIT);
	if (o->sample_n < 0 || o->sample_pct < 0 || o->sample_pct > 100 ||
	    (o->sample_n > 0 && o->sample_pct > 0))
		return err_set(e, EXIT_USAGE, _("--sample: give a count or a percentage up to 100%%"));
	if (o->limit < 0)
		return err_set(e, EXIT_USAGE, _("--limit: give a positive count"));
	return 0;
}

int
export_run(struct db *db, const struct export_opts *o, const struct export_sink *sink,
           struct export_stats *st, struct err *e)
{
	struct run r = {0};
	struct plan pl = {0};
	const char **headers = NULL;
	bool in_tx = false;
	int rc = -1;
	size_t i;

	memset(st, 0, sizeof *st);
	st->ngroups = o->split > 1 ? o->split : 1;
	if (check_opts(o, e) != 0)
		return -1;
	r.db = db;
	r.o = o;
	r.sink = sink;
	r.st = st;
	if (prepare(&r, e) != 0)
		goto done;
	if (o->dedupe != EXPORT_CHANNEL_NONE && (r.seen = strmap_new(1024)) == NULL) {
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto done;
	}
	if ((headers = calloc(r.ncols, sizeof *headers)) == NULL) {
		err_set(e, EXIT_FAIL, _("out of memory"));
		goto done;
	}
	for (i = 0; i < r.ncols; i++)
		headers[i] = r.cols[i].header;
	if (sink->begin != NULL && sink->begin(sink->ctx, st->ngroups, headers, r.ncols, e) != 0)
		goto done;
	/* Both passes read one snapshot of the base. A savepoint nests in a
	 * caller's transaction and, alone, opens a read transaction even on a
	 * read-only connection. */
	if (db_exec(db, "SAVEPOINT export_read", e) != 0)
		goto done;
	in_tx = true;
	if (o->cancel != NULL)
		sqlite3_progress_handler(db_handle(db), 4096, on_progress, (void *)o);
	r.prog.passes = o->sample_n > 0 || o->sample_pct > 0 || o->split > 1 ? 2 : 1;
	if (count_selected(&r, e) != 0)
		goto done;
	if ((o->sample_n > 0 || o->sample_pct > 0 || o->split > 1) && first_pass(&r, &pl, e) != 0)
		goto done;
	if (write_pass(&r, &pl, e) != 0)
		goto done;
	/* a column no row filled is most likely a field the base lacks */
	if (st->written > 0 && sink->row != NULL && o->notes != NULL &&
	    o->notes->empty_column != NULL)
		for (i = 0; i < r.ncols; i++)
			if (!r.filled[i])
				o->notes->empty_column(o->notes->ctx, r.cols[i].header);
	rc = 0;
done:
	if (o->cancel != NULL)
		sqlite3_progress_handler(db_handle(db), 0, NULL, NULL);
	sqlite3_finalize(r.stmt);
	sqlite3_finalize(r.count_stmt);
	sqlite3_finalize(r.tags_stmt);
	free(r.tags.p);
	if (in_tx)
		db_exec(db, "RELEASE export_read", NULL);
	free(headers);
	free(pl.ranked);
	free(r.cells);
	free(r.filled);
	strmap_free(&r.seen);
	export_columns_free(r.cols, r.ncols);
	rule_sql_free(&r.seg);
	rule_sql_free(&r.where);
	rule_sql_free(&r.active);
	fields_free(&r.cat);
	return rc;
}

int
export_count(struct db *db, const struct export_opts *o, struct export_stats *st,
             struct err *e)
{
	const struct export_sink counter = {0};

	return export_run(db, o, &counter, st, e);
}
