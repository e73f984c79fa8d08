// VTICK_PORT_CONSOLE: bytes the guest prints, one `out` each (QEMU's isa-debugcon ABI).
#pragma once

#include <string>

#include "realvm/vmm/port_device.hpp"

namespace vtick::realvm::vmm {

class ConsolePort final : public PortDevice {
 public:
  /// A guest that prints without end must not grow the host's memory without end.
  static constexpr std::size_t kMaxBytes = 64 * 1024;

  void out(std::uint16_t port, std::uint32_t value, unsigned size) override;
  std::uint32_t in(std::uint16_t port, unsigned size) override;
  void report(Counters& counters) const override;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::uint64_t dropped_bytes_ = 0;
  std::uint64_t bad_accesses_ = 0;
};

}  // namespace vtick::realvm::vmm
