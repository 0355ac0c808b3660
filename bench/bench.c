// SPDX-License-Identifier: GPL-2.0+
/*
 * Every measured operation on one OS DT, for callgrind: each operation runs
 * between CALLGRIND_START_INSTRUMENTATION and CALLGRIND_STOP_INSTRUMENTATION
 * and is dumped on its own (CALLGRIND_DUMP_STATS_AT(name)), so process
 * start, dtc, file I/O and the preparation of each operation's input are
 * excluded (run with --instr-atstart=no). bench/run.sh reads the dumps.
 *
 *   bench [-g GROW_TO] [-e ENDPOINTS -b BRIDGES] [-w OUT.dtbo] [-i IN.dtb] OS.dtb [POLICY.dtb]
 *
 *   -g  pad the OS DT with synthetic device nodes to about GROW_TO bytes
 *   -e  add ENDPOINTS PCI endpoint nodes spread over BRIDGES host bridges
 *       (the OS DT's first one plus copies) and generate the policy that
 *       lists them all; no POLICY.dtb is read then
 *   -w  also write the generated overlay to OUT.dtbo, for inspection
 *   -i  also write the (grown or generated) OS DT to IN.dtb, likewise
 *
 * Operations, in order (the dump names):
 *   planfix  dmc_read + dmc_plan + dmc_apply on an fdt_open_into() copy
 *            of the OS DT (the open is outside): what U-Boot and the host
 *            tool do
 *   fixup    dmc_apply alone, on the plan of planfix (measured again rather
 *            than read from planfix's call graph: callgrind_annotate can
 *            list one function under two file names)
 *   overlay  fdt_overlay_apply() of a prebuilt .dtbo with the same nodes and
 *            properties, on an fdt_open_into() copy of the OS DT (the open
 *            and the copy of the .dtbo are outside the measured region)
 *   script   the same edits as single libfdt calls on an opened copy, each
 *            looking its node up by path as U-Boot's "fdt mknode" and
 *            "fdt set" do (the value parsing of "fdt set" is not counted)
 *   check    dmc_check on the input
 *
 * The .dtbo and the script are made by diffing dmacage's output against its
 * input, so they follow whatever the fixup writes. The results of the
 * overlay and the script are compared with dmacage's output (nodes and
 * properties by path, order ignored) and the verdict is printed: a figure
 * for an alternative that did not do the same edits would be meaningless.
 */
#define _GNU_SOURCE	/* strchrnul */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <valgrind/callgrind.h>
#include <libfdt.h>
#include <dmacage/dmacage.h>

static struct dmc_check_ws check_ws;

#define BUF		(8 << 20)
#define PAD		65536	/* as U-Boot pads a DT before fixups */
#define MAX_SITES	512
#define MAX_ENTRIES	2048
#define MAX_FIXUPS	512
#define MAX_OPS		4096
#define PATHLEN		512

static char os[BUF], pol_fdt[BUF], out[BUF], out2[BUF], work[BUF],
	    scratch[BUF];
static char ovl[BUF], ovl_copy[BUF];

static int load(const char *path, void *buf)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, BUF, f);
	fclose(f);
	return n > 0 ? fdt_open_into(buf, buf, BUF) : -1;
}

static void save(const char *path, const void *fdt)
{
	FILE *f = path ? fopen(path, "wb") : NULL;

	if (f) {
		fwrite(fdt, 1, fdt_totalsize(fdt), f);
		fclose(f);
	}
}

/* Thousands of plain device nodes, as a big SoC DT has, under /synth. */
static int grow(void *fdt, int target)
{
	char name[32];
	fdt32_t reg[4];
	int parent, node, i;

	parent = fdt_add_subnode(fdt, 0, "synth");
	if (parent < 0)
		return parent;
	fdt_setprop_u32(fdt, parent, "#address-cells", 2);
	fdt_setprop_u32(fdt, parent, "#size-cells", 2);
	for (i = 0; (int)(fdt_size_dt_struct(fdt) + fdt_size_dt_strings(fdt)) <
		    target; i++) {
		snprintf(name, sizeof(name), "dev@%x", 0x40000000 + i * 0x1000);
		node = fdt_add_subnode(fdt, parent, name);
		if (node < 0)
			return node;
		reg[0] = 0;
		reg[1] = cpu_to_fdt32(0x40000000 + i * 0x1000);
		reg[2] = 0;
		reg[3] = cpu_to_fdt32(0x1000);
		fdt_setprop_string(fdt, node, "compatible", "vendor,synthetic-dev");
		fdt_setprop(fdt, node, "reg", reg, sizeof(reg));
		fdt_setprop_u32(fdt, node, "interrupts", i);
		fdt_setprop_string(fdt, node, "status", "okay");
	}
	return fdt_pack(fdt);
}

