// SPDX-License-Identifier: GPL-2.0+
/*
 * Plan reports: a memory-map table for people, JSON with the same facts for
 * provisioning scripts.
 */
#include <inttypes.h>
#include "tool.h"

static const char *const state_name[] = {
	[DMC_DOM_PLANNED] = "planned",
	[DMC_DOM_FAILED] = "failed",
	[DMC_DOM_OFF] = "off",
};

static const char *human(char *buf, size_t n, uint64_t size)
{
	dmc_fmt(buf, n, "%H", size);
	return buf;
}

static void text_range(FILE *f, const char *what, uint64_t base,
		       uint64_t size, const char *note)
{
	char h[32];

	fprintf(f, "  %-11s 0x%09" PRIx64 "-0x%09" PRIx64 "  %-9s %s\n", what,
		base, base + size - 1, human(h, sizeof(h), size), note);
}

static void text_pool(FILE *f, const char *what, uint64_t base,
		      uint64_t size, uint64_t req)
{
	char note[64], h[32];

	if (req == size)
		dmc_fmt(note, sizeof(note), "as asked");
	else
		dmc_fmt(note, sizeof(note), "rounded up from %s",
			human(h, sizeof(h), req));
	text_range(f, what, base, size, note);
}

static void text_domain(FILE *f, const struct dmc_domain *d,
			const struct dmc_window *w)
{
	char note[64];
	unsigned int i;

	fprintf(f, "\n%s: host %s, %s form, %s\n", d->name, d->host,
		d->nendpoints ? "endpoint" : "host-bridge",
		state_name[w->state]);
	for (i = 0; i < d->nendpoints; i++)
		fprintf(f, "  endpoint    %u hop(s), last %02x.%x\n",
			d->ep[i].nhops, d->ep[i].devfn[d->ep[i].nhops - 1] >> 3,
			d->ep[i].devfn[d->ep[i].nhops - 1] & 7);
	if (w->state != DMC_DOM_PLANNED) {
		fprintf(f, "  reason      %s\n", w->reason[0] ? w->reason :
			"turned off");
		return;
	}
	dmc_fmt(note, sizeof(note), "DMA 0x%llx",
		(unsigned long long)w->dma_base);
	text_range(f, "window", w->base, w->size, note);
	if (w->coherent_size)
		text_pool(f, "coherent", w->coherent_base, w->coherent_size,
			  w->coherent_req);
	text_pool(f, "restricted", w->restricted_base, w->restricted_size,
		  w->restricted_req);
	if (d->checker) {
		fprintf(f, "  checker     phandle 0x%x, clients", d->checker);
		for (i = 0; i < d->nclients; i++)
			fprintf(f, " %u", d->clients[i]);
		fputc('\n', f);
	} else {
		fprintf(f, "  checker     none: pool only, not enforced%s\n",
			d->checker_optional ? " (checker-optional)" :
			"; U-Boot fails the domain (no checker-optional)");
	}
	if (w->msi_size) {
		dmc_fmt(note, sizeof(note), "write-only, doorbell 0x%llx",
			(unsigned long long)w->msi_doorbell);
		text_range(f, "msi", w->msi_base, w->msi_size, note);
	}
}

static void report_text(FILE *f, const struct tool_plan *tp)
{
	const struct dmc_memmap *mm = &tp->mm;
	unsigned int i;

	fprintf(f, "dmacage plan: arch %s, plan hash 0x%08x",
		tool_arch_name(tp->plan.arch), tp->plan.hash);
	if (tp->plan.lowmem_end)
		fprintf(f, ", ARM32 lowmem ends at 0x%" PRIx64,
			tp->plan.lowmem_end);
	fprintf(f, "\n\nDRAM\n");
	for (i = 0; i < mm->ndram; i++)
		text_range(f, "", mm->dram[i].base, mm->dram[i].size,
			   mm->dram[i].label);
	fprintf(f, "Avoided\n");
	for (i = 0; i < mm->navoid; i++)
		text_range(f, "", mm->avoid[i].base, mm->avoid[i].size,
			   mm->avoid[i].label);
	if (!mm->navoid)
		fprintf(f, "  (none)\n");
	for (i = 0; i < tp->plan.nwin; i++)
		text_domain(f, &tp->pol.dom[i], &tp->plan.win[i]);
}

