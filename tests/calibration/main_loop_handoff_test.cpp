// calibration/main_loop_handoff: QEMU's main loop and vCPU around timer interrupts, from
// sched_switch and sched_waking events. The events below copy the pattern of a traced real
// 1-hog run (docs/loadcurve.md) in microseconds; expectations worked by hand.
#include <gtest/gtest.h>

#include "calibration/main_loop_handoff.hpp"

namespace vtick::calibration {
namespace {

constexpr const char* kMain = "qemu-system-x86";
constexpr const char* kVcpu = "CPU 0/TCG";
constexpr std::int64_t kUs = 1000;

struct Builder {
  SchedEvents events;
  Builder& sw(std::int64_t us, const char* prev, char state, const char* next) {
    events.switches.push_back({us * kUs, prev, state, next});
    return *this;
  }
  Builder& wake(std::int64_t us, const char* waker, const char* woken) {
    events.wakings.push_back({us * kUs, waker, woken, events.switches.size()});
    return *this;
  }
};

SchedEvents three_wakeups() {
  Builder b;
  b.sw(0, kMain, 'S', "hog").sw(0, kVcpu, 'S', "hog");  // both asleep: wake-ups are seen from here
  // A handoff: the kick at 17 us of on-CPU time; the vCPU preempts, runs 3 us and blocks;
  // the release at 21 us; the vCPU preempts again (13 us); the main loop's tail ends at 29 us.
  b.wake(1433, "hog", kMain).sw(1439, "hog", 'R', kMain);
  b.wake(1456, kMain, kVcpu).sw(1457, kMain, 'R', kVcpu).sw(1460, kVcpu, 'S', kMain);
  b.wake(1463, kMain, kVcpu).sw(1464, kMain, 'R', kVcpu).sw(1477, kVcpu, 'S', kMain);
  b.sw(1484, kMain, 'S', "hog");
  // One kick, and the main loop sleeps before the vCPU runs: nothing to split.
  b.sw(8953, "hog", 'R', kMain).wake(8971, kMain, kVcpu).sw(8982, kMain, 'S', kVcpu).sw(8996, kVcpu, 'S', "hog");
  // A wake-up with no kick (QEMU's other work).
  b.sw(9500, "hog", 'R', kMain).sw(9510, kMain, 'S', "hog");
  return b.events;
}

TEST(MainLoopHandoff, SplitsAHandoffAtItsKickAndRelease) {
  const Handoffs h = handoffs_of(three_wakeups(), kMain, kVcpu, 0, 1'000'000 * kUs);
  ASSERT_EQ(h.handoffs.size(), 1U);
  EXPECT_EQ(h.handoffs[0].before_kick_ns, 17 * kUs);
  EXPECT_EQ(h.handoffs[0].locked_ns, 4 * kUs);
  EXPECT_EQ(h.handoffs[0].tail_ns, 8 * kUs);
  EXPECT_EQ(h.single_kick, 1U);
  EXPECT_EQ(h.no_kick, 1U);
  // The vCPU's 3 us between kick and release; not its 13 us after the release.
  EXPECT_EQ(h.lock_attempts_ns, std::vector<std::int64_t>{3 * kUs});
  const HandoffShares s = shares_of(h);
  EXPECT_DOUBLE_EQ(s.kick_share, 0.5862);  // 17 / 29
  EXPECT_DOUBLE_EQ(s.tail_share, 0.2759);  // 8 / 29
  EXPECT_EQ(s.lock_attempt_ns, 3 * kUs);
}

TEST(MainLoopHandoff, CountsWakeUpsThatBeganInTheWindowOnly) {
  const Handoffs h = handoffs_of(three_wakeups(), kMain, kVcpu, 5000 * kUs, 1'000'000 * kUs);
  EXPECT_TRUE(h.handoffs.empty());
  EXPECT_TRUE(h.lock_attempts_ns.empty());
  EXPECT_EQ(h.single_kick, 1U);
  EXPECT_EQ(h.no_kick, 1U);
}

TEST(MainLoopHandoff, AWakeUpWithoutItsSwitchInIsLeftOut) {
  Builder b;
  b.sw(0, kMain, 'S', "hog").sw(0, kVcpu, 'S', "hog");
  // The switch in to the main loop is missing: its kicks and its sleep are not a wake-up.
  b.wake(1456, kMain, kVcpu).wake(1463, kMain, kVcpu).sw(1484, kMain, 'S', "hog");
  const Handoffs h = handoffs_of(b.events, kMain, kVcpu, 0, 1'000'000 * kUs);
  EXPECT_TRUE(h.handoffs.empty());
  EXPECT_EQ(h.single_kick + h.no_kick, 0U);
}

TEST(MainLoopHandoff, NoHandoffsKeepTheModelsDefaults) {
  const HandoffShares s = shares_of(Handoffs{});
  EXPECT_EQ(s.kick_share, 1);
  EXPECT_EQ(s.tail_share, 0);
  EXPECT_EQ(s.lock_attempt_ns, 0);
}

}  // namespace
}  // namespace vtick::calibration
