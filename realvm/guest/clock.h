/* The guest's clock: jiffies times the tick length, or kvmclock (realvm/protocol.h,
 * enum vtick_clock_kind). Both start at 0 when the tick starts. */
#ifndef VTICK_GUEST_CLOCK_H
#define VTICK_GUEST_CLOCK_H

#include <stdint.h>

/* Before clock_start() with VTICK_CLOCK_VMM_PVCLOCK: where the VMM keeps its page. */
void clock_use_vmm_pvclock(uint32_t page_gpa);
void clock_start(uint32_t kind, uint64_t tick_ns);
uint32_t clock_kind(void);
uint64_t clock_now_ns(void);
uint64_t clock_tick_ns(void);
/* The clock time at which jiffies reaches `j`. */
uint64_t clock_ns_at_jiffies(uint32_t j);
/* A time on this clock as a raw kvmclock reading (what outsourced-timer deadlines are in). */
uint64_t clock_source_ns_at(uint64_t clock_ns);
/* The number of ticks that covers at least `ns` (Linux's nsecs_to_jiffies rounds up too). */
uint32_t clock_ticks_covering(uint64_t ns);

#endif
