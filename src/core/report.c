/* The report to share (report.h): the document and its sections. The
 * figures come from the functions the commands print: segment_list and
 * segment_count_all (clientele segments), the segments' plans (clientele
 * plan), analysis_compare, analysis_rfm, analysis_abc and
 * query_histogram_n (clientele compare, rfm, abc, hist). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "analysis.h"
#include "db.h"
#include "export/export.h"
#include "fields.h"
#include "i18n.h"
#include "query.h"
#include "report.h"
#include "segment/segment.h"

/* The style: plain, readable on screen and on paper (sections start on a
 * new page, tables are not cut across rows, the grids keep their colours). */
static const char style[] =
	"body{font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;color:#1f2933;"
	"margin:2em auto;max-width:60em;padding:0 1em;line-height:1.4}\n"
	"h1{font-size:1.6em;margin-bottom:.2em}\n"
	"h2{font-size:1.25em;border-bottom:2px solid #1d4ed8;padding-bottom:.2em;margin-top:2em}\n"
	"h3{font-size:1.05em;margin:1.2em 0 .3em}\n"
	".sub{color:#52606d;margin-top:0}\n"
	"table{border-collapse:collapse;margin:.5em 0 1em}\n"
	"th,td{border:1px solid #cbd2d9;padding:.25em .6em;vertical-align:top}\n"
	"th{background:#f0f4f8;text-align:left}\n"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"td.err{color:#b91c1c}\n"
	/* six columns fit a page: long segment names wrap in their heads */
	"table.compare{width:100%;table-layout:fixed}\n"
	"table.compare th,table.compare td{padding:.2em .4em}\n"
	"table.compare tr:first-child th{white-space:normal;overflow-wrap:break-word;hyphens:auto}\n"
	"table.compare th:first-child{width:11em}\n"
	".up{color:#15803d}.down{color:#b91c1c}\n"
	".snap{color:#52606d;font-size:.85em}\n"
	"table.grid td{text-align:center;min-width:4.5em}\n"
	"table.grid td small{display:block;font-size:.75em;opacity:.85}\n"
	"td.dark{color:#fff}\n"
	".plan{border:1px solid #cbd2d9;border-radius:4px;padding:.5em 1em;margin:.8em 0;"
	"break-inside:avoid;page-break-inside:avoid}\n"
	".plan h3{margin-top:.2em}\n"
	".plan dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:.3em 0}\n"
	".plan dt{font-weight:bold}.plan dd{margin:0;white-space:pre-wrap}\n"
	".hist{width:100%;max-width:40em;height:auto;display:block}\n"
	".hist .bar{fill:#1d4ed8}.hist .empty{fill:#9aa5b1}\n"
	".hist .axis{stroke:#52606d;stroke-width:1}\n"
	".hist text{font-size:12px;fill:#1f2933}.hist .end{text-anchor:end}\n"
	".note{color:#52606d;font-size:.9em}\n"
	".toc ul{columns:2}\n"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"@media print{body{margin:0;max-width:none;font-size:10.5pt}.toc{display:none}"
	".part+.part{break-before:page;page-break-before:always}"
	"h2,h3{break-after:avoid;page-break-after:avoid}table.compare{font-size:8.5pt}"
	"tr,svg{break-inside:avoid;page-break-inside:avoid}}\n"
	"@page{margin:1.5cm}\n";

/* What the sections share. */
struct rep {
	struct db *db;
	struct strbuf *b;
	struct segment *v;
	struct segment_count *c;
	size_t n;
	long long base;
	struct compare cmp;
	bool have_cmp;
};

static void
esc(struct rep *r, const char *s)
{
	report_escape(r->b, s);
}

/* <TAG class="CLS">escaped text</TAG> */
static void
tag(struct rep *r, const char *t, const char *cls, const char *s)
{
	if (cls != NULL)
		strbuf_addf(r->b, "<%s class=\"%s\">", t, cls);
	else
		strbuf_addf(r->b, "<%s>", t);
	esc(r, s);
	strbuf_addf(r->b, "</%s>", t);
}

