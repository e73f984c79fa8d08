// The rule for several runs (crosscheck/runs_verdict.hpp) on synthetic predicted and measured
// sets whose bands, statistics and p-values are worked out by hand in the comments.
#include "crosscheck/runs_verdict.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace vtick::crosscheck {
namespace {

/// Predicted values 1, 2, ..., 20 (N = 20 seeds).
std::vector<double> one_to_twenty() {
  std::vector<double> v;
  for (int i = 1; i <= 20; ++i) v.push_back(i);
  return v;
}

struct Fixture {
  Tolerance tolerance{3, 0, 0};
  ScalarMetric metric{"drift_ppm", "ppm", &tolerance, {}};
};

TEST(BandRank, BonferroniOverRunsOnTheSeedsRanks) {
  // k = floor(alpha (N + 1) / (2 n)), at least 1.
  EXPECT_EQ(band_rank(20, 2, 0.1), 1u);   // 0.1 * 21 / 4 = 0.525 -> 0 -> at least 1
  EXPECT_EQ(band_rank(20, 2, 0.2), 1u);   // 1.05
  EXPECT_EQ(band_rank(20, 2, 0.4), 2u);   // 2.1
  EXPECT_EQ(band_rank(799, 2, 0.01), 2u); // 0.01 * 800 / 4 = 2
  EXPECT_EQ(band_rank(20, 1, 0.99), 10u) << "never past the median";
  // The fewest seeds with 2 n / (N + 1) <= alpha.
  EXPECT_EQ(seeds_for_band(1, 0.05), 39);   // 2 / 40 = 0.05
  EXPECT_EQ(seeds_for_band(2, 0.01), 399);  // 4 / 400
  EXPECT_EQ(seeds_for_band(4, 0.01), 799);
  EXPECT_EQ(band_rank(static_cast<std::size_t>(seeds_for_band(3, 0.01)), 3, 0.01), 1u);
}

TEST(RunsBand, EveryRunMustLieInsideTheWidestBandItsLevelAllows) {
  Fixture f;
  // n = 2, alpha 0.1: k = 1, band [X_(1), X_(20)] = [1, 20]; per-run level 2/21, family 4/21.
  auto v = judge_runs_metric(f.metric, {5, 21}, one_to_twenty(), 0.1);
  EXPECT_EQ(v.rule, RunsRule::Band);
  EXPECT_EQ(v.rank, 1u);
  EXPECT_DOUBLE_EQ(v.band_lo, 1);
  EXPECT_DOUBLE_EQ(v.band_hi, 20);
  EXPECT_NEAR(v.per_run_level, 2.0 / 21, 1e-12);
  EXPECT_NEAR(v.family_level, 4.0 / 21, 1e-12);
  EXPECT_FALSE(v.conforms);
  EXPECT_EQ(v.outside, std::vector<std::size_t>{1}) << "the second run, 21 > 20";
  EXPECT_TRUE(judge_runs_metric(f.metric, {1, 20}, one_to_twenty(), 0.1).conforms) << "the band is closed";

  // alpha 0.4: k = 2, band [X_(2), X_(19)] = [2, 19]; 1 is now outside.
  v = judge_runs_metric(f.metric, {1, 19}, one_to_twenty(), 0.4);
  EXPECT_DOUBLE_EQ(v.q_lo, 2);
  EXPECT_DOUBLE_EQ(v.q_hi, 19);
  EXPECT_EQ(v.outside, std::vector<std::size_t>{0});
}

TEST(RunsBand, TheFloorWidensTheBand) {
  Fixture f;
  // Nearest-rank median of 1..20: the 10th value, 10. floor = max(abs 1.5, rel 0.1 x 10) = 1.5.
  f.tolerance = {3, 1.5, 0.1};
  auto v = judge_runs_metric(f.metric, {0.5, 21.5}, one_to_twenty(), 0.1);
  EXPECT_DOUBLE_EQ(v.predicted_median, 10);
  EXPECT_DOUBLE_EQ(v.floor, 1.5);
  EXPECT_DOUBLE_EQ(v.band_lo, -0.5);
  EXPECT_DOUBLE_EQ(v.band_hi, 21.5);
  EXPECT_TRUE(v.conforms);
  // rel 0.2 x 10 = 2 > 1.5: band [-1, 22].
  f.tolerance = {3, 1.5, 0.2};
  v = judge_runs_metric(f.metric, {-1.5, 21.5}, one_to_twenty(), 0.1);
  EXPECT_DOUBLE_EQ(v.floor, 2);
  EXPECT_EQ(v.outside, std::vector<std::size_t>{0});
}

TEST(RunsKs, FiveRunsAllAboveEverySeedDiverge) {
  Fixture f;
  // D = 1; only the two orderings with all five runs above (or below) all twenty seeds reach
  // it, of C(25, 5) = 53130 equally likely ones: p = 2 / 53130 = 3.764e-5.
  const auto v = judge_runs_metric(f.metric, {21, 22, 23, 24, 25}, one_to_twenty(), 0.01);
  EXPECT_EQ(v.rule, RunsRule::KsOverRuns);
  ASSERT_TRUE(v.ks.has_value());
  EXPECT_DOUBLE_EQ(v.ks->statistic, 1.0);
  EXPECT_NEAR(v.ks->p_value, 2.0 / 53130, 1e-9);
  EXPECT_FALSE(v.conforms);
  EXPECT_EQ(v.outside.size(), 5u);
}

TEST(RunsKs, FiveRunsAmongTheSeedsConform) {
  Fixture f;
  // ECDF differences F_runs - F_seeds at 2.5: 0.2 - 0.10; at 7: 0.2 - 0.35; at 12.5: 0.8 - 0.6;
  // at 17.5: 1.0 - 0.85; the largest |.| is 0.2 (at 12.5).
  const auto v = judge_runs_metric(f.metric, {2.5, 7.5, 10.5, 12.5, 17.5}, one_to_twenty(), 0.01);
  ASSERT_TRUE(v.ks.has_value());
  EXPECT_NEAR(v.ks->statistic, 0.2, 1e-12);
  EXPECT_TRUE(v.conforms) << "p " << v.ks->p_value;
  EXPECT_TRUE(v.outside.empty());
}

TEST(RunsKs, DifferencesWithinTheFloorAreTies) {
  Fixture f;
  f.tolerance = {3, 20, 0};
  const std::vector<double> deterministic(20, 100.0);
  // Grid of width 2 x 20 centred on 100: (x - 100) / 40 = +-0.125, +-0.25, 0 all round to 0.
  auto v = judge_runs_metric(f.metric, {105, 95, 110, 90, 100}, deterministic, 0.01);
  EXPECT_DOUBLE_EQ(v.ks->statistic, 0);
  EXPECT_TRUE(v.conforms);
  // 130..150: (x - 100) / 40 = 0.75 .. 1.25, all round to 1: D = 1, p = 2 / 53130.
  v = judge_runs_metric(f.metric, {130, 135, 140, 145, 150}, deterministic, 0.01);
  EXPECT_DOUBLE_EQ(v.ks->statistic, 1);
  EXPECT_FALSE(v.conforms);
  EXPECT_EQ(v.outside.size(), 5u) << "band [80, 120]";
  // Without the floor the same small differences are real: D = 0.4 (0.4 of the runs below 100).
  f.tolerance = {3, 0, 0};
  v = judge_runs_metric(f.metric, {105, 95, 110, 90, 100}, deterministic, 0.01);
  EXPECT_NEAR(v.ks->statistic, 0.4, 1e-12);
}

TEST(BeyondSeeds, ExactChanceOfRunsBeyondEverySeed) {
  // N = 20, n = 5: C(25, 5) = 53130 arrangements. None beyond: all five among the 18 inner
  // seeds' gaps, C(18 + 5, 5) = 33649. All five beyond: a + b = 5 in 6 ways, 1 arrangement each.
  // Four: a + b = 4 in 5 ways with one run inside, C(19, 1) = 19 each: 95, plus the 6 above.
  EXPECT_DOUBLE_EQ(beyond_seeds_p_value(20, 5, 0), 1.0);
  EXPECT_NEAR(beyond_seeds_p_value(20, 5, 1), 1 - 33649.0 / 53130, 1e-12);
  EXPECT_NEAR(beyond_seeds_p_value(20, 5, 4), 101.0 / 53130, 1e-12);
  EXPECT_NEAR(beyond_seeds_p_value(20, 5, 5), 6.0 / 53130, 1e-12);
  // One run lands beyond every seed with probability 2 / (N + 1).
  EXPECT_NEAR(beyond_seeds_p_value(20, 1, 1), 2.0 / 21, 1e-12);
  EXPECT_NEAR(beyond_seeds_p_value(399, 1, 1), 2.0 / 400, 1e-12);
  EXPECT_THROW((void)beyond_seeds_p_value(1, 5, 1), std::invalid_argument);
  // N = 100, n = 5, two beyond: 1 - P(0) - P(1) = 1 - 9900/10920 - 2 C(102, 4) / C(105, 5) = 0.00539;
  // at N = 105 it first drops below 0.005.
  EXPECT_NEAR(beyond_seeds_p_value(100, 5, 2), 1 - 9900.0 / 10920 - 2 * 4249575.0 / 96560646, 1e-9);
  EXPECT_EQ(seeds_for_tails(5, 0.01), 105);
  EXPECT_LT(beyond_seeds_p_value(105, 5, 2), 0.005);
  EXPECT_GE(beyond_seeds_p_value(104, 5, 2), 0.005);
}

/// Seeds 1, 2, ..., N.
std::vector<double> one_to(int n) {
  std::vector<double> v;
  for (int i = 1; i <= n; ++i) v.push_back(i);
  return v;
}

TEST(RunsKs, TwoOfFiveRunsFarBeyondEverySeedDiverge) {
  Fixture f;
  // Against 105 seeds 1..105, three runs spread over the seeds and two a thousand times beyond
  // the largest: KS sees D = 0.4 (ECDFs 0.6 and 1.0 from 105 to 1e5; below 40 only 39/105),
  // far from rejecting at 0.005; the count of runs beyond every seed, 2, has p < 0.005.
  const auto v = judge_runs_metric(f.metric, {40, 53, 66, 1e5, 2e5}, one_to(105), 0.01);
  ASSERT_TRUE(v.ks.has_value());
  EXPECT_NEAR(v.ks->statistic, 0.4, 1e-12);
  EXPECT_GT(v.ks->p_value, 0.005);
  EXPECT_EQ(v.beyond_seeds, 2u);
  EXPECT_LT(*v.beyond_seeds_p, 0.005);
  EXPECT_FALSE(v.conforms);
  // The same three runs with the other two among the largest seeds conform (D = 39/105).
  const auto inside = judge_runs_metric(f.metric, {40, 53, 66, 100, 101}, one_to(105), 0.01);
  EXPECT_EQ(inside.beyond_seeds, 0u);
  EXPECT_TRUE(inside.conforms) << "KS p " << inside.ks->p_value;
}

TEST(RunsVerdict, NeedsTwoRunsOnEachSide) {
  Fixture f;
  EXPECT_THROW((void)judge_runs_metric(f.metric, {1}, one_to_twenty(), 0.01), std::invalid_argument);
  EXPECT_THROW((void)judge_runs_metric(f.metric, {1, 2}, {3}, 0.01), std::invalid_argument);
}

TEST(RunsVerdict, RunsOfDifferentCasesAreRefusedNamingTheRunAndField) {
  RunMetrics kvm;
  kvm.identity = {{"scenario", "\"s\""}, {"realvm.engine", "\"kvm\""}};
  RunMetrics qemu = kvm;
  qemu.identity[1].second = "\"qemu-tcg\"";
  try {
    require_one_case({kvm, kvm, qemu}, {"a", "b", "c"});
    FAIL() << "no error";
  } catch (const TraceError& e) {
    EXPECT_STREQ(e.what(), "c/summary.json: not a run of the same case as a: realvm.engine is \"qemu-tcg\" here, "
                           "\"kvm\" in the first trace");
  }
  EXPECT_NO_THROW(require_one_case({kvm, kvm}, {"a", "b"}));
}

}  // namespace
}  // namespace vtick::crosscheck
