#include "realvm/vmm/hypercall_port.hpp"

#include "realvm/protocol.h"

namespace vtick::realvm::vmm {

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
    default:
      ++unknown_calls_;
      result_ = VTICK_HYPERCALL_UNKNOWN_RESULT;
  }
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
  counters["hypercall.bad_accesses"] = bad_accesses_;
}

}  // namespace vtick::realvm::vmm
