/* The simulator's random stream (sim/rng.cpp) in the guest: xoshiro256** seeded through
 * splitmix64, so that a workload seeded with the same sim::stream_seed() draws the same
 * numbers here as in the simulator. 64-bit shifts, xors and multiplies only: no libgcc. */
#ifndef VTICK_GUEST_PRNG_H
#define VTICK_GUEST_PRNG_H

#include <stdint.h>

struct prng {
  uint64_t state[4];
};

void prng_seed(struct prng* p, uint64_t stream_seed);
uint64_t prng_next(struct prng* p);

#endif
