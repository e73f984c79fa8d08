#pragma once
// Runs one scenario on the real VM: starts the scenario's host load, runs the guest on KVM
// (or under QEMU, by MappingOptions::engine) with the VMM's threads or QEMU under
// vmm.nice/affinity, stops the load, and returns the same
// outputs as the simulator's runner (sim/runner/run.hpp), ready for its write_outputs().
#include <atomic>
#include <functional>
#include <string>

#include "realvm/runner/scenario_mapping.hpp"
#include "realvm/vmm/run_result.hpp"
#include "sim/runner/run.hpp"
#include "sim/scenario.hpp"

namespace vtick::realvm::runner {

struct RunOptions {
  MappingOptions mapping;
  std::string build_id = "unknown";
  /// QEMU engines: the binary, a path or a name looked up on PATH (empty: qemu-system-x86_64).
  std::string qemu_binary;
  /// Set (e.g. from a signal handler) to end the run early: the VM stops, the load is killed.
  const std::atomic<bool>* stop_request = nullptr;
  /// Called about every 100 ms with (host ns since the VM started, run.duration).
  std::function<void(sim::TimeNs, sim::TimeNs)> progress;
};

struct RealRun {
  sim::runner::RunResult outputs;
  vmm::RunResult vm;
};

/// Throws sim::ScenarioError for what the real VM cannot run (scenario_mapping.hpp),
/// std::invalid_argument / std::runtime_error for load or scheduling the host refuses, and
/// the VMM's errors (realvm/vmm/error.hpp; KvmUnavailable without a usable /dev/kvm) and
/// QEMU's (realvm/qemu/error.hpp; QemuUnavailable when QEMU is not installed).
/// How the guest ended is in RealRun::vm.reason and summary.json's realvm.exit_reason.
[[nodiscard]] RealRun run_scenario(const sim::Scenario& scenario, const RunOptions& options);

}  // namespace vtick::realvm::runner
