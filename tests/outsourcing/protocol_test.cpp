// GuestTimerStub and HostTimerModule one message at a time: each rule of the protocol alone.
#include <gtest/gtest.h>

#include <stdexcept>

#include "protocols/outsourcing/timer_outsourcing.hpp"

namespace vtick::protocols::outsourcing {
namespace {

TEST(GuestTimerStub, EveryArmingGetsTheNextGeneration) {
  GuestTimerStub stub;
  const TimerId id = stub.create_timer();
  const Hypercall first = stub.add(id, 100);
  EXPECT_EQ(first.op, HypercallOp::Arm);
  EXPECT_EQ(first.generation, 1u);
  EXPECT_EQ(first.guest_deadline_ns, 100);
  const auto [was_pending, second] = stub.mod(id, 200);
  EXPECT_TRUE(was_pending);
  EXPECT_EQ(second.generation, 2u);
  EXPECT_EQ(stub.counters().hypercalls, 2u);
}

TEST(GuestTimerStub, AddingAPendingTimerIsACallerBug) {
  GuestTimerStub stub;
  const TimerId id = stub.create_timer();
  stub.add(id, 100);
  EXPECT_THROW(stub.add(id, 200), std::logic_error);
  EXPECT_THROW(stub.add(id + 1, 200), std::out_of_range) << "never created";
}

TEST(GuestTimerStub, ModOfAnInactiveTimerArmsIt) {
  GuestTimerStub stub;
  const TimerId id = stub.create_timer();
  const auto [was_pending, call] = stub.mod(id, 100);
  EXPECT_FALSE(was_pending);
  EXPECT_TRUE(stub.pending(id));
  EXPECT_TRUE(stub.on_expiry({id, call.generation}));
}

TEST(GuestTimerStub, DelOfAnInactiveTimerIssuesNothing) {
  GuestTimerStub stub;
  const TimerId id = stub.create_timer();
  const auto [was_pending, call] = stub.del(id);
  EXPECT_FALSE(was_pending);
  EXPECT_FALSE(call.has_value());
  EXPECT_EQ(stub.counters().hypercalls, 0u);
}

TEST(GuestTimerStub, DelCancelsTheCurrentGenerationAndDropsItsEvent) {
  GuestTimerStub stub;
  const TimerId id = stub.create_timer();
  const Hypercall arm = stub.add(id, 100);
  const auto [was_pending, cancel] = stub.del(id);
  EXPECT_TRUE(was_pending);
  ASSERT_TRUE(cancel.has_value());
  EXPECT_EQ(cancel->op, HypercallOp::Cancel);
  EXPECT_EQ(cancel->generation, arm.generation);
  EXPECT_FALSE(stub.on_expiry({id, arm.generation}));
  EXPECT_EQ(stub.counters().stale_expiries_dropped, 1u);
}

TEST(GuestTimerStub, ExpiryDeactivatesBeforeTheCallbackSoItMayReArm) {
  GuestTimerStub stub;
  const TimerId id = stub.create_timer();
  const Hypercall arm = stub.add(id, 100);
  ASSERT_TRUE(stub.on_expiry({id, arm.generation}));
  EXPECT_FALSE(stub.pending(id));
  EXPECT_NO_THROW(stub.add(id, 200));
  EXPECT_FALSE(stub.on_expiry({id, arm.generation})) << "a duplicate of the old event";
  EXPECT_EQ(stub.counters().expiries_delivered, 1u);
}

TEST(GuestTimerStub, OnlyTheNaiveVariantRunsAnOldGenerationsEvent) {
  for (const bool check : {true, false}) {
    GuestTimerStub stub(check);
    const TimerId id = stub.create_timer();
    const Hypercall old_arm = stub.add(id, 100);
    stub.mod(id, 200);
    EXPECT_EQ(stub.on_expiry({id, old_arm.generation}), !check);
  }
}

TEST(HostTimerModule, ConvertsTheGuestDeadlineWithTheGivenClocks) {
  HostTimerModule host;
  const auto action = host.on_hypercall({HypercallOp::Arm, 3, 1, 5'300}, 1'000, 5'000);
  EXPECT_EQ(action.kind, HostTimerModule::Action::ArmHostTimer);
  EXPECT_EQ(action.timer, 3u);
  EXPECT_EQ(action.host_deadline_ns, 1'300);
}

TEST(HostTimerModule, APastGuestDeadlineFiresAtOnce) {
  HostTimerModule host;
  const auto action = host.on_hypercall({HypercallOp::Arm, 0, 1, 4'000}, 1'000, 5'000);
  EXPECT_EQ(action.host_deadline_ns, 1'000);
}

TEST(HostTimerModule, FiresTheCurrentGenerationOnceAtItsDeadline) {
  HostTimerModule host;
  host.on_hypercall({HypercallOp::Arm, 0, 1, 100}, 0, 0);
  host.on_hypercall({HypercallOp::Arm, 0, 2, 300}, 50, 50);
  EXPECT_FALSE(host.on_host_timer(0, 100).has_value()) << "the replaced arming's firing";
  const auto event = host.on_host_timer(0, 300);
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->generation, 2u);
  EXPECT_FALSE(host.on_host_timer(0, 300).has_value());
  EXPECT_EQ(host.counters().arms, 2u);
  EXPECT_EQ(host.counters().expiries, 1u);
  EXPECT_EQ(host.counters().ignored, 2u);
}

TEST(HostTimerModule, CancelOfTheCurrentGenerationDisarms) {
  HostTimerModule host;
  host.on_hypercall({HypercallOp::Arm, 0, 1, 100}, 0, 0);
  const auto action = host.on_hypercall({HypercallOp::Cancel, 0, 1, 0}, 10, 10);
  EXPECT_EQ(action.kind, HostTimerModule::Action::CancelHostTimer);
  EXPECT_FALSE(host.on_host_timer(0, 100).has_value());
  EXPECT_EQ(host.counters().cancels, 1u);
}

TEST(HostTimerModule, CancelOfAnOlderGenerationOrAfterFiringIsIgnored) {
  HostTimerModule host;
  host.on_hypercall({HypercallOp::Arm, 0, 2, 100}, 0, 0);
  EXPECT_EQ(host.on_hypercall({HypercallOp::Cancel, 0, 1, 0}, 10, 10).kind,
            HostTimerModule::Action::None);
  ASSERT_TRUE(host.on_host_timer(0, 100).has_value()) << "generation 2 is still armed";
  EXPECT_EQ(host.on_hypercall({HypercallOp::Cancel, 0, 2, 0}, 110, 110).kind,
            HostTimerModule::Action::None);
  EXPECT_FALSE(host.on_host_timer(7, 200).has_value()) << "a timer never armed";
  EXPECT_EQ(host.counters().cancels, 0u);
  EXPECT_EQ(host.counters().ignored, 3u);
}

}  // namespace
}  // namespace vtick::protocols::outsourcing
