// SPDX-License-Identifier: GPL-2.0+
/*
 * The MSI doorbell of a PCI host bridge, found as Linux 6.1 finds the MSI
 * domain of the functions behind it:
 *
 *   - msi-map (of_msi_map_get_device_domain(), __of_msi_map_id()): the
 *     first node with one on the device's parent links, i.e. the host
 *     bridge, then its DT ancestors; 4 cells per entry
 *     <rid-base controller msi-base length>;
 *   - else the host bridge's own msi-parent (pci_host_bridge_of_msi_domain()
 *     reads bus->dev.of_node, the host; not its ancestors), phandles with
 *     the controller's #msi-cells arguments; the first is taken.
 *
 * The controller's compatible then says where its doorbell is; one
 * dmacage does not know is refused rather than guessed at: a guessed page
 * would either block the interrupts or open a page nobody checked.
 */
#include <dmacage/dmacage.h>
#include "fdtutil.h"

/* GICv2m: MSI_SETSPI_NS in the frame. GICv3 ITS: GITS_TRANSLATER. */
#define DMC_V2M_SETSPI		0x40
#define DMC_ITS_TRANSLATER	0x10040

/* The sentence goes to @why, or nothing in a terse build (DMC_WHY()). */
#define dmc_msi_why(why, len, ...) \
	(DMC_WHY(why, len, __VA_ARGS__), -DMC_E_NOFIT)

/*
 * of_translate_address() of @addr, an address in @node's parent bus, up
 * to the root through every ancestor's ranges (empty: one to one; absent:
 * the bus is not translatable, as Linux says OF_BAD_ADDR).
 */
static int dmc_msi_translate(const void *fdt, int node, uint64_t *addr)
{
	const fdt32_t *p;
	uint64_t child = 0, parent_addr = 0, size;
	int bus, parent, len, cac, csc, pac, psc, stride, i, ret;

	for (bus = dmc_parent_offset(fdt, node); bus > 0; bus = parent) {
		parent = dmc_parent_offset(fdt, bus);
		if (parent < 0)
			return -DMC_E_BADFDT;
		p = dmc_getprop(fdt, bus, "ranges", &len);
		if (!p)
			return -DMC_E_BADFDT;
		if (!len)
			continue;
		if (dmc_node_cells(fdt, bus, &cac, &csc))
			return -DMC_E_BADFDT;
		ret = parent ? dmc_node_cells(fdt, parent, &pac, &psc) :
		      dmc_root_cells(fdt, &pac, &psc);
		if (ret)
			return -DMC_E_BADFDT;
		stride = cac + pac + csc;
		if (len % (stride * (int)sizeof(*p)))
			return -DMC_E_BADFDT;
		for (i = 0; i < len / (stride * (int)sizeof(*p)); i++) {
			child = dmc_read_cells(p + i * stride, cac);
			parent_addr = dmc_read_cells(p + i * stride + cac, pac);
			size = dmc_read_cells(p + i * stride + cac + pac, csc);
			if (*addr >= child && *addr - child < size)
				break;
		}
		if (i == len / (stride * (int)sizeof(*p)))
			return -DMC_E_BADFDT;
		*addr = *addr - child + parent_addr;
	}
	return 0;
}

