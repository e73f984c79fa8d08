// The scenario rewriting of `vtick loadcurve`, checked field by field against the shipped
// files it starts from (read by hand: idle-pit-discard has no load and no vmm.affinity on 2
// CPUs; loaded-jiffies has 2 hogs on CPU 0 and the VMM on CPU 0).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "loadcurve/hog_scenario.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::loadcurve {
namespace {

const std::string kSource = VTICK_SOURCE_DIR;
const std::string kProfile = kSource + "/scenarios/profiles/this-host.yaml";

std::string read(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

sim::Scenario rewrite(const std::string& relative, int hogs, bool pinned) {
  const std::string file = kSource + "/" + relative;
  const sim::Scenario original = sim::load_scenario_file(file);
  const std::string yaml = hog_scenario_yaml(read(file), original, {hogs, pinned, 30 * sim::kNsPerSec, kProfile});
  return sim::parse_scenario(yaml, "/tmp/loadcurve/hogs.yaml");
}

TEST(HogScenario, PinnedHogsGoWhereTheVmmIsAndAnUnpinnedVmmIsPinnedToCpu0First) {
  const sim::Scenario s = rewrite("scenarios/realvm/idle-pit-discard.yaml", 2, true);
  ASSERT_EQ(s.load.size(), 1u);
  EXPECT_EQ(s.load[0].name, "hog");
  EXPECT_EQ(s.load[0].kind, sim::LoadKind::CpuHog);
  EXPECT_EQ(s.load[0].count, 2);
  EXPECT_EQ(s.load[0].affinity, std::vector<int>{0});
  EXPECT_EQ(s.load[0].nice, 0);
  EXPECT_EQ(s.vmm.affinity, std::vector<int>{0});
  EXPECT_EQ(s.name, "realvm-idle-pit-discard-hogs-2-pinned");
}

TEST(HogScenario, UnpinnedHogsReplaceTheScenarioLoadAndTheVmmKeepsItsCpu) {
  const sim::Scenario s = rewrite("scenarios/linux/loaded-jiffies.yaml", 3, false);
  ASSERT_EQ(s.load.size(), 1u);
  EXPECT_EQ(s.load[0].count, 3);
  EXPECT_TRUE(s.load[0].affinity.empty()) << "unpinned: every CPU";
  EXPECT_EQ(s.vmm.affinity, std::vector<int>{0}) << "the scenario's own vmm.affinity stays";
  EXPECT_EQ(s.name, "linux-loaded-jiffies-hogs-3-unpinned");
}

TEST(HogScenario, PinnedHogsFollowAnExplicitVmmAffinity) {
  const sim::Scenario s = rewrite("scenarios/linux/loaded-jiffies.yaml", 6, true);
  ASSERT_EQ(s.load.size(), 1u);
  EXPECT_EQ(s.load[0].count, 6);
  EXPECT_EQ(s.load[0].affinity, std::vector<int>{0});
}

TEST(HogScenario, ZeroHogsIsNoLoadAtAll) {
  EXPECT_TRUE(rewrite("scenarios/linux/loaded-jiffies.yaml", 0, true).load.empty());
  EXPECT_TRUE(rewrite("scenarios/realvm/idle-pit-discard.yaml", 0, false).load.empty());
}

TEST(HogScenario, DurationSamplingProfileAndExpectationsChangeTheRestDoesNot) {
  const std::string file = kSource + "/scenarios/realvm/idle-pit-discard.yaml";
  const sim::Scenario original = sim::load_scenario_file(file);
  const sim::Scenario s = rewrite("scenarios/realvm/idle-pit-discard.yaml", 1, false);
  EXPECT_EQ(s.run.duration_ns, 30 * sim::kNsPerSec);  // the file says 2s
  EXPECT_EQ(s.run.sampling, sim::Sampling::GuestTimer);
  EXPECT_EQ(s.host_profile, kProfile);
  EXPECT_TRUE(s.expect.empty()) << "the file has 3 expectations, written for its own load";
  EXPECT_EQ(s.host.cpus, 2);
  EXPECT_EQ(s.guest.hz, 100);
  EXPECT_EQ(s.guest.clocksource, sim::Clocksource::Jiffies);
  EXPECT_EQ(s.vmm.lost_tick_policy, sim::LostTickPolicyKind::Discard);
  EXPECT_EQ(s.vmm.timer_slack_ns, std::optional<sim::TimeNs>(0));
  ASSERT_EQ(s.guest.workloads.size(), 1u);
  EXPECT_EQ(s.guest.workloads[0].period_ns, 20 * sim::kNsPerMs);
  EXPECT_EQ(s.run.sample_interval_ns, 50 * sim::kNsPerMs);
  EXPECT_EQ(s.host.scheduler.scheduler_class, original.host.scheduler.scheduler_class);
  EXPECT_EQ(s.host.hz, original.host.hz);
}

TEST(HogScenario, NoProfileLeavesTheKeyOut) {
  const std::string file = kSource + "/scenarios/realvm/idle-pit-discard.yaml";
  const sim::Scenario original = sim::load_scenario_file(file);
  const std::string yaml = hog_scenario_yaml(read(file), original, {1, false, 30 * sim::kNsPerSec, ""});
  EXPECT_EQ(yaml.find("host_profile"), std::string::npos) << yaml;
  EXPECT_TRUE(sim::parse_scenario(yaml, "/tmp/loadcurve/hogs.yaml").host_profile.empty());
}

}  // namespace
}  // namespace vtick::loadcurve
