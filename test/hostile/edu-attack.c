// SPDX-License-Identifier: GPL-2.0+
/*
 * edu-attack: QEMU's "edu" PCI device (hw/misc/edu.c) as a hostile bus
 * master, driven from user space with no kernel driver. It tries to read
 * the kernel and to write memory the OS owns, with DMA, and to reopen the
 * memory-bus checker from the OS. test/hostile/run.sh builds it static and
 * test/hostile/init.sh runs it; test/hostile/suite.sh judges its lines:
 *
 *   HOSTILE-FACT: <key> <value...>
 *   HOSTILE-ATTACK: <name> key=value...   one line per attack, raw counts
 *   HOSTILE-ERROR: <what>                 the program could not do its job
 *
 * The program only measures; whether a count is a leak or a pass depends on
 * the run (dmacage or the open control) and is decided on the host.
 *
 * edu: BAR0 registers 0x80 src, 0x88 dst, 0x90 count, 0x98 command (bit 0
 * run, bit 1 direction: 0 RAM -> edu buffer, 1 edu buffer -> RAM). The
 * buffer is at device address 0x40000, 4 KiB, but edu's range check wants
 * a transfer to END strictly before 0x41000, so everything moves in 2 KiB
 * chunks at the buffer's start. The DMA runs from a timer 100 ms after the
 * command; the run bit clears when it is done.
 *
 * Memory: /dev/mem (the test kernel has DEVMEM and no STRICT_DEVMEM) to
 * read the kernel as the CPU sees it and to reach the restricted pool, the
 * only RAM inside the device's window; a page of our own, locked, found in
 * /proc/self/pagemap, as the write target outside the window.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define EDU_BUF		0x40000u
#define CHUNK		0x800u
#define PG		4096u

#define TZC_BASE	0x090c0000u
#define TZC_GATE_KEEPER	0x008
#define TZC_REGION0_ID	0x114

static volatile uint32_t *bar;
static int devmem = -1;
static char bdf[256];

static void fact(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fact(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("HOSTILE-FACT: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
}

static void __attribute__((noreturn)) fail(const char *what)
{
	printf("HOSTILE-ERROR: %s: %s\n", what, errno ? strerror(errno) : "");
	fflush(stdout);
	exit(1);
}

static unsigned long read_hex_file(const char *dir, const char *name)
{
	char path[512], buf[64] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return ~0ul;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return strtoul(buf, NULL, 0);
}

static void write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, s, strlen(s)) < 0)
		fail(path);
	close(fd);
}

/* Find edu, enable it (memory + bus master), map BAR0. */
static void edu_open(void)
{
	char dir[512], path[600];
	struct dirent *de;
	uint16_t cmd;
	DIR *d = opendir("/sys/bus/pci/devices");
	int fd;

	if (!d)
		fail("/sys/bus/pci/devices");
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "/sys/bus/pci/devices/%s", de->d_name);
		if (read_hex_file(dir, "vendor") == EDU_VENDOR &&
		    read_hex_file(dir, "device") == EDU_DEVICE) {
			snprintf(bdf, sizeof(bdf), "%s", de->d_name);
			break;
		}
	}
	closedir(d);
	if (!bdf[0]) {
		errno = 0;
		fail("no edu device (1234:11e8) in /sys/bus/pci/devices");
	}
	snprintf(dir, sizeof(dir), "/sys/bus/pci/devices/%s", bdf);
	snprintf(path, sizeof(path), "%s/enable", dir);
	write_str(path, "1");
	/* bus master through the config space, as a driver would */
	snprintf(path, sizeof(path), "%s/config", dir);
	fd = open(path, O_RDWR);
	if (fd < 0 || pread(fd, &cmd, 2, 4) != 2)
		fail(path);
	cmd |= 0x6;
	if (pwrite(fd, &cmd, 2, 4) != 2)
		fail("config: command register");
	close(fd);
	snprintf(path, sizeof(path), "%s/resource0", dir);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0)
		fail(path);
	bar = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (bar == MAP_FAILED)
		fail("mmap resource0");
	close(fd);
	{
		unsigned int bus = 0, dev = 0, fn = 0;

		sscanf(bdf + 5, "%x:%x.%x", &bus, &dev, &fn);
		fact("edu %s ident=0x%08x command=0x%04x rid=0x%04x", bdf,
		     bar[0], cmd, bus << 8 | dev << 3 | fn);
	}
	if ((bar[0] & 0xff) != 0xed) {
		errno = 0;
		fail("BAR0 does not read as edu (ident)");
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * One edu DMA of @len bytes between RAM address @ram and the start of the
 * edu buffer; @to_ram: buffer -> RAM, else RAM -> buffer. 32-bit register
 * writes: everything here lies below 4 GiB (QEMU virt, 1 GiB of RAM).
 */
static void edu_dma(uint64_t ram, uint32_t len, int to_ram)
{
	int i;

	bar[0x80 / 4] = to_ram ? EDU_BUF : (uint32_t)ram;
	bar[0x88 / 4] = to_ram ? (uint32_t)ram : EDU_BUF;
	bar[0x90 / 4] = len;
	bar[0x98 / 4] = 1 | (to_ram ? 2 : 0);
	for (i = 0; i < 500; i++) {
		if (!(bar[0x98 / 4] & 1))
			return;
		sleep_ms(10);
	}
	errno = 0;
	fail("edu DMA did not complete in 5 s");
}

/* RAM -> edu buffer -> RAM, @len <= CHUNK. */
static void edu_copy(uint64_t src, uint64_t dst, uint32_t len)
{
	edu_dma(src, len, 0);
	edu_dma(dst, len, 1);
}

static void mem_read(uint64_t pa, void *buf, size_t len)
{
	if (pread(devmem, buf, len, pa) != (ssize_t)len)
		fail("read /dev/mem");
}

static void mem_write(uint64_t pa, const void *buf, size_t len)
{
	if (pwrite(devmem, buf, len, pa) != (ssize_t)len)
		fail("write /dev/mem");
}

/* Pattern @seed: never 0, so that a denied read (zeros) is told apart. */
static void pattern(uint8_t *p, unsigned int seed)
{
	unsigned int i;

	for (i = 0; i < PG; i++)
		p[i] = 0x80 | ((i * 37 + seed * 11) & 0x7f);
}

/* A page of our own, locked, and its physical address. */
static uint8_t *own_page(uint64_t *pa)
{
	uint8_t *p = mmap(NULL, PG, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t ent;
	int fd;

	if (p == MAP_FAILED)
		fail("mmap own page");
	memset(p, 0x5a, PG);
	if (mlock(p, PG))
		fail("mlock");
	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0 || pread(fd, &ent, 8, (uintptr_t)p / PG * 8) != 8)
		fail("/proc/self/pagemap");
	close(fd);
	if (!(ent >> 63) || !(ent & ((1ull << 55) - 1))) {
		errno = 0;
		fail("own page: no PFN in pagemap (not root?)");
	}
	*pa = (ent & ((1ull << 55) - 1)) * PG;
	return p;
}

/* "Kernel code" in /proc/iomem. */
static void kernel_code(uint64_t *start, uint64_t *end)
{
	char line[256];
	FILE *f = fopen("/proc/iomem", "r");
	unsigned long long s, e;

	if (!f)
		fail("/proc/iomem");
	*start = *end = 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, ": Kernel code") &&
		    sscanf(line, " %llx-%llx", &s, &e) == 2) {
			*start = s;
			*end = e + 1;
		}
	fclose(f);
	if (!*start) {
		errno = 0;
		fail("no 'Kernel code' in /proc/iomem");
	}
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/*
 * The device's restricted pool, from the DT Linux got: the one
 * reserved-memory node with compatible "restricted-dma-pool".
 */
