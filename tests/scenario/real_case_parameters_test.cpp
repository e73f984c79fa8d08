// No tuning to traces: a scenario that describes a real case (scenarios/realvm: our VMM,
// scenarios/linux: Debian's Linux under QEMU) takes every scheduler and cost parameter from its
// host profile (`vtick calibrate`) or from the kernel's documented defaults, never from a value
// written into the file, where it could have been adjusted until a trace matched.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario_parser.hpp"

namespace vtick::sim {
namespace {

namespace fs = std::filesystem;

/// The dotted fields of `root` a real case must not set: any host.scheduler field (the kernel's
/// defaults, or the profile's class and measured context switch) and any field a host profile
/// can carry (measured costs and kernel facts).
std::vector<std::string> tuned_fields(const YAML::Node& root) {
  std::vector<std::string> found;
  if (root["host"] && root["host"]["scheduler"]) found.emplace_back("host.scheduler");
  for (const std::string& field : host_profile_fields()) {
    const auto dot = field.find('.');
    const std::string section = field.substr(0, dot);
    std::string rest = field.substr(dot + 1);
    YAML::Node node = root[section];
    if (rest.starts_with("scheduler.")) {
      if (!node || !node["scheduler"]) continue;
      node = node["scheduler"];
      rest = rest.substr(std::string("scheduler.").size());
    }
    if (node && node.IsMap() && node[rest]) found.push_back(field);
  }
  return found;
}

std::vector<fs::path> real_case_files() {
  std::vector<fs::path> files;
  for (const char* dir : {"scenarios/realvm", "scenarios/linux"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(VTICK_SOURCE_DIR) / dir)) {
      if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(RealCaseParameters, TheProfileFieldsIncludeEveryMeasuredCostAndKernelFact) {
  const std::vector<std::string> fields = host_profile_fields();
  for (const char* field : {"host.scheduler.class", "host.scheduler.context_switch", "host.hz", "host.wakeup_latency",
                            "host.noise", "host.stalls", "host.background", "host.hrtimer_slack", "vmm.vm_exit", "vmm.inject", "vmm.device_cost",
                            "vmm.vcpu_tick_cost", "vmm.vcpu_callback_cost", "vmm.vcpu_sample_cost", "guest.tick_cost"}) {
    EXPECT_TRUE(std::binary_search(fields.begin(), fields.end(), field)) << field;
  }
}

TEST(RealCaseParameters, TheCheckFindsATunedField) {
  EXPECT_EQ(tuned_fields(YAML::Load("vmm: {inject: 5us, affinity: [0]}")), std::vector<std::string>{"vmm.inject"});
  EXPECT_EQ(tuned_fields(YAML::Load("host: {scheduler: {base_slice: 3ms}}")),
            std::vector<std::string>{"host.scheduler"});
  EXPECT_EQ(tuned_fields(YAML::Load("host: {hz: 1000, cpus: 2}")), std::vector<std::string>{"host.hz"});
  EXPECT_TRUE(tuned_fields(YAML::Load("host: {cpus: 2}\nvmm: {timer_slack: 0ns}")).empty());
}

TEST(RealCaseParameters, NoRealCaseSetsASchedulerOrCostParameter) {
  const std::vector<fs::path> files = real_case_files();
  ASSERT_GE(files.size(), 20u) << "the real cases moved: this test must find them";
  for (const fs::path& file : files) {
    const YAML::Node root = YAML::LoadFile(file.string());
    EXPECT_TRUE(root["host_profile"]) << file << ": a real case takes its costs from a host profile";
    const std::vector<std::string> tuned = tuned_fields(root);
    EXPECT_TRUE(tuned.empty()) << file << " sets " << tuned.front()
                               << ": a real case's scheduler and cost parameters come from its host_profile "
                                  "(vtick calibrate) or the kernel's defaults";
  }
}

}  // namespace
}  // namespace vtick::sim
