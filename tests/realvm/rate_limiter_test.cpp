// The token bucket that bounds a guest's timer hypercalls.
#include <gtest/gtest.h>

#include "realvm/vmm/rate_limiter.hpp"

namespace vtick::realvm::vmm {
namespace {

TEST(RealVmRateLimiter, BurstThenSustainedRate) {
  RateLimiter limiter(1000, 3);  // one token a millisecond, three at once
  EXPECT_TRUE(limiter.admit(0));
  EXPECT_TRUE(limiter.admit(0));
  EXPECT_TRUE(limiter.admit(0));
  EXPECT_FALSE(limiter.admit(0));
  EXPECT_FALSE(limiter.admit(999'999));  // not yet a whole token
  EXPECT_TRUE(limiter.admit(1'000'000));
  EXPECT_FALSE(limiter.admit(1'000'000));
  // A long pause refills to the burst, not beyond.
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(limiter.admit(1'000'000'000));
  }
  EXPECT_FALSE(limiter.admit(1'000'000'000));
}

TEST(RealVmRateLimiter, PartialIntervalsAddUp) {
  RateLimiter limiter(1000, 1);
  EXPECT_TRUE(limiter.admit(0));
  EXPECT_FALSE(limiter.admit(600'000));
  EXPECT_TRUE(limiter.admit(1'200'000));  // 0.6 ms + 0.6 ms: one token
  // The bucket was full from 1.0 ms on: the 0.2 ms after that earned nothing.
  EXPECT_FALSE(limiter.admit(2'100'000));
  EXPECT_TRUE(limiter.admit(2'200'000));
}

}  // namespace
}  // namespace vtick::realvm::vmm
