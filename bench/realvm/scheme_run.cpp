#include "bench/realvm/scheme_run.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "realvm/measure/pit_tick.hpp"
#include "realvm/protocol.h"
#include "realvm/vmm/run_vm.hpp"
#include "realvm/vmm/trace_analysis.hpp"

namespace vtick::realvm_bench {
namespace {

namespace vmm = realvm::vmm;
using namespace std::chrono_literals;

// Firings due before this much guest time are left out of the lateness figures: the guest
// sets its timers up with interrupts off (the outsourced workload waits up to 100 ms that
// way for its deletion race), so the first ones measure its start-up, not the scheme.
constexpr std::int64_t kStartupNs = 100'000'000;

void print_summary(const vmm::RunResult& result, const Scheme& s) {
  const auto offsets = vmm::clock_offsets(result);
  const auto firings = vmm::timer_firings(result);
  std::int64_t worst_offset = 0, last_offset = offsets.empty() ? 0 : offsets.back().offset_ns;
  for (const auto& o : offsets) {
    worst_offset = std::min(worst_offset, o.offset_ns);
  }
  std::int64_t worst_late = 0;
  for (const auto& f : firings) {
    worst_late = std::max(worst_late, f.host_late_ns);
  }
  const auto summary = result.records_of(VTICK_TRACE_TICK_SUMMARY);
  const double host_s = static_cast<double>(result.host_end_ns - result.host_start_ns) / 1e9;
  std::printf("%-28s host %.2f s; guest irqs %llu; offset last %.3f ms worst %.3f ms; timer late worst %.3f ms",
              s.name, host_s, summary.empty() ? 0ull : static_cast<unsigned long long>(summary[0].arg),
              last_offset / 1e6, worst_offset / 1e6, worst_late / 1e6);
  if (s.scheme == vmm::TimerScheme::user_pit) {
    std::printf("; expirations %llu delivered %llu discarded %llu coalesced %llu max_owed %llu",
                static_cast<unsigned long long>(result.counter("user_tick.expirations")),
                static_cast<unsigned long long>(result.counter("user_tick.delivered")),
                static_cast<unsigned long long>(result.counter("user_tick.discarded")),
                static_cast<unsigned long long>(result.counter("user_tick.coalesced_attempts")),
                static_cast<unsigned long long>(result.counter("user_tick.max_owed")));
  }
  if (s.scheme == vmm::TimerScheme::outsourced) {
    // The first firings fall in the guest's start-up, when it keeps interrupts off; the
    // median shows the delivery path itself.
    std::vector<std::int64_t> late;
    for (const auto& f : firings) {
      late.push_back(f.host_late_ns);
    }
    std::sort(late.begin(), late.end());
    std::printf("; median late %.3f ms; arms %llu expiries %llu", late.empty() ? 0.0 : late[late.size() / 2] / 1e6,
                static_cast<unsigned long long>(result.counter("outsourced.arms")),
                static_cast<unsigned long long>(result.counter("outsourced.expiries")));
    if (s.delivery == vmm::OutsourcingDelivery::vmm_thread) {
      std::printf("; host-timer thread late mean %.3f ms max %.3f ms",
                  result.counter("outsourced.thread_lateness_mean_ns") / 1e6,
                  result.counter("outsourced.thread_lateness_max_ns") / 1e6);
    } else {
      // No thread of ours wakes for an expiry; the vCPU thread leaves KVM_RUN for the
      // io_uring task work that posts it.
      std::printf("; interrupted KVM_RUNs %llu; removes %llu (missed %llu)",
                  static_cast<unsigned long long>(result.counter("vcpu.interrupted_runs")),
                  static_cast<unsigned long long>(result.counter("host_kernel.removes")),
                  static_cast<unsigned long long>(result.counter("host_kernel.remove_misses")));
    }
  }
  if (s.clock == vmm::ClockKind::vmm_pvclock) {
    std::printf("; pvclock updates %llu longest gap %.3f ms",
                static_cast<unsigned long long>(result.counter("vmm_pvclock.updates")),
                result.counter("vmm_pvclock.max_gap_ns") / 1e6);
  }
  std::printf("\n");
}

/// Ticks the guest never got. user_pit: the VMM's own count of dropped ticks. kernel_pit: KVM
/// does not report them, so ticks due by host time between the clock's start and the guest's
/// tick_summary record, minus the interrupts the guest counted (a tick still queued by a
/// reinjecting PIT at the end counts as lost; the summary's own exit is in the host time).
std::optional<std::int64_t> lost_ticks(const vmm::RunResult& result, const Scheme& s) {
  if (s.scheme == vmm::TimerScheme::user_pit) {
    return static_cast<std::int64_t>(result.counter("user_tick.discarded"));
  }
  if (s.scheme == vmm::TimerScheme::outsourced) {
    return std::nullopt;
  }
  const auto origin = vmm::clock_origin_host_ns(result);
  const auto summary = result.records_of(VTICK_TRACE_TICK_SUMMARY);
  if (!origin || summary.empty()) {
    return std::nullopt;
  }
  const std::int64_t due = (summary[0].host_ns - *origin) / pit_tick_ns();
  return due - summary[0].arg;
}

}  // namespace

std::int64_t pit_tick_ns() { return realvm::measure::pit_tick_ns(kHz); }

std::optional<vmm::RunResult> run_scheme(const std::string& image, const Scheme& s, std::chrono::nanoseconds duration) {
  vmm::VmConfig config;
  config.guest_image = image;
  config.scheme = s.scheme;
  config.lost_tick_policy = s.policy;
  config.kernel_pit_reinject = s.reinject;
  config.clock = s.clock;
  config.outsourcing_delivery = s.delivery;
  config.host_kernel_msi = s.msi;
  config.hz = kHz;
  config.period = kTimerPeriod;
  config.sample_interval = 100ms;
  config.duration = duration;
  // A jiffies clock losing a third of its ticks runs a third slow: room for that and boot.
  config.timeout = 3 * duration + 10s;
  vmm::RunResult result = vmm::run_vm(config);
  if (result.reason != vmm::ExitReason::guest_exit) {
    std::printf("%-28s %s\n", s.name, vmm::describe(result).c_str());
    return std::nullopt;
  }
  print_summary(result, s);
  return result;
}

SchemeFigures figures_of(const vmm::RunResult& result, const Scheme& s) {
  SchemeFigures figures;
  std::vector<std::int64_t> late;
  for (const auto& firing : vmm::timer_firings(result)) {
    if (firing.guest_due_ns >= kStartupNs) {
      late.push_back(firing.host_late_ns);
    }
  }
  figures.late = percentiles(std::move(late));
  for (const auto& offset : vmm::clock_offsets(result)) {
    if (std::llabs(offset.offset_ns) > std::llabs(figures.offset_worst_ns)) {
      figures.offset_worst_ns = offset.offset_ns;
    }
    figures.offset_final_ns = offset.offset_ns;
  }
  figures.lost = lost_ticks(result, s);
  return figures;
}

}  // namespace vtick::realvm_bench
