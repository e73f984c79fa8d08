/* Times bare VM exits: `iterations` outs to VTICK_PORT_NOP between two trace records; or,
 * with `hypercalls`, `iterations` TIMER_ARM + TIMER_CANCEL pairs (two exits each, plus the
 * VMM's work on the host timer). */
#ifndef VTICK_GUEST_EXIT_BENCH_H
#define VTICK_GUEST_EXIT_BENCH_H

#include <stdint.h>

void exit_bench_run(uint32_t iterations, int hypercalls);

#endif
