// host.wakeup_latency in a whole run: on an idle host a tick-aligned periodic timer is late by
// a constant, which no real host shows; an empirical latency gives the lateness its spread,
// shifts its mean by the latency of the wake-ups on the tick's path, and keeps runs
// reproducible.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/runner/run_helpers.hpp"

namespace vtick::testing {
namespace {

using sim::kNsPerSec;
using sim::kNsPerUs;
using sim::TimeNs;

// 100 Hz ticks and a 20 ms timer: every callback is due on a tick, so without wake-up latency
// each one is late by the same VMM and guest costs. (An outside observer samples the clock:
// a guest-timer sampler's callback would delay the timer's where they share a tick.)
sim::Scenario idle_pit() {
  sim::Scenario s = shipped("realvm/idle-pit-discard.yaml");
  s.run.duration_ns = 20 * kNsPerSec;
  s.run.sampling = sim::Sampling::Observer;
  s.host.wakeup_latency.quantiles.clear();  // the file's host profile sets one: start from none
  s.host.noise = sim::HostNoiseSpec{};       // and host noise, which would spread lateness too
  return s;
}

// Five quantiles at 0, 25, 50, 75, 100 %: the mean of the piecewise-linear CDF is the mean of
// the segment midpoints, (30 + 50 + 80 + 200) / 4 = 90 us.
const std::vector<TimeNs> kQuantiles{20 * kNsPerUs, 40 * kNsPerUs, 60 * kNsPerUs, 100 * kNsPerUs, 300 * kNsPerUs};
constexpr double kMeanLatencyNs = 90'000;

double lateness(const nlohmann::ordered_json& summary, const char* statistic) {
  return summary["timers"]["cyclic"]["lateness_ns"][statistic].get<double>();
}

// summary.json without the one field that is wall-clock time.
std::string deterministic_summary(nlohmann::ordered_json summary) {
  summary["sim"].erase("wall_ns");
  return summary.dump(2);
}

TEST(WakeupLatencyRun, GivesLatenessASpreadAndShiftsItsMean) {
  sim::Scenario scenario = idle_pit();
  const auto without = run(scenario).summary;
  ASSERT_EQ(lateness(without, "p99"), lateness(without, "p50")) << "the premise: no spread without latency";
  EXPECT_FALSE(without["host"].contains("wakeup_latency"));

  scenario.host.wakeup_latency.quantiles = kQuantiles;
  const auto with = run(scenario).summary;
  EXPECT_GT(lateness(with, "p99") - lateness(with, "p50"), 50'000) << with["timers"].dump();
  EXPECT_GE(lateness(with, "min") - lateness(without, "min"), 2 * 20'000 - 1);

  // Each tick takes two wake-ups: the timer thread's (its hrtimer expired) and the halted vCPU
  // thread's (the raised interrupt kicks it); each adds one draw.
  const auto& drawn = with["host"]["wakeup_latency"];
  EXPECT_GT(drawn["delayed"].get<std::int64_t>(), 2 * 1900);
  EXPECT_NEAR(drawn["mean_ns"].get<double>(), kMeanLatencyNs, 0.05 * kMeanLatencyNs);
  const double shift = lateness(with, "mean") - lateness(without, "mean");
  EXPECT_NEAR(shift, 2 * kMeanLatencyNs, 0.1 * 2 * kMeanLatencyNs);
  EXPECT_EQ(with["ticks"]["lost"].get<std::int64_t>(), 0);
}

TEST(WakeupLatencyRun, AConstantShiftsLatenessWithoutSpread) {
  sim::Scenario scenario = idle_pit();
  const auto without = run(scenario).summary;
  scenario.host.wakeup_latency.quantiles = {30 * kNsPerUs};
  const auto with = run(scenario).summary;
  EXPECT_EQ(lateness(with, "p99"), lateness(with, "p50"));
  EXPECT_EQ(lateness(with, "p50") - lateness(without, "p50"), 2 * 30'000);
}

// Only an idle CPU has to be woken: beside a hog that never sleeps, no wake-up waits.
TEST(WakeupLatencyRun, ABusyCpuTakesAWokenTaskAtOnce) {
  sim::Scenario scenario = idle_pit();
  scenario.host.cpus = 1;
  sim::LoadTaskSpec hog;
  hog.name = "hog";
  hog.kind = sim::LoadKind::CpuHog;
  scenario.load.push_back(hog);
  scenario.host.wakeup_latency.quantiles = {30 * kNsPerUs};
  const auto busy = run(scenario).summary;
  EXPECT_EQ(busy["host"]["wakeup_latency"]["delayed"].get<std::int64_t>(), 0) << busy["host"].dump();
  scenario.load.clear();
  const auto idle = run(scenario).summary;
  EXPECT_GT(idle["host"]["wakeup_latency"]["delayed"].get<std::int64_t>(), 1900);
}

TEST(WakeupLatencyRun, SameScenarioAndSeedGiveByteIdenticalOutputs) {
  sim::Scenario scenario = shipped("loaded-host-compile.yaml");
  scenario.run.duration_ns = 5 * kNsPerSec;
  scenario.host.wakeup_latency.quantiles = kQuantiles;
  const auto a = run(scenario, sim::EngineKind::SystemC);
  const auto b = run(scenario, sim::EngineKind::Direct);
  EXPECT_EQ(text_of(a.trace), text_of(b.trace));
  EXPECT_EQ(text_of(a.series), text_of(b.series));
  const auto c = run(scenario, sim::EngineKind::SystemC);
  EXPECT_EQ(deterministic_summary(a.summary), deterministic_summary(c.summary));
  EXPECT_EQ(text_of(a.trace), text_of(c.trace));
  EXPECT_EQ(text_of(a.series), text_of(c.series));

  scenario.run.seed += 1;
  EXPECT_NE(text_of(run(scenario).trace), text_of(a.trace)) << "another seed, other draws";
}

TEST(WakeupLatencyRun, ZeroIsExactlyTheModelWithoutLatency) {
  sim::Scenario scenario = shipped("loaded-host-compile.yaml");
  scenario.run.duration_ns = 5 * kNsPerSec;
  const auto absent = run(scenario);
  scenario.host.wakeup_latency.quantiles = {0};
  const auto zero = run(scenario);
  EXPECT_EQ(deterministic_summary(absent.summary), deterministic_summary(zero.summary));
  EXPECT_EQ(text_of(absent.trace), text_of(zero.trace));
  EXPECT_EQ(text_of(absent.series), text_of(zero.series));
}

// A report must be able to say where the measured costs came from.
TEST(WakeupLatencyRun, SummaryRecordsTheHostProfileAsWrittenRightAfterTheFile) {
  const std::string file = std::string(VTICK_SOURCE_DIR) + "/tests/scenario/t.yaml";  // places the profile
  const auto s = run(sim::parse_scenario("host_profile: profiles/measured.yaml\nrun: {duration: 1s}\n", file)).summary;
  EXPECT_EQ(s["host_profile"], "profiles/measured.yaml");
  auto key = s.begin();
  ASSERT_EQ((++key).key(), "file");
  EXPECT_EQ((++key).key(), "host_profile");
  EXPECT_TRUE(s["host"].contains("wakeup_latency")) << "the profile's quantiles are in effect";

  const auto without = run(sim::parse_scenario("run: {duration: 1s}\n", file)).summary;
  EXPECT_FALSE(without.contains("host_profile"));
}

}  // namespace
}  // namespace vtick::testing
