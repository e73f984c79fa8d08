#include "realvm/vmm/hypercall_port.hpp"

#include <cstring>

#include "realvm/protocol.h"
#include "realvm/vmm/error.hpp"
#include "realvm/vmm/host_clock.hpp"

namespace vtick::realvm::vmm {

HypercallPort::HypercallPort(const GuestMemory& memory, std::uint64_t args_gpa, std::uint64_t timer_calls_per_second,
                             std::uint64_t timer_call_burst)
    : memory_(memory), args_gpa_(args_gpa), timer_calls_(timer_calls_per_second, timer_call_burst) {
  if (!memory.contains(args_gpa, sizeof(vtick_hypercall_args))) {
    throw VmmError("hypercall arguments at guest-physical " + std::to_string(args_gpa) + " are not in guest RAM");
  }
}

void HypercallPort::out(std::uint16_t, std::uint32_t value, unsigned size) {
  if (size != 4) {
    ++bad_accesses_;
    return;
  }
  ++calls_;
  switch (value) {
    case VTICK_HYPERCALL_ABI_VERSION:
      result_ = VTICK_ABI_VERSION;
      break;
    case VTICK_HYPERCALL_TIMER_ARM:
    case VTICK_HYPERCALL_TIMER_CANCEL:
      result_ = timer_call(value);
      if (result_ != VTICK_HYPERCALL_OK) {
        ++refused_;
      }
      break;
    case VTICK_HYPERCALL_TCP_SEND:
      result_ = tcp_send();
      if (result_ != VTICK_HYPERCALL_OK) {
        ++refused_;
      }
      break;
    default:
      ++unknown_calls_;
      result_ = VTICK_HYPERCALL_UNKNOWN_RESULT;
  }
}

std::uint32_t HypercallPort::timer_call(std::uint32_t number) {
  if (!timers_) {
    ++not_enabled_;
    return VTICK_HYPERCALL_NOT_ENABLED;
  }
  if (!timer_calls_.admit(host_monotonic_ns())) {
    ++rate_limited_;
    return VTICK_HYPERCALL_RATE_LIMITED;
  }
  // The block is VMM-chosen and inside RAM (checked at construction); copy it
  // once so the guest cannot change an argument between our checks and our use.
  vtick_hypercall_args args;
  std::memcpy(&args, memory_.range(args_gpa_, sizeof args).data(), sizeof args);
  return number == VTICK_HYPERCALL_TIMER_ARM ? timers_->arm(args.timer_id, args.generation, args.deadline_ns)
                                             : timers_->cancel(args.timer_id, args.generation);
}

std::uint32_t HypercallPort::tcp_send() {
  if (!tcp_peer_) {
    ++not_enabled_;
    return VTICK_HYPERCALL_NOT_ENABLED;
  }
  vtick_hypercall_args args;
  std::memcpy(&args, memory_.range(args_gpa_, sizeof args).data(), sizeof args);
  return tcp_peer_->send(args.timer_id);  // the segment number; the peer bounds what is in flight
}

std::uint32_t HypercallPort::in(std::uint16_t, unsigned size) {
  if (size != 4) {
    ++bad_accesses_;
    return kFloatingBus;
  }
  return result_;
}

void HypercallPort::report(Counters& counters) const {
  counters["hypercall.calls"] = calls_;
  counters["hypercall.unknown_calls"] = unknown_calls_;
  counters["hypercall.not_enabled"] = not_enabled_;
  counters["hypercall.rate_limited"] = rate_limited_;
  counters["hypercall.refused"] = refused_;
  counters["hypercall.bad_accesses"] = bad_accesses_;
}

}  // namespace vtick::realvm::vmm
