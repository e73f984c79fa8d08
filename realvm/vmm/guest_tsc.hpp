// How the guest's TSC relates to the host's: KVM runs it at the host's rate plus an offset
// it chose at vCPU creation (no TSC scaling when KVM_GET_TSC_KHZ equals the host's rate,
// which the measurement below assumes and the pvclock test checks by its result).
#pragma once

#include <cstdint>

#include "realvm/vmm/vcpu.hpp"

namespace vtick::realvm::vmm {

/// Guest TSC = host TSC + offset, both ticking at hz.
struct GuestTsc {
  std::int64_t offset = 0;
  std::uint64_t hz = 0;
};

/// Reads the vCPU's IA32_TSC between two host rdtsc and takes the midpoint. Before the
/// vCPU first runs (see Vcpu::guest_tsc()).
GuestTsc measure_guest_tsc(const Vcpu& vcpu);

}  // namespace vtick::realvm::vmm
