/* SPDX-License-Identifier: GPL-2.0+ */
/* Host stand-in for U-Boot's <vsprintf.h>: snprintf() is the C library's. */
#ifndef DMACAGE_SHIM_VSPRINTF_H
#define DMACAGE_SHIM_VSPRINTF_H

#include <stdio.h>

#endif
