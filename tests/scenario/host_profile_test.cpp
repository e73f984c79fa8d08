// host.wakeup_latency in both syntaxes, and `host_profile:` (the measured costs `vtick
// calibrate` writes): what it may hold, its errors, and the merge rule (scenario wins).
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario_parser.hpp"

namespace vtick::sim {
namespace {

const std::string kDir = std::string(VTICK_SOURCE_DIR) + "/tests/scenario";
const std::string kScenario = kDir + "/t.yaml";  // never opened: it places the profiles

std::string error_of(std::string_view yaml, const std::string& file = "t.yaml") {
  try {
    (void)parse_scenario(yaml, file);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

// The message starts with `prefix` (FILE:LINE:COL: FIELD: ) and goes on to contain `reason`.
void expect_error(std::string_view yaml, const std::string& prefix, std::string_view reason,
                  const std::string& file = "t.yaml") {
  const std::string what = error_of(yaml, file);
  EXPECT_EQ(what.substr(0, prefix.size()), prefix) << what;
  EXPECT_NE(what.find(reason, prefix.size()), std::string::npos) << what;
}

TEST(WakeupLatencyField, AbsentIsNoLatency) {
  EXPECT_TRUE(parse_scenario("run: {duration: 1s}\n", "t.yaml").host.wakeup_latency.quantiles.empty());
}

TEST(WakeupLatencyField, OneDurationIsAConstant) {
  const Scenario s = parse_scenario("run: {duration: 1s}\nhost: {wakeup_latency: 30us}\n", "t.yaml");
  EXPECT_EQ(s.host.wakeup_latency.quantiles, (std::vector<TimeNs>{30 * kNsPerUs}));
}

TEST(WakeupLatencyField, QuantilesAreReadInOrder) {
  const Scenario s = parse_scenario(
      "run: {duration: 1s}\nhost:\n  wakeup_latency:\n    quantiles: [21us, 30us, 30us, 410us]\n", "t.yaml");
  EXPECT_EQ(s.host.wakeup_latency.quantiles,
            (std::vector<TimeNs>{21 * kNsPerUs, 30 * kNsPerUs, 30 * kNsPerUs, 410 * kNsPerUs}));
}

TEST(WakeupLatencyField, Errors) {
  expect_error("run: {duration: 1s}\nhost: {wakeup_latency: {quantiles: [2us, 3us, 1us]}}\n",
               "t.yaml:2:47: host.wakeup_latency.quantiles[2]: ",
               "quantiles must be non-decreasing: 1us follows 3us");
  expect_error("run: {duration: 1s}\nhost: {wakeup_latency: {quantiles: [2us]}}\n",
               "t.yaml:2:36: host.wakeup_latency.quantiles: ", "needs at least 2 quantiles");
  expect_error("run: {duration: 1s}\nhost: {wakeup_latency: -5us}\n", "t.yaml:2:24: host.wakeup_latency: ",
               "negative time '-5us'");
  expect_error("run: {duration: 1s}\nhost: {wakeup_latency: {quantiles: [2us, 30]}}\n",
               "t.yaml:2:42: host.wakeup_latency.quantiles[1]: ", "30");
  expect_error("run: {duration: 1s}\nhost: {wakeup_latency: [2us, 3us]}\n", "t.yaml:2:24: host.wakeup_latency: ",
               "expected a duration (a constant) or {quantiles: [...]}, got a list");
  expect_error("run: {duration: 1s}\nhost: {wakeup_latency: {quantile: [2us, 3us]}}\n",
               "t.yaml:2:25: host.wakeup_latency.quantile: ", "(did you mean 'quantiles'?)");
}

TEST(HostProfile, SuppliesEveryMeasuredCost) {
  const Scenario s = parse_scenario("host_profile: profiles/measured.yaml\nrun: {duration: 1s}\n", kScenario);
  EXPECT_EQ(s.host_profile, "profiles/measured.yaml");
  EXPECT_EQ(s.host.scheduler.context_switch_ns, 3100);
  EXPECT_EQ(s.host.hrtimer_slack_ns, 40 * kNsPerUs);
  EXPECT_EQ(s.host.wakeup_latency.quantiles,
            (std::vector<TimeNs>{21 * kNsPerUs, 30 * kNsPerUs, 34 * kNsPerUs, 60 * kNsPerUs, 410 * kNsPerUs}));
  EXPECT_EQ(s.vmm.vm_exit_ns, 14 * kNsPerUs);
  EXPECT_EQ(s.vmm.inject_ns, 65 * kNsPerUs);
  EXPECT_EQ(s.vmm.device_cost_ns, 5 * kNsPerUs);
  EXPECT_EQ(s.guest.tick_cost_ns, 40 * kNsPerUs);
  EXPECT_EQ(s.guest.timer_callback_cost_ns, 10 * kNsPerUs);
  // Untouched by a profile: everything it may not hold.
  const Scenario defaults;
  EXPECT_EQ(s.host.cpus, defaults.host.cpus);
  EXPECT_EQ(s.host.scheduler.sched_latency_ns, defaults.host.scheduler.sched_latency_ns);
}

TEST(HostProfile, ValuesTheScenarioSetsWin) {
  const Scenario s = parse_scenario(
      "host_profile: profiles/measured.yaml\n"
      "host:\n"
      "  cpus: 2\n"
      "  scheduler: {context_switch: 2us}\n"
      "  wakeup_latency: 7us\n"
      "vmm: {inject: 9us}\n"
      "guest: {hz: 1000}\n"
      "run: {duration: 1s}\n",
      kScenario);
  EXPECT_EQ(s.host.cpus, 2);
  EXPECT_EQ(s.host.scheduler.context_switch_ns, 2 * kNsPerUs);
  EXPECT_EQ(s.host.wakeup_latency.quantiles, (std::vector<TimeNs>{7 * kNsPerUs}));
  EXPECT_EQ(s.vmm.inject_ns, 9 * kNsPerUs);
  EXPECT_EQ(s.guest.hz, 1000);
  // The rest still comes from the profile.
  EXPECT_EQ(s.host.hrtimer_slack_ns, 40 * kNsPerUs);
  EXPECT_EQ(s.vmm.vm_exit_ns, 14 * kNsPerUs);
  EXPECT_EQ(s.guest.tick_cost_ns, 40 * kNsPerUs);
}

TEST(HostProfile, WithoutOneNothingIsRecorded) {
  EXPECT_EQ(parse_scenario("run: {duration: 1s}\n", "t.yaml").host_profile, "");
}

TEST(HostProfile, AMissingFileIsReportedAtTheKey) {
  expect_error("run: {duration: 1s}\nhost_profile: profiles/absent.yaml\n", kScenario + ":2:15: host_profile: ",
               "cannot read host profile '" + kDir + "/profiles/absent.yaml': No such file or directory", kScenario);
}

std::string at_profile(const std::string& name, int line, int column, const std::string& field) {
  return kDir + "/profiles/" + name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + field;
}

void expect_profile_error(const std::string& name, const std::string& prefix, std::string_view reason) {
  expect_error("host_profile: profiles/" + name + "\nrun: {duration: 1s}\n", prefix, reason, kScenario);
}

TEST(HostProfile, ErrorsPointIntoTheProfile) {
  expect_profile_error("not-a-cost.yaml", at_profile("not-a-cost.yaml", 3, 3, "host.cpus: "),
                       "a host profile holds measured costs and kernel facts only; 'cpus' is not one (host: hz, hrtimer_slack, wakeup_latency, noise, stalls, background)");
  expect_profile_error("not-a-section.yaml", at_profile("not-a-section.yaml", 2, 1, "run: "),
                       "a host profile holds measured costs and kernel facts only");
  expect_profile_error("not-a-mapping.yaml", at_profile("not-a-mapping.yaml", 1, 1, ""),
                       "a host profile must be a mapping of sections");
  expect_profile_error("unsorted.yaml", at_profile("unsorted.yaml", 2, 44, "host.wakeup_latency.quantiles[2]: "),
                       "quantiles must be non-decreasing: 25us follows 30us");
  expect_profile_error("one-quantile.yaml", at_profile("one-quantile.yaml", 3, 16, "host.wakeup_latency.quantiles: "),
                       "needs at least 2 quantiles");
  expect_profile_error("negative.yaml", at_profile("negative.yaml", 2, 11, "vmm.inject: "), "negative time '-65us'");
  expect_profile_error("bad-duration.yaml", at_profile("bad-duration.yaml", 2, 19, "scheduler.context_switch: "),
                       "3100");
  expect_profile_error("calibration-list.yaml", at_profile("calibration-list.yaml", 1, 14, "calibration: "),
                       "expected a mapping");
  expect_profile_error("tick-budget.yaml", at_profile("tick-budget.yaml", 2, 14, "guest.tick_cost: "),
                       "is not less than the tick period");
}

TEST(HostProfile, AnEmptyProfileIsAnError) {
  expect_profile_error("empty.yaml", kDir + "/profiles/empty.yaml: ", "the host profile is empty");
}

}  // namespace
}  // namespace vtick::sim
