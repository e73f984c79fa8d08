// vmm.inject = injection p50 - wake-up p50 - vm_exit, floored so the model's fastest
// injection is not faster than the fastest measured one, and at 1 ns.
#include <gtest/gtest.h>

#include "calibration/inject_derivation.hpp"

namespace vtick::calibration {
namespace {

Summary with(std::int64_t min, std::int64_t p50) {
  Summary s;
  s.samples = 10;
  s.min = min;
  s.p50 = s.p90 = s.p99 = s.max = p50;
  return s;
}

TEST(InjectDerivation, MediansLessWakeupAndExit) {
  const auto d = derive_inject(with(100'000, 130'000), with(10'000, 20'000), 14'000);
  EXPECT_EQ(d.from_medians_ns, 96'000);
  EXPECT_EQ(d.from_minimums_ns, 76'000);
  EXPECT_EQ(d.inject_ns, 96'000);
  EXPECT_NE(d.formula.find("= 96000ns"), std::string::npos) << d.formula;
}

TEST(InjectDerivation, FlooredAtTheMeasuredMinimum) {
  // A wake-up median far above the injection's (a noisy wake-up run): the minimums bound it.
  const auto d = derive_inject(with(100'000, 110'000), with(5'000, 90'000), 10'000);
  EXPECT_EQ(d.from_medians_ns, 10'000);
  EXPECT_EQ(d.inject_ns, 85'000);
}

TEST(InjectDerivation, NeverBelowOneNanosecond) {
  EXPECT_EQ(derive_inject(with(10, 20), with(50, 60), 100).inject_ns, 1);
}

}  // namespace
}  // namespace vtick::calibration
