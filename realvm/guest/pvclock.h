/* Reading a pvclock page (Linux arch/x86/include/asm/pvclock-abi.h, pvclock.h). */
#ifndef VTICK_GUEST_PVCLOCK_H
#define VTICK_GUEST_PVCLOCK_H

#include <stdint.h>

/* struct pvclock_vcpu_time_info: the host bumps `version` to odd before it rewrites the
 * page and to even after, so a reader retries while it sees an odd or changed version. */
struct pvclock_vcpu_time_info {
  uint32_t version;
  uint32_t pad0;
  uint64_t tsc_timestamp;
  uint64_t system_time; /* ns at tsc_timestamp */
  uint32_t tsc_to_system_mul;
  int8_t tsc_shift;
  uint8_t flags;
  uint8_t pad[2];
} __attribute__((packed));

#define PVCLOCK_TSC_STABLE_BIT 0x01

/* system_time + ((tsc - tsc_timestamp) shifted by tsc_shift) * mul >> 32, in ns. */
uint64_t pvclock_read_ns(const volatile struct pvclock_vcpu_time_info* page);

#endif
