/* Text output on VTICK_PORT_CONSOLE (QEMU: -device isa-debugcon). One exit per character,
 * so the guest prints only at boot and at exit. */
#ifndef VTICK_GUEST_CONSOLE_H
#define VTICK_GUEST_CONSOLE_H

#include <stdint.h>

void console_write(const char* text);
void console_write_u32(uint32_t value);

#endif