/* ------------------------------------------------------------------ */
/* Endpoint scaling: N endpoint nodes under B host bridges, and a policy */

static void pci_reg(fdt32_t *reg, unsigned int bus, unsigned int devfn)
{
	memset(reg, 0, 5 * sizeof(*reg));
	reg[0] = cpu_to_fdt32(bus << 16 | devfn << 8);
}

/*
 * Host bridge @b: the OS DT's own for 0, else a copy of its properties at
 * another address. The copy is read from a snapshot of the blob: adding
 * the node and its properties moves everything after it.
 */
static int add_bridge(void *fdt, int first, unsigned int b, char *path)
{
	const char *name;
	const void *val;
	fdt32_t reg[4];
	char nm[32];
	int node, p, len;

	if (!b)
		return fdt_get_path(fdt, first, path, PATHLEN) ? -1 : first;
	memcpy(work, fdt, fdt_totalsize(fdt));
	snprintf(nm, sizeof(nm), "pcie@40%08x", 0x30000000 + b * 0x1000000);
	node = fdt_add_subnode(fdt, 0, nm);
	fdt_for_each_property_offset(p, work, first) {
		val = fdt_getprop_by_offset(work, p, &name, &len);
		if (node < 0 || fdt_setprop(fdt, node, name, val, len) < 0)
			return -1;
	}
	reg[0] = cpu_to_fdt32(0x40);
	reg[1] = cpu_to_fdt32(0x30000000 + b * 0x1000000);
	reg[2] = 0;
	reg[3] = cpu_to_fdt32(0x1000000);
	fdt_setprop(fdt, node, "reg", reg, sizeof(reg));
	fdt_setprop_u32(fdt, node, "linux,pci-domain", b);
	return fdt_get_path(fdt, node, path, PATHLEN) ? -1 : node;
}

/*
 * Endpoint k of a bridge is function k % 8 of the multi-function device
 * behind root port 0(k / 8 + 1).0, the shape a PCIe link gives: chain
 * "RR.0/00.F". The policy needs one domain per 8 endpoints of a bridge
 * (DMC_MAX_ENDPOINTS); a series that would need more than DMC_MAX_DOMAINS
 * domains is capped to the largest that fits, and says so.
 */
