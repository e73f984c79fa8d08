/* The run's parameters: the VMM's struct vtick_boot_config, or under a Multiboot loader
 * (QEMU -kernel), which has no way to pass one, defaults overridden by its command line. */
#ifndef VTICK_GUEST_BOOT_CONFIG_H
#define VTICK_GUEST_BOOT_CONFIG_H

#include "realvm/protocol.h"

/* Fills `config`. Returns 0, or VTICK_EXIT_BAD_CONFIG for a config our VMM passed, or a
 * command line a Multiboot loader passed, that this guest cannot run. */
uint32_t boot_config_load(uint32_t loader_magic, uint32_t loader_info, struct vtick_boot_config* config);

#endif
