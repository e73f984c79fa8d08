// Which engines a curve uses by default (vtick validate's, for the same file) and the time
// estimate printed before it starts.
#include <gtest/gtest.h>

#include "loadcurve/plan.hpp"

namespace vtick::loadcurve {
namespace {

using crosscheck::RealEngine;

const std::string kSource = VTICK_SOURCE_DIR;

TEST(CurvePlan, DefaultEnginesAreValidateCases) {
  EXPECT_EQ(default_engines(kSource + "/scenarios/realvm/idle-pit-discard.yaml"),
            (std::vector{RealEngine::Kvm, RealEngine::Qemu}));
  // pvclock: QEMU's TCG has no kvmclock, so validate runs it on KVM only.
  EXPECT_EQ(default_engines(kSource + "/scenarios/realvm/idle-kvmclock.yaml"), std::vector{RealEngine::Kvm});
  EXPECT_EQ(default_engines(kSource + "/scenarios/linux/loaded-jiffies.yaml"), std::vector{RealEngine::Linux});
  EXPECT_THROW((void)default_engines(kSource + "/scenarios/random-load.yaml"), std::invalid_argument);
}

TEST(CurvePlan, RecordingEstimateIsRunsTimesDurationPlusStartUp) {
  CurvePlan plan;
  plan.hogs = {0, 1};
  plan.repeat = 5;
  plan.duration_ns = 30 * sim::kNsPerSec;
  // 2 counts x 5 runs x (30 s + 2 s for our guest) + the same with Debian's 15 s boot.
  EXPECT_DOUBLE_EQ(estimated_recording_seconds(plan, {RealEngine::Qemu}), 320.0);
  EXPECT_DOUBLE_EQ(estimated_recording_seconds(plan, {RealEngine::Qemu, RealEngine::Linux}), 320.0 + 450.0);
}

TEST(CurvePlan, DefaultDurationIsAtLeastThirtySeconds) {
  sim::Scenario s;
  s.run.duration_ns = 2 * sim::kNsPerSec;
  EXPECT_EQ(default_duration(s), 30 * sim::kNsPerSec);
  s.run.duration_ns = 90 * sim::kNsPerSec;
  EXPECT_EQ(default_duration(s), 90 * sim::kNsPerSec);
}

}  // namespace
}  // namespace vtick::loadcurve
