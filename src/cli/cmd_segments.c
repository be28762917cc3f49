/* clientele segments: the segment tree with counts, % of parent, % of the
 * base and the trend since the last recorded count. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "query.h"
#include "segment/segment.h"
#include "text/text.h"

enum { O_JSON = 256 };

static const struct cli_opt opts[] = {
	{"json", O_JSON, CLI_FLAG, NULL,
	 N_("print the tree as JSON (path, depth, kind, rule, counts)")},
	{NULL, 0, CLI_FLAG, NULL, NULL},
};

static const char notes[] = N_("Each count that changed since it was last shown is recorded in the base;\n"
	                           "the trend column shows the change since the previous count (↑12, ↓3).\n"
	                           "Snapshots (frozen lists) are marked [snapshot].\n"
	                           "A segment that cannot be counted (a rule stored by an older version\n"
	                           "that no longer compiles) shows its error on its row, and so do the\n"
	                           "segments under it; the others are counted, and the exit status is 65.\n"
	                           "Edit the tree with: clientele segment add|rename|move|rm|... (see\n"
	                           "clientele segment --help).\n"
	                           "Either spelling works: clientele segments DB, clientele segment list DB.\n");

static double
pct(long long part, long long whole)
{
	return whole > 0 ? 100.0 * (double)part / (double)whole : 0.0;
}

/* "↑12", "↓3", or "" when nothing was recorded before. */
static void
trend(const struct segment_count *c, char *buf, size_t size)
{
	buf[0] = '\0';
	if (c->previous < 0 || c->previous == c->count)
		return;
	snprintf(buf, size, "%s%lld", c->count > c->previous ? "↑" : "↓",
	         c->count > c->previous ? c->count - c->previous : c->previous - c->count);
}

/* The name as the tree shows it: indented by depth, snapshots marked. */
static char *
label(const struct segment *s)
{
	char *l;

	if (asprintf(&l, "%*s%s%s", 2 * s->depth, "", s->name, s->is_static ? _(" [snapshot]") : "") <
	    0)
		return NULL;
	return l;
}

static void
print_text(const struct segment *v, const struct segment_count *c, size_t n, long long base)
{
	char **labels = calloc(n + 1, sizeof *labels), t[32];
	int w = text_width(_("All customers")), k;
	size_t i;

	if (labels == NULL)
		return;
	for (i = 0; i < n; i++)
		if ((labels[i] = label(&v[i])) != NULL && (k = text_width(labels[i])) > w)
			w = k;
	w += 2;
	cli_pad(stdout, _("segment"), w);
	cli_rpad(stdout, _("count"), 10);
	putchar(' ');
	/* xgettext:no-c-format */
	cli_rpad(stdout, _("% parent"), 9);
	putchar(' ');
	/* xgettext:no-c-format */
	cli_rpad(stdout, _("% base"), 7);
	printf("  %s\n", _("trend"));
	cli_pad(stdout, _("All customers"), w);
	printf("%10lld %9.1f %7.1f\n", base, 100.0, 100.0);
	for (i = 0; i < n; i++) {
		cli_pad(stdout, labels[i] != NULL ? labels[i] : v[i].name, w);
		if (c[i].error[0] != '\0') {
			/* one broken segment does not take the tree down */
			printf(_("error: %s"), c[i].error);
			putchar('\n');
			free(labels[i]);
			continue;
		}
		trend(&c[i], t, sizeof t);
		printf("%10lld %9.1f %7.1f%s%s\n", c[i].count, pct(c[i].count, c[i].parent),
		       pct(c[i].count, c[i].base), t[0] ? "  " : "", t);
		free(labels[i]);
	}
	free(labels);
}

