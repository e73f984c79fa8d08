/* 64-bit arithmetic a 32-bit freestanding guest cannot get from the compiler: a 64-bit
 * division would call libgcc's __udivdi3, which this image does not link. */
#ifndef VTICK_GUEST_MATH64_H
#define VTICK_GUEST_MATH64_H

#include <stdint.h>

/* dividend / divisor by shift-and-subtract (64 steps); divisor must not be 0. */
uint64_t div_u64(uint64_t dividend, uint64_t divisor);

/* (a * mul) >> 32 without a 96-bit intermediate: two 32x32->64 multiplies, as Linux's
 * mul_u64_u32_shr(a, mul, 32). */
static inline uint64_t mul_u64_u32_shr32(uint64_t a, uint32_t mul) {
  const uint64_t low = (uint64_t)(uint32_t)a * mul;
  const uint64_t high = (uint64_t)(uint32_t)(a >> 32) * mul;
  return high + (low >> 32);
}

#endif
