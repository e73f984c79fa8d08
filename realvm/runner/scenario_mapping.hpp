#pragma once
// A scenario (sim/scenario.hpp) as a real-VM run: the VmConfig run_vm() takes, the VMM
// threads' scheduling, and the list of the scenario's model parameters the real machine
// does not use. Whatever the real VM cannot do yet is refused with the field named, never
// dropped: a run that silently ignored `timers: outsourced` would measure the wrong scheme.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "realvm/runner/engine.hpp"
#include "realvm/vmm/vm_config.hpp"
#include "realvm/vmm/vmm_scheduling.hpp"
#include "sim/scenario.hpp"

namespace vtick::realvm::runner {

struct MappingOptions {
  std::filesystem::path guest_image;
  /// KVM's in-kernel PIT instead of our user-space PIT thread (the reference emulation):
  /// lost_tick_policy delay = reinjection on, discard = off.
  bool kernel_pit = false;
  /// For clocksource pvclock, the page a VMM thread rewrites every
  /// vmm.pvclock_update_interval (the simulator's model of it) instead of KVM's kvmclock
  /// (what a Linux guest on KVM uses, and the default). Our VMM only.
  bool vmm_pvclock = false;
  std::optional<std::uint64_t> seed;  ///< overrides run.seed
  Engine engine = Engine::kvm;
};

struct MappedRun {
  Engine engine = Engine::kvm;
  /// For QEMU, what the guest is told; QEMU's PIT ticks it whatever the scheme says.
  vmm::VmConfig config;
  vmm::VmmScheduling scheduling;  ///< vmm.nice and vmm.affinity (realvm/vmm/vmm_scheduling.hpp)
  std::uint64_t seed = 0;
  std::string workload;  ///< the timer workload's name (timers.<name> in summary.json)
  /// The scenario's timer workload, as written: the summary measures against its parameters.
  sim::WorkloadSpec workload_spec;
  /// Model parameters of the scenario that have no counterpart on the real machine, one
  /// sentence each, for summary.json's "ignored".
  std::vector<std::string> ignored;
};

/// Throws sim::ScenarioError "FILE[:LINE:COL]: realvm: FIELD: ... is not supported by the real
/// VM yet" (or "... under QEMU ...: why") for the first field the engine cannot honour (at
/// the entry's position for load tasks and workloads, the file otherwise: the parser keeps
/// no position for plain keys), std::invalid_argument for options that contradict each other.
[[nodiscard]] MappedRun map_scenario(const sim::Scenario& scenario, const MappingOptions& options);

/// Host wall-clock limit for a run of `duration` guest time: a guest whose clock falls
/// behind under load needs longer than `duration` to reach its end.
[[nodiscard]] std::chrono::nanoseconds run_timeout(std::chrono::nanoseconds duration);

}  // namespace vtick::realvm::runner
