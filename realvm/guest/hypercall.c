#include "hypercall.h"

#include "cpu.h"
#include "portio.h"
#include "realvm/protocol.h"

static volatile struct vtick_hypercall_args* args;

void hypercall_init(uint32_t args_gpa) {
  args = (volatile struct vtick_hypercall_args*)args_gpa;
}

uint32_t hypercall(uint32_t number, uint32_t timer_id, uint32_t generation, uint64_t deadline_ns) {
  /* Interrupts off: an interrupt handler's hypercall in between would overwrite our
   * arguments or our result. */
  const uint32_t flags = irq_save();
  if (args) {
    args->timer_id = timer_id;
    args->generation = generation;
    args->deadline_ns = deadline_ns;
  }
  outl(VTICK_PORT_HYPERCALL, number);
  const uint32_t result = inl(VTICK_PORT_HYPERCALL);
  irq_restore(flags);
  return result;
}
