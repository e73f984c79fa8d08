#pragma once
// What a scenario may ask of a QEMU run. QEMU ticks the guest with its own PIT emulation
// and has neither our hypercall port nor our pvclock writer, so only some scenarios mean
// under QEMU what they say; the others are refused with the reason.
#include "realvm/runner/scenario_mapping.hpp"

namespace vtick::realvm::runner {

/// Throws sim::ScenarioError for what `mapped.engine` (a QEMU engine) cannot run, and
/// otherwise makes `mapped.config` say what ticks the guest under it.
void apply_qemu_limits(const sim::Scenario& scenario, MappedRun& mapped);

}  // namespace vtick::realvm::runner
