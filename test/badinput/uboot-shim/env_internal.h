/* U-Boot <env_internal.h>: override.c needs nothing from it on the host. */
