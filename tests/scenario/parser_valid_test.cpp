#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/scenario_parser.hpp"

namespace vtick::sim {
namespace {

// EXPECT_NO_THROW would hide the message that says what is wrong.
template <class Parse>
void expect_parses(Parse parse) {
  try {
    (void)parse();
  } catch (const ScenarioError& e) {
    ADD_FAILURE() << e.what();
  }
}

constexpr std::string_view kFull = R"(name: loaded-host-compile
description: "free text"
host:
  cpus: 2
  scheduler: {sched_latency: 12ms, min_granularity: 1.5ms, wakeup_granularity: 2ms, context_switch: 3us}
  hrtimer_slack: 100us
  tsc_ppm: -12.5
load:
  - {name: make, kind: cpu_hog, count: 4, nice: 5, affinity: [0, 1], start: 1s, stop: 10s}
  - {name: rt, kind: duty, policy: fifo, rt_priority: 50, run: 25ms, period: 100ms, phase: 1ms}
  - {name: b, kind: bursty, mean_on: 5ms, mean_off: 20ms}
  - {name: s, kind: sleeper, run: 200us, mean_sleep: 2ms}
vmm:
  nice: -5
  affinity: [1]
  timer_device: hpet
  lost_tick_policy: catchup_giveup
  catchup_max_factor: 8
  giveup_threshold: 2s
  vm_exit: 4us
  inject: 2us
  device_cost: 6us
  timer_slack: 0us
guest:
  hz: 1000
  clocksource: jiffies
  timers: tick
  tick_cost: 3us
  timer_callback_cost: 500ns
  workloads:
    - {name: cyclic, kind: periodic_timer, period: 10ms, start: 0s}
    - {name: slow, period: 1s, start: 2min}
run:
  duration: 60s
  seed: 18446744073709551615
  sample_interval: 5ms
  trace_max_events: 0
expect:
  clock.drift_ppm: {min: -100, max: 100}
  ticks.lost: {equals: 0}
)";

TEST(ParseScenario, ReadsEveryField) {
  const Scenario s = parse_scenario(kFull, "scenarios/full.yaml");
  EXPECT_EQ(s.file, "scenarios/full.yaml");
  EXPECT_EQ(s.name, "loaded-host-compile");
  EXPECT_EQ(s.description, "free text");

  EXPECT_EQ(s.host.cpus, 2);
  EXPECT_EQ(s.host.scheduler.sched_latency_ns, 12 * kNsPerMs);
  EXPECT_EQ(s.host.scheduler.min_granularity_ns, 1'500 * kNsPerUs);
  EXPECT_EQ(s.host.scheduler.wakeup_granularity_ns, 2 * kNsPerMs);
  EXPECT_EQ(s.host.scheduler.context_switch_ns, 3 * kNsPerUs);
  EXPECT_EQ(s.host.hrtimer_slack_ns, 100 * kNsPerUs);
  EXPECT_DOUBLE_EQ(s.host.tsc_ppm, -12.5);

  ASSERT_EQ(s.load.size(), 4u);
  const LoadTaskSpec& make = s.load[0];
  EXPECT_EQ(make.name, "make");
  EXPECT_EQ(make.kind, LoadKind::CpuHog);
  EXPECT_EQ(make.count, 4);
  EXPECT_EQ(make.nice, 5);
  EXPECT_EQ(make.policy, SchedPolicy::Normal);
  EXPECT_EQ(make.affinity, (std::vector<int>{0, 1}));
  EXPECT_EQ(make.start_ns, kNsPerSec);
  EXPECT_EQ(make.stop_ns, 10 * kNsPerSec);
  EXPECT_EQ(make.where.line, 9);
  EXPECT_EQ(make.where.column, 5);
  EXPECT_EQ(make.where.file, "scenarios/full.yaml");

  const LoadTaskSpec& rt = s.load[1];
  EXPECT_EQ(rt.kind, LoadKind::Duty);
  EXPECT_EQ(rt.policy, SchedPolicy::Fifo);
  EXPECT_EQ(rt.rt_priority, 50);
  EXPECT_EQ(rt.run_ns, 25 * kNsPerMs);
  EXPECT_EQ(rt.period_ns, 100 * kNsPerMs);
  EXPECT_EQ(rt.phase_ns, kNsPerMs);
  EXPECT_EQ(rt.stop_ns, kNever);
  EXPECT_EQ(rt.where.line, 10);

  EXPECT_EQ(s.load[2].kind, LoadKind::Bursty);
  EXPECT_EQ(s.load[2].mean_on_ns, 5 * kNsPerMs);
  EXPECT_EQ(s.load[2].mean_off_ns, 20 * kNsPerMs);
  EXPECT_EQ(s.load[3].kind, LoadKind::Sleeper);
  EXPECT_EQ(s.load[3].run_ns, 200 * kNsPerUs);
  EXPECT_EQ(s.load[3].mean_sleep_ns, 2 * kNsPerMs);

  EXPECT_EQ(s.vmm.nice, -5);
  EXPECT_EQ(s.vmm.affinity, (std::vector<int>{1}));
  EXPECT_EQ(s.vmm.timer_device, TimerDevice::Hpet);
  EXPECT_EQ(s.vmm.lost_tick_policy, LostTickPolicyKind::CatchupGiveup);
  EXPECT_EQ(s.vmm.catchup_max_factor, 8);
  EXPECT_EQ(s.vmm.giveup_threshold_ns, 2 * kNsPerSec);
  EXPECT_EQ(s.vmm.vm_exit_ns, 4 * kNsPerUs);
  EXPECT_EQ(s.vmm.inject_ns, 2 * kNsPerUs);
  EXPECT_EQ(s.vmm.device_cost_ns, 6 * kNsPerUs);
  EXPECT_EQ(s.vmm.timer_slack_ns, TimeNs{0});

  EXPECT_EQ(s.guest.hz, 1000);
  EXPECT_EQ(s.tick_period_ns(), kNsPerMs);
  EXPECT_EQ(s.guest.clocksource, Clocksource::Jiffies);
  EXPECT_EQ(s.guest.timers, GuestTimers::Tick);
  EXPECT_EQ(s.guest.tick_cost_ns, 3 * kNsPerUs);
  EXPECT_EQ(s.guest.timer_callback_cost_ns, 500);
  ASSERT_EQ(s.guest.workloads.size(), 2u);
  EXPECT_EQ(s.guest.workloads[0].name, "cyclic");
  EXPECT_EQ(s.guest.workloads[0].kind, WorkloadKind::PeriodicTimer);
  EXPECT_EQ(s.guest.workloads[0].period_ns, 10 * kNsPerMs);
  EXPECT_EQ(s.guest.workloads[0].where.line, 31);
  EXPECT_EQ(s.guest.workloads[0].where.column, 7);
  EXPECT_EQ(s.guest.workloads[1].period_ns, kNsPerSec);
  EXPECT_EQ(s.guest.workloads[1].start_ns, 120 * kNsPerSec);

  EXPECT_EQ(s.run.duration_ns, 60 * kNsPerSec);
  EXPECT_EQ(s.run.seed, 18446744073709551615u);
  EXPECT_EQ(s.run.sample_interval_ns, 5 * kNsPerMs);
  EXPECT_EQ(s.run.trace_max_events, 0u);

  ASSERT_EQ(s.expect.size(), 2u);
  EXPECT_EQ(s.expect[0].field, "clock.drift_ppm");
  EXPECT_EQ(s.expect[0].min, -100.0);
  EXPECT_EQ(s.expect[0].max, 100.0);
  EXPECT_FALSE(s.expect[0].equals);
  EXPECT_EQ(s.expect[0].where.line, 39);
  EXPECT_EQ(s.expect[0].where.column, 3);
  EXPECT_EQ(s.expect[1].field, "ticks.lost");
  EXPECT_EQ(s.expect[1].equals, 0.0);
  EXPECT_FALSE(s.expect[1].min);
}

TEST(ParseScenario, OmittedSectionsKeepTheHeaderDefaults) {
  const Scenario s = parse_scenario("run: {duration: 2s}\nload:\nguest:\n", "runs/idle.yaml");
  const Scenario defaults;
  EXPECT_EQ(s.name, "idle");
  EXPECT_EQ(s.description, "");
  EXPECT_EQ(s.host.cpus, defaults.host.cpus);
  EXPECT_EQ(s.host.scheduler.sched_latency_ns, defaults.host.scheduler.sched_latency_ns);
  EXPECT_EQ(s.host.hrtimer_slack_ns, defaults.host.hrtimer_slack_ns);
  EXPECT_TRUE(s.load.empty());
  EXPECT_EQ(s.vmm.timer_device, defaults.vmm.timer_device);
  EXPECT_EQ(s.vmm.lost_tick_policy, defaults.vmm.lost_tick_policy);
  EXPECT_EQ(s.vmm.catchup_max_factor, defaults.vmm.catchup_max_factor);
  EXPECT_FALSE(s.vmm.timer_slack_ns);
  EXPECT_EQ(s.guest.hz, defaults.guest.hz);
  EXPECT_EQ(s.guest.tick_cost_ns, defaults.guest.tick_cost_ns);
  EXPECT_TRUE(s.guest.workloads.empty());
  EXPECT_EQ(s.run.duration_ns, 2 * kNsPerSec);
  EXPECT_EQ(s.run.seed, defaults.run.seed);
  EXPECT_EQ(s.run.sample_interval_ns, defaults.run.sample_interval_ns);
  EXPECT_EQ(s.run.trace_max_events, defaults.run.trace_max_events);
  EXPECT_TRUE(s.expect.empty());
}

TEST(ParseScenario, DefaultsOfOptionalLoadAndWorkloadFields) {
  const Scenario s = parse_scenario(
      "run: {duration: 1s}\nload: [{name: h, kind: cpu_hog}]\n"
      "guest: {workloads: [{name: w}]}\n",
      "t.yaml");
  const LoadTaskSpec task;
  EXPECT_EQ(s.load[0].count, task.count);
  EXPECT_EQ(s.load[0].nice, task.nice);
  EXPECT_EQ(s.load[0].policy, task.policy);
  EXPECT_TRUE(s.load[0].affinity.empty());
  EXPECT_EQ(s.load[0].start_ns, task.start_ns);
  EXPECT_EQ(s.load[0].stop_ns, task.stop_ns);
  const WorkloadSpec workload;
  EXPECT_EQ(s.guest.workloads[0].kind, workload.kind);
  EXPECT_EQ(s.guest.workloads[0].period_ns, workload.period_ns);
}

TEST(ParseScenario, EveryDeviceAcceptsItsDocumentedPolicies) {
  const char* const accepted[] = {
      "pit: discard",   "pit: delay",           "pit: merge",          "pit: catchup_giveup",
      "lapic: discard", "lapic: delay",         "lapic: merge",        "lapic: catchup_giveup",
      "rtc: discard",   "rtc: catchup",         "rtc: catchup_giveup", "hpet: discard",
      "hpet: merge",    "hpet: catchup_giveup",
  };
  for (const std::string pair : accepted) {
    const std::size_t colon = pair.find(':');
    const std::string yaml = "run: {duration: 1s}\nvmm: {timer_device: " + pair.substr(0, colon) +
                             ", lost_tick_policy:" + pair.substr(colon + 1) + "}\n";
    expect_parses([&] { return parse_scenario(yaml, "t.yaml"); });
  }
}

TEST(ParseScenario, ReadsAFileFromDisk) {
  const std::filesystem::path path =
      std::filesystem::path(VTICK_BINARY_DIR) / "scenario_parser_test_disk.yaml";
  std::ofstream(path) << "run: {duration: 3s}\n";
  const Scenario s = load_scenario_file(path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(s.file, path.string());
  EXPECT_EQ(s.name, "scenario_parser_test_disk");
  EXPECT_EQ(s.run.duration_ns, 3 * kNsPerSec);
}

// A host profile example (fenced ```yaml profile), read through a scenario that includes it.
Scenario parse_profile_example(const std::string& block) {
  const auto dir = std::filesystem::temp_directory_path() / "vtick_docs_profile_example";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "profile.yaml") << block;
  return parse_scenario("host_profile: profile.yaml\nrun: {duration: 1s}\n", (dir / "scenario.yaml").string());
}

// Keeps the reference honest: its examples are real scenarios (```yaml) or host profiles
// (```yaml profile).
TEST(ScenarioFiles, EveryYamlExampleInTheDocsParses) {
  std::ifstream in(std::filesystem::path(VTICK_SOURCE_DIR) / "docs" / "scenarios.md");
  ASSERT_TRUE(in) << "docs/scenarios.md is missing";
  int examples = 0;
  int profiles = 0;
  std::string line;
  std::string block;
  bool in_yaml = false;
  bool profile = false;
  while (std::getline(in, line)) {
    if (in_yaml && line == "```") {
      if (profile) {
        expect_parses([&] { return parse_profile_example(block); });
        ++profiles;
      } else {
        expect_parses([&] { return parse_scenario(block, "docs/scenarios.md example"); });
      }
      ++examples;
      block.clear();
    } else if (in_yaml) {
      block += line + "\n";
    }
    if (!in_yaml) profile = line == "```yaml profile";
    in_yaml = in_yaml ? line != "```" : line == "```yaml" || profile;
  }
  EXPECT_GT(examples, 0);
  EXPECT_GT(profiles, 0);
}

TEST(ScenarioFiles, EveryCheckedInScenarioParses) {
  const std::filesystem::path root = std::filesystem::path(VTICK_SOURCE_DIR) / "scenarios";
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(root)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      // scenarios/profiles/ holds host profiles (vtick calibrate), which scenarios include.
      if (entry.path().parent_path() == root / "profiles") continue;
      if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
        files.push_back(entry.path());
      }
    }
  }
  if (files.empty()) {
    GTEST_SKIP() << "no scenarios under " << root;
  }
  for (const auto& file : files) {
    expect_parses([&] { return load_scenario_file(file.string()); });
  }
}

}  // namespace
}  // namespace vtick::sim