/* JSON strings from DT names and messages: escape what JSON requires. */
void report_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void json_ranges(FILE *f, const char *key, const struct dmc_region *r,
			unsigned int n)
{
	unsigned int i;

	fprintf(f, "  \"%s\": [", key);
	for (i = 0; i < n; i++) {
		fprintf(f, "%s\n    {\"base\": \"0x%" PRIx64 "\", \"size\": %"
			PRIu64 ", \"label\": ", i ? "," : "", r[i].base,
			r[i].size);
		report_json_str(f, r[i].label);
		fputc('}', f);
	}
	fprintf(f, "%s]", n ? "\n  " : "");
}

static void json_pool(FILE *f, const char *key, uint64_t base, uint64_t size,
		      uint64_t req)
{
	fprintf(f, ",\n      \"%s\": {\"base\": \"0x%" PRIx64 "\", \"size\": %"
		PRIu64 ", \"requested\": %" PRIu64 "}", key, base, size, req);
}

static void json_domain(FILE *f, const struct dmc_domain *d,
			const struct dmc_window *w)
{
	unsigned int i;

	fprintf(f, "\n    {\"name\": ");
	report_json_str(f, d->name);
	fprintf(f, ", \"host\": ");
	report_json_str(f, d->host);
	fprintf(f, ", \"form\": \"%s\", \"state\": \"%s\"",
		d->nendpoints ? "endpoint" : "host-bridge",
		state_name[w->state]);
	if (w->state == DMC_DOM_PLANNED) {
		fprintf(f, ",\n      \"window\": {\"base\": \"0x%" PRIx64
			"\", \"size\": %" PRIu64 ", \"dma_base\": \"0x%" PRIx64
			"\"}", w->base, w->size, w->dma_base);
		if (w->coherent_size)
			json_pool(f, "coherent", w->coherent_base,
				  w->coherent_size, w->coherent_req);
		json_pool(f, "restricted", w->restricted_base,
			  w->restricted_size, w->restricted_req);
		if (w->msi_size)
			fprintf(f, ",\n      \"msi\": {\"base\": \"0x%" PRIx64
				"\", \"size\": %" PRIu64 ", \"doorbell\": \"0x%"
				PRIx64 "\"}", w->msi_base, w->msi_size,
				w->msi_doorbell);
	} else {
		fprintf(f, ", \"error\": \"%s\", \"reason\": ",
			dmc_strerror(w->code));
		report_json_str(f, w->reason);
	}
	fprintf(f, ",\n      \"enforced\": %s, \"checker_optional\": %s",
		d->checker ? "true" : "false",
		d->checker_optional ? "true" : "false");
	fprintf(f, ",\n      \"checker\": %u, \"clients\": [", d->checker);
	for (i = 0; i < d->nclients; i++)
		fprintf(f, "%s%u", i ? ", " : "", d->clients[i]);
	fprintf(f, "]}");
}

static void report_json(FILE *f, const struct tool_plan *tp)
{
	unsigned int i;

	fprintf(f, "{\n  \"arch\": \"%s\",\n  \"plan_hash\": \"0x%08x\",\n",
		tool_arch_name(tp->plan.arch), tp->plan.hash);
	fprintf(f, "  \"ok\": %s,\n",
		tp->ret || (tp->applied && tp->apply_exit) ? "false" : "true");
	if (tp->applied)
		fprintf(f, "  \"apply\": {\"exit\": %d, \"written\": %s},\n",
			tp->apply_exit, tp->written ? "true" : "false");
	if (tp->plan.lowmem_end)
		fprintf(f, "  \"lowmem_end\": \"0x%" PRIx64 "\",\n",
			tp->plan.lowmem_end);
	json_ranges(f, "dram", tp->mm.dram, tp->mm.ndram);
	fprintf(f, ",\n");
	json_ranges(f, "avoid", tp->mm.avoid, tp->mm.navoid);
	fprintf(f, ",\n  \"domains\": [");
	for (i = 0; i < tp->plan.nwin; i++) {
		if (i)
			fputc(',', f);
		json_domain(f, &tp->pol.dom[i], &tp->plan.win[i]);
	}
	fprintf(f, "\n  ]\n}\n");
}

void report_plan(FILE *f, const struct tool_opts *o,
		 const struct tool_plan *tp)
{
	if (o->format == FORMAT_JSON)
		report_json(f, tp);
	else if (o->format == FORMAT_SVG)
		report_svg(f, tp);
	else if (o->format == FORMAT_ENV)
		report_env(f, tp);
	else
		report_text(f, tp);
}

void report_failure(FILE *f, const struct tool_opts *o, int exit_code)
{
	if (o->format != FORMAT_JSON)
		return;
	fprintf(f, "{\n  \"ok\": false,\n  \"exit\": %d,\n  \"error\": ",
		exit_code);
	report_json_str(f, tool_last_error_text());
	fprintf(f, "\n}\n");
}
