#pragma once
// A scenario: everything one run needs, as parsed from a YAML file (scenario_parser.hpp).
// docs/scenarios.md documents every field, its unit, default and valid range; this header
// is the in-memory form. Times are integer nanoseconds (YAML takes "10ms", "1.5s", ...).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/time.hpp"

namespace vtick::sim {

/// Where a value came from, for error messages: 1-based line and column.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

/// host.scheduler.class: the host kernel's fair scheduling class (docs/host-scheduler.md).
///  cfs   - Linux up to 6.5: the leftmost vruntime runs for its ideal slice (sched_latency
///          shared by weight); a woken task preempts when its vruntime is ahead by more than
///          wakeup_granularity; slices end exactly.
///  eevdf - Linux 6.6 on, as 6.18's kernel/sched/fair.c implements it: lag, eligibility,
///          virtual deadlines of base_slice, RUN_TO_PARITY, delayed dequeue, slice ends
///          noticed at the host tick (host.hz), wake placement and load balancing.
enum class SchedulerClass { Cfs, Eevdf };

/// Fair-class tunables; defaults are Linux's for a 1-CPU machine.
struct SchedulerSpec {
  SchedulerClass scheduler_class = SchedulerClass::Cfs;
  /// cfs only: sched_latency, min_granularity and wakeup_granularity (Linux up to 6.5).
  TimeNs sched_latency_ns = 6 * kNsPerMs;
  TimeNs min_granularity_ns = 750 * kNsPerUs;
  TimeNs wakeup_granularity_ns = 1 * kNsPerMs;
  /// CPU time lost on every switch between two different tasks.
  TimeNs context_switch_ns = 2 * kNsPerUs;
  /// eevdf's request size (every task's slice); unset = Linux's sysctl_sched_base_slice
  /// (0.7 ms since 6.15) scaled by 1 + log2(CPUs, at most 8), as update_sysctl() does.
  std::optional<TimeNs> base_slice_ns;
};

/// host.wakeup_latency: the time from the event that makes a sleeping host task runnable (its
/// hrtimer's expiry, a kick from another party) until the scheduler has it on a run queue.
struct WakeupLatencySpec {
  /// Empty: none (the default, today's model). One value: a constant. N >= 2 non-decreasing
  /// values: an empirical distribution's quantiles at probabilities 0, 1/(N-1), ..., 1.
  std::vector<TimeNs> quantiles;
};

/// host.noise: CPU time the layer below the host takes from a busy host CPU, unannounced (a
/// host that is itself a VM: its hypervisor runs something else on the physical CPU), and the
/// host's own interrupts, which the scheduler model has no other place for. Per CPU, gaps
/// start at rate_per_s during the time between gaps; their lengths follow an empirical
/// distribution (models/host/host_noise.hpp).
struct HostNoiseSpec {
  double rate_per_s = 0;  ///< 0: no noise (the default)
  /// N >= 2 non-decreasing lengths (>= 1 ns) at probabilities 0, 1/(N-1), ..., 1.
  std::vector<TimeNs> length_quantiles;

  [[nodiscard]] bool none() const { return rate_per_s <= 0; }
};

struct HostSpec {
  int cpus = 1;
  SchedulerSpec scheduler;
  /// Default hrtimer slack of normal (non-real-time) tasks; Linux's default is 50 us.
  TimeNs hrtimer_slack_ns = 50 * kNsPerUs;
  /// Rate error of the host TSC against true time, in parts per million (+ = fast).
  /// Only TSC-based guest clocksources see it.
  double tsc_ppm = 0.0;
  WakeupLatencySpec wakeup_latency;
  /// CONFIG_HZ: the scheduler tick rate. eevdf notices a slice's end at the next tick (HRTICK
  /// is off by default); 250 is Debian's (and this host's) CONFIG_HZ.
  int hz = 250;
  HostNoiseSpec noise;
  /// host.stalls: the layer below stopping a host CPU for a millisecond or more, rarely (about
  /// 0.1 a second here), whether the CPU is busy or idle. Same form as host.noise: per CPU,
  /// stalls start at rate_per_s during the time between them (models/host/host_noise.hpp).
  HostNoiseSpec stalls;
  /// host.background: this host's own other tasks (kernel threads such as kdamond, other
  /// daemons), which compete with everything else in the scheduler. Same form: per CPU, a
  /// nice-0 task pinned there wakes rate_per_s times a second of the time between its runs
  /// and each time runs a length drawn from the quantiles (models/host/load_kinds.cpp).
  HostNoiseSpec background;
};

enum class LoadKind { CpuHog, Duty, Bursty, Sleeper };
enum class SchedPolicy { Normal, Fifo };

/// One host task (or `count` identical ones named name.0, name.1, ...).
/// Which timing fields apply depends on `kind`; the parser rejects the others.
struct LoadTaskSpec {
  std::string name;
  LoadKind kind = LoadKind::CpuHog;
  int count = 1;
  int nice = 0;
  SchedPolicy policy = SchedPolicy::Normal;
  int rt_priority = 0;        ///< 1..99, fifo only
  std::vector<int> affinity;  ///< allowed CPUs; empty = all
  TimeNs start_ns = 0;
  TimeNs stop_ns = kNever;
  TimeNs run_ns = 0;        ///< duty: CPU time per period; sleeper: CPU time per run
  TimeNs period_ns = 0;     ///< duty
  TimeNs phase_ns = 0;      ///< duty: first period starts at start + phase
  TimeNs mean_on_ns = 0;    ///< bursty: mean CPU burst (exponential)
  TimeNs mean_off_ns = 0;   ///< bursty: mean sleep (exponential)
  TimeNs mean_sleep_ns = 0; ///< sleeper: mean sleep between runs (exponential)
  SourceLocation where;

