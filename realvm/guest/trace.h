/* Trace records for the VMM (realvm/protocol.h: one record = one 32-bit out), or as text
 * lines once trace_as_text() was called (Multiboot boots: QEMU). */
#ifndef VTICK_GUEST_TRACE_H
#define VTICK_GUEST_TRACE_H

#include <stdint.h>

void trace(uint32_t kind, uint32_t id, uint64_t guest_ns, uint64_t arg);
void trace_as_text(void);

#endif
