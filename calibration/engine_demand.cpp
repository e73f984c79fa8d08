#include "calibration/engine_demand.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>

#include "calibration/cpu_hogs.hpp"
#include "calibration/sched_switch_trace.hpp"
#include "calibration/thread_cpu.hpp"
#include "realvm/linux/lapic_period.hpp"
#include "realvm/linux/run_linux.hpp"
#include "realvm/protocol.h"
#include "realvm/qemu/run_qemu.hpp"
#include "realvm/vmm/run_vm.hpp"

namespace vtick::calibration {
namespace {

namespace vmm = realvm::vmm;
using namespace std::chrono_literals;

// Often enough that a window's ends sit within a few ms of the records that bound it.
constexpr auto kSampleInterval = 20ms;

std::int64_t ns(std::chrono::nanoseconds d) { return d.count(); }

EnginePairs pairs_of(std::size_t repeats, const std::function<EngineRun(bool high)>& run) {
  EnginePairs pairs;
  for (std::size_t r = 0; r < repeats; ++r) {
    EngineRun lo = run(false);
    EngineRun hi = run(true);
    pairs.emplace_back(std::move(lo), std::move(hi));
  }
  return pairs;
}

/// The window between the run's first trace record (plus settle) and its last, per role.
EngineRun qemu_window(const vmm::RunResult& result, const std::vector<ThreadCpuSample>& samples, double ticks_per_s,
                      std::chrono::nanoseconds settle) {
  if (result.trace.size() < 2) throw std::runtime_error("the guest wrote too few trace records to bound a window");
  const auto pid = static_cast<int>(result.counter("qemu.pid"));
  const auto window = window_cpu(samples, result.trace.front().host_ns + ns(settle), result.trace.back().host_ns,
                                 [pid](const ThreadCpu& t) { return qemu_thread_role(pid, t.tid, t.name); });
  if (!window) throw std::runtime_error("QEMU's thread samples do not bracket the guest's run");
  EngineRun run;
  run.demand = DemandRun{ticks_per_s, window->window_ns, window->cpu_ns};
  run.process_cpu_ns = static_cast<std::int64_t>(result.counter("qemu.cpu_ns"));
  run.from_schedstat = window->from_schedstat;
  return run;
}

void require_finished(const vmm::RunResult& result, const std::string& what) {
  if (result.reason != vmm::ExitReason::guest_exit) {
    throw std::runtime_error(what + " did not finish: " + vmm::describe(result));
  }
}

double per_s(std::chrono::nanoseconds period) { return 1e9 / static_cast<double>(ns(period)); }

/// A Linux run of the plan's kernel and length with the probe's timer at `period` and its
/// sampler at linux_probe_period.
realvm::linux_guest::LinuxRunConfig linux_config(const EngineDemandPlan& plan, std::chrono::nanoseconds period,
                                                 bool periodic_tick) {
  realvm::linux_guest::LinuxRunConfig config;
  config.kernel = plan.linux_kernel;
  config.initramfs = plan.linux_initramfs;
  config.qemu_binary = plan.qemu_binary;
  config.period = period;
  config.sample_interval = plan.linux_probe_period;
  config.duration = plan.run;
  config.periodic_tick = periodic_tick;
  return config;
}

// QEMU's name for the vCPU thread of a one-vCPU TCG guest.
constexpr const char* kTcgVcpuThread = "CPU 0/TCG";

/// The vCPU's wake-ups within the run's window (qemu_window's), by kind: the probe's timer
/// callbacks are its TIMER_FIRED records, its sampler's its CLOCK_SAMPLE records.
WakeupKinds vcpu_wakeups(const vmm::RunResult& result, const std::vector<SchedSwitch>& events,
                         std::chrono::nanoseconds settle) {
  std::vector<std::int64_t> callbacks, samples, records;
  for (const auto& r : result.trace) {
    records.push_back(r.host_ns);
    if (r.kind == VTICK_TRACE_TIMER_FIRED) callbacks.push_back(r.host_ns);
    if (r.kind == VTICK_TRACE_CLOCK_SAMPLE) samples.push_back(r.host_ns);
  }
  const TracedWakeups traced =
      wakeups_of(events, kTcgVcpuThread, result.trace.front().host_ns + ns(settle), result.trace.back().host_ns);
  WakeupKinds kinds = classify(traced.wakeups, std::move(callbacks), std::move(samples), std::move(records));
  kinds.dropped = traced.dropped;
  return kinds;
}

/// Runs `config` with QEMU's threads sampled: its window at `rate_per_s` and the boot's
/// LAPIC period; with `trace_wakeups`, the vCPU's wake-ups too. `what` names the run if it
/// does not finish.
EngineRun linux_run(const EngineDemandPlan& plan, realvm::linux_guest::LinuxRunConfig config, double rate_per_s,
                    const std::string& what, bool trace_wakeups = false) {
  std::optional<ThreadCpuSampler> sampler;
  config.on_spawn = [&sampler](pid_t pid) { sampler.emplace(pid, kSampleInterval); };
  std::optional<SchedSwitchTrace> tracer;
  std::string unavailable;
  if (trace_wakeups) {
    try {
      tracer.emplace(std::vector<std::string>{kTcgVcpuThread});
    } catch (const TracefsUnavailable& e) {
      unavailable = e.what();
    }
  }
  const vmm::RunResult result = realvm::linux_guest::run_linux(config);
  const auto samples = sampler ? sampler->finish() : std::vector<ThreadCpuSample>{};
  const auto events = tracer ? tracer->finish().switches : std::vector<SchedSwitch>{};
  require_finished(result, what);
  EngineRun run = qemu_window(result, samples, rate_per_s, plan.settle);
  run.timer_period_error_ppm = realvm::linux_guest::lapic_period_error_ppm(result.console, plan.linux_hz);
  if (tracer) run.vcpu_wakeups = vcpu_wakeups(result, events, plan.settle);
  run.vcpu_wakeups_unavailable = unavailable;
  return run;
}

// The name Linux gives QEMU's main thread: its program's, cut to TASK_COMM_LEN - 1.
std::string main_loop_comm(const std::string& qemu_binary) {
  return std::filesystem::path(qemu_binary).filename().string().substr(0, 15);
}

}  // namespace

Handoffs measure_qemu_tcg_linux_handoffs(const EngineDemandPlan& plan) {
  const std::string main_loop = main_loop_comm(plan.qemu_binary);
  SchedSwitchTrace tracer({main_loop, kTcgVcpuThread}, kTcgVcpuThread);
  realvm::linux_guest::LinuxRunConfig config = linux_config(plan, plan.linux_probe_period, true);
  config.clocksource = "jiffies";
  config.scheduling.affinity = {plan.cpu};
  const auto longest = 3 * plan.run + std::chrono::seconds(60);
  vmm::RunResult result;
  {
    CpuHogs hog(plan.cpu, 1, longest);
    result = realvm::linux_guest::run_linux(config);
  }
  const SchedEvents events = tracer.finish();
  require_finished(result, "the Linux run with QEMU and a cpu_hog on CPU " + std::to_string(plan.cpu));
  if (result.trace.size() < 2) throw std::runtime_error("the guest wrote too few trace records to bound a window");
  return handoffs_of(events, main_loop, kTcgVcpuThread, result.trace.front().host_ns + ns(plan.settle),
                     result.trace.back().host_ns);
}

std::string qemu_thread_role(int pid, int tid, const std::string& name) {
  if (tid == pid) return "main_loop";
  if (name.rfind("CPU ", 0) == 0) return "vcpu";
  return "other";
}

EnginePairs measure_kvm_demand(const EngineDemandPlan& plan) {
  return pairs_of(plan.repeats, [&plan](bool high) {
    vmm::VmConfig config;
    config.guest_image = plan.guest_image;
    config.scheme = vmm::TimerScheme::user_pit;
    config.hz = high ? plan.high_hz : plan.low_hz;
    config.duration = plan.run;
    config.timeout = 3 * plan.run + 10s;
    const vmm::RunResult result = vmm::run_vm(config);
    require_finished(result, "the KVM run at " + std::to_string(config.hz) + " Hz");
    EngineRun run;
    // Our VMM's threads time themselves over the whole run: boot is in the vCPU's figure.
    run.demand = DemandRun{static_cast<double>(config.hz), result.host_end_ns - result.host_start_ns,
                           {{"timer", static_cast<std::int64_t>(result.counter("user_tick.cpu_ns"))},
                            {"vcpu", static_cast<std::int64_t>(result.counter("vcpu.cpu_ns"))}}};
    const auto summary = result.records_of(VTICK_TRACE_TICK_SUMMARY);
    run.ticks_handled = summary.empty() ? 0 : static_cast<std::uint64_t>(summary.front().arg);
    return run;
  });
}

EnginePairs measure_qemu_tcg_demand(const EngineDemandPlan& plan) {
  return pairs_of(plan.repeats, [&plan](bool high) {
    realvm::qemu::QemuConfig config;
    config.qemu_binary = plan.qemu_binary;
    config.vm.guest_image = plan.guest_image;
    config.vm.hz = high ? plan.high_hz : plan.low_hz;
    config.vm.duration = plan.run;
    config.vm.timeout = 3 * plan.run + 20s;
    std::optional<ThreadCpuSampler> sampler;
    config.on_spawn = [&sampler](pid_t pid) { sampler.emplace(pid, kSampleInterval); };
    const vmm::RunResult result = realvm::qemu::run_qemu(config);
    const auto samples = sampler ? sampler->finish() : std::vector<ThreadCpuSample>{};
    require_finished(result, "the QEMU run at " + std::to_string(config.vm.hz) + " Hz");
    EngineRun run = qemu_window(result, samples, config.vm.hz, plan.settle);
    const auto summary = result.records_of(VTICK_TRACE_TICK_SUMMARY);
    run.ticks_handled = summary.empty() ? 0 : static_cast<std::uint64_t>(summary.front().arg);
    return run;
  });
}

EnginePairs measure_qemu_tcg_linux_demand(const EngineDemandPlan& plan) {
  return pairs_of(plan.linux_repeats, [&plan](bool periodic) {
    // The probe's own timer and sampler interrupt the guest in both runs.
    const double interrupts_per_s = per_s(plan.linux_probe_period) * 2 + (periodic ? plan.linux_hz : 0);
    return linux_run(plan, linux_config(plan, plan.linux_probe_period, periodic), interrupts_per_s,
                     std::string("the Linux run with nohz=") + (periodic ? "off" : "on"));
  });
}

EnginePairs measure_qemu_tcg_linux_callbacks(const EngineDemandPlan& plan) {
  return pairs_of(plan.linux_repeats, [&plan](bool busy) {
    const auto period = busy ? plan.linux_busy_probe_period : plan.linux_probe_period;
    realvm::linux_guest::LinuxRunConfig config = linux_config(plan, period, true);
    config.clocksource = "jiffies";
    return linux_run(plan, config, per_s(period) + per_s(plan.linux_probe_period),
                     "the Linux run with a probe timer every " +
                         std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(period).count()) + " ms",
                    true);
  });
}

EnginePairs measure_qemu_tcg_linux_samples(const EngineDemandPlan& plan) {
  return pairs_of(plan.linux_repeats, [&plan](bool busy) {
    realvm::linux_guest::LinuxRunConfig config = linux_config(plan, plan.linux_probe_period, true);
    config.clocksource = "jiffies";
    if (busy) config.sample_interval = plan.linux_busy_probe_period;
    return linux_run(plan, config, per_s(config.sample_interval),
                     "the Linux run with a clock sample every " +
                         std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(config.sample_interval).count()) +
                         " ms",
                     true);
  });
}

}  // namespace vtick::calibration
