#include "trace.h"

#include "cpu.h"
#include "portio.h"
#include "realvm/protocol.h"
#include "trace_text.h"

/* One record buffer: the VMM has copied it by the time the `out` returns, and interrupts
 * are off while it is filled, so an interrupt handler's trace cannot tear a main-line one. */
static volatile struct vtick_trace_record record;
static int as_text;

void trace_as_text(void) {
  as_text = 1;
}

void trace(uint32_t kind, uint32_t id, uint64_t guest_ns, uint64_t arg) {
  const uint32_t flags = irq_save();
  if (as_text) {
    trace_text_write(kind, id, guest_ns, arg);
    irq_restore(flags);
    return;
  }
  record.kind = kind;
  record.id = id;
  record.guest_ns = guest_ns;
  record.arg = arg;
  outl(VTICK_PORT_TRACE, (uint32_t)&record);
  irq_restore(flags);
}
