// SPDX-License-Identifier: GPL-2.0+
/*
 * plan --format svg: DRAM, every range in use and the planned windows, to
 * scale, with labels: a picture of the memory map for bring-up.
 */
#include <inttypes.h>
#include "tool.h"

#define SVG_W		1000
#define SVG_X0		20
#define SVG_X1		(SVG_W - 20)
#define SVG_BAR_Y	30
#define SVG_BAR_H	40
#define SVG_ROW		15

/* The span drawn: from the lowest DRAM byte to the highest. */
struct svg_scale {
	uint64_t lo, hi;
};

static double svg_x(const struct svg_scale *s, uint64_t a)
{
	return SVG_X0 + (double)(a - s->lo) * (SVG_X1 - SVG_X0) /
	       (double)(s->hi - s->lo);
}

/* @s as SVG text: DT names cannot hold markup, but a label may */
static void svg_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else
			fputc(*s, f);
	}
}

/*
 * One range as a rectangle of the bar, at least 2 px wide so that a 4 KiB
 * reservation still shows, and its label on row @row below the bar, where
 * a line leads to it. A label that would run off the right edge ends at
 * its line instead.
 */
static void svg_range(FILE *f, const struct svg_scale *s, uint64_t base,
		      uint64_t size, const char *fill, const char *label,
		      unsigned int row)
{
	double x = svg_x(s, base), w = svg_x(s, base + size) - x;
	int ty = SVG_BAR_Y + SVG_BAR_H + 14 + (int)row * SVG_ROW;

	if (w < 2)
		w = 2;
	fprintf(f, "  <rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n",
		x, SVG_BAR_Y, w, SVG_BAR_H, fill);
	fprintf(f, "  <line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\"/>\n",
		x, SVG_BAR_Y + SVG_BAR_H, x, ty - 10);
	fprintf(f, "  <text x=\"%.1f\" y=\"%d\"%s>", x, ty,
		x > SVG_W / 2 ? " text-anchor=\"end\"" : "");
	svg_text(f, label);
	fprintf(f, " 0x%" PRIx64 "+0x%" PRIx64 "</text>\n", base, size);
}

void report_svg(FILE *f, const struct tool_plan *tp)
{
	const struct dmc_memmap *mm = &tp->mm;
	const struct dmc_window *w;
	struct svg_scale s = { UINT64_MAX, 0 };
	unsigned int i, row = 0;
	char label[DMC_NAME_MAX + 16];
	unsigned int rows;

	for (i = 0; i < mm->ndram; i++) {
		if (mm->dram[i].base < s.lo)
			s.lo = mm->dram[i].base;
		if (mm->dram[i].base + mm->dram[i].size > s.hi)
			s.hi = mm->dram[i].base + mm->dram[i].size;
	}
	if (s.hi <= s.lo)
		s.lo = 0, s.hi = 1;
	rows = mm->navoid + 2 * tp->plan.nwin + 1;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%u\" font-family=\"monospace\" font-size=\"11\">\n",
		SVG_W, SVG_BAR_Y + SVG_BAR_H + 20 + rows * SVG_ROW);
	fprintf(f, "  <text x=\"%d\" y=\"16\" font-size=\"13\">dmacage plan: %s, hash 0x%08x; DRAM 0x%" PRIx64 "-0x%" PRIx64 " to scale</text>\n",
		SVG_X0, tool_arch_name(tp->plan.arch), tp->plan.hash, s.lo,
		s.hi - 1);
	/* DRAM first, then what is in use, then the windows on top */
	for (i = 0; i < mm->ndram; i++) {
		double x = svg_x(&s, mm->dram[i].base);

		fprintf(f, "  <rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#e8f4e8\" stroke=\"#333\"/>\n",
			x, SVG_BAR_Y,
			svg_x(&s, mm->dram[i].base + mm->dram[i].size) - x,
			SVG_BAR_H);
	}
	for (i = 0; i < mm->navoid; i++)
		svg_range(f, &s, mm->avoid[i].base, mm->avoid[i].size,
			  "#999", mm->avoid[i].label, row++);
	for (i = 0; i < tp->plan.nwin; i++) {
		w = &tp->plan.win[i];
		if (w->state != DMC_DOM_PLANNED)
			continue;
		if (w->coherent_size) {
			snprintf(label, sizeof(label), "%s coherent",
				 tp->pol.dom[i].name);
			svg_range(f, &s, w->coherent_base, w->coherent_size,
				  "#f0a030", label, row++);
		}
		snprintf(label, sizeof(label), "%s restricted",
			 tp->pol.dom[i].name);
		svg_range(f, &s, w->restricted_base, w->restricted_size,
			  "#3070d0", label, row++);
	}
	fprintf(f, "</svg>\n");
}
