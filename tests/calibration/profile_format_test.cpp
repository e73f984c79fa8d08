// The profile writer's YAML against the agreed format (docs/calibration.md, "The file"):
// only the allowed keys, in a fixed order, durations as integer nanoseconds, 21
// non-decreasing wake-up quantiles; and the fields today's scenario parser knows come
// through it unchanged when placed where a scenario has them. (host.wakeup_latency and the
// host_profile: key arrive with the model change; its integration test reads a real profile.)
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "calibration/host_profile.hpp"
#include "sim/duration.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::calibration {
namespace {

HostProfile sample_profile() {
  HostProfile p;
  p.header = {"Written by a test"};
  p.calibration["tool"] = "vtick calibrate";
  p.calibration["commit"] = "abc123";
  p.calibration["conditions"]["cpu_model"] = "Some CPU: with a colon, and # hash";
  p.calibration["conditions"]["load_average_before"] = {0.5, 0.25, 1.0};
  p.calibration["measured"]["context_switch"]["per_switch"] = {{"samples", 20}, {"p50_ns", 3100}};
  p.context_switch = ProfileValue{3100, "pipe ping-pong"};
  p.hrtimer_slack = ProfileValue{50'000, "default"};
  for (int i = 0; i < 21; ++i) p.wakeup_quantiles.push_back(20'000 + 1000 * i * i);
  p.wakeup_comment = "idle";
  p.vm_exit = ProfileValue{14'123, "exit"};
  p.inject = ProfileValue{65'001, "inject"};
  p.device_cost = ProfileValue{5'432, "device"};
  return p;
}

std::set<std::string> allowed_keys() {
  const std::vector<std::string> keys = sim::host_profile_keys();
  return {keys.begin(), keys.end()};
}

std::int64_t ns_of(const YAML::Node& node) {
  const std::string text = node.as<std::string>();
  EXPECT_TRUE(text.size() > 2 && text.substr(text.size() - 2) == "ns") << text;
  EXPECT_TRUE(std::all_of(text.begin(), text.end() - 2, [](char c) { return c >= '0' && c <= '9'; })) << text;
  return sim::parse_duration(text);
}

TEST(ProfileFormat, OnlyAllowedKeysInFixedOrder) {
  const YAML::Node doc = YAML::Load(profile_yaml(sample_profile()));
  std::vector<std::string> sections;
  for (const auto& section : doc) {
    const auto name = section.first.as<std::string>();
    sections.push_back(name);
    if (name == "calibration") {
      EXPECT_TRUE(section.second.IsMap());
      continue;
    }
    for (const auto& field : section.second) {
      const std::string key = name + "." + field.first.as<std::string>();
      EXPECT_TRUE(allowed_keys().count(key)) << key;
    }
  }
  EXPECT_EQ(sections, (std::vector<std::string>{"calibration", "scheduler", "host", "vmm"}));
  std::vector<std::string> vmm;
  for (const auto& field : doc["vmm"]) vmm.push_back(field.first.as<std::string>());
  EXPECT_EQ(vmm, (std::vector<std::string>{"vm_exit", "inject", "device_cost"}));
}

TEST(ProfileFormat, DurationsAreIntegerNanoseconds) {
  const YAML::Node doc = YAML::Load(profile_yaml(sample_profile()));
  EXPECT_EQ(ns_of(doc["scheduler"]["context_switch"]), 3100);
  EXPECT_EQ(ns_of(doc["host"]["hrtimer_slack"]), 50'000);
  EXPECT_EQ(ns_of(doc["vmm"]["vm_exit"]), 14'123);
  EXPECT_EQ(ns_of(doc["vmm"]["inject"]), 65'001);
  EXPECT_EQ(ns_of(doc["vmm"]["device_cost"]), 5'432);
  const YAML::Node q = doc["host"]["wakeup_latency"]["quantiles"];
  ASSERT_TRUE(q.IsSequence());
  ASSERT_EQ(q.size(), 21u);
  std::int64_t previous = 0;
  for (const auto& value : q) {
    const std::int64_t ns = ns_of(value);
    EXPECT_GE(ns, previous);
    previous = ns;
  }
}

TEST(ProfileFormat, CalibrationKeepsTypesAndText) {
  const std::string text = profile_yaml(sample_profile());
  EXPECT_EQ(text.rfind("# Written by a test\n", 0), 0u) << text;
  const YAML::Node c = YAML::Load(text)["calibration"];
  EXPECT_EQ(c["conditions"]["cpu_model"].as<std::string>(), "Some CPU: with a colon, and # hash");
  EXPECT_EQ(c["measured"]["context_switch"]["per_switch"]["p50_ns"].as<long long>(), 3100);
  EXPECT_EQ(c["conditions"]["load_average_before"].size(), 3u);
  EXPECT_NE(text.find("load_average_before: [0.5, 0.25, 1]"), std::string::npos) << text;  // no binary noise
  // Keys come out in insertion order, not sorted.
  std::vector<std::string> keys;
  for (const auto& k : c) keys.push_back(k.first.as<std::string>());
  EXPECT_EQ(keys, (std::vector<std::string>{"tool", "commit", "conditions", "measured"}));
}

TEST(ProfileFormat, AbsentValuesAndEmptySectionsAreLeftOut) {
  HostProfile p = sample_profile();
  p.vm_exit.reset();
  p.inject.reset();
  p.device_cost.reset();
  p.context_switch.reset();
  const YAML::Node doc = YAML::Load(profile_yaml(p));
  EXPECT_FALSE(doc["vmm"]);
  EXPECT_FALSE(doc["scheduler"]);
  EXPECT_TRUE(doc["host"]["wakeup_latency"]);
}

// Today's parser reads context_switch under host.scheduler; the profile has it in a section
// of its own, as the format says (the profile loader maps it).
TEST(ProfileFormat, TodaysScenarioParserAcceptsTheValues) {
  const YAML::Node profile = YAML::Load(profile_yaml(sample_profile()));
  YAML::Node scenario;
  scenario["run"]["duration"] = "1s";
  scenario["host"]["hrtimer_slack"] = profile["host"]["hrtimer_slack"];
  scenario["host"]["scheduler"]["context_switch"] = profile["scheduler"]["context_switch"];
  for (const auto& field : profile["vmm"]) scenario["vmm"][field.first.as<std::string>()] = field.second;
  YAML::Emitter out;
  out << scenario;
  const sim::Scenario s = sim::parse_scenario(out.c_str(), "profile-as-scenario.yaml");
  EXPECT_EQ(s.host.hrtimer_slack_ns, 50'000);
  EXPECT_EQ(s.host.scheduler.context_switch_ns, 3100);
  EXPECT_EQ(s.vmm.vm_exit_ns, 14'123);
  EXPECT_EQ(s.vmm.inject_ns, 65'001);
  EXPECT_EQ(s.vmm.device_cost_ns, 5'432);
}

}  // namespace
}  // namespace vtick::calibration
