// The guest-visible half of a user-space emulated 8254 PIT: ports 0x40-0x43 decoded just far
// enough for channel 0 as a periodic rate generator (what Linux and our guest program). The
// ticks themselves come from UserTickThread, which this device starts with the period the
// guest chose. Anything else the guest asks of the PIT is counted, not emulated.
#pragma once

#include <cstdint>
#include <functional>

#include "realvm/vmm/port_device.hpp"

namespace vtick::realvm::vmm {

class UserPit final : public PortDevice {
 public:
  static constexpr std::uint16_t kFirstPort = 0x40;  // channel 0..2 data, then mode/command
  static constexpr std::uint16_t kPortCount = 4;
  static constexpr std::uint32_t kInputHz = 1193182;  // 14.31818 MHz / 12

  /// `on_periodic(period_ns)` runs on the vCPU thread each time the guest (re)starts
  /// channel 0.
  explicit UserPit(std::function<void(std::int64_t period_ns)> on_periodic) : on_periodic_(std::move(on_periodic)) {}

  void out(std::uint16_t port, std::uint32_t value, unsigned size) override;
  std::uint32_t in(std::uint16_t port, unsigned size) override;
  void report(Counters& counters) const override;

  /// reload / 1193182 s in ns, rounded: the period a real 8254 would produce.
  static std::int64_t period_ns_for_reload(std::uint32_t reload);

 private:
  void command(std::uint8_t value);
  void channel0_data(std::uint8_t value);

  std::function<void(std::int64_t)> on_periodic_;
  bool expecting_low_byte_ = false;  // set by a lobyte/hibyte command for channel 0
  bool expecting_high_byte_ = false;
  std::uint8_t low_byte_ = 0;
  std::uint64_t starts_ = 0;
  std::uint64_t unsupported_commands_ = 0;
  std::uint64_t unsupported_accesses_ = 0;
};

}  // namespace vtick::realvm::vmm
