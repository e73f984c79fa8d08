// calibration/vcpu_wakeups: tracefs's sched_switch lines (in the kernel's own text format) to
// the vCPU thread's wake-ups, their kinds and spreads. Expectations worked by hand.
#include <gtest/gtest.h>

#include <numeric>
#include <stdexcept>

#include "calibration/quantiles.hpp"
#include "calibration/vcpu_wakeups.hpp"

namespace vtick::calibration {
namespace {

constexpr const char* kVcpu = "CPU 0/TCG";

TEST(SchedSwitchLine, ParsesTheKernelsTextFormat) {
  const auto e = parse_sched_switch(
      "       CPU 0/TCG-25425   [000] d..2. 44046.829147: sched_switch: prev_comm=CPU 0/TCG prev_pid=25425 "
      "prev_prio=120 prev_state=S ==> next_comm=qemu-system-x86 next_pid=25424 next_prio=120");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->ns, 44046'829147'000);
  EXPECT_EQ(e->prev_comm, kVcpu);
  EXPECT_EQ(e->prev_state, 'S');
  EXPECT_EQ(e->next_comm, "qemu-system-x86");
  const auto preempted = parse_sched_switch(
      " qemu-system-x86-25423   [001] d..2. 7.000010: sched_switch: prev_comm=CPU 0/TCG prev_pid=1 prev_prio=120 "
      "prev_state=R+ ==> next_comm=hog next_pid=2 next_prio=120");
  ASSERT_TRUE(preempted);
  EXPECT_EQ(preempted->prev_state, 'R');
}

TEST(SchedSwitchLine, IgnoresCommentsOtherEventsAndBrokenLines) {
  EXPECT_FALSE(parse_sched_switch("# tracer: nop"));
  EXPECT_FALSE(parse_sched_switch("  bash-1 [000] d..2. 1.000001: sched_wakeup: comm=a pid=2 prio=120 target_cpu=000"));
  EXPECT_FALSE(parse_sched_switch("  a-1 [000] d..2. 1.0001: sched_switch: prev_comm=a prev_pid=1 prev_state=S ==> next_comm=b next_pid=2"));
  EXPECT_FALSE(parse_sched_switch("  a-1 [000] d..2. 1.000001: sched_switch: prev_comm=a prev_pid=1"));
}

TEST(SchedWakingLine, ParsesTheWakerFromTheLinesTask) {
  const auto w = parse_sched_waking(
      " qemu-system-x86-16766   [000] d..2. 41230.001456: sched_waking: comm=CPU 0/TCG pid=16768 prio=120 "
      "target_cpu=000");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->ns, 41230'001456'000);
  EXPECT_EQ(w->waker_comm, "qemu-system-x86");
  EXPECT_EQ(w->woken_comm, kVcpu);
  const auto spaced = parse_sched_waking(
      "       CPU 0/TCG-25425   [001] d.h2. 7.000010: sched_waking: comm=vtick pid=9 prio=120 target_cpu=001");
  ASSERT_TRUE(spaced);
  EXPECT_EQ(spaced->waker_comm, kVcpu) << "a name with a space and a slash";
  EXPECT_EQ(spaced->woken_comm, "vtick");
}

TEST(SchedWakingLine, IgnoresCommentsOtherEventsAndBrokenLines) {
  EXPECT_FALSE(parse_sched_waking("# tracer: nop"));
  EXPECT_FALSE(parse_sched_waking(
      "  a-1 [000] d..2. 1.000001: sched_switch: prev_comm=a prev_pid=1 prev_prio=120 prev_state=S ==> next_comm=b "
      "next_pid=2 next_prio=120"));
  EXPECT_FALSE(parse_sched_waking("  nodash [000] d..2. 1.000001: sched_waking: comm=b pid=2 prio=120 target_cpu=000"));
  EXPECT_FALSE(parse_sched_waking("  a-1 [000] d..2. 1.01: sched_waking: comm=b pid=2 prio=120 target_cpu=000"));
  EXPECT_FALSE(parse_sched_waking("  a-1 [000] d..2. 1.000001: sched_waking: pid=2"));
}

SchedSwitch to_vcpu(std::int64_t ns) { return {ns, "idle", 'S', kVcpu}; }
SchedSwitch from_vcpu(std::int64_t ns, char state) { return {ns, kVcpu, state, "idle"}; }

