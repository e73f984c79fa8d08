// vmm.timer_period_error_ppm: the emulated timer runs at 1/hz off by the guest's own
// calibration, a constant or each run's draw from a distribution. Counted by hand in ticks
// the device raised (ticks.expected: periods ended by the run's end).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/runner/run_helpers.hpp"

namespace vtick::testing {
namespace {

// 100 s at 100 Hz on an idle host: 10,000 periods of exactly 10 ms.
sim::Scenario idle(const std::string& period_error, std::uint64_t seed = 1) {
  sim::Scenario s = sim::parse_scenario("vmm: {timer_period_error_ppm: " + period_error +
                                            "}\nguest: {hz: 100, clocksource: jiffies}\nrun: {duration: 100s}\n",
                                        "t.yaml");
  s.run.seed = seed;
  return s;
}

std::int64_t expected_ticks(const sim::Scenario& s) { return run(s).summary["ticks"]["expected"].get<std::int64_t>(); }

TEST(TimerPeriodError, AConstantErrorStretchesEveryPeriod) {
  EXPECT_EQ(expected_ticks(idle("0")), 10'000);
  // -500 ppm: 9,995,000 ns periods; 100 s / 9.995 ms = 10,005.0025.
  EXPECT_EQ(expected_ticks(idle("-500")), 10'005);
  // +1000 ppm: 10,010,000 ns; 100 s / 10.01 ms = 9,990.0099.
  EXPECT_EQ(expected_ticks(idle("1000")), 9'990);
}

TEST(TimerPeriodError, EachRunDrawsItsOwnFromTheQuantiles) {
  // Between -1000 and +1000 ppm: 9,990 .. 10,010 periods; the seeds do not all agree, and a
  // seed always draws the same.
  std::set<std::int64_t> seen;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const std::int64_t ticks = expected_ticks(idle("{quantiles: [-1000, 1000]}", seed));
    EXPECT_GE(ticks, 9'990);
    EXPECT_LE(ticks, 10'010);
    EXPECT_EQ(ticks, expected_ticks(idle("{quantiles: [-1000, 1000]}", seed)));
    seen.insert(ticks);
  }
  EXPECT_GE(seen.size(), 3u);
}

TEST(TimerPeriodError, BadFiguresNameTheField) {
  const auto error_of = [](const std::string& value) {
    try {
      idle(value);
    } catch (const sim::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(error_of("60000").find("vmm.timer_period_error_ppm: must be within -50000..50000 ppm"), std::string::npos)
      << error_of("60000");
  EXPECT_NE(error_of("{quantiles: [5, -5]}").find("non-decreasing"), std::string::npos);
  EXPECT_NE(error_of("{quantiles: [5]}").find("at least 2 quantiles"), std::string::npos);
  EXPECT_NE(error_of("[1, 2]").find("expected a number of ppm (a constant) or {quantiles: [...]}"), std::string::npos)
      << error_of("[1, 2]");
}

}  // namespace
}  // namespace vtick::testing