  /// Instance i's name: `name` alone, or name.0, name.1, ... when count > 1. The simulator and
  /// realvm/load both name tasks (and key their random streams) by it.
  [[nodiscard]] std::string instance_name(int i) const {
    return count == 1 ? name : name + "." + std::to_string(i);
  }
};

enum class TimerDevice { Pit, Lapic, Rtc, Hpet };
enum class LostTickPolicyKind { Discard, Delay, Merge, Catchup, CatchupGiveup };
/// host_kernel: expiry events are injected straight from the host timer (the seed's kernel
/// module); vmm_process: a VMM thread must be scheduled to relay them first.
enum class OutsourcingModule { HostKernel, VmmProcess };

/// What runs the guest, which decides what the VMM's threads spend per guest event
/// (docs/scenarios.md, vmm.engine). Spelled as realvm/ always spelled its engines (lowercase
/// enumerators), so realvm/runner's Engine is this enum.
///  kvm            - our VMM (realvm/vmm) on /dev/kvm, with our guest: VM exits and
///                   injections cost what vm_exit and inject say;
///  qemu_tcg       - QEMU's TCG running our guest: the vCPU thread translates and executes
///                   the guest's handler itself, with no VM exits;
///  qemu_kvm       - QEMU on /dev/kvm running our guest;
///  qemu_tcg_linux - QEMU's TCG running Debian's Linux (realvm/linux): a heavier tick handler.
enum class VmmEngine { kvm, qemu_tcg, qemu_kvm, qemu_tcg_linux };

/// TCG engines execute guest code in QEMU's binary translator: interrupt delivery, the EOI
/// and HLT are translated guest code, not VM exits.
[[nodiscard]] constexpr bool is_tcg(VmmEngine engine) {
  return engine == VmmEngine::qemu_tcg || engine == VmmEngine::qemu_tcg_linux;
}

struct VmmSpec {
  VmmEngine engine = VmmEngine::kvm;
  int nice = 0;
  /// Nice of the timer/device thread alone (timer-only priority); unset = `nice`.
  std::optional<int> timer_nice;
  std::vector<int> affinity;  ///< CPUs of both VMM threads; empty = all
  TimerDevice timer_device = TimerDevice::Pit;
  LostTickPolicyKind lost_tick_policy = LostTickPolicyKind::Discard;
  /// catchup, catchup_giveup: backlog is delivered at up to this many ticks per period.
  int catchup_max_factor = 4;
  /// catchup_giveup: a backlog longer than this (in guest time) is dropped.
  TimeNs giveup_threshold_ns = 1 * kNsPerSec;
  /// One VM exit to the VMM's user space and back into the guest.
  TimeNs vm_exit_ns = 2 * kNsPerUs;
  /// Injecting one interrupt into the guest (on VM entry).
  TimeNs inject_ns = 1 * kNsPerUs;
  /// CPU time of the timer/device thread per wakeup (device emulation, irq raise, re-arm).
  TimeNs device_cost_ns = 3 * kNsPerUs;
  /// The vCPU thread's CPU per timer interrupt, in place of guest.tick_cost (under TCG: the
  /// guest's handler in translation, with the interrupt's delivery, EOI and HLT); unset =
  /// guest.tick_cost.
  std::optional<TimeNs> vcpu_tick_cost_ns;
  /// The vCPU thread's CPU per guest timer callback, in place of guest.timer_callback_cost
  /// (under TCG with Linux: the probe's wake-up, clock reads and trace line over the
  /// emulated serial port, executed by the binary translator); unset = guest.timer_callback_cost.
  std::optional<TimeNs> vcpu_callback_cost_ns;
  /// The vCPU thread's CPU per clock sample of run.sampling guest_timer, in place of the
  /// callback cost (under TCG with Linux: the probe's sampler reads jiffies from
  /// /proc/schedstat and writes two trace lines, about twice a timer callback's work);
  /// unset = as any other timer callback.
  std::optional<TimeNs> vcpu_sample_cost_ns;
  /// How the vCPU's tick, callback and sample costs vary between wake-ups: quantiles at 0, 1/(N-1),
  /// ..., 1 of cost / mean in ppm (1'000'000 = the mean; their distribution's mean is 1).
  /// Empty: every step costs its mean (models/vmm/cost_spread.hpp).
  std::vector<std::int64_t> vcpu_tick_cost_spread_ppm;
  std::vector<std::int64_t> vcpu_callback_cost_spread_ppm;
  std::vector<std::int64_t> vcpu_sample_cost_spread_ppm;
  /// The emulated timer's period against 1/hz, in ppb (+ = longer): the count the guest
  /// programmed from its own calibration at boot. Empty: exactly 1/hz. One value: that.
  /// N >= 2 non-decreasing: quantiles at 0, 1/(N-1), ..., 1 of a distribution each run draws
  /// its own from (a boot's calibration). Written in ppm (timer_period_error_ppm).
  std::vector<std::int64_t> timer_period_error_ppb;
  /// Share of one CPU (0 <= x < 1) each VMM thread spends whatever the tick rate ("at
  /// rest"): it accrues with host time and is paid with the thread's next tick work.
  double vcpu_rest_cpu = 0.0;
  double timer_rest_cpu = 0.0;
  /// Where in its device_cost the timer thread raises the interrupt (kicks the vCPU): the
  /// share spent before (0 < x <= 1); and the share spent after it lets QEMU's global lock go
  /// (0 <= x, the two at most 1). The rest lies between, with the lock held.
  double timer_kick_share = 1.0;
  double timer_tail_share = 0.0;
  /// The vCPU thread's CPU from a kick to blocking on the lock the timer thread holds (QEMU's
  /// global lock under TCG, models/vmm/vmm_lock.hpp); 0 = the lock is not modelled.
  TimeNs vcpu_lock_attempt_ns = 0;
  /// hrtimer slack of the timer thread; unset = host.hrtimer_slack_ns.
  std::optional<TimeNs> timer_slack_ns;
  /// clocksource pvclock: how often the host refreshes the pvclock page.
  TimeNs pvclock_update_interval_ns = 1 * kNsPerSec;
  /// timers outsourced: where the host timer module runs (see protocols/outsourcing/).
  OutsourcingModule outsourcing_module = OutsourcingModule::HostKernel;
  /// timers outsourced: slack of the host timers it arms; unset = host.hrtimer_slack_ns.
  std::optional<TimeNs> outsourcing_slack_ns;
};

enum class Clocksource { Jiffies, Tsc, Pvclock };
enum class GuestTimers { Tick, Outsourced };
/// The guest's timer-dependent modules (the seed paper's list):
///  periodic_timer - a cyclictest-like kernel timer (lateness against true time);
///  busy           - the guest always has CPU work (a build inside the VM), so its vCPU
///                   thread competes for the host CPU like a hog;
///  media          - frames at `fps`: a frame whose timer runs a frame period late is missed;
///  tcp_rto        - a segment every `interval`, acknowledged after `rtt` unless lost
///                   (probability `loss`), with a retransmission timer of `rto`;
///  cron           - a job due at wall-clock time `at`, checked every `check_interval`.
enum class WorkloadKind { PeriodicTimer, Busy, Media, TcpRto, Cron };

struct WorkloadSpec {
  std::string name;
  WorkloadKind kind = WorkloadKind::PeriodicTimer;
  TimeNs period_ns = 10 * kNsPerMs;  ///< periodic_timer
  TimeNs start_ns = 0;               ///< periodic_timer, media, tcp_rto
  int fps = 30;                      ///< media
  TimeNs interval_ns = 1 * kNsPerSec;  ///< tcp_rto: one segment per interval
  TimeNs rtt_ns = 50 * kNsPerMs;       ///< tcp_rto
  TimeNs rto_ns = 200 * kNsPerMs;      ///< tcp_rto: Linux's TCP_RTO_MIN
  double loss = 0.01;                  ///< tcp_rto: probability a segment is lost
  TimeNs at_ns = 3600 * kNsPerSec;     ///< cron: the job's wall-clock due time
  TimeNs check_interval_ns = 60 * kNsPerSec;  ///< cron: cron wakes once a minute
  SourceLocation where;
};

struct GuestSpec {
  int hz = 250;
  Clocksource clocksource = Clocksource::Jiffies;
  GuestTimers timers = GuestTimers::Tick;
  /// Guest CPU time of the tick interrupt handler (jiffies, timekeeping, timer wheel).
  TimeNs tick_cost_ns = 2 * kNsPerUs;
  /// Guest CPU time of one timer callback.
  TimeNs timer_callback_cost_ns = 1 * kNsPerUs;
  /// clocksource tsc: error of the guest's boot-time TSC frequency calibration, ppm (+ = the
  /// guest believes the TSC is faster than nominal, so its clock runs slow).
  double tsc_calibration_ppm = 0.0;
  std::vector<WorkloadSpec> workloads;
};

/// How series.csv (and the clock metrics computed from it) sees the guest clock:
///  observer    - an ideal outside observer reads it every sample_interval of host time,
///                after every other event of that instant (from t = 0, end inclusive);
///  guest_timer - a guest kernel timer due every sample_interval of guest time reads it
///                when its callback runs, as the real guest's sampler and the Linux probe
///                do (realvm/). A tick-counting clock is then read just after the tick that
///                ran the callback, at the top of its sawtooth; the observer, sampling on
///                the tick grid, reads it just before the tick, at the bottom.
enum class Sampling { Observer, GuestTimer };

struct RunSpec {
  TimeNs duration_ns = 10 * kNsPerSec;
  std::uint64_t seed = 1;
  TimeNs sample_interval_ns = 10 * kNsPerMs;
  Sampling sampling = Sampling::Observer;
  /// trace.json stops recording after this many events (and says so in its metadata).
  std::uint64_t trace_max_events = 200'000;
};

/// A guest NTP client (section `ntp:`; absent = no NTP). See protocols/ntp/.
struct NtpSpec {
  TimeNs poll_interval_ns = 64 * kNsPerSec;
  TimeNs network_delay_ns = 20 * kNsPerMs;
  TimeNs jitter_ns = 2 * kNsPerMs;
  double max_slew_ppm = 500.0;
  TimeNs step_threshold_ns = 128 * kNsPerMs;
  /// [from, to) in true time: the network is down and polls fail.
  std::vector<std::pair<TimeNs, TimeNs>> outages;
};

/// `expect:` entry: a dotted summary.json path and bounds; vtick run exits 1 if one fails.
struct Expectation {
  std::string field;
  std::optional<double> min;
  std::optional<double> max;
  std::optional<double> equals;
  SourceLocation where;
};

/// One metric's tolerance in a `crosscheck:` section; unset fields keep their defaults
/// (docs/crosscheck.md). abs is in the metric's unit: ppm, ticks, or ns for times.
struct ToleranceSpec {
  std::optional<double> sigmas;
  std::optional<double> abs;
  std::optional<double> rel;
};

/// `crosscheck:` - how `vtick crosscheck` judges a real trace of this scenario. The simulator
/// ignores it.
struct CrosscheckSpec {
  std::optional<int> seeds;
  std::optional<double> alpha;
  std::optional<TimeNs> ks_resolution_ns;
  ToleranceSpec drift_ppm;
  ToleranceSpec final_offset;
  ToleranceSpec max_abs_offset;
  ToleranceSpec ticks_lost;
  ToleranceSpec lateness_p50;
  ToleranceSpec lateness_p99;
  ToleranceSpec lateness_max;
};

struct Scenario {
  std::string file;
  /// `host_profile:` as written (relative to the scenario's directory); empty = none. Its
  /// values are already merged into host, vmm and guest; this records where they came from.
  std::string host_profile;
  std::string name;
  std::string description;
  HostSpec host;
  std::vector<LoadTaskSpec> load;
  VmmSpec vmm;
  GuestSpec guest;
  std::optional<NtpSpec> ntp;
  RunSpec run;
  std::vector<Expectation> expect;
  CrosscheckSpec crosscheck;

  [[nodiscard]] TimeNs tick_period_ns() const { return kNsPerSec / guest.hz; }
};

}  // namespace vtick::sim
