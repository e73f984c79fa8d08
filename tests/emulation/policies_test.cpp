// Each lost-tick policy against a bare timer device: what it raises, loses and owes.
#include "protocols/emulation/policies.hpp"

#include <gtest/gtest.h>

namespace vtick::protocols::emulation {
namespace {

constexpr TimeNs kPeriod = 4'000'000;

struct Device {
  TimerDevice device{sim::TimerDevice::Pit, kPeriod};
  /// The guest takes and acknowledges whatever is pending.
  void guest_handles(LostTickPolicy& policy) {
    if (!device.line().requested()) return;
    device.line().accept();
    device.line().end_of_interrupt();
    policy.on_guest_ack(device);
  }
};

TEST(InterruptLine, SecondRaiseWhilePendingCoalesces) {
  TimerDevice device(sim::TimerDevice::Pit, kPeriod);
  EXPECT_TRUE(device.line().raise());
  EXPECT_FALSE(device.line().raise());
  device.line().accept();
  EXPECT_TRUE(device.line().raise()) << "in service and pending are separate bits";
  EXPECT_EQ(device.line().raised(), 2u);
  EXPECT_EQ(device.line().coalesced(), 1u);
}

TEST(Discard, LateRunRaisesOnceAndLosesTheRest) {
  Device d;
  auto policy = make_discard();
  const TimeNs next = policy->on_timer_thread(d.device, 3 * kPeriod + 100, 3);
  EXPECT_EQ(next, 4 * kPeriod);
  EXPECT_EQ(d.device.line().raised(), 1u);
  EXPECT_EQ(d.device.counters().lost, 2u);
  policy->on_timer_thread(d.device, 4 * kPeriod + 100, 1);  // guest never took the first
  EXPECT_EQ(d.device.counters().lost, 3u);
}

TEST(Delay, OwesEveryTickAndReinjectsOnAcknowledgement) {
  Device d;
  auto policy = make_delay();
  policy->on_timer_thread(d.device, 3 * kPeriod + 100, 3);
  EXPECT_EQ(d.device.line().raised(), 1u);
  EXPECT_EQ(policy->backlog(), 2);
  d.guest_handles(*policy);
  EXPECT_EQ(d.device.line().raised(), 2u) << "the acknowledgement re-injects at once";
  d.guest_handles(*policy);
  d.guest_handles(*policy);
  EXPECT_EQ(policy->backlog(), 0);
  EXPECT_EQ(d.device.line().raised(), 3u);
  EXPECT_EQ(d.device.counters().reinjected, 3u) << "all three waited: the thread ran three periods late";
  EXPECT_EQ(d.device.counters().backlog_max, 3);
  EXPECT_EQ(d.device.counters().lost, 0u);
}

TEST(Delay, WaitsForTheGuestBeforeInjectingAgain) {
  Device d;
  auto policy = make_delay();
  policy->on_timer_thread(d.device, kPeriod, 1);
  policy->on_timer_thread(d.device, 2 * kPeriod, 1);
  EXPECT_EQ(d.device.line().raised(), 1u);
  EXPECT_EQ(d.device.line().coalesced(), 0u) << "delay never coalesces; it counts";
  EXPECT_EQ(policy->backlog(), 1);
}

TEST(Catchup, RunsFasterWhileBehindAndNeverLoses) {
  Device d;
  auto policy = make_catchup(4);
  const TimeNs next = policy->on_timer_thread(d.device, 3 * kPeriod, 3);
  EXPECT_EQ(next, 3 * kPeriod + kPeriod / 4);
  EXPECT_EQ(policy->backlog(), 2);
  d.guest_handles(*policy);
  policy->on_timer_thread(d.device, next, 0);
  EXPECT_EQ(policy->backlog(), 1);
  EXPECT_EQ(d.device.counters().reinjected, 2u) << "both deliveries were of ticks that had waited";
  EXPECT_EQ(d.device.counters().backlog_max, 3);
  d.guest_handles(*policy);
  EXPECT_EQ(policy->on_timer_thread(d.device, next + kPeriod / 4, 0), 4 * kPeriod);
  EXPECT_EQ(policy->backlog(), 0);
  EXPECT_EQ(d.device.counters().lost, 0u);
}

TEST(CatchupGiveup, DropsABacklogBeyondTheThreshold) {
  Device d;
  auto policy = make_catchup_giveup(4, 3 * kPeriod);
  policy->on_timer_thread(d.device, 3 * kPeriod, 3);
  EXPECT_EQ(d.device.counters().gave_up, 0u) << "3 periods is not more than the threshold";
  d.guest_handles(*policy);
  policy->on_timer_thread(d.device, 5 * kPeriod, 2);  // backlog 2 + 2 = 4 periods > 3
  EXPECT_EQ(d.device.counters().gave_up, 1u);
  EXPECT_EQ(d.device.counters().lost, 4u);
  EXPECT_EQ(policy->backlog(), 0);
}

}  // namespace
}  // namespace vtick::protocols::emulation