static int gen_endpoints(void *fdt, void *pol, unsigned int nep,
			 unsigned int nbr)
{
	char path[PATHLEN], bpath[PATHLEN], nm[32];
	char eps[DMC_MAX_ENDPOINTS * 16];
	unsigned int b, k, n, ndom = 0, epl, want = nep;
	int first, host, port, node, polnode, dom;
	fdt32_t reg[5], br[2], sz[2];

	first = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "pci", 4);
	if (first < 0 || nbr < 1 || nbr > 16)
		return -1;
	for (b = 0; b < nbr; b++) {
		n = nep / nbr + (b < nep % nbr);
		ndom += (n + DMC_MAX_ENDPOINTS - 1) / DMC_MAX_ENDPOINTS;
	}
	if (ndom > DMC_MAX_DOMAINS) {
		nep = DMC_MAX_DOMAINS * DMC_MAX_ENDPOINTS;
		printf("capped: %u endpoints need %u domains, more than DMC_MAX_DOMAINS=%d; measuring %u\n",
		       want, ndom, DMC_MAX_DOMAINS, nep);
	}
	fdt_create_empty_tree(pol, BUF);
	polnode = fdt_add_subnode(pol, 0, "dmacage");
	fdt_setprop_string(pol, polnode, "compatible", "dmacage,policy");
	fdt_get_path(fdt, first, bpath, sizeof(bpath));
	ndom = 0;
	for (b = 0; b < nbr; b++) {
		n = nep / nbr + (b < nep % nbr);
		host = add_bridge(fdt, fdt_path_offset(fdt, bpath), b, path);
		if (host < 0)
			return -1;
		epl = 0;
		for (k = 0; k < n; k++) {
			unsigned int rp = k / 8 + 1, fn = k % 8;

			host = fdt_path_offset(fdt, path);
			if (fn == 0) {
				snprintf(nm, sizeof(nm), "pci@%x,0", rp);
				port = fdt_add_subnode(fdt, host, nm);
				if (port < 0)
					return -1;
				pci_reg(reg, 0, rp << 3);
				br[0] = br[1] = cpu_to_fdt32(rp);
				fdt_setprop_string(fdt, port, "device_type", "pci");
				fdt_setprop(fdt, port, "reg", reg, sizeof(reg));
				fdt_setprop_u32(fdt, port, "#address-cells", 3);
				fdt_setprop_u32(fdt, port, "#size-cells", 2);
				fdt_setprop(fdt, port, "ranges", NULL, 0);
				fdt_setprop(fdt, port, "bus-range", br, sizeof(br));
			}
			snprintf(nm, sizeof(nm), "pci@%x,0", rp);
			port = fdt_subnode_offset(fdt, fdt_path_offset(fdt, path),
						  nm);
			snprintf(nm, sizeof(nm), "pci-ep@0,%x", fn);
			node = fdt_add_subnode(fdt, port, nm);
			pci_reg(reg, rp, fn);
			if (node < 0 || fdt_setprop(fdt, node, "reg", reg,
						    sizeof(reg)) < 0)
				return -1;
			epl += snprintf(eps + epl, sizeof(eps) - epl,
					"%02x.0/00.%x", rp, fn) + 1;
			/* a domain per DMC_MAX_ENDPOINTS endpoints of a bridge */
			if ((k + 1) % DMC_MAX_ENDPOINTS && k + 1 < n)
				continue;
			snprintf(nm, sizeof(nm), "ep%u", ndom++);
			dom = fdt_add_subnode(pol, polnode, nm);
			sz[0] = 0;
			sz[1] = cpu_to_fdt32(4 << 20);
			fdt_setprop_string(pol, dom, "host", path);
			fdt_setprop(pol, dom, "restricted-size", sz, sizeof(sz));
			fdt_setprop(pol, dom, "endpoints", eps, epl);
			epl = 0;
		}
	}
	printf("layout: %u endpoints under %u host bridge(s), %u domain(s) of at most %d endpoints (DMC_MAX_ENDPOINTS)\n",
	       nep, nbr, ndom, DMC_MAX_ENDPOINTS);
	return fdt_pack(fdt);
}

/* ------------------------------------------------------------------ */
/* The diff: what dmacage changed, grouped by top-level node          */

/*
 * A fragment's target: the root, or one of its children that has changes
 * below it. That is how one writes an overlay by hand (one
 * &{/pcie@10000000} { ... } block per top-level node), and it is cheaper
 * for fdt_overlay_apply() than a fragment per changed node: one target
 * lookup, and the nodes below are found level by level.
 */
struct site {
	char path[PATHLEN];
};

/* A property set on, or a new subtree added under, a node below a site. */
struct entry {
	int site;
	char rel[PATHLEN];	/* that node, relative to the site ("" = it) */
	int off;		/* property or node offset in the output */
	int is_node;
};

static struct site sites[MAX_SITES];
static struct entry entries[MAX_ENTRIES];
static int nsites, nentries, nchanged, ndeleted, overflow;

static void add_entry(int *site, const char *spath, const char *rel, int off,
		      int is_node)
{
	if (*site < 0) {
		if (nsites == MAX_SITES) {
			overflow = 1;
			return;
		}
		*site = nsites++;
		snprintf(sites[*site].path, PATHLEN, "%s", spath);
	}
	if (nentries == MAX_ENTRIES) {
		overflow = 1;
		return;
	}
	entries[nentries] = (struct entry){ .site = *site, .off = off,
					    .is_node = is_node };
	snprintf(entries[nentries++].rel, PATHLEN, "%s", rel);
}

static void child_path(char *buf, const char *parent, const char *name)
{
	snprintf(buf, PATHLEN, "%s/%s", strcmp(parent, "/") ? parent : "",
		 name);
}

