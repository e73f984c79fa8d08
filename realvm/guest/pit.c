#include "pit.h"

#include "portio.h"

#define PIT_CHANNEL0_DATA 0x40
#define PIT_MODE_COMMAND 0x43
/* Channel 0, access lobyte then hibyte, mode 2 (rate generator), binary counting. The
 * counter starts with the hibyte write, so that is the instant the tick phase is set. */
#define PIT_CHANNEL0_RATE_GENERATOR 0x34

uint32_t pit_reload_for(uint32_t hz) {
  const uint32_t reload = (PIT_INPUT_HZ + hz / 2) / hz;
  return reload > 0xffff ? 0xffff : reload; /* 16-bit counter; 0 would mean 65536 */
}

void pit_start_periodic(uint32_t reload) {
  outb(PIT_MODE_COMMAND, PIT_CHANNEL0_RATE_GENERATOR);
  outb(PIT_CHANNEL0_DATA, (uint8_t)reload);
  outb(PIT_CHANNEL0_DATA, (uint8_t)(reload >> 8));
}
