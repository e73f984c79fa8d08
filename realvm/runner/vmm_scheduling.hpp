#pragma once
// vmm.nice and vmm.affinity on the real VMM. Linux threads inherit their creator's nice and
// CPU affinity, so applying them to the thread that calls run_vm() before it creates the
// vCPU and timer threads gives all of the VMM's threads the scenario's scheduling.
#include "realvm/runner/scenario_mapping.hpp"

namespace vtick::realvm::runner {

/// Applies `scheduling` to the calling thread only (setpriority and sched_setaffinity on its
/// thread id). Throws std::invalid_argument (the host refuses what the scenario asks: bad
/// input, not a bug) naming the field and the refused call, e.g. a negative nice without
/// CAP_SYS_NICE.
void apply_to_current_thread(const VmmScheduling& scheduling);

}  // namespace vtick::realvm::runner
