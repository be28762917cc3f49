/* The report's drawing (report.h): escaping, a histogram as inline SVG,
 * the colour scale of the grids. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "report.h"

void
report_escape(struct strbuf *b, const char *s)
{
	const char *run = s;

	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		const char *ref;

		switch (*s) {
		case '&': ref = "&amp;"; break;
		case '<': ref = "&lt;"; break;
		case '>': ref = "&gt;"; break;
		case '"': ref = "&quot;"; break;
		case '\'': ref = "&#39;"; break;
		default: continue;
		}
		strbuf_addn(b, run, (size_t)(s - run));
		strbuf_add(b, ref);
		run = s + 1;
	}
	strbuf_addn(b, run, (size_t)(s - run));
}

/* The drawing's frame, in SVG units (it scales to the page's width). */
#define SVG_W 640
#define SVG_H 232
#define SVG_TOP 22    /* room for the largest count */
#define SVG_BOTTOM 40 /* room for the edges under the bars, and the empty
                         * ones' label on a line of its own */
#define SVG_LEFT 4
#define SVG_RIGHT 4

/* One bar at slot i of n with its tooltip. */
static void
svg_bar(struct strbuf *b, size_t i, size_t n, long long count, long long most, const char *cls,
        const char *label)
{
	double slot = (double)(SVG_W - SVG_LEFT - SVG_RIGHT) / (double)n;
	double room = SVG_H - SVG_TOP - SVG_BOTTOM;
	double h = most > 0 ? room * (double)count / (double)most : 0;

	/* a bucket with members shows, however few */
	if (count > 0 && h < 1)
		h = 1;
	strbuf_addf(b, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">",
	            cls, SVG_LEFT + slot * (double)i + 1, SVG_TOP + room - h,
	            slot > 3 ? slot - 2 : slot, h);
	strbuf_add(b, "<title>");
	report_escape(b, label);
	strbuf_addf(b, ": %lld</title></rect>\n", count);
}

void
report_svg_histogram(struct strbuf *b, const char *title, const struct histogram *h)
{
	long long most = h->empty;
	size_t n = h->n + (h->empty > 0), i;
	char label[80];
	double base = SVG_H - SVG_BOTTOM;

	for (i = 0; i < h->n; i++)
		if (h->v[i].count > most)
			most = h->v[i].count;
	strbuf_addf(b, "<svg class=\"hist\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", SVG_W,
	            SVG_H);
	report_escape(b, title);
	strbuf_add(b, "\">\n");
	if (n == 0) {
		strbuf_addf(b, "<text x=\"%d\" y=\"%d\">", SVG_W / 2, SVG_H / 2);
		report_escape(b, _("no values"));
		strbuf_add(b, "</text>\n</svg>\n");
		return;
	}
	strbuf_addf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n",
	            SVG_LEFT, base, SVG_W - SVG_RIGHT, base);
	for (i = 0; i < h->n; i++) {
		snprintf(label, sizeof label, "%s – %s", h->v[i].lo_text, h->v[i].hi_text);
		svg_bar(b, i, n, h->v[i].count, most, "bar", label);
	}
	if (h->empty > 0)
		svg_bar(b, h->n, n, h->empty, most, "bar empty", _("(empty)"));
	/* the largest count at the top, the outer edges under the bars */
	strbuf_addf(b, "<text class=\"most\" x=\"%d\" y=\"%d\">%lld</text>\n", SVG_LEFT, SVG_TOP - 8,
	            most);
	if (h->n > 0) {
		double right = SVG_LEFT + (double)(SVG_W - SVG_LEFT - SVG_RIGHT) *
		                              (double)h->n / (double)n;

		strbuf_addf(b, "<text class=\"edge\" x=\"%d\" y=\"%.1f\">", SVG_LEFT, base + 18);
		report_escape(b, h->v[0].lo_text);
		strbuf_addf(b, "</text>\n<text class=\"edge end\" x=\"%.1f\" y=\"%.1f\">", right,
		            base + 18);
		report_escape(b, h->v[h->n - 1].hi_text);
		strbuf_add(b, "</text>\n");
	}
	if (h->empty > 0) {
		strbuf_addf(b, "<text class=\"edge end\" x=\"%d\" y=\"%.1f\">", SVG_W - SVG_RIGHT,
		            base + 34);
		report_escape(b, _("(empty)"));
		strbuf_add(b, "</text>\n");
	}
	strbuf_add(b, "</svg>\n");
}

void
report_shade(long long count, long long most, char buf[8], bool *dark)
{
	/* from white to #1d4ed8, linearly in each channel */
	static const int to[3] = {0x1d, 0x4e, 0xd8};
	double t = most > 0 && count > 0 ? (double)count / (double)most : 0;
	int c[3];

	if (t > 1)
		t = 1;
	for (int k = 0; k < 3; k++)
		c[k] = (int)(255 + (to[k] - 255) * t + 0.5);
	snprintf(buf, 8, "#%02x%02x%02x", (unsigned)c[0] & 0xff, (unsigned)c[1] & 0xff,
	         (unsigned)c[2] & 0xff);
	*dark = t > 0.55;
}
