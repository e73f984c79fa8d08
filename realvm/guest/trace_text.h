/* Trace records as text lines on VTICK_PORT_TRACE_TEXT (realvm/protocol.h): the form a
 * Multiboot loader's machine (QEMU with a second isa-debugcon) can carry out of the guest. */
#ifndef VTICK_GUEST_TRACE_TEXT_H
#define VTICK_GUEST_TRACE_TEXT_H

#include <stdint.h>

/* "T <kind> <id> <guest_ns> <arg>\n" in hex, one out8 per byte. Call with interrupts off
 * so that an interrupt handler's line cannot land inside this one. */
void trace_text_write(uint32_t kind, uint32_t id, uint64_t guest_ns, uint64_t arg);

#endif
