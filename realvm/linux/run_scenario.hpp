#pragma once
// Runs one scenario on the Linux guest: starts the scenario's host load, boots the kernel
// under QEMU (TCG) with vmm.nice/affinity (QEMU takes them before exec), stops the
// load, and returns the simulator's outputs (sim/runner/run.hpp) for write_outputs().
#include <atomic>
#include <string>

#include "realvm/linux/scenario_mapping.hpp"
#include "realvm/vmm/run_result.hpp"
#include "sim/runner/run.hpp"
#include "sim/scenario.hpp"

namespace vtick::realvm::linux_guest {

struct LinuxRunOptions {
  LinuxMappingOptions mapping;
  std::string build_id = "unknown";
  const std::atomic<bool>* stop_request = nullptr;
};

struct LinuxRealRun {
  sim::runner::RunResult outputs;
  LinuxMappedRun mapped;
  vmm::RunResult vm;
};

/// Throws sim::ScenarioError for what the Linux guest cannot run, the load's errors, and
/// run_linux()'s.
[[nodiscard]] LinuxRealRun run_scenario(const sim::Scenario& scenario, const LinuxRunOptions& options);

}  // namespace vtick::realvm::linux_guest
