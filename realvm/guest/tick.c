#include "tick.h"

#include "clock.h"
#include "math64.h"
#include "pic.h"
#include "pit.h"
#include "realvm/protocol.h"
#include "timer.h"
#include "trace.h"

volatile uint32_t jiffies;
static uint32_t interrupts_handled;

void tick_start(uint32_t hz, uint32_t kind) {
  const uint32_t reload = pit_reload_for(hz);
  /* The tick the PIT really produces: reload / 1193182 s, not 1/hz (Linux's TICK_NSEC). */
  const uint64_t tick_ns = div_u64((uint64_t)reload * 1000000000u, PIT_INPUT_HZ);
  pic_init_with_only(PIT_IRQ);
  /* Clock origin, its trace record and the PIT start as close together as possible: the
   * VMM pairs the record's host stamp with guest time 0. */
  clock_start(kind, tick_ns);
  trace(VTICK_TRACE_CLOCK_START, kind, 0, hz);
  pit_start_periodic(reload);
}

void tick_update_jiffies_from_clock(void) {
  const uint64_t now = clock_now_ns();
  while (now >= clock_ns_at_jiffies(jiffies + 1)) {
    ++jiffies;
  }
}

void tick_interrupt(void) {
  ++interrupts_handled;
  if (clock_kind() != VTICK_CLOCK_JIFFIES) {
    /* A clocksource makes jiffies follow time, not interrupts: a late tick advances them
     * by every period that has passed. */
    tick_update_jiffies_from_clock();
  } else {
    ++jiffies;
  }
  pic_end_of_interrupt(PIT_IRQ);
  run_timers(jiffies);
}

uint32_t tick_interrupts_handled(void) {
  return interrupts_handled;
}
