// The host measurements on this machine, small: wake-up lateness is positive and its
// quantiles non-decreasing; a context switch lies between 100 ns and 1 ms (anything else is
// a broken measurement, not a slow host). About 2 s; serial, as it measures time.
#include <gtest/gtest.h>

#include "calibration/context_switch.hpp"
#include "calibration/measuring_cpu.hpp"
#include "calibration/quantiles.hpp"
#include "calibration/timer_wakeup.hpp"

namespace vtick::calibration {
namespace {

TEST(HostMeasurement, TimerfdWakeupsArePositiveAndQuantilesNonDecreasing) {
  PinnedTo pinned(measuring_cpu());
  const WakeupRun run = measure_wakeup(WakeupPlan{Sleeper::timerfd, 1, 2'000'000, 100});
  ASSERT_EQ(run.lateness_ns.size(), 100u);
  EXPECT_EQ(run.slack_ns, 1);
  for (std::int64_t late : run.lateness_ns) EXPECT_GT(late, 0);
  const auto q = evenly_spaced_quantiles(run.lateness_ns, 21);
  EXPECT_GT(q.front(), 0);
  for (std::size_t i = 1; i < q.size(); ++i) EXPECT_LE(q[i - 1], q[i]);
}

TEST(HostMeasurement, NanosleepKeepsTheInheritedSlackUnlessTold) {
  PinnedTo pinned(measuring_cpu());
  const WakeupRun set = measure_wakeup(WakeupPlan{Sleeper::nanosleep, 1000, 2'000'000, 20});
  EXPECT_EQ(set.slack_ns, 1000);
  const WakeupRun inherited = measure_wakeup(WakeupPlan{Sleeper::nanosleep, std::nullopt, 2'000'000, 20});
  EXPECT_GT(inherited.slack_ns, 0);
  for (std::int64_t late : inherited.lateness_ns) EXPECT_GT(late, 0);
}

TEST(HostMeasurement, ContextSwitchIsBetween100nsAnd1ms) {
  const ContextSwitchRun run = measure_context_switch(measuring_cpu(), ContextSwitchPlan{4, 500});
  ASSERT_EQ(run.per_switch_ns.size(), 3u);  // the first batch is a warm-up
  const Summary s = summarize(run.per_switch_ns);
  EXPECT_GT(s.p50, 100);
  EXPECT_LT(s.p50, 1'000'000);
  EXPECT_GT(summarize(run.raw_ns).p50, s.p50);  // the pipe's own work was taken off
}

}  // namespace
}  // namespace vtick::calibration
