#include "realvm/vmm/user_pit.hpp"

namespace vtick::realvm::vmm {
namespace {

constexpr std::uint16_t kChannel0Port = 0x40;
constexpr std::uint16_t kCommandPort = 0x43;

// Mode/command byte (8254 datasheet): bits 7-6 channel, 5-4 access mode, 3-1 operating
// mode, 0 BCD. Modes 6 and 7 are aliases of 2 and 3.
constexpr unsigned channel_of(std::uint8_t command) { return command >> 6; }
constexpr unsigned access_of(std::uint8_t command) { return (command >> 4) & 3; }
constexpr unsigned mode_of(std::uint8_t command) { return (command >> 1) & 3; }
constexpr bool is_bcd(std::uint8_t command) { return command & 1; }
constexpr unsigned kAccessLowThenHigh = 3;
constexpr unsigned kRateGenerator = 2;  // periodic pulse
constexpr unsigned kSquareWave = 3;     // periodic, what PC BIOSes use

}  // namespace

std::int64_t UserPit::period_ns_for_reload(std::uint32_t reload) {
  return (std::int64_t{reload} * 1'000'000'000 + kInputHz / 2) / kInputHz;
}

void UserPit::out(std::uint16_t port, std::uint32_t value, unsigned size) {
  if (size != 1) {
    ++unsupported_accesses_;
    return;
  }
  if (port == kCommandPort) {
    command(static_cast<std::uint8_t>(value));
  } else if (port == kChannel0Port) {
    channel0_data(static_cast<std::uint8_t>(value));
  } else {
    ++unsupported_accesses_;  // channels 1 and 2: no speaker, no DRAM refresh here
  }
}

void UserPit::command(std::uint8_t value) {
  const unsigned mode = mode_of(value);
  if (channel_of(value) != 0 || access_of(value) != kAccessLowThenHigh || is_bcd(value) ||
      (mode != kRateGenerator && mode != kSquareWave)) {
    ++unsupported_commands_;
    return;
  }
  expecting_low_byte_ = true;
  expecting_high_byte_ = false;
}

void UserPit::channel0_data(std::uint8_t value) {
  if (expecting_low_byte_) {
    low_byte_ = value;
    expecting_low_byte_ = false;
    expecting_high_byte_ = true;
    return;
  }
  if (!expecting_high_byte_) {
    ++unsupported_accesses_;  // data without a command this device understood
    return;
  }
  expecting_high_byte_ = false;
  // The counter starts counting when the reload value is complete; 0 means 65536.
  std::uint32_t reload = low_byte_ | (std::uint32_t{value} << 8);
  if (reload == 0) {
    reload = 0x10000;
  }
  ++starts_;
  on_periodic_(period_ns_for_reload(reload));
}

std::uint32_t UserPit::in(std::uint16_t, unsigned) {
  ++unsupported_accesses_;  // counter latch/read-back is not emulated
  return kFloatingBus;
}

void UserPit::report(Counters& counters) const {
  counters["user_pit.starts"] = starts_;
  counters["user_pit.unsupported_commands"] = unsupported_commands_;
  counters["user_pit.unsupported_accesses"] = unsupported_accesses_;
}

}  // namespace vtick::realvm::vmm