static int find_pool(uint64_t *base, uint64_t *size, char *name, size_t nlen)
{
	const char *rm = "/sys/firmware/devicetree/base/reserved-memory";
	char path[600], comp[128];
	uint8_t reg[16];
	struct dirent *de;
	DIR *d = opendir(rm);
	int fd, n, found = 0;

	if (!d)
		return 0;
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/compatible", rm, de->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		n = read(fd, comp, sizeof(comp) - 1);
		close(fd);
		if (n <= 0 || !memmem(comp, n, "restricted-dma-pool", 19))
			continue;
		snprintf(path, sizeof(path), "%s/%s/reg", rm, de->d_name);
		fd = open(path, O_RDONLY);
		n = fd < 0 ? -1 : read(fd, reg, sizeof(reg));
		if (fd >= 0)
			close(fd);
		if (n == 16) {	/* #address-cells = #size-cells = 2 */
			*base = (uint64_t)be32(reg) << 32 | be32(reg + 4);
			*size = (uint64_t)be32(reg + 8) << 32 | be32(reg + 12);
		} else if (n == 8) {
			*base = be32(reg);
			*size = be32(reg + 4);
		} else {
			continue;
		}
		snprintf(name, nlen, "%s", de->d_name);
		found = 1;
	}
	closedir(d);
	return found;
}

/* Window pages: A holds what edu fetches, C receives what edu writes. */
static uint64_t win_a, win_c;

/*
 * Attack: DMA the kernel page at @pa out through edu into C, and count
 * what came out. The edu buffer is first filled with pattern P from A, C
 * with pattern Q, so that every byte of C tells its story: the kernel's
 * byte (leaked), 0 (the checker answered the read with zeros), P (the read
 * never reached the buffer), Q (the write into C never happened). zero,
 * pattern and stale count only the bytes that differ from the kernel's.
 * @magic/@moff: a marker that must be at @moff of the page when read.
 */
