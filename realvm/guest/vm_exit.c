#include "vm_exit.h"

#include "clock.h"
#include "console.h"
#include "portio.h"
#include "realvm/protocol.h"
#include "tick.h"
#include "trace.h"

void vm_exit(uint32_t code) {
  __asm__ volatile("cli");
  trace(VTICK_TRACE_TICK_SUMMARY, 0, clock_now_ns(), tick_interrupts_handled());
  trace(VTICK_TRACE_EXIT, code, clock_now_ns(), jiffies);
  console_write("vtick guest: exit ");
  console_write_u32(code);
  console_write("\n");
  outl(VTICK_PORT_EXIT, code);
  /* A VMM that ignores the exit port leaves us here: halt with interrupts off for good. */
  for (;;) {
    __asm__ volatile("hlt");
  }
}

void vm_exit_with_fault(uint32_t vector, uint32_t eip, uint32_t error_code) {
  console_write("vtick guest: exception ");
  console_write_u32(vector);
  console_write(" at eip ");
  console_write_u32(eip);
  console_write(" error ");
  console_write_u32(error_code);
  console_write("\n");
  vm_exit(VTICK_EXIT_EXCEPTION_BASE + vector);
}
