// First-order readings of a run's trace: how far the guest's clock is from the host's, and
// how late timers fire by host time. The guest's clock origin is paired with the host
// stamp of its VTICK_TRACE_CLOCK_START record.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "realvm/vmm/run_result.hpp"

namespace vtick::realvm::vmm {

struct ClockOffset {
  std::int64_t host_elapsed_ns;  ///< host time since the guest clock's origin
  std::int64_t offset_ns;        ///< guest clock minus host elapsed: < 0 means the guest is behind
};

/// Host stamp of the clock_start record, if the guest got that far.
std::optional<std::int64_t> clock_origin_host_ns(const RunResult& result);

/// One entry per clock_sample record. Includes the exit that carried the sample (the
/// record is stamped after the guest read its clock), so even a perfect clock reads
/// slightly negative.
std::vector<ClockOffset> clock_offsets(const RunResult& result);

struct TimerFiring {
  std::uint32_t timer_id;
  std::int64_t guest_due_ns;
  std::int64_t guest_now_ns;   ///< guest clock when the callback ran
  std::int64_t host_late_ns;   ///< host elapsed at the callback minus guest_due_ns
};

std::vector<TimerFiring> timer_firings(const RunResult& result);

}  // namespace vtick::realvm::vmm
