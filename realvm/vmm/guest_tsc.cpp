#include "realvm/vmm/guest_tsc.hpp"

#include <x86intrin.h>

namespace vtick::realvm::vmm {

GuestTsc measure_guest_tsc(const Vcpu& vcpu) {
  const std::uint64_t before = __rdtsc();
  const std::uint64_t guest = vcpu.guest_tsc();
  const std::uint64_t after = __rdtsc();
  return {static_cast<std::int64_t>(guest - (before + (after - before) / 2)), vcpu.tsc_khz() * 1000};
}

}  // namespace vtick::realvm::vmm