/* @rel/@name, without a leading '/' when @rel is "" */
static void rel_path(char *buf, const char *rel, const char *name)
{
	snprintf(buf, PATHLEN, "%s%s%s", rel, *rel ? "/" : "", name);
}

/*
 * Walk @o (output) and @i (input) in step; @path is the node's, @site and
 * @spath its fragment's, @rel the node relative to that. Children are
 * matched by name; the fixup keeps the input's order, so the next
 * unmatched input child is tried first and the search is the exception.
 */
static void diff_node(const void *in, int i, const void *o, int onode,
		      const char *path, int *site, const char *spath,
		      const char *rel)
{
	char cpath[PATHLEN], crel[PATHLEN];
	const void *v, *iv;
	const char *name;
	int p, len, ilen, c, ic, cursor, nin = 0, nmatch = 0, csite, changed = 0;
	int *s;

	fdt_for_each_property_offset(p, o, onode) {
		v = fdt_getprop_by_offset(o, p, &name, &len);
		iv = fdt_getprop(in, i, name, &ilen);
		if (!iv || ilen != len || memcmp(iv, v, len)) {
			add_entry(site, spath, rel, p, 0);
			changed = 1;
		}
	}
	fdt_for_each_property_offset(p, in, i) {
		fdt_getprop_by_offset(in, p, &name, NULL);
		if (!fdt_getprop(o, onode, name, NULL))
			ndeleted++;
	}
	cursor = fdt_first_subnode(in, i);
	fdt_for_each_subnode(c, o, onode) {
		name = fdt_get_name(o, c, NULL);
		if (cursor >= 0 && !strcmp(fdt_get_name(in, cursor, NULL), name))
			ic = cursor;
		else
			ic = fdt_subnode_offset(in, i, name);
		if (ic < 0) {
			add_entry(site, spath, rel, c, 1);
			changed = 1;
			continue;
		}
		nmatch++;
		child_path(cpath, path, name);
		if (i == 0) {
			/* a child of the root starts its own fragment */
			csite = -1;
			diff_node(in, ic, o, c, cpath, &csite, cpath, "");
		} else {
			s = site;
			rel_path(crel, rel, name);
			diff_node(in, ic, o, c, cpath, s, spath, crel);
		}
		cursor = fdt_next_subnode(in, ic);
	}
	fdt_for_each_subnode(c, in, i)
		nin++;
	ndeleted += nin - nmatch;
	nchanged += changed;
}

/* ------------------------------------------------------------------ */
/* The overlay: one target-path fragment per site                     */

/* A phandle cell of the overlay that fdt_overlay_apply must shift. */
struct fixup {
	int frag;
	char rel[PATHLEN];	/* below __overlay__, "" for the fragment */
	char prop[64];
	int n;
	fdt32_t offs[32];
};

static struct fixup fixups[MAX_FIXUPS];
static int nfixups;
static uint32_t delta;	/* the base's largest phandle, as the apply sees it */

static int get_or_add(void *fdt, int parent, const char *name, int len)
{
	int node = fdt_subnode_offset_namelen(fdt, parent, name, len);

	return node >= 0 ? node : fdt_add_subnode_namelen(fdt, parent, name,
							  len);
}

/* The overlay node at fragment @frag, @rel, made with its parents. */
static int ovl_node(void *w, int frag, const char *rel)
{
	const char *s, *e;
	char name[32];
	int node;

	snprintf(name, sizeof(name), "fragment@%d", frag);
	node = fdt_subnode_offset(w, 0, name);
	if (node >= 0)
		node = fdt_subnode_offset(w, node, "__overlay__");
	for (s = rel; node >= 0 && *s; s = *e ? e + 1 : e) {
		e = strchrnul(s, '/');
		node = get_or_add(w, node, s, e - s);
	}
	return node;
}

/*
 * New phandles (above the input's largest) are written relative to it and
 * memory-region cells that name them get a __local_fixups__ entry: exactly
 * what dtc emits for a /plugin/ with local labels, and what makes
 * fdt_overlay_apply() land on the phandles dmacage chose.
 */
