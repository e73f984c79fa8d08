/* Timer outsourcing (the seed paper's scheme): no periodic tick. Each add/mod/del of a
 * kernel timer is a hypercall; the VMM arms a host timer per guest timer and reports its
 * expiry as {timer id, generation} in a shared ring plus an edge on
 * VTICK_OUTSOURCED_TIMER_IRQ. A generation that no longer matches means a del/mod overtook
 * the expiry: it is dropped, so no stale callback ever runs. */
#ifndef VTICK_GUEST_OUTSOURCED_TIMER_H
#define VTICK_GUEST_OUTSOURCED_TIMER_H

#include <stdint.h>

#include "realvm/protocol.h"
#include "timer.h"

/* Start kvmclock-driven jiffies at the config's hz and take expiries from the VMM's ring
 * at timer_ring_gpa, or, when host_cq_gpa is set, from the host kernel's completion queue
 * (host_cq.h). */
void outsourced_timers_start(const struct vtick_boot_config* config);
int outsourced_timers_active(void);
/* With interrupts off, from timer.c: (re)arm t at t->expires (jiffies), or disarm it. */
void outsourced_arm(struct timer_list* t);
void outsourced_cancel(struct timer_list* t);
/* VTICK_OUTSOURCED_TIMER_IRQ handler body (interrupts off). */
void outsourced_timer_interrupt(void);
/* An expiry is waiting in the ring (the VMM has posted more than the guest has drained). */
int outsourced_expiry_posted(void);

#endif
