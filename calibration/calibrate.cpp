#include "calibration/calibrate.hpp"

#include <cstdio>
#include <exception>

#include "calibration/context_switch.hpp"
#include "calibration/kernel_facts.hpp"
#include "calibration/cpu_hogs.hpp"
#include "calibration/engine_stage.hpp"
#include "calibration/host_info.hpp"
#include "calibration/host_noise_stage.hpp"
#include "calibration/inject_derivation.hpp"
#include "calibration/kvm_costs.hpp"
#include "calibration/measuring_cpu.hpp"
#include "calibration/plan.hpp"
#include "calibration/quantiles.hpp"
#include "calibration/timer_wakeup.hpp"
#include "realvm/qemu/error.hpp"
#include "realvm/vmm/error.hpp"

namespace vtick::calibration {
namespace {

using nlohmann::ordered_json;
using namespace std::chrono_literals;

// The slack the "interrupt and wake-up alone" runs set: the least PR_SET_TIMERSLACK takes
// (0 would mean "back to the default").
constexpr std::int64_t kLeastSlackNs = 1;

std::string us(std::int64_t ns) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f us", static_cast<double>(ns) / 1000.0);
  return text;
}

class Run {
 public:
  Run(const CalibrateOptions& options, const CalibrationPlan& plan) : options_(options), plan_(plan) {}

  Calibration go() {
    out_.profile.calibration = header_json();
    const int cpu = measuring_cpu();
    out_.profile.calibration["conditions"]["measuring_cpu"] = cpu;
    kernel_facts();
    wakeups(cpu);
    context_switch(cpu);
    host_noise();
    kvm();
    engines();
    out_.profile.calibration["conditions"]["load_average_after"] = load_average();
    out_.profile.calibration["measured"] = measured_;
    out_.profile.calibration["derived"] = derived_;
    out_.profile.calibration["not_measured"] = not_measured();
    if (!hz_missing_.empty()) out_.profile.calibration["not_measured"]["host.hz"] = "not written: " + hz_missing_;
    ordered_json skipped = ordered_json::array();
    for (const auto& s : out_.unavailable) skipped.push_back(s);
    for (const auto& s : out_.failed) skipped.push_back(s);
    out_.profile.calibration["skipped"] = skipped;
    out_.profile.header = {
        "Written by `vtick calibrate" + std::string(plan_.quick ? " --quick" : "") + "` (vtick " + options_.build_id +
            ") on " + out_.profile.calibration["date"].get<std::string>() + ". Measured, not fitted.",
        "Host-specific: it describes this machine under the conditions below (calibration.conditions),",
        "not yours. Regenerate it on the host you simulate; see docs/calibration.md."};
    return std::move(out_);
  }

 private:
  void say(const std::string& line) {
    if (options_.progress) options_.progress(line);
  }

  ordered_json header_json() const {
    ordered_json c;
    c["tool"] = "vtick calibrate";
    c["commit"] = options_.build_id;
    c["date"] = utc_now();
    c["mode"] = plan_.quick ? "quick" : "default";
    ordered_json conditions;
    if (!options_.note.empty()) conditions["note"] = options_.note;
    conditions["kernel"] = kernel_release();
    conditions["cpu_model"] = cpu_model();
    conditions["cpus"] = online_cpus();
    conditions["load_average_before"] = load_average();
    c["conditions"] = conditions;
    return c;
  }

  /// One wake-up run, reported under `key`; returns its lateness samples.
  std::vector<std::int64_t> wakeup(const char* key, const std::string& what, Sleeper sleeper, std::optional<std::int64_t> slack,
                                   std::size_t samples) {
    say("timer wake-up, " + what + ": " + std::to_string(samples) + " wake-ups every " +
        std::to_string(plan_.wakeup_period_ns / 1'000'000) + " ms");
    WakeupRun run = measure_wakeup(WakeupPlan{sleeper, slack, plan_.wakeup_period_ns, samples});
    const Summary s = summarize(run.lateness_ns);
    ordered_json j;
    j["sleeper"] = sleeper == Sleeper::timerfd ? "timerfd" : "clock_nanosleep";
    j["slack_ns"] = run.slack_ns;
    j["period_ns"] = plan_.wakeup_period_ns;
    j.update(summary_json(s));
    j["overruns"] = run.overruns;
    measured_["wakeup"][key] = j;
    say("  late p50 " + us(s.p50) + ", p90 " + us(s.p90) + ", p99 " + us(s.p99) + ", max " + us(s.max));
    return std::move(run.lateness_ns);
  }

