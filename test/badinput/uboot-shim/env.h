/* U-Boot <env.h>: the one call override.c makes; override-host.c has it. */
#ifndef DMACAGE_SHIM_ENV_H
#define DMACAGE_SHIM_ENV_H

char *env_get(const char *name);

#endif
