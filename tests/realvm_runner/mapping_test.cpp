// Scenario -> VmConfig: what the real VM supports maps field by field; what it does not is a
// ScenarioError naming the field. No KVM needed.
#include <gtest/gtest.h>

#include <string>

#include "realvm/runner/scenario_mapping.hpp"
#include "sim/scenario_error.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::realvm::runner {
namespace {

using namespace std::chrono_literals;

constexpr const char* kBase = R"(
host: {cpus: 2}
vmm: {nice: 3, affinity: [1], timer_device: pit, lost_tick_policy: delay}
guest:
  hz: 100
  clocksource: pvclock
  workloads: [{name: cyclic, kind: periodic_timer, period: 20ms}]
run: {duration: 2s, seed: 7, sample_interval: 50ms}
)";

MappedRun map(const std::string& yaml, MappingOptions options = {}) {
  options.guest_image = "guest.elf";
  return map_scenario(sim::parse_scenario(yaml, "test.yaml"), options);
}

/// The message of the ScenarioError that mapping `yaml` throws ("" if none).
std::string refusal(const std::string& yaml) {
  try {
    (void)map(yaml);
  } catch (const sim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(Mapping, SupportedFieldsMapToTheVmConfig) {
  const MappedRun run = map(kBase);
  EXPECT_EQ(run.config.guest_image, "guest.elf");
  EXPECT_EQ(run.config.scheme, vmm::TimerScheme::user_pit);
  EXPECT_EQ(run.config.lost_tick_policy, vmm::LostTickPolicy::delay);
  EXPECT_EQ(run.config.clock, vmm::ClockKind::kvmclock);
  EXPECT_EQ(run.config.hz, 100u);
  EXPECT_EQ(run.config.period, 20ms);
  EXPECT_EQ(run.config.duration, 2s);
  EXPECT_EQ(run.config.sample_interval, 50ms);
  EXPECT_EQ(run.config.seed, 7u);
  EXPECT_EQ(run.seed, 7u);
  EXPECT_GT(run.config.timeout, run.config.duration);
  EXPECT_EQ(run.workload, "cyclic");
  EXPECT_EQ(run.scheduling.nice, 3);
  EXPECT_EQ(run.scheduling.affinity, std::vector<int>{1});
}

TEST(Mapping, JiffiesAndDiscard) {
  std::string yaml = kBase;
  yaml.replace(yaml.find("pvclock"), 7, "jiffies");
  yaml.replace(yaml.find("delay"), 5, "discard");
  const MappedRun run = map(yaml);
  EXPECT_EQ(run.config.clock, vmm::ClockKind::jiffies);
  EXPECT_EQ(run.config.lost_tick_policy, vmm::LostTickPolicy::discard);
}

TEST(Mapping, KernelPitTakesReinjectionFromThePolicy) {
  MappingOptions options;
  options.kernel_pit = true;
  const MappedRun delay = map(kBase, options);
  EXPECT_EQ(delay.config.scheme, vmm::TimerScheme::kernel_pit);
  EXPECT_TRUE(delay.config.kernel_pit_reinject);
  std::string yaml = kBase;
  yaml.replace(yaml.find("delay"), 5, "discard");
  EXPECT_FALSE(map(yaml, options).config.kernel_pit_reinject);
}

TEST(Mapping, SeedOptionOverridesTheScenario) {
  MappingOptions options;
  options.seed = 99;
  const MappedRun run = map(kBase, options);
  EXPECT_EQ(run.seed, 99u);
  EXPECT_EQ(run.config.seed, 99u);
}

TEST(Mapping, ModelCostsAreListedAsIgnored) {
  const MappedRun run = map(kBase);
  std::string all;
  for (const auto& note : run.ignored) all += note + "\n";
  EXPECT_NE(all.find("vmm.vm_exit"), std::string::npos) << all;
  EXPECT_NE(all.find("guest.tick_cost"), std::string::npos) << all;
  EXPECT_NE(all.find("vmm.pvclock_update_interval"), std::string::npos) << all;
}

struct Unsupported {
  const char* name;  ///< the test's name
  const char* from;
  const char* to;
  const char* message;
};

class UnsupportedField : public ::testing::TestWithParam<Unsupported> {};

TEST_P(UnsupportedField, IsAnErrorNamingTheField) {
  std::string yaml = kBase;
  const auto at = yaml.find(GetParam().from);
  ASSERT_NE(at, std::string::npos);
  yaml.replace(at, std::string(GetParam().from).size(), GetParam().to);
  const std::string message = refusal(yaml);
  EXPECT_NE(message.find(GetParam().message), std::string::npos) << "got: " << message;
  EXPECT_EQ(message.rfind("test.yaml", 0), 0u) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Mapping, UnsupportedField,
    ::testing::Values(
        Unsupported{"outsourced", "hz: 100", "hz: 100\n  timers: outsourced", "realvm: guest.timers: outsourced is not supported by the real VM yet"},
        Unsupported{"tsc", "pvclock", "tsc", "realvm: guest.clocksource: tsc is not supported"},
        Unsupported{"lapic", "timer_device: pit", "timer_device: lapic", "realvm: vmm.timer_device: lapic is not supported"},
        Unsupported{"merge", "lost_tick_policy: delay", "lost_tick_policy: merge", "realvm: vmm.lost_tick_policy: merge is not supported"},
        Unsupported{"timer_nice", "nice: 3,", "nice: 3, timer_nice: -5,", "realvm: vmm.timer_nice"},
        Unsupported{"timer_slack", "nice: 3,", "nice: 3, timer_slack: 1us,", "realvm: vmm.timer_slack"},
        Unsupported{"tsc_ppm", "cpus: 2", "cpus: 2, tsc_ppm: 10", "realvm: host.tsc_ppm"},
        Unsupported{"ntp", "run:", "ntp: {poll_interval: 16s}\nrun:", "realvm: ntp"},
        Unsupported{"media", "period: 20ms}", "period: 20ms}, {name: film, kind: media, fps: 25}",
                    "test.yaml:7:67: realvm: guest.workloads[1] (film): kind media is not supported"},
        Unsupported{"second_timer", "period: 20ms}", "period: 20ms}, {name: second, kind: periodic_timer, period: 5ms}",
                    "guest.workloads[1] (second): a second periodic_timer workload is not supported"},
        Unsupported{"start", "period: 20ms}", "period: 20ms, start: 1s}", "guest.workloads[0] (cyclic).start"},
        Unsupported{"no_workload", "workloads: [{name: cyclic, kind: periodic_timer, period: 20ms}]", "workloads: []",
                    "realvm: guest.workloads: a run without a periodic_timer workload"}),
    [](const ::testing::TestParamInfo<Unsupported>& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace vtick::realvm::runner
