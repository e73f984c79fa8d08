#include "misbehave.h"

#include "clock.h"
#include "hypercall.h"
#include "realvm/protocol.h"
#include "trace.h"

/* Enough to run through the VMM's burst allowance many times over. */
#define FLOOD_CALLS 4000u
/* Cycles through every valid slot and as many invalid ids. */
#define FLOOD_IDS (2u * VTICK_OUTSOURCED_MAX_TIMERS)
/* Far enough ahead not to fire during a test run, well within the VMM's horizon. */
#define FLOOD_DEADLINE_NS 10000000000ull

static void call_and_trace(uint32_t number, uint32_t timer_id, uint64_t deadline_ns) {
  const uint32_t result = hypercall(number, timer_id, 1, deadline_ns);
  trace(VTICK_TRACE_HYPERCALL_ERROR, number, 0, result);
}

static void bad_hypercalls(void) {
  call_and_trace(0x1234u, 0, 0);                                     /* no such call */
  call_and_trace(VTICK_HYPERCALL_TIMER_ARM, 0xffffu, 0);             /* id out of range */
  call_and_trace(VTICK_HYPERCALL_TIMER_ARM, 0, 0xffffffffffffffffull); /* deadline absurd */
  call_and_trace(VTICK_HYPERCALL_TIMER_CANCEL, VTICK_OUTSOURCED_MAX_TIMERS, 0);
}

static void timer_flood(void) {
  for (uint32_t i = 0; i < FLOOD_CALLS; ++i) {
    (void)hypercall(VTICK_HYPERCALL_TIMER_ARM, i % FLOOD_IDS, i, clock_source_ns_at(FLOOD_DEADLINE_NS));
  }
}

static void triple_fault(void) {
  /* No gate for ud2's #UD, none for the #GP that raises, none for the #DF after it. (ud2,
   * not int3: KVM's instruction emulator, which runs this guest on hosts without hardware
   * virtualization, implements `int n` for real mode only, as it does `iret`.) */
  const struct {
    uint16_t limit;
    uint32_t base;
  } __attribute__((packed)) empty = {0, 0};
  __asm__ volatile("cli; lidt %0; ud2" : : "m"(empty));
}

static void spin(void) {
  __asm__ volatile("cli");
  for (;;) {
    __asm__ volatile("" : : : "memory");
  }
}

void misbehave(uint32_t how) {
  switch (how) {
    case VTICK_MISBEHAVE_BAD_HYPERCALLS: bad_hypercalls(); break;
    case VTICK_MISBEHAVE_TIMER_FLOOD: timer_flood(); break;
    case VTICK_MISBEHAVE_TRIPLE_FAULT: triple_fault(); break;
    case VTICK_MISBEHAVE_SPIN: spin(); break;
    default: break;
  }
}
