#include "crosscheck/tolerance.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sim/scenario_parser.hpp"

namespace vtick::crosscheck {
namespace {

const std::string kBase = "guest: {hz: 100}\nrun: {duration: 2s}\n";

sim::Scenario parse(const std::string& extra) { return sim::parse_scenario(kBase + extra, "x.yaml"); }

std::string error_of(const std::string& extra) {
  try {
    (void)parse(extra);
  } catch (const sim::ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Tolerance, AllowsTheLargestOfItsThreeTerms) {
  const Tolerance t{3, 5, 0.1};
  EXPECT_DOUBLE_EQ(t.allowed(100, 1), 10);  // rel: 10% of 100
  EXPECT_DOUBLE_EQ(t.allowed(10, 4), 12);   // sigmas: 3 x 4
  EXPECT_DOUBLE_EQ(t.allowed(10, 0), 5);    // abs: zero spread still allows the floor
  EXPECT_EQ(Tolerance({2, 2e6, 0.25}).describe("ns"), "max(2 sd, 2 ms, 25%)");
}

TEST(Tolerance, DefaultsFollowTheTickAndRunLength) {
  const auto t = tolerances_for(parse(""));
  EXPECT_EQ(t.seeds, 20);
  EXPECT_DOUBLE_EQ(t.alpha, 0.01);
  EXPECT_DOUBLE_EQ(t.final_offset.abs, 10e6);  // one 10 ms tick at hz 100
  EXPECT_DOUBLE_EQ(t.drift_ppm.abs, 5000);     // one tick over 2 s
}

TEST(Tolerance, ScenarioSectionOverridesDefaults) {
  const auto t = tolerances_for(parse(
      "crosscheck:\n  seeds: 40\n  alpha: 0.05\n  ks_resolution: 1ms\n"
      "  drift_ppm: {sigmas: 2, abs: 30, rel: 0}\n  lateness_p99: {abs: 3ms}\n"));
  EXPECT_EQ(t.seeds, 40);
  EXPECT_DOUBLE_EQ(t.alpha, 0.05);
  EXPECT_EQ(t.ks_resolution_ns, 1'000'000);
  EXPECT_DOUBLE_EQ(t.drift_ppm.sigmas, 2);
  EXPECT_DOUBLE_EQ(t.drift_ppm.abs, 30);
  EXPECT_DOUBLE_EQ(t.drift_ppm.rel, 0);
  EXPECT_DOUBLE_EQ(t.lateness_p99.abs, 3e6);
  EXPECT_DOUBLE_EQ(t.lateness_p99.rel, 0.5) << "unset fields keep their defaults";
}

TEST(CrosscheckSection, ErrorsPointAtTheKey) {
  EXPECT_EQ(error_of("crosscheck:\n  drift_pmm: {abs: 3}\n"),
            "x.yaml:4:3: crosscheck.drift_pmm: unknown key 'drift_pmm' (did you mean 'drift_ppm'?); valid keys: "
            "seeds, alpha, ks_resolution, drift_ppm, final_offset, max_abs_offset, ticks_lost, lateness_p50, "
            "lateness_p99, lateness_max");
  EXPECT_EQ(error_of("crosscheck:\n  drift_ppm: {sigma: 3}\n"),
            "x.yaml:4:15: crosscheck.drift_ppm.sigma: unknown key 'sigma' (did you mean 'sigmas'?); valid keys: "
            "sigmas, abs, rel");
  EXPECT_EQ(error_of("crosscheck: {seeds: 5}\n"), "x.yaml:3:21: crosscheck.seeds: must be in 20..10000, got 5");
  EXPECT_EQ(error_of("crosscheck: {alpha: 0.9}\n"), "x.yaml:3:21: crosscheck.alpha: must be in (0, 0.5], got 0.9");
  EXPECT_NE(error_of("crosscheck: {lateness_max: {abs: 3}}\n").find("crosscheck.lateness_max.abs"), std::string::npos)
      << "a time metric's abs is a duration";
  EXPECT_NE(error_of("crosscheck: {ticks_lost: {rel: -1}}\n").find("must not be negative"), std::string::npos);
}

}  // namespace
}  // namespace vtick::crosscheck
