// Nearest-rank order statistics: observed values only, exact at 5 % steps, non-decreasing.
#include <gtest/gtest.h>

#include <stdexcept>

#include "calibration/quantiles.hpp"

namespace vtick::calibration {
namespace {

std::vector<std::int64_t> one_to(std::int64_t n) {
  std::vector<std::int64_t> v;
  for (std::int64_t i = n; i >= 1; --i) v.push_back(i);  // unsorted on purpose
  return v;
}

TEST(Quantiles, SummaryOfOneToHundredIsNearestRank) {
  const Summary s = summarize(one_to(100));
  EXPECT_EQ(s.samples, 100u);
  EXPECT_EQ(s.min, 1);
  EXPECT_EQ(s.p50, 50);
  EXPECT_EQ(s.p90, 90);
  EXPECT_EQ(s.p99, 99);
  EXPECT_EQ(s.max, 100);
}

TEST(Quantiles, SmallSamplesRoundTheRankUp) {
  // n = 3: p50 is the 2nd value (ceil 1.5), p90 and p99 the 3rd.
  const Summary s = summarize({30, 10, 20});
  EXPECT_EQ(s.p50, 20);
  EXPECT_EQ(s.p90, 30);
  EXPECT_EQ(s.p99, 30);
  const Summary one = summarize({7});
  EXPECT_EQ(one.min, 7);
  EXPECT_EQ(one.p50, 7);
  EXPECT_EQ(one.max, 7);
}

TEST(Quantiles, TwentyOneEvenlySpacedAreEveryFivePercent) {
  const auto q = evenly_spaced_quantiles(one_to(100), 21);
  ASSERT_EQ(q.size(), 21u);
  EXPECT_EQ(q.front(), 1);    // p0 = min
  EXPECT_EQ(q[1], 5);         // p5: ceil(0.05 x 100) = 5, exact in integers
  EXPECT_EQ(q[10], 50);
  EXPECT_EQ(q[19], 95);
  EXPECT_EQ(q.back(), 100);   // p100 = max
}

TEST(Quantiles, EvenlySpacedAreNonDecreasingAndObserved) {
  const std::vector<std::int64_t> samples{5, 900, 17, 17, 3, 42, 8, 8, 8, 1000, 61};
  const auto q = evenly_spaced_quantiles(samples, 21);
  for (std::size_t i = 1; i < q.size(); ++i) EXPECT_LE(q[i - 1], q[i]) << i;
  for (std::int64_t v : q) EXPECT_NE(std::find(samples.begin(), samples.end(), v), samples.end()) << v;
}

TEST(Quantiles, TwoQuantilesAreMinAndMax) {
  EXPECT_EQ(evenly_spaced_quantiles({4, 2, 9}, 2), (std::vector<std::int64_t>{2, 9}));
}

TEST(Quantiles, MeanOfSamplesAndOfTheInterpolatedDistribution) {
  EXPECT_EQ(summarize(one_to(100)).mean, 50);  // 50.5 rounded toward zero
  // Uniform on [0, 100]: its quantiles' interpolation has the same mean.
  EXPECT_EQ(interpolated_mean({0, 25, 50, 75, 100}), 50);
  // One far sample as the top quantile weighs its whole band: (1+1)/2/2 + (1+401)/2/2 = 101.
  EXPECT_EQ(interpolated_mean({1, 1, 401}), 101);
  EXPECT_THROW(interpolated_mean({1}), std::invalid_argument);
}

TEST(Quantiles, RejectsNoSamplesAndTooFewQuantiles) {
  EXPECT_THROW(summarize({}), std::invalid_argument);
  EXPECT_THROW(evenly_spaced_quantiles({}, 21), std::invalid_argument);
  EXPECT_THROW(evenly_spaced_quantiles({1}, 1), std::invalid_argument);
}

}  // namespace
}  // namespace vtick::calibration
