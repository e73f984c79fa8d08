#pragma once
// The guest kernel's timekeeping as a tick-counting guest sees it: every timer interrupt it
// handles is one jiffy, its clock is jiffies x tick period (the `jiffies` clocksource, as in
// Linux booted with clocksource=jiffies, or any OS that counts ticks), and kernel timers
// run from the tick through the timer wheel.
//
// Invariant: clock_ns() == jiffies() * tick_period; the guest cannot see host time.
// The guest booted at host time 0 with its clock set to 0 (zero initial offset).
#include <cstdint>
#include <deque>
#include <vector>

#include "models/guest/timer_wheel.hpp"
#include "sim/time.hpp"

namespace vtick::models::guest {

using sim::TimeNs;

/// A guest kernel timer's function (what Linux stores in timer_list.function).
class TimerCallback {
 public:
  virtual void on_timer(TimerId timer, TimeNs host_now) = 0;

 protected:
  ~TimerCallback() = default;
};

class GuestKernel {
 public:
  explicit GuestKernel(TimeNs tick_period_ns);

  [[nodiscard]] TimeNs tick_period_ns() const { return tick_period_ns_; }
  [[nodiscard]] Jiffies jiffies() const { return jiffies_; }
  [[nodiscard]] TimeNs clock_ns() const { return static_cast<TimeNs>(jiffies_) * tick_period_ns_; }
  /// First jiffy at or after guest time t: when a timer for t becomes due.
  [[nodiscard]] Jiffies jiffies_at_or_after(TimeNs guest_ns) const;

  TimerId create_timer(TimerCallback& callback);
  TimerWheel& timers() { return wheel_; }

  /// The timer interrupt handler: one more jiffy; timers that became due are queued to run
  /// (in the timer softirq, after the handler returns: run_next_callback()).
  void handle_tick();
  [[nodiscard]] bool has_due_callback() const { return !due_.empty(); }
  /// Runs the oldest due timer's function at host time `host_now`.
  void run_next_callback(TimeNs host_now);

  [[nodiscard]] std::uint64_t ticks_handled() const { return ticks_handled_; }

 private:
  TimeNs tick_period_ns_;
  Jiffies jiffies_ = 0;
  std::uint64_t ticks_handled_ = 0;
  TimerWheel wheel_;
  std::vector<TimerCallback*> callbacks_;  ///< by TimerId
  std::deque<TimerId> due_;
  std::vector<TimerId> expired_scratch_;
};

}  // namespace vtick::models::guest
