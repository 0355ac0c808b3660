// SPDX-License-Identifier: GPL-2.0+
/*
 * The corpus judge: what Linux 6.1 makes of a DTB, for test/corpus/suite.sh.
 * It reads trees through the independent model of test/unit/linuxmodel.h
 * and nothing of lib/dmacage, so the tool under test never judges itself.
 *
 *   judge survey DTB...
 *	per DTB, lines that start with its file name: the memory the tree
 *	gives Linux ("DTB memory ok", "DTB memory placeholder BASE" or
 *	"DTB memory none"), then one line per PCIe host Linux probes:
 *	"DTB host PATH IOMMU CHAINS" (IOMMU 1 when the host has iommu-map or
 *	iommus; CHAINS the leaf function nodes as policy endpoint chains,
 *	comma-separated, or "-")
 *   judge confined OUT ARCH HOST BASE SIZE CHAINS [DRAM]
 *	exit 0 when Linux confines every device of the domain to the pool
 *	[BASE, BASE + SIZE); DRAM (BASE:SIZE) is what the boot firmware
 *	writes into a placeholder /memory before Linux reads the tree
 *   judge room DTB ARCH HOST SIZE [DRAM]
 *	exit 0 (and "room at BASE", the highest) when a 2 MiB-aligned
 *	window of SIZE bytes would serve HOST as a pool: memory Linux uses
 *	and does not reserve, ARM32 lowmem, reachable below 2^32 on the
 *	device's side; 1 when none would. The planner's placements and its
 *	refusals for want of room are checked by it.
 *   judge disabled OUT HOST
 *	exit 0 when Linux probes no node named like HOST
 *   judge record OUT ARCH
 *	holds OUT's own record to what it claims: every domain of
 *	/chosen/dmacage whose state is "confined" must be confined to the
 *	restricted pool the record names (its reg in OUT): the functions of
 *	its "endpoints", or every function below the host when it has none;
 *	and every "disabled" host must not be probed. One line per domain;
 *	exit 0 when every claim holds, 1 when one does not or no record is
 *	there
 *
 * Exit 1 for "no", 2 for a bad argument or an unreadable tree.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LM_NO_DMACAGE
#include "linuxmodel.h"

#define MAX_CHAINS	8
#define MAX_HOPS	4

static void *load(const char *path, int extra)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "judge: %s: %s\n", path, strerror(errno));
		goto out;
	}
	buf = malloc(n + extra);
	if (!buf || fread(buf, 1, n, f) != (size_t)n ||
	    fdt_check_full(buf, n) ||
	    (extra && fdt_open_into(buf, buf, n + extra))) {
		fprintf(stderr, "judge: %s: not a valid DTB\n", path);
		free(buf);
		buf = NULL;
	}
out:
	if (f)
		fclose(f);
	return buf;
}

static bool is_pci(const void *fdt, int node)
{
	const char *t = fdt_getprop(fdt, node, "device_type", NULL);

	return node > 0 && t && !strcmp(t, "pci");
}

/* of_platform_populate() creates a device only below available parents */
static bool probed(const void *fdt, int node)
{
	for (; node > 0; node = fdt_parent_offset(fdt, node))
		if (!lm_available(fdt, node))
			return false;
	return true;
}

/* a child Linux may match to a PCI function: reg of 5 cells or more */
static int func_devfn(const void *fdt, int node)
{
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	return reg && len >= 20 ? (int)(fdt32_to_cpu(reg[0]) >> 8 & 0xff) : -1;
}

/* is @chain already one of the comma-separated chains in @list? */
static bool listed(const char *list, const char *chain)
{
	size_t n = strlen(chain);

	for (; *list; list += strcspn(list, ",") + !!list[strcspn(list, ",")])
		if (!strncmp(list, chain, n) && (!list[n] || list[n] == ','))
			return true;
	return false;
}

/*
 * The leaf function nodes below @node as "DD.F/DD.F" chains, into @out;
 * @pre is the chain so far. Deeper than a policy's four hops is skipped.
 */
