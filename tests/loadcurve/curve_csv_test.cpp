// curve.csv: the simulator's rows are the crosscheck metrics of each seed, and the same
// scenario gives the same bytes twice.
#include <gtest/gtest.h>

#include <algorithm>

#include "crosscheck/verdict.hpp"
#include "loadcurve/curve.hpp"
#include "sim/expectations.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::loadcurve {
namespace {

constexpr const char* kScenario = R"(name: curve-test
host: {cpus: 1}
load:
  - {name: hog, kind: cpu_hog, count: 2}
vmm: {lost_tick_policy: discard}
guest:
  hz: 100
  workloads:
    - {name: cyclic, kind: periodic_timer, period: 20ms}
run: {duration: 1s, sample_interval: 50ms, sampling: guest_timer}
)";

std::string simulated_csv(const sim::Scenario& s) {
  const auto prediction = crosscheck::predict(s, 3, {});
  const auto metrics = curve_metrics(s);
  std::vector<CurveRow> rows;
  // Given in reverse: curve_csv orders them itself.
  for (int i = static_cast<int>(prediction.runs.size()); i >= 1; --i) {
    rows.push_back(curve_row(2, Source::Sim, "", i, prediction.runs[static_cast<std::size_t>(i) - 1], metrics));
  }
  return curve_csv(rows, metrics);
}

TEST(CurveCsv, SimulatedRowsAreByteIdenticalRunToRun) {
  const sim::Scenario s = sim::parse_scenario(kScenario, "curve-test.yaml");
  const std::string first = simulated_csv(s);
  EXPECT_EQ(first, simulated_csv(s));
  EXPECT_EQ(first.substr(0, first.find('\n')),
            "hogs,source,engine,index,drift_ppm,final_offset_ns,offset_at_duration_ns,ticks_lost,cyclic.lateness_p50_ns,"
            "cyclic.lateness_p99_ns,duration_ns");
  EXPECT_EQ(std::count(first.begin(), first.end(), '\n'), 4);
  EXPECT_EQ(first.substr(first.find('\n') + 1, 9), "2,sim,,1,") << "seed 1 first";
}

TEST(CurveCsv, CellsAreTheCrosscheckMetrics) {
  const sim::Scenario s = sim::parse_scenario(kScenario, "curve-test.yaml");
  const auto prediction = crosscheck::predict(s, 1, {});
  const auto& m = prediction.runs[0];
  const CurveRow row = curve_row(2, Source::Sim, "", 1, m, curve_metrics(s));
  ASSERT_EQ(row.values.size(), 6u);
  EXPECT_EQ(*row.values[0], m.drift_ppm);
  EXPECT_EQ(*row.values[1], static_cast<double>(m.final_offset_ns));
  EXPECT_EQ(*row.values[3], static_cast<double>(*m.ticks_lost));
  EXPECT_EQ(*row.values[5], static_cast<double>(crosscheck::lateness_quantile(m.lateness[0].samples, 0.99)));
  EXPECT_EQ(row.duration_ns, m.host_ns.back());
}

// A real guest that lost time ran past run.duration of host time: its offset then is the
// last sample at or before it, not its final one. Samples made by hand.
TEST(CurveCsv, OffsetAtDurationIsTheLastSampleWithinRunDurationOfHostTime) {
  const sim::Scenario s = sim::parse_scenario(kScenario, "curve-test.yaml");  // run.duration 1 s
  crosscheck::RunMetrics m;
  m.host_ns = {500'000'000, 1'000'000'000, 1'300'000'000};
  m.offset_ns = {-10, -20, -40};
  m.final_offset_ns = -40;
  m.lateness.push_back({});
  const auto metrics = curve_metrics(s);
  ASSERT_EQ(metrics[2].name, "offset_at_duration_ns");
  EXPECT_EQ(metrics[2].of(m), -20.0);
  m.host_ns = {500'000'000, 999'999'999, 1'300'000'000};
  EXPECT_EQ(metrics[2].of(m), -20.0);
  m.host_ns = {1'500'000'000, 1'600'000'000, 1'700'000'000};
  EXPECT_FALSE(metrics[2].of(m));
}

TEST(CurveCsv, AnUncountedTickLossIsAnEmptyCellAndRealRowsComeFirst) {
  const std::vector<CurveMetric> metrics{{"drift_ppm", "ppm", {}}, {"ticks_lost", "ticks", {}}};
  const std::vector<CurveRow> rows{{1, Source::Sim, "", 1, {2.5, 3.0}, 10},
                                   {1, Source::Real, "linux", 1, {-1234.5678, std::nullopt}, 20},
                                   {0, Source::Sim, "", 1, {0.0, 0.0}, 10}};
  EXPECT_EQ(curve_csv(rows, metrics),
            "hogs,source,engine,index,drift_ppm,ticks_lost,duration_ns\n"
            "0,sim,,1,0,0,10\n"
            "1,real,linux,1,-1234.57,,20\n"
            "1,sim,,1,2.5,3,10\n");
}

}  // namespace
}  // namespace vtick::loadcurve
