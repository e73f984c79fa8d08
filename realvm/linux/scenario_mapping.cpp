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

// Linux picks its timer mode from the clocksource, so the scenario's model of the guest's
// timers must be the one Linux will use (docs/validation.md, "The Linux guest's counterpart"):
// - jiffies is not valid for high resolution: the kernel stays in periodic tick mode, driven
//   by QEMU's LAPIC timer, which replays missed periods back to back so their edges collapse
//   into one pending interrupt (discard); timers run from the tick;
// - tsc (hpet, acpi_pm) is: the kernel switches to high-resolution timers, each programmed one-shot on
//   QEMU's LAPIC (an exit; QEMU arms a host timer and injects on expiry) - what the model's
//   outsourced timers with a VMM-process module are.
void require_counterpart(const sim::Scenario& scenario, const LinuxMappingOptions& options) {
  const sim::GuestSpec& g = scenario.guest;
  const sim::VmmSpec& v = scenario.vmm;
  const bool periodic_tick_mode =
      options.clocksource ? *options.clocksource == "jiffies" : g.clocksource == sim::Clocksource::Jiffies;
  if (periodic_tick_mode) {
    if (g.timers != sim::GuestTimers::Tick) {
      unsupported(scenario, "guest.timers", "outsourced with clocksource jiffies (Linux stays in periodic tick mode: timers: tick)");
    }
    if (v.timer_device != sim::TimerDevice::Lapic || v.lost_tick_policy != sim::LostTickPolicyKind::Discard) {
      unsupported(scenario, "vmm.timer_device, vmm.lost_tick_policy",
                  "anything but lapic with discard (QEMU's LAPIC timer in periodic mode)");
    }
    return;
  }
  if (g.timers != sim::GuestTimers::Outsourced || v.outsourcing_module != sim::OutsourcingModule::VmmProcess) {
    unsupported(scenario, "guest.timers",
                "tick with a continuous clocksource (Linux runs high-resolution timers one-shot on QEMU's LAPIC: "
                "timers: outsourced, vmm.outsourcing_module: vmm_process)");
  }
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
  require_counterpart(scenario, options);
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
  run.config.scheduling = {scenario.vmm.nice, scenario.vmm.affinity};
  run.kernel = options.kernel;
  run.seed = options.seed.value_or(scenario.run.seed);
  run.config.kernel = options.kernel.vmlinuz;
  run.config.initramfs = options.initramfs;
  run.config.sample_interval = nanoseconds(scenario.run.sample_interval_ns);
  run.config.duration = nanoseconds(scenario.run.duration_ns);
  run.config.timeout = 2 * run.config.duration + kBootAllowance;
  run.ignored.push_back("guest.hz: the kernel's CONFIG_HZ applies (summary.json realvm.kernel_hz)");
  run.ignored.push_back("vmm.vm_exit, vmm.inject, vmm.device_cost, guest.tick_cost, guest.timer_callback_cost: "
                        "model costs; QEMU's and Linux's are what they are");
  run.ignored.push_back("host.cpus, host.scheduler, host.hrtimer_slack, host.wakeup_latency, host.noise, host.stalls: the real machine's apply");
  if (scenario.run.sampling == sim::Sampling::Observer) {
    run.ignored.push_back("run.sampling: observer: the probe samples its clock from a timer (guest_timer)");
  }
  try {
    validate(run.config);
  } catch (const std::invalid_argument& e) {
    throw sim::ScenarioError({scenario.file, 0, 0}, "", std::string("realvm linux: ") + e.what());
  }
  return run;
}

}  // namespace vtick::realvm::linux_guest
