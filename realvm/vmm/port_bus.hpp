// Routes KVM_EXIT_IO to the device that claims the port; counts accesses nobody claims.
#pragma once

#include <linux/kvm.h>

#include <cstdint>
#include <vector>

#include "realvm/vmm/port_device.hpp"

namespace vtick::realvm::vmm {

class PortBus {
 public:
  /// `device` answers ports [first, first + count). It must outlive the bus.
  void attach(std::uint16_t first, std::uint16_t count, PortDevice& device);
  /// Serves one KVM_EXIT_IO (all `count` repetitions of a string instruction).
  void handle(kvm_run& run);
  void report(Counters& counters) const;

 private:
  struct Claim {
    std::uint16_t first;
    std::uint16_t count;
    PortDevice* device;
  };
  PortDevice* device_for(std::uint16_t port) const;

  std::vector<Claim> claims_;
  std::uint64_t unclaimed_outs_ = 0;
  std::uint64_t unclaimed_ins_ = 0;
  std::uint64_t bad_sizes_ = 0;
};

}  // namespace vtick::realvm::vmm
