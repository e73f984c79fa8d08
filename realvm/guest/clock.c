#include "clock.h"

#include "kvmclock.h"
#include "math64.h"
#include "realvm/protocol.h"
#include "tick.h"

static uint32_t kind;
static uint64_t tick_length_ns;
static uint64_t kvmclock_origin_ns;

void clock_start(uint32_t clock, uint64_t tick_ns) {
  kind = clock;
  tick_length_ns = tick_ns;
  if (kind == VTICK_CLOCK_KVMCLOCK) {
    kvmclock_origin_ns = kvmclock_read_ns();
  }
}

uint32_t clock_kind(void) {
  return kind;
}

uint64_t clock_now_ns(void) {
  if (kind == VTICK_CLOCK_KVMCLOCK) {
    return kvmclock_read_ns() - kvmclock_origin_ns;
  }
  return clock_ns_at_jiffies(jiffies);
}

uint64_t clock_tick_ns(void) {
  return tick_length_ns;
}

uint64_t clock_ns_at_jiffies(uint32_t j) {
  return (uint64_t)j * tick_length_ns;
}

uint64_t clock_source_ns_at(uint64_t clock_ns) {
  return kvmclock_origin_ns + clock_ns;
}

uint32_t clock_ticks_covering(uint64_t ns) {
  return (uint32_t)div_u64(ns + tick_length_ns - 1, tick_length_ns);
}