static void
num(struct rep *r, long long v)
{
	strbuf_addf(r->b, "<td class=\"n\">%lld</td>", v);
}

static void
pct_cell(struct rep *r, long long part, long long whole)
{
	strbuf_addf(r->b, "<td class=\"n\">%.1f %%</td>", analysis_share(part, whole));
}

/* Money in cents as "1 234 567.89" into buf (48 bytes): thousands
 * apart by a narrow no-break space (U+202F), which reads the same in
 * every language and never breaks the figure across lines. */
static const char *
money(char *buf, long long cents)
{
	unsigned long long a = cents < 0 ? 0ULL - (unsigned long long)cents : (unsigned long long)cents;
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%llu", a / 100), k = 0;

	if (cents < 0)
		buf[k++] = '-';
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0) {
			memcpy(buf + k, "\u202f", 3);
			k += 3;
		}
		buf[k++] = digits[i];
	}
	snprintf(buf + k, 48 - (size_t)k, ".%02llu", a % 100);
	return buf;
}

static const char *
seg_name(const char *path)
{
	return path != NULL && path[0] != '\0' ? path : _("All customers");
}

/* --- the tree ------------------------------------------------------------- */

static void
tree(struct rep *r)
{
	strbuf_add(r->b, "<div class=\"part\" id=\"tree\">\n");
	tag(r, "h2", NULL, _("Segments"));
	strbuf_add(r->b, "\n<table class=\"tree\">\n<tr>");
	tag(r, "th", NULL, _("Segment"));
	tag(r, "th", "n", _("Customers"));
	/* xgettext:no-c-format */
	tag(r, "th", "n", _("% of parent"));
	/* xgettext:no-c-format */
	tag(r, "th", "n", _("% of base"));
	tag(r, "th", "n", _("Trend"));
	strbuf_add(r->b, "</tr>\n<tr data-path=\"\">");
	tag(r, "td", NULL, _("All customers"));
	num(r, r->base);
	pct_cell(r, r->base, r->base);
	pct_cell(r, r->base, r->base);
	strbuf_add(r->b, "<td></td></tr>\n");
	for (size_t i = 0; i < r->n; i++) {
		const struct segment_count *c = &r->c[i];

		strbuf_add(r->b, "<tr data-path=\"");
		esc(r, r->v[i].path);
		strbuf_addf(r->b, "\"><td style=\"padding-left:%.1fem\">",
		            0.6 + 1.5 * (double)r->v[i].depth);
		esc(r, r->v[i].name);
		if (r->v[i].is_static) {
			tag(r, "span", "snap", _(" [snapshot]"));
		}
		strbuf_add(r->b, "</td>");
		if (c->error[0] != '\0') {
			char msg[sizeof c->error + 16];

			/* one broken segment does not take the report down */
			snprintf(msg, sizeof msg, _("error: %s"), c->error);
			strbuf_add(r->b, "<td class=\"err\" colspan=\"4\">");
			esc(r, msg);
			strbuf_add(r->b, "</td></tr>\n");
			continue;
		}
		num(r, c->count);
		pct_cell(r, c->count, c->parent);
		pct_cell(r, c->count, c->base);
		if (c->previous >= 0 && c->previous != c->count)
			strbuf_addf(r->b, "<td class=\"n %s\">%s%lld</td></tr>\n",
			            c->count > c->previous ? "up" : "down",
			            c->count > c->previous ? "↑" : "↓",
			            c->count > c->previous ? c->count - c->previous
			                                   : c->previous - c->count);
		else
			strbuf_add(r->b, "<td></td></tr>\n");
	}
	strbuf_add(r->b, "</table>\n<p class=\"note\">");
	esc(r, _("Trend: the change since the previous recorded count."));
	strbuf_add(r->b, "</p>\n</div>\n");
}

