#include "realvm/linux/summary.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>

#include "models/guest/workload.hpp"
#include "realvm/linux/probe/probe_protocol.h"
#include "realvm/linux/run_linux.hpp"
#include "realvm/protocol.h"
#include "realvm/qemu/apic_trace.hpp"
#include "realvm/runner/summary.hpp"
#include "realvm/vmm/trace_analysis.hpp"
#include "sim/scenario_names.hpp"
#include "realvm/linux/lapic_period.hpp"
#include "sim/sample_stats.hpp"

namespace vtick::realvm::linux_guest {
namespace {

using nlohmann::ordered_json;

template <typename T>
ordered_json or_null(const std::optional<T>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}


/// Timer interrupts QEMU's LAPIC raised between the clock's origin and the probe's last clock
/// sample, and how many coalesced with one still pending (realvm/qemu/apic_trace.hpp); null
/// when QEMU wrote no timer event (its trace backend cannot, or the run never started).
std::optional<qemu::LapicTimerCount> lapic_timer_count(const vmm::RunResult& vm) {
  const auto origin = vmm::clock_origin_host_ns(vm);
  const auto samples = vm.records_of(VTICK_TRACE_CLOCK_SAMPLE);
  if (!origin || samples.empty() || vm.lapic_timer_raises.empty()) return std::nullopt;
  return qemu::count_between(vm.lapic_timer_raises, *origin, samples.back().host_ns);
}

/// The kernel's ticks are seen as jiffies (delivered: at the probe's exit) and as QEMU's LAPIC
/// sees its timer interrupts: expected = raised (QEMU raises one per period, however late:
/// apic_timer re-arms from the previous deadline), lost = coalesced, raised while the previous
/// one was pending.
ordered_json ticks_summary(const vmm::RunResult& vm) {
  const auto exits = vm.records_of(VTICK_TRACE_EXIT);
  const auto lapic = lapic_timer_count(vm);
  const ordered_json lost = lapic ? ordered_json(lapic->coalesced) : ordered_json(nullptr);
  const ordered_json expected = lapic ? ordered_json(lapic->raised) : ordered_json(nullptr);
  return ordered_json{{"expected", expected}, {"delivered", exits.empty() ? ordered_json(nullptr) : ordered_json(exits.back().arg)},
                      {"lost", lost}, {"reinjected", nullptr}, {"merged", nullptr}, {"coalesced", lost},
                      {"gave_up", nullptr}, {"backlog_final", nullptr}, {"backlog_max", nullptr},
                      {"jitter_ns", {{"p50", nullptr}, {"p99", nullptr}, {"max", nullptr}}}};
}

std::int64_t elapsed_ns(const vmm::RunResult& vm) { return vm.host_end_ns - vm.host_start_ns; }

double share(std::int64_t cpu_ns, std::int64_t elapsed) {
  return elapsed > 0 ? static_cast<double>(cpu_ns) / static_cast<double>(elapsed) : 0.0;
}

std::int64_t overruns(const vmm::RunResult& vm) {
  std::int64_t total = 0;
  for (const auto& r : vm.records_of(VTICK_LINUX_TRACE_OVERRUN)) total += r.arg;
  return total;
}

/// CLOCK_REALTIME minus CLOCK_MONOTONIC (both since the origin) at the first and last sample:
/// constant unless something stepped or slewed the wall clock (nothing does: no NTP here).
ordered_json realtime_summary(const vmm::RunResult& vm) {
  const auto samples = vm.records_of(VTICK_LINUX_TRACE_REALTIME);
  if (samples.empty()) return ordered_json{{"first_ns", nullptr}, {"change_ns", nullptr}};
  const auto gap = [](const vmm::TraceRecord& r) { return r.arg - r.guest_ns; };
  return ordered_json{{"first_ns", gap(samples.front())}, {"change_ns", gap(samples.back()) - gap(samples.front())}};
}

ordered_json realvm_section(const LinuxMappedRun& mapped, const vmm::RunResult& vm) {
  ordered_json counters = ordered_json::object();
  for (const auto& [name, value] : vm.counters) counters[name] = value;
  const auto origin = vmm::clock_origin_host_ns(vm);
  return ordered_json{
      {"engine", sim::name_of(sim::VmmEngine::qemu_tcg_linux)},
      {"kernel", mapped.kernel.version.empty() ? mapped.kernel.vmlinuz.string() : mapped.kernel.version},
      {"kernel_hz", mapped.kernel.hz},
      {"clocksource_requested", mapped.config.clocksource},
      {"clocksource_used", or_null(reported_clocksource(vm.console))},
      {"boot_ns", origin ? ordered_json(*origin - vm.host_start_ns) : ordered_json(nullptr)},
      {"timer_overruns", overruns(vm)},
      {"lapic_timer_period_error_ppm", or_null(lapic_period_error_ppm(vm.console, mapped.kernel.hz))},
      {"realtime_minus_monotonic_ns", realtime_summary(vm)},
      {"exit_reason", vmm::exit_reason_name(vm.reason)},
      {"guest_exit_code", or_null(vm.guest_exit_code)},
      {"detail", vm.detail},
      {"wall_ns", elapsed_ns(vm)},
      {"trace_records", vm.trace.size()},
      {"counters", counters}};
}

ordered_json approximations() {
  return ordered_json::array(
      {"host times are CLOCK_MONOTONIC when a trace line's newline reached vtick through QEMU's second serial "
       "port, counted from the least-delayed pairing of guest and host time (realvm/vmm/trace_analysis.hpp): "
       "every offset and lateness includes the guest's tty "
       "write, QEMU's UART emulation and a pipe read",
       "the guest clock is the probe's CLOCK_MONOTONIC, run by whichever clocksource the kernel used "
       "(realvm.clocksource_used)",
       "timer lateness is host time when the probe's read() of its periodic timerfd returned minus the due time, "
       "so it includes the kernel's wake-up of a user process; expiries one read() reports together count once "
       "(realvm.timer_overruns has the rest)",
       "series.csv backlog_ticks: tick periods (kernel HZ) of host time since the origin minus jiffies",
       "ticks.expected and ticks.lost count the LAPIC timer interrupts QEMU raised, and those raised while the "
       "previous one was still pending, between "
       "the clock's origin and the last clock sample, from QEMU's own trace events (apic_local_deliver, "
       "apic_report_irq_delivered), stamped by QEMU's wall clock and moved to CLOCK_MONOTONIC by one offset read "
       "before the run; writing them costs QEMU's main loop two log lines per tick",
       "the probe samples and times only until its clock reaches run.duration; booting is not part of the run"});
}

}  // namespace

nlohmann::ordered_json make_summary(const sim::Scenario& scenario, const LinuxMappedRun& mapped, const vmm::RunResult& vm,
                                    const LinuxMeasurements& measured) {
  utsname host{};
  uname(&host);
  ordered_json tasks = ordered_json::object();
  for (const auto& task : measured.load) {
    tasks[task.name] = {{"cpu_ns", task.cpu_ns}, {"cpu_share", share(task.cpu_ns, elapsed_ns(vm))}};
  }
  ordered_json s;
  s["scenario"] = scenario.name;
  s["file"] = scenario.file;
  s["scheme"] = "emulation";
  s["timer_device"] = "lapic";
  s["lost_tick_policy"] = nullptr;
  s["hz"] = mapped.kernel.hz;
  s["seed"] = mapped.seed;
  s["duration_ns"] = scenario.run.duration_ns;
  s["clock"] = runner::clock_summary(vm);
  s["ticks"] = ticks_summary(vm);
  s["timers"] = {{mapped.workload, models::guest::lateness_summary(runner::workload_lateness(vm))}};
  s["cost"] = {{"engine", sim::name_of(sim::VmmEngine::qemu_tcg_linux)}, {"vm_exits", nullptr}, {"injections", nullptr}, {"vmm_cpu_ns", measured.qemu_cpu_ns},
               {"vcpu_thread_cpu_ns", nullptr}, {"timer_thread_cpu_ns", nullptr},
               {"vmm_cpu_share", share(measured.qemu_cpu_ns, elapsed_ns(vm))}};
  s["scheme_details"] = {{"vmm_scheme", "qemu_tcg"}, {"clock", mapped.config.clocksource}, {"kernel_pit_reinject", nullptr}};
  s["host"] = {{"cpus", sysconf(_SC_NPROCESSORS_ONLN)}, {"context_switches", nullptr}, {"hrtimers_fired", nullptr},
               {"hrtimers_coalesced", nullptr}, {"tasks", tasks}};
  s["realvm"] = realvm_section(mapped, vm);
  s["build"] = {{"vtick", measured.build_id}, {"kernel", host.release}};
  s["approximations"] = approximations();
  s["ignored"] = mapped.ignored;
  return s;
}

}  // namespace vtick::realvm::linux_guest
