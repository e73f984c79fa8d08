// `vtick crosscheck` end to end: exit status 0 conforms, 1 diverges, 2 bad input, and the
// report it leaves.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

/// Stamps a recorded trace as a real VM's of the given engine (what summary.json's realvm
/// section says in `vtick realvm run` / `qemu` / `linux` traces).
void stamp_engine(const std::filesystem::path& trace, const std::string& engine) {
  auto summary = nlohmann::json::parse(read(trace / "summary.json"));
  summary["realvm"] = {{"engine", engine}};
  write_file(trace / "summary.json", summary.dump(2));
}

std::string runs_args(const std::filesystem::path& dir, const std::vector<std::string>& traces) {
  std::string args = "crosscheck " + (dir / "random-load.yaml").string();
  for (const auto& t : traces) args += " " + (dir / t).string();
  return args;
}

TEST(CrosscheckCliRuns, RunsOfDifferentCasesOrABrokenRunExitTwoNamingIt) {
  const auto dir = test_dir("cli-runs-mixed");
  write_file(dir / "random-load.yaml", random_load_yaml());
  for (const std::string t : {"a", "b", "c"}) record_trace(random_load_yaml(), 1001, dir / t);
  stamp_engine(dir / "a", "kvm");
  stamp_engine(dir / "b", "kvm");
  stamp_engine(dir / "c", "qemu-tcg");
  const auto err = dir / "stderr.txt";
  EXPECT_EQ(vtick(runs_args(dir, {"a", "b", "c"}) + " --quiet --no-plot", err), 2);
  EXPECT_NE(read(err).find((dir / "c").string() + "/summary.json: not a run of the same case as " + (dir / "a").string() +
                           ": realvm.engine is \"qemu-tcg\" here, \"kvm\" in the first trace"),
            std::string::npos)
      << read(err);

  // A simulator's trace (no realvm section) is not a run of a real case either.
  record_trace(random_load_yaml(), 1002, dir / "sim");
  EXPECT_EQ(vtick(runs_args(dir, {"a", "sim"}) + " --quiet --no-plot", err), 2);
  EXPECT_NE(read(err).find("realvm.engine is absent here"), std::string::npos) << read(err);

  // Another run length is another case.
  record_trace(random_load_yaml("duration: 2s", "duration: 1s"), 1001, dir / "short");
  stamp_engine(dir / "short", "kvm");
  EXPECT_EQ(vtick(runs_args(dir, {"a", "short"}) + " --quiet --no-plot", err), 2);
  EXPECT_NE(read(err).find("duration_ns is 1000000000 here, 2000000000 in the first trace"), std::string::npos) << read(err);

  EXPECT_EQ(vtick(runs_args(dir, {"a", "missing"}) + " --quiet --no-plot", err), 2);
  EXPECT_NE(read(err).find((dir / "missing").string() + ": not a directory"), std::string::npos) << read(err);
  write_file(dir / "b" / "summary.json", "{ not json");
  EXPECT_EQ(vtick(runs_args(dir, {"a", "b"}) + " --quiet --no-plot", err), 2);
  EXPECT_NE(read(err).find((dir / "b").string() + "/summary.json: not valid JSON"), std::string::npos) << read(err);
}

// Two simulated runs of seeds the prediction never ran: the band rule with the seeds it needs
// (399 for alpha 0.01 over two runs), every run listed with the band; the report is the same
// byte for byte when the command is repeated.
TEST(CrosscheckCliRuns, TwoRunsOfTheModelConformAndTheReportIsDeterministic) {
  const auto dir = test_dir("cli-runs-two");
  write_file(dir / "random-load.yaml", random_load_yaml());
  record_trace(random_load_yaml(), 1001, dir / "r1");
  record_trace(random_load_yaml(), 1002, dir / "r2");
  const auto err = dir / "stderr.txt";
  ASSERT_EQ(vtick(runs_args(dir, {"r1", "r2"}) + " --quiet --no-plot --out " + (dir / "default").string(), err), 0)
      << read(err) << read(dir / "default" / "crosscheck.md");
  const std::string md = read(dir / "default" / "crosscheck.md");
  EXPECT_NE(md.find("Measured runs of one case (n = 2):"), std::string::npos) << md;
  EXPECT_NE(md.find("seeds 1..399."), std::string::npos) << md;
  EXPECT_NE(md.find("| drift_ppm | "), std::string::npos) << md;
  EXPECT_NE(md.find("| run 2 cyclic |"), std::string::npos) << "each run's lateness KS line";

  const std::string twenty = runs_args(dir, {"r1", "r2"}) + " --seeds 20 --quiet --no-plot --out ";
  const int first = vtick(twenty + (dir / "one").string(), err);
  EXPECT_EQ(vtick(twenty + (dir / "two").string(), err), first);
  EXPECT_EQ(read(dir / "one" / "crosscheck.md"), read(dir / "two" / "crosscheck.md"));
  EXPECT_EQ(read(dir / "one" / "crosscheck.json"), read(dir / "two" / "crosscheck.json"));
  const auto json = nlohmann::json::parse(read(dir / "default" / "crosscheck.json"));
  EXPECT_EQ(json["runs"].size(), 2u);
  EXPECT_EQ(json["seeds"], 399);
  EXPECT_EQ(json["metrics"][0]["name"], "drift_ppm");
  EXPECT_EQ(json["metrics"][0]["measured"].size(), 2u);
  EXPECT_EQ(json["metrics"][0]["rule"], "band");
  EXPECT_NE(read(dir / "one" / "crosscheck.md").find("| 1, 9.5%, 19% |"), std::string::npos)
      << "20 seeds for 2 runs: the level 2/21 per run, 4/21 for both, stated";
}

// Five runs of another lost-tick policy: the KS test over runs rejects ticks_lost, and the
// verdict names the metric, the runs and the numbers.
TEST(CrosscheckCliRuns, FiveRunsOfAnotherPolicyDivergeNamingMetricAndRuns) {
  const auto dir = test_dir("cli-runs-five");
  write_file(dir / "random-load.yaml", random_load_yaml());
  std::vector<std::string> runs;
  for (int i = 1; i <= 5; ++i) {
    runs.push_back("r" + std::to_string(i));
    record_trace(random_load_yaml("lost_tick_policy: delay", "lost_tick_policy: discard"), 1000 + i, dir / runs.back());
  }
  const auto out = dir / "report";
  EXPECT_EQ(vtick(runs_args(dir, runs) + " --quiet --no-plot --out " + out.string(), dir / "stderr.txt"), 1)
      << read(dir / "stderr.txt");
  const std::string md = read(out / "crosscheck.md");
  EXPECT_NE(md.find("**Verdict: DIVERGES**"), std::string::npos) << md;
  // Five runs are judged against 105 seeds (seeds_for_tails), each test at alpha / 2. Every
  // discard run loses ticks, no delay seed does: D = 1, p = 2 / C(110, 5) = 1.63e-08; all five
  // beyond every seed, a + b = 5 in 6 ways: p = 6 / C(110, 5) = 4.9e-08.
  EXPECT_NE(md.find("Prediction: the simulator, seeds 1..105."), std::string::npos) << md;
  EXPECT_NE(md.find("- ticks_lost: the runs differ from the seeds (KS D 1.000, p 1.63e-08 < 0.005); 5 of 5 runs lie "
                    "beyond every seed (p 4.9e-08 < 0.005); runs 1, 2, 3, 4, 5 ("),
            std::string::npos)
      << md;
}

}  // namespace
}  // namespace vtick::crosscheck
