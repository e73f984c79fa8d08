#include "sim/sample_stats.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

namespace vtick::sim {
namespace {

/// Nearest rank of p = k/1000 in exact integer arithmetic: ceil(k * n / 1000), at least 1.
std::int64_t reference_quantile(const std::vector<std::int64_t>& sorted_values, std::size_t k) {
  const std::size_t rank = std::max<std::size_t>(1, (k * sorted_values.size() + 999) / 1000);
  return sorted_values[rank - 1];
}

TEST(SampleStats, EmptyHasNoStatistics) {
  const SampleStats stats;
  EXPECT_EQ(stats.count(), 0u);
  EXPECT_EQ(stats.min(), std::nullopt);
  EXPECT_EQ(stats.max(), std::nullopt);
  EXPECT_EQ(stats.mean(), std::nullopt);
  EXPECT_EQ(stats.quantile(0.5), std::nullopt);
  EXPECT_EQ(stats.quantile(1.0), std::nullopt);
  EXPECT_EQ(stats.count_below(0), 0u);
}

TEST(SampleStats, RejectsProbabilitiesOutsideZeroToOne) {
  SampleStats stats;
  stats.add(1);
  EXPECT_THROW((void)stats.quantile(0.0), std::invalid_argument);
  EXPECT_THROW((void)stats.quantile(-0.5), std::invalid_argument);
  EXPECT_THROW((void)stats.quantile(1.0000001), std::invalid_argument);
  EXPECT_THROW((void)stats.quantile(std::nan("")), std::invalid_argument);
}

TEST(SampleStats, NearestRankOnSmallSets) {
  SampleStats stats;
  for (const std::int64_t v : {50, 10, 40, 20, 30, 60, 70, 80, 90, 100}) stats.add(v);
  EXPECT_EQ(stats.quantile(0.1), 10);  // the double 0.1 is slightly above 1/10
  EXPECT_EQ(stats.quantile(0.5), 50);
  EXPECT_EQ(stats.quantile(0.51), 60);
  EXPECT_EQ(stats.quantile(0.7), 70);
  EXPECT_EQ(stats.quantile(0.9), 90);  // the double 0.9 is slightly above 9/10
  EXPECT_EQ(stats.quantile(0.99), 100);
  EXPECT_EQ(stats.quantile(1.0), 100);
  EXPECT_EQ(stats.quantile(1e-12), 10);
}

TEST(SampleStats, MatchesBruteForceOnRandomData) {
  std::mt19937_64 rng(20240601);
  for (const std::size_t n : {1u, 2u, 3u, 7u, 10u, 100u, 999u, 1000u, 1001u, 12345u}) {
    std::uniform_int_distribution<std::int64_t> value(-1'000'000, 1'000'000);
    std::vector<std::int64_t> values(n);
    for (auto& v : values) v = n > 100 ? value(rng) % 1000 : value(rng);  // duplicates too
    SampleStats stats;
    for (const auto v : values) stats.add(v);
    SCOPED_TRACE("n = " + std::to_string(n));

    std::vector<std::int64_t> sorted_values = values;
    std::sort(sorted_values.begin(), sorted_values.end());
    for (std::size_t k = 1; k <= 1000; ++k) {
      ASSERT_EQ(stats.quantile(static_cast<double>(k) / 1000.0),
                reference_quantile(sorted_values, k))
          << "p = " << k << "/1000";
    }
    EXPECT_EQ(stats.count(), n);
    EXPECT_EQ(stats.min(), *std::min_element(values.begin(), values.end()));
    EXPECT_EQ(stats.max(), *std::max_element(values.begin(), values.end()));
    long double sum = 0;
    for (const auto v : values) sum += static_cast<long double>(v);
    EXPECT_NEAR(*stats.mean(), static_cast<double>(sum / n), 1e-9);
    for (const std::int64_t threshold : {-2'000'000, -500, 0, 1, 999, 2'000'000}) {
      EXPECT_EQ(stats.count_below(threshold),
                static_cast<std::size_t>(std::count_if(values.begin(), values.end(),
                                                       [&](auto v) { return v < threshold; })));
    }
  }
}

TEST(SampleStats, AddingAfterAQuantileInvalidatesTheSortedOrder) {
  SampleStats stats;
  stats.add(5);
  stats.add(1);
  EXPECT_EQ(stats.quantile(1.0), 5);
  stats.add(3);
  stats.add(0);
  EXPECT_EQ(stats.quantile(0.25), 0);
  EXPECT_EQ(stats.quantile(0.5), 1);
  EXPECT_EQ(stats.quantile(0.75), 3);
  EXPECT_EQ(stats.min(), 0);
  EXPECT_EQ(stats.max(), 5);
  EXPECT_EQ(stats.count_below(3), 2u);
}

TEST(SampleStats, MeanDoesNotOverflowOnHugeSamples) {
  SampleStats stats;
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  for (int i = 0; i < 4; ++i) stats.add(big);
  EXPECT_DOUBLE_EQ(*stats.mean(), static_cast<double>(big));
}

TEST(SampleStats, MillionsOfSamplesSortOnce) {
  SampleStats stats;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 1'000'000; ++i) stats.add(static_cast<std::int64_t>(rng() % 1'000'000));
  // 1000 quantile queries would take far too long if each one sorted again.
  std::int64_t previous = std::numeric_limits<std::int64_t>::min();
  for (int k = 1; k <= 1000; ++k) {
    const std::int64_t q = *stats.quantile(k / 1000.0);
    ASSERT_GE(q, previous);
    previous = q;
  }
  EXPECT_EQ(previous, stats.max());
}

TEST(LeastSquaresSlope, ExactLineWithLargeOffsets) {
  std::vector<std::int64_t> x;
  std::vector<std::int64_t> y;
  for (std::int64_t i = 0; i < 1000; ++i) {
    x.push_back(1'000'000'000'000 + i * 10'000'000);  // 1000 s in, 10 ms apart
    y.push_back(3 * x.back() + 7);
  }
  EXPECT_DOUBLE_EQ(least_squares_slope(x, y), 3.0);

  // A -12.5 ppm drift: y = -x / 80000, exact at multiples of 80000.
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = 5'000'000'000'000 + static_cast<std::int64_t>(i) * 80'000'000;
    y[i] = -x[i] / 80'000;
  }
  EXPECT_NEAR(least_squares_slope(x, y) * 1e6, -12.5, 1e-9);
}

TEST(LeastSquaresSlope, RecoversTheSlopeThroughNoise) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::int64_t> noise(-1000, 1000);
  std::vector<std::int64_t> x;
  std::vector<std::int64_t> y;
  for (std::int64_t i = 0; i < 10'000; ++i) {
    x.push_back(i * 1000);
    y.push_back(2 * x.back() + 500 + noise(rng));
  }
  EXPECT_NEAR(least_squares_slope(x, y), 2.0, 1e-4);
}

TEST(LeastSquaresSlope, DegenerateInputsGiveZero) {
  const std::vector<std::int64_t> none;
  const std::vector<std::int64_t> one{5};
  EXPECT_EQ(least_squares_slope(none, none), 0.0);
  EXPECT_EQ(least_squares_slope(one, one), 0.0);
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  const std::vector<std::int64_t> same_x{big, big, big};
  const std::vector<std::int64_t> some_y{1, 2, 3};
  EXPECT_EQ(least_squares_slope(same_x, some_y), 0.0);
  EXPECT_THROW((void)least_squares_slope(one, some_y), std::invalid_argument);
}

}  // namespace
}  // namespace vtick::sim