/* The doorbell of MSI controller @ctrl (phandle @ph, named by @by). */
static int dmc_msi_ctrl(const void *fdt, uint32_t ph, const char *by,
			uint64_t *addr, char *why, size_t len)
{
	char path[DMC_PATH_MAX];
	uint64_t base, size, off;
	int ctrl, ret;

	ctrl = dmc_node_by_phandle(fdt, ph);
	if (ctrl < 0)
		return dmc_msi_why(why, len,
				   "%s names MSI controller phandle 0x%x, which is not in the OS DT",
				   by, ph);
	if (fdt_get_path(fdt, ctrl, path, sizeof(path)))
		dmc_fmt(path, sizeof(path), "phandle 0x%x", ph);
	if (dmc_compatible(fdt, ctrl, "arm,gic-v2m-frame"))
		off = DMC_V2M_SETSPI;
	else if (dmc_compatible(fdt, ctrl, "arm,gic-v3-its"))
		off = DMC_ITS_TRANSLATER;
	else
		return dmc_msi_why(why, len,
				   "MSI controller %s (%s) has no doorbell dmacage knows; state it with msi-doorbell",
				   path, (const char *)dmc_getprop(fdt, ctrl,
					"compatible", NULL) ?: "no compatible");
	if (!dmc_node_available(fdt, ctrl))
		return dmc_msi_why(why, len,
				   "MSI controller %s is disabled; Linux gives no MSI through it",
				   path);
	ret = dmc_reg(fdt, dmc_parent_offset(fdt, ctrl), ctrl, 0, &base,
		      &size);
	if (ret || size < off + 4 || dmc_msi_translate(fdt, ctrl, &base))
		return dmc_msi_why(why, len,
				   "MSI controller %s: reg is missing, too small or not translatable to a CPU address",
				   path);
	*addr = base + off;
	return 0;
}

/*
 * The controller of the first msi-map on @host or an ancestor: every
 * entry's, which must all have the same doorbell (the grant is one page;
 * which entry a function's requester ID selects is known only once the
 * bus is enumerated). Return: 1 found, 0 none, or an error.
 */
static int dmc_msi_map(const void *fdt, int host, uint64_t *addr, char *why,
		       size_t len)
{
	char by[DMC_PATH_MAX + 8], path[DMC_PATH_MAX];
	const fdt32_t *p;
	uint64_t a;
	int node, plen, i, ret;

	for (node = host; node >= 0;
	     node = node ? dmc_parent_offset(fdt, node) : -1) {
		p = dmc_getprop(fdt, node, "msi-map", &plen);
		if (p)
			break;
	}
	if (node < 0)
		return 0;
	if (fdt_get_path(fdt, node, path, sizeof(path)))
		strcpy(path, "?");
	dmc_fmt(by, sizeof(by), "%s/msi-map", path);
	if (!plen || plen % 16)
		return dmc_msi_why(why, len,
				   "%s is %d bytes, not entries of 4 cells", by,
				   plen);
	for (i = 0; i < plen / 16; i++) {
		ret = dmc_msi_ctrl(fdt, fdt32_to_cpu(p[4 * i + 1]), by,
				   i ? &a : addr, why, len);
		if (ret)
			return ret;
		if (i && a != *addr)
			return dmc_msi_why(why, len,
					   "%s names MSI controllers with doorbells 0x%llx and 0x%llx; the grant is one page, state it with msi-doorbell",
					   by, (unsigned long long)*addr,
					   (unsigned long long)a);
	}
	return 1;
}

int dmc_msi_doorbell(const void *fdt, int host, uint64_t *addr, char *why,
		     size_t len)
{
	char by[DMC_PATH_MAX + 12], path[DMC_PATH_MAX];
	const fdt32_t *p;
	int ret, plen;

	ret = dmc_msi_map(fdt, host, addr, why, len);
	if (ret)
		return ret < 0 ? ret : 0;
	if (fdt_get_path(fdt, host, path, sizeof(path)))
		strcpy(path, "?");
	p = dmc_getprop(fdt, host, "msi-parent", &plen);
	if (!p)
		return dmc_msi_why(why, len,
				   "%s has no msi-parent and no msi-map is on it or above; Linux finds no MSI controller to grant",
				   path);
	dmc_fmt(by, sizeof(by), "%s/msi-parent", path);
	if (plen < 4)
		return dmc_msi_why(why, len, "%s is %d bytes, not a phandle",
				   by, plen);
	return dmc_msi_ctrl(fdt, fdt32_to_cpu(p[0]), by, addr, why, len);
}
