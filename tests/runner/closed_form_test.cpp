// The duty-cycle blackout with `discard` against the closed form of docs/emulation.md:
// N = floor((a+R)/T) - floor(a/T) period ends fall in each blackout, N - 1 ticks are lost
// per duty period P, and the guest clock drifts by -(N-1)T/P.
#include <gtest/gtest.h>

#include "tests/runner/run_helpers.hpp"

namespace vtick::testing {
namespace {

struct Blackout {
  sim::TimeNs phase, run, period;
  int hz;
};

class ClosedForm : public ::testing::TestWithParam<Blackout> {};

TEST_P(ClosedForm, DiscardLossAndDriftMatchTheFormula) {
  const Blackout b = GetParam();
  sim::Scenario s = shipped("duty-cycle-closed-form.yaml");
  s.load.at(0).phase_ns = b.phase;
  s.load.at(0).run_ns = b.run;
  s.load.at(0).period_ns = b.period;
  s.guest.hz = b.hz;
  const sim::TimeNs tick = s.tick_period_ns();
  ASSERT_NE(b.phase % tick, 0) << "the formula assumes blackouts do not start on a period end";

  const std::int64_t n = (b.phase + b.run) / tick - b.phase / tick;
  const std::int64_t blackouts = (s.run.duration_ns - b.phase - b.run) / b.period + 1;
  const double drift_ppm = -1e6 * static_cast<double>((n - 1) * tick) / static_cast<double>(b.period);

  const auto summary = run(s).summary;
  EXPECT_EQ(summary["ticks"]["lost"].get<std::int64_t>(), (n - 1) * blackouts);
  EXPECT_NEAR(summary["clock"]["drift_ppm"].get<double>(), drift_ppm, std::abs(drift_ppm) * 1e-3);
}

INSTANTIATE_TEST_SUITE_P(Blackouts, ClosedForm,
                         ::testing::Values(Blackout{1'000'000, 25'000'000, 100'000'000, 250},
                                           Blackout{2'500'000, 30'000'000, 80'000'000, 1000},
                                           Blackout{7'000'000, 45'000'000, 200'000'000, 100}));

}  // namespace
}  // namespace vtick::testing
