/* U-Boot <env.h>: override.c needs nothing from it on the host. */