/* --- the plans ------------------------------------------------------------ */

static bool
has_plan(const struct segment *s)
{
	const char *f[] = {s->plan_who, s->plan_what, s->plan_why, s->plan_when, s->plan_where,
	                   s->strategy};

	for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
		if (f[k] != NULL && f[k][0] != '\0')
			return true;
	return false;
}

static void
plans(struct rep *r)
{
	static const char *const heads[] = {N_("Who"), N_("What"), N_("Why"), N_("When"),
	                                    N_("Where"), N_("Strategy")};
	size_t without = 0;

	strbuf_add(r->b, "<div class=\"part\" id=\"plans\">\n");
	tag(r, "h2", NULL, _("Plans"));
	strbuf_add(r->b, "\n");
	for (size_t i = 0; i < r->n; i++) {
		const struct segment *s = &r->v[i];
		const char *f[] = {s->plan_who, s->plan_what, s->plan_why, s->plan_when,
		                   s->plan_where, s->strategy};

		if (!has_plan(s)) {
			without++;
			continue;
		}
		strbuf_add(r->b, "<div class=\"plan\" data-path=\"");
		esc(r, s->path);
		strbuf_add(r->b, "\">");
		tag(r, "h3", NULL, s->path);
		if (r->c[i].error[0] == '\0') {
			char size[64];

			snprintf(size, sizeof size, _("Customers: %lld"), r->c[i].count);
			tag(r, "p", "sub", size);
		}
		strbuf_add(r->b, "\n<dl>");
		for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
			if (f[k] == NULL || f[k][0] == '\0')
				continue;
			tag(r, "dt", NULL, _(heads[k]));
			tag(r, "dd", NULL, f[k]);
			strbuf_add(r->b, "\n");
		}
		strbuf_add(r->b, "</dl></div>\n");
	}
	if (without > 0) {
		strbuf_add(r->b, "<p class=\"note\">");
		esc(r, without == r->n ? _("No segment has a plan yet.")
		                       : _("Segments without a plan:"));
		for (size_t i = 0, k = 0; i < r->n && without < r->n; i++) {
			if (has_plan(&r->v[i]))
				continue;
			strbuf_add(r->b, k++ == 0 ? " " : ", ");
			esc(r, r->v[i].path);
		}
		strbuf_add(r->b, "</p>\n");
	}
	if (r->n == 0) {
		strbuf_add(r->b, "<p class=\"note\">");
		esc(r, _("The tree has no segments yet."));
		strbuf_add(r->b, "</p>\n");
	}
	strbuf_add(r->b, "</div>\n");
}

/* --- the compare table ---------------------------------------------------- */

/* The paths of the default table: all customers, then the top-level
 * segments that could be counted, as many as fit. */
static size_t
default_compare(const struct rep *r, const char **paths, size_t *left)
{
	size_t n = 0;

	paths[n++] = "";
	*left = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (r->v[i].depth != 1 || r->c[i].error[0] != '\0')
			continue;
		if (n < COMPARE_MAX)
			paths[n++] = r->v[i].path;
		else
			(*left)++;
	}
	return n;
}

