// The pvclock ABI arithmetic against independent references and hand-computed values.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <type_traits>
#include <vector>

#include "protocols/pvclock/pvclock_abi.hpp"
#include "sim/rng.hpp"

namespace vtick::protocols::pvclock {
namespace {

/// Linux's generic mul_u64_u32_shr(a, mul, 32) (include/linux/math64.h): two 32x32
/// multiplies instead of one 128-bit one, so it checks scale_delta's arithmetic
/// independently.
std::uint64_t reference_scale(std::uint64_t delta, std::uint32_t mul, int shift) {
  const std::uint64_t a = shift < 0 ? delta >> -shift : delta << shift;
  const std::uint64_t low = (a & 0xffffffffULL) * mul;
  const std::uint64_t high = (a >> 32) * mul;
  return high + (low >> 32);
}

/// A 64-bit value whose magnitude is itself random, so small and large deltas both occur.
std::uint64_t any_magnitude(sim::RandomStream& rng) {
  return rng.next_u64() >> (rng.next_u64() % 64);
}

TEST(PvclockAbi, LayoutIsTheLinuxOne) {
  static_assert(std::is_standard_layout_v<PvclockVcpuTimeInfo>);
  static_assert(std::is_trivially_copyable_v<PvclockVcpuTimeInfo>);
  // The bytes Linux would see for a filled page, little-endian (x86).
  PvclockVcpuTimeInfo page;
  page.version = 0x04030201;
  page.tsc_timestamp = 0x1817161514131211;
  page.system_time = 0x2827262524232221;
  page.tsc_to_system_mul = 0x34333231;
  page.tsc_shift = -2;
  page.flags = kTscStableBit;
  std::array<unsigned char, 32> bytes{};
  std::memcpy(bytes.data(), &page, sizeof page);
  const std::array<unsigned char, 32> expected{
      0x01, 0x02, 0x03, 0x04, 0, 0, 0, 0,  // version, pad0
      0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
      0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,
      0x31, 0x32, 0x33, 0x34, 0xfe, 0x01, 0, 0};  // mul, shift, flags, pad
  EXPECT_EQ(bytes, expected);
}

TEST(PvclockAbi, ScaleDeltaMatchesReferenceOnEdgeValues) {
  const std::vector<std::uint64_t> deltas{0, 1, 2, 0xffffffffULL, 0x100000000ULL,
                                          0x8000000000000000ULL, 0xffffffffffffffffULL};
  const std::vector<std::uint32_t> muls{0, 1, 0x7fffffff, 0x80000000, 0xffffffff};
  for (std::uint64_t delta : deltas) {
    for (std::uint32_t mul : muls) {
      for (int shift = -63; shift <= 63; ++shift) {
        ASSERT_EQ(scale_delta(delta, mul, static_cast<std::int8_t>(shift)),
                  reference_scale(delta, mul, shift))
            << delta << " " << mul << " " << shift;
      }
    }
  }
}

TEST(PvclockAbi, ScaleDeltaMatchesReferenceOnRandomInputs) {
  sim::RandomStream rng(1, "pvclock/scale_delta");
  for (int i = 0; i < 100'000; ++i) {
    const std::uint64_t delta = any_magnitude(rng);
    const auto mul = static_cast<std::uint32_t>(rng.next_u64());
    const int shift = static_cast<int>(rng.next_u64() % 17) - 8;
    ASSERT_EQ(scale_delta(delta, mul, static_cast<std::int8_t>(shift)),
              reference_scale(delta, mul, shift))
        << delta << " " << mul << " " << shift;
  }
}

TEST(PvclockAbi, ScaleDeltaHandValues) {
  EXPECT_EQ(scale_delta(3'000'000, 0x80000000u, 0), 1'500'000u);  // x 0.5
  EXPECT_EQ(scale_delta(3, 0x80000000u, 0), 1u);                   // 1.5 truncated
  EXPECT_EQ(scale_delta(1000, 0x80000000u, 1), 1000u);             // << 1, x 0.5
  EXPECT_EQ(scale_delta(7, 0xffffffffu, -1), 2u);  // 7 >> 1 = 3, x (1 - 2^-32) = 2.99..
  EXPECT_EQ(scale_delta(1ULL << 63, 0x80000000u, 1), 0u) << "left shift drops the top bit";
  EXPECT_EQ(scale_delta(~0ULL, 0xffffffffu, 0), 0xfffffffeffffffffULL);
  EXPECT_EQ(scale_delta(~0ULL, 0xffffffffu, 64), 0u);
  EXPECT_EQ(scale_delta(~0ULL, 0xffffffffu, -64), 0u);
}

TEST(PvclockAbi, TimeScaleHandValues) {
  // Worked through kvm_get_time_scale's loops by hand.
  EXPECT_EQ(time_scale(1'000'000'000, 2'000'000'000), (TimeScale{0x80000000u, 0}));
  EXPECT_EQ(time_scale(1'000'000'000, 1'000'000'000), (TimeScale{0x80000000u, 1}));
  // 3 GHz: base halved once (1.5e9), mul = floor(2^32 / 1.5) = floor(2^33 / 3).
  EXPECT_EQ(time_scale(1'000'000'000, 3'000'000'000), (TimeScale{2863311530u, -1}));
  // 1 MHz: base doubled ten times to 1.024e9, mul = 2^32 * 1e9 / 1.024e9 exactly.
  EXPECT_EQ(time_scale(1'000'000'000, 1'000'000), (TimeScale{4194304000u, 10}));
  // The inverse direction KVM also uses (kvm_set_tsc_khz: ns -> TSC cycles).
  EXPECT_EQ(time_scale(2'000'000'000, 1'000'000'000), (TimeScale{0x80000000u, 2}));
}

TEST(PvclockAbi, TimeScaleRejectsZero) {
  EXPECT_THROW(time_scale(0, 1), std::invalid_argument);
  EXPECT_THROW(time_scale(1, 0), std::invalid_argument);
}

/// Frequencies from 1 MHz to 5 GHz: a log sweep, random ones, and awkward ones.
std::vector<std::uint64_t> sweep_frequencies() {
  std::vector<std::uint64_t> out{1'000'000,     14'318'180,    999'999'999,   1'000'000'001,
                                 2'399'999'999, 0xffffffffULL, 0x100000000ULL, 0x100000001ULL,
                                 4'999'999'999, 5'000'000'000};
  for (long double f = 1e6L; f <= 5e9L; f *= 1.01L) out.push_back(static_cast<std::uint64_t>(f));
  sim::RandomStream rng(2, "pvclock/frequencies");
  for (int i = 0; i < 20'000; ++i) out.push_back(1'000'000 + rng.next_u64() % 4'999'000'001ULL);
  return out;
}

TEST(PvclockAbi, OneSecondOfTicksScalesToOneSecond) {
  long double worst_relative = 0;
  std::int64_t worst_ns = 0;
  for (std::uint64_t f : sweep_frequencies()) {
    const TimeScale s = time_scale(1'000'000'000, f);
    // Per-tick quantisation of (mul, shift) against the ideal 1e9 / f ns.
    const long double k = std::ldexp(static_cast<long double>(s.mul), s.shift - 32);
    const long double relative = std::fabs(k * f / 1e9L - 1);
    worst_relative = std::max(worst_relative, relative);
    ASSERT_LT(relative, std::ldexp(1.0L, -29)) << f;
    // One second of ticks: quantisation x 1e9, plus the ticks a right shift drops, plus the
    // final truncation.
    const auto got = static_cast<std::int64_t>(scale_delta(f, s.mul, s.shift));
    const long double dropped = std::ldexp(k, std::max(0, -s.shift));
    const long double bound = 1e9L * relative + dropped + 1;
    ASSERT_LE(std::abs(got - 1'000'000'000), bound) << f;
    worst_ns = std::max(worst_ns, std::abs(got - 1'000'000'000));
  }
  std::printf("time_scale 1 MHz..5 GHz: worst per-tick relative error %.3Le (2^%.2Lf), "
              "worst error over one second %lld ns\n",
              worst_relative, std::log2(worst_relative), static_cast<long long>(worst_ns));
}

TEST(PvclockAbi, ReadCyclesOnAKnownPage) {
  PvclockVcpuTimeInfo page;
  page.tsc_timestamp = 10'000'000'000;
  page.system_time = 5'000'000'000;
  const TimeScale s = time_scale(1'000'000'000, 3'000'000'000);  // 3 GHz
  page.tsc_to_system_mul = s.mul;
  page.tsc_shift = s.shift;
  EXPECT_EQ(read_cycles(page, 10'000'000'000), 5'000'000'000u) << "no delta: system_time";
  // 3e9 ticks: (3e9 >> 1) * floor(2^33/3) >> 32 = 999999999.76.. -> one ns short.
  EXPECT_EQ(read_cycles(page, 13'000'000'000), 5'999'999'999u);
  EXPECT_EQ(read_cycles(page, 10'000'000'300), 5'000'000'099u);  // 150 * 0.666.. = 99.99..
  // A TSC below tsc_timestamp wraps the delta, exactly as the guest's u64 arithmetic does.
  EXPECT_EQ(read_cycles(page, 9'999'999'999),
            5'000'000'000u + scale_delta(~0ULL, s.mul, s.shift));
}

}  // namespace
}  // namespace vtick::protocols::pvclock
