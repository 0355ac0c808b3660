// SPDX-License-Identifier: GPL-2.0+
/*
 * virtio-rings: print where a virtio-pci (modern) device's rings are, as
 * the device sees them: the queue_desc/queue_driver/queue_device registers
 * of its common configuration structure.
 *
 *   virtio-rings 0000:01:00.0
 *   -> RING q=0 size=256 desc=0x50400000+0x1000 driver=...+0x206 device=...+0x806
 *
 * Coherent allocations served from a per-device pool (dev->dma_mem) never
 * reach the dma-api debug dump, so the e2e test reads the addresses the
 * device will use from the device itself. The BAR is mapped through the
 * sysfs resource file, so no /dev/mem is needed. test/e2e/run.sh builds
 * it static for the guest and adds it to the initramfs.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define PCI_STATUS		0x06
#define PCI_STATUS_CAP_LIST	0x10
#define PCI_CAPABILITY_LIST	0x34
#define PCI_CAP_ID_VNDR		0x09
#define VIRTIO_PCI_CAP_COMMON_CFG 1

/* struct virtio_pci_common_cfg offsets (virtio 1.x, 4.1.4.3) */
#define VCC_NUM_QUEUES		0x12
#define VCC_QUEUE_SELECT	0x16
#define VCC_QUEUE_SIZE		0x18
#define VCC_QUEUE_ENABLE	0x1c
#define VCC_QUEUE_DESC		0x20
#define VCC_QUEUE_DRIVER	0x28
#define VCC_QUEUE_DEVICE	0x30

static const char *bdf;

static void die(const char *what)
{
	fprintf(stderr, "virtio-rings: %s: %s\n", bdf, what);
	exit(1);
}

static uint32_t le(const uint8_t *p, int n)
{
	uint32_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Find the common-config capability: BAR number and offset in the BAR. */
static void find_common_cfg(const uint8_t *cfg, size_t len, int *bar,
			    uint32_t *off)
{
	unsigned int pos, hops = 0;

	if (len < 0x40 || !(le(cfg + PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		die("no capability list in config space");
	for (pos = cfg[PCI_CAPABILITY_LIST] & ~3u; pos && hops < 48;
	     pos = cfg[pos + 1] & ~3u, hops++) {
		if (pos + 16 > len)
			die("capability runs past the readable config space");
		if (cfg[pos] == PCI_CAP_ID_VNDR &&
		    cfg[pos + 3] == VIRTIO_PCI_CAP_COMMON_CFG) {
			*bar = cfg[pos + 4];
			*off = le(cfg + pos + 8, 4);
			return;
		}
	}
	die("no virtio common-config capability (legacy device?)");
}

static uint32_t rd(volatile uint8_t *b, int off, int n)
{
	if (n == 2)
		return *(volatile uint16_t *)(b + off);
	return *(volatile uint32_t *)(b + off);
}

static uint64_t rd64(volatile uint8_t *b, int off)
{
	/* 64-bit fields may be read as two 32-bit halves (virtio 4.1.3.1) */
	return (uint64_t)rd(b, off + 4, 4) << 32 | rd(b, off, 4);
}

int main(int argc, char **argv)
{
	char path[256];
	uint8_t cfg[256];
	volatile uint8_t *c;
	uint8_t *map;
	unsigned int q, nq, sel, size;
	uint32_t off;
	long page = sysconf(_SC_PAGESIZE);
	ssize_t len;
	int fd, bar;

	if (argc != 2) {
		fprintf(stderr, "usage: virtio-rings DOMAIN:BUS:DEV.FN\n");
		return 2;
	}
	bdf = argv[1];
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", bdf);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die("cannot open config space");
	len = read(fd, cfg, sizeof(cfg));
	close(fd);
	if (len < 0)
		die("cannot read config space");
	find_common_cfg(cfg, len, &bar, &off);

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource%d", bdf, bar);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0)
		die("cannot open the BAR's resource file");
	map = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   off & ~(page - 1));
	if (map == MAP_FAILED)
		die("cannot map the BAR");
	c = map + (off & (page - 1));

	nq = rd(c, VCC_NUM_QUEUES, 2);
	sel = rd(c, VCC_QUEUE_SELECT, 2);
	for (q = 0; q < nq; q++) {
		/* Touch queue_select only when there is more than one queue. */
		if (nq > 1)
			*(volatile uint16_t *)(c + VCC_QUEUE_SELECT) = q;
		if (!rd(c, VCC_QUEUE_ENABLE, 2))
			continue;
		size = rd(c, VCC_QUEUE_SIZE, 2);
		/* split ring sizes: 16-byte descriptors, 6 + 2n avail, 6 + 8n used */
		printf("RING q=%u size=%u desc=0x%llx+0x%x driver=0x%llx+0x%x device=0x%llx+0x%x\n",
		       q, size,
		       (unsigned long long)rd64(c, VCC_QUEUE_DESC), 16 * size,
		       (unsigned long long)rd64(c, VCC_QUEUE_DRIVER), 6 + 2 * size,
		       (unsigned long long)rd64(c, VCC_QUEUE_DEVICE), 6 + 8 * size);
	}
	if (nq > 1)
		*(volatile uint16_t *)(c + VCC_QUEUE_SELECT) = sel;
	munmap(map, page);
	close(fd);
	return 0;
}
