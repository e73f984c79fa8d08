#include "protocols/outsourcing/outsourced_timers.hpp"

namespace vtick::protocols::outsourcing {

void OutsourcedTimers::arm(models::guest::TimerId timer, TimeNs guest_deadline_ns, TimeNs guest_now_ns) {
  send(stub_.mod(timer, guest_deadline_ns).second, guest_now_ns);
}

bool OutsourcedTimers::cancel(models::guest::TimerId timer) {
  const auto [was_pending, call] = stub_.del(timer);
  if (call) send(*call, 0);
  return was_pending;
}

std::uint64_t OutsourcedTimers::take_exits() {
  const std::uint64_t exits = unpaid_exits_;
  unpaid_exits_ = 0;
  return exits;
}

void OutsourcedTimers::send(const Hypercall& call, TimeNs guest_now_ns) {
  ++unpaid_exits_;
  host_.receive(call, guest_now_ns);
}

}  // namespace vtick::protocols::outsourcing