static void
print_json(const struct segment *v, const struct segment_count *c, size_t n, long long base)
{
	static const char *const counts[] = {"count", "parent_count", "pct_parent", "pct_base",
	                                     "previous"};
	struct json j;
	size_t i, k;

	json_begin(&j, stdout);
	json_object(&j);
	json_key_int(&j, "base", base);
	json_key(&j, "segments");
	json_array(&j);
	for (i = 0; i < n; i++) {
		json_object(&j);
		json_key_int(&j, "id", v[i].id);
		json_key_str(&j, "path", v[i].path);
		json_key_str(&j, "name", v[i].name);
		json_key_int(&j, "depth", v[i].depth);
		json_key_str(&j, "kind", v[i].is_static ? "static" : "dynamic");
		json_key_str(&j, "rule", v[i].rule);
		json_key_str(&j, "frozen_at", v[i].frozen_at);
		json_key_str(&j, "error", c[i].error[0] != '\0' ? c[i].error : NULL);
		if (c[i].error[0] != '\0') {
			/* a segment that cannot be counted has no figures */
			for (k = 0; k < sizeof counts / sizeof counts[0]; k++) {
				json_key_null(&j, counts[k]);
			}
			json_close(&j);
			continue;
		}
		json_key_int(&j, "count", c[i].count);
		json_key_int(&j, "parent_count", c[i].parent);
		json_key_double(&j, "pct_parent", pct(c[i].count, c[i].parent), 1);
		json_key_double(&j, "pct_base", pct(c[i].count, c[i].base), 1);
		json_key(&j, "previous");
		if (c[i].previous < 0)
			json_null(&j);
		else
			json_int(&j, c[i].previous);
		json_close(&j);
	}
	json_end(&j);
}

int
cli_count_errors(const struct segment_count *c, size_t n)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++)
		bad += c[i].error[0] != '\0';
	if (bad == 0)
		return 0;
	fprintf(stderr, "clientele: ");
	fprintf(stderr, _("could not count %zu of the segments; their rows say why"), bad);
	fputc('\n', stderr);
	return EXIT_DATAERR;
}

/* The tree, for segments and for segment list (self: which one). */
static int
show_tree(const struct cli_cmd *self, int argc, char **argv)
{
	struct db *db = NULL;
	struct segment *v = NULL;
	struct segment_count *c = NULL;
	struct err e = {0};
	long long base = 0;
	size_t n = 0;
	bool record = true;
	int ch, rc, json = 0;

	optind = 1;
	while ((ch = cli_getopt(self, argc, argv)) != -1) {
		if (ch != O_JSON)
			return cli_bad_option(self, ch, argv);
		json = 1;
	}
	if (optind != argc - 1)
		return cli_usage(self, _("which base? give its file name"));
	/* Writable to keep the count history; a read-only base still shows
	 * the tree, without recording. */
	if (db_open(&db, argv[optind], 0, &e) != 0) {
		record = false;
		if ((rc = cli_open(argv[optind], DB_READONLY, &db)) != 0)
			return rc;
	}
	if (segment_list(db, &v, &n, &e) != 0 ||
	    db_query_int64(db, "SELECT count(*) FROM customers", &base, &e) != 0)
		goto fail;
	if (n > 0 && (c = calloc(n, sizeof *c)) == NULL) {
		err_set(&e, EXIT_FAIL, "out of memory");
		goto fail;
	}
	if (n > 0 && segment_count_all(db, v, n, record, c, &e) != 0)
		goto fail;
	if (json)
		print_json(v, c, n, base);
	else
		print_text(v, c, n, base);
	rc = cli_count_errors(c, n);
	free(c);
	segment_list_free(v, n);
	cli_close(&db);
	return rc;
fail:
	free(c);
	segment_list_free(v, n);
	db_close(&db);
	return cli_fail(&e);
}

static int
run(int argc, char **argv)
{
	return show_tree(&cmd_segments, argc, argv);
}

static int
run_list(int argc, char **argv)
{
	return show_tree(&cmd_segment_list, argc, argv);
}

const struct cli_cmd cmd_segments = {
	.name = "segments",
	.args = "DB [--json]",
	/* xgettext:no-c-format */
	.summary = N_("Show the segment tree with each segment's count, % of its parent, % of the "
	              "base and the trend."),
	.opts = opts,
	.help = notes,
	.run = run,
};

const struct cli_cmd cmd_segment_list = {
	.name = "list",
	.args = "DB [--json]",
	/* xgettext:no-c-format */
	.summary = N_("Show the segment tree with each segment's count, % of its parent, % of the "
	              "base and the trend."),
	.opts = opts,
	.help = notes,
	.run = run_list,
	.parent = &cmd_segment,
};