/* One row of the table: label, then a value per column. */
static void
compare_row(struct rep *r, const char *label, const struct compare_row *row)
{
	const struct compare *cmp = &r->cmp;

	strbuf_add(r->b, "<tr>");
	tag(r, "th", NULL, label);
	for (size_t i = 0; i < cmp->n; i++) {
		const struct compare_col *c = &cmp->col[i];
		struct analysis_cell sums = {.orders = c->orders, .revenue_cents = c->revenue_cents};
		char buf[300];
		long long avg;

		buf[0] = '\0';
		switch (row->kind) {
		case CMP_SIZE: num(r, c->size); continue;
		case CMP_SHARE: pct_cell(r, c->size, cmp->base); continue;
		case CMP_PART: pct_cell(r, compare_part(c, row->i), c->size); continue;
		case CMP_AGE:
			if (c->aged > 0)
				snprintf(buf, sizeof buf, "%g", c->median_age);
			break;
		case CMP_CITY:
			if ((size_t)row->i < c->ncities)
				snprintf(buf, sizeof buf, "%s (%lld)", c->city[row->i].city,
				         c->city[row->i].count);
			tag(r, "td", NULL, buf);
			continue;
		case CMP_ORDERS: num(r, c->orders); continue;
		case CMP_AVG:
			if ((avg = analysis_avg_check(&sums)) >= 0)
				money(buf, avg);
			break;
		case CMP_REVENUE: money(buf, c->revenue_cents); break;
		case CMP_RFM: pct_cell(r, c->rfm[row->i], c->size); continue;
		case CMP_RFM_NONE: pct_cell(r, c->rfm_none, c->size); continue;
		}
		tag(r, "td", "n", buf);
	}
	strbuf_add(r->b, "</tr>\n");
}

static void
compare(struct rep *r, size_t left)
{
	const struct compare *cmp = &r->cmp;
	char note[256];

	strbuf_add(r->b, "<div class=\"part\" id=\"compare\">\n");
	tag(r, "h2", NULL, _("Segments compared"));
	strbuf_add(r->b, "\n<table class=\"compare\">\n<tr><th></th>");
	for (size_t i = 0; i < cmp->n; i++) {
		strbuf_add(r->b, "<th class=\"n\" data-path=\"");
		esc(r, cmp->col[i].path);
		strbuf_add(r->b, "\">");
		esc(r, seg_name(cmp->col[i].path));
		strbuf_add(r->b, "</th>");
	}
	strbuf_add(r->b, "</tr>\n");
	for (size_t k = 0; k < COMPARE_FIXED; k++)
		compare_row(r, _(compare_rows[k].label), &compare_rows[k]);
	strbuf_addf(r->b, "<tr><th colspan=\"%zu\">", cmp->n + 1);
	esc(r, _("RFM mix:"));
	strbuf_add(r->b, "</th></tr>\n");
	for (size_t k = 0; k < RFM_NAMED; k++)
		compare_row(r, cmp->rfm_name[k], &(struct compare_row){CMP_RFM, (int)k, NULL, NULL});
	compare_row(r, _("no RFM segment"), &(struct compare_row){CMP_RFM_NONE, 0, NULL, NULL});
	strbuf_add(r->b, "</table>\n<p class=\"note\">");
	snprintf(note, sizeof note, _("Active: %s (reference date %s)."), cmp->active_rule,
	         cmp->ref_date);
	esc(r, note);
	if (left > 0) {
		snprintf(note, sizeof note,
		         _(" Top-level segments left out: %zu; choose the columns with --compare."),
		         left);
		esc(r, note);
	}
	strbuf_add(r->b, "</p>\n</div>\n");
}

/* --- the grids ------------------------------------------------------------ */

/* A coloured cell: the count and its share, the rule in data-rule. */
static void
grid_cell(struct rep *r, const struct analysis_cell *c, long long most, long long total)
{
	char shade[8];
	bool dark;

	report_shade(c->count, most, shade, &dark);
	strbuf_add(r->b, "<td data-rule=\"");
	esc(r, c->rule);
	strbuf_addf(r->b, "\" style=\"background:%s\"%s><b>%lld</b><small>%.1f %%</small></td>",
	            shade, dark ? " class=\"dark\"" : "", c->count,
	            analysis_share(c->count, total));
}

