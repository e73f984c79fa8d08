#include "models/host/host_timers.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace vtick::models::host {
namespace {

struct FireLog : HostTimerClient {
  std::map<HostTimerId, TimeNs> fired_at;
  void on_host_timer(HostTimerId id, TimeNs now) override { fired_at[id] = now; }
};

TEST(HostTimers, LoneTimerFiresAtItsHardExpiry) {
  sim::Simulation sim(sim::EngineKind::Direct);
  HostTimers timers(sim, 1);
  FireLog log;
  const auto t = timers.create(log);
  timers.arm(t, 0, 1000, 50);
  sim.run_until(10'000);
  EXPECT_EQ(log.fired_at.at(t), 1050);
  EXPECT_EQ(timers.coalesced(), 0u);
}

TEST(HostTimers, SlackTimerCoalescesWithAnEarlierInterruptInsideItsWindow) {
  sim::Simulation sim(sim::EngineKind::Direct);
  HostTimers timers(sim, 1);
  FireLog log;
  const auto slack = timers.create(log);
  const auto exact = timers.create(log);
  timers.arm(slack, 0, 1000, 500);  // window [1000, 1500]
  timers.arm(exact, 0, 1200, 0);
  sim.run_until(10'000);
  EXPECT_EQ(log.fired_at.at(exact), 1200);
  EXPECT_EQ(log.fired_at.at(slack), 1200);
  EXPECT_EQ(timers.coalesced(), 1u);
}

TEST(HostTimers, RandomTimersAlwaysFireInsideTheirSlackWindow) {
  sim::Simulation sim(sim::EngineKind::Direct);
  HostTimers timers(sim, 2);
  FireLog log;
  std::mt19937_64 rng(7);
  std::map<HostTimerId, std::pair<TimeNs, TimeNs>> windows;
  for (int i = 0; i < 2000; ++i) {
    const auto id = timers.create(log);
    const auto soft = static_cast<TimeNs>(rng() % 1'000'000);
    const auto slack = static_cast<TimeNs>(rng() % 50'000);
    timers.arm(id, static_cast<int>(rng() % 2), soft, slack);
    windows[id] = {soft, soft + slack};
  }
  sim.run_until(2'000'000);
  ASSERT_EQ(log.fired_at.size(), windows.size());
  for (const auto& [id, window] : windows) {
    EXPECT_GE(log.fired_at[id], window.first);
    EXPECT_LE(log.fired_at[id], window.second);
  }
  EXPECT_GT(timers.coalesced(), 0u);
}

TEST(HostTimers, CancelledTimerNeverFires) {
  sim::Simulation sim(sim::EngineKind::Direct);
  HostTimers timers(sim, 1);
  FireLog log;
  const auto t = timers.create(log);
  timers.arm(t, 0, 1000, 0);
  timers.cancel(t);
  sim.run_until(10'000);
  EXPECT_TRUE(log.fired_at.empty());
}

}  // namespace
}  // namespace vtick::models::host
