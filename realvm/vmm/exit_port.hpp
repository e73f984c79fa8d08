// VTICK_PORT_EXIT: the guest is done; the value written is its exit code (QEMU's
// isa-debug-exit port, so the same guest ends a QEMU run too).
#pragma once

#include <optional>

#include "realvm/vmm/port_device.hpp"

namespace vtick::realvm::vmm {

class ExitPort final : public PortDevice {
 public:
  void out(std::uint16_t port, std::uint32_t value, unsigned size) override;
  std::uint32_t in(std::uint16_t port, unsigned size) override;
  void report(Counters& counters) const override;
  /// Set once the guest has asked to exit; the run loop stops at the next check.
  std::optional<std::uint32_t> exit_code() const { return exit_code_; }

 private:
  std::optional<std::uint32_t> exit_code_;
  std::uint64_t bad_accesses_ = 0;
};

}  // namespace vtick::realvm::vmm
