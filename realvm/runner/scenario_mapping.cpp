#include "realvm/runner/scenario_mapping.hpp"

#include <unistd.h>

#include <stdexcept>

#include "realvm/runner/periodic_timer_workload.hpp"
#include "realvm/runner/qemu_limits.hpp"
#include "realvm/runner/refusal.hpp"
#include "realvm/vmm/error.hpp"
#include "sim/rng.hpp"
#include "sim/scenario_error.hpp"
#include "sim/scenario_names.hpp"

namespace vtick::realvm::runner {
namespace {

using std::chrono::nanoseconds;

vmm::LostTickPolicy user_pit_policy(const sim::Scenario& scenario) {
  switch (scenario.vmm.lost_tick_policy) {
    case sim::LostTickPolicyKind::Discard: return vmm::LostTickPolicy::discard;
    case sim::LostTickPolicyKind::Delay: return vmm::LostTickPolicy::delay;
    case sim::LostTickPolicyKind::Merge: return vmm::LostTickPolicy::merge;
    case sim::LostTickPolicyKind::Catchup: return vmm::LostTickPolicy::catchup;
    case sim::LostTickPolicyKind::CatchupGiveup: return vmm::LostTickPolicy::catchup_giveup;
  }
  unsupported(scenario, "vmm.lost_tick_policy", std::string(sim::name_of(scenario.vmm.lost_tick_policy)));
}

/// The tick: our PIT thread with the scenario's policy, or KVM's PIT on request. With
/// outsourced timers there is none (map_guest), and the policy has nothing to act on.
void map_tick(const sim::Scenario& scenario, const MappingOptions& options, MappedRun& run) {
  const sim::VmmSpec& v = scenario.vmm;
  const vmm::LostTickPolicy policy = user_pit_policy(scenario);
  if (options.kernel_pit) {
    // KVM's PIT knows reinjection on or off, nothing else.
    if (policy != vmm::LostTickPolicy::discard && policy != vmm::LostTickPolicy::delay) {
      unsupported(scenario, "vmm.lost_tick_policy", std::string(sim::name_of(v.lost_tick_policy)) + " with --kernel-pit");
    }
    run.config.scheme = vmm::TimerScheme::kernel_pit;
    run.config.kernel_pit_reinject = policy == vmm::LostTickPolicy::delay;
    return;
  }
  run.config.scheme = vmm::TimerScheme::user_pit;
  run.config.lost_tick_policy = policy;
  run.config.catchup_max_factor = v.catchup_max_factor;
  run.config.catchup_giveup_threshold = nanoseconds(v.giveup_threshold_ns);
}

void map_vmm(const sim::Scenario& scenario, const MappingOptions& options, MappedRun& run) {
  const sim::VmmSpec& v = scenario.vmm;
  if (v.timer_device != sim::TimerDevice::Pit) {
    unsupported(scenario, "vmm.timer_device", std::string(sim::name_of(v.timer_device)));
  }
  if (scenario.guest.timers == sim::GuestTimers::Outsourced) {
    if (options.kernel_pit) throw std::invalid_argument("--kernel-pit: guest.timers outsourced runs without a PIT");
    // vmm_process: a VMM thread relays each expiry (OutsourcedTimers). host_kernel: io_uring
    // timeouts whose completions the kernel writes into the guest-visible queue and signals
    // through an irqfd, with no VMM thread in between (HostKernelTimers; docs/realvm.md).
    run.config.outsourcing_delivery = v.outsourcing_module == sim::OutsourcingModule::HostKernel
                                          ? vmm::OutsourcingDelivery::host_kernel
                                          : vmm::OutsourcingDelivery::vmm_thread;
    // timerfd and io_uring timeouts arm their hrtimers without slack.
    // Our host timers are timerfds and io_uring timeouts, which have no slack: 0 is what runs.
    if (v.outsourcing_slack_ns.value_or(0) != 0) {
      unsupported(scenario, "vmm.outsourcing_slack", "a slack of the host timers other than 0ns");
    }
    run.config.scheme = vmm::TimerScheme::outsourced;
    run.ignored.push_back(
        "vmm.timer_device, vmm.lost_tick_policy: with outsourced timers the real guest has no periodic tick at all");
  } else {
    map_tick(scenario, options, run);
  }
  // Both VMM threads inherit the scheduling of the thread that creates them; the timer
  // thread alone cannot be given another nice without a hook in the VMM.
  if (v.timer_nice && *v.timer_nice != v.nice) unsupported(scenario, "vmm.timer_nice", "a nice of the timer thread alone");
  // timerfd, which times our PIT thread, arms its hrtimer without slack.
  // The timer thread sleeps on a timerfd, which has no slack: 0 is what runs.
  if (v.timer_slack_ns.value_or(0) != 0) {
    unsupported(scenario, "vmm.timer_slack", "a timer slack of the timer thread other than 0ns");
  }
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  for (int cpu : v.affinity) {
    if (cpu >= cpus) {
      unsupported(scenario, "vmm.affinity", "CPU " + std::to_string(cpu) + " (this machine has " + std::to_string(cpus) + " online)");
    }
  }
  run.scheduling = {v.nice, v.affinity};
  run.ignored.push_back("vmm.vm_exit, vmm.inject, vmm.device_cost: model costs; the real VMM's are what they are");
}

/// clocksource pvclock is KVM's kvmclock unless asked for the VMM's own page, which is
/// refreshed at the scenario's interval (docs/realvm.md says why kvmclock is the default).
void map_clock(const sim::Scenario& scenario, const MappingOptions& options, MappedRun& run) {
  const sim::GuestSpec& g = scenario.guest;
  if (options.vmm_pvclock && g.clocksource != sim::Clocksource::Pvclock) {
    throw sim::ScenarioError({scenario.file, 0, 0}, "",
                             "realvm: guest.clocksource: --vmm-pvclock needs clocksource pvclock, not " +
                                 std::string(sim::name_of(sim::kClocksources, g.clocksource)));
  }
  switch (g.clocksource) {
    case sim::Clocksource::Jiffies:
      // The VMM converts outsourced deadlines with KVM_GET_CLOCK: they are kvmclock times.
      if (g.timers == sim::GuestTimers::Outsourced) {
        unsupported(scenario, "guest.clocksource", "jiffies with timers: outsourced (use clocksource: pvclock: the real VM's deadlines are kvmclock times)");
      }
      run.config.clock = vmm::ClockKind::jiffies;
      return;
    case sim::Clocksource::Pvclock:
      if (!options.vmm_pvclock) {
        run.config.clock = vmm::ClockKind::kvmclock;
        run.ignored.push_back("vmm.pvclock_update_interval: KVM updates the kvmclock page on its own schedule (--vmm-pvclock uses it)");
        return;
      }
      if (g.timers == sim::GuestTimers::Outsourced) {
        throw sim::ScenarioError({scenario.file, 0, 0}, "",
                                 "realvm: guest.timers: outsourced needs KVM's kvmclock, not --vmm-pvclock (the VMM converts deadlines with KVM_GET_CLOCK)");
      }
      run.config.clock = vmm::ClockKind::vmm_pvclock;
      run.config.pvclock_update_interval = nanoseconds(scenario.vmm.pvclock_update_interval_ns);
      return;
    case sim::Clocksource::Tsc: unsupported(scenario, "guest.clocksource", "tsc");
  }
}

bool is_timer_workload(sim::WorkloadKind kind) { return kind != sim::WorkloadKind::Busy; }

/// The guest runs the simulator's timer workloads with their own parameters; busy (CPU work
/// inside the guest) it does not run. The stream seed needs the run's seed (map_scenario).
void map_workload(const sim::WorkloadSpec& w, MappedRun& run) {
  vmm::WorkloadConfig& c = run.config.workload;
  switch (w.kind) {
    case sim::WorkloadKind::PeriodicTimer: c.kind = vmm::GuestWorkload::periodic_timer; break;
    case sim::WorkloadKind::Media: c.kind = vmm::GuestWorkload::media; break;
    case sim::WorkloadKind::TcpRto: c.kind = vmm::GuestWorkload::tcp_rto; break;
    case sim::WorkloadKind::Cron: c.kind = vmm::GuestWorkload::cron; break;
    case sim::WorkloadKind::Busy: break;  // refused by timer_workload()
  }
  run.config.period = nanoseconds(w.period_ns);
  c.fps = static_cast<std::uint32_t>(w.fps);
  c.interval = nanoseconds(w.kind == sim::WorkloadKind::Cron ? w.check_interval_ns : w.interval_ns);
  c.rto = nanoseconds(w.rto_ns);
  c.rtt = nanoseconds(w.rtt_ns);
  c.loss = w.loss;
  c.at = nanoseconds(w.at_ns);
  run.workload = w.name;
  run.workload_spec = w;
}

void map_guest(const sim::Scenario& scenario, const MappingOptions& options, MappedRun& run) {
  const sim::GuestSpec& g = scenario.guest;
  map_clock(scenario, options, run);
  run.config.hz = static_cast<std::uint32_t>(g.hz);
  map_workload(timer_workload(scenario, unsupported, "the guest", is_timer_workload), run);
  run.ignored.push_back("guest.tick_cost, guest.timer_callback_cost: model costs; the real guest's are what they are");
}

void map_host(const sim::Scenario& scenario, MappedRun& run) {
  if (scenario.host.tsc_ppm != 0.0) unsupported(scenario, "host.tsc_ppm", "a TSC rate error");
  if (scenario.ntp) unsupported(scenario, "ntp", "a guest NTP client");
  run.ignored.push_back("host.cpus, host.scheduler, host.hrtimer_slack, host.wakeup_latency, host.noise, host.stalls: the real machine's CPUs, scheduler, slack, wake-up latency, noise and stalls apply");
  if (scenario.run.sampling == sim::Sampling::Observer) {
    run.ignored.push_back("run.sampling: observer: the guest samples its clock from a guest timer (guest_timer)");
  }
}

}  // namespace

std::chrono::nanoseconds run_timeout(std::chrono::nanoseconds duration) {
  // Twice the duration lets a jiffies clock run 50 % slow and still finish; the constant
  // covers booting in KVM's instruction emulator.
  return 2 * duration + std::chrono::seconds(5);
}

MappedRun map_scenario(const sim::Scenario& scenario, const MappingOptions& options) {
  MappedRun run;
  if (options.kernel_pit && is_qemu(options.engine)) throw std::invalid_argument("--kernel-pit: QEMU brings its own PIT");
  if (options.vmm_pvclock && is_qemu(options.engine)) throw std::invalid_argument("--vmm-pvclock: QEMU has no VMM pvclock writer");
  run.engine = options.engine;
  map_host(scenario, run);
  map_vmm(scenario, options, run);
  map_guest(scenario, options, run);
  if (is_qemu(run.engine)) apply_qemu_limits(scenario, run);
  run.seed = options.seed.value_or(scenario.run.seed);
  run.config.guest_image = options.guest_image;
  run.config.seed = run.seed;
  // The simulator's stream key (models/guest/tcp_rto_workload.cpp): same seed, same losses.
  run.config.workload.stream_seed = sim::stream_seed(run.seed, "tcp/" + run.workload);
  run.config.duration = nanoseconds(scenario.run.duration_ns);
  run.config.sample_interval = nanoseconds(scenario.run.sample_interval_ns);
  run.config.timeout = run_timeout(run.config.duration);
  // QEMU with KVM on this (nested, emulating) host takes about 20 s in SeaBIOS alone.
  if (run.engine == Engine::qemu_kvm) run.config.timeout += std::chrono::seconds(60);
  try {
    vmm::validate(run.config);
  } catch (const vmm::BadVmConfig& e) {
    throw sim::ScenarioError({scenario.file, 0, 0}, "", std::string("realvm: ") + e.what());
  }
  return run;
}

}  // namespace vtick::realvm::runner
