// SPDX-License-Identifier: GPL-2.0+
/*
 * PCI device-tree node matching, done exactly the way Linux does it
 * (drivers/pci/of.c: of_pci_find_child_device() and of_pci_get_devfn()), so
 * that a node dmacage finds or creates is the node Linux will give the device.
 */
#include <dmacage/dmacage.h>
#include "fdtutil.h"

/* A PCI child's reg: phys.hi phys.mid phys.lo size.hi size.lo at least. */
#define DMC_PCI_REG_MIN_CELLS	5

int dmc_pci_devfn(const void *fdt, int node)
{
	const fdt32_t *reg;
	int len;

	reg = dmc_getprop(fdt, node, "reg", &len);
	if (!reg || len < DMC_PCI_REG_MIN_CELLS * (int)sizeof(*reg))
		return -DMC_E_NOTFOUND;
	/* Only bits 15:8 count: Linux ignores the bus number here. */
	return (fdt32_to_cpu(reg[0]) >> 8) & 0xff;
}

bool dmc_pci_is_multifunc(const void *fdt, int node)
{
	static const char mf[] = "multifunc-device";
	const char *name = dmc_get_name(fdt, node, NULL);

	/* of_node_name_eq(): the name without its unit address */
	return name && !strncmp(name, mf, sizeof(mf) - 1) &&
	       (!name[sizeof(mf) - 1] || name[sizeof(mf) - 1] == '@');
}

int dmc_pci_find_child(const void *fdt, int parent, uint8_t devfn)
{
	int child, grandchild;

	/* First match in DT order wins; names and status do not matter. */
	dmc_for_each_subnode(child, fdt, parent) {
		if (dmc_pci_devfn(fdt, child) == devfn)
			return child;
		/* some firmware groups a device's functions under this node */
		if (!dmc_pci_is_multifunc(fdt, child))
			continue;
		dmc_for_each_subnode(grandchild, fdt, child)
			if (dmc_pci_devfn(fdt, grandchild) == devfn)
				return grandchild;
	}
	return child == -FDT_ERR_NOTFOUND ? -DMC_E_NOTFOUND : -DMC_E_BADFDT;
}
