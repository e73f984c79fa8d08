#include "clock.h"

#include "kvmclock.h"
#include "math64.h"
#include "pvclock.h"
#include "realvm/protocol.h"
#include "tick.h"

/* 0 until clock_start: an exit before it (a bad config) reads the clock as 0. */
static uint32_t kind;
static uint64_t tick_length_ns;
static uint64_t source_origin_ns;
static const volatile struct pvclock_vcpu_time_info* vmm_page;

void clock_use_vmm_pvclock(uint32_t page_gpa) {
  vmm_page = (const volatile struct pvclock_vcpu_time_info*)page_gpa;
}

/* The clocksource's own reading (kvmclock: ns since the host's epoch for this VM). */
static uint64_t source_read_ns(void) {
  return kind == VTICK_CLOCK_KVMCLOCK ? kvmclock_read_ns() : pvclock_read_ns(vmm_page);
}

void clock_start(uint32_t clock, uint64_t tick_ns) {
  kind = clock;
  tick_length_ns = tick_ns;
  if (kind != VTICK_CLOCK_JIFFIES) {
    source_origin_ns = source_read_ns();
  }
}

uint32_t clock_kind(void) {
  return kind;
}

uint64_t clock_now_ns(void) {
  if (kind == VTICK_CLOCK_KVMCLOCK || kind == VTICK_CLOCK_VMM_PVCLOCK) {
    return source_read_ns() - source_origin_ns;
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
  return source_origin_ns + clock_ns;
}

uint32_t clock_ticks_covering(uint64_t ns) {
  return (uint32_t)div_u64(ns + tick_length_ns - 1, tick_length_ns);
}
