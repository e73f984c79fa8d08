#include "realvm/runner/trace_series.hpp"

#include <array>

#include "realvm/protocol.h"
#include "realvm/vmm/trace_analysis.hpp"
#include "sim/time.hpp"

namespace vtick::realvm::runner {

void write_clock_samples(const vmm::RunResult& vm, std::uint32_t hz, sim::SeriesWriter& series,
                         sim::TraceWriter& trace) {
  const auto origin = vmm::clock_origin_host_ns(vm);
  if (!origin) return;
  for (const vmm::TraceRecord& r : vm.records_of(VTICK_TRACE_CLOCK_SAMPLE)) {
    const std::int64_t host = r.host_ns - *origin;
    const std::int64_t offset = r.guest_ns - host;
    const auto periods = static_cast<std::int64_t>(static_cast<__int128>(host) * hz / sim::kNsPerSec);
    const std::int64_t backlog = periods - r.arg;  // arg: the guest's jiffies, 0 at the origin
    const std::array<std::int64_t, 5> row = {host, r.guest_ns, offset, backlog, r.arg};
    series.row(row);
    trace.counter("guest", "offset_us", host, offset / sim::kNsPerUs);
    trace.counter("guest", "backlog_ticks", host, backlog);
  }
}

std::optional<std::uint32_t> workload_timer_id(const vmm::RunResult& vm) {
  for (const vmm::TraceRecord& r : vm.trace) {
    if (r.kind == VTICK_TRACE_TIMER_ARMED) return r.id;
  }
  return std::nullopt;
}

void write_workload_events(const vmm::RunResult& vm, sim::TraceWriter& trace) {
  const auto origin = vmm::clock_origin_host_ns(vm);
  if (!origin) return;
  const int track = trace.track("guest", "vcpu 0");
  for (const vmm::TraceRecord& r : vm.trace) {
    const std::int64_t host = r.host_ns - *origin;
    switch (r.kind) {
      case VTICK_TRACE_MEDIA_FRAME: trace.instant(track, "timer expiry", host, "lateness_ns", host - r.arg); break;
      case VTICK_TRACE_TCP_SEND:
      case VTICK_TRACE_TCP_RTO:
      case VTICK_TRACE_CRON_CHECK: trace.instant(track, "timer expiry", host); break;
      default: break;
    }
  }
}

void write_timer_firings(const vmm::RunResult& vm, sim::TraceWriter& trace) {
  const auto id = workload_timer_id(vm);
  const int track = trace.track("guest", "vcpu 0");
  for (const vmm::TimerFiring& f : vmm::timer_firings(vm)) {
    if (f.timer_id != id) continue;
    trace.instant(track, "timer expiry", f.guest_due_ns + f.host_late_ns, "lateness_ns", f.host_late_ns);
  }
}

}  // namespace vtick::realvm::runner
