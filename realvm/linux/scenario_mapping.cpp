#include "realvm/linux/scenario_mapping.hpp"

#include <unistd.h>

#include <stdexcept>

#include "realvm/runner/periodic_timer_workload.hpp"
#include "sim/scenario_error.hpp"
#include "sim/scenario_names.hpp"

namespace vtick::realvm::linux_guest {
namespace {

using std::chrono::nanoseconds;

// Booting a Debian kernel under TCG takes 10-20 s; twice the duration covers a guest whose
// clock runs slow under load.
constexpr nanoseconds kBootAllowance = std::chrono::seconds(60);

[[noreturn]] void unsupported(const sim::Scenario& scenario, const std::string& field, const std::string& what,
                              const sim::SourceLocation* where = nullptr) {
  sim::SourceLocation at = where ? *where : sim::SourceLocation{scenario.file, 0, 0};
  if (at.file.empty()) at.file = scenario.file;
  throw sim::ScenarioError(at, "", "realvm linux: " + field + ": " + what + " is not supported by the Linux guest");
}

void map_workload(const sim::Scenario& scenario, LinuxMappedRun& run) {
  const sim::WorkloadSpec* timer = &runner::periodic_timer_workload(scenario, unsupported, "the probe");
  run.config.period = nanoseconds(timer->period_ns);
  run.workload = timer->name;
}

void map_clocksource(const sim::Scenario& scenario, const LinuxMappingOptions& options, LinuxMappedRun& run) {
  if (options.clocksource) {
    run.config.clocksource = *options.clocksource;
    run.ignored.push_back("guest.clocksource: replaced by --clocksource " + *options.clocksource);
    return;
  }
  const auto name = kernel_clocksource(scenario.guest.clocksource);
  if (!name) unsupported(scenario, "guest.clocksource", "pvclock (kvm-clock needs KVM; QEMU runs TCG here)");
  run.config.clocksource = *name;
}

}  // namespace

std::optional<std::string> kernel_clocksource(sim::Clocksource clocksource) {
  switch (clocksource) {
    case sim::Clocksource::Jiffies: return "jiffies";
    case sim::Clocksource::Tsc: return "tsc";
    case sim::Clocksource::Pvclock: return std::nullopt;
  }
  return std::nullopt;
}

LinuxMappedRun map_scenario(const sim::Scenario& scenario, const LinuxMappingOptions& options) {
  LinuxMappedRun run;
  const sim::GuestSpec& g = scenario.guest;
  if (g.timers == sim::GuestTimers::Outsourced) unsupported(scenario, "guest.timers", "outsourced");
  if (scenario.host.tsc_ppm != 0.0) unsupported(scenario, "host.tsc_ppm", "a TSC rate error");
  if (scenario.ntp) unsupported(scenario, "ntp", "a guest NTP client");
  if (scenario.vmm.timer_nice && *scenario.vmm.timer_nice != scenario.vmm.nice) {
    unsupported(scenario, "vmm.timer_nice", "a nice of QEMU's timer thread alone");
  }
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  for (int cpu : scenario.vmm.affinity) {
    if (cpu >= cpus) {
      unsupported(scenario, "vmm.affinity", "CPU " + std::to_string(cpu) + " (this machine has " + std::to_string(cpus) + " online)");
    }
  }
  map_workload(scenario, run);
  map_clocksource(scenario, options, run);
  run.scheduling = {scenario.vmm.nice, scenario.vmm.affinity};
  run.kernel = options.kernel;
  run.seed = options.seed.value_or(scenario.run.seed);
  run.config.kernel = options.kernel.vmlinuz;
  run.config.initramfs = options.initramfs;
  run.config.sample_interval = nanoseconds(scenario.run.sample_interval_ns);
  run.config.duration = nanoseconds(scenario.run.duration_ns);
  run.config.timeout = 2 * run.config.duration + kBootAllowance;
  run.ignored.push_back("guest.hz: the kernel's CONFIG_HZ applies (summary.json realvm.kernel_hz)");
  run.ignored.push_back("vmm.timer_device, vmm.lost_tick_policy: QEMU's emulated devices and the kernel's "
                        "clockevent (the local APIC timer) apply");
  run.ignored.push_back("vmm.vm_exit, vmm.inject, vmm.device_cost, guest.tick_cost, guest.timer_callback_cost: "
                        "model costs; QEMU's and Linux's are what they are");
  run.ignored.push_back("host.cpus, host.scheduler, host.hrtimer_slack, host.wakeup_latency: the real machine's apply");
  try {
    validate(run.config);
  } catch (const std::invalid_argument& e) {
    throw sim::ScenarioError({scenario.file, 0, 0}, "", std::string("realvm linux: ") + e.what());
  }
  return run;
}

}  // namespace vtick::realvm::linux_guest
