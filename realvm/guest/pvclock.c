#include "pvclock.h"

#include "cpu.h"
#include "math64.h"

static uint64_t scale_delta(uint64_t delta, uint32_t mul, int8_t shift) {
  if (shift < 0) {
    delta >>= -shift;
  } else {
    delta <<= shift;
  }
  return mul_u64_u32_shr32(delta, mul);
}

uint64_t pvclock_read_ns(const volatile struct pvclock_vcpu_time_info* page) {
  uint32_t version;
  uint64_t ns;
  do {
    version = page->version;
    /* x86 keeps loads in order; the compiler must too, and rdtsc's lfence keeps the TSC
     * read after the version read (Linux: virt_rmb() + rdtsc_ordered()). */
    barrier();
    const uint64_t tsc = rdtsc();
    const uint64_t stamp = page->tsc_timestamp;
    /* KVM stamps the page on this vCPU's entry, so its TSC is never behind the stamp. Our
     * VMM stamps it from another thread, on another host CPU: a TSC skew between the two (a
     * nested host's offsets) can leave this TSC a little behind it, which as an unsigned
     * delta would read as centuries ahead. Behind the stamp, the page's line runs back. */
    if (tsc >= stamp) {
      ns = page->system_time + scale_delta(tsc - stamp, page->tsc_to_system_mul, page->tsc_shift);
    } else {
      ns = page->system_time - scale_delta(stamp - tsc, page->tsc_to_system_mul, page->tsc_shift);
    }
    barrier();
  } while ((version & 1) || version != page->version);
  return ns;
}