static int ovl_prop(void *w, const void *o, int p, int frag, const char *rel)
{
	const char *name;
	const fdt32_t *v;
	fdt32_t cells[64];
	struct fixup *f = NULL;
	int len, k, node;

	v = fdt_getprop_by_offset(o, p, &name, &len);
	if (len > (int)sizeof(cells))
		return -FDT_ERR_NOSPACE;
	memcpy(cells, v, len);
	if (!strcmp(name, "phandle") || !strcmp(name, "linux,phandle"))
		cells[0] = cpu_to_fdt32(fdt32_to_cpu(*v) - delta);
	for (k = 0; !strcmp(name, "memory-region") && k < len / 4; k++) {
		if (fdt32_to_cpu(v[k]) <= delta)
			continue;
		cells[k] = cpu_to_fdt32(fdt32_to_cpu(v[k]) - delta);
		if (!f) {
			if (nfixups == MAX_FIXUPS)
				return -FDT_ERR_NOSPACE;
			f = &fixups[nfixups++];
			f->frag = frag;
			f->n = 0;
			snprintf(f->rel, sizeof(f->rel), "%s", rel);
			snprintf(f->prop, sizeof(f->prop), "%s", name);
		}
		f->offs[f->n++] = cpu_to_fdt32(k * 4);
	}
	node = ovl_node(w, frag, rel);
	return node < 0 ? node : fdt_setprop(w, node, name, cells, len);
}

/* Output subtree @node, new in the output, under overlay node @rel. */
static int ovl_subtree(void *w, const void *o, int node, int frag,
		       const char *rel)
{
	char crel[PATHLEN];
	int p, c, ret;

	rel_path(crel, rel, fdt_get_name(o, node, NULL));
	ret = ovl_node(w, frag, crel);
	ret = ret < 0 ? ret : 0;
	fdt_for_each_property_offset(p, o, node)
		ret = ret ?: ovl_prop(w, o, p, frag, crel);
	fdt_for_each_subnode(c, o, node)
		ret = ret ?: ovl_subtree(w, o, c, frag, crel);
	return ret;
}

