#include "sim/expectations.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace vtick::sim {
namespace {

using nlohmann::ordered_json;

ordered_json summary() {
  return ordered_json::parse(R"({
    "clock": {"drift_ppm": -12.5, "offset_ns": {"max": 250000}, "zero": 0},
    "timers": {"cyclic": {"lateness_ns": {"p99": 1500, "mean": null}}},
    "name": "pit_discard",
    "ok": true
  })");
}

Expectation expect(std::string field, std::optional<double> min, std::optional<double> max,
                   std::optional<double> equals = std::nullopt) {
  return Expectation{std::move(field), min, max, equals, SourceLocation{"scenarios/a.yaml", 12, 5}};
}

ExpectationResult one(const Expectation& e) {
  const auto results = evaluate_expectations({e}, summary());
  EXPECT_EQ(results.size(), 1u);
  return results.at(0);
}

std::string error_of(const Expectation& e) {
  try {
    (void)evaluate_expectations({e}, summary());
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(Expectations, PassWithinRange) {
  const auto result = one(expect("clock.drift_ppm", -100, 100));
  EXPECT_TRUE(result.passed);
  EXPECT_EQ(result.actual, -12.5);
  EXPECT_EQ(result.message, "clock.drift_ppm = -12.5 within [-100, 100]");
  EXPECT_EQ(result.expectation.field, "clock.drift_ppm");
}

TEST(Expectations, FailAboveMaxAndBelowMin) {
  const auto above = one(expect("clock.offset_ns.max", std::nullopt, 100000));
  EXPECT_FALSE(above.passed);
  EXPECT_EQ(above.actual, 250000);
  EXPECT_EQ(above.message, "clock.offset_ns.max = 250000 above max 100000");

  const auto below = one(expect("clock.drift_ppm", 0, 100));
  EXPECT_FALSE(below.passed);
  EXPECT_EQ(below.message, "clock.drift_ppm = -12.5 below min 0");
}

TEST(Expectations, OneSidedBoundsPass) {
  EXPECT_EQ(one(expect("clock.drift_ppm", -20, std::nullopt)).message, "clock.drift_ppm = -12.5 >= -20");
  EXPECT_EQ(one(expect("timers.cyclic.lateness_ns.p99", std::nullopt, 2e6)).message,
            "timers.cyclic.lateness_ns.p99 = 1500 <= 2000000");
}

TEST(Expectations, EqualsHasRelativeTolerance) {
  const std::string p99 = "timers.cyclic.lateness_ns.p99";
  EXPECT_TRUE(one(expect(p99, std::nullopt, std::nullopt, 1500 * (1 + 1e-12))).passed);
  EXPECT_TRUE(one(expect(p99, std::nullopt, std::nullopt, 1500 * (1 - 5e-10))).passed);
  const auto off = one(expect(p99, std::nullopt, std::nullopt, 1500.01));
  EXPECT_FALSE(off.passed);
  EXPECT_EQ(off.message, p99 + " = 1500 not equal to 1500.01");
  EXPECT_EQ(one(expect(p99, std::nullopt, std::nullopt, 1500)).message, p99 + " = 1500 == 1500");
}

TEST(Expectations, EqualsHasAbsoluteToleranceNearZero) {
  EXPECT_TRUE(one(expect("clock.zero", std::nullopt, std::nullopt, 5e-10)).passed);
  EXPECT_FALSE(one(expect("clock.zero", std::nullopt, std::nullopt, 2e-9)).passed);
}

TEST(Expectations, AllViolatedClausesAreNamed) {
  const auto result = one(expect("clock.drift_ppm", 0, 10, 3));
  EXPECT_FALSE(result.passed);
  EXPECT_EQ(result.message, "clock.drift_ppm = -12.5 below min 0 and not equal to 3");
  EXPECT_EQ(one(expect("clock.zero", -1, 1, 0)).message, "clock.zero = 0 within [-1, 1] and == 0");
}

TEST(Expectations, NullFieldFailsWithoutAValue) {
  const auto result = one(expect("timers.cyclic.lateness_ns.mean", std::nullopt, 10));
  EXPECT_FALSE(result.passed);
  EXPECT_EQ(result.actual, std::nullopt);
  EXPECT_EQ(result.message,
            "timers.cyclic.lateness_ns.mean = null (nothing measured), expected <= 10");
}

TEST(Expectations, MissingFieldsNameTheFieldsThatExist) {
  const std::string prefix = "scenarios/a.yaml:12:5: expect.";
  const std::string middle = ": no such numeric field in summary.json (fields at that level: ";
  EXPECT_EQ(error_of(expect("timers.cyclic.lateness_ns.p50", 0, 1)),
            prefix + "timers.cyclic.lateness_ns.p50" + middle + "p99, mean)");
  EXPECT_EQ(error_of(expect("nope.x", 0, 1)), prefix + "nope.x" + middle + "clock, timers, name, ok)");
  EXPECT_EQ(error_of(expect("timers.nope.x", 0, 1)), prefix + "timers.nope.x" + middle + "cyclic)");
  // Ends on an object: its keys are the ones the author probably meant.
  EXPECT_EQ(error_of(expect("clock.offset_ns", 0, 1)), prefix + "clock.offset_ns" + middle + "max)");
  // Runs into a number: the keys beside it.
  EXPECT_EQ(error_of(expect("clock.drift_ppm.x", 0, 1)),
            prefix + "clock.drift_ppm.x" + middle + "drift_ppm, offset_ns, zero)");
  EXPECT_EQ(error_of(expect("name", 0, 1)), prefix + "name" + middle + "clock, timers, name, ok)");
  EXPECT_EQ(error_of(expect("ok", 0, 1)), prefix + "ok" + middle + "clock, timers, name, ok)");
  EXPECT_EQ(error_of(expect("", 0, 1)), prefix + middle + "clock, timers, name, ok)");
  EXPECT_EQ(error_of(expect("clock..zero", 0, 1)),
            prefix + "clock..zero" + middle + "drift_ppm, offset_ns, zero)");
}

TEST(Expectations, ExpectationWithoutBoundsIsAnError) {
  EXPECT_EQ(error_of(expect("clock.zero", std::nullopt, std::nullopt)),
            "scenarios/a.yaml:12:5: expect.clock.zero: needs min, max or equals");
}

TEST(Expectations, ResultsFollowTheExpectationOrder) {
  const auto results = evaluate_expectations(
      {expect("clock.zero", 0, 0), expect("clock.drift_ppm", 0, 1)}, summary());
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].passed);
  EXPECT_FALSE(results[1].passed);
  EXPECT_TRUE(evaluate_expectations({}, summary()).empty());
}

TEST(FormatNumber, IntegersPlainOthersSixSignificantDigits) {
  EXPECT_EQ(format_number(0), "0");
  EXPECT_EQ(format_number(-0.0), "0");
  EXPECT_EQ(format_number(3), "3");
  EXPECT_EQ(format_number(-250000), "-250000");
  EXPECT_EQ(format_number(123456789012), "123456789012");
  EXPECT_EQ(format_number(-12.5), "-12.5");
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(1234567.5), "1.23457e+06");
  EXPECT_EQ(format_number(1e20), "1e+20");
  EXPECT_EQ(format_number(1e-7), "1e-07");
  EXPECT_EQ(format_number(2.0 / 3.0), "0.666667");
}

}  // namespace
}  // namespace vtick::sim
