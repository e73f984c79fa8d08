#include "realvm/vmm/kvmclock_offset.hpp"

#include "realvm/vmm/host_clock.hpp"

namespace vtick::realvm::vmm {

std::int64_t kvmclock_minus_host_ns(const Vm& vm) {
  // KVM_GET_CLOCK bracketed by two host reads: the midpoint is when it was taken, to within
  // half the bracket.
  const std::int64_t before = host_monotonic_ns();
  const auto kvmclock = static_cast<std::int64_t>(vm.kvmclock_ns());
  const std::int64_t after = host_monotonic_ns();
  return kvmclock - (before + (after - before) / 2);
}

}  // namespace vtick::realvm::vmm
