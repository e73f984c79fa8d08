// The host clock trace records are stamped with: CLOCK_MONOTONIC, the clock KVM's
// kvmclock and the kernel's hrtimers (hence timerfd and the in-kernel PIT) follow.
#pragma once

#include <time.h>

#include <cstdint>

namespace vtick::realvm::vmm {

inline std::int64_t host_monotonic_ns() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

}  // namespace vtick::realvm::vmm
