#include <algorithm>

#include "protocols/outsourcing/timer_outsourcing.hpp"

namespace vtick::protocols::outsourcing {

HostTimerModule::Action HostTimerModule::on_hypercall(const Hypercall& call, TimeNs host_now,
                                                      TimeNs guest_now) {
  Armed& entry = table_[call.timer];
  if (call.op == HypercallOp::Arm) {
    // A deadline already past in guest time fires at once rather than never.
    const TimeNs delay = std::max<TimeNs>(0, call.guest_deadline_ns - guest_now);
    entry = {true, call.generation, host_now + delay};
    ++counters_.arms;
    return {Action::ArmHostTimer, call.timer, entry.host_deadline_ns};
  }
  if (!entry.armed || entry.generation != call.generation) {
    ++counters_.ignored;  // race 4: the host timer fired first; its event is dropped by the guest
    return {Action::None, call.timer, 0};
  }
  entry.armed = false;
  ++counters_.cancels;
  return {Action::CancelHostTimer, call.timer, 0};
}

std::optional<ExpiryEvent> HostTimerModule::on_host_timer(TimerId timer, TimeNs host_now) {
  const auto it = table_.find(timer);
  // An early firing belongs to an arming that a later Arm replaced before it could be cancelled.
  if (it == table_.end() || !it->second.armed || host_now < it->second.host_deadline_ns) {
    ++counters_.ignored;
    return std::nullopt;
  }
  it->second.armed = false;
  ++counters_.expiries;
  return ExpiryEvent{timer, it->second.generation};
}

}  // namespace vtick::protocols::outsourcing
