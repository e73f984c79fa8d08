/* The few privileged instructions the guest needs. */
#ifndef VTICK_GUEST_CPU_H
#define VTICK_GUEST_CPU_H

#include <stdint.h>

static inline uint64_t rdtsc(void) {
  uint32_t low, high;
  /* lfence: the TSC must not be read before earlier loads (the pvclock version) complete;
   * Linux's rdtsc_ordered() does the same. */
  __asm__ volatile("lfence; rdtsc" : "=a"(low), "=d"(high) : : "memory");
  return ((uint64_t)high << 32) | low;
}

static inline void wrmsr(uint32_t msr, uint64_t value) {
  __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32)));
}

static inline void cpuid(uint32_t leaf, uint32_t* a, uint32_t* b, uint32_t* c, uint32_t* d) {
  __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

static inline uint32_t irq_save(void) {
  uint32_t flags;
  __asm__ volatile("pushfl; popl %0; cli" : "=r"(flags) : : "memory");
  return flags;
}

static inline void irq_restore(uint32_t flags) {
  __asm__ volatile("pushl %0; popfl" : : "r"(flags) : "memory", "cc");
}

#define barrier() __asm__ volatile("" : : : "memory")

#endif
