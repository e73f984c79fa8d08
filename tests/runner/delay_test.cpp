// `delay` never loses a tick: with enough CPU for the vCPU thread the guest keeps time;
// without it the backlog grows without bound (linearly in run length).
#include <gtest/gtest.h>

#include "tests/runner/run_helpers.hpp"

namespace vtick::testing {
namespace {

TEST(DelayPolicy, NoLongRunDriftWhenTheVmmShareSuffices) {
  const auto s = run(shipped("policies/delay.yaml")).summary;
  EXPECT_EQ(s["ticks"]["lost"].get<std::int64_t>(), 0);
  EXPECT_LT(std::abs(s["clock"]["drift_ppm"].get<double>()), 10.0);
  EXPECT_LE(s["ticks"]["backlog_final"].get<std::int64_t>(), 5);
  EXPECT_GT(s["ticks"]["reinjected"].get<std::int64_t>(), 1000) << "the load must actually delay ticks";
}

TEST(DelayPolicy, BacklogGrowsWithoutBoundWhenTheShareIsTooSmall) {
  sim::Scenario scenario = shipped("delay-starved.yaml");
  scenario.run.duration_ns = 20 * sim::kNsPerSec;
  const auto shorter = run(scenario).summary;
  scenario.run.duration_ns = 40 * sim::kNsPerSec;
  const auto longer = run(scenario).summary;
  const auto backlog_20s = shorter["ticks"]["backlog_final"].get<double>();
  const auto backlog_40s = longer["ticks"]["backlog_final"].get<double>();
  EXPECT_EQ(longer["ticks"]["lost"].get<std::int64_t>(), 0);
  EXPECT_GT(backlog_20s, 10000.0);
  EXPECT_NEAR(backlog_40s / backlog_20s, 2.0, 0.05) << "linear growth: the guest never catches up";
}

TEST(MergePolicy, LosesExactlyWhatDiscardLosesForATickCountingGuest) {
  const auto merge = run(shipped("policies/merge.yaml")).summary;
  const auto discard = run(shipped("policies/discard.yaml")).summary;
  EXPECT_EQ(merge["ticks"]["lost"], discard["ticks"]["lost"]);
  EXPECT_EQ(merge["clock"]["final_offset_ns"], discard["clock"]["final_offset_ns"]);
}

TEST(IdleHost, TickCountingGuestKeepsTime) {
  const auto s = run(shipped("idle-host.yaml")).summary;
  EXPECT_EQ(s["ticks"]["lost"].get<std::int64_t>(), 0);
  EXPECT_EQ(s["ticks"]["coalesced"].get<std::int64_t>(), 0);
  EXPECT_LT(std::abs(s["clock"]["drift_ppm"].get<double>()), 1.0);
  // Only the sawtooth: the guest clock is at most one tick behind.
  EXPECT_LE(s["clock"]["max_abs_offset_ns"].get<std::int64_t>(), 4'000'000);
}

}  // namespace
}  // namespace vtick::testing