static void read_kernel(const char *name, uint64_t pa, const void *magic,
			size_t mlen, size_t moff)
{
	static uint8_t k[PG], p[PG], q[PG], r[PG];
	unsigned int i, leaked = 0, of = 0, zero = 0, pat = 0, stale = 0;
	uint32_t off;
	int cpu_marker, dma_marker;

	pattern(p, 1);
	pattern(q, 2);
	mem_read(pa, k, PG);
	mem_write(win_a, p, PG);
	mem_write(win_c, q, PG);
	for (off = 0; off < PG; off += CHUNK) {
		edu_dma(win_a + off, CHUNK, 0);	/* buffer := P */
		edu_dma(pa + off, CHUNK, 0);	/* buffer := the kernel? */
		edu_dma(win_c + off, CHUNK, 1);	/* C := buffer */
	}
	mem_read(win_c, r, PG);
	for (i = 0; i < PG; i++) {
		if (k[i] && k[i] != p[i]) {
			of++;
			leaked += r[i] == k[i];
		}
		/* bytes that are not the kernel's, by what they are */
		if (r[i] != k[i]) {
			zero += !r[i];
			pat += r[i] == p[i];
			stale += r[i] == q[i];
		}
	}
	cpu_marker = !memcmp(k + moff, magic, mlen);
	dma_marker = !memcmp(r + moff, magic, mlen);
	printf("HOSTILE-ATTACK: %s addr=0x%llx leaked=%u of=%u zero=%u pattern=%u stale=%u cpu-marker=%s dma-marker=%s\n",
	       name, (unsigned long long)pa, leaked, of, zero, pat, stale,
	       cpu_marker ? "yes" : "no", dma_marker ? "yes" : "no");
	fflush(stdout);
}

/*
 * Attack: DMA pattern P (fetched from A) into our own page outside the
 * window; count the bytes that changed.
 */
static void write_own(uint8_t *own, uint64_t own_pa)
{
	static uint8_t p[PG];
	unsigned int i, changed = 0, to_p = 0;
	uint32_t off;

	pattern(p, 3);
	memset(own, 0x5a, PG);
	mem_write(win_a, p, PG);
	for (off = 0; off < PG; off += CHUNK)
		edu_copy(win_a + off, own_pa + off, CHUNK);
	for (i = 0; i < PG; i++) {
		changed += own[i] != 0x5a;
		to_p += own[i] == p[i];
	}
	printf("HOSTILE-ATTACK: write-own addr=0x%llx changed=%u of=%u to-pattern=%u\n",
	       (unsigned long long)own_pa, changed, PG, to_p);
	fflush(stdout);
}

/* Inside the window: A -> edu -> C must carry the pattern both ways. */
static void window_copy(const char *name)
{
	static uint8_t p[PG], q[PG], r[PG];
	unsigned int i, ok = 0;
	uint32_t off;

	pattern(p, 4);
	pattern(q, 5);
	mem_write(win_a, p, PG);
	mem_write(win_c, q, PG);
	for (off = 0; off < PG; off += CHUNK)
		edu_copy(win_a + off, win_c + off, CHUNK);
	mem_read(win_c, r, PG);
	for (i = 0; i < PG; i++)
		ok += r[i] == p[i];
	printf("HOSTILE-ATTACK: %s from=0x%llx to=0x%llx ok=%u of=%u\n",
	       name, (unsigned long long)win_a, (unsigned long long)win_c, ok, PG);
	fflush(stdout);
}

static sigjmp_buf jb;
static volatile int caught;

static void on_fault(int sig)
{
	caught = sig;
	siglongjmp(jb, 1);
}

/* Map the TZC-400's port from the OS and try to open region 0 to all. */
static void tzc_from_os(void)
{
	volatile uint32_t *t;
	char rd[48], wr[48];
	uint32_t v;
	struct sigaction sa = { .sa_handler = on_fault };

	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	t = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, devmem, TZC_BASE);
	if (t == MAP_FAILED) {
		printf("HOSTILE-ATTACK: tzc-regs map=refused(%s) read=none write=none\n",
		       strerror(errno));
		fflush(stdout);
		return;
	}
	caught = 0;
	if (!sigsetjmp(jb, 1)) {
		v = t[0];
		snprintf(rd, sizeof(rd), "value=0x%08x", v);
	} else {
		snprintf(rd, sizeof(rd), "%s", caught == SIGBUS ? "sigbus" : "sigsegv");
	}
	caught = 0;
	if (!sigsetjmp(jb, 1)) {
		t[TZC_REGION0_ID / 4] = 0xffffffff;	/* every NSAID, r+w */
		t[TZC_GATE_KEEPER / 4] = 1;		/* filter 0 gate open */
		snprintf(wr, sizeof(wr), "done");
	} else {
		snprintf(wr, sizeof(wr), "%s", caught == SIGBUS ? "sigbus" : "sigsegv");
	}
	munmap((void *)t, PG);
	printf("HOSTILE-ATTACK: tzc-regs map=ok read=%s write=%s\n", rd, wr);
	fflush(stdout);
}

