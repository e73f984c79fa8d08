// VTICK_PORT_HYPERCALL: `out` a hypercall number, then `in` its result. Only
// VTICK_HYPERCALL_ABI_VERSION exists yet; timer outsourcing will add its calls here.
#pragma once

#include "realvm/vmm/port_device.hpp"

namespace vtick::realvm::vmm {

class HypercallPort final : public PortDevice {
 public:
  void out(std::uint16_t port, std::uint32_t value, unsigned size) override;
  std::uint32_t in(std::uint16_t port, unsigned size) override;
  void report(Counters& counters) const override;

 private:
  std::uint32_t result_ = kFloatingBus;
  std::uint64_t calls_ = 0;
  std::uint64_t unknown_calls_ = 0;
  std::uint64_t bad_accesses_ = 0;
};

}  // namespace vtick::realvm::vmm
