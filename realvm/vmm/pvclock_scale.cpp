#include "realvm/vmm/pvclock_scale.hpp"

namespace vtick::realvm::vmm {

PvclockScale pvclock_scale_for(std::uint64_t tsc_hz) {
  constexpr std::uint64_t kHigh32 = 0xffffffff00000000ull;
  std::uint64_t scaled = 1'000'000'000;  // ns per second
  std::uint64_t tps64 = tsc_hz;
  int shift = 0;
  // Bring the TSC rate below twice the ns rate and into 32 bits...
  while (tps64 > scaled * 2 || (tps64 & kHigh32)) {
    tps64 >>= 1;
    --shift;
  }
  // ...then above it, so that scaled / tps < 1 fits a 0.32 fixed-point multiplier.
  auto tps32 = static_cast<std::uint32_t>(tps64);
  while (tps32 <= scaled || (scaled & kHigh32)) {
    if ((scaled & kHigh32) || (tps32 & 0x80000000u)) {
      scaled >>= 1;
    } else {
      tps32 <<= 1;
    }
    ++shift;
  }
  return {static_cast<std::uint32_t>((scaled << 32) / tps32), static_cast<std::int8_t>(shift)};
}

std::uint64_t pvclock_scale_delta(std::uint64_t tsc_delta, PvclockScale scale) {
  const std::uint64_t shifted = scale.shift < 0 ? tsc_delta >> -scale.shift : tsc_delta << scale.shift;
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(shifted) * scale.mul) >> 32);
}

}  // namespace vtick::realvm::vmm
