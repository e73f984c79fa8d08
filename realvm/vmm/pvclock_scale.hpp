// The pvclock page's TSC-to-ns scale (Linux arch/x86/kvm/x86.c kvm_get_time_scale()): the
// reader computes ((tsc_delta shifted by `shift`) * `mul`) >> 32, so mul/shift must turn a
// TSC at `tsc_hz` into ns with mul as large as 32 bits allow, for precision.
#pragma once

#include <cstdint>

namespace vtick::realvm::vmm {

struct PvclockScale {
  std::uint32_t mul = 0;
  std::int8_t shift = 0;
};

/// tsc_hz > 0.
PvclockScale pvclock_scale_for(std::uint64_t tsc_hz);

/// What a pvclock reader makes of `tsc_delta` with `scale` (the guest's scale_delta()).
std::uint64_t pvclock_scale_delta(std::uint64_t tsc_delta, PvclockScale scale);

}  // namespace vtick::realvm::vmm
