#include "realvm/runner/summary.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>

#include "models/guest/workload.hpp"
#include "protocols/scheme.hpp"
#include "realvm/protocol.h"
#include "realvm/runner/trace_series.hpp"
#include "realvm/runner/workload_result.hpp"
#include "realvm/vmm/trace_analysis.hpp"
#include "sim/sample_stats.hpp"
#include "sim/scenario_names.hpp"

namespace vtick::realvm::runner {
namespace {

using nlohmann::ordered_json;

/// Our PIT thread counts every period and what became of it; KVM's in-kernel PIT and QEMU's
/// PIT report none of that, and with outsourced timers there is no tick.
bool our_pit(const MappedRun& mapped) {
  return mapped.engine == Engine::kvm && mapped.config.scheme == vmm::TimerScheme::user_pit;
}

/// A counter of our PIT thread, null where the run has none.
ordered_json user_pit_counter(const MappedRun& mapped, const vmm::RunResult& vm, const char* name) {
  return our_pit(mapped) ? ordered_json(vm.counter(name)) : ordered_json(nullptr);
}


ordered_json ticks_summary(const MappedRun& mapped, const vmm::RunResult& vm) {
  const auto summaries = vm.records_of(VTICK_TRACE_TICK_SUMMARY);
  const ordered_json delivered = summaries.empty() ? ordered_json(nullptr) : ordered_json(summaries.back().arg);
  // Ticks are counted, not traced, so there is no per-tick jitter.
  return ordered_json{{"expected", user_pit_counter(mapped, vm, "user_tick.expirations")},
                      {"delivered", delivered},
                      {"lost", user_pit_counter(mapped, vm, "user_tick.discarded")},
                      {"reinjected", user_pit_counter(mapped, vm, "user_tick.reinjected")},
                      {"merged", user_pit_counter(mapped, vm, "user_tick.merged")},
                      {"coalesced", user_pit_counter(mapped, vm, "user_tick.coalesced_attempts")},
                      {"gave_up", user_pit_counter(mapped, vm, "user_tick.gave_up")},
                      {"backlog_final", user_pit_counter(mapped, vm, "user_tick.owed_at_end")},
                      {"backlog_max", user_pit_counter(mapped, vm, "user_tick.max_owed")},
                      {"jitter_ns", {{"p50", nullptr}, {"p99", nullptr}, {"max", nullptr}}}};
}

std::int64_t elapsed_ns(const vmm::RunResult& vm) { return vm.host_end_ns - vm.host_start_ns; }

double share(std::int64_t cpu_ns, std::int64_t elapsed) {
  return elapsed > 0 ? static_cast<double>(cpu_ns) / static_cast<double>(elapsed) : 0.0;
}

ordered_json cost_summary(const MappedRun& mapped, const vmm::RunResult& vm, const RunMeasurements& measured) {
  return ordered_json{{"engine", engine_name(mapped.engine)},
                      {"vm_exits", nullptr},
                      {"injections", user_pit_counter(mapped, vm, "user_tick.delivered")},
                      {"vmm_cpu_ns", measured.vmm_cpu_ns},
                      {"vcpu_thread_cpu_ns", nullptr},
                      {"timer_thread_cpu_ns", nullptr},
                      {"vmm_cpu_share", share(measured.vmm_cpu_ns, elapsed_ns(vm))}};
}

ordered_json host_summary(const vmm::RunResult& vm, const RunMeasurements& measured) {
  ordered_json tasks = ordered_json::object();
  for (const auto& task : measured.load) {
    tasks[task.name] = {{"cpu_ns", task.cpu_ns}, {"cpu_share", share(task.cpu_ns, elapsed_ns(vm))}};
  }
  return ordered_json{{"cpus", sysconf(_SC_NPROCESSORS_ONLN)},
                      {"context_switches", nullptr},
                      {"hrtimers_fired", nullptr},
                      {"hrtimers_coalesced", nullptr},
                      {"tasks", tasks}};
}

ordered_json realvm_section(const MappedRun& mapped, const vmm::RunResult& vm) {
  ordered_json counters = ordered_json::object();
  for (const auto& [name, value] : vm.counters) counters[name] = value;
  return ordered_json{{"engine", engine_name(mapped.engine)},
                      {"exit_reason", vmm::exit_reason_name(vm.reason)},
                      {"guest_exit_code", vm.guest_exit_code ? ordered_json(*vm.guest_exit_code) : ordered_json(nullptr)},
                      {"detail", vm.detail},
                      {"wall_ns", elapsed_ns(vm)},
                      {"trace_records", vm.trace.size()},
                      {"counters", counters}};
}

ordered_json approximations(const MappedRun& mapped) {
  ordered_json notes = ordered_json::array(
      {"host times are CLOCK_MONOTONIC when the VMM handled the exit carrying a trace record, counted from the "
       "guest clock's origin: every offset and lateness includes one VM exit and any delay of the VMM thread",
       "periodic_timer lateness is host time at the callback minus the due time in guest time; the guest re-arms "
       "its timer relative to its own now, as a Linux driver does, not on a fixed grid (media, tcp_rto and cron "
       "use the simulator's fixed grids)",
       "series.csv backlog_ticks: tick periods of host time since the clock's origin minus jiffies (ticks "
       "behind, owed or lost); the VMM's owed count is not sampled",
       "ticks are counted, not traced: no tick jitter; KVM's in-kernel PIT reports no expected, lost or "
       "coalesced ticks",
       "the guest's clock samples and timers run only until its clock reaches run.duration"});
  if (is_qemu(mapped.engine)) {
    notes.push_back(
        "under QEMU a host time is when the runner's reader thread read the trace line from QEMU's pipe (not a VM "
        "exit), and QEMU's own PIT ticks the guest: TCG discards lost ticks, KVM's in-kernel PIT reinjects them");
  }
  switch (mapped.config.workload.kind) {
    case vmm::GuestWorkload::media:
      notes.push_back("media: a frame's lateness is host time when its trace record's exit was handled minus k * 1e9 / fps");
      break;
    case vmm::GuestWorkload::tcp_rto:
      notes.push_back(
          "tcp_rto: the VMM plays network and peer: an ACK reaches the guest's ACK ring rtt of host CLOCK_MONOTONIC after "
          "the VMM handled the send hypercall, plus the delay of its ACK thread and of the interrupt (the simulator "
          "models neither); losses are the simulator's draws (same seed and stream), one segment outstanding at a time");
      break;
    case vmm::GuestWorkload::cron:
      notes.push_back(
          "cron: scaled to the run's length (seconds, not minutes); the guest has no NTP, so its wall clock is its clock, "
          "and the offset is host time at the check that ran the job minus at");
      break;
    case vmm::GuestWorkload::periodic_timer: break;
  }
  if (mapped.config.scheme == vmm::TimerScheme::outsourced) {
    notes.push_back(
        "outsourced: the real guest has no periodic tick (ticks.delivered counts its timer interrupts, 0); "
        "jiffies follow kvmclock when an expiry interrupt runs");
  }
  if (mapped.config.scheme == vmm::TimerScheme::outsourced &&
      mapped.config.outsourcing_delivery == vmm::OutsourcingDelivery::host_kernel) {
    notes.push_back(
        "outsourcing_module host_kernel: io_uring timeouts; the kernel writes each completion into a queue mapped "
        "into the guest and raises an MSI through an irqfd, with no VMM code and no relay thread in between. One "
        "step remains where the simulator's host_kernel has none: the kernel runs io_uring's task work, which "
        "posts the completion and injects the MSI, in the vCPU thread's context (it leaves KVM_RUN once for it), "
        "so the vCPU thread must be scheduled first, as it must be to run the guest at all");
  }
  return notes;
}

}  // namespace

ordered_json clock_summary(const vmm::RunResult& vm) {
  const auto offsets = vmm::clock_offsets(vm);
  if (offsets.empty()) {
    return ordered_json{{"final_offset_ns", nullptr}, {"max_abs_offset_ns", nullptr}, {"drift_ppm", nullptr}};
  }
  std::vector<std::int64_t> host;
  std::vector<std::int64_t> offset;
  std::int64_t max_abs = 0;
  for (const auto& o : offsets) {
    host.push_back(o.host_elapsed_ns);
    offset.push_back(o.offset_ns);
    max_abs = std::max(max_abs, o.offset_ns < 0 ? -o.offset_ns : o.offset_ns);
  }
  // A slope needs two samples; the simulator's 0 for one sample would be a made-up value.
  const ordered_json drift = offsets.size() < 2 ? ordered_json(nullptr) : ordered_json(sim::least_squares_slope(host, offset) * 1e6);
  return ordered_json{{"final_offset_ns", offsets.back().offset_ns}, {"max_abs_offset_ns", max_abs}, {"drift_ppm", drift}};
}

std::vector<std::int64_t> workload_lateness(const vmm::RunResult& vm) {
  const auto id = workload_timer_id(vm);
  std::vector<std::int64_t> lateness;
  for (const auto& f : vmm::timer_firings(vm)) {
    if (f.timer_id == id) lateness.push_back(f.host_late_ns);
  }
  return lateness;
}

nlohmann::ordered_json make_summary(const sim::Scenario& scenario, const MappedRun& mapped, const vmm::RunResult& vm,
                                    const RunMeasurements& measured) {
  utsname host{};
  uname(&host);
  ordered_json s;
  s["scenario"] = scenario.name;
  s["file"] = scenario.file;
  s["scheme"] = protocols::scheme_name(scenario);
  s["timer_device"] = sim::name_of(scenario.vmm.timer_device);
  s["lost_tick_policy"] = sim::name_of(scenario.vmm.lost_tick_policy);
  s["hz"] = scenario.guest.hz;
  s["seed"] = mapped.seed;
  s["duration_ns"] = scenario.run.duration_ns;
  s["clock"] = clock_summary(vm);
  s["ticks"] = ticks_summary(mapped, vm);
  s["timers"] = {{mapped.workload, workload_result(mapped.workload_spec, vm).summary}};
  s["cost"] = cost_summary(mapped, vm, measured);
  s["scheme_details"] = {{"vmm_scheme", vmm::timer_scheme_name(mapped.config.scheme)},
                         {"clock", vmm::clock_kind_name(mapped.config.clock)},
                         // vmm_thread (the scenario's vmm_process) or host_kernel.
                         {"outsourcing_delivery", mapped.config.scheme == vmm::TimerScheme::outsourced
                                                      ? ordered_json(vmm::outsourcing_delivery_name(mapped.config.outsourcing_delivery))
                                                      : ordered_json(nullptr)},
                         {"kernel_pit_reinject", mapped.config.scheme == vmm::TimerScheme::kernel_pit
                                                     ? ordered_json(mapped.config.kernel_pit_reinject)
                                                     : ordered_json(nullptr)},
                         // Which page stands for the scenario's pvclock (scenario_mapping.hpp).
                         {"pvclock_update_interval_ns", mapped.config.clock == vmm::ClockKind::vmm_pvclock
                                                            ? ordered_json(mapped.config.pvclock_update_interval.count())
                                                            : ordered_json(nullptr)}};
  s["host"] = host_summary(vm, measured);
  s["realvm"] = realvm_section(mapped, vm);
  s["build"] = {{"vtick", measured.build_id}, {"kernel", host.release}};
  s["approximations"] = approximations(mapped);
  s["ignored"] = mapped.ignored;
  return s;
}

}  // namespace vtick::realvm::runner
