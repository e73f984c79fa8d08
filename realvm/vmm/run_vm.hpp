// Runs the vtick guest on KVM once: builds the VM for VmConfig's scheme, runs it until the
// guest exits, the timeout passes or a stop is requested, and returns everything it saw.
#pragma once

#include "realvm/vmm/run_result.hpp"
#include "realvm/vmm/vm_config.hpp"

namespace vtick::realvm::vmm {

/// Throws BadVmConfig, BadGuestImage, KvmUnavailable or VmmError when the VM cannot be
/// built or run; whatever the guest does is reported in the RunResult instead. All threads
/// are joined and all descriptors closed on return, on either path.
RunResult run_vm(const VmConfig& config);

}  // namespace vtick::realvm::vmm
