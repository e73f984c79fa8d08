#include "crosscheck/autocorrelation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "crosscheck/ks_test.hpp"
#include "sim/rng.hpp"

namespace vtick::crosscheck {
namespace {

/// x_t = phi x_{t-1} + e_t with standard normal e (Box-Muller), scaled to integers.
std::vector<std::int64_t> ar1(sim::RandomStream& rng, double phi, std::size_t n) {
  std::vector<std::int64_t> out;
  double x = 0;
  for (std::size_t t = 0; t < n + 100; ++t) {  // 100 steps of burn-in forget x_0 = 0
    const double e = std::sqrt(-2 * std::log1p(-rng.uniform())) * std::cos(2 * std::numbers::pi * rng.uniform());
    x = phi * x + e;
    if (t >= 100) out.push_back(std::llround(x * 1e6));
  }
  return out;
}

TEST(Autocorrelation, RecoversTheAr1Coefficient) {
  sim::RandomStream rng(1, "ar1");
  const auto x = ar1(rng, 0.9, 20000);
  EXPECT_NEAR(autocorrelation(x, 1), 0.9, 0.02);
  EXPECT_NEAR(autocorrelation(x, 5), std::pow(0.9, 5), 0.05);
  // 0.9^k < 0.1 from k = 22 on; the estimate is noisy near the threshold.
  EXPECT_GE(thinning_step(x), 18u);
  EXPECT_LE(thinning_step(x), 28u);
}

TEST(Autocorrelation, ConstantAndShortSeriesNeedNoThinning) {
  const std::vector<std::int64_t> flat(50, 7);
  EXPECT_DOUBLE_EQ(autocorrelation(flat, 1), 0);
  EXPECT_EQ(thinning_step(flat), 1u);
  EXPECT_EQ(thinning_step(std::vector<std::int64_t>{1, 2, 3}), 1u);
}

TEST(Autocorrelation, ThinKeepsEveryStepTh) {
  const std::vector<std::int64_t> x{0, 1, 2, 3, 4, 5, 6};
  EXPECT_EQ(thin(x, 3), (std::vector<std::int64_t>{0, 3, 6}));
  EXPECT_THROW((void)thin(x, 0), std::invalid_argument);
}

// The problem and the fix: pairs of independent AR(1) series with the same distribution.
// Raw, the KS test treats 2000 correlated values as 2000 independent ones and rejects the
// (true) null far more often than alpha; thinned, it rejects at about its nominal rate.
TEST(Autocorrelation, ThinningRestoresTheKsFalsePositiveRate) {
  constexpr int kPairs = 200;
  constexpr double kAlpha = 0.05;
  int raw_rejections = 0;
  int thinned_rejections = 0;
  for (int i = 0; i < kPairs; ++i) {
    sim::RandomStream rng(static_cast<std::uint64_t>(i) + 1, "ar1-pair");
    const auto a = ar1(rng, 0.9, 2000);
    const auto b = ar1(rng, 0.9, 2000);
    if (ks_test(a, b).p_value < kAlpha) ++raw_rejections;
    if (ks_test(thin(a, thinning_step(a)), thin(b, thinning_step(b))).p_value < kAlpha) ++thinned_rejections;
  }
  EXPECT_GT(raw_rejections, kPairs * 30 / 100) << "raw rejections " << raw_rejections;
  EXPECT_LE(thinned_rejections, kPairs * 10 / 100) << "thinned rejections " << thinned_rejections;
  RecordProperty("raw_rejections", std::to_string(raw_rejections));
  RecordProperty("thinned_rejections", std::to_string(thinned_rejections));
}

}  // namespace
}  // namespace vtick::crosscheck
