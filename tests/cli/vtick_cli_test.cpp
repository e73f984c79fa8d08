// The vtick binary end to end: output files, determinism across processes, exit codes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

const std::string kVtick = std::string(VTICK_BINARY_DIR) + "/tools/vtick";
const std::string kScenarios = std::string(VTICK_SOURCE_DIR) + "/scenarios/";

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(VTICK_BINARY_DIR) / "cli-test-out" / name;
  fs::remove_all(dir);
  return dir;
}

int vtick(const std::string& args) {
  const int status = std::system((kVtick + " " + args + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// summary.json without its one wall-clock field.
nlohmann::json summary_without_wall_time(const fs::path& dir) {
  auto summary = nlohmann::json::parse(read(dir / "summary.json"));
  summary["sim"].erase("wall_ns");
  return summary;
}

TEST(VtickCli, SameSeedTwiceGivesByteIdenticalFiles) {
  const auto a = fresh_dir("same-a");
  const auto b = fresh_dir("same-b");
  ASSERT_EQ(vtick("run " + kScenarios + "random-load.yaml --no-plot --out " + a.string()), 0);
  ASSERT_EQ(vtick("run " + kScenarios + "random-load.yaml --no-plot --out " + b.string()), 0);
  EXPECT_EQ(read(a / "series.csv"), read(b / "series.csv"));
  EXPECT_EQ(read(a / "trace.json"), read(b / "trace.json"));
  EXPECT_EQ(summary_without_wall_time(a), summary_without_wall_time(b));
  EXPECT_FALSE(read(a / "trace.json").empty());
}

TEST(VtickCli, DifferentSeedsGiveDifferentRandomLoad) {
  const auto a = fresh_dir("seed-a");
  const auto b = fresh_dir("seed-b");
  ASSERT_EQ(vtick("run " + kScenarios + "random-load.yaml --no-plot --seed 1 --out " + a.string()), 0);
  ASSERT_EQ(vtick("run " + kScenarios + "random-load.yaml --no-plot --seed 2 --out " + b.string()), 0);
  EXPECT_NE(read(a / "trace.json"), read(b / "trace.json"));
  EXPECT_EQ(summary_without_wall_time(b)["seed"], 2);
}

TEST(VtickCli, WritesLoadablePerfettoTraceAndCsvSeries) {
  const auto dir = fresh_dir("files");
  ASSERT_EQ(vtick("run " + kScenarios + "idle-host.yaml --out " + dir.string()), 0);
  const auto trace = nlohmann::json::parse(read(dir / "trace.json"));
  EXPECT_TRUE(trace["traceEvents"].is_array());
  EXPECT_GT(trace["traceEvents"].size(), 100u);
  const std::string csv = read(dir / "series.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "host_ns,guest_ns,offset_ns,backlog_ticks,jiffies");
  EXPECT_TRUE(fs::exists(dir / "offset.png"));
}

TEST(VtickCli, FailedExpectationExitsOne) {
  const auto dir = fresh_dir("expect");
  const fs::path scenario = dir.parent_path() / "failing.yaml";
  fs::create_directories(dir);
  std::ofstream(scenario) << "run: {duration: 1s}\nexpect:\n  ticks.lost: {min: 1}\n";
  EXPECT_EQ(vtick("run " + scenario.string() + " --no-plot --out " + dir.string()), 1);
}

TEST(VtickCli, BadInputExitsTwo) {
  const auto dir = fresh_dir("bad");
  const fs::path scenario = dir.parent_path() / "bad.yaml";
  std::ofstream(scenario) << "run: {duration: 1s}\nguest: {hz: 0}\n";
  EXPECT_EQ(vtick("run " + scenario.string() + " --out " + dir.string()), 2);
  EXPECT_EQ(vtick("run /nonexistent.yaml"), 2);
  EXPECT_EQ(vtick("run"), 2);
  std::ofstream(scenario) << "run: {duration: 1s}\nexpect:\n  no.such.field: {max: 1}\n";
  EXPECT_EQ(vtick("run " + scenario.string() + " --no-plot --out " + dir.string()), 2);
}

}  // namespace

namespace {

TEST(VtickCli, CompareRunsEverySchemeAndWritesItsTables) {
  const auto dir = fresh_dir("compare");
  ASSERT_EQ(vtick("compare " + kScenarios + "idle-host.yaml --schemes emulation,pvclock,outsourcing+pvclock --out " +
                  dir.string()),
            0);
  const auto report = nlohmann::json::parse(read(dir / "compare.json"));
  EXPECT_EQ(report["schemes"].size(), 3u);
  EXPECT_EQ(report["runs"]["pvclock"]["scheme"], "pvclock");
  EXPECT_EQ(report["runs"]["outsourcing+pvclock"]["scheme"], "outsourcing+pvclock");
  EXPECT_NE(read(dir / "compare.md").find("| outsourcing+pvclock |"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "pvclock" / "series.csv"));
  EXPECT_TRUE(fs::exists(dir / "compare_offset.png"));
  EXPECT_TRUE(fs::exists(dir / "lateness_cdf.png"));
  EXPECT_EQ(vtick("compare " + kScenarios + "idle-host.yaml --schemes emulation,warp-drive --out " + dir.string()), 2);
}

TEST(VtickCli, SweepWritesOneRowPerValueAndScheme) {
  const auto dir = fresh_dir("sweep");
  ASSERT_EQ(vtick("sweep " + kScenarios + "idle-host.yaml --param guest.hz --values 100,1000 --schemes emulation,pvclock "
                  "--no-plot --out " + dir.string()),
            0);
  const std::string csv = read(dir / "sweep.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5) << csv;
  EXPECT_NE(csv.find("guest.hz,1000,pvclock,"), std::string::npos);
  EXPECT_EQ(vtick("sweep " + kScenarios + "idle-host.yaml --param guest.hz --values 300 --out " + dir.string()), 2);
  EXPECT_EQ(vtick("sweep " + kScenarios + "idle-host.yaml --param vmm.warp --values 1 --out " + dir.string()), 2);
}

}  // namespace

namespace {

const std::string kProperties = std::string(VTICK_SOURCE_DIR) + "/checker/properties/";

TEST(VtickCli, ProveExitCodesFollowTheVerdicts) {
  EXPECT_EQ(vtick("prove " + kProperties + "outsourcing-lateness.yaml"), 0);
  EXPECT_EQ(vtick("prove " + kProperties + "pvclock-reader-no-version.yaml"), 1);
  EXPECT_EQ(vtick("prove --check-expect " + kProperties + "pvclock-reader-no-version.yaml"), 0);
  EXPECT_EQ(vtick("prove --check-expect " + kProperties + "outsourcing-lateness.yaml " + kProperties +
                  "pvclock-reader-no-version.yaml"),
            0);
}

TEST(VtickCli, ProveRejectsBadPropertyFiles) {
  const auto dir = fresh_dir("prove");
  fs::create_directories(dir);
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  EXPECT_EQ(vtick("prove " + write("model.yaml", "name: x\nmodel: warp_drive\n")), 2);
  EXPECT_EQ(vtick("prove " + write("key.yaml", "name: x\nmodel: pvclock_reader\nclaimz: 1\n")), 2);
  EXPECT_EQ(vtick("prove " + write("param.yaml", "name: x\nmodel: outsourcing_lateness\nparameters: {sleck: 1us}\n"
                                                 "claim: {max: 1ms}\n")),
            2);
  EXPECT_EQ(vtick("prove " + write("claim.yaml", "name: x\nmodel: outsourcing_lateness\n")), 2);
  EXPECT_EQ(vtick("prove /nonexistent.yaml"), 2);
}

}  // namespace

namespace {

// One violated property per scheme: its scenario's expect is the claim, so the simulator
// must break it too.
TEST(VtickCli, ACounterexampleBecomesAScenarioThatFailsTheSameWay) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"discard-drift-unbounded", "ticks.lost"},
      {"delay-backlog-starved", "ticks.backlog_max"},
      {"outsourcing-lateness-too-tight", "timers.timer.lateness_ns.max"},
      {"pvclock-error-bound-too-tight", "clock.max_abs_offset_ns"},
      {"ntp-drift-beyond-slew", "clock.max_abs_offset_ns"},
  };
  for (const auto& [property, metric] : cases) {
    const auto dir = fresh_dir("counterexample-" + property);
    ASSERT_EQ(vtick("prove --out " + dir.string() + " " + std::string(VTICK_SOURCE_DIR) + "/checker/properties/" +
                    property + ".yaml"),
              1);
    const auto scenario = dir / (property + ".counterexample.yaml");
    ASSERT_TRUE(fs::exists(scenario)) << property;
    EXPECT_EQ(vtick("run " + scenario.string() + " --no-plot --out " + (dir / "run").string()), 1) << property;
    const auto summary = nlohmann::json::parse(read(dir / "run" / "summary.json"));
    const auto text = read(scenario);
    const auto at = text.find(metric + ": {max: ");
    ASSERT_NE(at, std::string::npos) << text;
    const double claim = std::stod(text.substr(at + metric.size() + 8));
    nlohmann::json value = summary;
    for (std::size_t from = 0, dot; from != std::string::npos; from = dot == std::string::npos ? dot : dot + 1) {
      dot = metric.find('.', from);
      value = value.at(metric.substr(from, dot == std::string::npos ? dot : dot - from));
    }
    EXPECT_GT(value.get<double>(), claim) << property;
  }
}

TEST(VtickCli, ProveWritesTheStateGraphForGraphviz) {
  const auto dir = fresh_dir("dot");
  ASSERT_EQ(vtick("prove --dot " + dir.string() + " " + std::string(VTICK_SOURCE_DIR) +
                  "/checker/properties/pvclock-reader-version-check.yaml"),
            0);
  const auto dot = read(dir / "pvclock-reader-version-check.dot");
  EXPECT_EQ(dot.rfind("digraph", 0), 0u) << dot.substr(0, 80);
  EXPECT_NE(dot.find("->"), std::string::npos);
}

}  // namespace

namespace {

TEST(VtickCli, BoundFindsTheTightBoundWithACounterexampleBelowIt) {
  const std::string file = std::string(VTICK_SOURCE_DIR) + "/checker/properties/outsourcing-lateness.yaml";
  const std::string out = (fresh_dir("bound").parent_path() / "bound.txt").string();
  ASSERT_EQ(std::system((kVtick + " bound " + file + " > " + out).c_str()), 0);
  const std::string text = read(out);
  // slack 50 us + deschedule 6 ms + injection 20 us, and 1 ns less is violated.
  EXPECT_NE(text.find("BOUND     outsourcing-lateness: 6070000"), std::string::npos) << text;
  EXPECT_NE(text.find("tight: 6069999 is violated"), std::string::npos) << text;
  EXPECT_EQ(vtick("bound " + std::string(VTICK_SOURCE_DIR) + "/checker/properties/outsourcing-protocol.yaml"), 2);
}

}  // namespace