/* The page of the kernel holding the banner (/proc/version). */
static int find_banner(uint64_t ks, uint64_t ke, char *banner, size_t blen,
		       uint64_t *page, size_t *off)
{
	static uint8_t buf[1 << 16];
	FILE *f = fopen("/proc/version", "r");
	uint64_t a;
	size_t n;
	uint8_t *hit;

	if (!f || !fgets(banner, blen, f))
		return 0;
	fclose(f);
	n = strlen(banner) < 48 ? strlen(banner) : 48;
	banner[n] = 0;
	/* overlapping reads, so a banner across two chunks is found too */
	for (a = ks; a < ke; a += sizeof(buf) - 64) {
		size_t len = ke - a < sizeof(buf) ? ke - a : sizeof(buf);

		mem_read(a, buf, len);
		hit = memmem(buf, len, banner, n);
		if (hit) {
			uint64_t pa = a + (hit - buf);

			*page = pa & ~(uint64_t)(PG - 1);
			*off = pa & (PG - 1);
			return 1;
		}
	}
	return 0;
}

int main(void)
{
	uint64_t ks, ke, pbase = 0, psize = 0, own_pa, bpage;
	static uint8_t text_head[64];
	char pname[256] = "", banner[128];
	size_t boff, blen;
	uint8_t *own;

	setvbuf(stdout, NULL, _IOLBF, 0);
	devmem = open("/dev/mem", O_RDWR | O_SYNC);
	if (devmem < 0)
		fail("/dev/mem");
	edu_open();
	kernel_code(&ks, &ke);
	fact("kernel-code 0x%llx-0x%llx", (unsigned long long)ks,
	     (unsigned long long)ke);
	own = own_page(&own_pa);
	fact("own-page 0x%llx", (unsigned long long)own_pa);
	if (find_pool(&pbase, &psize, pname, sizeof(pname)) && psize >= 2 * PG) {
		/* near the pool's end; no disk request is in flight now */
		win_a = pbase + psize - 2 * PG;
		win_c = pbase + psize - PG;
		fact("pool %s 0x%llx 0x%llx", pname, (unsigned long long)pbase,
		     (unsigned long long)psize);
	} else {
		/* no pool in the DT: two more pages of our own */
		uint64_t a, c;

		own_page(&a);
		own_page(&c);
		win_a = a;
		win_c = c;
		fact("pool none");
	}
	fact("window-pages A=0x%llx C=0x%llx", (unsigned long long)win_a,
	     (unsigned long long)win_c);

	/*
	 * Targets, both arches: the first page of "Kernel code" (arm64:
	 * _stext; ARM32: _text), its marker the first 64 bytes as the CPU
	 * reads them; and the page holding linux_banner, the text of
	 * /proc/version, in the kernel's read-only data. (arm64's Image
	 * header at _text is gone by now: arm64_memblock_init() reserves the
	 * kernel from _stext, so the 64 KiB head is reused as free memory.)
	 */
	mem_read(ks, text_head, sizeof(text_head));
	{
		char hex[3 * 16 + 1];
		unsigned int i;

		for (i = 0; i < 16; i++)
			sprintf(hex + 2 * i, "%02x", text_head[i]);
		fact("text-head 0x%llx %s", (unsigned long long)ks, hex);
	}
	if (!find_banner(ks, ke, banner, sizeof(banner), &bpage, &boff)) {
		errno = 0;
		fail("linux_banner not found in Kernel code through /dev/mem");
	}
	blen = strlen(banner);
	if (boff + blen > PG)
		blen = PG - boff;
	fact("banner 0x%llx+0x%zx \"%.*s\"", (unsigned long long)bpage, boff,
	     (int)blen, banner);

	/* 1: read the kernel */
	read_kernel("read-kernel-text", ks, text_head, sizeof(text_head), 0);
	read_kernel("read-kernel-banner", bpage, banner, blen, boff);
	/* 2: write memory the OS owns, outside the window */
	write_own(own, own_pa);
	/* 3: the window itself works */
	window_copy("window");
	/* 4: reopen the checker from the OS, then read the kernel again */
	tzc_from_os();
	read_kernel("read-kernel-after-tzc", bpage, banner, blen, boff);
	window_copy("window-after-tzc");
	printf("HOSTILE-ATTACK: end\n");
	return 0;
}