static int add_local_fixups(void *w)
{
	const char *s, *e;
	char frag[32];
	int lf, node, i, ret;

	for (i = 0; i < nfixups; i++) {
		lf = get_or_add(w, 0, "__local_fixups__", 16);
		snprintf(frag, sizeof(frag), "fragment@%d", fixups[i].frag);
		node = lf < 0 ? lf : get_or_add(w, lf, frag, strlen(frag));
		node = node < 0 ? node : get_or_add(w, node, "__overlay__", 11);
		for (s = fixups[i].rel; node >= 0 && *s; s = *e ? e + 1 : e) {
			e = strchrnul(s, '/');
			node = get_or_add(w, node, s, e - s);
		}
		if (node < 0)
			return node;
		ret = fdt_setprop(w, node, fixups[i].prop, fixups[i].offs,
				  fixups[i].n * 4);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Built with libfdt's random-access calls, looking each node up again
 * after every change: simple, and the overlay is small. Its making is not
 * measured.
 */
static int build_overlay(const void *o, void *w)
{
	char name[32];
	int s, k, node, ret;

	ret = fdt_create_empty_tree(w, BUF);
	for (s = 0; s < nsites && !ret; s++) {
		snprintf(name, sizeof(name), "fragment@%d", s);
		node = fdt_add_subnode(w, 0, name);
		if (node < 0)
			return node;
		ret = fdt_setprop_string(w, node, "target-path", sites[s].path);
		node = fdt_subnode_offset(w, 0, name);
		ret = ret ?: fdt_add_subnode(w, node, "__overlay__");
		ret = ret < 0 ? ret : 0;
		for (k = 0; k < nentries && !ret; k++) {
			if (entries[k].site != s)
				continue;
			ret = entries[k].is_node ?
			      ovl_subtree(w, o, entries[k].off, s,
					  entries[k].rel) :
			      ovl_prop(w, o, entries[k].off, s,
				       entries[k].rel);
		}
	}
	ret = ret ?: add_local_fixups(w);
	return ret ?: fdt_pack(w);
}

/* ------------------------------------------------------------------ */
/* The script: what "fdt mknode" / "fdt set" lines would do           */

struct op {
	int mknode;
	char path[PATHLEN];
	const char *name;
	const void *val;
	int len;
};

static struct op ops[MAX_OPS];
static int nops;

static struct op *new_op(int mknode, const char *path, const char *name)
{
	struct op *op;

	if (nops == MAX_OPS) {
		overflow = 1;
		return NULL;
	}
	op = &ops[nops++];
	op->mknode = mknode;
	snprintf(op->path, sizeof(op->path), "%s", path);
	op->name = name;
	return op;
}

static void script_prop(const void *o, int p, const char *path)
{
	const char *name;
	const void *v;
	struct op *op;
	int len;

	v = fdt_getprop_by_offset(o, p, &name, &len);
	op = new_op(0, path, name);
	if (op) {
		op->val = v;
		op->len = len;
	}
}

static void script_subtree(const void *o, int node, const char *parent)
{
	const char *name = fdt_get_name(o, node, NULL);
	char path[PATHLEN];
	int p, c;

	new_op(1, parent, name);
	child_path(path, parent, name);
	fdt_for_each_property_offset(p, o, node)
		script_prop(o, p, path);
	fdt_for_each_subnode(c, o, node)
		script_subtree(o, c, path);
}

static void build_script(const void *o)
{
	char path[PATHLEN];
	int s, k;

	for (s = 0; s < nsites; s++) {
		for (k = 0; k < nentries; k++) {
			if (entries[k].site != s)
				continue;
			if (*entries[k].rel)
				child_path(path, sites[s].path, entries[k].rel);
			else
				snprintf(path, sizeof(path), "%s", sites[s].path);
			if (entries[k].is_node)
				script_subtree(o, entries[k].off, path);
			else
				script_prop(o, entries[k].off, path);
		}
	}
}

/* The measured part: path lookup and one libfdt call per line. */
static int run_script(void *fdt)
{
	int i, node, ret;

	for (i = 0; i < nops; i++) {
		node = fdt_path_offset(fdt, ops[i].path);
		if (node < 0)
			return node;
		ret = ops[i].mknode ?
		      fdt_add_subnode(fdt, node, ops[i].name) :
		      fdt_setprop(fdt, node, ops[i].name, ops[i].val,
				  ops[i].len);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Same tree? Nodes and properties by path; order does not matter     */

struct fp {
	unsigned long nodes, props;
	uint64_t sum;
};

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		h = (h ^ *c++) * 0x100000001b3ULL;
	return h;
}

static uint64_t fin(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static void fingerprint(const void *fdt, int node, const char *path,
			struct fp *f)
{
	char cpath[PATHLEN];
	const char *name;
	const void *v;
	uint64_t h;
	int p, c, len;

	f->nodes++;
	f->sum += fin(mix(0xcbf29ce484222325ULL, path, strlen(path) + 1));
	fdt_for_each_property_offset(p, fdt, node) {
		v = fdt_getprop_by_offset(fdt, p, &name, &len);
		h = mix(0xcbf29ce484222325ULL, path, strlen(path) + 1);
		h = mix(h, name, strlen(name) + 1);
		h = mix(h, v, len);
		f->props++;
		f->sum += fin(h);
	}
	fdt_for_each_subnode(c, fdt, node) {
		child_path(cpath, path, fdt_get_name(fdt, c, NULL));
		fingerprint(fdt, c, cpath, f);
	}
}

static const char *same_as(const struct fp *ref, const void *fdt)
{
	struct fp f = { 0 };

	fingerprint(fdt, 0, "/", &f);
	return f.nodes == ref->nodes && f.props == ref->props &&
	       f.sum == ref->sum ? "yes" : "NO";
}

/* ------------------------------------------------------------------ */

#define MEASURE(name, stmt) do {			\
		CALLGRIND_START_INSTRUMENTATION;	\
		stmt;					\
		CALLGRIND_STOP_INSTRUMENTATION;		\
		CALLGRIND_DUMP_STATS_AT(name);		\
	} while (0)

int main(int argc, char **argv)
{
	struct dmc_check_opts o = { 0 };
	struct dmc_policy pol;
	static struct dmc_fixup_ws ws;
	static struct dmc_osdt osdt;
	struct dmc_memmap mm;
	struct dmc_plan plan;
	struct dmc_err err = { 0 };
	struct fp ref = { 0 };
	int grow_to = 0, nep = 0, nbr = 1, opt, ret = 0, size, root_site = -1;
	const char *dtbo = NULL, *indtb = NULL;

	while ((opt = getopt(argc, argv, "g:e:b:w:i:")) != -1) {
		if (opt == 'g')
			grow_to = atoi(optarg);
		else if (opt == 'e')
			nep = atoi(optarg);
		else if (opt == 'b')
			nbr = atoi(optarg);
		else if (opt == 'w')
			dtbo = optarg;
		else if (opt == 'i')
			indtb = optarg;
		else
			goto usage;
	}
	if (optind >= argc || load(argv[optind], os) ||
	    (!nep && (optind + 1 >= argc || load(argv[optind + 1], pol_fdt))))
		goto usage;
	if (grow_to && grow(os, grow_to))
		return 2;
	if (nep && gen_endpoints(os, pol_fdt, nep, nbr)) {
		fprintf(stderr, "bench: cannot generate the endpoint DT\n");
		return 2;
	}
	fdt_pack(os);
	if (dmc_policy_parse(pol_fdt, dmc_policy_find(pol_fdt), &pol, &err)) {
		fprintf(stderr, "bench: policy: %s: %s\n", err.where, err.msg);
		return 2;
	}
	size = fdt_totalsize(os);
	save(indtb, os);
	printf("input: %d bytes, %d domain(s)\n", size, pol.ndomains);

	/* what each entry point pays first (the fixup once, for its input) */
	MEASURE("walk", dmc_check_structure(os, "OS DT", &err));

	ret = fdt_open_into(os, out, size + PAD);
	MEASURE("planfix", {
		dmc_memmap_init(&mm);
		ret = ret ?: dmc_read(os, &pol, true, &mm, &osdt, &err);
		ret = ret ?: dmc_plan(&pol, &osdt, &mm, DMC_ARCH_UNSET, &plan,
				      &err);
		ret = ret ?: dmc_apply(out, size + PAD, scratch, size + PAD,
				       &pol, &plan, &ws, &err);
	});
	if (ret) {
		/* Without dmacage's output there is nothing to compare with. */
		printf("error: plan+fixup failed: %s: %s\n", err.where, err.msg);
		MEASURE("check", dmc_check(os, &o, NULL, NULL, NULL, &check_ws));
		return 0;
	}

	ret = fdt_open_into(os, out2, size + PAD);
	MEASURE("fixup", ret = ret ?: dmc_apply(out2, size + PAD, scratch,
						size + PAD, &pol, &plan, &ws,
						&err));
	if (ret || memcmp(out, out2, fdt_totalsize(out)))
		printf("error: dmc_apply alone gave another result (%d)\n", ret);

	/* Everything the overlay and the script need, unmeasured. */
	fingerprint(out, 0, "/", &ref);
	delta = fdt_get_max_phandle(os);
	diff_node(os, 0, out, 0, "/", &root_site, "/", "");
	ret = build_overlay(out, ovl);
	build_script(out);
	if (overflow)
		printf("error: the bench's tables are too small for this diff\n");
	printf("edits: %d existing node(s) changed, %d change(s), %d deletion(s)%s\n",
	       nchanged, nentries, ndeleted, ndeleted ?
	       " (an overlay cannot delete: not like for like)" : "");
	if (ret) {
		printf("error: cannot build the overlay: %s\n", fdt_strerror(ret));
	} else {
		save(dtbo, ovl);
		memcpy(ovl_copy, ovl, fdt_totalsize(ovl));
		ret = fdt_open_into(os, work, size + PAD);
		MEASURE("overlay", ret = ret ?: fdt_overlay_apply(work, ovl_copy));
		printf("overlay: %u bytes, %d fragment(s), %d local fixup(s); result equals dmacage's: %s\n",
		       fdt_totalsize(ovl), nsites, nfixups,
		       ret ? fdt_strerror(ret) : same_as(&ref, work));
	}

	ret = fdt_open_into(os, work, size + PAD);
	MEASURE("script", ret = ret ?: run_script(work));
	printf("script: %d libfdt call(s); result equals dmacage's: %s\n",
	       nops, ret ? fdt_strerror(ret) : same_as(&ref, work));

	MEASURE("check", dmc_check(os, &o, NULL, NULL, NULL, &check_ws));
	return 0;

usage:
	fprintf(stderr, "usage: bench [-g GROW_TO] [-e ENDPOINTS -b BRIDGES] [-w OUT.dtbo] [-i IN.dtb] OS.dtb [POLICY.dtb]\n");
	return 2;
}
