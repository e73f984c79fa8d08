#pragma once
// The pvclock / kvmclock ABI: the per-vCPU time page a KVM (or Xen) host shares with its
// guest, and the fixed-point arithmetic both sides use on it. Everything here is bit-exact to
// Linux so that the simulator, the checker and realvm/ agree on every nanosecond:
//   - layout:      arch/x86/include/asm/pvclock-abi.h (struct pvclock_vcpu_time_info);
//   - guest read:  arch/x86/include/asm/pvclock.h (pvclock_scale_delta,
//                  __pvclock_read_cycles);
//   - host scale:  arch/x86/kvm/x86.c (kvm_get_time_scale, div_frac).
#include <array>
#include <cstddef>
#include <cstdint>

namespace vtick::protocols::pvclock {

/// struct pvclock_vcpu_time_info. Linux declares it __packed__, but its fields are already
/// naturally aligned, so the plain struct has the same 32-byte layout (asserted below).
/// `version` is odd while the host is writing the page; the guest retries until it reads
/// the same even version before and after the fields.
struct PvclockVcpuTimeInfo {
  std::uint32_t version = 0;
  std::uint32_t pad0 = 0;
  std::uint64_t tsc_timestamp = 0;      ///< guest TSC when system_time was sampled
  std::uint64_t system_time = 0;        ///< ns (host CLOCK_MONOTONIC + kvmclock offset)
  std::uint32_t tsc_to_system_mul = 0;  ///< 32.32 fixed-point ns per (shifted) TSC tick
  std::int8_t tsc_shift = 0;            ///< applied to the TSC delta before the multiply
  std::uint8_t flags = 0;               ///< kTscStableBit
  std::array<std::uint8_t, 2> pad{};

  bool operator==(const PvclockVcpuTimeInfo&) const = default;
};

static_assert(sizeof(PvclockVcpuTimeInfo) == 32);
static_assert(offsetof(PvclockVcpuTimeInfo, version) == 0);
static_assert(offsetof(PvclockVcpuTimeInfo, pad0) == 4);
static_assert(offsetof(PvclockVcpuTimeInfo, tsc_timestamp) == 8);
static_assert(offsetof(PvclockVcpuTimeInfo, system_time) == 16);
static_assert(offsetof(PvclockVcpuTimeInfo, tsc_to_system_mul) == 24);
static_assert(offsetof(PvclockVcpuTimeInfo, tsc_shift) == 28);
static_assert(offsetof(PvclockVcpuTimeInfo, flags) == 29);
static_assert(offsetof(PvclockVcpuTimeInfo, pad) == 30);

/// PVCLOCK_TSC_STABLE_BIT: the host guarantees the TSC is synchronised across vCPUs, so the
/// guest may skip its global "never go backwards" clamp.
inline constexpr std::uint8_t kTscStableBit = 1u << 0;

/// A (mul, shift) pair converting base_hz ticks to scaled_hz units:
/// units = ((ticks << shift) or (ticks >> -shift)) * mul >> 32.
struct TimeScale {
  std::uint32_t mul = 0;
  std::int8_t shift = 0;

  bool operator==(const TimeScale&) const = default;
};

/// kvm_get_time_scale(scaled_hz, base_hz): the host's choice of (mul, shift), including its
/// truncations (low bits of base_hz shifted out, div_frac rounding down). Both arguments must
/// be non-zero (Linux would loop forever on zero); std::invalid_argument otherwise. The
/// quantisation (mul keeps about 31 significant bits; base_hz may lose low bits first) is
/// what error_bound_ns() charges, from the returned pair itself.
TimeScale time_scale(std::uint64_t scaled_hz, std::uint64_t base_hz);

/// pvclock_scale_delta: (delta shifted by `shift`) * mul >> 32 with a 96-bit intermediate
/// (Linux's mul_u64_u32_shr). Bits shifted out of a left shift are lost, as in Linux.
/// A shift of 64 or more either way shifts every bit out (0): C leaves that undefined, and
/// no host ever writes one (kvm_get_time_scale stays within about +-32 for real clocks).
std::uint64_t scale_delta(std::uint64_t delta, std::uint32_t mul, std::int8_t shift);

/// __pvclock_read_cycles: system_time + scale_delta(tsc - tsc_timestamp, mul, shift), in
/// wrapping 64-bit arithmetic exactly as the guest computes it (a TSC below tsc_timestamp
/// yields a huge delta, not a negative one).
std::uint64_t read_cycles(const PvclockVcpuTimeInfo& page, std::uint64_t tsc);

}  // namespace vtick::protocols::pvclock
