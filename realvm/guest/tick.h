/* The periodic tick: PIT channel 0 -> IRQ 0 -> jiffies -> timers. */
#ifndef VTICK_GUEST_TICK_H
#define VTICK_GUEST_TICK_H

#include <stdint.h>

extern volatile uint32_t jiffies;

/* Start the clock of `clock_kind` and a PIT tick at about `hz`. */
void tick_start(uint32_t hz, uint32_t clock_kind);
/* IRQ 0 handler body (interrupts off). */
void tick_interrupt(void);
uint32_t tick_interrupts_handled(void);
/* With a clocksource: advance jiffies by every tick period that has passed (Linux's
 * tick_do_update_jiffies64()). */
void tick_update_jiffies_from_clock(void);

#endif
