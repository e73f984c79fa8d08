#include "outsourced_timer.h"

#include "clock.h"
#include "cpu.h"
#include "host_cq.h"
#include "hypercall.h"
#include "math64.h"
#include "pic.h"
#include "pit.h"
#include "realvm/protocol.h"
#include "tick.h"
#include "trace.h"

static volatile struct vtick_timer_ring* ring;
static struct timer_list* by_id[VTICK_OUTSOURCED_MAX_TIMERS];

void outsourced_timers_start(const struct vtick_boot_config* config) {
  const uint32_t hz = config->hz;
  ring = (volatile struct vtick_timer_ring*)config->timer_ring_gpa;
  if (config->host_cq_gpa) {
    host_cq_start(config, &ring->tail); /* the kernel's queue replaces the VMM's ring */
  }
  /* The jiffy length a PIT at `hz` would have, so that timeouts round exactly as in the
   * tick schemes; no PIT is programmed. */
  const uint64_t tick_ns = div_u64((uint64_t)pit_reload_for(hz) * 1000000000u, PIT_INPUT_HZ);
  pic_init_with_only(VTICK_OUTSOURCED_TIMER_IRQ);
  clock_start(VTICK_CLOCK_KVMCLOCK, tick_ns);
  trace(VTICK_TRACE_CLOCK_START, VTICK_CLOCK_KVMCLOCK, 0, hz);
}

int outsourced_timers_active(void) {
  return ring != 0;
}

static void refused(uint32_t number, uint32_t result) {
  trace(VTICK_TRACE_HYPERCALL_ERROR, number, clock_now_ns(), result);
}

void outsourced_arm(struct timer_list* t) {
  ++t->generation;
  if (t->id < VTICK_OUTSOURCED_MAX_TIMERS) {
    by_id[t->id] = t;
  }
  const uint64_t deadline = clock_source_ns_at(clock_ns_at_jiffies(t->expires));
  if (host_cq_active()) {
    host_cq_skip_bookkeeping();
  }
  const uint32_t result = hypercall(VTICK_HYPERCALL_TIMER_ARM, t->id, t->generation, deadline);
  if (result != VTICK_HYPERCALL_OK) {
    t->pending = 0; /* no host timer stands behind it: it will never fire */
    refused(VTICK_HYPERCALL_TIMER_ARM, result);
  }
}

void outsourced_cancel(struct timer_list* t) {
  /* The new generation makes any expiry of the old arming still in the ring stale. */
  ++t->generation;
  if (host_cq_active()) {
    host_cq_skip_bookkeeping();
  }
  const uint32_t result = hypercall(VTICK_HYPERCALL_TIMER_CANCEL, t->id, t->generation, 0);
  if (result != VTICK_HYPERCALL_OK) {
    refused(VTICK_HYPERCALL_TIMER_CANCEL, result);
  }
}

static void handle(struct vtick_timer_expiry expiry) {
  struct timer_list* t = expiry.timer_id < VTICK_OUTSOURCED_MAX_TIMERS ? by_id[expiry.timer_id] : 0;
  if (!t || !t->pending || t->generation != expiry.generation) {
    trace(VTICK_TRACE_STALE_EXPIRY, expiry.timer_id, clock_now_ns(), expiry.generation);
    return;
  }
  if (!jiffies_after_eq(jiffies, t->expires)) {
    /* Jiffies were read when the interrupt came; a re-armed expiry can be back within the
     * same drain (host-kernel delivery posts one due at once during the arm hypercall), so
     * look at the clock again before calling it early, or we would re-arm forever. */
    tick_update_jiffies_from_clock();
  }
  if (!jiffies_after_eq(jiffies, t->expires)) {
    /* The host timer ran ahead of kvmclock (the two are different clocks, related by a
     * sampled offset): ask again rather than fire early by our own clock. */
    outsourced_arm(t);
    return;
  }
  t->pending = 0;
  t->function(t);
}

void outsourced_timer_interrupt(void) {
  /* Acknowledge first: an expiry the VMM posts from now on raises a new interrupt, so none
   * can sit in the ring unseen after the drain below. */
  if (host_cq_active()) {
    host_cq_end_of_interrupt();
  } else {
    pic_end_of_interrupt(VTICK_OUTSOURCED_TIMER_IRQ);
  }
  tick_update_jiffies_from_clock();
  struct vtick_timer_expiry expiry;
  if (host_cq_active()) {
    while (host_cq_take(&expiry)) {
      handle(expiry);
    }
    return;
  }
  uint32_t tail = ring->tail;
  while (tail != ring->head) {
    barrier(); /* read the entry only after seeing the head that published it */
    expiry = (struct vtick_timer_expiry){ring->entries[tail % VTICK_TIMER_RING_SIZE].timer_id,
                                              ring->entries[tail % VTICK_TIMER_RING_SIZE].generation};
    barrier();
    ring->tail = ++tail; /* the slot may be reused only once we have copied it */
    handle(expiry);
  }
}

int outsourced_expiry_posted(void) {
  if (host_cq_active()) {
    return host_cq_expiry_waiting();
  }
  return ring->head != ring->tail;
}
