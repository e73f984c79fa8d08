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

TEST(RealVmLostTickPolicy, MergeLosesAsDiscardButCountsWhatItFolded) {
  LostTickAccounting merge(LostTickPolicy::merge);
  merge.timer_expired(3);  // one raise now stands for three due ticks
  EXPECT_EQ(merge.owed(), 1u);
  merge.injected(true);
  EXPECT_EQ(counter(merge, "user_tick.merged"), 2u);
  EXPECT_EQ(counter(merge, "user_tick.discarded"), 2u);  // a tick-counting guest still loses them
  merge.timer_expired(1);
  merge.injected(false);  // coalesced: folded into nothing the guest can count
  EXPECT_EQ(counter(merge, "user_tick.merged"), 2u);
  EXPECT_EQ(counter(merge, "user_tick.discarded"), 3u);
  merge.timer_expired(1);
  merge.injected(true);  // a lone on-time tick stands only for itself
  EXPECT_EQ(counter(merge, "user_tick.merged"), 2u);
  EXPECT_EQ(counter(merge, "user_tick.delivered"), 2u);
}

TEST(RealVmLostTickPolicy, CatchupDrainsTheBacklogAndCountsReinjections) {
  LostTickAccounting catchup(LostTickPolicy::catchup);
  catchup.set_period_ns(10'000'000);
  catchup.timer_expired(1);
  catchup.injected(true);  // on time: not a reinjection
  EXPECT_EQ(counter(catchup, "user_tick.reinjected"), 0u);
  catchup.timer_expired(3);  // two periods late
  catchup.injected(true);
  catchup.injected(false);  // the guest has not acknowledged yet: still owed
  catchup.injected(true);
  catchup.injected(true);
  EXPECT_FALSE(catchup.tick_owed());
  EXPECT_EQ(counter(catchup, "user_tick.reinjected"), 3u);
  EXPECT_EQ(counter(catchup, "user_tick.discarded"), 0u);
  EXPECT_EQ(counter(catchup, "user_tick.delivered"), 4u);
  EXPECT_EQ(counter(catchup, "user_tick.max_owed"), 3u);
}

TEST(RealVmLostTickPolicy, CatchupGiveupDropsABacklogPastTheThreshold) {
  LostTickAccounting giveup(LostTickPolicy::catchup_giveup, 25'000'000);  // 2.5 ticks of 10 ms
  giveup.set_period_ns(10'000'000);
  giveup.timer_expired(2);  // 20 ms owed: within the threshold, kept
  EXPECT_EQ(giveup.owed(), 2u);
  giveup.timer_expired(1);  // 30 ms owed: dropped whole
  EXPECT_FALSE(giveup.tick_owed());
  EXPECT_EQ(counter(giveup, "user_tick.gave_up"), 1u);
  EXPECT_EQ(counter(giveup, "user_tick.discarded"), 3u);
  giveup.timer_expired(1);  // and ticking resumes afresh
  giveup.injected(true);
  EXPECT_EQ(counter(giveup, "user_tick.delivered"), 1u);
  EXPECT_EQ(counter(giveup, "user_tick.reinjected"), 0u);
  EXPECT_EQ(counter(giveup, "user_tick.expirations"), 4u);
}

}  // namespace
}  // namespace vtick::realvm::vmm