static int
rfm(struct rep *r, struct err *e)
{
	struct rfm_grid g;
	long long most = 0;
	char buf[48], head[64];

	if (analysis_rfm(r->db, NULL, &g, e) != 0)
		return -1;
	for (int i = 0; i < 5; i++)
		for (int k = 0; k < 5; k++)
			if (g.cell[i][k].count > most)
				most = g.cell[i][k].count;
	strbuf_add(r->b, "<div class=\"part\" id=\"rfm\">\n");
	tag(r, "h2", NULL, _("RFM"));
	snprintf(head, sizeof head, _("Customers: %lld, with a purchase: %lld"), g.total, g.buyers);
	tag(r, "p", "sub", head);
	strbuf_add(r->b, "\n<table class=\"grid\" id=\"rfm-grid\">\n<tr><th></th>");
	for (int f = 1; f <= 5; f++)
		strbuf_addf(r->b, "<th>F=%d</th>", f);
	strbuf_add(r->b, "</tr>\n");
	for (int rr = 5; rr >= 1; rr--) {
		strbuf_addf(r->b, "<tr><th>R=%d</th>", rr);
		for (int f = 1; f <= 5; f++)
			grid_cell(r, &g.cell[rr - 1][f - 1], most, g.total);
		strbuf_add(r->b, "</tr>\n");
	}
	strbuf_add(r->b, "</table>\n<p class=\"note\">");
	snprintf(head, sizeof head, _("Without a purchase: %lld"), g.none.count);
	esc(r, head);
	strbuf_add(r->b, "</p>\n<table class=\"named\">\n<tr>");
	tag(r, "th", NULL, _("Segment"));
	tag(r, "th", "n", _("Customers"));
	tag(r, "th", "n", _("Share"));
	tag(r, "th", "n", _("Revenue"));
	tag(r, "th", "n", _("Avg check"));
	strbuf_add(r->b, "</tr>\n");
	for (size_t i = 0; i < RFM_NAMED; i++) {
		const struct analysis_cell *c = &g.named[i];
		long long avg = analysis_avg_check(c);

		strbuf_add(r->b, "<tr data-rule=\"");
		esc(r, c->rule);
		strbuf_add(r->b, "\">");
		tag(r, "td", NULL, g.name[i]);
		num(r, c->count);
		pct_cell(r, c->count, g.total);
		tag(r, "td", "n", money(buf, c->revenue_cents));
		tag(r, "td", "n", avg >= 0 ? money(buf, avg) : "—");
		strbuf_add(r->b, "</tr>\n");
	}
	strbuf_add(r->b, "</table>\n</div>\n");
	return 0;
}

static int
abc(struct rep *r, struct err *e)
{
	struct abc_grid g;
	long long most = 0;
	char head[64], buf[48];

	if (analysis_abc(r->db, NULL, &g, e) != 0)
		return -1;
	for (int i = 0; i < ABC_ROWS; i++)
		for (int k = 0; k < XYZ_COLS; k++)
			if (g.cell[i][k].count > most)
				most = g.cell[i][k].count;
	strbuf_add(r->b, "<div class=\"part\" id=\"abc\">\n");
	tag(r, "h2", NULL, _("ABC×XYZ"));
	snprintf(head, sizeof head, _("Customers: %lld"), g.total);
	tag(r, "p", "sub", head);
	strbuf_add(r->b, "\n<table class=\"grid\" id=\"abc-grid\">\n<tr><th></th>");
	for (int k = 0; k < XYZ_COLS; k++)
		tag(r, "th", NULL, g.xyz[k] != NULL ? g.xyz[k] : _("no class"));
	strbuf_add(r->b, "</tr>\n");
	for (int i = 0; i < ABC_ROWS; i++) {
		strbuf_add(r->b, "<tr>");
		tag(r, "th", NULL, g.abc[i] != NULL ? g.abc[i] : _("no class"));
		for (int k = 0; k < XYZ_COLS; k++)
			grid_cell(r, &g.cell[i][k], most, g.total);
		strbuf_add(r->b, "</tr>\n");
	}
	strbuf_add(r->b, "</table>\n");
	tag(r, "h3", NULL, _("Revenue"));
	strbuf_add(r->b, "\n<table class=\"revenue\">\n<tr><th></th>");
	for (int k = 0; k < XYZ_COLS; k++)
		tag(r, "th", "n", g.xyz[k] != NULL ? g.xyz[k] : _("no class"));
	strbuf_add(r->b, "</tr>\n");
	for (int i = 0; i < ABC_ROWS; i++) {
		strbuf_add(r->b, "<tr>");
		tag(r, "th", NULL, g.abc[i] != NULL ? g.abc[i] : _("no class"));
		for (int k = 0; k < XYZ_COLS; k++)
			tag(r, "td", "n", money(buf, g.cell[i][k].revenue_cents));
		strbuf_add(r->b, "</tr>\n");
	}
	strbuf_add(r->b, "</table>\n</div>\n");
	return 0;
}

