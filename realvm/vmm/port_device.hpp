// A device on the guest's I/O port bus. The guest is untrusted: every device survives any
// access (wrong port, wrong width, wrong direction), counts the ones it cannot honour, and
// reports its counters by name (Firecracker-style per-device metrics).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace vtick::realvm::vmm {

/// "<device>.<counter>" -> value.
using Counters = std::map<std::string, std::uint64_t>;

class PortDevice {
 public:
  virtual ~PortDevice() = default;
  /// A guest `out` of `size` bytes (1, 2 or 4) to `port`.
  virtual void out(std::uint16_t port, std::uint32_t value, unsigned size) = 0;
  /// A guest `in`; the device's answer (bits beyond `size` bytes are dropped).
  virtual std::uint32_t in(std::uint16_t port, unsigned size) = 0;
  virtual void report(Counters& counters) const = 0;
};

/// What an x86 `in` from nothing reads: the data bus floats high.
constexpr std::uint32_t kFloatingBus = 0xffffffff;

}  // namespace vtick::realvm::vmm
