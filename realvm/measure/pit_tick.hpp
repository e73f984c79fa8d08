// The tick our guest's PIT really produces at a given HZ: the reload value is rounded to
// whole input clocks, so the tick is reload / 1193182 s, not 1/HZ (realvm/guest/pit.c).
#pragma once

#include <cstdint>

namespace vtick::realvm::measure {

inline constexpr std::uint32_t kPitInputHz = 1'193'182;

constexpr std::int64_t pit_tick_ns(std::uint32_t hz) {
  const std::int64_t reload = (kPitInputHz + hz / 2) / hz;
  return reload * 1'000'000'000 / kPitInputHz;
}

}  // namespace vtick::realvm::measure
