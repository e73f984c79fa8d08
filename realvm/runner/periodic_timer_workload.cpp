#include "realvm/runner/periodic_timer_workload.hpp"

#include "sim/scenario_names.hpp"

namespace vtick::realvm::runner {

const sim::WorkloadSpec& timer_workload(const sim::Scenario& scenario, Refuse refuse, const std::string& guest,
                                        bool (*accepts)(sim::WorkloadKind)) {
  const sim::WorkloadSpec* timer = nullptr;
  for (std::size_t i = 0; i < scenario.guest.workloads.size(); ++i) {
    const sim::WorkloadSpec& w = scenario.guest.workloads[i];
    const std::string field = "guest.workloads[" + std::to_string(i) + "] (" + w.name + ")";
    if (!accepts(w.kind)) {
      refuse(scenario, field, "kind " + std::string(sim::name_of(sim::kWorkloadKinds, w.kind)), &w.where);
    }
    if (timer) refuse(scenario, field, "a second timer workload", &w.where);
    // The guest arms its timer when its clock starts.
    if (w.start_ns != 0) refuse(scenario, field + ".start", "a start time", &w.where);
    timer = &w;
  }
  if (!timer) {
    refuse(scenario, "guest.workloads", "a run without a timer workload (" + guest + " always runs one)", nullptr);
  }
  return *timer;
}

const sim::WorkloadSpec& periodic_timer_workload(const sim::Scenario& scenario, Refuse refuse,
                                                 const std::string& guest) {
  return timer_workload(scenario, refuse, guest, [](sim::WorkloadKind kind) { return kind == sim::WorkloadKind::PeriodicTimer; });
}

}  // namespace vtick::realvm::runner
