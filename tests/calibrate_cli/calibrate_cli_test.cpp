// `vtick calibrate --quick --strict --out FILE` on this host (about 15 s): it writes a
// profile with every key the format allows and calibrate measures, plausible values, and
// says where each came from. Skipped (exit 4) where /dev/kvm or QEMU is missing.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "calibration/quantiles.hpp"
#include "sim/duration.hpp"

namespace {

namespace fs = std::filesystem;

const std::string kVtick = std::string(VTICK_BINARY_DIR) + "/tools/vtick";
constexpr int kExitNoKvm = 4;

struct Outcome {
  int code = -1;
  std::string stderr_text;
};

Outcome calibrate(const std::string& args, const std::string& name) {
  const fs::path err = fs::path(VTICK_BINARY_DIR) / "cli-test-out" / (name + "-stderr.txt");
  fs::create_directories(err.parent_path());
  const int status = std::system((kVtick + " calibrate " + args + " >/dev/null 2>" + err.string()).c_str());
  std::ifstream in(err);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1,
          std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>())};
}

std::int64_t ns(const YAML::Node& node) { return vtick::sim::parse_duration(node.as<std::string>()); }

TEST(CalibrateCli, QuickRunWritesEveryKey) {
  const fs::path file = fs::path(VTICK_BINARY_DIR) / "cli-test-out" / "calibrate-quick.yaml";
  fs::remove(file);
  const Outcome outcome = calibrate("--quick --strict --note 'CTest' --out " + file.string(), "calibrate-quick");
  if (outcome.code == kExitNoKvm) GTEST_SKIP() << outcome.stderr_text;
  ASSERT_EQ(outcome.code, 0) << outcome.stderr_text;
  // A progress line per stage.
  for (const char* stage : {"timer wake-up, idle", "context switch", "KVM", "VMM demand, qemu_tcg"}) {
    EXPECT_NE(outcome.stderr_text.find(stage), std::string::npos) << stage << "\n" << outcome.stderr_text;
  }
  const YAML::Node doc = YAML::LoadFile(file.string());
  const YAML::Node c = doc["calibration"];
  EXPECT_EQ(c["tool"].as<std::string>(), "vtick calibrate");
  EXPECT_EQ(c["mode"].as<std::string>(), "quick");
  EXPECT_EQ(c["conditions"]["note"].as<std::string>(), "CTest");
  for (const char* key : {"wakeup", "context_switch", "vm_exit", "injection", "device_cost", "vmm_demand"}) {
    EXPECT_TRUE(c["measured"][key]) << key;
  }
  for (const char* key : {"wakeup_latency", "hrtimer_slack", "context_switch", "vm_exit", "inject", "device_cost"}) {
    EXPECT_TRUE(c["derived"][key]) << key;
  }
  EXPECT_EQ(c["skipped"].size(), 0u);

  const std::int64_t context_switch = ns(doc["scheduler"]["context_switch"]);
  EXPECT_GT(context_switch, 100);
  EXPECT_LT(context_switch, 1'000'000);
  EXPECT_GT(ns(doc["host"]["hrtimer_slack"]), 0);
  const YAML::Node q = doc["host"]["wakeup_latency"]["quantiles"];
  ASSERT_EQ(q.size(), vtick::calibration::kWakeupQuantiles);
  std::int64_t previous = 1;
  for (const auto& v : q) {
    EXPECT_GE(ns(v), previous);
    previous = ns(v);
  }
  for (const char* key : {"vm_exit", "inject", "device_cost"}) EXPECT_GT(ns(doc["vmm"][key]), 0) << key;
  // The per-tick cost is a difference of two short runs' CPU rates; noise can make it
  // negative, and then it is floored at 0 and the floor recorded (once seen in CI, run alone).
  const YAML::Node vcpu = c["measured"]["vmm_demand"]["qemu_tcg"]["by_role"]["vcpu"];
  ASSERT_TRUE(vcpu["floored_at_0"]);
  const std::int64_t tick_cost = ns(doc["engines"]["qemu_tcg"]["vcpu_tick_cost"]);
  EXPECT_GE(tick_cost, 0);
  EXPECT_TRUE(tick_cost > 0 || vcpu["floored_at_0"].as<int>() > 0) << "a zero cost must come from a recorded floor";
  EXPECT_TRUE(c["measured"]["vmm_demand"]["qemu_tcg"]["by_role"]["main_loop"]);
}

// Without QEMU its part is skipped, said and listed, and the rest written; --strict makes
// that exit 4 (without it, 0). KVM's absence takes the same path (not reproducible here).
TEST(CalibrateCli, MissingQemuIsSkippedAndStrictSaysSo) {
  const fs::path file = fs::path(VTICK_BINARY_DIR) / "cli-test-out" / "calibrate-no-qemu.yaml";
  fs::remove(file);
  const Outcome outcome =
      calibrate("--quick --strict --qemu /nonexistent/qemu-system-x86_64 --out " + file.string(), "calibrate-no-qemu");
  ASSERT_EQ(outcome.code, kExitNoKvm) << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find("warning: skipped engines.qemu_tcg: no QEMU"), std::string::npos)
      << outcome.stderr_text;
  const YAML::Node doc = YAML::LoadFile(file.string());
  EXPECT_FALSE(doc["calibration"]["measured"]["vmm_demand"]["qemu_tcg"]);
  EXPECT_FALSE(doc["engines"] && doc["engines"]["qemu_tcg"]);
  bool listed = false;  // (a host without /dev/kvm lists the vmm. keys too)
  for (const auto& part : doc["calibration"]["skipped"]) listed |= part.as<std::string>().find("engines.qemu_tcg:") != std::string::npos;
  EXPECT_TRUE(listed);
  EXPECT_TRUE(doc["host"]["wakeup_latency"]);
  EXPECT_TRUE(doc["scheduler"]["context_switch"]);
}

TEST(CalibrateCli, MissingGuestImageIsBadInput) {
  const Outcome outcome = calibrate("--quick --guest /nonexistent/guest.elf --out /dev/null", "calibrate-no-guest");
  EXPECT_EQ(outcome.code, 2) << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find("/nonexistent/guest.elf"), std::string::npos) << outcome.stderr_text;
}

}  // namespace
