// The spin meter counts short steps between clock reads as CPU time and long ones as time the
// CPU spent elsewhere.
#include "realvm/load/spin_meter.hpp"

#include <gtest/gtest.h>

namespace vtick::realvm::load {
namespace {

TEST(SpinMeter, CountsStepsShorterThanAPreemption) {
  SpinMeter meter(1'000);
  EXPECT_EQ(meter.step(1'030), 30);
  EXPECT_EQ(meter.step(1'060), 60);
  // Preempted for 5 us: not this task's CPU time.
  EXPECT_EQ(meter.step(6'060), 60);
  EXPECT_EQ(meter.step(6'100), 100);
  EXPECT_EQ(meter.used(), 100);
}

TEST(SpinMeter, AStepOfExactlyThePreemptionThresholdIsNotCounted) {
  SpinMeter meter(0);
  EXPECT_EQ(meter.step(SpinMeter::kPreemptedStepNs - 1), SpinMeter::kPreemptedStepNs - 1);
  EXPECT_EQ(meter.step(2 * SpinMeter::kPreemptedStepNs - 1), SpinMeter::kPreemptedStepNs - 1);
}

TEST(SpinMeter, AClockThatDidNotMoveAddsNothing) {
  SpinMeter meter(500);
  EXPECT_EQ(meter.step(500), 0);
}

}  // namespace
}  // namespace vtick::realvm::load
