#include "crosscheck/ks_test.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace vtick::crosscheck {
namespace {

using Sample = std::vector<std::int64_t>;

// Critical values of the Kolmogorov distribution (tables of Smirnov 1948, reproduced in
// every statistics handbook): Q_KS(1.3581) = 0.05, Q_KS(1.6276) = 0.01, Q_KS(1.2238) = 0.10,
// its median 0.8276, and Q_KS(0.5) = 1 - 0.036055.
TEST(KolmogorovQ, MatchesTabulatedValues) {
  EXPECT_NEAR(kolmogorov_q(1.3581), 0.05, 1e-4);
  EXPECT_NEAR(kolmogorov_q(1.6276), 0.01, 1e-4);
  EXPECT_NEAR(kolmogorov_q(1.2238), 0.10, 1e-4);
  EXPECT_NEAR(kolmogorov_q(0.8276), 0.50, 1e-4);
  EXPECT_NEAR(kolmogorov_q(0.5), 0.963945, 1e-5);
}

TEST(KolmogorovQ, BothSeriesAgreeWhereTheyMeet) {
  // 1.18 is where kolmogorov_q switches series; both are exact there, so no jump.
  EXPECT_NEAR(kolmogorov_q(1.18 - 1e-9), kolmogorov_q(1.18 + 1e-9), 1e-8);
  EXPECT_DOUBLE_EQ(kolmogorov_q(0), 1);
  EXPECT_LT(kolmogorov_q(5), 1e-20);
}

TEST(KsStatistic, IdenticalSamplesGiveZeroAndPOne) {
  const Sample a{5, 1, 3, 3, 9, 2};
  const auto r = ks_test(a, a);
  EXPECT_DOUBLE_EQ(r.statistic, 0);
  EXPECT_DOUBLE_EQ(r.p_value, 1);
}

TEST(KsStatistic, DisjointSamplesGiveOneAndTinyP) {
  Sample a, b;
  for (int i = 0; i < 200; ++i) {
    a.push_back(i);
    b.push_back(1000 + i);
  }
  const auto r = ks_test(a, b);
  EXPECT_DOUBLE_EQ(r.statistic, 1);
  EXPECT_LT(r.p_value, 1e-30);
}

TEST(KsStatistic, TiesAreComparedAfterEveryCopyOfAValue) {
  // Same values, same proportions: D = 0. A pairwise walk that compares between two tied
  // copies would report 1/2 here.
  EXPECT_DOUBLE_EQ(ks_statistic(Sample{1, 1, 2, 2}, Sample{1, 2}), 0);
  // F_a(1) = 3/4, F_b(1) = 1/4: D = 1/2, at the tied value itself.
  EXPECT_DOUBLE_EQ(ks_statistic(Sample{1, 1, 1, 2}, Sample{1, 2, 2, 2}), 0.5);
}

TEST(KsStatistic, HandComputedCase) {
  // a = {1,2,3,4,5}, b = {3,4,5,6,7,8}: at x = 2, F_a = 2/5 and F_b = 0; at x = 5,
  // F_a = 1 and F_b = 1/2, the largest gap.
  EXPECT_DOUBLE_EQ(ks_statistic(Sample{1, 2, 3, 4, 5}, Sample{3, 4, 5, 6, 7, 8}), 0.5);
}

TEST(KsExact, CountsOrderingsByHand) {
  // {1,2,3} vs {4,5,6}: D = 1 for exactly 2 of the C(6,3) = 20 equally likely orderings
  // (all of a first, or all of b first), so p = 0.1.
  const auto r = ks_test_exact(Sample{1, 2, 3}, Sample{4, 5, 6});
  EXPECT_DOUBLE_EQ(r.statistic, 1);
  EXPECT_NEAR(r.p_value, 0.1, 1e-12);
  // Interleaved {1,3,5} vs {2,4,6}: D = 1/3, reached by every ordering, p = 1.
  EXPECT_NEAR(ks_test_exact(Sample{1, 3, 5}, Sample{2, 4, 6}).p_value, 1, 1e-12);
}

TEST(KsExact, ApproachesTheAsymptoticPValue) {
  // n = m = 100 without ties (even against odd values), b shifted up by 41: D = 0.21 just
  // below b's first value. The corrected asymptotic p-value and the exact one agree to
  // about 10% at this size.
  Sample a, b;
  for (int i = 0; i < 100; ++i) {
    a.push_back(2 * i);
    b.push_back(2 * i + 41);
  }
  const auto exact = ks_test_exact(a, b);
  const auto asymptotic = ks_test(a, b);
  EXPECT_NEAR(exact.statistic, 0.21, 1e-12);
  EXPECT_GT(exact.p_value, 0.01);
  EXPECT_LT(exact.p_value, 0.1);
  EXPECT_NEAR(asymptotic.p_value / exact.p_value, 1, 0.15);
}

TEST(KsExact, RefusesSamplesTooLargeToCount) {
  const Sample big(201, 1);
  EXPECT_THROW((void)ks_test_exact(big, big), std::invalid_argument);
}

TEST(KsStatistic, EmptySampleIsAnError) {
  EXPECT_THROW((void)ks_test(Sample{}, Sample{1}), std::invalid_argument);
}

}  // namespace
}  // namespace vtick::crosscheck
