#pragma once
// How the guest kernel's timers are kept: add_timer/mod_timer/del_timer land here.
// The baseline keeps them in the tick-driven timer wheel (TickTimerBackend); timer
// outsourcing forwards them to the host (protocols/outsourcing/). The guest kernel owns the
// callbacks and runs them; a backend only decides *when* a timer is due.
#include <cstdint>
#include <vector>

#include "models/guest/timer_wheel.hpp"
#include "sim/time.hpp"

namespace vtick::models::guest {

using sim::TimeNs;

class TimerBackend {
 public:
  virtual ~TimerBackend() = default;
  virtual TimerId create() = 0;
  /// mod_timer: (re)arm for guest time `guest_deadline_ns`. `guest_now_ns` is the guest
  /// clock at the call.
  virtual void arm(TimerId timer, TimeNs guest_deadline_ns, TimeNs guest_now_ns) = 0;
  /// del_timer: returns whether the timer was pending.
  virtual bool cancel(TimerId timer) = 0;
  /// The tick handler moved jiffies to `now`: append the timers that became due, in order.
  virtual void on_tick(Jiffies now, std::vector<TimerId>& due) = 0;
  /// VM exits the backend's operations caused since the last call (hypercalls), for the
  /// VMM to charge to the vCPU.
  virtual std::uint64_t take_exits() { return 0; }
};

/// Linux's classic arrangement: timers in a wheel, expired from the tick. A timer for guest
/// time t is due at the first jiffy at or after t.
class TickTimerBackend final : public TimerBackend {
 public:
  explicit TickTimerBackend(TimeNs tick_period_ns) : tick_period_ns_(tick_period_ns) {}

  TimerId create() override { return wheel_.create_timer(); }
  void arm(TimerId timer, TimeNs guest_deadline_ns, TimeNs /*guest_now_ns*/) override {
    wheel_.mod(timer, jiffies_at_or_after(guest_deadline_ns));
  }
  bool cancel(TimerId timer) override { return wheel_.del(timer); }
  void on_tick(Jiffies now, std::vector<TimerId>& due) override { wheel_.advance_to(now, due); }

  [[nodiscard]] Jiffies jiffies_at_or_after(TimeNs guest_ns) const {
    return static_cast<Jiffies>((guest_ns + tick_period_ns_ - 1) / tick_period_ns_);
  }

 private:
  TimeNs tick_period_ns_;
  TimerWheel wheel_;
};

}  // namespace vtick::models::guest
