// `vtick loadcurve`'s argument errors: exit 2 with the option and the rule named, before
// anything is calibrated or run.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vtick::loadcurve {
namespace {

const std::string kVtick = std::string(VTICK_BINARY_DIR) + "/tools/vtick";
const std::string kScenario = std::string(VTICK_SOURCE_DIR) + "/scenarios/realvm/idle-pit-discard.yaml";

struct Outcome {
  int code = -1;
  std::string err;
};

Outcome loadcurve(const std::string& args) {
  const auto dir = std::filesystem::path(VTICK_BINARY_DIR) / "test-out" / "loadcurve-args";
  std::filesystem::create_directories(dir);
  const auto err = dir / "stderr.txt";
  const std::string command = "cd " + std::string(VTICK_SOURCE_DIR) + " && " + kVtick + " loadcurve " + args +
                              " --out " + (dir / "out").string() + " >/dev/null 2>" + err.string();
  const int status = std::system(command.c_str());
  std::ifstream in(err);
  std::ostringstream text;
  text << in.rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

void expect_refused(const std::string& args, const std::string& message) {
  const Outcome o = loadcurve(args);
  EXPECT_EQ(o.code, 2) << args << "\n" << o.err;
  EXPECT_NE(o.err.find(message), std::string::npos) << args << "\n" << o.err;
}

TEST(LoadcurveArgs, TooFewOrTooShortRunsNeedTheSmokeFlag) {
  expect_refused(kScenario + " --repeat 3", "--repeat 3: a curve needs at least 5 real runs per hog count (--smoke");
  expect_refused(kScenario + " --duration 10s", "--duration 10s: a run must last at least 30s (--smoke");
  expect_refused(kScenario + " --repeat 0 --smoke", "--repeat: must be at least 1");
}

TEST(LoadcurveArgs, SeedsHogsAndEngines) {
  expect_refused(kScenario + " --seeds 5", "--seeds 5: the prediction needs at least 20 seeds");
  expect_refused(kScenario + " --hogs 0,2,2", "--hogs: 2 is given twice");
  expect_refused(kScenario + " --hogs 0,-1", "--hogs: -1 is not a hog count (0..1024)");
  expect_refused(kScenario + " --engine vbox", "--engine: unknown engine 'vbox' (kvm, qemu or linux)");
  expect_refused(kScenario + " --duration 30", "--duration: '30' needs a unit");
  expect_refused(kScenario + " --pin --no-pin", "excludes");
  expect_refused(kScenario + " --profile /nonexistent.yaml", "--profile /nonexistent.yaml: no such file");
}

TEST(LoadcurveArgs, ScenarioProblemsNameTheFile) {
  expect_refused("/nonexistent/x.yaml", "/nonexistent/x.yaml");
  const auto elsewhere = std::filesystem::path(VTICK_BINARY_DIR) / "test-out" / "loadcurve-args" / "elsewhere.yaml";
  std::ifstream in(kScenario);
  std::ostringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  const std::string profile_line = "host_profile: ../profiles/this-host.yaml\n";
  ASSERT_NE(yaml.find(profile_line), std::string::npos);
  yaml.erase(yaml.find(profile_line), profile_line.size());  // its relative path means nothing here
  std::ofstream(elsewhere) << yaml;
  expect_refused(elsewhere.string(), "no engine is implied: pass --engine kvm, qemu or linux");
}

}  // namespace
}  // namespace vtick::loadcurve
