// Where the timer thread raises the interrupt in its work (vmm.timer_kick_share,
// timer_tail_share) and QEMU's global lock between it and the vCPU (vmm.vcpu_lock_attempt,
// models/vmm/vmm_lock.hpp). Worked by hand on two CPUs with free context switches, so that the
// two threads never wait for each other's CPU: the vCPU, woken while the timer thread runs,
// takes the other, idle CPU. 100 Hz, no slack, no latency: the timer thread wakes exactly on
// the 10 ms grid and works device_cost = 10 us; the vCPU's handler costs 50 us. A "tick"
// trace event marks the handler's end.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/runner/run_helpers.hpp"

namespace vtick::testing {
namespace {

sim::Scenario tcg(const std::string& extra_vmm) {
  return sim::parse_scenario(
      "host: {cpus: 2, scheduler: {context_switch: 0ns}}\n"
      "vmm: {engine: qemu_tcg, lost_tick_policy: discard, timer_slack: 0ns, device_cost: 10us, vcpu_tick_cost: 50us" +
          extra_vmm + "}\nguest: {hz: 100}\nrun: {duration: 200ms}\n",
      "t.yaml");
}

/// The ns from each period's start (10 ms grid) to its tick's handler end, ticks 2 on (the
/// first places the threads on their CPUs).
std::vector<std::int64_t> tick_offsets_ns(const sim::runner::RunResult& result) {
  const auto trace = nlohmann::json::parse(text_of(result.trace));
  std::vector<std::int64_t> out;
  for (const auto& e : trace["traceEvents"]) {
    if (e["name"] != "tick") continue;
    const auto ns = static_cast<std::int64_t>(std::llround(e["ts"].get<double>() * 1000));
    out.push_back(ns % 10'000'000);
  }
  if (!out.empty()) out.erase(out.begin());
  return out;
}

std::vector<std::int64_t> all(std::int64_t offset) { return std::vector<std::int64_t>(18, offset); }

// By default the interrupt is raised at the end of the timer thread's 10 us: the handler ends
// at 10 us + inject 1 ns + 50 us.
TEST(VmmLock, ByDefaultTheInterruptIsRaisedAtTheEndOfTheTimerThreadsWork) {
  EXPECT_EQ(tick_offsets_ns(run(tcg(""))), all(60'001));
}

// Raised after 3 us of the 10: the vCPU starts on the other CPU while the timer thread
// finishes; 3 us + 1 ns + 50 us.
TEST(VmmLock, AKickShareRaisesTheInterruptPartwayThroughTheWork) {
  const auto result = run(tcg(", timer_kick_share: 0.3"));
  EXPECT_EQ(tick_offsets_ns(result), all(53'001));
  EXPECT_EQ(result.summary["cost"]["timer_thread_cpu_ns"].get<std::int64_t>(), 19 * 10'000) << "the same work in all";
}

// Kick at 3 us, lock held for the next 5 us (tail 2 us): the vCPU's 4 us attempt ends at
// 7 us with the lock still held; it blocks, is woken at the release (8 us), takes the lock
// (1 ns) and runs its handler: 8 us + 1 ns + 50 us.
TEST(VmmLock, AVcpuKickedWhileTheLockIsHeldWaitsForItsRelease) {
  const auto result = run(tcg(", timer_kick_share: 0.3, timer_tail_share: 0.2, vcpu_lock_attempt: 4us"));
  EXPECT_EQ(tick_offsets_ns(result), all(58'001));
  EXPECT_EQ(result.summary["cost"]["timer_thread_cpu_ns"].get<std::int64_t>(), 19 * 10'000);
}

// Kick at 3 us, lock released at 4 us (tail 6 us): the attempt ends at 7 us with the lock
// free, and the handler follows at once: 7 us + 50 us.
TEST(VmmLock, AnAttemptAfterTheReleaseTakesTheInterruptAtOnce) {
  EXPECT_EQ(tick_offsets_ns(run(tcg(", timer_kick_share: 0.3, timer_tail_share: 0.6, vcpu_lock_attempt: 4us"))),
            all(57'000));
}

// A timer that expires while the thread still works (here its tail, 90 % of 1.5 ms of work
// per 1 ms period) is served when that work ends, as QEMU's main loop polls again with a
// timeout already passed: the thread works all the time from the first expiry at 1 ms
// (99 ms to the run's end) in whole units of 1.5 ms, raising at 1.15 ms + k x 1.5 ms, 66 times
// by 100 ms, each tick handled 50 us later on the other CPU.
TEST(VmmLock, ATimerExpiringDuringTheWorkIsServedAfterIt) {
  const auto s = run(sim::parse_scenario(
                         "host: {cpus: 2, scheduler: {context_switch: 0ns}}\n"
                         "vmm: {engine: qemu_tcg, lost_tick_policy: discard, timer_slack: 0ns, device_cost: 1500us, "
                         "vcpu_tick_cost: 50us, timer_kick_share: 0.1, timer_tail_share: 0.9}\n"
                         "guest: {hz: 1000}\nrun: {duration: 100ms}\n",
                         "t.yaml"))
                     .summary;
  EXPECT_EQ(s["cost"]["timer_thread_cpu_ns"].get<std::int64_t>(), 99'000'000);
  EXPECT_EQ(s["ticks"]["delivered"].get<std::int64_t>(), 66);
}

TEST(VmmLock, TheSharesMustFitInOneDeviceCost) {
  try {
    (void)tcg(", timer_kick_share: 0.7, timer_tail_share: 0.4");
    FAIL() << "accepted";
  } catch (const sim::ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("timer_kick_share + timer_tail_share must be at most 1"), std::string::npos) << e.what();
  }
}

TEST(VmmLock, OurKvmVmmHasNoSuchLock) {
  try {
    (void)sim::parse_scenario("vmm: {engine: kvm, vcpu_lock_attempt: 4us}\n", "t.yaml");
    FAIL() << "accepted";
  } catch (const sim::ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("t.yaml:1:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("has none"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace vtick::testing
