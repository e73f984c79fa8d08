// The kvmclock model: TSC counting, host updates, and the guest's error against true time.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "protocols/pvclock/pvclock_clock.hpp"
#include "sim/rng.hpp"

namespace vtick::protocols::pvclock {
namespace {

constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kSec = 1'000'000'000;

/// Uniform integer in [lo, hi].
std::int64_t uniform(sim::RandomStream& rng, std::int64_t lo, std::int64_t hi) {
  return lo + static_cast<std::int64_t>(rng.next_u64() % static_cast<std::uint64_t>(hi - lo + 1));
}

TEST(TscModel, CountsAtTheNominalRate) {
  const TscModel tsc{};
  EXPECT_EQ(tsc.tsc_at(0), 0u);
  EXPECT_EQ(tsc.tsc_at(1), 2u);
  EXPECT_EQ(tsc.tsc_at(kSec), 2'000'000'000u);
  const TscModel slow{1'000'000, 0.0};
  EXPECT_EQ(slow.tsc_at(999), 0u) << "floor";
  EXPECT_EQ(slow.tsc_at(1000), 1u);
}

TEST(TscModel, CountsAtTheTrueRate) {
  EXPECT_EQ((TscModel{2'000'000'000, 100.0}.tsc_at(kSec)), 2'000'200'000u);
  EXPECT_EQ((TscModel{2'000'000'000, -100.0}.tsc_at(kSec)), 1'999'800'000u);
  EXPECT_EQ((TscModel{2'000'000'000, -100.0}.tsc_at(1)), 1u) << "1.9998 floors to 1";
  EXPECT_EQ((TscModel{3'000'000'000, 0.5}.tsc_at(3600 * kSec)), 10'800'005'400'000u);
  // A day at 5 GHz, -200 ppm: 4.32e14 * (1 - 2e-4) ticks, exactly.
  EXPECT_EQ((TscModel{5'000'000'000, -200.0}.tsc_at(86'400 * kSec)), 431'913'600'000'000u);
}

TEST(TscModel, MatchesAFloatingReferenceWithinOneTick) {
  sim::RandomStream rng(3, "pvclock/tsc");
  for (int i = 0; i < 10'000; ++i) {
    const TscModel tsc{static_cast<std::uint64_t>(uniform(rng, 1'000'000, 5'000'000'000)),
                       (rng.uniform() - 0.5) * 400.0};
    const std::int64_t t = uniform(rng, 0, 1'000'000 * kSec);
    const long double exact = static_cast<long double>(t) * tsc.nominal_hz *
                              (1.0L + std::llround(tsc.ppm * 1e6) / 1e12L) / 1e9L;
    ASSERT_LE(std::fabs(static_cast<long double>(tsc.tsc_at(t)) - std::floor(exact)), 1.0L)
        << tsc.nominal_hz << " " << tsc.ppm << " " << t;
  }
}

TEST(TscModel, RejectsOutOfDomainInputs) {
  EXPECT_THROW((void)TscModel{}.tsc_at(-1), std::invalid_argument);
  EXPECT_THROW((void)(TscModel{2'000'000'000, 1000.5}.tsc_at(0)), std::invalid_argument);
  EXPECT_THROW((void)(TscModel{2'000'000'000, std::nan("")}.tsc_at(0)), std::invalid_argument);
  EXPECT_THROW((void)(TscModel{5'000'000'000, 0.0}.tsc_at(INT64_MAX)), std::invalid_argument);
}

TEST(PvclockSource, UpdateFillsThePageAsKvmDoes) {
  PvclockSource source(TscModel{2'000'000'000, 50.0}, 2'000'000'000);
  EXPECT_EQ(source.guest_ns(5 * kMs), 0) << "page not filled yet";
  source.update(10 * kMs);
  const PvclockVcpuTimeInfo& page = source.page();
  EXPECT_EQ(page.version, 2u);
  EXPECT_EQ(page.tsc_timestamp, 20'001'000u);  // 10 ms at 2 GHz + 50 ppm
  EXPECT_EQ(page.system_time, 10'000'000u);
  EXPECT_EQ(page.tsc_to_system_mul, 0x80000000u);
  EXPECT_EQ(page.tsc_shift, 0);
  EXPECT_EQ(page.flags, kTscStableBit);
  EXPECT_EQ(source.guest_ns(10 * kMs), 10 * kMs) << "exact at the update";
  // 1 s later the guest is 50 ppm fast: 1.00005e9 ns.
  EXPECT_EQ(source.guest_ns(10 * kMs + kSec), 10 * kMs + kSec + 50'000);
  source.update(20 * kMs);
  EXPECT_EQ(source.page().version, 4u);
  EXPECT_EQ(source.updates(), 2u);
}

TEST(PvclockSource, FastTscStepsBackAtEachUpdate) {
  // kvmclock is corrected by steps, not slewed: a TSC 100 ppm fast makes the guest's clock
  // run ahead by 100 us per second between updates, then jump back when the host refreshes.
  PvclockSource source(TscModel{2'000'000'000, 100.0}, 2'000'000'000);
  source.update(0);
  const std::int64_t before = source.guest_ns(kSec);
  source.update(kSec);
  EXPECT_EQ(before - source.guest_ns(kSec), 100'000);
}

struct ErrorStats {
  std::int64_t worst_rounding = 0;  ///< max |error| - |drift| (drift from ppm and belief)
  std::int64_t least_slack = INT64_MAX;  ///< min bound - |error|
};

/// Runs `updates` consecutive update intervals and checks the guest's error against the
/// bound at evenly spaced and random instants in each.
void check_intervals(const TscModel& tsc, std::uint64_t believed_hz, std::int64_t interval,
                     sim::RandomStream& rng, ErrorStats& stats) {
  PvclockSource source(tsc, believed_hz);
  const std::int64_t bound = error_bound_ns(tsc, believed_hz, interval);
  const long double rate_error =
      tsc.nominal_hz * (1.0L + tsc.ppm / 1e6L) / static_cast<long double>(believed_hz) - 1;
  std::int64_t update_at = uniform(rng, 0, 1000 * kSec);
  for (int u = 0; u < 3; ++u, update_at += interval) {
    source.update(update_at);
    for (int j = 0; j <= 128; ++j) {
      const std::int64_t elapsed = j <= 64 ? interval * j / 64 : uniform(rng, 0, interval);
      const std::int64_t t = update_at + elapsed;
      const std::int64_t error = std::abs(source.guest_ns(t) - t);
      ASSERT_LE(error, bound) << tsc.nominal_hz << " Hz, " << tsc.ppm << " ppm, believed "
                              << believed_hz << ", " << elapsed << " ns after an update";
      const auto drift = static_cast<std::int64_t>(std::fabs(rate_error * elapsed));
      stats.worst_rounding = std::max(stats.worst_rounding, error - drift);
      stats.least_slack = std::min(stats.least_slack, bound - error);
    }
  }
}

TEST(PvclockSource, ErrorStaysWithinTheBound) {
  sim::RandomStream rng(4, "pvclock/error");
  ErrorStats stats;
  for (int i = 0; i < 2'000; ++i) {
    const TscModel tsc{static_cast<std::uint64_t>(uniform(rng, 1'000'000, 5'000'000'000)),
                       (rng.uniform() - 0.5) * 400.0};
    const std::int64_t interval = uniform(rng, kMs, 10 * kSec);
    // The host believes either the nominal rate or, like Linux's tsc_khz, a kHz truncation.
    const std::uint64_t believed = i % 2 == 0 ? tsc.nominal_hz : tsc.nominal_hz / 1000 * 1000;
    check_intervals(tsc, believed, interval, rng, stats);
    if (testing::Test::HasFatalFailure()) return;
  }
  std::printf("ppm in [-200, 200], 1 MHz..5 GHz, 1 ms..10 s: worst rounding beyond drift %lld "
              "ns, least slack under the bound %lld ns\n",
              static_cast<long long>(stats.worst_rounding),
              static_cast<long long>(stats.least_slack));
}

TEST(PvclockSource, WithoutDriftOnlyRoundingRemains) {
  sim::RandomStream rng(5, "pvclock/rounding");
  ErrorStats stats;
  std::int64_t worst_bound = 0;
  for (int i = 0; i < 2'000; ++i) {
    // Real TSC rates: 1..5 GHz, where a tick is at most 1 ns.
    const TscModel tsc{static_cast<std::uint64_t>(uniform(rng, 1'000'000'000, 5'000'000'000)),
                       0.0};
    const std::int64_t interval = uniform(rng, kMs, 10 * kSec);
    worst_bound = std::max(worst_bound, error_bound_ns(tsc, tsc.nominal_hz, interval));
    check_intervals(tsc, tsc.nominal_hz, interval, rng, stats);
    if (testing::Test::HasFatalFailure()) return;
  }
  EXPECT_LE(worst_bound, 12);
  std::printf("ppm 0, believed = nominal, 1..5 GHz, 1 ms..10 s: worst error %lld ns, worst "
              "bound %lld ns\n",
              static_cast<long long>(stats.worst_rounding), static_cast<long long>(worst_bound));
}

TEST(PvclockSource, ExactScaleHasAtMostOneNanosecondOfRounding) {
  // 2 GHz: mul = 2^31, shift 0, 0.5 ns per tick exactly: only the floors remain.
  sim::RandomStream rng(6, "pvclock/exact");
  ErrorStats stats;
  check_intervals(TscModel{}, 2'000'000'000, 10 * kSec, rng, stats);
  EXPECT_LE(stats.worst_rounding, 1);
  EXPECT_LE(error_bound_ns(TscModel{}, 2'000'000'000, 10 * kSec), 3);
}

TEST(ErrorBound, GrowsWithPpmAndInterval) {
  const std::int64_t rounding = error_bound_ns(TscModel{}, 2'000'000'000, 0);
  EXPECT_EQ(error_bound_ns(TscModel{2'000'000'000, 200.0}, 2'000'000'000, 10 * kSec),
            2'000'000 + rounding);  // 200 ppm of 10 s
  EXPECT_EQ(error_bound_ns(TscModel{2'000'000'000, -50.0}, 2'000'000'000, kSec),
            50'000 + rounding);
  EXPECT_THROW(error_bound_ns(TscModel{}, 2'000'000'000, -1), std::invalid_argument);
}

}  // namespace
}  // namespace vtick::protocols::pvclock
