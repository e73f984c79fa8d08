#include "realvm/vmm/trace_analysis.hpp"

#include <algorithm>

#include "realvm/protocol.h"

namespace vtick::realvm::vmm {

namespace {

bool carries_guest_time(const TraceRecord& record) {
  return record.kind == VTICK_TRACE_CLOCK_START || record.kind == VTICK_TRACE_CLOCK_SAMPLE ||
         record.kind == VTICK_TRACE_TIMER_FIRED;
}

}  // namespace

std::optional<std::int64_t> clock_origin_host_ns(const RunResult& result) {
  std::optional<std::int64_t> origin;
  for (const TraceRecord& record : result.trace) {
    if (!origin && record.kind != VTICK_TRACE_CLOCK_START) continue;  // no guest clock yet
    if (carries_guest_time(record)) {
      const std::int64_t pairing = record.host_ns - record.guest_ns;
      origin = origin ? std::min(*origin, pairing) : pairing;
    }
  }
  return origin;
}

std::vector<ClockOffset> clock_offsets(const RunResult& result) {
  std::vector<ClockOffset> offsets;
  const auto origin = clock_origin_host_ns(result);
  if (!origin) {
    return offsets;
  }
  for (const TraceRecord& record : result.records_of(VTICK_TRACE_CLOCK_SAMPLE)) {
    const std::int64_t host_elapsed = record.host_ns - *origin;
    offsets.push_back({host_elapsed, record.guest_ns - host_elapsed});
  }
  return offsets;
}

std::vector<TimerFiring> timer_firings(const RunResult& result) {
  std::vector<TimerFiring> firings;
  const auto origin = clock_origin_host_ns(result);
  if (!origin) {
    return firings;
  }
  for (const TraceRecord& record : result.records_of(VTICK_TRACE_TIMER_FIRED)) {
    firings.push_back({record.id, record.arg, record.guest_ns, record.host_ns - *origin - record.arg});
  }
  return firings;
}

}  // namespace vtick::realvm::vmm
