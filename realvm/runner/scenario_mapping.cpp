#include "realvm/runner/scenario_mapping.hpp"

#include <unistd.h>

#include "realvm/vmm/error.hpp"
#include "sim/scenario_error.hpp"
#include "sim/scenario_names.hpp"

namespace vtick::realvm::runner {
namespace {

using std::chrono::nanoseconds;

[[noreturn]] void unsupported(const sim::Scenario& scenario, const std::string& field, const std::string& what,
                              const sim::SourceLocation* where = nullptr) {
  sim::SourceLocation at = where ? *where : sim::SourceLocation{scenario.file, 0, 0};
  if (at.file.empty()) at.file = scenario.file;
  throw sim::ScenarioError(at, "", "realvm: " + field + ": " + what + " is not supported by the real VM yet");
}

vmm::LostTickPolicy user_pit_policy(const sim::Scenario& scenario) {
  switch (scenario.vmm.lost_tick_policy) {
    case sim::LostTickPolicyKind::Discard: return vmm::LostTickPolicy::discard;
    case sim::LostTickPolicyKind::Delay: return vmm::LostTickPolicy::delay;
    default: break;
  }
  unsupported(scenario, "vmm.lost_tick_policy", std::string(sim::name_of(scenario.vmm.lost_tick_policy)));
}

void map_vmm(const sim::Scenario& scenario, const MappingOptions& options, MappedRun& run) {
  const sim::VmmSpec& v = scenario.vmm;
  if (v.timer_device != sim::TimerDevice::Pit) {
    unsupported(scenario, "vmm.timer_device", std::string(sim::name_of(v.timer_device)));
  }
  // Validate the policy even for the in-kernel PIT: it decides reinjection there.
  const vmm::LostTickPolicy policy = user_pit_policy(scenario);
  if (options.kernel_pit) {
    run.config.scheme = vmm::TimerScheme::kernel_pit;
    run.config.kernel_pit_reinject = policy == vmm::LostTickPolicy::delay;
  } else {
    run.config.scheme = vmm::TimerScheme::user_pit;
    run.config.lost_tick_policy = policy;
  }
  // Both VMM threads inherit the scheduling of the thread that creates them; the timer
  // thread alone cannot be given another nice without a hook in the VMM.
  if (v.timer_nice && *v.timer_nice != v.nice) unsupported(scenario, "vmm.timer_nice", "a nice of the timer thread alone");
  // timerfd, which times our PIT thread, arms its hrtimer without slack.
  if (v.timer_slack_ns) unsupported(scenario, "vmm.timer_slack", "a timer slack of the timer thread");
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  for (int cpu : v.affinity) {
    if (cpu >= cpus) {
      unsupported(scenario, "vmm.affinity", "CPU " + std::to_string(cpu) + " (this machine has " + std::to_string(cpus) + " online)");
    }
  }
  run.scheduling = {v.nice, v.affinity};
  run.ignored.push_back("vmm.vm_exit, vmm.inject, vmm.device_cost: model costs; the real VMM's are what they are");
  if (scenario.guest.clocksource == sim::Clocksource::Pvclock) {
    run.ignored.push_back("vmm.pvclock_update_interval: KVM updates the kvmclock page on its own schedule");
  }
}

void map_guest(const sim::Scenario& scenario, MappedRun& run) {
  const sim::GuestSpec& g = scenario.guest;
  if (g.timers == sim::GuestTimers::Outsourced) unsupported(scenario, "guest.timers", "outsourced");
  switch (g.clocksource) {
    case sim::Clocksource::Jiffies: run.config.clock = vmm::ClockKind::jiffies; break;
    case sim::Clocksource::Pvclock: run.config.clock = vmm::ClockKind::kvmclock; break;
    case sim::Clocksource::Tsc: unsupported(scenario, "guest.clocksource", "tsc");
  }
  run.config.hz = static_cast<std::uint32_t>(g.hz);
  const sim::WorkloadSpec* timer = nullptr;
  for (std::size_t i = 0; i < g.workloads.size(); ++i) {
    const sim::WorkloadSpec& w = g.workloads[i];
    const std::string field = "guest.workloads[" + std::to_string(i) + "] (" + w.name + ")";
    if (w.kind != sim::WorkloadKind::PeriodicTimer) {
      unsupported(scenario, field, "kind " + std::string(sim::name_of(sim::kWorkloadKinds, w.kind)), &w.where);
    }
    if (timer) unsupported(scenario, field, "a second periodic_timer workload", &w.where);
    // The guest arms its timer when its clock starts.
    if (w.start_ns != 0) unsupported(scenario, field + ".start", "a start time", &w.where);
    timer = &w;
  }
  if (!timer) unsupported(scenario, "guest.workloads", "a run without a periodic_timer workload (the guest always runs one)");
  run.config.period = nanoseconds(timer->period_ns);
  run.workload = timer->name;
  run.ignored.push_back("guest.tick_cost, guest.timer_callback_cost: model costs; the real guest's are what they are");
}

void map_host(const sim::Scenario& scenario, MappedRun& run) {
  if (scenario.host.tsc_ppm != 0.0) unsupported(scenario, "host.tsc_ppm", "a TSC rate error");
  if (scenario.ntp) unsupported(scenario, "ntp", "a guest NTP client");
  run.ignored.push_back("host.cpus, host.scheduler, host.hrtimer_slack: the real machine's CPUs, scheduler and slack apply");
}

}  // namespace

std::chrono::nanoseconds run_timeout(std::chrono::nanoseconds duration) {
  // Twice the duration lets a jiffies clock run 50 % slow and still finish; the constant
  // covers booting in KVM's instruction emulator.
  return 2 * duration + std::chrono::seconds(5);
}

MappedRun map_scenario(const sim::Scenario& scenario, const MappingOptions& options) {
  MappedRun run;
  map_host(scenario, run);
  map_vmm(scenario, options, run);
  map_guest(scenario, run);
  run.seed = options.seed.value_or(scenario.run.seed);
  run.config.guest_image = options.guest_image;
  run.config.seed = run.seed;
  run.config.duration = nanoseconds(scenario.run.duration_ns);
  run.config.sample_interval = nanoseconds(scenario.run.sample_interval_ns);
  run.config.timeout = run_timeout(run.config.duration);
  try {
    vmm::validate(run.config);
  } catch (const vmm::BadVmConfig& e) {
    throw sim::ScenarioError({scenario.file, 0, 0}, "", std::string("realvm: ") + e.what());
  }
  return run;
}

}  // namespace vtick::realvm::runner
