#include "crosscheck/metrics.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/crosscheck/crosscheck_fixture.hpp"

namespace vtick::crosscheck {
namespace {

using testing::test_dir;
using testing::write_file;

const std::string kSummary = R"({"scenario": "s", "clock": {"drift_ppm": -12.5, "final_offset_ns": -3000000,
  "max_abs_offset_ns": 4000000}, "ticks": {"lost": 7}})";

std::filesystem::path good_trace(const std::string& name) {
  const auto dir = test_dir(name);
  write_file(dir / "summary.json", kSummary);
  write_file(dir / "series.csv", "host_ns,offset_ns,backlog_ticks\n0,0,0\n10,-5,1\n");
  write_file(dir / "lateness-cyclic.csv", "lateness_ns\n3\n1\n2\n");
  return dir;
}

std::string error_of(const std::filesystem::path& dir) {
  try {
    (void)load_metrics(dir, {"cyclic"});
  } catch (const TraceError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(CrosscheckMetrics, ReadsATraceDirectory) {
  const auto m = load_metrics(good_trace("good"), {"cyclic"});
  EXPECT_EQ(m.scenario, "s");
  EXPECT_DOUBLE_EQ(m.drift_ppm, -12.5);
  EXPECT_EQ(m.final_offset_ns, -3000000);
  EXPECT_EQ(m.max_abs_offset_ns, 4000000);
  EXPECT_EQ(m.ticks_lost, 7);

  EXPECT_EQ(m.offset_ns, (std::vector<std::int64_t>{0, -5}));
  ASSERT_EQ(m.lateness.size(), 1u);
  EXPECT_EQ(m.lateness[0].samples, (std::vector<std::int64_t>{3, 1, 2})) << "expiry order, as written";
  EXPECT_EQ(lateness_quantile(m.lateness[0].samples, 0.5), 2);
  EXPECT_EQ(lateness_quantile(m.lateness[0].samples, 1.0), 3);
}

TEST(CrosscheckMetrics, MissingFilesAreNamed) {
  auto dir = good_trace("no-lateness");
  std::filesystem::remove(dir / "lateness-cyclic.csv");
  EXPECT_EQ(error_of(dir), (dir / "lateness-cyclic.csv").string() + ": cannot read (missing or unreadable)");
  dir = good_trace("no-summary");
  std::filesystem::remove(dir / "summary.json");
  EXPECT_EQ(error_of(dir), (dir / "summary.json").string() + ": cannot read (missing or unreadable)");
  EXPECT_EQ(error_of(dir / "nowhere"), (dir / "nowhere").string() + ": not a directory");
}

TEST(CrosscheckMetrics, MalformedContentIsLocated) {
  auto dir = good_trace("bad-csv");
  write_file(dir / "lateness-cyclic.csv", "lateness_ns\n3\n1.5\n");
  EXPECT_EQ(error_of(dir), (dir / "lateness-cyclic.csv").string() + ":3: expected an integer, got '1.5'");
  write_file(dir / "lateness-cyclic.csv", "");
  EXPECT_EQ(error_of(dir), (dir / "lateness-cyclic.csv").string() + ": empty file (expected a header row)");
  write_file(dir / "lateness-cyclic.csv", "lateness_ns\n");
  EXPECT_NE(error_of(dir).find("no lateness samples"), std::string::npos);

  dir = good_trace("bad-series");
  write_file(dir / "series.csv", "host_ns,backlog_ticks\n0,0\n");
  EXPECT_EQ(error_of(dir), (dir / "series.csv").string() + ":1: missing column offset_ns (header: host_ns,backlog_ticks)");
  write_file(dir / "series.csv", "host_ns,offset_ns\n0\n");
  EXPECT_EQ(error_of(dir), (dir / "series.csv").string() + ":2: 1 cells, the header has 2");

  dir = good_trace("bad-summary");
  write_file(dir / "summary.json", "{\"scenario\": \"s\", \"clock\": {}}");
  EXPECT_EQ(error_of(dir), (dir / "summary.json").string() + ": missing field clock.drift_ppm");
  write_file(dir / "summary.json", "{not json");
  EXPECT_NE(error_of(dir).find("summary.json: not valid JSON"), std::string::npos);
}

}  // namespace
}  // namespace vtick::crosscheck
