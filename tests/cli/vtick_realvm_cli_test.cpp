// `vtick realvm run` and `vtick realvm qemu` end to end: bad input exits 2 with
// file:line:col before any VM starts, a missing guest image is bad input, a scenario QEMU
// cannot run is bad input naming the field, a missing QEMU is exit 4, and a real run writes
// its files (skipped, via exit 4, where this host has no usable /dev/kvm or no QEMU).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

const std::string kVtick = std::string(VTICK_BINARY_DIR) + "/tools/vtick";
constexpr int kExitNoKvm = 4;

struct Outcome {
  int code = -1;
  std::string stderr_text;
};

/// The running test's own directory: CTest runs this suite's tests in parallel, each as its
/// own process, so no two of them may share a file.
fs::path test_dir() {
  return fs::path(VTICK_BINARY_DIR) / "cli-test-out" / ::testing::UnitTest::GetInstance()->current_test_info()->name();
}

/// `vtick realvm COMMAND ARGS`, its stderr in the test's own directory.
Outcome realvm(const std::string& command, const std::string& args) {
  const fs::path err = test_dir() / ("realvm-" + command + "-stderr.txt");
  fs::create_directories(err.parent_path());
  const int status = std::system((kVtick + " realvm " + command + " " + args + " >/dev/null 2>" + err.string()).c_str());
  std::ifstream in(err);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

Outcome realvm_run(const std::string& args) { return realvm("run", args); }

fs::path write_scenario(const std::string& name, const std::string& yaml) {
  const fs::path file = test_dir() / (name + ".yaml");
  fs::create_directories(file.parent_path());
  std::ofstream(file) << yaml;
  return file;
}

constexpr const char* kValid = R"(host: {cpus: 2}
vmm: {timer_device: pit, lost_tick_policy: discard}
guest:
  hz: 100
  workloads: [{name: cyclic, kind: periodic_timer, period: 20ms}]
run: {duration: 1s}
)";

TEST(VtickRealvmCli, UnsupportedWorkloadIsBadInputAtItsPosition) {
  const fs::path file = write_scenario(
      "realvm-busy", "guest:\n  hz: 100\n  workloads:\n    - {name: build, kind: busy}\nrun: {duration: 1s}\n");
  const Outcome out = realvm_run(file.string());
  EXPECT_EQ(out.code, 2);
  EXPECT_NE(out.stderr_text.find(file.string() + ":4:7: realvm: guest.workloads[0] (build): kind busy is not supported"),
            std::string::npos)
      << out.stderr_text;
}

TEST(VtickRealvmCli, ScenarioSyntaxErrorIsBadInput) {
  const fs::path file = write_scenario("realvm-typo", "run: {duratoin: 1s}\n");
  const Outcome out = realvm_run(file.string());
  EXPECT_EQ(out.code, 2);
  EXPECT_NE(out.stderr_text.find(file.string() + ":1:7:"), std::string::npos) << out.stderr_text;
}

TEST(VtickRealvmCli, MissingGuestImageIsBadInput) {
  const Outcome out = realvm_run(write_scenario("realvm-valid", kValid).string() + " --guest /nonexistent/guest.elf");
  EXPECT_EQ(out.code, 2);
  EXPECT_NE(out.stderr_text.find("/nonexistent/guest.elf"), std::string::npos) << out.stderr_text;
}

TEST(VtickRealvmCli, RealRunWritesTheThreeFiles) {
  const fs::path dir = fs::path(VTICK_BINARY_DIR) / "cli-test-out" / "realvm-run";
  fs::remove_all(dir);
  const Outcome out = realvm_run(write_scenario("realvm-valid", kValid).string() + " --quiet --out " + dir.string());
  if (out.code == kExitNoKvm) GTEST_SKIP() << out.stderr_text;
  ASSERT_EQ(out.code, 0) << out.stderr_text;
  for (const char* file : {"summary.json", "series.csv", "trace.json"}) {
    EXPECT_TRUE(fs::is_regular_file(dir / file)) << file;
  }
}

TEST(VtickRealvmCli, QemuRefusesOutsourcedTimersNamingTheField) {
  const fs::path file = write_scenario(
      "realvm-qemu-outsourced",
      "vmm: {outsourcing_module: vmm_process}\nguest:\n  hz: 100\n  clocksource: pvclock\n  timers: outsourced\n"
      "  workloads: [{name: cyclic, kind: periodic_timer, period: 20ms}]\nrun: {duration: 1s}\n");
  const Outcome out = realvm("qemu", file.string());
  EXPECT_EQ(out.code, 2);
  EXPECT_NE(out.stderr_text.find(file.string() + ": realvm: guest.timers: outsourced is not supported under QEMU"),
            std::string::npos)
      << out.stderr_text;
}

TEST(VtickRealvmCli, QemuRefusesOurVmmsOptions) {
  const Outcome out = realvm("qemu", write_scenario("realvm-valid", kValid).string() + " --kernel-pit");
  EXPECT_EQ(out.code, 2) << out.stderr_text;  // CLI11: no such option for `realvm qemu`
}

TEST(VtickRealvmCli, MissingQemuIsTheSkipCode) {
  const Outcome out = realvm("qemu", write_scenario("realvm-valid", kValid).string() + " --qemu /nonexistent/qemu-system-x86_64");
  EXPECT_EQ(out.code, kExitNoKvm);
  EXPECT_NE(out.stderr_text.find("this host cannot run QEMU"), std::string::npos) << out.stderr_text;
  EXPECT_NE(out.stderr_text.find("/nonexistent/qemu-system-x86_64"), std::string::npos) << out.stderr_text;
}

TEST(VtickRealvmCli, QemuRunWritesTheFilesAndNamesItsEngine) {
  const fs::path dir = fs::path(VTICK_BINARY_DIR) / "cli-test-out" / "realvm-qemu";
  fs::remove_all(dir);
  const Outcome out = realvm("qemu", write_scenario("realvm-valid", kValid).string() + " --quiet --out " + dir.string());
  if (out.code == kExitNoKvm) GTEST_SKIP() << out.stderr_text;
  ASSERT_EQ(out.code, 0) << out.stderr_text;
  for (const char* file : {"summary.json", "series.csv", "trace.json"}) {
    EXPECT_TRUE(fs::is_regular_file(dir / file)) << file;
  }
  const auto summary = nlohmann::json::parse(std::ifstream(dir / "summary.json"));
  EXPECT_EQ(summary["realvm"]["engine"], "qemu_tcg");
  EXPECT_EQ(summary["realvm"]["exit_reason"], "guest_exit");
}

}  // namespace
