// First-order readings of a run's trace: how far the guest's clock is from the host's, and
// how late timers fire by host time. The guest clock's origin (guest time 0) is paired with
// a host time: stamped at the exit (our VMM), the clock_start record's stamp; stamped at
// arrival (QEMU), the least-delayed pairing over every record that carries guest time.
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

/// Host time at guest time 0, if the guest got as far as clock_start. No stamp is early, and
/// any can be late: at_exit, by one exit - or by a whole blackout when the vCPU thread loses
/// its CPU between the guest's clock read and its exit; at_arrival (QEMU), by the reader
/// thread's scheduling, tens of ms under load. A late origin would make every later timer
/// look early, so the origin is the least-delayed pairing, min(host - guest) over
/// clock_start, clock_sample and timer_fired records, for both stampings. That
/// assumes the guest clock is never ahead of the host's - true of a tick-counting clock,
/// which can only lose ticks, and of kvmclock to within nanoseconds.
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
