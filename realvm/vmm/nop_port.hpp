// VTICK_PORT_NOP: does nothing but count, so a guest loop of `out`s to it times the bare
// round trip guest -> KVM -> this process -> guest.
#pragma once

#include "realvm/vmm/port_device.hpp"

namespace vtick::realvm::vmm {

class NopPort final : public PortDevice {
 public:
  void out(std::uint16_t, std::uint32_t, unsigned) override { ++outs_; }
  std::uint32_t in(std::uint16_t, unsigned) override {
    ++ins_;
    return kFloatingBus;
  }
  void report(Counters& counters) const override {
    counters["nop.outs"] = outs_;
    counters["nop.ins"] = ins_;
  }

 private:
  std::uint64_t outs_ = 0;
  std::uint64_t ins_ = 0;
};

}  // namespace vtick::realvm::vmm