static void chains(const void *fdt, int node, const char *pre, int hops,
		   char *out, size_t outsz, int *n)
{
	char chain[64];
	bool leaf = true;
	int child, devfn;

	fdt_for_each_subnode(child, fdt, node) {
		devfn = func_devfn(fdt, child);
		if (devfn < 0)
			continue;
		leaf = false;
		if (hops == MAX_HOPS)
			continue;
		snprintf(chain, sizeof(chain), "%s%s%02x.%x", pre,
			 *pre ? "/" : "", devfn >> 3, devfn & 7);
		chains(fdt, child, chain, hops + 1, out, outsz, n);
	}
	if (!leaf || !hops || *n >= MAX_CHAINS ||
	    listed(out, pre))	/* two siblings claiming one devfn */
		return;
	snprintf(out + strlen(out), outsz - strlen(out), "%s%s",
		 *n ? "," : "", pre);
	(*n)++;
}

static void survey(const char *file, const void *fdt)
{
	char path[512], ch[MAX_CHAINS * 64];
	uint64_t total = 0, base = 0;
	bool any = false;
	int node, n;
	struct lm m;

	lm_init(&m, fdt, false, 0);
	fdt_for_each_subnode(node, fdt, 0) {
		const char *t = fdt_getprop(fdt, node, "device_type", NULL);
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", NULL);

		if (!t || strcmp(t, "memory") || !lm_available(fdt, node))
			continue;
		if (!any && reg)
			base = lm_cells(reg, m.ac);
		any = true;
	}
	for (n = 0; n < (int)m.nmem; n++)
		total += m.mem[n].size;
	if (total)
		printf("%s memory ok\n", file);
	else if (any)
		printf("%s memory placeholder 0x%llx\n", file,
		       (unsigned long long)base);
	else
		printf("%s memory none\n", file);
	for (node = fdt_next_node(fdt, 0, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		if (!is_pci(fdt, node) ||
		    is_pci(fdt, fdt_parent_offset(fdt, node)) ||
		    !probed(fdt, node))
			continue;
		if (fdt_get_path(fdt, node, path, sizeof(path)))
			continue;
		ch[0] = '\0';
		n = 0;
		chains(fdt, node, "", 0, ch, sizeof(ch), &n);
		printf("%s host %s %d %s\n", file, path,
		       fdt_getprop(fdt, node, "iommu-map", NULL) ||
		       fdt_getprop(fdt, node, "iommus", NULL),
		       n ? ch : "-");
	}
}

static int parse_chains(const char *s, struct lm_chain *ch, unsigned int *n)
{
	unsigned int dev, fn;
	int used;

	*n = 0;
	if (!strcmp(s, "-"))
		return 0;
	while (*s && *n < MAX_CHAINS) {
		struct lm_chain *c = &ch[(*n)++];

		c->nhops = 0;
		while (sscanf(s, "%x.%x%n", &dev, &fn, &used) == 2 &&
		       c->nhops < MAX_HOPS) {
			c->devfn[c->nhops++] = dev << 3 | fn;
			s += used;
			if (*s != '/')
				break;
			s++;
		}
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return *s ? -1 : 0;
}

/*
 * What the boot firmware does with a placeholder /memory (U-Boot's
 * fdt_fixup_memory_banks()): its reg becomes the DRAM it found.
 */
static int fill_memory(void *fdt, const char *dram)
{
	unsigned long long b, s;
	fdt32_t reg[4];
	int node, ac, sc, i = 0;
	char *end;
	struct lm m;

	lm_init(&m, fdt, false, 0);
	if (m.nmem)
		return 0;
	b = lm_memparse(dram, &end);
	if (*end != ':')
		return -1;
	s = lm_memparse(end + 1, &end);
	if (*end)
		return -1;
	ac = m.ac;
	sc = m.sc;
	if (ac == 2)
		reg[i++] = cpu_to_fdt32(b >> 32);
	reg[i++] = cpu_to_fdt32(b);
	if (sc == 2)
		reg[i++] = cpu_to_fdt32(s >> 32);
	reg[i++] = cpu_to_fdt32(s);
	fdt_for_each_subnode(node, fdt, 0) {
		const char *t = fdt_getprop(fdt, node, "device_type", NULL);

		if (t && !strcmp(t, "memory"))
			break;
	}
	if (node < 0) {
		node = fdt_add_subnode(fdt, 0, "memory");
		if (node < 0 ||
		    fdt_setprop_string(fdt, node, "device_type", "memory"))
			return -1;
	}
	return fdt_setprop(fdt, node, "reg", reg, i * 4) ? -1 : 0;
}

/* the tree at @path as Linux gets it: @dram (or NULL) filled in */
static void *load_filled(const char *path, const char *dram)
{
	void *fdt = load(path, 4096);

	if (fdt && dram && fill_memory(fdt, dram)) {
		fprintf(stderr, "judge: %s: cannot fill /memory\n", dram);
		free(fdt);
		return NULL;
	}
	return fdt;
}

static int confined(char **a, int n)
{
	struct lm_chain ch[MAX_CHAINS];
	unsigned int nch;
	void *fdt;
	struct lm m;
	int ret;

	if (n < 6 || parse_chains(a[5], ch, &nch)) {
		fprintf(stderr, "judge: confined: bad arguments\n");
		return 2;
	}
	fdt = load_filled(a[0], n > 6 ? a[6] : NULL);
	if (!fdt)
		return 2;
	lm_init(&m, fdt, !strcmp(a[1], "arm"), 0);
	ret = lm_judge_host(&m, a[2], nch ? ch : NULL, nch,
			    strtoull(a[3], NULL, 0), strtoull(a[4], NULL, 0));
	free(fdt);
	return ret ? 1 : 0;
}

#define MAX_CAND	4096

/*
 * The static /reserved-memory regions Linux reserves (available, with
 * reg): does one overlap [base, base + size)? With @cand, their bases are
 * added to it instead (up to MAX_CAND in all).
 */
static bool resv_mem(const struct lm *m, uint64_t base, uint64_t size,
		     uint64_t *cand, unsigned int *nc)
{
	const void *fdt = m->fdt;
	int rm = fdt_path_offset(fdt, "/reserved-memory"), child, len, i;
	int cells = m->ac + m->sc;
	const fdt32_t *reg;

	if (rm < 0)
		return false;
	fdt_for_each_subnode(child, fdt, rm) {
		reg = fdt_getprop(fdt, child, "reg", &len);
		if (!reg || !lm_available(fdt, child))
			continue;
		for (i = 0; (i + 1) * cells * 4 <= len; i++) {
			uint64_t b = lm_cells(reg + i * cells, m->ac);
			uint64_t sz = lm_cells(reg + i * cells + m->ac, m->sc);

			if (cand && *nc < MAX_CAND)
				cand[(*nc)++] = b;
			else if (!cand && base < b + sz && b < base + size)
				return true;
		}
	}
	return false;
}

/*
 * The host's dma-ranges entries as the device sees them (its own, or the
 * first ancestor's): bus address, CPU address one level up, size. No
 * dma-ranges: identity over everything.
 */
static int host_dma_ranges(const void *fdt, int host, uint64_t (*r)[3],
			   int max)
{
	int node = host, len = 0, cac, csc, pac, n = 0, i, stride;
	const fdt32_t *p = NULL;

	for (; node > 0; node = fdt_parent_offset(fdt, node)) {
		p = fdt_getprop(fdt, node, "dma-ranges", &len);
		if (p)
			break;
	}
	if (!p || !len) {
		r[0][0] = r[0][1] = 0;
		r[0][2] = ~0ULL;
		return 1;
	}
	cac = node == host ? 3 : lm_prop_u32(fdt, node, "#address-cells", 2);
	csc = node == host ? 2 : lm_prop_u32(fdt, node, "#size-cells", 1);
	pac = lm_prop_u32(fdt, fdt_parent_offset(fdt, node), "#address-cells",
			  2);
	stride = cac + pac + csc;
	for (i = 0; i < len / 4 / stride && n < max; i++, n++) {
		const fdt32_t *e = p + i * stride;

		/* PCI: the first of the three cells holds flags */
		r[n][0] = lm_cells(cac == 3 ? e + 1 : e, cac == 3 ? 2 : cac);
		r[n][1] = lm_cells(e + cac, pac);
		r[n][2] = lm_cells(e + cac + pac, csc);
	}
	return n;
}

/* does [base, base + size) reach the device below 2^bits? */
static bool dma_below(uint64_t (*r)[3], int n, uint64_t base, uint64_t size,
		      unsigned int bits)
{
	uint64_t lim = bits >= 64 ? ~0ULL : (1ULL << bits);
	int i;

	for (i = 0; i < n; i++)
		if (base >= r[i][1] && base - r[i][1] < r[i][2] &&
		    size <= r[i][2] - (base - r[i][1]))
			return r[i][0] + (base - r[i][1]) + size <= lim;
	return false;
}

/*
 * room() - is there a window of @need bytes, 2 MiB aligned, that Linux
 * would use as a pool for @host? In the memory Linux uses, clear of what
 * it reserves, below the ARM32 lowmem end, reachable through dma-ranges
 * below 2^32 on the device's side. The highest such window ends at one of
 * the ends of those ranges, so those are the candidates.
 */
static int desc(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? 1 : a > b ? -1 : 0;
}

static int room(char **a, int n)
{
	static uint64_t cand[MAX_CAND];
	uint64_t r[16][3], need, b;
	unsigned int nc = 0, i;
	int host, nr, k;
	void *fdt;
	struct lm m;

	if (n < 4) {
		fprintf(stderr, "judge: room: bad arguments\n");
		return 2;
	}
	fdt = load_filled(a[0], n > 4 ? a[4] : NULL);
	if (!fdt)
		return 2;
	need = strtoull(a[3], NULL, 0);
	lm_init(&m, fdt, !strcmp(a[1], "arm"), 0);
	host = fdt_path_offset(fdt, a[2]);
	nr = host < 0 ? 0 : host_dma_ranges(fdt, host, r, 16);
	for (i = 0; i < m.nmem; i++)
		cand[nc++] = m.mem[i].base + m.mem[i].size;
	for (i = 0; i < m.nresv; i++)
		cand[nc++] = m.resv[i].base;
	for (k = 0; k < nr; k++) {
		cand[nc++] = r[k][1] + r[k][2];
		if (r[k][0] < (1ULL << 32))
			cand[nc++] = r[k][1] + ((1ULL << 32) - r[k][0]);
	}
	if (m.arm32)
		cand[nc++] = m.lowmem_end;
	resv_mem(&m, 0, 0, cand, &nc);
	qsort(cand, nc, sizeof(cand[0]), desc);
	for (i = 0; i < nc; i++) {
		if (cand[i] < need)
			continue;
		b = (cand[i] - need) & ~0x1fffffULL;
		if (!lm_usable(&m, b, need) && !resv_mem(&m, b, need, NULL, NULL) &&
		    lm_reaches(fdt, host, b, need) &&
		    dma_below(r, nr, b, need, 32)) {
			printf("room at 0x%llx\n", (unsigned long long)b);
			free(fdt);
			return 0;
		}
	}
	free(fdt);
	return 1;
}

static int disabled(const void *fdt, const char *hostpath)
{
	int host = fdt_path_offset(fdt, hostpath), sib;

	if (host < 0)
		return 2;
	fdt_for_each_subnode(sib, fdt, fdt_parent_offset(fdt, host))
		if (!strcmp(fdt_get_name(fdt, sib, NULL),
			    fdt_get_name(fdt, host, NULL)) && probed(fdt, sib))
			return 1;
	return 0;
}

/* the restricted pool at @path in @fdt: its first reg pair */
static int pool_reg(const void *fdt, const char *path, uint64_t *base,
		    uint64_t *size)
{
	int node = fdt_path_offset(fdt, path), len;
	int rm = fdt_parent_offset(fdt, node);
	int ac = fdt_address_cells(fdt, rm), sc = fdt_size_cells(fdt, rm);
	const fdt32_t *reg;

	if (node < 0 || rm < 0 || ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -1;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len < (ac + sc) * 4)
		return -1;
	*base = lm_cells(reg, ac);
	*size = lm_cells(reg + ac, sc);
	return 0;
}

/* a record domain's "endpoints" stringlist as chains (none: 0 of them) */
static int record_chains(const void *fdt, int dom, struct lm_chain *ch,
			 unsigned int *n)
{
	const char *v = fdt_getprop(fdt, dom, "endpoints", NULL);
	char list[MAX_CHAINS * MAX_HOPS * 5 + 1];
	int len, i;

	*n = 0;
	if (!v)
		return 0;
	fdt_getprop(fdt, dom, "endpoints", &len);
	if (len < 2 || len > (int)sizeof(list) - 1 || v[len - 1])
		return -1;
	for (i = 0; i < len - 1; i++)
		list[i] = v[i] ? v[i] : ',';
	list[len - 1] = 0;
	return parse_chains(list, ch, n);
}

static int record(char **a, int n)
{
	struct lm_chain ch[MAX_CHAINS];
	unsigned int nch = 0, claims = 0;
	const char *state, *host, *pool;
	uint64_t base, size;
	int rec, dom, ret = 0;
	void *fdt;
	struct lm m;

	if (n != 2) {
		fprintf(stderr, "judge: record: bad arguments\n");
		return 2;
	}
	fdt = load(a[0], 0);
	if (!fdt)
		return 2;
	lm_init(&m, fdt, !strcmp(a[1], "arm"), 0);
	rec = fdt_path_offset(fdt, "/chosen/dmacage");
	if (rec < 0) {
		printf("no /chosen/dmacage record\n");
		ret = 1;
	}
	fdt_for_each_subnode(dom, fdt, rec) {
		const char *name = fdt_get_name(fdt, dom, NULL);

		state = fdt_getprop(fdt, dom, "state", NULL);
		host = fdt_getprop(fdt, dom, "host", NULL);
		pool = fdt_getprop(fdt, dom, "restricted-pool", NULL);
		if (!state || !host) {
			printf("%s: no state or host in the record\n", name);
			ret = 1;
		} else if (!strcmp(state, "confined")) {
			claims++;
			if (record_chains(fdt, dom, ch, &nch)) {
				printf("%s: the record's endpoints do not parse\n",
				       name);
				ret = 1;
			} else if (!pool || pool_reg(fdt, pool, &base, &size)) {
				printf("%s: recorded confined, but its pool %s is not in the tree\n",
				       name, pool ? pool : "(none)");
				ret = 1;
			} else if (lm_judge_host(&m, host, nch ? ch : NULL, nch,
						 base, size)) {
				printf("%s: recorded confined, but Linux would not confine it\n",
				       name);
				ret = 1;
			} else {
				printf("%s: confined to %s as Linux reads it\n",
				       name, pool);
			}
		} else if (!strcmp(state, "disabled")) {
			int probed_host = disabled(fdt, host);

			claims++;
			if (probed_host) {
				printf("%s: recorded disabled, but %s %s\n", name,
				       host, probed_host == 1 ?
				       "is probed by Linux" : "is not in the tree");
				ret = 1;
			} else {
				printf("%s: disabled as Linux reads it\n", name);
			}
		} else {
			printf("%s: %s, nothing claimed\n", name, state);
		}
	}
	printf("claims: %u\n", claims);
	free(fdt);
	return ret;
}

int main(int argc, char **argv)
{
	void *fdt;
	int ret = 0, i;

	if (argc >= 3 && !strcmp(argv[1], "confined"))
		return confined(argv + 2, argc - 2);
	if (argc >= 3 && !strcmp(argv[1], "room"))
		return room(argv + 2, argc - 2);
	if (argc >= 3 && !strcmp(argv[1], "record"))
		return record(argv + 2, argc - 2);
	if (argc >= 3 && !strcmp(argv[1], "survey")) {
		for (i = 2; i < argc; i++) {
			fdt = load(argv[i], 0);
			if (!fdt)
				ret = 2;
			else
				survey(argv[i], fdt);
			free(fdt);
		}
		return ret;
	}
	if (argc != 4 || strcmp(argv[1], "disabled")) {
		fprintf(stderr, "usage: judge survey DTB... | confined OUT ARCH HOST BASE SIZE CHAINS [DRAM] | room DTB ARCH HOST SIZE [DRAM] | disabled OUT HOST | record OUT ARCH\n");
		return 2;
	}
	fdt = load(argv[2], 0);
	if (!fdt)
		return 2;
	ret = disabled(fdt, argv[3]);
	free(fdt);
	return ret;
}
