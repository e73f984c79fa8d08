/* Kernel timers with Linux's add_timer/mod_timer/del_timer semantics (kernel/time/timer.c):
 * expiry is in jiffies, a timer fires from the tick once jiffies >= expires, and it is
 * pending from arming until it fires or is deleted. Kept as a list sorted by expiry; this
 * guest has a handful of timers, not Linux's thousands, so no wheel. */
#ifndef VTICK_GUEST_TIMER_H
#define VTICK_GUEST_TIMER_H

#include <stdint.h>

struct timer_list {
  struct timer_list* next; /* in the pending list; meaningful only while pending */
  uint32_t expires;        /* jiffies */
  void (*function)(struct timer_list*);
  uint32_t id; /* names the timer in trace records */
  int pending;
  uint32_t generation; /* outsourced timers: bumped by every arm and cancel */
};

/* Arm an idle timer at t->expires. */
void add_timer(struct timer_list* t);
/* (Re-)arm at `expires`, pending or not. Returns 1 if it was pending, 0 if not. */
int mod_timer(struct timer_list* t, uint32_t expires);
/* Disarm. Returns 1 if it was pending, 0 if not. */
int del_timer(struct timer_list* t);
/* Run every timer due at `now` (jiffies), earliest first. Called from the tick with
 * interrupts off; a callback may re-arm its own timer. */
void run_timers(uint32_t now);

/* Jiffies comparison that survives wraparound (Linux's time_after_eq). */
static inline int jiffies_after_eq(uint32_t a, uint32_t b) {
  return (int32_t)(a - b) >= 0;
}

#endif
