/* The run's parameters from a Multiboot command line (realvm/protocol.h lists the keys):
 * how the QEMU runner configures the guest, since QEMU -kernel cannot pass a
 * struct vtick_boot_config. */
#ifndef VTICK_GUEST_CMDLINE_H
#define VTICK_GUEST_CMDLINE_H

#include "realvm/protocol.h"

/* Overrides fields of `config` from `text` (NUL-terminated; its first word, the image path,
 * is skipped). Returns 0, or VTICK_EXIT_BAD_CONFIG after a console line naming the word
 * it could not use. */
uint32_t cmdline_apply(const char* text, struct vtick_boot_config* config);

#endif
