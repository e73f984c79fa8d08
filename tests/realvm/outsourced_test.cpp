// Timer outsourcing on a real VM: the guest's timers are host timers armed by hypercall;
// expiries come back through the shared ring. What is specific to the scheme: an expiry
// overtaken by del_timer is dropped by its generation, the VMM holds one host timer per
// guest timer and no more, and delivery is prompt on an idle host.
#include <gtest/gtest.h>

#include <algorithm>

#include "kvm_test_support.hpp"
#include "realvm/protocol.h"
#include "realvm/vmm/run_vm.hpp"
#include "realvm/vmm/trace_analysis.hpp"

namespace vtick::realvm::vmm {
namespace {

constexpr std::uint32_t kRacerTimer = 6;  // realvm/guest/workload.c
constexpr std::uint32_t kTimersTheWorkloadUses = 6;

VmConfig outsourced_run() {
  VmConfig config = testing::short_run();
  config.scheme = TimerScheme::outsourced;
  config.clock = ClockKind::kvmclock;
  return config;
}

std::size_t count(const std::vector<TraceRecord>& records, std::uint32_t id) {
  return static_cast<std::size_t>(
      std::count_if(records.begin(), records.end(), [id](const TraceRecord& record) { return record.id == id; }));
}

TEST(RealVmOutsourced, NeedsKvmclock) {
  VmConfig config = outsourced_run();
  config.clock = ClockKind::jiffies;
  EXPECT_THROW(validate(config), BadVmConfig);
}

TEST(RealVmOutsourced, HypercallBenchNeedsTheOutsourcedSchemeAndIterations) {
  VmConfig config = testing::short_run();
  config.hypercall_bench = true;
  config.exit_bench_iterations = 10;
  EXPECT_THROW(validate(config), BadVmConfig);  // user_pit serves no timer calls
  config = outsourced_run();
  config.hypercall_bench = true;
  EXPECT_THROW(validate(config), BadVmConfig);  // no iterations
}

// The benchmark's calls are served for real (each arm reaches a host timer), never refused,
// and never fire: the deadline is far beyond the run.
TEST(RealVmOutsourced, HypercallBenchArmsAndCancelsHostTimers) {
  VTICK_SKIP_WITHOUT_KVM();
  VmConfig config = outsourced_run();
  config.hypercall_bench = true;
  config.exit_bench_iterations = 50;
  const RunResult result = run_vm(config);
  ASSERT_EQ(result.reason, ExitReason::guest_exit) << describe(result);
  EXPECT_EQ(result.records_of(VTICK_TRACE_BENCH_BEGIN).size(), 1u);
  EXPECT_EQ(result.records_of(VTICK_TRACE_BENCH_END).size(), 1u);
  EXPECT_EQ(result.counter("outsourced.arms"), 50u);
  EXPECT_EQ(result.counter("outsourced.cancels"), 50u);
  EXPECT_EQ(result.counter("hypercall.refused"), 0u);
  EXPECT_EQ(result.counter("outsourced.expiries"), 0u);
}

TEST(RealVmOutsourced, ExpiryOvertakenByDelTimerIsDropped) {
  VTICK_SKIP_WITHOUT_KVM();
  const RunResult result = run_vm(outsourced_run());
  ASSERT_EQ(result.reason, ExitReason::guest_exit) << describe(result);
  ASSERT_EQ(result.guest_exit_code, std::optional<std::uint32_t>(VTICK_EXIT_OK)) << describe(result);
  // The racer was deleted (while pending) after its expiry was already in the ring; the
  // guest saw that expiry, dropped it as stale, and never ran the callback.
  const auto cancelled = result.records_of(VTICK_TRACE_TIMER_CANCELLED);
  ASSERT_EQ(count(cancelled, kRacerTimer), 1u);
  EXPECT_EQ(std::find_if(cancelled.begin(), cancelled.end(),
                         [](const TraceRecord& r) { return r.id == kRacerTimer; })->arg,
            1);
  EXPECT_EQ(count(result.records_of(VTICK_TRACE_STALE_EXPIRY), kRacerTimer), 1u) << describe(result);
  EXPECT_EQ(count(result.records_of(VTICK_TRACE_TIMER_FIRED), kRacerTimer), 0u);
  EXPECT_TRUE(result.records_of(VTICK_TRACE_HYPERCALL_ERROR).empty());
}

TEST(RealVmOutsourced, OneHostTimerPerGuestTimerAndPromptDelivery) {
  VTICK_SKIP_WITHOUT_KVM();
  const RunResult result = run_vm(outsourced_run());
  ASSERT_EQ(result.reason, ExitReason::guest_exit) << describe(result);
  EXPECT_EQ(result.counter("outsourced.host_timers"), kTimersTheWorkloadUses);
  EXPECT_EQ(result.counter("hypercall.refused"), 0u);
  EXPECT_EQ(result.counter("outsourced.ring_overflows"), 0u);
  EXPECT_EQ(result.counter("outsourced.irq_masked"), 0u);
  // No periodic tick: the guest took no IRQ 0 at all.
  const auto summary = result.records_of(VTICK_TRACE_TICK_SUMMARY);
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(summary[0].arg, 0);

  // Lateness by host time: deadlines are jiffy boundaries, so no rounding is in it; what
  // remains is the host timer, the thread's wake-up, the interrupt, the guest's handler in
  // KVM's emulator and one trace exit. On an idle host that is well under the jiffy a tick
  // scheme would add. Firings due while the guest itself kept interrupts off (its start-up,
  // up to the racer's deletion) are late by the guest's doing and left out.
  const auto cancelled = result.records_of(VTICK_TRACE_TIMER_CANCELLED);
  const auto racer = std::find_if(cancelled.begin(), cancelled.end(), [](const TraceRecord& r) { return r.id == kRacerTimer; });
  ASSERT_NE(racer, cancelled.end());
  const auto firings = timer_firings(result);
  ASSERT_GE(firings.size(), 40u);
  std::int64_t worst = 0;
  for (const TimerFiring& firing : firings) {
    EXPECT_GE(firing.guest_now_ns, firing.guest_due_ns) << "timer " << firing.timer_id << " fired early";
    if (firing.guest_due_ns > racer->guest_ns) {
      worst = std::max(worst, firing.host_late_ns);
    }
  }
  constexpr std::int64_t kJiffy = 10'000'151;
  EXPECT_LT(worst, kJiffy) << "worst host lateness " << worst << " ns";
  EXPECT_LT(result.counter("outsourced.thread_lateness_max_ns"), static_cast<std::uint64_t>(kJiffy));
  std::printf("outsourced: %zu firings, worst host lateness %.3f ms, host-timer thread lateness mean %.3f ms max %.3f ms\n",
              firings.size(), worst / 1e6, result.counter("outsourced.thread_lateness_mean_ns") / 1e6,
              result.counter("outsourced.thread_lateness_max_ns") / 1e6);
}

}  // namespace
}  // namespace vtick::realvm::vmm
