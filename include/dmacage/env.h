/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Build environment for the freestanding dmacage core.
 *
 * lib/dmacage and the register-level checker code build unchanged in U-Boot
 * and on the host. The only things they take from the environment are fixed
 * width integers, the string/memory primitives, libfdt and the inlining
 * attributes; this header picks
 * the right source for each so that no other file needs an #ifdef.
 */
#ifndef DMACAGE_ENV_H
#define DMACAGE_ENV_H

#ifdef __UBOOT__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/libfdt.h>
#include <stdarg.h>
#else
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <libfdt.h>
/*
 * A function whose frame must not stack on its caller's: U-Boot's
 * <linux/compiler_types.h> and <linux/compiler_attributes.h> define these
 * (to the same text).
 */
#define noinline		__attribute__((__noinline__))
#define noinline_for_stack	noinline
/* A helper that must have no frame of its own (glibc defines it too) */
#ifndef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#endif
#endif

#endif /* DMACAGE_ENV_H */
