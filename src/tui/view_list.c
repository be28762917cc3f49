/* The customer list: the members of a segment (or of a rule within it, a
 * tag's customers), on a screen of its own (screen.c). The total comes
 * from the counter. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counter.h"
#include "i18n.h"
#include "private.h"
#include "util/strbuf.h"

struct custlist {
	char *parent;   /* the segment's path; NULL: the whole base */
	char *rule;     /* within it; NULL: all its members */
	char *subtitle; /* what the title line names */
	long long total;
	bool counted;
	uint64_t tag;   /* the counter's request for the total */
};

enum { ACT_NONE, ACT_RECOUNT };

static const struct screen_key list_keys[] = {
	{KEY_CH('c'), "c", ACT_RECOUNT, N_("count again")},
};

static const char *
cl_subtitle(void *ctx)
{
	return ((struct custlist *)ctx)->subtitle;
}

static void
cl_free(void *ctx)
{
	struct custlist *c = ctx;

	if (c == NULL)
		return;
	free(c->parent);
	free(c->rule);
	free(c->subtitle);
	free(c);
}

/* Asks the counter for the total. */
static unsigned
cl_count(struct tui *t, struct custlist *c)
{
	struct count_req req = {.kind = COUNT_RULE, .parent = c->parent,
	                        .rule = c->rule != NULL ? c->rule : ""};
	struct err e = {0};

	req.slot = screen_slot(t, c, 0);
	req.tag = c->tag = screen_tag(t);
	c->counted = false;
	if (counter_submit(t->counter, &req, &e) != 0)
		return tui_error(t, &e);
	return R_REDRAW;
}

static void
cl_draw(struct tui *t, void *ctx, int y, int h)
{
	struct custlist *c = ctx;
	char n[64], line[256];

	(void)h;
	if (c->counted)
		/* TRANSLATORS: %s is a number grouped by the locale. */
		snprintf(line, sizeof line, _("customers: %s"), tui_group(t, c->total, n, sizeof n));
	else
		snprintf(line, sizeof line, "%s", _("counting…"));
	tui_put(y + 1, 1, t->cols - 2, line, false);
}

static void
cl_status(struct tui *t, void *ctx, int y)
{
	struct custlist *c = ctx;
	char n[64], line[512];

	snprintf(line, sizeof line, " %s │ %s", c->counted ? tui_group(t, c->total, n, sizeof n) : "…",
	         c->rule != NULL && *c->rule != '\0' ? c->rule : _("(every customer)"));
	tui_put(y, 0, t->cols, line, true);
}

static unsigned
cl_key(struct tui *t, void *ctx, struct key k)
{
	struct custlist *c = ctx;

	switch (keys_find(list_keys, sizeof list_keys / sizeof list_keys[0], k)) {
	case ACT_RECOUNT:
		return cl_count(t, c);
	default:
		return R_NONE;
	}
}

static unsigned
cl_counted(struct tui *t, void *ctx, const struct count_result *r)
{
	struct custlist *c = ctx;

	(void)t;
	if (r->tag != c->tag)
		return R_NONE;
	if (r->status == COUNTER_OK) {
		c->total = r->count;
		c->counted = true;
	} else if (r->status == COUNTER_ERROR) {
		return tui_error(t, &r->err);
	}
	return R_REDRAW;
}

static const struct screen_ops list_ops = {
	.title = N_("Customers"),
	.subtitle = cl_subtitle,
	.draw = cl_draw,
	.status = cl_status,
	.key = cl_key,
	.counted = cl_counted,
	.free = cl_free,
	.keys = list_keys,
	.nkeys = sizeof list_keys / sizeof list_keys[0],
};

unsigned
custlist_open(struct tui *t, const char *parent, const char *rule, const char *subtitle)
{
	struct custlist *c = calloc(1, sizeof *c);
	struct err e = {0};
	bool oom = c == NULL;

	if (c != NULL) {
		c->parent = str_dup(parent, &oom);
		c->rule = str_dup(rule, &oom);
		c->subtitle = str_dup(subtitle != NULL ? subtitle : _("All customers"), &oom);
	}
	if (oom) {
		cl_free(c);
		tui_message(t, true, "%s", _("out of memory opening the customer list"));
		return R_REDRAW;
	}
	if (screen_push(t, &list_ops, c, &e) != 0)
		return tui_error(t, &e);
	return cl_count(t, c);
}