TEST(VcpuWakeups, APreemptedWakeUpCountsOnlyItsTimeOnACpu) {
  const std::vector<SchedSwitch> events{
      from_vcpu(50, 'S'),                          // asleep: wake-ups are seen from here on
      to_vcpu(100), from_vcpu(130, 'R'),           // 30 ns, preempted
      to_vcpu(200), from_vcpu(220, 'S'),           // + 20 ns, asleep: 50 ns from 100
      to_vcpu(400), from_vcpu(405, 'D'),           // 5 ns from 400
      to_vcpu(600),                                // never ends in the trace: left out
  };
  const auto w = wakeups_of(events, kVcpu, 0, 1000).wakeups;
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].start_ns, 100);
  EXPECT_EQ(w[0].on_cpu_ns, 50);
  EXPECT_EQ(w[1].start_ns, 400);
  EXPECT_EQ(w[1].on_cpu_ns, 5);
  // Only wake-ups that begin in the window count.
  EXPECT_EQ(wakeups_of(events, kVcpu, 101, 1000).wakeups.size(), 1u);
  // A first stretch begun before the trace may be the end of a preempted wake-up: not a
  // whole one, so not counted.
  const std::vector<SchedSwitch> mid_run{to_vcpu(10), from_vcpu(20, 'S'), to_vcpu(30), from_vcpu(35, 'S')};
  const auto whole = wakeups_of(mid_run, kVcpu, 0, 100).wakeups;
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_EQ(whole.front().start_ns, 30);
}

// A kernel that records no switch out of the idle task: a wake-up seen only leaving a CPU,
// even if it is then preempted and its resumption recorded, has no known start: dropped,
// and counted.
TEST(VcpuWakeups, AWakeUpWithoutItsSwitchInIsDroppedWhole) {
  const std::vector<SchedSwitch> events{
      from_vcpu(50, 'S'),
      from_vcpu(130, 'R'),                 // woken on an idle CPU at ~100: not recorded
      to_vcpu(200), from_vcpu(220, 'S'),   // resumed and slept: still not a whole wake-up
      to_vcpu(400), from_vcpu(405, 'S'),   // whole
      from_vcpu(520, 'S'),                 // not recorded again
  };
  const auto traced = wakeups_of(events, kVcpu, 0, 1000);
  ASSERT_EQ(traced.wakeups.size(), 1u);
  EXPECT_EQ(traced.wakeups.front().start_ns, 400);
  EXPECT_EQ(traced.dropped, 2u);
}

TEST(VcpuWakeups, RecordsStampedBeforeTheNextWakeUpGiveTheKind) {
  const std::vector<Wakeup> w{{100, 10}, {200, 700}, {300, 20}, {400, 30}, {500, 40}, {600, 50}, {700, 60}};
  // A callback's record at 250 (wake-up 2), a sample's at 320 (wake-up 3), a callback's and
  // a sample's at 510 and 520 (wake-up 5: a callback), another record at 610 (wake-up 6:
  // none of the kinds), and wake-up 7 has no successor to bound it.
  const auto kinds = classify(w, {250, 510}, {320, 520}, {250, 320, 510, 520, 610});
  EXPECT_EQ(kinds.callback_ns, (std::vector<std::int64_t>{700, 40}));
  EXPECT_EQ(kinds.sample_ns, (std::vector<std::int64_t>{20}));
  EXPECT_EQ(kinds.tick_ns, (std::vector<std::int64_t>{10, 30}));
}

TEST(VcpuWakeups, RatioQuantilesHaveMeanOne) {
  std::vector<std::int64_t> times(1000);
  std::iota(times.begin(), times.end(), 1);  // 1 .. 1000 ns
  const auto r = ratio_quantiles(times, kWakeupQuantiles);
  ASSERT_EQ(r.size(), kWakeupQuantiles);
  double sum = 0;
  for (std::size_t i = 1; i < r.size(); ++i) sum += (r[i - 1] + r[i]) / 2;
  EXPECT_NEAR(sum / 100, 1.0, 1e-3);
  // Uniform 1 .. 1000: the median is about the mean, the top about twice it.
  EXPECT_NEAR(r[50], 1.0, 0.01);
  EXPECT_NEAR(r[100], 2.0, 0.01);
  EXPECT_THROW((void)ratio_quantiles({0, 0}, 3), std::invalid_argument);
  EXPECT_THROW((void)ratio_quantiles({}, 3), std::invalid_argument);
}

}  // namespace
}  // namespace vtick::calibration
