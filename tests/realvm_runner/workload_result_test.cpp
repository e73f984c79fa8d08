// The runner's reading of the workload trace records (realvm/runner/workload_result.hpp)
// on hand-made traces: which host times are compared with which due times, and the
// simulator's thresholds. No KVM needed.
#include <gtest/gtest.h>

#include "realvm/protocol.h"
#include "realvm/runner/workload_result.hpp"

namespace vtick::realvm::runner {
namespace {

constexpr std::int64_t kOrigin = 5'000'000'000;  // host ns at the guest clock's origin
constexpr std::int64_t kMs = 1'000'000;

vmm::RunResult trace_of(std::initializer_list<vmm::TraceRecord> records) {
  vmm::RunResult vm;
  vm.stamping = vmm::Stamping::at_exit;
  vm.trace.push_back({kOrigin, VTICK_TRACE_CLOCK_START, VTICK_CLOCK_JIFFIES, 0, 100});
  vm.trace.insert(vm.trace.end(), records);
  return vm;
}

sim::WorkloadSpec spec(sim::WorkloadKind kind) {
  sim::WorkloadSpec w;
  w.name = "w";
  w.kind = kind;
  return w;
}

TEST(WorkloadResult, MediaFrameIsMissedFromAWholeFramePeriodLate) {
  sim::WorkloadSpec media = spec(sim::WorkloadKind::Media);
  media.fps = 30;  // frame period 33,333,333 ns
  const auto r = media_result(media, trace_of({
      {kOrigin + 33'333'333 + 2 * kMs, VTICK_TRACE_MEDIA_FRAME, 1, 0, 33'333'333},
      {kOrigin + 66'666'666 + 33'333'332, VTICK_TRACE_MEDIA_FRAME, 2, 0, 66'666'666},
      {kOrigin + 100'000'000 + 33'333'333, VTICK_TRACE_MEDIA_FRAME, 3, 0, 100'000'000},
  }));
  EXPECT_EQ(r.lateness_ns, (std::vector<std::int64_t>{2 * kMs, 33'333'332, 33'333'333}));
  EXPECT_EQ(r.summary["missed_frames"], 1);
  EXPECT_EQ(r.summary["count"], 3);
  EXPECT_EQ(r.summary["fps"], 30);
}

TEST(WorkloadResult, TcpRetransmissionIsLateAgainstItsOwnSendPlusRto) {
  sim::WorkloadSpec tcp = spec(sim::WorkloadKind::TcpRto);
  tcp.rto_ns = 200 * kMs;
  const auto r = tcp_rto_result(tcp, trace_of({
      {kOrigin + 300 * kMs, VTICK_TRACE_TCP_SEND, 1, 300 * kMs, 0},
      {kOrigin + 321 * kMs, VTICK_TRACE_TCP_ACK, 1, 321 * kMs, 1},
      {kOrigin + 601 * kMs, VTICK_TRACE_TCP_SEND, 2, 600 * kMs, 1},  // lost; stamped 1 ms late
      {kOrigin + 806 * kMs, VTICK_TRACE_TCP_RTO, 2, 800 * kMs, 1},   // 5 ms after send + rto
      {kOrigin + 900 * kMs, VTICK_TRACE_TCP_SEND, 3, 900 * kMs, 0},
      {kOrigin + 1100 * kMs, VTICK_TRACE_TCP_RTO, 3, 1100 * kMs, 0}, // its ACK still in flight
      {kOrigin + 1150 * kMs, VTICK_TRACE_TCP_ACK, 3, 1150 * kMs, 0}, // too late to count
  }));
  EXPECT_EQ(r.lateness_ns, std::vector<std::int64_t>{5 * kMs});
  EXPECT_EQ(r.summary["segments"], 3);
  EXPECT_EQ(r.summary["lost"], 1);
  EXPECT_EQ(r.summary["acked"], 1);
  EXPECT_EQ(r.summary["retransmits"], 1);
  EXPECT_EQ(r.summary["spurious_retransmits"], 1);
  EXPECT_EQ(r.summary["early"], 0);
}

TEST(WorkloadResult, CronOffsetIsTheRunningChecksHostTimeMinusAt) {
  sim::WorkloadSpec cron = spec(sim::WorkloadKind::Cron);
  cron.at_ns = 1500 * kMs;
  const auto r = cron_result(cron, trace_of({
      {kOrigin + 1400 * kMs, VTICK_TRACE_CRON_CHECK, 7, 1400 * kMs, 0},
      {kOrigin + 1620 * kMs, VTICK_TRACE_CRON_CHECK, 8, 1600 * kMs, 1},
  }));
  EXPECT_EQ(r.summary["ran"], true);
  EXPECT_EQ(r.summary["offset_ns"], 120 * kMs);
  EXPECT_EQ(r.summary["checks"], 2);
  EXPECT_EQ(r.summary["due_ns"], 1500 * kMs);
  EXPECT_EQ(r.lateness_ns, std::vector<std::int64_t>{120 * kMs});
}

TEST(WorkloadResult, CronThatNeverRanHasNoOffset) {
  sim::WorkloadSpec cron = spec(sim::WorkloadKind::Cron);
  cron.at_ns = 1500 * kMs;
  const auto r = cron_result(cron, trace_of({{kOrigin + 200 * kMs, VTICK_TRACE_CRON_CHECK, 1, 200 * kMs, 0}}));
  EXPECT_EQ(r.summary["ran"], false);
  EXPECT_TRUE(r.summary["offset_ns"].is_null());
  EXPECT_TRUE(r.lateness_ns.empty());
}

}  // namespace
}  // namespace vtick::realvm::runner
