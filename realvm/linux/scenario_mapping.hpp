// A scenario (sim/scenario.hpp) as a Linux-guest run. The kernel's own tick rate and
// clockevent device replace guest.hz and vmm.timer_device, which are listed as ignored;
// what the probe cannot do (a second workload, outsourced timers, NTP) is refused with the
// field named, as realvm/runner refuses it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "realvm/linux/kernel_cache.hpp"
#include "realvm/linux/linux_run_config.hpp"
#include "realvm/runner/scenario_mapping.hpp"
#include "sim/scenario.hpp"

namespace vtick::realvm::linux_guest {

struct LinuxMappingOptions {
  LinuxKernel kernel;
  std::filesystem::path initramfs;
  /// Overrides guest.clocksource (the only way to ask for hpet or acpi_pm).
  std::optional<std::string> clocksource;
  std::optional<std::uint64_t> seed;  ///< overrides run.seed (recorded: nothing in the guest is random)
};

struct LinuxMappedRun {
  LinuxRunConfig config;
  LinuxKernel kernel;
  std::uint64_t seed = 0;
  std::string workload;
  std::vector<std::string> ignored;
};

/// Throws sim::ScenarioError "FILE: realvm linux: FIELD: ... is not supported by the Linux guest".
[[nodiscard]] LinuxMappedRun map_scenario(const sim::Scenario& scenario, const LinuxMappingOptions& options);

/// guest.clocksource as a kernel clocksource= name; nullopt for pvclock (kvm-clock needs KVM).
[[nodiscard]] std::optional<std::string> kernel_clocksource(sim::Clocksource clocksource);

}  // namespace vtick::realvm::linux_guest
