// The host clock trace records are stamped with: CLOCK_MONOTONIC, the clock KVM's
// kvmclock and the kernel's hrtimers (hence timerfd and the in-kernel PIT) follow.
#pragma once

#include <time.h>

#include <cstdint>

namespace vtick::realvm::vmm {

inline std::int64_t host_clock_ns(clockid_t clock) {
  timespec now{};
  clock_gettime(clock, &now);
  return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

inline std::int64_t host_monotonic_ns() { return host_clock_ns(CLOCK_MONOTONIC); }

/// CLOCK_REALTIME - CLOCK_MONOTONIC, for stamps another program took by the wall clock (QEMU's
/// log): from the pair of monotonic reads, of five, that bracket a realtime read most tightly.
inline std::int64_t realtime_minus_monotonic_ns() {
  std::int64_t best = 0;
  std::int64_t best_span = INT64_MAX;
  for (int i = 0; i < 5; ++i) {
    const std::int64_t before = host_monotonic_ns();
    const std::int64_t real = host_clock_ns(CLOCK_REALTIME);
    const std::int64_t after = host_monotonic_ns();
    if (after - before < best_span) {
      best_span = after - before;
      best = real - (before + (after - before) / 2);
    }
  }
  return best;
}

}  // namespace vtick::realvm::vmm
