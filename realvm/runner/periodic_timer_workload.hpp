#pragma once
// The one timer workload a real guest runs, armed when the guest's clock starts: our
// kernel runs any of the simulator's timer workloads (periodic_timer, media, tcp_rto,
// cron), the Linux probe only periodic_timer.
#include <string>

#include "sim/scenario.hpp"

namespace vtick::realvm::runner {

/// How a runner refuses a field (it must throw): realvm/runner/refusal.hpp's unsupported(),
/// or the Linux guest's own wording.
using Refuse = void (*)(const sim::Scenario& scenario, const std::string& field, const std::string& what,
                        const sim::SourceLocation* where);

/// The scenario's one timer workload of a kind `accepts` says yes to; any other kind, a
/// second workload, a start time or no workload at all is refused through `refuse`.
/// `guest` names who always runs one.
const sim::WorkloadSpec& timer_workload(const sim::Scenario& scenario, Refuse refuse, const std::string& guest,
                                        bool (*accepts)(sim::WorkloadKind));

/// timer_workload() accepting periodic_timer only.
const sim::WorkloadSpec& periodic_timer_workload(const sim::Scenario& scenario, Refuse refuse,
                                                 const std::string& guest);

}  // namespace vtick::realvm::runner
