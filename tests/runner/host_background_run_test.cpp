// host.background in whole runs: one task per CPU runs the lengths its timeline draws (as
// many as start before the end), it is scheduled as any nice-0 task is (a waking VMM thread
// preempts it), runs stay reproducible, and a host without it has no such task.
#include <gtest/gtest.h>

#include <string>

#include "models/host/host_noise.hpp"
#include "tests/runner/run_helpers.hpp"

namespace vtick::testing {
namespace {

using sim::kNsPerMs;
using sim::TimeNs;

// The VMM (an idle guest at 100 Hz) on CPU 0, nothing else; runs of 1-3 ms, 20 a second.
sim::Scenario with_background() {
  sim::Scenario s = sim::parse_scenario(
      "name: background\n"
      "host:\n"
      "  cpus: 2\n"
      "  background: {rate_per_s: 20, length_quantiles: [1ms, 2ms, 3ms]}\n"
      "vmm: {affinity: [0]}\n"
      "guest: {hz: 100}\n"
      "run: {duration: 2s, seed: 11}\n",
      "background.yaml");
  return s;
}

std::int64_t task_cpu(const nlohmann::ordered_json& summary, const std::string& task) {
  return summary["host"]["tasks"][task]["cpu_ns"].get<std::int64_t>();
}

// CPU 1 runs nothing but its background task, so each run gets the CPU at once (after its
// timer's wake-up) and lasts its drawn length: the task's CPU is the lengths of the runs
// that start before the end, the last one cut at the end, to within the wake-ups' delays.
TEST(HostBackgroundRun, AnUncontendedTaskRunsTheLengthsItsTimelineDraws) {
  const sim::Scenario s = with_background();
  const TimeNs end = s.run.duration_ns;
  models::host::NoiseTimeline timeline(s.host.background, s.run.seed, 1, models::host::GapKind::background);
  TimeNs complete = 0, started = 0;
  int runs = 0;
  for (auto r = timeline.next(); r.start < end; r = timeline.next()) {
    ++runs;
    started += r.length;
    if (r.start + r.length + kNsPerMs < end) complete += r.length;
  }
  ASSERT_GT(runs, 20);  // 20 a second over 2 s, give or take
  const auto summary = run(s).summary;
  const std::int64_t cpu = task_cpu(summary, "host.background.cpu1");
  EXPECT_GE(cpu, complete);
  EXPECT_LE(cpu, started);
  EXPECT_GT(task_cpu(summary, "host.background.cpu0"), 0);
}

// On CPU 0 the runs are a task's, not time taken from under the scheduler (as host.noise's
// gaps are): an idle guest's VMM threads wake with lag to spare and preempt a run at once
// (EEVDF's wake-up preemption), so every tick is delivered as promptly as without them,
// while the runs still take their CPU.
TEST(HostBackgroundRun, AWakingVmmThreadPreemptsARun) {
  sim::Scenario quiet = with_background();
  quiet.host.background = {};
  const auto without = run(quiet).summary;
  const auto with = run(with_background()).summary;
  EXPECT_FALSE(without["host"]["tasks"].contains("host.background.cpu0"));
  EXPECT_GT(task_cpu(with, "host.background.cpu0"), 20 * kNsPerMs);
  EXPECT_EQ(with["ticks"]["delivered"], without["ticks"]["delivered"]);
  for (const char* thread : {"vmm.timer", "vmm.vcpu"}) {
    EXPECT_EQ(with["host"]["tasks"][thread]["wakeup_wait_ns"]["max"], without["host"]["tasks"][thread]["wakeup_wait_ns"]["max"])
        << thread;
  }
}

TEST(HostBackgroundRun, SameSeedSameSummary) {
  auto first = run(with_background()).summary;
  auto second = run(with_background()).summary;
  first["sim"].erase("wall_ns");
  second["sim"].erase("wall_ns");
  EXPECT_EQ(first.dump(), second.dump());
}

}  // namespace
}  // namespace vtick::testing
