#pragma once
// The one workload a real guest runs - our kernel and the Linux probe alike: a single
// periodic_timer, armed when the guest's clock starts.
#include <string>

#include "sim/scenario.hpp"

namespace vtick::realvm::runner {

/// How a runner refuses a field (it must throw): realvm/runner/refusal.hpp's unsupported(),
/// or the Linux guest's own wording.
using Refuse = void (*)(const sim::Scenario& scenario, const std::string& field, const std::string& what,
                        const sim::SourceLocation* where);

/// The scenario's periodic_timer workload; any other workload, a second timer, a start time
/// or no timer at all is refused through `refuse`. `guest` names who always runs one.
const sim::WorkloadSpec& periodic_timer_workload(const sim::Scenario& scenario, Refuse refuse,
                                                 const std::string& guest);

}  // namespace vtick::realvm::runner
