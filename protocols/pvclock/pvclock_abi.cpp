#include "protocols/pvclock/pvclock_abi.hpp"

#include <stdexcept>

namespace vtick::protocols::pvclock {
namespace {

constexpr std::uint64_t kHigh32 = 0xffffffff00000000ULL;

/// x86 div_frac(a, b) = (a << 32) / b, a 64/32 divl; kvm_get_time_scale calls it only with
/// a < b, so the quotient fits in 32 bits.
std::uint32_t div_frac(std::uint64_t dividend, std::uint32_t divisor) {
  return static_cast<std::uint32_t>((dividend << 32) / divisor);
}

std::uint64_t shifted(std::uint64_t delta, std::int8_t shift) {
  if (shift <= -64 || shift >= 64) return 0;
  return shift < 0 ? delta >> -shift : delta << shift;
}

}  // namespace

TimeScale time_scale(std::uint64_t scaled_hz, std::uint64_t base_hz) {
  if (scaled_hz == 0 || base_hz == 0) {
    throw std::invalid_argument("pvclock time_scale: frequencies must be non-zero");
  }
  // kvm_get_time_scale, loop for loop: first bring the base rate below 2^32 and within a
  // factor of two of the scaled rate (shifting the TSC delta right), then make it strictly
  // greater than the scaled rate (shifting the delta left, or halving the scaled rate when
  // the base rate has no headroom), so that the 32-bit fraction scaled/base is < 1.
  int shift = 0;
  std::uint64_t tps64 = base_hz;
  std::uint64_t scaled64 = scaled_hz;
  while (tps64 > scaled64 * 2 || (tps64 & kHigh32) != 0) {
    tps64 >>= 1;
    --shift;
  }
  auto tps32 = static_cast<std::uint32_t>(tps64);
  while (tps32 <= scaled64 || (scaled64 & kHigh32) != 0) {
    if ((scaled64 & kHigh32) != 0 || (tps32 & 0x80000000u) != 0) {
      scaled64 >>= 1;
    } else {
      tps32 <<= 1;
    }
    ++shift;
  }
  return {div_frac(scaled64, tps32), static_cast<std::int8_t>(shift)};
}

std::uint64_t scale_delta(std::uint64_t delta, std::uint32_t mul, std::int8_t shift) {
  // mul_u64_u32_shr(delta, mul, 32): the 96-bit product's bits 32..95, truncated to 64 bits.
  const unsigned __int128 product = static_cast<unsigned __int128>(shifted(delta, shift)) * mul;
  return static_cast<std::uint64_t>(product >> 32);
}

std::uint64_t read_cycles(const PvclockVcpuTimeInfo& page, std::uint64_t tsc) {
  const std::uint64_t delta = tsc - page.tsc_timestamp;
  return page.system_time + scale_delta(delta, page.tsc_to_system_mul, page.tsc_shift);
}

}  // namespace vtick::protocols::pvclock
