#include "calibration/kernel_facts.hpp"

#include <gtest/gtest.h>

namespace vtick::calibration {
namespace {

TEST(KernelFacts, EevdfFromLinux66) {
  EXPECT_EQ(scheduler_class_for("6.18.44-fc-v657"), "eevdf");
  EXPECT_EQ(scheduler_class_for("6.6.0"), "eevdf");
  EXPECT_EQ(scheduler_class_for("7.0.1"), "eevdf");
  EXPECT_EQ(scheduler_class_for("6.5.13-amd64"), "cfs");
  EXPECT_EQ(scheduler_class_for("5.15.0-91-generic"), "cfs");
  EXPECT_EQ(scheduler_class_for("unknown"), std::nullopt);
}

}  // namespace
}  // namespace vtick::calibration
