#include "realvm/vmm/exit_port.hpp"

namespace vtick::realvm::vmm {

void ExitPort::out(std::uint16_t, std::uint32_t value, unsigned size) {
  const std::uint32_t mask = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
  exit_code_ = value & mask;
}

std::uint32_t ExitPort::in(std::uint16_t, unsigned) {
  ++bad_accesses_;
  return kFloatingBus;
}

void ExitPort::report(Counters& counters) const {
  counters["exit.bad_accesses"] = bad_accesses_;
}

}  // namespace vtick::realvm::vmm
