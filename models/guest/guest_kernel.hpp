#pragma once
// The guest kernel's timekeeping. Without a clocksource it is a tick-counting guest: every
// timer interrupt it handles is one jiffy and its clock is jiffies x tick period (the
// `jiffies` clocksource, as in Linux booted with clocksource=jiffies, or any OS that counts
// ticks). With a continuous clocksource (clocksource.hpp) the clock is the clocksource and
// each tick sets jiffies from it. Either way kernel timers run from the tick through the
// timer wheel, and an optional discipline (NTP) turns the raw clock into the wall clock.
//
// Invariants: jiffies never decrease; without a clocksource raw_clock_ns() == jiffies() x
// tick period. The guest cannot see host time: host_ns arguments only say *when* the guest
// reads its clock. It booted at host time 0 with its clock set to 0 (zero initial offset).
#include <cstdint>
#include <deque>
#include <vector>

#include "models/guest/clocksource.hpp"
#include "models/guest/timer_backend.hpp"
#include "sim/time.hpp"

namespace vtick::models::guest {

using sim::TimeNs;

/// What a timer's function does, for what it costs the vCPU: a workload's callback, or the
/// clock sampler's (run.sampling guest_timer), whose real counterpart reads more clocks and
/// writes more than a callback does.
enum class TimerWork { Callback, ClockSample };

/// A guest kernel timer's function (what Linux stores in timer_list.function).
class TimerCallback {
 public:
  virtual void on_timer(TimerId timer, TimeNs host_now) = 0;
  [[nodiscard]] virtual TimerWork work() const { return TimerWork::Callback; }

 protected:
  ~TimerCallback() = default;
};

class GuestKernel {
 public:
  /// `clocksource` null: a tick-counting guest. `timers` null: the tick-driven timer wheel.
  /// Both must outlive the kernel.
  explicit GuestKernel(TimeNs tick_period_ns, const Clocksource* clocksource = nullptr,
                       TimerBackend* timers = nullptr);
  void set_discipline(const ClockDiscipline* discipline) { discipline_ = discipline; }

  [[nodiscard]] TimeNs tick_period_ns() const { return tick_period_ns_; }
  [[nodiscard]] Jiffies jiffies() const { return jiffies_; }
  /// The clocksource's time (or jiffies x tick period), read at true time host_ns.
  [[nodiscard]] TimeNs raw_clock_ns(TimeNs host_ns) const {
    return clocksource_ != nullptr ? clocksource_->read(host_ns) : static_cast<TimeNs>(jiffies_) * tick_period_ns_;
  }
  /// The guest's wall clock: the raw clock as corrected by the discipline, if any.
  [[nodiscard]] TimeNs wall_clock_ns(TimeNs host_ns) const {
    const TimeNs raw = raw_clock_ns(host_ns);
    return discipline_ != nullptr ? discipline_->disciplined(raw) : raw;
  }
  TimerId create_timer(TimerCallback& callback);
  /// mod_timer for guest time `guest_deadline_ns`, called at true time host_ns.
  /// Kernel timers live in the raw (monotonic) clock's domain, not the NTP-disciplined one.
  void arm_timer(TimerId timer, TimeNs guest_deadline_ns, TimeNs host_ns) {
    timers_->arm(timer, guest_deadline_ns, raw_clock_ns(host_ns));
  }
  /// del_timer: returns whether the timer was pending.
  bool cancel_timer(TimerId timer) { return timers_->cancel(timer); }
  /// An outsourced timer's expiry reached the guest and is to run (timer softirq).
  void queue_callback(TimerId timer) { due_.push_back(timer); }
  /// VM exits the timer operations caused since the last call (hypercalls).
  std::uint64_t take_timer_exits() { return timers_->take_exits(); }

  /// The timer interrupt handler, run at true time host_ns: one more jiffy (or, with a
  /// clocksource, as many as it says have passed); timers that became due are queued to run
  /// (in the timer softirq, after the handler returns: run_next_callback()).
  void handle_tick(TimeNs host_ns);
  [[nodiscard]] bool has_due_callback() const { return !due_.empty(); }
  /// What the oldest due timer's function does; only while has_due_callback().
  [[nodiscard]] TimerWork next_callback_work() const { return callbacks_[due_.front()]->work(); }
  /// Runs the oldest due timer's function at host time `host_now`.
  void run_next_callback(TimeNs host_now);

  [[nodiscard]] std::uint64_t ticks_handled() const { return ticks_handled_; }
  /// Scheduler-tick jitter: for each tick after the first, |time since the previous tick -
  /// tick period| in true time.
  [[nodiscard]] const std::vector<std::int64_t>& tick_jitter_ns() const { return tick_jitter_ns_; }

 private:
  TimeNs tick_period_ns_;
  const Clocksource* clocksource_;
  const ClockDiscipline* discipline_ = nullptr;
  Jiffies jiffies_ = 0;
  std::uint64_t ticks_handled_ = 0;
  TimeNs last_tick_host_ns_ = -1;
  std::vector<std::int64_t> tick_jitter_ns_;
  TickTimerBackend tick_timers_;
  TimerBackend* timers_;
  std::vector<TimerCallback*> callbacks_;  ///< by TimerId
  std::deque<TimerId> due_;
  std::vector<TimerId> expired_scratch_;
};

}  // namespace vtick::models::guest
