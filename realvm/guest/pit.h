/* The 8254 PIT's channel 0, wired to IRQ 0. */
#ifndef VTICK_GUEST_PIT_H
#define VTICK_GUEST_PIT_H

#include <stdint.h>

#define PIT_INPUT_HZ 1193182u /* the 8254's input clock, 14.31818 MHz / 12 */

/* The reload value that makes channel 0 fire closest to `hz` times a second. */
uint32_t pit_reload_for(uint32_t hz);
/* Start channel 0 as a rate generator with that reload value. */
void pit_start_periodic(uint32_t reload);

#endif
