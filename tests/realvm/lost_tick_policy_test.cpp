// The lost-tick bookkeeping alone: what each policy owes, delivers and gives up.
#include <gtest/gtest.h>

#include "realvm/vmm/lost_tick_policy.hpp"

namespace vtick::realvm::vmm {
namespace {

std::uint64_t counter(const LostTickAccounting& accounting, const char* name) {
  Counters counters;
  accounting.report(counters);
  return counters.at(name);
}

TEST(RealVmLostTickPolicy, DiscardKeepsOnlyTheLatestTick) {
  LostTickAccounting discard(LostTickPolicy::discard);
  discard.timer_expired(3);  // the timer thread woke two periods late
  EXPECT_EQ(discard.owed(), 1u);
  EXPECT_EQ(counter(discard, "user_tick.discarded"), 2u);
  discard.injected(false);  // and the guest had not taken the previous one either
  EXPECT_FALSE(discard.tick_owed());
  EXPECT_EQ(counter(discard, "user_tick.discarded"), 3u);
  discard.timer_expired(1);
  discard.injected(true);
  EXPECT_EQ(counter(discard, "user_tick.delivered"), 1u);
  EXPECT_EQ(counter(discard, "user_tick.expirations"), 4u);
}

TEST(RealVmLostTickPolicy, DelayOwesEveryTickUntilDelivered) {
  LostTickAccounting delay(LostTickPolicy::delay);
  delay.timer_expired(3);
  EXPECT_EQ(delay.owed(), 3u);
  delay.injected(true);
  delay.injected(false);  // coalesced: still owed
  EXPECT_EQ(delay.owed(), 2u);
  delay.injected(true);
  delay.injected(true);
  EXPECT_FALSE(delay.tick_owed());
  EXPECT_EQ(counter(delay, "user_tick.delivered"), 3u);
  EXPECT_EQ(counter(delay, "user_tick.discarded"), 0u);
  EXPECT_EQ(counter(delay, "user_tick.coalesced_attempts"), 1u);
  EXPECT_EQ(counter(delay, "user_tick.max_owed"), 3u);
}

}  // namespace
}  // namespace vtick::realvm::vmm
