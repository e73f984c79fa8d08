#include "realvm/vmm/console_port.hpp"

namespace vtick::realvm::vmm {

void ConsolePort::out(std::uint16_t, std::uint32_t value, unsigned size) {
  if (size != 1) {
    ++bad_accesses_;
    return;
  }
  if (text_.size() >= kMaxBytes) {
    ++dropped_bytes_;
    return;
  }
  text_.push_back(static_cast<char>(value));
}

std::uint32_t ConsolePort::in(std::uint16_t, unsigned) {
  // isa-debugcon answers reads with 0xe9 so a guest can detect it; ours is write-only.
  ++bad_accesses_;
  return kFloatingBus;
}

void ConsolePort::report(Counters& counters) const {
  counters["console.bytes"] = text_.size();
  counters["console.dropped_bytes"] = dropped_bytes_;
  counters["console.bad_accesses"] = bad_accesses_;
}

}  // namespace vtick::realvm::vmm
