// The LAPIC timer's period from QEMU's raises: each second's least late raise lies on the
// programmed grid, however late the others are. Raises made by hand.
#include "realvm/linux/lapic_period.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace vtick::realvm::linux_guest {
namespace {

constexpr std::int64_t kNominal = 4'000'000;  // HZ 250

/// 10 s of raises on a grid of `period` from 1 s, each late by a pattern that leaves one raise
/// per quarter second on time and the rest late by up to 9 ms (a loaded main loop, replaying).
std::vector<vmm::TimerRaise> raises(std::int64_t period) {
  std::vector<vmm::TimerRaise> out;
  for (std::int64_t k = 0; k < 2500; ++k) {
    const std::int64_t late = k % 62 == 17 ? 0 : 20'000 + (k * 7919) % 9'000'000;
    out.push_back({1'000'000'000 + k * period + late, false});
  }
  return out;
}

TEST(LapicPeriod, SlopeOfTheLeastLateRaises) {
  // 4,000,108 ns: 27 ppm long.
  const auto ppm = timer_period_error_ppm(raises(4'000'108), kNominal, 0, INT64_MAX);
  ASSERT_TRUE(ppm);
  EXPECT_NEAR(*ppm, 27.0, 0.01);
  const auto short_period = timer_period_error_ppm(raises(3'999'980), kNominal, 0, INT64_MAX);
  ASSERT_TRUE(short_period);
  EXPECT_NEAR(*short_period, -5.0, 0.01);
}

TEST(LapicPeriod, OnlyTheWindowsRaisesCount) {
  auto all = raises(4'000'108);
  // Boot-time raises on another grid before the window are left out.
  all.insert(all.begin(), {{100, false}, {200'000'000, false}});
  const auto ppm = timer_period_error_ppm(all, kNominal, 1'000'000'000, INT64_MAX);
  ASSERT_TRUE(ppm);
  EXPECT_NEAR(*ppm, 27.0, 0.01);
}

TEST(LapicPeriod, RaisesThatAreNotOnePerPeriodAreUnknown) {
  // One raise in 200 missing: 5,000 ppm by the index, which no calibration makes.
  auto all = raises(kNominal);
  for (std::size_t i = 199; i < all.size(); i += 199) all.erase(all.begin() + static_cast<std::ptrdiff_t>(i));
  EXPECT_FALSE(timer_period_error_ppm(all, kNominal, 0, INT64_MAX));
}

TEST(LapicPeriod, FewerThanTwoSecondsIsUnknown) {
  auto all = raises(kNominal);
  all.resize(8 * 62 - 1);  // seven whole windows of 62 periods
  EXPECT_FALSE(timer_period_error_ppm(all, kNominal, 0, INT64_MAX));
  all = raises(kNominal);
  all.resize(8 * 62);
  EXPECT_TRUE(timer_period_error_ppm(all, kNominal, 0, INT64_MAX));
  EXPECT_FALSE(timer_period_error_ppm(all, 0, 0, INT64_MAX));
}

}  // namespace
}  // namespace vtick::realvm::linux_guest