/* --- histograms ----------------------------------------------------------- */

static int
hists(struct rep *r, const struct report_opts *o, struct err *e)
{
	static const char *const defaults[] = {"spent", "orders", "last_order", "age"};
	const char *const *names = o->nhist > 0 ? o->hist : defaults;
	size_t n = o->nhist > 0 ? o->nhist : sizeof defaults / sizeof defaults[0];
	struct field_catalog cat = {0};
	struct histogram *h = NULL;
	int rc = -1;

	if (fields_load(r->db, &cat, e) != 0)
		return -1;
	if ((h = malloc(sizeof *h)) == NULL) {
		err_set(e, EXIT_FAIL, _("out of memory writing the report"));
		goto out;
	}
	strbuf_add(r->b, "<div class=\"part\" id=\"hist\">\n");
	tag(r, "h2", NULL, _("Histograms"));
	strbuf_add(r->b, "\n");
	for (size_t i = 0; i < n && i < REPORT_HIST_MAX; i++) {
		const struct field *f = fields_find(&cat, names[i]);
		char head[200];

		/* a default field the base lacks is left out; a chosen one is an error */
		if (f == NULL && o->nhist == 0)
			continue;
		if (f == NULL) {
			err_set(e, EXIT_USAGE, _("--hist: no field \"%s\" in this base"), names[i]);
			goto out;
		}
		if (query_histogram_n(r->db, NULL, NULL, f->name, HIST_BUCKETS, h, e) != 0)
			goto out;
		strbuf_add(r->b, "<div class=\"chart\" data-field=\"");
		esc(r, f->name);
		strbuf_add(r->b, "\">");
		tag(r, "h3", NULL, field_label(f));
		snprintf(head, sizeof head, _("Customers: %lld, without a value: %lld"), h->total,
		         h->empty);
		tag(r, "p", "sub", head);
		strbuf_add(r->b, "\n");
		report_svg_histogram(r->b, field_label(f), h);
		strbuf_add(r->b, "</div>\n");
	}
	strbuf_add(r->b, "</div>\n");
	rc = 0;
out:
	free(h);
	fields_free(&cat);
	return rc;
}

/* --- the document --------------------------------------------------------- */

