// catchup (QEMU's mc146818 RTC with driftfix=slew): ticks that could not be delivered -
// periods that ended while the thread was kept off the CPU, or raises that would coalesce
// with a pending request - join a backlog. While there is a backlog the timer thread runs
// max_factor times per period and delivers one backlog tick per run whenever the line is
// free, so the guest receives up to max_factor ticks per period until it has caught up.
//
// catchup_giveup (VMware's timer catch-up): the same, except that a backlog worth more
// than the give-up threshold of guest time is dropped (counted lost), because catching up
// minutes of ticks would make the guest clock run visibly fast for a long time.
#include <algorithm>
#include <optional>

#include "protocols/emulation/policies.hpp"

namespace vtick::protocols::emulation {
namespace {

class Catchup final : public LostTickPolicy {
 public:
  Catchup(int max_factor, std::optional<TimeNs> giveup_threshold_ns)
      : max_factor_(max_factor), giveup_threshold_ns_(giveup_threshold_ns) {}

  TimeNs on_timer_thread(TimerDevice& device, TimeNs now, std::int64_t newly_due) override {
    // Only a lone tick delivered at the first run after it fell due is on time.
    const bool on_time = backlog_ == 0 && newly_due == 1;
    backlog_ += newly_due;
    device.counters().note_backlog(backlog_);
    give_up_if_too_far_behind(device);
    if (backlog_ > 0 && !device.line().requested()) {
      device.line().raise();
      if (!on_time) ++device.counters().reinjected;
      --backlog_;
    }
    const TimeNs period_end = device.next_period_end(now);
    if (backlog_ == 0) return period_end;
    return std::min(period_end, now + std::max<TimeNs>(1, device.period() / max_factor_));
  }
  [[nodiscard]] std::int64_t backlog() const override { return backlog_; }
  [[nodiscard]] std::string_view name() const override {
    return giveup_threshold_ns_ ? "catchup_giveup" : "catchup";
  }

 private:
  void give_up_if_too_far_behind(TimerDevice& device) {
    if (!giveup_threshold_ns_ || backlog_ * device.period() <= *giveup_threshold_ns_) return;
    device.counters().lost += static_cast<std::uint64_t>(backlog_);
    ++device.counters().gave_up;
    backlog_ = 0;
  }

  int max_factor_;
  std::optional<TimeNs> giveup_threshold_ns_;
  std::int64_t backlog_ = 0;
};

}  // namespace

std::unique_ptr<LostTickPolicy> make_catchup(int max_factor) {
  return std::make_unique<Catchup>(max_factor, std::nullopt);
}

std::unique_ptr<LostTickPolicy> make_catchup_giveup(int max_factor, TimeNs giveup_threshold_ns) {
  return std::make_unique<Catchup>(max_factor, giveup_threshold_ns);
}

}  // namespace vtick::protocols::emulation
