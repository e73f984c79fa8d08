// run.sampling: who reads the guest clock. On the tick grid an outside observer reads a
// tick-counting clock just before each tick lands (one tick behind); a guest timer's
// callback runs from the tick and reads it just after (behind by the delivery latency only).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sim/scenario.hpp"
#include "tests/runner/run_helpers.hpp"

namespace vtick::testing {
namespace {

sim::Scenario idle_jiffies(sim::Sampling sampling) {
  sim::Scenario s = shipped("realvm/idle-pit-discard.yaml");
  s.run.sampling = sampling;
  return s;
}

std::int64_t final_offset(const sim::runner::RunResult& r) {
  return nlohmann::json::parse(r.summary.dump())["clock"]["final_offset_ns"].get<std::int64_t>();
}

TEST(Sampling, ObserverOnTheTickGridSeesTheBottomOfTheSawtooth) {
  const sim::Scenario s = idle_jiffies(sim::Sampling::Observer);
  EXPECT_EQ(final_offset(run(s)), -s.tick_period_ns());
}

TEST(Sampling, GuestTimerSeesTheClockJustAfterItsTick) {
  const sim::Scenario s = idle_jiffies(sim::Sampling::GuestTimer);
  const auto r = run(s);
  const std::int64_t offset = final_offset(r);
  EXPECT_LT(offset, 0) << "a sample is taken after the tick that ran it, never before";
  EXPECT_GT(offset, -s.tick_period_ns() / 10) << "the delivery latency of an idle host is far below a tick";
  // One row per sample interval of guest time, the first one interval in; none at t = 0.
  const std::string series = text_of(r.series);
  const auto rows = static_cast<std::int64_t>(std::count(series.begin(), series.end(), '\n')) - 1;
  EXPECT_EQ(rows, s.run.duration_ns / s.run.sample_interval_ns - 1) << "the sample due at the end lands after it";
  EXPECT_EQ(series.find("\n0,"), std::string::npos);
}

TEST(Sampling, GuestTimerRunsAreDeterministic) {
  const sim::Scenario s = idle_jiffies(sim::Sampling::GuestTimer);
  EXPECT_EQ(text_of(run(s).series), text_of(run(s).series));
}

}  // namespace
}  // namespace vtick::testing
