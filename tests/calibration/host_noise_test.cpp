// Host noise in `vtick calibrate`: gaps extracted from synthetic clock-read series (every
// expected figure computed by hand in the comments), the threshold rule, /proc/interrupts
// parsing, and host.noise's and host.stalls' round trip through a profile into a scenario.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "calibration/host_noise.hpp"
#include "calibration/host_profile.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::calibration {
namespace {

// Reads 30 ns apart, but for the deltas in `special` (index -> delta).
GapDetector series(std::size_t deltas, const std::vector<std::pair<std::size_t, std::int64_t>>& special) {
  GapDetector d(100);
  std::int64_t t = 1'000'000;  // any origin: `at` counts from the first read
  d.read(t);
  for (std::size_t i = 0; i < deltas; ++i) {
    std::int64_t step = 30;
    for (const auto& [index, delta] : special) {
      if (index == i) step = delta;
    }
    t += step;
    d.read(t);
  }
  return d;
}

// 1000 deltas: 997 of 30 ns, one of 400 ns (index 700), 5 us (index 100), 12 us (index 500).
const std::vector<std::pair<std::size_t, std::int64_t>> kSpecial{{100, 5000}, {500, 12'000}, {700, 400}};

TEST(HostNoiseGaps, ExtractedFromASyntheticSeries) {
  const GapDetector d = series(1000, kSpecial);
  EXPECT_EQ(d.reads(), 1001u);
  EXPECT_EQ(d.span_ns(), 997 * 30 + 400 + 5000 + 12'000);  // 47310
  // p99 of the deltas: rank ceil(0.99 x 1000) = 990 of the sorted deltas: 30 ns. 20 x 30 < 1 us.
  EXPECT_EQ(delta_quantile(d, 99, 100), 30);
  EXPECT_EQ(choose_threshold(d), 1000);
  const GapFigures f = gap_figures(d, 1000);
  EXPECT_EQ(f.lengths_ns, (std::vector<std::int64_t>{5000, 12'000}));
  EXPECT_EQ(f.lost_ns, 17'000);
  EXPECT_EQ(f.short_delays, 1u);  // the 400 ns delta: above the recording floor, below the threshold
  EXPECT_EQ(f.short_delays_ns, 400);
  // 2 gaps in the time between them: 47310 - 17000 = 30310 ns.
  EXPECT_DOUBLE_EQ(f.rate_per_s(), 2e9 / 30'310);
  // Where they happened: after 100 reads (100 x 30), and after 499 x 30 + 5000.
  const auto candidates = d.candidates();
  ASSERT_EQ(candidates.size(), 3u);
  EXPECT_EQ(candidates[0].at_ns, 3000);
  EXPECT_EQ(candidates[1].at_ns, 499 * 30 + 5000);
}

// The long spin for stalls records deltas above a higher floor only: the 400 ns and 5 us
// deltas are not candidates, the 12 us one is, and 1000 candidates fit in a capacity of one.
TEST(HostNoiseGaps, AHigherRecordFloorKeepsOnlyTheLongDeltas) {
  GapDetector d(1, 10'000);
  std::int64_t t = 0;
  d.read(t);
  for (std::int64_t delta : {30, 400, 5000, 30, 12'000, 30}) d.read(t += delta);
  ASSERT_EQ(d.candidates().size(), 1u);
  EXPECT_EQ(d.candidates()[0].length_ns, 12'000);
  EXPECT_FALSE(d.overflowed());
  EXPECT_EQ(gap_figures(d, 1000).lengths_ns, (std::vector<std::int64_t>{12'000}));
}

TEST(HostNoiseGaps, AThresholdAboveAGapLeavesItOut) {
  const GapFigures f = gap_figures(series(1000, kSpecial), 6000);
  EXPECT_EQ(f.lengths_ns, (std::vector<std::int64_t>{12'000}));
  EXPECT_EQ(f.short_delays, 2u);
  EXPECT_EQ(f.short_delays_ns, 5400);
}

TEST(HostNoiseGaps, InHostSwitchesAndUnobservedTimeAreLeftOut) {
  GapDetector d(10);
  d.read(0);
  d.read(30);
  ASSERT_TRUE(d.read(8030));  // an 8 us gap ...
  d.mark_switched();          // ... during which this host ran another task
  d.resume(9030);             // 1 us spent classifying it: not observed
  d.read(9060);
  ASSERT_TRUE(d.read(11'060));  // a 2 us gap of the host below
  d.read(11'090);
  EXPECT_EQ(d.unobserved_ns(), 1000);
  const GapFigures f = gap_figures(d, 1000);
  EXPECT_EQ(f.observed_ns, 11'090 - 1000);
  EXPECT_EQ(f.switched, 1u);
  EXPECT_EQ(f.switched_ns, 8000);
  EXPECT_EQ(f.switched_lengths_ns, (std::vector<std::int64_t>{8000}));  // host.background's runs
  EXPECT_EQ(f.lengths_ns, (std::vector<std::int64_t>{2000}));
  // Between gaps: 10090 - 8000 - 2000 = 90 ns, one gap in it.
  EXPECT_DOUBLE_EQ(f.rate_per_s(), 1e9 / 90);
  // It ran 10090 - 8000 = 2090 ns in this host's view, 2000 of them in the gap.
  EXPECT_DOUBLE_EQ(f.lost_share(), 2000.0 / 2090);
}

TEST(HostNoiseGaps, ThresholdFollowsSlowReads) {
  // 1000 deltas, the last 20 of 100 ns: p99 (rank 990) is 100 ns, so the threshold is 2 us.
  std::vector<std::pair<std::size_t, std::int64_t>> slow;
  for (std::size_t i = 980; i < 1000; ++i) slow.emplace_back(i, 100);
  const GapDetector d = series(1000, slow);
  EXPECT_EQ(delta_quantile(d, 99, 100), 100);
  EXPECT_EQ(choose_threshold(d), 2000);
}

TEST(HostNoiseGaps, QuantilesBeyondTheHistogramComeFromTheCandidates) {
  // 10 deltas: 8 of 30 ns, 5 us, 12 us. p90 (rank 9) is 5 us, p100 (rank 10) 12 us.
  const GapDetector d = series(10, {{2, 5000}, {6, 12'000}});
  EXPECT_EQ(delta_quantile(d, 90, 100), 5000);
  EXPECT_EQ(delta_quantile(d, 1, 1), 12'000);
  EXPECT_EQ(delta_quantile(d, 80, 100), 30);
}

TEST(HostNoiseGaps, AFullCandidateListSaysSo) {
  GapDetector d(1);
  d.read(0);
  EXPECT_TRUE(d.read(2000));
  EXPECT_FALSE(d.read(4000));
  EXPECT_TRUE(d.overflowed());
  EXPECT_EQ(d.candidates().size(), 1u);
}

TEST(HostNoiseInterrupts, SumsOneCpusColumn) {
  const char* text =
      "           CPU0       CPU1       \n"
      "  1:          9          0  IO-APIC   1-edge      i8042\n"
      " 24:          1          4  IO-APIC   5-edge      ACPI:Ged\n"
      "LOC:      79629      79608   Local timer interrupts\n"
      "RES:      12517       6926   Rescheduling interrupts\n"
      "ERR:          0\n"
      "MIS:          0\n";
  const CpuInterrupts one = interrupts_on_cpu(text, 1);
  EXPECT_EQ(one.total, 0u + 4 + 79'608 + 6926);
  EXPECT_EQ(one.local_timer, 79'608u);
  EXPECT_EQ(interrupts_on_cpu(text, 0).total, 9u + 1 + 79'629 + 12'517);
  EXPECT_THROW((void)interrupts_on_cpu(text, 2), std::invalid_argument);
}

TEST(HostNoiseProfile, RoundTripsIntoAScenario) {
  HostProfile p;
  p.noise = NoiseProfileValue{2563.4, {1100, 1500, 4000, 25'000, 91'234}, "a test"};
  p.stalls = NoiseProfileValue{0.125, {1'100'000, 6'800'000, 16'800'000}, "stalls"};
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "host-noise-profile";
  std::filesystem::create_directories(dir);
  write_profile(p, (dir / "profile.yaml").string());
  std::ofstream(dir / "scenario.yaml") << "host_profile: profile.yaml\nhost: {cpus: 2}\nrun: {duration: 1s}\n";
  const sim::Scenario s = sim::load_scenario_file((dir / "scenario.yaml").string());
  EXPECT_EQ(s.host.noise.rate_per_s, 2563.4);
  EXPECT_EQ(s.host.noise.length_quantiles, (std::vector<sim::TimeNs>{1100, 1500, 4000, 25'000, 91'234}));
  EXPECT_EQ(s.host.stalls.rate_per_s, 0.125);
  EXPECT_EQ(s.host.stalls.length_quantiles, (std::vector<sim::TimeNs>{1'100'000, 6'800'000, 16'800'000}));
}

TEST(HostNoiseProfile, WithoutNoiseTheHostSectionHasNone) {
  HostProfile p;
  p.hrtimer_slack = ProfileValue{50'000, ""};
  EXPECT_EQ(profile_yaml(p).find("noise"), std::string::npos);
  EXPECT_EQ(profile_yaml(p).find("stalls"), std::string::npos);
}

}  // namespace
}  // namespace vtick::calibration