  void wakeups(int cpu) {
    const auto default_slack = default_timer_slack_ns();
    PinnedTo pinned(cpu);
    const auto idle = wakeup("idle_timerfd", "idle, timerfd, slack 1 ns", Sleeper::timerfd, kLeastSlackNs,
                             plan_.wakeup_idle_samples);
    wakeup("idle_nanosleep", "idle, clock_nanosleep, slack 1 ns", Sleeper::nanosleep, kLeastSlackNs,
           plan_.wakeup_slack_samples);
    wakeup("idle_nanosleep_default_slack", "idle, clock_nanosleep, the default slack", Sleeper::nanosleep, std::nullopt,
           plan_.wakeup_slack_samples);
    {
      // Longest: the run's samples at a period each, plus room for a slow start.
      CpuHogs hogs(cpu, plan_.hogs,
                   std::chrono::nanoseconds(static_cast<std::int64_t>(plan_.wakeup_loaded_samples + 100) * plan_.wakeup_period_ns) + 10s);
      wakeup("loaded_timerfd", (std::to_string(plan_.hogs) + " cpu_hogs on its CPU, timerfd, slack 1 ns"),
             Sleeper::timerfd, kLeastSlackNs, plan_.wakeup_loaded_samples);
      measured_["wakeup"]["loaded_timerfd"]["hogs"] = plan_.hogs;
    }
    measured_["wakeup"]["note"] =
        "lateness = CLOCK_MONOTONIC after the wake-up minus the expiry, on one pinned CPU; a timerfd ignores timer slack "
        "(the kernel arms it with no slack range), clock_nanosleep adds it. The loaded run is reported only: the simulator "
        "models load itself (scenario load:), on top of host.wakeup_latency.";
    const Summary s = summarize(idle);
    wakeup_idle_ = s;
    out_.profile.wakeup_quantiles = evenly_spaced_quantiles(idle, kWakeupQuantiles);
    out_.profile.wakeup_comment = "idle timerfd wake-up, slack 1 ns: p0, p1, ..., p100 of " + std::to_string(s.samples);
    derived_["wakeup_latency"] = "nearest-rank quantiles every 1 % of measured.wakeup.idle_timerfd";
    // The model interpolates linearly between quantiles, so the top 5 % spread evenly up to
    // the single largest sample: say what mean that gives against the measured one.
    derived_["wakeup_latency_mean_as_modelled_ns"] = interpolated_mean(out_.profile.wakeup_quantiles);
    derived_["wakeup_latency_mean_measured_ns"] = s.mean;
    if (default_slack) {
      out_.profile.hrtimer_slack = ProfileValue{*default_slack, "the host's default (/proc/self/timerslack_ns)"};
      derived_["hrtimer_slack"] = "/proc/self/timerslack_ns when vtick calibrate started";
    } else {
      out_.failed.push_back("host.hrtimer_slack: /proc/self/timerslack_ns is unreadable (Linux < 4.6?)");
    }
  }

  void context_switch(int cpu) {
    const auto& p = plan_.context_switch;
    say("context switch: pipe ping-pong of two threads on CPU " + std::to_string(cpu) + ", " +
        std::to_string(p.batches - 1) + " batches of " + std::to_string(p.round_trips) + " round trips");
    const ContextSwitchRun run = measure_context_switch(cpu, p);
    const Summary net = summarize(run.per_switch_ns);
    measured_["context_switch"] = ordered_json{{"round_trips_per_batch", run.round_trips},
                                               {"per_switch", summary_json(net)},
                                               {"raw_per_switch", summary_json(summarize(run.raw_ns))},
                                               {"pipe_write_read", summary_json(summarize(run.pipe_ns))}};
    say("  per switch p50 " + us(net.p50) + " (with the pipe's work " + us(summarize(run.raw_ns).p50) + ")");
    if (net.p50 > 0) {
      out_.profile.context_switch = ProfileValue{net.p50, "pipe ping-pong of two threads on one CPU, per switch, less the pipe's write + read"};
      derived_["context_switch"] = "p50 over batches of measured.context_switch.per_switch";
    } else {
      out_.failed.push_back("scheduler.context_switch: the ping-pong was not slower than the pipe work alone");
    }
  }

  void host_noise() {
    try {
      HostNoiseStage stage = measure_host_noise(plan_.host_noise, allowed_cpus(), [this](const std::string& line) { say(line); });
      measured_["host_noise"] = std::move(stage.measured);
      derived_["host_noise"] = stage.derived;
      out_.profile.noise = std::move(stage.profile);
      out_.profile.stalls = std::move(stage.stalls);
    } catch (const std::exception& e) {
      out_.failed.push_back(std::string("host.noise: ") + e.what());
      say("  failed");
    }
  }

