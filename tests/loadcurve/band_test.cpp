// The band and coverage arithmetic of summary.json, on synthetic values computed by hand.
#include <gtest/gtest.h>

#include "loadcurve/band.hpp"
#include "loadcurve/curve_summary.hpp"
#include "sim/sample_stats.hpp"

namespace vtick::loadcurve {
namespace {

/// 1..20 in a scrambled order: the band must not depend on the order.
std::vector<double> one_to_twenty() {
  std::vector<double> v;
  for (int i = 0; i < 20; ++i) v.push_back((i * 7) % 20 + 1);
  return v;
}

TEST(QuantileOf, IsNearestRankLikeSampleStats) {
  // 5 values: p 0.95 -> rank ceil(4.75) = 5; p 0.5 -> ceil(2.5) = 3; p 0.05 -> ceil(0.25) = 1.
  const std::vector<double> v{3.5, -1.25, 10, 2, 7};
  EXPECT_EQ(*sim::quantile_of(v, 0.95), 10);
  EXPECT_EQ(*sim::quantile_of(v, 0.5), 3.5);
  EXPECT_EQ(*sim::quantile_of(v, 0.05), -1.25);
  EXPECT_FALSE(sim::quantile_of({}, 0.5));
  EXPECT_THROW((void)sim::quantile_of(v, 0.0), std::invalid_argument);
  sim::SampleStats ints;
  for (int i = 1; i <= 10; ++i) ints.add(i);
  EXPECT_EQ(*ints.quantile(0.9), 9) << "p * n exactly 9 stays rank 9";
}

TEST(Band, TwentySeedsGiveTheFirstTenthAndNineteenthValue) {
  const Band b = predicted_band(one_to_twenty());
  EXPECT_EQ(b.low, 1);      // ceil(0.05 * 20) = 1
  EXPECT_EQ(b.median, 10);  // 0.5 * 20 = 10
  EXPECT_EQ(b.high, 19);    // 0.95 * 20 = 19
  EXPECT_EQ(b.width(), 18);
  EXPECT_TRUE(b.contains(1));
  EXPECT_TRUE(b.contains(19));
  EXPECT_FALSE(b.contains(19.5));
  EXPECT_THROW((void)predicted_band({}), std::invalid_argument);
}

TEST(Band, MeasuredRunsAgainstTheBand) {
  const Band b{1, 10, 19};
  const auto m = measured_against(b, {25, 5, 0, 19});
  EXPECT_EQ(m.runs, 4u);
  EXPECT_EQ(m.min, 0);
  EXPECT_EQ(m.max, 25);
  EXPECT_EQ(m.median, 5);  // rank 0.5 * 4 = 2 of {0, 5, 19, 25}
  EXPECT_DOUBLE_EQ(m.fraction_inside, 0.5);  // 5 and 19 (an edge counts)
  EXPECT_TRUE(m.median_inside_range);        // 0 <= 10 <= 25
  ASSERT_TRUE(m.width_over_spread);
  EXPECT_DOUBLE_EQ(*m.width_over_spread, 18.0 / 25.0);
}

TEST(Band, ARangeThatMissesTheMedianAndASingleRun) {
  const Band b{1, 10, 19};
  const auto above = measured_against(b, {12, 30});
  EXPECT_FALSE(above.median_inside_range);  // 10 < 12
  EXPECT_DOUBLE_EQ(above.fraction_inside, 0.5);
  EXPECT_DOUBLE_EQ(*above.width_over_spread, 1.0);  // 18 / (30 - 12)
  const auto one = measured_against(b, {10});
  EXPECT_TRUE(one.median_inside_range);
  EXPECT_FALSE(one.width_over_spread) << "no spread to compare with";
  EXPECT_THROW((void)measured_against(b, {}), std::invalid_argument);
}

TEST(CurvePoints, PerEngineHogCountAndMetric) {
  const std::vector<CurveMetric> metrics{{"drift_ppm", "ppm", {}}};
  std::vector<CurveRow> rows;
  for (double v : one_to_twenty()) rows.push_back({2, Source::Sim, "", static_cast<int>(v), {v}, 0});
  rows.push_back({2, Source::Real, "qemu", 1, {0.0}, 0});
  rows.push_back({2, Source::Real, "qemu", 2, {5.0}, 0});
  rows.push_back({2, Source::Real, "kvm", 1, {100.0}, 0});
  const auto curves = curve_points(rows, metrics, {"qemu", "linux"}, {2});
  ASSERT_EQ(curves.size(), 2u);
  const auto& q = curves[0]["points"][0]["metrics"]["drift_ppm"];
  EXPECT_EQ(curves[0]["engine"], "qemu");
  EXPECT_EQ(q["predicted_median"], 10.0);
  EXPECT_EQ(q["predicted_p05"], 1.0);
  EXPECT_EQ(q["predicted_p95"], 19.0);
  EXPECT_EQ(q["band_width"], 18.0);
  EXPECT_EQ(q["measured_runs"], 2);
  EXPECT_EQ(q["measured_median"], 0.0);
  EXPECT_EQ(q["fraction_inside_band"], 0.5);
  EXPECT_EQ(q["predicted_median_inside_measured_range"], false);
  EXPECT_EQ(q["band_width_over_measured_spread"], 18.0 / 5.0);
  const auto& l = curves[1]["points"][0]["metrics"]["drift_ppm"];
  EXPECT_EQ(l["measured_runs"], 0) << "no linux runs; the kvm row belongs to kvm";
  EXPECT_TRUE(l["measured_min"].is_null());
  EXPECT_EQ(l["predicted_median"], 10.0);
  EXPECT_EQ(band_csv(rows, metrics, {2}), "hogs,drift_ppm_p05,drift_ppm_median,drift_ppm_p95\n2,1,10,19\n");
}

}  // namespace
}  // namespace vtick::loadcurve