static void
head(struct rep *r)
{
	const char *path = db_path(r->db), *slash = strrchr(path, '/');
	char sub[256], today[16];
	time_t now = time(NULL);
	struct tm tm;

	strftime(today, sizeof today, "%Y-%m-%d", localtime_r(&now, &tm));
	/* TRANSLATORS: the language code of this translation, for the
	 * report's <html lang="...">: "ru", "uk" */
	strbuf_add(r->b, "<!DOCTYPE html>\n<html lang=\"");
	esc(r, _("en"));
	strbuf_add(r->b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	tag(r, "title", NULL, _("Segmentation report"));
	strbuf_add(r->b, "\n<style>\n");
	strbuf_add(r->b, style);
	strbuf_add(r->b, "</style>\n</head>\n<body>\n");
	tag(r, "h1", NULL, _("Segmentation report"));
	snprintf(sub, sizeof sub, _("Base %s, customers: %lld; reference date %s; made %s."),
	         slash != NULL ? slash + 1 : path, r->base, r->cmp.ref_date, today);
	strbuf_add(r->b, "\n");
	tag(r, "p", "sub", sub);
	strbuf_add(r->b, "\n<div class=\"toc\"><ul>\n");
	{
		static const struct {
			const char *id, *label;
		} parts[] = {{"tree", N_("Segments")},        {"plans", N_("Plans")},
		             {"compare", N_("Segments compared")}, {"rfm", N_("RFM")},
		             {"abc", N_("ABC×XYZ")},          {"hist", N_("Histograms")}};

		for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
			strbuf_addf(r->b, "<li><a href=\"#%s\">", parts[i].id);
			esc(r, _(parts[i].label));
			strbuf_add(r->b, "</a></li>\n");
		}
	}
	strbuf_add(r->b, "</ul></div>\n");
}

int
report_html(struct db *db, const struct report_opts *o, struct strbuf *out, size_t *bad,
            struct err *e)
{
	struct rep r = {.db = db, .b = out};
	const char *paths[COMPARE_MAX];
	const char *const *cp = o->compare;
	size_t ncp = o->ncompare, left = 0;
	int rc = -1;

	if (bad != NULL)
		*bad = 0;
	if (segment_list(db, &r.v, &r.n, e) != 0 ||
	    db_query_int64(db, "SELECT count(*) FROM customers", &r.base, e) != 0)
		goto out;
	if (r.n > 0 && (r.c = calloc(r.n, sizeof *r.c)) == NULL) {
		err_set(e, EXIT_FAIL, _("out of memory writing the report"));
		goto out;
	}
	if (r.n > 0 && segment_count_all(db, r.v, r.n, false, r.c, e) != 0)
		goto out;
	for (size_t i = 0; bad != NULL && i < r.n; i++)
		*bad += r.c[i].error[0] != '\0';
	if (ncp == 0) {
		ncp = default_compare(&r, paths, &left);
		cp = paths;
	}
	if (analysis_compare(db, cp, ncp, 0, &r.cmp, e) != 0)
		goto out;
	r.have_cmp = true;
	head(&r);
	tree(&r);
	plans(&r);
	compare(&r, left);
	if (rfm(&r, e) != 0 || abc(&r, e) != 0 || hists(&r, o, e) != 0)
		goto out;
	strbuf_add(out, "</body>\n</html>\n");
	if (out->oom) {
		err_set(e, EXIT_FAIL, _("out of memory writing the report"));
		goto out;
	}
	rc = 0;
out:
	if (r.have_cmp)
		compare_free(&r.cmp);
	free(r.c);
	segment_list_free(r.v, r.n);
	return rc;
}

int
report_write_file(struct db *db, const struct report_opts *o, const char *path, bool force,
                  size_t *bad, struct err *e)
{
	static const struct export_format fmt = {.delim = ','};
	struct export_csv *out = NULL;
	struct strbuf b = {0};
	struct stat st1, st2;
	int rc;

	if (strcmp(path, "-") != 0 && stat(path, &st1) == 0 && stat(db_path(db), &st2) == 0 &&
	    st1.st_dev == st2.st_dev && st1.st_ino == st2.st_ino)
		return err_set(e, EXIT_USAGE, _("%s is the base itself; write the report to another file"),
		               path);
	/* the whole text first: a failure leaves no file behind */
	if (report_html(db, o, &b, bad, e) != 0) {
		free(b.p);
		return -1;
	}
	rc = export_csv_open(&out, path, 1, &fmt, force, NULL, e);
	if (rc == 0 && (rc = export_csv_write(out, b.p, b.n, e)) != 0)
		export_csv_abort(&out);
	if (rc == 0)
		rc = export_csv_commit(&out, e);
	free(b.p);
	return rc;
}
