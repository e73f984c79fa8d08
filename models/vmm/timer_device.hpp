#pragma once
// The emulated periodic timer device (PIT channel 0, LAPIC timer in periodic mode, RTC
// periodic interrupt or HPET comparator): a period grid in host time and the interrupt line
// it raises. Period k (k >= 1) ends at k x period; a tick is "due" when its period ends.
#include <cstdint>

#include "models/vmm/interrupt_line.hpp"
#include "sim/scenario.hpp"

namespace vtick::models::vmm {

using sim::TimeNs;

/// Per-device tick accounting (Firecracker-style counters, reported in summary.json).
struct TickCounters {
  std::uint64_t lost = 0;        ///< due ticks the guest will never receive
  std::uint64_t merged = 0;      ///< merge: ticks folded into a delivered interrupt
  std::uint64_t reinjected = 0;  ///< ticks delivered after waiting in a backlog (delay, catchup)
  std::uint64_t gave_up = 0;     ///< catchup_giveup: times the backlog was dropped
  std::int64_t backlog_max = 0;  ///< the largest backlog ever owed (exact, not sampled)

  void note_backlog(std::int64_t backlog) { backlog_max = backlog > backlog_max ? backlog : backlog_max; }
};

class TimerDevice {
 public:
  TimerDevice(sim::TimerDevice kind, TimeNs period) : kind_(kind), period_(period) {}

  [[nodiscard]] sim::TimerDevice kind() const { return kind_; }
  [[nodiscard]] TimeNs period() const { return period_; }
  /// Number of periods that have ended by `now`.
  [[nodiscard]] std::int64_t periods_ended(TimeNs now) const { return now / period_; }
  /// The end of the period in progress at `now` (strictly after now).
  [[nodiscard]] TimeNs next_period_end(TimeNs now) const { return (now / period_ + 1) * period_; }

  InterruptLine& line() { return line_; }
  [[nodiscard]] const InterruptLine& line() const { return line_; }
  TickCounters& counters() { return counters_; }
  [[nodiscard]] const TickCounters& counters() const { return counters_; }

 private:
  sim::TimerDevice kind_;
  TimeNs period_;
  InterruptLine line_;
  TickCounters counters_;
};

}  // namespace vtick::models::vmm