  void kvm() {
    KvmPlan p = plan_.kvm;
    p.guest_image = options_.guest_image;
    say("KVM: " + std::to_string(p.exit_batches) + " VMs timing " + std::to_string(p.exits_per_batch) +
        " exits each, then a " + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(p.injection_run).count()) +
        " ms user-PIT tick run");
    KvmFigures f;
    try {
      f = measure_kvm(p);
    } catch (const realvm::vmm::KvmUnavailable& e) {
      out_.unavailable.push_back(std::string("vmm.vm_exit, vmm.inject, vmm.device_cost: no usable /dev/kvm: ") + e.what());
      say("  skipped: no usable /dev/kvm");
      return;
    } catch (const std::exception& e) {
      out_.failed.push_back(std::string("vmm.vm_exit, vmm.inject, vmm.device_cost: ") + e.what());
      say("  failed");
      return;
    }
    const Summary exits = summarize(f.exit_ns);
    measured_["vm_exit"] = summary_json(exits);
    measured_["vm_exit"]["exits_per_batch"] = p.exits_per_batch;
    measured_["vm_exit"]["note"] = "per VM boot (batch): host time over a loop of NOP-port outs / (outs + 1)";
    out_.profile.vm_exit = ProfileValue{exits.p50, "KVM_RUN round trip on an OUT to a NOP port, p50 over " +
                                                       std::to_string(exits.samples) + " VMs"};
    derived_["vm_exit"] = "p50 of measured.vm_exit";
    say("  exit round trip p50 " + us(exits.p50));
    if (f.injection_ns.empty()) {
      out_.failed.push_back("vmm.inject: the tick run produced no injection sample");
    } else {
      const Summary inj = summarize(f.injection_ns);
      measured_["injection"] = summary_json(inj);
      measured_["injection"]["unmatched"] = f.injection_unmatched;
      measured_["injection"]["hz"] = f.hz;
      measured_["injection"]["note"] =
          "user_pit, discard, jiffies clock: host time from just before KVM_IRQ_LINE_STATUS to the stamp of the first "
          "trace record the guest's handler for that tick wrote";
      const InjectDerivation d = derive_inject(inj, wakeup_idle_, exits.p50);
      out_.profile.inject = ProfileValue{d.inject_ns, "injection p50 - wake-up p50 - vm_exit (docs/calibration.md)"};
      derived_["inject"] = d.formula;
      say("  injection p50 " + us(inj.p50) + " -> vmm.inject " + us(d.inject_ns));
    }
    if (f.tick_thread_wakeups > 0 && f.tick_thread_cpu_ns > 0) {
      const auto per = static_cast<std::int64_t>(f.tick_thread_cpu_ns / f.tick_thread_wakeups);
      measured_["device_cost"] = ordered_json{{"wakeups", f.tick_thread_wakeups},
                                              {"cpu_ns", f.tick_thread_cpu_ns},
                                              {"per_wakeup_ns", per}};
      out_.profile.device_cost = ProfileValue{per, "user PIT thread CPU time per wake-up (timerfd read + KVM_IRQ_LINE_STATUS)"};
      derived_["device_cost"] = "measured.device_cost.cpu_ns / wakeups (CLOCK_THREAD_CPUTIME_ID of the user PIT thread)";
      say("  user PIT thread CPU per wake-up " + us(per));
    } else {
      out_.failed.push_back("vmm.device_cost: the user PIT thread reported no CPU time or no wake-ups");
    }
  }

  void engines() {
    EngineDemandPlan p = plan_.engines;
    p.guest_image = options_.guest_image;
    p.qemu_binary = options_.qemu_binary;
    p.linux_kernel = options_.linux_kernel;
    p.linux_initramfs = options_.linux_initramfs;
    p.linux_hz = options_.linux_hz;
    p.cpu = measuring_cpu();
    EngineStage stage = measure_engines(p, options_.linux_unavailable, [this](const std::string& line) { say(line); });
    measured_["vmm_demand"] = std::move(stage.measured);
    derived_["vmm_demand"] = std::move(stage.derived);
    out_.profile.engines = std::move(stage.engines);
    out_.unavailable.insert(out_.unavailable.end(), stage.unavailable.begin(), stage.unavailable.end());
    out_.failed.insert(out_.failed.end(), stage.failed.begin(), stage.failed.end());
  }

  // Read, not measured: the scheduler class from uname, CONFIG_HZ from the kernel's config.
  void kernel_facts() {
    const std::string release = kernel_release();
    if (const auto cls = scheduler_class_for(release)) {
      out_.profile.scheduler_class = KernelFact<std::string>{
          *cls, std::string("kernel fact, not measured: Linux ") + (*cls == "eevdf" ? ">=" : "<") + " 6.6 (uname -r)"};
    }
    const KernelHz hz = kernel_hz(release);
    if (hz.hz) {
      out_.profile.hz = KernelFact<int>{*hz.hz, "kernel fact, not measured: CONFIG_HZ in " + hz.source};
    } else {
      hz_missing_ = hz.source;
    }
  }

  static ordered_json not_measured() {
    return ordered_json{
        {"guest.tick_cost", "not written: our guest does not time its own handler; it is inside vmm.inject"},
        {"guest.timer_callback_cost", "not written: as guest.tick_cost"}};
  }

  const CalibrateOptions& options_;
  const CalibrationPlan& plan_;
  Calibration out_;
  ordered_json measured_ = ordered_json::object();
  ordered_json derived_ = ordered_json::object();
  Summary wakeup_idle_;
  std::string hz_missing_;  ///< why CONFIG_HZ could not be read; empty when it was
};

}  // namespace

Calibration calibrate(const CalibrateOptions& options) {
  const CalibrationPlan plan = plan_for(options.quick);
  return Run(options, plan).go();
}

}  // namespace vtick::calibration
