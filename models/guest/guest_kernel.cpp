#include "models/guest/guest_kernel.hpp"

#include <algorithm>
#include <cstdlib>

namespace vtick::models::guest {

GuestKernel::GuestKernel(TimeNs tick_period_ns, const Clocksource* clocksource, TimerBackend* timers)
    : tick_period_ns_(tick_period_ns),
      clocksource_(clocksource),
      tick_timers_(tick_period_ns),
      timers_(timers != nullptr ? timers : &tick_timers_) {}

TimerId GuestKernel::create_timer(TimerCallback& callback) {
  const TimerId id = timers_->create();
  if (callbacks_.size() <= id) callbacks_.resize(id + 1, nullptr);
  callbacks_[id] = &callback;
  return id;
}

void GuestKernel::handle_tick(TimeNs host_ns) {
  if (last_tick_host_ns_ >= 0) tick_jitter_ns_.push_back(std::abs(host_ns - last_tick_host_ns_ - tick_period_ns_));
  last_tick_host_ns_ = host_ns;
  if (clocksource_ == nullptr) {
    ++jiffies_;
  } else {
    const TimeNs now = clocksource_->read(host_ns);
    const auto elapsed_ticks = static_cast<Jiffies>(now < 0 ? 0 : now / tick_period_ns_);
    jiffies_ = std::max(jiffies_, elapsed_ticks);
  }
  ++ticks_handled_;
  expired_scratch_.clear();
  timers_->on_tick(jiffies_, expired_scratch_);
  due_.insert(due_.end(), expired_scratch_.begin(), expired_scratch_.end());
}

void GuestKernel::run_next_callback(TimeNs host_now) {
  const TimerId id = due_.front();
  due_.pop_front();
  callbacks_[id]->on_timer(id, host_now);
}

}  // namespace vtick::models::guest
