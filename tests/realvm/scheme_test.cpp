// Every tick scheme and clock on an idle host: the guest's clock keeps up with the host's
// (or falls behind by exactly the ticks the VMM says were lost), its timers fire, and
// never before they are due by its own clock.
#include <gtest/gtest.h>

#include <ostream>

#include <algorithm>
#include <string>

#include "kvm_test_support.hpp"
#include "realvm/protocol.h"
#include "realvm/vmm/run_vm.hpp"
#include "realvm/vmm/trace_analysis.hpp"

namespace vtick::realvm::vmm {
namespace {

struct SchemeCase {
  const char* name;
  TimerScheme scheme;
  LostTickPolicy policy;
  bool reinject;
  ClockKind clock;
};

// GoogleTest would print the case as raw bytes - the name's pointer among them - and CTest
// test names would change from build to build.
void PrintTo(const SchemeCase& c, std::ostream* out) { *out << c.name; }

class RealVmScheme : public ::testing::TestWithParam<SchemeCase> {
 protected:
  VmConfig config() const {
    VmConfig config = testing::short_run();
    config.scheme = GetParam().scheme;
    config.lost_tick_policy = GetParam().policy;
    config.kernel_pit_reinject = GetParam().reinject;
    config.clock = GetParam().clock;
    return config;
  }
};

// The guest workload's timer ids (realvm/guest/workload.c).
constexpr std::uint32_t kPeriodicTimer = 1;
constexpr std::uint32_t kMovedTimer = 4;
constexpr std::uint32_t kDeletedTimer = 5;
constexpr std::uint32_t kRacerTimer = 6;  // outsourced only; checked in outsourced_test.cpp

std::vector<TraceRecord> records_for(const RunResult& result, std::uint32_t kind, std::uint32_t id) {
  std::vector<TraceRecord> out;
  for (const TraceRecord& record : result.records_of(kind)) {
    if (record.id == id) {
      out.push_back(record);
    }
  }
  return out;
}

// The PIT's real tick at 100 Hz: reload 11932 / 1193182 Hz.
constexpr std::int64_t kTickNs = 10'000'151;
constexpr std::int64_t kMillisecond = 1'000'000;

/// Ticks the host's timer produced that the guest never saw as interrupts, by the VMM's
/// own count (user-space PIT) or by comparing elapsed host time with the guest's count
/// (in-kernel PIT, which KVM does not report). Only a discarding policy loses ticks for good.
std::int64_t ticks_lost_for_good(const RunResult& result, const SchemeCase& scheme) {
  const bool discards = scheme.scheme == TimerScheme::user_pit ? (scheme.policy == LostTickPolicy::discard ||
                                                                  scheme.policy == LostTickPolicy::merge ||
                                                                  scheme.policy == LostTickPolicy::catchup_giveup)
                                                               : !scheme.reinject;
  if (!discards) {
    return 0;
  }
  if (scheme.scheme == TimerScheme::user_pit) {
    return static_cast<std::int64_t>(result.counter("user_tick.discarded"));
  }
  const auto summary = result.records_of(VTICK_TRACE_TICK_SUMMARY);
  const auto origin = clock_origin_host_ns(result);
  if (summary.empty() || !origin) {
    return 0;
  }
  return std::max<std::int64_t>(0, (summary[0].host_ns - *origin) / kTickNs - summary[0].arg);
}

/// The longest the guest went without a trace record after its clock started, less the
/// 20 ms the workload timer should never exceed: how long the host did not run the vCPU
/// (or the tick thread) at its worst. A guest stalled that long may be that far behind
/// until the stall's ticks are made up, so the offset bound allows for it; on an idle host
/// it is near zero.
std::int64_t longest_stall_ns(const RunResult& result) {
  const auto origin = clock_origin_host_ns(result);
  std::int64_t previous = origin.value_or(0);
  std::int64_t longest = 0;
  for (const TraceRecord& record : result.trace) {
    if (record.host_ns > previous) {
      longest = std::max(longest, record.host_ns - previous);
      previous = record.host_ns;
    }
  }
  return std::max<std::int64_t>(0, longest - 2 * kTickNs);
}

TEST_P(RealVmScheme, ClockKeepsUpAndTimersFireNeverEarly) {
  VTICK_SKIP_WITHOUT_KVM();
  const RunResult result = run_vm(config());
  ASSERT_EQ(result.reason, ExitReason::guest_exit) << describe(result);
  ASSERT_EQ(result.guest_exit_code, std::optional<std::uint32_t>(VTICK_EXIT_OK)) << describe(result);

  // 1 s of guest time, a sample every 50 ms and a 20 ms timer re-armed from its callback.
  const auto offsets = clock_offsets(result);
  EXPECT_GE(offsets.size(), 18u);
  const auto firings = timer_firings(result);
  EXPECT_GE(firings.size(), 40u);
  // The periodic timer re-arms itself from every firing: one arming more than firings.
  EXPECT_EQ(records_for(result, VTICK_TRACE_TIMER_ARMED, kPeriodicTimer).size(),
            records_for(result, VTICK_TRACE_TIMER_FIRED, kPeriodicTimer).size() + 1);

  // mod_timer moved a pending timer from 3/4 to 1/4 of the run: it fires once, at the new
  // time. Its callback deletes a timer due at 1/2: that one never fires.
  const auto moved_armings = records_for(result, VTICK_TRACE_TIMER_ARMED, kMovedTimer);
  ASSERT_EQ(moved_armings.size(), 2u);
  const auto moved_firings = records_for(result, VTICK_TRACE_TIMER_FIRED, kMovedTimer);
  ASSERT_EQ(moved_firings.size(), 1u);
  EXPECT_EQ(moved_firings[0].arg, moved_armings[1].arg) << "fired at the deadline it was moved away from";
  EXPECT_LT(moved_armings[1].arg, moved_armings[0].arg);
  EXPECT_TRUE(records_for(result, VTICK_TRACE_TIMER_FIRED, kDeletedTimer).empty()) << "a deleted timer fired";

  // The end-of-run timer deletes both self-re-arming timers and the moved timer's callback
  // the deleted one; del_timer says each was pending.
  auto cancelled = result.records_of(VTICK_TRACE_TIMER_CANCELLED);
  std::erase_if(cancelled, [](const TraceRecord& record) { return record.id == kRacerTimer; });
  ASSERT_EQ(cancelled.size(), 3u);
  for (const TraceRecord& record : cancelled) {
    EXPECT_EQ(record.arg, 1) << "timer " << record.id << " was not pending when deleted";
  }

  for (const TimerFiring& firing : firings) {
    EXPECT_GE(firing.guest_now_ns, firing.guest_due_ns) << "timer " << firing.timer_id << " fired early";
  }

  // A guest clock is never ahead of the host by more than sampling jitter, and behind by
  // at most two ticks (tick granularity plus one late tick) and an exit, plus whatever the
  // scheme lost for good and said so, plus the longest stall the host imposed.
  const std::int64_t lost = ticks_lost_for_good(result, GetParam());
  const std::int64_t stall = longest_stall_ns(result);
  std::int64_t previous_guest_ns = -1;
  for (const ClockOffset& offset : offsets) {
    EXPECT_LT(offset.offset_ns, kMillisecond) << "guest ahead at host +" << offset.host_elapsed_ns << " ns";
    EXPECT_GT(offset.offset_ns, -(2 + lost) * kTickNs - kMillisecond - stall)
        << "guest " << -offset.offset_ns << " ns behind at host +" << offset.host_elapsed_ns << " ns with " << lost
        << " ticks lost and a longest stall of " << stall << " ns";
    const std::int64_t guest_ns = offset.host_elapsed_ns + offset.offset_ns;
    EXPECT_GE(guest_ns, previous_guest_ns) << "guest clock went backwards";
    previous_guest_ns = guest_ns;
  }

  if (GetParam().scheme == TimerScheme::user_pit) {
    // Every host timer expiration is delivered, discarded, or still owed at the end.
    EXPECT_EQ(result.counter("user_tick.delivered") + result.counter("user_tick.discarded") +
                  result.counter("user_tick.owed_at_end"),
              result.counter("user_tick.expirations"));
    const auto summary = result.records_of(VTICK_TRACE_TICK_SUMMARY);
    ASSERT_EQ(summary.size(), 1u);
    // The guest counts its summary with interrupts off, so one delivered tick may still
    // be waiting in the PIC.
    EXPECT_LE(static_cast<std::uint64_t>(summary[0].arg), result.counter("user_tick.delivered"));
    EXPECT_GE(static_cast<std::uint64_t>(summary[0].arg) + 1, result.counter("user_tick.delivered"));
    // One host stamp per delivered pulse, in order, inside the run.
    const auto& stamps = result.irq0_delivered_host_ns;
    EXPECT_EQ(stamps.size(), result.counter("user_tick.delivered"));
    EXPECT_TRUE(std::is_sorted(stamps.begin(), stamps.end()));
    if (!stamps.empty()) {
      EXPECT_GE(stamps.front(), result.host_start_ns);
      EXPECT_LE(stamps.back(), result.host_end_ns);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllSchemes, RealVmScheme,
    ::testing::Values(
        SchemeCase{"user_pit_discard", TimerScheme::user_pit, LostTickPolicy::discard, false, ClockKind::jiffies},
        SchemeCase{"user_pit_delay", TimerScheme::user_pit, LostTickPolicy::delay, false, ClockKind::jiffies},
        SchemeCase{"user_pit_merge", TimerScheme::user_pit, LostTickPolicy::merge, false, ClockKind::jiffies},
        SchemeCase{"user_pit_catchup", TimerScheme::user_pit, LostTickPolicy::catchup, false, ClockKind::jiffies},
        SchemeCase{"user_pit_catchup_giveup", TimerScheme::user_pit, LostTickPolicy::catchup_giveup, false, ClockKind::jiffies},
        SchemeCase{"kernel_pit_reinject", TimerScheme::kernel_pit, LostTickPolicy::discard, true, ClockKind::jiffies},
        SchemeCase{"kernel_pit_no_reinject", TimerScheme::kernel_pit, LostTickPolicy::discard, false, ClockKind::jiffies},
        SchemeCase{"user_pit_kvmclock", TimerScheme::user_pit, LostTickPolicy::discard, false, ClockKind::kvmclock},
        SchemeCase{"kernel_pit_kvmclock", TimerScheme::kernel_pit, LostTickPolicy::discard, true, ClockKind::kvmclock},
        SchemeCase{"user_pit_vmm_pvclock", TimerScheme::user_pit, LostTickPolicy::discard, false, ClockKind::vmm_pvclock},
        SchemeCase{"kernel_pit_vmm_pvclock", TimerScheme::kernel_pit, LostTickPolicy::discard, true, ClockKind::vmm_pvclock},
        SchemeCase{"outsourced", TimerScheme::outsourced, LostTickPolicy::discard, false, ClockKind::kvmclock}),
    [](const ::testing::TestParamInfo<SchemeCase>& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace vtick::realvm::vmm
