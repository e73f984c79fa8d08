// kvmclock minus CLOCK_MONOTONIC, sampled now. Both run at the host's rate, but kvmclock is
// derived from the TSC and CLOCK_MONOTONIC is NTP-disciplined, so a timer back end
// re-reads the offset at every arm rather than once.
#pragma once

#include <cstdint>

#include "realvm/vmm/vm.hpp"

namespace vtick::realvm::vmm {

std::int64_t kvmclock_minus_host_ns(const Vm& vm);

}  // namespace vtick::realvm::vmm
