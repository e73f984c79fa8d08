// `vtick crosscheck` end to end: exit status 0 conforms, 1 diverges, 2 bad input, and the
// report it leaves.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/crosscheck/crosscheck_fixture.hpp"

namespace vtick::crosscheck {
namespace {

using testing::random_load_yaml;
using testing::record_trace;
using testing::test_dir;
using testing::write_file;

const std::string kVtick = std::string(VTICK_BINARY_DIR) + "/tools/vtick";

int vtick(const std::string& args, const std::filesystem::path& stderr_file) {
  const int status = std::system((kVtick + " " + args + " >/dev/null 2>" + stderr_file.string()).c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(CrosscheckCli, ConformingTraceExitsZeroAndWritesTheReport) {
  const auto dir = test_dir("cli-conforms");
  const auto scenario = write_file(dir / "random-load.yaml", random_load_yaml());
  record_trace(random_load_yaml(), 1001, dir / "trace");
  const auto out = dir / "report";
  EXPECT_EQ(vtick("crosscheck " + scenario.string() + " " + (dir / "trace").string() + " --quiet --out " + out.string(),
                  dir / "stderr.txt"),
            0)
      << read(dir / "stderr.txt") << read(out / "crosscheck.md");
  const std::string md = read(out / "crosscheck.md");
  EXPECT_NE(md.find("**Verdict: CONFORMS**"), std::string::npos) << md;
  EXPECT_NE(md.find("| drift_ppm |"), std::string::npos);
  EXPECT_NE(md.find("| cyclic |"), std::string::npos) << "the KS line";
  EXPECT_TRUE(std::filesystem::exists(out / "simulated" / "series.csv"));
  EXPECT_TRUE(std::filesystem::exists(out / "measured" / "lateness-cyclic.csv"));
}

TEST(CrosscheckCli, DivergingTraceExitsOne) {
  const auto dir = test_dir("cli-diverges");
  const auto scenario = write_file(dir / "random-load.yaml", random_load_yaml());
  record_trace(random_load_yaml("lost_tick_policy: delay", "lost_tick_policy: discard"), 1001, dir / "trace");
  const auto out = dir / "report";
  EXPECT_EQ(vtick("crosscheck " + scenario.string() + " " + (dir / "trace").string() + " --quiet --no-plot --out " +
                      out.string(),
                  dir / "stderr.txt"),
            1)
      << read(dir / "stderr.txt");
  EXPECT_NE(read(out / "crosscheck.md").find("**Verdict: DIVERGES**"), std::string::npos);
}

TEST(CrosscheckCli, BadInputExitsTwoWithTheReason) {
  const auto dir = test_dir("cli-bad");
  const auto scenario = write_file(dir / "random-load.yaml", random_load_yaml());
  const auto err = dir / "stderr.txt";
  const std::string args = "crosscheck " + scenario.string() + " ";

  EXPECT_EQ(vtick(args + (dir / "missing").string() + " --quiet", err), 2);
  EXPECT_NE(read(err).find("missing: not a directory"), std::string::npos) << read(err);

  record_trace(random_load_yaml(), 1001, dir / "trace");
  write_file(dir / "trace" / "lateness-cyclic.csv", "lateness_ns\n12\nabc\n");
  EXPECT_EQ(vtick(args + (dir / "trace").string() + " --quiet --no-plot", err), 2);
  EXPECT_NE(read(err).find("lateness-cyclic.csv:3: expected an integer, got 'abc'"), std::string::npos) << read(err);

  // A trace of another scenario is not evidence about this one.
  const auto other = write_file(dir / "other.yaml", random_load_yaml("name: random-load", "name: other"));
  record_trace(random_load_yaml(), 1001, dir / "trace");
  EXPECT_EQ(vtick("crosscheck " + other.string() + " " + (dir / "trace").string() + " --quiet --no-plot", err), 2);
  EXPECT_NE(read(err).find("recorded for scenario 'random-load', not 'other'"), std::string::npos) << read(err);

  EXPECT_EQ(vtick(args + (dir / "trace").string() + " --seeds 3", err), 2) << "fewer than 20 seeds";
}

// A real VM's guest samples its clock from a guest timer (its summary.json has a realvm
// section); the prediction must sample the same way even when the scenario says observer.
TEST(CrosscheckCli, RealTraceIsPredictedWithAGuestTimerSampler) {
  const auto dir = test_dir("cli-guest-sampled");
  const auto scenario = write_file(dir / "random-load.yaml", random_load_yaml());
  record_trace(random_load_yaml("duration: 2s", "duration: 2s\n  sampling: guest_timer"), 1001, dir / "trace");
  auto summary = nlohmann::json::parse(read(dir / "trace" / "summary.json"));
  summary["realvm"] = nlohmann::json::object();
  write_file(dir / "trace" / "summary.json", summary.dump(2));
  const auto out = dir / "report";
  EXPECT_EQ(vtick("crosscheck " + scenario.string() + " " + (dir / "trace").string() + " --quiet --no-plot --out " +
                      out.string(),
                  dir / "stderr.txt"),
            0)
      << read(dir / "stderr.txt") << read(out / "crosscheck.md");
  EXPECT_NE(read(out / "crosscheck.md").find("run.sampling: guest_timer"), std::string::npos);
}

}  // namespace
}  // namespace vtick::crosscheck
