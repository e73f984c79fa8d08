// host.noise in whole runs: a hog is charged exactly the gaps drawn on its CPU, a timer-driven
// guest timer is later when gaps hit the host CPU, runs stay reproducible, and a run without
// host.noise is the model as it was. host.stalls likewise, and they reach idle CPUs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>
#include <string>

#include "models/host/host_noise.hpp"
#include "tests/runner/run_helpers.hpp"

namespace vtick::testing {
namespace {

using sim::kNsPerSec;
using sim::kNsPerUs;
using sim::TimeNs;

std::string deterministic_summary(nlohmann::ordered_json summary) {
  summary["sim"].erase("wall_ns");
  return summary.dump(2);
}

// A hog alone on CPU 1; the VMM (an idle guest) on CPU 0.
sim::Scenario hog_on_cpu1() {
  sim::Scenario s = sim::parse_scenario(
      "name: noise-hog\n"
      "host: {cpus: 2, scheduler: {context_switch: 500ns}}\n"
      "load:\n  - {name: hog, kind: cpu_hog, affinity: [1]}\n"
      "vmm: {affinity: [0]}\n"
      "guest: {hz: 100}\n"
      "run: {duration: 2s, seed: 7}\n",
      "noise-hog.yaml");
  s.host.noise = sim::HostNoiseSpec{2000, {2 * kNsPerUs, 5 * kNsPerUs, 20 * kNsPerUs, 100 * kNsPerUs}};
  return s;
}

// The CPU time gaps take from `cpu` until `end`, from the same timeline the model draws.
struct Drawn {
  std::uint64_t gaps = 0;
  TimeNs taken = 0;
};
Drawn drawn_gaps(const sim::Scenario& s, int cpu, TimeNs end) {
  models::host::NoiseTimeline timeline(s.host.noise, s.run.seed, cpu);
  Drawn d;
  for (auto gap = timeline.next(); gap.start <= end; gap = timeline.next()) {
    ++d.gaps;
    d.taken += std::min(gap.length, end - gap.start);
  }
  return d;
}

// The host does not know its CPU was away: a hog is charged the gaps as CPU time it ran.
TEST(HostNoiseRun, AHogIsChargedTheGapsOnItsCpuAndEveryGapIsCounted) {
  const sim::Scenario s = hog_on_cpu1();
  const TimeNs end = s.run.duration_ns;
  const auto summary = run(s).summary;
  const Drawn drawn = drawn_gaps(s, 1, end);
  ASSERT_GT(drawn.gaps, 3000u) << "2000 gaps/s for 2 s";
  // The hog starts at 0 after one context switch from idle, then holds the CPU to the end:
  // a gap is no switch.
  EXPECT_EQ(summary["host"]["tasks"]["hog"]["cpu_ns"].get<TimeNs>(), end - 500);
  const auto& cpu1 = summary["host"]["noise"]["cpus"][1];
  EXPECT_EQ(cpu1["gaps"].get<std::uint64_t>(), drawn.gaps);
  EXPECT_EQ(cpu1["skipped_idle"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(cpu1["taken_ns"].get<TimeNs>(), drawn.taken);
  // CPU 0 only runs the idle guest's VMM threads now and then: most of its gaps find it idle.
  const auto& cpu0 = summary["host"]["noise"]["cpus"][0];
  EXPECT_GT(cpu0["skipped_idle"].get<std::uint64_t>(), 10 * cpu0["gaps"].get<std::uint64_t>());
  EXPECT_FALSE(summary["host"]["tasks"].contains("host.noise.cpu0")) << "a gap is no task";
}

// One CPU kept busy by a busy guest, and a 10 ms guest timer: 500 us gaps, 100 a second,
// hit some expiries, and the timer thread waits them out.
sim::Scenario timer_on_a_busy_cpu() {
  return sim::parse_scenario(
      "name: noise-timer\n"
      "host: {cpus: 1}\n"
      "guest:\n  hz: 250\n  workloads:\n"
      "    - {name: cyclic, kind: periodic_timer, period: 10ms}\n"
      "    - {name: work, kind: busy}\n"
      "run: {duration: 5s}\n",
      "noise-timer.yaml");
}

double lateness(const nlohmann::ordered_json& summary, const char* statistic) {
  return summary["timers"]["cyclic"]["lateness_ns"][statistic].get<double>();
}

TEST(HostNoiseRun, ATimerHitByAGapIsLater) {
  sim::Scenario s = timer_on_a_busy_cpu();
  const auto without = run(s).summary;
  s.host.noise = sim::HostNoiseSpec{100, {500 * kNsPerUs, 500 * kNsPerUs}};
  const auto with = run(s).summary;
  const auto& noise = with["host"]["noise"]["cpus"][0];
  ASSERT_GT(noise["gaps"].get<int>(), 400);
  EXPECT_EQ(noise["skipped_idle"].get<int>(), 0) << "the busy guest never leaves the CPU idle";
  // About 10 % of the time is in a gap, so about 10 % of the 500 expiries wait up to 500 us.
  EXPECT_GT(lateness(with, "max") - lateness(without, "max"), 250'000) << with["timers"].dump();
  EXPECT_GT(lateness(with, "mean") - lateness(without, "mean"), 5'000) << with["timers"].dump();
}

TEST(HostNoiseRun, SameScenarioAndSeedGiveByteIdenticalOutputs) {
  sim::Scenario scenario = shipped("loaded-host-compile.yaml");
  scenario.run.duration_ns = 3 * kNsPerSec;
  scenario.host.noise = sim::HostNoiseSpec{500, {1 * kNsPerUs, 3 * kNsPerUs, 30 * kNsPerUs, 400 * kNsPerUs}};
  const auto a = run(scenario, sim::EngineKind::SystemC);
  const auto b = run(scenario, sim::EngineKind::Direct);
  EXPECT_EQ(text_of(a.trace), text_of(b.trace));
  EXPECT_EQ(text_of(a.series), text_of(b.series));
  const auto c = run(scenario, sim::EngineKind::SystemC);
  EXPECT_EQ(deterministic_summary(a.summary), deterministic_summary(c.summary));
  EXPECT_EQ(text_of(a.trace), text_of(c.trace));
  EXPECT_GT(a.summary["host"]["noise"]["gaps"].get<int>(), 0);

  scenario.run.seed += 1;
  EXPECT_NE(deterministic_summary(run(scenario).summary), deterministic_summary(a.summary)) << "another seed, other gaps";
}

TEST(HostNoiseRun, WithoutNoiseNothingIsAddedOrReported) {
  sim::Scenario scenario = shipped("loaded-host-compile.yaml");
  scenario.run.duration_ns = 1 * kNsPerSec;
  const auto summary = run(scenario).summary;
  EXPECT_FALSE(summary["host"].contains("noise"));
  for (const auto& line : summary["approximations"]) {
    EXPECT_EQ(line.get<std::string>().find("host.noise"), std::string::npos);
  }
}

// host.noise draws from streams of its own: noise whose gaps all fall after the run (a rate of
// one gap per million seconds) must leave what every other stream decides - the clock, the
// ticks, the timers' lateness - exactly as a run without host.noise has it, for every seed.
TEST(HostNoiseRun, NoiseWithoutGapsInTheRunChangesNothingElse) {
  sim::Scenario quiet = shipped("linux/idle-jiffies.yaml");
  quiet.host.noise = sim::HostNoiseSpec{};
  sim::Scenario gapless = quiet;
  gapless.host.noise = sim::HostNoiseSpec{1e-6, {1000, 2000}};
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    sim::runner::RunOptions options;
    options.seed = seed;
    const auto a = sim::runner::run_scenario(quiet, options).summary;
    const auto b = sim::runner::run_scenario(gapless, options).summary;
    EXPECT_EQ(a["clock"], b["clock"]) << "seed " << seed;
    EXPECT_EQ(a["ticks"], b["ticks"]) << "seed " << seed;
    EXPECT_EQ(a["timers"], b["timers"]) << "seed " << seed;
    EXPECT_EQ(b["host"]["noise"]["gaps"], 0) << "seed " << seed;
  }
}

// An idle Linux guest (jiffies, HZ 250) whose VMM's CPU stalls for 20 ms about once a second:
// each stall holds back the LAPIC timer's raises and the vCPU past several periods, and QEMU's
// LAPIC coalesces what comes due meanwhile, so ticks are lost that an unstalled host keeps.
TEST(HostStallsRun, StallsLongerThanATickCostAnIdleGuestTicks) {
  sim::Scenario s = shipped("linux/idle-jiffies.yaml");
  s.run.duration_ns = 10 * kNsPerSec;
  const auto without = run(s).summary;
  s.host.stalls = sim::HostNoiseSpec{1, {20'000 * kNsPerUs, 20'000 * kNsPerUs}};
  const auto with = run(s).summary;
  const auto& stalls = with["host"]["stalls"];
  std::uint64_t idle_stalls = 0;
  for (const auto& cpu : stalls["cpus"]) idle_stalls += cpu["idle_stalls"].get<std::uint64_t>();
  EXPECT_GT(idle_stalls, 10u) << "an idle guest's host CPUs are mostly idle: " << stalls.dump();
  EXPECT_EQ(without["ticks"]["lost"].get<std::uint64_t>(), 0u);
  EXPECT_GT(with["ticks"]["lost"].get<std::uint64_t>(), 10u) << with["ticks"].dump();
  EXPECT_LT(with["clock"]["final_offset_ns"].get<std::int64_t>(), -40'000'000) << with["clock"].dump();
}

// Stalls draw from streams of their own: stalls that all fall after the run leave every
// other stream's numbers as they were, and the same scenario and seed repeat byte for byte.
TEST(HostStallsRun, StallsWithoutOneInTheRunChangeNothingElseAndRepeat) {
  sim::Scenario quiet = shipped("linux/idle-jiffies.yaml");
  quiet.run.duration_ns = 2 * kNsPerSec;
  sim::Scenario stall_free = quiet;
  stall_free.host.stalls = sim::HostNoiseSpec{1e-6, {1'000'000, 2'000'000}};
  const auto a = run(quiet).summary;
  const auto b = run(stall_free).summary;
  EXPECT_EQ(a["clock"], b["clock"]);
  EXPECT_EQ(a["ticks"], b["ticks"]);
  EXPECT_EQ(b["host"]["stalls"]["gaps"], 0);
  EXPECT_FALSE(a["host"].contains("stalls"));
  sim::Scenario stalled = quiet;
  stalled.host.stalls = sim::HostNoiseSpec{5, {1'000'000, 9'000'000}};
  EXPECT_EQ(deterministic_summary(run(stalled).summary), deterministic_summary(run(stalled).summary));
}

TEST(HostNoiseTimeline, StallsAndNoiseDrawFromDifferentStreams) {
  const sim::HostNoiseSpec spec{1000, {1000, 2000}};
  models::host::NoiseTimeline noise(spec, 1, 0, models::host::GapKind::noise);
  models::host::NoiseTimeline stalls(spec, 1, 0, models::host::GapKind::stall);
  EXPECT_NE(noise.next().start, stalls.next().start);
  EXPECT_EQ(models::host::NoiseTimeline::stream_name(3, models::host::GapKind::stall), "host/stalls/cpu3");
}

TEST(HostNoiseTimeline, EachCpuHasItsOwnStream) {
  const sim::HostNoiseSpec spec{1000, {1000, 2000}};
  models::host::NoiseTimeline cpu0(spec, 1, 0);
  models::host::NoiseTimeline cpu0_again(spec, 1, 0);
  models::host::NoiseTimeline cpu1(spec, 1, 1);
  const auto a = cpu0.next();
  const auto b = cpu0_again.next();
  const auto c = cpu1.next();
  EXPECT_EQ(a.start, b.start);
  EXPECT_EQ(a.length, b.length);
  EXPECT_NE(a.start, c.start);
  const auto next = cpu0.next();
  EXPECT_GT(next.start, a.start + a.length) << "the next gap starts after this one ends";
}

}  // namespace
}  // namespace vtick::testing
