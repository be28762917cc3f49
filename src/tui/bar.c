/* The two bottom lines: the status of the selected segment (count, % of
 * parent, % of base, reference date, rule) and the function-key bar. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "private.h"
#include "text/text.h"

void
bar_draw_fkeys(struct tui *t, int y)
{
	size_t n;
	const struct bar_entry *b = keys_bar(&n);

	bar_draw_entries(t, y, b, n);
}

void
bar_draw_entries(struct tui *t, int y, const struct bar_entry *b, size_t n)
{
	size_t i;
	int x = 0, cell, used;

	cell = t->cols / (int)n;
	if (cell < 4)
		cell = 4;
	move(y, 0);
	clrtoeol();
	for (i = 0; i < n && x < t->cols; i++) {
		attrset(theme_attr(ROLE_BAR_KEY));
		used = tui_put(y, x, t->cols - x, b[i].num, false);
		attrset(theme_attr(ROLE_BAR_LABEL));
		tui_put(y, x + used, cell - used < t->cols - x - used ? cell - used : t->cols - x - used,
		        b[i].label[0] != '\0' ? _(b[i].label) : "", true);
		x += cell;
	}
	attrset(theme_attr(ROLE_NORMAL));
}

static void
percent(char *buf, size_t size, long long part, long long whole)
{
	if (whole <= 0)
		snprintf(buf, size, "—");
	else
		snprintf(buf, size, "%.1f%%", 100.0 * (double)part / (double)whole);
}

void
bar_draw_status(struct tui *t, int y)
{
	struct tree_status s = {0};
	char line[4096], n[64], pp[32], pb[32];

	tree_status(t, &s);
	if (s.counted) {
		tui_group(t, s.count, n, sizeof n);
		percent(pp, sizeof pp, s.count, s.parent);
		percent(pb, sizeof pb, s.count, s.base);
	} else {
		snprintf(n, sizeof n, "…");
		snprintf(pp, sizeof pp, "…");
		snprintf(pb, sizeof pb, "…");
	}
	/* TRANSLATORS: the status line: count, % of parent, % of base,
	 * the reference date, the rule. */
	snprintf(line, sizeof line, _(" %s │ %s of parent │ %s of base │ as of %s │ %s"), n, pp, pb,
	         t->ref_date[0] != '\0' ? t->ref_date : "—",
	         s.rule != NULL && *s.rule != '\0' ? s.rule : _("(every customer)"));
	attrset(theme_attr(ROLE_STATUS));
	tui_put(y, 0, t->cols, line, true);
	attrset(theme_attr(ROLE_NORMAL));
}
