#include "realvm/vmm/port_bus.hpp"

#include <cstring>

namespace vtick::realvm::vmm {

void PortBus::attach(std::uint16_t first, std::uint16_t count, PortDevice& device) {
  claims_.push_back({first, count, &device});
}

PortDevice* PortBus::device_for(std::uint16_t port) const {
  for (const Claim& claim : claims_) {
    if (port >= claim.first && port - claim.first < claim.count) {
      return claim.device;
    }
  }
  return nullptr;
}

void PortBus::handle(kvm_run& run) {
  const auto size = static_cast<unsigned>(run.io.size);
  if (size != 1 && size != 2 && size != 4) {
    ++bad_sizes_;  // KVM only produces 1/2/4, but the area is shared memory: check anyway
    return;
  }
  // KVM's data area for this exit lies inside the kvm_run mapping, count * size bytes.
  auto* data = reinterpret_cast<std::uint8_t*>(&run) + run.io.data_offset;
  PortDevice* device = device_for(run.io.port);
  for (std::uint32_t i = 0; i < run.io.count; ++i, data += size) {
    if (run.io.direction == KVM_EXIT_IO_OUT) {
      std::uint32_t value = 0;
      std::memcpy(&value, data, size);  // x86 is little-endian, as is the port data
      if (device) {
        device->out(run.io.port, value, size);
      } else {
        ++unclaimed_outs_;
      }
    } else {
      std::uint32_t value = kFloatingBus;
      if (device) {
        value = device->in(run.io.port, size);
      } else {
        ++unclaimed_ins_;
      }
      std::memcpy(data, &value, size);
    }
  }
}

void PortBus::report(Counters& counters) const {
  counters["port_bus.unclaimed_outs"] = unclaimed_outs_;
  counters["port_bus.unclaimed_ins"] = unclaimed_ins_;
  counters["port_bus.bad_sizes"] = bad_sizes_;
}

}  // namespace vtick::realvm::vmm
