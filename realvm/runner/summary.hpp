#pragma once
// summary.json of a real-VM run, with the simulator's keys (sim/runner/run.cpp) wherever the
// real machine measures the same thing, null where it cannot (a statistic nothing measured,
// a counter KVM does not report), and a "realvm" section in place of "sim".
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "realvm/load/host_load.hpp"
#include "realvm/runner/scenario_mapping.hpp"
#include "realvm/vmm/run_result.hpp"
#include "sim/scenario.hpp"

namespace vtick::realvm::runner {

/// What the run measured besides the VM's own result.
struct RunMeasurements {
  std::int64_t vmm_cpu_ns = 0;  ///< CPU time of this process (the VMM's threads) during run_vm
  std::vector<load::TaskReport> load;
  std::string build_id;
};

[[nodiscard]] nlohmann::ordered_json make_summary(const sim::Scenario& scenario, const MappedRun& mapped,
                                                  const vmm::RunResult& vm, const RunMeasurements& measured);

/// summary.json's "clock" section from the guest's clock samples: final and largest
/// |offset|, and the drift as the least-squares slope (null with fewer than two samples).
[[nodiscard]] nlohmann::ordered_json clock_summary(const vmm::RunResult& vm);

/// Lateness by host time of every firing of the workload timer (ns), in firing order.
[[nodiscard]] std::vector<std::int64_t> workload_lateness(const vmm::RunResult& vm);

}  // namespace vtick::realvm::runner
