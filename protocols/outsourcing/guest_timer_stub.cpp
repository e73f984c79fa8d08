#include <stdexcept>

#include "protocols/outsourcing/timer_outsourcing.hpp"

namespace vtick::protocols::outsourcing {

TimerId GuestTimerStub::create_timer() {
  timers_.emplace_back();
  return static_cast<TimerId>(timers_.size() - 1);
}

Hypercall GuestTimerStub::arm(TimerId id, TimeNs guest_deadline_ns) {
  Timer& timer = timers_.at(id);
  timer.pending = true;
  ++timer.generation;
  ++counters_.hypercalls;
  return {HypercallOp::Arm, id, timer.generation, guest_deadline_ns};
}

Hypercall GuestTimerStub::add(TimerId id, TimeNs guest_deadline_ns) {
  if (timers_.at(id).pending) throw std::logic_error("add_timer on a pending timer");
  return arm(id, guest_deadline_ns);
}

std::pair<bool, Hypercall> GuestTimerStub::mod(TimerId id, TimeNs guest_deadline_ns) {
  const bool was_pending = timers_.at(id).pending;
  // No Cancel first: the host's Arm replaces the old arming, one hypercall instead of two.
  return {was_pending, arm(id, guest_deadline_ns)};
}

std::pair<bool, std::optional<Hypercall>> GuestTimerStub::del(TimerId id) {
  Timer& timer = timers_.at(id);
  if (!timer.pending) return {false, std::nullopt};
  // The generation stays: the timer being Inactive already drops an in-flight event, and the
  // next add bumps it before the timer can be Pending again.
  timer.pending = false;
  ++counters_.hypercalls;
  return {true, Hypercall{HypercallOp::Cancel, id, timer.generation, 0}};
}

bool GuestTimerStub::on_expiry(const ExpiryEvent& event) {
  Timer& timer = timers_.at(event.timer);
  const bool current = !check_generation_ || event.generation == timer.generation;
  if (!timer.pending || !current) {
    ++counters_.stale_expiries_dropped;
    return false;
  }
  timer.pending = false;  // before the callback runs, so that it may re-arm the timer
  ++counters_.expiries_delivered;
  return true;
}

}  // namespace vtick::protocols::outsourcing
