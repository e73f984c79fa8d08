// vtick validate's pieces: which cases the shipped scenarios make and the report's rows.
#include <gtest/gtest.h>

#include <algorithm>

#include "crosscheck/validation_case.hpp"
#include "crosscheck/validation_report.hpp"

namespace vtick::crosscheck {
namespace {

bool has_case(const std::vector<ValidationCase>& cases, const std::string& id) {
  return std::any_of(cases.begin(), cases.end(), [&](const auto& c) { return c.id == id; });
}

TEST(ValidationCases, EveryRealvmScenarioOnKvmDiscardOnesUnderQemuLinuxOnesAsLinux) {
  const auto cases = validation_cases(VTICK_SOURCE_DIR);
  EXPECT_TRUE(has_case(cases, "kvm/idle-pit-discard"));
  EXPECT_TRUE(has_case(cases, "kvm/loaded-outsourced"));
  EXPECT_TRUE(has_case(cases, "qemu/loaded-pit-discard")) << "QEMU's PIT discards";
  EXPECT_FALSE(has_case(cases, "qemu/loaded-pit-delay")) << "QEMU has no delay policy to run";
  EXPECT_FALSE(has_case(cases, "qemu/idle-kvmclock"));
  EXPECT_FALSE(has_case(cases, "qemu/idle-tcp-rto")) << "its ACKs come from our VMM";
  EXPECT_TRUE(has_case(cases, "linux/idle-jiffies"));
  EXPECT_EQ(std::count_if(cases.begin(), cases.end(), [](const auto& c) { return c.engine == RealEngine::Linux; }), 4);
  const auto args = recording_arguments(cases.front(), "/tmp/t");
  EXPECT_EQ(args[0], "realvm");
  EXPECT_EQ(args[1], "run");
  EXPECT_EQ(args.back(), "/tmp/t");
}

Verdict verdict_with(bool drift_conforms) {
  Verdict v;
  v.scenario = "s";
  MetricVerdict drift;
  drift.name = "drift_ppm";
  drift.unit = "ppm";
  drift.measured = 12;
  drift.mean = 3;
  drift.conforms = drift_conforms;
  v.metrics.push_back(drift);
  return v;
}

TEST(ValidationReport, RowsShowMeasuredAgainstPredictedAndWhatDiverged) {
  const ValidationCase c{"kvm/x", "scenarios/realvm/x.yaml", RealEngine::Kvm};
  std::vector<CaseOutcome> outcomes{{c, verdict_with(true), "", 0, "validation/kvm/x/crosscheck.md", {}},
                                    {c, verdict_with(false), "", 0, "", {"validation/kvm/x/lateness_cdf.png"}},
                                    {c, std::nullopt, "skipped: no /dev/kvm", 4, "", {}}};
  const std::string md = render_validation({"vtick validate", "abc", "2026-11-26", "2 CPUs", "## Findings\n\nF.\n"}, outcomes);
  EXPECT_NE(md.find("3 cases: 1 conform, 1 diverge, 1 not judged."), std::string::npos) << md;
  EXPECT_NE(md.find("| [kvm/x](validation/kvm/x/crosscheck.md) | CONFORMS | 12.0 ppm / 3.0 ppm |"), std::string::npos) << md;
  EXPECT_NE(md.find("| **DIVERGES** | **12.0 ppm / 3.0 ppm** |"), std::string::npos) << md;
  EXPECT_NE(md.find("| drift_ppm |\n"), std::string::npos) << "the diverging metric is named";
  EXPECT_NE(md.find("not judged: skipped: no /dev/kvm"), std::string::npos);
  EXPECT_NE(md.find("## Findings\n\nF.\n"), std::string::npos);
  EXPECT_NE(md.find("![kvm/x](validation/kvm/x/lateness_cdf.png)"), std::string::npos);
}

// --repeat: a case's cell lists every run's value and the predicted band; the diverging
// column names the metric and the runs outside the band.
TEST(ValidationReport, SeveralRunsShowEveryRunAndTheBand) {
  Verdict v;
  v.scenario = "s";
  v.runs = {"t1", "t2", "t3"};
  RunsMetricVerdict drift;
  drift.name = "drift_ppm";
  drift.unit = "ppm";
  drift.measured = {3, 40, 5};
  drift.band_lo = -19;
  drift.band_hi = 27;
  drift.outside = {1};
  drift.conforms = false;
  v.runs_metrics.push_back(drift);
  const ValidationCase c{"linux/x", "scenarios/linux/x.yaml", RealEngine::Linux};
  ValidationHeader header{"vtick validate --repeat 3", "abc", "2026-12-02", "2 CPUs", "", 3};
  const std::string md = render_validation(header, {{c, v, "", 0, "", {}}});
  EXPECT_NE(md.find("Each case records 3 real traces"), std::string::npos) << md;
  EXPECT_NE(md.find("| drift (runs / predicted band) |"), std::string::npos) << md;
  EXPECT_NE(md.find("| **DIVERGES** | **3.0 ppm, 40.0 ppm, 5.0 ppm / [-19.0 ppm .. 27.0 ppm]** |"), std::string::npos) << md;
  EXPECT_NE(md.find("| drift_ppm (run 2) |\n"), std::string::npos) << md;
}

}  // namespace
}  // namespace vtick::crosscheck
